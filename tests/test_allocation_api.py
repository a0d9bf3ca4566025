"""Public API surface, scale limits of the game schemes, option validation details."""

import types

import numpy as np
import pytest

import poolcalc.allocation as alloc
import poolcalc.model as m
from poolcalc.allocation import SCHEMES, allocate, get_scheme
from poolcalc.errors import InvalidInputError
from tests._allocation_fakes import flat_report


def test_all_matches_public_names():
    public = {
        k
        for k, v in vars(alloc).items()
        if not k.startswith("_") and not isinstance(v, types.ModuleType)
    }
    assert set(alloc.__all__) == public
    assert all(hasattr(alloc, k) for k in alloc.__all__)


def many_members_pool(n, countries=("US",)):
    members = [m.Member(f"M{i:03d}") for i in range(n)]
    pats = [
        m.Patent(f"P{i}-{c}", f"M{i:03d}", c, "2040-01-01", disclosed=f"{2000 + i % 20}-01-01")
        for i in range(n)
        for c in countries
    ]
    sales = [m.SalesRecord("L", "2024-03-03", "tv", c, c, 1001) for c in countries]
    return m.Pool(
        name="big", members=members, patents=pats, licensees=[m.Licensee("L")], sales=sales
    )


def test_shapley_closed_form_scales_to_many_members():
    pool = many_members_pool(300)
    d = allocate(pool, scheme="shapley", royalties=flat_report(pool, 2024))
    vals = np.array(list(d.amounts.values()))
    assert vals.sum() == 100100 and vals.max() - vals.min() <= 1  # one carrier: equal split
    assert list(d.amounts.values())[:2] == [334, 334] and d.rounding_residue_cents == 200


def test_nucleolus_refuses_too_many_players():
    pool = many_members_pool(25)
    with pytest.raises(
        InvalidInputError, match="25 members hold in-force patents, at most 24 supported"
    ):
        allocate(pool, scheme="nucleolus", royalties=flat_report(pool, 2024))


def test_every_scheme_has_option_specs_and_runs_on_a_simple_pool():
    pool = many_members_pool(4, countries=("US", "DE"))
    rep = flat_report(pool, 2024)
    assert all(get_scheme(name).name == name for name in SCHEMES)
    for name in SCHEMES:
        d = allocate(pool, scheme=name, royalties=rep)
        assert sum(d.amounts.values()) + d.administrator_fee_cents == d.collected_cents
        assert d.explain("M000").to_text().startswith("M000: ")


@pytest.mark.parametrize(
    ("scheme", "options", "match"),
    [
        ("disclosure-order", {"blend": 2}, r"option blend must be in \[0, 1\], got 2"),
        ("disclosure-order", {"floor": 0}, r"option floor must be in \(0, 1\], got 0"),
        ("disclosure-order", {"alpha": "x"}, "option alpha must be a number, got 'x'"),
        ("disclosure-order", {"unit": "family"}, "option unit must be one of patent, member"),
        (
            "per-country-count",
            {"country": "union"},
            "option country must be one of sale, manufacture",
        ),
        ("per-country-count", {"exact": "maybe"}, "option exact must be true or false"),
        ("top-down", {"essentiality_rate": -0.1}, r"option essentiality_rate must be in \[0, 1\]"),
        ("shapley", {"value_added": 1}, r"option value_added must be in \[0, 1\), got 1"),
        ("equal", {"among": "some"}, "option among must be one of holders, all"),
        (
            "patent-count",
            {"unit": "family"},
            r"unknown option 'unit' for scheme patent-count; allowed: \(none\)",
        ),
    ],
)
def test_bad_options(scheme, options, match):
    pool = many_members_pool(2)
    with pytest.raises(InvalidInputError, match=match):
        allocate(pool, scheme=scheme, options=options, royalties=flat_report(pool, 2024))


def test_equal_among_all_and_frozen_result():
    pool = many_members_pool(2).evolve(members=[m.Member("M000"), m.Member("M001"), m.Member("Z")])
    rep = flat_report(pool, 2024)
    assert allocate(pool, scheme="equal", royalties=rep).amounts["Z"] == 0
    d = allocate(pool, scheme="equal", options={"among": "all"}, royalties=rep)
    assert dict(d.amounts) == {"M000": 33367, "M001": 33367, "Z": 33366}  # 100100 / 3, ties by id
    with pytest.raises(AttributeError):
        d.scheme = "x"
    with pytest.raises(TypeError):
        d.amounts["Z"] = 5

"""The scheme registry: registering, options declared on the schemes, kernels'
weights checked by the driver, and the generated reference docs/allocation-schemes.md."""

from fractions import Fraction
from pathlib import Path

import pytest

import poolcalc.model as m
from poolcalc.allocation import (
    COUNTRY_OPTION,
    SCHEMES,
    UNIT_OPTION,
    Option,
    Scheme,
    SchemeOutput,
    allocate,
    get_scheme,
    parse_options,
    register_scheme,
    scheme_names,
    unregister_scheme,
)
from poolcalc.allocation._docs import scheme_reference
from poolcalc.allocation.schemes import BUILTIN_SCHEMES
from poolcalc.compare import check_schemes, compare, default_schemes, parse_scheme_options
from poolcalc.errors import InvalidInputError
from tests._allocation_fakes import flat_report

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = (
    "per-country-count",
    "patent-count",
    "family-count",
    "equal",
    "value-weighted",
    "disclosure-order",
    "top-down",
    "shapley",
    "nucleolus",
)


def small_pool() -> m.Pool:
    # A: 1 US patent, B: 3 (US, DE, DE); one row of 100 units sold in the US in 2024
    return m.Pool(
        name="s",
        members=[m.Member("A"), m.Member("B")],
        patents=[m.Patent("A1", "A", "US", "2030-01-01"), m.Patent("B1", "B", "US", "2030-01-01"),
                 m.Patent("B2", "B", "DE", "2030-01-01"), m.Patent("B3", "B", "DE", "2030-01-01")],
        licensees=[m.Licensee("L1")],
        sales=[m.SalesRecord("L1", "2024-05-01", "tv", "US", "CN", 100)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])),  # = flat_report's 100 c
        administrator_fee=0.0,
    )


@pytest.fixture
def temp_scheme():
    """Register schemes for one test and remove them afterwards."""
    added = []

    def add(scheme, **kw):
        added.append(scheme.name)
        return register_scheme(scheme, **kw)

    yield add
    for name in added:
        if name in SCHEMES:
            unregister_scheme(name)


def test_builtins_registered_in_order():
    assert scheme_names()[: len(BUILTIN)] == BUILTIN
    assert tuple(s.name for s in BUILTIN_SCHEMES) == BUILTIN
    assert default_schemes() == BUILTIN[:-1]  # all but the nucleolus (an LP over 2^n)
    assert [n for n in BUILTIN if get_scheme(n).per_country] == [
        "per-country-count", "shapley", "nucleolus"
    ]
    for s in BUILTIN_SCHEMES:
        assert s.references and s.formula and s.summary, s.name


def test_committed_docs_are_the_generated_text():
    # regenerate with: python -m poolcalc.allocation._docs > docs/allocation-schemes.md
    committed = (ROOT / "docs" / "allocation-schemes.md").read_text(encoding="utf-8")
    assert committed == scheme_reference()
    for name in BUILTIN:
        assert f"## `{name}`" in committed
    assert "| `q` | float | 0.5 | number in (0, 1) |" in committed


def test_register_refuses_duplicates_unless_replace(temp_scheme):
    s = Scheme("twice", "first", lambda ctx, o: [1] * len(ctx.members))
    temp_scheme(s)
    with pytest.raises(InvalidInputError, match="scheme 'twice' is already registered"):
        register_scheme(Scheme("twice", "second", s.weights))
    register_scheme(Scheme("twice", "second", s.weights), replace=True)
    assert get_scheme("twice").summary == "second"
    with pytest.raises(InvalidInputError, match="already registered"):
        register_scheme(get_scheme("patent-count"))
    with pytest.raises(InvalidInputError, match="register_scheme needs a Scheme, got str"):
        register_scheme("patent-count")


@pytest.mark.parametrize("name", ["", " x", "a,b", 3])
def test_scheme_names_are_checked(name):
    with pytest.raises(InvalidInputError, match="scheme name must be a non-empty string"):
        Scheme(name, "s", lambda ctx, o: [])


def test_unknown_scheme_lists_the_registered_ones():
    with pytest.raises(InvalidInputError, match="unknown allocation scheme 'borda'; allowed: "
                       "per-country-count, patent-count, family-count, equal"):
        get_scheme("borda")
    with pytest.raises(InvalidInputError, match="unknown allocation scheme 'borda'"):
        unregister_scheme("borda")


def test_option_specs_check_values():
    q = get_scheme("disclosure-order").option("q")
    assert (q.type, q.default, q.check("0.25")) == ("float", 0.5, 0.25)
    with pytest.raises(InvalidInputError, match=r"option q must be in \(0, 1\), got 1"):
        q.check(1)
    with pytest.raises(InvalidInputError, match="option q must be a number, got 'x'"):
        q.check("x")
    assert UNIT_OPTION.check("family") == "family" and UNIT_OPTION.from_pool
    with pytest.raises(InvalidInputError, match="option country must be one of sale, manufac"):
        COUNTRY_OPTION.check("union")
    exact = get_scheme("per-country-count").option("exact")
    assert (exact.check(None), exact.check("yes"), exact.check(False)) == (None, True, False)
    with pytest.raises(InvalidInputError, match="option exact must be true or false, got 2"):
        exact.check(2)
    with pytest.raises(InvalidInputError, match="option o: a str option needs choices"):
        Option("o", "str", None)
    with pytest.raises(ValueError, match="Option: type must be one of 'str', 'float', 'bool', got"):
        Option("o", "int", 1)
    with pytest.raises(InvalidInputError, match=r"option o must be in \[0, 1\], got 2"):
        Option("o", "float", 2, low=0, high=1)  # a default outside its own range
    with pytest.raises(InvalidInputError, match="scheme option 'unit' given twice"):
        Scheme("x", "x", lambda ctx, o: [], options=(UNIT_OPTION, UNIT_OPTION))


def test_parse_options_reads_the_registry():
    assert parse_options(["q=1e-1", "unit=member"], scheme="disclosure-order") == {
        "q": 0.1, "unit": "member"}
    with pytest.raises(InvalidInputError, match="unknown option 'rate' for scheme disclosure-"):
        parse_options(["rate=0.1"], scheme="disclosure-order")
    with pytest.raises(InvalidInputError, match="unknown allocation scheme 'nope'"):
        parse_options(["q=1"], scheme="nope")
    assert parse_scheme_options(["top-down.rate=0.08"]) == {"top-down": {"rate": 0.08}}
    with pytest.raises(InvalidInputError, match="unknown option 'aggregate_rate' for scheme top"):
        parse_scheme_options(["top-down.aggregate_rate=0.1"])
    with pytest.raises(InvalidInputError, match="unknown scheme 'borda' \\(allowed: per-country"):
        check_schemes("patent-count,borda")


def test_pool_allocation_table_options_of_a_plugin_scheme(temp_scheme):
    # a plug-in scheme's options come from the registry, also in the pool's [allocation]
    def weights(ctx, opts):
        return [Fraction(1), Fraction(opts["b_weight"])]

    temp_scheme(Scheme("fixed", "A 1, B b_weight", weights,
                       options=(Option("b_weight", "float", 1.0, "B's weight", low=0),)))
    pool = small_pool()
    rep = flat_report(pool, 2024)  # 100 units x 100 c = 10,000 c, no fee
    assert dict(allocate(pool, scheme="fixed", royalties=rep).amounts) == {"A": 5000, "B": 5000}
    cfg = m.AllocationConfig(scheme="fixed", options={"b_weight": 3})
    d = allocate(small_pool_with(cfg), royalties=rep)  # 1 : 3 -> 2,500 / 7,500
    assert d.scheme == "fixed" and dict(d.amounts) == {"A": 2500, "B": 7500}
    assert dict(d.options) == {"b_weight": 3.0}
    bad = m.AllocationConfig(scheme="fixed", options={"decay": "linear"})
    with pytest.raises(InvalidInputError, match="pool.toml \\[allocation\\] option 'decay' is "
                       "not an option of scheme fixed; allowed: b_weight"):
        allocate(small_pool_with(bad), royalties=rep)
    with pytest.raises(InvalidInputError, match=r"option b_weight must be in \[0, inf\), got -1"):
        allocate(pool, scheme="fixed", options={"b_weight": -1}, royalties=rep)


def small_pool_with(cfg):
    p = small_pool()
    return m.Pool(name=p.name, members=p.members, patents=p.patents, licensees=p.licensees,
                  sales=p.sales, schedule=p.schedule, administrator_fee=p.administrator_fee,
                  allocation=cfg)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([1], "scheme bad: 1 weights for 2 members"),
        ([1, -1], "scheme bad: weight of member B must be >= 0, got -1"),
        ([1, float("nan")], "scheme bad: weight of member B must be a finite number, got nan"),
        ([1, "2"], "scheme bad: weight of member B must be a finite number, got '2'"),
        ([0, 0], "scheme bad: no member has anything to count in 2024"),
    ],
)
def test_kernel_weights_are_checked(temp_scheme, weights, match):
    temp_scheme(Scheme("bad", "bad", lambda ctx, o: weights))
    pool = small_pool()
    with pytest.raises(InvalidInputError, match=match):
        allocate(pool, scheme="bad", royalties=flat_report(pool, 2024))


def test_kernel_output_with_notes_and_compare_default(temp_scheme):
    def weights(ctx, opts):
        n = ctx.member_counts("patent")  # A 1, B 3
        return SchemeOutput([Fraction(int(x)) for x in n], notes=("counted by a plug-in",))

    temp_scheme(Scheme("counted", "n_i", weights, compare_default=True))
    assert default_schemes()[-1] == "counted"
    pool = small_pool()
    d = allocate(pool, scheme="counted", royalties=flat_report(pool, 2024))
    assert dict(d.amounts) == {"A": 2500, "B": 7500} and d.notes == ("counted by a plug-in",)
    assert d.explain("A").notes == ("counted by a plug-in",)
    cmp = compare(pool, metrics=False, dilution=False)
    assert cmp.schemes[-1] == "counted" and cmp.amount_matrix[-1].tolist() == [2500, 7500]

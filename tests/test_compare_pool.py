"""compare() on pools: hand-made pools with known answers, object vs columnar paths."""

from __future__ import annotations

import numpy as np
import pytest

from poolcalc.compare import (
    compare,
    pool_game,
    with_entrant,
    with_extra_patent,
)
from poolcalc.data import synthetic_pool
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.model import Licensee, Member, Patent, Pool, ProductRate, SalesRecord, Schedule


def make_pool(holdings, sales, fee=0.0):
    """holdings: {member: [(country, disclosed)]}; sales: [(country, units)]; rate 1.00/unit."""
    members = [Member(m) for m in holdings]
    patents = []
    for m, items in holdings.items():
        for k, (country, disclosed) in enumerate(items):
            patents.append(
                Patent(f"{m}-{country}-{k}", m, country, "2040-01-01", disclosed=disclosed)
            )
    lic = [Licensee("L1")]
    rows = [SalesRecord("L1", "2024-06-01", "dev", c, c, u) for c, u in sales]
    return Pool(
        "hand",
        members,
        patents,
        licensees=lic,
        sales=rows,
        administrator_fee=fee,
        schedule=Schedule(default=ProductRate(tiers=[(0, 1.0)])),
    )


def test_pure_complements_pool_shapley_is_equal_split():
    pool = make_pool(
        {"A": [("US", "2001-01-01")], "B": [("US", "2002-01-01")], "C": [("US", "2003-01-01")]},
        [("US", 3000)],
    )
    game = pool_game(pool)  # 3000 units at 1.00: one carrier {A, B, C} worth 3000.00
    assert game.carriers.tolist() == [[True, True, True]] and game.worths.tolist() == [300000]
    cmp = compare(pool, ["per-country-count", "shapley", "disclosure-order"])
    assert cmp.amounts_of("shapley") == {"A": 100000, "B": 100000, "C": 100000}
    np.testing.assert_allclose(cmp.shapley, [100000.0] * 3)
    assert cmp.metrics["per-country-count"].l1_to_shapley == pytest.approx(0.0)
    # geometric(0.5) by disclosure: 4/7, 2/7, 1/7 -> L1 = |4/7-1/3| + |2/7-1/3| + |1/7-1/3|
    assert cmp.metrics["disclosure-order"].l1_to_shapley == pytest.approx(
        abs(4 / 7 - 1 / 3) + abs(2 / 7 - 1 / 3) + abs(1 / 7 - 1 / 3), abs=1e-5
    )  # cents
    # a pure-complements game is convex and every efficient split gives the core here
    assert all(cmp.metrics[s].core_blocking == 0 for s in cmp.schemes)
    assert all(cmp.metrics[s].core_sampled is False for s in cmp.schemes)


def test_equal_split_below_standalone_fails_individual_rationality():
    # A alone holds the DE patents: v({A}) = royalties of DE = 3000.00; US needs all three
    pool = make_pool(
        {"A": [("US", None), ("DE", None)], "B": [("US", None)], "C": [("US", None)]},
        [("US", 1000), ("DE", 3000)],
    )
    game = pool_game(pool)
    pairs = dict(zip(map(tuple, game.carriers.tolist()), game.worths.tolist(), strict=True))
    assert pairs == {(True, False, False): 300000, (True, True, True): 100000}
    cmp = compare(pool, ["per-country-count", "equal", "shapley"])
    np.testing.assert_allclose(cmp.standalone, [300000.0, 0.0, 0.0])
    # per-country: A gets 3000 + 1000/3 (+ the remainder cent, ties by id); equal: 4000/3 < 3000
    assert cmp.amounts_of("per-country-count") == {"A": 333334, "B": 33333, "C": 33333}
    eq = cmp.metrics["equal"]
    assert eq.ir_violations == 1
    assert eq.ir_worst_shortfall == pytest.approx((300000 - 400000 / 3) / 400000, abs=1e-5)
    assert eq.core_blocking >= 1 and eq.core_max_excess > 0.4  # {A} (and {A, B}, {A, C}) block
    for s in ("per-country-count", "shapley"):
        assert cmp.metrics[s].ir_violations == 0 and cmp.metrics[s].core_blocking == 0


def test_dilution_and_monotonicity_patent_count():
    pool = make_pool(
        {"A": [("US", None)], "B": [("US", None)] * 2, "C": [("US", None)] * 3}, [("US", 600)]
    )
    entered, eid = with_entrant(pool)
    assert (
        eid == "ENTRANT" and sum(p.owner == eid for p in entered.patent_rows) == 2
    )  # median holder: B
    cmp = compare(pool, ["patent-count", "equal", "shapley"])
    # patent-count shares 1/6, 2/6, 3/6 become 1/8, 2/8, 3/8: every incumbent loses a quarter
    m = cmp.metrics["patent-count"]
    assert m.dilution_mean == pytest.approx(-0.25, abs=1e-4) and m.dilution_worst == pytest.approx(
        -0.25, abs=1e-4
    )
    assert cmp.metrics["equal"].dilution_mean == pytest.approx(-0.25, abs=1e-4)  # 1/3 -> 1/4
    for s in cmp.schemes:
        assert cmp.metrics[s].monotonicity_checked == 3
        assert cmp.metrics[s].monotonicity_violations == 0


def test_with_extra_patent_adds_one_in_force_essential_patent():
    pool = make_pool(
        {"A": [("US", "2001-01-01")], "B": [("DE", "2002-01-01")]}, [("DE", 10), ("US", 5)]
    )
    plus = with_extra_patent(pool, "A", year=2024)
    new = [p for p in plus.patent_rows if p not in pool.patent_rows]
    assert len(new) == 1 and new[0].owner == "A" and new[0].country == "DE" and new[0].pooled
    assert str(new[0].disclosed) == "2002-01-02"
    with pytest.raises(InvalidInputError, match="unknown member 'Z'"):
        with_extra_patent(pool, "Z", year=2024)


def test_a_pool_written_and_read_back_compares_the_same(tmp_path):
    sp = synthetic_pool(6, 150, 4, rng=12, n_sales=150, n_licensees=8)
    schemes = [
        "per-country-count",
        "patent-count",
        "family-count",
        "value-weighted",
        "equal",
        "disclosure-order",
        "top-down",
        "shapley",
    ]
    a = compare(sp, schemes)
    b = compare(read_pool(write_pool(sp, tmp_path / "p")), schemes)
    assert a.amounts == b.amounts
    for s in schemes:
        assert a.metrics[s] == b.metrics[s]
    np.testing.assert_array_equal(a.collected, a.administrator_fee + a.amount_matrix.sum(axis=1))


def test_large_pool_samples_core_and_skips_costly_metrics():
    pool = synthetic_pool(30, 600, 6, rng=4, n_sales=100, n_licensees=6)
    cmp = compare(pool, ["patent-count", "shapley"], n_samples=300)
    m = cmp.metrics["shapley"]
    assert m.core_sampled is True and m.monotonicity_checked is None
    assert any("sampled" in n for n in cmp.notes) and any(
        "monotonicity not tested" in n for n in cmp.notes
    )


def test_compare_bad_input():
    pool = make_pool({"A": [("US", None)], "B": [("US", None)]}, [("US", 10)])
    with pytest.raises(InvalidInputError, match="unknown scheme 'foo'"):
        compare(pool, ["equal", "foo"])
    with pytest.raises(InvalidInputError, match="schemes must be distinct"):
        compare(pool, ["equal", "equal"])
    with pytest.raises(InvalidInputError, match="which is not compared"):
        compare(pool, ["equal"], options={"shapley": {"unit": "family"}})
    with pytest.raises(InvalidInputError, match="unknown option 'bogus'"):
        compare(pool, ["disclosure-order"], options={"disclosure-order": {"bogus": 1}})
    with pytest.raises(InvalidInputError, match="pool must be a poolcalc Pool"):
        compare({"not": "a pool"}, ["equal"])

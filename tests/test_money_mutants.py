"""Tests written against the mutants mutmut left alive on the money path (tests/README.md).

Each test pins an amount, a boundary or a message that a surviving mutant changed:
the administrator fee (floor, the [0, 1) range, zero collected), the exact fractions it
uses, netting of members that license (invoices, usage, the rows path), and the
largest-remainder helpers of ``poolcalc._money``.  References are computed by hand in
the comments.
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pytest

import poolcalc.model as m
from poolcalc._money import format_money, largest_remainder, split_by_weights
from poolcalc.allocation import administrator_fee_cents, allocate
from poolcalc.allocation._netting import netting
from poolcalc.allocation._rounding import exact_fraction
from poolcalc.errors import InvalidInputError
from poolcalc.royalties import apportion, round_half_up, royalties_owed
from poolcalc.royalties._apportion import snap


# ------------------------------------------------------------------------------------------
# administrator fee: floor(collected x fee), fee in [0, 1), collected >= 0
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("collected", "fee", "cents"),
    [
        (1009, 0.1, 100),  # 100.9 -> 100 (down, never up)
        (1005, 0.125, 125),  # 125.625 -> 125
        (100, 0.29, 29),  # exactly 29 (the float 0.29 * 100 is 28.999999999999996)
        (0, 0.1, 0),  # nothing collected, no fee (and no error)
        (1, 0.999, 0),
        (10**15, 0.0, 0),
    ],
)
def test_administrator_fee_is_floor_of_the_exact_fraction(collected, fee, cents):
    assert administrator_fee_cents(collected, fee) == cents


@pytest.mark.parametrize(
    ("collected", "fee", "message"),
    [
        (100, 1.0, "administrator_fee must be in [0, 1), got 1.0"),
        (100, 1.5, "administrator_fee must be in [0, 1), got 1.5"),
        (100, -0.1, "administrator_fee must be in [0, 1), got -0.1"),
        (100, float("nan"), "administrator_fee must be finite, got nan"),
        (-1, 0.1, "collected must be >= 0 cents, got -1"),
    ],
)
def test_administrator_fee_refuses_out_of_range(collected, fee, message):
    with pytest.raises(InvalidInputError) as info:
        administrator_fee_cents(collected, fee)
    assert str(info.value) == message


def test_exact_fraction_of_each_input_type():
    assert exact_fraction(0.1) == Fraction(1, 10)  # as written, not 0.1000000000000000055...
    assert exact_fraction(3) == Fraction(3) and exact_fraction(np.int64(7)) == Fraction(7)
    assert exact_fraction(Fraction(2, 3)) == Fraction(2, 3)
    assert exact_fraction(np.float64(0.25)) == Fraction(1, 4)
    with pytest.raises(InvalidInputError) as info:
        exact_fraction(float("inf"))
    assert str(info.value) == "value must be finite, got inf"


# ------------------------------------------------------------------------------------------
# netting: a member that licenses receives its amount and owes its licensees' royalties
# ------------------------------------------------------------------------------------------
def _netting_pool() -> m.Pool:
    # A owns 2 US patents, B 1 (per-country count: A 2/3, B 1/3 of the US money).
    # L1, L2 and L5 (no sales) are A's licensees, L3 is B's, L4 nobody's; 1.00 a unit.
    pats = [m.Patent(f"US{k}", o, "US", "2035-01-01") for k, o in enumerate("AAB")]
    lic = [m.Licensee("L1", member="A"), m.Licensee("L2", member="A"),
           m.Licensee("L3", member="B"), m.Licensee("L4"), m.Licensee("L5", member="A")]
    sales = [m.SalesRecord(x, "2024-05-01", "box", "US", "US", u)
             for x, u in (("L1", 30), ("L2", 40), ("L3", 5), ("L4", 25))]
    return m.Pool("net", [m.Member("A"), m.Member("B"), m.Member("C")], pats, licensees=lic,
                  sales=sales, schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])),
                  administrator_fee=0.1)


def test_netting_of_members_that_license():
    # collected 30 + 40 + 5 + 25 = 100.00 = 10,000 cents; fee floor(10 %) = 1,000;
    # 9,000 to split: A 2/3 = 6,000, B 1/3 = 3,000, C (no patents) 0.
    # A owes L1 + L2 = 3,000 + 4,000 = 7,000: net -1,000; B owes L3 = 500: net +2,500.
    pool = _netting_pool()
    dist = allocate(pool, year=2024, scheme="per-country-count")
    assert dist.administrator_fee_cents == 1_000
    assert dict(dist.amounts) == {"A": 6_000, "B": 3_000, "C": 0}
    assert set(dist.netting) == {"A", "B"}  # C licenses nothing: no netting line
    a, b = dist.netting["A"], dist.netting["B"]
    assert (a.member, a.licensees, a.receivable_cents, a.payable_cents, a.net_cents) == (
        "A", ("L1", "L2", "L5"), 6_000, 7_000, -1_000)
    assert (b.licensees, b.receivable_cents, b.payable_cents, b.net_cents) == (
        ("L3",), 3_000, 500, 2_500)
    assert a.minor_units == 2


def test_netting_counts_usage_royalties_and_the_rows_path():
    pool = _netting_pool()
    rep = royalties_owed(pool, 2024)
    sales, rows = pool.sales, rep.rows
    amounts = {"A": 6_000, "B": 3_000, "C": 0}
    # content royalties are payable too: L2's 1,234 cents and L5's 66 (L5 has content
    # royalties only, no invoice): A owes 7,000 + 1,234 + 66
    usage = [SimpleNamespace(licensee="L2", owed_cents=1_234),
             SimpleNamespace(licensee="L5", owed_cents=66)]
    with_usage = SimpleNamespace(invoices=rep.invoices, usage=usage)
    out = netting(pool, with_usage, sales, rows.index, rows.cents, amounts)
    assert out["A"].payable_cents == 8_300 and out["B"].payable_cents == 500
    # a report without invoices: what each licensee owes from its rows' cents
    bare = SimpleNamespace(rows=rows)
    out = netting(pool, bare, sales, rows.index, rows.cents.astype(np.float64), amounts)
    assert {k: v.payable_cents for k, v in out.items()} == {"A": 7_000, "B": 500}
    assert out["A"].receivable_cents == 6_000 and out["B"].minor_units == 2


# ------------------------------------------------------------------------------------------
# poolcalc._money: messages and boundaries of the largest-remainder helpers
# ------------------------------------------------------------------------------------------
def test_largest_remainder_names_the_first_negative_quota():
    # a zero quota before the negative one is fine: the message names index 2
    with pytest.raises(InvalidInputError) as info:
        largest_remainder([Fraction(0), Fraction(5), Fraction(-1), Fraction(0)], 4,
                          ["a", "b", "c", "d"])
    assert str(info.value) == "quotas must be >= 0, got -1.0 at index 2"
    with pytest.raises(InvalidInputError) as info:
        largest_remainder([Fraction(1, 2), Fraction(1, 2)], 2, ["a", "b"])
    assert str(info.value) == "quotas must sum exactly to total=2, got 1.0"
    with pytest.raises(InvalidInputError) as info:
        largest_remainder([Fraction(1)], 1, ["a", "b"])
    assert str(info.value) == "quotas and ids must have one length, got 1 and 2"


def test_split_by_weights_at_the_int64_switch():
    # amount * max(w) just below, at and above 2**62: every path gives the exact split
    # floor(a w_i / W) + largest remainders (W = 3: 2**62 = 3 q + 1)
    for amount in (2**62 - 1, 2**62, 2**62 + 1):
        got = split_by_weights(amount, [1, 1, 1], [0, 1, 2])
        q, r = divmod(amount, 3)
        assert got == [q + (k < r) for k in range(3)], amount
        assert sum(got) == amount


# ------------------------------------------------------------------------------------------
# royalty stages: which level splits the enterprise total over its licensees
# ------------------------------------------------------------------------------------------
def _two_in_one_enterprise(schedule: m.Schedule, products=("box", "box")) -> m.Pool:
    lic = [m.Licensee("L1", enterprise="E", good_standing=True),
           m.Licensee("L2", enterprise="E", good_standing=False)]
    sales = [m.SalesRecord("L1", "2024-03-01", products[0], "US", "US", 1000),
             m.SalesRecord("L2", "2024-03-01", products[1], "US", "US", 1000)]
    pats = [m.Patent("US1", "A", "US", "2035-01-01")]
    return m.Pool("two", [m.Member("A")], pats, licensees=lic, sales=sales, schedule=schedule)


def test_caps_stage_caps_the_discounted_level_and_rows_follow_it():
    # 1,000 units each at US$1.00 = 100,000 cents each; L1 in good standing gets 10 %
    # off: 90,000 + 100,000 = 190,000 cents after discounts.  Enterprise cap US$950 =
    # 95,000 cents = half of 190,000: L1 owes 45,000, L2 50,000 (pro rata to the
    # discounted amounts; capping the undiscounted level would give 47,500 each).
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]),
                       discounts=m.Discounts(good_standing=0.10), enterprise_cap=950.0)
    owed = [i.owed_cents for i in royalties_owed(_two_in_one_enterprise(sched), 2024).invoices]
    assert owed == [45_000, 50_000]
    # no cap binding: the rows keep their discounted amounts, 90,000 and 100,000
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]),
                       discounts=m.Discounts(good_standing=0.10), enterprise_cap=10_000.0)
    owed = [i.owed_cents for i in royalties_owed(_two_in_one_enterprise(sched), 2024).invoices]
    assert owed == [90_000, 100_000]


def test_exact_cents_split_by_the_last_level_not_the_one_before():
    # L1 sells a "soft" product (category cap US$100 = 10,000 cents on its 100,000),
    # L2 a "hard" one (uncapped, 100,000): the enterprise owes 110,000, L1 10,000 and
    # L2 100,000.  Splitting by the level before the caps would give 55,000 each.
    sched = m.Schedule(products={"soft": m.ProductRate(tiers=[(0, 1.0)], category="software"),
                                 "hard": m.ProductRate(tiers=[(0, 1.0)], category="hardware")},
                       category_caps={"software": 100.0})
    pool = _two_in_one_enterprise(sched, products=("soft", "hard"))
    rep = royalties_owed(pool, 2024)
    assert [i.owed_cents for i in rep.invoices] == [10_000, 100_000]
    assert [i.cap_cents for i in rep.invoices] == [90_000, 0]


def test_money_text_and_rounding_types():
    assert format_money(0) == "0.00" and format_money(0, 0) == "0" and format_money(-1) == "-0.01"
    out = round_half_up(np.array([0.5, 1.5, -0.5, 2.4999]))
    # halves away from zero; 2.4999 is below the half (2.4999999 would snap to 2.5)
    assert out.dtype == np.int64 and out.tolist() == [1, 2, -1, 2]


# ------------------------------------------------------------------------------------------
# apportion: the fallback weights, zero-weight children, tiny weight sums
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("total", "parent", "weight", "fallback", "expected"),
    [
        # zero weights, total 10: fallback 1:3 -> 2.5 / 7.5 -> floors 2, 7, the left cent
        # to the tie's earlier child -> 3, 7
        ([10], [0, 0, 0], [0.0, 0.0, 0.0], [1.0, 3.0, 0.0], [3, 7, 0]),
        # zero weights and zero fallback: an equal split, 10 / 3 -> 4, 3, 3
        ([10], [0, 0, 0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [4, 3, 3]),
        ([10], [0, 0, 0], [0.0, 0.0, 0.0], None, [4, 3, 3]),
        # one cent on zero weights still goes out (by the fallback)
        ([1], [0, 0], [0.0, 0.0], [0.0, 2.0], [0, 1]),
        # weights summing to less than 1 are weights, not "empty": 5 x 0.4 = 2, 5 x 0.6 = 3
        ([5], [0, 0], [0.2, 0.3], [1.0, 0.0], [2, 3]),
        # a zero-weight child of a weighted parent gets nothing
        ([3], [0, 0], [1.0, 0.0], [1.0, 1.0], [3, 0]),
        # parent 0 weighted, parent 1 on its fallback, parent 2 owes nothing
        ([6, 4, 0], [0, 0, 1, 1, 2], [1.0, 2.0, 0.0, 0.0, 0.0], [5.0, 5.0, 1.0, 3.0, 9.0],
         [2, 4, 1, 3, 0]),
    ],
)
def test_apportion_cases(total, parent, weight, fallback, expected):
    fb = None if fallback is None else np.array(fallback)
    got = apportion(np.array(total), np.array(parent), np.array(weight), fallback=fb)
    assert got.dtype == np.int64 and got.tolist() == expected


def test_snap_mixes_small_and_large_amounts():
    # 1.4999999999999998 -> 1.5 (snapped), 2**40 + 0.25 kept as it is (above 2**33)
    out = snap(np.array([1.4999999999999998, 2.0**40 + 0.25]))
    assert out.dtype == np.float64 and out.tolist() == [1.5, 2.0**40 + 0.25]

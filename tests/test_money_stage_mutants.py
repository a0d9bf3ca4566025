"""Tests written against the mutants mutmut left alive in the royalty stages (item 3 of
issue 10: tiers, rates, discounts, free units, breakdown, dated; tests/README.md).

Each test pins an amount that a surviving mutant changed; references are worked by
hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest

import poolcalc.royalties._engine as engine
from poolcalc.royalties import royalties_owed
from poolcalc.royalties.stages import PIPELINE, Stage
from tests.royalties_helpers import flat, pool, sale


def _owed(p, year: int = 2024) -> list[int]:
    return [inv.owed_cents for inv in royalties_owed(p, year).invoices]


def test_free_units_add_to_units_a_volume_term_before_them_exempted(monkeypatch):
    # a volume term placed before the free units (module docstring of
    # poolcalc.royalties.stages: "a volume term sets exempt") exempts the first 100
    # positions of each tier counter; the 50 free units come on top of them:
    # 1,000 - 100 - 50 = 850 chargeable units x 20 cents = 17,000 cents
    def first_hundred(run, terms):
        return run.evolve(exempt=np.full(run.n_t.size, 100, np.int64))

    stages = list(PIPELINE)
    at = [s.name for s in stages].index("free units")
    stages.insert(at, Stage("first hundred", first_hundred))
    monkeypatch.setattr(engine, "PIPELINE", tuple(stages))
    assert _owed(pool(flat(0.20, free_units=50), [sale("L1", 1000)])) == [17_000]


def test_breakdown_splits_the_enterprise_reduction_by_standard_minus_owed():
    # one enterprise E, 1,000 units each at US$0.20 (20,000 cents standard each); 500
    # free units per enterprise, 10 % good-standing discount for L1 only, a US$10
    # (1,000-cent) waiver per enterprise; L3 (enterprise F) has no sales in 2024.
    #   E0 = 40,000; free units: n_t = 2,000, k_t = 1,500 -> s1 = 15,000 each, E1 = 30,000
    #   discount: s2 = 13,500 (L1), 15,000 (L2), E2 = 28,500; no caps, E3 = 28,500
    #   waiver: E4 = 28,500 - 1,000 = 27,500, rows pro rata to s3:
    #     L1 27,500 x 13,500 / 28,500 = 13,026.32, L2 14,473.68 -> 13,026 / 14,474 owed
    #   gross: the enterprise reduction 40,000 - 27,500 = 12,500 split by s0 - s4:
    #     L1 20,000 - 13,026.32 = 6,973.68, L2 5,526.32 -> 6,974 / 5,526 (remainder to L1)
    #     gross L1 = 13,026 + 6,974 = 20,000, L2 = 14,474 + 5,526 = 20,000
    #   buckets of L1's 6,974: allowance 5,000 + waiver 1,000 x 13,500 / 28,500 = 5,473.68,
    #     discount 1,500 -> 5,474 / 1,500; L2's 5,526: allowance 5,526, discount 0
    import pytest

    import poolcalc.model as m
    from poolcalc.errors import PoolcalcWarning

    sched = flat(0.20, free_units=500, free_amount=10.0,
                 discounts=m.Discounts(good_standing=0.1))
    lics = [m.Licensee("L1", enterprise="E", good_standing=True),
            m.Licensee("L2", enterprise="E", good_standing=False),
            m.Licensee("L3", enterprise="F")]
    p = pool(sched, [sale("L1", 1000), sale("L2", 1000, date="2024-07-01"),
                     sale("L3", 5, date="2023-07-01")], licensees=lics)
    with pytest.warns(PoolcalcWarning, match="no sales rows in 2024: L3"):
        invs = royalties_owed(p, 2024).invoices
    got = [(i.licensee, i.gross_cents, i.allowance_cents, i.discount_cents, i.cap_cents,
            i.owed_cents) for i in invs]
    assert got == [("L1", 20_000, 5_474, 1_500, 0, 13_026),
                   ("L2", 20_000, 5_526, 0, 0, 14_474),
                   ("L3", 0, 0, 0, 0, 0)]


@pytest.mark.parametrize(
    ("combine", "good", "named", "owed"),
    [
        # 1,000 units x 20 cents = 20,000 cents; good standing d1, a named discount d4
        # (every licensee eligible), combined by the pool's rule:
        ("additive", 0.1, 0.2, 14_000),  # 20,000 x (1 - (0.1 + 0.2)) = 14,000
        ("additive", 0.6, 0.5, 0),  # min(1, 0.6 + 0.5) = 1: nothing owed
        ("multiplicative", 0.1, 0.2, 14_400),  # 20,000 x 0.9 x 0.8 = 14,400
        ("max", 0.1, 0.2, 16_000),  # 20,000 x (1 - 0.2) = 16,000
    ],
)
def test_named_discount_combines_by_the_pools_rule(combine, good, named, owed):
    import poolcalc.model as m

    disc = m.Discounts(good_standing=good, combine=combine,
                       named={"logo": m.NamedDiscount(fraction=named)})
    p = pool(flat(0.20, discounts=disc), [sale("L1", 1000)],
             licensees=[m.Licensee("L1", good_standing=True)])
    assert _owed(p) == [owed]


def test_only_licensees_meeting_discounts_eligible_get_a_discount():
    # HEVC Advance, December 2015: licensees signing after the first 12 months pay
    # standard rates.  10 % for good standing (both are), 15 % early-signing discount for
    # signing by 2022-12-31, combined by max; all discounts only for licensees that
    # signed by 2023-06-30 ([royalty.discounts] eligible): L1 signed 2022-06-01 gets
    # max(0.10, 0.15) = 15 % (20,000 x 0.85 = 17,000 cents); L2 signed 2024-03-01 is not
    # eligible: 20,000 cents (not 20,000 x 0.9 = 18,000)
    import poolcalc.model as m

    disc = m.Discounts(good_standing=0.1, early_signing=0.15, early_signing_by="2022-12-31",
                       eligible={"signed_by": "2023-06-30"})
    lics = [m.Licensee("L1", signed="2022-06-01"), m.Licensee("L2", signed="2024-03-01")]
    p = pool(flat(0.20, discounts=disc), [sale("L1", 1000), sale("L2", 1000)],
             licensees=lics)
    assert _owed(p) == [17_000, 20_000]


def test_a_discount_of_100_percent_leaves_the_allowance_as_it_was():
    # 1,000 units x 20 cents, 500 free units, additive discounts 0.6 + 0.5 capped at 1:
    #   s0 = 20,000; s1 = 500 x 20 = 10,000 (allowance 10,000); s2 = 10,000 x (1 - 1) = 0
    #   (discount 10,000), owed 0 -- not a discount of 110 % that eats into the allowance
    import poolcalc.model as m

    disc = m.Discounts(good_standing=0.6, combine="additive",
                       named={"logo": m.NamedDiscount(fraction=0.5)})
    p = pool(flat(0.20, discounts=disc, free_units=500), [sale("L1", 1000)],
             licensees=[m.Licensee("L1", good_standing=True)])
    inv = royalties_owed(p, 2024).invoices[0]
    assert (inv.gross_cents, inv.allowance_cents, inv.discount_cents, inv.owed_cents) == (
        20_000, 10_000, 10_000, 0)


def test_exact_discounted_total_starts_from_the_chargeable_level():
    # the two-row case of test_money_fractional with 2 free units for the enterprise
    # (one tier group of n_t = n1 + n2 units): s1_i = n_i (n_t - 2) / n_t cents, and the
    # owed total is round_half_up(0.9 s1_1 + s1_2) -- from the chargeable level s1, not
    # the standard s0 (which would give the undiscounted round(s1_1 + s1_2))
    import math
    from fractions import Fraction

    import poolcalc.model as m

    n1, n2 = 3_750_000_000_000_015, 2_000_000_000_000_001
    n_t = n1 + n2
    exact = (Fraction(9, 10) * n1 + n2) * Fraction(n_t - 2, n_t)
    sched = flat(0.01, free_units=2, discounts=m.Discounts(good_standing=0.1))
    lic = [m.Licensee("L1", enterprise="E", good_standing=True),
           m.Licensee("L2", enterprise="E", good_standing=False)]
    p = pool(sched, [sale("L1", n1), sale("L2", n2)], licensees=lic)
    invs = royalties_owed(p, 2024).invoices
    assert sum(i.owed_cents for i in invs) == math.floor(exact + Fraction(1, 2))
    assert sum(i.gross_cents for i in invs) == n_t


# -- tiers (poolcalc/royalties/stages/tiers.py) -----------------------------------------
@pytest.mark.parametrize(
    ("units", "values", "expected"),
    [
        # whole-volume tiers 30 cents from unit 1, 20 cents from unit 101:
        (100, [30.0, 20.0], [3000.0]),  # exactly 100 units: all at the first tier
        (101, [30.0, 20.0], [2020.0]),  # 101 units reach the second: 101 x 20
        (1, [30.0, 20.0], [30.0]),  # one unit costs the first tier's rate
        (0, [30.0, 20.0], [0.0]),  # no unit, no royalty
        # per-row values (price basis): row 0 5 units at 30, row 1 150 units at 10
        ([5, 150], [[30.0, 20.0], [40.0, 10.0]], [150.0, 1500.0]),
    ],
)
def test_whole_volume_tiers_at_their_boundaries(units, values, expected):
    from poolcalc.royalties import tier_amount

    got = tier_amount(units, np.array([0, 100]), np.array(values), "volume")
    assert got.tolist() == expected


def test_fractional_units_cost_their_weight():
    # unit_weight 0.5: 1,000 units count as 500 at US$0.20 = 10,000 cents
    import poolcalc.model as m

    rate = m.ProductRate(tiers=[(0, 0.20)], unit_weight=0.5)
    assert _owed(pool(m.Schedule(default=rate), [sale("L1", 1000)])) == [10_000]


@pytest.mark.parametrize(("price", "weight", "owed"),
                         [(5.0, 1.0, 500), (50.0, 1.0, 1000), (5.0, 0.5, 250)])
def test_unit_rate_capped_at_a_fraction_of_the_price(price, weight, owed):
    # US$1.00 a unit, at most 10 % of the net price: at US$5 a unit costs 0.50 (10 units
    # 500 cents), at US$50 the rate 1.00 (10 units 1,000 cents); with unit_weight 0.5
    # the 10 units at US$5 count as 5: 250 cents
    import poolcalc.model as m

    rate = m.ProductRate(tiers=[(0, 1.00)], max_fraction_of_price=0.1, unit_weight=weight)
    p = pool(m.Schedule(default=rate), [sale("L1", 10, price=price)])
    assert _owed(p) == [owed]


def test_price_basis_fractional_units_and_the_default_unit_scale():
    # 4 % of a US$10 net price = 40 cents a unit, unit_weight 0.5: 1,000 units count as
    # 500, so 500 x 40 = 20,000 cents
    from types import SimpleNamespace as Terms

    import poolcalc.model as m
    from poolcalc.royalties.stages.tiers import tier_starts, unit_values

    rate = m.ProductRate(tiers=[(0, 0.04)], basis="price", unit_weight=0.5)
    assert _owed(pool(m.Schedule(default=rate), [sale("L1", 1000, price=10.0)])) == [20_000]
    # called without unit_scale (one position a unit): DVD6C 2003, 4 % of US$250 clipped
    # to [4, 8] = US$8 = 800 cents; tiers start at 0 and 100 units
    dvd6c = Terms(basis="price", tiers=[Terms(start=0, rate=0.04), Terms(start=100, rate=0.03)],
                  min_per_unit=4, max_per_unit=8)
    assert unit_values(dvd6c, np.array([250.0]), 100).tolist() == [[800.0, 750.0]]
    assert tier_starts(dvd6c).tolist() == [0, 100]


# --- rates.py: the exact path of the standard amount (Level.exact), reached by
# enterprise totals within float64 error of a half cent (tests/README.md, rates.py)


def test_exact_standard_holds_a_non_dyadic_rate_as_its_decimal():
    # US$1.001 a unit = 100.1 cents, not a binary fraction (float64 holds
    # 100.09999999999999431...); 5 units = 500.5 cents exactly -> 501 owed (half up).
    # Held as the float itself (the 2**33 switch at 66), 500.4999... -> 500.
    assert _owed(pool(flat(1.001), [sale("L1", 5)])) == [501]


def test_exact_standard_of_whole_volume_tiers():
    # whole-volume tiers US$1.001 (units 1-5) and US$0.7025 (from unit 6), each
    # licensee its own counter:
    #   L1, 6 units: t* = 1 (5 < 6), 6 x 70.25 = 421.5 -> 422 (marginal would be
    #     5 x 100.1 + 70.25 = 570.75 -> 571)
    #   L2, 5 units: t* = 0 (5 is not < 5), 5 x 100.1 = 500.5 -> 501 (t* = 1 would
    #     give 5 x 70.25 = 351.25 -> 351)
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 1.001), (5, 0.7025)],
                                             tier_mode="volume"))
    assert _owed(pool(sched, [sale("L1", 6), sale("L2", 5)])) == [422, 501]


def test_exact_standard_of_a_row_without_royalty_bearing_units():
    # 5 units at US$1.001 in the US (500.5 cents) and 3 units of another product sold
    # and made in FR, where no patent is in force (0 royalty-bearing units, its tier
    # counter n_t = 0): the exact total stays 500.5 -> 501
    sales = [sale("L1", 5), sale("L1", 3, product="other", sold="FR", made="FR")]
    assert _owed(pool(flat(1.001), sales)) == [501]


def test_exact_standard_above_2_33_minor_units_a_unit():
    # US$100,000,000.005 a unit = 10,000,000,000.5 cents (above 2**33 = 8,589,934,592,
    # held as the float itself, which is exact here): 1 unit -> 10,000,000,001 owed
    assert _owed(pool(flat(100_000_000.005), [sale("L1", 1)])) == [10_000_000_001]


# --- dated.py: the amounts under effective-dated rates (stage 4b)


def _dated(tiers, changes, **kw):
    import poolcalc.model as m

    mode = kw.pop("tier_mode", "marginal")
    return m.Schedule(default=m.ProductRate(tiers=tiers, tier_mode=mode),
                      rate_changes=[m.RateChange(d, m.ProductRate(tiers=t, tier_mode=mode))
                                    for d, t in changes], **kw)


@pytest.mark.parametrize(("free", "owed"), [(10, 23_000), (150, 5_000)])
def test_dated_free_units_and_rising_tiers_in_the_second_period(free, owed):
    # tiers US$1.00 (units 1-150) and US$2.00 (from unit 151) before and after a change
    # on 2024-07-01 (same terms, so the year must cost what it would undated): 100 units
    # in March, 100 in September, one counter of 200 units; `free` exempt units at its start
    #   A(k) = 100 min(k, 150) + 200 max(k - 150, 0) cents; owed = A(200 - free)
    #   free 10: A(190) = 15,000 + 8,000 = 23,000 (March 9,000, September 14,000)
    #   free 150: A(50) = 5,000 (March 0, September 5,000)
    tiers = [(0, 1.00), (150, 2.00)]
    sched = _dated(tiers, [("2024-07-01", tiers)], free_units=free)
    sales = [sale("L1", 100, date="2024-03-01"), sale("L1", 100, date="2024-09-01")]
    assert _owed(pool(sched, sales)) == [owed]


def test_dated_whole_volume_free_units():
    # whole-volume US$2.00 a unit, changed to US$1.00 on 2024-07-01; 100 units in March,
    # 10 free units: k_t = 100 - 10 = 90 chargeable units x 200 cents = 18,000
    sched = _dated([(0, 2.00)], [("2024-07-01", [(0, 1.00)])], free_units=10,
                   tier_mode="volume")
    assert _owed(pool(sched, [sale("L1", 100, date="2024-03-01")])) == [18_000]


def test_dated_region_multiplier():
    # US$2.00, changed to US$1.00 on 2024-07-01; 100 units sold in DE (a region at
    # 50 %) in March: 100 x 200 x 0.5 = 10,000 cents
    import poolcalc.model as m

    sched = _dated([(0, 2.00)], [("2024-07-01", [(0, 1.00)])],
                   regions=[m.Region("R2", ["DE"], 0.5)])
    assert _owed(pool(sched, [sale("L1", 100, date="2024-03-01", sold="DE")])) == [10_000]


def test_dated_two_changes_of_one_product_in_a_year():
    # US$2.00, US$1.75 from 2024-04-01, US$1.50 from 2024-07-01: 100 units in February
    # (20,000), 100 in May (17,500), 100 in August (15,000) = 52,500 cents
    sched = _dated([(0, 2.00)], [("2024-04-01", [(0, 1.75)]), ("2024-07-01", [(0, 1.50)])])
    sales = [sale("L1", 100, date=d) for d in ("2024-02-01", "2024-05-01", "2024-08-01")]
    assert _owed(pool(sched, sales)) == [52_500]


def test_undated_tier_starts_count_weighted_units():
    # unit_weight 0.5 (every product, so D = 2 positions a unit): 30 units sold = 15
    # units on the counter; tiers US$1.00 (units 1-10), US$0.50 (from unit 11):
    # 10 x 100 + 5 x 50 = 1,250 cents (tier starts in units, not positions)
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 1.00), (10, 0.50)], unit_weight=0.5))
    assert _owed(pool(sched, [sale("L1", 30)])) == [1_250]


def test_undated_whole_volume_free_units():
    # whole-volume US$2.00 (units 1-50) and US$1.00 (from unit 51); 100 units, 10 free:
    # standard 100 x 100 = 10,000; chargeable k = 90 units, t* = 1, 90 x 100 = 9,000
    # (marginal would give 50 x 200 + 40 x 100 = 14,000, then the standard 10,000)
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 2.00), (50, 1.00)],
                                             tier_mode="volume"), free_units=10)
    assert _owed(pool(sched, [sale("L1", 100)])) == [9_000]


def test_period_cuts_are_the_distinct_dates_after_1_january_and_in_the_year():
    # day numbers since 1970-01-01: 2024-01-01 = 54 x 365 + 13 leap days = 19,723;
    # 2024-01-02 = 19,724; 2024-07-01 = 19,723 + 182 (31+29+31+30+31+30) = 19,905;
    # 2024-12-31 = 19,723 + 365 = 20,088.  1 January itself, 2023 and 2025 are left out
    import datetime as dt

    from poolcalc.royalties.stages.dated import period_cuts

    days = [dt.date(2024, 7, 1), dt.date(2024, 1, 1), dt.date(2024, 12, 31),
            dt.date(2024, 7, 1), dt.date(2025, 1, 1), dt.date(2023, 6, 1), dt.date(2024, 1, 2)]
    cuts = period_cuts(days, 2024)
    assert cuts.tolist() == [19_724, 19_905, 20_088]
    assert cuts.dtype == np.int64 and period_cuts([], 2024).dtype == np.int64


def test_dated_amounts_without_per_licensee_days_use_the_effective_date():
    # the public default (starts_of=None): US$2.00, US$1.00 from 2024-07-01 for everyone;
    # 100 units on 2024-03-01 and 100 on 2024-07-01 itself (the new rate applies on its
    # effective day), one counter of 200 units: 100 x 200 = 20,000 and 100 x 100 = 10,000
    import datetime as dt

    import poolcalc.model as m
    from poolcalc.royalties.stages.dated import dated_amounts, period_cuts

    periods = {0: ((None, m.ProductRate(tiers=[(0, 2.00)])),
                   (dt.date(2024, 7, 1), m.ProductRate(tiers=[(0, 1.00)])))}
    day = np.array([19_783, 19_905], np.int64)  # 2024-03-01 = 19,723 + 60; 2024-07-01
    nb = np.array([100, 100], np.int64)
    s0, s1 = dated_amounts(periods, period_cuts([dt.date(2024, 7, 1)], 2024),
                           np.zeros(2, np.int64), day, np.zeros(2), nb, np.zeros(2, np.int64),
                           np.array([200]), np.array([0]), np.full(2, 0.5), np.ones(2), 100)
    assert s0.tolist() == [20_000.0, 10_000.0] and s1.tolist() == [20_000.0, 10_000.0]


def test_exact_standard_of_marginal_tiers_below_the_second_tier():
    # marginal tiers US$1.001 (units 1-10) and US$0.501 (from unit 11); 5 units stay in
    # the first: 5 x 100.1 = 500.5 cents -> 501 (the second tier adds nothing)
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 1.001), (10, 0.501)]))
    assert _owed(pool(sched, [sale("L1", 5)])) == [501]


def test_exact_standard_of_weighted_units_across_a_tier_start():
    # unit_weight 0.5 (D = 2 positions a unit); marginal tiers US$2.002 (units 1-2) and
    # US$1.002 (from unit 3); 5 units sold = 2.5 weighted units:
    #   2 x 200.2 + 0.5 x 100.2 = 400.4 + 50.1 = 450.5 cents -> 451
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 2.002), (2, 1.002)], unit_weight=0.5))
    assert _owed(pool(sched, [sale("L1", 5)])) == [451]


def test_the_refusal_at_2_53_names_the_row_that_crosses_it():
    # US$0.02 a unit: two rows of 2**51 units (2**52 cents each; file lines 2 and 3,
    # the header is line 1) and one unit in a 25 % region (0.5 cent): exactly
    # 2**53 + 0.5 cents, refused; the running total first passes 2**53 - margin at the
    # second row (2**52 < 2**53 - 265 <= 2**53), so the message names line 3
    import poolcalc.model as m
    from poolcalc.errors import InvalidInputError

    sched = flat(0.02, regions=[m.Region("R2", ["DE"], 0.25)])
    p = pool(sched, [sale("L1", 2**51), sale("L1", 2**51), sale("L1", 1, sold="DE")])
    with pytest.raises(InvalidInputError, match=r"^sales line 3: .* passes 2\*\*53"):
        royalties_owed(p, 2024)


def test_exactly_2_53_under_a_rate_change_is_accepted():
    # the dated path has no exact sum: US$0.02 before and after a change on 2024-07-01,
    # 2**51 units in June and 2**51 in August = 2**53 cents exactly, the largest
    # amount computed exactly: accepted and owed in full
    sched = _dated([(0, 0.02)], [("2024-07-01", [(0, 0.02)])])
    sales = [sale("L1", 2**51, date="2024-06-01"), sale("L1", 2**51, date="2024-08-01")]
    assert _owed(pool(sched, sales)) == [2**53]


def test_exact_standard_of_rising_whole_volume_tiers_with_free_units():
    # whole-volume US$0.50 (units 1-5) and US$0.7025 (from unit 6); 6 units, 1 free:
    #   standard 6 x 70.25 = 421.5 cents (t* = 1), gross 422
    #   chargeable k = 5, t* = 0: 5 x 50 = 250 -> 250 owed
    # (marginal standard 5 x 50 + 70.25 = 320.25; marginal chargeable 250 too)
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 0.50), (5, 0.7025)],
                                             tier_mode="volume"), free_units=1)
    inv = royalties_owed(pool(sched, [sale("L1", 6)]), 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents) == (422, 250)


def test_a_change_from_signing_starts_on_the_signature_day():
    # US$2.00, US$1.00 from 2024-03-01 but from_signing: L1 signed on 2024-06-01, so
    # its change applies from then: 100 units on 2024-04-01 at 2.00 (20,000) and 100 on
    # 2024-07-01 at 1.00 (10,000) = 30,000 cents
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 2.00)]), rate_changes=[
        m.RateChange("2024-03-01", m.ProductRate(tiers=[(0, 1.00)]), from_signing=True)])
    sales = [sale("L1", 100, date="2024-04-01"), sale("L1", 100, date="2024-07-01")]
    p = pool(sched, sales, licensees=[m.Licensee("L1", signed="2024-06-01")])
    assert _owed(p) == [30_000]


def test_weights_of_several_denominators_and_free_units_in_positions():
    # product a weighs 0.2, product b 0.5: D = lcm(5, 2) = 10 positions a unit, a unit of
    # a takes 2 positions, of b 5.  US$1.00 a weighted unit, one counter, 2 free units:
    #   a: 10 units = 2 weighted units; b: 6 + 4 units = 5 weighted; total 7 units
    #   chargeable 7 - 2 = 5 units x 100 = 500 cents
    import poolcalc.model as m

    rate = {w: m.ProductRate(tiers=[(0, 1.00)], unit_weight=w) for w in (0.2, 0.5)}
    sched = m.Schedule(products={"a": rate[0.2], "b": rate[0.5]}, free_units=2)
    sales = [sale("L1", 10, product="a"), sale("L1", 6, product="b"),
             sale("L1", 4, product="b")]
    assert _owed(pool(sched, sales)) == [500]


def test_a_sale_on_the_effective_day_opens_the_new_period():
    # enterprise E: L1 100 units in March, L2 100 units on 2024-07-01, the day the
    # tiers change from US$1.00 / 2.00 (from unit 101) to US$3.00 / 4.00; one counter:
    #   period 1 (before 1 July): L1 positions 1-100 at the old terms, 100 x 100 = 10,000
    #   period 2 (from 1 July): L2 positions 101-200 at the new terms, 100 x 400 = 40,000
    # (one period of 200 would split A_old(200) / A_new(200) by half: 15,000 / 35,000)
    import poolcalc.model as m

    sched = _dated([(0, 1.00), (100, 2.00)], [("2024-07-01", [(0, 3.00), (100, 4.00)])])
    lics = [m.Licensee("L1", enterprise="E"), m.Licensee("L2", enterprise="E")]
    sales = [sale("L1", 100, date="2024-03-01"), sale("L2", 100, date="2024-07-01")]
    assert _owed(pool(sched, sales, licensees=lics)) == [10_000, 40_000]


def test_dated_weighted_units_across_a_tier_start():
    # unit_weight 0.5 (D = 2); tiers US$1.00 (units 1-10) / US$0.50 (from unit 11), the
    # same after a change on 2024-07-01; 30 units in March = 15 weighted units:
    # 10 x 100 + 5 x 50 = 1,250 cents (as undated)
    import poolcalc.model as m

    tiers = [(0, 1.00), (10, 0.50)]
    sched = m.Schedule(default=m.ProductRate(tiers=tiers, unit_weight=0.5), rate_changes=[
        m.RateChange("2024-07-01", m.ProductRate(tiers=tiers, unit_weight=0.5))])
    assert _owed(pool(sched, [sale("L1", 30, date="2024-03-01")])) == [1_250]


def test_dated_whole_volume_tiers_standard_and_chargeable():
    # whole-volume US$2.00 (units 1-50) / US$1.00 (from unit 51), the same after a change
    # on 2024-07-01; 100 units in March, 10 free: standard 100 x 100 = 10,000 (gross),
    # chargeable 90 x 100 = 9,000 owed (marginal: 15,000 and 14,000)
    sched = _dated([(0, 2.00), (50, 1.00)], [("2024-07-01", [(0, 2.00), (50, 1.00)])],
                   free_units=10, tier_mode="volume")
    inv = royalties_owed(pool(sched, [sale("L1", 100, date="2024-03-01")]), 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents) == (10_000, 9_000)


# --- rates.py: tier counters with no royalty-bearing / no chargeable unit on the
# exact path (tests/README.md, "Fourth run"): the engine builds them


@pytest.mark.parametrize(("other_category", "free", "gross"),
                         [("a_first", 0, 501), ("z_last", 0, 501), ("a_first", 1, 601),
                          ("z_last", 1, 601)])
def test_exact_standard_of_a_tier_counter_without_royalty_bearing_units(other_category, free,
                                                                        gross):
    # 5 chargeable units of "codec" at US$1.001 in the US = 500.5 cents (its own tier
    # counter; with 1 free unit, 6 units sold: standard 6 x 100.1 = 600.6 -> 601) and
    # 3 units of "other" (its own category, so its own tier counter) sold and made in FR,
    # where no patent is in force: that counter has n_t = 0 royalty-bearing units.
    # The enterprise's float total 500.4999... is near a half, so the exact path runs
    # over both rows: 500.5 + 0 = 500.5 -> 501 (half up) owed.  The free unit goes all
    # to codec's counter (pro rata to n_t: 6 and 0), so the owed level is below the
    # standard and not settled down to it.  The "other" rows sort before ("a_first")
    # or after ("z_last") the codec rows.
    import poolcalc.model as m

    rate = m.ProductRate(tiers=[(0, 1.001)])
    sched = m.Schedule(default=rate, free_units=free, products={
        "other": m.ProductRate(tiers=[(0, 2.0)], category=other_category)})
    sales = [sale("L1", 5 + free), sale("L1", 3, product="other", sold="FR", made="FR")]
    inv = royalties_owed(pool(sched, sales), 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents) == (gross, 501)


@pytest.mark.parametrize("mode", ["marginal", "volume"])
def test_exact_chargeable_of_a_tier_counter_whose_units_are_all_free(mode):
    # category "a": 1 unit at US$2.00; category "b": 2 units at US$1.005 (100.5 cents,
    # held as the 1e-6 decimal 100.5); 2 free units per enterprise shared pro rata to
    # n_t by largest remainder: a 2 x 1/3 = 0.667, b 2 x 2/3 = 1.333 -> floors 0 and 1,
    # the remaining unit to a (remainder 0.667 > 0.333): f_a = 1 = n_a, f_b = 1, so
    # counter a has k_a = 0 chargeable units and b has k_b = 1.
    #   standard: 200 + 2 x 100.5 = 401 cents (gross)
    #   chargeable: 0 + 1 x 100.5 = 100.5 (float 100.4999...) -> 101 owed (half up)
    # (one tier, so marginal and whole-volume amounts agree)
    import poolcalc.model as m

    sched = m.Schedule(default=None, free_units=2, products={
        "p_a": m.ProductRate(tiers=[(0, 2.0)], category="a", tier_mode=mode),
        "p_b": m.ProductRate(tiers=[(0, 1.005)], category="b", tier_mode=mode)})
    sales = [sale("L1", 1, product="p_a"), sale("L1", 2, product="p_b")]
    inv = royalties_owed(pool(sched, sales), 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents) == (401, 101)


def test_exact_chargeable_of_falling_whole_volume_tiers_with_free_units():
    # whole-volume US$1.001 (units 1-5) and US$0.500625 (from unit 6; 50.0625 cents);
    # 10 units, 2 free:
    #   standard 10 x 50.0625 = 500.625 -> 501 (gross)
    #   chargeable k = 8, t* = 1 (5 < 8): 8 x 50.0625 = 400.5 -> 401 owed (half up);
    #   marginal would be 5 x 100.1 + 3 x 50.0625 = 650.6875, above the standard
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 1.001), (5, 0.500625)],
                                             tier_mode="volume"), free_units=2)
    inv = royalties_owed(pool(sched, [sale("L1", 10)]), 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents) == (501, 401)


def test_exact_standard_of_a_unit_value_just_above_2_33_minor_units():
    # US$85,899,345.92500128 a unit = v = 2**33 + 1/2 + 67 x 2**-19 cents exactly in
    # float64 (8,589,934,592.50012779...; above 2**33 the float itself is the value, its
    # 1e-6 snap would be ...592.500128).  15,625 units:
    #   15,625 v = 15,625 x 2**33 + 7,812.5 + 15,625 x 67 / 2**19
    #            = 134,217,728,000,000 + 7,812.5 + 1.99676 = 134,217,728,007,814.49676
    #   -> 134,217,728,007,814 cents (the snap, 15,625 x ...592.500128 = ...7,814.5
    #   exactly, would round up to ...815)
    assert _owed(pool(flat(85899345.92500128), [sale("L1", 15625)])) == [134_217_728_007_814]


def test_a_rate_change_applies_only_to_the_licensees_it_is_eligible_for():
    # US$2.00 a unit, US$1.00 from 2024-07-01 for licensees in good standing only; L1
    # (good standing) and L2 (not), separate enterprises, 100 units each on 2024-08-01:
    #   L1 100 x 100 = 10,000 cents; L2 stays on the old terms: 100 x 200 = 20,000
    import poolcalc.model as m

    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 2.0)]), rate_changes=[
        m.RateChange("2024-07-01", m.ProductRate(tiers=[(0, 1.0)]),
                     eligible=m.Eligibility(good_standing=True))])
    lics = [m.Licensee("L1", good_standing=True), m.Licensee("L2", good_standing=False)]
    sales = [sale("L1", 100, date="2024-08-01"), sale("L2", 100, date="2024-08-01")]
    assert _owed(pool(sched, sales, licensees=lics)) == [10_000, 20_000]


def _two_licensees_one_enterprise(changes, others=()):
    import poolcalc.model as m

    lics = [m.Licensee("L1", enterprise="E", good_standing=False),
            m.Licensee("L2", enterprise="E", good_standing=False), *others]
    sales = [sale("L1", 100, date="2024-03-01"), sale("L2", 100, date="2024-12-31")]
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 2.0), (100, 1.0)]),
                       rate_changes=changes)
    return pool(sched, sales, licensees=lics)


def test_a_change_effective_on_31_december_cuts_the_year():
    # one enterprise E (L1, L2), marginal tiers US$2.00 (units 1-100) and US$1.00 (from
    # unit 101), the same terms again from 2024-12-31; L1 100 units on 2024-03-01, L2
    # 100 on 2024-12-31.  The change cuts the year on 31 December: period 1 holds
    # positions 1-100 (L1: 100 x 200 = 20,000 cents), period 2 positions 101-200 (L2:
    # 100 x 100 = 10,000); without the cut the year is one period shared pro rata,
    # 15,000 each.
    import poolcalc.model as m

    p = _two_licensees_one_enterprise(
        [m.RateChange("2024-12-31", m.ProductRate(tiers=[(0, 2.0), (100, 1.0)]))])
    assert _owed(p) == [20_000, 10_000]


def test_cuts_come_only_from_licensees_with_rows_in_the_year():
    # as above, but the change (effective 2024-07-01) is for licensees in good standing
    # and only L3 (enterprise F, no 2024 sales) is (L1 and L2 are not): no licensee
    # with rows in 2024 has a day inside the year, so the year is one period and E's
    # 200 positions cost 100 x 200 + 100 x 100 = 30,000 cents, shared pro rata to units: 15,000 each
    # (a cut on 2024-07-01 from L3's day would give L1 20,000 and L2 10,000)
    import poolcalc.model as m
    from poolcalc.errors import PoolcalcWarning

    p = _two_licensees_one_enterprise(
        [m.RateChange("2024-07-01", m.ProductRate(tiers=[(0, 2.0), (100, 1.0)]),
                      eligible=m.Eligibility(good_standing=True))],
        [m.Licensee("L3", enterprise="F", good_standing=True)])
    with pytest.warns(PoolcalcWarning, match="no sales rows in 2024: L3"):
        assert _owed(p) == [15_000, 15_000, 0]


def test_another_enterprises_licence_dates_never_move_an_enterprises_invoices():
    # as above, but L3 (enterprise F, the only licensee in good standing, so the only one
    # the change of 2024-07-01 applies to) sells 1 unit on 2024-08-01.  Tier counters are
    # per enterprise, and no change applies to E's licensees, so E's year stays one period:
    # 200 positions cost 100 x 200 + 100 x 100 = 30,000 cents, shared pro rata, 15,000
    # each (before this fix F's day cut E's year too: L1 20,000, L2 10,000).  L3's one
    # unit is on the new terms (the same tiers here): 200 cents.
    import poolcalc.model as m

    p = _two_licensees_one_enterprise(
        [m.RateChange("2024-07-01", m.ProductRate(tiers=[(0, 2.0), (100, 1.0)]),
                      eligible=m.Eligibility(good_standing=True))],
        [m.Licensee("L3", enterprise="F", good_standing=True)])
    p = p.__class__(p.name, p.members, p.patent_rows, p.licensees,
                    [*p.sales_rows, sale("L3", 1, date="2024-08-01")], p.schedule)
    assert _owed(p) == [15_000, 15_000, 200]


def test_an_enterprises_own_licence_date_cuts_its_year():
    # the same, with L2 (enterprise E) in good standing instead: the change applies to
    # L2 from 2024-07-01, so E's year is cut there: period 1 holds L1's 100 units at
    # positions 1-100 (US$2.00: 20,000 cents), period 2 L2's 100 units at 101-200 on the
    # new terms (US$1.00 from unit 101: 10,000)
    import poolcalc.model as m

    lics = [m.Licensee("L1", enterprise="E", good_standing=False),
            m.Licensee("L2", enterprise="E", good_standing=True)]
    sales = [sale("L1", 100, date="2024-03-01"), sale("L2", 100, date="2024-12-31")]
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 2.0), (100, 1.0)]), rate_changes=[
        m.RateChange("2024-07-01", m.ProductRate(tiers=[(0, 2.0), (100, 1.0)]),
                     eligible=m.Eligibility(good_standing=True))])
    assert _owed(pool(sched, sales, licensees=lics)) == [20_000, 10_000]

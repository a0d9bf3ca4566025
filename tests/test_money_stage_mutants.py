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

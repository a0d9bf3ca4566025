"""Exact fractional-cent amounts on both sides of 2**52 and 2**53 minor units (issue 10).

Amounts with fractions of a minor unit (a price basis, a region multiplier, a
discount) are summed in float64 first; a float total within float64 error of a half
minor unit (:func:`poolcalc._money.near_half`) -- every total from 2**52 on, where a
float64 holds no fraction -- is recomputed from the rows' exact amounts and rounded
once, half up.  Each reference below is worked by hand in exact arithmetic; each case
was one minor unit off on main before this change.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import poolcalc.model as m
from poolcalc._money import EXACT_BOUND, near_half, round_half_up_exact
from poolcalc.errors import InvalidInputError
from poolcalc.royalties import round_half_up, royalties_owed
from tests.royalties_helpers import flat, pool, sale

P52 = 2**52  # 4,503,599,627,370,496


def _gross(p: m.Pool) -> int:
    return royalties_owed(p, 2024).invoices[0].gross_cents


def _region_half(units: int) -> m.Pool:
    # US$0.03 a unit = 3 cents, sold in a region at 50 %: 1.5 cents a unit
    sched = flat(0.03, regions=[m.Region("R2", ["DE"], 0.5)])
    return pool(sched, [sale("L1", units, sold="DE")])


@pytest.mark.parametrize(
    ("units", "gross"),
    [
        # 1.5 x 3,002,399,751,580,331 = 4,503,599,627,370,496.5 = 2**52 + 0.5 -> 2**52 + 1
        (3_002_399_751_580_331, P52 + 1),
        # 1.5 x 3,002,399,751,580,335 = 4,503,599,627,370,502.5 (above 2**52) -> ...503
        (3_002_399_751_580_335, 4_503_599_627_370_503),
        # 1.5 x 1,001 = 1,501.5 -> 1,502 (small: the float path, for comparison)
        (1_001, 1_502),
        # 1.5 x 6,004,799,503,160,661 = 9,007,199,254,740,991.5 = 2**53 - 0.5 -> 2**53
        (6_004_799_503_160_661, EXACT_BOUND),
    ],
)
def test_region_multiplier_halves_round_up_at_every_size(units, gross):
    assert Fraction(3, 2) * units == gross - Fraction(1, 2)  # the hand computation
    assert _gross(_region_half(units)) == gross


def test_just_beyond_2_53_is_refused():
    # 1.5 x 6,004,799,503,160,663 = 9,007,199,254,740,994.5 > 2**53: refused, not rounded
    with pytest.raises(InvalidInputError, match=r"passes 2\*\*53 = 9007199254740992"):
        royalties_owed(_region_half(6_004_799_503_160_663), 2024)


@pytest.mark.parametrize("extra", [0, 1])
def test_price_basis_above_2_52(extra):
    # 2 % of US$19.99 = 39.98 cents a unit; n = 25 (mod 50) makes 39.98 n end in .5:
    # n = 168,969,470,761,775 (+ 100 extra): 40 n = 6,758,778,830,471,000, 0.02 n =
    # 3,379,389,415,235.5, so 39.98 n = 6,755,399,441,055,764.5 (+ 3,998 extra), which
    # rounds up to ...765; float64 rounded the product to even (...764) on main
    n = 168_969_470_761_775 + 100 * extra
    exact = Fraction(3998, 100) * n
    assert exact == 6_755_399_441_055_764 + 3998 * extra + Fraction(1, 2)
    rate = m.ProductRate(tiers=[(0, 0.02)], basis="price")
    p = pool(m.Schedule(default=rate), [sale("L1", n, price=19.99)])
    assert _gross(p) == 6_755_399_441_055_765 + 3998 * extra


def test_whole_cent_amounts_above_2_52_stay_odd():
    # 1 cent a unit, 5,004,044,030,411,675 units (odd, above 2**52): gross is exactly
    # that many cents (main said ...676: x + 0.5 rounds to even in float64)
    n = 5_004_044_030_411_675
    assert _gross(pool(flat(0.01), [sale("L1", n)])) == n


def test_discount_of_a_fraction_above_2_52():
    # 10 % good-standing discount on n = 5 x 1,000,808,806,082,335 cents:
    # 0.9 n = 4.5 x 1,000,808,806,082,335 = 4,503,639,627,370,507.5 -> ...508 owed
    n = 5 * 1_000_808_806_082_335
    sched = flat(0.01, discounts=m.Discounts(good_standing=0.1))
    p = pool(sched, [sale("L1", n)], licensees=[m.Licensee("L1", good_standing=True)])
    inv = royalties_owed(p, 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents) == (n, 4_503_639_627_370_508)
    assert inv.discount_cents == n - 4_503_639_627_370_508


def test_near_half_flags_only_what_float_may_round_wrong():
    # 10.5 is a half; 10.2 is 0.3 away; from 2**52 every total is flagged
    assert near_half(np.array([10.5, 10.2, 1e6 + 0.4999999, P52 + 2.0]),
                     np.array([3, 3, 10, 1])).tolist() == [True, False, True, True]
    assert round_half_up_exact(Fraction(2 * P52 + 1, 2)) == P52 + 1
    assert round_half_up_exact(Fraction(-3, 2)) == -2
    # the float rule agrees from 2**52 on: a float there is a whole number
    assert round_half_up(np.array([float(P52 + 1), -float(P52 + 1)])).tolist() == [
        P52 + 1, -(P52 + 1)]


def test_discounted_total_of_two_rows_above_2_52():
    # L1 (good standing, 10 % off) 3,750,000,000,000,015 units and L2 (no discount)
    # 2,000,000,000,000,001 units at 1 cent, one enterprise:
    #   0.9 x 3,750,000,000,000,015 = 3,375,000,000,000,013.5; + 2,000,000,000,000,001
    #   = 5,375,000,000,000,014.5 -> 5,375,000,000,000,015 owed (float64 summed the two
    #   rows to the even ...014)
    n1, n2 = 3_750_000_000_000_015, 2_000_000_000_000_001
    assert Fraction(9, 10) * n1 + n2 == 5_375_000_000_000_014 + Fraction(1, 2)
    sched = flat(0.01, discounts=m.Discounts(good_standing=0.1))
    lic = [m.Licensee("L1", enterprise="E", good_standing=True),
           m.Licensee("L2", enterprise="E", good_standing=False)]
    p = pool(sched, [sale("L1", n1), sale("L2", n2)], licensees=lic)
    invs = royalties_owed(p, 2024).invoices
    assert sum(i.owed_cents for i in invs) == 5_375_000_000_000_015
    assert sum(i.gross_cents for i in invs) == n1 + n2


def test_half_a_cent_beyond_2_53_is_refused_though_the_float_total_is_2_53():
    # US$0.02 a unit; 2**52 units sold in the US (2**53 cents) and one unit in a region
    # at 25 % (0.5 cent), one tier counter: exactly 2**53 + 0.5 cents, beyond the bound,
    # though the float64 total is 2**53 (the half is lost): the exact sum decides
    sched = flat(0.02, regions=[m.Region("R2", ["DE"], 0.25)])
    p = pool(sched, [sale("L1", P52), sale("L1", 1, sold="DE")])
    with pytest.raises(InvalidInputError, match=r"passes 2\*\*53"):
        royalties_owed(p, 2024)

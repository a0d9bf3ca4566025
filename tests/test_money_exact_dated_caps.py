"""Exact fractional-cent totals through a mid-year rate change and a binding cap (issue 10).

The dated stage (``[[royalty.rate_changes]]``) and a cap that scales an enterprise's
rows used to sum their rows in float64 only, so a total at a half minor unit above
2**52 (where a float64 holds no fraction) was rounded to even, one minor unit short.
Each reference below is worked by hand in exact arithmetic (Python ``Fraction``,
independent of poolcalc); each case was one minor unit off on main before this change.
A plain-Python oracle (:func:`_oracle_owed`) then checks small random pools and the
same pools scaled to 2**52.
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import numpy as np
import pytest

import poolcalc.model as m
from poolcalc.royalties import royalties_owed
from tests.royalties_helpers import pool, sale

P52 = 2**52  # 4,503,599,627,370,496
P51 = 2**51


def _half_up(x: Fraction) -> int:
    return math.floor(x + Fraction(1, 2))


def _owed(p: m.Pool) -> int:
    return sum(i.owed_cents for i in royalties_owed(p, 2024).invoices)


def _changed(before: m.ProductRate, after: m.ProductRate, **kw) -> m.Schedule:
    return m.Schedule(default=before, rate_changes=[m.RateChange("2024-07-01", after)], **kw)


def _unit(cents: str, **kw) -> m.ProductRate:
    """A flat unit rate of ``cents`` minor units (a decimal string: '1.5')."""
    return m.ProductRate(tiers=[(0, float(Fraction(cents) / 100))], **kw)


# -- through a rate change ------------------------------------------------------------

def test_rate_change_half_cent_above_2_52():
    # 2 cents a unit to 30 June, 1.5 cents from 1 July: 2**51 units in March and 3 in
    # September: 2 x 2**51 + 1.5 x 3 = 2**52 + 4.5 cents -> 2**52 + 5 (float64 summed
    # the two rows to the even 2**52 + 4)
    exact = 2 * P51 + Fraction(3, 2) * 3
    assert exact == P52 + 4 + Fraction(1, 2)
    p = pool(_changed(_unit("2"), _unit("1.5")),
             [sale("L1", P51, date="2024-03-01"), sale("L1", 3, date="2024-09-01")])
    inv = royalties_owed(p, 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents) == (P52 + 5, P52 + 5)


def test_rate_change_from_a_price_basis_above_2_52():
    # 2 % of US$19.99 = 39.98 cents a unit to 30 June (n = 168,969,470,761,775 units:
    # 40 n - 0.02 n = 6,758,778,830,471,000 - 3,379,389,415,235.5
    # = 6,755,399,441,055,764.5 cents), then a flat 2 cents (1 unit in August):
    # 6,755,399,441,055,766.5 -> ...767
    n = 168_969_470_761_775
    exact = Fraction(3998, 100) * n + 2
    assert exact == 6_755_399_441_055_766 + Fraction(1, 2)
    before = m.ProductRate(tiers=[(0, 0.02)], basis="price")
    p = pool(_changed(before, _unit("2")),
             [sale("L1", n, date="2024-02-01", price=19.99), sale("L1", 1, date="2024-08-01")])
    assert _owed(p) == 6_755_399_441_055_767


def test_rate_change_with_whole_volume_tiers_and_a_region_above_2_52():
    # whole-volume tiers (every unit at the bracket the year's total reaches, at the
    # rate of its own date): 5 cents below 10 units, 3 cents from 10 on; from 1 July
    # 5 and 1 cents.  n1 = 2**51 - 1 units in May at 3 cents = 6,755,399,441,055,741;
    # 3 units in September, sold in a region at 50 %: 3 x 1 x 0.5 = 1.5 cents;
    # total 6,755,399,441,055,742.5 -> ...743
    n1 = P51 - 1
    exact = 3 * n1 + Fraction(1, 2) * 3
    assert exact == 6_755_399_441_055_742 + Fraction(1, 2)
    before = m.ProductRate(tiers=[(0, 0.05), (10, 0.03)], tier_mode="volume")
    after = m.ProductRate(tiers=[(0, 0.05), (10, 0.01)], tier_mode="volume")
    sched = _changed(before, after, regions=[m.Region("R2", ["DE"], 0.5)])
    p = pool(sched, [sale("L1", n1, date="2024-05-01"),
                     sale("L1", 3, date="2024-09-01", sold="DE")])
    assert _owed(p) == 6_755_399_441_055_743


def test_rate_change_with_marginal_tiers_crossing_at_the_change():
    # 2 cents a unit for the first 2**51 units of the year, then 0.5 cent; from 1 July
    # the second tier is 1.5 cents.  2**51 units in March fill tier 1 (2**52 cents);
    # 7 units in October sit in tier 2 at the new 1.5: 10.5 -> 2**52 + 10.5 -> + 11
    after = m.ProductRate(tiers=[(0, 0.02), (P51, 0.015)])
    before = m.ProductRate(tiers=[(0, 0.02), (P51, 0.005)])
    exact = 2 * P51 + Fraction(3, 2) * 7
    assert exact == P52 + 10 + Fraction(1, 2)
    p = pool(_changed(before, after),
             [sale("L1", P51, date="2024-03-01"), sale("L1", 7, date="2024-10-01")])
    assert _owed(p) == P52 + 11


# -- through a binding cap ------------------------------------------------------------

def test_binding_category_cap_beside_an_uncapped_half_cent_above_2_52():
    # One enterprise, two categories: "app" rows owe 1,000 cents and are capped at
    # US$1.00 = 100 cents; "codec" rows owe 1.5 x 3,002,399,751,580,331 = 2**52 + 0.5
    # cents (region at 50 % of 3 cents) uncapped.  Total 2**52 + 100.5 -> 2**52 + 101
    # (float64: 2**52 + 100)
    codec = 3_002_399_751_580_331
    exact = Fraction(3, 2) * codec + 100
    assert exact == P52 + 100 + Fraction(1, 2)
    sched = m.Schedule(default=_unit("3"), products={"app": _unit("10", category="app")},
                       regions=[m.Region("R2", ["DE"], 0.5)], category_caps={"app": 1.0})
    p = pool(sched, [sale("L1", codec, sold="DE"), sale("L1", 100, product="app")])
    inv = royalties_owed(p, 2024).invoices[0]
    assert inv.owed_cents == P52 + 101
    assert inv.gross_cents == P52 + 1001  # 2**52 + 0.5 + 1,000 = ...1000.5 -> ...1001
    assert inv.cap_cents == 900


def test_binding_licensee_cap_in_one_enterprise_above_2_52():
    # licensee cap (per legal entity) on "app": L1's 1,000 cents of app capped at 100;
    # L2 (same enterprise) owes 1.5 x 3,002,399,751,580,335 = 4,503,599,627,370,502.5
    # uncapped codec: enterprise 4,503,599,627,370,602.5 -> ...603
    codec = 3_002_399_751_580_335
    exact = Fraction(3, 2) * codec + 100
    assert exact == 4_503_599_627_370_602 + Fraction(1, 2)
    sched = m.Schedule(default=_unit("3"), products={"app": _unit("10", category="app")},
                       regions=[m.Region("R2", ["DE"], 0.5)], licensee_caps={"app": 1.0})
    lic = [m.Licensee("L1", enterprise="E"), m.Licensee("L2", enterprise="E")]
    p = pool(sched, [sale("L1", 100, product="app"), sale("L2", codec, sold="DE")],
             licensees=lic)
    assert _owed(p) == 4_503_599_627_370_603


def test_binding_cap_that_scales_fractional_rows_above_2_52():
    # A category cap of US$45,035,996,273,704.03 = 2**52 - 93 = 4,503,599,627,370,403
    # cents binds "app" rows that owe 2 x 2**51 = 2**52 cents (each row scaled by
    # (2**52 - 93) / 2**52); beside it a region row of 1.5 x 1,001 = 1,501.5 cents of
    # "codec": exact 4,503,599,627,370,403 + 1,501.5 = 4,503,599,627,371,904.5 -> ...905
    cap = P52 - 93
    exact = cap + Fraction(3, 2) * 1001
    assert exact == 4_503_599_627_371_904 + Fraction(1, 2)
    sched = m.Schedule(default=_unit("3"), products={"app": _unit("2", category="app")},
                       regions=[m.Region("R2", ["DE"], 0.5)],
                       category_caps={"app": cap / 100})
    p = pool(sched, [sale("L1", 1001, sold="DE"), sale("L1", P51 - 5, product="app"),
                     sale("L1", 5, product="app", date="2024-08-01")])
    assert _owed(p) == 4_503_599_627_371_905


def test_rate_change_and_binding_cap_together():
    # the first case with an enterprise cap far above (never binding) and a category
    # cap on a second category that binds (500 cents of "app" capped at 200): the
    # dated amounts pass the cap stage exactly: 2**52 + 4.5 + 200 -> 2**52 + 205
    sched = _changed(_unit("2"), _unit("1.5"),
                     products={"app": _unit("5", category="app")},
                     category_caps={"app": 2.0}, enterprise_cap=1e14)
    p = pool(sched, [sale("L1", P51, date="2024-03-01"), sale("L1", 3, date="2024-09-01"),
                     sale("L1", 100, product="app", date="2024-04-01")])
    assert _owed(p) == P52 + 205


# -- the plain-Python oracle ----------------------------------------------------------

def _oracle_owed(rows, before, after, mult, cap_app, ent_cap):
    """Exact owed cents of one enterprise, by the terms, in Fractions.

    ``rows``: (units, day of year 0-based, sold in the region, category "codec"/"app").
    ``before``/``after``: per category, marginal tiers ``[(start, cents), ...]`` to 30
    June / from 1 July.  Each category counts its own units through the year; the units
    of a period occupy the counter positions after the earlier periods' and its rows
    share them pro rata.  Caps: ``cap_app`` on the app category, ``ent_cap`` on the
    enterprise (cents, None for none).  Owed = min(half-up of the capped total,
    half-up of the standard total, the enterprise cap).
    """
    def amount(tiers, k):
        total = Fraction(0)
        for t, (st, v) in enumerate(tiers):
            top = tiers[t + 1][0] if t + 1 < len(tiers) else k
            total += v * max(0, min(k, top) - st)
        return total

    change = (dt.date(2024, 7, 1) - dt.date(2024, 1, 1)).days
    per_cat = {}
    for cat in ("codec", "app"):
        mine = [r for r in rows if r[3] == cat]
        lo = 0
        amounts = []
        for period in (0, 1):
            rs = [r for r in mine if (r[1] >= change) == bool(period)]
            width = sum(r[0] for r in rs)
            tiers = (after if period else before)[cat]
            block = amount(tiers, lo + width) - amount(tiers, lo)
            amounts += [Fraction(r[0], width) * block * (mult if r[2] else 1) for r in rs]
            lo += width
        per_cat[cat] = sum(amounts, Fraction(0))
    standard = sum(per_cat.values(), Fraction(0))
    if cap_app is not None:
        per_cat["app"] = min(per_cat["app"], cap_app)
    capped = sum(per_cat.values(), Fraction(0))
    if ent_cap is not None:
        capped = min(capped, ent_cap)
    owed = min(_half_up(capped), _half_up(standard))
    return (owed if ent_cap is None else min(owed, ent_cap)), standard


def _tiers_rate(tiers, category=None):
    return m.ProductRate(tiers=[(s, float(Fraction(c) / 100)) for s, c in tiers],
                         category=category)


def _random_case(seed: int, scale_up: bool):
    rng = np.random.default_rng([1010, seed])
    big = 2**47 if scale_up else 1
    top = 8 if scale_up else 40
    tiers = {}
    for cat in ("codec", "app"):
        for period in (0, 1):
            starts = [0, int(rng.integers(1, 40)) * big]
            cents = [Fraction(int(rng.integers(1, top)), int(rng.choice([1, 2, 4])))
                     for _ in starts]
            tiers[cat, period] = list(zip(starts, cents, strict=True))
    rows = []
    for _ in range(int(rng.integers(1, 6))):
        units = int(rng.integers(1, 30)) * (big // 3 if scale_up else 1) + int(
            rng.integers(0, 4))
        rows.append((units, int(rng.integers(0, 366)), bool(rng.random() < 0.4),
                     str(rng.choice(["codec", "app"]))))
    k = int(rng.integers(0, 3))
    cap_app = None if k == 0 else int(rng.integers(1, 400)) * (big // 4 if scale_up else 1)
    ent_cap = None if rng.random() < 0.6 else int(rng.integers(1, 900)) * (
        big // 4 if scale_up else 1) + 1
    return rows, tiers, cap_app, ent_cap


@pytest.mark.parametrize("scale_up", [False, True])
def test_engine_agrees_with_the_oracle_on_random_dated_capped_pools(scale_up):
    mult = Fraction(1, 2)
    checked = big_ones = 0
    for seed in range(150 if scale_up else 60):
        rows, tiers, cap_app, ent_cap = _random_case(seed, scale_up)
        before = {c: tiers[c, 0] for c in ("codec", "app")}
        after = {c: tiers[c, 1] for c in ("codec", "app")}
        base = {c: _tiers_rate(before[c], None if c == "codec" else "app") for c in before}
        changes = [m.RateChange("2024-07-01", _tiers_rate(after["codec"])),
                   m.RateChange("2024-07-01", _tiers_rate(after["app"], "app"), "app")]
        sched = m.Schedule(
            default=base["codec"], products={"app": base["app"]}, rate_changes=changes,
            regions=[m.Region("R2", ["DE"], 0.5)],
            category_caps={} if cap_app is None else {"app": cap_app / 100},
            enterprise_cap=math.inf if ent_cap is None else ent_cap / 100)
        sales = [sale("L1", u, date=str(dt.date(2024, 1, 1) + dt.timedelta(days=d)),
                      sold="DE" if r else "US", product=c) for u, d, r, c in rows]
        expected, standard = _oracle_owed(rows, before, after, mult, cap_app, ent_cap)
        if standard > 2**53 - 10**6:  # refused (tests/test_money_fractional.py)
            continue
        big_ones += standard > P52
        assert _owed(pool(sched, sales)) == expected, (seed, rows, tiers, cap_app, ent_cap)
        checked += 1
    assert checked >= 40
    assert big_ones >= (20 if scale_up else 0)


# -- a cap is the decimal it was written as -------------------------------------------

def test_a_cap_above_2_51_cents_is_the_decimal_written():
    # enterprise_cap = US$39,532,813,657,836.09 = 3,953,281,365,783,609 cents; the float64
    # product 39532813657836.09 x 100 is 3,953,281,365,783,609.5 and rounded half up to
    # ...610 on main: one cent more than the terms allow.  2 cents x 2**51 units
    # = 2**52 cents, above the cap: owed is the cap, to the cent.
    cap = 3_953_281_365_783_609
    assert 39532813657836.09 * 100 == cap + 0.5  # the float64 product, as main used it
    p = pool(m.Schedule(default=_unit("2"), enterprise_cap=39532813657836.09),
             [sale("L1", P51)])
    inv = royalties_owed(p, 2024).invoices[0]
    assert (inv.gross_cents, inv.owed_cents, inv.cap_cents) == (P52, cap, P52 - cap)

r"""Stage 4, base rate with tiers and regions: the standard and the chargeable amount.

Per unit and tier t the row's amount is ``v_it`` (:func:`~.tiers.unit_values`:
``10^mu r_t`` for basis ``unit``, ``10^mu clip(r_t p_i, min, max)`` for basis
``price``), mu the currency's minor units.  A tier group's k chargeable units cost
``A_i(k)`` (:func:`~.tiers.tier_amount`: marginal ``sum_t v_it |(s_t, s_{t+1}] cap
(0, k]|`` or whole-volume ``k v_{i t*}``) and row i carries its share ``n_i / n_t``
of it, times the regional multiplier ``m_i`` of its country of sale (HEVC Advance
Region 2 = 0.5; 1 on a region's own tier table, which replaces ``A_i``; 1 for a row
the region's price exclusion moves out: :mod:`~poolcalc.royalties.stages.regions`)::

    standard   s0_i = m_i * n_i / n_t * A_i(n_t)      (no unit exempt)
    chargeable s1_i = m_i * n_i / n_t * A_i(k_t)      (k_t = n_t - exempt_t)
    s1_i <- min(s1_i, s0_i)                           (fewer units never cost more)

For one unit schedule this charges the tier group exactly the tier table on its
units, whatever the order of its rows, and ``s1_i`` is proportional to ``m_i n_i``
(what each row would owe at the standard rate of its product and region).  When
the schedule has rate changes, the amounts come from stage 4b
(:mod:`poolcalc.royalties.stages.dated`).  ``s0 - s1`` is the invoice's allowance.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
Access Advance, "Where and when is a royalty due?" (Region 2: 50 % of the Region 1
rate for a first sale in Region 2), accessadvance.com/topic-where-and-when-is-a-royalty-due/
(accessed 2025).  MPEG LA, AVC/H.264 licence terms, cdrinfo.com/d7/node/7208,
19 May 2004.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from poolcalc._money import EXACT_BOUND
from poolcalc.errors import InvalidInputError
from poolcalc.royalties.stages._exact import ExactDated, ExactStandard
from poolcalc.royalties.stages._run import Level, Run, Stage, eligible_licensees
from poolcalc.royalties.stages.dated import (
    _DAY_MIN,
    _DAY_SPAN,
    NOT_APPLICABLE,
    change_days,
    dated_amounts,
)
from poolcalc.royalties.stages.tiers import tier_amount, tier_starts, unit_values
from poolcalc.tables import COUNTRIES, country_code

__all__ = ["STAGE", "region_multipliers", "standard_amounts"]


class RateTerms(Protocol):
    """What the rates stage reads from the schedule."""

    regions: Iterable[Any]
    rate_changes: Sequence[Any]

    def rate_periods(self, product: str) -> tuple[tuple[Any, Any], ...]: ...  # pragma: no cover

    def changes_for(self, product: str) -> tuple[Any, ...]: ...  # pragma: no cover


def region_multipliers(regions: Iterable[Any]) -> np.ndarray:
    """Rate multiplier per country code of :data:`poolcalc.tables.COUNTRIES` (1 outside regions).

    ``regions``: each has ``countries`` and ``multiplier``.
    """
    region = np.ones(max(len(COUNTRIES), 256), np.float64)
    for reg in regions:
        for c in reg.countries:
            region[country_code(c)] = reg.multiplier
    return region


def standard_amounts(
    rates: dict[int, Any],
    prod: np.ndarray,
    price: np.ndarray,
    tg: np.ndarray,
    n_t: np.ndarray,
    free_t: np.ndarray | None,
    share: np.ndarray,
    scale: int,
    unit_scale: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the standard and chargeable amounts without rate changes.

    Parameters
    ----------
    rates : dict of int to ProductRate
        Terms per rate key (product code, or a region's own table: ``Run.rkey``).
    prod, price, tg : ndarray, shape (n,)
        Rate key, net price and tier group per row (canonical order).
    n_t : ndarray of int64, shape (T,)
        Royalty-bearing units per tier group.
    free_t : ndarray of int64, shape (T,) or None
        Exempt units at the start of each tier group's counter (``None``: none).
    share : ndarray of float64, shape (n,)
        ``m_i n_i / n_t``.
    scale : int
        ``10**minor_units``.
    unit_scale : int
        Positions per weighted unit (fractional units; ``n_t`` and ``free_t`` in
        positions).

    Returns
    -------
    s0, s1 : ndarray of float64, shape (n,)
    """
    n = prod.size
    s0 = np.zeros(n, np.float64)
    s1 = np.zeros(n, np.float64)
    exempt = free_t is not None and bool(free_t.any())
    k_t = n_t - free_t if exempt else n_t
    for p, rate in rates.items():
        r = np.flatnonzero(prod == p)
        starts = tier_starts(rate, unit_scale)
        values = unit_values(rate, price[r], scale, unit_scale)
        mode = str(rate.tier_mode)
        s0[r] = share[r] * tier_amount(n_t[tg[r]], starts, values, mode)
        if exempt:
            s1[r] = share[r] * tier_amount(k_t[tg[r]], starts, values, mode)
        else:
            s1[r] = s0[r]
    return s0, s1


_NO_DATE = int(np.iinfo(np.int32).min)


def _change_days(run: Run, changes: Sequence[Any]) -> np.ndarray:
    """``e_jl`` of each change (rows) per licensee code (columns), int64."""
    rows = [
        change_days(ch.effective, eligible_licensees(run, ch.eligible), ch.from_signing,
                    run.signed_day, _NO_DATE)
        for ch in changes
    ]
    return np.array(rows, np.int64).reshape(len(rows), run.n_lic)


def _licensee_starts(run: Run, terms: RateTerms) -> dict[int, np.ndarray]:
    """Per product code present, its changes' days per licensee (``dated_amounts``)."""
    return {p: _change_days(run, terms.changes_for(run.products[p])) for p in run.rates}


def _cut_days(run: Run, terms: RateTerms) -> tuple[np.ndarray, np.ndarray]:
    """Distinct days ``e_jl`` inside the year per tier group, ``(days, groups)``.

    A tier group's year is cut only at the days of the changes that apply to a
    licensee with rows in that group (its enterprise's own licensees), so one
    enterprise's invoices never depend on another's licence dates or sales.
    """
    assert run.groups is not None
    y0 = (np.datetime64(f"{run.year}-01-01") - np.datetime64("1970-01-01")).astype(np.int64)
    y1 = (np.datetime64(f"{run.year}-12-31") - np.datetime64("1970-01-01")).astype(np.int64)
    pairs = np.unique(run.groups.tg.astype(np.int64) * run.n_lic + run.lic)
    t_p, l_p = np.divmod(pairs, run.n_lic)
    days = _change_days(run, terms.rate_changes)[:, l_p]  # (J, pairs)
    groups = np.broadcast_to(t_p, days.shape)
    keep = (days != NOT_APPLICABLE) & (days > y0) & (days <= y1)
    key = np.unique(groups[keep] * _DAY_SPAN + (days[keep] - _DAY_MIN))
    g, d = np.divmod(key, _DAY_SPAN)
    return (d + _DAY_MIN).astype(np.int64), g.astype(np.int64)


def _weighted(run: Run) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, int]:
    """Positions per row and tier group, exempt positions and D (fractional units).

    A unit of a product with ``unit_weight = w`` takes ``w D`` positions of its tier
    counter, D the least common denominator of the weights present (D = 1 and the
    counts unchanged when every weight is 1); tier starts and free units are in
    units, so in positions they are ``D`` times larger.
    """
    assert run.groups is not None and run.n_t is not None and run.bearing is not None
    n_prod = len(run.products)  # regional own tables (keys >= n_prod) keep the weight
    weights = {p: r.unit_weight for p, r in run.rates.items() if p < n_prod}
    if all(w == 1.0 for w in weights.values()):
        return run.bearing, run.n_t, run.exempt, 1
    d = 1
    for w in weights.values():
        d = math.lcm(d, Fraction(repr(float(w))).denominator)
    per_prod = np.zeros(len(run.products), np.int64)
    for p, w in weights.items():
        per_prod[p] = int(Fraction(repr(float(w))) * d)
    nb = run.bearing * per_prod[run.prod]
    n_t = np.add.reduceat(nb, run.groups.tstart) if nb.size else nb
    exempt = None if run.exempt is None else np.minimum(run.exempt * d, n_t)
    return nb, n_t, exempt, d


def _check_exact(s0: np.ndarray, line: np.ndarray, year: int,
                 exact: ExactStandard | None = None) -> None:
    """Refuse a year whose standard royalty leaves the exact range (2**53 minor units).

    Every later level is at most ``s0`` and every total a sum of its rows, so a
    standard total within :data:`poolcalc._money.EXACT_BOUND` keeps every amount of
    the year exact in int64 (no wrap-around to a negative or zero invoice).  A float
    total within float64 error of the bound is decided by the exact sum (``exact``).
    """
    total = float(s0.sum())
    margin = (s0.size + 64) * 2.0**-51 * total + 1.0
    if total <= EXACT_BOUND - margin:
        return
    if exact is not None and abs(total - EXACT_BOUND) <= margin:
        if sum(exact.s0(np.arange(s0.size)), Fraction(0)) <= EXACT_BOUND:
            return
    elif total <= EXACT_BOUND:
        return
    i = int(np.argmax(np.cumsum(s0) > EXACT_BOUND - margin))
    raise InvalidInputError(
        f"sales line {line[i]}: the standard royalty of {year} passes 2**53 = "
        f"{EXACT_BOUND} minor units, the largest amount computed exactly, at this row "
        f"(the year's total is {total:.0f})"
    )


def _apply(run: Run, terms: RateTerms) -> Run:
    assert run.groups is not None and run.n_t is not None and run.bearing is not None
    tg = run.groups.tg
    nb, n_t, exempt, d = _weighted(run)
    mreg = region_multipliers(terms.regions)[run.cs] if run.mult is None else run.mult
    share = np.divide(nb, n_t[tg], out=np.zeros(run.n, np.float64), where=n_t[tg] > 0) * mreg
    exact: ExactStandard
    if terms.rate_changes:
        free_t = np.zeros_like(n_t) if exempt is None else exempt
        periods_of = {p: terms.rate_periods(run.products[p]) for p in run.rates}
        starts_of = _licensee_starts(run, terms)
        cut_days, cut_groups = _cut_days(run, terms)
        detail: dict[str, np.ndarray] = {}
        s0, s1 = dated_amounts(
            periods_of, cut_days, run.prod, run.day, run.price, nb, tg, n_t,
            free_t, share, mreg, run.scale, starts_of=starts_of, lic=run.lic, unit_scale=d,
            cut_groups=cut_groups, detail=detail,
        )
        exact = ExactDated(run, nb, n_t, free_t, mreg, d, periods_of, detail)
    else:
        rkey = run.prod if run.rkey is None else run.rkey
        s0, s1 = standard_amounts(run.rates, rkey, run.price, tg, n_t, exempt, share,
                                  run.scale, d)
        exact = ExactStandard(run, nb, n_t, n_t if exempt is None else n_t - exempt, mreg, d)
    s1 = np.minimum(s1, s0)
    _check_exact(s0, run.line, run.year, exact)
    return run.evolve(levels=(Level(s0, None, exact=exact.s0),
                              Level(s1, "allowance", exact=exact.s1)))


#: Stage 4 (and 4b) of the engine.
STAGE = Stage(
    "base rate, tiers and regions",
    _apply,
    parts=("poolcalc.royalties.stages.tiers", "poolcalc.royalties.stages.dated"),
)

r"""Stage 4b, effective-dated rates: a product's terms change on a date inside the year.

Row i is charged at the terms of its product in force for its licensee on its sale
date: the last ``Schedule.rate_changes`` entry of the product that applies to the
licensee (``eligible``) with ``e_jl <= date``, where ``e_jl`` is the change's
``effective`` date or, with ``from_signing``, the later of it and the licensee's
signature date (MPEG-2 2010: "from the later of January 1, 2010 or the execution
date of the new License"); the basis may change (DVD 3C players: 3.5 % of the net
price, minimum US$5, then a flat US$5.00 from 1 July 2002), tier mode and category
never do.  Tier
counters, free units, caps and allowances stay per calendar year: a change does not
reset volume (DVD6C: players US$2.00 -> US$1.75 from 1 July 2016; MPEG-2: US$2.50 ->
US$2.00 from 1 January 2010).

Each tier group t's year is cut into periods q = 0..Q_t at the distinct dates
``e_jl`` inside it (of any product, over the licensees with rows in that tier group --
its enterprise's own -- to whom change j applies, so another enterprise's licence dates
never move an enterprise's invoices); ``P_tq`` are tier group t's royalty-bearing
units dated in period q and ``L_tq = sum_{q' < q} P_tq'``.

*Marginal* tiers: the units of period q occupy the positions ``L_tq + 1 .. L_tq +
P_tq`` of the year's counter, the first ``f_t`` positions being the free ones
(``Run.exempt``), and the rows of the period share those positions pro rata to
their units (rows of one period together, so row order never matters)::

    a_i(x) = A_i(max(x - f_t, 0))        (A_i: tier_amount at row i's own terms)
    s0_i = m_i * n_i / P_tq * (A_i(L_tq + P_tq) - A_i(L_tq))
    s1_i = m_i * n_i / P_tq * (a_i(L_tq + P_tq) - a_i(L_tq))

*Whole-volume* tiers: the bracket reached by the year's total applies to every
unit, at the rate of the unit's date: ``s0_i = m_i n_i / n_t * A_i(n_t)``,
``s1_i = m_i n_i / n_t * A_i(k_t)`` with row i's own terms.

With Q = 0 (no change inside the year) both are the formulas of stage 4.  Rows
share pro rata within a period rather than within a date so that a year with no
change inside it is exactly stage 4, whatever the sale dates.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
MPEG LA, "MPEG LA Reduces MPEG-2 Royalty Rates", 6 July 2009,
digitaltvnews.net/?p=9369.  DVD6C Licensing Agency (DVD players US$2.00 -> US$1.75,
recorders US$4.00 -> US$2.50 from July 2016), dvd6cla.com/offer/004.  TG Daily (MPEG-2: US$2.00 per
product from 1 January 2010), tgdaily.com/business/mpeg-2-royalty-rates-drop/.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np

from poolcalc.royalties.stages.tiers import tier_amount, tier_starts, unit_values

__all__ = ["change_days", "dated_amounts", "period_cuts"]

#: Day number of a change that does not apply to a licensee.
NOT_APPLICABLE = np.iinfo(np.int64).max

_EPOCH = _dt.date(1970, 1, 1)


#: (tier group, day) cut keys: ``group * _DAY_SPAN + day - _DAY_MIN`` (day numbers of
#: years 1900..2200 lie well inside [_DAY_MIN, _DAY_MIN + _DAY_SPAN)).
_DAY_MIN = -(2**20)
_DAY_SPAN = 2**21


def _day(d: _dt.date) -> int:
    return (d - _EPOCH).days


def period_cuts(effective: list[_dt.date], year: int) -> np.ndarray:
    """Day numbers of the distinct effective dates after 1 January of ``year`` and in it.

    Period q of the year holds the sale days ``cuts[q-1] <= day < cuts[q]``.
    """
    y0 = _day(_dt.date(year, 1, 1))
    y1 = _day(_dt.date(year, 12, 31))
    return np.array(sorted({_day(e) for e in effective if y0 < _day(e) <= y1}), np.int64)


def change_days(
    effective: _dt.date, applies: np.ndarray, from_signing: bool, signed_day: np.ndarray,
    no_date: int,
) -> np.ndarray:
    """Day ``e_jl`` from which a change applies to each licensee code (shape (L,)).

    ``effective`` for every licensee it applies to, or with ``from_signing`` the
    later of it and the licensee's signature day (``no_date``: unknown, then
    ``effective``); :data:`NOT_APPLICABLE` for licensees it does not apply to.
    """
    eff = np.full(applies.shape, _day(effective), np.int64)
    if from_signing:
        signed = np.asarray(signed_day, np.int64)
        eff = np.where(signed != no_date, np.maximum(eff, signed), eff)
    return np.where(applies, eff, NOT_APPLICABLE)


def dated_amounts(
    periods_of: dict[int, tuple[tuple[_dt.date | None, Any], ...]],
    cuts: np.ndarray,
    prod: np.ndarray,
    day: np.ndarray,
    price: np.ndarray,
    nb: np.ndarray,
    tg: np.ndarray,
    n_t: np.ndarray,
    free_t: np.ndarray,
    share: np.ndarray,
    mreg: np.ndarray,
    scale: int,
    starts_of: dict[int, np.ndarray] | None = None,
    lic: np.ndarray | None = None,
    unit_scale: int = 1,
    cut_groups: np.ndarray | None = None,
    detail: dict[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the standard and chargeable amounts under effective-dated rates.

    Parameters
    ----------
    periods_of : dict of int to tuple of (date or None, ProductRate)
        Per product code, its terms over time: ``((None, base), (effective_1,
        rate_1), ...)`` (``Schedule.rate_periods``).
    cuts : ndarray of int64
        :func:`period_cuts` of the year (every tier group is cut there), or with
        ``cut_groups`` the day of each (tier group, day) cut.
    prod, day, price, nb, tg : ndarray, shape (n,)
        Rows in canonical order: product code, sale day, net price,
        royalty-bearing units, tier group.
    n_t, free_t : ndarray of int64, shape (T,)
        Royalty-bearing and free units per tier group.
    share : ndarray of float64, shape (n,)
        ``m_i n_i / n_t`` (whole-volume share of the tier group).
    mreg : ndarray of float64, shape (n,)
        Regional multiplier ``m_i`` of each row.
    scale : int
        ``10**minor_units``.
    starts_of : dict of int to ndarray of int64, shape (J, L), optional
        Per product code, the day ``e_jl`` each of its J changes applies from per
        licensee code (:func:`change_days`); default ``effective`` for everyone.
    lic : ndarray of int, shape (n,), optional
        Licensee code of each row (required with ``starts_of``).
    unit_scale : int
        Positions per weighted unit (fractional units): ``nb``, ``n_t`` and
        ``free_t`` are in positions.
    cut_groups : ndarray of int64, shape (len(cuts),), optional
        Tier group of each cut: a group's periods are cut only at its own days (the
        changes that apply to its licensees), distinct (group, day) pairs.
    detail : dict, optional
        Filled with the per-row layout the exact path needs
        (:class:`poolcalc.royalties.stages._exact.ExactDated`): ``which`` (index of
        the row's terms in ``periods_of[prod]``), ``lo``, ``hi`` (the period's
        counter positions ``L_tq``, ``L_tq + P_tq``) and ``width`` (``P_tq``), int64.

    Returns
    -------
    s0, s1 : ndarray of float64, shape (n,)
        Standard and chargeable amount per row [minor units] (module docstring).
    """
    n = prod.size
    s0 = np.zeros(n, np.float64)
    s1 = np.zeros(n, np.float64)
    k_t = n_t - free_t
    day64 = day.astype(np.int64)
    n_tg = n_t.size
    # period (tier group, q) of each row as a flat index f; first[i] = the group's q = 0
    if cut_groups is None:
        n_q = cuts.size + 1
        first = tg.astype(np.int64) * n_q
        f = first + np.searchsorted(cuts, day64, side="right")
        size = n_tg * n_q
    else:
        order = np.lexsort((cuts, cut_groups))
        key = cut_groups[order] * _DAY_SPAN + (cuts[order] - _DAY_MIN)
        start = np.searchsorted(cut_groups[order], np.arange(n_tg))
        first = start[tg] + tg
        f = first + (np.searchsorted(key, tg * _DAY_SPAN + (day64 - _DAY_MIN), side="right")
                     - start[tg])
        size = cuts.size + n_tg
    p_f = np.rint(np.bincount(f, nb.astype(np.float64), minlength=size)).astype(np.int64)
    before = np.cumsum(p_f) - p_f
    lo = before[f] - before[first]
    width = p_f[f]
    hi = lo + width
    free = free_t[tg]
    which_of = np.zeros(n, np.int64)
    if detail is not None:
        detail.update(which=which_of, lo=lo, hi=hi, width=width)
    for p, periods in periods_of.items():
        r = np.flatnonzero(prod == p)
        if starts_of is None or lic is None:
            starts_days = np.array([_day(e) for e, _ in periods[1:]], np.int64)
            which = np.searchsorted(starts_days, day64[r], side="right")
        else:  # the last change that applies to the row's licensee on its date
            which = np.zeros(r.size, np.int64)
            per_lic = starts_of[p]
            for j in range(per_lic.shape[0]):
                which[per_lic[j, lic[r]] <= day64[r]] = j + 1
        which_of[r] = which
        for j in np.unique(which).tolist():
            rate = periods[j][1]
            rr = r[which == j]
            starts = tier_starts(rate, unit_scale)
            values = unit_values(rate, price[rr], scale, unit_scale)
            mode = str(rate.tier_mode)
            if mode == "volume":
                s0[rr] = share[rr] * tier_amount(n_t[tg[rr]], starts, values, mode)
                s1[rr] = share[rr] * tier_amount(k_t[tg[rr]], starts, values, mode)
                continue
            w = width[rr]
            sh = np.divide(nb[rr], w, out=np.zeros(rr.size), where=w > 0) * mreg[rr]
            a_hi = tier_amount(hi[rr], starts, values, mode)
            a_lo = tier_amount(lo[rr], starts, values, mode)
            # no rounding here: the rows' shares of a period sum to the period's amount, and
            # only that sum (the enterprise total) is snapped and rounded, in stage 8
            s0[rr] = sh * (a_hi - a_lo)
            c_hi = tier_amount(np.maximum(hi[rr] - free[rr], 0), starts, values, mode)
            c_lo = tier_amount(np.maximum(lo[rr] - free[rr], 0), starts, values, mode)
            s1[rr] = sh * (c_hi - c_lo)
    return s0, s1

r"""Exact amounts of the money levels: the rows' amounts in rational arithmetic.

The exact-cents stage (:mod:`poolcalc.royalties.stages.cents`) rounds a float
enterprise total directly, except where it lies within float64 error of a half minor
unit (:func:`poolcalc._money.near_half`; every total from 2**52 on).  For those few
enterprises it asks the level for its rows' exact amounts (``Level.exact``) and rounds
their exact sum once, half up.  This module gives those exact amounts:

- :class:`ExactStandard` -- stage 4 without rate changes,
  ``s_i = m_i n_i / n_t A_i(k)``;
- :class:`ExactDated` -- stage 4b (effective-dated rates): marginal tiers
  ``s_i = m_i n_i / P_tq (A_i(hi) - A_i(lo))`` over the row's period, whole-volume
  tiers ``s_i = m_i n_i / n_t A_i(k)``, each with the row's own terms;
- :func:`exact_capped` -- stage 6 (caps): ``s3_i = s2_i min(1, C_hc / W_h)
  min(1, C_c / X_g) min(1, C_e / Y_e)`` with the group totals summed exactly.

Per-position values are the 1e-6 decimals :func:`~poolcalc.royalties._apportion.snap`
holds them to (from 2**33 minor units on, the float64 itself), ``m_i`` is the region
multiplier as the decimal it was written as (``repr`` of the float), caps are whole
minor units; everything else is Python integers and
:class:`~fractions.Fraction`, no float on the way.

Arrays only; no model, io or cli imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from poolcalc.royalties.stages._run import Run
from poolcalc.royalties.stages.tiers import tier_starts, unit_values

__all__ = ["ExactDated", "ExactStandard", "exact_capped"]


def _exact_value(v: float) -> Fraction:
    """Return a per-position value [minor units] as the 1e-6 decimal its snap holds.

    Below 2**33 minor units :func:`~poolcalc.royalties._apportion.snap` holds values
    to 1e-6; above, the float64 itself is the value.
    """
    return Fraction(round(v * 10**6), 10**6) if abs(v) < 2.0**33 else Fraction(v)


def _exact_tier_amount(k: int, starts: Sequence[int], values: Sequence[Fraction],
                       mode: str) -> Fraction:
    """:func:`~.tiers.tier_amount` of one counter in exact arithmetic (Python ints)."""
    if k <= 0:
        return Fraction(0)
    if mode == "volume":
        t_star = max(t for t, st in enumerate(starts) if st < k)
        return k * values[t_star]
    total = Fraction(0)
    for t, (st, v) in enumerate(zip(starts, values, strict=True)):
        top = starts[t + 1] if t + 1 < len(starts) else k
        total += v * max(0, min(k, top) - st)
    return total


def _row_terms(rate: Any, price: np.ndarray, scale: int, d: int
               ) -> tuple[list[int], list[Fraction]]:
    """Tier starts [positions] and exact per-position values of one row (``price``: shape (1,))."""
    starts = tier_starts(rate, d).tolist()
    vals = [_exact_value(v) for v in np.ravel(unit_values(rate, price, scale, d)).tolist()]
    return starts, vals


def _multiplier(m: float) -> Fraction:
    """Return a region multiplier as the decimal written in pool.toml (``0.5``, ``0.3``)."""
    return Fraction(repr(float(m)))


class _Memo:
    """Per-run caches of the exact path: terms per (rate, price), multipliers, rows.

    The levels ask for the same rows more than once (standard, chargeable, discounted,
    capped), and rows share terms and multipliers, so each is computed once.  The
    terms of many rows come from one :func:`~.tiers.unit_values` call per rate
    (:meth:`batch_terms`; elementwise the same floats as one call per row), rows with
    equal per-position values share one list of them, and the exact tier amount of a
    list of values at a count is computed once (:meth:`tier_amount`).
    """

    def __init__(self) -> None:
        self.terms: dict[tuple[int, bytes], tuple[list[int], list[Fraction]]] = {}
        self.mult: dict[float, Fraction] = {}
        self.rows: dict[int, tuple[Fraction, Fraction]] = {}
        self.values: dict[tuple[float, ...], list[Fraction]] = {}
        self.amount: dict[tuple[int, int, str], Fraction] = {}

    def row_terms(self, rate: Any, price: np.ndarray, scale: int, d: int
                  ) -> tuple[list[int], list[Fraction]]:
        """Return :func:`_row_terms`, cached by (rate, price bits)."""
        key = (id(rate), price.tobytes())
        got = self.terms.get(key)
        if got is None:
            got = self.terms[key] = _row_terms(rate, price, scale, d)
        return got

    def batch_terms(self, rate: Any, price: np.ndarray, scale: int, d: int) -> None:
        """Fill :meth:`row_terms`'s cache for the rows of one rate (``price``: shape (m,))."""
        starts = tier_starts(rate, d).tolist()
        per_row = unit_values(rate, price, scale, d)
        same = per_row.ndim == 1  # basis unit without a price ceiling: one row of values
        rows = [per_row.tolist()] * price.size if same else per_row.tolist()
        for j, v in enumerate(rows):
            key = (id(rate), price[j:j + 1].tobytes())
            if key in self.terms:
                continue
            vkey = tuple(v)
            vals = self.values.get(vkey)
            if vals is None:
                vals = self.values[vkey] = [_exact_value(x) for x in v]
            self.terms[key] = (starts, vals)

    def tier_amount(self, k: int, starts: list[int], vals: list[Fraction], mode: str
                    ) -> Fraction:
        """:func:`_exact_tier_amount`, cached by (values list, count, mode).

        A values list is only ever paired with the starts of its one rate (the cache of
        :meth:`row_terms` keeps both alive), so its identity names the pair.
        """
        key = (id(vals), k, mode)
        got = self.amount.get(key)
        if got is None:
            got = self.amount[key] = _exact_tier_amount(k, starts, vals, mode)
        return got

    def multiplier(self, m: float) -> Fraction:
        """:func:`_multiplier`, cached."""
        m = float(m)
        got = self.mult.get(m)
        if got is None:
            got = self.mult[m] = _multiplier(m)
        return got


class ExactStandard:
    """Exact amounts ``s0_i`` and ``s1_i`` of given rows (``Level.exact``; no rate changes).

    ``s_i = m_i n_i / n_t A_i(k)`` (:mod:`~poolcalc.royalties.stages.rates`) with the
    per-position values of :func:`~.tiers.unit_values` as the 1e-6 decimals they are
    held to, ``m_i`` the region multiplier as the decimal it was written as, and
    ``A_i`` in integers: rational, no float on the way.  Called for the few
    enterprises whose float total is within float64 error of a half minor unit.
    """

    def __init__(self, run: Run, nb: np.ndarray, n_t: np.ndarray, k_t: np.ndarray,
                 mreg: np.ndarray, unit_scale: int) -> None:
        assert run.groups is not None
        self.run, self.nb, self.n_t, self.k_t, self.mreg = run, nb, n_t, k_t, mreg
        self.unit_scale = unit_scale
        self.memo = _Memo()

    def _rate(self, i: int) -> Any:
        """Terms of row ``i``."""
        key = self.run.prod if self.run.rkey is None else self.run.rkey
        return self.run.rates[int(key[i])]

    def _row(self, i: int) -> tuple[Fraction, Fraction]:
        """``(s0_i, s1_i)`` before ``s1 <= s0``."""
        run, d = self.run, self.unit_scale
        assert run.groups is not None
        rate = self._rate(i)
        starts, vals = self.memo.row_terms(rate, run.price[i:i + 1], run.scale, d)
        t = int(run.groups.tg[i])
        n_t, k_t = int(self.n_t[t]), int(self.k_t[t])
        if n_t == 0:
            return Fraction(0), Fraction(0)
        share = self.memo.multiplier(self.mreg[i]) * Fraction(int(self.nb[i]), n_t)
        mode = str(rate.tier_mode)
        return (share * self.memo.tier_amount(n_t, starts, vals, mode),
                share * self.memo.tier_amount(k_t, starts, vals, mode))

    def _prefetch(self, rows: list[int]) -> None:
        """Terms of ``rows`` by one :meth:`_Memo.batch_terms` call per rate."""
        by_rate: dict[int, tuple[Any, list[int]]] = {}
        for i in rows:
            rate = self._rate(i)
            by_rate.setdefault(id(rate), (rate, []))[1].append(i)
        for rate, idx in by_rate.values():
            self.memo.batch_terms(rate, self.run.price[np.asarray(idx, np.int64)],
                                  self.run.scale, self.unit_scale)

    def amounts(self, rows: np.ndarray) -> tuple[list[Fraction], list[Fraction]]:
        """``(s0, s1)`` of ``rows`` (canonical positions), ``s1 <= s0``."""
        s0: list[Fraction] = []
        s1: list[Fraction] = []
        memo = self.memo.rows
        rows_l = np.asarray(rows, np.int64).tolist()
        todo = [i for i in rows_l if i not in memo]
        if len(todo) > 1:
            self._prefetch(todo)
        for i in rows_l:
            got = memo.get(i)
            if got is None:
                a0, a1 = self._row(i)
                got = memo[i] = (a0, min(a0, a1))
            s0.append(got[0])
            s1.append(got[1])
        return s0, s1

    def s0(self, rows: np.ndarray) -> list[Fraction]:
        """Exact standard amounts of ``rows``."""
        return self.amounts(rows)[0]

    def s1(self, rows: np.ndarray) -> list[Fraction]:
        """Exact chargeable amounts of ``rows``."""
        return self.amounts(rows)[1]


class ExactDated(ExactStandard):
    """Exact ``s0_i`` and ``s1_i`` under effective-dated rates (stage 4b, ``Level.exact``).

    Row i is charged at its own terms ``periods_of[prod_i][which_i]``; marginal tiers
    ``s0_i = m_i n_i / P_tq (A_i(hi_i) - A_i(lo_i))`` and ``s1_i`` the same with the
    first ``f_t`` positions free (``A_i(max(x - f_t, 0))``); whole-volume tiers as
    :class:`ExactStandard` (:mod:`~poolcalc.royalties.stages.dated`).  ``detail`` is
    the layout :func:`~.dated.dated_amounts` filled in (``which``, ``lo``, ``hi``,
    ``width``), so the exact amounts are those of the same periods.
    """

    def __init__(self, run: Run, nb: np.ndarray, n_t: np.ndarray, free_t: np.ndarray,
                 mreg: np.ndarray, unit_scale: int,
                 periods_of: Mapping[int, tuple[tuple[Any, Any], ...]],
                 detail: Mapping[str, np.ndarray]) -> None:
        super().__init__(run, nb, n_t, n_t - free_t, mreg, unit_scale)
        self.free_t, self.periods_of, self.detail = free_t, periods_of, detail

    def _rate(self, i: int) -> Any:
        return self.periods_of[int(self.run.prod[i])][int(self.detail["which"][i])][1]

    def _row(self, i: int) -> tuple[Fraction, Fraction]:
        rate = self._rate(i)
        mode = str(rate.tier_mode)
        if mode == "volume":
            return super()._row(i)
        run, dt = self.run, self.detail
        assert run.groups is not None
        width = int(dt["width"][i])
        if width <= 0:
            return Fraction(0), Fraction(0)
        starts, vals = self.memo.row_terms(rate, run.price[i:i + 1], run.scale,
                                           self.unit_scale)
        lo, hi = int(dt["lo"][i]), int(dt["hi"][i])
        free = int(self.free_t[int(run.groups.tg[i])])
        share = self.memo.multiplier(self.mreg[i]) * Fraction(int(self.nb[i]), width)

        def a(x: int) -> Fraction:
            return self.memo.tier_amount(x, starts, vals, mode)

        return (share * (a(hi) - a(lo)),
                share * (a(max(hi - free, 0)) - a(max(lo - free, 0))))


def _limit(c: float) -> Fraction | None:
    """Return a cap [whole minor units, float] as an exact integer; ``None``: no cap."""
    return Fraction(int(c)) if np.isfinite(c) else None


def _cap_groups(amounts: list[Fraction], keys: Sequence[Any], limit: Callable[[Any], Any],
                on: Sequence[bool]) -> list[Fraction]:
    """Scale the rows of each key's group to ``min(1, limit / total)`` (rows ``on`` only)."""
    totals: dict[Any, Fraction] = {}
    for a, k, o in zip(amounts, keys, on, strict=True):
        if o:
            totals[k] = totals.get(k, Fraction(0)) + a
    factor = {}
    for k, total in totals.items():
        c = _limit(limit(k))
        factor[k] = c / total if c is not None and total > c else Fraction(1)
    return [a * factor[k] if o else a for a, k, o in zip(amounts, keys, on, strict=True)]


def exact_capped(previous: Callable[[np.ndarray], list[Fraction] | None] | None,
                 g: np.ndarray, cap_g: np.ndarray, el: np.ndarray,
                 enterprise_cap: float | np.ndarray, eligible: np.ndarray | None,
                 lic: np.ndarray, lic_cap_g: np.ndarray
                 ) -> Callable[[np.ndarray], list[Fraction] | None] | None:
    """Exact amounts of the caps level (``Level.exact`` of stage 6).

    The rows asked for must be whole enterprises (every cap group and licensee group
    lies inside one enterprise): their exact amounts after discounts (``previous``)
    are capped per (cap group, licensee) by ``lic_cap_g``, per cap group by ``cap_g``
    and per enterprise by ``enterprise_cap`` (arguments of
    :func:`~poolcalc.royalties.stages.caps.capped_amounts`), each group's total summed
    exactly: ``s3_i = s2_i min(1, C / total)``.  Rows not ``eligible`` pass unchanged
    and count toward no cap.  ``None`` (no exact path) when ``previous`` has none or
    the rows are not whole enterprises.
    """
    if previous is None:
        return None
    prev = previous
    counts = np.bincount(el)
    ent_caps = np.asarray(enterprise_cap, np.float64)

    def exact(rows: np.ndarray) -> list[Fraction] | None:
        rows = np.asarray(rows, np.int64)
        if int(counts[np.unique(el[rows])].sum()) != rows.size:
            return None
        s2 = prev(rows)
        if s2 is None:
            return None
        on = [True] * rows.size if eligible is None else eligible[rows].tolist()
        gr, lr, er = g[rows].tolist(), lic[rows].tolist(), el[rows].tolist()
        s2 = _cap_groups(s2, list(zip(gr, lr, strict=True)), lambda k: lic_cap_g[k[0]], on)
        s3 = _cap_groups(s2, gr, lambda k: cap_g[k], on)
        return _cap_groups(s3, er, lambda k: ent_caps if ent_caps.ndim == 0 else ent_caps[k],
                           on)

    return exact

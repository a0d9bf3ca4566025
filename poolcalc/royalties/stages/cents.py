r"""Stage 8, exact cents: whole-cent enterprise totals, attributed to groups and rows.

Every money level k (``s_0`` standard, then one per money stage) gets a whole-cent
enterprise total: ``E_0 = round(S_0)`` and ``E_k = settle_k(E_{k-1}, round(S_k))``
with ``S_k = sum_{i in e} s_k_i`` rounded half up after snapping to 1e-6 cent -- in
exact rational arithmetic (``Level.exact``) where the float total lies within float64
error of a half minor unit (:func:`poolcalc._money.near_half`), so ``round(S_k)`` is
the exact amount rounded half up at every size up to 2**53; the
default rule ``E_k = min(round(S_k), E_{k-1})`` keeps the totals monotone, the caps
stage adds ``E <= C_e`` and the waiver stage sets ``E = max(0, E_prev - W)``.

The last level's total ``E_K`` (what the enterprise would owe without the member
factor) is attributed to its (enterprise, category) groups and then to the rows by
largest remainder with weights ``s_K`` (pro rata to what each row owes after
discounts, caps and waiver; for one unit schedule, to royalty-bearing units times
the regional multiplier), falling back to ``s_{K-1}`` where ``s_K`` is all zero:
row cents ``c_i``, licensee cents ``P_l = sum_{i in l} c_i``.  Ties go by row
content, never by position: rows are in canonical order, so shuffling the input
rows changes no invoice and no (row content, cents) pair, and rows sum exactly to
``E_K``.

Arrays only; no model, io or cli imports.

References
----------
M. L. Balinski and H. P. Young, *Fair Representation*, Yale University Press, 1982
(largest remainder, Hamilton's method).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from poolcalc._money import near_half, round_half_up_exact
from poolcalc.royalties._apportion import apportion, round_half_up
from poolcalc.royalties.stages._run import Groups, Level, Run, Stage, keep_below_previous

__all__ = ["STAGE", "attribute", "enterprise_cents"]


def enterprise_cents(levels: tuple[Level, ...], el: np.ndarray, n_ent: int) -> list[np.ndarray]:
    """Whole-cent enterprise total ``E_k`` of every level (module docstring).

    ``round(S_k)`` is the float total rounded half up, except for the enterprises
    whose float total lies within float64 error of a half minor unit
    (:func:`poolcalc._money.near_half`): for them, when the level has an exact path
    (``Level.exact``), it is the exact rational sum of the rows' exact amounts rounded
    once, half up (:func:`poolcalc._money.round_half_up_exact`).

    Parameters
    ----------
    levels : tuple of Level
    el : ndarray of int64, shape (n,)
        Enterprise of each row (``0..n_ent-1``).
    n_ent : int

    Returns
    -------
    list of ndarray of int64, shape (n_ent,)
    """
    out: list[np.ndarray] = []
    total_of, depth = _two_level_sum(el, n_ent)
    rows_of = None
    for level in levels:
        sums = total_of(level.amount)
        rounded = round_half_up(sums)
        if level.exact is not None:
            for e in np.flatnonzero(near_half(sums, depth)).tolist():
                rows_of = rows_of or _rows_of(el, n_ent)
                exact = level.exact(rows_of(e))
                if exact is not None:
                    rounded[e] = round_half_up_exact(sum(exact, Fraction(0)))
        if not out:
            out.append(rounded)
            continue
        settle = level.settle or keep_below_previous
        out.append(settle(out[-1], rounded))
    return out


#: Rows per block of :func:`_two_level_sum` (about the square root of the rows of an
#: enterprise at 10^6-10^7 sales rows and 10^3-10^4 enterprises).
_BLOCK = 64


def _two_level_sum(
    el: np.ndarray, n_ent: int
) -> tuple[Callable[[np.ndarray], np.ndarray], np.ndarray]:
    """Enterprise sums in two levels (blocks of rows, then blocks), and their depth.

    A running float64 sum of the ``n_e`` rows of enterprise e is off by at most
    ``(n_e - 1) u sum |a_i|`` (u = 2**-53; N. J. Higham, *Accuracy and Stability of
    Numerical Algorithms*, 2nd ed., SIAM, 2002, section 4.2), so the window of
    :func:`poolcalc._money.near_half` grows with the rows per enterprise and, with
    the totals, about quadratically in them: ever more enterprises take the exact
    (rational, Python) path.  Summing consecutive runs of at most ``B`` =
    :data:`_BLOCK` rows of one enterprise first and then the ``m_e = ceil(n_e / B)``
    block sums, each row's amount goes through at most ``d_e = min(n_e, B) + m_e``
    additions and the same bound holds with ``d_e`` in place of ``n_e`` (a sum in
    any tree order is off by at most ``(depth) u sum |a_i|``; Higham, section 4.1).
    Every total outside the window still rounds as the exact amount does, so the
    whole minor units are unchanged; only fewer enterprises need the exact path.

    Parameters
    ----------
    el : ndarray of int64, shape (n,)
        Enterprise of each row.  When it is not non-decreasing (rows not in canonical
        order), plain running sums are used (``d_e = n_e``).
    n_ent : int

    Returns
    -------
    total_of : callable
        ``total_of(amount)``: float64 sums [minor units] per enterprise, shape (n_ent,).
    depth : ndarray of int64, shape (n_ent,)
        ``d_e``, the ``counts`` to pass to :func:`poolcalc._money.near_half`.
    """
    counts = np.bincount(el, minlength=n_ent)
    if el.size == 0 or not bool(np.all(el[1:] >= el[:-1])) or counts.max() <= _BLOCK:
        return (lambda a: np.bincount(el, a, minlength=n_ent)), counts
    n_blk = -(-counts // _BLOCK)  # ceil(n_e / B) blocks per enterprise
    first_blk = np.cumsum(n_blk) - n_blk
    first_row = np.cumsum(counts) - counts
    blk = np.arange(el.size, dtype=np.int64)
    blk -= first_row[el]
    blk //= _BLOCK
    blk += first_blk[el]  # block of each row, non-decreasing
    ent_of_blk = np.repeat(np.arange(n_ent, dtype=np.int64), n_blk)
    total = int(n_blk.sum())

    def total_of(a: np.ndarray) -> np.ndarray:
        return np.bincount(ent_of_blk, np.bincount(blk, a, minlength=total), minlength=n_ent)

    return total_of, np.minimum(counts, _BLOCK) + n_blk


def _rows_of(el: np.ndarray, n_ent: int) -> Callable[[int], np.ndarray]:
    """``rows_of(e)``: positions of enterprise ``e``'s rows (contiguous when ``el`` is sorted)."""
    order = np.arange(el.size) if bool(np.all(el[1:] >= el[:-1])) else np.argsort(el, kind="stable")
    bounds = np.searchsorted(el[order], np.arange(n_ent + 1))
    return lambda e: order[bounds[e]:bounds[e + 1]]


def attribute(
    total: np.ndarray, groups: Groups, weight: np.ndarray, fallback: np.ndarray
) -> np.ndarray:
    """Split enterprise totals to (enterprise, category) groups, then to rows.

    Parameters
    ----------
    total : ndarray of int64, shape (n_ent,)
        ``E_K`` [minor units].
    groups : Groups
    weight, fallback : ndarray of float64, shape (n,)
        ``s_K`` and ``s_{K-1}`` per row.

    Returns
    -------
    ndarray of int64, shape (n,)
        Row cents, summing exactly to ``total`` per enterprise.
    """
    g = groups.g
    g_tot = apportion(
        total, groups.ent_of_g, np.bincount(g, weight), fallback=np.bincount(g, fallback)
    )
    return apportion(g_tot, g, weight, fallback=fallback)


def _apply(run: Run, terms: Any) -> Run:
    assert run.groups is not None
    e_tot = enterprise_cents(run.levels, run.groups.el, run.groups.n_ent)
    last = run.levels[-1].amount
    prev = run.levels[-2].amount if len(run.levels) > 1 else last
    cents = attribute(e_tot[-1], run.groups, last, prev)
    pre = np.rint(np.bincount(run.lic, cents.astype(np.float64), minlength=run.n_lic))
    pre = pre.astype(np.int64)
    return run.evolve(enterprise_cents=tuple(e_tot), cents=cents, pre_member=pre, owed=pre)


#: Stage 8 of the engine.
STAGE = Stage("exact cents", _apply)

r"""Stage 8, exact cents: whole-cent enterprise totals, attributed to groups and rows.

Every money level k (``s_0`` standard, then one per money stage) gets a whole-cent
enterprise total: ``E_0 = round(S_0)`` and ``E_k = settle_k(E_{k-1}, round(S_k))``
with ``S_k = sum_{i in e} s_k_i`` rounded half up after snapping to 1e-6 cent; the
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

from typing import Any

import numpy as np

from poolcalc.royalties._apportion import apportion, round_half_up
from poolcalc.royalties.stages._run import Groups, Level, Run, Stage, keep_below_previous

__all__ = ["STAGE", "attribute", "enterprise_cents"]


def enterprise_cents(levels: tuple[Level, ...], el: np.ndarray, n_ent: int) -> list[np.ndarray]:
    """Whole-cent enterprise total ``E_k`` of every level (module docstring).

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
    for level in levels:
        rounded = round_half_up(np.bincount(el, level.amount, minlength=n_ent))
        if not out:
            out.append(rounded)
            continue
        settle = level.settle or keep_below_previous
        out.append(settle(out[-1], rounded))
    return out


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

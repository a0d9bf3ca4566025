r"""Stage 10, invoice breakdown: gross, allowance, discount, cap and member relief.

A licensee owes ``O_l``, the sum of its rows.  Its gross is ``P_l`` (what it would
owe as a non-member) plus its largest-remainder share of the enterprise reduction
``E_0 - E_K`` (weights: its own ``sum(s_0 - s_K)``); that share is split into the
invoice's buckets (allowance, discount, cap) by largest remainder on the
licensee's own float reductions, each money level's reduction ``s_{k-1} - s_k``
going to the level's bucket (free units and waiver: allowance; discounts:
discount; caps: cap).  The member relief is ``P_l - O_l``, so::

    owed = gross - member - discount - allowance - cap      exactly, every term >= 0

and only ``member`` and ``owed`` (of members only) depend on ``member_rate``.

Arrays only; no model, io or cli imports.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from poolcalc.royalties._apportion import apportion
from poolcalc.royalties.stages._run import BUCKETS, Level, Run, Stage

__all__ = ["STAGE", "bucket_weights", "invoice_breakdown"]


def bucket_weights(levels: tuple[Level, ...], lic: np.ndarray, n_lic: int) -> np.ndarray:
    """Per licensee, the float reduction of each bucket of :data:`BUCKETS`.

    Returns
    -------
    ndarray of float64, shape (n_lic, len(BUCKETS))
        ``w_lb = sum_{k: bucket_k = b} (S_{k-1,l} - S_{k,l})``, clipped at 0, with
        ``S_{k,l}`` the licensee's sum of level k.
    """
    sums = [np.bincount(lic, level.amount, minlength=n_lic) for level in levels]
    cols = []
    for b in BUCKETS:
        w: np.ndarray | None = None
        for k in range(1, len(levels)):
            if levels[k].bucket == b:
                d = sums[k - 1] - sums[k]
                w = d if w is None else w + d
        cols.append(np.zeros(n_lic) if w is None else w)
    return np.stack(cols, axis=1).clip(min=0.0)


def invoice_breakdown(
    levels: tuple[Level, ...],
    e_tot: tuple[np.ndarray, ...],
    lic: np.ndarray,
    el: np.ndarray,
    n_lic: int,
    n_ent: int,
    pre: np.ndarray,
    owed: np.ndarray,
) -> dict[str, np.ndarray]:
    """Gross and the reductions per licensee (module docstring).

    Parameters
    ----------
    levels : tuple of Level
    e_tot : tuple of ndarray of int64, shape (n_ent,)
        Whole-cent enterprise total of every level.
    lic, el : ndarray of int64, shape (n,)
        Licensee and enterprise of each row.
    n_lic, n_ent : int
    pre, owed : ndarray of int64, shape (n_lic,)
        ``P_l`` and ``O_l``.

    Returns
    -------
    dict of str to ndarray of int64, shape (n_lic,)
        ``gross``, one entry per bucket of :data:`BUCKETS` and ``member``.
    """
    first = np.bincount(lic, levels[0].amount, minlength=n_lic)
    last = np.bincount(lic, levels[-1].amount, minlength=n_lic)
    parent = np.full(n_lic, n_ent, np.int64)  # licensees without rows: a parent owing 0
    parent[lic] = el
    red_e = np.append(e_tot[0] - e_tot[-1], 0)
    gross = pre + apportion(red_e, parent, np.maximum(first - last, 0.0), fallback=first)
    nb = len(BUCKETS)
    parts = apportion(
        gross - pre,
        np.repeat(np.arange(n_lic), nb),
        bucket_weights(levels, lic, n_lic).ravel(),
        fallback=np.ones(nb * n_lic),
    ).reshape(n_lic, nb)
    out = {"gross": gross}
    out.update({b: parts[:, j] for j, b in enumerate(BUCKETS)})
    out["member"] = pre - owed
    return out


def _apply(run: Run, terms: Any) -> Run:
    assert run.groups is not None and run.pre_member is not None and run.owed is not None
    breakdown = invoice_breakdown(
        run.levels, run.enterprise_cents, run.lic, run.groups.el, run.n_lic, run.groups.n_ent,
        run.pre_member, run.owed,
    )
    return run.evolve(breakdown=breakdown)


#: Stage 10 of the engine.
STAGE = Stage("invoice breakdown", _apply)

r"""Stage 3, free units: an annual allowance of units per enterprise that owe nothing.

The first ``free_units`` royalty-bearing units of each enterprise's year owe no
royalty (Via LA HEVC: units 1-100,000 per year free, "available to one Legal
Entity in an affiliated group"; AVC/H.264 has the same 100,000 as its first,
zero-rate bracket).  The allowance is applied once per enterprise, before tiers,
and shared among the enterprise's tier groups t pro rata to their units::

    F_e = min(free_units, sum_{t in e} n_t)
    f_t = largest-remainder share of F_e with weights n_t     (ties: canonical order:
                                                              category, then counter)
    k_t = n_t - f_t                                           (chargeable units)

The free units are the first ``f_t`` positions of the tier group's counter, so the
tier stage charges ``A(k_t)`` instead of ``A(n_t)`` (and, with dated rates, period
q's positions after the free ones); the difference is the invoice's allowance.

This module is the whole term: the engine sees only the exempt positions
(``Run.exempt``) it sets, and the pool.toml key ``[royalty] free_units`` is one row
of the schema table in :mod:`poolcalc.io._schema`.

Arrays only; no model, io or cli imports.

References
----------
Via Licensing Alliance, "HEVC License Fees" (units 1-100,000 per year: no royalty;
US$0.20 per unit above), via-la.com/licensing-2/hevc/hevc-license-fees/ (accessed
2025).  MPEG LA, AVC/H.264 licence terms (units 1-100,000 per Enterprise per year:
US$0), cdrinfo.com/d7/node/7208, 19 May 2004.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from poolcalc.royalties._apportion import apportion
from poolcalc.royalties.stages._run import Run, Stage

__all__ = ["STAGE", "free_units"]


class FreeUnitTerms(Protocol):
    """What the free-units stage reads from the schedule."""

    free_units: int


def free_units(allowance: int, n_t: np.ndarray, ent_of_t: np.ndarray, n_ent: int) -> np.ndarray:
    """Free units of each tier group.

    Parameters
    ----------
    allowance : int
        Free units per enterprise per year.
    n_t : ndarray of int64, shape (T,)
        Royalty-bearing units per tier group.
    ent_of_t : ndarray of int64, shape (T,)
        Enterprise of each tier group (``0..n_ent-1``), groups in canonical order.
    n_ent : int

    Returns
    -------
    ndarray of int64, shape (T,)
        ``f_t``: ``sum_{t in e} f_t = min(allowance, sum_{t in e} n_t)`` and
        ``0 <= f_t <= n_t``.

    Examples
    --------
    An enterprise with 60,000 units in one category and 90,000 in another shares
    100,000 free units 40,000 / 60,000:

    >>> free_units(100_000, np.array([60_000, 90_000]), np.array([0, 0]), 1).tolist()
    [40000, 60000]
    """
    n_e = np.bincount(ent_of_t, n_t.astype(np.float64), minlength=n_ent).astype(np.int64)
    free = np.minimum(int(allowance), n_e)
    return apportion(free, ent_of_t, n_t.astype(np.float64))


def _apply(run: Run, terms: FreeUnitTerms) -> Run:
    assert run.groups is not None and run.n_t is not None
    f_t = free_units(terms.free_units, run.n_t, run.groups.ent_of_t, run.groups.n_ent)
    exempt = f_t if run.exempt is None else run.exempt + f_t
    return run.evolve(exempt=exempt)


#: Stage 3 of the engine.
STAGE = Stage("free units", _apply)

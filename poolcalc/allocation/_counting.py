"""Numeric proportionality over a period: patent, family and value-weighted counts.

Kernels on :class:`poolcalc.tables.PatentTable` arrays.  A pooled patent counts for
a period ``[start, end)`` (day numbers) when it is evaluated essential, not invalid
and in force on at least one day of the period: ``granted < end`` and
``expires > start``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from poolcalc._args import checked_args
from poolcalc._unique import unique_ints
from poolcalc.errors import InvalidInputError
from poolcalc.tables import ESSENTIAL_CODE, INVALID_CODE, PatentTable

__all__ = ["in_force_during", "member_counts"]


@checked_args
def in_force_during(
    table: PatentTable, start: int, end: int, *, status: int | None = ESSENTIAL_CODE
) -> np.ndarray:
    """Mask (P,) of patents in force on at least one day of ``[start, end)``.

    ``status`` restricts to one status code (default: evaluated essential, i.e.
    pooled); ``None`` keeps every status but ``invalid``.

    Parameters
    ----------
    table : PatentTable
    start, end : int
        Day numbers (:func:`poolcalc.tables.day_number`) of the first day and of the
        day after the last.
    status : int or None
        Status code into :data:`poolcalc.tables.STATUSES` (default 0: evaluated
        essential); None: any status but invalid.

    Returns
    -------
    ndarray of bool, shape (P,)
        True for the patents granted before ``end`` and expiring after ``start``.

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc.tables import day_number
    >>> table = poolcalc.load_example().patents
    >>> mask = in_force_during(table, day_number("2024-01-01"), day_number("2025-01-01"))
    >>> mask.shape == (len(table),) and 0 < int(mask.sum()) < len(table)
    True
    """
    if end <= start:
        raise InvalidInputError(f"period end must be after start, got [{start}, {end})")
    m = (table.granted < end) & (table.expires > start) & (table.status != INVALID_CODE)
    if status is not None:
        m &= table.status == status
    return m


@checked_args
def member_counts(
    table: PatentTable,
    mask: np.ndarray,
    *,
    unit: Literal["patent", "family", "weight"] = "patent",
) -> np.ndarray:
    """Per-member counts of the patents selected by ``mask``.

    Parameters
    ----------
    table : PatentTable
    mask : ndarray of bool, shape (P,)
    unit : {"patent", "family", "weight"}
        ``patent``: number of national patents n_i; ``family``: number of distinct
        families (a family split between owners counts once for each owner);
        ``weight``: sum of the ``weight`` column, sum_{p in P_i} w_p.

    Returns
    -------
    ndarray of shape (n_members,)
        int64 counts, or float64 weight sums for ``unit="weight"``.

    Notes
    -----
    Numeric proportionality: share_i = n_i / sum_j n_j, the rule of
    the MPEG-2 and DVD 6C pools (US DOJ business review letters of 26 Jun 1997 and
    10 Jun 1999); value weights as in Layne-Farrar, Padilla and Schmalensee,
    "Pricing patents for licensing in standard-setting organizations: making sense
    of FRAND commitments", Antitrust Law Journal 74 (2007) 671.

    References
    ----------
    US DOJ, MPEG-2 business review letter, 26 June 1997 (pro-rata patent counting).
    Layne-Farrar, A. and Lerner, J., "To join or not to join", International Journal of
    Industrial Organization 29(2), 2011 (numeric patent-share rules).

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc.tables import day_number
    >>> pool = poolcalc.load_example()
    >>> mask = in_force_during(pool.patents, day_number("2024-01-01"), day_number("2025-01-01"))
    >>> counts = member_counts(pool.patents, mask)
    >>> counts.shape == (len(pool.members),) and int(counts.sum()) == int(mask.sum())
    True
    """
    m = len(table.members)
    mask = np.asarray(mask, bool)
    owner = table.owner[mask].astype(np.int64)
    if unit == "patent":
        return np.bincount(owner, minlength=m).astype(np.int64)
    if unit == "weight":
        return np.bincount(owner, weights=table.weight[mask], minlength=m)
    if unit == "family":
        key = unique_ints(owner * max(len(table.families), 1) + table.family[mask])
        return np.bincount(key // max(len(table.families), 1), minlength=m).astype(np.int64)
    raise InvalidInputError(f"unit must be one of patent, family, weight; got {unit!r}")

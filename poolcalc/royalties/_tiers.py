"""Volume tiers: marginal brackets and whole-volume tiers, vectorised over rows.

Arrays only (numpy); no model, io or cli imports.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from poolcalc.errors import InvalidInputError

__all__ = ["tier_amount"]


def tier_amount(
    units: np.ndarray | int,
    starts: np.ndarray,
    values: np.ndarray,
    mode: Literal["marginal", "volume"] = "marginal",
) -> np.ndarray:
    """Royalty of ``units`` units counted from the first unit of the period.

    Parameters
    ----------
    units : int or ndarray of int, shape (n,)
        Chargeable units k of the counter (enterprise, category, year).
    starts : ndarray of int, shape (T,)
        Tier starts s_0 = 0 < s_1 < ... : tier t covers units s_t + 1 .. s_{t+1}.
    values : ndarray of float, shape (T,) or (n, T)
        Amount per unit in each tier [currency or cents per unit]; one row per
        element of ``units`` when the amount depends on the row (price basis).
    mode : {"marginal", "volume"}

    Returns
    -------
    ndarray of float64, shape (n,)

    Notes
    -----
    Marginal brackets (AVC/H.264):
    ``A(k) = sum_t v_t * clip(k - s_t, 0, s_{t+1} - s_t)`` with ``s_T = inf``.
    Whole-volume tiers: ``A(k) = k * v_{t*}`` with ``t* = max{t : s_t < k}``
    (A(0) = 0).  Both are 0 at k = 0; the marginal form is continuous and, with
    non-negative values, non-decreasing in k.

    References
    ----------
    MPEG LA, AVC/H.264 Patent Portfolio License terms (marginal brackets 1-100,000 /
    100,001-5,000,000 / above), reported at cdrinfo.com/d7/node/7208, 19 May 2004.
    Radio World, report on the xHE-AAC licence (volume tiers, marginal or whole-volume not
    stated), radioworld.com; see DOMAIN.md 1.2 and 1.8.

    Examples
    --------
    AVC/H.264 (DOMAIN.md 1.10): 6,000,000 units at 0 / 0.20 / 0.10 from 0 / 100,000 /
    5,000,000 units.

    >>> float(tier_amount(6_000_000, np.array([0, 100_000, 5_000_000]),
    ...                   np.array([0.0, 0.20, 0.10]))[0])
    1080000.0
    """
    k = np.atleast_1d(np.asarray(units, dtype=np.int64))
    s = np.asarray(starts, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    if v.ndim == 1:
        v = np.broadcast_to(v, (k.size, s.size))
    if v.shape != (k.size, s.size):
        raise InvalidInputError(
            f"values must have shape ({s.size},) or ({k.size}, {s.size}), got {v.shape}"
        )
    if mode == "marginal":
        out = np.zeros(k.size, dtype=np.float64)
        for t in range(s.size):
            width = np.iinfo(np.int64).max if t + 1 == s.size else s[t + 1] - s[t]
            inside = np.clip(k - s[t], 0, width)
            out += inside * v[:, t]
        return out
    if mode == "volume":
        t_star = np.searchsorted(s, k, side="left") - 1
        reached = np.take_along_axis(v, np.clip(t_star, 0, None)[:, None], axis=1)[:, 0]
        return np.where(k > 0, k * reached, 0.0)
    raise InvalidInputError(f"tier_mode must be 'marginal' or 'volume', got {mode!r}")

r"""Tier tables: marginal brackets and whole-volume tiers, and the amount per unit.

The kernels of stage 4 (:mod:`poolcalc.royalties.stages.rates`): what ``k`` units
cost on a tier table, :func:`tier_amount`, and the amount per unit of each tier in
minor units, :func:`unit_values` (basis ``unit``: the rate; basis ``price``: the
rate times the net price, clipped to ``[min_per_unit, max_per_unit]``).

Arrays only (numpy); no model, io or cli imports.

References
----------
MPEG LA, AVC/H.264 Patent Portfolio License terms (marginal brackets 1-100,000 /
100,001-5,000,000 / above), cdrinfo.com/d7/node/7208, 19 May 2004.  Radio World,
report on the xHE-AAC licence (nine volume tiers US$1.08 to US$0.35 per unit;
marginal or whole-volume not stated), radioworld.com.  DVD6C Licensing Agency
(4 % of the net selling price, minimum US$4; maximum US$8 per player from 1 January
2003), dvd6cla.com/news/008.html.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from poolcalc._args import check_array_arg
from poolcalc.errors import InvalidInputError
from poolcalc.royalties._apportion import snap

__all__ = ["tier_amount", "tier_starts", "unit_values"]


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
    stated), radioworld.com.

    Examples
    --------
    AVC/H.264: 6,000,000 units at 0 / 0.20 / 0.10 from 0 / 100,000 / 5,000,000 units
    cost 0 x 100,000 + 0.20 x 4,900,000 + 0.10 x 1,000,000 = US$1,080,000.

    >>> float(tier_amount(6_000_000, np.array([0, 100_000, 5_000_000]),
    ...                   np.array([0.0, 0.20, 0.10]))[0])
    1080000.0
    """
    k = np.atleast_1d(check_array_arg(units, "tier_amount: units", "i"))
    s = np.atleast_1d(check_array_arg(starts, "tier_amount: starts", "i"))
    v = check_array_arg(values, "tier_amount: values")
    if mode not in ("marginal", "volume"):
        raise InvalidInputError(f"tier_mode must be 'marginal' or 'volume', got {mode!r}")
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


def unit_values(rate: Any, price: np.ndarray, scale: int, unit_scale: int = 1) -> np.ndarray:
    """Amount per unit of each tier [minor units], per row for basis ``price``.

    Parameters
    ----------
    rate : ProductRate
        ``basis``, ``tiers`` (``start``, ``rate``), ``min_per_unit``, ``max_per_unit``.
    price : ndarray of float64, shape (n,)
        Net price per unit of the rows (used for basis ``price`` only).
    scale : int
        ``10**minor_units``.
    unit_scale : int
        Positions per weighted unit D (fractional units, ``ProductRate.unit_weight``):
        the amount per position is ``v_t * unit_weight / D``.

    Returns
    -------
    ndarray of float64, shape (T,) or (n, T)
        Basis ``unit``: ``v_t = 10^mu * r_t`` (per row ``10^mu min(r_t, f p_i)`` with
        ``max_fraction_of_price`` f, MPEG Surround professional software); basis
        ``price`` (DVD6C: 4 %, min US$4, max US$8):
        ``v_it = 10^mu * clip(r_t * p_i, min_per_unit, max_per_unit)``;
        snapped to 1e-6 minor unit.

    Examples
    --------
    DVD6C 2003, a player sold at US$250: ``clip(0.04 * 250, 4, 8) = 8`` -> 800 cents.

    >>> from types import SimpleNamespace as Terms
    >>> dvd6c = Terms(basis="price", tiers=[Terms(start=0, rate=0.04)], min_per_unit=4,
    ...               max_per_unit=8)
    >>> unit_values(dvd6c, np.array([250.0]), 100).tolist()
    [[800.0]]
    """
    tr = np.array([t.rate for t in rate.tiers], np.float64)
    if str(rate.basis) == "price":
        per_unit = np.clip(tr[None, :] * price[:, None], rate.min_per_unit, rate.max_per_unit)
        return snap(per_unit * scale / unit_scale)
    ceiling = getattr(rate, "max_fraction_of_price", np.inf)
    if np.isfinite(ceiling):  # basis unit, capped at a fraction of the net price
        per_unit = np.minimum(tr[None, :], ceiling * price[:, None])
        return snap(per_unit * scale / unit_scale)
    return snap(tr * scale / unit_scale)


def tier_starts(rate: Any, unit_scale: int = 1) -> np.ndarray:
    """Tier starts ``s_t`` of ``rate`` in positions (int64, shape (T,)): ``D * start``."""
    return np.array([t.start for t in rate.tiers], np.int64) * int(unit_scale)

"""Exact-cent rounding kernels: half-up rounding and grouped largest-remainder splits.

Arrays only (numpy); no model, io or cli imports.
"""

from __future__ import annotations

import numpy as np

from poolcalc._args import check_array_arg, checked_args
from poolcalc.errors import InvalidInputError

__all__ = ["apportion", "round_half_up", "snap"]

#: Float amounts are snapped to this many decimals (of a cent) before rounding, so
#: decimal ties such as 1.5 cents (stored as 1.4999999999999998) round as written.
_SNAP_DECIMALS = 6
#: Amounts [cents] from which float64 is too coarse to snap (ulp(2**33) = 2**-19 > 1e-6).
_SNAP_LIMIT = 2.0**33
#: Remainders are compared after rounding to this many decimals, so remainders that
#: are equal in exact arithmetic tie (and fall to the deterministic tie-breaker).
_REM_SCALE = 10**9


def snap(x: np.ndarray | float) -> np.ndarray:
    """Round float amounts [cents] to 1e-6 cent (removes binary representation noise).

    Only below :data:`_SNAP_LIMIT` (2**33 cents): above it a float64 is coarser than
    1e-6 cent already, and ``np.round(x, 6)`` (``rint(x * 1e6) / 1e6``) would move
    exact integers (``np.round(1e16 + 48030, 6) == 1e16 + 48028``), so larger amounts
    are kept as they are.

    >>> float(snap(1.4999999999999998)), float(snap(1e16 + 48030)) == 1e16 + 48030
    (1.5, True)
    """
    a = np.asarray(x, dtype=np.float64)
    s = np.round(a, _SNAP_DECIMALS)
    big = np.abs(a) >= _SNAP_LIMIT
    if big.any():
        s = np.where(big, a, s)
    return s


@checked_args
def round_half_up(x: np.ndarray | float) -> np.ndarray:
    """Round float amounts [cents] to whole cents, halves away from zero (int64).

    Parameters
    ----------
    x : ndarray or float
        Amounts [cents].

    Returns
    -------
    ndarray of int64

    Examples
    --------
    >>> round_half_up([0.015 * 100, 2.4999, -0.5]).tolist()
    [2, 2, -1]
    >>> int(round_half_up(2.0**52 + 1))  # not 2**52 + 2 (x + 0.5 rounds to even)
    4503599627370497
    """
    s = snap(x)
    a = np.abs(s)
    # from 2**52 on a float64 is a whole number and a + 0.5 would round to even
    return (np.sign(s) * np.where(a < 2.0**52, np.floor(a + 0.5), a)).astype(np.int64)


def _isum(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Exact integer group sums (bincount sums in float64: exact below 2**53)."""
    return np.rint(np.bincount(group, values, minlength=n)).astype(np.int64)


def apportion(
    total: np.ndarray,
    parent: np.ndarray,
    weight: np.ndarray,
    *,
    fallback: np.ndarray | None = None,
) -> np.ndarray:
    """Split integer totals among children by largest remainder.

    Parameters
    ----------
    total : ndarray of int64, shape (G,)
        Non-negative amount of each parent [cents].
    parent : ndarray of int, shape (n,)
        Parent code in ``0..G-1`` of each child.
    weight : ndarray of float64, shape (n,)
        Non-negative weights.  The children's position in the arrays is the
        tie-breaker (earlier first): callers pass children in a canonical order
        (sorted by content), so the split does not depend on input row order.
    fallback : ndarray of float64, shape (n,), optional
        Weights used for a parent whose ``weight`` sum is 0 while its total is not;
        when these are all 0 too, the total is split equally.

    Returns
    -------
    ndarray of int64, shape (n,)
        Non-negative shares with ``bincount(parent, shares) == total`` exactly.

    Notes
    -----
    Hamilton's method: child i of parent g gets ``floor(x_i)`` with
    ``x_i = T_g w_i / W_g``, and the ``T_g - sum floor(x)`` leftover cents go one each
    to the children with the largest remainders ``x_i - floor(x_i)`` (ties: earlier
    position).  Balinski and Young, *Fair Representation*, Yale University Press, 1982.

    Examples
    --------
    >>> import numpy as np
    >>> apportion(np.array([100]), np.array([0, 0, 0]), np.array([1.0, 1.0, 1.0])).tolist()
    [34, 33, 33]
    """
    total = np.atleast_1d(check_array_arg(total, "apportion: total", "i"))
    parent = np.atleast_1d(check_array_arg(parent, "apportion: parent", "i", low=0))
    w = np.atleast_1d(check_array_arg(weight, "apportion: weight"))
    n_parent = total.size
    if parent.size and parent.max() >= n_parent:
        raise InvalidInputError(
            f"apportion: parent must index total (0..{n_parent - 1}), got {parent.max()}")
    if w.shape != parent.shape:
        raise InvalidInputError(
            f"apportion: weight must have the shape of parent {parent.shape}, got {w.shape}")
    if parent.size == 0 or not (total[parent] > 0).any():
        return np.zeros(parent.size, dtype=np.int64)
    wsum = np.bincount(parent, w, minlength=n_parent)
    empty = (wsum <= 0) & (total > 0)
    if empty.any():
        use = empty[parent]
        fb = np.ones(parent.size) if fallback is None else np.asarray(fallback, np.float64)
        fsum = np.bincount(parent, np.where(use, fb, 0.0), minlength=n_parent)
        eq = empty & (fsum <= 0)
        w = np.where(use, np.where(eq[parent], 1.0, fb), w)
        wsum = np.bincount(parent, w, minlength=n_parent)
    # zero-weight children get nothing; when every child takes part, no copies
    take = (total > 0)[parent]
    take &= w > 0
    idx = None if take.all() else np.flatnonzero(take)
    del take
    p, wi = (parent, w) if idx is None else (parent[idx], w[idx])
    x = wi / wsum[p]
    x *= total[p]  # T_g (w_i / W_g), the same float64 product as T_g * (w_i / W_g)
    q = np.floor(x).astype(np.int64)
    left = total - _isum(p, q, n_parent)
    if (left < 0).any():  # float noise pushed floors over the total: drop a cent each
        neg = (left < 0)[p]
        q = np.where(neg & (q > 0), q - 1, q)
        left = total - _isum(p, q, n_parent)
    need = left[p] > 0
    if need.any():
        sub = None if need.all() else np.flatnonzero(need)
        del need
        ps, r = (p, x) if sub is None else (p[sub], x[sub])
        # remainders as integers in 1e-9 (equal in exact arithmetic -> equal here), then one
        # int64 key (parent, descending remainder); ties keep the canonical position
        r -= q if sub is None else q[sub]  # x is not used after this
        r *= _REM_SCALE
        remq = np.rint(r, out=r).astype(np.int64)
        del x, r
        if sub is None:
            q += _hand_out(ps, remq, left, n_parent)
        else:
            q[sub] += _hand_out(ps, remq, left, n_parent)
    if idx is None:
        return q
    out = np.zeros(parent.size, dtype=np.int64)
    out[idx] = q
    return out


def _hand_out(ps: np.ndarray, remq: np.ndarray, left: np.ndarray, n_parent: int) -> np.ndarray:
    """Extra cents of each child: ``left // c`` plus one for the ``left % c`` first.

    Children of parent g (``c_g`` of them) are ranked by descending remainder ``remq``,
    ties by position (earlier first); the first ``left_g mod c_g`` get one more cent.

    Without a stable sort of the children: one ``np.sort`` of the int64 keys
    ``k = g (S + 1) + (S - remq)`` (S = 10^9) gives each parent's threshold key
    ``t_g`` (the ``r_g``-th smallest of its keys, ``r_g = left_g mod c_g``); a child
    with ``k < t_g`` gets the cent, and of the children with ``k = t_g`` the first
    ``r_g - #{k < t_g}`` by position (a stable sort of the tied children only).  This
    is the rank rule of a stable sort of the keys, element for element.
    """
    key = ps * (_REM_SCALE + 1)
    key += _REM_SCALE
    key -= remq  # g (S + 1) + (S - remq), in place
    counts = np.bincount(ps, minlength=n_parent)
    div = np.maximum(counts, 1)
    base = left // div
    r = np.where(counts > 0, left % div, 0)
    extra = base[ps]
    if remq.min() < 0 or remq.max() > _REM_SCALE:  # keys of two parents could interleave
        order = np.argsort(key, kind="stable")
        ps_sorted = ps[order]
        rank = np.arange(ps.size) - (np.cumsum(counts) - counts)[ps_sorted]
        extra[order] += rank < r[ps_sorted]
        return extra
    gsel = np.flatnonzero(r > 0)
    if gsel.size == 0:
        return extra
    sk = np.sort(key)
    starts = np.cumsum(counts) - counts
    t = sk[starts[gsel] + r[gsel] - 1]
    thr = np.full(n_parent, -1, np.int64)
    thr[gsel] = t
    m = np.zeros(n_parent, np.int64)  # how many tied children of g get the cent
    m[gsel] = r[gsel] - (np.searchsorted(sk, t, "left") - starts[gsel])
    del sk
    tk = thr[ps]
    extra += key < tk
    tie = np.flatnonzero(key == tk)
    del key, tk
    tp = ps[tie]
    o = np.argsort(tp, kind="stable")
    tps = tp[o]
    tcounts = np.bincount(tps, minlength=n_parent)
    trank = np.arange(tps.size) - (np.cumsum(tcounts) - tcounts)[tps]
    extra[tie[o[trank < m[tps]]]] += 1
    return extra

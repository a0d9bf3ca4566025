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
#: Bits that hold any remainder key ``0..S`` (``S = 10**9 < 2**30``).
_REM_BITS = 30
#: At most ``2**_BUCKET_BITS`` counting buckets per parent in :func:`_first_by_rank`.
_BUCKET_BITS = 12


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


def _hand_out(
    ps: np.ndarray, remq: np.ndarray, left: np.ndarray, n_parent: int, *,
    bucket_bits: int = _BUCKET_BITS,
) -> np.ndarray:
    """Extra cents of each child: ``left // c`` plus one for the ``left % c`` first.

    Children of parent g (``c_g`` of them) are ranked by descending remainder ``remq``,
    ties by position (earlier first); the first ``r_g = left_g mod c_g`` get one more
    cent.  With every ``remq`` in ``0..S`` (S = 10^9) this is :func:`_first_by_rank` of
    the distances ``S - remq`` (no global sort); otherwise (a floor moved down by the
    float-noise correction) the keys ``g (S + 1) + (S - remq)`` of two parents could
    interleave and one stable argsort of them ranks the children, as a stable sort of
    (parent, -remainder, position) would.
    """
    counts = np.bincount(ps, minlength=n_parent)
    div = np.maximum(counts, 1)
    base = left // div
    r = np.where(counts > 0, left % div, 0)
    extra = base[ps]
    if remq.min() < 0 or remq.max() > _REM_SCALE:  # keys of two parents could interleave
        key = ps * (_REM_SCALE + 1)
        key += _REM_SCALE
        key -= remq  # g (S + 1) + (S - remq), in place
        order = np.argsort(key, kind="stable")
        ps_sorted = ps[order]
        rank = np.arange(ps.size) - (np.cumsum(counts) - counts)[ps_sorted]
        extra[order] += rank < r[ps_sorted]
        return extra
    if not (r > 0).any():
        return extra
    extra += _first_by_rank(ps, remq, r, n_parent, bucket_bits)
    return extra


def _first_by_rank(
    ps: np.ndarray, remq: np.ndarray, need: np.ndarray, n_parent: int, bucket_bits: int
) -> np.ndarray:
    """Mask of the ``need[g]`` children of each parent g first by (``-remq``, position).

    Parameters
    ----------
    ps : ndarray of int, shape (m,)
        Parent of each child.
    remq : ndarray of int64, shape (m,)
        Remainders in ``0..S`` [1e-9 cent] (larger first).
    need : ndarray of int64, shape (n_parent,)
        ``0 <= need[g] < c_g`` children to take of parent g.
    n_parent : int
    bucket_bits : int
        At most ``2**bucket_bits`` buckets per parent.

    Returns
    -------
    ndarray of bool, shape (m,)

    Notes
    -----
    A threshold per parent by counting instead of a sort of all m children.  With
    ``d_i = S - remq_i`` (``0 <= d_i <= S < 2**30``) and ``2**k`` buckets per parent
    (``k <= bucket_bits``, ``G 2**k <= m`` for G parents), child i lies in cell
    ``g_i 2**k + (d_i >> (30 - k))``; one bincount and its cumulative sum ``C`` give each
    parent's threshold cell ``j_g``, the first with ``C >= C_{g 2**k - 1} + need_g``.
    Children in earlier cells of their parent have a strictly smaller ``d`` than any in
    ``j_g`` and are all taken, children in later cells none; of the children in ``j_g``
    (equal ``d`` share a cell) the first ``need_g - (C_{j_g - 1} - C_{g 2**k - 1})`` by
    (d, position) are taken by :func:`_first_by_sort` on those children only, kept in
    their original order.  The same children as a stable sort of ``(g, d)`` would rank
    first, element for element; O(m) plus a sort of the threshold cells' children (about
    ``m 2**-k`` of them when remainders are spread).
    """
    k = min(bucket_bits, max(0, (ps.size // n_parent).bit_length() - 1))
    if k == 0:
        return _first_by_sort(ps, _REM_SCALE - remq, need, n_parent)
    cell = np.subtract(_REM_SCALE, remq)
    cell >>= _REM_BITS - k
    hi = ps << k
    cell += hi
    del hi
    cum = np.bincount(cell, minlength=n_parent << k)
    np.cumsum(cum, out=cum)  # C
    first = np.arange(n_parent, dtype=np.int64) << k
    c0 = np.where(first > 0, cum[np.maximum(first - 1, 0)], 0)  # C before each parent
    j = np.searchsorted(cum, c0 + need, "left")  # threshold cell of each parent
    rest = need - (np.where(j > 0, cum[np.maximum(j - 1, 0)], 0) - c0)  # >= 1 where need
    del cum
    j = np.where(need > 0, j, -1)  # parents with nothing to take: no threshold cell
    t = j[ps]
    win = cell < t
    cand = np.flatnonzero(cell == t)
    del cell, t
    pc = ps[cand]
    win[cand[_first_by_sort(pc, _REM_SCALE - remq[cand], rest * (need > 0), n_parent)]] = True
    return win


def _first_by_sort(g: np.ndarray, d: np.ndarray, need: np.ndarray, n_g: int) -> np.ndarray:
    """Mask of the ``need[g]`` children of each parent first by (``d``, position).

    One ``np.sort`` of the int64 keys ``k = g (S + 1) + d`` (``0 <= d <= S``, so parents'
    keys do not interleave) gives each parent's threshold key ``t_g`` (its
    ``need_g``-th smallest); a child with ``k < t_g`` is taken, and of the children with
    ``k = t_g`` the first ``need_g - #{k < t_g}`` by position (a stable sort of the tied
    children only).  This is the rank rule of a stable sort of the keys.
    """
    key = g * (_REM_SCALE + 1)
    key += d
    counts = np.bincount(g, minlength=n_g)
    gsel = np.flatnonzero(need > 0)
    sk = np.sort(key)
    starts = np.cumsum(counts) - counts
    t = sk[starts[gsel] + need[gsel] - 1]
    thr = np.full(n_g, -1, np.int64)
    thr[gsel] = t
    m = np.zeros(n_g, np.int64)  # how many tied children of g are taken
    m[gsel] = need[gsel] - (np.searchsorted(sk, t, "left") - starts[gsel])
    del sk
    tk = thr[g]
    win = key < tk
    tie = np.flatnonzero(key == tk)
    del key, tk
    tp = g[tie]
    o = np.argsort(tp, kind="stable")
    tps = tp[o]
    tcounts = np.bincount(tps, minlength=n_g)
    trank = np.arange(tps.size) - (np.cumsum(tcounts) - tcounts)[tps]
    win[tie[o[trank < m[tps]]]] = True
    return win

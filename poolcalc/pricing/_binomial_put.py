"""Backward induction for American puts that skips the early-exercise region.

Used by :mod:`poolcalc.pricing._binomial` for American puts on recombining lattices
(CRR, BBSR).  Same lattice, same window truncation and the same floating-point
operations, in the same order, as its general ``_backward_truncated``; the nodes
deep inside the exercise region are not recomputed because their value is the
exercise value ``K - S`` (the general loop computes the continuation there and then
``max`` returns ``K - S``).

Why that is exact.  The lattice value ``V`` of an American put satisfies ``V + S``
non-decreasing in ``S`` at every step: at maturity ``max(K - S, 0) + S = max(K, S)``;
the continuation ``C(S) = e^{-r dt} [p V(Su) + (1 - p) V(Sd)]`` has
``C(S) + S = e^{-r dt} E[V + S'] + S (1 - e^{-q dt})`` (as ``e^{-r dt}(pu + (1-p)d) =
e^{-q dt}``), non-decreasing; ``max(C, K - S) + S = max(C + S, K)`` is again.  The
exercise set ``{C <= K - S} = {C + S <= K}`` is therefore a half-line ``S <= S*``
at every step (Kwok, *Mathematical Models of Financial Derivatives*, 2nd ed. 2008,
sec. 5.1, for the binomial put).  So once one node row is exercised for every option
of a block, every row below it is too, and those rows keep the exercise value they
already hold.

Layout: the lattice values are stored by grid row ``g`` (price ``S u^(g - N)``), split
by parity: step ``m`` writes the rows of parity ``(N - m) mod 2`` from the other
parity's rows.  A row exercised at an earlier-computed step of the same parity still
holds ``K - S`` bit for bit, so nothing is copied.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["backward_put"]

_SCAN = 16  # rows added per probe when the boundary moves down


def _clean_rows(dst: NDArray[np.float64], e: NDArray[np.float64], k: int, end: int) -> int:
    """First row index >= ``k`` (below ``end``) where some option is not at ``e``."""
    while k < end:
        k2 = min(end, k + _SCAN)
        eq = (dst[k:k2] == e[k:k2]).all(axis=1)
        if not eq.all():
            return k + int(np.argmin(eq))
        k = k2
    return end


def backward_put(
    V: NDArray[np.float64],
    ex: NDArray[np.float64],
    ex_par: tuple[NDArray[np.float64], NDArray[np.float64]],
    grid: NDArray[np.float64],
    pu: NDArray[np.float64],
    pd: NDArray[np.float64],
    K: NDArray[np.float64],
    r: NDArray[np.float64],
    q: NDArray[np.float64],
    dt: NDArray[np.float64],
    W: int,
    gmax: int,
    N: int,
    last: int,
    g0: int = 0,
) -> NDArray[np.float64]:
    """American-put value at the root from the step-``last`` values ``V`` (rows = nodes).

    ``ex`` is the put's exercise value ``max(K - S, 0)`` and ``grid`` the price
    ``S u^(g - N)`` on grid rows ``g = g0, g0 + 1, ...`` (they must cover the window
    and its edges, rows ``N - W - 1 .. N + W + 1``); ``ex_par`` is the exercise value
    on all rows ``0..2N`` split into even and odd rows (0 outside the window is fine:
    those rows are never read); ``W`` the truncation window [nodes] and ``gmax`` the
    highest grid row in the money for some option.  Returns the root values, one per
    option (column).
    """
    A = [ex_par[0].copy(), ex_par[1].copy()]
    tmp = np.empty_like(A[0])
    P0, base0 = (N - last) & 1, (N - last) >> 1
    A[P0][base0 : base0 + last + 1] = V
    # rows [0, cb[P]) of A[P] hold the exercise value (within the current window)
    cb = [len(A[0]), len(A[1])]
    cb[P0] = _clean_rows(A[P0], ex_par[P0], base0, base0 + last + 1)
    lo_ok, hi_ok = 0, last

    def edge(row: int, step: int) -> None:
        tau = (N - step) * dt
        g = N + 2 * row - step
        fwd = np.maximum(-(grid[g - g0] * np.exp(-q * tau) - K * np.exp(-r * tau)), 0.0)
        val = np.maximum(fwd, ex[g - g0])
        par, k = g & 1, g >> 1
        A[par][k] = val
        if k < cb[par] and (val != ex[g - g0]).any():
            cb[par] = k

    for m in range(last - 1, -1, -1):  # step m has nodes i = 0..m
        lo = max(0, -((W - m) // 2))
        hi = min(m, (m + W) // 2)
        if hi + 1 > hi_ok:
            edge(hi + 1, m + 1)
        if lo < lo_ok:
            edge(lo, m + 1)
        P, base = (N - m) & 1, (N - m) >> 1
        off = -1 if P == 0 else 0  # row k of parity P sits between rows k+off, k+off+1
        src, dst, e = A[1 - P], A[P], ex_par[P]
        klo, khi = base + lo, base + hi
        kmax = (gmax - P) // 2 + 1  # rows >= kmax are out of the money for all options
        k0 = max(klo, min(cb[P] - 1, khi))
        kend = khi + 1
        while True:
            d = dst[k0:kend]
            t = tmp[: kend - k0]
            np.multiply(src[k0 + off + 1 : kend + off + 1], pu, out=t)
            np.multiply(src[k0 + off : kend + off], pd, out=d)
            np.add(d, t, out=d)
            top = min(kend, kmax)
            if top > k0:
                np.maximum(dst[k0:top], e[k0:top], out=dst[k0:top])
            # every option exercises row k0 (in the money and at K - S): rows below do too
            done = bool(e[k0].min() > 0.0 and (dst[k0] == e[k0]).all())
            if done or k0 == klo:
                break
            kend, k0 = k0, max(klo, k0 - _SCAN)
        # rows klo..k0 hold K - S (row k0 checked); the boundary only moves down in
        # exact arithmetic, and the next step of this parity starts from row k0
        cb[P] = k0 + 1 if done else k0
        lo_ok, hi_ok = lo, hi
    return A[N & 1][N >> 1].copy()

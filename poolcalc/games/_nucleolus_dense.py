"""Nucleolus of small games: every coalition in each LP, solved by a dense dual simplex.

For n up to :data:`DENSE_MAX_N` players the ``2**n - 2`` coalitions fit in one dense
matrix of at most a few thousand rows, so constraint generation is not needed and the
per-LP set-up of HiGHS (0.1-0.4 ms even through its bindings) dominates the time.  This
module runs the same Maschler-Peleg-Shapley levels as :func:`_sequential` in
:mod:`poolcalc.games._nucleolus`, in the coordinates of the still-free directions, with
:func:`poolcalc.games._lp.dual_simplex`; every level's LP optimum is certified (primal
feasible on every coalition, dual feasible), and ``None`` is returned whenever a
certificate fails so that the caller falls back to HiGHS.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from poolcalc.games._game import player_matrix
from poolcalc.games._lp import dual_simplex

__all__ = ["DENSE_MAX_N", "null_space", "sequential_dense"]

#: Largest n the dense path takes (measured crossover with the HiGHS path in
#: benchmarks/README_games.md: faster than HiGHS to n = 12, mixed at 13 and 14).
DENSE_MAX_N = 12

_TOL_DUAL = 1e-7  # a basic coalition row is fixed when its multiplier exceeds this
_TOL_INDEP = 1e-8  # |1_S . z| above this for some free direction z: S adds a new equation
_TOL_SPAN = 1e-10  # |1_S . z| below this for all free z: S is settled (in the fixed span)
_BOX = 1e3  # radius (times n) of the artificial box that starts levels 2, 3, ...


def null_space(a: NDArray[np.float64]) -> NDArray[np.float64]:
    """Orthonormal basis of the null space of ``a`` (columns), from its SVD.

    The rule of :func:`scipy.linalg.null_space` (singular values below
    ``max(a.shape) * eps * s_max`` count as zero) with :func:`numpy.linalg.svd`, so
    the nucleolus does not import :mod:`scipy.linalg` (0.15 s) with the package.

    References
    ----------
    Golub, G. H., Van Loan, C. F., "Matrix Computations", 4th ed., Johns Hopkins
    University Press, 2013, section 2.4 (the SVD and the null space).
    """
    _, s, vh = np.linalg.svd(a, full_matrices=True)
    m, n = a.shape
    rcond = np.finfo(s.dtype).eps * max(m, n)
    tol = s.max(initial=0.0) * rcond
    rank = int(np.sum(s > tol, dtype=int))
    return vh[rank:, :].T.conj()


@lru_cache(maxsize=32)
def _tables(n: int) -> dict[str, NDArray[np.float64]]:
    """Constants of the first level for n players (read-only).

    ``pm``: membership matrix of the coalitions 1 .. 2**n - 2; ``z``: orthonormal null
    space of 1_N; ``a1``: the first LP's rows [1_S z, 1] then [z_i, 0] (the
    imputation bounds); ``binv1``: the inverse of the singletons' rows.
    """
    pm = player_matrix(np.arange(1, (1 << n) - 1), n).astype(np.float64)
    z = null_space(np.ones((1, n)))
    m = pm.shape[0]
    a1 = np.zeros((m + n, n))
    a1[:m, : n - 1] = pm @ z
    a1[:m, n - 1] = 1.0
    a1[m:, : n - 1] = z
    binv1 = np.linalg.inv(a1[(1 << np.arange(n)) - 1])
    out = {"pm": pm, "z": z, "a1": a1, "binv1": binv1}
    for arr in out.values():
        arr.flags.writeable = False
    return out


def _restrict(z: NDArray[np.float64], g: NDArray[np.float64]) -> NDArray[np.float64]:
    """``z @ Q`` with Q (d, d - 1) an orthonormal basis of the vectors orthogonal to ``g``.

    Q is the last d - 1 columns of the Householder reflector H = I - 2 u u' / (u' u),
    u = g/|g| + sign(g_0) e_0, which maps e_0 to -sign(g_0) g/|g|; so
    z @ Q = z[:, 1:] - (z u) (2 u[1:] / (u' u))'.
    """
    u = g / np.sqrt(g @ g)
    u[0] += 1.0 if u[0] >= 0 else -1.0
    return z[:, 1:] - (z @ u)[:, None] * (u[1:] * (2.0 / (u @ u)))


def _warm_start(
    kept: NDArray[np.int64],
    old_idx: NDArray[np.int64],
    idx: NDArray[np.int64],
    s0: int,
    m: int,
    d: int,
    a: NDArray[np.float64],
) -> tuple[NDArray[np.int64] | None, NDArray[np.float64] | None]:
    """Return a dual-feasible start for a later level: S0, its complement, d - 1 old rows.

    With x(N) fixed, 1_{N-S} z = -1_S z, so the rows of S0 and N-S0 with
    multipliers 1/2 each sum to e_t: any d - 1 further rows completing an invertible
    basis give a dual-feasible start.  They are taken from the previous optimum's
    basic coalition rows that were not settled (tight at x0, so the start is close
    to the new optimum).  ``(None, None)`` when there are too few or the basis is
    singular, and for d <= 2, where the box start's known inverse is cheaper than
    inverting this basis (measured: 4-10 % at n = 5); the caller then starts from the
    box.
    """
    if d <= 2:
        return None, None
    where = np.full(m, -1, dtype=np.int64)
    where[idx] = np.arange(idx.size)
    comp = int(where[m - 1 - idx[s0]])  # coalition index c is mask c + 1; N-S: m - 1 - c
    rows = where[old_idx[kept]]
    rows = rows[(rows >= 0) & (rows != s0) & (rows != comp)]
    if comp < 0 or rows.size < d - 1:
        return None, None
    start = np.concatenate([[s0, comp], rows[: d - 1]])
    try:
        binv = np.linalg.inv(a[start])
    except np.linalg.LinAlgError:
        return None, None
    # The multipliers must come out as (1/2, 1/2, 0, ...); a near-singular basis
    # that passes this is caught by the dual simplex's final certificate.
    if not (abs(binv[d, 0] - 0.5) < 1e-9 and abs(binv[d, 1] - 0.5) < 1e-9):
        return None, None
    return start, binv


def sequential_dense(
    v: NDArray[np.float64],
    n: int,
    lo: NDArray[np.float64],
    *,
    imputation: bool,
    first_only: bool = False,
) -> tuple[NDArray[np.float64], list[float], int, int] | None:
    """Maschler-Peleg-Shapley levels over all coalitions, each LP by the dense dual simplex.

    Parameters
    ----------
    v : ndarray of shape (2**n,)
        The game, scaled to max |v| = 1 (bitmask order).
    n : int
        Number of players, 2 <= n <= :data:`DENSE_MAX_N` or a little more.
    lo : ndarray of shape (n,)
        v({i}), the imputation bounds (used when ``imputation``).
    imputation : bool
        Require x_i >= v({i}) (the nucleolus) or not (the prenucleolus).
    first_only : bool
        Stop after the first level (the least core).

    Returns
    -------
    tuple or None
        ``(x, levels, lp_solves, rows)`` in the scaled units: the allocation, the
        level values t_1 > t_2 > ..., the number of LPs and the number of coalition
        rows in the last one; ``None`` if any LP's optimality certificate fails.

    Notes
    -----
    Level k, with the settled equations spanning a subspace whose orthogonal
    complement has the orthonormal basis Z (n x d) and x0 the previous level's
    optimum, is ``min t s.t. (1_S Z) y + t >= v(S) - x0(S)`` for the free coalitions S
    and ``Z_i y >= v({i}) - x0_i`` (imputation domain), x = x0 + Z y.  The first level
    starts from the singletons (multipliers 1/n: a dual-feasible basis); later levels
    from the coalition S0 of largest excess at x0, its complement (multipliers 1/2,
    1/2) and d - 1 rows of the previous optimal basis (:func:`_warm_start`), or else
    from S0 plus the d faces of a box of radius 1000 n around x0 that cancel its
    direction (multipliers |1_S0 Z| >= 0); a box face left at the optimum means the
    box was too small and the path gives up.  Basic
    coalitions with multiplier > 1e-7 bind at every optimum (complementary
    slackness) and are settled; coalitions whose indicator is then in the span of the
    settled ones (|1_S Z| < 1e-10) leave the free set.  Stops when d = 0.

    References
    ----------
    Maschler, M., Peleg, B. and Shapley, L. S., "Geometric properties of the kernel,
    nucleolus and related solution concepts", Mathematics of Operations Research 4(4),
    1979.
    """
    full = (1 << n) - 1
    tab = _tables(n)
    pm, z = tab["pm"], tab["z"]
    m = full - 1
    vs = v[1:full]
    x0 = lo + (v[full] - lo.sum()) / n if imputation else np.full(n, v[full] / n)
    # Level 1: the cached rows, started from the singletons (multipliers 1/n).
    a = tab["a1"] if imputation else tab["a1"][:m]
    b = np.empty(a.shape[0])
    np.subtract(vs, pm @ x0, out=b[:m])
    if imputation:
        np.subtract(lo, x0, out=b[m:])
    start = (1 << np.arange(n)) - 1
    binv = tab["binv1"].copy()
    idx = np.arange(m)
    k = m
    nb = n if imputation else 0
    levels: list[float] = []
    solves = 0
    while True:
        d = z.shape[1]
        res = dual_simplex(a, b, start, max_iter=100 + 20 * (d + 1), binv=binv)
        if res is None or (res.basis >= k + nb).any():
            return None  # no certificate, or a box face binds: HiGHS takes over
        solves += 1
        t = float(res.w[d])
        x = x0 + z @ res.w[:d]
        levels.append(t)
        if first_only:
            return x, levels, solves, k
        coal = res.basis < k
        settle = coal & (res.dual > _TOL_DUAL)
        if not settle.any():
            return None
        for r in res.basis[settle][np.argsort(-res.dual[settle], kind="stable")]:
            g = pm[idx[r]] @ z
            if np.abs(g).max() > _TOL_INDEP:
                if z.shape[1] == 1:
                    return x, levels, solves, k
                z = _restrict(z, g)
        # Next level: the coalitions still free, in the new coordinates; their
        # excesses at x are t minus their slacks.
        d = z.shape[1]
        pz = pm[idx] @ z
        live = np.abs(pz).max(axis=1) >= _TOL_SPAN
        old_idx, idx = idx, idx[live]
        excess = t - res.slack[:k][live]
        kept = res.basis[coal & ~settle]
        k = idx.size
        if k == 0:
            return x, levels, solves, k
        keep = (np.abs(z).max(axis=1) > _TOL_SPAN).nonzero()[0] if imputation else idx[:0]
        nb = keep.size
        a = np.empty((k + nb + d, d + 1))
        b = np.empty(k + nb + d)
        a[:k, :d] = pz[live]
        a[:k, d] = 1.0
        b[:k] = excess
        if nb:
            a[k : k + nb, :d] = z[keep]
            a[k : k + nb, d] = 0.0
            np.subtract(lo[keep], x[keep], out=b[k : k + nb])
        x0 = x
        s0 = int(excess.argmax())
        start, binv = _warm_start(kept, old_idx, idx, s0, m, d, a)
        if start is None:  # the box: S0 and d faces of a box around x0 that cancel 1_S0 z
            g = a[s0, :d]
            sign = np.where(g > 0, -1.0, 1.0)
            box = np.arange(d)
            a[k + nb :] = 0.0
            a[k + nb + box, box] = sign
            b[k + nb :] = -_BOX * n
            start = np.concatenate([[s0], k + nb + box])
            binv = np.zeros((d + 1, d + 1))  # sign_j y_j = r_j, g.y + t = r_0
            binv[box, box + 1] = sign
            binv[d, 0] = 1.0
            binv[d, 1:] = -g * sign
        else:
            a, b = a[: k + nb], b[: k + nb]

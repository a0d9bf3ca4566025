"""Nucleolus of very small games: the dense levels of :mod:`._nucleolus_dense` in plain Python.

At n <= :data:`SMALL_MAX_N` players each level's LP has at most 2**n - 2 + n rows and n
columns, a handful of dual simplex pivots solve it, and the numpy path spends most of
its time in per-call overhead (about 0.1 ms a level, issue 11: the superadditive
five-player game took 0.6 ms against coopgame-py's 0.4 ms).  This module runs the
levels of :func:`poolcalc.games._nucleolus_dense.sequential_dense` (same coordinates,
pivot rule, settling, tolerances and certificates) on Python lists, with the rows
indexed by coalition bitmask so that one subset-sum pass over x gives every
coalition's slack.  Two starts differ, both cheap here: level 1 starts from the
complementary pair of largest v(S) + v(N - S) when that bound beats the singletons',
and the warm start (S0, N - S0, old basic rows) is also used at d <= 2.  The LP values
are the same; the floating-point sums are ordered differently, so the answers agree
with the numpy path to rounding (about 1e-16 relative on the benchmark games).
``None`` is returned whenever a certificate fails, and the caller falls back to the
numpy path, then HiGHS.
"""

from __future__ import annotations

from functools import lru_cache
from operator import mul, sub

import numpy as np

from poolcalc.games._lp import _DS_DUAL, _DS_FEAS, _DS_PIVOT
from poolcalc.games._nucleolus_dense import _BOX, _TOL_DUAL, _TOL_INDEP, _TOL_SPAN, _tables

__all__ = ["SMALL_MAX_N", "sequential_small"]

#: Largest n the plain-Python path takes (measured crossover with the numpy dense path
#: in benchmarks/README_games.md).
SMALL_MAX_N = 5

Matrix = list[list[float]]
_NEG = float("-inf")  # the worth given to a settled coalition: its slack is +inf


@lru_cache(maxsize=16)
def _start(n: int) -> tuple[Matrix, Matrix, Matrix]:
    """Return the first level's Z (n rows), its subset-sum columns, the singletons' inverse.

    Z is taken from :func:`poolcalc.games._nucleolus_dense._tables`, so both paths
    start from the same orthonormal basis of 1_N's null space.  Read-only: callers copy
    what they modify.
    """
    tab = _tables(n)
    z = tab["z"].tolist()
    cols = [_subset_sums([zr[j] for zr in z]) for j in range(n - 1)]
    return z, cols, tab["binv1"].tolist()


def _subset_sums(x: list[float]) -> list[float]:
    """x(S) for every bitmask S of ``len(x) >= 2`` players (doubling: 2**n additions)."""
    a, b = x[0], x[1]
    out = [0.0, a, b, a + b]
    for xi in x[2:]:
        out += [u + xi for u in out]
    return out


def _inverse(rows: Matrix) -> Matrix | None:
    """Invert a small square matrix; ``None`` if it is singular.

    :func:`numpy.linalg.inv` (one call; a Gauss-Jordan loop in Python is several times
    slower at 5 x 5), converted back to lists.
    """
    try:
        return np.linalg.inv(np.array(rows)).tolist()
    except np.linalg.LinAlgError:
        return None


class _Level:
    """One level's LP, its rows indexed by coalition bitmask, then bound, then box face.

    Coalition rows are S (1 <= S < 2**n - 1), then 2**n + i for the imputation bound of
    player i, then 2**n + n + j for box face j.  Row S is [1_S Z, 1] >= v(S) - x0(S)
    (free coalitions only: a settled coalition has worth -inf in ``vv``), row 2**n + i
    is [Z_i, 0] >= v({i}) - x0_i (players in ``keep``), row 2**n + n + j is
    ``signs[j] e_j >= -1000 n``.
    """

    __slots__ = ("cols", "keep", "lo", "nb", "signs", "vv", "x0", "z")

    def __init__(self, z: Matrix, cols: Matrix, vv: list[float], x0: list[float],
                 lo: list[float], keep: list[int], signs: list[float]) -> None:
        self.z, self.cols, self.vv, self.x0, self.lo = z, cols, vv, x0, lo
        self.keep, self.signs, self.nb = keep, signs, len(vv)

    def row(self, r: int) -> list[float]:
        """Row ``r`` of the constraint matrix (d + 1 entries)."""
        nb = self.nb
        if r < nb:
            return [*(c[r] for c in self.cols), 1.0]
        if r < nb + len(self.x0):
            return [*self.z[r - nb], 0.0]
        j = r - nb - len(self.x0)
        face = [0.0] * (len(self.signs) + 1)
        face[j] = self.signs[j]
        return face

    def rhs(self, xs0: list[float]) -> list[float]:
        """Right-hand sides of all rows, by row index (``xs0``: x0(S) for every S)."""
        n = len(self.x0)
        return [
            *map(sub, self.vv, xs0),
            *map(sub, self.lo, self.x0),
            *[-_BOX * n] * len(self.signs),
        ]


def _simplex(
    lv: _Level, basis: list[int], binv: Matrix, xs0: list[float], max_iter: int
) -> tuple[float, list[int], list[float], list[float], list[float]] | None:
    """:func:`poolcalc.games._lp.dual_simplex` on one level's rows, in lists.

    The most violated row enters (coalition slacks x(S) - v(S) + t from one subset-sum
    pass over x = x0 + Z y), then the ratio test and the rank-one update of B^-1 of the
    numpy version; w = (y, t) moves along the leaving column, w += theta B^-1 e_j, and
    the certificate (which checks B w = b_B) and the re-inversions are those of the
    numpy version.  Returns ``(t, basis, multipliers, x, xs)`` with xs[S] = x(S), or
    ``None`` (pivot limit, dual unbounded, failed certificate).
    """
    z, vv, lo, keep, signs = lv.z, lv.vv, lv.lo, lv.keep, lv.signs
    x0 = lv.x0
    p = len(basis)
    d = p - 1
    nb = lv.nb
    n = len(x0)
    box = _BOX * n
    b = lv.rhs(xs0)
    it = 0
    for _ in range(3):
        bb = [b[r] for r in basis]
        w = [sum(map(mul, row, bb)) for row in binv]
        while True:
            t = w[d]
            y = w[:d]
            x = [a + sum(map(mul, zr, y)) for a, zr in zip(x0, z, strict=True)]
            xs = _subset_sums(x)
            u = list(map(sub, xs, vv))
            umin = min(u)
            smin = umin + t
            r = -1
            if keep:
                sk = [x[i] - lo[i] for i in keep]
                kmin = min(sk)
                if kmin < smin:
                    smin, r = kmin, nb + keep[sk.index(kmin)]
            if signs:
                sb = [sg * yj + box for sg, yj in zip(signs, y, strict=True)]
                bmin = min(sb)
                if bmin < smin:
                    smin, r = bmin, nb + n + sb.index(bmin)
            if smin >= -_DS_FEAS or it >= max_iter:
                break
            if r < 0:
                r = u.index(umin)
            ar = lv.row(r)
            alpha = [sum(map(mul, ar, cb)) for cb in zip(*binv, strict=True)]
            last = binv[d]
            j = -1
            best = 0.0
            for jj, aj in enumerate(alpha):
                if aj > _DS_PIVOT:
                    q = last[jj] / aj
                    if j < 0 or q < best:
                        j, best = jj, q
            if j < 0:
                return None  # dual unbounded: the LP is infeasible (or numerically so)
            pivot = alpha[j]
            theta = -smin / pivot
            w = [e + theta * bi[j] for e, bi in zip(w, binv, strict=True)]
            alpha[j] -= 1.0
            alpha = [a / pivot for a in alpha]
            binv = [
                [e - f * a for e, a in zip(bi, alpha, strict=True)] if (f := bi[j]) else bi
                for bi in binv
            ]
            basis[j] = r
            it += 1
        if it >= max_iter:
            return None
        ab = [lv.row(r) for r in basis]
        yb = binv[d]
        resid = [sum(map(mul, c, yb)) for c in zip(*ab, strict=True)]
        resid[d] -= 1.0
        if min(yb) >= -_DS_DUAL and max(map(abs, resid)) <= 1e-9:
            sl = [
                u[r] + t if r < nb
                else x[r - nb] - lo[r - nb] if r < nb + n
                else signs[r - nb - n] * y[r - nb - n] + box
                for r in basis
            ]
            if max(map(abs, sl)) <= _DS_FEAS:
                return t, basis, list(yb), x, xs
        inv = _inverse(ab)
        if inv is None:
            return None
        binv = inv
    return None


def _householder(g: list[float]) -> tuple[list[float], list[float]]:
    """Return u = g/|g| + sign(g_0) e_0 and tail = 2 u[1:] / (u' u).

    Then h @ Q = h[1:] - (h . u) tail, where Q (d x (d - 1)), the last columns of the
    reflector I - 2 u u' / (u' u), is an orthonormal basis of the vectors orthogonal to
    g, as in :func:`poolcalc.games._nucleolus_dense._restrict`.
    """
    norm = sum(map(mul, g, g)) ** 0.5
    u = [gi / norm for gi in g]
    u[0] += 1.0 if u[0] >= 0 else -1.0
    f = 2.0 / sum(map(mul, u, u))
    return u, [ui * f for ui in u[1:]]


def _apply(h: list[float], u: list[float], tail: list[float]) -> list[float]:
    """Return h @ Q for the reflector of :func:`_householder`."""
    c = sum(map(mul, h, u))
    return [hj - c * tj for hj, tj in zip(h[1:], tail, strict=True)]


def sequential_small(
    v: list[float],
    n: int,
    lo: list[float],
    *,
    imputation: bool,
    first_only: bool = False,
) -> tuple[list[float], list[float], int, int] | None:
    """Maschler-Peleg-Shapley levels of :func:`sequential_dense`, in plain Python.

    Parameters
    ----------
    v : list of float, length 2**n
        The game, scaled to max |v| = 1 (bitmask order).
    n : int
        Number of players, 2 <= n <= :data:`SMALL_MAX_N` (it works for any n, slowly).
    lo : list of float, length n
        v({i}), the imputation bounds (used when ``imputation``).
    imputation : bool
        Require x_i >= v({i}) (the nucleolus) or not (the prenucleolus).
    first_only : bool
        Stop after the first level (the least core).

    Returns
    -------
    tuple or None
        ``(x, levels, lp_solves, rows)`` in the scaled units, as
        :func:`poolcalc.games._nucleolus_dense.sequential_dense`; ``None`` if any
        LP's optimality certificate fails.

    Notes
    -----
    Level k minimises t subject to (1_S Z) y + t >= v(S) - x0(S) for the free
    coalitions and Z_i y >= v({i}) - x0_i, x = x0 + Z y, with Z (n x d) an orthonormal
    basis of the directions the settled coalitions leave free.  The slack of every
    coalition, x(S) + t - v(S), comes from one subset-sum pass over x (2**n additions)
    a pivot; the rows 1_S Z from d such passes a level.  Starts (singletons at level 1,
    then S0, N - S0 and d - 1 rows of the previous basis, or the box), settling
    (multiplier > 1e-7; then |1_S Z| < 1e-10 puts S in the span) and certificates are
    those of the numpy path.

    References
    ----------
    Maschler, M., Peleg, B. and Shapley, L. S., "Geometric properties of the kernel,
    nucleolus and related solution concepts", Mathematics of Operations Research 4(4),
    1979.  Lemke, C. E., "The dual method of solving the linear programming problem",
    Naval Research Logistics Quarterly 1(1), 1954.
    """
    full = (1 << n) - 1
    nb = full + 1
    lol = lo
    vv = list(v)
    vv[0] = vv[full] = _NEG
    z, cols, binv0 = _start(n)
    vn = v[full]
    if imputation:
        share = (vn - sum(lol)) / n
        x0 = [li + share for li in lol]
    else:
        x0 = [vn / n] * n
    lv = _Level(z, cols, vv, x0, lol, list(range(n)) if imputation else [], [])
    xs0 = _subset_sums(x0)
    basis = [1 << i for i in range(n)]
    binv = binv0
    pair = _pair_start(lv, _pairs(v, full), vn, full, n)
    if pair is not None:
        basis, binv = pair
    d = n - 1
    levels: list[float] = []
    solves = 0
    while True:
        res = _simplex(lv, basis, binv, xs0, 100 + 20 * (d + 1))
        if res is None:
            return None
        t, basis, dual, x, xs0 = res
        if max(basis) >= nb + n:
            return None  # a box face binds: the numpy path (then HiGHS) takes over
        solves += 1
        levels.append(t)
        if first_only:
            return x, levels, solves, _free(vv)
        coal = [(pos, r) for pos, r in enumerate(basis) if r < nb]
        settle = [(pos, r) for pos, r in coal if dual[pos] > _TOL_DUAL]
        if not settle:
            return None
        settle.sort(key=lambda pr: -dual[pr[0]])
        gs = [[c[r] for c in cols] for _, r in settle]
        refl = []  # the reflectors, applied to Z only if a level follows
        for q, g in enumerate(gs):
            if max(map(abs, g)) > _TOL_INDEP:
                if d == 1:
                    return x, levels, solves, _free(vv)
                hu, tail = _householder(g)
                refl.append((hu, tail))
                gs[q + 1 :] = [_apply(h, hu, tail) for h in gs[q + 1 :]]
                d -= 1
        for hu, tail in refl:
            z = [_apply(zr, hu, tail) for zr in z]
        # Next level: the coalitions still free (not in the span of the settled ones).
        cols = [_subset_sums([zr[j] for zr in z]) for j in range(d)]
        big = list(map(max, *(map(abs, c) for c in cols))) if d > 1 else list(map(abs, cols[0]))
        vv = [a if m >= _TOL_SPAN else _NEG for a, m in zip(vv, big, strict=True)]
        if max(vv) == _NEG:
            return x, levels, solves, 0
        keep = [i for i in range(n) if max(map(abs, z[i])) > _TOL_SPAN] if imputation else []
        settled = {r for _, r in settle}
        kept = [r for _, r in coal if r not in settled and vv[r] != _NEG]
        u = list(map(sub, xs0, vv))
        s0 = u.index(min(u))  # the free coalition of largest excess v(S) - x(S)
        lv = _Level(z, cols, vv, x, lol, keep, [])
        start = _warm_start(lv, kept, s0, full, d)
        if start is not None:
            basis, binv = start
        else:  # the box: S0 and d faces of a box around x that cancel 1_S0 Z
            g = [c[s0] for c in cols]
            lv.signs = [-1.0 if gj > 0 else 1.0 for gj in g]
            basis = [s0, *range(nb + n, nb + n + d)]
            binv = [[0.0] * (d + 1) for _ in range(d + 1)]
            for j, sg in enumerate(lv.signs):
                binv[j][j + 1] = sg
                binv[d][1 + j] = -g[j] * sg
            binv[d][0] = 1.0


def _free(vv: list[float]) -> int:
    """Count the free coalitions (finite worth)."""
    return len(vv) - vv.count(_NEG)


def _warm_start(
    lv: _Level, kept: list[int], s0: int, full: int, d: int
) -> tuple[list[int], Matrix] | None:
    """:func:`poolcalc.games._nucleolus_dense._warm_start` on lists (``None``: box start)."""
    comp = full ^ s0
    if lv.vv[comp] == _NEG:
        return None
    cand = [r for r in kept if r != s0 and r != comp]
    if len(cand) < d - 1:
        return None
    start = [s0, comp, *cand[: d - 1]]
    binv = _inverse([lv.row(r) for r in start])
    if binv is None:
        return None
    if not (abs(binv[d][0] - 0.5) < 1e-9 and abs(binv[d][1] - 0.5) < 1e-9):
        return None
    return start, binv


def _pairs(v: list[float], full: int) -> list[float]:
    """v(S) + v(N - S) for S = 0 .. 2**(n-1) - 1 (S without the last player)."""
    half = (full + 1) >> 1
    return [a + b for a, b in zip(v[:half], v[full:half - 1:-1], strict=True)]


def _pair_start(
    lv: _Level, pairs: list[float], vn: float, full: int, n: int
) -> tuple[list[int], Matrix] | None:
    """Level 1 from the complementary pair of largest v(S) + v(N - S), if that bound is higher.

    e_S + e_{N-S} = v(S) + v(N - S) - v(N) for every efficient x, so multipliers 1/2 on
    S0 and N - S0 are dual feasible with objective (v(S0) + v(N - S0) - v(N)) / 2; the
    singleton start's objective is (sum_i v({i}) - v(N)) / n.  The basis is completed
    by the singletons other than a in S0 and b outside it (then invertible: 1_S0 Z is
    z_a modulo the others, and any n - 1 rows of Z are independent).
    """
    best = max(pairs[1:])
    if (best - vn) / 2 <= (sum(lv.lo) - vn) / n:
        return None
    s0 = pairs.index(best, 1)
    start, binv = _pair_basis(n, s0)
    if binv is None:
        return None
    return list(start), binv


@lru_cache(maxsize=256)
def _pair_basis(n: int, s0: int) -> tuple[tuple[int, ...], Matrix | None]:
    """Return the basis of :func:`_pair_start` for S0 and its inverse.

    The inverse is ``None`` if the check of the multipliers (1/2, 1/2, 0, ...) fails.
    Both depend on n and S0 only; read-only (:func:`_simplex` does not modify B^-1's
    rows in place).
    """
    full = (1 << n) - 1
    comp = full ^ s0
    a = (s0 & -s0).bit_length() - 1
    b = (comp & -comp).bit_length() - 1
    start = (s0, comp, *(1 << i for i in range(n) if i != a and i != b))
    z, cols, _ = _start(n)
    lv = _Level(z, cols, [0.0] * (full + 1), [0.0] * n, [0.0] * n, [], [])
    binv = _inverse([lv.row(r) for r in start])
    if binv is None or not (abs(binv[n - 1][0] - 0.5) < 1e-9 and abs(binv[n - 1][1] - 0.5) < 1e-9):
        return start, None
    return start, binv

"""Nucleolus and least core by sequential linear programs with constraint generation."""

from __future__ import annotations

from typing import Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError, SolverError
from poolcalc.games._game import Game, game_values, player_matrix, subset_sums
from poolcalc.games._lp import SOLVERS, solve_lp
from poolcalc.games._nucleolus_dense import DENSE_MAX_N, null_space, sequential_dense
from poolcalc.games._nucleolus_small import SMALL_MAX_N, sequential_small

__all__ = ["LeastCore", "least_core", "nucleolus"]

Domain = Literal["imputation", "preimputation"]
Method = Literal["auto", "highs", "pulp"]
METHODS: tuple[str, ...] = ("auto", *SOLVERS)

#: Relative tolerances (the game is scaled to max |v| = 1 before solving).
_TOL_VIOLATION = 1e-9  # a coalition outside the LP violates when e(S) > t + this
_TOL_DUAL = 1e-7  # a row is fixed when its dual exceeds this (duals sum to 1)
_TOL_TIGHT = 1e-6  # ... and its excess is within this of the level
_TOL_SPAN = 1e-10  # |z . 1_S| below this: 1_S is in the span of the fixed rows
_TOL_IMPUTATION = 1e-12  # sum v({i}) - v(N) above this: no imputation


@attrs.frozen(eq=False)
class LeastCore:
    """Least core of a game.

    Attributes
    ----------
    epsilon : float
        The least-core value: min over allocations of max_{S != empty, N} e(S, x),
        with e(S, x) = v(S) - x(S).  The core is non-empty iff ``epsilon <= 0``.
    x : ndarray of shape (n,)
        One allocation in the least core (the set may contain more; the nucleolus
        is its canonical point).
    """

    epsilon: float
    x: NDArray[np.float64]


@attrs.frozen(eq=False)
class _Run:
    x: NDArray[np.float64]
    levels: NDArray[np.float64]
    lp_solves: int
    rows: int
    method: str = "highs"


def _check_options(domain: str, solver: str) -> None:
    if domain not in ("imputation", "preimputation"):
        raise InvalidInputError(
            f"domain must be one of 'imputation', 'preimputation', got {domain!r}"
        )
    if solver not in METHODS:
        raise InvalidInputError(f"solver must be one of {list(METHODS)}, got {solver!r}")


def _sequential(
    vals: NDArray[np.float64],
    n: int,
    *,
    domain: Domain,
    solver: Method,
    first_only: bool = False,
) -> _Run:
    """Maschler-Peleg-Shapley sequence of LPs with constraint generation.

    LP_k: min t s.t. v(S) - x(S) <= t for the free coalitions S, x(S) fixed for a
    basis of the coalitions settled at earlier levels, x(N) = v(N) and
    x_i >= v({i}) (imputation domain).  Only a growing subset of the free
    coalitions is in the LP; after each solve the excess of every coalition is
    computed (O(2**n)) and the most violated are added until none is.  Rows with a
    positive dual bind at every optimum and are fixed; coalitions whose indicator
    lies in the span of the fixed rows are settled too and leave the free set.
    Stops when the fixed rows span R^n.  ``solver="auto"`` runs the same levels over
    all coalitions with the dense dual simplex for n <= DENSE_MAX_N and uses HiGHS
    only when one of its LP certificates fails.
    """
    if solver == "auto" and 2 <= n <= SMALL_MAX_N:
        small = _small(vals, n, domain=domain, first_only=first_only)
        if small is not None:
            return small
    full = (1 << n) - 1
    scale = float(np.abs(vals).max())
    singles = vals[1 << np.arange(n)]
    if domain == "imputation" and singles.sum() - vals[full] > _TOL_IMPUTATION * max(scale, 1.0):
        raise InvalidInputError(
            "the imputation set is empty: sum of single-player worths "
            f"{float(singles.sum())!r} exceeds v(N) = {float(vals[full])!r}"
        )
    if scale == 0.0 or n == 1:
        x = np.full(n, vals[full] / n)
        return _Run(x=x, levels=np.zeros(0), lp_solves=0, rows=0, method="none")
    v = vals / scale
    lo = v[1 << np.arange(n)]
    if domain == "imputation" and v[full] - lo.sum() <= _TOL_IMPUTATION:
        x = lo + (v[full] - lo.sum()) / n
        e = v - subset_sums(x)
        level = float(e[1:full].max())
        return _Run(
            x=x * scale, levels=np.array([level * scale]), lp_solves=0, rows=0, method="none"
        )
    if solver == "auto" and n <= DENSE_MAX_N:
        dense = sequential_dense(v, n, lo, imputation=domain == "imputation", first_only=first_only)
        if dense is not None:
            xd, lev, solves, nrows = dense
            return _Run(
                x=xd * scale + 0.0,
                levels=np.array(lev) * scale,
                lp_solves=solves,
                rows=nrows,
                method="dense",
            )
    lp_solver = "pulp" if solver == "pulp" else "highs"
    bounds: list[tuple[float | None, float | None]] = (
        [(float(b), None) for b in lo] if domain == "imputation" else [(None, None)] * n
    )
    bounds.append((None, None))
    c = np.zeros(n + 1)
    c[-1] = 1.0
    probe = np.random.default_rng(20240601).standard_normal((n, 2))

    basis = [np.ones(n)]
    rhs = [float(v[full])]
    free = np.ones(1 << n, dtype=bool)
    free[0] = free[full] = False
    active = np.zeros(1 << n, dtype=bool)
    k_add = 2 * n

    # Seed: singletons, complements of singletons, and the coalitions with the
    # largest excess at the centre of the imputation set.
    x = (lo + (v[full] - lo.sum()) / n) if domain == "imputation" else np.full(n, v[full] / n)
    seed = np.concatenate([1 << np.arange(n), full ^ (1 << np.arange(n))])
    active[seed] = True
    active &= free
    levels: list[float] = []
    lp_solves = 0
    bits = np.arange(n)
    zspace: NDArray[np.float64] | None = None
    while True:
        if not active.any():
            e = np.where(free, v - subset_sums(x), -np.inf)
            active[np.argsort(e)[-k_add:]] = True
            active &= free
        while True:
            rows = np.flatnonzero(active)
            a_ub = np.empty((rows.size, n + 1))
            a_ub[:, :n] = player_matrix(rows, n)
            np.negative(a_ub[:, :n], out=a_ub[:, :n])
            a_ub[:, n] = -1.0
            b_ub = -v[rows]
            a_eq = np.zeros((len(basis), n + 1))
            a_eq[:, :n] = basis
            res = solve_lp(c, a_ub, b_ub, a_eq, np.array(rhs), bounds, solver=lp_solver)
            lp_solves += 1
            x, t = res.x[:n], res.x[n]
            e = v - subset_sums(x)
            viol = np.where(free & ~active, e - t, -np.inf)
            cand = np.flatnonzero(viol > _TOL_VIOLATION)
            if cand.size == 0:
                break
            if cand.size > k_add:
                cand = cand[np.argpartition(viol[cand], -k_add)[-k_add:]]
            active[cand] = True
        levels.append(t)
        if first_only:
            break
        tight = (res.dual_ub > _TOL_DUAL) & (e[rows] >= t - _TOL_TIGHT)
        fixed = rows[tight][np.argsort(-res.dual_ub[tight])]
        if fixed.size == 0:
            raise SolverError(
                f"nucleolus LP at level {len(levels)} returned no binding coalition "
                f"(t = {float(t * scale)!r}); the solver's duals are unusable"
            )
        if zspace is None:  # the basis is unchanged since the last level's null space
            zspace = null_space(np.array(basis))
        for s in fixed:
            ind = ((int(s) >> bits) & 1).astype(np.float64)
            if np.abs(ind @ zspace).max() > 1e-8:
                basis.append(ind)
                rhs.append(float(ind @ x))
                zspace = null_space(np.array(basis))
                if zspace.shape[1] == 0:
                    break
        if zspace.shape[1] == 0:
            break
        in_span = np.ones(1 << n, dtype=bool)
        for z in (zspace @ probe[: zspace.shape[1]]).T:
            in_span &= np.abs(subset_sums(z)) < _TOL_SPAN
        free &= ~in_span
        active &= free
        if not free.any():
            break
    return _Run(
        x=x * scale + 0.0,
        levels=np.array(levels) * scale,
        lp_solves=lp_solves,
        rows=int(active.sum()),
    )


def _small(vals: NDArray[np.float64], n: int, *, domain: Domain, first_only: bool) -> _Run | None:
    """Run the plain-Python path of :func:`_sequential` (``solver="auto"``, 2 <= n <= 5).

    The same scaling as :func:`_sequential`, on a list; ``None`` (the general code takes
    over, with its errors and special cases) for the zero game, an empty or one-point
    imputation set, or a failed LP certificate.
    """
    vl = vals.tolist()
    full = (1 << n) - 1
    scale = max(map(abs, vl))
    if scale == 0.0:
        return None
    v = [a / scale for a in vl]
    lo = [v[1 << i] for i in range(n)]
    imputation = domain == "imputation"
    if imputation and v[full] - sum(lo) <= _TOL_IMPUTATION:
        return None
    res = sequential_small(v, n, lo, imputation=imputation, first_only=first_only)
    if res is None:
        return None
    x, lev, solves, nrows = res
    return _Run(
        x=np.array(x) * scale + 0.0,
        levels=np.array(lev) * scale,
        lp_solves=solves,
        rows=nrows,
        method="small",
    )


def nucleolus(
    game: Game | ArrayLike,
    *,
    domain: Domain = "imputation",
    solver: Method = "auto",
) -> NDArray[np.float64]:
    """Nucleolus of a TU game (Schmeidler), by sequential LPs.

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
        The game (bitmask convention, see :class:`Game`).
    domain : {"imputation", "preimputation"}
        ``"imputation"`` (default): lexicographic minimum over imputations
        (x(N) = v(N), x_i >= v({i})); ``"preimputation"``: the prenucleolus.
    solver : {"auto", "highs", "pulp"}
        LP back end.  ``"auto"`` (default): for n <= 12 every coalition in each LP,
        solved by a dense dual simplex (in plain Python for n <= 5, in numpy above)
        whose optimum is certified at every level (the numpy path, then HiGHS, takes
        over if a certificate fails); scipy's HiGHS with
        constraint generation above.  ``"highs"``: always HiGHS; ``"pulp"``: pulp's
        CBC (a cross-check, slow).

    Returns
    -------
    ndarray of shape (n,)
        The allocation whose excess vector e(S, x) = v(S) - x(S), sorted in
        decreasing order, is lexicographically smallest.

    Raises
    ------
    InvalidInputError
        If the imputation set is empty (sum_i v({i}) > v(N)) or an option is unknown.
    SolverError
        If an LP fails.

    Notes
    -----
    Kopelowitz's sequence of LPs in the form of Maschler, Peleg and Shapley: level k
    minimises the largest excess t_k of the coalitions not yet settled; coalitions
    whose LP dual is positive bind at every optimum and are fixed at t_k, and every
    coalition whose indicator vector is a linear combination of fixed ones (and N)
    is settled with them.  At most n - 1 levels.  For n <= 12 (``solver="auto"``)
    each level's LP holds all 2**n - 2 coalitions in the free directions' coordinates
    and is solved by a dense dual simplex (Lemke 1954), its optimum checked against
    every coalition and its multipliers checked non-negative.  Above that, and with
    ``"highs"`` or ``"pulp"``, constraint generation keeps each
    LP to a few dozen rows: after every solve the excesses of all 2**n coalitions
    are computed in O(2**n) and the most violated are added, so the final answer is
    verified against every coalition.  The game is scaled to ``max |v| = 1`` and all
    tolerances are relative to that.  The nucleolus lies in the core whenever the
    core is non-empty and is covariant under strategic equivalence
    (a v + b, a > 0, b additive).

    References
    ----------
    Schmeidler, D., "The nucleolus of a characteristic function game", SIAM Journal on
    Applied Mathematics 17(6), 1969.  Kopelowitz, A., "Computation of the kernels of
    simple games and the nucleolus of n-person games", RM 31, Hebrew University, 1967.
    Maschler, M., Peleg, B. and Shapley, L. S., "Geometric properties of the kernel,
    nucleolus and related solution concepts", Mathematics of Operations Research 4(4),
    1979.  Lemke, C. E., "The dual method of solving the linear programming problem",
    Naval Research Logistics Quarterly 1(1), 1954.

    Examples
    --------
    >>> from poolcalc.games import bankruptcy
    >>> nucleolus(bankruptcy(200, [100, 200, 300])).round(6).tolist()
    [50.0, 75.0, 75.0]
    """
    _check_options(domain, solver)
    vals, n = game_values(game)
    return _sequential(vals, n, domain=domain, solver=solver).x


def least_core(
    game: Game | ArrayLike,
    *,
    domain: Domain = "imputation",
    solver: Method = "auto",
) -> LeastCore:
    """Least core: the smallest epsilon such that some allocation has all excesses <= epsilon.

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
        The game.
    domain : {"imputation", "preimputation"}
        Whether x_i >= v({i}) is required besides x(N) = v(N).
    solver : {"auto", "highs", "pulp"}
        LP back end, as in :func:`nucleolus`.

    Returns
    -------
    LeastCore
        ``epsilon`` = min_x max_{S != empty, N} (v(S) - x(S)) and one minimiser ``x``.
        The core is non-empty iff ``epsilon <= 0``.

    Raises
    ------
    InvalidInputError
        If the imputation set is empty or an option is unknown.
    SolverError
        If the LP fails.

    References
    ----------
    Maschler, M., Peleg, B. and Shapley, L. S., "Geometric properties of the kernel,
    nucleolus and related solution concepts", Mathematics of Operations Research 4(4),
    1979.

    Examples
    --------
    >>> least_core([0, 0, 0, 1, 0, 1, 1, 1]).epsilon  # doctest: +ELLIPSIS
    0.333...
    """
    _check_options(domain, solver)
    vals, n = game_values(game)
    run = _sequential(vals, n, domain=domain, solver=solver, first_only=True)
    if run.levels.size:
        eps = float(run.levels[0])
    else:
        full = (1 << n) - 1
        eps = float((vals - subset_sums(run.x))[1:full].max()) if n > 1 else 0.0
    return LeastCore(epsilon=eps, x=run.x)

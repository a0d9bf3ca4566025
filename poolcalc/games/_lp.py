"""The one LP layer of :mod:`poolcalc.games` (scipy's HiGHS, or pulp's CBC).

Every linear program of the package goes through :func:`solve_lp`, which returns the
primal solution and the duals of the inequality rows and raises
:class:`~poolcalc.errors.SolverError` when the solver does not report an optimum.

Choice of solver (measured, see benchmarks/README_games.md): scipy's
``linprog(method="highs")`` solves the small restricted LPs of the nucleolus in a
few milliseconds in-process; pulp has no in-process HiGHS without the optional
``highspy`` package and its CBC back end writes an MPS file and starts a process per
solve (tens of milliseconds each), so ``"highs"`` is the default and ``"pulp"`` is
kept as a cross-check.

``"highs"`` calls the HiGHS bindings that scipy ships (``scipy.optimize._highspy``)
directly when they are there: ``linprog`` spends about 2 ms per call checking its
options one by one (each check builds an options manager), five times the solve
itself on the nucleolus's LPs (issue 11).  The model, the options (presolve off) and
the results read back (primal values, row duals) are those of ``linprog``; where the
bindings are missing or their interface differs, ``linprog`` is used.

:func:`dual_simplex` is a small dense dual simplex in numpy for the nucleolus of small
games (issue 11): even through the bindings, one HiGHS run costs 0.1-0.4 ms of set-up on
LPs of a few dozen rows, more than the whole solve of a game of five players.
"""

from __future__ import annotations

import importlib
import threading
import warnings
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from poolcalc.errors import InvalidInputError, SolverError

__all__ = ["DenseLPResult", "LPResult", "SOLVERS", "dual_simplex", "solve_lp"]

Solver = Literal["highs", "pulp"]
SOLVERS: tuple[str, ...] = ("highs", "pulp")


@attrs.frozen(eq=False)
class LPResult:
    """Optimum of ``min c.x s.t. A_ub x <= b_ub, A_eq x = b_eq, lo <= x <= hi``.

    Attributes
    ----------
    x : ndarray of shape (n_var,)
        Primal solution.
    fun : float
        Objective value.
    dual_ub : ndarray of shape (n_ub,)
        Non-negative multipliers of the inequality rows (y >= 0 with
        c = -A_ub' y + A_eq' z + bound duals); positive means the row binds at every
        optimum (complementary slackness).
    """

    x: NDArray[np.float64]
    fun: float
    dual_ub: NDArray[np.float64]


@attrs.frozen(eq=False)
class DenseLPResult:
    """Certified optimum of :func:`dual_simplex`.

    Attributes
    ----------
    w : ndarray of shape (p,)
        Primal solution (the last coordinate is the objective value).
    basis : ndarray of shape (p,)
        Indices of the ``p`` rows tight at ``w`` whose matrix is invertible.
    dual : ndarray of shape (p,)
        Their multipliers, >= 0, with ``a[basis].T @ dual = e_p``.
    slack : ndarray of shape (m,)
        ``a @ w - b`` (>= -1e-10).
    iterations : int
        Dual simplex pivots.
    """

    w: NDArray[np.float64]
    basis: NDArray[np.int64]
    dual: NDArray[np.float64]
    slack: NDArray[np.float64]
    iterations: int


#: Feasibility and pivot tolerances of :func:`dual_simplex` (data scaled to about 1).
_DS_FEAS = 1e-10
_DS_PIVOT = 1e-11
_DS_DUAL = 1e-12


def dual_simplex(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    basis: NDArray[np.int64],
    *,
    max_iter: int,
    binv: NDArray[np.float64] | None = None,
) -> DenseLPResult | None:
    """Minimise the last coordinate ``w[-1]`` subject to ``a @ w >= b``, by the dual simplex.

    Parameters
    ----------
    a : ndarray of shape (m, p)
        Constraint rows (dense; ``m`` up to a few thousand, ``p`` up to about a dozen).
    b : ndarray of shape (m,)
        Right-hand sides.
    basis : ndarray of shape (p,)
        A dual-feasible start: ``a[basis]`` invertible and the multipliers ``y`` of
        ``a[basis].T @ y = e_p`` non-negative.
    max_iter : int
        Pivot limit (degenerate cycling, which the most-violated rule does not
        exclude, ends here).
    binv : ndarray of shape (p, p), optional
        The inverse of ``a[basis]`` when the caller knows it (it is overwritten);
        computed otherwise.

    Returns
    -------
    DenseLPResult or None
        The optimum with its certificate: ``a @ w >= b - 1e-10`` for every row (primal
        feasibility, with ``a[basis] @ w = b[basis]`` to 1e-10) and ``dual >= -1e-12``
        with ``a[basis].T @ dual = e_p`` to 1e-9 (dual feasibility), so ``w[-1]`` is optimal by weak
        duality.  ``None`` when the pivot limit is reached, the problem looks infeasible
        or the final check fails: the caller then uses HiGHS.

    Notes
    -----
    The rows form the dual problem ``max b.y s.t. a.T y = e_p, y >= 0`` with the
    ``p`` basic multipliers ``y_B = B^-T e_p`` (the last row of ``B^-1``).  Each pivot
    takes the most violated row r (smallest ``a_r w - b_r`` below -1e-10), writes it
    in the basis, ``alpha = B^-T a_r``, and removes the basic row j minimising
    ``y_j / alpha_j`` over ``alpha_j > 0`` (the ratio test that keeps ``y >= 0``); the
    inverse is updated in rank one, ``B^-1 <- B^-1 - B^-1 e_j (alpha - e_j)^T / alpha_j``
    (Sherman-Morrison); when the final residuals exceed the tolerances the basis is
    re-inverted and the pivots resume (at most three times).

    References
    ----------
    Lemke, C. E., "The dual method of solving the linear programming problem", Naval
    Research Logistics Quarterly 1(1), 1954.  Chvatal, V., "Linear Programming",
    W. H. Freeman, 1983, chapter 10 (the dual simplex method).
    """
    basis = np.array(basis, dtype=np.int64)
    p = basis.size
    it = 0
    if binv is None:
        try:
            binv = np.linalg.inv(a[basis])
        except np.linalg.LinAlgError:
            return None
    for _ in range(3):  # re-inversions: rank-one updates drift on long runs
        while True:
            w = binv @ b[basis]
            s = a @ w
            s -= b
            r = int(s.argmin())
            if s[r] >= -_DS_FEAS or it >= max_iter:
                break
            alpha = a[r] @ binv
            pos = (alpha > _DS_PIVOT).nonzero()[0]
            if pos.size == 0:
                return None  # dual unbounded: the LP is infeasible (or numerically so)
            j = int(pos[(binv[p - 1, pos] / alpha[pos]).argmin()])
            pivot = alpha[j]
            alpha[j] -= 1.0
            alpha /= pivot
            binv -= binv[:, j, None] * alpha
            basis[j] = r
            it += 1
        if it >= max_iter:
            return None
        # Certificate on the current inverse: B w = b_B, B' y = e_p, y >= 0, s >= -tol.
        ab = a[basis]
        y = binv[p - 1]
        resid = ab.T @ y
        resid[-1] -= 1.0
        if (
            y.min() >= -_DS_DUAL
            and np.abs(resid).max() <= 1e-9
            and np.abs(s[basis]).max() <= _DS_FEAS
        ):
            return DenseLPResult(w=w, basis=basis, dual=y, slack=s, iterations=it)
        binv = np.linalg.inv(ab)
    return None


def solve_lp(
    c: NDArray[np.float64],
    a_ub: NDArray[np.float64],
    b_ub: NDArray[np.float64],
    a_eq: NDArray[np.float64],
    b_eq: NDArray[np.float64],
    bounds: list[tuple[float | None, float | None]],
    *,
    solver: Solver = "highs",
) -> LPResult:
    """Solve a small dense LP with the chosen back end.

    Raises
    ------
    InvalidInputError
        If ``solver`` is not one of :data:`SOLVERS`.
    SolverError
        If the solver reports anything but an optimal solution.
    """
    if solver == "highs":
        core = _highs_core()
        if core is not None:
            return _solve_highs_core(core, c, a_ub, b_ub, a_eq, b_eq, bounds)
        return _solve_scipy(c, a_ub, b_ub, a_eq, b_eq, bounds)
    if solver == "pulp":
        return _solve_pulp(c, a_ub, b_ub, a_eq, b_eq, bounds)
    raise InvalidInputError(f"solver must be one of {list(SOLVERS)}, got {solver!r}")


_CORE: list[Any] = []
_CORE_NAMES = ("HighsLp", "HighsOptions", "_Highs", "MatrixFormat", "HighsModelStatus", "kHighsInf")


def _highs_core() -> Any:
    """Return scipy's HiGHS binding module, or None if it lacks what the direct path uses."""
    if not _CORE:
        try:
            core = importlib.import_module("scipy.optimize._highspy._core")
        except ImportError:  # pragma: no cover - scipy without bundled HiGHS bindings
            core = None
        if core is not None and not all(hasattr(core, nm) for nm in _CORE_NAMES):
            core = None  # pragma: no cover - another binding interface
        _CORE.append(core)
    return _CORE[0]


_LOCAL = threading.local()


def _highs_instance(core: Any) -> Any:
    """One HiGHS object per thread, options set once (presolve off, no output).

    ``passModel`` replaces the whole model (and drops the previous basis), so reuse
    gives the same solutions as a fresh object, without its set-up cost.
    """
    highs = getattr(_LOCAL, "highs", None)
    if highs is None:
        highs = core._Highs()
        opts = core.HighsOptions()
        opts.presolve = "off"  # tiny dense LPs: presolve costs more than it saves
        opts.output_flag = False
        highs.passOptions(opts)
        _LOCAL.highs = highs
    return highs


def _solve_highs_core(
    core: Any,
    c: NDArray[np.float64],
    a_ub: NDArray[np.float64],
    b_ub: NDArray[np.float64],
    a_eq: NDArray[np.float64],
    b_eq: NDArray[np.float64],
    bounds: list[tuple[float | None, float | None]],
) -> LPResult:
    """Solve the LP of :func:`_solve_scipy` in HiGHS without ``linprog``'s option checks.

    Rows are ``A_ub`` (lower bound -inf) then ``A_eq`` (lower = upper), column-wise
    sparse as ``linprog`` builds them; the inequality duals are ``-row_dual``.
    """
    ncol = c.size
    a = np.vstack([a_ub.reshape(-1, ncol), a_eq.reshape(-1, ncol)])
    n_ub = a_ub.size // ncol if ncol else 0
    inf = core.kHighsInf
    at = a.T
    cols, rows = np.nonzero(at)
    lp = core.HighsLp()
    lp.num_col_ = ncol
    lp.num_row_ = a.shape[0]
    lp.a_matrix_.num_col_ = ncol
    lp.a_matrix_.num_row_ = a.shape[0]
    lp.a_matrix_.format_ = core.MatrixFormat.kColwise
    lp.col_cost_ = np.asarray(c, dtype=np.float64)
    lp.col_lower_ = np.array([-inf if lo is None else lo for lo, _ in bounds], dtype=np.float64)
    lp.col_upper_ = np.array([inf if hi is None else hi for _, hi in bounds], dtype=np.float64)
    lp.row_lower_ = np.concatenate([np.full(n_ub, -inf), b_eq]).astype(np.float64)
    lp.row_upper_ = np.concatenate([b_ub, b_eq]).astype(np.float64)
    lp.a_matrix_.start_ = np.searchsorted(cols, np.arange(ncol + 1)).astype(np.int32)
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = at[cols, rows]
    highs = _highs_instance(core)
    highs.passModel(lp)
    highs.run()
    status = highs.getModelStatus()
    if status != core.HighsModelStatus.kOptimal:
        raise SolverError(f"HiGHS failed: {highs.modelStatusToString(status)}")
    sol = highs.getSolution()
    x = np.array(sol.col_value)
    duals = -np.array(sol.row_dual)[:n_ub]
    return LPResult(x=x, fun=float(c @ x), dual_ub=duals)


def _solve_scipy(
    c: NDArray[np.float64],
    a_ub: NDArray[np.float64],
    b_ub: NDArray[np.float64],
    a_eq: NDArray[np.float64],
    b_eq: NDArray[np.float64],
    bounds: list[tuple[float | None, float | None]],
) -> LPResult:
    from scipy.optimize import linprog

    res = linprog(
        c,
        A_ub=a_ub if a_ub.size else None,
        b_ub=b_ub if a_ub.size else None,
        A_eq=a_eq if a_eq.size else None,
        b_eq=b_eq if a_eq.size else None,
        bounds=bounds,
        method="highs",
        options={"presolve": False},  # tiny dense LPs: presolve costs more than it saves
    )
    if res.status != 0:
        raise SolverError(
            f"HiGHS (scipy.optimize.linprog) failed: status {res.status}, {res.message}"
        )
    duals = -np.asarray(res.ineqlin.marginals) if a_ub.size else np.zeros(0)
    return LPResult(x=np.asarray(res.x), fun=float(res.fun), dual_ub=duals)


def _solve_pulp(
    c: NDArray[np.float64],
    a_ub: NDArray[np.float64],
    b_ub: NDArray[np.float64],
    a_eq: NDArray[np.float64],
    b_eq: NDArray[np.float64],
    bounds: list[tuple[float | None, float | None]],
) -> LPResult:
    import pulp

    prob = pulp.LpProblem("games", pulp.LpMinimize)
    if hasattr(prob, "add_variable"):  # PuLP >= 3.3
        xs = [prob.add_variable(f"x{j}", lo, hi) for j, (lo, hi) in enumerate(bounds)]
    else:  # pragma: no cover - older PuLP
        xs = [
            pulp.LpVariable(f"x{j}", lowBound=lo, upBound=hi) for j, (lo, hi) in enumerate(bounds)
        ]
    prob += pulp.lpSum(float(cj) * xj for cj, xj in zip(c, xs, strict=True) if cj != 0)
    ub_rows = []
    for r, (row, rhs) in enumerate(zip(a_ub, b_ub, strict=True)):
        con = pulp.lpSum(float(a) * xs[j] for j, a in enumerate(row) if a != 0) <= float(rhs)
        prob += con, f"u{r}"
        ub_rows.append(f"u{r}")
    for r, (row, rhs) in enumerate(zip(a_eq, b_eq, strict=True)):
        prob += (
            pulp.lpSum(float(a) * xs[j] for j, a in enumerate(row) if a != 0) == float(rhs),
            f"e{r}",
        )
    cmd = pulp.COIN_CMD(msg=False)
    if not cmd.available():
        # PuLP 3.3 deprecates its bundled CBC binary in favour of an installed one;
        # the bundled one is all a plain `pip install pulp` has.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            cmd = pulp.PULP_CBC_CMD(msg=False)
    status = prob.solve(cmd)
    if status != pulp.LpStatusOptimal:
        raise SolverError(f"CBC (pulp) failed: status {pulp.LpStatus[status]}")
    x = np.array([xj.value() or 0.0 for xj in xs])
    if hasattr(prob, "get_constraint_by_name"):  # PuLP >= 3.3
        cons = [prob.get_constraint_by_name(nm) for nm in ub_rows]
    else:  # pragma: no cover - older PuLP
        cons = [prob.constraints[nm] for nm in ub_rows]
    duals = np.array([-(con.pi or 0.0) for con in cons])
    return LPResult(x=x, fun=float(np.dot(c, x)), dual_ub=duals)

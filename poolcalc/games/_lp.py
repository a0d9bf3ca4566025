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
"""

from __future__ import annotations

import warnings
from typing import Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from poolcalc.errors import InvalidInputError, SolverError

__all__ = ["LPResult", "SOLVERS", "solve_lp"]

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
        return _solve_scipy(c, a_ub, b_ub, a_eq, b_eq, bounds)
    if solver == "pulp":
        return _solve_pulp(c, a_ub, b_ub, a_eq, b_eq, bounds)
    raise InvalidInputError(f"solver must be one of {list(SOLVERS)}, got {solver!r}")


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

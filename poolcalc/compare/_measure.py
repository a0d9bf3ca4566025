"""Measure distributions: the metrics of every scheme against one pool game.

:func:`compare_amounts` measures distributions the caller already has (arrays);
:func:`poolcalc.compare.compare` runs the schemes on a pool and measures them here.
Fairness metrics come from :mod:`poolcalc.compare._metrics`, the game-theoretic ones
(Shapley value, core stability, individual rationality) from :mod:`poolcalc.games`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc._args import checked_args
from poolcalc.compare import _metrics as M
from poolcalc.compare._result import Comparison, SchemeMetrics
from poolcalc.errors import InvalidInputError
from poolcalc.games import (
    EXACT_LIMIT,
    Game,
    UnanimityGame,
    core_stability_batch,
    individual_rationality,
    standalone_values,
)
from poolcalc.games import shapley as game_shapley

__all__ = ["compare_amounts", "game_view", "measure"]


# --------------------------------------------------------------------------------------
# the game the metrics measure against
# --------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class GameView:
    """What the metrics need from the game, computed once for every scheme."""

    game: Game | UnanimityGame
    shapley: NDArray[np.float64]
    grand: float
    standalone: NDArray[np.float64]
    carriers: bool  # a unanimity game: its carriers are checked when sampling


def game_view(game: Any, n: int, *, shapley: ArrayLike | None) -> GameView:
    """Validate the game (a Game, a values array or a UnanimityGame) for n members."""
    if callable(game) or (isinstance(game, tuple) and len(game) == 2):
        raise InvalidInputError(
            "game must be a poolcalc.games.Game, a values array of length 2**n or a "
            "poolcalc.games.UnanimityGame (for carriers and worths: "
            f"UnanimityGame(carriers, worths)), got {type(game).__name__}"
        )
    g = game if isinstance(game, (Game, UnanimityGame)) else Game(game)
    if g.n != n:
        raise InvalidInputError(f"game has {g.n} players but the pool has {n} members")
    if shapley is not None:
        phi = np.asarray(shapley, np.float64)
    else:
        phi = g.shapley() if isinstance(g, UnanimityGame) else game_shapley(g)
    return GameView(g, phi, g.grand, standalone_values(g), isinstance(g, UnanimityGame))


# --------------------------------------------------------------------------------------
# metrics of one scheme
# --------------------------------------------------------------------------------------
def measure(
    schemes: tuple[str, ...],
    mat: NDArray[np.int64],
    gv: GameView | None,
    *,
    exact_limit: int,
    n_samples: int,
    rng: np.random.Generator | int | None,
    after_entrant: Mapping[str, ArrayLike] | None,
    after_patent: Mapping[str, ArrayLike] | None,
    monotone_members: NDArray[np.intp] | None,
) -> dict[str, SchemeMetrics]:
    """Metrics of every scheme; the game is evaluated once for all of them."""
    amounts = mat.astype(np.float64)
    totals = amounts.sum(axis=1)
    kw: list[dict[str, Any]] = []
    for k, s in enumerate(schemes):
        if totals[k] <= 0:
            raise InvalidInputError(f"scheme {s!r} distributed nothing: nothing to compare")
        ratio, n_zero = M.max_min_ratio(amounts[k])
        kw.append(
            {
                "gini": M.gini(amounts[k]),
                "hhi": M.hhi(amounts[k]),
                "max_min_ratio": ratio,
                "zero_payees": n_zero,
            }
        )
    n = mat.shape[1]
    if gv is not None and gv.grand > 0:
        X = amounts / totals[:, None] * gv.grand  # payoffs in game units
        unit = gv.grand / totals  # one minor unit in game units, per scheme
        if gv.shapley.sum() > 0:
            ref = np.maximum(gv.shapley, 0.0)
            for k in range(len(schemes)):
                kw[k]["l1_to_shapley"] = M.l1_distance(amounts[k], ref)
        if n >= 2:
            cores = core_stability_batch(
                X,
                gv.game,
                tol=n * unit + 1e-9 * gv.grand,
                exact_limit=exact_limit,
                n_samples=n_samples,
                rng=rng,
            )
            for k, cs in enumerate(cores):
                kw[k].update(
                    core_max_excess=cs.max_excess_share,
                    core_blocking=cs.n_blocking,
                    core_checked=cs.n_checked,
                    core_sampled=cs.sampled,
                )
        sa = gv.standalone
        for k in range(len(schemes)):
            ir = individual_rationality(X[k], sa, tol=unit[k] + 1e-9 * gv.grand)
            kw[k].update(
                ir_violations=int(ir.violators.size),
                ir_worst_shortfall=ir.worst_shortfall / gv.grand,
            )
    for k, s in enumerate(schemes):
        if after_entrant is not None and s in after_entrant:
            d = M.dilution(amounts[k], np.asarray(after_entrant[s], np.float64))
            kw[k].update(dilution_mean=float(d.mean()), dilution_worst=float(d.min()))
        if after_patent is not None and s in after_patent:
            ap = np.asarray(after_patent[s], np.float64)
            members = monotone_members if monotone_members is not None else np.arange(ap.size)
            rep = M.monotonicity_violations(amounts[k], ap, members, tol=1.0)
            kw[k].update(
                monotonicity_violations=int(rep.violators.size),
                monotonicity_checked=int(rep.checked.size),
            )
    return {s: SchemeMetrics(**kw[k]) for k, s in enumerate(schemes)}


@checked_args
def compare_amounts(
    amounts: Mapping[str, ArrayLike],
    members: Sequence[str] | None = None,
    *,
    game: Game | UnanimityGame | ArrayLike | None = None,
    shapley: ArrayLike | None = None,
    after_entrant: Mapping[str, ArrayLike] | None = None,
    after_patent: Mapping[str, ArrayLike] | None = None,
    monotone_members: ArrayLike | None = None,
    exact_limit: int = EXACT_LIMIT,
    n_samples: int = 20_000,
    rng: np.random.Generator | int | None = 0,
    currency: str = "USD",
    minor_units: int = 2,
    year: int | None = None,
) -> Comparison:
    """Measure distributions given as arrays (no pool needed).

    Parameters
    ----------
    amounts : mapping of str to array_like of shape (n,)
        Scheme name -> what each member receives [minor units]; non-negative
        integers (cents) with a positive total.
    members : sequence of str, optional
        Member ids (default ``"0"``, ``"1"``...).
    game : Game, values array, or UnanimityGame, optional
        The pool's game, for the Shapley distance, core stability and individual
        rationality: a :class:`poolcalc.games.Game` or values array of length
        ``2**n`` (n <= 26), or a :class:`poolcalc.games.UnanimityGame` (any n; the
        pool game of :func:`poolcalc.allocation.pool_game` is one).
    shapley : array_like of shape (n,), optional
        Shapley value of ``game`` when already known; computed otherwise (closed
        form for a unanimity game, exact enumeration for a dense one).
    after_entrant : mapping of str to array_like, optional
        Scheme -> amounts of the n incumbents (then the entrant) when a member joins.
    after_patent : mapping of str to array_like, optional
        Scheme -> ``after[j]`` = amount of member ``monotone_members[j]`` after it
        alone adds one essential patent.
    monotone_members : array_like of int, optional
        Members tested for monotonicity (default all).
    exact_limit, n_samples, rng
        Core stability: enumerate all coalitions up to ``exact_limit`` members,
        sample ``n_samples`` coalitions beyond (see :func:`core_stability`).
    currency, minor_units, year
        Carried into the result for reports.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from poolcalc.games import UnanimityGame
    >>> cmp = compare_amounts({"equal": [50, 50, 50], "skewed": [100, 40, 10]},
    ...                       game=UnanimityGame([{0, 1, 2}], [150]))
    >>> cmp.metrics["equal"].gini, cmp.metrics["equal"].l1_to_shapley
    (0.0, 0.0)
    """
    if not amounts:
        raise InvalidInputError("amounts must name at least one scheme")
    schemes = tuple(str(s) for s in amounts)
    rows = []
    for s in schemes:
        a = np.asarray(amounts[s])
        if a.ndim != 1:
            raise InvalidInputError(f"amounts[{s!r}] must be one-dimensional, got shape {a.shape}")
        rows.append(M._amounts(a, f"amounts[{s!r}]"))
    n = rows[0].size
    for s, r in zip(schemes, rows, strict=True):
        if r.size != n:
            raise InvalidInputError(
                f"amounts[{s!r}] must have {n} entries (one per member), got {r.size}"
            )
    members_t = (
        tuple(str(i) for i in range(n)) if members is None else tuple(str(m) for m in members)
    )
    if len(members_t) != n:
        raise InvalidInputError(f"members must have {n} entries, got {len(members_t)}")
    mat = np.vstack(rows)
    if not np.all(mat == np.round(mat)):
        raise InvalidInputError("amounts must be whole minor units (integers)")
    mat = mat.astype(np.int64)
    gv = None if game is None else game_view(game, n, shapley=shapley)
    notes = []
    if gv is not None:
        if gv.grand <= 0:
            notes.append("the pool game is worth nothing (v(N) = 0): game metrics not computed")
        if n > exact_limit:
            notes.append(
                f"core stability sampled: n = {n} members > {exact_limit}; "
                f"{n_samples} random coalitions "
                "plus every singleton, every N\\{i}"
                + (" and every carrier of the pool game" if gv.carriers else "")
                + " were checked (a lower bound on the largest excess)"
            )
    mm = None if monotone_members is None else np.asarray(monotone_members, dtype=np.intp)
    metrics = measure(
        schemes,
        mat,
        gv,
        exact_limit=exact_limit,
        n_samples=n_samples,
        rng=rng,
        after_entrant=after_entrant,
        after_patent=after_patent,
        monotone_members=mm,
    )
    total = mat.sum(axis=1)
    return Comparison(
        schemes=schemes,
        members=members_t,
        amount_matrix=mat,
        collected=total,
        administrator_fee=np.zeros(len(schemes), np.int64),
        metrics=metrics,
        shapley=None if gv is None else gv.shapley,
        standalone=None if gv is None else gv.standalone,
        currency=currency,
        minor_units=minor_units,
        year=year,
        notes=tuple(notes),
    )

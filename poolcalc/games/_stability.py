"""Stability of an allocation: core excesses (exact or sampled) and individual rationality.

:func:`core_stability` measures how far a payoff vector is from the core of a game:
the largest coalition excess and the number of blocking coalitions, enumerating all
2**n - 2 proper coalitions up to :data:`EXACT_LIMIT` players and sampling beyond
(pool games with hundreds of members).  :func:`individual_rationality` compares the
payoffs with the stand-alone worths v({i}).  The game is a :class:`Game`, a values
array of length 2**n in bitmask order, or a :class:`UnanimityGame` (any n).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.games._game import MAX_PLAYERS, Game, game_values, subset_sums
from poolcalc.games._semivalue import blas_one_thread
from poolcalc.games._unanimity import UnanimityGame

__all__ = [
    "EXACT_LIMIT",
    "CoreStability",
    "IndividualRationality",
    "core_stability",
    "core_stability_batch",
    "individual_rationality",
    "standalone_values",
]

#: Largest n for which :func:`core_stability` enumerates every coalition by default.
EXACT_LIMIT = 20

#: A game the stability metrics accept.
AnyGame = Game | UnanimityGame | ArrayLike


def _vector(x: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{name} must be an array of numbers: {exc}") from None
    if a.ndim != 1 or a.size == 0:
        raise InvalidInputError(f"{name} must be a non-empty 1-d array, got shape {a.shape}")
    bad = np.flatnonzero(~np.isfinite(a))
    if bad.size:
        raise InvalidInputError(
            f"{name} must be finite, got {float(a[bad[0]])!r} at index {int(bad[0])}"
        )
    return a


def standalone_values(game: AnyGame) -> NDArray[np.float64]:
    """Stand-alone worths ``v({i})`` of every player.

    Parameters
    ----------
    game : Game, values array of length 2**n, or UnanimityGame

    Returns
    -------
    ndarray of shape (n,)
        What each player earns alone; in a pool game, the royalties of the sales
        for which that member alone holds every essential patent.

    References
    ----------
    Dehez, P. and Poukens, S., "The Shapley value as a guide to FRAND licensing
    agreements", Review of Law & Economics 10, 2014.

    Examples
    --------
    >>> standalone_values([0, 1, 2, 4]).tolist()
    [1.0, 2.0]
    >>> standalone_values(UnanimityGame([[1, 0, 0], [1, 1, 1]], [100, 200])).tolist()
    [100.0, 0.0, 0.0]
    """
    if isinstance(game, UnanimityGame):
        return game.standalone()
    vals, n = game_values(game)
    return vals[1 << np.arange(n)]


@attrs.frozen
class CoreStability:
    """How far an allocation is from the core of a game.

    Attributes
    ----------
    max_excess : float
        Largest excess ``e(S, x) = v(S) - x(S)`` over the proper non-empty coalitions
        checked [game units]; <= 0 when none of them can do better on its own.
    max_excess_share : float
        ``max_excess / v(N)`` (scale-free, comparable across pools; 0 when v(N) = 0).
    n_blocking : int
        Coalitions checked whose excess exceeds ``tol`` (they would gain by leaving).
    n_checked : int
        Coalitions checked (``2**n - 2`` when exact).
    sampled : bool
        True when coalitions were sampled rather than enumerated: then
        ``max_excess`` is a lower bound and ``n_blocking`` counts blocking coalitions
        among the sample only.
    worst : ndarray of bool, shape (n,)
        Members of a coalition attaining ``max_excess``.
    """

    max_excess: float
    max_excess_share: float
    n_blocking: int
    n_checked: int
    sampled: bool
    worst: NDArray[np.bool_] = attrs.field(eq=False)


def core_stability(
    x: ArrayLike,
    game: AnyGame,
    *,
    tol: float | None = None,
    exact_limit: int = EXACT_LIMIT,
    n_samples: int = 20_000,
    candidates: ArrayLike | None = None,
    rng: np.random.Generator | int | None = None,
) -> CoreStability:
    r"""Largest coalition excess and number of blocking coalitions of a payoff vector.

    Parameters
    ----------
    x : array_like of shape (n,)
        Payoffs in the game's units (e.g. shares times ``v(N)``); may be negative.
    game : Game, values array of length 2**n, or UnanimityGame
        The game; a :class:`UnanimityGame` may have any number of players.
    tol : float, optional
        Excess above which a coalition counts as blocking; default
        ``1e-9 * max(1, |v(N)|)``.  Pass the rounding error of the payoffs (e.g. n
        minor units) to ignore excesses that are only cents of rounding.
    exact_limit : int
        Enumerate all ``2**n - 2`` proper coalitions when ``n <= exact_limit`` (and
        n <= 26; vectorised, O(n 2^n)); sample beyond.
    n_samples : int
        Random coalitions drawn when sampling: a size uniform on ``1..n-1``, then a
        uniform subset of that size.  Every singleton and every ``N \ {i}`` is always
        checked too; duplicates are checked (and counted) once.
    candidates : array_like of bool, shape (m, n), optional
        Extra coalitions to check when sampling.  Default for a
        :class:`UnanimityGame`: its carriers of positive worth (the coalitions most
        likely to block).
    rng : numpy.random.Generator or int, optional
        Randomness for sampling (same seed, same result).

    Returns
    -------
    CoreStability

    Raises
    ------
    InvalidInputError
        A payoff vector of the wrong length or not finite, fewer than 2 players, a
        negative ``tol`` or ``n_samples``, candidates of the wrong shape.

    Notes
    -----
    ``x`` is in the core when ``x(N) = v(N)`` and ``e(S, x) = v(S) - x(S) <= 0`` for all
    S; a coalition with positive excess could obtain more by leaving the pool
    (Gillies 1959).  The nucleolus minimises the largest excess lexicographically
    (Schmeidler 1969), so its ``max_excess`` is the least-core value.

    References
    ----------
    D. B. Gillies, "Solutions to general non-zero-sum games", in Contributions to the
    Theory of Games IV, Annals of Mathematics Studies 40, 1959; D. Schmeidler, "The
    nucleolus of a characteristic function game", SIAM J. Appl. Math. 17(6):1163-1170,
    1969.

    Examples
    --------
    >>> r = core_stability([3, 3, 0], [0, 0, 0, 6, 0, 0, 0, 6])
    >>> r.max_excess, r.n_blocking
    (0.0, 0)
    >>> r = core_stability([4, 1, 1], [0, 0, 0, 6, 0, 0, 0, 6])  # {0, 1} gets 5 < v = 6
    >>> r.max_excess, r.n_blocking, r.worst.tolist()
    (1.0, 1, [True, True, False])
    """
    return core_stability_batch(
        _vector(x, "x")[None, :],
        game,
        tol=tol,
        exact_limit=exact_limit,
        n_samples=n_samples,
        candidates=candidates,
        rng=rng,
    )[0]


def _source(
    game: AnyGame, exact: Callable[[int], bool]
) -> tuple[
    NDArray[np.float64] | None,
    Callable[[NDArray[np.bool_]], NDArray[np.float64]],
    int,
    float,
    NDArray[np.bool_] | None,
]:
    """(dense values or None, worth of membership rows, n, v(N), default candidates)."""
    if isinstance(game, UnanimityGame):
        n = game.n
        vals = game.to_game().values if exact(n) and n <= MAX_PLAYERS else None
        vN = float(vals[-1]) if vals is not None else float(game.values(np.ones((1, n), bool))[0])
        return vals, game.values, n, vN, game.active_carriers()
    arr, n = game_values(game)

    def lookup(S: NDArray[np.bool_]) -> NDArray[np.float64]:
        return arr[(S.astype(np.int64) << np.arange(n, dtype=np.int64)).sum(axis=1)]

    return arr, lookup, n, float(arr[-1]), None


def _kth_smallest(keys: NDArray[np.float64], sizes: NDArray[np.int64]) -> NDArray[np.float64]:
    """``np.sort(keys, axis=1)[r, sizes[r] - 1]`` for every row r, by partial sorts.

    Rows of one size share one ``np.partition`` (O(n) per row instead of O(n log n)).
    """
    out = np.empty(keys.shape[0])
    order = np.argsort(sizes, kind="stable")
    ss = sizes[order]
    cuts = np.flatnonzero(np.r_[True, ss[1:] != ss[:-1], True])
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        rows = order[a:b]
        kk = int(ss[a]) - 1
        out[rows] = np.partition(keys[rows], kk, axis=1)[:, kk]
    return out


def core_stability_batch(
    X: ArrayLike,
    game: AnyGame,
    *,
    tol: float | ArrayLike | None = None,
    exact_limit: int = EXACT_LIMIT,
    n_samples: int = 20_000,
    candidates: ArrayLike | None = None,
    rng: np.random.Generator | int | None = None,
) -> list[CoreStability]:
    """:func:`core_stability` of several payoff vectors against one game.

    Every coalition's worth is evaluated once and shared by the rows of ``X`` (the
    expensive part for a pool game on 10^3 members), and the rows see the same
    sampled coalitions, so their figures are comparable.

    Parameters
    ----------
    X : array_like of shape (k, n)
        One payoff vector per row [game units].
    tol : float or array_like of shape (k,), optional
        Blocking threshold per row (default ``1e-9 * max(1, |v(N)|)``).
    game, exact_limit, n_samples, candidates, rng
        As in :func:`core_stability`.

    Returns
    -------
    list of CoreStability
        One per row of ``X``.

    Examples
    --------
    >>> rs = core_stability_batch([[3, 3, 0], [4, 1, 1]], [0, 0, 0, 6, 0, 0, 0, 6])
    >>> [r.n_blocking for r in rs]
    [0, 1]
    """
    try:
        xs = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"x must be an array of numbers: {exc}") from None
    if xs.ndim != 2 or xs.shape[0] == 0:
        raise InvalidInputError(f"X must have shape (k, n) with k >= 1, got {xs.shape}")
    bad = np.argwhere(~np.isfinite(xs))
    if bad.size:
        raise InvalidInputError(
            f"x must be finite, got {float(xs[tuple(bad[0])])!r} at index {tuple(bad[0].tolist())}"
        )
    vals, worth, n, vN, default_cand = _source(game, lambda m: m <= exact_limit)
    if xs.shape[1] != n:
        raise InvalidInputError(f"x must have one payoff per player (n = {n}), got {xs.shape[1]}")
    k_rows = xs.shape[0]
    if n < 2:
        raise InvalidInputError(f"core stability needs at least 2 players, got {n}")
    if n_samples < 0:
        raise InvalidInputError(f"n_samples must be >= 0, got {n_samples}")
    tols = np.broadcast_to(
        np.asarray(1e-9 * max(1.0, abs(vN)) if tol is None else tol, dtype=np.float64), (k_rows,)
    )
    if not np.all(np.isfinite(tols)) or np.any(tols < 0):
        raise InvalidInputError(f"tol must be a finite number >= 0, got {tol!r}")

    def share(m: float) -> float:
        return m / vN if vN else 0.0

    if n <= exact_limit and vals is not None:
        out = []
        for r in range(k_rows):
            e = (vals - subset_sums(xs[r]))[1:-1]
            k = int(np.argmax(e))
            worst = ((np.int64(k + 1) >> np.arange(n)) & 1).astype(bool)
            mx = float(e[k])
            out.append(CoreStability(mx, share(mx), int((e > tols[r]).sum()), e.size, False, worst))
        return out
    gen = np.random.default_rng(rng)
    eye = np.eye(n, dtype=bool)
    blocks = [eye, ~eye]
    cand_in = default_cand if candidates is None else candidates
    if cand_in is not None:
        cand = np.asarray(cand_in, dtype=bool)
        if cand.ndim != 2 or cand.shape[1] != n:
            raise InvalidInputError(f"candidates must have shape (m, {n}), got {cand.shape}")
        blocks.append(cand[cand.any(axis=1) & ~cand.all(axis=1)])
    if n_samples:
        sizes = gen.integers(1, n, size=n_samples)
        keys = gen.random((n_samples, n))
        kth = _kth_smallest(keys, sizes)
        blocks.append(keys <= kth[:, None])
    # distinct coalitions only (samples are drawn with replacement)
    packed = np.unique(np.packbits(np.vstack(blocks), axis=1), axis=0)
    best = np.full(k_rows, -np.inf)
    worst = np.zeros((k_rows, n), dtype=bool)
    n_block = np.zeros(k_rows, dtype=np.int64)
    chunk = max(1, 4_000_000 // n)
    # a few payoff rows against thousands of coalitions: a second BLAS thread only spins
    with blas_one_thread():
        for start in range(0, packed.shape[0], chunk):
            S = np.unpackbits(packed[start : start + chunk], axis=1, count=n).astype(bool)
            e = worth(S)[None, :] - xs @ S.T.astype(np.float64)  # (k_rows, m)
            k = np.argmax(e, axis=1)
            top = e[np.arange(k_rows), k]
            better = top > best
            best[better] = top[better]
            worst[better] = S[k[better]]
            n_block += (e > tols[:, None]).sum(axis=1)
    n_checked = int(packed.shape[0])
    return [
        CoreStability(
            float(best[r]), share(float(best[r])), int(n_block[r]), n_checked, True, worst[r]
        )
        for r in range(k_rows)
    ]


@attrs.frozen
class IndividualRationality:
    """Members paid less than they could earn alone.

    Attributes
    ----------
    violators : ndarray of int
        Indices i with ``x_i < v({i}) - tol``.
    shortfall : ndarray of float, shape (n,)
        ``max(0, v({i}) - x_i)`` per member [game units].
    worst_shortfall : float
        Largest shortfall (0 when individually rational).
    """

    violators: NDArray[np.intp] = attrs.field(eq=False)
    shortfall: NDArray[np.float64] = attrs.field(eq=False)
    worst_shortfall: float

    @property
    def rational(self) -> bool:
        """True when no member is below its stand-alone value."""
        return self.violators.size == 0


def individual_rationality(
    x: ArrayLike, standalone: ArrayLike | Game | UnanimityGame, *, tol: float = 1e-9
) -> IndividualRationality:
    r"""Check :math:`x_i \ge v(\{i\})` for every member.

    Parameters
    ----------
    x : array_like of shape (n,)
        Payoffs in the game's units.
    standalone : array_like of shape (n,), Game or UnanimityGame
        Stand-alone worths ``v({i})`` (see :func:`standalone_values`), or the game
        to take them from: what member i could earn licensing alone.  In the pool
        game it is the royalties of the sales for which i alone holds every
        essential patent.
    tol : float
        Shortfalls up to ``tol`` (rounding) are not violations.

    Returns
    -------
    IndividualRationality
        Violators (member indices), each member's shortfall ``max(0, v({i}) - x_i)`` and
        the worst one.

    References
    ----------
    von Neumann, J. and Morgenstern, O., Theory of Games and Economic Behavior,
    Princeton University Press, 1944 (imputations: individually rational, efficient
    payoffs).  Dehez, P. and Poukens, S., "The Shapley value as a guide to FRAND
    licensing agreements", Review of Law & Economics 10, 2014 (core conditions for
    pool members).

    Examples
    --------
    >>> individual_rationality([5, 1], [2, 2]).violators.tolist()
    [1]
    >>> individual_rationality([5, 1], UnanimityGame([{1}], [2])).shortfall.tolist()
    [0.0, 1.0]
    """
    xs = _vector(x, "x")
    if isinstance(standalone, (Game, UnanimityGame)):
        sa = standalone_values(standalone)
    else:
        sa = _vector(standalone, "standalone")
    if xs.shape != sa.shape:
        raise InvalidInputError(
            f"x and standalone must have one shape, got {xs.shape} and {sa.shape}"
        )
    short = np.maximum(0.0, sa - xs)
    viol = np.flatnonzero(short > tol)
    return IndividualRationality(viol, short, float(short.max()))

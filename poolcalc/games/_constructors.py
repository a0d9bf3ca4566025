"""Named constructors of classic TU games, vectorised over all ``2**n`` coalitions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.games._game import (
    MAX_PLAYERS,
    Game,
    _with_structure,
    game_values,
    player_matrix,
    popcount,
    subset_sums,
)

__all__ = [
    "airport",
    "bankruptcy",
    "from_function",
    "glove",
    "harsanyi_dividends",
    "unanimity",
    "unanimity_sum",
    "weighted_voting",
]


def _vector(x: ArrayLike, name: str, *, nonneg: bool = True) -> NDArray[np.float64]:
    try:
        arr = np.array(x, dtype=np.float64, ndmin=1)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{name} must be an array of numbers: {exc}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise InvalidInputError(f"{name} must be a non-empty 1-d array, got shape {arr.shape}")
    bad = np.flatnonzero(~np.isfinite(arr) | ((arr < 0) if nonneg else False))
    if bad.size:
        what = "finite and >= 0" if nonneg else "finite"
        raise InvalidInputError(
            f"{name} must be {what}, got {float(arr[bad[0]])!r} at index {int(bad[0])}"
        )
    if arr.size > MAX_PLAYERS:
        raise InvalidInputError(
            f"{name} has {arr.size} players; a full game array is built only for "
            f"n <= {MAX_PLAYERS} (use the closed forms shapley_shubik, airport_shapley, "
            "shapley_unanimity or shapley_sample for more players)"
        )
    return arr


def _scalar(x: float, name: str, *, positive: bool = False) -> float:
    try:
        val = float(x)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} must be a number, got {x!r}") from None
    if not np.isfinite(val) or val < 0 or (positive and val == 0):
        raise InvalidInputError(
            f"{name} must be finite and {'> 0' if positive else '>= 0'}, got {x!r}"
        )
    return val


def _n_players(n: int, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_PLAYERS:
        raise InvalidInputError(f"{name} must be an integer in [1, {MAX_PLAYERS}], got {n!r}")
    return int(n)


def weighted_voting(weights: ArrayLike, quota: float) -> Game:
    """Weighted majority game [q; w_1, ..., w_n].

    Parameters
    ----------
    weights : array_like of shape (n,)
        Non-negative voting weights.
    quota : float
        Winning threshold, > 0.

    Returns
    -------
    Game
        v(S) = 1 if sum_{i in S} w_i >= q else 0.  Remembers the weights, so
        :func:`shapley` uses the Shapley-Shubik generating-function recursion
        (:func:`shapley_shubik`) when the weights are integers.

    References
    ----------
    Shapley, L. S. and Shubik, M., "A method for evaluating the distribution of power
    in a committee system", American Political Science Review 48(3), 1954.

    Examples
    --------
    >>> weighted_voting([2, 1, 1], 3).values.tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    """
    w = _vector(weights, "weights")
    q = _scalar(quota, "quota", positive=True)
    vals = (subset_sums(w) >= q).astype(np.float64)
    return _with_structure(Game(vals), ("weighted_voting", w, q))


def bankruptcy(estate: float, claims: ArrayLike) -> Game:
    """Bankruptcy (estate division) game of O'Neill (1982).

    Parameters
    ----------
    estate : float
        Estate E >= 0 to divide.
    claims : array_like of shape (n,)
        Claims c_i >= 0.

    Returns
    -------
    Game
        v(S) = max(0, E - sum_{i not in S} c_i): what S gets after paying the others
        their claims in full.

    References
    ----------
    O'Neill, B., "A problem of rights arbitration from the Talmud", Mathematical Social
    Sciences 2(4), 1982.  Aumann, R. J. and Maschler, M., "Game theoretic analysis of a
    bankruptcy problem from the Talmud", Journal of Economic Theory 36(2), 1985 (the
    nucleolus is the Talmud rule).

    Examples
    --------
    >>> bankruptcy(100, [100, 200]).values.tolist()
    [0.0, 0.0, 0.0, 100.0]
    """
    e = _scalar(estate, "estate")
    c = _vector(claims, "claims")
    vals = np.maximum(0.0, e - (c.sum() - subset_sums(c)))
    vals[0] = 0.0
    return Game(vals)


def airport(costs: ArrayLike) -> Game:
    """Airport game of Littlechild and Owen (1973), as a (negative) value game.

    Parameters
    ----------
    costs : array_like of shape (n,)
        Cost c_i >= 0 of the runway player i needs.

    Returns
    -------
    Game
        v(S) = -max_{i in S} c_i (minus the cost of serving S).  Cost shares are
        ``-shapley(g)`` and ``-nucleolus(g)``; :func:`shapley` uses the
        Littlechild-Owen formula (:func:`airport_shapley`).

    References
    ----------
    Littlechild, S. C. and Owen, G., "A simple expression for the Shapley value in a
    special case", Management Science 20(3), 1973.

    Examples
    --------
    >>> airport([1, 2]).values.tolist()
    [0.0, -1.0, -2.0, -2.0]
    """
    c = _vector(costs, "costs")
    n = c.size
    mx = np.zeros(1 << n)
    for i in range(n):
        h = 1 << i
        np.maximum(mx[:h], c[i], out=mx[h : 2 * h])
    mx[0] = 0.0
    return _with_structure(Game(0.0 - mx), ("airport", c))


def unanimity(n: int, coalition: Iterable[int] | int, worth: float = 1.0) -> Game:
    """Unanimity game u_T scaled by ``worth``: v(S) = worth if T is a subset of S.

    Parameters
    ----------
    n : int
        Number of players.
    coalition : iterable of int or int
        The carrier T (player indices or a bitmask), non-empty.
    worth : float
        v(S) for S containing T.

    Returns
    -------
    Game

    References
    ----------
    Shapley, L. S., "A value for n-person games", Annals of Mathematics Studies 28, 1953
    (unanimity games as a basis of the game space).

    Examples
    --------
    >>> unanimity(2, [1]).values.tolist()
    [0.0, 0.0, 1.0, 1.0]
    """
    n = _n_players(n)
    t = _carrier_mask(coalition, n, "coalition")
    w = float(worth)
    if not np.isfinite(w):
        raise InvalidInputError(f"worth must be finite, got {worth!r}")
    masks = np.arange(1 << n, dtype=np.int64)
    vals = np.where((masks & t) == t, w, 0.0)
    return _with_structure(Game(vals), ("unanimity_sum", np.array([t]), np.array([w])))


def _carrier_mask(coalition: Iterable[int] | int, n: int, name: str) -> int:
    if isinstance(coalition, (int, np.integer)):
        t = int(coalition)
        if not 0 < t < (1 << n):
            raise InvalidInputError(f"{name} mask must be in [1, {(1 << n) - 1}], got {t}")
        return t
    t = 0
    for p in coalition:
        i = int(p)
        if not 0 <= i < n:
            raise InvalidInputError(f"{name} player must be in [0, {n - 1}], got {i}")
        t |= 1 << i
    if t == 0:
        raise InvalidInputError(f"{name} must be non-empty")
    return t


def glove(n_left: int, n_right: int) -> Game:
    """Glove market: players 0..n_left-1 own a left glove, the rest a right glove.

    v(S) = min(#left gloves in S, #right gloves in S) (pairs a coalition can sell
    at price 1).

    Parameters
    ----------
    n_left, n_right : int
        Numbers of left-glove and right-glove owners.

    Returns
    -------
    Game
        On ``n_left + n_right`` players.

    References
    ----------
    Shapley, L. S. and Shubik, M., "Pure competition, coalitional power, and fair
    division", International Economic Review 10(3), 1969 (market and glove games).

    Examples
    --------
    >>> glove(1, 2).values.tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    """
    for val, nm in ((n_left, "n_left"), (n_right, "n_right")):
        if isinstance(val, bool) or not isinstance(val, (int, np.integer)) or val < 0:
            raise InvalidInputError(f"{nm} must be a non-negative integer, got {val!r}")
    n = _n_players(int(n_left) + int(n_right), "n_left + n_right")
    left = np.zeros(n)
    left[:n_left] = 1.0
    n_l = subset_sums(left)
    n_r = popcount(n).astype(np.float64) - n_l
    return Game(np.minimum(n_l, n_r))


def from_function(n: int, f: Callable[..., Any], *, vectorized: bool = False) -> Game:
    """Build a game by evaluating ``f`` on every coalition.

    Parameters
    ----------
    n : int
        Number of players.
    f : callable
        ``vectorized=False``: ``f(coalition) -> float`` with ``coalition`` a tuple of
        player indices (called once per non-empty coalition).
        ``vectorized=True``: ``f(members) -> ndarray (2**n,)`` with ``members`` the
        boolean membership matrix of shape (2**n, n) in bitmask order (fast).
    vectorized : bool
        Which calling convention ``f`` follows.

    Returns
    -------
    Game

    Raises
    ------
    InvalidInputError
        If ``f`` returns a non-finite value or a wrong shape, or a non-zero worth for
        the empty coalition.

    Examples
    --------
    >>> from_function(2, lambda s: len(s) ** 2).values.tolist()
    [0.0, 1.0, 1.0, 4.0]
    >>> from_function(2, lambda m: m.sum(axis=1) ** 2, vectorized=True).grand
    4.0
    """
    n = _n_players(n)
    if vectorized:
        members = player_matrix(np.arange(1 << n), n)
        vals = np.asarray(f(members), dtype=np.float64)
        if vals.shape != (1 << n,):
            raise InvalidInputError(
                f"f must return an array of shape ({1 << n},) when vectorized, got {vals.shape}"
            )
    else:
        vals = np.zeros(1 << n)
        for m in range(1, 1 << n):
            vals[m] = float(f(tuple(i for i in range(n) if m >> i & 1)))
    bad = np.flatnonzero(~np.isfinite(vals))
    if bad.size:
        raise InvalidInputError(
            f"f returned {float(vals[bad[0]])!r} for coalition mask {int(bad[0])}; "
            "worths must be finite"
        )
    return Game(vals)


def _carriers(
    carriers: ArrayLike, weights: ArrayLike, n: int | None
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Normalise carriers to a boolean matrix (m, n) and weights to (m,)."""
    c = np.asarray(carriers)
    if c.ndim == 2:
        if c.dtype != bool and not np.isin(c, (0, 1)).all():
            raise InvalidInputError("carriers given as a matrix must contain only 0/1 or booleans")
        mat = c.astype(bool)
        if n is not None and mat.shape[1] != n:
            raise InvalidInputError(f"carriers has {mat.shape[1]} columns but n = {n}")
    elif c.ndim == 1:
        if n is None:
            raise InvalidInputError("n is required when carriers are given as bitmasks")
        if not np.issubdtype(c.dtype, np.integer):
            raise InvalidInputError(f"carrier bitmasks must be integers, got dtype {c.dtype}")
        if not 1 <= n <= 62:
            raise InvalidInputError(f"bitmask carriers need 1 <= n <= 62, got n = {n}")
        bad = np.flatnonzero((c < 0) | (c >= (1 << n)))
        if bad.size:
            raise InvalidInputError(
                f"carrier mask must be in [0, {(1 << n) - 1}], "
                f"got {c[bad[0]]} at index {int(bad[0])}"
            )
        mat = player_matrix(c.astype(np.int64), n)
    else:
        raise InvalidInputError(f"carriers must be 1-d bitmasks or a 2-d matrix, got {c.ndim}-d")
    w = np.array(weights, dtype=np.float64, ndmin=1)
    if w.shape != (mat.shape[0],):
        raise InvalidInputError(
            f"weights must have one entry per carrier ({mat.shape[0]}), got shape {w.shape}"
        )
    bad = np.flatnonzero(~np.isfinite(w))
    if bad.size:
        raise InvalidInputError(
            f"weights must be finite, got {float(w[bad[0]])!r} at index {int(bad[0])}"
        )
    empty = np.flatnonzero(~mat.any(axis=1) & (w != 0))
    if empty.size:
        raise InvalidInputError(
            f"carrier {int(empty[0])} is empty but has weight {float(w[empty[0]])!r}: "
            "that would make v(empty) != 0"
        )
    return mat, w


def unanimity_sum(carriers: ArrayLike, weights: ArrayLike, n: int | None = None) -> Game:
    """Game given as a sum of unanimity games: v(S) = sum_c R_c [T_c subset of S].

    Parameters
    ----------
    carriers : array_like
        Either a boolean matrix of shape (m, n) (row c marks the members of T_c) or
        integer bitmasks of shape (m,) (then ``n`` is required).
    weights : array_like of shape (m,)
        Dividends R_c.
    n : int, optional
        Number of players (needed with bitmask carriers).

    Returns
    -------
    Game
        Built by a zeta (subset-sum) transform in O(n 2**n).  Remembers its
        dividends, so :func:`shapley` uses :func:`shapley_unanimity`.

    Examples
    --------
    >>> unanimity_sum([0b11, 0b01], [2.0, 1.0], n=2).values.tolist()
    [0.0, 1.0, 0.0, 3.0]
    """
    mat, w = _carriers(carriers, weights, n)
    n_pl = _n_players(mat.shape[1], "number of players")
    masks = (mat.astype(np.int64) << np.arange(n_pl)).sum(axis=1)
    d = np.zeros(1 << n_pl)
    np.add.at(d, masks, w)
    _zeta(d, n_pl)
    d[0] = 0.0
    return _with_structure(Game(d), ("unanimity_sum", masks, w))


def _zeta(a: NDArray[np.float64], n: int) -> None:
    """In place: a(S) <- sum_{T subset of S} a(T)."""
    for i in range(n):
        view = a.reshape(-1, 2, 1 << i)
        view[:, 1, :] += view[:, 0, :]


def _moebius(a: NDArray[np.float64], n: int) -> None:
    """In place inverse of :func:`_zeta`."""
    for i in range(n):
        view = a.reshape(-1, 2, 1 << i)
        view[:, 1, :] -= view[:, 0, :]


def harsanyi_dividends(game: Game | ArrayLike) -> NDArray[np.float64]:
    """Harsanyi dividends (Moebius transform) d(T), with v = sum_T d(T) u_T.

    ``d(T) = sum_{S subset of T} (-1)^{|T|-|S|} v(S)``, computed in O(n 2**n).

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)

    Returns
    -------
    ndarray of float64, shape (2**n,)
        ``d[T]`` for every coalition bitmask T (``d[0] == 0``).

    References
    ----------
    Harsanyi, J. C., "A simplified bargaining model for the n-person cooperative game",
    International Economic Review 4(2), 1963.

    Examples
    --------
    >>> harsanyi_dividends([0, 1, 1, 3]).tolist()
    [0.0, 1.0, 1.0, 1.0]
    """
    vals, n = game_values(game)
    d = vals.copy()
    _moebius(d, n)
    return d

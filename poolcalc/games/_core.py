"""Core membership, excesses and structural checks (superadditivity, convexity)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.games._game import Game, game_values, subset_sums

__all__ = ["core_excess", "in_core", "is_convex", "is_superadditive", "max_excess"]

#: Ternary blocks for the O(3**n) superadditivity check.
_TERNARY_BITS = 11


def _allocation(x: ArrayLike, n: int) -> NDArray[np.float64]:
    try:
        arr = np.array(x, dtype=np.float64, ndmin=1)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"x must be an array of numbers: {exc}") from None
    if arr.shape != (n,):
        raise InvalidInputError(
            f"x must have shape ({n},) (one payoff per player), got {arr.shape}"
        )
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InvalidInputError(
            f"x must be finite, got {float(arr[bad[0]])!r} at index {int(bad[0])}"
        )
    return arr


def _tol(vals: NDArray[np.float64], tol: float | None) -> float:
    return 1e-9 * max(1.0, float(np.abs(vals).max())) if tol is None else float(tol)


def core_excess(game: Game | ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """Excess e(S, x) = v(S) - x(S) of every coalition, in bitmask order.

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
        The game.
    x : array_like of shape (n,)
        An allocation.

    Returns
    -------
    ndarray of shape (2**n,)
        Positive entries are coalitions that would gain by leaving (O(2**n)).

    References
    ----------
    Gillies, D. B., "Solutions to general non-zero-sum games", Annals of Mathematics
    Studies 40, 1959 (the core).  Schmeidler, D., "The nucleolus of a characteristic
    function game", SIAM J. Applied Mathematics 17(6), 1969 (excess).

    Examples
    --------
    >>> core_excess([0, 1, 1, 3], [1.5, 1.5]).tolist()
    [0.0, -0.5, -0.5, 0.0]
    """
    vals, n = game_values(game)
    return vals - subset_sums(_allocation(x, n))


def max_excess(game: Game | ArrayLike, x: ArrayLike) -> tuple[float, int]:
    """Largest excess over the proper coalitions (not empty, not N) and its bitmask.

    Returns ``(0.0, 0)`` for a one-player game (no proper coalition).

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
    x : array_like of shape (n,)
        An allocation.

    Returns
    -------
    excess : float
        ``max_S v(S) - x(S)`` over the proper coalitions.
    mask : int
        Bitmask of a coalition attaining it.

    Examples
    --------
    >>> max_excess([0, 1, 1, 3], [2.5, 0.5])
    (0.5, 2)
    """
    vals, n = game_values(game)
    e = core_excess(vals, x)[1:-1]
    if e.size == 0:
        return 0.0, 0
    k = int(np.argmax(e))
    return float(e[k]), k + 1


def in_core(game: Game | ArrayLike, x: ArrayLike, *, tol: float | None = None) -> bool:
    """Whether x is in the core: x(N) = v(N) and x(S) >= v(S) for every S.

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
        The game.
    x : array_like of shape (n,)
        An allocation.
    tol : float, optional
        Absolute tolerance; default ``1e-9 * max(1, max |v|)``.

    Returns
    -------
    bool

    References
    ----------
    Gillies, D. B., "Solutions to general non-zero-sum games", Annals of Mathematics
    Studies 40, 1959.

    Examples
    --------
    >>> in_core([0, 1, 1, 3], [1.5, 1.5]), in_core([0, 1, 1, 3], [2.5, 0.5])
    (True, False)
    """
    vals, n = game_values(game)
    e = core_excess(vals, x)
    t = _tol(vals, tol)
    return bool(abs(e[-1]) <= t and e.max() <= t)


def is_superadditive(game: Game | ArrayLike, *, tol: float | None = None) -> bool:
    """Whether v(S u T) >= v(S) + v(T) for all disjoint S, T.

    Checks all 3**n ordered pairs of disjoint coalitions in vectorised blocks
    (O(3**n) time, O(3**11) memory).

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
    tol : float, optional
        Absolute tolerance; default ``1e-9 * max(1, max |v|)``.

    Returns
    -------
    bool

    References
    ----------
    von Neumann, J. and Morgenstern, O., Theory of Games and Economic Behavior,
    Princeton University Press, 1944.

    Examples
    --------
    >>> is_superadditive([0, 1, 1, 3]), is_superadditive([0, 1, 1, 1])
    (True, False)
    """
    vals, n = game_values(game)
    t = _tol(vals, tol)
    m = min(n, _TERNARY_BITS)
    s_low = np.zeros(1, dtype=np.int64)
    t_low = np.zeros(1, dtype=np.int64)
    for i in range(m):
        b = 1 << i
        s_low = np.concatenate([s_low, s_low | b, s_low])
        t_low = np.concatenate([t_low, t_low, t_low | b])
    keep = s_low <= t_low  # the condition is symmetric in (S, T)
    s_low, t_low = s_low[keep], t_low[keep]
    for h in range(3 ** (n - m)):
        s_hi = t_hi = 0
        code = h
        for j in range(m, n):
            digit, code = code % 3, code // 3
            if digit == 1:
                s_hi |= 1 << j
            elif digit == 2:
                t_hi |= 1 << j
        s = s_low | s_hi
        u = t_low | t_hi
        if np.any(vals[s | u] < vals[s] + vals[u] - t):
            return False
    return True


def is_convex(game: Game | ArrayLike, *, tol: float | None = None) -> bool:
    """Whether the game is convex (supermodular).

    Uses the local form v(S u {i, j}) + v(S) >= v(S u i) + v(S u j) for all i < j
    and S not containing them, checked pair by pair on strided views:
    O(n**2 2**n) with no fancy indexing.

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
    tol : float, optional
        Absolute tolerance; default ``1e-9 * max(1, max |v|)``.

    Returns
    -------
    bool

    References
    ----------
    Shapley, L. S., "Cores of convex games", International Journal of Game Theory
    1(1), 1971.

    Examples
    --------
    >>> is_convex([0, 0, 0, 1]), is_convex([0, 1, 1, 1])
    (True, False)
    """
    vals, n = game_values(game)
    t = _tol(vals, tol)
    for j in range(n):
        for i in range(j):
            view = vals.reshape(1 << (n - j - 1), 2, 1 << (j - i - 1), 2, 1 << i)
            lhs = view[:, 1, :, 1, :] + view[:, 0, :, 0, :]
            rhs = view[:, 1, :, 0, :] + view[:, 0, :, 1, :]
            if np.any(lhs < rhs - t):
                return False
    return True

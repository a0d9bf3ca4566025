"""Shapley value, Banzhaf value and their closed forms and estimators."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.games._constructors import _carriers
from poolcalc.games._game import Game, game_values
from poolcalc.games._semivalue import _semivalue
from poolcalc.games._unanimity import equal_split

__all__ = ["ShapleyEstimate", "airport_shapley", "banzhaf", "shapley", "shapley_sample",
           "shapley_shubik", "shapley_unanimity"]

#: Largest (quota / gcd) * n**2 for which weighted-voting Shapley uses the recursion.
_SS_MAX_WORK = 5e8


@functools.lru_cache(maxsize=64)
def _shapley_weights(n: int) -> NDArray[np.float64]:
    """w(k) = k! (n-k-1)! / n! = 1 / (n C(n-1, k)), k = 0..n-1 (cached, read-only)."""
    w = np.array([1.0 / (n * math.comb(n - 1, k)) for k in range(n)])
    w.setflags(write=False)
    return w


def shapley(
    game: Game | ArrayLike, *, method: Literal["auto", "exact"] = "auto"
) -> NDArray[np.float64]:
    """Shapley value of a TU game.

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
        The game (bitmask convention, see :class:`Game`).
    method : {"auto", "exact"}
        ``"auto"`` uses a closed form when the game was built by a constructor that
        has one (:func:`airport`, :func:`unanimity`, :func:`unanimity_sum`,
        :func:`weighted_voting` with integer weights); ``"exact"`` always
        enumerates all coalitions.

    Returns
    -------
    ndarray of shape (n,)
        phi_i, in the units of v.

    Notes
    -----
    ``phi_i = sum_{S subset of N minus i} |S|! (n-|S|-1)! / n! [v(S u i) - v(S)]``.
    The exact method evaluates this for all players at once in O(2**n) time (after
    a weight lookup by coalition size) by writing it as
    sum_{T containing i} d(T) - sum_T b(T) and summing over "T containing i" by
    successive halving; memory is O(2**18) beyond the game itself.

    References
    ----------
    Shapley, L. S., "A value for n-person games", in Contributions to the Theory of
    Games II, Annals of Mathematics Studies 28, Princeton University Press, 1953.

    Examples
    --------
    >>> shapley([0, 1, 2, 6]).tolist()
    [2.5, 3.5]
    """
    if method not in ("auto", "exact"):
        raise InvalidInputError(f"method must be one of 'auto', 'exact', got {method!r}")
    vals, n = game_values(game)
    structure = game._structure if isinstance(game, Game) else None
    if method == "auto" and structure is not None:
        kind = structure[0]
        if kind == "airport":
            return -airport_shapley(structure[1])
        if kind == "unanimity_sum":
            return shapley_unanimity(structure[1], structure[2], n=n)
        if kind == "weighted_voting":
            w, q = structure[1], structure[2]
            if _ss_applicable(w, q):
                return shapley_shubik(w, q)
    return _semivalue(vals, n, _shapley_weights(n))


def banzhaf(game: Game | ArrayLike, *, normalized: bool = False) -> NDArray[np.float64]:
    """Banzhaf value (raw, or normalised to sum to one).

    beta_i = 2**-(n-1) sum_{S subset of N minus i} [v(S u i) - v(S)], O(2**n).

    Parameters
    ----------
    game : Game or array_like of shape (2**n,)
    normalized : bool
        Scale the values to sum to one.

    Returns
    -------
    ndarray of float64, shape (n,)

    Raises
    ------
    InvalidInputError
        If ``normalized`` and the raw values sum to zero.

    References
    ----------
    Banzhaf, J. F., "Weighted voting doesn't work: a mathematical analysis", Rutgers
    Law Review 19(2), 1965.  Owen, G., "Multilinear extensions and the Banzhaf value",
    Naval Research Logistics Quarterly 22(4), 1975.

    Examples
    --------
    >>> banzhaf([0, 0, 0, 1]).tolist()
    [0.5, 0.5]
    """
    vals, n = game_values(game)
    beta = _semivalue(vals, n, np.full(n, 0.5 ** (n - 1)))
    if normalized:
        tot = beta.sum()
        if tot == 0:
            raise InvalidInputError("banzhaf values sum to 0; cannot normalise")
        beta = beta / tot
    return beta


def _ss_applicable(w: NDArray[np.float64], q: float) -> bool:
    if not np.all(w == np.round(w)):
        return False
    g = math.gcd(*(int(x) for x in w)) or 1
    return math.ceil(q / g) * w.size**2 <= _SS_MAX_WORK


def shapley_shubik(weights: ArrayLike, quota: float) -> NDArray[np.float64]:
    """Shapley-Shubik power index of the weighted voting game [q; w] (integer weights).

    Parameters
    ----------
    weights : array_like of shape (n,)
        Non-negative integer weights; any n.
    quota : float
        Winning threshold q > 0 (a coalition wins when its weight is >= q).

    Returns
    -------
    ndarray of shape (n,)
        Power indices (sum 1 unless no coalition wins, then all 0).

    Notes
    -----
    phi_i = (1/n) sum_k F_k^{(-i)}(q - w_i <= w(S) < q), where F_k is the fraction of
    the k-subsets S of the other players with the given total weight, computed by a
    generating-function recursion over the players with weight sums clamped at q
    (Brams and Affuso's method), normalised to stay in [0, 1].  Work is
    O(n_distinct_weights * n**2 * q / gcd(w)).

    References
    ----------
    Shapley, L. S. and Shubik, M., "A method for evaluating the distribution of power
    in a committee system", American Political Science Review 48(3), 1954.
    Brams, S. J. and Affuso, P. J., "Power and size: a new paradox", Theory and
    Decision 7(1-2), 1976.

    Examples
    --------
    >>> shapley_shubik([2, 1, 1], 3).round(4).tolist()
    [0.6667, 0.1667, 0.1667]
    """
    try:
        w = np.array(weights, dtype=np.float64, ndmin=1)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"weights must be an array of numbers: {exc}") from None
    if w.ndim != 1 or w.size == 0:
        raise InvalidInputError(f"weights must be a non-empty 1-d array, got shape {w.shape}")
    bad = np.flatnonzero(~np.isfinite(w) | (w < 0) | (w != np.round(w)))
    if bad.size:
        raise InvalidInputError(
            f"weights must be non-negative integers, got {float(w[bad[0]])!r} "
            f"at index {int(bad[0])} (use shapley(weighted_voting(...), method='exact') "
            "for real weights)"
        )
    q = float(quota)
    if not np.isfinite(q) or q <= 0:
        raise InvalidInputError(f"quota must be finite and > 0, got {quota!r}")
    n = w.size
    wi = w.astype(np.int64)
    g = math.gcd(*(int(x) for x in wi)) or 1
    wi //= g
    qq = math.ceil(q / g - 1e-12)
    phi = np.zeros(n)
    ks = np.arange(n, dtype=np.float64)
    for wc in np.unique(wi):
        if wc == 0:
            continue
        players = np.flatnonzero(wi == wc)
        others = np.delete(wi, players[0])
        f = np.zeros((n, qq + 1))
        f[0, 0] = 1.0
        for m, wj in enumerate(others):
            shifted = np.zeros((n - 1, qq + 1))
            src = f[:-1]
            if wj == 0:
                shifted[:] = src
            elif wj >= qq:
                shifted[:, qq] = src.sum(axis=1)
            else:
                shifted[:, wj:qq] = src[:, : qq - wj]
                shifted[:, qq] = src[:, qq - wj :].sum(axis=1)
            a = (m + 1 - ks[1:]) / (m + 1)
            b = ks[1:] / (m + 1)
            f[1:] = np.clip(a, 0, None)[:, None] * f[1:] + b[:, None] * shifted
        lo = max(0, qq - int(wc))
        phi[players] = f[:, lo:qq].sum() / n
    return phi


def airport_shapley(costs: ArrayLike) -> NDArray[np.float64]:
    """Shapley cost shares of the airport game (Littlechild-Owen formula), any n.

    Parameters
    ----------
    costs : array_like of shape (n,)
        Runway cost c_i >= 0 each player needs.

    Returns
    -------
    ndarray of shape (n,)
        Cost shares (positive); equal to ``-shapley(airport(costs), method="exact")``.

    Notes
    -----
    With costs sorted c_(1) <= ... <= c_(n) (c_(0) = 0), every runway segment
    (c_(j-1), c_(j)] is shared equally by the n - j + 1 players who use it:
    share of the k-th player = sum_{j <= k} (c_(j) - c_(j-1)) / (n - j + 1).

    References
    ----------
    Littlechild, S. C. and Owen, G., "A simple expression for the Shapley value in a
    special case", Management Science 20(3), 1973.

    Examples
    --------
    >>> airport_shapley([1, 2, 3]).round(4).tolist()
    [0.3333, 0.8333, 1.8333]
    """
    try:
        c = np.array(costs, dtype=np.float64, ndmin=1)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"costs must be an array of numbers: {exc}") from None
    if c.ndim != 1 or c.size == 0:
        raise InvalidInputError(f"costs must be a non-empty 1-d array, got shape {c.shape}")
    bad = np.flatnonzero(~np.isfinite(c) | (c < 0))
    if bad.size:
        raise InvalidInputError(
            f"costs must be finite and >= 0, got {float(c[bad[0]])!r} at index {int(bad[0])}"
        )
    n = c.size
    order = np.argsort(c, kind="stable")
    cs = c[order]
    inc = np.diff(cs, prepend=0.0) / (n - np.arange(n))
    out = np.empty(n)
    out[order] = np.cumsum(inc)
    return out


def shapley_unanimity(
    carriers: ArrayLike, weights: ArrayLike, n: int | None = None
) -> NDArray[np.float64]:
    """Shapley value of a sum of unanimity games, for any number of players.

    Parameters
    ----------
    carriers : array_like
        Boolean matrix of shape (m, n) (row c marks the members of carrier T_c),
        a scipy.sparse 0/1 matrix of that shape (for many players), or integer
        bitmasks of shape (m,) (then ``n`` is required, n <= 62).
    weights : array_like of shape (m,)
        Worths (Harsanyi dividends) R_c.
    n : int, optional
        Number of players (required for bitmask carriers).

    Returns
    -------
    ndarray of shape (n,)
        ``phi_i = sum_{c : i in T_c} R_c / |T_c|``.

    Notes
    -----
    For v(S) = sum_c R_c [T_c subset of S] the Shapley value splits each dividend
    equally among its carrier (linearity plus symmetry and null player); dividends
    may have any sign here.  For non-negative worths (the pool game) use
    :class:`UnanimityGame`, which computes the same split, also in exact
    arithmetic.  O(m n).

    References
    ----------
    Harsanyi, J. C., "A simplified bargaining model for the n-person cooperative game",
    International Economic Review 4(2), 1963.

    Examples
    --------
    >>> shapley_unanimity([[1, 1, 0], [0, 1, 1]], [90.0, 30.0]).tolist()
    [45.0, 60.0, 15.0]
    """
    if hasattr(carriers, "tocsr"):  # scipy.sparse
        return _shapley_unanimity_sparse(carriers, weights, n)
    mat, w = _carriers(carriers, weights, n)
    keep = w != 0  # carriers of worth 0 (the empty one included) contribute nothing
    return equal_split(mat[keep], w[keep])


def _shapley_unanimity_sparse(
    carriers: Any, weights: ArrayLike, n: int | None
) -> NDArray[np.float64]:
    csr = carriers.tocsr()
    m, n_cols = csr.shape
    if n is not None and n_cols != n:
        raise InvalidInputError(f"carriers has {n_cols} columns but n = {n}")
    if csr.nnz and not np.all(csr.data == 1):
        raise InvalidInputError("carriers given as a matrix must contain only 0/1 or booleans")
    w = np.array(weights, dtype=np.float64, ndmin=1)
    if w.shape != (m,):
        raise InvalidInputError(
            f"weights must have one entry per carrier ({m}), got shape {w.shape}"
        )
    bad = np.flatnonzero(~np.isfinite(w))
    if bad.size:
        raise InvalidInputError(
            f"weights must be finite, got {float(w[bad[0]])!r} at index {int(bad[0])}"
        )
    sizes = np.diff(csr.indptr)
    empty = np.flatnonzero((sizes == 0) & (w != 0))
    if empty.size:
        raise InvalidInputError(
            f"carrier {int(empty[0])} is empty but has weight {float(w[empty[0]])!r}: "
            "that would make v(empty) != 0"
        )
    per = np.divide(w, sizes, out=np.zeros_like(w), where=sizes > 0)
    return np.asarray(csr.T.astype(np.float64) @ per).ravel()


@attrs.frozen(eq=False)
class ShapleyEstimate:
    """Monte Carlo Shapley estimate.

    Attributes
    ----------
    value : ndarray of shape (n,)
        Mean marginal contribution of each player over the sampled orderings.
    stderr : ndarray of shape (n,)
        Standard error of each mean (sample standard deviation / sqrt(n_samples)).
    n_samples : int
        Number of permutations sampled.
    """

    value: NDArray[np.float64]
    stderr: NDArray[np.float64]
    n_samples: int


def shapley_sample(
    game: Game | ArrayLike | Callable[..., Any],
    n_samples: int,
    *,
    rng: np.random.Generator | int | None = None,
    n: int | None = None,
    vectorized: bool = True,
) -> ShapleyEstimate:
    """Estimate the Shapley value by sampling random orderings of the players.

    Parameters
    ----------
    game : Game, array_like or callable
        A game, or a characteristic function for games too large to tabulate.  With
        ``vectorized=True`` the callable receives a boolean membership matrix of
        shape (m, n) and returns the m worths; with ``vectorized=False`` it receives
        a tuple of player indices and returns one worth.  v(empty) must be 0.
    n_samples : int
        Number of permutations (>= 2).
    rng : numpy.random.Generator or int, optional
        Source of randomness (seed or generator); same seed, same estimate.
    n : int, optional
        Number of players (required when ``game`` is a callable).
    vectorized : bool
        Calling convention of a callable ``game``.

    Returns
    -------
    ShapleyEstimate
        Estimate and per-player standard errors.  Each sampled ordering contributes
        a full efficient allocation, so ``value.sum() == v(N)`` up to rounding.

    References
    ----------
    Castro, J., Gomez, D. and Tejada, J., "Polynomial calculation of the Shapley value
    based on sampling", Computers & Operations Research 36(5), 2009.

    Examples
    --------
    >>> est = shapley_sample([0, 1, 1, 3], 100, rng=0)
    >>> est.value.tolist(), float(est.value.sum()), est.stderr.round(3).tolist()
    ([1.52, 1.48], 3.0, [0.05, 0.05])
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 2:
        raise InvalidInputError(f"n_samples must be an integer >= 2, got {n_samples!r}")
    gen = np.random.default_rng(rng)
    if callable(game) and not isinstance(game, Game):
        if n is None or isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise InvalidInputError(f"n must be a positive integer for a callable game, got {n!r}")
        n_pl = int(n)
        f = game

        def evaluate(rank: NDArray[np.int64]) -> NDArray[np.float64]:
            b = rank.shape[0]
            members = rank[:, None, :] < np.arange(n_pl + 1)[None, :, None]
            flat = members.reshape(b * (n_pl + 1), n_pl)
            if vectorized:
                out = np.asarray(f(flat), dtype=np.float64)
                if out.shape != (flat.shape[0],):
                    raise InvalidInputError(
                        f"game must return shape ({flat.shape[0]},) for a ({flat.shape[0]}, "
                        f"{n_pl}) membership matrix, got {out.shape}"
                    )
            else:
                out = np.array([float(f(tuple(np.flatnonzero(r)))) for r in flat])
            return out.reshape(b, n_pl + 1)
    else:
        vals, n_pl = game_values(game)

        def evaluate(rank: NDArray[np.int64]) -> NDArray[np.float64]:
            perm = np.argsort(rank, axis=1)
            masks = np.zeros((rank.shape[0], n_pl + 1), dtype=np.int64)
            np.cumsum(np.left_shift(1, perm), axis=1, out=masks[:, 1:])
            return vals[masks]

    total = np.zeros(n_pl)
    total_sq = np.zeros(n_pl)
    batch = max(1, min(int(n_samples), 4_000_000 // (n_pl * (n_pl + 1))))
    done = 0
    while done < n_samples:
        b = min(batch, n_samples - done)
        rank = np.argsort(gen.random((b, n_pl)), axis=1)  # rank[p, i] = position of i
        worth = evaluate(rank)
        bad = np.argwhere(~np.isfinite(worth))
        if bad.size:
            raise InvalidInputError(
                f"game returned a non-finite worth {float(worth[tuple(bad[0])])!r}"
            )
        if done == 0 and np.any(worth[:, 0] != 0):
            raise InvalidInputError(
                f"game must give the empty coalition worth 0, got {float(worth[0, 0])!r}"
            )
        marg = np.diff(worth, axis=1)  # marg[p, t] for the player at position t
        contrib = np.take_along_axis(marg, rank, axis=1)  # per player
        total += contrib.sum(axis=0)
        total_sq += (contrib**2).sum(axis=0)
        done += b
    mean = total / n_samples
    var = np.maximum(total_sq - n_samples * mean**2, 0.0) / (n_samples - 1)
    return ShapleyEstimate(value=mean, stderr=np.sqrt(var / n_samples), n_samples=int(n_samples))

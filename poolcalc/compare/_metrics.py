"""Metrics of an allocation: inequality, concentration, and cooperative-game stability.

Every function here is a small kernel on arrays (numpy only): it never imports
:mod:`poolcalc.model`, :mod:`poolcalc.io` or :mod:`poolcalc.cli`.  Amounts are
non-negative numbers (integer cents or floats), one per member; a characteristic
function is given either as a values array of length ``2**n`` in bitmask order
(``values[mask]`` = worth of the coalition whose members are the set bits of
``mask``; a :class:`poolcalc.games.Game` works too) or as a callable ``v(S)`` that
takes a boolean membership matrix ``S`` of shape ``(k, n)`` and returns the ``k``
worths (the form used for sampling when ``n`` is too large to enumerate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.games import subset_sums

__all__ = [
    "CoreStability",
    "CharacteristicFunction",
    "IndividualRationality",
    "MonotonicityReport",
    "core_stability",
    "core_stability_batch",
    "dilution",
    "gini",
    "hhi",
    "individual_rationality",
    "l1_distance",
    "lorenz_curve",
    "max_min_ratio",
    "monotonicity_violations",
    "standalone_values",
    "unanimity_shapley",
    "unanimity_values",
    "unanimity_worth",
]

#: A characteristic function: values array of length 2**n (or a Game) or a callable
#: on a boolean membership matrix of shape (k, n) returning k worths.
CharacteristicFunction = ArrayLike | Callable[[NDArray[np.bool_]], NDArray[np.float64]] | Any

#: Largest n for which :func:`core_stability` enumerates every coalition by default.
EXACT_LIMIT = 20


# --------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------
def _amounts(
    x: ArrayLike, name: str = "amounts", *, allow_negative: bool = False
) -> NDArray[np.float64]:
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{name} must be an array of numbers: {exc}") from None
    if a.ndim != 1:
        raise InvalidInputError(f"{name} must be one-dimensional, got shape {a.shape}")
    if a.size == 0:
        raise InvalidInputError(f"{name} must not be empty")
    bad = np.flatnonzero(~np.isfinite(a))
    if bad.size:
        raise InvalidInputError(
            f"{name} must be finite, got {float(a[bad[0]])!r} at index {int(bad[0])}"
        )
    if not allow_negative:
        neg = np.flatnonzero(a < 0)
        if neg.size:
            raise InvalidInputError(
                f"{name} must be >= 0, got {float(a[neg[0]])!r} at index {int(neg[0])}"
            )
    return a


def _positive_total(a: NDArray[np.float64], name: str) -> float:
    total = float(a.sum())
    if total <= 0:
        raise InvalidInputError(f"{name} must have a positive total, got {total!r}")
    return total


# --------------------------------------------------------------------------------------
# inequality and concentration
# --------------------------------------------------------------------------------------
def gini(amounts: ArrayLike) -> float:
    r"""Gini coefficient of a distribution of amounts among members.

    Parameters
    ----------
    amounts : array_like of shape (n,)
        Non-negative amounts (cents or shares), one per member; positive total.

    Returns
    -------
    float
        In ``[0, 1 - 1/n]``: 0 when every member receives the same amount,
        ``1 - 1/n`` when one member receives everything.

    Raises
    ------
    InvalidInputError
        Empty, negative, non-finite amounts, or a zero total.

    Notes
    -----
    Mean absolute difference over twice the mean,

    .. math:: G = \frac{\sum_i \sum_j |x_i - x_j|}{2 n \sum_i x_i}
                = \frac{2 \sum_{k=1}^n k\, x_{(k)}}{n \sum_i x_i} - \frac{n+1}{n},

    with :math:`x_{(1)} \le \dots \le x_{(n)}` sorted (computed in O(n log n)).

    References
    ----------
    C. Gini, "Variabilità e mutabilità", Studi Economico-Giuridici della R.
    Università di Cagliari 3(2), 1912.

    Examples
    --------
    >>> gini([5, 5, 5, 5])
    0.0
    >>> gini([0, 0, 0, 1])
    0.75
    """
    a = _amounts(amounts)
    total = _positive_total(a, "amounts")
    n = a.size
    s = np.sort(a)
    k = np.arange(1, n + 1, dtype=np.float64)
    g = 2.0 * float(np.dot(k, s)) / (n * total) - (n + 1) / n
    return float(max(0.0, g)) if abs(g) < 1e-12 else float(g)


def hhi(amounts: ArrayLike) -> float:
    r"""Herfindahl–Hirschman concentration index of the members' shares.

    Parameters
    ----------
    amounts : array_like of shape (n,)
        Non-negative amounts or shares; they are normalised to shares.

    Returns
    -------
    float
        :math:`\sum_i s_i^2` with :math:`s_i = x_i / \sum_j x_j`, in ``[1/n, 1]``
        (multiply by 10,000 for the antitrust agencies' scale).

    Raises
    ------
    InvalidInputError
        Empty, negative, non-finite amounts, or a zero total.

    References
    ----------
    O. C. Herfindahl, "Concentration in the steel industry", PhD thesis, Columbia
    University, 1950; A. O. Hirschman, "National power and the structure of foreign
    trade", University of California Press, 1945; US DOJ/FTC, "Merger Guidelines",
    2023, section 2.1.

    Examples
    --------
    >>> hhi([1, 1, 1, 1])
    0.25
    >>> hhi([3, 1])
    0.625
    """
    a = _amounts(amounts)
    s = a / _positive_total(a, "amounts")
    return float(np.dot(s, s))


def max_min_ratio(amounts: ArrayLike) -> tuple[float, int]:
    """Ratio of the largest to the smallest positive payout, and the number of zero payouts.

    Parameters
    ----------
    amounts : array_like of shape (n,)
        Non-negative amounts, positive total.

    Returns
    -------
    ratio : float
        ``max(x) / min(x[x > 0])`` (>= 1).  Members that receive nothing are left
        out of the minimum (the ratio would be infinite) and counted in ``n_zero``
        instead, so the pair is always finite and JSON-safe.
    n_zero : int
        Number of members whose amount is 0.

    Raises
    ------
    InvalidInputError
        Empty, negative, non-finite amounts, or a zero total.

    Examples
    --------
    >>> max_min_ratio([10, 5, 0, 2])
    (5.0, 1)
    """
    a = _amounts(amounts)
    _positive_total(a, "amounts")
    pos = a[a > 0]
    return float(pos.max() / pos.min()), int(a.size - pos.size)


def lorenz_curve(amounts: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Points of the Lorenz curve of a distribution.

    Returns
    -------
    population, cumulative : ndarray of shape (n + 1,)
        ``population[k] = k / n`` and ``cumulative[k]`` = share of the total received
        by the ``k`` members with the smallest amounts (both start at 0, end at 1).

    References
    ----------
    M. O. Lorenz, "Methods of measuring the concentration of wealth", Publications of
    the American Statistical Association 9(70):209–219, 1905.

    Examples
    --------
    >>> lorenz_curve([1, 3])[1].tolist()
    [0.0, 0.25, 1.0]
    """
    a = _amounts(amounts)
    total = _positive_total(a, "amounts")
    n = a.size
    cum = np.concatenate(([0.0], np.cumsum(np.sort(a)) / total))
    cum[-1] = 1.0
    return np.arange(n + 1, dtype=np.float64) / n, cum


def l1_distance(shares: ArrayLike, reference: ArrayLike) -> float:
    r"""L1 distance between two allocations, both normalised to shares.

    Parameters
    ----------
    shares, reference : array_like of shape (n,)
        Non-negative amounts or shares of the same members (e.g. a scheme's amounts
        and the Shapley value of the pool game); each is divided by its total.

    Returns
    -------
    float
        :math:`\sum_i |s_i - r_i|` in ``[0, 2]`` (twice the share of the total that
        would have to move to turn one allocation into the other).

    References
    ----------
    Layne-Farrar, A., Padilla, J. and Schmalensee, R., "Pricing patents for licensing in
    standard-setting organizations: making sense of FRAND commitments", Antitrust Law
    Journal 74, 2007 (Shapley value as the benchmark).

    Examples
    --------
    >>> l1_distance([50, 50], [1, 3])
    0.5
    """
    a = _amounts(shares, "shares")
    b = _amounts(reference, "reference")
    if a.shape != b.shape:
        raise InvalidInputError(
            f"shares and reference must have one shape, got {a.shape} and {b.shape}"
        )
    return float(
        np.abs(a / _positive_total(a, "shares") - b / _positive_total(b, "reference")).sum()
    )


# --------------------------------------------------------------------------------------
# characteristic functions
# --------------------------------------------------------------------------------------
def _carriers(
    carriers: ArrayLike, weights: ArrayLike
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    c = np.asarray(carriers)
    if c.ndim != 2:
        raise InvalidInputError(
            f"carriers must be a boolean matrix of shape (K, n), got shape {c.shape}"
        )
    c = c.astype(bool)
    w = _amounts(weights, "weights", allow_negative=True) if np.size(weights) else np.zeros(0)
    if w.shape != (c.shape[0],):
        raise InvalidInputError(f"weights must have shape ({c.shape[0]},), got {np.shape(weights)}")
    empty = np.flatnonzero(~c.any(axis=1))
    if empty.size:
        raise InvalidInputError(
            f"carriers must be non-empty, got an empty carrier at index {int(empty[0])}"
        )
    return c, w


def unanimity_values(carriers: ArrayLike, weights: ArrayLike) -> NDArray[np.float64]:
    r"""Values array (length ``2**n``) of a sum of weighted unanimity games.

    Parameters
    ----------
    carriers : array_like of bool, shape (K, n)
        ``carriers[k, i]`` is true when player ``i`` belongs to carrier ``C_k``.
    weights : array_like of shape (K,)
        Worth ``w_k`` created when the whole carrier is present.

    Returns
    -------
    ndarray of shape (2**n,)
        :math:`v(S) = \sum_k w_k [C_k \subseteq S]`, built by a zeta (subset-sum)
        transform in O(n 2^n) rather than O(K 2^n).

    Notes
    -----
    The pool game of DESIGN.md (v(S) = sum over countries of the royalties of the
    country when S holds every member with an in-force essential patent there) is
    of this form with one carrier per country.

    Examples
    --------
    >>> unanimity_values([[True, True]], [6.0]).tolist()
    [0.0, 0.0, 0.0, 6.0]
    """
    c, w = _carriers(carriers, weights)
    n = c.shape[1]
    if n > 26:
        raise InvalidInputError(
            f"unanimity_values enumerates 2**n coalitions; n must be <= 26, got {n}"
        )
    masks = (c.astype(np.int64) << np.arange(n, dtype=np.int64)).sum(axis=1)
    v = np.zeros(1 << n, dtype=np.float64)
    np.add.at(v, masks, w)
    for i in range(n):  # zeta transform: v[S] = sum_{T subset of S} a[T]
        h = 1 << i
        v2 = v.reshape(-1, 2 * h)
        v2[:, h:] += v2[:, :h]
    return v


def unanimity_worth(
    carriers: ArrayLike, weights: ArrayLike
) -> Callable[[NDArray[np.bool_]], NDArray[np.float64]]:
    r"""Callable ``v(S)`` of a sum of unanimity games, for boolean coalition matrices.

    ``v(S)[j] = sum_k w_k [C_k subset of S_j]`` for ``S`` of shape (m, n); computed as
    one matrix product (a carrier is inside S when none of its members is missing).

    Examples
    --------
    >>> v = unanimity_worth([[True, True, False]], [6.0])
    >>> v(np.array([[True, True, False], [True, False, True]])).tolist()
    [6.0, 0.0]
    """
    c, w = _carriers(carriers, weights)
    cf = c.astype(np.float32).T  # (n, K)

    def v(S: NDArray[np.bool_]) -> NDArray[np.float64]:
        S = np.asarray(S, dtype=bool)
        if S.ndim != 2 or S.shape[1] != cf.shape[0]:
            raise InvalidInputError(f"coalitions must have shape (m, {cf.shape[0]}), got {S.shape}")
        missing = (~S).astype(np.float32) @ cf  # (m, K) members of each carrier absent from S
        return (missing == 0).astype(np.float64) @ w

    v.n = c.shape[1]  # type: ignore[attr-defined]
    return v


def unanimity_shapley(carriers: ArrayLike, weights: ArrayLike) -> NDArray[np.float64]:
    r"""Shapley value of a sum of unanimity games: :math:`\phi_i = \sum_{k: i \in C_k} w_k / |C_k|`.

    References
    ----------
    L. S. Shapley, "A value for n-person games", in Contributions to the Theory of
    Games II, Annals of Mathematics Studies 28, Princeton University Press, 1953.

    Examples
    --------
    >>> unanimity_shapley([[True, True, False], [False, False, True]], [6.0, 1.0]).tolist()
    [3.0, 3.0, 1.0]
    """
    c, w = _carriers(carriers, weights)
    size = c.sum(axis=1)
    return (c.astype(np.float64) * (w / size)[:, None]).sum(axis=0)


def _as_game(
    game: CharacteristicFunction,
) -> tuple[NDArray[np.float64] | None, Callable | None, int | None]:
    """(values, callable, n): exactly one of values/callable is set."""
    vals = getattr(game, "values", None)
    if isinstance(vals, np.ndarray):
        game = vals
    if callable(game):
        return None, game, getattr(game, "n", None)
    try:
        arr = np.asarray(game, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            f"game must be a values array of length 2**n or a callable: {exc}"
        ) from None
    if arr.ndim != 1 or arr.size < 2 or arr.size & (arr.size - 1):
        raise InvalidInputError(
            f"game values must have length 2**n (n >= 1), got shape {arr.shape}"
        )
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InvalidInputError(
            f"game values must be finite, got {arr[bad[0]]!r} at index {int(bad[0])}"
        )
    if arr[0] != 0:
        raise InvalidInputError(f"game values[0] (empty coalition) must be 0, got {arr[0]!r}")
    return arr, None, arr.size.bit_length() - 1


def _eval(fn: Callable, S: NDArray[np.bool_]) -> NDArray[np.float64]:
    out = np.asarray(fn(S), dtype=np.float64)
    if out.shape != (S.shape[0],):
        raise InvalidInputError(f"game callable must return shape ({S.shape[0]},), got {out.shape}")
    bad = np.flatnonzero(~np.isfinite(out))
    if bad.size:
        raise InvalidInputError(f"game callable returned a non-finite worth {out[bad[0]]!r}")
    return out


def standalone_values(game: CharacteristicFunction, n: int | None = None) -> NDArray[np.float64]:
    """Stand-alone worths ``v({i})`` of every player.

    Parameters
    ----------
    game : values array of length 2**n, Game, or callable on (k, n) boolean matrices
    n : int, optional
        Number of players (needed for a callable without an ``n`` attribute).

    References
    ----------
    Dehez, P. and Poukens, S., "The Shapley value as a guide to FRAND licensing
    agreements", Review of Law & Economics 10, 2014.

    Examples
    --------
    >>> standalone_values([0, 1, 2, 4]).tolist()
    [1.0, 2.0]
    """
    vals, fn, gn = _as_game(game)
    if vals is not None:
        return vals[1 << np.arange(gn)]
    n = gn if n is None else n
    if n is None:
        raise InvalidInputError("n is required when game is a callable without an 'n' attribute")
    return _eval(fn, np.eye(n, dtype=bool))


# --------------------------------------------------------------------------------------
# stability
# --------------------------------------------------------------------------------------
@attrs.frozen
class CoreStability:
    """How far an allocation is from the core of a game.

    Attributes
    ----------
    max_excess : float
        Largest excess ``e(S, x) = v(S) - x(S)`` over the proper non-empty coalitions
        checked [game units]; <= 0 when none of them can do better on its own.
    max_excess_share : float
        ``max_excess / v(N)`` (scale-free, comparable across pools).
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
    game: CharacteristicFunction,
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
    game : values array of length 2**n, Game, or callable
        Characteristic function; a callable takes a boolean matrix (k, n) and
        returns k worths (needed when n > 26).
    tol : float, optional
        Excess above which a coalition counts as blocking; default
        ``1e-9 * max(1, |v(N)|)``.  Pass the rounding error of the payoffs (e.g. n
        minor units) to ignore excesses that are only cents of rounding.
    exact_limit : int
        Enumerate all ``2**n - 2`` proper coalitions when ``n <= exact_limit``
        (vectorised, O(n 2^n)); sample beyond.
    n_samples : int
        Random coalitions drawn when sampling: a size uniform on ``1..n-1``, then a
        uniform subset of that size.  Every singleton and every ``N \ {i}`` is always
        checked too; duplicates are checked (and counted) once.
    candidates : array_like of bool, shape (m, n), optional
        Extra coalitions to check when sampling (e.g. the carriers of a unanimity
        game, the coalitions most likely to block).
    rng : numpy.random.Generator or int, optional
        Randomness for sampling (same seed, same result).

    Returns
    -------
    CoreStability

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
    nucleolus of a characteristic function game", SIAM J. Appl. Math. 17(6):1163–1170,
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
        _amounts(x, "x", allow_negative=True)[None, :],
        game,
        tol=tol,
        exact_limit=exact_limit,
        n_samples=n_samples,
        candidates=candidates,
        rng=rng,
    )[0]


def core_stability_batch(
    X: ArrayLike,
    game: CharacteristicFunction,
    *,
    tol: float | ArrayLike | None = None,
    exact_limit: int = EXACT_LIMIT,
    n_samples: int = 20_000,
    candidates: ArrayLike | None = None,
    rng: np.random.Generator | int | None = None,
) -> list[CoreStability]:
    """:func:`core_stability` of several payoff vectors against one game.

    Every coalition's worth is evaluated once and shared by the rows of ``X`` (the
    expensive part when the game is a callable on 10^3 players), and the rows see
    the same sampled coalitions, so their figures are comparable.

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
    vals, fn, n = _as_game(game)
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
    if n is not None and xs.shape[1] != n:
        raise InvalidInputError(f"x must have one payoff per player (n = {n}), got {xs.shape[1]}")
    k_rows, n = xs.shape
    if n < 2:
        raise InvalidInputError(f"core stability needs at least 2 players, got {n}")
    if n_samples < 0:
        raise InvalidInputError(f"n_samples must be >= 0, got {n_samples}")
    full = np.ones((1, n), dtype=bool)
    vN = float(vals[-1]) if vals is not None else float(_eval(fn, full)[0])
    tols = np.broadcast_to(
        np.asarray(1e-9 * max(1.0, abs(vN)) if tol is None else tol, dtype=np.float64), (k_rows,)
    )
    if not np.all(np.isfinite(tols)) or np.any(tols < 0):
        raise InvalidInputError(f"tol must be a finite number >= 0, got {tol!r}")
    share = (lambda m: m / vN) if vN else (lambda m: 0.0)
    if n <= exact_limit and n <= 26:
        if vals is None:
            masks = np.arange(1 << n, dtype=np.int64)
            vals = _eval(fn, ((masks[:, None] >> np.arange(n)) & 1).astype(bool))
        out = []
        for r in range(k_rows):
            e = (vals - subset_sums(xs[r]))[1:-1]
            k = int(np.argmax(e))
            worst = ((np.int64(k + 1) >> np.arange(n)) & 1).astype(bool)
            mx = float(e[k])
            out.append(CoreStability(mx, share(mx), int((e > tols[r]).sum()), e.size, False, worst))
        return out
    if fn is None:  # values array but n above exact_limit: evaluate sampled masks in it
        arr = vals

        def fn(S: NDArray[np.bool_]) -> NDArray[np.float64]:
            return arr[(S.astype(np.int64) << np.arange(n, dtype=np.int64)).sum(axis=1)]

    gen = np.random.default_rng(rng)
    eye = np.eye(n, dtype=bool)
    blocks = [eye, ~eye]
    if candidates is not None:
        cand = np.asarray(candidates, dtype=bool)
        if cand.ndim != 2 or cand.shape[1] != n:
            raise InvalidInputError(f"candidates must have shape (m, {n}), got {cand.shape}")
        blocks.append(cand[cand.any(axis=1) & ~cand.all(axis=1)])
    if n_samples:
        sizes = gen.integers(1, n, size=n_samples)
        keys = gen.random((n_samples, n))
        kth = np.sort(keys, axis=1)[np.arange(n_samples), sizes - 1]
        blocks.append(keys <= kth[:, None])
    # distinct coalitions only (samples are drawn with replacement)
    packed = np.unique(np.packbits(np.vstack(blocks), axis=1), axis=0)
    best = np.full(k_rows, -np.inf)
    worst = np.zeros((k_rows, n), dtype=bool)
    n_block = np.zeros(k_rows, dtype=np.int64)
    chunk = max(1, 4_000_000 // n)
    for start in range(0, packed.shape[0], chunk):
        S = np.unpackbits(packed[start : start + chunk], axis=1, count=n).astype(bool)
        e = _eval(fn, S)[None, :] - xs @ S.T.astype(np.float64)  # (k_rows, m)
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
    x: ArrayLike, standalone: ArrayLike, *, tol: float = 1e-9
) -> IndividualRationality:
    r"""Check :math:`x_i \ge v(\{i\})` for every member.

    Parameters
    ----------
    x : array_like of shape (n,)
        Payoffs in the game's units.
    standalone : array_like of shape (n,)
        Stand-alone worths ``v({i})`` (see :func:`standalone_values`): what member i
        could earn licensing alone.  In the pool game it is the royalties of the
        countries where i is the only holder.
    tol : float
        Shortfalls up to ``tol`` (rounding) are not violations.

    References
    ----------
    Dehez, P. and Poukens, S., "The Shapley value as a guide to FRAND licensing
    agreements", Review of Law & Economics 10, 2014 (core conditions for pool members).

    Examples
    --------
    >>> individual_rationality([5, 1], [2, 2]).violators.tolist()
    [1]
    """
    xs = _amounts(x, "x", allow_negative=True)
    sa = _amounts(standalone, "standalone", allow_negative=True)
    if xs.shape != sa.shape:
        raise InvalidInputError(
            f"x and standalone must have one shape, got {xs.shape} and {sa.shape}"
        )
    short = np.maximum(0.0, sa - xs)
    viol = np.flatnonzero(short > tol)
    return IndividualRationality(viol, short, float(short.max()))


def dilution(before: ArrayLike, after: ArrayLike) -> NDArray[np.float64]:
    r"""Relative change of each incumbent's share when a member joins.

    Parameters
    ----------
    before : array_like of shape (n,)
        Incumbents' amounts (or shares) without the entrant.
    after : array_like of shape (n,) or (n + k,)
        Amounts with the entrant(s); the first n entries are the incumbents in the
        same order.  Both are normalised by their own totals.

    Returns
    -------
    ndarray of shape (n,)
        :math:`s_i^{after} / s_i^{before} - 1` (negative: diluted); 0 for an incumbent
        with no share before and after.  An incumbent with no share before but some
        after raises (the relative change is undefined).

    Notes
    -----
    Under numeric proportionality every incumbent loses the same fraction (the
    entrant's share); under geometric disclosure order a late entrant dilutes each
    incumbent by the factor :math:`(1-q^K)/(1-q^{K+1})` (DOMAIN.md 2.8).

    References
    ----------
    Mattioli, M., "Power and governance in patent pools", Harvard Journal of Law &
    Technology 27, 421, 2014 (entrants and incumbents' shares).

    Examples
    --------
    >>> dilution([1, 1, 2], [1, 1, 2, 4]).tolist()
    [-0.5, -0.5, -0.5]
    """
    b = _amounts(before, "before")
    a = _amounts(after, "after")
    if a.size < b.size:
        raise InvalidInputError(f"after must cover the {b.size} incumbents, got {a.size} entries")
    sb = b / _positive_total(b, "before")
    sa = (a / _positive_total(a, "after"))[: b.size]
    out = np.zeros(b.size)
    pos = sb > 0
    out[pos] = sa[pos] / sb[pos] - 1.0
    bad = np.flatnonzero(~pos & (sa > 0))
    if bad.size:
        raise InvalidInputError(
            f"dilution undefined: incumbent at index {int(bad[0])} had no share before the entrant "
            f"but {sa[bad[0]]!r} after"
        )
    return out


@attrs.frozen
class MonotonicityReport:
    """Members that received less after adding an essential patent.

    Attributes
    ----------
    checked : ndarray of int
        Members tested.
    violators : ndarray of int
        Members among ``checked`` whose amount fell by more than ``tol``.
    change : ndarray of float, shape (len(checked),)
        Amount after minus before for each member tested.
    """

    checked: NDArray[np.intp] = attrs.field(eq=False)
    violators: NDArray[np.intp] = attrs.field(eq=False)
    change: NDArray[np.float64] = attrs.field(eq=False)

    @property
    def monotone(self) -> bool:
        """True when no tested member received less."""
        return self.violators.size == 0


def monotonicity_violations(
    before: ArrayLike, after: ArrayLike, members: ArrayLike | None = None, *, tol: float = 0.0
) -> MonotonicityReport:
    r"""Members that receive less after adding one essential patent (strong monotonicity).

    Parameters
    ----------
    before : array_like of shape (n,)
        Each member's amount in the original pool.
    after : array_like of shape (m,)
        ``after[j]`` = amount of member ``members[j]`` in the pool where that member
        (alone) holds one more essential patent.
    members : array_like of int, shape (m,), optional
        Member indices tested (default ``0..m-1``).
    tol : float
        Losses up to ``tol`` are rounding, not violations (pass 1 minor unit for
        amounts in cents split by largest remainder).

    Notes
    -----
    A scheme is strongly monotonic when a player whose marginal contributions do not
    decrease never receives less (Young 1985); for pools: adding an essential patent
    must never lower the holder's payout.

    References
    ----------
    H. P. Young, "Monotonic solutions of cooperative games", International Journal of
    Game Theory 14(2):65–72, 1985.

    Examples
    --------
    >>> monotonicity_violations([10, 20], [12, 19]).violators.tolist()
    [1]
    """
    b = _amounts(before, "before", allow_negative=True)
    a = _amounts(after, "after", allow_negative=True)
    idx = np.arange(a.size) if members is None else np.asarray(members, dtype=np.intp)
    if idx.shape != a.shape:
        raise InvalidInputError(f"members must have shape {a.shape}, got {idx.shape}")
    if idx.size and (idx.min() < 0 or idx.max() >= b.size):
        raise InvalidInputError(f"members must be indices in 0..{b.size - 1}, got {idx.tolist()}")
    change = a - b[idx]
    return MonotonicityReport(idx, idx[change < -tol], change)

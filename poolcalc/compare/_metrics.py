"""Metrics of an allocation that are not game theory: inequality, concentration, entrants.

Every function here is a small kernel on arrays (numpy only).  Amounts are
non-negative numbers (integer cents or floats), one per member.  The game-theoretic
metrics (core stability, individual rationality, stand-alone values) live in
:mod:`poolcalc.games` beside the core and the nucleolus.
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError

__all__ = [
    "MonotonicityReport",
    "dilution",
    "gini",
    "hhi",
    "l1_distance",
    "lorenz_curve",
    "max_min_ratio",
    "monotonicity_violations",
]


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

    Parameters
    ----------
    amounts : array_like of shape (n,)
        Non-negative amounts (any unit), not all zero.

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
# entrants and monotonicity
# --------------------------------------------------------------------------------------
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
    entrant's share); under geometric disclosure order (weights :math:`q^{k-1}` for
    ranks :math:`k = 1..K`, shares :math:`(1-q) q^{k-1} / (1-q^K)`) an entrant ranked
    last scales every incumbent's share by :math:`(1-q^K)/(1-q^{K+1})`.

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

    Returns
    -------
    MonotonicityReport
        The members checked, the violators (member indices) and each checked
        member's change ``after - before``.

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

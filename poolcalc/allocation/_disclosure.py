"""Decreasing-by-order-of-disclosure splits ("Lemley-style").

Items (evaluated-essential patents, or members) are ranked by disclosure date,
earliest first (rank 1).  A non-increasing weight sequence w_1 >= w_2 >= ... > 0 is
chosen by ``decay``; items tied on the date share the *average* weight of the ranks
they occupy (order-independent, total unchanged).  A member's order share is the sum
of its items' weights over the sum of all weights, optionally blended with plain
patent counting::

    share_i = blend * n_i / sum_j n_j + (1 - blend) * sum_{p in P_i} w_{k_p} / sum_q w_{k_q}

Decays (K items, rank k):

============  =================================  ======================
decay         w_k                                options
============  =================================  ======================
geometric     q^(k-1)                            q in (0, 1), 0.5
linear        K - k + 1 (Borda)                  --
harmonic      k^(-alpha) (Zipf)                  alpha > 0, 1.0
arithmetic    max(1 - step (k-1), floor)         step > 0 (0.1), floor in (0, 1] (0.1)
============  =================================  ======================

Patents without a disclosure date rank after every dated one (tied among
themselves).

References
----------
Lemley, M. A., "Intellectual Property Rights and Standard-Setting Organizations",
California Law Review 90 (2002) 1889 -- cited as motivation for rewarding early
disclosure only: Lemley surveys standards bodies' disclosure and licensing rules and
states no royalty-split rule; attributing a "decreasing by disclosure order" split to
him is unverified secondary-literature usage.  The formulas are poolcalc's own
parameterised family.
"""

from __future__ import annotations

from typing import Literal

import attrs
import numpy as np

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError

__all__ = ["DisclosureShares", "disclosure_shares", "rank_weights", "tied_weights"]

Decay = Literal["geometric", "linear", "harmonic", "arithmetic"]


@checked_args
def rank_weights(
    k: int,
    decay: Decay = "geometric",
    *,
    q: float = 0.5,
    alpha: float = 1.0,
    step: float = 0.1,
    floor: float = 0.1,
) -> np.ndarray:
    """Weights w_1..w_K of ranks 1..K (non-increasing, positive).

    Parameters
    ----------
    k : int
        Number of ranks K (>= 0).
    decay : {"geometric", "harmonic", "linear", "arithmetic"}
        ``geometric``: q^(r-1); ``harmonic``: r^-alpha; ``linear``: K - r + 1;
        ``arithmetic``: max(1 - step (r - 1), floor).
    q, alpha, step, floor : float
        Parameters of the decays.

    Returns
    -------
    ndarray of float64, shape (k,)
        w_1 >= w_2 >= ... >= w_K > 0.

    Examples
    --------
    >>> rank_weights(4, "geometric").tolist()
    [1.0, 0.5, 0.25, 0.125]
    >>> rank_weights(4, "linear").tolist()
    [4.0, 3.0, 2.0, 1.0]
    >>> rank_weights(3, "arithmetic", step=0.5, floor=0.2).tolist()
    [1.0, 0.5, 0.2]
    """
    if k < 0:
        raise InvalidInputError(f"number of ranks must be >= 0, got {k}")
    r = np.arange(1, k + 1, dtype=np.float64)
    if decay == "geometric":
        if not 0 < q < 1:
            raise InvalidInputError(f"q must be in (0, 1), got {q}")
        return q ** (r - 1)
    if decay == "linear":
        return k - r + 1
    if decay == "harmonic":
        if not alpha > 0:
            raise InvalidInputError(f"alpha must be > 0, got {alpha}")
        return r ** (-alpha)
    if decay == "arithmetic":
        if not step > 0:
            raise InvalidInputError(f"step must be > 0, got {step}")
        if not 0 < floor <= 1:
            raise InvalidInputError(f"floor must be in (0, 1], got {floor}")
        return np.maximum(1 - step * (r - 1), floor)
    raise InvalidInputError(
        f"decay must be one of geometric, linear, harmonic, arithmetic; got {decay!r}"
    )


@checked_args
def tied_weights(keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weight of each item given its sort key, ties sharing the mean weight of their ranks.

    Parameters
    ----------
    keys : ndarray, shape (K,)
        Sort keys (earlier = better rank).
    weights : ndarray, shape (K,)
        Rank weights w_1..w_K.

    Returns
    -------
    item_weight : ndarray of float64, shape (K,)
    rank : ndarray of float64, shape (K,)
        Average rank occupied by each item (1-based; e.g. 2.5 for a tie on ranks 2, 3).

    Examples
    --------
    >>> import numpy as np
    >>> w, rank = tied_weights(np.array([1, 2, 2, 3]), np.array([4.0, 3.0, 2.0, 1.0]))
    >>> w.tolist(), rank.tolist()
    ([4.0, 2.5, 2.5, 1.0], [1.0, 2.5, 2.5, 4.0])
    """
    keys = np.asarray(keys)
    k = keys.size
    if weights.shape != (k,):
        raise InvalidInputError(f"weights must have shape ({k},), got {weights.shape}")
    if k == 0:
        return np.zeros(0), np.zeros(0)
    uniq, inv, cnt = np.unique(keys, return_inverse=True, return_counts=True)
    inv = inv.reshape(-1)
    first = np.concatenate([[0], np.cumsum(cnt)[:-1]])  # first rank (0-based) of each key
    csum = np.concatenate([[0.0], np.cumsum(weights)])
    mean_w = (csum[first + cnt] - csum[first]) / cnt
    mean_rank = first + (cnt + 1) / 2.0
    return mean_w[inv], mean_rank[inv]


@attrs.frozen(eq=False)
class DisclosureShares:
    """Result of :func:`disclosure_shares`.

    Attributes
    ----------
    shares : ndarray of float64, shape (n_members,)
        Blended member shares (sum 1).
    member_weight : ndarray of float64, shape (n_members,)
        Sum of the member's item weights (order part, unnormalised).
    counts : ndarray of int64, shape (n_members,)
        Ranked patents per member (the counting part).
    item_owner, item_rank, item_weight : ndarray, shape (K,)
        Per ranked item (patent or member): owner code, average rank, weight.
    item_index : ndarray of int64, shape (K,)
        Index of the item into the input patent arrays (``unit="patent"``) or the
        member code (``unit="member"``).
    """

    shares: np.ndarray
    member_weight: np.ndarray
    counts: np.ndarray
    item_owner: np.ndarray
    item_rank: np.ndarray
    item_weight: np.ndarray
    item_index: np.ndarray


@checked_args
def disclosure_shares(
    owner: np.ndarray,
    disclosed: np.ndarray,
    n_members: int,
    *,
    decay: Decay = "geometric",
    unit: Literal["patent", "member"] = "patent",
    blend: float = 0.0,
    q: float = 0.5,
    alpha: float = 1.0,
    step: float = 0.1,
    floor: float = 0.1,
    missing: int | None = None,
) -> DisclosureShares:
    """Member shares decreasing by order of disclosure.

    Parameters
    ----------
    owner : ndarray of int, shape (P,)
        Member code of each ranked (evaluated-essential) patent.
    disclosed : ndarray of int, shape (P,)
        Disclosure day numbers; ``missing`` marks "unknown" (ranked last).
    n_members : int
    decay, q, alpha, step, floor
        Weight sequence, see :func:`rank_weights`.
    unit : {"patent", "member"}
        Rank each patent, or each member by its first disclosure.
    blend : float in [0, 1]
        Weight of plain patent counting mixed in.

    Returns
    -------
    DisclosureShares

    References
    ----------
    Lemley, M. A., "Intellectual property rights and standard-setting organizations",
    California Law Review 90, 1889, 2002 (the "decreasing by disclosure order" attribution
    is unverified secondary usage; the parameterised family is poolcalc's own).

    Examples
    --------
    K = 4 members with one patent each, geometric q = 0.5: shares (1 - q) q^(k-1) /
    (1 - q^K) = 8/15, 4/15, 2/15, 1/15:

    >>> r = disclosure_shares([0, 1, 2, 3], [10, 20, 30, 40], 4)
    >>> (100 * r.shares).round(2).tolist()
    [53.33, 26.67, 13.33, 6.67]
    """
    owner = np.asarray(owner, np.int64)
    disclosed = np.asarray(disclosed, np.int64)
    if owner.shape != disclosed.shape or owner.ndim != 1:
        raise InvalidInputError(
            f"owner and disclosed must be 1-d of one shape, got {owner.shape} and {disclosed.shape}"
        )
    if owner.size and (owner.min() < 0 or owner.max() >= n_members):
        raise InvalidInputError(f"owner codes must be in 0..{n_members - 1}")
    if not 0 <= blend <= 1:
        raise InvalidInputError(f"blend must be in [0, 1], got {blend}")
    if unit not in ("patent", "member"):
        raise InvalidInputError(f"unit must be one of patent, member; got {unit!r}")
    if owner.size == 0:
        raise InvalidInputError("disclosure-order needs at least one ranked essential patent")
    key = disclosed.astype(np.float64)
    if missing is not None:
        key[disclosed == missing] = np.inf
    counts = np.bincount(owner, minlength=n_members).astype(np.int64)
    if unit == "patent":
        item_owner, item_key, item_index = owner, key, np.arange(owner.size)
    else:
        first = np.full(n_members, np.inf)
        np.minimum.at(first, owner, key)
        item_owner = np.flatnonzero(counts > 0)
        item_key, item_index = first[item_owner], item_owner
    w = rank_weights(item_owner.size, decay, q=q, alpha=alpha, step=step, floor=floor)
    iw, ir = tied_weights(item_key, w)
    mw = np.bincount(item_owner, weights=iw, minlength=n_members)
    shares = blend * counts / counts.sum() + (1 - blend) * mw / mw.sum()
    return DisclosureShares(
        shares=shares,
        member_weight=mw,
        counts=counts,
        item_owner=item_owner,
        item_rank=ir,
        item_weight=iw,
        item_index=np.asarray(item_index, np.int64),
    )

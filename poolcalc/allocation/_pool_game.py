"""The pool game: a sum of unanimity games built from who holds what where.

Definition.  Group the year's royalty-bearing rows by their count country and date
(the same J(u), t(u) and fallback as :mod:`per-country counting
<poolcalc.allocation._per_country>`).  For group g let C_g be its royalty and
T_g the set of members holding a pooled essential patent (or family) in force in
that country on that date.  A unit sold there then can only be licensed by a
coalition that includes every such holder (their patents are complements: each is
essential), so the pool game on the members is

    v(S) = sum_g C_g [T_g subset of S] = sum_T R_T [T subset of S],

with R_T the royalty of all groups whose holder set is T (the distinct "carriers").
Content ("usage") royalties U_c of a country c form one more group each, whose
holders are the members with a pooled essential patent in force in c on at least
one day of the year (usage has a year, not a date; see ``allocate``).
It is a non-negative sum of unanimity games: convex, so the core is non-empty and
contains the nucleolus, and its Shapley value has the closed form

    phi_i = sum_T R_T [i in T] / |T|

(Shapley 1953, additivity plus the value of a unanimity game), exact for any number
of members.  Members holding nothing anywhere the royalty arose are null players.

Value-added patents (Dehez and Poukens 2014): a weak patent j adds
pi_j only when every essential holder M (the union of all T) is present, i.e. a
unanimity game on M union {owner_j}.  With one carrier M of worth p0 this gives
phi_i = p0/m + sum_j pi_j/(m+1) for i in M and pi_j/(m+1) for the weak holder
(test vector p0 = 90, pi_C = 30: 55, 55, 10).

References
----------
Shapley, L. S., "A value for n-person games", in Contributions to the Theory of Games
II, Annals of Mathematics Studies 28, Princeton University Press, 1953.
Dehez, P. and Poukens, S., "The Shapley value as a guide to FRAND licensing
agreements", Review of Law & Economics 10 (2014) 265-284.
Schmeidler, D., "The nucleolus of a characteristic function game", SIAM Journal on
Applied Mathematics 17(6) (1969) 1163-1170.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from poolcalc.errors import InvalidInputError

__all__ = [
    "add_value_added",
    "pool_game_carriers",
    "pool_game_nucleolus",
    "pool_game_shapley",
    "pool_game_values",
]

#: Largest number of non-null members :func:`pool_game_nucleolus` accepts: it works on all
#: 2**n coalitions (about 2.5 s and 800 MB at n = 24 for the bundled example pool).
NUCLEOLUS_MAX_PLAYERS = 24


def pool_game_carriers(counts: np.ndarray, cents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct carriers T and their worths R_T from per-group holder counts.

    Parameters
    ----------
    counts : ndarray of int, shape (G, M)
        In-force counts of each member in each (country, date) group.
    cents : ndarray of int, shape (G,)
        Royalty of each group [cents].

    Returns
    -------
    carriers : ndarray of bool, shape (K, M)
        Distinct holder sets (rows with zero total excluded).
    worth : ndarray of int64, shape (K,)
        R_T: summed royalty of the groups with that holder set.

    Examples
    --------
    >>> c, w = pool_game_carriers(np.array([[1, 2], [3, 0], [5, 1]]), np.array([10, 7, 5]))
    >>> c.astype(int).tolist(), w.tolist()
    ([[1, 0], [1, 1]], [7, 15])
    """
    counts = np.asarray(counts)
    cents = np.asarray(cents, np.int64)
    if counts.ndim != 2 or cents.shape != (counts.shape[0],):
        raise InvalidInputError(
            f"counts must be (G, M) and cents (G,), got {counts.shape} and {cents.shape}"
        )
    held = counts > 0
    keep = held.any(axis=1)
    held, cents = held[keep], cents[keep]
    if held.shape[0] == 0:
        return np.zeros((0, counts.shape[1]), bool), np.zeros(0, np.int64)
    packed = np.packbits(held, axis=1)
    uniq, inv = np.unique(packed, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    worth = np.bincount(inv, weights=cents, minlength=uniq.shape[0])
    carriers = np.unpackbits(uniq, axis=1, count=counts.shape[1]).astype(bool)
    return carriers, np.rint(worth).astype(np.int64)


def add_value_added(
    carriers: np.ndarray, worth: Sequence, owners: Sequence[int], values: Sequence
) -> tuple[np.ndarray, list]:
    """Append the value-added unanimity games: carrier M union {owner_j}, worth pi_j.

    ``M`` is the union of the essential carriers.
    """
    carriers = np.asarray(carriers, bool)
    m = carriers.any(axis=0)
    extra = np.repeat(m[None, :], len(owners), axis=0)
    extra[np.arange(len(owners)), np.asarray(owners, np.int64)] = True
    return np.vstack([carriers, extra]), list(worth) + list(values)


def pool_game_shapley(
    carriers: np.ndarray, worth: Sequence, *, exact: bool = False
) -> np.ndarray | list[Fraction]:
    """Shapley value of v = sum_T R_T u_T by the closed form phi_i = sum_{T ni i} R_T / |T|.

    Parameters
    ----------
    carriers : ndarray of bool, shape (K, M)
    worth : sequence, shape (K,)
        R_T (numbers, or Fractions with ``exact=True``).
    exact : bool
        Return a list of :class:`~fractions.Fraction` (exact when ``worth`` is).

    Returns
    -------
    ndarray of float64, shape (M,), or list of Fraction

    References
    ----------
    Shapley, L. S., "A value for n-person games", Annals of Mathematics Studies 28, 1953
    (additivity; the Shapley value of a unanimity game splits its worth equally among the
    carrier).  Dehez, P. and Poukens, S., "The Shapley value as a guide to FRAND licensing
    agreements", Review of Law & Economics 10, 2014, 265-284.

    Examples
    --------
    Essential A, B (p0 = 90) and a weak C (pi_C = 30): phi = p0/2 + pi_C/3 for A and B,
    pi_C/3 for C (Dehez and Poukens 2014):

    >>> pool_game_shapley(np.array([[1, 1, 0], [1, 1, 1]], bool), [90, 30]).tolist()
    [55.0, 55.0, 10.0]
    """
    carriers = np.asarray(carriers, bool)
    size = carriers.sum(axis=1)
    if carriers.ndim != 2 or len(worth) != carriers.shape[0]:
        raise InvalidInputError(
            f"carriers must be (K, M) with K = len(worth), got {carriers.shape} and {len(worth)}"
        )
    if np.any(size == 0):
        raise InvalidInputError(
            f"every carrier must hold at least one member; empty at index {int(np.argmin(size))}"
        )
    if exact:
        out = [Fraction(0)] * carriers.shape[1]
        for k in range(carriers.shape[0]):
            share = Fraction(worth[k]) / int(size[k])
            for i in np.flatnonzero(carriers[k]):
                out[i] += share
        return out
    w = np.asarray(worth, np.float64)
    return (carriers * (w / size)[:, None]).sum(axis=0)


def pool_game_values(carriers: np.ndarray, worth: Sequence) -> np.ndarray:
    """Return v(S) for every coalition (bitmask convention, 2**M values).

    ``v[mask] = sum_T R_T [T subset of mask]``; for small M only (oracles, nucleolus).
    """
    carriers = np.asarray(carriers, bool)
    m = carriers.shape[1]
    if m > 24:
        raise InvalidInputError(
            f"pool_game_values enumerates 2**n coalitions; n must be <= 24, got {m}"
        )
    masks = np.arange(1 << m, dtype=np.int64)
    tmask = (carriers.astype(np.int64) << np.arange(m)).sum(axis=1)
    v = np.zeros(1 << m)
    for t, r in zip(tmask, np.asarray(worth, np.float64), strict=True):
        v += r * ((masks & t) == t)
    return v


def pool_game_nucleolus(carriers: np.ndarray, worth: Sequence) -> np.ndarray:
    """Nucleolus of the pool game (null players get 0; LP on the others).

    Uses :func:`poolcalc.games.nucleolus` (sequential LPs) on the members that belong
    to some carrier; members in no carrier are null players and get 0 (the nucleolus
    gives a null player v({i}) = 0).

    Raises
    ------
    InvalidInputError
        When more than ``NUCLEOLUS_MAX_PLAYERS`` members are in some carrier.

    References
    ----------
    Schmeidler, D., "The nucleolus of a characteristic function game", SIAM Journal on
    Applied Mathematics 17(6), 1969.
    """
    from poolcalc.games import nucleolus, unanimity_sum

    carriers = np.asarray(carriers, bool)
    active = np.flatnonzero(carriers.any(axis=0))
    out = np.zeros(carriers.shape[1])
    if active.size == 0:
        return out
    if active.size > NUCLEOLUS_MAX_PLAYERS:
        raise InvalidInputError(
            f"nucleolus enumerates 2**n coalitions: {active.size} members hold in-force patents, "
            f"at most {NUCLEOLUS_MAX_PLAYERS} supported; use scheme shapley instead"
        )
    # scale to [0, 1] for the LP; scale back after
    w = np.asarray(worth, np.float64)
    scale = w.sum()
    game = unanimity_sum(carriers[:, active], w / scale)  # zeta transform, O(n 2**n)
    out[active] = np.asarray(nucleolus(game)) * scale
    return out

"""The pool game: the carriers and worths of a sum of unanimity games, from who holds what where.

This module only builds the carriers T and worths R_T from the pool's data; the game
itself is a :class:`poolcalc.games.UnanimityGame`, which computes its values, its
Shapley value (closed form) and its nucleolus.

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
(p0 = 90, pi_C = 30 gives 90/2 + 30/3 = 55, 55 and 30/3 = 10).

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

import numpy as np

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError

__all__ = ["add_value_added", "packed_carriers", "pool_game_carriers"]


@checked_args
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
    return packed_carriers(np.packbits(counts > 0, axis=1), cents, counts.shape[1])


def packed_carriers(
    packed: np.ndarray, cents: np.ndarray, n_members: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`pool_game_carriers` from the holder sets packed 8 members to a byte.

    Parameters
    ----------
    packed : ndarray of uint8, shape (G, ceil(M / 8))
        ``np.packbits(counts > 0, axis=1)``: the holder set of each group.
    cents : ndarray of int, shape (G,)
        Royalty of each group [cents]; the total must be below 2^53.
    n_members : int
        M.

    Returns
    -------
    carriers, worth
        As :func:`pool_game_carriers`: the distinct non-empty holder sets in
        ``np.unique`` (byte-lexicographic) order and their summed royalties.

    Notes
    -----
    Consecutive groups (one country, successive dates) mostly share their holder
    set, so runs of equal rows are merged first (their cents summed exactly in
    int64) and only the runs are sorted.

    Examples
    --------
    >>> c, w = packed_carriers(np.packbits(np.array([[1, 1], [1, 1], [1, 0]], bool), axis=1),
    ...                        np.array([10, 7, 5]), 2)
    >>> c.astype(int).tolist(), w.tolist()
    ([[1, 0], [1, 1]], [5, 17])
    """
    keep = packed.any(axis=1)
    packed, cents = packed[keep], np.asarray(cents, np.int64)[keep]
    if packed.shape[0] == 0:
        return np.zeros((0, n_members), bool), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, (packed[1:] != packed[:-1]).any(axis=1)])
    run_cents = np.add.reduceat(cents, starts)
    uniq, inv = np.unique(packed[starts], axis=0, return_inverse=True)
    worth = np.bincount(inv.reshape(-1), weights=run_cents, minlength=uniq.shape[0])
    carriers = np.unpackbits(uniq, axis=1, count=n_members).astype(bool)
    return carriers, np.rint(worth).astype(np.int64)


@checked_args
def add_value_added(
    carriers: np.ndarray, worth: Sequence, owners: Sequence[int], values: Sequence
) -> tuple[np.ndarray, list]:
    """Append the value-added unanimity games: carrier M union {owner_j}, worth pi_j.

    ``M`` is the union of the essential carriers.

    Parameters
    ----------
    carriers : ndarray of bool, shape (k, n)
        Carriers of the essential unanimity games (one row per holder set).
    worth : sequence
        Their worths R_T (exact numbers: int or Fraction).
    owners : sequence of int
        Member index j of each value-added item.
    values : sequence
        Worth pi_j of each value-added item.

    Returns
    -------
    carriers : ndarray of bool, shape (k + len(owners), n)
        The carriers with one row ``M | {owner_j}`` appended per item.
    worth : list
        The worths with each ``pi_j`` appended.

    Examples
    --------
    >>> import numpy as np
    >>> c, w = add_value_added(np.array([[True, False, False]]), [10], [2], [5])
    >>> c.tolist(), w
    ([[True, False, False], [True, False, True]], [10, 5])
    """
    carriers = np.asarray(carriers, bool)
    m = carriers.any(axis=0)
    extra = np.repeat(m[None, :], len(owners), axis=0)
    extra[np.arange(len(owners)), np.asarray(owners, np.int64)] = True
    return np.vstack([carriers, extra]), list(worth) + list(values)

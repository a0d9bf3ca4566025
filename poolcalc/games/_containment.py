"""Worths of coalitions in a sum of unanimity games, by bitset containment tests.

v(S) = sum_c w_c [T_c subset of S]: a carrier T_c is inside S exactly when it shares
no member with the complement of S.  With the carriers and the complements packed
64 players to a machine word, that is ``T_c[j] & ~S[j] == 0`` for every word j.

Most (coalition, carrier) pairs fail at once, so they are not all tested.  For each
coalition S, up to :data:`_PROBE` players missing from S are taken, and the bitset of
the carriers holding any of them (an OR of the players' rows of the transposed
incidence, packed 64 carriers to a word) rules those carriers out; only the few pairs
left are tested on every word, word by word on a shrinking list.  v(S) is then the
sum of the worths of the carriers left, per coalition.  A coalition missing at most
:data:`_PROBE` players (N minus a few members, as the core checks use) had every
missing player probed, so the carriers left are exactly those inside it: their
worths are summed at once (one product of the unpacked bits with the worths), with
no word tests.  Time O(m r k / 64 + m k / 8 +
p W) for m coalitions, k carriers, r probes, W = ceil(n / 64) words and p pairs
surviving the probes, against O(m k n) for the dense membership product.  The sums
are exact (hence the same float64 in any order) when the worths are whole numbers
whose total is below 2^53, the case this path is used for.

References
----------
Shapley, L. S., "A value for n-person games", in Contributions to the Theory of Games
II, Annals of Mathematics Studies 28, Princeton University Press, 1953 (unanimity
games as a basis).  Knuth, D. E., The Art of Computer Programming 4A, Addison-Wesley,
2011, section 7.1.3 (bitwise tricks: sets as words, subset tests by AND).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["contained_worth", "pack_sets"]

#: Coalitions tested per block (bounds the (block x carriers) temporaries).
_BLOCK = 2048
#: Players missing from a coalition whose carriers are ruled out before the full test.
_PROBE = 8


def pack_sets(members: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Pack a membership matrix (m, n) into words (m, ceil(n / 64)) of 64 players each.

    Examples
    --------
    >>> pack_sets(np.array([[True] + [False] * 69])).shape
    (1, 2)
    """
    m, n = members.shape
    words = max(1, -(-n // 64))
    b = np.zeros((m, words * 8), np.uint8)
    b[:, : -(-n // 8)] = np.packbits(members, axis=1)
    return b.view(np.uint64)


def contained_worth(
    carriers: NDArray[np.bool_], worths: NDArray[np.float64], coalitions: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """Return ``v(S) = sum_c w_c [T_c subset of S]`` for each row S of ``coalitions``.

    Parameters
    ----------
    carriers : ndarray of bool, shape (k, n)
        Non-empty carriers T_c.
    worths : ndarray of float64, shape (k,)
        w_c; whole numbers with a total below 2^53 for results independent of the
        summation order.
    coalitions : ndarray of bool, shape (m, n)
        Membership rows.

    Returns
    -------
    ndarray of float64, shape (m,)

    Examples
    --------
    >>> T = np.array([[1, 1, 0], [0, 1, 1]], bool)
    >>> contained_worth(T, np.array([90.0, 30.0]),
    ...                 np.array([[1, 1, 0], [1, 1, 1], [0, 1, 0]], bool)).tolist()
    [90.0, 120.0, 0.0]
    """
    m, n = coalitions.shape
    out = np.zeros(m)
    k = carriers.shape[0]
    if k == 0 or m == 0:
        return out
    tp = pack_sets(carriers)  # (k, W): the members of each carrier
    inc = pack_sets(np.ascontiguousarray(carriers.T))  # (n, ceil(k/64)): carriers of each player
    for start in range(0, m, _BLOCK):
        miss = ~coalitions[start : start + _BLOCK]
        b = miss.shape[0]
        ruled = np.zeros((b, inc.shape[1]), np.uint64)
        rank = np.cumsum(miss, axis=1, dtype=np.int16 if n < 32_000 else np.int32)
        rows, cols = np.nonzero(miss & (rank <= _PROBE))
        if rows.size:  # OR of the probes' carrier sets, row by row (rows come sorted)
            first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            ruled[rows[first]] = np.bitwise_or.reduceat(inc[cols], first, axis=0)
        # a coalition missing at most _PROBE players had all of them probed: the
        # carriers not ruled out are exactly those inside it (no word tests)
        done = miss.sum(axis=1) <= _PROBE
        if done.any():
            left = np.unpackbits((~ruled[done]).view(np.uint8), axis=1, count=k)
            out[start + np.flatnonzero(done)] = left @ worths
            ruled[done] = ~np.uint64(0)
        si, ci = _set_bits(~ruled, k)
        cp = pack_sets(miss)
        for j in range(tp.shape[1]):
            if not si.size:
                break
            keep = (cp[si, j] & tp[ci, j]) == 0
            si, ci = si[keep], ci[keep]
        out[start : start + b] += np.bincount(si, weights=worths[ci], minlength=b)
    return out


def _set_bits(words: NDArray[np.uint64], k: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(row, bit) of every set bit below ``k`` of packed rows (:func:`pack_sets` order)."""
    r, w = np.nonzero(words)  # most words are zero: unpack only the others
    bits = np.unpackbits(words[r, w].view(np.uint8).reshape(-1, 8), axis=1)
    j, b = np.nonzero(bits)
    col = w[j] * 64 + b
    keep = col < k  # padding bits past the last carrier
    return r[j][keep], col[keep]

"""Hash-based factorisation: distinct values and integer codes without a full sort.

Reading 10^6 rows spends most of its time finding the distinct values of each column
(a year has at most 366 dates, a pool a few hundred countries; patent ids are all
distinct).  A sort (:func:`numpy.unique`) costs O(n log n) and, with
``return_index``, a stable argsort; the open-addressing hash table here costs O(n)
vectorised passes.

Algorithm (linear probing, all rows of a round at once): every row starts at the slot
``fib(h) >> (64 - bits)`` of its 64-bit hash ``h`` (Fibonacci hashing) in a table of
``2^bits >= 2n`` slots.  In each round the pending rows look at their slot: a free slot
is claimed by one of the rows aiming at it, every row *exactly equal* to the slot's
owner (the caller's equality test, not the hash) is settled there, and the others move
to the next slot.  Rows with equal keys follow the same probe sequence, so they always
end in the same slot; distinct keys never share one.  The expected number of rounds is
small (load factor <= 1/2).  Classes are numbered by their first row
(``np.minimum.at``), so codes follow the order of first appearance, like
``dict.fromkeys``.

References
----------
Knuth, D. E., "The Art of Computer Programming, Vol. 3: Sorting and Searching",
2nd ed., Addison-Wesley, 1998, section 6.4 (open addressing with linear probing;
multiplicative hashing with the golden ratio, "Fibonacci hashing").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from poolcalc._args import check_array_arg
from poolcalc.errors import InvalidInputError

__all__ = ["factorize_hashed", "factorize_objects", "sorted_codes"]

_FIB = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio


def factorize_hashed(
    h: np.ndarray, same: Callable[[np.ndarray, np.ndarray], np.ndarray] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Classes of equal rows in first-appearance order.

    Parameters
    ----------
    h : ndarray of uint64, shape (n,)
        A hash of each row's key (equal keys must have equal hashes).
    same : callable or None
        ``same(i, j)`` -> boolean array: are rows ``i[k]`` and ``j[k]`` exactly equal?
        None when ``h`` is the key itself, or any one-to-one function of it (then equal
        hashes are equal keys and nothing else is compared).

    Returns
    -------
    first : ndarray of int64, shape (k,)
        Row of the first occurrence of each class, ascending.
    codes : ndarray of int32, shape (n,)
        Class of each row (row ``r`` equals row ``first[codes[r]]``).

    Examples
    --------
    >>> keys = np.array([7, 3, 7, 9, 3])
    >>> first, codes = factorize_hashed(keys.astype(np.uint64), lambda i, j: keys[i] == keys[j])
    >>> first.tolist(), codes.tolist()
    ([0, 1, 3], [0, 1, 0, 2, 1])
    """
    h = check_array_arg(h, "factorize_hashed: h", "i").astype(np.uint64, copy=False).ravel()
    if same is not None and not callable(same):
        raise InvalidInputError(
            f"factorize_hashed: same must be a callable or None, got {same!r:.60}")
    n = int(h.size)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int32)
    full_bits = max(4, int(2 * n - 1).bit_length())  # 2^bits >= 2n: never more than half full
    slot = None
    if n > 4096:
        # size the table from the distinct keys of a sample (a column of countries needs
        # a few hundred slots, not 2n); a table that fills beyond half is rebuilt at 2n.
        # A sample of nearly distinct keys (more than 95%: of D equally likely keys, a
        # sample of 4096 holds D (1 - exp(-4096 / D)) distinct, 3,360 for D = 10^4 but
        # 3,900 from D = 4 x 10^4 on) goes to the 2n table at once.
        sample = _probe(h[:4096], same, 13)
        k = int(np.unique(sample).size) if sample is not None else 4096
        if 16 * k < n and 100 * k <= 95 * 4096:
            slot = _probe(h, same, max(4, int(16 * k - 1).bit_length()))
    if slot is None:
        slot = _probe(h, same, full_bits)
    assert slot is not None
    first_of_slot = np.full(int(slot.max()) + 1, n, np.int64)
    np.minimum.at(first_of_slot, slot, np.arange(n, dtype=np.int64))
    occupied = np.flatnonzero(first_of_slot < n)
    firsts = first_of_slot[occupied]
    if firsts.size * 8 < n:  # few classes: sort them
        order = np.argsort(firsts)
        number = np.empty(first_of_slot.size, np.int32)
        number[occupied[order]] = np.arange(order.size, dtype=np.int32)
        return firsts[order], number[slot]
    first_row = first_of_slot[slot]  # many classes: number them by a pass over the rows
    is_first = np.zeros(n, bool)
    is_first[first_row] = True
    number_of_row = np.cumsum(is_first, dtype=np.int64) - 1
    return np.flatnonzero(is_first), number_of_row[first_row].astype(np.int32)


def _probe(
    h: np.ndarray, same: Callable[[np.ndarray, np.ndarray], np.ndarray] | None, bits: int
) -> np.ndarray | None:
    """Slot of each row in a table of 2^bits slots (None once more than half is used).

    With ``same`` None the hashes are the keys: the table keeps its owners' hashes,
    and a row settles where the slot's hash equals its own (no exact comparison).
    """
    n = int(h.size)
    size = 1 << bits
    check = size < 2 * n  # a table of >= 2n slots cannot fill beyond half
    with np.errstate(over="ignore"):
        slot = ((h.astype(np.uint64) * _FIB) >> np.uint64(64 - bits)).astype(np.int64)
    mask = size - 1
    if same is None:
        return _probe_keys(h, slot, size, check)
    table = np.full(size, -1, np.int64)
    todo = np.arange(n, dtype=np.int64)
    while todo.size:
        s = slot[todo]
        owner = table[s]
        free = owner < 0
        if free.any():
            table[s[free]] = todo[free]  # one of the rows aiming at a free slot claims it
            if check and 2 * int(np.count_nonzero(table >= 0)) > size:
                return None
            owner = table[s]
        ok = owner == todo  # the row that claimed the slot
        rest = np.flatnonzero(~ok & (h[owner] == h[todo]))
        ok[rest] = same(owner[rest], todo[rest])  # equal hashes: compare exactly
        todo = todo[~ok]
        slot[todo] = (slot[todo] + 1) & mask
    return slot


def _probe_keys(h: np.ndarray, slot: np.ndarray, size: int, check: bool) -> np.ndarray | None:
    """:func:`_probe` when the hashes are the keys (``same=None``).

    The table holds the key of each used slot; a row settles where the slot's key is
    its own.  Of several rows claiming one free slot in a round, numpy keeps one
    row's key; the others see a different key and move on, as after a collision.
    """
    used = np.zeros(size, bool)
    held = np.zeros(size, np.uint64)
    mask = size - 1
    todo: np.ndarray | None = None  # None: every row (the first round)
    while True:
        s = slot if todo is None else slot[todo]
        key = h if todo is None else h[todo]
        free = ~used[s]
        if free.any():
            taken = s[free]
            used[taken] = True
            held[taken] = key[free]
            if check and 2 * int(np.count_nonzero(used)) > size:
                return None
        moved = np.flatnonzero(held[s] != key)
        if not moved.size:
            return slot
        todo = moved if todo is None else todo[moved]
        slot[todo] = (slot[todo] + 1) & mask
    return slot  # pragma: no cover (the loop returns)


def factorize_objects(values: np.ndarray | Sequence[object]) -> tuple[list, np.ndarray]:
    """Distinct hashable values (first-appearance order) and int32 codes into them.

    Python's ``hash`` of each value feeds :func:`factorize_hashed`; equality is ``==``.

    Parameters
    ----------
    values : ndarray or sequence of hashable objects, shape (n,)

    Returns
    -------
    uniques : list
        The distinct values in order of first appearance (as ``dict.fromkeys``).
    codes : ndarray of int32, shape (n,)
        ``uniques[codes[r]] == values[r]``.

    Examples
    --------
    >>> u, c = factorize_objects(np.array(["b", "a", "b", "c"], dtype=object))
    >>> u, c.tolist()
    (['b', 'a', 'c'], [0, 1, 0, 2])
    """
    if isinstance(values, str | bytes) or np.ndim(values) != 1:
        raise InvalidInputError(
            f"factorize_objects: values must be a 1-D array or list, got {values!r:.60}")
    arr = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    if arr.dtype != object:
        arr = arr.astype(object)
    h = np.fromiter(map(hash, arr), np.int64, count=arr.size).view(np.uint64)
    first, codes = factorize_hashed(h, lambda i, j: arr[i] == arr[j])
    return arr[first].tolist(), codes


def sorted_codes(uniques: Sequence[str], codes: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
    """Re-number codes so that the labels are sorted (as :func:`numpy.unique` would give).

    Parameters
    ----------
    uniques : sequence of str, shape (k,)
        Labels in any order.
    codes : ndarray of int, shape (n,)
        Codes into ``uniques``.

    Returns
    -------
    labels : tuple of str
        ``uniques`` sorted (code point order).
    codes : ndarray of int32, shape (n,)
        The same rows coded into ``labels``.

    Examples
    --------
    >>> labels, codes = sorted_codes(["b", "a", "c"], np.array([0, 1, 0, 2]))
    >>> labels, codes.tolist()
    (('a', 'b', 'c'), [1, 0, 1, 2])
    """
    if isinstance(uniques, str | bytes) or not isinstance(uniques, Sequence | np.ndarray):
        raise InvalidInputError(
            f"sorted_codes: uniques must be a list of labels, got {uniques!r:.60}")
    codes = check_array_arg(codes, "sorted_codes: codes", "i")
    if not len(uniques):
        return (), codes.astype(np.int32)
    labels = np.asarray(uniques, dtype=object)
    order = np.argsort(labels.astype(str), kind="stable")
    rank = np.empty(order.size, np.int32)
    rank[order] = np.arange(order.size, dtype=np.int32)
    return tuple(labels[order].tolist()), rank[codes]

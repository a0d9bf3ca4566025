r"""A stable argsort of int64 keys: numpy's fast sort in cache-sized blocks, ties fixed.

``np.argsort(key, kind="stable")`` of ``n`` random int64 keys is a merge sort (timsort):
``O(n log n)`` comparisons, and once the keys outgrow the last-level cache (about 4 x
10^6 int64 keys in a 32 MiB L3) every merge pass streams them from memory: from 10^6
to 10^7 keys its time grows 13-14x, not 10x.  numpy's default sort (an introsort,
vectorised with AVX-512 or AVX2 where the processor has them) is about 4x faster but
not stable.  :func:`stable_argsort` first splits the keys by value range into
``m = ceil(n / B)`` buckets (``B = 2**19`` keys by default, 4 MiB),

.. math::

    b_i = \lfloor (k_i - k_{\min}) / 2^s \rfloor, \qquad
    s = \max(0, \operatorname{bitlength}(k_{\max} - k_{\min}) - \operatorname{bitlength}(m - 1)),

by a stable counting (radix) sort of the 16-bit bucket numbers (``O(n)``), then sorts
each bucket on its own, in cache, with the default sort.  Buckets are ordered by value,
so the keys come out sorted, and only the order *within runs of equal keys* can differ
from the stable one, which lists their positions ascending: one sort of the tied rows'
values ``r n + p`` (run number r, position p) puts them back.  When about half the keys
or more are tied (judged from a strided sample, :func:`_mostly_tied`) that fix-up would
cost more than it saves, and the blocks are sorted with numpy's stable sort instead.
Either way the result is **exactly** ``np.argsort(key, kind="stable")`` (on an AMD
EPYC with AVX-512, distinct keys: 1.6x its speed at 10^6 keys, 2.7x at 10^7;
``benchmarks/bench_sort.py``), and the keys in sorted order come with it.  Keys already in
ascending order (the year-to-date views of :mod:`poolcalc.periods` hand the engine its
rows in its own order) are found by one comparison pass and their order is
``0..n-1``, the stable order of non-decreasing keys.

References
----------
.. [1] Knuth, D. E. *The Art of Computer Programming*, vol. 3, 2nd ed. (1998),
   section 5.2.5 (radix sorting, most significant digit first).
.. [2] Bramas, B. "A Novel Hybrid Quicksort Algorithm Vectorized using AVX-512 on
   Intel Skylake", IJACSA 8(10), 2017 (the vectorised quicksort numpy uses, via
   x86-simd-sort).
"""

from __future__ import annotations

import numpy as np

__all__ = ["BLOCK", "stable_argsort"]

#: Keys per bucket aimed at (4 MiB of int64 keys and as much of positions).
BLOCK = 1 << 19


def stable_argsort(key: np.ndarray, block: int = BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """Return ``order = np.argsort(key, kind="stable")`` and ``key[order]``.

    Parameters
    ----------
    key : ndarray of int64, shape (n,)
    block : int
        Keys per bucket aimed at (>= 2); at most ``n`` below ``2 * block`` is one
        global sort.

    Returns
    -------
    order : ndarray of intp, shape (n,)
        Positions in stable ascending order of ``key``.
    sorted_key : ndarray of int64, shape (n,)
        ``key[order]``.

    Examples
    --------
    >>> import numpy as np
    >>> k = np.array([5, 1, 5, 0, 1, 9], np.int64)
    >>> order, ks = stable_argsort(k, block=2)
    >>> order.tolist(), ks.tolist()
    ([3, 1, 4, 0, 2, 5], [0, 1, 1, 5, 5, 9])
    """
    n = key.size
    if n > 1 and not bool((key[1:] < key[:-1]).any()):  # already sorted: one pass
        return np.arange(n, dtype=np.intp), key.copy()
    m = -(-n // max(int(block), 2))
    kind = "stable" if _mostly_tied(key) else None  # (None: numpy's default sort)
    if m < 2:
        order = np.argsort(key, kind=kind)
        ks = key[order]
    else:
        lo, hi = int(key.min()), int(key.max())
        if lo == hi:
            return np.arange(n, dtype=np.intp), key.copy()
        m = min(m, 1 << 16)
        shift = max(0, (hi - lo).bit_length() - (m - 1).bit_length())
        bucket = key - lo
        bucket >>= shift
        bucket = bucket.astype(np.uint16)  # < 2**bitlength(m - 1) <= 2**16 buckets
        order = np.argsort(bucket, kind="stable")  # radix sort of 16-bit codes: O(n)
        counts = np.bincount(bucket)
        del bucket
        ks = key[order]
        start = 0
        for c in counts.tolist():
            if c > 1:
                end = start + c
                sub = np.argsort(ks[start:end], kind=kind)
                order[start:end] = order[start:end][sub]
                ks[start:end] = ks[start:end][sub]
            start += c
    if kind is None:
        _ties_by_position(order, ks)  # ties in any order so far: put right
    return order, ks


#: Rows of the sample that :func:`_mostly_tied` reads (about; a stride of the keys).
_SAMPLE = 1 << 16


def _mostly_tied(key: np.ndarray) -> bool:
    """Whether about half the keys or more are tied, judged from a strided sample.

    Among ``s`` rows taken every ``k``-th, a tied fraction ``f`` of the ``n`` keys (in
    pairs or longer runs) shows about ``f n / (2 k^2) = f s^2 / (2 n)`` equal pairs, so
    ``d`` duplicates in the sample estimate ``f ~ 2 n d / s^2``.  Past ``f = 1/2`` the
    fix-up of :func:`_ties_by_position` (a sort of the tied rows, several passes over
    them) costs more than numpy's stable sort saves (10^7 keys of 2^14 values: 1.72 s
    against 1.13 s); below it the default sort and the fix-up win (10^7 distinct keys:
    0.78 s against 1.47 s).  Only the speed depends on it, never the order.
    """
    n = key.size
    sample = key[:: max(1, n // _SAMPLE)]
    s = sample.size
    dups = s - np.unique(sample).size
    return 4 * n * dups > s * s


def _ties_by_position(order: np.ndarray, ks: np.ndarray) -> None:
    """Put the positions of each run of equal sorted keys in ascending order, in place.

    ``order`` sorts the keys with ties in any order (numpy's default sort is not
    stable: an introsort, vectorised on AVX-512, about 4x the speed of its stable
    sort); the stable order differs only within the runs of equal keys, where it
    lists the positions ascending.  With ``R`` runs among the ``t`` tied rows and run
    number ``r``, one sort of the values ``r n + p`` (``R n < 2**63``) restores it;
    else a lexsort by (run, position).
    """
    n = ks.size
    same = ks[1:] == ks[:-1]
    if not bool(same.any()):
        return
    in_run = np.zeros(n, dtype=bool)
    in_run[1:] |= same
    in_run[:-1] |= same
    pos = np.flatnonzero(in_run)
    first = np.ones(pos.size, dtype=bool)
    first[1:] = ~same[pos[1:] - 1]  # a run starts where the key changes
    run = np.cumsum(first) - 1
    rows = order[pos].astype(np.int64)
    if (int(run[-1]) + 1) * n < 2**63:
        packed = run * n
        packed += rows
        packed.sort()
        order[pos] = packed % n
    else:  # pragma: no cover - more than 2**63 / n runs of ties
        order[pos] = rows[np.lexsort((rows, run))]

"""Distinct values of an integer array by one sort (``np.unique`` without its hash table).

numpy 2.3+ answers ``np.unique(x)`` (no ``return_*`` flag) with a hash table, then
sorts the distinct values.  With 10^5-10^6 distinct keys among 10^6 (owner x family
keys of a 10^6-patent pool) the table's random accesses miss the cache: 0.7-1.1 s
against 0.07 s for ``np.sort`` and a comparison of neighbours (2 vCPUs, numpy 2.4).
Same values, same dtype, same order.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["unique_ints"]


def unique_ints(values: ArrayLike) -> NDArray[np.generic]:
    """Return ``np.unique(values)`` (sorted distinct values), by a sort for integers.

    Parameters
    ----------
    values : array_like
        Any shape (flattened); integer arrays take the sort, others ``np.unique``.

    Returns
    -------
    ndarray, shape (U,)
        The distinct values in increasing order, in the dtype of ``values``.

    Examples
    --------
    >>> unique_ints([3, 1, 3, 2, 1]).tolist()
    [1, 2, 3]
    """
    a = np.asarray(values).ravel()
    if a.dtype.kind not in "iu":
        return np.unique(a)
    s = np.sort(a)
    if s.size < 2:
        return s
    keep = np.empty(s.size, bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]

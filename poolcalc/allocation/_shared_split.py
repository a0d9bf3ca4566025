"""Sharing per-country splits between the schemes of one comparison.

:func:`poolcalc.compare.compare` runs ``per-country-count`` and the pool game
(``shapley``, and the game metrics) on the same rows of the same pool; each would
sweep the patent table for the same (country, day) groups.  Inside
:func:`shared_splits` :func:`~poolcalc.allocation.per_country_split` returns an earlier
result for equal inputs instead of computing it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

__all__ = ["SHARED_SPLITS", "share", "shared", "shared_splits"]

#: Splits shared inside :func:`shared_splits`: (key, split) pairs, newest last.
_SHARED: ContextVar[list[tuple[tuple, Any]] | None] = ContextVar(
    "poolcalc_shared_splits", default=None)
#: Splits kept at once inside :func:`shared_splits` (each holds O(rows + groups) arrays).
SHARED_SPLITS = 4


@contextmanager
def shared_splits() -> Iterator[None]:
    """Share :func:`per_country_split` results between the calls made inside the block.

    :func:`poolcalc.compare.compare` runs ``per-country-count`` and the pool game
    (``shapley``) on the same rows: inside this block the second call returns the
    first one's :class:`PerCountrySplit` when the patent table is the same object, the
    ``country`` and ``unit`` are equal, the row arrays (cents, countries, days) are
    equal element by element and ``exact`` asks for the same summation (the same
    argument, or ``True``/``False`` equal to the path the first call took).  A cached
    split is the value the call would compute (the kernel is deterministic); at most
    :data:`SHARED_SPLITS` are kept.  Usable as a decorator.
    """
    token = _SHARED.set([])
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(key: tuple, exact: bool | None) -> Any:
    """Return the split cached under ``key`` (see :func:`shared_splits`), else None.

    ``key`` is ``(table, country, unit, exact, cents, country_of_sale,
    country_of_manufacture, day)`` as :func:`~poolcalc.allocation.per_country_split`
    checked them.
    """
    cache = _SHARED.get()
    for k, sp in cache or ():
        if (k[0] is key[0] and k[1:3] == key[1:3]
                and (k[3] is exact if exact is None else bool(exact) == sp.exact)
                and all(np.array_equal(a, b) for a, b in zip(k[4:], key[4:], strict=True))):
            return sp
    return None


def share(key: tuple, sp: Any) -> None:
    """Keep ``sp`` under ``key`` inside :func:`shared_splits` (dropping the oldest past the cap)."""
    cache = _SHARED.get()
    if cache is not None:
        cache.append((key, sp))
        del cache[:-SHARED_SPLITS]

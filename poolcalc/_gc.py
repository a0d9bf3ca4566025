"""CPython's cyclic garbage collector paused while a call builds many acyclic objects.

Parsing 10^6 rows (:func:`poolcalc.io.read_pool`: millions of lists and strings) and a
quarter of a large pool (:func:`poolcalc.periods.period`, 10^4 licensees: a few 10^5
invoices, settlements, balances, (invoice, member) shares) build many small records
that live until the call returns.  Each ~700 container allocations start a young
collection, and the survivors soon trigger full collections, each a pass over the
whole heap of the process (4-5 per quarter in ``benchmarks/bench_periods.py``: about
a third of the quarter's CPU time).  The records hold no reference cycles, so
nothing is lost by deferring collection to the end of the call; the collector then
resumes with the call's survivors in its youngest generation (one pass over them).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (if it was enabled).

    Reference counting still frees every acyclic object at once; only the detection
    of reference cycles waits until the block ends.  Nested blocks and a collector
    already disabled by the caller are left as they are.

    Examples
    --------
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    if was:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()

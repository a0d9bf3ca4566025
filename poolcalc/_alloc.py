r"""Process-wide allocator settings for large arrays (glibc), as the command line uses them.

glibc's ``malloc`` serves a block above its mmap threshold (128 KiB, adjusted up to
32 MiB as large blocks are freed) with a fresh ``mmap`` and gives it back with
``munmap`` when freed.  A kernel over 10^7 sales rows allocates many temporaries of
80 MB each (one int64 or float64 column), so every one of them is mapped anew and
its pages are faulted in and zeroed by the operating system: about 20 000 page
faults per temporary, a cost that grows faster than the rows (the larger the working
set, the fewer pages are still in the cache).  Measured on the benchmark machine
(``benchmarks/bench_scaling.py``), the royalty kernel's time grows as ``N^1.2`` from
10^6 to 10^7 rows with the default settings and as ``N^1.0`` with these:

=====================  ==========  ====================================================
``mallopt`` parameter  value       effect
=====================  ==========  ====================================================
``M_MMAP_MAX``         0           no block is served by ``mmap``: all come from the heap
``M_TRIM_THRESHOLD``   -1          the heap is never trimmed: memory freed at its top is
                                   kept for the next allocation (``-1`` disables
                                   trimming, mallopt(3))
``M_TOP_PAD``          64 MiB      each heap extension asks for this much more
=====================  ==========  ====================================================

so a freed 80 MB temporary is reused by the next one, already faulted in, and so is
the whole heap of one kernel call by the next (a command that computes several years
or periods).  A finite trim threshold (1 GiB until 2026-12-03) gave the heap back
whenever more than that was free at its top: at 10^7 rows the royalty kernel peaks at
about 2.3 GB, so every call returned and then faulted in again about 2 GB (1.9-2.5 s of
system time per call, a third of the call).  The price is that memory freed by the
process stays with it until it exits (the peak of the largest call): right for a
command that runs one computation and ends (``poolcalc ...``), which is why the
command line calls :func:`tune_allocator` before it runs a command; a long-lived
notebook may prefer the default.  Setting ``POOLCALC_MALLOC=default`` in the
environment leaves the allocator alone.

The settings are the documented ``mallopt(3)`` parameters (glibc's ``malloc.h``:
``M_TRIM_THRESHOLD = -1``, ``M_TOP_PAD = -2``, ``M_MMAP_MAX = -4``); on another C
library (musl, macOS, Windows) nothing is changed.

References
----------
.. [1] ``mallopt(3)``, Linux man-pages, https://man7.org/linux/man-pages/man3/mallopt.3.html
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform

__all__ = ["ALLOCATOR_SETTINGS", "tune_allocator"]

#: ``(mallopt parameter number, value, name)`` applied by :func:`tune_allocator`.
ALLOCATOR_SETTINGS: tuple[tuple[int, int, str], ...] = (
    (-4, 0, "M_MMAP_MAX"),
    (-1, -1, "M_TRIM_THRESHOLD"),
    (-2, 64 << 20, "M_TOP_PAD"),
)

_DONE: list[bool] = []


def tune_allocator() -> bool:
    """Keep large arrays on glibc's heap instead of fresh ``mmap`` blocks (once per process).

    Returns
    -------
    bool
        True when every setting of :data:`ALLOCATOR_SETTINGS` was accepted by
        ``mallopt``; False when the C library is not glibc, ``POOLCALC_MALLOC`` is
        ``default``, or ``mallopt`` refused a value (then the allocator's own
        defaults stay for the settings it refused).

    Examples
    --------
    >>> import poolcalc._alloc as a
    >>> isinstance(a.tune_allocator(), bool)
    True
    """
    if _DONE:
        return _DONE[0]
    ok = False
    if os.environ.get("POOLCALC_MALLOC", "").strip().lower() != "default" \
            and platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            mallopt = libc.mallopt
            mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
            ok = all([mallopt(p, v) == 1 for p, v, _ in ALLOCATOR_SETTINGS])
        except (OSError, AttributeError):
            ok = False
    _DONE.append(ok)
    return ok

"""Thin command line: parse -> io -> library -> io (``poolcalc``, ``python -m poolcalc``).

Exit codes: 0 success, 1 when ``check`` finds an error-level finding, 2 on bad
input (one line on stderr naming file, line, field and value, or the flag; never a
traceback), 3 on an internal error (a bug: one line, ``--debug`` shows the traceback).
No computation lives here: each command reads its inputs through :mod:`poolcalc.io`,
calls the library and writes the result through :mod:`poolcalc.io`.

``poolcalc --version`` is answered here without importing the library (numpy,
scipy, the engines: about 0.7 s of imports); every other command line loads the
parser and the commands of :mod:`poolcalc.cli._main` on first use (PEP 562 module
``__getattr__``, as :mod:`poolcalc` loads its subpackages).

Run as a process (``argv`` not given: the ``poolcalc`` script, ``python -m
poolcalc``), a command first keeps large arrays on glibc's heap
(:func:`poolcalc._alloc.tune_allocator`: no fresh ``mmap`` per 80 MB temporary, so
kernels over 10^7 rows grow linearly); ``POOLCALC_MALLOC=default`` leaves the
allocator alone.  Called with ``argv`` (from Python, tests), nothing is changed.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

from poolcalc._alloc import tune_allocator
from poolcalc._version import __version__

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 error finding, 2 bad input).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``poolcalc`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0 success, 1 when ``check`` finds an error-level finding, 2 on bad
        input (one line on stderr naming file, line, field and value; a bad flag value
        too), 3 on an internal error (one line; ``--debug`` shows the traceback).
        ``--version`` alone prints ``poolcalc <version>`` and exits 0 (``SystemExit``, as
        argparse's version action does) before any of the library is imported.

    Examples
    --------
    >>> import poolcalc
    >>> pool_dir = str(poolcalc.example_pool_path())
    >>> main(["royalties", pool_dir, "--format", "csv"])  # doctest: +ELLIPSIS
    licensee,...
    0
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        print(f"poolcalc {__version__}")
        raise SystemExit(0)
    if argv is None:  # this process runs one command: keep large arrays on the heap
        tune_allocator()
    return int(_commands().main(args))


def _commands() -> Any:
    """Return the parser and commands (:mod:`poolcalc.cli._main`), imported on first use."""
    return importlib.import_module("poolcalc.cli._main")


def __getattr__(name: str) -> Any:
    """Names of :mod:`poolcalc.cli._main` (``build_parser``, ...) on first use (PEP 562)."""
    if name.startswith("__"):
        raise AttributeError(name)
    try:
        return getattr(_commands(), name)
    except AttributeError:
        raise AttributeError(f"module 'poolcalc.cli' has no attribute {name!r}") from None

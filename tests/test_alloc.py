"""The command line's allocator settings (poolcalc._alloc), checked in fresh processes.

glibc's ``mallinfo2()`` reports ``hblkhd``, the bytes held in ``mmap``-ed blocks: with
the default settings an 80 MB array is one such block; after ``tune_allocator`` it is
served from the heap, so ``hblkhd`` does not grow.  ``arena`` is the bytes of the heap
itself: after ``tune_allocator`` it is never trimmed, so freeing a 1.2 GB block (more
than the former 1 GiB trim threshold) leaves it as large as before.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
    reason="mallopt settings exist on glibc only (elsewhere tune_allocator returns False)",
)

PROBE = textwrap.dedent("""
    import ctypes, os, sys
    import numpy as np

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    if sys.argv[1] == "tune":
        from poolcalc._alloc import tune_allocator
        print(tune_allocator())
    elif sys.argv[1] == "cli":
        import contextlib, io
        import poolcalc
        from poolcalc import cli
        sys.argv = ["poolcalc", "validate", str(poolcalc.example_pool_path())]
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli.main() == 0
        import poolcalc._alloc as a
        print(a._DONE)
    else:
        print(None)
    before = libc.mallinfo2().hblkhd
    x = np.ones(10_000_000)  # 80 MB
    print(libc.mallinfo2().hblkhd - before)
""")


TRIM_PROBE = textwrap.dedent("""
    import ctypes
    import numpy as np

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    from poolcalc._alloc import tune_allocator
    print(tune_allocator())
    x = np.empty(150_000_000)  # 1.2 GB, never written: no page is touched
    held = libc.mallinfo2().arena
    del x
    print(held, libc.mallinfo2().arena)
""")


def _probe(mode: str, **env: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                         check=True, env={**os.environ, **env}, timeout=120)
    return out.stdout.split("\n")


def test_default_allocator_maps_a_large_array() -> None:
    lines = _probe("none")
    assert lines[0] == "None"
    assert int(lines[-2]) >= 80_000_000  # one fresh mmap block of the array's size


def test_tuned_allocator_keeps_large_arrays_on_the_heap() -> None:
    lines = _probe("tune")
    assert lines[0] == "True"
    assert int(lines[-2]) == 0  # no mmap-ed block added


def test_tuned_allocator_never_trims_the_heap() -> None:
    out = subprocess.run([sys.executable, "-c", TRIM_PROBE], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out[0] == "True"
    held, after = int(out[1]), int(out[2])
    assert held >= 1_200_000_000  # the block came from the heap
    assert after == held  # freed at the heap's top, kept (1 GiB threshold: given back)


def test_environment_opt_out_leaves_the_allocator_alone() -> None:
    lines = _probe("tune", POOLCALC_MALLOC="default")
    assert lines[0] == "False"
    assert int(lines[-2]) >= 80_000_000


def test_the_command_line_process_tunes_the_allocator() -> None:
    lines = _probe("cli")
    assert "[True]" in lines
    assert int(lines[-2]) == 0


def test_main_called_from_python_does_not_tune(capsys: pytest.CaptureFixture[str]) -> None:
    import poolcalc
    import poolcalc._alloc as a
    from poolcalc.cli import main

    done = list(a._DONE)
    assert main(["validate", str(poolcalc.example_pool_path())]) == 0
    assert a._DONE == done  # unchanged by an in-process call with argv

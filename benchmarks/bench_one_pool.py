"""Every command on a 10^6-row pool through the one columnar reader, and the reference.

Run ``python benchmarks/bench_one_pool.py [--sales N] [--patents P] [--repeat K]
[--before CHECKOUT]``.

1. Draws a seeded synthetic pool (1,000 members, P national patents in 200 countries,
   N sales rows, 10^4 licensees) and writes it as a pool directory (kept in
   ``/tmp/poolcalc_bench_one_pool`` between runs).
2. Times, as whole processes, ``poolcalc royalties|allocate|compare DIR --format json``
   (median of K) and, as the reference in the same run, one process that reads the
   directory with ``read_pool`` and runs the royalty kernel (``royalties_owed``) and
   writes the same JSON: the command may cost at most 2x that.
3. With ``--before CHECKOUT`` (a git worktree of the code before the one-pool change,
   e.g. ``git worktree add /tmp/before a5d0e53``) it also times that checkout's
   ``poolcalc royalties`` (which built one attrs object per row) and its fast path
   ``read_tables`` + kernel, and checks that all JSON outputs are byte-identical.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from poolcalc.data import synthetic_pool
from poolcalc.io import write_pool

HERE = Path(__file__).resolve().parents[1]
KERNEL = """
import sys
from poolcalc.io import read_pool, write_royalties
from poolcalc.royalties import royalties_owed
sys.stdout.write(write_royalties(royalties_owed(read_pool(sys.argv[1])), "json"))
"""
OLD_KERNEL = """
import sys
from poolcalc.io import read_tables, write_royalties
from poolcalc.royalties import royalties_owed
sys.stdout.write(write_royalties(royalties_owed(read_tables(sys.argv[1])), "json"))
"""


def run(cmd: list[str], cwd: Path, repeat: int) -> tuple[float, list[float], bytes]:
    times, out = [], b""
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = subprocess.run(cmd, cwd=cwd, capture_output=True, check=True,
                             env={**os.environ, "PYTHONPATH": str(cwd)})
        times.append(time.perf_counter() - t0)
        out = res.stdout
    return statistics.median(times), times, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=1_000_000)
    ap.add_argument("--patents", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", type=Path, default=None)
    args = ap.parse_args()
    d = Path("/tmp/poolcalc_bench_one_pool") / f"p{args.patents}_s{args.sales}"
    if not (d / "sales.csv").exists():
        pool = synthetic_pool(1000, args.patents, 200, rng=1, n_sales=args.sales,
                              n_licensees=10_000)
        write_pool(pool, d, overwrite=True)
    py = sys.executable
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"numpy {np.__version__}; {args.sales:,} sales rows, {args.patents:,} patents; "
          f"median of {args.repeat}\n")
    rows = []
    ref, ref_runs, ref_out = run([py, "-c", KERNEL, str(d)], HERE, args.repeat)
    rows.append(("reference: read_pool + royalties_owed + JSON (one process)", ref, ref_runs))
    outputs = {}
    for cmd in ("royalties", "allocate", "compare"):
        t, runs, out = run([py, "-m", "poolcalc", cmd, str(d), "--format", "json"], HERE,
                           args.repeat)
        outputs[cmd] = out
        rows.append((f"`poolcalc {cmd} DIR --format json`", t, runs))
    assert outputs["royalties"] == ref_out, "the command and the reference disagree"
    if args.before is not None:
        t, runs, out = run([py, "-c", OLD_KERNEL, str(d)], args.before, 1)
        assert out == ref_out, "before/after JSON differ"
        rows.append(("before: read_tables + royalties_owed + JSON", t, runs))
        t, runs, out = run([py, "-m", "poolcalc", "royalties", str(d), "--format", "json"],
                           args.before, 1)
        assert out == ref_out, "before/after JSON differ"
        rows.append(("before: `poolcalc royalties` (read_pool, one object per row)", t, runs))
    print("| task | median wall [s] | runs [s] | vs reference |")
    print("|---|---|---|---|")
    for name, t, runs in rows:
        print(f"| {name} | {t:.2f} | {', '.join(f'{r:.2f}' for r in runs)} | {t / ref:.2f}x |")


if __name__ == "__main__":
    main()

"""Ingest, paired: read_pool of this tree against a base tree, alternating, fresh processes.

Run ``python benchmarks/bench_ingest_pair.py --base /tmp/base [--repeat K] [--builtin]``
(``/tmp/base``: e.g. ``git archive main | tar -x -C /tmp/base``).  Uses the pools
``bench_ingest.py`` writes (run it once first).

For each case (plain file with the ``arrow`` extra, every cell quoted with the built-in
reader, CRLF with the built-in reader; ``--builtin``: all three with the built-in
reader) and each repeat, a fresh Python process per tree reads the pool once (imports,
page cache) and then times a second ``read_pool`` with ``time.process_time``; base and
this tree alternate, so load drifts hit both.  Prints the
CPU medians (min-max) and the median (min-max) of the per-pair ratios this / base.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
ROOT = Path("/tmp/poolcalc_bench_one_pool")
CASES = (("plain", "", "1"), ("quoted", "_quoted", "0"), ("CRLF", "_crlf", "0"))
_CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from poolcalc.io import read_pool
read_pool(sys.argv[2])
c = time.process_time()
read_pool(sys.argv[2])
print(time.process_time() - c)
"""


def cpu(tree: Path, pool: Path, arrow: str) -> float:
    env = dict(os.environ, POOLCALC_ARROW=arrow)
    out = subprocess.run([sys.executable, "-c", _CHILD, str(tree), str(pool)], env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pool", default="p1000000_s1000000")
    ap.add_argument("--builtin", action="store_true",
                    help="every case with the built-in reader (POOLCALC_ARROW=0)")
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; median (min-max) of "
          f"{args.repeat} pairs\n")
    print("| file | reader | base CPU [s] | this CPU [s] | this / base (per pair) |")
    print("|---|---|---|---|---|")
    cases = [(c[0], c[1], "0") for c in CASES] if args.builtin else CASES
    for label, suffix, arrow in cases:
        pool = ROOT / (args.pool + suffix)
        base: list[float] = []
        this: list[float] = []
        for _ in range(args.repeat):
            base.append(cpu(args.base, pool, arrow))
            this.append(cpu(HERE, pool, arrow))
        ratios = [t / b for b, t in zip(base, this, strict=True)]
        reader = "arrow extra" if arrow == "1" else "built-in"
        print(f"| {label} | {reader} | {fmt(base)} | {fmt(this)} | {fmt(ratios)}x |",
              flush=True)
    print(f"\nload at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

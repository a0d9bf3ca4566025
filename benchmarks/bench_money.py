"""Exact money (issue 10): the royalty kernel at 10^6 rows, before vs after, same run.

Run::

    git -C /work/main worktree add /work/wt/money-before <start commit of the branch>
    python benchmarks/bench_money.py --before /work/wt/money-before --after . --rounds 7

Each round times :func:`poolcalc.royalties.compute_royalties` on the same synthetic
10^6-row year (``bench_royalties.build`` and ``bench_royalties.schedule``: tiers, price
basis, regions, discounts, category and enterprise caps, free units, waiver) in a fresh
interpreter for each tree, alternating before / after so both see the same load.
Each child warms up once, then reports the median of ``--repeat`` calls (wall and
CPU).  Both trees must give the same cents (checked: the sum and a hash of the row
cents).  Prints a markdown table of medians, ranges and the after/before ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import hashlib, json, statistics, sys, time
sys.path.insert(0, {bench!r})
import numpy as np
from bench_royalties import YEAR, build, schedule
from poolcalc.royalties import compute_royalties
import poolcalc
assert poolcalc.__file__.startswith({tree!r}), poolcalc.__file__
patents, sales, good, signed = build({rows}, 1_000_000, 10_000)
sched = schedule()
def kernel():
    return compute_royalties(sched, patents, sales, year=YEAR, good_standing=good,
                             signed_day=signed)
rows = kernel()
wall, cpu = [], []
for _ in range({repeat}):
    t0, c0 = time.perf_counter(), time.process_time()
    kernel()
    wall.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
cents = np.ascontiguousarray(rows.cents, dtype=np.int64)
print(json.dumps({{"wall": statistics.median(wall), "cpu": statistics.median(cpu),
                  "sum": int(cents.sum()), "hash": hashlib.sha256(cents.tobytes()).hexdigest()}}))
"""


def run_child(tree: Path, bench: Path, rows: int, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree), OMP_NUM_THREADS="1")
    code = CHILD.format(bench=str(bench), tree=str(tree), rows=rows, repeat=repeat)
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True, cwd=str(tree)).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, required=True, help="worktree of the start commit")
    ap.add_argument("--after", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bench = Path(__file__).resolve().parent
    before, after = args.before.resolve(), args.after.resolve()
    res: dict[str, list[dict]] = {"before": [], "after": []}
    for r in range(args.rounds):
        order = (("before", before), ("after", after)) if r % 2 == 0 else (
            ("after", after), ("before", before))
        for name, tree in order:
            res[name].append(run_child(tree, bench, args.rows, args.repeat))
    sums = {(x["sum"], x["hash"]) for v in res.values() for x in v}
    assert len(sums) == 1, f"before and after disagree on the cents: {sums}"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}; {args.rows:,} rows, {args.rounds} rounds "
          f"x median of {args.repeat}; same cents before and after (sum {sums.pop()[0]:,})")
    print()
    print("| tree | kernel wall median [s] | wall range | kernel CPU median [s] | CPU range |")
    print("|---|---:|---:|---:|---:|")
    med = {}
    for name in ("before", "after"):
        w = [x["wall"] for x in res[name]]
        c = [x["cpu"] for x in res[name]]
        med[name] = (statistics.median(w), statistics.median(c))
        print(f"| {name} | {med[name][0]:.3f} | {min(w):.3f}-{max(w):.3f} | "
              f"{med[name][1]:.3f} | {min(c):.3f}-{max(c):.3f} |")
    print()
    print(f"after / before: wall {med['after'][0] / med['before'][0]:.3f}x, "
          f"CPU {med['after'][1] / med['before'][1]:.3f}x")


if __name__ == "__main__":
    main()

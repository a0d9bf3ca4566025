"""``import poolcalc`` in fresh processes vs ``import numpy`` (the floor) and the target.

Run ``python benchmarks/bench_import.py [--repeat K]``.  Each sample is a new
interpreter (``python -X importtime`` is not used: it adds its own cost); it prints the
median and range of ``import poolcalc``, of ``import numpy``, of the first command's
imports (``import poolcalc.cli``) and the ratio to the 0.5 s target (issue 11).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
CODE = "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"


def sample(module: str) -> float:
    out = subprocess.run([sys.executable, "-c", CODE.format(m=module)], capture_output=True,
                         text=True, check=True, cwd=HERE,
                         env={**os.environ, "PYTHONPATH": str(HERE)})
    return float(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}; "
          f"median (min-max) of {args.repeat} fresh processes\n")
    print("| import | median [s] | range [s] | vs import numpy | vs 0.5 s target |")
    print("|---|---|---|---|---|")
    runs: dict[str, list[float]] = {m: [] for m in ("numpy", "poolcalc", "poolcalc.cli")}
    for _ in range(args.repeat):
        for m in runs:
            runs[m].append(sample(m))
    base = statistics.median(runs["numpy"])
    for m, xs in runs.items():
        med = statistics.median(xs)
        print(f"| `import {m}` | {med:.3f} | {min(xs):.3f}-{max(xs):.3f} | {med / base:.2f}x | "
              f"{med / 0.5:.2f}x |")


if __name__ == "__main__":
    main()

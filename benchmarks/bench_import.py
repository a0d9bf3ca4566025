"""``import poolcalc`` in fresh processes vs ``import numpy`` (the floor) and the target.

Run ``python benchmarks/bench_import.py [--repeat K] [--base DIR]``.  Each sample is a
new interpreter (``python -X importtime`` is not used: it adds its own cost); it prints
the median and range of ``import poolcalc``, of ``import numpy``, of ``import
poolcalc.cli`` (light: ``--version``), of ``import poolcalc.cli._main`` (what any other
command imports) and the ratio to the 0.5 s target (issue 11).  With ``--base DIR`` (a
``git archive main`` copy) it also times ``python -m poolcalc --version`` in the base
and in this checkout, paired (alternating, same run), wall and CPU (user + system of
the child, ``resource.getrusage``), against ``python -c pass`` (the interpreter floor).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "benchmarks"))

from _child import child_env, warm_bytecode  # noqa: E402

CODE = "import time; t = time.perf_counter(); import {m}; print(time.perf_counter() - t)"


def sample(module: str) -> float:
    out = subprocess.run([sys.executable, "-c", CODE.format(m=module)], capture_output=True,
                         text=True, check=True, cwd=HERE,
                         env=child_env(HERE))
    return float(out.stdout)


def timed(checkout: Path, argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh ``python ARGV`` with PYTHONPATH at ``checkout``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, *argv], capture_output=True, check=True, cwd=checkout,
                   env=child_env(checkout))
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def version_pairs(base: Path, repeat: int) -> None:
    """``python -m poolcalc --version``: base vs this checkout, paired, wall and CPU."""
    cases = {"`python -c pass` (floor)": (HERE, ["-c", "pass"]),
             "base `python -m poolcalc --version`": (base, ["-m", "poolcalc", "--version"]),
             "this `python -m poolcalc --version`": (HERE, ["-m", "poolcalc", "--version"])}
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
    for _ in range(repeat):
        for k, (checkout, argv) in cases.items():
            runs[k].append(timed(checkout, argv))
    ref = statistics.median(c for _, c in runs["base `python -m poolcalc --version`"])
    print("\n| command | wall median [s] | wall range [s] | CPU median [s] | CPU range [s] "
          "| CPU vs base |")
    print("|---|---|---|---|---|---|")
    for k, xs in runs.items():
        walls, cpus = [w for w, _ in xs], [c for _, c in xs]
        print(f"| {k} | {statistics.median(walls):.3f} | {min(walls):.3f}-{max(walls):.3f} | "
              f"{statistics.median(cpus):.3f} | {min(cpus):.3f}-{max(cpus):.3f} | "
              f"{statistics.median(cpus) / ref:.2f}x |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--base", type=Path, default=None,
                    help="a base checkout (git archive main) to time --version against")
    args = ap.parse_args()
    for checkout in (HERE, *([args.base] if args.base else [])):
        warm_bytecode(checkout)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}; "
          f"median (min-max) of {args.repeat} fresh processes\n")
    print("| import | median [s] | range [s] | vs import numpy | vs 0.5 s target |")
    print("|---|---|---|---|---|")
    runs: dict[str, list[float]] = {m: [] for m in ("numpy", "poolcalc", "poolcalc.cli",
                                                  "poolcalc.cli._main")}
    for _ in range(args.repeat):
        for m in runs:
            runs[m].append(sample(m))
    base = statistics.median(runs["numpy"])
    for m, xs in runs.items():
        med = statistics.median(xs)
        print(f"| `import {m}` | {med:.3f} | {min(xs):.3f}-{max(xs):.3f} | {med / base:.2f}x | "
              f"{med / 0.5:.2f}x |")
    if args.base is not None:
        version_pairs(args.base.resolve(), args.repeat)


if __name__ == "__main__":
    main()

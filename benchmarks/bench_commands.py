"""Every command end to end at 10^6 rows vs ingest + kernel in one process.

Run ``python benchmarks/bench_commands.py [--repeat K] [--licensees]``.

Pool: ``synthetic_pool(1000, 10**6, 200, rng=1, n_sales=10**6, n_licensees=10**4)``
written by ``write_pool`` (kept in ``/tmp/poolcalc_bench_one_pool``; the same pool as
bench_one_pool.py and bench_ingest.py).  For each command it times, alternating:

* the command as a whole process (``python -m poolcalc CMD DIR --format json``: start-up,
  imports, reading, the kernel, the JSON), wall and CPU (``RUSAGE_CHILDREN``);
* the reference **ingest + kernel**: in one process, ``read_pool`` and then the
  library call (``royalties_owed``, ``allocate``, ``compliance.check``, ``compare``),
  each timed, summed (no start-up, no output).

Targets (issue 11): royalties, allocate and check --pool within 1.5x of ingest +
kernel and under 5 s; compare (1,000 members x 10^6 patents x 200 countries) under 6 s.
``--licensees`` adds a pool of 10^6 licensees with one sales row each (royalties and
allocate end to end; target under 10 s).  ``--base DIR`` also times the command of
another checkout (e.g. ``git worktree add --detach /tmp/base main``) in the same
loop, alternating with this one, and prints this/base CPU ratios (before/after).
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

import numpy as np

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "benchmarks"))

from _child import child_env, warm_bytecode  # noqa: E402

from poolcalc.data import synthetic_pool  # noqa: E402
from poolcalc.io import write_pool  # noqa: E402

TERMS = HERE / "examples" / "terms_problematic.toml"
KERNEL = """
import sys, time
t0 = time.perf_counter(); c0 = time.process_time()
from poolcalc.io import read_pool, read_terms
pool = read_pool(sys.argv[2])
t1 = time.perf_counter(); c1 = time.process_time()
cmd = sys.argv[1]
if cmd == "royalties":
    from poolcalc.royalties import royalties_owed
    royalties_owed(pool)
elif cmd == "allocate":
    from poolcalc.allocation import allocate
    allocate(pool)
elif cmd == "check":
    from poolcalc.compliance import check
    check(read_terms(sys.argv[3]), pool)
else:
    from poolcalc.compare import compare
    compare(pool)
t2 = time.perf_counter(); c2 = time.process_time()
print(t1 - t0, t2 - t1, c1 - c0, c2 - c1)
"""


def pool_dir(n_licensees: int, one_row_each: bool) -> Path:
    if one_row_each:
        d = Path("/tmp/poolcalc_bench_one_pool/lic1e6")
        if not (d / "sales.csv").exists():
            write_pool(synthetic_pool(100, 10**5, 50, rng=3, n_sales=10**6,
                                      n_licensees=10**6), d, overwrite=True)
        return d
    d = Path("/tmp/poolcalc_bench_one_pool/p1000000_s1000000")
    if not (d / "sales.csv").exists():
        write_pool(synthetic_pool(1000, 10**6, 200, rng=1, n_sales=10**6,
                                  n_licensees=n_licensees), d, overwrite=True)
    return d


def child(cmd: list[str], checkout: Path = HERE) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=checkout, capture_output=True,
                   env=child_env(checkout))
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def reference(cmd: str, d: Path) -> tuple[float, float, float, float]:
    out = subprocess.run([sys.executable, "-c", KERNEL, cmd, str(d), str(TERMS)], cwd=HERE,
                         capture_output=True, text=True, check=True,
                         env=child_env(HERE))
    return tuple(float(x) for x in out.stdout.split())  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--licensees", action="store_true")
    ap.add_argument("--only", default="royalties,allocate,check,compare")
    ap.add_argument("--base", type=Path, default=None,
                    help="another checkout whose command is timed alongside (before/after)")
    ap.add_argument("--skip-main", action="store_true",
                    help="with --licensees: only the 10^6-licensee pool")
    args = ap.parse_args()
    for checkout in (HERE, *([args.base] if args.base else [])):
        warm_bytecode(checkout, "poolcalc.cli._main, poolcalc.compare, poolcalc.compliance")
    py = sys.executable
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}, numpy "
          f"{np.__version__}; median (min-max) of {args.repeat}\n")
    extra = " base command CPU [s] | this/base CPU |" if args.base else ""
    print("| pool | command | command wall [s] | command CPU [s] | ingest + kernel wall [s] "
          "(ingest, kernel) | ingest + kernel CPU [s] | wall ratio | CPU ratio |" + extra)
    print("|---|---|---|---|---|---|---|---|" + ("---|---|" if args.base else ""))
    pools = [] if args.skip_main else [
        ("10^6 rows, 10^6 patents, 10^3 members", pool_dir(10_000, False), args.only.split(","))]
    if args.licensees:
        pools.append(("10^6 licensees, one row each", pool_dir(10**6, True),
                      ["royalties", "allocate"]))
    for label, d, cmds in pools:
        for cmd in cmds:
            argv = [py, "-m", "poolcalc", cmd, str(d), "--format", "json"]
            if cmd == "check":
                argv = [py, "-m", "poolcalc", "check", str(TERMS), "--pool", str(d),
                        "--format", "json"]
            runs, refs, base = [], [], []
            for _ in range(args.repeat):
                runs.append(child(argv))
                refs.append(reference(cmd, d))
                if args.base:
                    base.append(child(argv, args.base))
            w = [r[0] for r in runs]
            c = [r[1] for r in runs]
            rw = [r[0] + r[1] for r in refs]
            rc = [r[2] + r[3] for r in refs]
            ing = statistics.median(r[0] for r in refs)
            ker = statistics.median(r[1] for r in refs)

            def f(xs: list[float]) -> str:
                return f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"

            tail = ""
            if base:
                bc = [r[1] for r in base]
                ratios = [x / y for x, y in zip(c, bc, strict=True)]  # paired, run by run
                tail = (f" {f(bc)} | {statistics.median(ratios):.2f}x "
                        f"({min(ratios):.2f}-{max(ratios):.2f}) |")
            print(f"| {label} | {cmd} | {f(w)} | {f(c)} | {f(rw)} ({ing:.2f}, {ker:.2f}) | "
                  f"{f(rc)} | {statistics.median(w) / statistics.median(rw):.2f}x | "
                  f"{statistics.median(c) / statistics.median(rc):.2f}x |" + tail, flush=True)
        print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

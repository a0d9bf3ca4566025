"""Royalty and allocation kernels from 10^6 to 10^7 sales rows: growth and memory per row.

Run ``python benchmarks/bench_scaling.py [--sizes 1e6,3e6,1e7] [--repeat K]``.

For each size N (sales rows; 10^6 patents, 10^4 licensees, 200 countries, 100 members)
it times the royalty kernel (:func:`poolcalc.royalties.compute_royalties`, the tables of
bench_royalties.py) and the allocation kernel (per_country_split + rounding, the tables
of bench_allocation.py), median CPU and wall, and the peak memory the kernel allocates
(``tracemalloc``, which sees numpy's buffers) divided by N.  The fitted exponent is the
slope of log(CPU time) against log(N) between the smallest and largest size, against
the reference of exactly linear growth (exponent 1), and beside it the exponent of a
*machine floor*: one ``np.argsort`` of a random int64 key of N rows plus eight gathers of
int64 columns by it and eight fresh-array streaming passes (what any row sort of the
kernel costs), which shows how far cache misses and page faults alone bend the line,
and a *linear floor*: the same count of passes with no random access (eight bincounts
over grouped codes, eight gathers by an index already in order, eight fresh-array
streaming passes), which is what the royalty kernel's work would cost if its rows were
already grouped: the line that sequential memory traffic alone draws.

Targets (issue 11): exponent <= 1.05 from 10^6 to 10^7, at most 250 bytes of peak
memory per sales row.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_allocation as ba  # noqa: E402
import bench_royalties as br  # noqa: E402

from poolcalc.royalties import compute_royalties  # noqa: E402


def measure(fn, repeat: int) -> tuple[float, float, int]:
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(walls), statistics.median(cpus), peak


def machine_floor(n: int):
    """One argsort of N random keys, eight gathers by it, eight fresh streaming passes."""
    rng = np.random.default_rng(0)
    key = rng.integers(0, 2**40, n)
    cols = [rng.integers(0, 1000, n) for _ in range(8)]

    def run() -> None:
        order = np.argsort(key)
        for c in cols:
            c[order]
        x = key
        for _ in range(8):
            x = x + 1

    return run


def linear_floor(n: int):
    """Eight bincounts over grouped codes, eight in-order gathers, eight streaming passes."""
    rng = np.random.default_rng(0)
    group = np.sort(rng.integers(0, 10**4, n))
    w = rng.random(n)
    idx = np.arange(n)
    cols = [rng.integers(0, 1000, n) for _ in range(8)]

    def run() -> None:
        for _ in range(8):
            np.bincount(group, w, minlength=10**4)
        for c in cols:
            c[idx]
        x = w
        for _ in range(8):
            x = x + 1

    return run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1e6,3e6,1e7")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--allocator", choices=("default", "tuned"), default="default",
                    help="'tuned': glibc settings of the command line "
                         "(poolcalc._alloc.tune_allocator) before anything is allocated")
    args = ap.parse_args()
    if args.allocator == "tuned":
        from poolcalc._alloc import tune_allocator

        if not tune_allocator():
            raise SystemExit("--allocator tuned: mallopt refused or not glibc")
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}, numpy "
          f"{np.__version__}; allocator {args.allocator}; median of {args.repeat}\n")
    print("| kernel | sales rows | wall [s] | CPU [s] | CPU per row [ns] | peak bytes per row |")
    print("|---|---|---|---|---|---|")
    fits: dict[str, list[tuple[int, float]]] = {"royalties": [], "allocation": [],
                                                 "machine floor": [], "linear floor": []}
    sched = br.schedule()
    for n in sizes:
        patents, sales, good, signed = br.build(n, 10**6, 10**4)

        def roy(patents=patents, sales=sales, good=good, signed=signed):
            return compute_royalties(sched, patents, sales, year=br.YEAR, good_standing=good,
                                     signed_day=signed)

        w, c, peak = measure(roy, args.repeat)
        fits["royalties"].append((n, c))
        print(f"| royalties | {n:,} | {w:.2f} | {c:.2f} | {c / n * 1e9:.0f} | {peak / n:.0f} |",
              flush=True)
        del patents, sales
        table, members, rows = ba.build(10**6, n, 200, 100)
        w, c, peak = measure(lambda table=table, members=members, rows=rows:
                             ba.kernel(table, members, rows), args.repeat)
        fits["allocation"].append((n, c))
        print(f"| allocation | {n:,} | {w:.2f} | {c:.2f} | {c / n * 1e9:.0f} | {peak / n:.0f} |",
              flush=True)
        del table, rows
        w, c, peak = measure(machine_floor(n), args.repeat)
        fits["machine floor"].append((n, c))
        print(f"| machine floor (argsort + 8 gathers + 8 passes) | {n:,} | {w:.2f} | {c:.2f} | "
              f"{c / n * 1e9:.0f} | {peak / n:.0f} |", flush=True)
        w, c, peak = measure(linear_floor(n), args.repeat)
        fits["linear floor"].append((n, c))
        print(f"| linear floor (8 grouped bincounts + 8 in-order gathers + 8 passes) | {n:,} | "
              f"{w:.2f} | {c:.2f} | {c / n * 1e9:.0f} | {peak / n:.0f} |", flush=True)
    print()
    for k, pts in fits.items():
        (n0, t0), (n1, t1) = pts[0], pts[-1]
        expo = math.log(t1 / t0) / math.log(n1 / n0) if n1 > n0 else float("nan")
        print(f"{k}: fitted exponent {expo:.2f} from {n0:,} to {n1:,} rows (linear reference "
              f"1.00; target <= 1.05); {t1 / t0:.2f}x the time for {n1 / n0:.0f}x the rows")


if __name__ == "__main__":
    main()

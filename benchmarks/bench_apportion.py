"""Largest-remainder ``apportion`` alone, as the exact-cents stage calls it.

Run ``PYTHONPATH=<checkout> python benchmarks/bench_apportion.py [--sizes 1e6,1e7]
[--repeat K]`` once at a base checkout and once at this one (the script takes
``poolcalc`` from ``PYTHONPATH``, so the same file measures both).  For each size N:
N children in runs of 10^4 sorted parents (one row per sales row, parents an
(enterprise, category) group as after the canonical sort), random weights in
[0, 100) and parent totals up to 10^7 cents; median CPU (``time.process_time``) and
wall of ``apportion(total, parent, weight)`` after a warm-up, the peak memory it
allocates per child (``tracemalloc``) and a SHA-256 of the shares (equal before and
after means the same split).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import time
import tracemalloc

import numpy as np

from poolcalc.royalties import apportion


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1e6,1e7")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"load {os.getloadavg()[0]:.1f}; median of {args.repeat}")
    print("| children | parents | wall [s] | CPU [s] | peak bytes per child | sha256[:16] |")
    print("|---|---|---|---|---|---|")
    for n in (int(float(s)) for s in args.sizes.split(",")):
        rng = np.random.default_rng(0)
        g = 10**4
        parent = np.sort(rng.integers(0, g, n))
        weight = rng.random(n) * 100
        total = rng.integers(0, 10**7, g)
        out = apportion(total, parent, weight)
        walls, cpus = [], []
        for _ in range(args.repeat):
            w, c = time.perf_counter(), time.process_time()
            apportion(total, parent, weight)
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        tracemalloc.start()
        apportion(total, parent, weight)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        h = hashlib.sha256(out.tobytes()).hexdigest()[:16]
        print(f"| {n:,} | {g:,} | {statistics.median(walls):.3f} | "
              f"{statistics.median(cpus):.3f} | {peak / n:.0f} | {h} |", flush=True)


if __name__ == "__main__":
    main()

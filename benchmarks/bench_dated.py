"""Mid-year rate changes: cost of the effective-dated path vs the plain path.

Run: ``python benchmarks/bench_dated.py [--quick]``.  Same synthetic pools and
schedule as ``bench_royalties.py``; the dated schedule adds three changes inside the
year (phone brackets and the player floor/ceiling from 1 July, the default rate from
1 October).  Kernel CPU medians side by side in the same run; prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform

import attrs
import numpy as np
from bench_royalties import YEAR, build, median_time, schedule

import poolcalc.model as m
from poolcalc.royalties import compute_royalties


def dated(s: m.Schedule) -> m.Schedule:
    changes = [
        m.RateChange(
            f"{YEAR}-07-01",
            m.ProductRate(tiers=[(0, 0.0), (1_000, 0.15), (50_000, 0.08)], category="mobile"),
            "phone",
        ),
        m.RateChange(
            f"{YEAR}-07-01",
            m.ProductRate(
                basis="price", tiers=[(0, 0.04)], min_per_unit=3.5, max_per_unit=6, category="tv"
            ),
            "player",
        ),
        m.RateChange(f"{YEAR}-10-01", m.ProductRate(tiers=[(0, 0.40)])),
    ]
    return attrs.evolve(s, rate_changes=changes)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 10^6 size")
    args = ap.parse_args()
    sizes = [10_000, 100_000] + ([] if args.quick else [1_000_000])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython "
        f"{platform.python_version()}, numpy {np.__version__}; load average "
        f"{os.getloadavg()[0]:.1f}\n"
    )
    print("| sales rows | plain CPU [s] | dated CPU [s] | dated / plain |")
    print("|---:|---:|---:|---:|")
    base = schedule()
    with_changes = dated(base)
    for n in sizes:
        patents, sales, good, signed = build(n, n, max(n // 10, 10))

        def run(s, patents=patents, sales=sales, good=good, signed=signed):
            return compute_royalties(
                s, patents, sales, year=YEAR, good_standing=good, signed_day=signed
            )

        repeat = 7 if n <= 100_000 else 3
        _, c0 = median_time(lambda: run(base), repeat)
        _, c1 = median_time(lambda: run(with_changes), repeat)
        t0, t1 = int(run(base).cents.sum()), int(run(with_changes).cents.sum())
        print(f"| {n:,} | {c0:.3f} | {c1:.3f} | {c1 / c0:.2f}x |")
        print(f"<!-- total owed {t0} cents plain, {t1} cents dated -->")


if __name__ == "__main__":
    main()

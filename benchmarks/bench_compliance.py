"""Compliance check timings: vectorised class rates vs a plain loop, and whole checks.

Run: ``python benchmarks/bench_compliance.py``.  Prints a markdown table of median
times (5 repeats) and the loop/vectorised ratio, measured side by side in one run.
"""

from __future__ import annotations

import datetime as dt
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's poolcalc
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test oracle

from compliance_helpers import slow_class_rates as loop_class_rates  # noqa: E402

from poolcalc.compliance import check  # noqa: E402
from poolcalc.compliance._rules_rates import class_rates  # noqa: E402
from poolcalc.data import example_pool_path, example_terms  # noqa: E402
from poolcalc.io import read_pool  # noqa: E402
from poolcalc.model import (  # noqa: E402
    Discounts,
    Licensee,
    Member,
    Patent,
    Pool,
    ProductRate,
    Region,
    SalesRecord,
    Schedule,
    Tier,
)


def synthetic_pool(n_rows: int, n_licensees: int = 1000, seed: int = 0) -> Pool:
    rng = np.random.default_rng(seed)
    members = [Member(f"M{i}") for i in range(10)]
    patents = [Patent(f"P{i}", f"M{i % 10}", c, dt.date(2035, 1, 1))
               for i, c in enumerate(["US", "DE", "CN", "JP", "IN"] * 20)]
    lics = [Licensee(f"L{i}", member=f"M{i % 10}" if i % 50 == 0 else None,
                     enterprise=f"E{i // 3}", good_standing=bool(i % 7),
                     signed=dt.date(2020 + i % 5, 1, 1)) for i in range(n_licensees)]
    countries = np.array(["US", "DE", "CN", "JP", "IN", "BR"])
    products = np.array(["tv", "phone", "pc"])
    li = rng.integers(0, n_licensees, n_rows)
    pi = rng.integers(0, 3, n_rows)
    ci = rng.integers(0, 6, n_rows)
    units = rng.integers(1, 20000, n_rows)
    day = rng.integers(0, 365, n_rows)
    sales = [SalesRecord(f"L{li[k]}", dt.date(2024, 1, 1) + dt.timedelta(days=int(day[k])),
                         str(products[pi[k]]), str(countries[ci[k]]), "CN", int(units[k]))
             for k in range(n_rows)]
    sched = Schedule(default=ProductRate(tiers=[Tier(0, 0.0), Tier(100000, 0.2),
                                                Tier(5000000, 0.1)]),
                     regions=[Region("R2", ["IN", "BR"], 0.5)],
                     discounts=Discounts(good_standing=0.1, early_signing=0.15,
                                         early_signing_by=dt.date(2022, 12, 31)))
    return Pool("bench", members, patents, lics, sales, sched)


def median_time(f, repeats: int = 5) -> float:
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main() -> None:
    terms = example_terms("problematic")
    print(f"machine: {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}, numpy {np.__version__}\n")
    print("| case | rows | plain loop [s] | poolcalc [s] | ratio |")
    print("|---|---:|---:|---:|---:|")
    for n in (10_000, 100_000):
        pool = synthetic_pool(n)
        # the reference is the Hypothesis oracle of tests/test_compliance_discrimination.py;
        # both sides must agree before either is timed
        got, want = class_rates(pool, terms, 2024), loop_class_rates(pool, terms, 2024)
        assert got == want, "class_rates disagrees with the plain-loop reference"
        fast = median_time(lambda pool=pool: class_rates(pool, terms, 2024))
        slow = median_time(lambda pool=pool: loop_class_rates(pool, terms, 2024), repeats=3)
        print(f"| class rates (discrimination) | {n:,} | {slow:.3f} | {fast:.3f} | "
              f"{slow / fast:.1f}x |")
    pool = read_pool(example_pool_path())
    for kind in ("clean", "problematic"):
        t = example_terms(kind)
        full = median_time(lambda t=t: check(t, pool))
        terms_only = median_time(lambda t=t: check(t))
        print(f"| check({kind}) terms only / with example pool | {len(pool.sales):,} | "
              f"{terms_only:.4f} | {full:.3f} | - |")


if __name__ == "__main__":
    main()

"""Benchmark poolcalc.alliance: subsidy split (numpy vs plain-Python Hamilton) and diagnose().

Run: ``PYTHONPATH=. python benchmarks/bench_alliance.py`` from the worktree root.
Prints a markdown table of medians (and the ratio reference / poolcalc).
"""

import platform
import statistics
import time
from fractions import Fraction

import numpy as np

from poolcalc.alliance import IGRS, TD_SCDMA, diagnose, government_subsidy

TOTAL = 987_654_321_09  # cents


def reference_hamilton(total, counts, ids):
    """Plain-Python largest remainder with exact fractions (the oracle used in tests)."""
    csum = sum(counts)
    quotas = [Fraction(total * c, csum) for c in counts]
    base = [int(q) for q in quotas]
    left = total - sum(base)
    order = sorted(range(len(counts)), key=lambda i: (-(quotas[i] - base[i]), ids[i]))
    for i in order[:left]:
        base[i] += 1
    return base


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    rng = np.random.default_rng(0)
    rows = []
    for n in (100, 1_000, 10_000, 100_000):
        counts = rng.integers(0, 200, size=n)
        counts[0] = max(counts[0], 1)
        ids = [f"M{i:06d}" for i in range(n)]
        mapping = dict(zip(ids, counts.tolist(), strict=True))
        repeat = 7 if n <= 10_000 else 3
        clist = counts.tolist()
        ours = median_time(lambda m=mapping: government_subsidy(TOTAL, m), repeat)
        ref = median_time(lambda c=clist, i=ids: reference_hamilton(TOTAL, c, i), repeat)
        same = government_subsidy(TOTAL, mapping).amounts.tolist() == reference_hamilton(
            TOTAL, clist, ids)
        rows.append((f"government_subsidy, {n:,} holders", ref, ours, same))
    d_ours = median_time(lambda: (diagnose(TD_SCDMA), diagnose(IGRS, as_of=2005)), 50) / 2
    rows.append(("diagnose (one profile)", float("nan"), d_ours, True))

    print(f"machine: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, numpy {np.__version__}")
    print()
    print("| case | reference (plain Python, Fraction) | poolcalc | ratio | same cents |")
    print("|---|---:|---:|---:|:---:|")
    for name, ref, ours, same in rows:
        ref_s = "-" if ref != ref else f"{ref * 1e3:.2f} ms"
        ratio = "-" if ref != ref else f"{ref / ours:.1f}x"
        print(f"| {name} | {ref_s} | {ours * 1e3:.3f} ms | {ratio} | {'yes' if same else 'NO'} |")


if __name__ == "__main__":
    main()

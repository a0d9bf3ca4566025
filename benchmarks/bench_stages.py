"""Cost of the stage terms in the royalty engine: with vs without, same run.

Run: ``python benchmarks/bench_stages.py [--quick]``.  Reuses the synthetic pools of
``bench_royalties.py`` and times :func:`poolcalc.royalties.compute_royalties`
(median of repeats) on the plain schedule (reference) and on the same schedule with
the stage terms switched on: ``member_rate = 0.35`` for every tenth licensee (pool
members), chain-level discounts for five chain levels spread over the licensees,
and Region 2 counted on separate tier counters.  Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys

import attrs
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_royalties import YEAR, build, median_time, schedule  # noqa: E402

from poolcalc.model import ChainLevel  # noqa: E402
from poolcalc.royalties import compute_royalties  # noqa: E402


def staged(sched):
    """The same schedule with member rate, chain discounts and separate regional tiers."""
    disc = attrs.evolve(
        sched.discounts,
        chain_level={"technology": 0.5, "equipment": 0.4, "terminal": 0.3, "operator": 0.2},
    )
    regions = [attrs.evolve(r, separate_tiers=True) for r in sched.regions]
    return attrs.evolve(sched, member_rate=0.35, discounts=disc, regions=regions)


def main() -> None:
    """Print the table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 10^6 size")
    args = ap.parse_args()
    sizes = [(10_000, 10_000, 1_000), (100_000, 100_000, 10_000)]
    if not args.quick:
        sizes.append((1_000_000, 1_000_000, 10_000))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"CPython {platform.python_version()}, numpy {np.__version__}; "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print("| sales rows | licensees | plain schedule [s] | with stage terms [s] | ratio |")
    print("|---:|---:|---:|---:|---:|")
    base = schedule()
    stage = staged(base)
    levels = np.array([lv.value for lv in ChainLevel] + [""], dtype=object)
    for n_rows, n_pat, n_lic in sizes:
        patents, sales, good, signed = build(n_rows, n_pat, n_lic)
        member = np.arange(n_lic) % 10 == 0
        chain = levels[np.arange(n_lic) % levels.size]
        repeat = 5 if n_rows <= 100_000 else 3

        def plain(patents=patents, sales=sales, good=good, signed=signed):
            return compute_royalties(
                base, patents, sales, year=YEAR, good_standing=good, signed_day=signed
            )

        def with_terms(patents=patents, sales=sales, good=good, signed=signed,
                       member=member, chain=chain):
            return compute_royalties(
                stage, patents, sales, year=YEAR, good_standing=good, signed_day=signed,
                member=member, chain_level=chain,
            )

        t_plain, _ = median_time(plain, repeat)
        t_stage, _ = median_time(with_terms, repeat)
        a, b = plain(), with_terms()
        print(
            f"| {n_rows:,} | {n_lic:,} | {t_plain:.3f} | {t_stage:.3f} | "
            f"{t_stage / t_plain:.2f}x |"
        )
        print(
            f"<!-- owed: plain {int(a.cents.sum())} cents, with stage terms "
            f"{int(b.cents.sum())} cents; member relief {int(b.licensee_member_cents.sum())} -->"
        )


if __name__ == "__main__":
    main()

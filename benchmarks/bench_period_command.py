"""``poolcalc period`` end to end vs ``poolcalc royalties`` on the same pool folder.

Run ``python benchmarks/bench_period_command.py [--repeat K] [--quick] [--base DIR]``.

Pool folder (kept in ``/tmp/poolcalc_bench_periods``): the pool of
``bench_periods.py`` (``synthetic_pool(50, 5000, 40, n_licensees=10**4,
n_sales=10**6, rng=7)``; ``--quick``: 10^5 rows, 10^3 licensees) written by
``write_pool``, plus a ``payments.csv`` with one payment of each licensee's 2024Q2
invoice dated 2024-08-10 (so the Q3 distribution splits every paid invoice among
the members).  Times, alternating, as whole processes (start-up, imports, reading,
computing, the JSON written to a pipe), CPU of the child (``RUSAGE_CHILDREN``) and wall:

* ``python -m poolcalc royalties DIR --year 2024 --format json`` -- the annual run
  (the reference);
* ``python -m poolcalc period DIR --period 2024Q3 --format json`` and ``2024Q4``.

The table shows the system part of the CPU time and the ratio of user time alone
beside the CPU ratio: system time (first touches of fresh memory) varies 3-5x between
identical runs on this virtual machine.

Issue 14's target: a quarter end to end within 2x of the annual royalty run on the
same rows.  ``bench_periods.py`` compares the library calls alone (no reading, no
output), which is the stricter figure.  ``--base DIR`` times another checkout's
commands in the same loop (``git archive main | tar -x -C DIR``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "benchmarks"))

from _child import child_env, warm_bytecode  # noqa: E402

from poolcalc._money import format_money  # noqa: E402
from poolcalc.data import synthetic_pool  # noqa: E402
from poolcalc.io import write_pool  # noqa: E402
from poolcalc.periods import PeriodInputs, ReportingTerms, period  # noqa: E402


def pool_dir(quick: bool) -> Path:
    """Write the pool folder once (sales, patents, licensees, payments.csv)."""
    n_sales, n_lic = (100_000, 1_000) if quick else (1_000_000, 10_000)
    d = Path(f"/tmp/poolcalc_bench_periods/s{n_sales}_l{n_lic}")
    if (d / "payments.csv").exists():
        return d
    pool = synthetic_pool(50, 5_000, 40, n_licensees=n_lic, n_sales=n_sales, rng=7)
    write_pool(pool, d, overwrite=True)
    q2 = period(pool, "2024Q2", PeriodInputs(reporting=ReportingTerms()))
    lines = ["licensee,date,amount,currency,invoice,withheld_tax,tax_country,certificate"]
    day = dt.date(2024, 8, 10).isoformat()
    for inv in q2.invoices:
        if inv.owed_cents > 0:
            amount = format_money(inv.owed_cents, pool.minor_units)
            lines.append(f"{inv.licensee},{day},{amount},{pool.currency},{inv.number},,,")
    (d / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def child(cmd: list[str], checkout: Path) -> tuple[float, float, float]:
    """Wall, CPU and system-CPU seconds of one command run as a child process.

    System time here is mostly first touches of fresh memory (page faults), which on
    this virtual machine cost 0.1-1.0 s for the same run: it is the noisy part.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=checkout, env=child_env(checkout), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    system = after.ru_stime - before.ru_stime
    return wall, (after.ru_utime - before.ru_utime) + system, system


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--base", type=Path, default=None)
    args = ap.parse_args()
    d = pool_dir(args.quick)
    runs = {
        "royalties 2024 (annual)": ["royalties", str(d), "--year", "2024"],
        "period 2024Q3": ["period", str(d), "--period", "2024Q3"],
        "period 2024Q4": ["period", str(d), "--period", "2024Q4"],
    }
    checkouts = [("this", HERE)] + ([("base", args.base.resolve())] if args.base else [])
    for _, co in checkouts:
        warm_bytecode(co)
    times: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for _ in range(args.repeat):
        for name, argv in runs.items():
            for tag, co in checkouts:
                cmd = [sys.executable, "-m", "poolcalc", *argv, "--format", "json", "-q"]
                times.setdefault((tag, name), []).append(child(cmd, co))
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}; pool {d}; load average "
          f"{os.getloadavg()[0]:.1f}; medians of {args.repeat} (min-max)")
    print("| checkout | command | CPU s | of it system s | wall s | CPU ratio to annual "
          "| user-CPU ratio |")
    print("|---|---|---|---|---|---|---|")
    for tag, _ in checkouts:
        ref = statistics.median(c for _, c, _ in times[(tag, "royalties 2024 (annual)")])
        ref_user = statistics.median(c - s for _, c, s in times[(tag, "royalties 2024 (annual)")])
        for name in runs:
            cpu = [c for _, c, _ in times[(tag, name)]]
            system = [s for _, _, s in times[(tag, name)]]
            wall = [w for w, _, _ in times[(tag, name)]]
            user = statistics.median(c - s for _, c, s in times[(tag, name)])
            print(f"| {tag} | {name} | {statistics.median(cpu):.2f} ({min(cpu):.2f}-"
                  f"{max(cpu):.2f}) | {statistics.median(system):.2f} ({min(system):.2f}-"
                  f"{max(system):.2f}) | {statistics.median(wall):.2f} ({min(wall):.2f}-"
                  f"{max(wall):.2f}) | {statistics.median(cpu) / ref:.2f}x | "
                  f"{user / ref_user:.2f}x |")


if __name__ == "__main__":
    main()

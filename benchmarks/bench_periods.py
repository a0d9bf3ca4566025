"""Administration over periods: one quarter end to end vs the annual royalty run.

Run: ``python benchmarks/bench_periods.py [--quick]``.  Draws a synthetic pool
(:func:`poolcalc.synthetic_pool`: 10^6 sales rows of 2024, 10^4 licensees; ``--quick``
10^5 and 10^3), adds one payment per licensee of its 2024Q2 invoice dated in Q3 (so
the Q3 distribution splits every licensee's invoice among the members), and times in
the same run, median CPU time (``time.process_time``) of repeats:

- ``royalties_owed(pool, 2024)`` -- the annual royalty run on the same rows (the
  reference);
- ``period(pool, "2024Q3", inputs)`` -- the quarter end to end: year-to-date runs
  through Q1, Q2 and Q3, payments applied, member weights of the paid invoices,
  distribution, reconciliation;
- ``period(pool, "2024Q4", inputs)`` -- the last quarter (four year-to-date runs);
- ``period(pool, "2024Q3", inputs)`` cold: the in-process cache of the rows' content
  order (:mod:`poolcalc.periods._ytd_order`, kept while the sales table lives) cleared
  before each repeat, as in a fresh ``poolcalc period`` process.  The rows above
  reuse it from the warm-up call.

Target (issue 14): a quarter within 2x of the annual run.  Prints a markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import time

import poolcalc
import poolcalc.periods._ytd_order as ytd_order
from poolcalc.periods import PaymentRecord, PeriodInputs, ReportingTerms, period


def _median(fn, repeats: int) -> tuple[float, float, float]:
    """Median, min and max CPU time (``time.process_time``: the machine is shared)."""
    times = []
    for _ in range(repeats):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    n_sales, n_lic = (100_000, 1_000) if args.quick else (1_000_000, 10_000)
    pool = poolcalc.synthetic_pool(50, 5_000, 40, n_licensees=n_lic, n_sales=n_sales, rng=7)
    bare = PeriodInputs(reporting=ReportingTerms())
    q2 = period(pool, "2024Q2", bare)
    pays = [PaymentRecord(i.licensee, dt.date(2024, 8, 10), i.owed_cents, invoice=i.number,
                          line=n + 2) for n, i in enumerate(q2.invoices) if i.owed_cents > 0]
    inputs = PeriodInputs(reporting=ReportingTerms(), payments=pays)
    res = period(pool, "2024Q3", inputs)
    assert res.reconciliation.balanced
    annual = _median(lambda: poolcalc.royalties_owed(pool, 2024), args.repeats)
    q3 = _median(lambda: period(pool, "2024Q3", inputs), args.repeats)
    q4 = _median(lambda: period(pool, "2024Q4", inputs), args.repeats)

    def cold() -> None:
        ytd_order._CACHE.clear()
        period(pool, "2024Q3", inputs)

    q3_cold = _median(cold, args.repeats)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}; {len(pool.sales):,} sales rows, "
          f"{len(pool.licensees):,} licensees, {len(pool.members)} members, "
          f"{len(pays):,} payments in Q3, {len(res.distribution.by_invoice):,} "
          f"(invoice, member) shares; load average {os.getloadavg()[0]:.1f}; CPU seconds")
    print("| run | median s | min s | max s | ratio to annual |")
    print("|---|---|---|---|---|")
    for name, (med, lo, hi) in (("annual royalties_owed(2024)", annual),
                                ("period 2024Q3 end to end", q3),
                                ("period 2024Q4 end to end", q4),
                                ("period 2024Q3, order cache cleared (cold)", q3_cold)):
        print(f"| {name} | {med:.3f} | {lo:.3f} | {hi:.3f} | {med / annual[0]:.2f}x |")


if __name__ == "__main__":
    main()

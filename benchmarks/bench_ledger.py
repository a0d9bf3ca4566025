"""Closing a quarter into the ledger vs computing it without storing (same run).

A synthetic pool (10^6 sales rows in the year, 10^4 licensees, 100 members) is drawn
once, with one payment per licensee dated 2024-08-15 settling its 2024Q2 invoice in full
(10 % of them net of 10 % tax withheld in CN), so the quarter has invoices, payments,
withholding, a cash distribution to every member and tax credits.  For each repeat, in
the same process:

- compute: ``poolcalc.ledger.period_entries(pool, "2024Q3")`` (the periods computation
  and its translation into journal entries, nothing stored);
- close: ``poolcalc.ledger.close(db, pool, "2024Q3")`` into a new SQLite file: the same
  computation, then one transaction writing the period, its entries and the triggers'
  checks, and the commit (fsync included).

Prints medians and ranges of wall and CPU time, the ratio close/compute and the size of
the ledger on disk (``pool.db`` plus its WAL after a checkpoint).

    python benchmarks/bench_ledger.py [--sales 1000000] [--licensees 10000] [--repeat 3]
                                      [--no-payments]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import poolcalc
from poolcalc import ledger
from poolcalc.periods import PaymentRecord, PeriodInputs


def _timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def _fmt(xs):
    return f"{statistics.median(xs):.2f} s ({min(xs):.2f}-{max(xs):.2f})"


def _payments(pool) -> PeriodInputs | None:
    q2 = poolcalc.period(pool, "2024Q2")
    pays = []
    for k, inv in enumerate(i for i in q2.invoices if i.owed_cents > 0):
        tax = inv.owed_cents // 10 if k % 10 == 0 else 0
        pays.append(PaymentRecord(inv.licensee, dt.date(2024, 8, 15), inv.owed_cents - tax,
                                  pool.currency, inv.number, tax or None,
                                  "CN" if tax else None, f"CN-{k}" if tax else None,
                                  line=k + 2))
    return PeriodInputs(payments=tuple(pays))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sales", type=int, default=1_000_000)
    ap.add_argument("--licensees", type=int, default=10_000)
    ap.add_argument("--members", type=int, default=100)
    ap.add_argument("--patents", type=int, default=20_000)
    ap.add_argument("--period", default="2024Q3")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-payments", action="store_true",
                    help="no payments: the quarter has its invoices only (no cash to split)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    pool = poolcalc.synthetic_pool(args.members, args.patents, 50, n_licensees=args.licensees,
                                   n_sales=args.sales, rng=1)
    print(f"pool: {len(pool.sales):,} sales rows, {len(pool.licensees):,} licensees, "
          f"{len(pool.members)} members (drawn in {time.perf_counter() - t0:.1f} s)")
    inputs = None if args.no_payments else _payments(pool)
    cw, cc, sw, sc, sizes, n = [], [], [], [], [], 0
    for _ in range(args.repeat):
        pe, w, c = _timed(lambda: ledger.period_entries(pool, args.period, inputs=inputs))
        cw.append(w)
        cc.append(c)
        n = len(pe.entries)
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'pool.db'}"
            with ledger.open_ledger(url) as db:  # schema created outside the timing
                res, w, c = _timed(lambda db=db: ledger.close(db, pool, args.period,
                                                               period_inputs=inputs))
                assert res.written and res.n_entries == n
                assert ledger.reconcile(db).ok
                with db.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            sw.append(w)
            sc.append(c)
            sizes.append(sum(f.stat().st_size for f in Path(tmp).iterdir()))
    print(f"entries per quarter: {n:,}")
    print(f"compute (no storing): wall {_fmt(cw)}, CPU {_fmt(cc)}")
    print(f"close into SQLite:    wall {_fmt(sw)}, CPU {_fmt(sc)}")
    print(f"ratio close/compute:  wall {statistics.median(sw) / statistics.median(cw):.2f}x, "
          f"CPU {statistics.median(sc) / statistics.median(cc):.2f}x")
    print(f"ledger on disk: {statistics.median(sizes) / 1e6:.2f} MB "
          f"({statistics.median(sizes) / max(n, 1):.0f} bytes an entry)")


if __name__ == "__main__":
    main()

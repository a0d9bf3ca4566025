"""Byte-compare ``period`` reports (JSON and CSV) of this checkout and another one.

Run ``python benchmarks/check_periods_identical.py --base /tmp/base`` where ``/tmp/base``
holds another checkout's files (e.g. ``git archive main | tar -x -C /tmp/base``).  Each
checkout is run in a fresh process (``PYTHONPATH`` at it) that prints, for every
quarter of 2024:

* the bundled example pool: ``period(...).to_json()`` (``render_json(to_dict())`` in a
  checkout without it) and ``to_csv()`` (what ``poolcalc period DIR 2024Qk --format
  json|csv`` prints);
* a synthetic pool (``synthetic_pool(20, 800, 30, n_licensees=300, n_sales=30_000,
  rng=3)``) with a payment of each of its first 600 positive 2024Q2 invoices dated in
  Q3: full, partial (half) and late (paid in Q4), every third with 10 % CN tax
  withheld under a certificate, so the paid invoices' member splits are exercised.

Exit status 1 when any output differs (the first differing report is named).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def _emit() -> None:
    from poolcalc._format import render_json
    from poolcalc.data import example_pool_path, synthetic_pool
    from poolcalc.io import read_period_inputs, read_pool
    from poolcalc.periods import PaymentRecord, PeriodInputs, ReportingTerms, period

    out = {}
    # check_periods_added_countries.py: this checkout with the breakdown by country
    kw = {"by_country": True} if os.environ.get("POOLCALC_CHECK_BY_COUNTRY") else {}
    ex = read_pool(example_pool_path())
    ex_in = read_period_inputs(example_pool_path(), ex)
    pool = synthetic_pool(20, 800, 30, n_licensees=300, n_sales=30_000, rng=3)
    bare = PeriodInputs(reporting=ReportingTerms())
    q2 = period(pool, "2024Q2", bare)
    pays = []
    for n, inv in enumerate([i for i in q2.invoices if i.owed_cents > 0][:600]):
        amount = inv.owed_cents if n % 2 == 0 else inv.owed_cents // 2
        day = dt.date(2024, 11, 5) if n % 5 == 0 else dt.date(2024, 8, 10)
        tax = {}
        if n % 3 == 0:
            tax = dict(withheld_tax_cents=amount // 10, tax_country="CN",
                       certificate=f"CN-{n}")
            amount -= amount // 10
        pays.append(PaymentRecord(inv.licensee, day, amount, invoice=inv.number,
                                  line=n + 2, **tax))
    syn_in = PeriodInputs(reporting=ReportingTerms(), payments=pays)
    for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
        for name, p, inputs in (("example", ex, ex_in), ("synthetic", pool, syn_in)):
            r = period(p, q, inputs, **kw)
            # what ``poolcalc period --format json`` prints (to_json where it exists)
            out[f"{name} {q} json"] = (r.to_json() if hasattr(r, "to_json")
                                       else render_json(r.to_dict()))
            out[f"{name} {q} csv"] = r.to_csv()
    json.dump(out, sys.stdout)


def _run(root: Path, by_country: bool = False) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("POOLCALC_CHECK_BY_COUNTRY", None)
    if by_country:
        env["POOLCALC_CHECK_BY_COUNTRY"] = "1"
    res = subprocess.run([sys.executable, str(HERE / "benchmarks" / Path(__file__).name),
                          "--emit"], env=env, capture_output=True, text=True, check=False,
                         cwd=str(root))
    if res.returncode != 0:
        raise SystemExit(f"{root}: {res.stderr.strip().splitlines()[-1]}")
    return json.loads(res.stdout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, default=Path("/tmp/base"))
    ap.add_argument("--emit", action="store_true")
    args = ap.parse_args()
    if args.emit:
        _emit()
        return 0
    mine, base = _run(HERE), _run(args.base)
    bad = 0
    for key in sorted(set(mine) | set(base)):
        a, b = mine.get(key), base.get(key)
        digest = hashlib.sha256((a or "").encode()).hexdigest()[:12]
        same = a == b
        bad += not same
        print(f"{'same' if same else 'DIFFERENT'}  {key}  ({len(a or '')} chars, {digest})")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Byte-compare ``poolcalc period`` of two checkouts (period results must not change).

Run ``python benchmarks/check_periods_identical.py --base /tmp/base`` (the base: another
checkout, e.g. ``git archive main | tar -x -C /tmp/base``).

For each pool and each quarter of 2024 it runs ``poolcalc period DIR --period 2024Qk
--format json`` and ``--format csv`` once with ``PYTHONPATH`` at the base and once at
this checkout (fresh processes) and compares stdout, the last stderr line and the exit
code byte for byte.  Pools: the bundled example pool, and a synthetic pool
(``synthetic_pool(20, 800, 30, n_licensees=300, n_sales=30_000, rng=3)`` with 8 %
interest, 2 % reserve, 10 % CN withholding) written to
``/tmp/poolcalc_identical/periods_s30000`` with ~600 payments of its 2024Q1-Q3
invoices: full, partial (half), late (after the due day) and, for 30 % of them, 10 %
withheld CN tax with a certificate.  Exit status 1 when any output differs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))


from poolcalc.data import example_pool_path, synthetic_pool  # noqa: E402
from poolcalc.io import write_pool  # noqa: E402
from poolcalc.model import ReportingTerms  # noqa: E402
from poolcalc.periods import PeriodInputs, period  # noqa: E402

SYNTH = Path("/tmp/poolcalc_identical/periods_s30000")

def _synthetic(d: Path) -> None:
    """Write the synthetic pool and its payments.csv to ``d`` (once)."""
    if (d / "payments.csv").exists():
        return
    pool = synthetic_pool(20, 800, 30, n_licensees=300, n_sales=30_000, rng=3)
    terms = ReportingTerms(interest_rate=0.08, reserve=0.02, withholding={"CN": 0.1})
    pool = pool.evolve(reporting=terms)
    write_pool(pool, d)
    bare = PeriodInputs(reporting=terms)
    lines = ["licensee,date,amount,currency,invoice,withheld_tax,tax_country,certificate"]
    n = 0
    for q, paid_on, late_on in (("2024Q1", dt.date(2024, 5, 10), dt.date(2024, 7, 20)),
                                ("2024Q2", dt.date(2024, 8, 10), dt.date(2024, 10, 20)),
                                ("2024Q3", dt.date(2024, 11, 10), dt.date(2024, 12, 20))):
        for inv in period(pool, q, bare).invoices:
            if inv.owed_cents <= 0 or n >= 600:
                continue
            kind = n % 3  # 0 full, 1 half, 2 late
            cents = inv.owed_cents if kind != 1 else inv.owed_cents // 2
            day = late_on if kind == 2 else paid_on
            if n % 10 < 3:
                tax = cents // 10
                lines.append(f"{inv.licensee},{day},{(cents - tax) / 100:.2f},USD,{inv.number},"
                             f"{tax / 100:.2f},CN,CN-WHT-{inv.number}")
            else:
                lines.append(f"{inv.licensee},{day},{cents / 100:.2f},USD,{inv.number},,,")
            n += 1
    (d / "payments.csv").write_text("\n".join(lines) + "\n")

def run(checkout: Path, argv: list[str]) -> tuple[int, bytes, bytes]:
    """Exit code, stdout and the last stderr line of ``python -m poolcalc ARGV``."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    p = subprocess.run([sys.executable, "-m", "poolcalc", "-q", *argv], cwd=checkout,
                       capture_output=True, env=env)
    err = p.stderr.strip().splitlines()
    return p.returncode, p.stdout, err[-1] if err else b""

def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, default=Path("/tmp/base"))
    args = ap.parse_args()
    _synthetic(SYNTH)
    bad = 0
    for d in (Path(example_pool_path()), SYNTH):
        for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
            for fmt in ("json", "csv"):
                argv = ["period", str(d), "--period", q, "--format", fmt]
                a, b = run(args.base, argv), run(HERE, argv)
                same = a == b
                bad += not same
                print(f"{'same' if same else 'DIFFERENT'}: {' '.join(argv)} "
                      f"(exit {b[0]}, {len(b[1])} bytes)")
    return 1 if bad else 0

if __name__ == "__main__":
    raise SystemExit(main())

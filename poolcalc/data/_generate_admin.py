"""Administration files of the bundled example pool (deterministic, from its invoices).

Writes, beside the pool written by :mod:`poolcalc.data._generate`:

- ``payments.csv`` -- the quarterly invoices of 2024 Q1-Q3 of ten licensees paid a
  few days before their due dates, with these exceptions: tax withheld at source
  in KR (L001, 11 %), CN (L003, 10 %), IN (L005, 10 %) and TW (L008, 20 %) with a
  certificate each; L006 pays Q2 30 days late; L007 pays half of Q2 on time and the
  rest 51 days late; L010 over-pays Q1 by US$1,000 (held as credit); L012 names no
  invoice (oldest open first); L013 leaves Q3 unpaid; L004 pays Q1 in EUR;
- ``fx.csv`` -- the EUR rate of that day (illustrative);
- ``amendments.csv`` -- L009's amended 2024Q1 report (its first row 20 % higher),
  filed 20 August 2024 (in Q3);
- ``audits.csv`` -- an audit of L011's 2024Q2 closed 25 September 2024 that found
  10 % of its Q2 units unreported (above the 3 % rule of ``[reporting]``).

Withholding rates are illustrative statutory rates on royalties paid abroad
(treaty rates vary by licensor country); amounts are the invoice less the tax,
half-up to the cent.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

from poolcalc._money import format_money
from poolcalc.model import Pool, ReportingTerms
from poolcalc.periods import period

__all__ = ["EXAMPLE_REPORTING", "write_admin_files"]

#: ``[reporting]`` of the example pool.
EXAMPLE_REPORTING = ReportingTerms(
    period="quarter", interest_rate=0.06, reserve=0.02, underpayment_threshold=0.03,
    withholding={"CN": 0.10, "IN": 0.10, "KR": 0.11, "TW": 0.20},
)
_PAY_DAY = {"2024Q1": "2024-05-10", "2024Q2": "2024-08-09", "2024Q3": "2024-11-08"}
_TAX = {"L001": "KR", "L003": "CN", "L005": "IN", "L008": "TW"}
_PAYERS = ("L001", "L002", "L003", "L005", "L006", "L007", "L008", "L010", "L012", "L013")
_EUR = Fraction("1.085")
_SALES = ("licensee", "date", "product", "country_of_sale", "country_of_manufacture", "units",
          "net_price")
_PAYMENTS = ("licensee", "date", "amount", "currency", "invoice", "withheld_tax",
             "tax_country", "certificate")


def _half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2))


def _payments(pool: Pool) -> list[dict[str, str]]:
    bare = pool.evolve(reporting=EXAMPLE_REPORTING)
    owed = {q: {i.licensee: i.owed_cents for i in period(bare, q).invoices} for q in _PAY_DAY}
    out: list[dict[str, str]] = []
    for q, day in _PAY_DAY.items():
        for lic in _PAYERS:
            c = owed[q].get(lic, 0)
            if c <= 0 or (lic == "L013" and q == "2024Q3"):
                continue
            row = dict.fromkeys(_PAYMENTS, "")
            row.update(licensee=lic, date=day, amount=format_money(c), currency="USD",
                       invoice=f"{q}-{lic}")
            if lic in _TAX:
                country = _TAX[lic]
                w = _half_up(c * Fraction(repr(EXAMPLE_REPORTING.withholding[country])))
                row.update(amount=format_money(c - w), withheld_tax=format_money(w),
                           tax_country=country, certificate=f"{country}-WHT-{q}-{lic}")
            elif lic == "L006" and q == "2024Q2":
                row.update(date="2024-09-13")
            elif lic == "L007" and q == "2024Q2":
                out.append(dict(row, amount=format_money(c // 2)))
                row.update(amount=format_money(c - c // 2), date="2024-10-04")
            elif lic == "L010" and q == "2024Q1":
                row.update(amount=format_money(c + 100_000))
            elif lic == "L012":
                row.update(invoice="")
            out.append(row)
    c = owed["2024Q1"]["L004"]
    eur = dict.fromkeys(_PAYMENTS, "")
    eur.update(licensee="L004", date="2024-05-14", amount=format_money(_half_up(c / _EUR)),
               currency="EUR", invoice="2024Q1-L004")
    out.append(eur)
    return sorted(out, key=lambda r: (r["date"], r["licensee"]))


def _write(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_admin_files(pool: Pool, outdir: Path) -> None:
    """Write payments.csv, fx.csv, amendments.csv and audits.csv for ``pool``."""
    _write(outdir / "payments.csv", _PAYMENTS, _payments(pool))
    _write(outdir / "fx.csv", ("date", "currency", "rate"),
           [{"date": "2024-05-14", "currency": "EUR", "rate": str(float(_EUR))}])
    rows = list(pool.sales_rows)
    q1 = [r for r in rows if r.licensee == "L009" and r.date.month <= 3]
    amended = []
    for i, r in enumerate(q1):
        units = int(r.units * 1.2) if i == 0 else r.units
        amended.append(_sale(r, units) | {"period": "2024Q1", "filed": "2024-08-20"})
    _write(outdir / "amendments.csv", (*_SALES, "period", "filed"), amended)
    q2 = [r for r in rows if r.licensee == "L011" and 4 <= r.date.month <= 6]
    found = sum(r.units for r in q2) // 10
    _write(outdir / "audits.csv", (*_SALES, "period", "closed"),
           [_sale(q2[0], found) | {"period": "2024Q2", "closed": "2024-09-25"}])


def _sale(r: object, units: int) -> dict[str, str]:
    price = getattr(r, "net_price", None)
    return {
        "licensee": r.licensee, "date": r.date.isoformat(), "product": r.product,  # type: ignore[attr-defined]
        "country_of_sale": r.country_of_sale,  # type: ignore[attr-defined]
        "country_of_manufacture": r.country_of_manufacture,  # type: ignore[attr-defined]
        "units": str(units),
        "net_price": "" if price is None or price != price else repr(float(price)),
    }

"""Administration inputs of a pool directory: payments, exchange rates, amended reports, audits.

All files are optional and sit beside pool.toml (``poolcalc period DIR``):

``payments.csv`` -- one row per payment received::

    licensee,date,amount,currency,invoice,withheld_tax,tax_country,certificate
    L001,2024-11-20,9000.00,USD,2024Q3-L001,1000.00,CN,CN-WHT-2024-0917

required ``licensee, date, amount``; ``currency`` defaults to the pool's; ``invoice``
empty = oldest open invoice first; ``withheld_tax`` is the tax withheld at source
(counts as paid); a ``certificate`` needs ``tax_country`` and either
``withheld_tax`` or a ``[reporting.withholding]`` rate for the country (then
``withheld = round_half_up(amount * r / (1 - r))``: the amount is the net of a gross
taxed at r).

``fx.csv`` -- ``date,currency,rate``: 1 unit of ``currency`` = ``rate`` units of the
pool's currency on that day (a payment in another currency needs the rate of its date).

``amendments.csv`` -- amended reports: the sales columns plus ``period`` (the
period amended) and ``filed`` (day filed); a (licensee, period, filed) group
replaces all the licensee's rows of that period.  ``audits.csv`` -- audit
findings: the sales columns plus ``period`` and ``closed``; the rows are the
units the audit found unreported.  Both may carry sales.csv's ``payer`` column (who
pays for the row; empty: the licensee), naming a licensee or a payer of sales.csv
(:func:`poolcalc.io._payers_io.correction_payers`).

``metric_amendments.csv`` -- amended metric reports (Access Advance VDP metric
tiers): metrics.csv's columns ``licensee, period, metric, value`` (``region``
optional) plus ``filed`` (day filed, after the half year's end); a (licensee, period,
metric, filed) group replaces all metrics.csv rows of that (licensee, period, metric),
every region (:mod:`poolcalc.periods._metric`).

Every error is one line naming file, line, field and value
(``payments.csv:4: field amount: must be > 0, got '-5.00'``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from fractions import Fraction
from pathlib import Path

import numpy as np

from poolcalc._args import checked_args
from poolcalc._format import parse_money
from poolcalc.errors import InvalidInputError
from poolcalc.io._columns import read_sales_csv
from poolcalc.io._csv import SALES_COLUMNS, _csv_rows, _read_bytes
from poolcalc.io._payers_io import correction_payers, with_payer
from poolcalc.model import MetricRecord, Pool, ReportingTerms
from poolcalc.model._validators import to_date
from poolcalc.periods import (
    Amendment,
    AuditFinding,
    FxRate,
    MetricAmendment,
    PaymentRecord,
    PeriodInputs,
    SourceFile,
    parse_period,
)

__all__ = ["PERIOD_FILES", "read_period_inputs"]

#: (required, optional) columns of each administration file.
PAYMENT_COLUMNS = (("licensee", "date", "amount"),
                   ("currency", "invoice", "withheld_tax", "tax_country", "certificate"))
FX_COLUMNS = (("date", "currency", "rate"), ())
AMENDMENT_COLUMNS = ((*SALES_COLUMNS[0], "period", "filed"), SALES_COLUMNS[1])
AUDIT_COLUMNS = ((*SALES_COLUMNS[0], "period", "closed"), SALES_COLUMNS[1])
METRIC_AMENDMENT_COLUMNS = (("licensee", "period", "metric", "value", "filed"), ("region",))
#: Optional files read by :func:`read_period_inputs`, in order.
PERIOD_FILES = ("sales.csv", "payments.csv", "fx.csv", "amendments.csv", "audits.csv",
                "metric_amendments.csv")


def _source(f: Path, raw: bytes) -> SourceFile:
    return SourceFile(f.name, hashlib.sha256(raw).hexdigest())


def _bad(name: str, line: int, field: str, msg: str, value: str) -> InvalidInputError:
    return InvalidInputError(f"{name}:{line}: field {field}: {msg}, got {value!r}")


def _date(name: str, line: int, field: str, v: str) -> dt.date:
    try:
        return to_date(v, field)
    except (InvalidInputError, ValueError):
        raise _bad(name, line, field, "expected a date YYYY-MM-DD", v) from None


def _money(name: str, line: int, field: str, v: str, minor: int) -> int:
    try:
        return parse_money(v, minor)
    except (InvalidInputError, ValueError):
        raise _bad(name, line, field, "expected a decimal amount", v) from None


def _payments(f: Path, pool: Pool, terms: ReportingTerms) -> tuple[SourceFile, list]:
    raw = _read_bytes(f, f.name)
    src = _source(f, raw)
    name = f.name
    cols, rows = _csv_rows(raw.decode("utf-8"), name, PAYMENT_COLUMNS)
    pos = pool.licensees.positions()
    signed_of = pool.licensees.column("signed")
    payers = set(pool.payers.values()) - set(pos)  # sales.csv payer: pays its invoices
    days: dict[str, dt.date] = {}  # each distinct date text parsed once
    out = []
    for line, vals in rows:
        r = dict(zip(cols, vals, strict=True))
        who = r["licensee"]
        j = pos.get(who)
        if j is None and who not in payers:
            raise _bad(name, line, "licensee", "unknown licensee (not in licensees.csv)", who)
        text = r["date"]
        day = days.get(text) or days.setdefault(text, _date(name, line, "date", text))
        signed = None if j is None else signed_of[j]
        if signed is not None and day < signed:
            raise _bad(name, line, "date",
                       f"payment before the licence of {who} (signed {signed})", r["date"])
        amount = _money(name, line, "amount", r["amount"], pool.minor_units)
        if amount <= 0:
            raise _bad(name, line, "amount", "must be > 0", r["amount"])
        cur = r.get("currency") or pool.currency
        if len(cur) != 3 or not cur.isalpha() or not cur.isupper():
            raise _bad(name, line, "currency", "expected an ISO 4217 code", cur)
        tax_text = r.get("withheld_tax", "")
        tax = _money(name, line, "withheld_tax", tax_text, pool.minor_units) if tax_text else None
        if tax is not None and tax < 0:
            raise _bad(name, line, "withheld_tax", "must be >= 0", tax_text)
        country = r.get("tax_country") or None
        cert = r.get("certificate") or None
        if cert and not country:
            raise _bad(name, line, "tax_country", "a certificate needs its tax country", "")
        if cert and tax is None:
            rate = terms.withholding.get(country or "")
            if rate is None:
                raise _bad(name, line, "withheld_tax",
                           f"certificate {cert} without a tax amount (and no "
                           f"[reporting.withholding] rate for {country})", tax_text)
            q = Fraction(amount) * Fraction(repr(rate)) / (1 - Fraction(repr(rate)))
            tax = math.floor(q + Fraction(1, 2))
        if tax and not cert:
            raise _bad(name, line, "certificate", "tax withheld needs a certificate reference",
                       "")
        out.append(PaymentRecord(
            licensee=who, date=day, amount_cents=amount, currency=cur,
            invoice=r.get("invoice") or None, withheld_tax_cents=tax, tax_country=country,
            certificate=cert, source=src, line=line,
        ))
    return src, out


def _fx(f: Path) -> tuple[SourceFile, list]:
    raw = _read_bytes(f, f.name)
    src = _source(f, raw)
    cols, rows = _csv_rows(raw.decode("utf-8"), f.name, FX_COLUMNS)
    out = []
    for line, vals in rows:
        r = dict(zip(cols, vals, strict=True))
        day = _date(f.name, line, "date", r["date"])
        try:
            rate = float(r["rate"])
        except ValueError:
            raise _bad(f.name, line, "rate", "expected a number", r["rate"]) from None
        if not (math.isfinite(rate) and rate > 0):
            raise _bad(f.name, line, "rate", "must be a positive number", r["rate"])
        out.append(FxRate(day, r["currency"], rate, src, line))
    return src, out


def _corrections(f: Path, pool: Pool, kind: str, day_col: str, columns) -> tuple[SourceFile, list]:
    raw = _read_bytes(f, f.name)
    src = _source(f, raw)
    licensees = [x.id for x in pool.licensees]
    columns = with_payer(raw, columns)
    table = read_sales_csv(raw, list(pool.sales.licensees) or licensees,
                           {x.id: x.enterprise for x in pool.licensees}, pool.schedule,
                           name=f.name, columns=columns)
    cols, rows = _csv_rows(raw.decode("utf-8"), f.name, columns)
    groups: dict[tuple[str, str, dt.date], list[int]] = {}
    for i, (line, vals) in enumerate(rows):
        r = dict(zip(cols, vals, strict=True))
        try:
            p = parse_period(r["period"], kind)
        except InvalidInputError as exc:
            raise _bad(f.name, line, "period", str(exc).split(": ", 1)[-1].split(", got")[0],
                       r["period"]) from None
        day = _date(f.name, line, day_col, r[day_col])
        if day <= p.end:
            raise _bad(f.name, line, day_col, f"must be after the end of {p.label} ({p.end})",
                       r[day_col])
        sale = _date(f.name, line, "date", r["date"])
        if not p.contains(sale):
            raise _bad(f.name, line, "date", f"sale not in the period {p.label}", r["date"])
        groups.setdefault((r["licensee"], p.label, day), []).append(i)
    payers = correction_payers(raw, f.name, columns,
                               set(licensees) | set(pool.payers.values()))
    out = []
    for (who, label, day), idx in groups.items():
        sales = table.select(np.asarray(idx, np.int64))
        cls = Amendment if day_col == "filed" else AuditFinding
        paid = tuple(payers[i] for i in idx) if payers and any(payers[i] for i in idx) else ()
        out.append(cls(who, label, day, sales, src, paid))
    return src, out


def _metric_amendments(f: Path, pool: Pool) -> tuple[SourceFile, list]:
    """Read ``metric_amendments.csv``: one :class:`MetricAmendment` per filing group."""
    raw = _read_bytes(f, f.name)
    src = _source(f, raw)
    name = f.name
    cols, rows = _csv_rows(raw.decode("utf-8"), name, METRIC_AMENDMENT_COLUMNS)
    terms = pool.metric_terms
    licensees = {x.id for x in pool.licensees}
    groups: dict[tuple[str, str, str, dt.date], tuple[int, list[MetricRecord]]] = {}
    for line, vals in rows:
        r = dict(zip(cols, vals, strict=True))
        if terms is None:
            raise _bad(name, line, "metric", "the pool has no [royalty.metric_tiers] to "
                       "price a metric report", r["metric"])
        if r["licensee"] not in licensees:
            raise _bad(name, line, "licensee", "unknown licensee (not in licensees.csv)",
                       r["licensee"])
        try:
            p = parse_period(r["period"], "half")
        except InvalidInputError:
            raise _bad(name, line, "period", "expected a half year like 2025H1 or 2025H2",
                       r["period"]) from None
        if r["metric"] not in terms.metrics:
            raise _bad(name, line, "metric", "not one of [royalty.metric_tiers] metrics "
                       f"{list(terms.metrics)}", r["metric"])
        try:
            value = float(r["value"])
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value >= 0):
            raise _bad(name, line, "value", "must be a number >= 0", r["value"])
        day = _date(name, line, "filed", r["filed"])
        if day <= p.end:
            raise _bad(name, line, "filed", f"must be after the end of {p.label} ({p.end})",
                       r["filed"])
        rec = MetricRecord(r["licensee"], p.label, r["metric"], value, r.get("region", ""))
        _, got = groups.setdefault((rec.licensee, p.label, rec.metric, day), (line, []))
        got.append(rec)
    out = [MetricAmendment(lic, label, metric, day, recs, src, line)
           for (lic, label, metric, day), (line, recs) in groups.items()]
    return src, out


@checked_args
def read_period_inputs(path: str | Path, pool: Pool) -> PeriodInputs:
    """Read the administration files of a pool directory (all optional).

    Parameters
    ----------
    path : path-like
        The pool directory (see the module docstring for the files).
    pool : Pool
        The pool read from it (licensees, schedule, ``[reporting]``).

    Returns
    -------
    PeriodInputs
        With ``reporting = pool.reporting`` (or the defaults) and every file's
        name and sha256 in ``sources`` (``sales.csv`` first).

    Raises
    ------
    InvalidInputError
        ``FILE:LINE: field F: message, got 'value'`` for the first bad value.

    Examples
    --------
    >>> from poolcalc.data import example_pool_path, load_example
    >>> inputs = read_period_inputs(example_pool_path(), load_example())
    >>> inputs.reporting.period, len(inputs.payments) > 0, inputs.sources[0].name
    ('quarter', True, 'sales.csv')
    """
    root = Path(path)
    terms = pool.reporting or ReportingTerms()
    sources, payments, fx, amendments, audits = [], [], [], [], []
    if (root / "sales.csv").is_file():
        sources.append(_source(root / "sales.csv", (root / "sales.csv").read_bytes()))
    if (root / "payments.csv").is_file():
        src, payments = _payments(root / "payments.csv", pool, terms)
        sources.append(src)
    if (root / "fx.csv").is_file():
        src, fx = _fx(root / "fx.csv")
        sources.append(src)
    if (root / "amendments.csv").is_file():
        src, amendments = _corrections(root / "amendments.csv", pool, terms.period, "filed",
                                       AMENDMENT_COLUMNS)
        sources.append(src)
    if (root / "audits.csv").is_file():
        src, audits = _corrections(root / "audits.csv", pool, terms.period, "closed",
                                   AUDIT_COLUMNS)
        sources.append(src)
    metric_amendments: list = []
    if (root / "metric_amendments.csv").is_file():
        src, metric_amendments = _metric_amendments(root / "metric_amendments.csv", pool)
        sources.append(src)
    return PeriodInputs(reporting=terms, payments=payments, amendments=amendments,
                        audits=audits, fx=fx, sources=sources,
                        metric_amendments=metric_amendments)

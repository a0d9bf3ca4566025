r"""Royalties by metric tiers per reporting period (Access Advance VDP), half by half.

The Video Distribution Pool measures a licensee's business "semi-annually" and
royalties are "calculated and paid on a semi-annual basis"; its tier is the highest
reached by any of its metrics in the half, Region 2 users and subscribers counted
x0.5 (accessadvance.com/zh/vdp-pool-royalty/, 2025).  The annual run computes one
:class:`~poolcalc.royalties._metrics.MetricLine` per (licensee, half year) from that
half's metrics only (:mod:`poolcalc.model._metrics`):

    royalty_{l,P} = max(0, amount_{k(l,P)} - waiver),   k = max_m max{k : v_m >= at_k[m]}

so nothing of a half depends on another one and the period invoice needs no year
to date: the invoice ``<period>-<licensee>-M`` of

- a half-yearly pool (``[reporting] period = "half"``) for ``2025H1`` is the line of
  (l, 2025H1), one line item ``metric`` (tier, the metric that reaches it, the
  waiver used);
- a yearly pool for ``2025`` carries the lines of both halves (two line items),

and the invoices of a year add up to the annual metric royalties exactly.  A
quarter is not a measuring period of the pool's text (it defines halves only), so a
quarterly pool with metric royalties is refused (:mod:`poolcalc.periods._support`).
A period owing nothing (below the lowest tier, or the waiver covers it) issues no
invoice.  Metric royalties carry no country: the cash that pays them is split by the
members' pooled essential patents in force anywhere in the period
(:func:`poolcalc.periods._fees.pool_weights`), as the entry fee.

**Amended metric reports** (``metric_amendments.csv``, :class:`MetricAmendment`) work
as amended sales reports: the latest filing of a (licensee, half, metric) known at
the end of a period replaces all of metrics.csv's rows of it (every region), and with
``M_t`` the metric lines as known at the end of period t, a period k with filings
gives, per licensee and reporting period R <= k holding an amended half,

    note_{l,R,k} = sum_{P in R} [royalty_P(M_k) - royalty_P(M_{k-1})]

(the difference only; ``M_{k-1}`` is metrics.csv as filed for the first period), a
debit or credit note ``<k>-<licensee>-M-D<n>`` / ``-M-C<n>`` with one line item
``metric`` per half that moved, split like R's invoice by the members' patents in
force anywhere in R (the original period's counts).  The period invoices stay those
of metrics.csv as first filed (a yearly pool's amendment filed within the year is a
note of that same period), so the invoices and notes of a year add up to the annual
metric royalties of the final reports, and a closed period never changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from poolcalc._money import format_money
from poolcalc.model import MetricRecord, Pool
from poolcalc.periods._fees import fee_invoices, pool_weights
from poolcalc.periods._records import LineItem
from poolcalc.periods._types import MetricAmendment, Period, PeriodInputs, parse_period
from poolcalc.royalties._metrics import MetricLine, metric_lines

__all__ = ["extra_invoices", "metric_invoices", "metric_notes", "metric_years",
           "metrics_known"]


def metric_years(pool: Pool) -> set[int]:
    """Years with metric reports that the pool's metric tiers price (else empty)."""
    if pool.metric_terms is None:
        return set()
    return {r.year for r in pool.metrics}


def metric_invoices(pool: Pool, k: Period) -> Iterator[
    tuple[str, int, list[LineItem], Callable[[], dict[str, int]]]
]:
    """Metric invoices of period ``k`` (half or year): (licensee, cents, items, weights).

    Licensees owing nothing in ``k`` are left out; sorted by licensee.
    """
    if k.year not in metric_years(pool) or k.kind == "quarter":
        return
    halves = {f"{k.year}H1", f"{k.year}H2"} if k.kind == "year" else {k.label}
    m = pool.minor_units
    by: dict[str, list[LineItem]] = {}
    for x in metric_lines(pool.metric_terms, pool.metrics, k.year, m):
        if x.period not in halves or x.cents == 0:
            continue
        text = (f"royalty by metric tier {x.period}: tier {x.tier} reached by {x.by}, "
                f"{format_money(x.cents + x.waived_cents, m)} less "
                f"{format_money(x.waived_cents, m)} waiver")
        by.setdefault(x.licensee, []).append(LineItem("metric", text, x.period, x.cents))
    for lic in sorted(by):
        items = by[lic]
        yield lic, sum(x.cents for x in items), items, lambda: pool_weights(pool, k)


def extra_invoices(pool: Pool, k: Period) -> Iterator[
    tuple[str, str, int, list[LineItem], Callable[[], dict[str, int]]]
]:
    """Invoices of ``k`` without sales rows: (number suffix, licensee, cents, items, weights).

    Entry fees (``F``, :func:`poolcalc.periods._fees.fee_invoices`), then metric
    royalties (``M``, :func:`metric_invoices`).
    """
    for lic, cents, items, weights in fee_invoices(pool, k):
        yield "F", lic, cents, items, weights
    for lic, cents, items, weights in metric_invoices(pool, k):
        yield "M", lic, cents, items, weights


def metrics_known(pool: Pool, amendments: tuple[MetricAmendment, ...],
                  day: dt.date | None) -> list[MetricRecord]:
    """metrics.csv's rows with the amended reports filed by ``day`` (None: as filed).

    Per (licensee, half, metric) the latest filing by ``day`` replaces all of its rows
    (ties: the later one in the file).
    """
    latest: dict[tuple[str, str, str], MetricAmendment] = {}
    for a in amendments:
        if day is None or a.filed > day:
            continue
        key = (a.licensee, a.period, a.metric)
        if key not in latest or a.filed >= latest[key].filed:
            latest[key] = a
    if not latest:
        return list(pool.metrics)
    out = [r for r in pool.metrics if (r.licensee, r.period, r.metric) not in latest]
    for a in latest.values():
        out.extend(a.records)
    return out


def _reporting_period(half: str, kind: str) -> Period:
    """Return the reporting period (half or year) whose invoice holds half year ``half``."""
    return parse_period(half if kind == "half" else half[:4], kind)


def metric_notes(book: Any, pool: Pool, inputs: PeriodInputs, k: Period,
                 prev_k: Period | None, issue: Callable[..., None]) -> None:
    """Issue the debit/credit notes of ``k`` for the amended metric reports filed in it.

    ``issue`` is :func:`poolcalc.periods._book.run_book`'s invoice entry (module
    docstring: ``note_{l,R,k}``).
    """
    if pool.metric_terms is None or not inputs.metric_amendments or k.kind == "quarter":
        return
    before = prev_k.end if prev_k is not None else None
    filed = [a for a in inputs.metric_amendments
             if a.filed <= k.end and (before is None or a.filed > before)]
    if not filed:
        return
    kind, m = k.kind, pool.minor_units
    new = metrics_known(pool, inputs.metric_amendments, k.end)
    old = metrics_known(pool, inputs.metric_amendments, before)
    touched: dict[Period, set[str]] = {}
    for a in filed:
        touched.setdefault(_reporting_period(a.period, kind), set()).add(a.period)
    for r in sorted(touched):
        halves = touched[r]
        was = {(x.licensee, x.period): x for x in metric_lines(pool.metric_terms, old, r.year, m)
               if x.period in halves}
        now = {(x.licensee, x.period): x for x in metric_lines(pool.metric_terms, new, r.year, m)
               if x.period in halves}
        by: dict[str, list[LineItem]] = {}
        for key in sorted(set(was) | set(now)):
            a, b = now.get(key), was.get(key)
            diff = (a.cents if a else 0) - (b.cents if b else 0)
            if diff:
                by.setdefault(key[0], []).append(
                    LineItem("metric", _note_text(key[1], b, a, m), key[1], diff))
        for lic in sorted(by):
            cents = sum(x.cents for x in by[lic])
            if not cents:
                continue
            stem = f"{k.label}-{lic}-M-{'D' if cents > 0 else 'C'}"
            n = 1 + sum(1 for x in book.entries if x.startswith(stem))
            issue(book, pool, inputs, k, f"{stem}{n}", lic, cents, "note", by[lic],
                  lambda r=r: pool_weights(pool, r), amends=r.label)


def _note_text(half: str, was: MetricLine | None, now: MetricLine | None, m: int) -> str:
    def tier(x: MetricLine | None) -> str:
        if x is None or x.tier is None:
            return "no tier"
        return f"tier {x.tier} by {x.by}"

    def cents(x: MetricLine | None) -> int:
        return x.cents if x is not None else 0

    return (f"amended metric report for {half}: {tier(now)}, {format_money(cents(now), m)} "
            f"after the waiver, instead of {tier(was)}, {format_money(cents(was), m)}")

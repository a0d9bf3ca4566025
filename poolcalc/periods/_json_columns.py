"""A period report's long lists as columns for the JSON writer (:class:`Records`).

A quarter of a large pool holds 10^4-10^5 invoices, payments and balances and 10^5-10^6
shares of paid invoices among members.  :meth:`PeriodResult.to_json` hands them to
:func:`poolcalc._json.dumps_indented` as :class:`~poolcalc._json.Records` built here,
column by column, instead of one dict per record: amounts are formatted by
:func:`~poolcalc._format.format_money_array` in one call per column, dates once per
distinct date, and a list repeated by every record (the input files behind each
invoice) written once.  The text is that of the records' ``to_dict()``, byte for byte
(``tests/test_periods_cli.py``); where the records' keys are not all alike (a payment
with a write-off beside one without) the dicts are returned instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any

import numpy as np

from poolcalc._format import format_money_array
from poolcalc._json import Records
from poolcalc._money import money_formatter
from poolcalc.periods._records import Payment, PeriodInvoice, sources_dict
from poolcalc.periods._shares import Shares, as_shares
from poolcalc.periods._types import SourceFile

__all__ = ["balances_records", "invoices_records", "payments_records", "shares_records"]


def money_column(cents: Sequence[int], minor_units: int) -> list[str]:
    """Return the decimal texts of ``cents`` [minor units] (:func:`format_money`)."""
    try:
        return format_money_array(np.array(cents, dtype=np.int64), minor_units)
    except OverflowError:  # beyond int64: one Python-integer call each
        money = money_formatter(minor_units)
        return [money(c) for c in cents]


def date_column(dates: Sequence[dt.date]) -> list[str]:
    """ISO dates, each distinct date formatted once."""
    memo: dict[dt.date, str] = {}
    return [memo.get(d) or memo.setdefault(d, d.isoformat()) for d in dates]


def _sources_column(sources: Sequence[tuple[SourceFile, ...]]) -> list[list[dict[str, str]]]:
    """One JSON list per distinct tuple of input files (the writer writes each once)."""
    memo: dict[tuple[SourceFile, ...], list[dict[str, str]]] = {}
    out = []
    for s in sources:
        d = memo.get(s)
        if d is None:
            d = memo[s] = sources_dict(s)
        out.append(d)
    return out


def invoices_records(invoices: Sequence[PeriodInvoice], m: int) -> Records:
    """:meth:`PeriodInvoice.to_dict` of every invoice, as columns."""
    keys = ("invoice", "licensee", "period", "kind", "issued", "due", "currency", "owed",
            "ytd", "previously_invoiced", "amends", "line_items", "sources")
    kinds = ("value",) * 4 + ("plain",) * 2 + ("value",) + ("plain",) * 3 + ("value",) * 3
    iv = invoices
    items = [(li.kind, li.description, li.period, li.cents, li.units)
             for i in iv for li in i.line_items]
    amounts = iter(money_column([t[3] for t in items], m))
    lines = [[{"kind": li.kind, "description": li.description, "period": li.period,
               "amount": next(amounts), "units": li.units} for li in i.line_items]
             for i in iv]
    cols = ([i.number for i in iv], [i.licensee for i in iv], [i.period for i in iv],
            [i.kind for i in iv], date_column([i.issued for i in iv]),
            date_column([i.due for i in iv]), [i.currency for i in iv],
            money_column([i.owed_cents for i in iv], m),
            money_column([i.ytd_cents for i in iv], m),
            money_column([i.previously_invoiced_cents for i in iv], m),
            [i.amends for i in iv], lines, _sources_column([i.sources for i in iv]))
    return Records(keys, cols, kinds)


def payments_records(payments: Sequence[Payment], m: int) -> Records | list[dict[str, Any]]:
    """:meth:`Payment.to_dict` of every payment, as columns (dicts if keys differ)."""
    written = {p.written_off_cents is None for p in payments}
    if len(written) > 1:
        return [p.to_dict(m) for p in payments]
    ps = payments
    keys = ["payment", "licensee", "date", "amount", "currency", "original_amount",
            "fx_rate", "fx_difference", "withheld_tax", "tax_country", "certificate",
            "invoice", "applied", "credit_held", "interest", "days_late"]
    kinds = ["value", "value", "plain", "plain", "value", "plain", "value", "plain",
             "plain", "value", "value", "value", "value", "plain", "plain", "value"]
    apps = [a for p in ps for a in p.applications]
    cash = iter(money_column([a.cash_cents for a in apps], m))
    tax = iter(money_column([a.tax_cents for a in apps], m))
    applied = [[{"invoice": a.invoice, "cash": next(cash), "tax": next(tax)}
                for a in p.applications] for p in ps]
    cols: list[list[Any]] = [
        [p.id for p in ps], [p.licensee for p in ps], date_column([p.date for p in ps]),
        money_column([p.amount_cents for p in ps], m), [p.currency for p in ps],
        money_column([p.original_cents for p in ps], m), [p.fx_rate for p in ps],
        money_column([p.fx_difference_cents for p in ps], m),
        money_column([p.withheld_tax_cents for p in ps], m),
        [p.tax_country for p in ps], [p.certificate for p in ps], [p.invoice for p in ps],
        applied, money_column([p.credit_cents for p in ps], m),
        money_column([p.interest_cents for p in ps], m), [p.days_late for p in ps]]
    if written == {False}:
        keys.append("written_off")
        kinds.append("plain")
        cols.append(money_column([p.written_off_cents or 0 for p in ps], m))
    keys.append("sources")
    kinds.append("value")
    cols.append(_sources_column([(p.source,) if p.source else () for p in ps]))
    return Records(keys, cols, kinds)


def balances_records(balances: Sequence[Any], m: int, written_off: bool) -> Records:
    """Return the balances' objects (``written_off`` where the pool writes off)."""
    bs = balances
    keys = ["invoice", "licensee", "period", "due", "owed", "paid", "outstanding"]
    kinds = ["value", "value", "value", "plain", "plain", "plain", "plain"]
    cols: list[list[Any]] = [
        [b.invoice for b in bs], [b.licensee for b in bs], [b.period for b in bs],
        date_column([b.due for b in bs]), money_column([b.owed_cents for b in bs], m),
        money_column([b.paid_cents for b in bs], m),
        money_column([b.outstanding_cents for b in bs], m)]
    if written_off:
        keys.append("written_off")
        kinds.append("plain")
        cols.append(money_column([b.written_off_cents for b in bs], m))
    return Records(keys, cols, kinds)


def shares_records(by_invoice: Shares | Sequence[tuple[str, str, int]], m: int) -> Records:
    """Return the shares of paid invoices ``(invoice, member, cents)`` as columns.

    Each distinct invoice and member label is escaped once and the texts taken by
    code (no Python call per share).
    """
    def texts(labels: np.ndarray, codes: np.ndarray) -> list[str]:
        enc = [encode_basestring(x) for x in labels.tolist()]
        return np.array(enc + [""], dtype=object)[:-1][codes].tolist()

    by_invoice = as_shares(by_invoice)
    c = by_invoice.cents()
    amounts = (format_money_array(c, m) if c.dtype == np.int64
               else money_column(c.tolist(), m))
    return Records(("invoice", "member", "amount"),
                   (texts(by_invoice.invoice_labels(), by_invoice.invoice_codes()),
                    texts(by_invoice.member_labels(), by_invoice.member_codes()), amounts),
                   ("text", "text", "plain"))

"""Excel workbooks of the documents (openpyxl): numbers as numbers, text formula-safe.

One sheet per table of the document (``Invoice``, ``Line items``, ``Tiers``;
``Statement``, ``By country``; ``Checks``, ``Licensees``, ``Licensors``), each with a
bold header row frozen in place.  Money cells are numbers (exact decimals) in the
currency's number format (``#,##0.00 "USD"``), counts are integers, and every text
cell is escaped as OWASP advises for spreadsheet formula injection
(:func:`poolcalc._format.escape_formula`).  Needs openpyxl
(``pip install 'poolcalc[documents]'``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from poolcalc._format import escape_formula

__all__ = ["write_xlsx"]

_MONEY = object()  # column marker: a money column (cents in, currency units out)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "writing .xlsx documents needs openpyxl: pip install 'poolcalc[documents]'"
        ) from None
    return openpyxl


class _Book:
    """A workbook being written: sheets of (header, rows) with typed cells."""

    def __init__(self, currency: str, minor_units: int) -> None:
        self.op = _openpyxl()
        self.wb = self.op.Workbook()
        self.wb.remove(self.wb.active)
        self.mu = minor_units
        decimals = "." + "0" * minor_units if minor_units else ""
        self.fmt = f'#,##0{decimals} "{currency}";-#,##0{decimals} "{currency}"'
        self.bold = self.op.styles.Font(bold=True)

    def cell(self, value: Any, money: bool) -> tuple[Any, str | None]:
        if value is None:
            return None, None
        if money:
            return Decimal(int(value)).scaleb(-self.mu), self.fmt
        if isinstance(value, bool):
            return value, None
        if isinstance(value, int | float | Decimal):
            return value, ("#,##0" if isinstance(value, int) else None)
        return escape_formula(str(value)), None

    def sheet(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
              money: Sequence[int] = ()) -> None:
        ws = self.wb.create_sheet(title)
        ws.append([escape_formula(h) for h in header])
        for c in ws[1]:
            c.font = self.bold
        ws.freeze_panes = "A2"
        for r, row in enumerate(rows, start=2):
            for j, v in enumerate(row, start=1):
                value, fmt = self.cell(v, j - 1 in money)
                c = ws.cell(row=r, column=j, value=value)
                if value is not None and isinstance(value, str):
                    c.data_type = "s"  # never a formula, whatever the text
                if fmt:
                    c.number_format = fmt
        for j, h in enumerate(header, start=1):
            width = max([len(str(h))] + [len(str(row[j - 1])) for row in rows[:200]])
            ws.column_dimensions[self.op.utils.get_column_letter(j)].width = min(width + 2, 60)

    def save(self, path: str | os.PathLike[str]) -> Path:
        self.wb.save(path)
        return Path(path)


def _kv(book: _Book, title: str, items: Sequence[tuple[str, Any, bool]]) -> None:
    """Write a two-column sheet of labelled values (money flagged per row)."""
    ws_rows = [(k, v) for k, v, _ in items]
    book.sheet(title, ("item", "value"), ws_rows)
    ws = book.wb[title]
    for r, (_, v, money) in enumerate(items, start=2):
        if money and v is not None:
            c = ws.cell(row=r, column=2)
            c.value = Decimal(int(v)).scaleb(-book.mu)
            c.number_format = book.fmt


def _invoice(book: _Book, d: Any) -> None:
    _kv(book, "Invoice", [
        ("invoice", d.number, False), ("title", d.title, False),
        ("corrects", ", ".join(d.references), False), ("period", d.period, False),
        ("issued", d.issued.isoformat(), False), ("due", d.due.isoformat(), False),
        ("currency", d.currency, False), ("administrator", d.administrator.name, False),
        ("licensee", d.licensee.id, False), ("licensee name", d.licensee.name, False),
        ("address", d.licensee.address, False), ("enterprise", d.enterprise, False),
        ("units", d.units, False), ("royalty-bearing units", d.royalty_bearing_units, False),
        ("gross", d.gross_cents, True), ("member relief", d.member_cents, True),
        ("discount", d.discount_cents, True), ("allowance", d.allowance_cents, True),
        ("cap", d.cap_cents, True), ("owed", d.royalty_cents, True),
        ("usage", d.usage_cents, True), ("total", d.total_cents, True),
        ("tax withheld", d.tax_withheld_cents, True), ("payable", d.payable_cents, True),
        ("discounts", "; ".join(d.discounts), False), ("caps", "; ".join(d.caps), False),
        ("payment instructions", d.payment_instructions, False),
    ])
    book.sheet("Line items",
               ("product", "country", "units", "royalty_bearing_units", "units_not_due",
                "not due (reason)", "rate", f"royalty ({d.currency})"),
               [(ln.product, ln.country, ln.units, ln.royalty_bearing_units,
                 ln.units - ln.royalty_bearing_units,
                 "; ".join(f"{n}: {r}" for r, n in ln.not_due.items()), ln.rate,
                 ln.royalty_cents) for ln in d.lines], money=(7,))
    if d.tiers:
        book.sheet("Tiers", ("enterprise", "category", "counted_units", "schedule", "reached"),
                   [(t.enterprise, t.category, t.counted_units, t.schedule, t.reached)
                    for t in d.tiers])


def _statement(book: _Book, d: Any) -> None:
    _kv(book, "Statement", [
        ("member", d.member.id, False), ("name", d.member.name, False),
        ("period", d.period, False), ("currency", d.currency, False),
        ("scheme", d.scheme, False),
        ("options", ", ".join(f"{k}={v}" for k, v in d.options.items()), False),
        ("collected", d.collected_cents, True),
        *([("written off (not collected)", d.written_off_cents, True),
           ("your part written off", d.written_off_share_cents, True)]
          if getattr(d, "written_off_cents", None) is not None else []),
        ("administrator fee", d.administrator_fee_cents, True),
        *([("reserve", d.reserve_cents, True)] if d.reserve_cents else []),
        ("distributable", d.distributable_cents, True), ("entitlement", d.entitlement, False),
        ("share", d.share, False), ("amount", d.amount_cents, True),
        ("payable (netting)", d.payable_cents, True),
        ("tax credits", d.tax_credit_cents, True), ("net", d.net_cents, True),
        ("basis", d.basis, False),
        ("confidentiality", f"countries with figures from fewer than "
                            f"{d.min_licensees_per_cell} licensees merged: "
                            f"{', '.join(d.merged) or 'none'}", False),
    ])
    book.sheet("By country",
               ("country", "countries", "rows", f"royalty ({d.currency})",
                f"member {d.unit}s", f"total {d.unit}s", "entitlement", "patents"),
               [(c.label, ", ".join(c.countries), c.rows, c.royalty_cents, c.member_count,
                 c.total_count, c.entitlement, c.patents) for c in d.cells], money=(3,))
    if d.audit_columns:
        book.sheet("Basis", d.audit_columns, d.audit_lines)


def _reconciliation(book: _Book, d: Any) -> None:
    book.sheet("Checks", ("check", "left", "right", "ok"),
               [(c.label, c.left_cents, c.right_cents, c.ok) for c in d.checks], money=(1, 2))
    book.sheet("Licensees",
               ("licensee", "name", "enterprise", "units", "gross", "member", "discount",
                "allowance", "cap", "owed", "usage", "invoiced"),
               [(x.id, x.name, x.enterprise, x.units, x.gross_cents, x.member_cents,
                 x.discount_cents, x.allowance_cents, x.cap_cents, x.owed_cents,
                 x.usage_cents, x.invoiced_cents) for x in d.licensees],
               money=tuple(range(4, 12)))
    book.sheet("Licensors", ("member", "name", "share", "amount", "payable", "tax_credit", "net"),
               [(x.id, x.name, x.share, x.amount_cents, x.payable_cents, x.tax_credit_cents,
                 x.net_cents) for x in d.members], money=(3, 4, 5, 6))
    _kv(book, "Totals", [
        ("collected", d.collected_cents, True),
        ("administrator fee", d.administrator_fee_cents, True),
        ("distributed", d.distributed_cents, True),
        ("rounding residue", d.rounding_residue_cents, True),
        ("tax credits", d.tax_credit_cents, True), ("reserve", d.reserve_cents, True),
        ("balanced", d.balanced, False)])


_WRITERS = {"invoice": _invoice, "statement": _statement, "reconciliation": _reconciliation}


def write_xlsx(doc: Any, path: str | os.PathLike[str]) -> Path:
    """Write a document as an .xlsx workbook and return its path."""
    book = _Book(doc.currency, doc.minor_units)
    _WRITERS[doc.kind](book, doc)
    return book.save(path)

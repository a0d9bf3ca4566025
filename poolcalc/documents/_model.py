"""The documents an administrator sends, as frozen values: invoice, statement, reconciliation.

Each is a :class:`~poolcalc._result.Result` (``to_dict()`` with money as decimal
strings, ``str()`` a plain-text view) and renders itself through the functions of
:mod:`poolcalc.documents` (``to_html``, ``to_pdf``, ``to_xlsx``).  Money is integer
minor units and adds up exactly; the constructors check the sums, so a document that
does not reconcile cannot be built.  The builders are in :mod:`._invoice`,
:mod:`._statement` and :mod:`._reconcile`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from poolcalc._args import checked_fields
from poolcalc._money import format_money
from poolcalc._result import Result, TableView
from poolcalc.documents._chromium import Browser
from poolcalc.documents._html import render_html
from poolcalc.documents._xlsx import write_xlsx
from poolcalc.errors import InvalidInputError

__all__ = [
    "INVOICE_TITLES",
    "Rendered",
    "CountryCell",
    "InvoiceDocument",
    "InvoiceLine",
    "Party",
    "PayerShare",
    "StatementDocument",
    "TaxCredit",
    "TierLine",
]


#: Titles of an :class:`InvoiceDocument`.
INVOICE_TITLES = ("Invoice", "Debit note", "Credit note")


def _map(v: Any) -> Mapping[str, Any]:
    return MappingProxyType(dict(v or {}))


class Rendered(Result):
    """A document that renders itself: HTML, PDF (headless Chromium) and XLSX."""

    #: Template and workbook layout of the document: invoice, statement, reconciliation.
    kind: ClassVar[str] = ""
    currency: str
    minor_units: int

    def to_html(self) -> str:
        """Return the document as one self-contained HTML page (escaped, print stylesheet)."""
        return render_html(self)

    def to_pdf(self, path: str | os.PathLike[str], *, browser: Browser | None = None) -> Path:
        """Print the HTML to ``path`` through headless Chromium (``browser`` reused if given)."""
        if browser is not None:
            return browser.pdf(self.to_html(), path)
        with Browser() as b:
            return b.pdf(self.to_html(), path)

    def to_xlsx(self, path: str | os.PathLike[str]) -> Path:
        """Write the document as an Excel workbook (numbers as numbers, formula-safe text)."""
        return write_xlsx(self, path)

    def save(self, path: str | os.PathLike[str], *, browser: Browser | None = None) -> Path:
        """Write ``path`` in the format its suffix names: ``.html``, ``.pdf`` or ``.xlsx``."""
        suffix = Path(path).suffix.lower()
        if suffix in (".html", ".htm"):
            out = Path(path)
            out.write_text(self.to_html(), encoding="utf-8")
            return out
        if suffix == ".pdf":
            return self.to_pdf(path, browser=browser)
        if suffix == ".xlsx":
            return self.to_xlsx(path)
        raise InvalidInputError(f"document format must be .html, .pdf or .xlsx, got {path!s}")


@attrs.frozen
class Party:
    """A party named on a document: the administrator, a licensee or a licensor."""

    id: str
    name: str
    address: str | None = None
    country: str | None = None
    email: str | None = None
    tax_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields that are set."""
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(field_transformer=checked_fields)
class InvoiceLine:
    """One line item: a product sold in a country (or content royalties of a kind).

    ``royalty_cents`` is the line's share of what the licensee owes (after tiers,
    discounts, allowances and caps, attributed to rows in proportion to what each
    would owe at the standard rate); the lines add up to the invoice's sales total.
    """

    product: str
    country: str
    units: int
    royalty_bearing_units: int
    not_due: Mapping[str, int] = attrs.field(converter=_map)
    rate: str
    royalty_cents: int
    kind: str = "sales"


@attrs.frozen
class TierLine:
    """The volume tiers one enterprise reached in one product category."""

    enterprise: str
    category: str
    counted_units: int
    schedule: str
    reached: str


@attrs.frozen(field_transformer=checked_fields)
class PayerShare:
    """Part of an invoice's royalty billed to a payer other than the licensee.

    Via LA HEVC: chip vendors "may pay royalties on behalf of their customer who is a
    Licensee ... subject to that Licensee's annual cap" (via-la.com/licensing-2/hevc/
    hevc-license-fees/); ``cents`` is the whole cents of the rows it pays for.
    """

    payer: str
    units: int
    cents: int


@attrs.frozen(repr=False, field_transformer=checked_fields)
class InvoiceDocument(Rendered):
    """An invoice for one licensee and one period (a calendar year, or a reporting period).

    Money in minor units with ``royalty_cents == gross - member - discount - allowance
    - cap``, ``total_cents == royalty_cents + usage_cents + fee_cents -
    fee_credit_cents`` and the line items adding up to ``total_cents`` (the entry fee
    and the fee credit are line items of kind ``fee``); ``tax_withheld_cents``
    (withholding at source, reporting periods) is printed as a deduction from the
    amount to pay.  ``payers`` lists the parts of the royalty other parties pay (they
    add up to at most ``royalty_cents``; the licensee pays the rest).
    """

    number: str
    period: str
    period_start: dt.date
    period_end: dt.date
    issued: dt.date
    due: dt.date
    currency: str
    minor_units: int
    pool: str
    standard: str
    administrator: Party
    licensee: Party
    enterprise: str
    lines: tuple[InvoiceLine, ...] = attrs.field(converter=tuple)
    tiers: tuple[TierLine, ...] = attrs.field(converter=tuple)
    units: int
    royalty_bearing_units: int
    gross_cents: int
    member_cents: int
    discount_cents: int
    allowance_cents: int
    cap_cents: int
    usage_cents: int
    discounts: tuple[str, ...] = attrs.field(converter=tuple)
    allowances: tuple[str, ...] = attrs.field(converter=tuple)
    caps: tuple[str, ...] = attrs.field(converter=tuple)
    payment_instructions: str | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    tax_withheld_cents: int = 0
    tax_note: str = ""
    fee_cents: int = 0
    fee_credit_cents: int = 0
    fee_note: str = ""
    payers: tuple[PayerShare, ...] = attrs.field(default=(), converter=tuple)
    #: ``Invoice``, ``Debit note`` or ``Credit note`` (a period's corrections).
    title: str = "Invoice"
    #: The invoice numbers a debit or credit note corrects.
    references: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    kind: ClassVar[str] = "invoice"

    def __attrs_post_init__(self) -> None:
        if sum(ln.royalty_cents for ln in self.lines) != self.total_cents:
            raise InvalidInputError(
                f"invoice {self.number}: line items add up to "
                f"{sum(ln.royalty_cents for ln in self.lines)}, total is {self.total_cents}"
            )
        if self.title not in INVOICE_TITLES:
            raise InvalidInputError(f"invoice {self.number}: title must be one of "
                                    f"{', '.join(INVOICE_TITLES)}, got {self.title!r}")
        if self.is_credit:  # all negative: the royalty credited, nothing else
            others = (self.member_cents, self.discount_cents, self.allowance_cents,
                      self.cap_cents, self.usage_cents, self.tax_withheld_cents,
                      self.fee_cents, self.fee_credit_cents, len(self.payers))
            if self.gross_cents >= 0 or any(others):
                raise InvalidInputError(f"invoice {self.number}: a credit note credits a "
                                        "negative royalty and nothing else")
            return
        if min(self.gross_cents, self.member_cents, self.discount_cents,
               self.allowance_cents, self.cap_cents, self.usage_cents,
               self.tax_withheld_cents, self.royalty_cents, self.fee_cents,
               self.fee_credit_cents) < 0:
            raise InvalidInputError(f"invoice {self.number}: money terms must be >= 0")
        if sum(p.cents for p in self.payers) > self.royalty_cents:
            raise InvalidInputError(f"invoice {self.number}: payers pay more than the royalty")

    @property
    def is_credit(self) -> bool:
        """Whether this is a credit note (its amounts are negative)."""
        return self.title == "Credit note"

    @property
    def royalty_cents(self) -> int:
        """Per-unit royalties owed: gross - member - discount - allowance - cap."""
        return (self.gross_cents - self.member_cents - self.discount_cents
                - self.allowance_cents - self.cap_cents)

    @property
    def total_cents(self) -> int:
        """What the invoice charges: royalties, content royalties, entry fee less credit."""
        return self.royalty_cents + self.usage_cents + self.fee_cents - self.fee_credit_cents

    @property
    def licensee_pays_cents(self) -> int:
        """The total less what payers other than the licensee pay."""
        return self.total_cents - sum(p.cents for p in self.payers)

    @property
    def payable_cents(self) -> int:
        """Amount to pay: the total less tax withheld at source."""
        return self.total_cents - self.tax_withheld_cents

    def money(self, cents: int, grouping: bool = True) -> str:
        """Format minor units in the invoice's currency (``1,234.50``)."""
        return format_money(cents, self.minor_units, grouping=grouping)

    def to_dict(self) -> dict[str, Any]:
        """Return the invoice as JSON-ready data (money as decimal strings)."""
        m = lambda c: format_money(c, self.minor_units)  # noqa: E731
        return {
            "invoice": self.number, "period": self.period,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(), "issued": self.issued.isoformat(),
            "due": self.due.isoformat(), "currency": self.currency, "pool": self.pool,
            "administrator": self.administrator.to_dict(), "licensee": self.licensee.to_dict(),
            "enterprise": self.enterprise, "units": self.units,
            "royalty_bearing_units": self.royalty_bearing_units,
            "lines": [{"product": ln.product, "country": ln.country, "kind": ln.kind,
                       "units": ln.units, "royalty_bearing_units": ln.royalty_bearing_units,
                       "not_due": dict(ln.not_due), "rate": ln.rate,
                       "royalty": m(ln.royalty_cents)} for ln in self.lines],
            "tiers": [attrs.asdict(t) for t in self.tiers],
            "gross": m(self.gross_cents), "member": m(self.member_cents),
            "discount": m(self.discount_cents), "allowance": m(self.allowance_cents),
            "cap": m(self.cap_cents), "owed": m(self.royalty_cents), "usage": m(self.usage_cents),
            "total": m(self.total_cents), "tax_withheld": m(self.tax_withheld_cents),
            "payable": m(self.payable_cents), "discounts": list(self.discounts),
            "allowances": list(self.allowances), "caps": list(self.caps),
            "payment_instructions": self.payment_instructions, "notes": list(self.notes),
            "entry_fee": m(self.fee_cents), "fee_credit": m(self.fee_credit_cents),
            "fee_note": self.fee_note,
            "payers": [{"payer": p.payer, "units": p.units, "royalty": m(p.cents)}
                       for p in self.payers],
            "licensee_pays": m(self.licensee_pays_cents),
            "title": self.title, "references": list(self.references),
        }

    def _view(self) -> TableView:
        rows = [[ln.product, ln.country, f"{ln.units:,}", f"{ln.royalty_bearing_units:,}",
                 ln.rate, self.money(ln.royalty_cents)] for ln in self.lines]
        foot = [f"total {self.money(self.total_cents)} {self.currency}, due {self.due}"]
        return TableView(("product", "country", "units", "bearing", "rate", "royalty"), rows,
                         title=f"{self.title} {self.number} to {self.licensee.name} "
                               f"({self.period})",
                         footer=foot)

    def _summary(self) -> str:
        return (f"{self.title.lower()} {self.number}: {self.licensee.id}, {self.period}, "
                f"{self.money(self.total_cents)} {self.currency}")


@attrs.frozen(field_transformer=checked_fields)
class CountryCell:
    """One line of a licensor statement's share by country.

    A cell is one country, or ``other countries`` (``countries`` lists them) where
    the countries' figures came from fewer licensees than the disclosure threshold.
    ``entitlement`` is the member's exact share of the cell (decimal string, two more
    digits than the currency); ``licensees`` is never shown on a statement.
    """

    label: str
    countries: tuple[str, ...] = attrs.field(converter=tuple)
    rows: int
    royalty_cents: int
    member_count: str
    total_count: str
    entitlement: str
    patents: str
    licensees: int


@attrs.frozen
class TaxCredit:
    """Tax withheld at source passed to a licensor (reporting periods)."""

    country: str
    certificate: str
    cents: int


@attrs.frozen(repr=False, field_transformer=checked_fields)
class StatementDocument(Rendered):
    """What one licensor receives for a period, with the audit trail of its share.

    Never carries an individual licensee's figures: the share by country is
    aggregated (:mod:`poolcalc.documents._statement`).  ``net_cents == amount -
    payable (netting) - tax credits``; negative when the member owes the pool.
    """

    period: str
    currency: str
    minor_units: int
    pool: str
    administrator: Party
    member: Party
    scheme: str
    options: Mapping[str, Any] = attrs.field(converter=_map)
    basis: str
    unit: str
    cells: tuple[CountryCell, ...] = attrs.field(converter=tuple)
    audit_columns: tuple[str, ...] = attrs.field(converter=tuple)
    audit_lines: tuple[tuple[str, ...], ...] = attrs.field(converter=tuple)
    collected_cents: int
    administrator_fee_cents: int
    administrator_fee: float
    entitlement: str
    amount_cents: int
    share: float
    own_licensees: tuple[str, ...] = attrs.field(converter=tuple)
    payable_cents: int | None
    tax_credits: tuple[TaxCredit, ...] = attrs.field(default=(), converter=tuple)
    #: Held back for disputes before the split (reporting periods, ``[reporting] reserve``).
    reserve_cents: int = 0
    #: Printed instead of the share by country when there is none to show (periods).
    country_note: str = ""
    merged: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    min_licensees_per_cell: int = 3
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    #: Conversion residues written off in the period (``[reporting] fx_write_off``):
    #: the pool's total and this member's part of it (not collected, so not in
    #: ``collected_cents`` nor ``amount_cents``); None: nothing written off.
    written_off_cents: int | None = None
    written_off_share_cents: int = 0
    kind: ClassVar[str] = "statement"

    @property
    def distributable_cents(self) -> int:
        """Collected - administrator fee - reserve."""
        return self.collected_cents - self.administrator_fee_cents - self.reserve_cents

    @property
    def tax_credit_cents(self) -> int:
        """Sum of the tax credits."""
        return sum(t.cents for t in self.tax_credits)

    @property
    def net_cents(self) -> int:
        """Amount - what its licensees owe (netting) - tax credits passed on."""
        return self.amount_cents - (self.payable_cents or 0) - self.tax_credit_cents

    def money(self, cents: int, grouping: bool = True) -> str:
        """Format minor units in the statement's currency."""
        return format_money(cents, self.minor_units, grouping=grouping)

    def to_dict(self) -> dict[str, Any]:
        """Return the statement as JSON-ready data (money as decimal strings)."""
        m = lambda c: format_money(c, self.minor_units)  # noqa: E731
        return {
            "member": self.member.to_dict(), "period": self.period, "currency": self.currency,
            "scheme": self.scheme, "options": dict(self.options), "basis": self.basis,
            "cells": [{"label": c.label, "countries": list(c.countries), "rows": c.rows,
                       "royalty": m(c.royalty_cents), f"member {self.unit}s": c.member_count,
                       f"total {self.unit}s": c.total_count, "entitlement": c.entitlement,
                       "patents": c.patents} for c in self.cells],
            "audit": {"columns": list(self.audit_columns),
                      "lines": [list(x) for x in self.audit_lines]},
            "collected": m(self.collected_cents),
            "administrator_fee": m(self.administrator_fee_cents),
            "reserve": m(self.reserve_cents), "distributable": m(self.distributable_cents),
            "entitlement": self.entitlement,
            "amount": m(self.amount_cents), "share": round(self.share, 10),
            "own_licensees": list(self.own_licensees),
            "payable": None if self.payable_cents is None else m(self.payable_cents),
            "tax_credits": [{"country": t.country, "certificate": t.certificate,
                             "amount": m(t.cents)} for t in self.tax_credits],
            "net": m(self.net_cents), "merged": list(self.merged),
            **({"country_note": self.country_note} if self.country_note else {}),
            "min_licensees_per_cell": self.min_licensees_per_cell, "notes": list(self.notes),
            **({"written_off": {"total": m(self.written_off_cents),
                                "yours": m(self.written_off_share_cents)}}
               if self.written_off_cents is not None else {}),
        }

    def _view(self) -> TableView:
        rows = [[c.label, f"{c.rows:,}", self.money(c.royalty_cents), c.member_count,
                 c.total_count, c.entitlement] for c in self.cells]
        return TableView(("country", "rows", "royalty", f"member {self.unit}s",
                          f"total {self.unit}s", "entitlement"), rows,
                         title=f"Statement {self.period} for {self.member.name} ({self.scheme})",
                         footer=[f"amount {self.money(self.amount_cents)}, net "
                                 f"{self.money(self.net_cents)} {self.currency}"])

    def _summary(self) -> str:
        return (f"statement {self.member.id}, {self.period}: {self.money(self.amount_cents)} "
                f"{self.currency} under {self.scheme}")

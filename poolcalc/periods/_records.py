"""Records of a period: invoices, payments, tax credits and member shares.

Frozen attrs; money in minor units.  See :mod:`poolcalc.periods._result` for the
period's result that holds them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from poolcalc._money import format_money
from poolcalc.periods._types import SourceFile

__all__ = ["KINDS", "Application", "LineItem", "MemberShare", "Payment", "PeriodInvoice",
           "TaxCredit", "sources_dict"]

#: Kinds of :class:`PeriodInvoice`.
KINDS = ("invoice", "debit_note", "credit_note")


def sources_dict(sources: tuple[SourceFile, ...]) -> list[dict[str, str]]:
    """Return the JSON form of input files (name and sha256)."""
    return [s.to_dict() for s in sources]


@attrs.frozen
class LineItem:
    """One line of an invoice.

    Attributes
    ----------
    kind : str
        ``royalty``, ``usage``, ``correction``, ``audit``, ``interest``, ``entry_fee``,
        ``entry_fee_credit`` or ``metric``.
    description : str
    period : str
        Period whose sales (or late invoice) the line is about.
    cents : int
        Signed amount [minor units] (negative on a credit note).
    units : int
        Units reported (0 for interest).
    """

    kind: str
    description: str
    period: str
    cents: int
    units: int = 0


@attrs.frozen
class PeriodInvoice:
    """An invoice, debit note or credit note issued for a period.

    ``owed_cents`` of the period's royalty invoice is the year-to-date royalty through
    the period minus what the year's earlier periods invoiced (``ytd_cents -
    previously_invoiced_cents``), so annual tiers, caps and allowances hold across
    periods and a year's invoices add up to the annual invoice exactly.

    Attributes
    ----------
    number : str
        Stable number: ``<period>-<licensee>`` for the royalty invoice, with ``-D<n>``
        / ``-C<n>`` (debit / credit note), ``-I<n>`` (interest), ``-A<n>`` (audit),
        ``-U`` (usage), ``-F`` (entry fee), ``-M`` (metric tiers), ``-P-<payer>`` (rows
        paid by another party).
    licensee : str
        Party invoiced: the licensee, or the payer of a ``-P-<payer>`` invoice.
    period : str
        Period the invoice is issued in.
    issued, due : datetime.date
    currency : str
    owed_cents : int
        Signed amount [minor units]; < 0 only on a credit note.
    kind : {"invoice", "debit_note", "credit_note"}
    line_items : tuple of LineItem
    ytd_cents, previously_invoiced_cents : int
        Royalty invoice: year-to-date royalty and the year's earlier invoices.
    amends : str or None
        Period a note corrects (None for a plain invoice).
    sources : tuple of SourceFile
    """

    number: str
    licensee: str
    period: str
    issued: dt.date
    due: dt.date
    currency: str
    owed_cents: int
    kind: str = "invoice"
    line_items: tuple[LineItem, ...] = attrs.field(factory=tuple, converter=tuple)
    ytd_cents: int = 0
    previously_invoiced_cents: int = 0
    amends: str | None = None
    sources: tuple[SourceFile, ...] = attrs.field(factory=tuple, converter=tuple)

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        m = minor_units
        return {
            "invoice": self.number, "licensee": self.licensee, "period": self.period,
            "kind": self.kind, "issued": self.issued.isoformat(), "due": self.due.isoformat(),
            "currency": self.currency, "owed": format_money(self.owed_cents, m),
            "ytd": format_money(self.ytd_cents, m),
            "previously_invoiced": format_money(self.previously_invoiced_cents, m),
            "amends": self.amends,
            "line_items": [
                {"kind": li.kind, "description": li.description, "period": li.period,
                 "amount": format_money(li.cents, m), "units": li.units}
                for li in self.line_items
            ],
            "sources": sources_dict(self.sources),
        }


@attrs.frozen
class Application:
    """Part of a payment applied to one invoice (``invoice`` None: held as credit).

    ``cash_cents + tax_cents`` settles that much of the invoice: the tax withheld at
    source counts as paid by the licensee.
    """

    invoice: str | None
    cash_cents: int
    tax_cents: int = 0

    @property
    def settled_cents(self) -> int:
        return self.cash_cents + self.tax_cents


@attrs.frozen
class Payment:
    """A payment received in the period and how it was applied.

    Attributes
    ----------
    id : str
        ``payments.csv:<line>``; also the payment of a held credit used
        (``credit:<licensee>``).
    licensee : str
    date : datetime.date
    amount_cents : int
        Cash in the pool's currency [minor units] (after conversion).
    currency : str
        Currency paid in; ``original_cents`` its amount, ``fx_rate`` the rate used
        (1.0 when the pool's), ``fx_difference_cents`` the conversion difference
        (converted amount plus tax minus what the named invoice had open; < 0: the
        conversion left that much unpaid, > 0: over-paid, held as credit).
    withheld_tax_cents : int
    tax_country, certificate : str or None
    invoice : str or None
        Invoice named on the payment.
    applications : tuple of Application
    interest_cents : int
        Late-payment interest charged on this payment (an ``-I`` debit note).
    days_late : int
    source : SourceFile or None
    line : int
    written_off_cents : int or None
        Conversion residue written off on the named invoice (``[reporting]
        fx_write_off``; :func:`poolcalc.periods._book._write_off`) [minor units]; None
        when the pool has no tolerance (the field is then not shown).
    """

    id: str
    licensee: str
    date: dt.date
    amount_cents: int
    currency: str
    original_cents: int
    fx_rate: float = 1.0
    withheld_tax_cents: int = 0
    tax_country: str | None = None
    certificate: str | None = None
    invoice: str | None = None
    applications: tuple[Application, ...] = attrs.field(factory=tuple, converter=tuple)
    interest_cents: int = 0
    days_late: int = 0
    fx_difference_cents: int = 0
    source: SourceFile | None = None
    line: int = 0
    written_off_cents: int | None = None

    @property
    def credit_cents(self) -> int:
        """Over-payment held as the licensee's credit."""
        return sum(a.cash_cents for a in self.applications if a.invoice is None)

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        m = minor_units
        return {
            "payment": self.id, "licensee": self.licensee, "date": self.date.isoformat(),
            "amount": format_money(self.amount_cents, m), "currency": self.currency,
            "original_amount": format_money(self.original_cents, m), "fx_rate": self.fx_rate,
            "fx_difference": format_money(self.fx_difference_cents, m),
            "withheld_tax": format_money(self.withheld_tax_cents, m),
            "tax_country": self.tax_country, "certificate": self.certificate,
            "invoice": self.invoice,
            "applied": [
                {"invoice": a.invoice, "cash": format_money(a.cash_cents, m),
                 "tax": format_money(a.tax_cents, m)}
                for a in self.applications
            ],
            "credit_held": format_money(self.credit_cents, m),
            "interest": format_money(self.interest_cents, m), "days_late": self.days_late,
            **({} if self.written_off_cents is None else
               {"written_off": format_money(self.written_off_cents, m)}),
            "sources": sources_dict((self.source,) if self.source else ()),
        }


@attrs.frozen
class TaxCredit:
    """A member's part of the tax withheld on one payment (its certificate)."""

    member: str
    certificate: str
    country: str
    licensee: str
    payment: str
    cents: int

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        return {"member": self.member, "certificate": self.certificate,
                "country": self.country, "licensee": self.licensee,
                "payment": self.payment, "amount": format_money(self.cents, minor_units)}


@attrs.frozen
class MemberShare:
    """One member's distribution of the period.

    ``entitled_cents == gross_cents + fee_cents + reserve_cents`` and ``net_cents ==
    gross_cents - tax_credit_cents`` (the cash paid out; the tax credit is the
    certificate share the member claims from its tax authority).
    """

    member: str
    entitled_cents: int
    fee_cents: int
    reserve_cents: int
    gross_cents: int
    tax_credit_cents: int
    net_cents: int

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        m = minor_units
        return {"member": self.member, "entitled": format_money(self.entitled_cents, m),
                "fee": format_money(self.fee_cents, m),
                "reserve": format_money(self.reserve_cents, m),
                "gross": format_money(self.gross_cents, m),
                "tax_credit": format_money(self.tax_credit_cents, m),
                "net": format_money(self.net_cents, m)}

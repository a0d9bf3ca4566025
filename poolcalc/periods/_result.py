"""Result objects of one administration period (frozen attrs, the result interface).

:class:`PeriodResult` is what :func:`poolcalc.periods.period` returns and ``poolcalc
period DIR --period 2024Q3`` prints: the period's invoices (invoice, debit and credit
notes), the payments received and how they were applied, the tax credits passed to
licensors, the cash distribution per member, member-licensee netting and the
reconciliation.  Every amount is integer minor units (``*_cents``) of the pool's
currency with its parties, and every record names the input file(s) it came from
(:class:`~poolcalc.periods.SourceFile`: name + sha256), so a journal (the ledger)
can post it as is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from poolcalc._args import checked_fields
from poolcalc._format import render_csv, render_json, write_json
from poolcalc._money import format_money, money_formatter
from poolcalc._result import Result, TableView
from poolcalc.periods._countries import CountryShare, PeriodCountries
from poolcalc.periods._json_columns import (
    balances_records,
    invoices_records,
    payments_records,
    shares_records,
)
from poolcalc.periods._records import (
    Application,
    LineItem,
    MemberShare,
    Payment,
    PeriodInvoice,
    TaxCredit,
    sources_dict,
)
from poolcalc.periods._shares import Shares, as_shares
from poolcalc.periods._types import SourceFile

__all__ = [
    "Application",
    "Balance",
    "Check",
    "CountryShare",
    "LineItem",
    "MemberShare",
    "NettingLine",
    "Payment",
    "PeriodCountries",
    "PeriodDistribution",
    "PeriodInvoice",
    "PeriodResult",
    "Reconciliation",
    "TaxCredit",
]

@attrs.frozen
class PeriodDistribution:
    """Cash distributed in the period.

    ``received_cents + withheld_tax_cents == administrator_fee_cents + reserve_cents +
    sum(gross)`` and ``sum(tax_credit) == withheld_tax_cents`` exactly.  ``received``
    is the cash applied to invoices in the period (including held credit used);
    ``by_invoice`` holds the shares (invoice, member, entitled cents), the split by the
    invoice period's counts (a :class:`~poolcalc.periods._shares.Shares`: the tuple of
    those triples, kept as columns).
    """

    received_cents: int
    withheld_tax_cents: int
    administrator_fee_cents: int
    reserve_cents: int
    members: tuple[MemberShare, ...] = attrs.field(factory=tuple, converter=tuple)
    tax_credits: tuple[TaxCredit, ...] = attrs.field(factory=tuple, converter=tuple)
    by_invoice: Shares = attrs.field(factory=tuple, converter=as_shares)
    #: Invoices settled by member-licensee offset in the period (None: netting off).
    netting_offsets_cents: int | None = None
    #: Each member's ``entitled`` by count country (:mod:`poolcalc.periods._countries`);
    #: None: no breakdown (the pool's scheme is not per-country counting).
    countries: tuple[CountryShare, ...] | None = attrs.field(
        default=None, converter=lambda v: None if v is None else tuple(v))
    #: Whether the breakdown by country was asked for (``period(..., by_country=True)``);
    #: without it the members' dicts have no ``countries`` key.
    by_country: bool = False

    def countries_of(self, member: str) -> tuple[CountryShare, ...] | None:
        """Return ``member``'s lines of :attr:`countries` (None: no breakdown)."""
        if self.countries is None:
            return None
        return tuple(c for c in self.countries if c.member == member)

    def _member_dict(self, s: MemberShare, m: int,
                     lines: dict[str, list[CountryShare]] | None) -> dict[str, Any]:
        d = s.to_dict(m)
        if self.by_country:
            got = None if lines is None else lines.get(s.member, [])
            d["countries"] = None if got is None else [c.to_dict(m) for c in got]
        return d

    def _lines_by_member(self) -> dict[str, list[CountryShare]] | None:
        """:attr:`countries` grouped by member in one pass (their order kept)."""
        if self.countries is None:
            return None
        out: dict[str, list[CountryShare]] = {}
        for c in self.countries:
            out.setdefault(c.member, []).append(c)
        return out

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        return self._dict(minor_units, records=False)

    def _dict(self, minor_units: int, *, records: bool) -> dict[str, Any]:
        """:meth:`to_dict`; ``records``: :attr:`by_invoice` as :class:`Records` (output)."""
        m = minor_units
        money = money_formatter(m)  # 10^5-10^6 shares: the argument checks once
        lines = self._lines_by_member() if self.by_country else None
        out = {
            "received": format_money(self.received_cents, m),
            "withheld_tax": format_money(self.withheld_tax_cents, m),
            "administrator_fee": format_money(self.administrator_fee_cents, m),
            "reserve": format_money(self.reserve_cents, m),
            "members": [self._member_dict(s, m, lines) for s in self.members],
            "tax_credits": [t.to_dict(m) for t in self.tax_credits],
            "by_invoice": (shares_records(self.by_invoice, m) if records else
                           [{"invoice": i, "member": mm, "amount": money(c)}
                            for i, mm, c in self.by_invoice]),
        }
        if self.netting_offsets_cents is not None:
            out["netting_offsets"] = format_money(self.netting_offsets_cents, m)
        return out


@attrs.frozen
class NettingLine:
    """A licensee that is a pool member: what it owes against what it receives."""

    member: str
    licensee: str
    owed_cents: int
    receivable_cents: int
    #: Settled by offset in the period, and the member's cash after all its offsets
    #: (None: ``[reporting] netting`` off, the netting is only reported).
    offset_cents: int | None = None
    cash_cents: int | None = None

    @property
    def net_cents(self) -> int:
        """> 0: the pool pays the member; < 0: the member pays the pool."""
        return self.receivable_cents - self.owed_cents

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        m = minor_units
        out: dict[str, Any] = {"member": self.member, "licensee": self.licensee,
                               "owed": format_money(self.owed_cents, m),
                               "receivable": format_money(self.receivable_cents, m),
                               "net": format_money(self.net_cents, m)}
        if self.offset_cents is not None:
            out["settlement"] = {"kind": "netting",
                                 "offset": format_money(self.offset_cents, m),
                                 "cash": format_money(self.cash_cents or 0, m)}
        return out


@attrs.frozen
class Balance:
    """An invoice's state at the period's end (cumulative over all periods).

    ``outstanding = owed - paid - written_off`` [minor units]; ``written_off_cents``
    is the conversion residue written off (``[reporting] fx_write_off``).
    """

    invoice: str
    licensee: str
    period: str
    due: dt.date
    owed_cents: int
    paid_cents: int
    written_off_cents: int = 0

    @property
    def outstanding_cents(self) -> int:
        return self.owed_cents - self.paid_cents - self.written_off_cents


@attrs.frozen
class Check:
    """One reconciliation identity: ``left == right``."""

    name: str
    left_cents: int
    right_cents: int

    @property
    def ok(self) -> bool:
        return self.left_cents == self.right_cents


@attrs.frozen
class Reconciliation:
    """The period's identities (all must hold; computed, never assumed).

    Attributes
    ----------
    invoiced_cents : int
        Everything invoiced through the period's end (notes included, credit notes
        negative).
    paid_cents, outstanding_cents, credited_cents : int
        Settled (cash + tax) on invoices, still open, settled by credit notes.
    credit_held_cents : int
        Over-payments held as credit at the period's end.
    checks : tuple of Check
    written_off_cents : int or None
        Conversion residues written off through the period's end (``[reporting]
        fx_write_off``); None when the pool has no tolerance (not shown).
    """

    invoiced_cents: int
    paid_cents: int
    outstanding_cents: int
    credited_cents: int
    credit_held_cents: int
    checks: tuple[Check, ...] = attrs.field(factory=tuple, converter=tuple)
    written_off_cents: int | None = None

    @property
    def balanced(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        m = minor_units
        return {
            "balanced": self.balanced,
            "invoiced": format_money(self.invoiced_cents, m),
            "paid": format_money(self.paid_cents, m),
            "outstanding": format_money(self.outstanding_cents, m),
            "credited": format_money(self.credited_cents, m),
            "credit_held": format_money(self.credit_held_cents, m),
            **({} if self.written_off_cents is None else
               {"written_off": format_money(self.written_off_cents, m)}),
            "checks": [{"check": c.name, "left": format_money(c.left_cents, m),
                        "right": format_money(c.right_cents, m), "ok": c.ok}
                       for c in self.checks],
        }


@attrs.frozen(repr=False, field_transformer=checked_fields)
class PeriodResult(Result):
    """One period of administration (see the module docstring).

    Attributes
    ----------
    period : str
    start, end : datetime.date
    currency : str
    minor_units : int
    invoices : tuple of PeriodInvoice
        Issued for this period (royalty invoices, debit/credit notes, interest, audits).
    payments : tuple of Payment
        Received in this period, with their applications.
    distribution : PeriodDistribution
    netting : tuple of NettingLine
    balances : tuple of Balance
        Every invoice issued so far and what was paid on it.
    reconciliation : Reconciliation
    sources : tuple of SourceFile
    notes : tuple of str
    """

    period: str
    start: dt.date
    end: dt.date
    currency: str
    minor_units: int
    invoices: tuple[PeriodInvoice, ...] = attrs.field(converter=tuple)
    payments: tuple[Payment, ...] = attrs.field(converter=tuple)
    distribution: PeriodDistribution
    netting: tuple[NettingLine, ...] = attrs.field(factory=tuple, converter=tuple)
    balances: tuple[Balance, ...] = attrs.field(factory=tuple, converter=tuple)
    reconciliation: Reconciliation = attrs.field(default=None)
    sources: tuple[SourceFile, ...] = attrs.field(factory=tuple, converter=tuple)
    notes: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)

    def invoice(self, number: str) -> PeriodInvoice:
        """Return the period's invoice ``number`` (KeyError if none)."""
        for inv in self.invoices:
            if inv.number == number:
                return inv
        raise KeyError(number)

    def member(self, member: str) -> MemberShare:
        """Return the distribution of ``member`` (KeyError if none)."""
        for s in self.distribution.members:
            if s.member == member:
                return s
        raise KeyError(member)

    def by_country(self) -> PeriodCountries:
        """Return the members' entitlements by country as a result (to_dict, to_csv, ...).

        Its ``shares`` are :attr:`PeriodDistribution.countries` (empty, with the reason
        in ``notes``, when the pool's scheme is not per-country counting).
        """
        got = self.distribution.countries
        if not self.distribution.by_country:
            why = ("no breakdown by country: computed without it (poolcalc.period(..., "
                   "by_country=True); poolcalc period --by-country)",)
            return PeriodCountries(self.period, self.currency, self.minor_units, (), why)
        return PeriodCountries(self.period, self.currency, self.minor_units, got or (),
                               () if got is not None else self.notes)

    def to_dict(self) -> dict[str, Any]:
        return self._dict(records=False)

    def to_json(self) -> str:
        """Return ``render_json(self.to_dict())``: the same text, written faster.

        The invoices, payments, balances and the distribution's shares by invoice (one
        per invoice and member: 5x10^5 for 10^4 paid invoices among 50 members) go to
        the writer as columns (:mod:`poolcalc.periods._json_columns`), not as one dict
        each.
        """
        return render_json(self._dict(records=True))

    def write_json(self, stream: Any) -> None:
        """Write :meth:`to_json` to ``stream`` (``write(str)``) a part at a time.

        The same text, never held as one string (a quarter's report is 76 MB for
        10^4 paid invoices among 50 members): ``poolcalc period --format json``.
        """
        write_json(self._dict(records=True), stream)

    def _dict(self, *, records: bool) -> dict[str, Any]:
        m = self.minor_units
        money = money_formatter(m)
        written_off = self.reconciliation.written_off_cents is not None
        return {
            "period": self.period, "start": self.start.isoformat(),
            "end": self.end.isoformat(), "currency": self.currency,
            "invoices": (invoices_records(self.invoices, m) if records else
                         [i.to_dict(m) for i in self.invoices]),
            "payments": (payments_records(self.payments, m) if records else
                         [p.to_dict(m) for p in self.payments]),
            "distribution": self.distribution._dict(m, records=records),
            "netting": [n.to_dict(m) for n in self.netting],
            "balances": (balances_records(self.balances, m, written_off) if records else
                         [{"invoice": b.invoice, "licensee": b.licensee, "period": b.period,
                           "due": b.due.isoformat(), "owed": money(b.owed_cents),
                           "paid": money(b.paid_cents),
                           "outstanding": money(b.outstanding_cents),
                           **({"written_off": money(b.written_off_cents)} if written_off
                              else {})}
                          for b in self.balances]),
            "reconciliation": self.reconciliation.to_dict(m),
            "sources": sources_dict(self.sources),
            "notes": list(self.notes),
        }

    def _summary(self) -> str:
        d = self.distribution
        return (f"{self.period}: {len(self.invoices)} invoices, {len(self.payments)} payments, "
                f"received {format_money(d.received_cents, self.minor_units)} {self.currency}, "
                f"balanced={self.reconciliation.balanced}")

    def _rows(self) -> list[tuple[Any, ...]]:
        m = self.minor_units
        rows: list[tuple[Any, ...]] = []
        for i in self.invoices:
            rows.append(("invoice", i.number, i.licensee, i.kind, i.due.isoformat(),
                         format_money(i.owed_cents, m)))
        for p in self.payments:
            rows.append(("payment", p.id, p.licensee, p.invoice or "oldest open",
                         p.date.isoformat(), format_money(p.amount_cents, m)))
            if p.withheld_tax_cents:
                rows.append(("withheld", p.certificate or "", p.licensee, p.tax_country or "",
                             p.date.isoformat(), format_money(p.withheld_tax_cents, m)))
        d = self.distribution
        for s in d.members:
            rows.append(("member", s.member, "net cash",
                         "gross " + format_money(s.gross_cents, m),
                         "tax credit " + format_money(s.tax_credit_cents, m),
                         format_money(s.net_cents, m)))
        if self.reconciliation.written_off_cents is None:
            return rows
        # [reporting] fx_write_off: a last column, the residue written off by a payment
        off = {p.id: format_money(p.written_off_cents or 0, m) for p in self.payments}
        return [(*r, off.get(r[1], "") if r[0] == "payment" else "") for r in rows]

    def _records(self) -> list[dict[str, Any]]:
        """One row per invoice, payment and member share, money in ``*_cents``."""
        recs: list[dict[str, Any]] = []
        for i in self.invoices:
            recs.append({"record": "invoice", "id": i.number, "party": i.licensee,
                         "kind": i.kind, "date": i.due, "amount_cents": i.owed_cents,
                         "tax_cents": 0, "net_cents": i.owed_cents})
        for p in self.payments:
            recs.append({"record": "payment", "id": p.id, "party": p.licensee,
                         "kind": p.invoice or "oldest open", "date": p.date,
                         "amount_cents": p.amount_cents, "tax_cents": p.withheld_tax_cents,
                         "net_cents": p.amount_cents})
        for sh in self.distribution.members:
            recs.append({"record": "member", "id": sh.member, "party": sh.member,
                         "kind": "distribution", "date": self.end,
                         "amount_cents": sh.gross_cents, "tax_cents": sh.tax_credit_cents,
                         "net_cents": sh.net_cents})
        if self.reconciliation.written_off_cents is not None:  # [reporting] fx_write_off
            off = {p.id: p.written_off_cents or 0 for p in self.payments}
            for r in recs:
                r["written_off_cents"] = off.get(r["id"], 0) if r["record"] == "payment" else 0
        return recs

    def _view(self) -> TableView:
        m, d, r = self.minor_units, self.distribution, self.reconciliation
        footer = [
            f"received {format_money(d.received_cents, m)} + withheld tax "
            f"{format_money(d.withheld_tax_cents, m)} = fee "
            f"{format_money(d.administrator_fee_cents, m)} + reserve "
            f"{format_money(d.reserve_cents, m)} + distributed (gross) "
            f"{format_money(sum(s.gross_cents for s in d.members), m)}",
            *(f"{'ok ' if c.ok else 'FAIL'} {c.name}: {format_money(c.left_cents, m)} = "
              f"{format_money(c.right_cents, m)}" for c in r.checks),
            f"reconciliation: {'balanced' if r.balanced else 'NOT BALANCED'}",
            *self.notes,
        ]
        off = () if r.written_off_cents is None else ("written_off",)
        return TableView(
            headers=("record", "id", "party", "kind", "date", f"amount {self.currency}", *off),
            rows=self._rows(), title=f"Period {self.period} ({self.start} .. {self.end})",
            align=("l", "l", "l", "l", "l", "r", *("r" for _ in off)), footer=footer,
        )

    def to_csv(self) -> str:
        """Return the table as CSV (``--format csv``)."""
        view = self._view()
        return render_csv(view.headers, view.rows)

"""The records of the administrator's book: invoices entered, settlements, tax shares.

:class:`Entry` is an invoice in the book with its member weights and what settled it;
:class:`Settlement` is cents of an invoice settled in a period (cash, tax, credit,
note, netting, transfer); :class:`TaxShare` is the tax withheld on one payment and the
invoices it settled; :class:`Book` holds them all up to a period's end.
:func:`poolcalc.periods._book.run_book` fills the book period by period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction

import attrs

from poolcalc.periods._mix import Mix
from poolcalc.periods._records import Payment, PeriodInvoice

__all__ = ["Book", "Entry", "SameAs", "Settlement", "TaxShare"]


@attrs.define(eq=False)
class Entry:
    """An invoice in the book with its member weights and what settled it.

    ``number``, ``licensee``, ``period``, ``due`` and ``owed`` [minor units] are the
    invoice's fields the book works with; the :class:`PeriodInvoice` itself (line
    items and their texts) is built on first use of :attr:`invoice` (``build()``), so
    the earlier periods' invoices, which a period's result does not show, are never
    built.  ``weights`` are computed on first use (``make_weights()``): only the
    invoices settled in the period asked for need them.  ``mix`` is None while the
    open amount is the invoice's own (by its weights); once credit notes are folded
    into it, the open amount as invoice number -> cents of that invoice's weights
    (:mod:`poolcalc.periods._mix`).  ``open = owed - paid - credited - written_off``
    [minor units].  Entries compare by identity.
    """

    number: str
    licensee: str
    period: str
    due: dt.date
    owed: int
    build: Callable[[], PeriodInvoice] | None
    make_weights: Callable[[], dict[str, int]]
    paid: int = 0
    credited: int = 0
    #: conversion residue written off (``[reporting] fx_write_off``): closed, not paid
    written_off: int = 0
    _weights: dict[str, int] | None = None
    _country_weights: dict[tuple[str | None, str], int] | None = None
    mix: dict[str, Fraction] | None = None
    _invoice: PeriodInvoice | None = None

    @classmethod
    def of(cls, invoice: PeriodInvoice, make_weights: Callable[[], dict[str, int]]) -> Entry:
        """Return the entry of an invoice already built."""
        return cls(invoice.number, invoice.licensee, invoice.period, invoice.due,
                   invoice.owed_cents, None, make_weights, invoice=invoice)

    @property
    def invoice(self) -> PeriodInvoice:
        """Return the invoice (built on first use)."""
        if self._invoice is None:
            assert self.build is not None
            self._invoice = self.build()
            self.build = None
        return self._invoice

    @property
    def weights(self) -> dict[str, int]:
        """Member -> integer weight, proportional to its exact cents of the invoice."""
        if self._weights is None:
            self._weights = self.make_weights()
        return self._weights

    @property
    def country_weights(self) -> dict[tuple[str | None, str], int]:
        """(count country, member) -> integer weight, on the scale of :attr:`weights`.

        ``sum_c country_weights[c, i] == weights[i]`` exactly.  From
        ``make_weights.by_country()`` where the weights come from counted rows; country
        None where the amount has no rows (entry fee, metric royalty) or the rows'
        weights are fixed-point (beyond the exact limit): not by country.
        """
        if self._country_weights is None:
            by = getattr(self.make_weights, "by_country", None)
            got = by() if by is not None else None
            self._country_weights = (got if got is not None
                                     else {(None, m): v for m, v in self.weights.items()})
        return self._country_weights

    @property
    def open(self) -> int:
        return self.owed - self.paid - self.credited - self.written_off

    def take(self, cents: int) -> Mix | None:
        """Return what ``cents`` settling the open amount pay (None: the invoice's own).

        Call before recording the settlement: the part ``cents / open`` of every term
        of the mix is taken, the rest keeps its proportions.
        """
        if self.mix is None:
            return None
        o = self.open
        part = tuple((n, b * cents / o) for n, b in self.mix.items())
        self.mix = {n: b * (o - cents) / o for n, b in self.mix.items()}
        return part

    def fold(self, notes: list[tuple[str, int]]) -> None:
        """Fold credit notes' cents (number, cents > 0) into the open amount.

        Call before recording the set-off (``credited += sum cents``).
        """
        if self.mix is None:
            self.mix = {self.number: Fraction(self.open)}
        for n, c in notes:
            self.mix[n] = self.mix.get(n, Fraction(0)) - c


@attrs.frozen(eq=False)
class SameAs:
    """Weights of another entry (an interest note is split by the late invoice's counts)."""

    entry: Entry

    def __call__(self) -> dict[str, int]:
        return self.entry.weights

    def by_country(self) -> dict[tuple[str | None, str], int]:
        """Return the other entry's weights by country."""
        return self.entry.country_weights


@attrs.frozen
class Settlement:
    """``cents`` of ``invoice`` settled in ``period`` (kind cash, tax, credit, note, transfer).

    ``mix``: what the cents paid when credit notes were folded into the invoice (None:
    the invoice's own weights).  ``note`` set-offs are not distributed (no cash
    moved); a ``transfer`` (0 cents) is what is left of a mix when a set-off closes
    the invoice.
    """

    period: str
    invoice: str
    cents: int
    kind: str
    mix: Mix | None = None


@attrs.frozen
class TaxShare:
    """Tax withheld on one payment and the invoices it settled (for the credits)."""

    period: str
    payment: str
    licensee: str
    certificate: str
    country: str
    cents: int
    settled: tuple[tuple[str, int], ...]
    mixes: tuple[Mix | None, ...] = ()


@attrs.define
class Book:
    """Everything issued and settled up to a period's end."""

    entries: dict[str, Entry] = attrs.field(factory=dict)
    settlements: list[Settlement] = attrs.field(factory=list)
    taxes: list[TaxShare] = attrs.field(factory=list)
    payments: dict[str, list[Payment]] = attrs.field(factory=lambda: defaultdict(list))
    credit_cash: dict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    credit_note: dict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    credit_added: dict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    cash_in: dict[str, int] = attrs.field(factory=lambda: defaultdict(int))
    issued: dict[str, list[str]] = attrs.field(factory=lambda: defaultdict(list))
    by_licensee: dict[str, list[Entry]] = attrs.field(factory=lambda: defaultdict(list))
    pending: dict[str, list[tuple[str, Mix]]] = attrs.field(factory=lambda: defaultdict(list))
    #: (period, reporting terms, (label, issued, due)) of the last invoice issued
    dates_memo: tuple | None = None

    def add(self, number: str, entry: Entry) -> None:
        """Record an issued invoice."""
        self.entries[number] = entry
        self.by_licensee[entry.licensee].append(entry)
        self.issued[entry.period].append(number)

    def open_of(self, licensee: str) -> list[Entry]:
        """Return the licensee's open invoices, oldest (due date, number) first."""
        es = [e for e in self.by_licensee.get(licensee, ()) if e.open > 0]
        return sorted(es, key=lambda e: (e.due, e.number))

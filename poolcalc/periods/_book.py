r"""The administrator's book: invoices issued and payments applied, period by period.

:func:`run_book` walks the periods from the first one with sales to the one asked
for.  In each period ``k``, in this order:

1. the payments dated in ``k`` (by date, then file line) are converted to the
   pool's currency (``fx.csv``, rate of the payment date, half-up to the cent) and,
   with the tax withheld at source (which counts as paid by the licensee), applied
   to the invoice they name, then to the licensee's oldest open invoices (by due
   date, then number); what is left is held as the licensee's credit.  The tax is
   shared among the invoices a payment settles in proportion to what it settles
   there (largest remainder).  A part paid after the due date bears simple interest
   ``round_half_up(a * r * d / 365)`` (``a`` cents, ``d`` days late, ``interest_rate``
   r), invoiced at once as an ``-I`` debit note.  What a converted payment leaves
   open on the invoice it names, ``0 < o <= [reporting] fx_write_off``, is written off
   (:func:`_write_off`: closed, not distributed);
2. the period's invoices are issued (their numbers, issue and due dates from
   ``[reporting]``): the royalty invoices ``V_k(k) - V_k(k-1)`` (net of entry-fee
   credits; rows paid by others invoiced to their payer), entry-fee and metric-tier
   invoices (:mod:`poolcalc.periods._royalty`) and the correction notes of amended
   reports and audits (:mod:`poolcalc.periods._views`);
3. held credit (over-payments, credit notes) is applied to the licensee's open invoices,
   oldest first; a credit note set against an open invoice is folded into what it is
   made of (:mod:`poolcalc.periods._mix`), distributed only when cash pays it;
4. ``settle(book, k)``: member-licensee netting (:mod:`poolcalc.periods._netting`).

Every settlement is recorded with its period, so a period's distribution is what was
settled in it, and nothing recorded for a period changes when later periods are added.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from fractions import Fraction

from poolcalc._money import format_money
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool, ReportingTerms
from poolcalc.periods._entries import Book, Entry, SameAs, Settlement, TaxShare
from poolcalc.periods._fees import FeeViews, credit_notes
from poolcalc.periods._metric import metric_notes, metric_years
from poolcalc.periods._mix import scale
from poolcalc.periods._payers import payer_parts
from poolcalc.periods._records import Application, LineItem, Payment, PeriodInvoice
from poolcalc.periods._royalty import royalty_invoices
from poolcalc.periods._types import (
    AuditFinding,
    PaymentRecord,
    Period,
    PeriodInputs,
    parse_period,
    periods_of_year,
)
from poolcalc.periods._views import DiffOf, DiffWeights, sales_years, view_key

__all__ = ["Book", "Entry", "Settlement", "TaxShare", "run_book"]


def exact_fraction(x: float) -> Fraction:
    """Return a rate at its decimal value (``0.1`` is exactly 1/10)."""
    return Fraction(repr(float(x)))


def _round_half_up(x: Fraction) -> int:
    return int(math.floor(abs(x) + Fraction(1, 2))) * (1 if x >= 0 else -1)


def _split(amount: int, weights: list[int], keys: list[str]) -> list[int]:
    """Split ``amount`` by non-negative integer weights, largest remainder."""
    total = sum(weights)
    if total <= 0:
        return [0] * len(weights)
    base = [amount * w // total for w in weights]
    rem = [amount * w % total for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-rem[i], keys[i]))
    for i in order[: amount - sum(base)]:
        base[i] += 1
    return base


def _convert(rec: PaymentRecord, pool: Pool, inputs: PeriodInputs) -> tuple[int, float]:
    """Cash of ``rec`` in the pool's currency [minor units] and the rate used."""
    if rec.currency == pool.currency:
        return rec.amount_cents, 1.0
    for fx in inputs.fx:
        if fx.currency == rec.currency and fx.date == rec.date:
            amount = _round_half_up(Fraction(rec.amount_cents) * exact_fraction(fx.rate))
            return amount, fx.rate
    where = f"{rec.source.name if rec.source else 'payments'}:{rec.line}"
    raise InvalidInputError(
        f"{where}: field currency: no fx.csv rate for {rec.currency} on {rec.date}, "
        f"got {rec.currency!r}"
    )


def _apply_payment(book: Book, pool: Pool, inputs: PeriodInputs, k: Period,
                   rec: PaymentRecord) -> None:
    cash, rate = _convert(rec, pool, inputs)
    tax = int(rec.withheld_tax_cents or 0)
    if rate != 1.0 and tax:
        tax = _round_half_up(Fraction(tax) * exact_fraction(rate))
    targets: list[Entry] = []
    named: Entry | None = None
    named_open = 0
    if rec.invoice is not None:
        named = book.entries.get(rec.invoice)
        if named is None or named.licensee != rec.licensee:
            where = f"{rec.source.name if rec.source else 'payments'}:{rec.line}"
            raise InvalidInputError(
                f"{where}: field invoice: no invoice of {rec.licensee} with that number "
                f"issued by {rec.date}, got {rec.invoice!r}"
            )
        targets.append(named)
        named_open = named.open
    # by identity: an Entry compares by value (its invoice's fields)
    targets += [e for e in book.open_of(rec.licensee) if e is not named]
    left = cash + tax
    parts: list[tuple[Entry, int]] = []
    for e in targets:
        if left <= 0:
            break
        a = min(left, e.open)
        if a > 0:
            parts.append((e, a))
            left -= a
    if left > cash:
        where = f"{rec.source.name if rec.source else 'payments'}:{rec.line}"
        raise InvalidInputError(
            f"{where}: field withheld_tax: tax withheld exceeds what the licensee owed, "
            f"got {rec.withheld_tax_cents}"
        )
    tax_parts = (_split(tax, [a for _, a in parts], [e.number for e, _ in parts])
                 if tax else [0] * len(parts))
    apps, interest, late, mixes = [], 0, 0, []
    for (e, a), t in zip(parts, tax_parts, strict=True):
        mix = e.take(a)
        mixes.append(mix)
        e.paid += a
        apps.append(Application(e.number, a - t, t))
        book.settlements.append(Settlement(k.label, e.number, a - t, "cash",
                                           scale(mix, a - t, a)))
        if t:
            book.settlements.append(Settlement(k.label, e.number, t, "tax",
                                               scale(mix, t, a)))
        days = (rec.date - e.due).days
        if days > 0 and inputs.reporting.interest_rate > 0:
            i = _round_half_up(Fraction(a) * exact_fraction(inputs.reporting.interest_rate)
                               * days / 365)
            if i:
                interest += i
                late = max(late, days)
                _issue_interest(book, pool, inputs, k, rec, e, a, days, i)
    fx_diff = cash + tax - named_open if rate != 1.0 and rec.invoice is not None else 0
    written = _write_off(named, cash, fx_diff, rate, inputs.reporting.write_off_cents(
        pool.minor_units))
    if left:
        apps.append(Application(None, left, 0))
        book.credit_cash[rec.licensee] += left
        book.credit_added[k.label] += left
    book.cash_in[k.label] += cash
    if tax:
        book.taxes.append(TaxShare(
            k.label, rec.id, rec.licensee, rec.certificate or "", rec.tax_country or "", tax,
            tuple((a.invoice, a.settled_cents) for a in apps if a.invoice is not None),
            tuple(mixes),
        ))
    book.payments[k.label].append(Payment(
        id=rec.id, licensee=rec.licensee, date=rec.date, amount_cents=cash,
        currency=rec.currency, original_cents=rec.amount_cents, fx_rate=rate,
        withheld_tax_cents=tax, tax_country=rec.tax_country, certificate=rec.certificate,
        invoice=rec.invoice, applications=tuple(apps), interest_cents=interest,
        days_late=late, fx_difference_cents=fx_diff, source=rec.source, line=rec.line,
        written_off_cents=written,
    ))


def _write_off(named: Entry | None, cash: int, fx_diff: int, rate: float,
               tolerance: int) -> int | None:
    """Write off what a converted payment left open on the invoice it names.

    With ``d = C + T - O`` the conversion difference (cash converted plus tax minus
    what the named invoice had open, minor units) and ``W`` the tolerance
    (``[reporting] fx_write_off`` in minor units), a payment in another currency
    (``rate != 1``, ``C > 0``) with ``0 < -d <= W`` closes the invoice: ``o = -d``
    is written off (:attr:`Entry.written_off`), no settlement is recorded for it, so
    nothing is distributed for ``o`` and the members bear it pro rata by not receiving
    it (a folded credit-note mix loses the part ``o / open``, :meth:`Entry.take`).
    Returns ``o`` (0: nothing written off), or None when ``W == 0`` (the key unset:
    the payment record does not show the field).
    """
    if tolerance <= 0:
        return None
    o = -fx_diff
    if named is None or rate == 1.0 or cash <= 0 or not 0 < o <= tolerance or named.open != o:
        return 0
    named.take(o)  # what o would have paid: never distributed
    named.written_off += o
    return o


def _issue_interest(book: Book, pool: Pool, inputs: PeriodInputs, k: Period,
                    rec: PaymentRecord, late: Entry, paid: int, days: int, cents: int) -> None:
    n = 1 + sum(1 for x in book.entries if x.startswith(f"{k.label}-{rec.licensee}-I"))
    number = f"{k.label}-{rec.licensee}-I{n}"
    rate = inputs.reporting.interest_rate
    item = LineItem("interest", f"interest {rate * 100:g} % a year on "
                    f"{format_money(paid, pool.minor_units)} paid {days} days after "
                    f"{late.due} ({late.number})", late.period, cents)
    inv = PeriodInvoice(
        number=number, licensee=rec.licensee, period=k.label, issued=rec.date,
        due=rec.date + dt.timedelta(days=inputs.reporting.payment_due_days),
        currency=pool.currency, owed_cents=cents, kind="debit_note", line_items=(item,),
        amends=late.period, sources=tuple(x for x in (rec.source,) if x),
    )
    book.add(number, Entry.of(inv, SameAs(late)))  # by the late invoice's counts


def _dates(k: Period, terms: ReportingTerms) -> tuple[str, dt.date, dt.date]:
    """Label, issue date and due date of the invoices of period ``k``."""
    return _dates_of(k, terms.report_due_days, terms.payment_due_days)


@functools.lru_cache(maxsize=256)
def _dates_of(k: Period, report_days: int, pay_days: int) -> tuple[str, dt.date, dt.date]:
    return (k.label, k.end + dt.timedelta(days=report_days),
            k.end + dt.timedelta(days=pay_days))


def _issue(book: Book, pool: Pool, inputs: PeriodInputs, k: Period, number: str,
           licensee: str, owed: int, kind_line: str,
           items: list[LineItem] | Callable[[], list[LineItem]],
           weights: Callable[[], dict[str, int]], *, ytd: int = 0, prev: int = 0,
           amends: str | None = None) -> None:
    """Enter one invoice of period ``k`` into ``book``.

    ``items`` are its line items, or a callable returning them: the
    :class:`PeriodInvoice` is built when first asked for (:attr:`Entry.invoice`).
    """
    kind = "invoice" if kind_line == "royalty" else ("debit_note" if owed > 0 else "credit_note")
    if kind_line == "royalty" and owed < 0:
        kind = "credit_note"
    memo = book.dates_memo  # the same period's dates for all its invoices
    if memo is None or memo[0] is not k or memo[1] is not inputs.reporting:
        memo = book.dates_memo = (k, inputs.reporting, _dates(k, inputs.reporting))
    label, issued, due = memo[2]
    build = functools.partial(_invoice, number, licensee, label, issued, due, pool.currency,
                              owed, kind, items, ytd, prev, amends, inputs.sources)
    book.add(number, Entry(number, licensee, label, due, owed, build, weights))


def _invoice(number: str, licensee: str, label: str, issued: dt.date, due: dt.date,
             currency: str, owed: int, kind: str,
             items: list[LineItem] | Callable[[], list[LineItem]], ytd: int, prev: int,
             amends: str | None, sources: tuple) -> PeriodInvoice:
    return PeriodInvoice(
        number=number, licensee=licensee, period=label, issued=issued, due=due,
        currency=currency, owed_cents=owed, kind=kind,
        line_items=tuple(items() if callable(items) else items), ytd_cents=ytd,
        previously_invoiced_cents=prev, amends=amends, sources=sources,
    )


def _use_credit(book: Book, k: Period) -> None:
    """Apply held credit (credit notes first, then cash) to open invoices, oldest first."""
    # negative invoices (credit notes) become credit as soon as they are issued
    for number in book.issued[k.label]:
        e = book.entries[number]
        if e.owed < 0 and e.open < 0:
            book.credit_note[e.licensee] += -e.open
            e.credited += e.open  # now fully "credited": open == 0
    for lic in sorted(lic for lic in set(book.credit_note) | set(book.credit_cash)
                      if book.credit_note.get(lic) or book.credit_cash.get(lic)):
        notes = [e for e in book.by_licensee.get(lic, ()) if e.owed < 0]
        for e in book.open_of(lic):
            c = min(book.credit_note[lic], e.open)
            if c > 0:
                book.credit_note[lic] -= c
                e.fold(_take_from_notes(book, k, notes, c))
                e.credited += c
                book.settlements.append(Settlement(k.label, e.number, c, "note"))
                if e.open == 0:  # what is left sums to 0: a transfer, with the next cash
                    book.pending[lic].append((e.number, tuple(e.mix.items())))
                    e.mix = {}
            c = min(book.credit_cash[lic], e.open)
            if c > 0:
                book.credit_cash[lic] -= c
                mix = e.take(c)
                e.paid += c
                book.settlements.append(Settlement(k.label, e.number, c, "credit",
                                                   mix))


def _release(book: Book, k: Period) -> None:
    """Distribute pending transfers of the licensees that paid (cash or tax) in ``k``."""
    if not any(book.pending.values()):
        return
    paid = {book.entries[s.invoice].licensee for s in book.settlements
            if s.period == k.label and s.kind in ("cash", "tax", "credit") and s.cents}
    for lic in sorted(paid):
        for number, mix in book.pending.pop(lic, ()):
            book.settlements.append(Settlement(k.label, number, 0, "transfer", mix))


def _take_from_notes(book: Book, k: Period, notes: list[Entry],
                     cents: int) -> list[tuple[str, int]]:
    """Charge ``cents`` of used credit to the licensee's credit notes (oldest first).

    Returns the (credit note, cents) charged.
    """
    charged: list[tuple[str, int]] = []
    for e in sorted(notes, key=lambda e: e.number):
        used = -sum(s.cents for s in book.settlements
                    if s.invoice == e.number and s.kind == "note")
        room = -e.owed - used
        c = min(room, cents)
        if c > 0:
            book.settlements.append(Settlement(k.label, e.number, -c, "note"))
            charged.append((e.number, c))
            cents -= c
        if cents == 0:
            return charged
    return charged


def run_book(pool: Pool, inputs: PeriodInputs, target: Period,
             settle: Callable[[Book, Period], None] = lambda book, k: None) -> Book:
    """Issue and settle every period through ``target``; ``settle(book, k)`` ends each."""
    kind = inputs.reporting.period
    years = sorted(set(sales_years(pool.sales)) | metric_years(pool) | {target.year})
    first = years[0]
    periods = [p for y in range(first, target.year + 1) for p in periods_of_year(y, kind)
               if p <= target]
    view = FeeViews(pool, inputs)  # year-to-date views, net of entry-fee credits
    payments = sorted(inputs.payments, key=lambda r: (r.date, r.line))
    if payments and periods and payments[0].date < periods[0].start:
        rec = payments[0]
        raise InvalidInputError(
            f"{rec.source.name if rec.source else 'payments'}:{rec.line}: field date: "
            f"payment before the first reporting period ({periods[0].label}, from "
            f"{periods[0].start}): there is no invoice to apply it to, got "
            f"'{rec.date.isoformat()}'"
        )
    book = Book()
    prev_k: Period | None = None
    for k in periods:
        lo, hi = k.start, k.end  # k.contains, with the dates once per period
        for rec in payments:
            if lo <= rec.date <= hi:
                _apply_payment(book, pool, inputs, k, rec)
        royalty_invoices(book, pool, inputs, k, view, _issue)
        if prev_k is not None:
            _correction_notes(book, pool, inputs, k, prev_k, view)
            credit_notes(book, pool, inputs, k, prev_k, view, _issue)  # fee credits moved
        metric_notes(book, pool, inputs, k, prev_k, _issue)  # amended metric reports
        _use_credit(book, k)
        _release(book, k)
        settle(book, k)
        prev_k = k
    return book


def _correction_notes(book: Book, pool: Pool, inputs: PeriodInputs, k: Period,
                      prev_k: Period, view) -> None:
    """Debit/credit notes for corrections known at ``k`` and not at ``prev_k``."""
    kind = inputs.reporting.period
    targets = []
    for y in sales_years(pool.sales):
        if y < k.year:
            targets.append(periods_of_year(y, kind)[-1])
        elif y == k.year and k.previous() is not None:
            targets.append(k.previous())
    audited = {a.licensee: a for a in inputs.audits if prev_k.end < a.closed <= k.end}
    for t in targets:
        if view_key(inputs, k, t) == view_key(inputs, prev_k, t):
            continue
        new, old = view(k, t), view(prev_k, t)
        dw = DiffWeights(new, old)
        filed = [a for a in (*inputs.amendments, *inputs.audits)
                 if prev_k.end < getattr(a, "filed", getattr(a, "closed", None)) <= k.end
                 and parse_period(a.period, kind).year == t.year]
        paid = payer_parts(new, old)  # rows paid by others: the payers' notes
        for lic in sorted(set(new.owed) | set(old.owed) | set(paid)):
            diff = new.owed.get(lic, 0) - old.owed.get(lic, 0)
            w: Callable[[], dict[str, int]] = DiffOf(dw, lic)
            notes: list[tuple[str, str, int, Callable[[], dict[str, int]], str]] = []
            for who, cents, _, _, _, pw in paid.get(lic, ()):
                if who == lic:  # the licensee's own rows
                    w = pw
                    continue
                diff -= cents
                if cents:
                    notes.append((who, f"{k.label}-{lic}-P-{who}-", cents, pw,
                                  f" ({lic}'s rows paid by {who})"))
            if diff:
                notes.insert(0, (lic, f"{k.label}-{lic}-", diff, w, ""))
            if not notes:
                continue
            is_audit = lic in audited
            own = sorted({a.period for a in filed if a.licensee == lic})
            what = ", ".join(own) or ", ".join(sorted({a.period for a in filed}))
            if own:
                text = f"{'audit of' if is_audit else 'amended report for'} {what}"
            else:  # an affiliate's correction moves the enterprise's tiers and caps
                text = "re-priced (enterprise tiers and caps) after corrections: " + ", ".join(
                    f"{a.licensee} {a.period}" for a in filed)
            for to, stem, cents, weights, by in notes:
                _note(book, pool, inputs, k, (to, stem, cents, weights),
                      audited[lic] if is_audit else None, text + by, what)


def _note(book: Book, pool: Pool, inputs: PeriodInputs, k: Period,
          note: tuple[str, str, int, Callable[[], dict[str, int]]],
          audit: AuditFinding | None, text: str, what: str) -> None:
    """Issue one correction note ``(addressee, number stem, cents, weights)`` in ``k``.

    An audit's note with back royalties ``b > 0`` adds simple interest from the
    audited period's due date to the day the audit closed,
    ``round_half_up(b * r * d / 365)`` (``interest_rate`` r): each party's note bears
    the interest on its own back royalties.
    """
    to, stem, diff, weights = note
    kind = inputs.reporting.period
    items = [LineItem("audit" if audit is not None else "correction", text, what, diff)]
    owed = diff
    if audit is not None and diff > 0 and inputs.reporting.interest_rate > 0:
        was_due = (parse_period(audit.period, kind).end
                   + dt.timedelta(days=inputs.reporting.payment_due_days))
        days = (audit.closed - was_due).days
        i = _round_half_up(Fraction(diff) * exact_fraction(inputs.reporting.interest_rate)
                           * max(days, 0) / 365)
        if i:
            items.append(LineItem(
                "interest", f"interest on back royalties from {was_due} to "
                f"{audit.closed} ({days} days)", audit.period, i))
            owed += i
    tag = "A" if audit is not None else ("D" if diff > 0 else "C")
    n = 1 + sum(1 for x in book.entries if x.startswith(f"{stem}{tag}"))
    _issue(book, pool, inputs, k, f"{stem}{tag}{n}", to, owed, "note", items, weights,
           amends=what)

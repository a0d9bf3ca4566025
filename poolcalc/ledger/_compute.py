"""The entries of a period, computed from a pool.

Quarters and halves (and a year when the pool reports yearly, ``[reporting] period =
"year"``) come from the reporting-periods computation, :func:`poolcalc.periods.period`,
on the cash basis: what a period distributes is the cash received in it plus the tax
withheld at source.  Accounts (debit minus credit is an account's balance):

=====================  ================================  ===============================
entry                  debit                             credit
=====================  ================================  ===============================
invoice, interest      ``licensee:L``                    ``pool:royalties``
debit / credit note    ``licensee:L`` / ``pool:royalties``  (reversed for a credit note),
                       kind ``adjustment``, ``ref_period`` the period it corrects
payment (cash)         ``pool:cash``                     ``licensee:L``
  over-payment         ``pool:cash``                     ``licensee:L`` (kind ``credit``)
withholding            ``pool:tax_withheld``             ``licensee:L``
cash to distribute     ``pool:royalties``                ``pool:distributable``
fee, reserve           ``pool:distributable``            ``pool:fee``, ``pool:reserve``
distribution (gross)   ``pool:distributable``            ``member:M``
tax credit passed on   ``member:M``                      ``pool:tax_withheld``
netting (offset)       ``member:M``                      ``licensee:L``
payment in another     ``pool:cash`` / ``pool:fx``       ``pool:fx`` / ``licensee:L``
  currency, converted  (the cash ``C``; what it settled ``C - d``)
fx_difference ``d``    ``pool:fx``                       ``licensee:L`` (reversed if < 0)
  written off ``o``    ``pool:write_off``                ``licensee:L`` (kind
                                                         ``fx_difference``)
=====================  ================================  ===============================

so ``pool:distributable`` nets to zero in every period (``received + withheld = fee +
reserve + sum(gross)``), ``pool:tax_withheld`` to zero once every credit is passed on
(``sum(tax_credit) = withheld``), a licensee's balance is what it still owes (negative:
credit held), a member's balance is minus the net cash the pool owes it, and the
conversion account ``pool:fx`` nets to zero in every period (:func:`_fx_entries`); the
expense account ``pool:write_off`` sums the conversion residues written off
(``[reporting] fx_write_off``: no cash came in, nothing was distributed for them).
``L`` is the invoice's addressee (``PeriodInvoice.licensee``): a payer other than the
licensee (sales.csv, amendments.csv, audits.csv ``payer``) has its invoices and its
correction notes ``<period>-<licensee>-P-<payer>[-D1|-C1|-A1]`` posted to
``licensee:<payer>``.

A calendar year of a pool without reporting periods (``--period 2024``) is computed by
the annual engines on the accrual basis: one invoice per licensee
(:func:`poolcalc.royalties_owed`: Dr ``licensee:L`` Cr ``pool:distributable``, net of
an entry-fee credit), one per entry fee, metric-tier half year and content (usage)
royalty (:func:`_annual_bills`), the
administrator's fee and one distribution line per member (:func:`poolcalc.allocate`).
A held credit used later (payment ``credit:L``) moves no cash and posts nothing: the
licensee's balance already holds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from poolcalc._money import format_money
from poolcalc.allocation import allocate
from poolcalc.errors import InvalidInputError
from poolcalc.ledger._db import check_text
from poolcalc.ledger._entries import CLEARING, FX, WRITE_OFF, Entry
from poolcalc.ledger._read import period_bounds
from poolcalc.model import Pool, check_pool
from poolcalc.periods import Payment, PeriodInputs, PeriodInvoice, PeriodResult, period
from poolcalc.royalties import royalties_owed

__all__ = ["PeriodEntries", "period_entries", "result_entries"]


@attrs.frozen
class PeriodEntries:
    """The entries of one period with what produced them (scheme and its options)."""

    period: str
    currency: str
    minor_units: int
    entries: tuple[Entry, ...]
    scheme: str | None
    options: Mapping[str, Any]


def _annual_bills(report: Any, label: str, cur: str) -> list[Entry]:
    """Return the annual invoices: royalty (net of the fee credit), fee, metric, usage.

    Per licensee ``L`` of the year's report (documents in brackets):

    - royalty ``owed_L - credit_L - sum_P p_PL`` (``INV-<year>-<L>``; ``credit_L`` the
      creditable part of an entry fee set against this year's royalty, ``0 <= credit_L
      <= owed_L``; ``p_PL`` what payer ``P != L`` is billed for ``L``'s rows, sales.csv
      ``payer``, posted to ``licensee:P`` as ``INV-<year>-<L>-P-<P>``),
    - entry fee ``fee_L`` in the signing year (``INV-<year>-<L>-F``),
    - metric-tier royalty of each half year ``h`` (``INV-<year>-<L>-M-<h>``),
    - content ("usage") royalty (``INV-<year>-<L>-U``),

    each Dr ``licensee:L`` Cr ``pool:distributable``; zero amounts post nothing but the
    royalty invoice (kept as before, so a licensee with no royalty still has its
    document).  They add up to the report's ``total_cents``:
    ``sum(owed) - sum(credit) + sum(fee) + sum(metric) + sum(usage)`` (a licensee's
    royalty invoice below zero, when others pay for more than its credit leaves, is
    posted reversed: a credit to its account).
    """
    credit = {f.licensee: int(f.credit_cents) for f in report.fees}
    others = [x for x in report.payers if x.payer != x.licensee]
    by_others: dict[str, int] = {}
    for x in others:
        by_others[x.licensee] = by_others.get(x.licensee, 0) + int(x.cents)
    out = [_signed("invoice", f"licensee:{inv.licensee}", CLEARING,
                   int(inv.owed_cents) - credit.get(inv.licensee, 0)
                   - by_others.get(inv.licensee, 0), cur, licensee=inv.licensee,
                   document=f"INV-{label}-{inv.licensee}")
           for inv in report.invoices]
    out += [Entry("invoice", f"licensee:{x.payer}", CLEARING, int(x.cents), cur,
                  licensee=x.payer, document=f"INV-{label}-{x.licensee}-P-{x.payer}",
                  memo=f"{x.units:,} units of {x.licensee}") for x in others if x.cents]
    extra = [(f.licensee, int(f.fee_cents), f"INV-{label}-{f.licensee}-F", "entry fee")
             for f in report.fees]
    extra += [(x.licensee, int(x.cents), f"INV-{label}-{x.licensee}-M-{x.period}",
               f"metric tier {x.tier} ({x.by})") for x in report.metric]
    extra += [(u.licensee, int(u.owed_cents), f"INV-{label}-{u.licensee}-U", "usage")
              for u in report.usage]
    out += [Entry("invoice", f"licensee:{lic}", CLEARING, cents, cur, licensee=lic,
                  document=doc, memo=memo) for lic, cents, doc, memo in extra if cents]
    return out


def _annual(pool: Pool, year: int, scheme: str | None,
            options: Mapping[str, Any] | None) -> PeriodEntries:
    report = royalties_owed(pool, year)
    dist = allocate(pool, year=year, scheme=scheme, options=options, royalties=report)
    cur, label = pool.currency, str(year)
    out = _annual_bills(report, label, cur)
    billed = sum(e.amount_cents for e in out)
    if billed != int(dist.collected_cents):  # pragma: no cover - the engines' own identity
        raise AssertionError(f"period {label}: invoices {billed} != collected "
                             f"{dist.collected_cents}")
    out.append(Entry("fee", CLEARING, "pool:fee", int(dist.administrator_fee_cents), cur,
                     document=f"FEE-{label}"))
    out += [Entry("distribution", CLEARING, f"member:{m}", int(c), cur, member=m,
                  document=f"DIST-{label}-{m}") for m, c in dist.amounts.items()]
    return PeriodEntries(label, cur, pool.minor_units, tuple(out), dist.scheme,
                         dict(dist.options))


def _signed(kind: str, debit: str, credit: str, cents: int, cur: str, **kw: Any) -> Entry:
    """Return an entry of ``cents`` from ``credit`` to ``debit`` (negative: reversed)."""
    if cents < 0:
        debit, credit = credit, debit
    return Entry(kind, debit, credit, abs(int(cents)), cur, **kw)


def _invoice_entry(inv: PeriodInvoice, cur: str) -> Entry:
    kinds = {li.kind for li in inv.line_items}
    kind = ("interest" if kinds == {"interest"} else
            "invoice" if inv.kind == "invoice" and inv.amends is None else "adjustment")
    debit, credit = f"licensee:{inv.licensee}", "pool:royalties"
    if inv.owed_cents < 0:
        debit, credit = credit, debit
    return Entry(kind, debit, credit, abs(int(inv.owed_cents)), cur, licensee=inv.licensee,
                 document=inv.number, ref_period=inv.amends if kind == "adjustment" else None,
                 memo=inv.kind)


def _fx_entries(pay: Payment, cur: str, minor: int) -> list[Entry]:
    r"""Entries of a payment in another currency whose conversion differs from its invoice.

    With ``C`` the cash converted at the ``fx.csv`` rate of the payment date (half up
    to the cent), ``T`` the tax withheld (converted alike) and ``O`` what the named
    invoice had open, the conversion difference is ``d = C + T - O``
    (:attr:`poolcalc.periods.Payment.fx_difference_cents`).  The payment passes through
    the conversion account ``pool:fx``:

    .. math::

        \text{cash: Dr pool:cash, Cr pool:fx} = C, \qquad
        \text{settled: Dr pool:fx, Cr licensee:L} = C - d = O - T, \qquad
        \text{fx\_difference: Dr pool:fx, Cr licensee:L} = d

    (``d < 0``: Dr ``licensee:L``, Cr ``pool:fx`` by ``-d``, the conversion left that
    much of the invoice open; ``d > 0``: the excess, applied to the licensee's other
    open invoices, then held as its credit).  ``pool:fx`` nets to zero and the
    licensee is credited ``C`` in all, as in the period result: the licensee bears the
    conversion, the pool neither gains nor loses.

    A residue written off (``[reporting] fx_write_off``, ``o = -d <= W``,
    :attr:`poolcalc.periods.Payment.written_off_cents`) adds

    .. math::

        \text{fx\_difference: Dr pool:write\_off, Cr licensee:L} = o

    so the licensee is credited ``C + o = O - T`` (with the tax, the invoice is closed)
    and the pool's expense account ``pool:write_off`` holds ``o``; ``pool:fx`` still
    nets to zero.
    """
    lic, d = f"licensee:{pay.licensee}", int(pay.fx_difference_cents)
    rate = f"{pay.currency} {format_money(pay.original_cents, minor)} at {pay.fx_rate:g}"
    return [
        _signed("payment", "pool:cash", FX, pay.amount_cents, cur, licensee=pay.licensee,
                document=pay.invoice, memo=f"{pay.id} {rate}"),
        _signed("payment", FX, lic, pay.amount_cents - d, cur, licensee=pay.licensee,
                document=pay.invoice, memo=pay.id),
        _signed("fx_difference", FX, lic, d, cur, licensee=pay.licensee,
                document=pay.invoice, memo=f"{pay.id} conversion difference"),
    ] + ([Entry("fx_difference", WRITE_OFF, lic, int(pay.written_off_cents), cur,
                licensee=pay.licensee, document=pay.invoice,
                memo=f"{pay.id} conversion difference written off")]
         if pay.written_off_cents else [])


def result_entries(res: PeriodResult) -> tuple[Entry, ...]:
    """Translate a computed reporting period into journal entries (see the module table).

    Parameters
    ----------
    res : PeriodResult
        :func:`poolcalc.periods.period` of one period.

    Returns
    -------
    tuple of Entry
        Invoices and notes, payments, withholding, the cash to distribute, fee, reserve,
        each member's gross share and the tax credits passed on, in that order.
    """
    cur = res.currency
    out = [_invoice_entry(inv, cur) for inv in res.invoices]
    for pay in res.payments:
        if pay.id.startswith("credit:"):
            continue
        lic = f"licensee:{pay.licensee}"
        doc = pay.invoice or next((a.invoice for a in pay.applications if a.invoice), None)
        held = pay.credit_cents
        if pay.fx_difference_cents:
            out += _fx_entries(pay, cur, res.minor_units)
        elif pay.amount_cents - held:
            out.append(_signed("payment", "pool:cash", lic, pay.amount_cents - held, cur,
                             licensee=pay.licensee, document=doc, memo=pay.id))
        if held and not pay.fx_difference_cents:
            out.append(_signed("credit", "pool:cash", lic, held, cur,
                             licensee=pay.licensee, memo=pay.id))
        if pay.withheld_tax_cents:
            out.append(_signed("withholding", "pool:tax_withheld", lic,
                               pay.withheld_tax_cents, cur, licensee=pay.licensee,
                             document=pay.certificate, memo=f"{pay.id} {pay.tax_country}"))
    dist = res.distribution
    # [reporting] netting: a member's share settles its licensee's invoice (no cash)
    out += [_signed("netting", f"member:{n.member}", f"licensee:{n.licensee}", n.offset_cents,
                    cur, licensee=n.licensee, member=n.member, memo="offset")
            for n in res.netting if n.offset_cents]
    came_in = int(dist.received_cents + dist.withheld_tax_cents
                  + (dist.netting_offsets_cents or 0))
    out.append(_signed("payment", "pool:royalties", CLEARING, came_in, cur,
                     memo="cash received and tax withheld in the period, to distribute"))
    out.append(_signed("fee", CLEARING, "pool:fee", dist.administrator_fee_cents, cur))
    if dist.reserve_cents:
        out.append(_signed("reserve", CLEARING, "pool:reserve", dist.reserve_cents, cur))
    out += [_signed("distribution", CLEARING, f"member:{m.member}", m.gross_cents, cur,
                  member=m.member) for m in dist.members]
    out += [_signed("tax_credit", f"member:{t.member}", "pool:tax_withheld", t.cents, cur,
                  licensee=t.licensee, member=t.member, document=t.certificate,
                  memo=f"{t.country} {t.payment}") for t in dist.tax_credits]
    return tuple(out)


def period_entries(pool: Pool, label: str, *, inputs: PeriodInputs | None = None,
                   scheme: str | None = None,
                   options: Mapping[str, Any] | None = None) -> PeriodEntries:
    """Compute the entries of period ``label`` from ``pool``.

    Parameters
    ----------
    pool : Pool
    label : str
        ``YYYYQn`` or ``YYYYHn`` (reporting periods), ``YYYY`` (the reporting periods
        when the pool reports yearly, else the annual engines).
    inputs : PeriodInputs, optional
        Payments, amended reports, audits, exchange rates
        (:func:`poolcalc.io.read_period_inputs`).
    scheme : str, optional
        Allocation scheme of the annual engines (default the pool's).
    options : mapping, optional
        Scheme options.

    Returns
    -------
    PeriodEntries

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc.ledger import period_entries
    >>> pe = period_entries(poolcalc.load_example(), "2024Q1")
    >>> sorted({e.kind for e in pe.entries})
    ['fee', 'invoice', 'payment']
    """
    check_pool(pool, "period_entries: pool")
    check_text(label, "period_entries: label")
    start, end = period_bounds(label)
    reporting = (inputs.reporting if inputs is not None and inputs.reporting is not None
                 else pool.reporting)
    if start.month == 1 and end.month == 12 and (reporting is None
                                                 or reporting.period != "year"):
        return _annual(pool, start.year, scheme, options)
    if scheme is not None or options:
        raise InvalidInputError(
            f"--scheme/--option: period {label} is distributed by the reporting-periods "
            "computation, which takes its allocation from pool.toml")
    res = period(pool, label, inputs)
    return PeriodEntries(res.period, res.currency, res.minor_units, result_entries(res),
                         pool.allocation.scheme, {})

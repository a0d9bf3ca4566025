"""Documents of a reporting period: its invoices and debit notes, and licensor statements.

:func:`period_invoices` renders the invoices and debit notes of a
:class:`~poolcalc.periods.PeriodResult` (year-to-date royalty less what the year
already invoiced, corrections, audits, late-payment interest) through
:func:`~poolcalc.documents.build_invoice`, keeping the period's own invoice numbers
and dates; one line item per :class:`~poolcalc.periods.LineItem`.  Credit notes
(negative amounts) are not invoices: they are listed on the licensee's next invoice
as a credit applied, and :func:`period_invoices` leaves them out.

:func:`period_statements` gives each licensor the cash distributed to it in the
period: its gross share (after the administrator's fee and the reserve), the tax
credits with their certificate references and countries, and the net cash.  The
cash-basis split is by the counts of the paid invoices' own periods
(``docs/periods.md``); no country breakdown is shown (it would need the
confidentiality merge of yearly statements per invoice period).
"""

from __future__ import annotations

import attrs

from poolcalc._args import check_instance_arg
from poolcalc.documents._invoice import administrator_party, build_invoice
from poolcalc.documents._model import (
    InvoiceDocument,
    InvoiceLine,
    Party,
    StatementDocument,
    TaxCredit,
)
from poolcalc.model import AdministrationPolicy, Pool, check_pool
from poolcalc.periods import PeriodResult

__all__ = ["period_invoices", "period_statements"]


def period_invoices(result: PeriodResult, pool: Pool) -> tuple[InvoiceDocument, ...]:
    """Return the invoice documents of a period (invoices and debit notes).

    Parameters
    ----------
    result : PeriodResult
        ``poolcalc.period(pool, "2024Q3", inputs)``.
    pool : Pool
        The pool (names, addresses, administrator).

    Returns
    -------
    tuple of InvoiceDocument
        One per invoice or debit note with a positive amount, numbered and dated as
        in ``result``; each line item is one of the invoice's line items.

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc.documents import period_invoices
    >>> pool = poolcalc.load_example()
    >>> docs = period_invoices(poolcalc.period(pool, "2024Q3"), pool)
    >>> docs[0].number, docs[0].period, str(docs[0].due)
    ('2024Q3-L001', '2024Q3', '2024-11-14')
    """
    check_instance_arg(result, PeriodResult, "period_invoices: result", "from poolcalc.period")
    check_pool(pool, "period_invoices: pool")
    out = []
    for inv in result.invoices:
        if inv.owed_cents <= 0:
            continue
        lines = [InvoiceLine(product=li.kind, country=li.period, units=li.units,
                             royalty_bearing_units=li.units, not_due={}, rate=li.description,
                             royalty_cents=li.cents, kind="sales")
                 for li in inv.line_items]
        units = sum(li.units for li in inv.line_items)
        notes = [f"{inv.kind.replace('_', ' ')} {inv.number} for {inv.period}"
                 + (f", correcting {inv.amends}" if inv.amends else "")]
        ids = {x.id for x in pool.licensees}
        payer = inv.licensee if inv.licensee not in ids else None
        # a payer's invoice <period>-<licensee>-P-<payer>: built for its customer, addressed
        # to the payer (sales.csv payer, not in licensees.csv)
        customer = (inv.number[len(inv.period) + 1:-(len(payer) + 3)] if payer is not None
                    else inv.licensee)
        if payer is not None:
            notes.append(f"royalties for units of {customer}, paid by {payer} on its behalf "
                         f"and counted against {customer}'s caps")
        doc = build_invoice(
            pool, customer, period=inv.period, start=result.start, end=result.end,
            lines=lines, tiers=[], units=units, bearing=units, gross=inv.owed_cents,
            member=0, discount=0, allowance=0, cap=0, issued=inv.issued, notes=notes,
        )
        if payer is not None:
            doc = attrs.evolve(doc, licensee=Party(id=payer, name=payer), enterprise=payer)
        out.append(attrs.evolve(doc, number=inv.number, due=inv.due))
    return tuple(out)


def period_statements(result: PeriodResult, pool: Pool) -> tuple[StatementDocument, ...]:
    """Return each licensor's statement of the cash distributed in the period.

    Parameters
    ----------
    result : PeriodResult
    pool : Pool

    Returns
    -------
    tuple of StatementDocument
        ``amount_cents`` is the member's gross share, ``tax_credits`` its
        certificates, ``net_cents = amount - tax credits`` (the cash paid); with
        ``[reporting] netting`` on, ``payable_cents`` is what its licensees' invoices
        were settled by offset (``own_licensees``) and ``net_cents = amount - payable -
        tax credits`` the cash paid.

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc.documents import period_statements
    >>> pool = poolcalc.load_example()
    >>> period_statements(poolcalc.period(pool, "2024Q3"), pool)
    ()
    """
    check_instance_arg(result, PeriodResult, "period_statements: result", "from poolcalc.period")
    check_pool(pool, "period_statements: pool")
    d = result.distribution
    k = (pool.administration or AdministrationPolicy()).min_licensees_per_cell
    total = sum(s.entitled_cents for s in d.members) or 1
    offset: dict[str, int] = {}  # netting on: member -> its invoices settled by offset
    own: dict[str, list[str]] = {}
    for n in result.netting:
        if n.offset_cents is not None:
            offset[n.member] = offset.get(n.member, 0) + n.offset_cents
            own.setdefault(n.member, []).append(n.licensee)
    out = []
    for s in d.members:
        m = pool.member(s.member)
        credits = [TaxCredit(t.country, t.certificate, t.cents)
                   for t in d.tax_credits if t.member == s.member]
        out.append(StatementDocument(
            period=result.period, currency=result.currency, minor_units=result.minor_units,
            pool=pool.name, administrator=administrator_party(pool),
            member=Party(id=m.id, name=m.name or m.id), scheme="per-country-count",
            options={"basis": "cash received"}, basis="cash received in the period",
            unit=pool.allocation.unit.value, cells=[], audit_columns=(), audit_lines=(),
            collected_cents=d.received_cents + d.withheld_tax_cents
            + (d.netting_offsets_cents or 0),
            administrator_fee_cents=d.administrator_fee_cents,
            administrator_fee=pool.administrator_fee,
            entitlement=str(s.entitled_cents), amount_cents=s.gross_cents,
            share=s.entitled_cents / total, own_licensees=tuple(own.get(s.member, ())),
            payable_cents=offset.get(s.member) if d.netting_offsets_cents is not None else None,
            tax_credits=credits, min_licensees_per_cell=k,
            notes=[f"reserve held back {s.reserve_cents / 10**result.minor_units:,.2f}",
                   "split by the counts of each paid invoice's own period"],
        ))
    return tuple(out)

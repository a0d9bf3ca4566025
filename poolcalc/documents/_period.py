"""Documents of a reporting period: invoices, debit and credit notes, licensor statements.

:func:`period_invoices` renders the invoices, debit and credit notes of a
:class:`~poolcalc.periods.PeriodResult` (year-to-date royalty less what the year
already invoiced, corrections, audits, late-payment interest) through
:func:`~poolcalc.documents.build_invoice`, keeping the period's own invoice numbers
and dates; one line item per :class:`~poolcalc.periods.LineItem`.  Debit and credit
notes are titled so (``Debit note``, ``Credit note``) and name the invoices they
correct; a credit note's amounts are negative (it is set against the licensee's open
invoices, then held as credit).

:func:`period_statements` gives each licensor the cash distributed to it in the
period: its gross share (after the administrator's fee and the reserve), the tax
credits with their certificate references and countries, and the net cash.  The
cash-basis split is by the member weights of each paid invoice (the per-country
counts of its own period), and the share by country is the member's entitlement of
the period by count country (:mod:`poolcalc.periods._countries`): one cell per
country with the cash distributed there (all licensors, before fee and reserve) and
the member's part of it, under the confidentiality rule of the yearly statement
(:func:`poolcalc.documents._statement.merge_cells`: a cell whose figures come from
fewer than ``[administration] min_licensees_per_cell`` licensees -- the distinct
licensees whose paid invoices have rows counted in that country in the period -- is
merged into "other countries", and the next smallest joins while that cell is still
too small).  A pool whose scheme is not per-country counting has no breakdown, and
its statements say so.

Conversion residues written off in the period (``[reporting] fx_write_off``,
``Payment.written_off_cents``) were never received, so they are in neither the cash
collected nor any share; a statement of a period with write-offs shows them as a memo
under the cash collected: the pool's total ``W = sum_p o_p`` and the member's part
``w_i = sum_p largest_remainder(o_p * e_pi / sum_j e_pj)``, with ``e_pi`` the member's
share of the cash distributed on payment p's invoice in the period (what it would have
received of ``o_p``), and a note.  No licensee or invoice is named (the statement's
confidentiality rule); without a write-off the statement is as before.
"""

from __future__ import annotations

import re
from fractions import Fraction

import attrs

from poolcalc._args import check_instance_arg
from poolcalc._format import parse_money
from poolcalc._money import format_money
from poolcalc.allocation._result import format_fraction
from poolcalc.documents._invoice import administrator_party, build_invoice
from poolcalc.documents._model import (
    CountryCell,
    InvoiceDocument,
    InvoiceLine,
    Party,
    StatementDocument,
    TaxCredit,
)
from poolcalc.documents._statement import OTHER, merge_cells
from poolcalc.model import AdministrationPolicy, Pool, check_pool
from poolcalc.periods import PeriodDistribution, PeriodInvoice, PeriodResult

__all__ = ["period_invoices", "period_statements"]

_LABEL = re.compile(r"(\d{4})([QH])(\d)")
_TITLES = {"invoice": "Invoice", "debit_note": "Debit note", "credit_note": "Credit note"}

#: Printed on a period statement in place of the share by country (scheme not per-country).
_NO_COUNTRIES = ("No breakdown by country: the pool's allocation scheme is not per-country "
                 "counting, so the period's result carries no country figures.")
#: Printed when the period was computed without the breakdown (``by_country=False``).
_NOT_ASKED = ("No breakdown by country: the period was computed without it (compute it "
              "with poolcalc.period(..., by_country=True), as poolcalc statements does).")
#: Label of the cell of amounts without rows (entry fees, metric royalties).
_NOT_BY_COUNTRY = "not by country"


def period_invoices(result: PeriodResult, pool: Pool) -> tuple[InvoiceDocument, ...]:
    """Return the invoice documents of a period (invoices, debit and credit notes).

    Parameters
    ----------
    result : PeriodResult
        ``poolcalc.period(pool, "2024Q3", inputs)``.
    pool : Pool
        The pool (names, addresses, administrator).

    Returns
    -------
    tuple of InvoiceDocument
        One per invoice, debit note or credit note with a non-zero amount, numbered,
        dated and titled as in ``result`` (``Invoice``, ``Debit note``, ``Credit
        note``); each line item is one of the invoice's line items; a note's
        ``references`` are the invoices it corrects.

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
    issued = {b.invoice for b in result.balances}
    out = []
    for inv in result.invoices:
        if inv.owed_cents == 0:
            continue
        title = _TITLES[inv.kind]
        refs = _references(inv, issued) if title != "Invoice" else ()
        lines = [InvoiceLine(product=li.kind, country=li.period, units=li.units,
                             royalty_bearing_units=li.units, not_due={}, rate=li.description,
                             royalty_cents=li.cents, kind="sales")
                 for li in inv.line_items]
        units = sum(li.units for li in inv.line_items)
        notes = [f"{inv.kind.replace('_', ' ')} {inv.number} for {inv.period}"
                 + (f", correcting {inv.amends}" if inv.amends else "")]
        ids = {x.id for x in pool.licensees}
        payer = inv.licensee if inv.licensee not in ids else None
        # a payer's invoice <period>-<licensee>-P-<payer> (its correction notes end in
        # -D1, -C1, -A1): built for its customer, addressed to the payer (sales.csv
        # payer, not in licensees.csv)
        rest = inv.number[len(inv.period) + 1:]
        customer = (rest[:rest.rindex(f"-P-{payer}")] if payer is not None
                    else inv.licensee)
        if payer is not None:
            notes.append(f"royalties for units of {customer}, paid by {payer} on its behalf "
                         f"and counted against {customer}'s caps")
        doc = build_invoice(
            pool, customer, period=inv.period, start=result.start, end=result.end,
            lines=lines, tiers=[], units=units, bearing=units, gross=inv.owed_cents,
            member=0, discount=0, allowance=0, cap=0, issued=inv.issued, notes=notes,
            title=title, references=refs,
        )
        if payer is not None:
            doc = attrs.evolve(doc, licensee=Party(id=payer, name=payer), enterprise=payer)
        out.append(attrs.evolve(doc, number=inv.number, due=inv.due))
    return tuple(out)


def _references(inv: PeriodInvoice, issued: set[str]) -> tuple[str, ...]:
    """Invoice numbers a note corrects: the licensee's royalty invoices it amends.

    A correction, audit or interest note amends named periods (``amends``): their
    royalty invoices ``<period>-<licensee>``.  A negative royalty invoice (the year to
    date below what was invoiced) corrects the licensee's earlier invoices of the year.
    Only invoices actually issued (``result.balances``) are named.
    """
    if inv.amends:
        periods = [x.strip() for x in inv.amends.split(",")]
    else:  # 2024Q4 -> 2024Q1, 2024Q2, 2024Q3 (a yearly period has none before it)
        m = _LABEL.fullmatch(inv.period)
        periods = [f"{m[1]}{m[2]}{i}" for i in range(1, int(m[3]))] if m else []
    return tuple(n for n in (f"{q}-{inv.licensee}" for q in periods) if n in issued)


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
    >>> period_statements(poolcalc.period(pool, "2024Q3", by_country=True), pool)
    ()
    """
    check_instance_arg(result, PeriodResult, "period_statements: result", "from poolcalc.period")
    check_pool(pool, "period_statements: pool")
    d = result.distribution
    k = (pool.administration or AdministrationPolicy()).min_licensees_per_cell
    total = sum(s.entitled_cents for s in d.members) or 1
    held = d.administrator_fee_cents + d.reserve_cents  # the exact share is of the rest
    mu = result.minor_units
    money = lambda c: format_money(c, mu, grouping=True)  # noqa: E731
    offset: dict[str, int] = {}  # netting on: member -> its invoices settled by offset
    own: dict[str, list[str]] = {}
    for n in result.netting:
        if n.offset_cents is not None:
            offset[n.member] = offset.get(n.member, 0) + n.offset_cents
            own.setdefault(n.member, []).append(n.licensee)
    written = [(p.invoice, p.written_off_cents) for p in result.payments
               if p.written_off_cents]
    off_i = _written_off_shares(d, written)
    out = []
    for s in d.members:
        m = pool.member(s.member)
        cells, merged = _cells(d, s.member, k, mu)
        notes = [f"your share of the cash settled on invoices, before the fee and the "
                 f"reserve: {money(s.entitled_cents)}; your part of the fee "
                 f"{money(s.fee_cents)} and of the reserve {money(s.reserve_cents)}",
                 "split by the counts of each paid invoice's own period"]
        if merged:
            notes.append(f"{', '.join(merged)}: merged into {OTHER} (figures from fewer than "
                         f"{k} licensees are not shown separately)")
        everyone = {x for c in d.countries or () for x in c.licensees}
        if everyone and len(everyone) < k:
            notes.append(f"the cash of the period comes from fewer than {k} licensees")
        if written:
            notes.append(f"conversion residues written off in the period (payments in "
                         f"another currency short of the invoice by at most the pool's "
                         f"write-off tolerance, {len(written)} payment(s)): "
                         f"{money(sum(c for _, c in written))} not received and not "
                         f"distributed; your part of it, by the counts of the invoices they "
                         f"paid: {money(off_i.get(s.member, 0))}")
        credits = [TaxCredit(t.country, t.certificate, t.cents)
                   for t in d.tax_credits if t.member == s.member]
        out.append(StatementDocument(
            period=result.period, currency=result.currency, minor_units=result.minor_units,
            pool=pool.name, administrator=administrator_party(pool),
            member=Party(id=m.id, name=m.name or m.id), scheme="per-country-count",
            options={"basis": "cash received"}, basis="cash received in the period",
            unit=pool.allocation.unit.value, cells=cells, audit_columns=(), audit_lines=(),
            collected_cents=d.received_cents + d.withheld_tax_cents
            + (d.netting_offsets_cents or 0),
            administrator_fee_cents=d.administrator_fee_cents,
            administrator_fee=pool.administrator_fee,
            entitlement=format_fraction(Fraction(s.entitled_cents * (total - held), total),
                                        result.minor_units),
            amount_cents=s.gross_cents,
            share=s.entitled_cents / total, own_licensees=tuple(own.get(s.member, ())),
            payable_cents=offset.get(s.member) if d.netting_offsets_cents is not None else None,
            tax_credits=credits, reserve_cents=d.reserve_cents, min_licensees_per_cell=k,
            country_note=(_NOT_ASKED if not d.by_country
                          else _NO_COUNTRIES if d.countries is None else ""), merged=merged,
            notes=notes,
            written_off_cents=sum(c for _, c in written) if written else None,
            written_off_share_cents=off_i.get(s.member, 0),
        ))
    return tuple(out)


def _written_off_shares(d: PeriodDistribution, written: list[tuple[str | None, int]]
                        ) -> dict[str, int]:
    """Each member's part of the residues written off (module docstring: ``w_i``).

    ``written``: (invoice, cents) per payment with a write-off.  Each residue is split
    by the members' shares of the cash distributed on its invoice in the period
    (``d.by_invoice``; none: their entitlements), largest remainder (ties: the smaller
    member id).
    """
    out: dict[str, int] = {}
    for number, cents in written:
        w: dict[str, int] = {}
        for n, member, c in d.by_invoice:
            if n == number:
                w[member] = w.get(member, 0) + c
        if sum(w.values()) <= 0:
            w = {x.member: x.entitled_cents for x in d.members}
        total = sum(v for v in w.values() if v > 0)
        keys = sorted(k for k, v in w.items() if v > 0)
        if not total:
            continue
        base = {k: cents * w[k] // total for k in keys}
        order = sorted(keys, key=lambda k: (-(cents * w[k] % total), k))
        for k in order[:cents - sum(base.values())]:
            base[k] += 1
        for k, v in base.items():
            if v:
                out[k] = out.get(k, 0) + v
    return out


def _cells(d: PeriodDistribution, member: str, k: int, mu: int
           ) -> tuple[list[CountryCell], list[str]]:
    """Return the member's share by country, merged by the confidentiality rule.

    One cell per country in which the member is entitled to cash this period:
    ``royalty_cents`` the cash distributed there to all licensors (before fee and
    reserve), ``entitlement`` the member's part [decimal string], ``licensees`` the
    distinct licensees whose paid invoices have rows counted there (all members'
    lines of the country, :attr:`poolcalc.periods.CountryShare.licensees`).
    """
    if d.countries is None:
        return [], []
    total: dict[str | None, int] = {}
    who: dict[str | None, set[str]] = {}
    for c in d.countries:
        total[c.country] = total.get(c.country, 0) + c.entitled_cents
        who.setdefault(c.country, set()).update(c.licensees)
    raw = [{"label": c.country or _NOT_BY_COUNTRY, "licensees": who[c.country],
            "royalty": total[c.country], "rows": 0, "member": "", "total": "",
            "entitlement": format_money(c.entitled_cents, mu), "patents": ""}
           for c in d.countries_of(member) or ()]
    kept, merged = merge_cells(raw, k)
    return [CountryCell(label=c["label"], countries=c.get("merged", [c["label"]]), rows=0,
                        royalty_cents=c["royalty"], member_count="", total_count="",
                        entitlement=format_money(parse_money(c["entitlement"], mu), mu,
                                                 grouping=True), patents="",
                        licensees=len(c["licensees"])) for c in kept], merged

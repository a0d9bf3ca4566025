"""Invoices: a :class:`~poolcalc.royalties.RoyaltyReport` adapted to one document per licensee.

:func:`invoice` builds the :class:`~poolcalc.documents.InvoiceDocument` of one licensee
from the year's report and the pool (names, addresses, the schedule to describe the
rates, tiers, discounts and caps); :func:`build_invoice` is the period-neutral core
that takes the line items and money terms, so a reporting-period invoice (year to
date minus what earlier periods invoiced) plugs in with its own period label, dates,
line items and tax withheld.

Line items group the licensee's sales rows of the period by product and country of
sale: units reported, royalty-bearing units, units not due with the reason, the
schedule's rate there, and the royalty (the rows' cents, which add up exactly to
what the licensee owes after tiers, discounts, allowances and caps).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from poolcalc._args import check_instance_arg
from poolcalc.documents._model import InvoiceDocument, InvoiceLine, Party, PayerShare, TierLine
from poolcalc.errors import InvalidInputError
from poolcalc.model import Administrator, Basis, Pool, ProductRate, Schedule, check_pool
from poolcalc.royalties import REASONS, RoyaltyReport
from poolcalc.tables import COUNTRIES

__all__ = ["administrator_party", "build_invoice", "invoice", "invoices", "rate_text"]


def administrator_party(pool: Pool) -> Party:
    """Return the administrator as printed on documents (the pool's name when not stated)."""
    a = pool.administrator or Administrator()
    return Party(id="administrator", name=a.name or pool.name, address=a.address,
                 email=a.email, tax_id=a.tax_id)


def _num(x: float) -> str:
    return f"{x:,.6f}".rstrip("0").rstrip(".") if x else "0"


def _tiers_text(rate: ProductRate) -> str:
    unit = "of net price" if rate.basis is Basis.PRICE else "per unit"
    fmt = (lambda r: f"{100 * r:g}%") if rate.basis is Basis.PRICE else (lambda r: f"{r:.2f}")
    t = rate.tiers
    if len(t) == 1:
        text = f"{fmt(t[0].rate)} {unit}"
    else:
        parts = [f"{fmt(a.rate)} on units {a.start + 1:,}-{b.start:,}"
                 for a, b in zip(t, t[1:], strict=False)]
        parts.append(f"{fmt(t[-1].rate)} above {t[-1].start:,}")
        text = f"{'; '.join(parts)} {unit} ({rate.tier_mode.value})"
    if rate.basis is Basis.PRICE and (rate.min_per_unit > 0 or math.isfinite(rate.max_per_unit)):
        bounds = [f"min {_num(rate.min_per_unit)}"] if rate.min_per_unit > 0 else []
        if math.isfinite(rate.max_per_unit):
            bounds.append(f"max {_num(rate.max_per_unit)}")
        text += f", {' '.join(bounds)} per unit"
    return text


def rate_text(schedule: Schedule, product: str, country: str) -> str:
    """Describe the rate of ``product`` sold in ``country``: tiers and regional multiplier.

    Parameters
    ----------
    schedule : Schedule
    product : str
    country : str
        ISO 3166-1 alpha-2 code of the country of sale.

    Returns
    -------
    str
        Tier rates with their unit ranges, the tier mode, a price basis' floor and
        ceiling, and the region's multiplier, or its own rate table, and its price
        exclusion.

    Examples
    --------
    >>> import poolcalc.model as m
    >>> s = m.Schedule(default=m.ProductRate(tiers=[(0, 0.0), (100_000, 0.2)]),
    ...                regions=[m.Region("r2", ["IN"], 0.5)])
    >>> rate_text(s, "box", "IN")
    '0.00 on units 1-100,000; 0.20 above 100,000 per unit (marginal) x 0.5 (r2)'
    """
    check_instance_arg(schedule, Schedule, "rate_text: schedule")
    check_instance_arg(product, str, "rate_text: product")
    check_instance_arg(country, str, "rate_text: country")
    text = _tiers_text(schedule.rate_for(product))
    for region in schedule.regions:
        if country in region.countries:
            own = schedule.regional_rate(region, product)
            note = f"{region.name} rate table" if own is not None else region.name
            if region.exclude_price_at_most is not None and (
                    not region.exclude_categories
                    or schedule.category_of(product) in region.exclude_categories):
                note += f"; not at a net price of {_num(region.exclude_price_at_most)} or less"
            if own is not None:
                text = f"{_tiers_text(own)} ({note})"
            else:
                text += f" x {region.multiplier:g} ({note})"
            break
    if any(c.product in (None, product) for c in schedule.rate_changes):
        text += "; rate changes during the period"
    return text


def _reached(rate: ProductRate, counted: int) -> str:
    inside = [t for t in rate.tiers if counted > t.start]
    if not inside:
        return "none (no royalty-bearing units)"
    t = inside[-1]
    one = _tiers_text(ProductRate(basis=rate.basis, tiers=[(0, t.rate)]))
    return f"above {t.start:,} units: {one}"


def _discount_texts(pool: Pool, lic_id: str, discount_cents: int, money: str) -> list[str]:
    d, lic = pool.schedule.discounts, pool.licensee(lic_id)
    out = []
    if d.good_standing > 0 and lic.good_standing:
        out.append(f"good standing {100 * d.good_standing:g}%")
    if d.early_signing > 0 and lic.signed is not None and d.early_signing_by is not None \
            and lic.signed <= d.early_signing_by:
        out.append(f"early signing {100 * d.early_signing:g}% (signed {lic.signed}, on or "
                   f"before {d.early_signing_by})")
    if lic.chain_level is not None and lic.chain_level in d.chain_level:
        out.append(f"chain level {lic.chain_level.value} {100 * d.chain_level[lic.chain_level]:g}%")
    if len(out) > 1:
        out.append(f"combined by {d.combine.value}")
    if discount_cents and out:
        out.append(f"discount {money}")
    return out


def _cap_texts(s: Schedule, categories: Sequence[str], cap_cents: int, money: str) -> list[str]:
    out = [f"category cap {c}: {_num(s.category_caps[c])} per enterprise per year"
           for c in categories if c in s.category_caps]
    if math.isfinite(s.enterprise_cap):
        out.append(f"enterprise cap {_num(s.enterprise_cap)} per year")
    if cap_cents:
        out.append(f"caps reduced this invoice by {money}")
    return out


def build_invoice(
    pool: Pool, licensee: str, *, period: str, start: dt.date, end: dt.date,
    lines: Sequence[InvoiceLine], tiers: Sequence[TierLine], units: int, bearing: int,
    gross: int, member: int, discount: int, allowance: int, cap: int, usage: int = 0,
    categories: Sequence[str] = (), allowances: Sequence[str] = (),
    issued: dt.date | None = None,
    tax_withheld: int = 0, tax_note: str = "", notes: Sequence[str] = (),
    fee: int = 0, fee_credit: int = 0, fee_note: str = "",
    payers: Sequence[PayerShare] = (), title: str = "Invoice",
    references: Sequence[str] = (),
) -> InvoiceDocument:
    """Assemble an invoice document from a period's line items and money terms [cents].

    The period-neutral core of :func:`invoice`: a reporting-period invoice passes its
    own ``period`` label (``2024Q3``), dates, lines and ``tax_withheld``.

    Parameters
    ----------
    pool : Pool
    licensee : str
    period : str
        Label printed and used in the number (``2024``, ``2024Q3``).
    start, end : datetime.date
        First and last day of the period.
    lines : sequence of InvoiceLine
        Must add up to ``gross - member - discount - allowance - cap + usage``.
    tiers : sequence of TierLine
    units, bearing : int
        Units reported and royalty-bearing units.
    gross, member, discount, allowance, cap, usage : int
        Money terms [minor units].
    categories : sequence of str
        Product categories of the lines (their caps are described).
    allowances : sequence of str
        Descriptions of the free allowances applied.
    issued : datetime.date, optional
        Invoice date; default the day after ``end``.
    tax_withheld : int
        Tax withheld at source [minor units], deducted from the amount to pay.
    tax_note, notes : str, sequence of str
    fee, fee_credit : int
        Entry fee invoiced and creditable part offset this period [minor units];
        ``lines`` must include them as line items of kind ``fee`` (the credit
        negative).
    fee_note : str
        How the fee and its creditable part stand (printed with the fee lines).
    payers : sequence of PayerShare
        Parts of the royalty billed to payers other than the licensee.
    title : {"Invoice", "Debit note", "Credit note"}
        A credit note has a negative ``gross`` and lines, and no other money term.
    references : sequence of str
        Numbers of the invoices a debit or credit note corrects (printed on it).

    Returns
    -------
    InvoiceDocument
        Number ``<invoice_prefix>-<period>-<licensee>``; due ``invoice_due_days`` after
        ``issued`` (``[administrator]``).

    Examples
    --------
    >>> import poolcalc, poolcalc.model as m
    >>> from poolcalc import documents
    >>> pool = m.Pool(
    ...     "Tiny pool", [m.Member("A", "Alpha")], [m.Patent("P1", "A", "US", "2030-01-01")],
    ...     licensees=[m.Licensee("L1", "One")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "box", "US", "US", 10)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    >>> report = poolcalc.royalties_owed(pool, 2024)
    >>> import datetime as dt
    >>> line = documents.InvoiceLine("box", "US", 10, 10, {}, "1.00 per unit", 1000)
    >>> doc = documents.build_invoice(
    ...     pool, "L1", period="2024Q2", start=dt.date(2024, 4, 1), end=dt.date(2024, 6, 30),
    ...     lines=[line], tiers=[], units=10, bearing=10, gross=1000, member=0, discount=0,
    ...     allowance=0, cap=0)
    >>> doc.number, str(doc.due), doc.total_cents
    ('INV-2024Q2-L1', '2024-07-31', 1000)
    """
    check_pool(pool, "build_invoice: pool")
    check_instance_arg(licensee, str, "build_invoice: licensee")
    a = pool.administrator or Administrator()
    lic = pool.licensee(licensee)
    issued = issued or end + dt.timedelta(days=1)
    mu = pool.minor_units
    fmt = lambda c: f"{c / 10**mu:,.{mu}f}"  # noqa: E731 - display only
    return InvoiceDocument(
        number=f"{a.invoice_prefix}-{period}-{lic.id}", period=period, period_start=start,
        period_end=end, issued=issued, due=issued + dt.timedelta(days=a.invoice_due_days),
        currency=pool.currency, minor_units=mu, pool=pool.name, standard=pool.standard,
        administrator=administrator_party(pool),
        licensee=Party(id=lic.id, name=lic.name, address=lic.address, country=lic.country,
                       email=lic.email),
        enterprise=lic.enterprise, lines=lines, tiers=tiers, units=units,
        royalty_bearing_units=bearing, gross_cents=gross, member_cents=member,
        discount_cents=discount, allowance_cents=allowance, cap_cents=cap, usage_cents=usage,
        discounts=_discount_texts(pool, lic.id, discount, fmt(discount)),
        allowances=allowances,
        caps=_cap_texts(pool.schedule, categories, cap, fmt(cap)),
        payment_instructions=a.payment_instructions, notes=notes,
        tax_withheld_cents=tax_withheld, tax_note=tax_note,
        fee_cents=fee, fee_credit_cents=fee_credit, fee_note=fee_note, payers=payers,
        title=title, references=references,
    )


class _RowIndex:
    """The report's rows grouped once: positions per licensee, counted units per tier group."""

    def __init__(self, report: RoyaltyReport) -> None:
        rows = report.rows
        order = np.argsort(rows.licensee, kind="stable")
        bounds = np.searchsorted(rows.licensee[order], np.arange(len(rows.licensees) + 1))
        self.of = {lab: order[bounds[k]:bounds[k + 1]] for k, lab in enumerate(rows.licensees)}
        n_cat = max(len(rows.categories), 1)
        key = rows.enterprise.astype(np.int64) * n_cat + rows.category
        sums = np.bincount(key, weights=np.where(rows.due, rows.units, 0).astype(np.float64),
                           minlength=len(rows.enterprises) * n_cat)
        self.counted = np.rint(sums).astype(np.int64)  # exact: integer sums below 2**53
        self.n_cat = n_cat


def _lines(pool: Pool, report: RoyaltyReport, sel: np.ndarray) -> list[InvoiceLine]:
    rows, sales = report.rows, pool.sales
    idx = rows.index[sel]
    prod = sales.product[idx].astype(np.int64)
    country = sales.country_of_sale[idx].astype(np.int64)
    key = prod * len(COUNTRIES) + country
    out = []
    for k in np.unique(key).tolist():
        g = sel[key == k]
        p, c = sales.products[k // len(COUNTRIES)], COUNTRIES[k % len(COUNTRIES)]
        not_due = {REASONS[r]: int(rows.units[g][rows.reason[g] == r].sum())
                   for r in np.unique(rows.reason[g]).tolist() if r}
        out.append(InvoiceLine(
            product=p, country=c, units=int(rows.units[g].sum()),
            royalty_bearing_units=int(rows.units[g][rows.due[g]].sum()), not_due=not_due,
            rate=rate_text(pool.schedule, p, c), royalty_cents=int(rows.cents[g].sum())))
    return out


def _tier_lines(pool: Pool, report: RoyaltyReport, sel: np.ndarray,
                index: _RowIndex) -> list[TierLine]:
    rows, sales = report.rows, pool.sales
    if sel.size == 0:
        return []
    ent = int(rows.enterprise[sel[0]])
    out = []
    for cat in np.unique(rows.category[sel]).tolist():
        mine = sel[rows.category[sel] == cat]
        product = sales.products[int(sales.product[rows.index[mine[0]]])]
        rate = pool.schedule.rate_for(product)
        counted = int(index.counted[ent * index.n_cat + cat])
        out.append(TierLine(
            enterprise=rows.enterprises[ent], category=rows.categories[cat],
            counted_units=counted, schedule=_tiers_text(rate), reached=_reached(rate, counted)))
    return out


def invoice(report: RoyaltyReport, licensee: str, pool: Pool, *,
            issued: dt.date | None = None, _index: _RowIndex | None = None) -> InvoiceDocument:
    """Return the invoice document of ``licensee`` for the report's year.

    Parameters
    ----------
    report : RoyaltyReport
        ``poolcalc.royalties_owed(pool, year)``.
    licensee : str
    pool : Pool
        The pool the report was computed on (names, addresses, schedule).
    issued : datetime.date, optional
        Invoice date; default 1 January of the next year.

    Returns
    -------
    InvoiceDocument
        Its amounts are the report's: ``total`` is the licensee's ``owed`` plus its
        content royalties, to the cent.

    Examples
    --------
    >>> import poolcalc, poolcalc.model as m
    >>> from poolcalc import documents
    >>> pool = m.Pool(
    ...     "Tiny pool", [m.Member("A", "Alpha")], [m.Patent("P1", "A", "US", "2030-01-01")],
    ...     licensees=[m.Licensee("L1", "One")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "box", "US", "US", 10)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    >>> report = poolcalc.royalties_owed(pool, 2024)
    >>> doc = documents.invoice(report, "L1", pool)
    >>> doc.number, doc.total_cents, str(doc.due), doc.lines[0].royalty_bearing_units
    ('INV-2024-L1', 1000, '2025-01-31', 10)
    >>> "One" in doc.to_html()
    True
    """
    check_pool(pool, "invoice: pool")
    inv = report.invoice(licensee)
    index = _index if _index is not None else _RowIndex(report)
    sel = index.of.get(licensee, np.zeros(0, np.int64))
    lines = _lines(pool, report, sel)
    usage = [u for u in report.usage if u.licensee == licensee]
    for u in usage:
        for c, cents in sorted(u.by_country.items()):
            lines.append(InvoiceLine(product="content (usage) royalties", country=c, units=0,
                                     royalty_bearing_units=0, not_due={},
                                     rate="[royalty.usage] terms", royalty_cents=int(cents),
                                     kind="usage"))
    y = report.year
    categories = sorted({report.rows.categories[int(c)] for c in report.rows.category[sel]})
    if sum(ln.royalty_cents for ln in lines) != inv.owed_cents + sum(u.owed_cents for u in usage):
        raise InvalidInputError(f"invoice {licensee}: rows do not add up to the invoice")
    fee_line = next((f for f in report.fees if f.licensee == licensee), None)
    fee = credit = 0
    note = ""
    if fee_line is not None:
        fee, credit = fee_line.fee_cents, fee_line.credit_cents
        lines += _fee_lines(pool, fee, credit)
        note = _fee_note(pool, fee_line)
    payers = [PayerShare(p.payer, p.units, p.cents) for p in report.payers
              if p.licensee == licensee and p.payer != licensee]
    return build_invoice(
        pool, licensee, period=str(y), start=dt.date(y, 1, 1), end=dt.date(y, 12, 31),
        lines=lines, tiers=_tier_lines(pool, report, sel, index), units=inv.units,
        bearing=inv.royalty_bearing_units, gross=inv.gross_cents, member=inv.member_cents,
        discount=inv.discount_cents, allowance=inv.allowance_cents, cap=inv.cap_cents,
        usage=sum(u.owed_cents for u in usage), categories=categories, issued=issued,
        fee=fee, fee_credit=credit, fee_note=note, payers=payers,
    )


def _fee_lines(pool: Pool, fee: int, credit: int) -> list[InvoiceLine]:
    """Return the entry fee and the fee credit as line items (kind ``fee``)."""
    s = pool.schedule
    out = []
    if fee:
        out.append(InvoiceLine(product="entry fee", country="", units=0,
                               royalty_bearing_units=0, not_due={},
                               rate=f"{_num(s.entry_fee)} on signing, of which "
                                    f"{_num(s.entry_fee_creditable)} creditable",
                               royalty_cents=fee, kind="fee"))
    if credit:
        out.append(InvoiceLine(product="entry fee credit", country="", units=0,
                               royalty_bearing_units=0, not_due={},
                               rate="creditable part of the entry fee, against royalties",
                               royalty_cents=-credit, kind="fee"))
    return out


def _fee_note(pool: Pool, f: Any) -> str:
    """``f``: the licensee's ``FeeLine`` of the report (fee, credit, credit left)."""
    mu = pool.minor_units
    money = lambda c: f"{c / 10**mu:,.{mu}f}"  # noqa: E731 - display only
    return (f"entry fee on signing in {f.signed_year}: {_num(pool.schedule.entry_fee)}, of "
            f"which {_num(pool.schedule.entry_fee_creditable)} creditable against later "
            f"royalties; credited this period {money(f.credit_cents)}, left "
            f"{money(f.credit_left_cents)}")


def invoices(report: RoyaltyReport, pool: Pool, *,
             issued: dt.date | None = None) -> tuple[InvoiceDocument, ...]:
    """Return the invoice documents of every licensee of the report, by licensee id.

    Parameters
    ----------
    report : RoyaltyReport
    pool : Pool
    issued : datetime.date, optional
        Invoice date of all of them (default: the day after the year).

    Returns
    -------
    tuple of InvoiceDocument

    Examples
    --------
    >>> import poolcalc, poolcalc.model as m
    >>> from poolcalc import documents
    >>> pool = m.Pool(
    ...     "Tiny pool", [m.Member("A", "Alpha")], [m.Patent("P1", "A", "US", "2030-01-01")],
    ...     licensees=[m.Licensee("L1", "One")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "box", "US", "US", 10)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    >>> report = poolcalc.royalties_owed(pool, 2024)
    >>> [d.number for d in documents.invoices(report, pool)]
    ['INV-2024-L1']
    """
    check_instance_arg(report, RoyaltyReport, "invoices: report", "from poolcalc.royalties_owed")
    check_pool(pool, "invoices: pool")
    index = _RowIndex(report)
    return tuple(invoice(report, inv.licensee, pool, issued=issued, _index=index)
                 for inv in report.invoices)

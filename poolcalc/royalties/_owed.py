"""Object layer of the royalty engine: a :class:`~poolcalc.model.Pool` in, a report out."""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np

from poolcalc._log import timed
from poolcalc._money import format_money
from poolcalc.errors import InvalidInputError, PoolcalcWarning
from poolcalc.model import Pool, Schedule, check_pool
from poolcalc.royalties._eligible import eligibility_arrays
from poolcalc.royalties._engine import _NO_DATE, _check_year, compute_royalties
from poolcalc.royalties._fees import FeeLine, fee_lines
from poolcalc.royalties._invoices import InvoiceTable
from poolcalc.royalties._metrics import metric_lines
from poolcalc.royalties._payers import payer_lines
from poolcalc.royalties._result import RowRoyalties, RoyaltyReport
from poolcalc.royalties._usage import UsageInvoice, usage_invoices
from poolcalc.royalties.stages.due import REASONS
from poolcalc.tables import SalesTable, country_code

__all__ = ["degenerate_notes", "kernel_arguments", "royalties_owed", "schedule_for_year"]

_log = logging.getLogger(__name__)


def _report_text(r: RoyaltyReport) -> str:
    return (f"{len(r.invoices)} invoices on {len(r.rows)} sales rows, total "
            f"{format_money(r.total_cents, r.minor_units, grouping=True)} {r.currency}")


def schedule_for_year(schedules: Mapping[int, Schedule], year: int) -> Schedule:
    """Pick the schedule in force in ``year`` from year-dated schedules.

    Parameters
    ----------
    schedules : mapping of int to Schedule
        Schedule by first calendar year it applies to, e.g. the AVC/H.264 enterprise
        caps: ``{2005: cap 3.5M, 2007: 4.25M, 2009: 5M, 2011: 6.5M}`` (MPEG LA terms,
        cdrinfo.com/d7/node/7208, 2004; US$6.5M for 2011-2015: Streaming Media, "MPEG
        LA Announces Proposed HEVC Licensing Terms", streamingmedia.com).
    year : int

    Returns
    -------
    Schedule
        The one with the latest start year ``<= year``.

    Raises
    ------
    InvalidInputError
        No schedule starts on or before ``year``.

    Examples
    --------
    >>> from poolcalc.model import Schedule
    >>> early, late = Schedule(enterprise_cap=3_500_000), Schedule(enterprise_cap=6_500_000)
    >>> schedule_for_year({2005: early, 2011: late}, 2012).enterprise_cap
    6500000.0
    """
    if not isinstance(schedules, Mapping):
        raise InvalidInputError(
            f"schedules must be a mapping of first year to Schedule, got {schedules!r}")
    for y, sch in schedules.items():
        if isinstance(y, bool) or not isinstance(y, int | np.integer):
            raise InvalidInputError(f"schedules: first year must be an integer, got {y!r}")
        if not isinstance(sch, Schedule):
            raise InvalidInputError(
                f"schedules[{y}] must be a Schedule, got {type(sch).__name__}")
    starts = sorted(int(y) for y in schedules)
    usable = [y for y in starts if y <= year]
    if not usable:
        listed = ", ".join(str(y) for y in starts) or "none"
        raise InvalidInputError(f"no schedule in force in {year} (schedules start in: {listed})")
    return schedules[usable[-1]]


@timed(_log, lambda pool, year=None, **_: f"royalties {year or '(latest year)'}", _report_text)
def royalties_owed(
    pool: Pool,
    year: int | None = None,
    *,
    schedule: Schedule | Mapping[int, Schedule] | None = None,
) -> RoyaltyReport:
    """Compute what each licensee of ``pool`` owes for a calendar year.

    Parameters
    ----------
    pool : Pool
    year : int, optional
        Calendar year; default the latest year with sales.
    schedule : Schedule or mapping of int to Schedule, optional
        Terms to apply instead of ``pool.schedule``; a mapping gives year-dated
        schedules (first year each applies to, see :func:`schedule_for_year`).
        Schedules change at calendar-year boundaries only.

    Returns
    -------
    RoyaltyReport
        One :class:`Invoice` per licensee (sorted by id), the total, the per-row
        royalties aligned with ``pool.sales`` and notes.

    Raises
    ------
    InvalidInputError
        The pool has no sales, ``year`` has none, a price-basis row lacks
        ``net_price``.

    Notes
    -----
    Order of operations: the stages of :data:`poolcalc.royalties.stages.PIPELINE`
    (``docs/royalty-engine.md``).

    References
    ----------
    MPEG LA, AVC/H.264 Patent Portfolio License terms (tiers, Enterprise caps), cdrinfo.com,
    19 May 2004.  Via LA, "HEVC license fees" (free allowance, enterprise cap),
    via-la.com.  Access Advance, HEVC Advance royalty FAQ (regional rates, In-Compliance
    discounts, category caps), accessadvance.com.  DVD6C Licensing Agency, royalty
    notices 2003-2019 (percentage of price with minimum and maximum), dvd6cla.com.

    Examples
    --------
    >>> import poolcalc.model as m
    >>> pool = m.Pool(
    ...     "AVC", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")],
    ...     licensees=[m.Licensee("L1")],
    ...     sales=[m.SalesRecord("L1", "2012-05-01", "codec", "US", "CN", 6_000_000)],
    ...     schedule=m.Schedule(default=m.ProductRate(
    ...         tiers=[(0, 0.0), (100_000, 0.20), (5_000_000, 0.10)])),
    ... )
    >>> royalties_owed(pool).invoice("L1").owed_cents
    108000000
    """
    check_pool(pool, "royalties_owed: pool")
    report = _report(pool, year, schedule)
    fees = _fees(pool, report, schedule)
    if not fees:
        return report
    return attrs.evolve(report, fees=fees, total_cents=report.total_cents
                        + sum(f.net_cents for f in fees))


def _terms(pool: Pool, year: int, schedule: Schedule | Mapping[int, Schedule] | None
           ) -> Schedule:
    """Return the schedule of ``year``: ``pool.schedule``, the one given or the dated one."""
    if schedule is None:
        return pool.schedule
    if isinstance(schedule, Mapping):
        return schedule_for_year(schedule, year)
    if isinstance(schedule, Schedule):
        return schedule
    raise InvalidInputError(
        "royalties_owed: schedule must be a Schedule or a mapping of first year to "
        f"Schedule, got {type(schedule).__name__}")


def _fees(pool: Pool, report: RoyaltyReport,
          schedule: Schedule | Mapping[int, Schedule] | None) -> tuple[FeeLine, ...]:
    """Entry fees and fee credits of the report's year (:mod:`poolcalc.royalties._fees`)."""
    scheds = (list(schedule.values()) if isinstance(schedule, Mapping)
              else [_terms(pool, report.year, schedule)])
    if not any(s.entry_fee > 0 for s in scheds):
        return ()
    signed = {lic.id: lic.signed.year for lic in pool.licensees if lic.signed is not None}
    years = set(np.unique(pool.sales.year).tolist())

    def terms(y: int) -> Schedule | None:
        try:
            return _terms(pool, y, schedule)
        except InvalidInputError:  # no schedule in force that year: no fee, no royalty
            return None

    def owed(y: int) -> dict[str, int]:
        if y == report.year:
            rep = report
        elif y not in years or terms(y) is None:
            return {}
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PoolcalcWarning)
                rep = _report(pool, y, schedule)
        return {inv.licensee: inv.owed_cents for inv in rep.invoices}

    return fee_lines(signed, report.year, owed, terms, pool.minor_units)


def _report(pool: Pool, year: int | None,
            schedule: Schedule | Mapping[int, Schedule] | None) -> RoyaltyReport:
    """Return the year's report without entry fees (the body of :func:`royalties_owed`)."""
    patents, table = pool.patents, pool.sales
    metric_years = {r.year for r in pool.metrics} if pool.metric_terms is not None else set()
    if len(table) == 0 and not metric_years:
        raise InvalidInputError("the pool has no sales rows: nothing to invoice")
    years = table.year
    if year is None:
        year = max([*metric_years, *([int(years.max())] if len(table) else [])])
    year = _check_year(year)
    lt = pool.licensees
    terms = _terms(pool, int(year), schedule)
    if year in metric_years and not (years == year).any():  # a streaming-only year (VDP)
        rows = _no_rows(table, year)
    else:
        rows = compute_royalties(terms, patents, table, year=year,
                                 **kernel_arguments(pool, terms, table))
    enterprise_of = dict(zip(lt.ids, lt.enterprises, strict=True))
    invoices = _invoices(rows, enterprise_of, pool.minor_units)
    notes = _notes(invoices, rows, years, year, pool.minor_units)
    notes += _default_rate_notes(terms, table, rows)
    billed = {invoices.licensees[j] for j in np.flatnonzero(invoices.column("units")).tolist()}
    for note in degenerate_notes(
            pool, terms, int(year), billed, lambda: bool(invoices.column("cap_cents").any()),
            lambda: table.country_of_sale[rows.index]):
        warnings.warn(note, PoolcalcWarning, stacklevel=4)
        notes += (note,)
    usage, usage_notes = _usage(pool, int(year))
    metric = (() if pool.metric_terms is None
              else metric_lines(pool.metric_terms, pool.metrics, int(year), pool.minor_units))
    if pool.metrics and pool.metric_terms is None:
        usage_notes += (f"{len(pool.metrics)} metrics rows: no metric royalties (no "
                        "[royalty.metric_tiers] terms)",)
    return RoyaltyReport(
        currency=pool.currency,
        minor_units=pool.minor_units,
        year=int(year),
        invoices=invoices,
        total_cents=(int(rows.cents.sum()) + sum(u.owed_cents for u in usage)
                     + sum(x.cents for x in metric)),
        rows=rows,
        notes=notes + usage_notes,
        usage=usage,
        payers=payer_lines(rows, table.line, pool.payers),
        metric=metric,
    )


def _no_rows(sales: SalesTable, year: int) -> RowRoyalties:
    """Return the per-row royalties of a year without sales rows (streaming-only, VDP).

    Every licensee of the sales table gets an invoice of 0; the metric lines carry the
    year's royalties.
    """
    n_lic = len(sales.licensees)
    i64 = np.zeros(0, np.int64)
    i32 = np.zeros(0, np.int32)
    zero = np.zeros(n_lic, np.int64)
    return RowRoyalties(
        year=int(year), index=i64, line=i64, licensees=tuple(sales.licensees), licensee=i32,
        enterprises=tuple(sales.enterprises), enterprise=i32, categories=(), category=i32,
        units=i64, due=np.zeros(0, bool), reason=np.zeros(0, np.int8), cents=i64,
        licensee_gross_cents=zero, licensee_allowance_cents=zero, licensee_discount_cents=zero,
        licensee_cap_cents=zero, licensee_member_cents=zero)


def _usage(pool: Pool, year: int) -> tuple[tuple[UsageInvoice, ...], tuple[str, ...]]:
    """Content royalties of ``year`` (AVC/H.264 usage terms) and notes on rows left out."""
    records = pool.usage
    if not records:
        return (), ()
    terms = pool.usage_terms
    in_year = sum(1 for r in records if r.year == year)
    if terms is None:
        note = f"{in_year} usage rows of {year}: no usage royalties (no [royalty.usage] terms)"
        return (), ((note,) if in_year else ())
    usage = usage_invoices(terms, records, year, minor_units=pool.minor_units)
    notes = []
    if len(records) > in_year:
        notes.append(f"{len(records) - in_year} usage rows of other years left out")
    if usage:
        total = sum(u.owed_cents for u in usage)
        notes.append(
            f"content (usage) royalties {format_money(total, pool.minor_units)} from "
            f"{len(usage)} licensee(s); separate from the per-unit rows, allocated by country"
        )
    return usage, tuple(notes)


def _invoices(
    rows: RowRoyalties, enterprise_of: dict[str, str], minor_units: int
) -> InvoiceTable:
    """Build the invoices as columns, sorted by licensee id (no object per licensee)."""
    bl = rows.by_licensee
    units = bl(rows.units)
    bearing = bl(rows.royalty_bearing_units)
    per_reason = [bl(np.where(rows.reason == k, rows.units, 0)) for k in range(1, len(REASONS))]
    order = np.argsort(np.array(rows.licensees, dtype=object), kind="stable")
    labels = [rows.licensees[j] for j in order.tolist()]
    columns = {
        "units": units[order],
        "royalty_bearing_units": bearing[order],
        "units_not_due": (units - bearing)[order],
        "gross_cents": rows.licensee_gross_cents[order],
        "discount_cents": rows.licensee_discount_cents[order],
        "allowance_cents": rows.licensee_allowance_cents[order],
        "cap_cents": rows.licensee_cap_cents[order],
        "owed_cents": bl(rows.cents)[order],
        "member_cents": rows.licensee_member_cents[order],
    }
    not_due = (np.stack(per_reason)[:, order] if per_reason
               else np.zeros((0, len(labels)), np.int64))
    return InvoiceTable(labels, [enterprise_of.get(x, x) for x in labels], columns, not_due,
                        int(minor_units))


def kernel_arguments(pool: Pool, terms: Schedule, table: SalesTable) -> dict[str, Any]:
    """Keyword arguments of :func:`~poolcalc.royalties.compute_royalties` for ``pool``.

    Per licensee code of ``table`` (the licensee columns read at its labels): good
    standing, signature day, membership, chain level; the currency's minor units and
    the licensees meeting each eligibility condition of ``terms``.
    """
    lt = pool.licensees  # columns (LicenseeTable), read at the sales table's labels
    labels = table.licensees
    # read_pool codes the rows against the licensee table itself: no look-up then
    at = (np.arange(len(labels)) if labels == lt.ids else lt.index_of(labels))
    return {
        "good_standing": np.array(lt.column("good_standing"), bool)[at],
        "signed_day": lt.signed_days(_NO_DATE)[at],
        "member": np.array([m is not None for m in lt.column("member")], bool)[at],
        "chain_level": np.array(lt.chain_levels(), dtype=object)[at],
        "minor_units": pool.minor_units,
        "eligible": eligibility_arrays(terms, lt.by_id(), table),
    }


def degenerate_notes(pool: Pool, terms: Schedule, year: int, billed: set[str],
                     capped: Callable[[], bool], sold: Callable[[], np.ndarray]) -> list[str]:
    """Describe the year's degenerate but valid input (a note and a warning each).

    Licensees without rows (``billed``: those with units in the year), caps that never
    bind (``capped()``: a licensee's invoice shows a cap reduction; asked only when the
    terms have caps), regions without sales (``sold()``: country-of-sale codes of the
    year's rows; asked only when the terms have regions).
    """
    out = []
    idle = [x for x in pool.licensees.ids if x not in billed]
    if idle:
        shown = ", ".join(idle[:20]) + (f" and {len(idle) - 20} more" if len(idle) > 20 else "")
        out.append(f"{len(idle)} licensee(s) with no sales rows in {year}: {shown}")
    if math.isfinite(terms.enterprise_cap) or terms.category_caps:
        if not capped():
            out.append(f"no cap bound in {year}: every enterprise stayed under its caps")
    if not terms.regions:
        return out
    codes = sold()
    sold_set = set(np.unique(codes).tolist()) if len(codes) else set()
    for region in terms.regions:
        if not any(country_code(c) in sold_set for c in region.countries):
            out.append(f"region {region.name!r} has no sales in {year}")
    return out


def _default_rate_notes(terms: Schedule, table: SalesTable, rows: RowRoyalties
                        ) -> tuple[str, ...]:
    """Name the products of the year charged the default rate (not in ``products``).

    Only when the schedule lists products: a misspelt product name (``sofware_codec``)
    then shows here instead of passing unnoticed; ``strict_products = true`` refuses it.
    """
    if not terms.products or terms.default is None or len(rows) == 0:
        return ()
    codes = np.unique(table.product[rows.index])
    fell = [table.products[c] for c in codes.tolist() if table.products[c] not in terms.products]
    if not fell:
        return ()
    per = {p: 0 for p in fell}
    prod = table.product[rows.index]
    for c in codes.tolist():
        if table.products[c] in per:
            per[table.products[c]] = int(rows.units[prod == c].sum())
    listed = ", ".join(f"{p} ({per[p]} units)" for p in sorted(fell))
    return (f"charged the default rate (not listed in [royalty.products]): {listed}; "
            "set strict_products = true to refuse unlisted products",)


def _notes(
    invoices: InvoiceTable,
    rows: RowRoyalties,
    years: np.ndarray,
    year: int,
    minor_units: int,
) -> tuple[str, ...]:
    notes = []
    for k in range(1, len(REASONS)):
        sel = rows.reason == k
        if sel.any():
            notes.append(
                f"{int(rows.units[sel].sum())} units on {int(sel.sum())} rows not due: {REASONS[k]}"
            )
    capped: dict[str, int] = {}
    cap = invoices.column("cap_cents")
    for j in np.flatnonzero(cap).tolist():
        e = invoices.enterprises[j]
        capped[e] = capped.get(e, 0) + int(cap[j])
    for e in sorted(capped)[:20]:
        notes.append(
            f"enterprise {e}: caps reduced its royalty by {format_money(capped[e], minor_units)}"
        )
    if len(capped) > 20:
        notes.append(f"... and {len(capped) - 20} more capped enterprises")
    other = years != year
    if other.any():
        ys = ", ".join(str(y) for y in np.unique(years[other]))
        notes.append(
            f"{int(other.sum())} sales rows of other years ({ys}) are not part of this {year} run"
        )
    return tuple(notes)

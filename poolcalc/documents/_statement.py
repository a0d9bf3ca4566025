"""Licensor statements: a member's share with its audit trail, without any licensee's figures.

Confidentiality rule
--------------------
A licensor statement never reveals an individual licensee's sales.  Its share by
country aggregates the royalty-bearing rows of every licensee counted in a country;
a country whose figures come from fewer than ``[administration]
min_licensees_per_cell`` licensees (default 3) is merged into one "other countries"
cell, and while that cell itself has fewer licensees the next smallest country joins
it (so the merged figure cannot be read back from the total either).  Row lists,
carrier worths and per-licensee columns of :meth:`Distribution.explain` are left out,
and amounts are removed from the scheme's notes.  A member that is also a licensee
sees its own licensees' invoices in its netting.  The administrator's reconciliation
(:mod:`poolcalc.documents._reconcile`) shows everything.

The firewall follows the safeguards the US Department of Justice relied on when it
cleared the first standard patent pools: MPEG-2 (business review letter of 26 June
1997, justice.gov/atr/public/busreview/215742.htm), DVD 3C (16 December 1998,
justice.gov/atr/public/busreview/2121.htm) and DVD 6C (10 June 1999,
justice.gov/atr/public/busreview/2485.htm): licensees' competitively sensitive
information is not passed to the licensors through the pool's administrator.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from poolcalc._args import check_instance_arg, check_int_arg
from poolcalc._format import parse_money
from poolcalc.allocation import Distribution, per_country_split
from poolcalc.allocation._result import format_fraction
from poolcalc.documents._invoice import administrator_party
from poolcalc.documents._model import CountryCell, Party, StatementDocument
from poolcalc.errors import InvalidInputError
from poolcalc.model import AdministrationPolicy, Pool, check_pool
from poolcalc.royalties import RoyaltyReport, royalties_owed
from poolcalc.tables import COUNTRIES

__all__ = ["OTHER", "SALES_DERIVED", "merge_cells", "statement", "statements"]

#: Label of the merged cell.
OTHER = "other countries"
#: Columns of an audit trail computed from licensees' rows (never on a statement).
SALES_DERIVED = frozenset({"sales lines", "rows", "fallback rows", "royalty", "worth R_T",
                           "R_T/|T|", "entitlement", "licensees"})
_AMOUNT = re.compile(r"\s*\((?:of which )?-?[\d,]+\.\d+\)|\s-?[\d,]+\.\d{2}\b")


def merge_cells(cells: Sequence[dict[str, Any]], k: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Merge cells whose figures come from fewer than ``k`` licensees into one.

    Parameters
    ----------
    cells : sequence of dict
        Each with ``label``, ``licensees`` (set of ids), ``royalty`` [cents] and the
        rest of its figures.
    k : int
        Minimum number of distinct licensees behind a figure shown.

    Returns
    -------
    kept : list of dict
        Cells shown as they are (each from >= k licensees), then the merged cell
        (label :data:`OTHER`, ``merged`` = the labels inside) when there is one.
    merged : list of str
        Labels merged, in order.

    Notes
    -----
    Primary suppression: every cell with ``|licensees| < k``.  Secondary: while the
    merged cell has fewer than ``k`` distinct licensees, the kept cell with the fewest
    licensees (then the smallest royalty, then the label) joins it, so neither the
    merged figure nor "total minus the others" isolates fewer than ``k`` licensees.
    Statistical disclosure control calls this the threshold rule with complementary
    suppression (Hundepool et al., *Statistical Disclosure Control*, Wiley, 2012, the
    chapter on magnitude tables).

    Examples
    --------
    >>> cells = [{"label": "US", "licensees": {"a", "b", "c"}, "royalty": 9},
    ...          {"label": "FR", "licensees": {"a"}, "royalty": 1},
    ...          {"label": "DE", "licensees": {"b", "d", "e"}, "royalty": 5}]
    >>> kept, merged = merge_cells(cells, 3)
    >>> [c["label"] for c in kept], merged
    (['US', 'other countries'], ['FR', 'DE'])
    """
    check_int_arg(k, "merge_cells: k", low=0)
    check_instance_arg(cells, (list, tuple), "merge_cells: cells", "a sequence of dicts")
    small = [c for c in cells if len(c["licensees"]) < k]
    kept = [c for c in cells if len(c["licensees"]) >= k]
    inside: set[str] = set().union(*(c["licensees"] for c in small)) if small else set()
    while small and len(inside) < k and kept:
        j = min(range(len(kept)),
                key=lambda i: (len(kept[i]["licensees"]), kept[i]["royalty"], kept[i]["label"]))
        c = kept.pop(j)
        small.append(c)
        inside |= c["licensees"]
    if not small:
        return kept, []
    merged = {"label": OTHER, "merged": [c["label"] for c in small], "licensees": inside,
              "royalty": sum(c["royalty"] for c in small),
              "rows": sum(c.get("rows", 0) for c in small), "member": "", "total": "",
              "entitlement": _sum_decimal([c.get("entitlement", "") for c in small]),
              "patents": "; ".join(c["patents"] for c in small if c.get("patents"))}
    return kept + [merged], merged["merged"]


def _sum_decimal(values: Sequence[str]) -> str:
    nums = [Decimal(v) for v in values if v]
    return str(sum(nums, Decimal(0))) if nums else ""


def _rows(dist: Distribution, report: RoyaltyReport, pool: Pool
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count country, licensee code and cents of each royalty-bearing row of the report.

    The count country is the one the scheme counted the row in: per-country-count
    splits the rows again with the distribution's options (same kernel, same
    fallback); other schemes are shown by country of sale.
    """
    r, sales = report.rows, pool.sales
    bearing = r.cents > 0
    rows, cents = r.index[bearing], r.cents[bearing]
    if dist.scheme == "per-country-count":
        opts = dist.options
        sp = per_country_split(cents, sales.country_of_sale[rows],
                               sales.country_of_manufacture[rows], sales.date[rows],
                               pool.patents, country=opts.get("country", "sale"),
                               unit=opts.get("unit", "patent"), exact=opts.get("exact"))
        row_country = sp.group_country[sp.row_group]
    else:
        row_country = sales.country_of_sale[rows].astype(np.int64)
    return row_country, sales.licensee[rows], cents


def _country_cells(dist: Distribution, pool: Pool, counted: tuple[np.ndarray, ...],
                   lines: Sequence[Mapping[str, Any]], unit: str) -> list[dict[str, Any]]:
    """Cells of the share by country: one per count country (and per usage country)."""
    mu, sales = pool.minor_units, pool.sales
    row_country, lic, cents = counted
    per_country = dist.scheme == "per-country-count"
    by_label = {}
    for ln in lines:
        if ln.get("kind", "unit") == "unit" and "country" in ln:
            by_label[str(ln["country"])] = ln
    cells = []
    for c in np.unique(row_country).tolist():
        sel = row_country == c
        label = COUNTRIES[c]
        ln = by_label.get(label, {}) if per_country else {}
        cells.append({
            "label": label, "licensees": {sales.licensees[x] for x in np.unique(lic[sel])},
            "royalty": int(cents[sel].sum()), "rows": int(sel.sum()),
            "member": str(ln.get(f"member {unit}s", "")),
            "total": str(ln.get(f"total {unit}s", "")),
            "entitlement": str(ln.get("entitlement", "")), "patents": str(ln.get("patents", "")),
        })
    for ln in lines:  # content (usage) royalties per country
        if ln.get("kind") == "usage":
            who = {x.strip() for x in str(ln.get("licensees", "")).split(",") if x.strip()}
            cells.append({
                "label": f"{ln['country']} (content)", "licensees": who,
                "royalty": parse_money(str(ln.get("royalty", "0")), mu), "rows": 0,
                "member": str(ln.get(f"member {unit}s", "")),
                "total": str(ln.get(f"total {unit}s", "")),
                "entitlement": str(ln.get("entitlement", "")) if per_country else "",
                "patents": str(ln.get("patents", "")) if per_country else ""})
    return cells


def statement(dist: Distribution, member: str, pool: Pool,
              report: RoyaltyReport | None = None, *,
              _counted: tuple[np.ndarray, ...] | None = None) -> StatementDocument:
    """Return the statement of ``member`` for the distribution's year.

    Parameters
    ----------
    dist : Distribution
        ``poolcalc.allocate(pool, year=...)``.
    member : str
    pool : Pool
    report : RoyaltyReport, optional
        The royalty report the distribution split (default: computed for its year).

    Returns
    -------
    StatementDocument
        Amount, share, netting and net equal the distribution's to the cent; the
        share by country follows the confidentiality rule of this module.

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
    >>> dist = poolcalc.allocate(pool, year=2024)
    >>> s = documents.statement(dist, "A", pool, report)
    >>> s.amount_cents, [c.label for c in s.cells]  # one licensee: its country is merged
    (1000, ['other countries'])
    """
    check_pool(pool, "statement: pool")
    if report is None:
        report = royalties_owed(pool, dist.year)
    if report.year != dist.year:
        raise InvalidInputError(
            f"statement: report is for {report.year}, distribution for {dist.year}")
    exp = dist.explain(member)
    k = (pool.administration or AdministrationPolicy()).min_licensees_per_cell
    unit = str(dist.options.get("unit", "patent"))
    counted = _counted if _counted is not None else _rows(dist, report, pool)
    cells, merged = merge_cells(_country_cells(dist, pool, counted, exp.lines, unit), k)
    per_country = dist.scheme == "per-country-count"
    audit_cols: tuple[str, ...] = ()
    audit: list[tuple[str, ...]] = []
    if not per_country:
        audit_cols = tuple(c for c in exp.columns if c not in SALES_DERIVED and c != "kind")
        audit = [tuple(str(ln.get(c, "")) for c in audit_cols) for ln in exp.lines
                 if ln.get("kind", "unit") == "unit"]
    everyone = {sales_lic for c in cells for sales_lic in c["licensees"]}
    notes = [_AMOUNT.sub("", n) for n in exp.notes]
    if merged:
        notes.append(f"{', '.join(merged)}: merged into {OTHER} (figures from fewer than {k} "
                     "licensees are not shown separately)")
    if everyone and len(everyone) < k:
        notes.append(f"the pool's royalties for the period come from fewer than {k} licensees")
    net = dist.netting.get(member)
    m = pool.member(member)
    return StatementDocument(
        period=str(dist.year), currency=dist.currency, minor_units=dist.minor_units,
        pool=pool.name, administrator=administrator_party(pool),
        member=Party(id=m.id, name=m.name or m.id), scheme=dist.scheme,
        options={k2: v for k2, v in dist.options.items() if v is not None},
        basis=exp.basis, unit=unit,
        cells=[CountryCell(label=c["label"], countries=c.get("merged", [c["label"]]),
                           rows=c["rows"], royalty_cents=c["royalty"], member_count=c["member"],
                           total_count=c["total"], entitlement=c["entitlement"],
                           patents=c["patents"], licensees=len(c["licensees"]))
               for c in cells],
        audit_columns=audit_cols, audit_lines=audit, collected_cents=dist.collected_cents,
        administrator_fee_cents=dist.administrator_fee_cents,
        administrator_fee=pool.administrator_fee,
        entitlement=format_fraction(Fraction(exp.entitlement), dist.minor_units),
        amount_cents=dist.amounts[member], share=float(dist.shares[member]),
        own_licensees=() if net is None else net.licensees,
        payable_cents=None if net is None else net.payable_cents,
        merged=merged, min_licensees_per_cell=k, notes=notes,
    )


def statements(dist: Distribution, pool: Pool,
               report: RoyaltyReport | None = None) -> tuple[StatementDocument, ...]:
    """Return the statement of every member, in pool order.

    Parameters
    ----------
    dist : Distribution
    pool : Pool
    report : RoyaltyReport, optional
        The royalty report the distribution split (default: computed for its year).

    Returns
    -------
    tuple of StatementDocument

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
    >>> dist = poolcalc.allocate(pool, year=2024)
    >>> [s.member.id for s in documents.statements(dist, pool, report)]
    ['A']
    """
    check_instance_arg(dist, Distribution, "statements: dist", "from poolcalc.allocate")
    check_pool(pool, "statements: pool")
    if report is not None:
        check_instance_arg(report, RoyaltyReport, "statements: report")
    if report is None:
        report = royalties_owed(pool, dist.year)
    counted = _rows(dist, report, pool)
    return tuple(statement(dist, m, pool, report, _counted=counted) for m in dist.amounts)

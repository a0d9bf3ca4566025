"""Result objects of the royalty engine: per-row royalties, invoices and the report.

:class:`Invoice` and :class:`RoyaltyReport` implement the result interface
(:class:`poolcalc._result.Result`): ``to_dict()`` is what ``poolcalc royalties
--format json`` prints, ``str()`` the table, :meth:`RoyaltyReport.to_csv` the CSV;
money is formatted in one place, :func:`invoice_dict` / :func:`invoice_cells`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np

from poolcalc._args import checked_fields
from poolcalc._format import format_money, render_csv
from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.royalties._extras import extra_dicts, extra_footer
from poolcalc.royalties._fees import FeeLine, fee_csv
from poolcalc.royalties._metrics import MetricLine
from poolcalc.royalties._payers import PayerLine
from poolcalc.royalties._usage import UsageInvoice, usage_dict, usage_lines
from poolcalc.royalties.stages.due import REASONS

__all__ = ["REASONS", "Invoice", "RowRoyalties", "RoyaltyReport"]

#: Money columns of an invoice, in output order (``<name>_cents`` attributes).
MONEY = ("gross", "member", "discount", "allowance", "cap", "owed")
#: Column headers of the invoice table (``bearing``: royalty-bearing units).
TABLE_HEADERS = ("licensee", "enterprise", "units", "bearing", "not due", *MONEY)
_TABLE_ALIGN = ("l", "l") + ("r",) * 9
#: Columns of the CSV output (a ``usage`` column follows when there are content royalties).
CSV_HEADERS = ("licensee", "enterprise", "units", "royalty_bearing_units", "units_not_due",
               *MONEY)


@attrs.frozen(eq=False, field_transformer=checked_fields)
class RowRoyalties:
    """Royalty of each sales row of one calendar year (arrays aligned row by row).

    Rows are in the order of the sales table they come from (ascending ``index``).
    ``cents`` is what each row owes (whole cents, sums exactly per enterprise and per
    licensee); the per-licensee arrays (``licensee_*_cents``, indexed by licensee
    code) hold the invoice breakdown: gross, allowance, discount and cap, with
    ``gross - allowance - discount - cap - member == sum of the licensee's row cents``.

    Attributes
    ----------
    year : int
    index : ndarray of int64, shape (n,)
        Positions of the rows in the :class:`~poolcalc.tables.SalesTable` given
        (``pool.sales`` for :func:`royalties_owed`).
    line : ndarray of int64, shape (n,)
        Source line of each row (``SalesTable.line``).
    licensees : tuple of str
        Labels of the ``licensee`` codes.
    licensee : ndarray of int32, shape (n,)
    enterprises : tuple of str
    enterprise : ndarray of int32, shape (n,)
        Affiliated group whose counter, allowance and caps the row falls under.
    category : ndarray of int32, shape (n,)
        Codes into ``categories`` (tier counter and cap bucket of the product).
    categories : tuple of str
    units : ndarray of int64, shape (n,)
        Units reported.
    due : ndarray of bool, shape (n,)
        Royalty-due test passed (a pooled essential patent in force where and when
        the unit sold; Access Advance, accessadvance.com/topic-where-and-when-is-a-royalty-due/).
    reason : ndarray of int8, shape (n,)
        Codes into :data:`REASONS`; 0 when due.
    cents : ndarray of int64, shape (n,)
        Royalty owed on the row [minor units]; sums per enterprise to the exact
        enterprise total and per licensee to the invoice's ``owed_cents``.
    licensee_gross_cents : ndarray of int64, shape (len(licensees),)
        Royalty at the schedule's tiers and regional multipliers before allowance,
        discounts and caps; per enterprise the sums are the enterprise's gross.
    licensee_allowance_cents, licensee_discount_cents, licensee_cap_cents : ndarray of int64
        Shape (len(licensees),): each licensee's reduction (gross minus owed) split
        into free units and waiver, status and chain-level discounts, and caps
        [minor units].
    licensee_member_cents : ndarray of int64, shape (len(licensees),)
        Each licensee's member cross-licence relief (``Schedule.member_rate`` < 1
        for pool members) [minor units]; zeros when absent.
    """

    year: int
    index: np.ndarray
    line: np.ndarray
    licensees: tuple[str, ...]
    licensee: np.ndarray
    enterprises: tuple[str, ...]
    enterprise: np.ndarray
    categories: tuple[str, ...]
    category: np.ndarray
    units: np.ndarray
    due: np.ndarray
    reason: np.ndarray
    cents: np.ndarray
    licensee_gross_cents: np.ndarray
    licensee_allowance_cents: np.ndarray
    licensee_discount_cents: np.ndarray
    licensee_cap_cents: np.ndarray
    licensee_member_cents: np.ndarray = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.licensee_member_cents is None:
            object.__setattr__(
                self, "licensee_member_cents", np.zeros(len(self.licensees), np.int64)
            )

    def __len__(self) -> int:
        return int(self.index.size)

    @property
    def royalty_bearing_units(self) -> np.ndarray:
        """Units of due rows (0 for rows not due), int64 shape (n,)."""
        return np.where(self.due, self.units, 0)

    def by_licensee(self, values: np.ndarray) -> np.ndarray:
        """Sum a per-row int64 array per licensee code (shape ``(len(licensees),)``)."""
        sums = np.bincount(
            self.licensee, np.asarray(values, dtype=np.float64), minlength=len(self.licensees)
        )
        return np.rint(sums).astype(np.int64)  # exact: float64 sums of integers below 2**53


def _not_due(value: Any) -> Mapping[str, int]:
    return MappingProxyType({str(k): int(v) for k, v in dict(value or {}).items()})


@attrs.frozen(repr=False, field_transformer=checked_fields)
class Invoice(Result):
    """What one licensee owes for the year.

    Money is in integer minor units (cents) and adds up exactly:
    ``owed_cents == gross_cents - member_cents - discount_cents - allowance_cents -
    cap_cents``.

    Attributes
    ----------
    licensee, enterprise : str
    units : int
        Units reported in the year.
    royalty_bearing_units : int
        Units on which a royalty is due (a pooled patent in force).
    units_not_due : int
        ``units - royalty_bearing_units``.
    not_due : mapping of str to int
        Units not due by reason (labels of :data:`REASONS`; only reasons that occur).
    gross_cents : int
        Royalty at the schedule's tier rates and regional multipliers.
    discount_cents : int
        Good-standing / early-signing / chain-level discounts.
    allowance_cents : int
        Free units and the annual money waiver.
    cap_cents : int
        Reduction by the category caps and the enterprise cap.
    owed_cents : int
    member_cents : int
        Member cross-licence relief: what a licensee that is a pool member does not
        pay because ``Schedule.member_rate`` < 1 (0 = royalty-free cross-licence).
    minor_units : int
        Decimal places of the currency (2: amounts are in cents), for ``to_dict`` and
        the table.
    """

    licensee: str
    enterprise: str
    units: int
    royalty_bearing_units: int
    units_not_due: int
    not_due: Mapping[str, int] = attrs.field(converter=_not_due)
    gross_cents: int = 0
    discount_cents: int = 0
    allowance_cents: int = 0
    cap_cents: int = 0
    owed_cents: int = 0
    member_cents: int = 0
    minor_units: int = 2

    def __attrs_post_init__(self) -> None:
        parts = (
            self.gross_cents,
            self.discount_cents,
            self.allowance_cents,
            self.cap_cents,
            self.owed_cents,
            self.member_cents,
        )
        if min(parts) < 0:
            raise InvalidInputError(
                f"invoice {self.licensee}: money terms must be >= 0, got {parts}"
            )
        if (
            self.owed_cents
            != self.gross_cents
            - self.member_cents
            - self.discount_cents
            - self.allowance_cents
            - self.cap_cents
        ):
            raise InvalidInputError(
                f"invoice {self.licensee}: owed must equal "
                "gross - member - discount - allowance - cap"
            )
        if self.units != self.royalty_bearing_units + self.units_not_due:
            raise InvalidInputError(
                f"invoice {self.licensee}: units must equal royalty-bearing + not due"
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the invoice as in ``--format json`` (money as decimal strings)."""
        return invoice_dict(self, self.minor_units)

    def _view(self) -> TableView:
        return TableView(
            TABLE_HEADERS, [invoice_cells(self, self.minor_units)], align=_TABLE_ALIGN
        )

    def _summary(self) -> str:
        mu = self.minor_units
        return (
            f"{self.licensee}: owed {format_money(self.owed_cents, mu)} of gross "
            f"{format_money(self.gross_cents, mu)} on {self.units:,} units"
        )

    def _records(self) -> Sequence[dict[str, Any]]:
        return [_record(self, self.minor_units)]


def invoice_dict(inv: Invoice, minor_units: int) -> dict[str, Any]:
    """One invoice as JSON-ready data: counts, money as decimal strings, units not due."""
    out: dict[str, Any] = {
        "licensee": inv.licensee,
        "enterprise": inv.enterprise,
        "units": inv.units,
        "royalty_bearing_units": inv.royalty_bearing_units,
        "units_not_due": inv.units_not_due,
    }
    for k in MONEY:
        out[k] = format_money(getattr(inv, f"{k}_cents"), minor_units)
    out["not_due"] = dict(inv.not_due)
    return out


def invoice_cells(inv: Invoice | Mapping[str, int], minor_units: int, *, label: str = "",
                  enterprise: str = "") -> list[str]:
    """One line of the invoice table (counts and money grouped with commas).

    ``inv`` is an invoice or a mapping of its count and ``<money>_cents`` attributes
    (the totals line, with ``label``).
    """
    get = inv.get if isinstance(inv, Mapping) else lambda k: getattr(inv, k)
    return [
        label or str(get("licensee")),
        enterprise if label else str(get("enterprise")),
        f"{get('units'):,}",
        f"{get('royalty_bearing_units'):,}",
        f"{get('units_not_due'):,}",
        *(format_money(get(f"{k}_cents"), minor_units, grouping=True) for k in MONEY),
    ]


def _record(inv: Invoice, minor_units: int) -> dict[str, Any]:
    """Return a ``to_frame`` row: money in integer minor units, and ``owed`` formatted."""
    row: dict[str, Any] = {c: getattr(inv, c) for c in _FRAME_COLUMNS}
    row["owed"] = format_money(inv.owed_cents, minor_units)
    return row


@attrs.frozen(eq=False, repr=False, field_transformer=checked_fields)
class RoyaltyReport(Result):
    """What every licensee owes for one calendar year (the administrator's invoice run).

    Attributes
    ----------
    currency : str
    minor_units : int
        Decimal places of the currency (2: amounts are in cents).
    year : int
    invoices : sequence of Invoice
        One per licensee, sorted by licensee id (licensees without sales in the year
        owe 0 and are listed too).  :func:`royalties_owed` gives an
        :class:`~poolcalc.royalties._invoices.InvoiceTable` (columns; each
        :class:`Invoice` built when read, equal to the tuple of the same invoices).
    total_cents : int
        Sum of ``owed_cents`` over the invoices (== ``rows.cents.sum()``) plus the
        content royalties (``usage_cents``).
    rows : RowRoyalties
        Per-row royalties (what the allocation side splits among licensors).
    notes : tuple of str
        Human-readable remarks: units not due and why, caps that bind, rows of other
        years left out of this year's run.
    usage : tuple of UsageInvoice
        Content ("usage") royalties per licensee (:mod:`poolcalc.royalties._usage`);
        empty when the pool has no usage terms or rows in the year.  They are not in
        ``rows`` (the per-unit rows); :func:`poolcalc.allocation.allocate` distributes
        them too, attributed by ``by_country``.
    fees : tuple of FeeLine
        Entry fees invoiced on signing and fee credits against royalties
        (:mod:`poolcalc.royalties._fees`); ``total_cents`` includes ``fees_cents``.
    payers : tuple of PayerLine
        Royalties billed to payers other than the licensee, per (payer, licensee)
        (:mod:`poolcalc.royalties._payers`); empty when the pool has no payers.
    metric : tuple of MetricLine
        Royalties by a tier chosen by the highest of several metrics, per licensee and
        half year (:mod:`poolcalc.royalties._metrics`); in ``total_cents``.
    """

    currency: str
    minor_units: int
    year: int
    invoices: Sequence[Invoice]
    total_cents: int
    rows: RowRoyalties
    notes: tuple[str, ...] = ()
    usage: tuple[UsageInvoice, ...] = attrs.field(default=(), converter=tuple)
    fees: tuple[FeeLine, ...] = attrs.field(default=(), converter=tuple)
    payers: tuple[PayerLine, ...] = attrs.field(default=(), converter=tuple)
    metric: tuple[MetricLine, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        owed = self._sum("owed_cents") + self.usage_cents + self.other_cents
        if self.total_cents != owed:
            what = "the invoices and usage royalties" if self.usage else "the invoices"
            what += " and entry fees or metric royalties" if self.other_cents else ""
            raise InvalidInputError(
                f"report total must equal the sum of {what} ({owed}), got {self.total_cents}"
            )

    @property
    def usage_cents(self) -> int:
        """Content ("usage") royalties of the year [minor units]."""
        return sum(u.owed_cents for u in self.usage)

    @property
    def other_cents(self) -> int:
        """Entry fees less fee credits plus metric royalties of the year [minor units]."""
        return sum(f.net_cents for f in self.fees) + sum(x.cents for x in self.metric)

    def _sum(self, name: str) -> int:
        """Sum of one integer field over the invoices (from the columns when columnar)."""
        column = getattr(self.invoices, "column", None)
        if column is not None:
            return int(column(name).sum())
        return sum(getattr(inv, name) for inv in self.invoices)

    def invoice(self, licensee: str) -> Invoice:
        """Return the invoice of ``licensee``."""
        position = getattr(self.invoices, "position", None)
        if position is not None:
            j = position(licensee)
            if j is None:
                raise InvalidInputError(f"no invoice for licensee {licensee!r}")
            return self.invoices[j]
        for inv in self.invoices:
            if inv.licensee == licensee:
                return inv
        raise InvalidInputError(f"no invoice for licensee {licensee!r}")

    @property
    def units(self) -> int:
        """Units reported in the year."""
        return self._sum("units")

    @property
    def not_due(self) -> Mapping[str, int]:
        """Units not due by reason, over all licensees."""
        totals = getattr(self.invoices, "not_due_totals", None)
        if totals is not None:
            return MappingProxyType(totals())
        out: dict[str, int] = {}
        for inv in self.invoices:
            for k, v in inv.not_due.items():
                out[k] = out.get(k, 0) + v
        return MappingProxyType(out)

    def totals(self) -> dict[str, int]:
        """Column totals of the invoices (units and cents)."""
        keys = (
            "units",
            "royalty_bearing_units",
            "units_not_due",
            "gross_cents",
            "member_cents",
            "discount_cents",
            "allowance_cents",
            "cap_cents",
            "owed_cents",
        )
        return {k: self._sum(k) for k in keys}

    def to_rows(self) -> list[dict[str, Any]]:
        """Return one dict per invoice (money in integer minor units).

        The form :func:`poolcalc.io.to_frame` expands; ``not_due`` is left out (see
        :attr:`not_due` and the per-invoice mappings).
        """
        return [{c: getattr(inv, c) for c in _FRAME_COLUMNS} for inv in self.invoices]

    # -- the result interface -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the report as ``--format json`` prints it.

        ``{"currency", "year", "total", "licensees": [...], "not_due", "notes",
        "usage": [...]}`` with money as decimal strings (``"1080000.00"``); each
        licensee has ``licensee, enterprise, units, royalty_bearing_units,
        units_not_due, gross, member, discount, allowance, cap, owed, not_due``;
        ``usage`` has one object per licensee with content royalties (empty list when
        none) and ``total`` includes them.
        """
        mu = self.minor_units
        out = {
            "currency": self.currency,
            "year": self.year,
            "total": format_money(self.total_cents, mu),
            "licensees": self._invoice_dicts(),
            "not_due": dict(self.not_due),
            "notes": list(self.notes),
            "usage": [usage_dict(u, mu) for u in self.usage],
        }
        out.update(extra_dicts(self))
        return out

    def _invoice_dicts(self) -> list[dict[str, Any]]:
        dicts = getattr(self.invoices, "dicts", None)
        if dicts is not None:
            return dicts(self.minor_units)
        return [invoice_dict(inv, self.minor_units) for inv in self.invoices]

    def to_csv(self) -> str:
        """Return one CSV row per licensee, money as decimal strings.

        Columns :data:`CSV_HEADERS`, plus ``usage`` (content royalties) when the report
        has any; a licensee with content royalties only gets a row of its own.
        """
        mu = self.minor_units
        rows = [
            [d[h] for h in CSV_HEADERS]
            for d in self._invoice_dicts()
        ]
        heads, rows = fee_csv(list(CSV_HEADERS), rows, self.fees, mu)
        if not self.usage:
            return render_csv(heads, rows)
        usage = {u.licensee: u.owed_cents for u in self.usage}
        body = [r + [format_money(usage.pop(r[0], 0), mu)] for r in rows]
        body += [[lic, *([""] * (len(heads) - 1)), format_money(c, mu)]
                 for lic, c in sorted(usage.items())]
        return render_csv([*heads, "usage"], body)

    def _view(self) -> TableView:
        mu = self.minor_units
        body = [invoice_cells(inv, mu) for inv in self.invoices]
        body.append(invoice_cells(self.totals(), mu, label="TOTAL"))
        footer: list[str] = []
        if self.usage:
            footer += ["", *usage_lines(self.usage, mu, self.total_cents)]
        footer += extra_footer(self)
        if self.not_due:
            footer += ["", "Units not due (no royalty):"]
            footer += [f"  {units:>14,}  {reason}" for reason, units in self.not_due.items()]
        if self.notes:
            footer += ["", "Notes:", *(f"  - {n}" for n in self.notes)]
        return TableView(
            TABLE_HEADERS,
            body,
            title=f"Royalties owed for {self.year} ({self.currency})",
            align=_TABLE_ALIGN,
            footer=footer,
        )

    def _summary(self) -> str:
        mu = self.minor_units
        return (
            f"{self.year}, {len(self.invoices)} licensees, total "
            f"{format_money(self.total_cents, mu)} {self.currency}"
        )

    def _records(self) -> Sequence[dict[str, Any]]:
        return [_record(inv, self.minor_units) for inv in self.invoices]


_FRAME_COLUMNS = (
    "licensee",
    "enterprise",
    "units",
    "royalty_bearing_units",
    "units_not_due",
    "gross_cents",
    "member_cents",
    "discount_cents",
    "allowance_cents",
    "cap_cents",
    "owed_cents",
)

"""What a scheme sees (:class:`SchemeContext`) and what it returns (:class:`SchemeOutput`).

:func:`pool_arrays` is the one place that reads a pool's patent and sales tables.

Money in exact integer cents (minor units); days as day numbers of
:func:`poolcalc.tables.day_number`; a year is the half-open period ``[start, end)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np

from poolcalc._money import format_money
from poolcalc.allocation._counting import in_force_during, member_counts
from poolcalc.allocation._result import format_fraction
from poolcalc.allocation._rounding import administrator_fee_cents
from poolcalc.model import Pool, check_pool
from poolcalc.tables import ESSENTIAL_CODE, PatentTable, SalesTable, day_number

__all__ = ["SchemeContext", "SchemeOutput", "build_context", "pool_arrays"]

_MAX_LISTED = 10  # items listed per audit line before "+N more"


def _listed(items: Sequence[str]) -> str:
    if len(items) > _MAX_LISTED:
        return ", ".join(items[:_MAX_LISTED]) + f" (+{len(items) - _MAX_LISTED} more)"
    return ", ".join(items)


@attrs.frozen(eq=False)
class SchemeContext:
    """Everything a scheme's kernel needs, as arrays (M members, R royalty-bearing rows).

    Attributes
    ----------
    members : tuple of str
        Member ids in pool order; weights are returned in this order.
    table : PatentTable
        The pool's patents (``owner`` indexes ``members``).
    sales : SalesTable
        The pool's sales rows.
    rows : ndarray of int64, shape (R,)
        Indices into ``sales`` of the year's royalty-bearing rows.
    cents : ndarray of int64, shape (R,)
        Their royalties [minor units], all > 0.
    year : int
    start, end : int
        Day numbers of 1 January of ``year`` and of the next year: ``[start, end)``.
    collected : int
        Row royalties plus content (usage) royalties of the year [minor units].
    distributable : int
        ``collected`` minus the administrator's fee [minor units].
    minor_units : int
        Decimal places of the currency.
    usage_country : ndarray of int64, shape (U,)
        Country codes with content (usage) royalties, ascending.
    usage_cents : ndarray of int64, shape (U,)
        Usage royalties per such country [minor units].
    usage_licensees : tuple of tuple of str
        The licensees behind each usage country's cents.
    """

    members: tuple[str, ...]
    table: PatentTable
    sales: SalesTable
    rows: np.ndarray
    cents: np.ndarray
    year: int
    start: int
    end: int
    collected: int
    distributable: int
    minor_units: int
    usage_country: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    usage_cents: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    usage_licensees: tuple[tuple[str, ...], ...] = ()

    @property
    def usage_total(self) -> int:
        """Content (usage) royalties of the year [minor units]."""
        return int(self.usage_cents.sum())

    def in_force(self, status: int | None = ESSENTIAL_CODE) -> np.ndarray:
        """Mask (P,) of patents in force on at least one day of the year.

        A patent is in force on day d when ``granted <= d < expires`` and it is not
        invalid; ``status`` keeps one status code (default: evaluated essential, i.e.
        the pooled patents), ``None`` every status but invalid.
        """
        return in_force_during(self.table, self.start, self.end, status=status)

    def member_counts(
        self, unit: Literal["patent", "family", "weight"] = "patent"
    ) -> np.ndarray:
        """Per-member counts (M,) of pooled essential patents in force during the year.

        ``unit``: ``patent`` (national patents, int64), ``family`` (distinct families,
        int64) or ``weight`` (sum of the ``weight`` column, float64).
        """
        return member_counts(self.table, self.in_force(), unit=unit)

    def money(self, cents: int | Fraction, extra: int = 0) -> str:
        """Format cents as currency units (``extra`` more digits for exact fractions)."""
        if isinstance(cents, Fraction) or extra:
            return format_fraction(Fraction(cents), self.minor_units, extra)
        return format_money(int(cents), self.minor_units)

    def to_entitlement(self, part: Fraction, total_weight: Fraction) -> Fraction:
        """Return the distributable total's share ``part / total_weight`` [exact cents]."""
        return self.distributable * part / total_weight

    def patent_list(self, mask: np.ndarray) -> str:
        """Patent ids selected by ``mask``, comma separated (at most ten, then "+N more")."""
        return _listed([str(x) for x in self.table.ids[mask]])

    def lines_list(self, lines: np.ndarray) -> str:
        """Sales-file line numbers, ascending, comma separated (at most ten listed)."""
        return _listed([str(int(x)) for x in np.sort(lines)])


@attrs.frozen(eq=False)
class SchemeOutput:
    """What a scheme's kernel returns.

    Attributes
    ----------
    weights : list of Fraction
        Exact, non-negative weight per member (``ctx.members`` order), not all zero.
    notes : tuple of str
        Facts for the distribution's notes (fallbacks, numerical paths).
    detail : object
        The kernel's intermediate results, for its own explain and usage functions.
    usage_note : str, optional
        How this scheme split the content (usage) royalties (one clause); default:
        as part of the distributable total.
    """

    weights: list[Fraction]
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    detail: Any = None
    usage_note: str | None = None


def pool_arrays(pool: object, where: str) -> tuple[Pool, PatentTable, SalesTable]:
    """Return the pool with its patent and sales tables: the one place that reads them.

    ``where`` names the caller in the error for anything but a :class:`Pool`.
    """
    p = check_pool(pool, where)
    return p, p.patents, p.sales


def build_context(
    members: tuple[str, ...],
    table: PatentTable,
    sales: SalesTable,
    *,
    year: int,
    rows: np.ndarray,
    cents: np.ndarray,
    administrator_fee: float,
    minor_units: int,
    usage: tuple[np.ndarray, np.ndarray, tuple[tuple[str, ...], ...]],
    other_cents: int = 0,
) -> SchemeContext:
    """Assemble the context of ``year`` from validated report arrays (see ``_report``).

    The administrator's fee is ``floor(collected * administrator_fee)``.  Entry fees
    less fee credits (DVD 3C) and metric-tier royalties (Access Advance VDP),
    ``RoyaltyReport.other_cents``, are part of ``collected``: the pool terms do not say
    how that income is shared, so it is distributed like the royalties (by the
    scheme's weights).
    """
    u_country, u_cents, u_lics = usage
    bearing = cents > 0
    collected = int(cents.sum()) + int(u_cents.sum()) + int(other_cents)
    return SchemeContext(
        members=members,
        table=table,
        sales=sales,
        rows=rows[bearing],
        cents=cents[bearing],
        year=year,
        start=day_number(dt.date(year, 1, 1)),
        end=day_number(dt.date(year, 12, 31)) + 1,  # 9999 has no next 1 January
        collected=collected,
        distributable=collected - administrator_fee_cents(collected, administrator_fee),
        minor_units=minor_units,
        usage_country=u_country,
        usage_cents=u_cents,
        usage_licensees=u_lics,
    )

"""Sales rows as columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import numpy as np

from poolcalc._args import check_array_arg, checked_fields
from poolcalc._money import EXACT_BOUND
from poolcalc.errors import InvalidInputError
from poolcalc.tables._common import _days, _decode, _encode, country_codes

__all__ = ["SalesTable", "units_beyond_bound"]


def units_beyond_bound(units: np.ndarray) -> tuple[int, int] | None:
    """First row at which the units leave the exact range, or ``None``.

    Every row's units and the units of all rows together must be at most
    :data:`poolcalc._money.EXACT_BOUND` (2**53), so that every sum of units (per tier
    group, enterprise, licensee, year) is exact in int64 and in float64.

    Parameters
    ----------
    units : ndarray of int64, shape (R,)
        Non-negative units per row.

    Returns
    -------
    (row, value) or None
        Position of the first row whose units, or whose running total of units,
        exceed the bound, and that row's units (or the running total); ``None`` when
        the table is within the bound.

    Notes
    -----
    The exact total is the sum of the high and low 32-bit halves taken separately
    (each fits int64 for up to 2**31 rows), so no sum wraps around.

    Examples
    --------
    >>> units_beyond_bound(np.array([2**52, 2**52])) is None
    True
    >>> units_beyond_bound(np.array([2**52, 2**52, 1]))
    (2, 9007199254740993)
    """
    u = np.atleast_1d(check_array_arg(units, "units_beyond_bound: units", "i"))
    if u.size == 0:
        return None
    top = int(u.max())
    if top > EXACT_BOUND:
        i = int(np.argmax(u > EXACT_BOUND))
        return i, int(u[i])
    total = (int((u >> 32).sum()) << 32) + int((u & 0xFFFFFFFF).sum())
    if total <= EXACT_BOUND:
        return None
    run = 0
    for i, x in enumerate(u.tolist()):  # only on the error path
        run += x
        if run > EXACT_BOUND:
            return i, run
    raise AssertionError("unreachable")  # pragma: no cover


@attrs.frozen(eq=False, field_transformer=checked_fields)
class SalesTable:
    """Sales rows as arrays (one row per reported sales line).

    Attributes
    ----------
    licensees : tuple of str
    licensee : ndarray of int32, shape (R,)
    enterprises : tuple of str
    enterprise : ndarray of int32, shape (R,)
        Affiliated group of the row's licensee (tiers and caps count per enterprise).
    date : ndarray of int32, shape (R,)
        Day numbers.
    products : tuple of str
    product : ndarray of int32, shape (R,)
    country_of_sale, country_of_manufacture : ndarray of int16, shape (R,)
        Codes into :data:`COUNTRIES`.
    units : ndarray of int64, shape (R,)
    net_price : ndarray of float64, shape (R,)
        NaN where no price was reported (``has_price`` is False).
    line : ndarray of int64, shape (R,)
        Source line of each row in its file (header = line 1, so the first data row
        is line 2), for messages and audit trails; rows built from objects are
        numbered the same way, as if written to a file in their order.
    """

    licensees: tuple[str, ...]
    licensee: np.ndarray
    enterprises: tuple[str, ...]
    enterprise: np.ndarray
    date: np.ndarray
    products: tuple[str, ...]
    product: np.ndarray
    country_of_sale: np.ndarray
    country_of_manufacture: np.ndarray
    units: np.ndarray
    net_price: np.ndarray
    line: np.ndarray

    def __attrs_post_init__(self) -> None:
        n = len(self.licensee)
        for name in (
            "enterprise",
            "date",
            "product",
            "country_of_sale",
            "country_of_manufacture",
            "units",
            "net_price",
            "line",
        ):
            if getattr(self, name).shape != (n,):
                raise InvalidInputError(
                    f"SalesTable.{name} must have shape ({n},), got {getattr(self, name).shape}"
                )
        if n and self.units.min() < 0:
            i = int(np.argmin(self.units))
            raise InvalidInputError(
                f"sales row {self.line[i]}: units must be >= 0, got {self.units[i]}"
            )
        beyond = units_beyond_bound(self.units) if n else None
        if beyond is not None:
            i, v = beyond
            what = "units" if v == self.units[i] else "units of all rows up to this one"
            raise InvalidInputError(
                f"sales row {self.line[i]}: {what} must be at most 2**53 = {EXACT_BOUND} "
                f"to be computed exactly, got {v}"
            )

    def __len__(self) -> int:
        return len(self.licensee)

    @property
    def has_price(self) -> np.ndarray:
        """Boolean mask of rows with a reported net price."""
        return ~np.isnan(self.net_price)

    @property
    def year(self) -> np.ndarray:
        """Calendar year of each row (int64).

        The years of the distinct days from the first to the last (at most 2**16 of
        them, else every row is converted), gathered by day: one pass over the rows.
        """
        return years_of_days(self.date)

    def select(self, mask: np.ndarray) -> SalesTable:
        """Rows where ``mask`` is true, or the rows of an index array (labels kept)."""
        return attrs.evolve(
            self,
            licensee=self.licensee[mask],
            enterprise=self.enterprise[mask],
            date=self.date[mask],
            product=self.product[mask],
            country_of_sale=self.country_of_sale[mask],
            country_of_manufacture=self.country_of_manufacture[mask],
            units=self.units[mask],
            net_price=self.net_price[mask],
            line=self.line[mask],
        )

    @classmethod
    def from_arrays(
        cls,
        *,
        licensee: Sequence[str] | np.ndarray,
        date: Sequence | np.ndarray,
        product: Sequence[str] | np.ndarray,
        country_of_sale: Sequence[str] | np.ndarray,
        country_of_manufacture: Sequence[str] | np.ndarray,
        units: Sequence[int] | np.ndarray,
        net_price: Sequence[float] | np.ndarray | None = None,
        licensees: Sequence[str] | None = None,
        enterprise_of: dict[str, str] | Sequence[str] | None = None,
        products: Sequence[str] | None = None,
        line: np.ndarray | None = None,
    ) -> SalesTable:
        """Build from columns (labels or, with ``licensees``/``products`` given, codes).

        ``enterprise_of``: licensee -> enterprise (a licensee not in it is its own
        enterprise), or, with ``licensees`` given, the enterprise of each of them in
        that order (no dict of 10^6 licensees to build).
        """
        lic = np.asarray(licensee)
        if licensees is not None and np.issubdtype(lic.dtype, np.integer):
            lic_labels, lic_codes = tuple(licensees), lic.astype(np.int32)
        else:
            lic_labels, lic_codes = _encode(lic.astype(object), licensees)
        if enterprise_of is None or isinstance(enterprise_of, Mapping):
            ent_map = enterprise_of or {}
            ents = np.array([ent_map.get(x, x) for x in lic_labels], dtype=object)
        else:
            if licensees is None or len(enterprise_of) != len(lic_labels):
                raise InvalidInputError(
                    f"enterprise_of: a sequence needs licensees of the same length "
                    f"({len(enterprise_of)} enterprises, {len(lic_labels)} licensees)")
            ents = np.array(enterprise_of, dtype=object)
        ent_labels, ent_of_lic = _encode(ents)
        prod = np.asarray(product)
        if products is not None and np.issubdtype(prod.dtype, np.integer):
            prod_labels, prod_codes = tuple(products), prod.astype(np.int32)
        else:
            prod_labels, prod_codes = _encode(prod.astype(object), products)
        n = lic_codes.size

        def _cc(v: Sequence[str] | np.ndarray) -> np.ndarray:
            a = np.asarray(v)
            return a.astype(np.int16) if np.issubdtype(a.dtype, np.integer) else country_codes(a)

        u = np.asarray(units)
        if not np.issubdtype(u.dtype, np.integer):
            raise InvalidInputError(f"units must be integers, got dtype {u.dtype}")
        return cls(
            licensees=lic_labels,
            licensee=lic_codes,
            enterprises=ent_labels,
            enterprise=ent_of_lic[lic_codes] if n else np.zeros(0, np.int32),
            date=_days(date, n, None),
            products=prod_labels,
            product=prod_codes,
            country_of_sale=_cc(country_of_sale),
            country_of_manufacture=_cc(country_of_manufacture),
            units=u.astype(np.int64),
            net_price=np.full(n, np.nan)
            if net_price is None
            else np.asarray(net_price, np.float64),
            line=np.arange(2, n + 2, dtype=np.int64)
            if line is None
            else np.asarray(line, np.int64),
        )

    @classmethod
    def empty(cls, licensees: Sequence[str] = ()) -> SalesTable:
        """Return a table with no rows (and the given licensee labels)."""
        return cls.from_arrays(
            licensee=np.zeros(0, np.int32),
            date=np.zeros(0, np.int32),
            product=[],
            country_of_sale=np.zeros(0, np.int16),
            country_of_manufacture=np.zeros(0, np.int16),
            units=np.zeros(0, np.int64),
            licensees=tuple(licensees),
        )

    def relabel(self, licensees: Sequence[str], enterprise_of: dict[str, str]) -> SalesTable:
        """Return the same rows coded against ``licensees`` (in order) and their enterprises.

        Raises
        ------
        InvalidInputError
            A row's licensee is not in ``licensees`` (the message names its line).
        """
        index = {x: k for k, x in enumerate(licensees)}
        remap = np.array([index.get(x, -1) for x in self.licensees], np.int64)
        codes = remap[self.licensee] if len(self) else np.zeros(0, np.int64)
        if codes.size and codes.min() < 0:
            i = int(np.flatnonzero(codes < 0)[0])
            label = self.licensees[int(self.licensee[i])]
            raise InvalidInputError(f"sales line {int(self.line[i])}: unknown licensee {label!r}")
        ent_labels, ent_of_lic = _encode(
            np.array([enterprise_of.get(x, x) for x in licensees], dtype=object)
        )
        return attrs.evolve(
            self,
            licensees=tuple(licensees),
            licensee=codes.astype(np.int32),
            enterprises=ent_labels,
            enterprise=ent_of_lic[codes] if codes.size else np.zeros(0, np.int32),
        )

    def column(self, name: str) -> np.ndarray:
        """Return ``licensee``, ``enterprise`` or ``product`` decoded to an object array."""
        labels = {
            "licensee": self.licensees,
            "enterprise": self.enterprises,
            "product": self.products,
        }[name]
        return _decode(labels, getattr(self, name))

    def equals(self, other: object) -> bool:
        """Tell whether two tables hold the same rows in the same order (lines aside)."""
        if not isinstance(other, SalesTable) or len(self) != len(other):
            return False
        for a in ("date", "country_of_sale", "country_of_manufacture", "units"):
            if not np.array_equal(getattr(self, a), getattr(other, a)):
                return False
        if not np.array_equal(self.net_price, other.net_price, equal_nan=True):
            return False
        return all(
            np.array_equal(self.column(c), other.column(c))
            for c in ("licensee", "enterprise", "product")
        )

    def concat(self, other: SalesTable) -> SalesTable:
        """Return these rows followed by ``other``'s (labels merged; lines kept)."""
        lic = np.concatenate([self.column("licensee"), other.column("licensee")])
        licensees = tuple(dict.fromkeys((*self.licensees, *other.licensees)))
        ent = dict(zip(self.column("licensee"), self.column("enterprise"), strict=True))
        ent.update(zip(other.column("licensee"), other.column("enterprise"), strict=True))
        return SalesTable.from_arrays(
            licensee=lic,
            licensees=licensees,
            enterprise_of=ent,
            date=np.concatenate([self.date, other.date]),
            product=np.concatenate([self.column("product"), other.column("product")]),
            country_of_sale=np.concatenate([self.country_of_sale, other.country_of_sale]),
            country_of_manufacture=np.concatenate(
                [self.country_of_manufacture, other.country_of_manufacture]
            ),
            units=np.concatenate([self.units, other.units]),
            net_price=np.concatenate([self.net_price, other.net_price]),
            line=np.concatenate([self.line, other.line]),
        )

    def __repr__(self) -> str:
        return (
            f"SalesTable({len(self):,} rows, {len(self.licensees):,} licensees, "
            f"{len(self.products):,} products)"
        )


def years_of_days(days: np.ndarray) -> np.ndarray:
    """Calendar year (int64) of each day number (days since 1970-01-01).

    Parameters
    ----------
    days : ndarray of int, shape (n,)

    Returns
    -------
    ndarray of int64, shape (n,)
        ``numpy.datetime64`` calendar years (proleptic Gregorian): a look-up table of
        the days from ``min(days)`` to ``max(days)`` when they span at most 2**16 days.

    Examples
    --------
    >>> years_of_days(np.array([0, 365, -1, 19_723])).tolist()
    [1970, 1971, 1969, 2024]
    """
    days = np.asarray(days)
    if days.size == 0:
        return np.zeros(0, np.int64)
    lo, hi = int(days.min()), int(days.max())
    if hi - lo >= 1 << 16:
        return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    lut = np.arange(lo, hi + 1).astype("datetime64[D]").astype("datetime64[Y]")
    return (lut.astype(np.int64) + 1970)[days - lo]

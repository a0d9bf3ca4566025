"""The pool: members, patents, licensees, sales and the licence's terms."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import CountRule, CountUnit
from poolcalc.model._parties import Licensee, SalesRecord
from poolcalc.model._patent import Member, Patent
from poolcalc.model._schedule import Schedule
from poolcalc.model._usage import UsageRecord, UsageTerms
from poolcalc.model._validators import check_finite, check_id, choice

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.royalties import RoyaltyReport
    from poolcalc.tables import PatentTable, SalesTable

__all__ = ["AllocationConfig", "Pool"]


@attrs.frozen
class AllocationConfig:
    """The ``[allocation]`` table of pool.toml: the pool's default split.

    Attributes
    ----------
    scheme : str
        Scheme name (DESIGN.md: ``per-country-count``, ``patent-count``, ...).
    unit : CountUnit
        Count national patents or families.
    country : CountRule
        Whose patents count for a unit: ``sale``, ``manufacture`` or
        ``sale_else_manufacture``.
    options : mapping
        Further scheme options (e.g. ``decay``, ``q`` for ``disclosure-order``).
    """

    scheme: str = attrs.field(default="per-country-count", converter=partial(check_id, field="scheme"))
    unit: CountUnit = attrs.field(default=CountUnit.PATENT, converter=lambda v: choice(v, CountUnit, "unit"))
    country: CountRule = attrs.field(
        default=CountRule.SALE, converter=lambda v: choice(v, CountRule, "country")
    )
    options: Mapping[str, Any] = attrs.field(factory=dict, converter=lambda v: MappingProxyType(dict(v)))


def _unique(items: tuple[Any, ...], what: str) -> None:
    seen: set[str] = set()
    for it in items:
        if it.id in seen:
            raise InvalidInputError(f"duplicate {what} id {it.id!r}")
        seen.add(it.id)


@attrs.frozen(cache_hash=False)
class Pool:
    """A patent pool: the whole input of a yearly run.

    Attributes
    ----------
    name, standard, currency : str
    administrator_fee : float
        Fraction in [0, 1) of royalties collected kept by the administrator.
    members : tuple of Member
    patents : tuple of Patent
    licensees : tuple of Licensee
    sales : tuple of SalesRecord
    schedule : Schedule
    allocation : AllocationConfig
    minor_units : int
        Decimal places of the currency (2 for cents).
    usage_terms : UsageTerms or None
        Content ("usage") royalty terms; None = no usage royalties (DOMAIN.md 1.2).
    usage : tuple of UsageRecord
        Content usage reports (pool directory ``usage.csv``).

    Notes
    -----
    Objects add no algorithms: :meth:`royalties` and :meth:`allocate` call the
    functions of :mod:`poolcalc.royalties` and :mod:`poolcalc.allocation`.
    """

    name: str = attrs.field(converter=str)
    members: tuple[Member, ...] = attrs.field(converter=tuple)
    patents: tuple[Patent, ...] = attrs.field(converter=tuple)
    licensees: tuple[Licensee, ...] = attrs.field(factory=tuple, converter=tuple)
    sales: tuple[SalesRecord, ...] = attrs.field(factory=tuple, converter=tuple)
    schedule: Schedule = attrs.field(factory=Schedule)
    allocation: AllocationConfig = attrs.field(factory=AllocationConfig)
    standard: str = attrs.field(default="", converter=str)
    currency: str = attrs.field(default="USD", converter=str)
    administrator_fee: float = attrs.field(
        default=0.0,
        converter=partial(check_finite, field="administrator_fee", low=0.0, high=1.0, high_open=True),
    )
    minor_units: int = attrs.field(default=2)
    #: Content ("usage") royalty terms (``[royalty.usage]``); None = no usage royalties.
    usage_terms: UsageTerms | None = attrs.field(default=None)
    #: Content usage reports (``usage.csv``), see :mod:`poolcalc.model._usage`.
    usage: tuple[UsageRecord, ...] = attrs.field(factory=tuple, converter=tuple)

    def __attrs_post_init__(self) -> None:
        _unique(self.members, "member")
        _unique(self.patents, "patent")
        _unique(self.licensees, "licensee")
        members = {m.id for m in self.members}
        for p in self.patents:
            if p.owner not in members:
                raise InvalidInputError(f"patent {p.id}: owner {p.owner!r} is not a member")
        for lic in self.licensees:
            if lic.member is not None and lic.member not in members:
                raise InvalidInputError(f"licensee {lic.id}: member {lic.member!r} is not a member")
        licensees = {lic.id for lic in self.licensees}
        for i, s in enumerate(self.sales):
            if s.licensee not in licensees:
                raise InvalidInputError(f"sales row {i + 1}: unknown licensee {s.licensee!r}")
            self.schedule.rate_for(s.product)  # raises for a product with no schedule
        for i, u in enumerate(self.usage):
            if u.licensee not in licensees:
                raise InvalidInputError(f"usage row {i + 1}: unknown licensee {u.licensee!r}")
        if not 0 <= self.minor_units <= 4:
            raise InvalidInputError(f"minor_units must be in 0..4, got {self.minor_units}")

    # -- lookups -----------------------------------------------------------------------
    def member(self, member_id: str) -> Member:
        """Return the member with id ``member_id``."""
        for m in self.members:
            if m.id == member_id:
                return m
        raise InvalidInputError(f"unknown member {member_id!r}")

    def licensee(self, licensee_id: str) -> Licensee:
        """Return the licensee with id ``licensee_id``."""
        for lic in self.licensees:
            if lic.id == licensee_id:
                return lic
        raise InvalidInputError(f"unknown licensee {licensee_id!r}")

    def years(self) -> tuple[int, ...]:
        """Calendar years that have sales rows, ascending."""
        return tuple(sorted({s.date.year for s in self.sales}))

    def evolve(self, **changes: Any) -> Pool:
        """Return a copy with some attributes replaced (``attrs.evolve``).

        On a table pool (:meth:`from_tables`) that keeps its rows (no ``patents=`` or
        ``sales=`` given) this is :meth:`with_tables` with the same tables, so the
        copy keeps its rows; otherwise the copy's columnar views are built from its
        ``patents`` and ``sales``.
        """
        if "patents" not in changes and "sales" not in changes and self.is_table_pool:
            return self.with_tables(self.patent_table, self.sales_table, **changes)
        return attrs.evolve(self, **changes)

    # -- table pools --------------------------------------------------------------------------
    @classmethod
    def from_tables(
        cls,
        name: str,
        members: Sequence[Member],
        patent_table: PatentTable,
        sales_table: SalesTable,
        **fields: Any,
    ) -> Pool:
        """Build a *table pool*: its rows live only in the columnar views.

        For portfolios too large for one Python object per row (10^6 national
        patents, 10^6 sales rows): ``patents`` and ``sales`` are empty and
        :attr:`patent_table` / :attr:`sales_table` are the given tables, which is
        what the royalty and allocation engines read.  :func:`poolcalc.io.read_tables`
        and :meth:`poolcalc.compare.SyntheticPool.to_table_pool` give such tables.

        Parameters
        ----------
        name : str
        members : sequence of Member
        patent_table : PatentTable
            Its ``members`` must be the ids of ``members``, in the same order (the
            kernels count by owner code).
        sales_table : SalesTable
            Every licensee of a row must be in ``licensees`` and every product of a
            row must have a schedule.
        **fields
            Any other attribute of :class:`Pool` except ``patents`` and ``sales``:
            ``licensees``, ``schedule``, ``allocation``, ``standard``, ``currency``,
            ``administrator_fee``, ``minor_units``.

        Returns
        -------
        Pool
            ``pool.patents == pool.sales == ()``; ``pool.patent_table is patent_table``
            and ``pool.sales_table is sales_table``.

        Raises
        ------
        InvalidInputError
            ``fields`` holds ``patents`` or ``sales``, the table's members differ from
            ``members``, a sales row names an unknown licensee or a product with no
            schedule, or any check of the :class:`Pool` constructor fails.

        Notes
        -----
        A table pool's views are set once here; :meth:`evolve` and :meth:`with_tables`
        carry them over to modified copies (``attrs.evolve`` itself does not: it
        would rebuild them from the empty object rows).

        Examples
        --------
        >>> import poolcalc.model as m
        >>> from poolcalc.tables import PatentTable, SalesTable
        >>> pt = PatentTable.from_arrays(ids=["P1"], owner=["A"], country=["US"],
        ...                              expires=["2030-01-01"], members=["A"])
        >>> st = SalesTable.from_records([], licensees=[])
        >>> pool = m.Pool.from_tables("big", [m.Member("A")], pt, st)
        >>> pool.patents, len(pool.patent_table)
        ((), 1)
        """
        for key in ("patents", "sales"):
            if key in fields:
                raise InvalidInputError(
                    f"Pool.from_tables: {key}= is not allowed (the rows are the tables)"
                )
        pool = cls(name=name, members=members, patents=(), sales=(), **fields)
        ids = tuple(m.id for m in pool.members)
        if tuple(patent_table.members) != ids:
            raise InvalidInputError(
                "patent_table.members must be the pool's member ids in order "
                f"{list(ids)}, got {list(patent_table.members)}"
            )
        pool._check_sales_table(sales_table)
        # The views are functools.cached_property slots: fill them once, here.
        object.__setattr__(pool, "patent_table", patent_table)
        object.__setattr__(pool, "sales_table", sales_table)
        return pool

    def with_tables(
        self, patent_table: PatentTable, sales_table: SalesTable, **changes: Any
    ) -> Pool:
        """Return a table pool with this pool's attributes, ``changes`` and the given rows.

        The table-pool counterpart of :meth:`evolve`: ``self.with_tables(pt, st,
        members=...)`` is :meth:`from_tables` with every other attribute copied from
        ``self`` (``self.patents`` and ``self.sales`` are not carried over).
        """
        fields = {
            a.name: getattr(self, a.name)
            for a in attrs.fields(type(self))
            if a.name not in ("patents", "sales")
        }
        fields.update(changes)
        return type(self).from_tables(
            fields.pop("name"), fields.pop("members"), patent_table, sales_table, **fields
        )

    @property
    def is_table_pool(self) -> bool:
        """Tell whether the rows live only in the columnar views (:meth:`from_tables`).

        Such a pool has empty ``patents``/``sales`` but non-empty ``patent_table`` or
        ``sales_table``; code that needs the row objects (pool-based compliance rules,
        :func:`poolcalc.io.write_pool`) rejects it rather than see an empty pool.
        """
        return (not self.patents and len(self.patent_table) > 0) or (
            not self.sales and len(self.sales_table) > 0
        )

    def _check_sales_table(self, sales_table: SalesTable) -> None:
        import numpy as np

        def used(codes: np.ndarray, n: int, what: str) -> np.ndarray:
            """Label codes some row uses (sorted)."""
            if not codes.size:
                return codes
            if codes.min() < 0 or codes.max() >= n:
                raise InvalidInputError(f"sales_table.{what} codes out of range 0..{n - 1}")
            return np.flatnonzero(np.bincount(codes, minlength=n))

        known = {lic.id for lic in self.licensees}
        lic = np.asarray(sales_table.licensee)
        for code in used(lic, len(sales_table.licensees), "licensee"):
            label = sales_table.licensees[int(code)]
            if label not in known:
                i = int(np.flatnonzero(lic == code)[0])
                raise InvalidInputError(
                    f"sales row {int(sales_table.line[i])}: unknown licensee {label!r}"
                )
        for code in used(np.asarray(sales_table.product), len(sales_table.products), "product"):
            self.schedule.rate_for(sales_table.products[int(code)])

    # -- columnar views (cached) ------------------------------------------------------------
    @functools.cached_property
    def patent_table(self) -> PatentTable:
        """Columnar view of :attr:`patents` (:class:`poolcalc.tables.PatentTable`)."""
        from poolcalc.tables import PatentTable

        return PatentTable.from_patents(self.patents, members=[m.id for m in self.members])

    @functools.cached_property
    def sales_table(self) -> SalesTable:
        """Columnar view of :attr:`sales` (:class:`poolcalc.tables.SalesTable`)."""
        from poolcalc.tables import SalesTable

        return SalesTable.from_records(self.sales, licensees=self.licensees)

    def royalties(self, year: int | None = None) -> RoyaltyReport:
        """Compute what the licensees owe in ``year``: :func:`poolcalc.royalties.royalties_owed`."""
        from poolcalc.royalties import royalties_owed

        return royalties_owed(self, year=year)

    def allocate(self, *, year: int | None = None, scheme: str | None = None,
                 options: Mapping[str, Any] | None = None, royalties: Any | None = None) -> Any:
        """Split a year's royalties among the members: :func:`poolcalc.allocation.allocate`."""
        from poolcalc.allocation import allocate

        return allocate(self, year=year, scheme=scheme, options=options, royalties=royalties)

    def in_force(self, on: dt.date) -> tuple[Patent, ...]:
        """Pooled essential patents in force on ``on`` (any country)."""
        return tuple(p for p in self.patents if p.pooled and p.in_force(on))

"""The pool: members, patents, licensees, sales and the licence's terms."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import CountRule, CountUnit
from poolcalc.model._parties import Licensee, SalesRecord
from poolcalc.model._patent import Member, Patent
from poolcalc.model._schedule import Schedule
from poolcalc.model._validators import check_finite, check_id, choice

if TYPE_CHECKING:  # pragma: no cover
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
        if not 0 <= self.minor_units <= 4:
            raise InvalidInputError(f"minor_units must be in 0..4, got {self.minor_units}")

    # -- lookups -----------------------------------------------------------------------
    def member(self, member_id: str) -> Member:
        """The member with id ``member_id``."""
        for m in self.members:
            if m.id == member_id:
                return m
        raise InvalidInputError(f"unknown member {member_id!r}")

    def licensee(self, licensee_id: str) -> Licensee:
        """The licensee with id ``licensee_id``."""
        for lic in self.licensees:
            if lic.id == licensee_id:
                return lic
        raise InvalidInputError(f"unknown licensee {licensee_id!r}")

    def years(self) -> tuple[int, ...]:
        """Calendar years that have sales rows, ascending."""
        return tuple(sorted({s.date.year for s in self.sales}))

    def evolve(self, **changes: Any) -> Pool:
        """A copy with some attributes replaced (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)

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

    def in_force(self, on: dt.date) -> tuple[Patent, ...]:
        """Pooled essential patents in force on ``on`` (any country)."""
        return tuple(p for p in self.patents if p.pooled and p.in_force(on))

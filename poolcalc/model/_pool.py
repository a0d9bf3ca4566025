"""The pool: members, patents, licensees, sales and the licence's terms."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from functools import partial
from itertools import repeat
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np

from poolcalc._args import checked_fields
from poolcalc.errors import InvalidInputError
from poolcalc.model._admin import AdministrationPolicy, Administrator
from poolcalc.model._enums import CountRule, CountUnit
from poolcalc.model._licensees import LicenseeTable
from poolcalc.model._metrics import MetricRecord, MetricTerms, check_metrics
from poolcalc.model._parties import Licensee, SalesRecord
from poolcalc.model._patent import Member, Patent
from poolcalc.model._payers import payers
from poolcalc.model._reporting import ReportingTerms
from poolcalc.model._rows import PatentRows, SalesRows, patent_table, sales_table
from poolcalc.model._schedule import Schedule
from poolcalc.model._usage import UsageRecord, UsageTerms
from poolcalc.model._validators import check_finite, check_id, choice
from poolcalc.tables import PatentTable, SalesTable, day_number, factorize_objects

__all__ = ["AllocationConfig", "Pool", "check_pool"]


@attrs.frozen
class AllocationConfig:
    """The ``[allocation]`` table of pool.toml: the pool's default split.

    Attributes
    ----------
    scheme : str
        Scheme name (``per-country-count``, ``patent-count``, ...; see
        :func:`poolcalc.allocation.schemes`).
    unit : CountUnit
        Count national patents or families.
    country : CountRule
        Whose patents count for a unit: ``sale``, ``manufacture`` or
        ``sale_else_manufacture``.
    options : mapping
        Further scheme options (e.g. ``decay``, ``q`` for ``disclosure-order``).
    source : str, optional
        Where ``scheme`` was read (``pool.toml:171``), for messages about it; not part
        of equality.
    """

    scheme: str = attrs.field(
        default="per-country-count", converter=partial(check_id, field="scheme")
    )
    unit: CountUnit = attrs.field(
        default=CountUnit.PATENT, converter=lambda v: choice(v, CountUnit, "unit")
    )
    country: CountRule = attrs.field(
        default=CountRule.SALE, converter=lambda v: choice(v, CountRule, "country")
    )
    options: Mapping[str, Any] = attrs.field(
        factory=dict, converter=lambda v: MappingProxyType(dict(v))
    )
    source: str | None = attrs.field(default=None, eq=False, repr=False)


def _unique(items: tuple[Any, ...], what: str) -> None:
    seen: set[str] = set()
    for it in items:
        if it.id in seen:
            raise InvalidInputError(f"duplicate {what} id {it.id!r}")
        seen.add(it.id)


def _patents(value: PatentTable | Iterable[Patent], pool: Pool) -> PatentTable:
    """Convert :attr:`Pool.patents` to a table coded against the pool's members."""
    ids = [m.id for m in pool.members]
    if not isinstance(value, PatentTable):
        return patent_table(value, ids)
    if tuple(value.members) == tuple(ids):
        return value
    index = {m: k for k, m in enumerate(ids)}
    remap = np.array([index.get(m, -1) for m in value.members], np.int64)
    codes = remap[value.owner] if len(value) else np.zeros(0, np.int64)
    if codes.size and codes.min() < 0:
        i = int(np.flatnonzero(codes < 0)[0])
        owner = value.members[int(value.owner[i])]
        raise InvalidInputError(f"patent {value.ids[i]}: owner {owner!r} is not a member")
    return attrs.evolve(value, members=tuple(ids), owner=codes.astype(np.int32))


def _sales(value: SalesTable | Iterable[SalesRecord], pool: Pool) -> SalesTable:
    """Convert :attr:`Pool.sales` to a table coded against the pool's licensees."""
    if not isinstance(value, SalesTable):
        return sales_table(value, pool.licensees)
    lt = pool.licensees
    if _coded_against(value, lt):
        return value
    return value.relabel(lt.ids, dict(zip(lt.ids, lt.enterprises, strict=True)))


def _coded_against(table: SalesTable, lt: LicenseeTable) -> bool:
    """Whether ``table`` already equals ``table.relabel`` to ``lt`` (as read_pool builds it).

    Same licensee labels in the same order, every licensee's enterprise among the
    table's (sorted, distinct) enterprise labels and no other label, and each row's
    enterprise that of its licensee.
    """
    if tuple(table.licensees) != tuple(lt.ids):
        return False
    index = {e: k for k, e in enumerate(table.enterprises)}
    ent = np.fromiter(map(index.get, lt.enterprises, repeat(-1)), np.int64,
                      count=len(lt.enterprises))
    n_ent = len(table.enterprises)  # every code 0..n_ent-1 used: counted, not sorted
    if ent.size and (ent.min() < 0
                     or np.count_nonzero(np.bincount(ent, minlength=n_ent)) != n_ent):
        return False
    if not ent.size:
        return len(table.enterprises) == 0 and len(table) == 0
    return bool(np.array_equal(table.enterprise, ent[table.licensee]))


def _licensees(value: LicenseeTable | Iterable[Licensee]) -> LicenseeTable:
    """Convert :attr:`Pool.licensees` to columns (a table is kept as it is)."""
    return value if isinstance(value, LicenseeTable) else LicenseeTable.from_licensees(value)


def check_pool(pool: object, where: str = "pool") -> Pool:
    """Return ``pool`` if it is a :class:`Pool`, else raise a clear InvalidInputError.

    Engines accept a :class:`Pool` only (no duck typing); ``where`` names the caller
    in the message, e.g. ``"royalties_owed: pool"``.

    Parameters
    ----------
    pool : object
    where : str
        The caller and argument, for the message.

    Returns
    -------
    Pool
        ``pool`` itself.

    Raises
    ------
    InvalidInputError
        ``pool`` is not a Pool.

    Examples
    --------
    >>> check_pool("pool/dir", "royalties_owed: pool")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    poolcalc.errors.InvalidInputError: royalties_owed: pool must be a poolcalc Pool ...
    """
    if not isinstance(pool, Pool):
        raise InvalidInputError(
            f"{where} must be a poolcalc Pool (poolcalc.read_pool(DIR) or "
            f"poolcalc.model.Pool(...)), got {type(pool).__name__}"
        )
    return pool


def _same_table(a: Any, b: Any) -> bool:
    return bool(a.equals(b))


@attrs.frozen(repr=False, field_transformer=checked_fields)
class Pool:
    """A patent pool: the whole input of a yearly run.

    Terms and parties are attrs objects; patents and sales are always columns (the
    one form every engine reads, fast at 10^6 rows).

    Attributes
    ----------
    name, standard, currency : str
    administrator_fee : float
        Fraction in [0, 1) of royalties collected kept by the administrator.
    members : tuple of Member
    patents : PatentTable
        One row per national patent; ``patents.members`` are the member ids in order.
        The constructor also takes a sequence of :class:`Patent` objects.
    licensees : LicenseeTable
        The licensees as columns, a sequence of :class:`Licensee` built on access
        (:mod:`poolcalc.model._licensees`); the constructor also takes a sequence of
        :class:`Licensee` objects.
    sales : SalesTable
        One row per sales line; ``sales.licensees`` are the licensee ids in order and
        ``sales.enterprise`` their enterprises.  The constructor also takes a sequence
        of :class:`SalesRecord` objects.
    schedule : Schedule
    allocation : AllocationConfig
    minor_units : int
        Decimal places of the currency (2 for cents).
    usage_terms : UsageTerms or None
        Content ("usage") royalty terms; None = no usage royalties.
    usage : tuple of UsageRecord
        Content usage reports (pool directory ``usage.csv``).
    administrator : Administrator or None
        Who sends the documents (``[administrator]``); None = not stated.
    administration : AdministrationPolicy or None
        Disclosure policy of the documents (``[administration]``); None = the defaults.
    reporting : ReportingTerms or None
        Reporting periods and payment terms (``[reporting]``, :mod:`poolcalc.periods`);
        None = the defaults (quarterly).

    Notes
    -----
    Validated once, here: unique ids, every owner a member, every licensee of a sales
    row known, every product of a row with a rate, every member of a licensee known.
    :attr:`patent_rows` and :attr:`sales_rows` view the columns as row objects.
    The pool adds no algorithms: :func:`poolcalc.royalties_owed` and
    :func:`poolcalc.allocate` take it as their first argument.

    Examples
    --------
    >>> import poolcalc.model as m
    >>> pool = m.Pool("demo", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")])
    >>> pool
    Pool('demo': 1 members, 1 national patents, 0 licensees, 0 sales rows)
    >>> pool.patent_rows[0].owner, len(pool.patents)
    ('A', 1)
    """

    name: str = attrs.field(converter=str)
    members: tuple[Member, ...] = attrs.field(converter=tuple)
    patents: PatentTable = attrs.field(
        converter=attrs.Converter(_patents, takes_self=True), eq=attrs.cmp_using(eq=_same_table)
    )
    licensees: LicenseeTable = attrs.field(factory=tuple, converter=_licensees)
    sales: SalesTable = attrs.field(
        factory=tuple,
        converter=attrs.Converter(_sales, takes_self=True),
        eq=attrs.cmp_using(eq=_same_table),
    )
    schedule: Schedule = attrs.field(factory=Schedule)
    allocation: AllocationConfig = attrs.field(factory=AllocationConfig)
    standard: str = attrs.field(default="", converter=str)
    currency: str = attrs.field(default="USD", converter=str)
    administrator_fee: float = attrs.field(
        default=0.0,
        converter=partial(
            check_finite, field="administrator_fee", low=0.0, high=1.0, high_open=True
        ),
    )
    minor_units: int = attrs.field(default=2)
    #: Content ("usage") royalty terms (``[royalty.usage]``); None = no usage royalties.
    usage_terms: UsageTerms | None = attrs.field(default=None)
    #: Content usage reports (``usage.csv``), see :mod:`poolcalc.model._usage`.
    usage: tuple[UsageRecord, ...] = attrs.field(factory=tuple, converter=tuple)
    #: Who sends invoices and statements (``[administrator]``); None = not stated.
    administrator: Administrator | None = attrs.field(default=None)
    #: Disclosure policy of licensor statements (``[administration]``); None = defaults.
    administration: AdministrationPolicy | None = attrs.field(default=None)
    #: Reporting periods, due days, interest, reserve (``[reporting]``); None = defaults.
    reporting: ReportingTerms | None = attrs.field(default=None)
    #: Who pays each sales row, by source line (sales.csv ``payer``); a row not listed is
    #: paid by its licensee (:mod:`poolcalc.model._payers`).
    payers: Mapping[int, str] = attrs.field(factory=dict, converter=payers, kw_only=True)
    #: Tiers by the highest of several metrics (``[royalty.metric_tiers]``, Access Advance
    #: VDP); None = none (:mod:`poolcalc.model._metrics`).
    metric_terms: MetricTerms | None = attrs.field(default=None, kw_only=True)
    #: Metric reports per half year (``metrics.csv``).
    metrics: tuple[MetricRecord, ...] = attrs.field(factory=tuple, converter=tuple, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _unique(self.members, "member")
        pt = self.patents
        if len(pt) and not pt.ids_known_distinct:
            ids = pt.ids if pt.ids.dtype == object else pt.ids.astype(str).astype(object)
            uniq, codes = factorize_objects(ids)
            if len(uniq) < len(pt):  # the smallest repeated id, as np.unique found it
                counts = np.bincount(codes, minlength=len(uniq))
                repeated = np.asarray(uniq, dtype=object)[counts > 1]
                raise InvalidInputError(f"duplicate patent id {str(min(repeated))!r}")
        members = {m.id for m in self.members}
        lt = self.licensees
        for lid, m in zip(lt.ids, lt.column("member"), strict=True):
            if m is not None and m not in members:
                raise InvalidInputError(f"licensee {lid}: member {m!r} is not a member")
        st = self.sales
        if len(st):
            used = np.flatnonzero(np.bincount(st.product, minlength=len(st.products)))
            for code in used.tolist():
                try:
                    self.schedule.rate_for(st.products[code])
                except InvalidInputError as exc:
                    i = int(np.flatnonzero(st.product == code)[0])
                    raise InvalidInputError(f"sales line {int(st.line[i])}: {exc}") from None
        for i, u in enumerate(self.usage):
            if lt.position(u.licensee) is None:
                raise InvalidInputError(f"usage row {i + 1}: unknown licensee {u.licensee!r}")
        check_metrics(self.metric_terms, self.metrics, set(lt.ids))
        if isinstance(self.minor_units, bool) or not isinstance(self.minor_units, int):
            raise InvalidInputError(
                f"minor_units must be an integer in 0..4, got {self.minor_units!r}"
            )
        if not 0 <= self.minor_units <= 4:
            raise InvalidInputError(f"minor_units must be in 0..4, got {self.minor_units}")

    def __repr__(self) -> str:
        return (
            f"Pool({self.name!r}: {len(self.members):,} members, {len(self.patents):,} national "
            f"patents, {len(self.licensees):,} licensees, {len(self.sales):,} sales rows)"
        )

    # -- row views ----------------------------------------------------------------------------
    @functools.cached_property
    def patent_rows(self) -> PatentRows:
        """The patents as :class:`Patent` objects (a lazy sequence over :attr:`patents`)."""
        return PatentRows(self.patents)

    @functools.cached_property
    def sales_rows(self) -> SalesRows:
        """The sales as :class:`SalesRecord` objects (a lazy sequence over :attr:`sales`)."""
        return SalesRows(self.sales)

    # -- lookups -----------------------------------------------------------------------
    def member(self, member_id: str) -> Member:
        """Return the member with id ``member_id``."""
        for m in self.members:
            if m.id == member_id:
                return m
        raise InvalidInputError(f"unknown member {member_id!r}")

    def licensee(self, licensee_id: str) -> Licensee:
        """Return the licensee with id ``licensee_id``."""
        j = self.licensees.position(licensee_id)
        if j is None:
            raise InvalidInputError(f"unknown licensee {licensee_id!r}")
        return self.licensees[j]

    def years(self) -> tuple[int, ...]:
        """Calendar years that have sales rows, ascending."""
        return tuple(int(y) for y in np.unique(self.sales.year))

    def evolve(self, **changes: Any) -> Pool:
        """Return a copy with some attributes replaced (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)

    def in_force(self, on: dt.date) -> PatentTable:
        """Pooled essential patents in force on ``on`` (any country), as a table."""
        pt = self.patents
        return pt.select(pt.pooled & pt.in_force_mask(day_number(on)))

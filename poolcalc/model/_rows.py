"""Row objects and the columnar tables: build tables from rows, view tables as rows.

A :class:`~poolcalc.model.Pool` holds its patents and sales only as columns
(:class:`~poolcalc.tables.PatentTable`, :class:`~poolcalc.tables.SalesTable`), the one
form every engine reads.  Row objects (:class:`~poolcalc.model.Patent`,
:class:`~poolcalc.model.SalesRecord`) are a way in -- :func:`patent_table` and
:func:`sales_table` turn them into columns -- and a way out: :class:`PatentRows` and
:class:`SalesRows` are lazy, read-only sequences that build one row object when it is
asked for, so a table of 10^6 rows costs nothing until a caller really wants objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

import numpy as np

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError
from poolcalc.model._licensees import LicenseeTable
from poolcalc.model._parties import Licensee, SalesRecord
from poolcalc.model._patent import Patent
from poolcalc.tables import COUNTRIES, NO_DATE, STATUSES, PatentTable, SalesTable, day_number

__all__ = ["PatentRows", "SalesRows", "patent_table", "sales_table"]

_EPOCH = dt.date(1970, 1, 1)


def _date(n: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(n))


@checked_args
def patent_table(patents: Iterable[Patent], members: Sequence[str]) -> PatentTable:
    """Columns of :class:`~poolcalc.model.Patent` objects.

    Parameters
    ----------
    patents : iterable of Patent
    members : sequence of str
        Member ids in pool order; ``owner`` codes index into it.

    Returns
    -------
    PatentTable

    Raises
    ------
    InvalidInputError
        A patent's owner is not in ``members``.

    Examples
    --------
    >>> from poolcalc.model import Patent
    >>> table = patent_table([Patent("US-1", "M1", "US", "2031-05-01")], ["M1"])
    >>> len(table), table.members
    (1, ('M1',))
    """
    ps = list(patents)
    known = set(members)
    for p in ps:
        if p.owner not in known:
            raise InvalidInputError(f"patent {p.id}: owner {p.owner!r} is not a member")
    nd = NO_DATE
    return PatentTable.from_arrays(
        ids=np.array([p.id for p in ps], dtype=object),
        owner=[p.owner for p in ps],
        country=[p.country for p in ps],
        granted=np.array(
            [nd if p.granted is None else day_number(p.granted) for p in ps], np.int64
        ),
        expires=np.array([day_number(p.expires) for p in ps], np.int64),
        status=[p.status for p in ps],
        family=[p.family for p in ps],
        disclosed=np.array(
            [nd if p.disclosed is None else day_number(p.disclosed) for p in ps], np.int64
        ),
        weight=np.array([p.weight for p in ps], np.float64),
        feature=[p.feature or "" for p in ps],
        alternative=[p.alternative or "" for p in ps],
        evaluator=[p.evaluator or "" for p in ps],
        members=list(members),
    )


@checked_args
def sales_table(records: Iterable[SalesRecord], licensees: Sequence[Licensee]) -> SalesTable:
    """Columns of :class:`~poolcalc.model.SalesRecord` objects.

    Rows are numbered as lines of a sales.csv holding them in this order (the header
    is line 1, so the first row is line 2).

    Parameters
    ----------
    records : iterable of SalesRecord
    licensees : sequence of Licensee
        Every licensee a record names (their enterprises group the rows).

    Returns
    -------
    SalesTable

    Raises
    ------
    InvalidInputError
        A row names a licensee that is not in ``licensees`` (the message gives its line).

    Examples
    --------
    >>> from poolcalc.model import Licensee, SalesRecord
    >>> rows = [SalesRecord("L1", "2024-03-01", "player", "US", "CN", 1000)]
    >>> table = sales_table(rows, [Licensee("L1", "Lee Devices")])
    >>> len(table), table.line.tolist()
    (1, [2])
    """
    rs = list(records)
    if isinstance(licensees, LicenseeTable):
        ids, ents = licensees.ids, licensees.enterprises
    else:
        ids = [lic.id for lic in licensees]
        ents = [lic.enterprise for lic in licensees]
    known = set(ids)
    for i, r in enumerate(rs):
        if r.licensee not in known:
            raise InvalidInputError(f"sales line {i + 2}: unknown licensee {r.licensee!r}")
    return SalesTable.from_arrays(
        licensee=[r.licensee for r in rs],
        date=np.array([day_number(r.date) for r in rs], np.int64),
        product=[r.product for r in rs],
        country_of_sale=[r.country_of_sale for r in rs],
        country_of_manufacture=[r.country_of_manufacture for r in rs],
        units=np.array([r.units for r in rs], np.int64),
        net_price=np.array(
            [np.nan if r.net_price is None else r.net_price for r in rs], np.float64
        ),
        licensees=ids,
        enterprise_of=dict(zip(ids, ents, strict=True)),
    )


class PatentRows(Sequence[Patent]):
    """The rows of a :class:`~poolcalc.tables.PatentTable` as :class:`Patent` objects.

    A lazy, read-only sequence: ``rows[i]`` builds the i-th patent; slices give tuples.
    """

    __slots__ = ("_rows", "_table")

    def __init__(self, table: PatentTable) -> None:
        self._table = table
        self._rows: list[Patent] | None = None

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, i: int) -> Patent: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Patent, ...]: ...

    def __getitem__(self, i: int | slice) -> Patent | tuple[Patent, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"patent row {i} out of range (0..{n - 1})")
        if self._rows is not None:
            return self._rows[i]
        t, k = self._table, i % n

        def label(labels: tuple[str, ...], codes: np.ndarray) -> str | None:
            c = int(codes[k])
            return None if c < 0 else labels[c]

        granted, disclosed = int(t.granted[k]), int(t.disclosed[k])
        return Patent(
            id=str(t.ids[k]),
            owner=t.members[int(t.owner[k])],
            country=COUNTRIES[int(t.country[k])],
            expires=_date(t.expires[k]),
            status=STATUSES[int(t.status[k])],
            family=t.families[int(t.family[k])],
            granted=None if granted == NO_DATE else _date(granted),
            disclosed=None if disclosed == NO_DATE else _date(disclosed),
            feature=label(t.features, t.feature),
            alternative=label(t.alternatives, t.alternative),
            evaluator=label(t.evaluators, t.evaluator),
            weight=float(t.weight[k]),
        )

    def __iter__(self) -> Iterator[Patent]:
        if self._rows is None and len(self) >= _BUILD_ALL:
            self._rows = _all_patents(self._table)
        if self._rows is not None:
            return iter(self._rows)
        return (self[k] for k in range(len(self)))

    def __repr__(self) -> str:
        return f"PatentRows({len(self):,} patents)"


#: A full iteration over at least this many patents builds (and keeps) all the objects
#: at once: the compliance rules walk the patents several times.
_BUILD_ALL = 10_000


def _all_patents(t: PatentTable) -> list[Patent] | None:
    """Every row as a :class:`Patent`, converters run once per distinct value.

    The fields get exactly what ``Patent(...)`` would store (the table's values are
    already valid: stripped ids and labels, finite weights, granted < expires);
    None when a value is not in that form (the caller then builds row by row).
    """
    ids = [str(x) for x in t.ids.tolist()]
    if any(not x or x != x.strip() for x in ids) or not np.all(np.isfinite(t.weight)):
        return None

    def labels(values: tuple[str, ...], codes: np.ndarray) -> list[str | None]:
        lab: list[str | None] = [str(v).strip() or None for v in values] + [None]  # _opt_str
        return [lab[c] for c in np.where(codes < 0, len(values), codes).tolist()]

    owners = labels(t.members, t.owner)
    if any(o is None for o in owners):
        return None
    countries = [COUNTRIES[c] for c in t.country.tolist()]
    statuses = [STATUSES[c] for c in t.status.tolist()]
    days: dict[int, dt.date | None] = {NO_DATE: None}

    def dates(col: np.ndarray) -> list[dt.date | None]:
        out = []
        for d in col.tolist():
            v = days.get(d, days)
            if v is days:
                v = days[d] = _date(d)
            out.append(v)
        return out

    fam = labels(t.families, t.family)
    family = [f if f is not None else i for f, i in zip(fam, ids, strict=True)]
    cols = zip(
        ids, owners, countries, dates(t.expires), statuses, family, dates(t.granted),
        dates(t.disclosed), labels(t.features, t.feature),
        labels(t.alternatives, t.alternative), labels(t.evaluators, t.evaluator),
        t.weight.tolist(), strict=True,
    )
    names = ("id", "owner", "country", "expires", "status", "family", "granted", "disclosed",
             "feature", "alternative", "evaluator", "weight")
    new, put = object.__new__, object.__setattr__
    out = []
    for row in cols:
        p = new(Patent)
        for name, value in zip(names, row, strict=True):
            put(p, name, value)
        out.append(p)
    return out


class SalesRows(Sequence[SalesRecord]):
    """The rows of a :class:`~poolcalc.tables.SalesTable` as :class:`SalesRecord` objects.

    A lazy, read-only sequence: ``rows[i]`` builds the i-th record; slices give tuples.
    """

    __slots__ = ("_table",)

    def __init__(self, table: SalesTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, i: int) -> SalesRecord: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[SalesRecord, ...]: ...

    def __getitem__(self, i: int | slice) -> SalesRecord | tuple[SalesRecord, ...]:
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(len(self))))
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"sales row {i} out of range (0..{n - 1})")
        t, k = self._table, i % n
        price = float(t.net_price[k])
        return SalesRecord(
            licensee=t.licensees[int(t.licensee[k])],
            date=_date(t.date[k]),
            product=t.products[int(t.product[k])],
            country_of_sale=COUNTRIES[int(t.country_of_sale[k])],
            country_of_manufacture=COUNTRIES[int(t.country_of_manufacture[k])],
            units=int(t.units[k]),
            net_price=None if np.isnan(price) else price,
        )

    def __iter__(self) -> Iterator[SalesRecord]:
        return (self[k] for k in range(len(self)))

    def __repr__(self) -> str:
        return f"SalesRows({len(self):,} rows)"

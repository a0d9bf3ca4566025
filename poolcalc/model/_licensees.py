"""The pool's licensees as columns: :class:`LicenseeTable`, Licensee objects built on access.

A pool of 10^6 licensees (one sales row each) used to hold 10^6 attrs objects: about
3 s to fill them when reading, and more for every pass that only wanted their ids or
enterprises.  :class:`LicenseeTable` keeps one list per :class:`Licensee` field (the
values already converted and checked) and behaves as the tuple of licensees it
replaces (``len``, indexing, slicing, iteration, ``==`` with a tuple); the engines read
the columns (:attr:`~LicenseeTable.ids`, :attr:`~LicenseeTable.enterprises`,
:meth:`~LicenseeTable.index_of`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.model._parties import Licensee

__all__ = ["FIELDS", "LicenseeTable"]

#: The :class:`Licensee` fields, in attrs order (one column each).
FIELDS = ("id", "name", "enterprise", "member", "signed", "good_standing", "chain_level",
          "address", "country", "email", "agreements")


class LicenseeTable(Sequence[Licensee]):
    """The licensees of a pool as columns (a read-only sequence of :class:`Licensee`).

    Parameters
    ----------
    ids : sequence of str
        Distinct licensee ids (checked ids, see :class:`Licensee`).
    distinct : bool
        The caller has checked that the ids are distinct (skips the check).
    name, enterprise : sequence of str or None, optional
        Default (and ``""``/None entries): the id, as :class:`Licensee` resolves them.
    member, signed, chain_level, address, country, email : sequence, optional
        Converted values (``None`` when not given); default all None.
    good_standing : sequence of bool, optional
        Default all True.
    agreements : sequence of frozenset of str, optional
        Default all empty.

    Raises
    ------
    InvalidInputError
        A repeated id (``duplicate licensee id 'X'``, the first repeated in order) or
        a column of the wrong length.

    Notes
    -----
    The values are taken as given: :meth:`from_licensees` reads them off validated
    objects and :func:`poolcalc.io.read_pool` converts each distinct value of a column
    with the converters of the :class:`Licensee` fields.

    Examples
    --------
    >>> t = LicenseeTable(["L1", "L2"], enterprise=["E", None])
    >>> t.enterprises, t[1].enterprise, len(t)
    (['E', 'L2'], 'L2', 2)
    >>> t == (Licensee("L1", enterprise="E"), Licensee("L2"))
    True
    """

    __slots__ = ("_cols", "_pos")

    def __init__(self, ids: Sequence[str], *, distinct: bool = False,
                 **columns: Sequence[Any] | None) -> None:
        if isinstance(ids, str) or not isinstance(ids, Iterable):
            raise InvalidInputError(f"licensee ids must be a sequence of strings, got {ids!r:.60}")
        ids = list(ids)
        bad = next((x for x in ids if not isinstance(x, str) or not x), None)
        if bad is not None:
            raise InvalidInputError(f"licensee ids must be non-empty strings, got {bad!r:.60}")
        n = len(ids)
        unknown = set(columns) - set(FIELDS[1:])
        if unknown:
            raise InvalidInputError(f"unknown licensee column(s): {', '.join(sorted(unknown))}")
        cols: dict[str, list[Any]] = {"id": ids}
        defaults: dict[str, Any] = {"good_standing": True, "agreements": frozenset()}
        for f in FIELDS[1:]:
            v = columns.get(f)
            if v is not None and (isinstance(v, str) or not isinstance(v, Iterable)):
                raise InvalidInputError(f"licensee column {f} must be a sequence, got {v!r:.60}")
            col = [defaults.get(f)] * n if v is None else list(v)
            if len(col) != n:
                raise InvalidInputError(f"licensee column {f} has {len(col)} values for {n} ids")
            cols[f] = col
        cols["name"] = [x if x else i for x, i in zip(cols["name"], ids, strict=True)]
        cols["enterprise"] = [i if x is None else x
                              for x, i in zip(cols["enterprise"], ids, strict=True)]
        self._cols = cols
        self._pos: dict[str, int] | None = None
        if not distinct and len(set(ids)) < n:
            seen: set[str] = set()
            for x in ids:
                if x in seen:
                    raise InvalidInputError(f"duplicate licensee id {x!r}")
                seen.add(x)

    @property
    def _index(self) -> dict[str, int]:
        if self._pos is None:
            self._pos = {x: j for j, x in enumerate(self._cols["id"])}
        return self._pos

    @classmethod
    def from_licensees(cls, items: Iterable[Licensee]) -> LicenseeTable:
        """Return the table of validated :class:`Licensee` objects (their order kept)."""
        items = tuple(items)
        for k, x in enumerate(items):
            if not isinstance(x, Licensee):
                raise InvalidInputError(
                    f"licensees[{k}] must be a poolcalc Licensee, got {type(x).__name__}")
        return cls([x.id for x in items],
                   **{f: [getattr(x, f) for x in items] for f in FIELDS[1:]})

    # -- columns ----------------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        """Licensee ids, in order."""
        return self._cols["id"]

    @property
    def enterprises(self) -> list[str]:
        """Enterprise of each licensee (its id when none was given)."""
        return self._cols["enterprise"]

    def column(self, field: str) -> list[Any]:
        """Return the values of one :class:`Licensee` field (:data:`FIELDS`), in order."""
        if field not in self._cols:
            raise InvalidInputError(f"unknown licensee field {field!r} (fields: {FIELDS})")
        return self._cols[field]

    def positions(self) -> dict[str, int]:
        """Return ``{id: index}`` of every licensee (built once, shared: do not modify)."""
        return self._index

    def position(self, licensee: str) -> int | None:
        """Index of ``licensee``, or None."""
        return self._index.get(licensee)

    def index_of(self, labels: Iterable[str]) -> np.ndarray:
        """Indexes (int64) of the given licensee ids; an unknown id raises."""
        pos = self._index
        try:
            return np.array([pos[x] for x in labels], dtype=np.int64)
        except KeyError as exc:
            raise InvalidInputError(f"unknown licensee {exc.args[0]!r}") from None

    def signed_days(self, none: int) -> np.ndarray:
        """Signing dates as days since 1970-01-01 (int64), ``none`` where not signed."""
        epoch = dt.date(1970, 1, 1)
        return np.array([none if d is None else (d - epoch).days for d in self._cols["signed"]],
                        dtype=np.int64)

    def chain_levels(self) -> list[str]:
        """Chain level of each licensee as text, ``""`` where none."""
        return ["" if c is None else str(c) for c in self._cols["chain_level"]]

    def by_id(self) -> Mapping[str, Licensee]:
        """Return a read-only mapping id -> :class:`Licensee` (objects built on access)."""
        return _ById(self)

    # -- the sequence -----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._cols["id"])

    @overload
    def __getitem__(self, i: int) -> Licensee: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Licensee, ...]: ...
    def __getitem__(self, i: int | slice) -> Licensee | tuple[Licensee, ...]:
        if isinstance(i, slice):
            return tuple(self._build(j) for j in range(*i.indices(len(self))))
        n = len(self)
        j = int(i) + n if int(i) < 0 else int(i)
        if not 0 <= j < n:
            raise IndexError("licensee index out of range")
        return self._build(j)

    def __iter__(self) -> Iterator[Licensee]:
        return (self._build(j) for j in range(len(self)))

    def _build(self, j: int) -> Licensee:
        lic = object.__new__(Licensee)
        for f in FIELDS:
            object.__setattr__(lic, f, self._cols[f][j])
        return lic

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LicenseeTable):
            return self._cols == other._cols
        if isinstance(other, (tuple, list)):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple[Licensee, ...]:
        if isinstance(other, (tuple, LicenseeTable)):
            return tuple(self) + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Licensee, ...]:
        if isinstance(other, tuple):
            return other + tuple(self)
        return NotImplemented

    def __repr__(self) -> str:
        return f"LicenseeTable({len(self)} licensees)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._cols,))


def _rebuild(cols: dict[str, list[Any]]) -> LicenseeTable:
    return LicenseeTable(cols["id"], **{f: cols[f] for f in FIELDS[1:]})


class _ById(Mapping[str, Licensee]):
    """id -> Licensee over a :class:`LicenseeTable` (no object until one is asked for)."""

    __slots__ = ("_t",)

    def __init__(self, table: LicenseeTable) -> None:
        self._t = table

    def __getitem__(self, key: str) -> Licensee:
        j = self._t.position(key)
        if j is None:
            raise KeyError(key)
        return self._t[j]

    def __iter__(self) -> Iterator[str]:
        return iter(self._t.ids)

    def __len__(self) -> int:
        return len(self._t)

"""Government compensation to essential-patent holders, exact in cents.

The paper's table 3 (formation, strategy ②) proposes a special standardization award
fund giving *direct compensation* (直接补偿) to outstanding contributors of standard
patents, because important/basic patent holders lose out when they license the other
pool members free of charge or by cross-licence (formation problem ②).  The paper
does not say how the fund is split; we split it by essential-patent counts, the
pools' usual numeric proportionality.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from poolcalc._money import format_money, split_by_weights
from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError

__all__ = [
    "SideBySide",
    "SubsidyAllocation",
    "government_subsidy",
    "side_by_side",
]


def _cents(value: Any, name: str, *, allow_negative: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidInputError(f"{name} must be an integer number of cents, got {value!r}")
    value = int(value)
    if value < 0 and not allow_negative:
        raise InvalidInputError(f"{name} must be >= 0 cents, got {value}")
    return value


def _minor_units(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value <= 8:
        raise InvalidInputError(f"minor_units must be an integer in [0, 8], got {value!r}")
    return int(value)


@attrs.frozen(repr=False)
class SubsidyAllocation(Result):
    """A government subsidy split among essential-patent holders.

    ``str()`` is the table holder / essential patents / subsidy with a total row;
    ``to_dict()`` the same with money as decimal strings.

    Attributes
    ----------
    ids : tuple
        Holder ids (str for a mapping input, the index for an array input).
    essential_counts : ndarray of int64, shape (n_holders,)
    amounts : ndarray of int64, shape (n_holders,)
        Minor units (cents) per holder; ``amounts.sum() == total`` exactly.
    total : int
        Minor units allocated.
    floor : int or None
        Minimum minor units per holder with at least one essential patent.
    minor_units : int
        Decimal places of the currency (2: amounts are cents).
    """

    ids: tuple = attrs.field()
    essential_counts: np.ndarray = attrs.field(eq=False)
    amounts: np.ndarray = attrs.field(eq=False)
    total: int = attrs.field()
    floor: int | None = attrs.field(default=None)
    minor_units: int = attrs.field(default=2, converter=_minor_units)

    @property
    def shares(self) -> np.ndarray:
        """Amount / total per holder (zeros when the total is 0)."""
        if self.total == 0:
            return np.zeros(len(self.ids))
        return self.amounts / self.total

    def by_holder(self) -> dict[Any, int]:
        """``{holder id: minor units}`` in the input's order."""
        return {i: int(a) for i, a in zip(self.ids, self.amounts, strict=True)}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SubsidyAllocation):
            return NotImplemented
        same = (self.ids, self.total, self.floor, self.minor_units) == (
            other.ids, other.total, other.floor, other.minor_units
        )
        return same and (
            np.array_equal(self.amounts, other.amounts)
            and np.array_equal(self.essential_counts, other.essential_counts)
        )

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"total", "floor", "holders": [{"holder", "essential", "subsidy"}]}``."""
        mu = self.minor_units
        return {
            "total": format_money(self.total, mu),
            "floor": None if self.floor is None else format_money(self.floor, mu),
            "holders": [
                {"holder": i, "essential": int(c), "subsidy": format_money(int(a), mu)}
                for i, c, a in zip(self.ids, self.essential_counts, self.amounts, strict=True)
            ],
        }

    def _view(self) -> TableView:
        mu = self.minor_units
        rows = [(str(i), str(int(c)), format_money(int(a), mu))
                for i, c, a in zip(self.ids, self.essential_counts, self.amounts, strict=True)]
        rows.append(("total", str(int(self.essential_counts.sum())), format_money(self.total, mu)))
        return TableView(("holder", "essential", "subsidy"), rows)

    def _records(self) -> list[dict[str, Any]]:
        mu = self.minor_units
        return [
            {"holder": i, "essential": int(c), "subsidy_cents": int(a),
             "subsidy": format_money(int(a), mu)}
            for i, c, a in zip(self.ids, self.essential_counts, self.amounts, strict=True)
        ]

    def _summary(self) -> str:
        mu = self.minor_units
        floor = "" if self.floor is None else f", floor={format_money(self.floor, mu)}"
        return f"total={format_money(self.total, mu)}, {len(self.ids)} holders{floor}"


def _ids_and_counts(
    essential_counts: Mapping[Any, Any] | Sequence[Any] | np.ndarray,
    ids: Sequence[Any] | None,
) -> tuple[tuple, list[int]]:
    if isinstance(essential_counts, Mapping):
        if ids is not None:
            raise InvalidInputError("ids must not be given when essential_counts is a mapping")
        keys = list(essential_counts)
        for k in keys:
            if not isinstance(k, str):
                raise InvalidInputError(
                    f"essential_counts keys must be holder ids (str), got {k!r}"
                )
        counts = [
            _count(essential_counts[k], f"essential_counts[{k!r}]") for k in keys
        ]
        return tuple(keys), counts
    arr = np.asarray(essential_counts)
    if arr.ndim != 1:
        raise InvalidInputError(
            f"essential_counts must be a mapping or a 1-d array, got shape {arr.shape}"
        )
    if arr.dtype.kind not in "iu" and not (arr.dtype.kind == "O" and arr.size == 0):
        if arr.size == 0:
            arr = arr.astype(np.int64)
        else:
            raise InvalidInputError(
                f"essential_counts must hold integers, got dtype {arr.dtype}"
                + (f" (first value {arr[0]!r} at index 0)" if arr.size else "")
            )
    counts = []
    for i, v in enumerate(arr.tolist()):
        if v < 0:
            raise InvalidInputError(
                f"essential_counts must be >= 0, got {v} at index {i}"
            )
        counts.append(int(v))
    if ids is None:
        return tuple(range(len(counts))), counts
    id_t = tuple(ids)
    if len(id_t) != len(counts):
        raise InvalidInputError(
            f"ids must have one id per count: {len(id_t)} ids for {len(counts)} counts"
        )
    return id_t, counts


def _count(value: Any, name: str) -> int:
    if type(value) is int and value >= 0:  # fast path (abc isinstance checks are slow)
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidInputError(f"{name} must be a non-negative integer, got {value!r}")
    if value < 0:
        raise InvalidInputError(f"{name} must be >= 0, got {int(value)}")
    return int(value)


def government_subsidy(
    total: int,
    essential_counts: Mapping[str, int] | Sequence[int] | np.ndarray,
    *,
    floor: int | None = None,
    ids: Sequence[Any] | None = None,
    minor_units: int = 2,
) -> SubsidyAllocation:
    """Allocate a government subsidy among essential-patent holders, exactly in cents.

    Parameters
    ----------
    total : int
        Subsidy in cents (>= 0).
    essential_counts : mapping {holder id: int} or 1-d integer array
        Essential patents per holder (>= 0).  Holders with 0 receive nothing (and
        are kept in the result).
    floor : int, optional
        Minimum cents for every holder with at least one essential patent; the rest
        is split by counts.  ``floor * holders_with_patents`` must not exceed
        ``total``.
    ids : sequence, optional
        Holder ids for an array input (default: the indices).  Ties are broken by id.
    minor_units : int
        Decimal places of the currency, for printing (default 2: amounts in cents).

    Returns
    -------
    SubsidyAllocation
        ``amounts.sum() == total`` exactly.

    Raises
    ------
    InvalidInputError
        Non-integer or negative total/counts/floor, a floor the total cannot cover,
        duplicate ids, or a positive total with no essential patent to allocate by.

    Notes
    -----
    With R = total - floor * k (k holders with c_i > 0) and C = sum c_i, holder i
    gets floor + floor_div(R c_i, C) plus one cent if its remainder (R c_i mod C) is
    among the R - sum floor_div(R c_i, C) largest; ties go to the smaller id (largest
    remainder / Hamilton method).  Exact integer arithmetic throughout.

    References
    ----------
    The seed paper (:data:`poolcalc.alliance.PAPER`), table 3, formation strategy ②
    (direct compensation to standard-patent contributors); Balinski and Young, *Fair
    Representation*, Yale University Press, 1982 (Hamilton's method).

    Examples
    --------
    >>> government_subsidy(1000, {"A": 1, "B": 1, "C": 1}).by_holder()
    {'A': 334, 'B': 333, 'C': 333}
    """
    mu = _minor_units(minor_units)
    total = _cents(total, "total")
    floor_c = None if floor is None else _cents(floor, "floor")
    id_t, counts = _ids_and_counts(essential_counts, ids)
    if len(set(id_t)) != len(id_t):
        seen: set = set()
        dup = next(i for i in id_t if i in seen or seen.add(i))
        raise InvalidInputError(f"holder ids must be unique, got {dup!r} twice")
    try:
        order = sorted(range(len(id_t)), key=lambda i: id_t[i])
    except TypeError as exc:
        raise InvalidInputError(f"holder ids must be mutually comparable: {exc}") from None
    rank = [0] * len(id_t)
    for r, i in enumerate(order):
        rank[i] = r

    holders = sum(c > 0 for c in counts)
    if total > 0 and holders == 0:
        raise InvalidInputError(
            f"essential_counts has no essential patent to allocate a total of {total} cents by"
        )
    f = floor_c or 0
    if f * holders > total:
        raise InvalidInputError(
            f"floor of {f} cents for {holders} holders needs {f * holders} cents, "
            f"more than the total of {total}"
        )
    amounts = [0] * len(counts)
    if holders:
        rest = total - f * holders
        split = split_by_weights(rest, counts, rank)
        amounts = [(f if c > 0 else 0) + s for c, s in zip(counts, split, strict=True)]
    return SubsidyAllocation(
        ids=id_t,
        essential_counts=np.asarray(counts, dtype=np.int64),
        amounts=np.asarray(amounts, dtype=np.int64),
        total=total,
        floor=floor_c,
        minor_units=mu,
    )


def _as_cents_map(dist: Mapping[Any, Any] | SubsidyAllocation, name: str) -> dict[Any, int]:
    if isinstance(dist, SubsidyAllocation):
        return dist.by_holder()
    if not isinstance(dist, Mapping):
        raise InvalidInputError(f"{name} must be a mapping {{member: cents}}, got {dist!r}")
    return {k: _cents(v, f"{name}[{k!r}]", allow_negative=True) for k, v in dist.items()}


def _pct(x: int, tot: int) -> str:
    return "-" if tot == 0 else f"{100.0 * x / tot:.1f}"


@attrs.frozen(repr=False)
class SideBySide(Result):
    """The pool's distribution and a subsidy per member (see :func:`side_by_side`).

    ``str()`` is the table member / the two amounts / combined / the subsidy's share
    of the combined receipts, with a total row last; ``to_dict()`` the same with
    money as decimal strings.

    Attributes
    ----------
    members : tuple
        Member ids, sorted (first-seen order when they do not compare).
    first, second : tuple of int
        Minor units per member from the two sources (0 where a member is absent).
    labels : (str, str)
        Names of the two sources.
    currency : str
    minor_units : int
    """

    members: tuple
    first: tuple[int, ...]
    second: tuple[int, ...]
    labels: tuple[str, str] = ("pool", "subsidy")
    currency: str = ""
    minor_units: int = attrs.field(default=2, converter=_minor_units)

    def _rows(self) -> list[tuple[Any, int, int]]:
        rows = list(zip(self.members, self.first, self.second, strict=True))
        rows.append(("total", sum(self.first), sum(self.second)))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"labels", "currency", "members": [...], "total": {...}}``."""
        mu = self.minor_units
        a, b = self.labels

        def rec(m: Any, x: int, y: int) -> dict[str, Any]:
            share = None if x + y == 0 else y / (x + y)
            return {"member": m, a: format_money(x, mu), b: format_money(y, mu),
                    "combined": format_money(x + y, mu), f"{b}_share": share}

        *rows, (_, tx, ty) = self._rows()
        out = {"labels": list(self.labels), "currency": self.currency,
               "members": [rec(*r) for r in rows]}
        total = rec("total", tx, ty)
        del total["member"]
        out["total"] = total
        return out

    def _view(self) -> TableView:
        mu = self.minor_units
        cur = f" [{self.currency}]" if self.currency else ""
        a, b = self.labels
        header = ("member", f"{a}{cur}", f"{b}{cur}", "combined", f"{b} %")
        rows = [
            (str(m), format_money(x, mu), format_money(y, mu), format_money(x + y, mu),
             _pct(y, x + y))
            for m, x, y in self._rows()
        ]
        return TableView(header, rows)

    def _records(self) -> list[dict[str, Any]]:
        mu = self.minor_units
        a, b = self.labels
        return [
            {"member": m, f"{a}_cents": x, a: format_money(x, mu), f"{b}_cents": y,
             b: format_money(y, mu), "combined_cents": x + y}
            for m, x, y in zip(self.members, self.first, self.second, strict=True)
        ]

    def _summary(self) -> str:
        mu = self.minor_units
        return (f"{len(self.members)} members, {self.labels[0]}="
                f"{format_money(sum(self.first), mu)}, {self.labels[1]}="
                f"{format_money(sum(self.second), mu)}")


def side_by_side(
    pool: Mapping[Any, int] | SubsidyAllocation,
    subsidy: Mapping[Any, int] | SubsidyAllocation,
    *,
    labels: tuple[str, str] = ("pool", "subsidy"),
    currency: str = "",
    minor_units: int = 2,
) -> SideBySide:
    """Show the pool's distribution and the subsidy per member, with totals.

    Parameters
    ----------
    pool, subsidy : mapping {member: cents} or SubsidyAllocation
        A member absent from one side receives 0 there.
    labels : (str, str)
        Column headings.
    currency : str
        Shown in the headings, e.g. ``"CNY"``.
    minor_units : int
        Decimal places of the currency (default 2: amounts in cents).

    Returns
    -------
    SideBySide
        ``str()`` is a plain-text table: member, the two amounts, their sum and the
        subsidy's share of the member's combined receipts [%]; a totals row last.

    Raises
    ------
    InvalidInputError
        A side that is not a mapping of integer cents, bad labels or currency.

    Examples
    --------
    >>> print(side_by_side({"A": 150, "B": 50}, {"A": 100, "B": 100}))
    member  pool  subsidy  combined  subsidy %
    ------  ----  -------  --------  ---------
    A       1.50     1.00      2.50       40.0
    B       0.50     1.00      1.50       66.7
    total   2.00     2.00      4.00       50.0
    <BLANKLINE>
    """
    a = _as_cents_map(pool, "pool")
    b = _as_cents_map(subsidy, "subsidy")
    if (not isinstance(labels, tuple | list) or len(labels) != 2
            or not all(isinstance(x, str) and x for x in labels)):
        raise InvalidInputError(f"labels must be two non-empty strings, got {labels!r}")
    if not isinstance(currency, str):
        raise InvalidInputError(f"currency must be a string, got {currency!r}")
    members = list(a) + [m for m in b if m not in a]
    try:
        members.sort()
    except TypeError:
        pass  # ids of mixed types: keep first-seen order
    return SideBySide(
        members=tuple(members),
        first=tuple(a.get(m, 0) for m in members),
        second=tuple(b.get(m, 0) for m in members),
        labels=(labels[0], labels[1]),
        currency=currency,
        minor_units=minor_units,
    )

"""Columnar (struct-of-arrays) views of patents and sales for large portfolios.

Identifiers become integer codes into label tuples, dates become ``int32`` day
numbers (days since 1970-01-01, as ``numpy.datetime64[D]``), and countries share one
global code table (:data:`COUNTRIES`, sorted ISO 3166-1 alpha-2 codes) so that patent
and sales tables can be compared without a join.  Tables are built from columns
(``from_arrays``); the readers of :mod:`poolcalc.io` fill them straight from the files
and :mod:`poolcalc.model` builds them from row objects.  Kernels read only these
arrays.  This module knows no model object: the domain model sits above it.

The in-force lookup :meth:`PatentTable.count_in_force` answers, for arrays of
(country, date) queries, how many patents (or families) are in force — per owner if
asked — with two binary searches per query over sorted interval endpoints, so it is
``O((P + Q) log P)`` for P patents and Q queries.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc._codes import COUNTRY_CODES
from poolcalc._codes import PatentStatus

__all__ = [
    "COUNTRIES",
    "ESSENTIAL_CODE",
    "INVALID_CODE",
    "NO_DATE",
    "STATUSES",
    "PatentTable",
    "SalesTable",
    "country_code",
    "country_codes",
    "day_number",
    "from_day_number",
    "merge_intervals",
]

#: Global country code table: ``COUNTRIES[code]`` is the ISO alpha-2 code.
COUNTRIES: tuple[str, ...] = tuple(sorted(COUNTRY_CODES))
_COUNTRY_INDEX = {c: i for i, c in enumerate(COUNTRIES)}
#: Status codes: ``STATUSES[code]``.
STATUSES: tuple[PatentStatus, ...] = tuple(PatentStatus)
_STATUS_INDEX = {s: i for i, s in enumerate(STATUSES)}
ESSENTIAL_CODE = _STATUS_INDEX[PatentStatus.ESSENTIAL]
INVALID_CODE = _STATUS_INDEX[PatentStatus.INVALID]
#: Day number used for "no date" (missing grant date means "since ever", missing
#: disclosure date sorts last).
NO_DATE = np.iinfo(np.int32).min
_DAY_SPAN = np.int64(1) << 32  # > any int32 day range, so keys never collide across groups


def day_number(d: _dt.date | str | np.datetime64) -> int:
    """Days since 1970-01-01 of a date."""
    return int(np.datetime64(d, "D").astype(np.int64))


def from_day_number(n: int) -> _dt.date:
    """Inverse of :func:`day_number`."""
    return _dt.date(1970, 1, 1) + _dt.timedelta(days=int(n))


def country_code(country: str) -> int:
    """Code of an ISO alpha-2 country in :data:`COUNTRIES`."""
    try:
        return _COUNTRY_INDEX[country]
    except KeyError:
        raise InvalidInputError(f"unknown country code {country!r}") from None


def country_codes(countries: Iterable[str]) -> np.ndarray:
    """Vector version of :func:`country_code` (``int16``)."""
    return np.fromiter((country_code(c) for c in countries), dtype=np.int16)


def _encode(labels: Sequence[str] | np.ndarray, known: Sequence[str] | None = None) -> tuple[tuple[str, ...], np.ndarray]:
    """Factorise labels into (sorted unique labels, int32 codes)."""
    arr = np.asarray(labels, dtype=object) if not isinstance(labels, np.ndarray) else labels
    if known is None:
        uniq, codes = np.unique(arr.astype(str), return_inverse=True) if arr.size else (np.array([], dtype=str), np.zeros(0, np.int64))
        return tuple(str(u) for u in uniq), codes.astype(np.int32)
    index = {k: i for i, k in enumerate(known)}
    try:
        codes = np.fromiter((index[x] for x in arr), dtype=np.int32, count=arr.size)
    except KeyError as exc:
        raise InvalidInputError(f"unknown id {exc.args[0]!r}") from None
    return tuple(known), codes


def merge_intervals(
    group: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of half-open intervals ``[start, end)`` within each group.

    Parameters
    ----------
    group : ndarray of int, shape (n,)
        Group code of each interval (any int64 values).
    start, end : ndarray of int, shape (n,)
        Interval bounds [day numbers], ``start < end`` (``start`` may be
        :data:`NO_DATE`).

    Returns
    -------
    group, start, end : ndarray of int64, shape (k,)
        Disjoint intervals covering the same days per group, sorted by (group,
        start): overlapping intervals are merged, touching ones (``[a, b)`` and
        ``[b, c)``) are kept apart.  Counting the intervals that contain a day then
        counts each group at most once (e.g. a patent family in force in a country
        through several national patents).

    Notes
    -----
    One pass after a lexsort: within a group an interval starts a new run when its
    start is at or after the running maximum of the previous ends.  Runs are kept
    apart across groups by offsetting each group's ends by a multiple of 2^34 days
    of its rank (the rank, not the code, so large codes cannot overflow int64).

    Examples
    --------
    >>> g, s, e = merge_intervals(np.array([0, 0, 0, 1]), np.array([0, 5, 12, 3]),
    ...                           np.array([10, 12, 20, 4]))
    >>> g.tolist(), s.tolist(), e.tolist()
    ([0, 0, 1], [0, 12, 3], [12, 20, 4])
    """
    if group.size == 0:
        return group, start, end
    order = np.lexsort((start, group))
    g, s, e = group[order].astype(np.int64), start[order].astype(np.int64), end[order].astype(np.int64)
    first = np.ones(g.size, dtype=bool)
    first[1:] = g[1:] != g[:-1]
    # running max of end within each group: offset each group (by its rank among the
    # groups) so the max never leaks across groups
    off = (np.cumsum(first) - 1) * (_DAY_SPAN * 4)
    run = np.maximum.accumulate(e + off) - off
    prev_run = np.empty_like(run)
    prev_run[0] = np.iinfo(np.int64).min
    prev_run[1:] = run[:-1]
    new = first.copy()
    new[1:] |= s[1:] >= prev_run[1:]
    out_g = g[new]
    out_s = s[new]
    out_e = np.maximum.reduceat(e, np.flatnonzero(new))
    return out_g, out_s, out_e


@attrs.frozen(eq=False)
class PatentTable:
    """National patents as arrays (one row per patent).

    Attributes
    ----------
    ids : ndarray of str, shape (P,)
    members : tuple of str
        Owner labels; ``owner`` indexes into it.
    owner : ndarray of int32, shape (P,)
    country : ndarray of int16, shape (P,)
        Codes into :data:`COUNTRIES`.
    granted, expires : ndarray of int32, shape (P,)
        Day numbers; ``granted == NO_DATE`` when unknown (in force from the start).
    status : ndarray of int8, shape (P,)
        Codes into :data:`STATUSES`.
    families : tuple of str
    family : ndarray of int32, shape (P,)
    disclosed : ndarray of int32, shape (P,)
        Day numbers, ``NO_DATE`` when unknown.
    weight : ndarray of float64, shape (P,)
    features, alternatives, evaluators : tuple of str
    feature, alternative, evaluator : ndarray of int32, shape (P,)
        Codes, -1 when absent.
    """

    ids: np.ndarray
    members: tuple[str, ...]
    owner: np.ndarray
    country: np.ndarray
    granted: np.ndarray
    expires: np.ndarray
    status: np.ndarray
    families: tuple[str, ...]
    family: np.ndarray
    disclosed: np.ndarray
    weight: np.ndarray
    features: tuple[str, ...] = ()
    feature: np.ndarray = attrs.field(default=None)
    alternatives: tuple[str, ...] = ()
    alternative: np.ndarray = attrs.field(default=None)
    evaluators: tuple[str, ...] = ()
    evaluator: np.ndarray = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        n = len(self.ids)
        for name in ("feature", "alternative", "evaluator"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, np.full(n, -1, np.int32))
        for name in ("owner", "country", "granted", "expires", "status", "family", "disclosed",
                     "weight", "feature", "alternative", "evaluator"):
            a = getattr(self, name)
            if a.shape != (n,):
                raise InvalidInputError(f"PatentTable.{name} must have shape ({n},), got {a.shape}")
        for name, labels in (("owner", self.members), ("family", self.families)):
            a = getattr(self, name)
            if n and (a.min() < 0 or a.max() >= len(labels)):
                raise InvalidInputError(f"PatentTable.{name} codes out of range 0..{len(labels) - 1}")
        if n and np.any(self.granted >= self.expires):
            i = int(np.flatnonzero(self.granted >= self.expires)[0])
            raise InvalidInputError(f"patent {self.ids[i]}: granted must be before expires")
        if n and np.any(self.weight < 0):
            i = int(np.flatnonzero(self.weight < 0)[0])
            raise InvalidInputError(f"patent {self.ids[i]}: weight must be >= 0, got {self.weight[i]}")

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        *,
        ids: Sequence[str] | np.ndarray,
        owner: Sequence[str] | np.ndarray,
        country: Sequence[str] | np.ndarray,
        expires: Sequence | np.ndarray,
        status: Sequence | np.ndarray | None = None,
        granted: Sequence | np.ndarray | None = None,
        family: Sequence[str] | np.ndarray | None = None,
        disclosed: Sequence | np.ndarray | None = None,
        weight: Sequence[float] | np.ndarray | None = None,
        feature: Sequence[str] | np.ndarray | None = None,
        alternative: Sequence[str] | np.ndarray | None = None,
        evaluator: Sequence[str] | np.ndarray | None = None,
        members: Sequence[str] | None = None,
    ) -> PatentTable:
        """Build from columns.

        ``owner``/``family``/``feature``/``alternative``/``evaluator`` are labels (or,
        for ``owner`` with ``members`` given, integer codes; empty or None means absent
        for the optional ones); ``country`` alpha-2 strings or int codes; dates as day
        numbers, ``datetime64``, ISO strings or dates; ``status`` as strings,
        :class:`PatentStatus` or int codes (default all essential).
        """
        ids_arr = np.asarray(ids, dtype=object)
        n = ids_arr.size
        owner_arr = np.asarray(owner)
        if members is not None and np.issubdtype(owner_arr.dtype, np.integer):
            members_t, owner_codes = tuple(members), owner_arr.astype(np.int32)
        else:
            members_t, owner_codes = _encode(owner_arr, members)
        ctry = np.asarray(country)
        ctry_codes = ctry.astype(np.int16) if np.issubdtype(ctry.dtype, np.integer) else country_codes(ctry)
        fam_labels, fam_codes = _encode(ids_arr if family is None else np.asarray(family, dtype=object))
        stat = np.asarray(status) if status is not None else np.full(n, ESSENTIAL_CODE, np.int8)
        if not np.issubdtype(stat.dtype, np.integer):
            stat = np.fromiter((_STATUS_INDEX[PatentStatus(s)] for s in stat), np.int8, count=n)
        feats, feat_codes = _encode_optional(feature, n)
        alts, alt_codes = _encode_optional(alternative, n)
        evals, eval_codes = _encode_optional(evaluator, n)
        return cls(
            ids=ids_arr,
            members=members_t,
            owner=owner_codes,
            country=ctry_codes,
            granted=_days(granted, n, NO_DATE),
            expires=_days(expires, n, None),
            status=stat.astype(np.int8),
            families=fam_labels,
            family=fam_codes,
            disclosed=_days(disclosed, n, NO_DATE),
            weight=np.ones(n) if weight is None else np.asarray(weight, np.float64),
            features=feats,
            feature=feat_codes,
            alternatives=alts,
            alternative=alt_codes,
            evaluators=evals,
            evaluator=eval_codes,
        )

    @classmethod
    def empty(cls, members: Sequence[str] = ()) -> PatentTable:
        """A table with no rows (and the given owner labels)."""
        return cls.from_arrays(ids=[], owner=np.zeros(0, np.int32), country=np.zeros(0, np.int16),
                               expires=np.zeros(0, np.int32), members=tuple(members))

    # -- rows ---------------------------------------------------------------------------------
    _ROW_ARRAYS = ("ids", "owner", "country", "granted", "expires", "status", "family",
                   "disclosed", "weight", "feature", "alternative", "evaluator")

    def select(self, rows: np.ndarray) -> PatentTable:
        """The rows given by a boolean mask or an index array (labels kept)."""
        return attrs.evolve(self, **{a: getattr(self, a)[rows] for a in self._ROW_ARRAYS})

    def concat(self, other: PatentTable) -> PatentTable:
        """This table's rows followed by ``other``'s (labels merged, ids must stay unique)."""
        cols = {name: np.concatenate([self.column(name), other.column(name)])
                for name in ("owner", "family", "feature", "alternative", "evaluator")}
        members = tuple(dict.fromkeys((*self.members, *other.members)))
        return PatentTable.from_arrays(
            ids=np.concatenate([self.ids, other.ids]),
            country=np.concatenate([self.country, other.country]),
            granted=np.concatenate([self.granted, other.granted]),
            expires=np.concatenate([self.expires, other.expires]),
            status=np.concatenate([self.status, other.status]),
            disclosed=np.concatenate([self.disclosed, other.disclosed]),
            weight=np.concatenate([self.weight, other.weight]),
            members=members,
            **cols,
        )

    def column(self, name: str) -> np.ndarray:
        """A label column decoded to an object array of str (None where absent).

        ``name`` is one of ``owner``, ``family``, ``feature``, ``alternative``,
        ``evaluator``.
        """
        labels = {"owner": self.members, "family": self.families, "feature": self.features,
                  "alternative": self.alternatives, "evaluator": self.evaluators}[name]
        return _decode(labels, getattr(self, name))

    def equals(self, other: object) -> bool:
        """Tell whether two tables hold the same rows in the same order (labels decoded)."""
        if not isinstance(other, PatentTable) or len(self) != len(other):
            return False
        if not np.array_equal(self.ids.astype(str), other.ids.astype(str)):
            return False
        for a in ("country", "granted", "expires", "status", "disclosed", "weight"):
            if not np.array_equal(getattr(self, a), getattr(other, a)):
                return False
        return all(
            np.array_equal(self.column(c), other.column(c))
            for c in ("owner", "family", "feature", "alternative", "evaluator")
        )

    def __repr__(self) -> str:
        return (f"PatentTable({len(self):,} national patents, {int(self.pooled.sum()):,} pooled, "
                f"{len(self.members):,} owners)")

    # -- queries --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    @property
    def pooled(self) -> np.ndarray:
        """Boolean mask of pooled (evaluated essential) patents."""
        return self.status == ESSENTIAL_CODE

    def count_in_force(
        self,
        country: np.ndarray,
        day: np.ndarray,
        *,
        by_owner: bool = False,
        unit: Literal["patent", "family"] = "patent",
        mask: np.ndarray | None = None,
    ) -> np.ndarray:
        """Count the patents (or families) in force for each (country, day) query.

        Parameters
        ----------
        country : ndarray of int, shape (Q,)
            Country codes into :data:`COUNTRIES` (a negative code counts nothing).
        day : ndarray of int, shape (Q,)
            Day numbers.
        by_owner : bool
            Return counts per owner, shape (Q, len(members)).
        unit : {"patent", "family"}
            Count national patents, or families (a family counts once per country
            however many of its patents there are in force).
        mask : ndarray of bool, shape (P,), optional
            Patents to consider; default the pooled (essential) ones.

        Returns
        -------
        ndarray of int64, shape (Q,) or (Q, n_members)

        Notes
        -----
        A patent is in force on d when ``granted <= d < expires``.  With keys
        ``k = group * 2^32 + day`` sorted, count(d) = #{starts <= q} - #{ends <= q}:
        groups below the query's cancel out, groups above contribute nothing.
        """
        country = np.asarray(country, dtype=np.int64)
        day = np.asarray(day, dtype=np.int64)
        if country.shape != day.shape:
            raise InvalidInputError(f"country and day must have one shape, got {country.shape} and {day.shape}")
        sel = self.pooled if mask is None else np.asarray(mask, bool)
        sel = sel & (self.status != INVALID_CODE)
        n_c = np.int64(len(COUNTRIES))
        n_m = len(self.members)
        owner = self.owner[sel].astype(np.int64)
        group = owner * n_c + self.country[sel] if by_owner else self.country[sel].astype(np.int64)
        start = self.granted[sel].astype(np.int64)
        end = self.expires[sel].astype(np.int64)
        if unit == "family":
            n_g = (n_m * n_c) if by_owner else n_c
            fam_group = self.family[sel].astype(np.int64) * n_g + group
            fg, start, end = merge_intervals(fam_group, start, end)
            group = fg % n_g
        elif unit != "patent":
            raise InvalidInputError(f"unit must be 'patent' or 'family', got {unit!r}")
        base = np.int64(-NO_DATE)  # shift days to be >= 0
        starts = np.sort(group * _DAY_SPAN + (start + base))
        ends = np.sort(group * _DAY_SPAN + (end + base))
        valid = country >= 0
        if by_owner:
            q = (np.arange(n_m, dtype=np.int64)[None, :] * n_c + country[:, None]) * _DAY_SPAN + (day + base)[:, None]
            out = np.searchsorted(starts, q, "right") - np.searchsorted(ends, q, "right")
            out[~valid] = 0
            return out.astype(np.int64)
        q = country * _DAY_SPAN + (day + base)
        out = np.searchsorted(starts, q, "right") - np.searchsorted(ends, q, "right")
        out[~valid] = 0
        return out.astype(np.int64)

    def in_force_mask(self, day: int | np.ndarray) -> np.ndarray:
        """Boolean mask (P,) of patents in force on ``day`` (any country, status not invalid)."""
        return (self.granted <= day) & (day < self.expires) & (self.status != INVALID_CODE)


def _encode_optional(values: Sequence[str] | np.ndarray | None, n: int) -> tuple[tuple[str, ...], np.ndarray]:
    if values is None:
        return (), np.full(n, -1, np.int32)
    arr = np.asarray(values, dtype=object)
    present = np.array([v is not None and str(v) != "" for v in arr], dtype=bool)
    labels, codes = _encode(arr[present].astype(str)) if present.any() else ((), np.zeros(0, np.int32))
    out = np.full(n, -1, np.int32)
    out[present] = codes
    return labels, out


def _decode(labels: Sequence[str], codes: np.ndarray) -> np.ndarray:
    """Object array of the labels of ``codes`` (None where a code is -1)."""
    lab = np.empty(len(labels) + 1, dtype=object)
    lab[: len(labels)] = list(labels)
    lab[len(labels)] = None
    return lab[np.where(codes < 0, len(labels), codes)]


def _days(values: Sequence | np.ndarray | None, n: int, default: int | None) -> np.ndarray:
    """Coerce dates (day numbers, datetime64, ISO strings, dates, None) to int32 day numbers."""
    if values is None:
        if default is None:
            raise InvalidInputError("a date column is required")
        return np.full(n, default, np.int32)
    arr = np.asarray(values)
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.int32)
    if np.issubdtype(arr.dtype, np.datetime64):
        d = arr.astype("datetime64[D]")
        out = d.astype(np.int64)
        out[np.isnat(d)] = NO_DATE if default is None else default
        return out.astype(np.int32)
    out = np.empty(n, np.int64)
    for i, v in enumerate(arr):
        if v is None or (isinstance(v, str) and not v):
            if default is None:
                raise InvalidInputError(f"date missing at index {i}")
            out[i] = default
        else:
            out[i] = day_number(v)
    return out.astype(np.int32)


@attrs.frozen(eq=False)
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
        for name in ("enterprise", "date", "product", "country_of_sale", "country_of_manufacture",
                     "units", "net_price", "line"):
            if getattr(self, name).shape != (n,):
                raise InvalidInputError(f"SalesTable.{name} must have shape ({n},), got {getattr(self, name).shape}")
        if n and self.units.min() < 0:
            i = int(np.argmin(self.units))
            raise InvalidInputError(f"sales row {self.line[i]}: units must be >= 0, got {self.units[i]}")

    def __len__(self) -> int:
        return len(self.licensee)

    @property
    def has_price(self) -> np.ndarray:
        """Boolean mask of rows with a reported net price."""
        return ~np.isnan(self.net_price)

    @property
    def year(self) -> np.ndarray:
        """Calendar year of each row (int64)."""
        return self.date.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970

    def select(self, mask: np.ndarray) -> SalesTable:
        """Rows where ``mask`` is true, or the rows of an index array (labels kept)."""
        return attrs.evolve(
            self,
            licensee=self.licensee[mask], enterprise=self.enterprise[mask], date=self.date[mask],
            product=self.product[mask], country_of_sale=self.country_of_sale[mask],
            country_of_manufacture=self.country_of_manufacture[mask], units=self.units[mask],
            net_price=self.net_price[mask], line=self.line[mask],
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
        enterprise_of: dict[str, str] | None = None,
        products: Sequence[str] | None = None,
        line: np.ndarray | None = None,
    ) -> SalesTable:
        """Build from columns (labels or, with ``licensees``/``products`` given, codes)."""
        lic = np.asarray(licensee)
        if licensees is not None and np.issubdtype(lic.dtype, np.integer):
            lic_labels, lic_codes = tuple(licensees), lic.astype(np.int32)
        else:
            lic_labels, lic_codes = _encode(lic.astype(object), licensees)
        ent_map = enterprise_of or {}
        ent_labels, ent_of_lic = _encode(np.array([ent_map.get(x, x) for x in lic_labels], dtype=object))
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
            net_price=np.full(n, np.nan) if net_price is None else np.asarray(net_price, np.float64),
            line=np.arange(2, n + 2, dtype=np.int64) if line is None else np.asarray(line, np.int64),
        )

    @classmethod
    def empty(cls, licensees: Sequence[str] = ()) -> SalesTable:
        """A table with no rows (and the given licensee labels)."""
        return cls.from_arrays(licensee=np.zeros(0, np.int32), date=np.zeros(0, np.int32),
                               product=[], country_of_sale=np.zeros(0, np.int16),
                               country_of_manufacture=np.zeros(0, np.int16),
                               units=np.zeros(0, np.int64), licensees=tuple(licensees))

    def relabel(self, licensees: Sequence[str], enterprise_of: dict[str, str]) -> SalesTable:
        """The same rows coded against ``licensees`` (in that order) and their enterprises.

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
        """``licensee``, ``enterprise`` or ``product`` decoded to an object array of str."""
        labels = {"licensee": self.licensees, "enterprise": self.enterprises,
                  "product": self.products}[name]
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
        return all(np.array_equal(self.column(c), other.column(c))
                   for c in ("licensee", "enterprise", "product"))

    def concat(self, other: SalesTable) -> SalesTable:
        """This table's rows followed by ``other``'s (labels merged; lines kept)."""
        lic = np.concatenate([self.column("licensee"), other.column("licensee")])
        licensees = tuple(dict.fromkeys((*self.licensees, *other.licensees)))
        ent = dict(zip(self.column("licensee"), self.column("enterprise"), strict=True))
        ent.update(zip(other.column("licensee"), other.column("enterprise"), strict=True))
        return SalesTable.from_arrays(
            licensee=lic, licensees=licensees, enterprise_of=ent,
            date=np.concatenate([self.date, other.date]),
            product=np.concatenate([self.column("product"), other.column("product")]),
            country_of_sale=np.concatenate([self.country_of_sale, other.country_of_sale]),
            country_of_manufacture=np.concatenate(
                [self.country_of_manufacture, other.country_of_manufacture]),
            units=np.concatenate([self.units, other.units]),
            net_price=np.concatenate([self.net_price, other.net_price]),
            line=np.concatenate([self.line, other.line]),
        )

    def __repr__(self) -> str:
        return (f"SalesTable({len(self):,} rows, {len(self.licensees):,} licensees, "
                f"{len(self.products):,} products)")

"""National patents as columns, and the in-force lookup over them."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Literal

import attrs
import numpy as np

from poolcalc._args import checked_fields
from poolcalc.errors import InvalidInputError
from poolcalc.tables._common import (
    _DAY_SPAN,
    _STATUS_INDEX,
    COUNTRIES,
    ESSENTIAL_CODE,
    INVALID_CODE,
    NO_DATE,
    PatentStatus,
    _days,
    _decode,
    _encode,
    _encode_optional,
    country_codes,
    merge_intervals,
)

__all__ = ["PatentTable"]

#: Tables whose ids a reader has already found distinct (see :meth:`PatentTable.mark_distinct`).
_DISTINCT_IDS: weakref.WeakSet[PatentTable] = weakref.WeakSet()


@attrs.frozen(eq=False, field_transformer=checked_fields)
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
        for name in (
            "owner",
            "country",
            "granted",
            "expires",
            "status",
            "family",
            "disclosed",
            "weight",
            "feature",
            "alternative",
            "evaluator",
        ):
            a = getattr(self, name)
            if a.shape != (n,):
                raise InvalidInputError(f"PatentTable.{name} must have shape ({n},), got {a.shape}")
        for name, labels in (("owner", self.members), ("family", self.families)):
            a = getattr(self, name)
            if n and (a.min() < 0 or a.max() >= len(labels)):
                raise InvalidInputError(
                    f"PatentTable.{name} codes out of range 0..{len(labels) - 1}"
                )
        if n and np.any(self.granted >= self.expires):
            i = int(np.flatnonzero(self.granted >= self.expires)[0])
            raise InvalidInputError(f"patent {self.ids[i]}: granted must be before expires")
        if n and np.any(self.weight < 0):
            i = int(np.flatnonzero(self.weight < 0)[0])
            raise InvalidInputError(
                f"patent {self.ids[i]}: weight must be >= 0, got {self.weight[i]}"
            )

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
        families: Sequence[str] | None = None,
    ) -> PatentTable:
        """Build from columns.

        ``owner``/``family``/``feature``/``alternative``/``evaluator`` are labels (or,
        for ``owner`` with ``members`` given and ``family`` with ``families`` given,
        integer codes; ``families`` must then be sorted); empty or None means absent
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
        ctry_codes = (
            ctry.astype(np.int16) if np.issubdtype(ctry.dtype, np.integer) else country_codes(ctry)
        )
        fam_arr = None if family is None else np.asarray(family)
        if (families is not None and fam_arr is not None
                and np.issubdtype(fam_arr.dtype, np.integer)):
            fam_labels, fam_codes = tuple(families), fam_arr.astype(np.int32)
        else:
            fam_labels, fam_codes = _encode(
                ids_arr if fam_arr is None else np.asarray(family, dtype=object)
            )
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
        """Return a table with no rows (and the given owner labels)."""
        return cls.from_arrays(
            ids=[],
            owner=np.zeros(0, np.int32),
            country=np.zeros(0, np.int16),
            expires=np.zeros(0, np.int32),
            members=tuple(members),
        )

    # -- rows ---------------------------------------------------------------------------------
    _ROW_ARRAYS = (
        "ids",
        "owner",
        "country",
        "granted",
        "expires",
        "status",
        "family",
        "disclosed",
        "weight",
        "feature",
        "alternative",
        "evaluator",
    )

    def select(self, rows: np.ndarray) -> PatentTable:
        """Return the rows of a boolean mask or an index array (labels kept)."""
        return attrs.evolve(self, **{a: getattr(self, a)[rows] for a in self._ROW_ARRAYS})

    def concat(self, other: PatentTable) -> PatentTable:
        """Return these rows followed by ``other``'s (labels merged, ids must stay unique)."""
        cols = {
            name: np.concatenate([self.column(name), other.column(name)])
            for name in ("owner", "family", "feature", "alternative", "evaluator")
        }
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
        """Return a label column decoded to an object array of str (None where absent).

        ``name`` is one of ``owner``, ``family``, ``feature``, ``alternative``,
        ``evaluator``.
        """
        labels = {
            "owner": self.members,
            "family": self.families,
            "feature": self.features,
            "alternative": self.alternatives,
            "evaluator": self.evaluators,
        }[name]
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
        return (
            f"PatentTable({len(self):,} national patents, {int(self.pooled.sum()):,} pooled, "
            f"{len(self.members):,} owners)"
        )

    # -- queries --------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def mark_distinct(self) -> PatentTable:
        """Record that the ids were checked distinct (a reader did); returns ``self``.

        :class:`~poolcalc.model.Pool` then skips its own duplicate-id pass (0.3 s at
        10^6 patents).  Tables are immutable, so the mark stays true; a table derived
        with ``attrs.evolve`` or :meth:`concat` is a new object without the mark.
        """
        _DISTINCT_IDS.add(self)
        return self

    @property
    def ids_known_distinct(self) -> bool:
        """True when :meth:`mark_distinct` was called on this table."""
        return self in _DISTINCT_IDS

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
            raise InvalidInputError(
                f"country and day must have one shape, got {country.shape} and {day.shape}"
            )
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
            q = (np.arange(n_m, dtype=np.int64)[None, :] * n_c + country[:, None]) * _DAY_SPAN + (
                day + base
            )[:, None]
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

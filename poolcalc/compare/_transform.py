"""Pool variants the metrics need: a synthetic entrant, one more essential patent.

Both work on the pool's columns (:attr:`Pool.patents <poolcalc.model.Pool.patents>`,
a :class:`~poolcalc.tables.PatentTable`), so they cost O(P) array work for pools of
10^6 patents and never build a row object.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from poolcalc._args import check_int_arg, checked_args
from poolcalc.errors import InvalidInputError
from poolcalc.model import Member, Pool
from poolcalc.tables import COUNTRIES, ESSENTIAL_CODE, NO_DATE, PatentTable, day_number

__all__ = ["with_entrant", "with_extra_patent"]


def year_of(pool: Pool, year: int | None) -> int:
    """``year``, or the latest year with sales rows."""
    if year is not None:
        return check_int_arg(year, "year", low=1)
    st = pool.sales
    if len(st) == 0:
        raise InvalidInputError("the pool has no sales rows: give year=")
    return int(st.year.max())


def _fresh_id(taken: set[str] | tuple[str, ...], base: str) -> str:
    k, out = 1, base
    while out in taken:
        k += 1
        out = f"{base}{k}"
    return out


def main_country(pool: Pool, year: int) -> str:
    """Country with the most units sold in ``year`` (ties: the smallest code).

    Falls back to the country with the most pooled patents when the year has no sales.
    """
    st = pool.sales
    sel = st.year == year
    if sel.any():
        units = np.bincount(
            st.country_of_sale[sel],
            weights=st.units[sel].astype(np.float64),
            minlength=len(COUNTRIES),
        )
        return COUNTRIES[int(np.argmax(units))]
    pt = pool.patents
    if pt.pooled.any():
        return COUNTRIES[
            int(np.argmax(np.bincount(pt.country[pt.pooled], minlength=len(COUNTRIES))))
        ]
    return "US"


def _last_disclosure_day(pt: PatentTable) -> int | None:
    d = pt.disclosed[pt.disclosed != NO_DATE]
    return int(d.max()) if d.size else None


def _median_member(pool: Pool) -> int:
    """Index of the member with the median number of pooled patents (ties by id)."""
    pt = pool.patents
    ids = [m.id for m in pool.members]
    code = {m: k for k, m in enumerate(pt.members)}
    counts_t = np.bincount(pt.owner[pt.pooled], minlength=len(pt.members))
    counts = [int(counts_t[code[m]]) if m in code else 0 for m in ids]
    ranked = sorted(range(len(ids)), key=lambda k: (counts[k], ids[k]))
    return ranked[(len(ranked) - 1) // 2]


# --------------------------------------------------------------------------------------
# table path
# --------------------------------------------------------------------------------------
def _append(
    pt: PatentTable,
    rows: np.ndarray | None,
    *,
    ids: np.ndarray,
    owner: np.ndarray,
    families: tuple[str, ...],
    family: np.ndarray,
    disclosed: np.ndarray,
    members: tuple[str, ...] | None = None,
    **cols: np.ndarray,
) -> PatentTable:
    """``pt`` with rows appended; columns not in ``cols`` are copied from ``pt[rows]``."""
    k = ids.size

    def col(name: str, dtype: Any, default: Any) -> np.ndarray:
        if name in cols:
            new = np.asarray(cols[name], dtype)
        elif rows is not None:
            new = getattr(pt, name)[rows].astype(dtype)
        else:
            new = np.full(k, default, dtype)
        return np.concatenate([getattr(pt, name).astype(dtype), new])

    return PatentTable(
        ids=np.concatenate([pt.ids, ids.astype(object)]),
        members=pt.members if members is None else members,
        owner=np.concatenate([pt.owner, owner.astype(np.int32)]),
        country=col("country", np.int16, 0),
        granted=col("granted", np.int32, NO_DATE),
        expires=col("expires", np.int32, 0),
        status=col("status", np.int8, ESSENTIAL_CODE),
        families=pt.families + families,
        family=np.concatenate([pt.family, (len(pt.families) + family).astype(np.int32)]),
        disclosed=np.concatenate([pt.disclosed, disclosed.astype(np.int32)]),
        weight=col("weight", np.float64, 1.0),
        features=pt.features,
        feature=col("feature", np.int32, -1),
        alternatives=pt.alternatives,
        alternative=col("alternative", np.int32, -1),
        evaluators=pt.evaluators,
        evaluator=col("evaluator", np.int32, -1),
    )


@checked_args
def with_extra_patent(pool: Pool, member: str, *, year: int) -> Pool:
    """Return the pool where ``member`` holds one more essential patent.

    The new national patent is in the pool's largest market in ``year`` (most units
    sold, ties by country code), in force throughout the year (granted 1 January of
    the year before, expiring 30 years later), in a new family, disclosed one day
    after the last disclosure in the pool (a new patent ranks last in disclosure
    order), weight 1.

    Parameters
    ----------
    pool : Pool
    member : str
        Id of the member that gets the patent.
    year : int
        Calendar year the patent must be in force throughout.

    Returns
    -------
    Pool
        A copy of ``pool`` with one more patent row.

    Examples
    --------
    >>> import poolcalc
    >>> pool = poolcalc.load_example()
    >>> len(with_extra_patent(pool, "M01", year=2024).patents) - len(pool.patents)
    1
    """
    if member not in {m.id for m in pool.members}:
        raise InvalidInputError(f"unknown member {member!r}")
    pt = pool.patents
    code = pt.members.index(member)  # the table lists the pool's members in order
    new_id = _fresh_id(set(pt.ids.astype(str).tolist()), f"XTRA-{member}")
    last = _last_disclosure_day(pt)
    table = _append(
        pt,
        None,
        ids=np.array([new_id], object),
        owner=np.array([code]),
        families=(new_id,),
        family=np.array([0]),
        disclosed=np.array([NO_DATE if last is None else last + 1]),
        country=np.array([COUNTRIES.index(main_country(pool, year))]),
        granted=np.array([day_number(dt.date(year - 1, 1, 1))]),
        expires=np.array([day_number(dt.date(year + 30, 1, 1))]),
        status=np.array([ESSENTIAL_CODE]),
        weight=np.array([1.0]),
    )
    return pool.evolve(patents=table)


@checked_args
def with_entrant(pool: Pool, *, member_id: str = "ENTRANT") -> tuple[Pool, str]:
    """Return the pool joined by a member holding a copy of the median member's portfolio.

    The median member is the one with the median number of pooled patents (ties by
    id).  The entrant's copies keep countries, grant and expiry dates, statuses,
    weights and family grouping, get new ids (``ENTRANT-<id>``) and families, and are
    disclosed after every incumbent disclosure (an entrant joins late), in the same
    order as the originals.

    Parameters
    ----------
    pool : Pool
    member_id : str
        Id of the entrant (must not be a member already).

    Returns
    -------
    (Pool, str)
        The new pool and the entrant's member id.

    Examples
    --------
    >>> import poolcalc
    >>> bigger, who = with_entrant(poolcalc.load_example())
    >>> who, len(bigger.members)
    ('ENTRANT', 26)
    """
    pt = pool.patents
    median = pool.members[_median_member(pool)].id
    mid = _fresh_id(tuple(m.id for m in pool.members), member_id)
    members = (*pt.members, mid)
    rows = (
        np.flatnonzero(pt.owner == pt.members.index(median))
        if median in pt.members
        else np.zeros(0, np.intp)
    )
    fam_codes, fam_local = np.unique(pt.family[rows], return_inverse=True)
    families = tuple(f"{mid}-{pt.families[c]}" for c in fam_codes)
    disclosed = pt.disclosed[rows].astype(np.int64)
    last = _last_disclosure_day(pt)
    known = disclosed != NO_DATE
    if last is not None and known.any():
        disclosed[known] = last + 1 + (disclosed[known] - disclosed[known].min())
    ids = np.array([f"{mid}-{x}" for x in pt.ids[rows]], dtype=object)
    table = _append(
        pt,
        rows,
        ids=ids,
        owner=np.full(rows.size, len(members) - 1),
        families=families,
        family=fam_local.reshape(-1),
        disclosed=disclosed,
        members=members,
    )
    joined = Member(id=mid, name="synthetic entrant")
    return pool.evolve(members=(*pool.members, joined), patents=table), mid

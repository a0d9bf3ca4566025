r"""Content ("usage") royalties per reporting period, year to date.

The usage royalty of licensee ``l`` through period ``t`` is the annual computation
(:func:`poolcalc.royalties.usage_invoices`) on the usage rows of ``t``'s year dated
up to the last day of ``t``; rows without a ``date`` count in the year's last
period only.  The period's usage invoice is the difference

    U_l(k) = YTD_l(k) - YTD_l(k-1),     sum_k U_l(k) = YTD_l(K) = annual usage royalty

so subscription brackets, broadcast thresholds and per-title caps act on the
year-to-date quantities and the periods of a year add up exactly to the annual
usage royalty (telescoping).

Member weights of ``U_l(k)``: the annual allocation's usage rule
(:func:`poolcalc.allocation._usage.country_usage_counts`), per usage country ``c``
the members' pooled essential patents in force there on at least one day of the
year (fallback: anywhere), applied to the cents by country of the year to date less
those at the licensee's last usage invoice ``j < k`` of the year (none: 0),
``d_c = by_country_c(k) - by_country_c(j)`` (a shift between countries in a period
owing nothing goes with the next invoice's cash)::

    w_i = sum_c d_c * n_ci / N_c          (exact; integers over lcm(N_c))

so ``sum_i w_i = U_l(k)``.  References: MPEG LA AVC/H.264 licence terms (TV
Technology, 1 Dec 2003); per-country counting as in the MPEG-2 business review
letter, US DOJ 26 June 1997.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator

import attrs
import numpy as np

from poolcalc._money import format_money
from poolcalc.allocation._usage import country_usage_counts
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool
from poolcalc.periods._types import Period, periods_of_year
from poolcalc.royalties import usage_invoices
from poolcalc.tables import country_codes, day_number

__all__ = ["UsageWeights", "UsageYTD", "period_usage", "usage_country_weights", "usage_weights",
           "usage_ytd"]

#: licensee -> (year-to-date usage cents, cents by usage country)
UsageYTD = dict[str, tuple[int, dict[str, int]]]


def usage_ytd(pool: Pool, through: Period | None) -> UsageYTD:
    """Year-to-date usage royalties of each licensee through ``through`` (None: none).

    Rows of ``through``'s year dated up to its last day; undated rows only when
    ``through`` is the year's last period.
    """
    if through is None or not pool.usage or pool.usage_terms is None:
        return {}
    last = through.end == dt.date(through.year, 12, 31)
    rows = [r for r in pool.usage if r.year == through.year
            and (last if r.date is None else r.date <= through.end)]
    if not rows:
        return {}
    invs = usage_invoices(pool.usage_terms, rows, through.year, minor_units=pool.minor_units)
    return {u.licensee: (u.owed_cents, dict(u.by_country)) for u in invs}


def usage_weights(pool: Pool, year: int, now: dict[str, int],
                  before: dict[str, int]) -> dict[str, int]:
    """Member weights of the usage cents by country ``now - before`` (module docstring).

    Integers proportional to each member's exact cents (zeros dropped).

    Raises
    ------
    InvalidInputError
        Usage cents in a country while no pooled essential patent is in force
        anywhere in the year.
    """
    out: dict[str, int] = {}
    for (_, m), v in usage_country_weights(pool, year, now, before).items():
        out[m] = out.get(m, 0) + v
    return {m: v for m, v in out.items() if v}


def usage_country_weights(pool: Pool, year: int, now: dict[str, int],
                          before: dict[str, int]) -> dict[tuple[str, str], int]:
    """(usage country, member) -> ``d_c n_ci lcm(N) / N_c`` (:func:`usage_weights` by country).

    Summed over the countries these are :func:`usage_weights` (same integers).

    Raises
    ------
    InvalidInputError
        As :func:`usage_weights`.
    """
    diff = {c: now.get(c, 0) - before.get(c, 0) for c in sorted(set(now) | set(before))}
    diff = {c: d for c, d in diff.items() if d}
    if not diff:
        return {}
    table = pool.patents
    unit = pool.allocation.unit.value
    uc = country_usage_counts(table, day_number(dt.date(year, 1, 1)),
                              day_number(dt.date(year + 1, 1, 1)),
                              np.asarray(country_codes(list(diff)), np.int64), unit)
    totals = [int(t) for t in uc.totals.tolist()]
    for c, t in zip(diff, totals, strict=True):
        if t == 0:
            raise InvalidInputError(
                f"usage royalties in {c} but no pooled essential {unit} in force anywhere "
                f"in {year}; cannot attribute them to members")
    common = 1
    for t in totals:
        common = math.lcm(common, t)
    members = tuple(table.members)
    out: dict[tuple[str, str], int] = {}
    for k, (c, d) in enumerate(diff.items()):
        scale = d * (common // totals[k])
        for i, n in enumerate(uc.counts[k].tolist()):
            if n:
                out[(c, members[i])] = out.get((c, members[i]), 0) + scale * int(n)
    return {key: v for key, v in out.items() if v}


@attrs.frozen(eq=False)
class UsageWeights:
    """``usage_weights(pool, year, now, before)`` when called; by country: :meth:`by_country`."""

    pool: Pool
    year: int
    now: dict[str, int]
    before: dict[str, int]

    def __call__(self) -> dict[str, int]:
        return usage_weights(self.pool, self.year, self.now, self.before)

    def by_country(self) -> dict[tuple[str, str], int]:
        """(usage country, member) weights on the scale of ``self()``."""
        return usage_country_weights(self.pool, self.year, self.now, self.before)


def period_usage(pool: Pool, k: Period) -> Iterator[
    tuple[str, int, int, int, str, Callable[[], dict[str, int]]]
]:
    """Usage invoices of period ``k``: (licensee, owed, ytd, previously, text, weights).

    ``owed = ytd - previously`` (cents, >= 0: every usage fee is non-decreasing in the
    quantities); licensees owing 0 are left out (a 0 invoice moves no cash).
    ``weights()`` gives the member weights (:func:`usage_weights`) of the cents by
    country now less those of the licensee's last usage invoice of the year, so a
    shift between countries in a period owing nothing (a flat fee spread over more
    rows) goes with the next invoice's cash.
    """
    earlier = [p for p in periods_of_year(k.year, k.kind) if p < k]
    ytds = [usage_ytd(pool, p) for p in earlier]
    now, before = usage_ytd(pool, k), (ytds[-1] if ytds else {})
    m = pool.minor_units
    for lic in sorted(set(now) | set(before)):
        (ytd, by_now), prev = now.get(lic, (0, {})), before.get(lic, (0, {}))[0]
        if ytd == prev:
            continue
        base: dict[str, int] = {}  # by country at the licensee's last usage invoice
        for j in range(len(ytds) - 1, -1, -1):
            if ytds[j].get(lic, (0, {}))[0] != (ytds[j - 1] if j else {}).get(lic, (0, {}))[0]:
                base = ytds[j][lic][1]
                break
        text = (f"content (usage) royalties {k.label}: year to date {format_money(ytd, m)} "
                f"less {format_money(prev, m)} invoiced")
        yield (lic, ytd - prev, ytd, prev, text,
               UsageWeights(pool, k.year, by_now, base))

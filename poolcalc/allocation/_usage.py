"""Content ("usage") royalties in a distribution: holders per usage country, audit lines.

Counting the holders per usage country, and the ``kind = usage`` lines and notes of
the audit trail.
Usage records carry a year, not a date, so a usage country's cents are attributed by
the members' pooled essential patents (or families) in force in that country on *at
least one day of the year* -- the period convention of the ``patent-count`` scheme.
A country with none in force counts the pooled patents in force anywhere in the year
instead (fallback, reported); with none anywhere it raises.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc.allocation._context import SchemeContext
from poolcalc.allocation._counting import in_force_during, member_counts
from poolcalc.errors import InvalidInputError
from poolcalc.tables import COUNTRIES, PatentTable

__all__ = [
    "UsageCounts",
    "country_usage_counts",
    "counted_usage_lines",
    "usage_counts",
    "usage_distribution_notes",
    "usage_line",
    "usage_notes",
    "with_usage_lines",
]


@attrs.frozen(eq=False)
class UsageCounts:
    """Per usage country: members' in-force essential counts over the year.

    Pooled essential patents (or families) in force on at least one day of the year in
    that country (U countries, M members).
    """

    counts: np.ndarray  # int64 (U, M)
    totals: np.ndarray  # int64 (U,)
    fallback: np.ndarray  # bool (U,): nothing in force there, counted pool-wide instead


def country_usage_counts(
    table: PatentTable, start: int, end: int, countries: np.ndarray, unit: str
) -> UsageCounts:
    """Count the pooled essential patents (or families) of each usage country over a period.

    ``counts[k, i]``: member i's pooled essential patents (``unit`` patent or family)
    in force on at least one day of ``[start, end)`` (day numbers) in
    ``countries[k]`` (codes of :data:`~poolcalc.tables.COUNTRIES`); a country with
    none counts those in force anywhere in the period instead (``fallback[k]``).
    ``totals[k]`` may be 0 (nothing in force anywhere): the caller says why that fails.
    """
    period = in_force_during(table, start, end)
    u = countries.size
    counts = np.zeros((u, len(table.members)), np.int64)
    fallback = np.zeros(u, bool)
    for k, c in enumerate(countries.tolist()):
        counts[k] = member_counts(table, period & (table.country == c), unit=unit)  # type: ignore[arg-type]
        if counts[k].sum() == 0:
            counts[k] = member_counts(table, period, unit=unit)  # type: ignore[arg-type]
            fallback[k] = True
    return UsageCounts(counts, counts.sum(axis=1), fallback)


def usage_counts(ctx: SchemeContext, unit: str) -> UsageCounts:
    """Count each usage country's in-force essential patents (or families) over the year.

    A pooled patent counts when it is in force on at least one day of ``[start, end)``
    in that country.  A country with none counts the pooled patents in force anywhere
    in the year instead (fallback, reported); with none anywhere it raises
    (:func:`country_usage_counts`).
    """
    uc = country_usage_counts(ctx.table, ctx.start, ctx.end, ctx.usage_country, unit)
    for k, c in enumerate(ctx.usage_country.tolist()):
        if uc.totals[k] == 0:
            raise InvalidInputError(
                f"usage royalties {ctx.money(int(ctx.usage_cents[k]))} in "
                f"{COUNTRIES[c]} but no pooled essential {unit} in force anywhere in "
                f"{ctx.year}; cannot attribute them to members"
            )
    return uc


def usage_notes(ctx: SchemeContext, uc: UsageCounts, unit: str) -> list[str]:
    if not uc.fallback.any():
        return []
    where = ", ".join(COUNTRIES[c] for c in ctx.usage_country[uc.fallback].tolist())
    return [
        f"usage royalties {ctx.money(int(ctx.usage_cents[uc.fallback].sum()))} in {where} "
        f"had no pooled essential {unit} in force there in {ctx.year} and were counted over "
        "all countries (fallback)"
    ]


def usage_line(ctx: SchemeContext, k: int) -> dict[str, Any]:
    return {
        "kind": "usage",
        "country": COUNTRIES[int(ctx.usage_country[k])],
        "licensees": ", ".join(ctx.usage_licensees[k]),
        "royalty": ctx.money(int(ctx.usage_cents[k])),
    }


def counted_usage_lines(
    ctx: SchemeContext, uc: UsageCounts, unit: str, i: int, part: Callable[[int], Fraction]
) -> list[dict[str, Any]]:
    out = []
    for k in range(ctx.usage_country.size):
        out.append(
            {
                **usage_line(ctx, k),
                "fallback rows": "all countries" if uc.fallback[k] else 0,
                f"member {unit}s": int(uc.counts[k, i]),
                f"total {unit}s": int(uc.totals[k]),
                "entitlement": ctx.money(part(k), 2),
            }
        )
    return out



def usage_distribution_notes(ctx: SchemeContext, how: str | None) -> list[str]:
    """One note saying how the year's content (usage) royalties were split (none: []).

    ``how`` is the scheme's clause (:attr:`SchemeOutput.usage_note`); default: as part
    of the distributable total.
    """
    if not ctx.usage_country.size:
        return []
    n_lic = len({x for lics in ctx.usage_licensees for x in lics})
    head = (
        f"collected includes content (usage) royalties {ctx.money(ctx.usage_total)} from "
        f"{n_lic} licensee(s) in {ctx.usage_country.size} country(ies); "
    )
    return [head + (how or "they are part of the distributable total split by this scheme's "
                    "shares")]


def with_usage_lines(
    ctx: SchemeContext,
    usage: Callable[[int, Fraction], list[dict[str, Any]]] | None,
    i: int,
    ent: Fraction,
    lines: list[dict[str, Any]],
    cols: tuple[str, ...],
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Tag the scheme's lines ``kind=unit`` and append one ``kind=usage`` line per country.

    ``usage(i, ent)`` gives the scheme's own usage lines; None: the member's entitlement
    pro rata to where the collected cents came from.
    """
    if usage is not None:
        u_lines = usage(i, ent)
    else:
        u_lines = [
            {
                **usage_line(ctx, k),
                "entitlement": ctx.money(ent * int(ctx.usage_cents[k]) / ctx.collected, 2),
            }
            for k in range(ctx.usage_country.size)
        ]
    extra = tuple(dict.fromkeys(c for ln in u_lines for c in ln if c != "kind" and c not in cols))
    return (
        [{"kind": "unit", **ln} for ln in lines] + u_lines,
        ("kind", *cols, *extra),
    )

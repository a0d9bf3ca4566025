"""``per-country-count``: each sales row's royalty split by patent counts in its country.

The rule of the MPEG-2-style pools: every royalty-bearing row u (royalty R(u), date
t(u), count country J(u) by the ``country`` option) is split among the members in
proportion to their pooled essential patents (``unit=family``: families) in force in
J(u) on t(u); a row with none in force there is counted in its other country
(fallback, reported).  Content (usage) royalties of a country are split by the counts
in force there on at least one day of the year.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._per_country import PerCountrySplit
from poolcalc.allocation._registry import (
    COUNTRY_OPTION,
    UNIT_OPTION,
    ExplainParts,
    Option,
    Scheme,
    register_scheme,
)
from poolcalc.allocation._split import span, split_notes, split_rows
from poolcalc.allocation._usage import (
    UsageCounts,
    counted_usage_lines,
    usage_counts,
    usage_notes,
)
from poolcalc.tables import COUNTRIES

__all__ = ["SCHEME"]


@attrs.frozen(eq=False)
class _Detail:
    split: PerCountrySplit
    usage: UsageCounts
    usage_parts: list[list[Fraction]]  # [member][usage country] exact cents of the weight
    total: Fraction


def weights(ctx: SchemeContext, opts: Mapping[str, Any]) -> SchemeOutput:
    """Weights w_i = sum_u R(u) share_i(u) + sum_c U_c n_ic / n_c, in exact cents."""
    sp = split_rows(ctx, opts)
    uc = usage_counts(ctx, opts["unit"])
    usage_parts = [
        [
            Fraction(int(ctx.usage_cents[k]) * int(uc.counts[k, i]), int(uc.totals[k]))
            for k in range(ctx.usage_country.size)
        ]
        for i in range(len(ctx.members))
    ]
    gross = [g + sum(usage_parts[i], Fraction(0)) for i, g in enumerate(sp.gross)]
    notes = split_notes(ctx, sp, opts) + usage_notes(ctx, uc, opts["unit"])
    how = (
        f"each country's usage royalty is split by the members' essential {opts['unit']}s in "
        f"force there on at least one day of {ctx.year} (usage is reported per year, not per "
        "date)"
    )
    detail = _Detail(sp, uc, usage_parts, sum(gross, Fraction(0)))
    return SchemeOutput(gross, tuple(notes), detail, usage_note=how)


def usage(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> list[dict[str, Any]]:
    """One line per usage country: member i's counted share of that country's cents."""
    d: _Detail = out.detail
    return counted_usage_lines(
        ctx, d.usage, opts["unit"], i, lambda k: ctx.to_entitlement(d.usage_parts[i][k], d.total)
    )


def explain(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> ExplainParts:
    """One line per count country: rows, royalty, counts (min-max), entitlement, patents."""
    d: _Detail = out.detail
    sp, t, unit = d.split, ctx.table, opts["unit"]
    row_country = sp.group_country[sp.row_group]
    fb_rows = np.bincount(sp.row_group[sp.fallback], minlength=sp.group_cents.size)
    lines = []
    for c in np.unique(sp.group_country):
        g = np.flatnonzero(sp.group_country == c)
        part = sum(
            (
                Fraction(int(sp.group_cents[k]) * int(sp.counts[k, i]), int(sp.totals[k]))
                for k in g
                if sp.counts[k, i]
            ),
            Fraction(0),
        )
        d_lo, d_hi = int(sp.group_day[g].min()), int(sp.group_day[g].max())
        pm = (
            (t.owner == i)
            & (t.country == c)
            & t.pooled
            & (t.granted <= d_hi)
            & (t.expires > d_lo)
        )
        lines.append(
            {
                "country": COUNTRIES[c],
                "rows": int(sp.group_rows[g].sum()),
                "fallback rows": int(fb_rows[g].sum()),
                "royalty": ctx.money(int(sp.group_cents[g].sum())),
                f"member {unit}s": span(sp.counts[g, i]),
                f"total {unit}s": span(sp.totals[g]),
                "entitlement": ctx.money(ctx.to_entitlement(part, d.total), 2),
                "patents": ctx.patent_list(pm),
                "sales lines": ctx.lines_list(ctx.sales.line[ctx.rows[row_country == c]]),
            }
        )
    cols = (
        "country",
        "rows",
        "fallback rows",
        "royalty",
        f"member {unit}s",
        f"total {unit}s",
        "entitlement",
        "patents",
        "sales lines",
    )
    basis = (
        f"Each royalty-bearing row of {ctx.year} was split by the members' counts of in-force "
        f"essential {unit}s in the country of {opts['country'].replace('_', ' ')} on the row's "
        "date (counts given as min-max over the year's row dates); entitlement = share of the "
        f"distributable {ctx.money(ctx.distributable)} after the administrator's fee."
    )
    return basis, cols, lines, list(out.notes)


SCHEME = register_scheme(
    Scheme(
        name="per-country-count",
        summary="each royalty-bearing row's royalty split by the members' in-force essential "
        "patents (or families) in the row's country on its date",
        weights=weights,
        options=(
            UNIT_OPTION,
            COUNTRY_OPTION,
            Option(
                "exact",
                "bool",
                None,
                "force exact rational arithmetic (default: exact when small enough, else "
                "float64 with error < 1e-9 cent per member)",
                nullable=True,
            ),
        ),
        explain=explain,
        usage=usage,
        formula=(
            "share_i(u) = n_i(J(u), t(u)) / sum_j n_j(J(u), t(u)), with n_i(J, t) member i's "
            "pooled essential patents (or families) in force in country J on date t and J(u) "
            "the row's count country;\n"
            "w_i = sum_u R(u) share_i(u) + sum_c U_c n_ic / n_c  (U_c: content royalties of "
            "country c, counted over the year);\n"
            "payout_i = D w_i / sum_j w_j  (D: collected minus the administrator's fee)."
        ),
        per_country=True,
        compare_default=True,
        references=(
            "US Department of Justice, Antitrust Division, business review letter on the "
            "MPEG-2 patent portfolio licence (Klein to Beeney), 26 June 1997 "
            "(royalties allocated pro rata by patent count per country).",
            "US Department of Justice, Antitrust Division, business review letters on the "
            "DVD 3C (16 December 1998) and DVD 6C (10 June 1999) patent pools.",
        ),
    )
)

"""Per-country counting shared by the schemes that split row by row.

The year's royalty-bearing rows are split by :func:`~poolcalc.allocation.per_country_split`
(each row's royalty by the members' in-force essential patents or families in the
row's count country on its date); ``per-country-count`` pays the result, the pool game
(``shapley``, ``nucleolus``) takes its groups as carriers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from poolcalc.allocation._context import SchemeContext
from poolcalc.allocation._per_country import PerCountrySplit, per_country_split

__all__ = ["span", "split_notes", "split_rows"]


def span(a: np.ndarray) -> str:
    """Return ``"lo-hi"`` of an integer array (``"lo"`` when constant, ``"0"`` when empty)."""
    if a.size == 0:
        return "0"
    lo, hi = int(a.min()), int(a.max())
    return str(lo) if lo == hi else f"{lo}-{hi}"


def split_rows(ctx: SchemeContext, opts: Mapping[str, Any]) -> PerCountrySplit:
    """Split the context's rows per country (options ``country``, ``unit``, ``exact``)."""
    s = ctx.sales
    r = ctx.rows
    return per_country_split(
        ctx.cents,
        s.country_of_sale[r],
        s.country_of_manufacture[r],
        s.date[r],
        ctx.table,
        country=opts["country"],
        unit=opts["unit"],
        exact=opts.get("exact"),
    )


def split_notes(ctx: SchemeContext, sp: PerCountrySplit, opts: Mapping[str, Any]) -> list[str]:
    """Return the notes on a split: rows counted in their other country, float64 sums."""
    notes = []
    if sp.fallback.any():
        other = "sale" if opts["country"] == "manufacture" else "manufacture"
        notes.append(
            f"{int(sp.fallback.sum())} row(s) ({ctx.money(int(ctx.cents[sp.fallback].sum()))}) "
            "had no pooled "
            f"essential {opts['unit']} in force in their "
            f"{'manufacture' if other == 'sale' else 'sale'} country "
            f"on their date and were counted in the country of {other} (fallback)"
        )
    if not sp.exact:
        notes.append(
            "fractional cents summed in float64 (error < 1e-9 cent per member); pass exact=true "
            "to force exact"
        )
    return notes


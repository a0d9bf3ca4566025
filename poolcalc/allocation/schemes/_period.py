"""Shared kernel of the period-count schemes: what each member holds during the year.

Used by ``patent-count``, ``family-count`` and ``value-weighted``.
A pooled (evaluated essential, not invalid) patent counts for the year when it is in
force on at least one day of it: ``granted < end`` and ``expires > start`` for the
year ``[start, end)`` (a patent is in force on day d iff ``granted <= d < expires``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._registry import ExplainParts
from poolcalc.tables import COUNTRIES

__all__ = ["LAYNE_FARRAR_2007", "MPEG2_LETTER_1997", "count_explain", "count_weights"]

#: References shared by the counting schemes.
MPEG2_LETTER_1997 = (
    "US Department of Justice, Antitrust Division, business review letter on the MPEG-2 "
    "patent portfolio licence (Klein to Beeney), 26 June 1997."
)
LAYNE_FARRAR_2007 = (
    "Layne-Farrar, A., Padilla, J. and Schmalensee, R., \"Pricing patents for licensing "
    "in standard-setting organizations: making sense of FRAND commitments\", Antitrust Law "
    "Journal 74 (2007) 671."
)

_WHAT = {
    "patent": "essential patents",
    "family": "essential families",
    "weight": "value weights of in-force essential patents",
}


def count_weights(
    unit: Literal["patent", "family", "weight"],
) -> Callable[[SchemeContext, Mapping[str, Any]], SchemeOutput]:
    """Return the kernel w_i = member i's in-force essential ``unit`` count in the year."""

    def weights(ctx: SchemeContext, opts: Mapping[str, Any]) -> SchemeOutput:
        counts = ctx.member_counts(unit)
        w = [Fraction(float(c)) if unit == "weight" else Fraction(int(c)) for c in counts]
        return SchemeOutput(w)

    return weights


def count_explain(
    unit: Literal["patent", "family", "weight"],
) -> Callable[[SchemeContext, Mapping[str, Any], SchemeOutput, int, Fraction], ExplainParts]:
    """Return the explain function: one line per country of the member's counted patents."""

    def explain(
        ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
    ) -> ExplainParts:
        t = ctx.table
        total_w = sum(out.weights, Fraction(0))
        pm = ctx.in_force() & (t.owner == i)
        lines = []
        for c in np.unique(t.country[pm]):
            sel = pm & (t.country == c)
            lines.append(
                {
                    "country": COUNTRIES[c],
                    "patents": int(sel.sum()),
                    "families": int(np.unique(t.family[sel]).size),
                    "weight": f"{float(t.weight[sel].sum()):g}",
                    "ids": ctx.patent_list(sel),
                }
            )
        basis = (
            f"share = member's {_WHAT[unit]} in force at some time in {ctx.year} / all "
            f"members' = {out.weights[i]} / {total_w} of the distributable "
            f"{ctx.money(ctx.distributable)}."
        )
        return basis, ("country", "patents", "families", "weight", "ids"), lines, []

    return explain

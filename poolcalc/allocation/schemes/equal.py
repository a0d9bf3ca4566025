"""``equal``: the year's distributable total in equal parts.

Among the members holding a pooled essential patent in force during the year
(``among=holders``, default) or among all members (``among=all``).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._registry import ExplainParts, Option, Scheme, register_scheme

__all__ = ["SCHEME"]


def weights(ctx: SchemeContext, opts: Mapping[str, Any]) -> SchemeOutput:
    """w_i = 1 for each member taking part, else 0."""
    counts = ctx.member_counts("patent")
    take = np.ones(len(ctx.members), bool) if opts["among"] == "all" else counts > 0
    return SchemeOutput([Fraction(int(x)) for x in take], detail=take)


def explain(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> ExplainParts:
    """Who shares, and whether member i is one of them."""
    take = out.detail
    who = (
        "members"
        if opts["among"] == "all"
        else f"members holding an essential patent in force in {ctx.year}"
    )
    basis = (
        f"equal split among the {int(take.sum())} {who}; this member is "
        f"{'one of them' if take[i] else 'not one of them (no in-force essential patent)'}."
    )
    return basis, (), [], []


SCHEME = register_scheme(
    Scheme(
        name="equal",
        summary="equal parts among the members holding an in-force essential patent (or all "
        "members)",
        weights=weights,
        options=(
            Option(
                "among",
                "str",
                "holders",
                "members holding an essential patent in force during the year, or all members",
                choices=("holders", "all"),
            ),
        ),
        explain=explain,
        formula=(
            "w_i = 1 if member i takes part (holds a pooled essential patent in force during "
            "the year; among=all: every member), else 0;\n"
            "payout_i = D w_i / sum_j w_j."
        ),
        compare_default=True,
        references=(
            "Shapley, L. S., \"A value for n-person games\", in Contributions to the Theory of "
            "Games II, Annals of Mathematics Studies 28, Princeton University Press, 1953 (for "
            "pure complements, v(S) = V iff S = N, the Shapley value is the equal split).",
        ),
    )
)

"""``shapley``: the Shapley value of the pool game, by its closed form.

v(S) = sum_T R_T [T subset of S] with T the members holding an in-force essential
patent in the count country of some royalty-bearing rows on their date and R_T the
royalty of those rows (after the fee); phi_i = sum_{T containing i} R_T / |T|, exact
for any number of members.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._game_build import build_pool_game
from poolcalc.allocation._registry import ExplainParts, Scheme, register_scheme
from poolcalc.allocation.schemes._game import (
    DEHEZ_POUKENS_2014,
    GAME_COLUMNS,
    GAME_OPTIONS,
    SHAPLEY_1953,
    carrier_lines,
    game_output,
    game_text,
    shapley_usage_part,
    usage_lines,
)

__all__ = ["SCHEME"]


def weights(ctx: SchemeContext, opts: Mapping[str, Any]) -> SchemeOutput:
    """w_i = phi_i = sum_{T containing i} R_T / |T| (exact fractions)."""
    game = build_pool_game(ctx, opts, ctx.distributable)
    return game_output(ctx, opts, game, list(game.game.shapley(exact=True)))


def usage(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> list[dict[str, Any]]:
    """Usage lines: the usage carrier T_c pays R_c / |T_c| to each of its holders."""
    return usage_lines(
        ctx, opts, out, i, lambda k: shapley_usage_part(ctx, opts, out.detail, i, k)
    )


def explain(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> ExplainParts:
    """One line per carrier containing member i."""
    basis = (
        f"Shapley value of the pool game {game_text(opts)}: "
        "phi_i = sum over carriers T containing i of R_T/|T|."
    )
    return basis, GAME_COLUMNS, carrier_lines(ctx, out.detail, i), list(out.notes)


SCHEME = register_scheme(
    Scheme(
        name="shapley",
        summary="the Shapley value of the pool game (closed form over its carriers)",
        weights=weights,
        options=GAME_OPTIONS,
        explain=explain,
        usage=usage,
        formula=(
            "v(S) = sum_T R_T [T subset of S]  (T: holders of an in-force essential patent in "
            "the count country of a row on its date; R_T: royalty of those rows after the fee; "
            "usage royalties of country c join the carrier of the holders in c during the "
            "year);\n"
            "phi_i = sum_{T containing i} R_T / |T|;  payout_i = phi_i.\n"
            "value_added > 0: each in-force non_essential patent j adds a carrier (every "
            "essential holder plus j's owner) worth value_added D w_j / sum_k w_k."
        ),
        per_country=True,
        compare_default=True,
        references=(SHAPLEY_1953, DEHEZ_POUKENS_2014),
    )
)

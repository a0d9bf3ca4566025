"""``nucleolus``: the nucleolus of the pool game, by sequential linear programmes.

The same game as ``shapley``; the nucleolus lexicographically minimises the sorted
excesses v(S) - x(S) and lies in the (non-empty) core of this convex game.  Solved
for up to 24 members holding patents.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._game_build import build_pool_game
from poolcalc.allocation._registry import ExplainParts, Scheme, register_scheme
from poolcalc.allocation.schemes._game import (
    GAME_COLUMNS,
    GAME_OPTIONS,
    SHAPLEY_1953,
    carrier_lines,
    game_output,
    game_text,
    usage_lines,
)
from poolcalc.errors import InvalidInputError
from poolcalc.games import NUCLEOLUS_MAX_PLAYERS

__all__ = ["SCHEME"]


def weights(ctx: SchemeContext, opts: Mapping[str, Any]) -> SchemeOutput:
    """w_i = x_i, the nucleolus payoff (float64 LP solution, clipped at 0)."""
    game = build_pool_game(ctx, opts, ctx.distributable)
    holders = game.game.active_players().size
    if holders > NUCLEOLUS_MAX_PLAYERS:
        raise InvalidInputError(
            f"nucleolus enumerates 2**n coalitions: {holders} members hold in-force "
            f"patents, at most {NUCLEOLUS_MAX_PLAYERS} supported; use scheme shapley instead"
        )
    x = game.game.nucleolus()
    return game_output(ctx, opts, game, [Fraction(float(max(v, 0.0))) for v in x])


def usage(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> list[dict[str, Any]]:
    """Usage lines: the nucleolus has no per-carrier split, so pro rata to the cents."""
    return usage_lines(ctx, opts, out, i, lambda k: ent * int(ctx.usage_cents[k]) / ctx.collected)


def explain(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> ExplainParts:
    """One line per carrier containing member i."""
    basis = (
        f"nucleolus (Schmeidler) of the pool game {game_text(opts)}, by sequential LPs; the "
        f"carriers containing this member are listed, its nucleolus payoff is "
        f"{ctx.money(ent, 2)}."
    )
    return basis, GAME_COLUMNS, carrier_lines(ctx, out.detail, i), list(out.notes)


SCHEME = register_scheme(
    Scheme(
        name="nucleolus",
        summary="the nucleolus of the pool game (sequential LPs, up to 24 members holding "
        "patents)",
        weights=weights,
        options=GAME_OPTIONS,
        explain=explain,
        usage=usage,
        formula=(
            "the pool game v of shapley; excess e(S, x) = v(S) - sum_{i in S} x_i;\n"
            "x = the payoff with sum_i x_i = v(N) that lexicographically minimises the "
            "excesses sorted in decreasing order;  payout_i = x_i."
        ),
        per_country=True,
        compare_default=False,
        references=(
            "Schmeidler, D., \"The nucleolus of a characteristic function game\", SIAM Journal "
            "on Applied Mathematics 17(6) (1969) 1163-1170.",
            SHAPLEY_1953,
        ),
    )
)

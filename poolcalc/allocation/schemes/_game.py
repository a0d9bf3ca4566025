"""Shared parts of the pool-game schemes (``shapley``, ``nucleolus``).

The game's options, notes, usage lines and audit trail (one line per carrier).

The pool game of a year is v(S) = sum_T R_T [T subset of S] (a non-negative sum of
unanimity games, see :mod:`poolcalc.allocation._pool_game`), with worths adding up to
the distributable total.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._game_build import PoolGame
from poolcalc.allocation._registry import COUNTRY_OPTION, UNIT_OPTION, Option
from poolcalc.allocation._rounding import exact_fraction
from poolcalc.allocation._split import split_notes
from poolcalc.allocation._usage import counted_usage_lines, usage_notes

__all__ = [
    "DEHEZ_POUKENS_2014",
    "GAME_COLUMNS",
    "GAME_OPTIONS",
    "SHAPLEY_1953",
    "carrier_lines",
    "game_output",
    "game_text",
]

SHAPLEY_1953 = (
    "Shapley, L. S., \"A value for n-person games\", in Contributions to the Theory of Games "
    "II, Annals of Mathematics Studies 28, Princeton University Press, 1953, 307-317."
)
DEHEZ_POUKENS_2014 = (
    "Dehez, P. and Poukens, S., \"The Shapley value as a guide to FRAND licensing "
    "agreements\", Review of Law & Economics 10 (2014) 265-284 (value-added patents)."
)

#: Options of both game schemes.
GAME_OPTIONS = (
    UNIT_OPTION,
    COUNTRY_OPTION,
    Option(
        "value_added",
        "float",
        0.0,
        "share of the total paid to value-added (non_essential, weighted) patents: each adds a "
        "carrier of every essential holder plus its owner",
        low=0,
        high=1,
        high_open=True,
    ),
)
GAME_COLUMNS = ("carrier", "holders", "size", "worth R_T", "R_T/|T|")


def game_output(
    ctx: SchemeContext, opts: Mapping[str, Any], game: PoolGame, weights: list[Fraction]
) -> SchemeOutput:
    """Wrap a solution of the pool game: notes (fallback rows, usage) and the usage clause."""
    notes = [n for n in split_notes(ctx, game.split, opts) if "fallback" in n]
    notes += usage_notes(ctx, game.usage, opts["unit"])
    how = (
        f"each country's usage royalty R_c joins the pool game as a carrier: the members "
        f"holding an essential {opts['unit']} in force there on at least one day of {ctx.year}"
    )
    return SchemeOutput(list(weights), tuple(notes), game, usage_note=how)


def usage_lines(
    ctx: SchemeContext,
    opts: Mapping[str, Any],
    out: SchemeOutput,
    i: int,
    part: Any,
) -> list[dict[str, Any]]:
    """Return member i's counted usage lines, ``part(k)`` its entitlement in country k."""
    return counted_usage_lines(ctx, out.detail.usage, opts["unit"], i, part)


def shapley_usage_part(
    ctx: SchemeContext, opts: Mapping[str, Any], game: PoolGame, i: int, k: int
) -> Fraction:
    """Shapley: the usage carrier T_c of country k pays R_c / |T_c| to each holder."""
    uc = game.usage
    if not uc.counts[k, i]:
        return Fraction(0)
    va = exact_fraction(opts["value_added"], "value_added")
    size = int((uc.counts[k] > 0).sum())
    return (
        Fraction(int(ctx.usage_cents[k])) * (1 - va) * ctx.distributable / ctx.collected / size
    )


def carrier_lines(ctx: SchemeContext, game: PoolGame, i: int) -> list[dict[str, Any]]:
    """One line per carrier T containing member i: holders, size, R_T and R_T/|T|."""
    lines = []
    for k in (game.carriers[:, i]).nonzero()[0]:
        holders = [ctx.members[j] for j in game.carriers[k].nonzero()[0]]
        kind = (
            "essential"
            if k < game.n_essential
            else f"value-added {ctx.table.ids[game.value_added[k - game.n_essential]]}"
        )
        lines.append(
            {
                "carrier": kind,
                "holders": ", ".join(holders[:12]) + (" ..." if len(holders) > 12 else ""),
                "size": len(holders),
                "worth R_T": ctx.money(game.worth[k], 2),
                "R_T/|T|": ctx.money(game.worth[k] / len(holders), 2),
            }
        )
    return lines


def game_text(opts: Mapping[str, Any]) -> str:
    """Return the pool game in words, for the audit trail's basis."""
    return (
        "v(S) = sum_T R_T [T subset of S], T = members holding an in-force essential patent "
        f"in the count country ({opts['country']}) on a row's date, R_T the (post-fee) "
        "royalty of those rows"
    )

"""The pool game of a year, built from the context: carriers and exact worths.

Used by the ``shapley`` and ``nucleolus`` schemes (worths adding up to the
distributable total) and by :func:`poolcalc.allocation.pool_game` (the collected
total).  The game itself is defined in :mod:`poolcalc.allocation._pool_game`.

References
----------
Dehez, P. and Poukens, S., "The Shapley value as a guide to FRAND licensing
agreements", Review of Law & Economics 10 (2014) 265-284 (value-added patents).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc.allocation._context import SchemeContext
from poolcalc.allocation._per_country import PerCountrySplit
from poolcalc.allocation._pool_game import add_value_added, pool_game_carriers
from poolcalc.allocation._rounding import exact_fraction
from poolcalc.allocation._split import split_rows
from poolcalc.allocation._usage import UsageCounts, usage_counts
from poolcalc.errors import InvalidInputError
from poolcalc.games import UnanimityGame
from poolcalc.tables import STATUSES

__all__ = ["PoolGame", "build_pool_game"]

_NON_ESSENTIAL_CODE = [s.value for s in STATUSES].index("non_essential")


@attrs.frozen(eq=False)
class PoolGame:
    """The pool game of a year: carriers, exact worths and where they came from."""

    carriers: np.ndarray  # bool (K, M): essential carriers first, then value-added ones
    worth: list[Fraction]  # R_T for each carrier
    n_essential: int  # carriers[:n_essential] are the essential holder sets
    value_added: np.ndarray  # patent-table rows of the value-added patents (carriers after)
    split: PerCountrySplit
    usage: UsageCounts  # usage countries' holder counts (their R_c joined the carriers)
    game: UnanimityGame  # v(S) = sum_T R_T [T subset of S] on the members


def build_pool_game(ctx: SchemeContext, opts: Mapping[str, Any], total: int | Fraction) -> PoolGame:
    """Pool game whose worths add up to ``total`` (distributable or collected cents).

    Essential carriers T (per-country groups, :func:`pool_game_carriers`) are worth
    ``R_T (1 - value_added) total / collected``; with ``value_added > 0`` each in-force
    non-essential patent j adds a carrier (all essential holders plus its owner)
    worth ``value_added * total * w_j / sum w`` (Dehez and Poukens 2014).
    """
    sp = split_rows(ctx, {**opts, "exact": False})
    uc = usage_counts(ctx, opts["unit"])
    if ctx.usage_country.size:  # usage royalty R_c of country c: holders over the year there
        carriers, worth_c = pool_game_carriers(
            np.concatenate([sp.counts, uc.counts]),
            np.concatenate([sp.group_cents, ctx.usage_cents]),
        )
    else:
        carriers, worth_c = pool_game_carriers(sp.counts, sp.group_cents)
    va = exact_fraction(opts["value_added"], "value_added")
    worth: list[Fraction] = [Fraction(int(w)) * (1 - va) * total / ctx.collected for w in worth_c]
    n_ess = carriers.shape[0]
    va_idx = np.zeros(0, np.int64)
    if va > 0:
        t = ctx.table
        va_idx = np.flatnonzero(ctx.in_force(status=_NON_ESSENTIAL_CODE))
        wts = [Fraction(float(x)) for x in t.weight[va_idx]]
        if not va_idx.size or sum(wts, Fraction(0)) == 0:
            raise InvalidInputError(
                f"value_added={opts['value_added']} but no non_essential (value-added) patent "
                "with weight > 0 "
                f"is in force in {ctx.year}"
            )
        tw = sum(wts, Fraction(0))
        carriers, worth = add_value_added(
            carriers, worth, t.owner[va_idx], [va * total * w / tw for w in wts]
        )
    game = UnanimityGame(carriers, worth, names=ctx.members)
    return PoolGame(carriers, worth, n_ess, va_idx, sp, uc, game)


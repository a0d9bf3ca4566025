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
from poolcalc.allocation._count_sweep import CountSweep
from poolcalc.allocation._per_country import PerCountrySplit
from poolcalc.allocation._pool_game import add_value_added, packed_carriers
from poolcalc.allocation._rounding import exact_fraction
from poolcalc.allocation._split import split_rows
from poolcalc.allocation._usage import UsageCounts, usage_counts
from poolcalc.errors import InvalidInputError
from poolcalc.games import UnanimityGame
from poolcalc.tables import STATUSES

__all__ = ["PoolGame", "build_pool_game", "held_sets"]

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
    collected_worth: np.ndarray  # int64 R_T of the essential carriers before scaling [cents]

    def collected_game(self) -> UnanimityGame:
        """Return the essential game on the collected worths: ``carriers[:n_essential]``, R_T.

        The game :func:`poolcalc.allocation.pool_game` returns for the same ``country``
        and ``unit`` (worths before the fee and the value-added share, which only scale
        the essential worths by ``(1 - value_added) total / collected``).
        """
        return UnanimityGame(
            self.carriers[: self.n_essential], self.collected_worth, names=self.game.names
        )


def build_pool_game(ctx: SchemeContext, opts: Mapping[str, Any], total: int | Fraction) -> PoolGame:
    """Pool game whose worths add up to ``total`` (distributable or collected cents).

    Essential carriers T (per-country groups, :func:`pool_game_carriers`) are worth
    ``R_T (1 - value_added) total / collected``; with ``value_added > 0`` each in-force
    non-essential patent j adds a carrier (all essential holders plus its owner)
    worth ``value_added * total * w_j / sum w`` (Dehez and Poukens 2014).
    """
    sp = split_rows(ctx, {**opts, "exact": False})
    uc = usage_counts(ctx, opts["unit"])
    n_m = len(ctx.members)
    held = held_sets(sp.pieces, n_m)
    if ctx.usage_country.size:  # usage royalty R_c of country c: holders over the year there
        carriers, worth_c = packed_carriers(
            np.concatenate([held, np.packbits(uc.counts > 0, axis=1)]),
            np.concatenate([sp.group_cents, ctx.usage_cents]),
            n_m,
        )
    else:
        carriers, worth_c = packed_carriers(held, sp.group_cents, n_m)
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
    return PoolGame(carriers, worth, n_ess, va_idx, sp, uc, game, worth_c)


def held_sets(pieces: tuple[tuple[CountSweep, np.ndarray | None], ...], n_m: int) -> np.ndarray:
    """Holder sets of the groups, ``np.packbits(counts > 0, axis=1)``, from the sweeps' events.

    Equal to packing :attr:`PerCountrySplit.counts` without building that (G, M) table
    (7 x 10^7 int64 cells for 10^3 members): per owner, the count changes only at its
    events, so its bit flips only where the count crosses zero.  The flips of each row
    are XORed into a (rows, M / 8) byte table and accumulated down the rows (XOR
    prefix), in O(E log E + G M / 64) for E events.
    """
    width = -(-n_m // 8)
    out = [np.zeros((0, width), np.uint8)]
    for sw, keep in pieces:
        n_q = sw.n_q
        bits = np.zeros((n_q + 1, -(-width // 8) * 8), np.uint8)  # rows of whole words
        if sw.row.size:
            # events by (owner, row), the sign packed in the lowest bit: one sort, no
            # gathers (any order within a key: its signs are summed)
            packed = np.sort((sw.owner.astype(np.int64) * (n_q + 1) + sw.row) * 2
                             + (sw.sign > 0))
            key = packed >> 1
            first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
            owner, row = key[first] // (n_q + 1), key[first] % (n_q + 1)
            cum = np.cumsum(np.add.reduceat((packed & 1) * 2 - 1, first))
            start = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # owner by owner
            offset = np.r_[0, cum[start[1:] - 1]]
            after = cum - np.repeat(offset, np.diff(np.r_[start, cum.size])) > 0
            before = np.r_[False, after[:-1]]
            before[start] = False
            flip = after != before
            owner, row = owner[flip], row[flip]
            bits.reshape(-1)[:] = np.bincount(  # distinct owners of a byte: distinct bits
                row * bits.shape[1] + owner // 8,
                weights=(128 >> (owner % 8)).astype(np.float64),
                minlength=bits.size,
            ).astype(np.uint8)
        held = np.bitwise_xor.accumulate(bits.view(np.uint64), axis=0).view(np.uint8)
        held = held[:n_q, :width]
        out.append(held if keep is None else held[keep])
    return out[1] if len(out) == 2 else np.concatenate(out)

r"""Stage 5, status and chain-level discounts.

``s2_i = (1 - d_l) s1_i`` with the licensee's combined fraction ``d_l``: good
standing ``d1``, early signing ``d2`` (signed on or before ``early_signing_by``)
and the chain-level discount ``d3 = discounts.chain_level[Licensee.chain_level]``
(preferential licensing along the industry chain in industrialization), combined
under the pool's rule::

    max:            d_l = max(d1, d2, d3)                (HEVC Advance: non-additive)
    additive:       d_l = min(1, d1 + d2 + d3)
    multiplicative: d_l = 1 - (1 - d1)(1 - d2)(1 - d3)

Named discounts (``discounts.named``, HEVC Advance In-Compliance and logo) add
``d4, d5, ...``: discount k's fraction for the licensees meeting its own
``eligible``, 0 for the others, combined with d1-d3 under the same rule.
A licensee that does not meet ``discounts.eligible`` (when set) gets none:
``d_l = 0`` (HEVC Advance, December 2015: licensees signing after the first 12
months pay standard rates).  ``s1 - s2`` is the invoice's discount.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
Access Advance, HEVC Advance FAQ (In-Compliance and logo discounts, separate and
non-additive), accessadvance.com/faq/.  FOSS Patents, July 2022 (Sisvel Wi-Fi 6:
US$0.60 per unit, US$0.50 for licensees in good standing),
fosspatents.com/2022/07/sisvel-announces-wifi-6-pool-with.html.  FOSS Patents, July
2022 (Avanci 4G: US$15 if signed by 31 August 2022, US$20 after),
fosspatents.com/2022/07/automakers-get-final-boarding-call-from.html.  Wang Shan-shan, Wang Hong-qi,
Deng Jing-fei, "Research on the technology standardization process and government
supporting tactics of industrial alliance", section 3.1(2) (preferential licensing
along the industry chain).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError
from poolcalc.royalties.stages._run import Level, Run, Stage, eligible_licensees

__all__ = ["STAGE", "discount_fractions"]

_NO_DATE = np.iinfo(np.int32).min
_EPOCH = _dt.date(1970, 1, 1)


class DiscountTerms(Protocol):
    """What the discount stage reads from the schedule."""

    discounts: Any


@checked_args
def discount_fractions(
    schedule: DiscountTerms,
    good_standing: np.ndarray,
    signed_day: np.ndarray,
    chain_level: np.ndarray | None = None,
) -> np.ndarray:
    """Return the combined status discount per licensee (vector form of ``Discounts.fraction``).

    Parameters
    ----------
    schedule : Schedule
        Read for ``schedule.discounts`` (``good_standing``, ``early_signing``,
        ``early_signing_by``, ``combine``, ``chain_level``).
    good_standing : ndarray of bool, shape (L,)
    signed_day : ndarray of int, shape (L,)
        Signature dates as day numbers; ``poolcalc.tables.NO_DATE`` when unknown.
    chain_level : ndarray of str, shape (L,), optional
        Industry-chain level of each licensee (``"terminal"``, ...), ``""`` when
        none; default none for all.

    Returns
    -------
    ndarray of float64, shape (L,)
        ``max(d1, d2, d3)``, ``min(1, d1 + d2 + d3)`` or
        ``1 - (1 - d1)(1 - d2)(1 - d3)`` by ``schedule.discounts.combine``, with d1
        good standing, d2 early signing and d3 the chain-level discount.

    References
    ----------
    Access Advance, HEVC Advance FAQ (In-Compliance and logo discounts, separate and
    non-additive), accessadvance.com/faq/.  Avanci, 4G and 5G vehicle programme
    early-signing rates, reported by FOSS Patents, 2022-07 and 2023-08.  Sisvel, Wi-Fi 6
    pool rates for licensees in good standing, FOSS Patents, 2022-07.

    Examples
    --------
    >>> import numpy as np
    >>> from poolcalc.model import Discounts, Schedule
    >>> sched = Schedule(discounts=Discounts(good_standing=0.1))
    >>> discount_fractions(sched, np.array([True, False]), np.array([0, 0])).tolist()
    [0.1, 0.0]
    """
    disc = schedule.discounts
    gs = np.asarray(good_standing, dtype=bool)
    signed = np.asarray(signed_day, dtype=np.int64)
    d1 = np.where(gs, disc.good_standing, 0.0)
    if disc.early_signing_by is not None:
        by = (disc.early_signing_by - _EPOCH).days
        early = (signed != _NO_DATE) & (signed <= by)
    else:
        early = np.zeros(signed.shape, dtype=bool)
    d2 = np.where(early, disc.early_signing, 0.0)
    d3 = np.zeros(gs.shape, np.float64)
    if chain_level is not None and disc.chain_level:
        levels = np.asarray(chain_level).astype(str)
        if levels.shape != gs.shape:
            raise InvalidInputError(
                f"chain_level must have shape {gs.shape} (one per licensee), got {levels.shape}"
            )
        for level, frac in disc.chain_level.items():
            d3[levels == str(level)] = frac
    mode = str(disc.combine)
    if mode == "max":
        return np.maximum(np.maximum(d1, d2), d3)
    if mode == "additive":
        return np.minimum(1.0, d1 + d2 + d3)
    return 1.0 - (1.0 - d1) * (1.0 - d2) * (1.0 - d3)


def _combine(mode: str, d: np.ndarray, dk: np.ndarray) -> np.ndarray:
    """Add discount ``dk`` to the combined ``d`` under ``mode`` (associative, so in any order)."""
    if mode == "max":
        return np.maximum(d, dk)
    if mode == "additive":
        return np.minimum(1.0, d + dk)
    return 1.0 - (1.0 - d) * (1.0 - dk)


def _apply(run: Run, terms: DiscountTerms) -> Run:
    d = discount_fractions(terms, run.good_standing, run.signed_day, run.chain_level)
    mode = str(terms.discounts.combine)
    for nd in getattr(terms.discounts, "named", {}).values():
        d = _combine(mode, d, np.where(eligible_licensees(run, nd.eligible), nd.fraction, 0.0))
    d = np.where(eligible_licensees(run, terms.discounts.eligible), d, 0.0)
    s1 = run.levels[-1].amount
    exact = _exact_discounted(run.levels[-1].exact, d[run.lic])
    return run.add_level(Level(s1 * (1.0 - d[run.lic]), "discount", exact=exact))


def _exact_fraction(d: float) -> Fraction:
    """Return a combined discount as the decimal it is (held to 1e-12).

    Each discount is a decimal of a few digits (0.1, 0.25) and the combined one a max,
    sum or product of two or three of them, so its exact value has at most 12
    decimals; the float64 (``1 - 0.9 * 0.8 = 0.27999999999999997``) is that value to
    within 1e-16.
    """
    return Fraction(round(d * 10**12), 10**12)


def _exact_discounted(previous: Callable[[np.ndarray], list[Fraction] | None] | None,
                      d_row: np.ndarray) -> Callable[[np.ndarray], list[Fraction] | None] | None:
    """``Level.exact`` of the discounted level: ``s2_i = (1 - d_l) s1_i`` exactly."""
    if previous is None:
        return None

    def exact(rows: np.ndarray) -> list[Fraction] | None:
        s1 = previous(rows)
        if s1 is None:
            return None
        return [x * (1 - _exact_fraction(f)) for x, f in zip(s1, d_row[rows].tolist(),
                                                              strict=True)]

    return exact


#: Stage 5 of the engine.
STAGE = Stage("status and chain-level discounts", _apply)

r"""Stage 7, credits: the annual money waiver per enterprise.

An enterprise owing less than the waiver W (``Schedule.free_amount``, HEVC
Advance: US$25,000 per year) owes nothing, and above it owes the excess; the
reduction is spread over its rows pro rata::

    s4_i = s3_i * max(0, S3_e - W) / S3_e          (S3_e = sum_{i in e} s3_i)

In whole cents ``E4 = max(0, E3 - W)``.  That is the *credit* reading
(``Schedule.free_amount_rule = "credit"``, the default: Streaming Media calls it "a
royalty credit of $25,000").  The *threshold* reading (``"threshold"``: "Entities
owing royalties of less than $25,000 annually ... do not need to execute a License
Agreement", ngcodec.com) waives all or nothing::

    s4_i = s3_i if E3 >= W else 0                  (E3 = S3_e rounded half up)
    E4 = E3 if E3 >= W else 0

so owing US$40,000 pays US$40,000 (credit: US$15,000).  ``s3 - s4`` is part of the
invoice's allowance.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
HEVC Advance royalty schedule revised in December 2015 (US$25,000 annual royalty
waiver), as reported by streaminglearningcenter.com/codecs/hevc-advance-releases-
revised-licensing-terms.html ("a royalty credit of $25,000"), maghrebstar.com
(22 December 2015), ngcodec.com (19 December 2015: "Entities owing royalties of less
than $25,000 annually ... do not need to execute a License Agreement") and Rethink
Technology Research, rethinkresearch.biz (7 January 2016).
"""

from __future__ import annotations

import math
from functools import partial
from typing import Protocol

import numpy as np

from poolcalc._money import EXACT_BOUND, clip_limit
from poolcalc.royalties.stages._run import Level, Run, Stage, money_cents

__all__ = ["STAGE", "threshold_amounts", "waived_amounts"]


class WaiverTerms(Protocol):
    """What the waiver stage reads from the schedule."""

    free_amount: float
    free_amount_rule: str


def waived_amounts(s3: np.ndarray, el: np.ndarray, n_ent: int, waiver: float) -> np.ndarray:
    """Spread each enterprise's waiver over its rows pro rata (module docstring).

    Parameters
    ----------
    s3 : ndarray of float64, shape (n,)
        Amount per row after caps [minor units].
    el : ndarray of int64, shape (n,)
        Enterprise of each row (``0..n_ent-1``).
    n_ent : int
    waiver : float
        Waiver per enterprise [minor units].

    Returns
    -------
    ndarray of float64, shape (n,)

    Examples
    --------
    An enterprise owing 3,000,000 cents with a 2,500,000-cent waiver (US$25,000)
    keeps one sixth of each row:

    >>> waived_amounts(np.array([1_200_000.0, 1_800_000.0]), np.array([0, 0]), 1,
    ...                2_500_000.0).tolist()
    [200000.0, 300000.0]
    """
    z_e = np.bincount(el, s3, minlength=n_ent)
    keep = np.divide(np.maximum(z_e - waiver, 0.0), z_e, out=np.zeros_like(z_e), where=z_e > 0)
    return s3 * keep[el]


def _settle(waiver: float, previous: np.ndarray, rounded: np.ndarray) -> np.ndarray:
    """``E4 = max(0, E3 - W)`` in whole cents (the level's own sum is not used).

    An infinite waiver waives everything (``W`` is clipped to the exact bound, which
    no enterprise total exceeds).
    """
    return np.maximum(previous - int(clip_limit(waiver) if math.isfinite(waiver)
                                     else EXACT_BOUND), 0)


def _settle_threshold(waiver: float, previous: np.ndarray, rounded: np.ndarray) -> np.ndarray:
    """``E4 = E3 if E3 >= W else 0`` in whole cents."""
    return np.where(previous >= waiver, previous, 0)


def threshold_amounts(s3: np.ndarray, el: np.ndarray, n_ent: int, waiver: float) -> np.ndarray:
    """Rows of enterprises whose rounded total reaches ``waiver`` keep ``s3``; others 0."""
    z_e = np.bincount(el, s3, minlength=n_ent)
    keep = np.floor(z_e + 0.5) >= waiver
    return np.where(keep[el], s3, 0.0)


def _apply(run: Run, terms: WaiverTerms) -> Run:
    assert run.groups is not None
    waiver = money_cents(terms.free_amount, run.minor_units)
    s3 = run.levels[-1].amount
    if str(getattr(terms, "free_amount_rule", "credit")) == "threshold":
        s4 = threshold_amounts(s3, run.groups.el, run.groups.n_ent, waiver)
        return run.add_level(Level(s4, "allowance", partial(_settle_threshold, waiver)))
    s4 = waived_amounts(s3, run.groups.el, run.groups.n_ent, waiver)
    return run.add_level(Level(s4, "allowance", partial(_settle, waiver)))


#: Stage 7 of the engine.
STAGE = Stage("waiver", _apply)

"""Exact-cent money helpers: the administrator fee and largest-remainder splits.

Every amount that changes hands is an integer number of minor units (cents).  A split
of ``total`` cents among members with exact rational quotas ``q_i`` (``sum q_i ==
total``) gives each member ``floor(q_i)`` and hands the ``total - sum floor(q_i)``
remaining cents, one each, to the members with the largest fractional parts, ties
broken by member id (ascending) -- the largest-remainder (Hamilton) method.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from poolcalc.errors import InvalidInputError

__all__ = ["administrator_fee_cents", "exact_fraction", "largest_remainder"]


def exact_fraction(
    x: float | int | Fraction | np.floating | np.integer, name: str = "value"
) -> Fraction:
    """Convert a float, int or Fraction to an exact :class:`~fractions.Fraction`.

    Floats are taken at their *decimal* value when that round-trips (``0.1`` is
    1/10, as the user wrote it), else at their exact binary value.
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    xf = float(x)
    if not math.isfinite(xf):
        raise InvalidInputError(f"{name} must be finite, got {xf}")
    return Fraction(repr(xf))


def administrator_fee_cents(collected_cents: int, fee: float | Fraction) -> int:
    """Compute the administrator's fee in cents: ``floor(collected * fee)``.

    Parameters
    ----------
    collected_cents : int
        Royalties collected [minor units].
    fee : float or Fraction
        Fraction in [0, 1) kept by the administrator (taken at its decimal value, so
        ``0.1`` is exactly 10 %).

    Returns
    -------
    int
        The fee is rounded *down* to the cent: the administrator never keeps more
        than its stated fraction; the fractional cent stays with the licensors.

    Examples
    --------
    >>> administrator_fee_cents(1005, 0.1)
    100
    """
    f = exact_fraction(fee, "administrator_fee")
    if not 0 <= f < 1:
        raise InvalidInputError(f"administrator_fee must be in [0, 1), got {float(f)}")
    if collected_cents < 0:
        raise InvalidInputError(f"collected must be >= 0 cents, got {collected_cents}")
    return math.floor(collected_cents * f)


def largest_remainder(
    quotas: Sequence[Fraction], total: int, ids: Sequence[str]
) -> tuple[list[int], int]:
    """Round exact quotas to integers summing to ``total`` (largest remainder).

    Parameters
    ----------
    quotas : sequence of Fraction, shape (n,)
        Exact entitlements [cents], non-negative, summing exactly to ``total``.
    total : int
        Cents to hand out.
    ids : sequence of str, shape (n,)
        Tie-break keys: among equal fractional parts the smaller id gets the cent.

    Returns
    -------
    amounts : list of int
        ``floor(q_i)`` plus one cent for the ``residue`` largest fractional parts.
    residue : int
        Cents handed out by remainder (``total - sum floor(q_i)``), in ``[0, n)``.

    References
    ----------
    Balinski, M. L. and Young, H. P., *Fair Representation: Meeting the Ideal of One
    Man, One Vote*, Yale University Press, 1982 (Hamilton's method).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> largest_remainder([F(10, 3), F(10, 3), F(10, 3)], 10, ["b", "a", "c"])
    ([3, 4, 3], 1)
    """
    if len(quotas) != len(ids):
        raise InvalidInputError(
            f"quotas and ids must have one length, got {len(quotas)} and {len(ids)}"
        )
    if sum(quotas, Fraction(0)) != total:
        raise InvalidInputError(
            f"quotas must sum exactly to total={total}, got {float(sum(quotas, Fraction(0)))}"
        )
    if any(q < 0 for q in quotas):
        i = next(i for i, q in enumerate(quotas) if q < 0)
        raise InvalidInputError(f"quotas must be >= 0, got {float(quotas[i])} at index {i}")
    floors = [math.floor(q) for q in quotas]
    residue = total - sum(floors)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), ids[i]))
    for i in order[:residue]:
        floors[i] += 1
    return floors, residue

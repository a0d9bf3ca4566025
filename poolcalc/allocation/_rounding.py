"""Exact-cent money helpers: the administrator fee and largest-remainder splits.

Every amount that changes hands is an integer number of minor units (cents).  A split
of ``total`` cents among members with exact rational quotas ``q_i`` (``sum q_i ==
total``) gives each member ``floor(q_i)`` and hands the ``total - sum floor(q_i)``
remaining cents, one each, to the members with the largest fractional parts, ties
broken by member id (ascending) -- the largest-remainder (Hamilton) method.
:func:`largest_remainder` is the package-wide rule of :mod:`poolcalc._money`.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from poolcalc._args import checked_args
from poolcalc._money import largest_remainder
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


@checked_args
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

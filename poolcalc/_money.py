"""Exact-cent money rules shared by the subpackages: largest-remainder splits, money text.

Money that changes hands is an integer number of minor units (cents).  Every split of
an integer total among parties uses one rule, the largest-remainder (Hamilton) method:
each party gets the floor of its exact quota, and the cents left over go one each to
the parties with the largest fractional parts, ties to the smaller key (the party's
id, or its rank by id).  Two entry points, one rule (:func:`_hand_out`):

- :func:`largest_remainder` -- exact rational quotas (:class:`~fractions.Fraction`)
  summing to the total; :func:`poolcalc.allocation.allocate` uses it once per member.
- :func:`split_by_weights` -- a total split in proportion to non-negative integer
  weights (essential-patent counts), exact in integers, vectorised with numpy when
  the products fit in int64; :func:`poolcalc.alliance.government_subsidy` uses it.

:func:`poolcalc.royalties._apportion.apportion` is the grouped, float-weight variant
for 10^6 sales rows (remainders compared to 1e-9 cent, ties by array position, with
fallback weights); it is deliberately kept apart.

Exact range
-----------
:data:`EXACT_BOUND` (``2**53`` = 9,007,199,254,740,992) bounds every quantity the
library promises to compute exactly: a row's units and the units of all sales rows
together, and a year's standard (uncapped) royalty in minor units.  Integers up to
2**53 are exact in float64 as well as in int64, so no sum of counts or whole-cent
amounts below the bound is rounded and no product overflows int64; inputs beyond it
are refused with :class:`~poolcalc.errors.InvalidInputError` naming the file, line,
field and value (:func:`check_count`), never wrapped or rounded.  A money *limit*
(an enterprise or category cap, a waiver) at or above the bound cannot bind any
amount below it, so ``enterprise_cap = 1e20`` means "no cap" (:func:`clip_limit`).
Whole minor-unit amounts (unit rates in whole cents, one multiplier per tier group)
are exact up to the bound.  Amounts with fractions of a minor unit (price basis,
region multipliers, the share of a tier group's amount carried by each row) are
summed in float64 first; where a float total lies within its float64 error bound of
a half minor unit (:func:`near_half`), the total is recomputed in exact rational
arithmetic from the rows' exact amounts and rounded once, half up
(:func:`round_half_up_exact`), so every whole-minor-unit total is the exact amount
rounded half up, up to the bound, above 2**52 minor units too (where a float64 holds
no fraction).  Integer totals always reconcile exactly (rows to invoices to
enterprises to the distribution).

Numpy only (no model, io or cli imports), so kernels may use it.

References
----------
Balinski, M. L. and Young, H. P., *Fair Representation: Meeting the Ideal of One Man,
One Vote*, Yale University Press, 1982 (Hamilton's method).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from poolcalc.errors import InvalidInputError

__all__ = [
    "EXACT_BOUND",
    "check_count",
    "clip_limit",
    "format_money",
    "money_formatter",
    "largest_remainder",
    "near_half",
    "round_half_up_exact",
    "split_by_weights",
]

#: Largest count of units and largest amount [minor units] computed exactly: every
#: integer up to 2**53 is exact in float64, and 2**53 times 2**9 still fits in int64.
EXACT_BOUND = 2**53

#: Products ``amount * weight`` below this bound are computed in int64.
_INT64_SAFE = 2**62


def check_count(value: int, what: str) -> int:
    """Return ``value`` if it is within the exact range, else raise (module docstring).

    Parameters
    ----------
    value : int
        A count of units or an amount [minor units] (Python int: no overflow).
    what : str
        What it is, for the message (``"sales.csv:14: units"``).

    Raises
    ------
    InvalidInputError
        ``value > EXACT_BOUND``.

    Examples
    --------
    >>> check_count(2**53, "units")
    9007199254740992
    >>> check_count(2**53 + 1, "units")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    poolcalc.errors.InvalidInputError: units must be at most 2**53 = ... got 9007199254740993
    """
    if value > EXACT_BOUND:
        raise InvalidInputError(
            f"{what} must be at most 2**53 = {EXACT_BOUND} to be computed exactly, got {value}"
        )
    return value


#: Relative error of one float64 operation (``2**-53``) with a factor 4 of margin.
_EPS = 2.0**-51
#: Operations on one row's amount before it is summed (tier products and sums,
#: share, multiplier, discount, caps): a generous fixed bound.
_OPS_PER_ROW = 64
#: Absolute margin [minor units]: the 1e-6 snap of a total and float noise near 0.
_SNAP_MARGIN = 2e-6


def near_half(sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Tell which float totals may round to the wrong side of a half minor unit.

    Parameters
    ----------
    sums : ndarray of float64, shape (E,)
        Float totals [minor units], each a sum of ``counts`` row amounts.
    counts : ndarray of int, shape (E,)
        Number of rows in each total, or any smaller bound on the additions each
        row's amount goes through on the way into it (the depth of the summation
        tree; a running sum of n rows has depth n - 1).

    Returns
    -------
    ndarray of bool, shape (E,)
        ``|S - floor(S) - 1/2| <= err`` with the float64 error bound
        ``err = (n + 64) 2**-51 |S| + 2e-6`` (``n`` additions and at most 64
        operations per row, each off by at most half an ulp, ``2**-53`` relative;
        N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM,
        2002, section 4.2).  Only those totals need the exact path; every other float
        total rounds half up to the same whole minor unit as the exact amount.  Above
        2**52 the float carries no fraction and every total is flagged.

    Examples
    --------
    >>> near_half(np.array([10.5, 10.2, 2.0**52 + 2]), np.array([3, 3, 1])).tolist()
    [True, False, True]
    """
    s = np.abs(np.asarray(sums, np.float64))
    err = (np.asarray(counts, np.float64) + _OPS_PER_ROW) * _EPS * s + _SNAP_MARGIN
    return (np.abs(s - np.floor(s) - 0.5) <= err) | (err >= 0.5)


def round_half_up_exact(x: Fraction | int) -> int:
    """Round an exact amount [minor units] to whole minor units, halves away from zero.

    The rule of :func:`poolcalc.royalties.round_half_up`, in exact arithmetic.

    >>> round_half_up_exact(Fraction(21, 2)), round_half_up_exact(Fraction(-21, 2))
    (11, -11)
    >>> round_half_up_exact(Fraction(2**53 + 1, 2))  # above 2**52: exact all the same
    4503599627370497
    """
    x = Fraction(x)
    whole = math.floor(abs(x) + Fraction(1, 2))
    return whole if x >= 0 else -whole


def clip_limit(cents: float) -> float:
    """Clip a money limit [minor units] to :data:`EXACT_BOUND` (``inf`` stays ``inf``).

    A cap or waiver at or above the bound acts like one at the bound: no amount in the
    exact range exceeds it, so the cap never binds and the waiver waives everything.

    >>> clip_limit(1e22), clip_limit(650000000.0), clip_limit(float("inf"))
    (9007199254740992.0, 650000000.0, inf)
    """
    return cents if math.isinf(cents) or cents < EXACT_BOUND else float(EXACT_BOUND)


def _hand_out(floors: list[int], remainders: Sequence[Any], keys: Sequence[Any], left: int) -> None:
    """Give ``left`` cents, one each, to the largest ``remainders`` (ties: smaller key).

    ``floors`` is updated in place; ``remainders`` must compare exactly (ints or
    Fractions), so equal quotas tie and fall to ``keys``.  The sort compares their
    correctly rounded floats first: rounding is monotone, so ``float(a) > float(b)``
    implies ``a > b``, and only equal floats go on to the exact comparison (cheap
    for Fractions of several hundred digits, as exact Shapley quotas are).
    """
    try:
        approx = [float(r) for r in remainders]
    except OverflowError:  # an integer beyond float range: the exact comparison decides
        approx = [0.0] * len(remainders)
    order = sorted(range(len(floors)), key=lambda i: (-approx[i], -remainders[i], keys[i]))
    for i in order[:left]:
        floors[i] += 1


def _check_sequence(value: Any, where: str, types: tuple[type, ...], what: str) -> None:
    """Refuse anything but a list or tuple of ``types`` (bools excluded)."""
    if not isinstance(value, list | tuple) or any(
            isinstance(v, bool) or not isinstance(v, types) for v in value):
        raise InvalidInputError(f"{where} must be a list of {what}, got {value!r:.60}")


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

    Raises
    ------
    InvalidInputError
        ``quotas`` and ``ids`` differ in length, the quotas do not sum to ``total``,
        or a quota is negative.

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
    _check_sequence(quotas, "largest_remainder: quotas", (int, Fraction), "Fractions")
    _check_sequence(ids, "largest_remainder: ids", (str,), "strings")
    if isinstance(total, bool) or not isinstance(total, int):
        raise InvalidInputError(f"largest_remainder: total must be an integer, got {total!r:.60}")
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
    _hand_out(floors, [q - f for q, f in zip(quotas, floors, strict=True)], ids, residue)
    return floors, residue


def split_by_weights(amount: int, weights: Sequence[int], keys: Sequence[Any]) -> list[int]:
    """Split ``amount`` cents in proportion to integer ``weights``, exactly (largest remainder).

    Parameters
    ----------
    amount : int
        Non-negative cents to split.
    weights : sequence of int, shape (n,)
        Non-negative integer weights with a positive sum.
    keys : sequence, shape (n,)
        Tie-break keys (ids, or ranks of ids): among equal remainders the smaller key
        gets the cent.

    Returns
    -------
    list of int, shape (n,)
        ``floor(amount w_i / W)`` plus one cent for the ``amount - sum floor(...)``
        largest remainders ``amount w_i mod W``; sums to ``amount`` exactly.

    Notes
    -----
    In int64 with numpy (``np.lexsort`` on (-remainder, key)) when ``amount *
    max(w)`` and ``W`` are below 2^62, else in Python integers; both paths give the
    same cents (the rule of :func:`largest_remainder` with quotas ``amount w_i / W``).

    Examples
    --------
    >>> split_by_weights(1000, [1, 1, 1], [0, 1, 2])
    [334, 333, 333]
    >>> split_by_weights(10, [2, 1], ["b", "a"])
    [7, 3]
    """
    total_w = sum(weights)
    if amount * max(weights) < _INT64_SAFE and total_w < _INT64_SAFE:
        w = np.asarray(weights, dtype=np.int64)
        prod = w * np.int64(amount)
        base, rem = np.divmod(prod, np.int64(total_w))
        left = amount - int(base.sum())
        if left:
            order = np.lexsort((np.asarray(keys), -rem))
            base[order[:left]] += 1
        return [int(x) for x in base]
    base_l = [amount * wi // total_w for wi in weights]  # exact Python ints
    rem_l = [amount * wi % total_w for wi in weights]
    _hand_out(base_l, rem_l, keys, amount - sum(base_l))
    return base_l


def format_money(cents: int, minor_units: int = 2, *, grouping: bool = False) -> str:
    """Format integer minor units as a decimal string (no float on the way).

    Parameters
    ----------
    cents : int
        Amount [minor units].
    minor_units : int
        Decimal places of the currency (2 for cents, 0 for yen).
    grouping : bool
        Thousands separators in the whole part.

    Returns
    -------
    str
        ``[-]digits.minor`` with exactly ``minor_units`` decimals (none for 0), thousands
        separated by ``,`` when ``grouping``.

    Examples
    --------
    >>> format_money(108000000)
    '1080000.00'
    >>> format_money(-5, 2)
    '-0.05'
    >>> format_money(108000000, grouping=True)
    '1,080,000.00'
    >>> format_money(1234, 0)
    '1234'
    """
    if type(cents) is int and type(minor_units) is int and 0 < minor_units <= 18 \
            and not grouping:  # the common call (10^5-10^6 per report): checked by type
        if cents < 0:
            q, r = divmod(-cents, 10**minor_units)
            return f"-{q}.{r:0{minor_units}d}"
        q, r = divmod(cents, 10**minor_units)
        return f"{q}.{r:0{minor_units}d}"
    for name, v in (("cents", cents), ("minor_units", minor_units)):
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or (
                name == "minor_units" and not 0 <= v <= 18):
            raise InvalidInputError(f"format_money: {name} must be an integer"
                                    f"{' in 0..18' if name == 'minor_units' else ''}, got "
                                    f"{v!r:.60}")
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    q, r = divmod(abs(cents), 10**minor_units)
    whole = f"{q:,}" if grouping else str(q)
    return f"{sign}{whole}.{r:0{minor_units}d}" if minor_units else f"{sign}{whole}"


def money_formatter(minor_units: int = 2) -> Callable[[int], str]:
    """Return a fast ``format_money(cents, minor_units)`` for Python ints, no grouping.

    For the many line-item texts of a period (one call per amount): the argument
    checks of :func:`format_money` are done once here, for ``minor_units``; the
    returned function takes Python ``int`` minor units (the caller's responsibility)
    and gives the same string, ``[-]q.r`` with ``q, r = divmod(|cents|, 10**minor_units)``.

    Parameters
    ----------
    minor_units : int
        Decimal places of the currency (0..18).

    Returns
    -------
    callable
        ``cents [minor units] -> str``, equal to ``format_money(cents, minor_units)``.

    Examples
    --------
    >>> money_formatter(2)(-5)
    '-0.05'
    >>> money_formatter(0)(1234)
    '1234'
    """
    format_money(0, minor_units)  # the same argument checks and errors
    if minor_units == 0:
        return str
    scale = 10**minor_units
    spec = f"0{minor_units}d"

    def fmt(cents: int) -> str:
        if cents < 0:
            q, r = divmod(-cents, scale)
            return f"-{q}.{r:{spec}}"
        q, r = divmod(cents, scale)
        return f"{q}.{r:{spec}}"

    return fmt

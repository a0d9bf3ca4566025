"""Exact Shapley value of a sum of unanimity games with integer numerators.

``phi_i = sum_{c : i in T_c} w_c / |T_c|`` summed as Fractions costs a gcd per
addition (16 s for the pool game of 1,000 members x 10^6 patents x 200 countries).
Every term has a denominator dividing ``Q * L``, where ``Q`` is the lcm of the worths'
denominators and ``L`` the lcm of the carrier sizes, so each member's value is
``Fraction(sum_c a_c * (L / |T_c|), Q * L)`` with ``a_c = w_c * Q`` an integer: one
normalisation per member instead of one per term.  The value is the same rational
number, hence the same :class:`~fractions.Fraction`.

When the numerators ``b_c = a_c L / |T_c|`` overflow int64 (L, the lcm of carrier
sizes 190..1,000, has hundreds of digits), the sums ``sum_{c : i in T_c} b_c`` are not
added one Python integer at a time (1.7 M additions for that pool game): each ``b_c``
is cut into 32-bit limbs, one float64 product ``carriers^T @ limbs`` sums every limb
column at once (exact: each partial sum is a whole number below ``k 2^32 <= 2^53``),
and the carries are propagated limb by limb for all members together.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from poolcalc.games._semivalue import blas_one_thread

__all__ = ["exact_shapley"]

_INT64_SAFE = 2**62
#: Bits per limb of the wide sums; k carriers sum exactly in float64 while k 2^32 <= 2^53.
_LIMB_BITS = 32
_MAX_LIMB_ROWS = 2 ** (53 - _LIMB_BITS)
#: Carrier rows per block of the limb product (bounds its float64 copy of the carriers).
_LIMB_BLOCK_CELLS = 4_000_000


def exact_shapley(carriers: NDArray[np.bool_], worths: list[Any], n: int) -> tuple[Fraction, ...]:
    """Shapley value ``phi_i = sum_{c : i in T_c} w_c / |T_c|`` as exact Fractions.

    Parameters
    ----------
    carriers : ndarray of bool, shape (k, n)
        Carriers of positive worth (each row has at least one member).
    worths : list of int or Fraction, length k
        Their worths (exact rationals).
    n : int
        Number of players.

    Returns
    -------
    tuple of n Fractions
        ``phi_i``; 0 for a player in no carrier.

    Notes
    -----
    Sums run in int64 (``np.add.at``) when ``L * sum_c a_c`` is below 2**62, so that no
    partial sum can overflow; otherwise on 32-bit limbs in one float64 product
    (:func:`_limb_sums`, exact for up to 2^21 carriers), else in Python integers.
    """
    k = carriers.shape[0]
    if k == 0:
        return (Fraction(0),) * n
    fr = [w if isinstance(w, Fraction) else Fraction(w) for w in worths]
    q = math.lcm(*{f.denominator for f in fr})
    a = [f.numerator * (q // f.denominator) for f in fr]
    sizes = carriers.sum(axis=1)
    big_l = math.lcm(*set(sizes.tolist()))
    if big_l * sum(a) < _INT64_SAFE:
        rows, cols = np.nonzero(carriers)
        b = np.array(a, np.int64) * (big_l // sizes.astype(np.int64))
        num = np.zeros(n, np.int64)
        np.add.at(num, cols, b[rows])
        nums: list[int] = num.tolist()
    else:
        bl = [ac * (big_l // s) for ac, s in zip(a, sizes.tolist(), strict=True)]
        if k <= _MAX_LIMB_ROWS and min(bl) >= 0:
            nums = _limb_sums(carriers, bl)
        else:
            rows, cols = np.nonzero(carriers)
            nums = [0] * n
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                nums[c] += bl[r]
    den = q * big_l
    return tuple(Fraction(x, den) for x in nums)


def _limb_sums(carriers: NDArray[np.bool_], values: list[int]) -> list[int]:
    """``out[i] = sum_{c : carriers[c, i]} values[c]`` for non-negative Python integers.

    Each value is cut into 32-bit limbs (``values[c] = sum_j l_cj 2^(32 j)``); the limb
    sums ``s_ij = sum_c carriers[c, i] l_cj`` are one float64 matrix product, exact
    because every partial sum is a whole number below ``k 2^32 <= 2^53`` (k carriers);
    then ``out[i] = sum_j s_ij 2^(32 j)`` by carrying 32 bits at a time.
    """
    k, n = carriers.shape
    width = max(1, -(-max(v.bit_length() for v in values) // _LIMB_BITS))
    raw = b"".join(v.to_bytes(4 * width, "little") for v in values)
    limbs = np.frombuffer(raw, dtype="<u4").reshape(k, width).astype(np.float64)
    sums = np.zeros((n, width))
    step = max(1, _LIMB_BLOCK_CELLS // max(1, n))
    with blas_one_thread():
        for start in range(0, k, step):
            block = carriers[start : start + step].T.astype(np.float64)
            sums += block @ limbs[start : start + step]
    parts = sums.astype(np.uint64)
    out = np.zeros((n, width + 1), np.uint32)  # the last carry is below 2^21
    carry = np.zeros(n, np.uint64)
    mask = np.uint64(2**_LIMB_BITS - 1)
    for j in range(width):
        v = parts[:, j] + carry
        out[:, j] = v & mask
        carry = v >> np.uint64(_LIMB_BITS)
    out[:, width] = carry
    le = out.astype("<u4")
    return [int.from_bytes(le[i].tobytes(), "little") for i in range(n)]

r"""Vectorised number and date parsing of CSV cells (ISO dates, plain decimals).

Both readers (:mod:`poolcalc.io._bytecols`, :mod:`poolcalc.io._arrow`) turn columns
of ``YYYY-MM-DD`` cells into day numbers with :func:`iso_days`, and the built-in one
reads columns of plain decimals (``1.56``) with :func:`plain_decimals`; both decline
(None) anything outside their exact rules, and the caller then converts the values
one by one with the model's converters, which name the bad value.
"""

from __future__ import annotations

import numpy as np

__all__ = ["decimals8", "digits8", "iso_days", "plain_decimals"]

#: Most digits of a cell :func:`plain_decimals` reads (10**15 < 2**53: exact integers).
MAX_DIGITS = 15
_POW10 = 10.0 ** np.arange(MAX_DIGITS + 1)


_BYTE_MASKS = np.array([(1 << (8 * r)) - 1 for r in range(8)] + [(1 << 64) - 1], np.uint64)
_HI = np.uint64(0xF0F0F0F0F0F0F0F0)
_LO = np.uint64(0x0F0F0F0F0F0F0F0F)
_ZEROS = np.uint64(0x3030303030303030)
_SIXES = np.uint64(0x0606060606060606)
_TENS = np.uint64(0x1010101010101010)
_DOTS = np.uint64(0x2E2E2E2E2E2E2E2E)
_ONES = np.uint64(0x0101010101010101)
_HIGH_BITS = np.uint64(0x8080808080808080)


def digits8(w: np.ndarray, length: np.ndarray) -> np.ndarray | None:
    """Integers of cells of 1-8 decimal digits given as little-endian words.

    Parameters
    ----------
    w : ndarray of uint64
        Each cell's bytes (first byte lowest), zero past the cell.
    length : ndarray of int
        Each cell's length, 1 to 8.

    Returns
    -------
    ndarray of int64 or None
        None when a byte of a cell is not ``0-9``.

    Notes
    -----
    The digits are checked in the register (high nibble 3, low nibble ``v`` with
    ``v + 6 < 16``), shifted so that the last digit is the top byte, and combined in
    three steps, ``x = 10 x + (x >> 8)``, ``100 x + (x >> 16)``, ``10^4 x + (x >> 32)``,
    each masked to the lanes holding the partial numbers (2, 4 and 8 digits; "SIMD
    within a register", D. Lemire, "Quickly parsing eight digits", 2018).
    """
    ln = length.astype(np.uint64)
    cell = _BYTE_MASKS[length]
    if np.any((w & _HI) != (_ZEROS & cell)) or np.any(((w & _LO) + _SIXES) & _TENS):
        return None
    x = (w & _LO) << ((np.uint64(8) - ln) << np.uint64(3))
    x = x * np.uint64(10) + (x >> np.uint64(8))
    x &= np.uint64(0x00FF00FF00FF00FF)
    x = x * np.uint64(100) + (x >> np.uint64(16))
    x &= np.uint64(0x0000FFFF0000FFFF)
    x = x * np.uint64(10000) + (x >> np.uint64(32))
    x &= np.uint64(0xFFFFFFFF)
    return x.astype(np.int64)


def decimals8(w: np.ndarray, length: np.ndarray) -> np.ndarray | None:
    """:func:`plain_decimals` of cells of 1-8 bytes given as little-endian words.

    The first dot is found in the register (the bytes equal to ``.`` are the zero
    bytes of ``w ^ 0x2E..``; the lowest flag of ``(x - 0x01..) & ~x & 0x80..`` is
    exact, and its bit index ``8 p + 7`` is read from the exponent of the flag as a
    double), removed by shifting the bytes above it down one, and the remaining digits
    go to :func:`digits8` (a second dot is not a digit there).
    """
    cell = _BYTE_MASKS[length]
    x = w ^ _DOTS
    z = (x - _ONES) & ~x & _HIGH_BITS & cell
    has = z != 0
    flag = z & (~z + np.uint64(1))  # the lowest set bit
    p = np.where(has, (np.frexp(flag.astype(np.float64))[1] - 8) >> 3, 8)
    keep = _BYTE_MASKS[p]
    w2 = (w & keep) | ((w >> np.uint64(8)) & ~keep)
    n_digits = length - has
    if np.any(n_digits < 1):
        return None  # a lone "."
    m = digits8(w2, n_digits)
    if m is None:
        return None
    frac = np.where(has, length - 1 - p, 0)
    return m.astype(np.float64) / _POW10[frac]


def plain_decimals(body: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray | None:
    """Floats of cells written ``ddd``, ``ddd.``, ``ddd.ddd`` or ``.ddd`` (digits 0-9).

    Parameters
    ----------
    body : ndarray of uint8
        The bytes the cells are in, readable :data:`MAX_DIGITS` bytes past each cell's
        start (the splitter's padded body).
    start, length : ndarray of int, shape (n,)
        Offset and length (bytes) of each cell.

    Returns
    -------
    ndarray of float64 or None
        ``float(cell)`` of each cell, or None when a cell is anything else (a sign,
        an exponent, a space, ``inf``, more than :data:`MAX_DIGITS` digits, no digit).

    Notes
    -----
    With ``M`` the integer of the cell's digits (dot removed) and ``k`` the digits
    after the dot, the value is ``M / 10**k``.  ``M < 10**15 < 2**53`` and
    ``10**k`` (``k <= 15 <= 22``) are exact doubles, and IEEE 754 division rounds
    correctly, so ``M / 10**k`` is the double nearest the decimal, which is what
    :func:`float` returns (W. D. Clinger, "How to read floating point numbers
    accurately", PLDI 1990: the exact fast path).  The digits are read one byte
    position at a time over all cells (a vectorised pass per position), or, for cells
    of at most 8 bytes, all at once in registers (:func:`decimals8`).
    """
    n = int(start.size)
    if n == 0:
        return np.zeros(0, np.float64)
    width = int(length.max())
    if width > MAX_DIGITS or int(length.min()) < 1:
        return None  # 16 or more bytes may hold 16 digits (no dot): not exact
    if width <= 8:  # one word per cell: the digits combined in registers
        words = np.ndarray((body.size - 7,), "<u8", buffer=body, strides=(1,))
        return decimals8(words[start] & _BYTE_MASKS[length], length)
    value = np.zeros(n, np.int64)
    frac = np.zeros(n, np.int64)  # digits after the dot
    dots = np.zeros(n, np.int64)
    for k in range(width):
        inside = length > k
        c = body[start + k]
        dot = c == 46
        digit = c.astype(np.int64) - 48
        is_digit = (digit >= 0) & (digit <= 9)
        if np.any(inside & ~is_digit & ~dot):
            return None
        use = inside & is_digit
        value = np.where(use, value * 10 + digit, value)
        frac += use & (dots > 0)
        dots += inside & dot
    if np.any(dots > 1) or np.any(length - dots < 1):
        return None  # two dots, or a lone "."
    return value.astype(np.float64) / _POW10[frac]


#: ``YYYY-MM-`` as one little-endian word: the high nibbles of the digits are 3, the
#: dashes (bytes 4 and 7) are 0x2D; the low nibbles of the digits are masked by _LOW.
_DATE_MASK = np.uint64(0xFFF0F0FFF0F0F0F0)
_DATE_WANT = np.uint64(0x2D30302D30303030)
_LOW = np.uint64(0x000F0F000F0F0F0F)
_SIX = np.uint64(0x0006060006060606)
_CARRY = np.uint64(0x0010100010101010)


def _date_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Look-up tables of :func:`iso_days`: days to 1 January, block offsets, day of year.

    ``year_days[y]`` is the day number of y-01-01 (numpy's proleptic Gregorian
    ``datetime64``, the calendar of :class:`datetime.date`), ``block[y]`` is 0 for a
    common year, 10,000 for a leap year and 20,000 for year 0 (no such year), and
    ``day_of_year[block[y] + 100 * month + day]`` is the 0-based day of the year, or -1
    when the month has no such day (every entry of the year-0 block is -1).
    """
    years = np.arange(1, 10000)
    year_days = np.zeros(10000, np.int64)
    year_days[1:] = np.array([f"{y:04d}" for y in years], "datetime64[Y]").astype(
        "datetime64[D]").astype(np.int64)
    leap = ((years % 4 == 0) & (years % 100 != 0)) | (years % 400 == 0)
    block = np.full(10000, 20000, np.int32)
    block[1:] = np.where(leap, 10000, 0)
    day_of_year = np.full(30000, -1, np.int32)
    for lp in (0, 1):
        lengths = [31, 28 + lp, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        before = 0
        for month, days in enumerate(lengths, start=1):
            k = 10000 * lp + 100 * month
            day_of_year[k + 1 : k + days + 1] = np.arange(before, before + days)
            before += days
    return year_days, block, day_of_year


_YEAR_DAYS, _YEAR_BLOCK, _DAY_OF_YEAR = _date_tables()
_U32 = np.uint64(0xFFFFFFFF)


def iso_days(w: np.ndarray, w2: np.ndarray) -> np.ndarray | None:
    """Day numbers (since 1970-01-01) of ``YYYY-MM-DD`` dates given as two words.

    Parameters
    ----------
    w : ndarray of uint64
        Bytes 0-7 of each date (``YYYY-MM-``), little-endian.
    w2 : ndarray of uint64 (or any unsigned integers)
        Bytes 8-9 (``DD``) in the low 16 bits; higher bits are ignored.

    Returns
    -------
    ndarray of int64 or None
        None when a value is not a valid date: every digit ``0-9`` (a digit's low
        nibble ``v`` has ``v + 6 < 16``, so no carry into bit 4), dashes at bytes 4
        and 7, year 1-9999, month 1-12 and day 1 to the month's length in the
        Gregorian calendar -- what :meth:`datetime.date.fromisoformat` accepts.

    Notes
    -----
    The digits are combined in registers ("SIMD within a register"): for the year's
    four digit bytes ``d0..d3`` (little-endian, ``d0`` first), ``t = 10 x + (x >> 8)``
    masked to bytes 0 and 2 holds ``10 d0 + d1`` and ``10 d2 + d3``, and
    ``100 t + (t >> 16)`` masked to 16 bits is the year.  The day number is
    ``year_days[year] + day_of_year[block[year] + 100 month + day]`` from the tables
    of :func:`_date_tables` (a -1 entry refuses month 0 or 13-99, day 0 or past the
    month's end, and year 0), so the calendar rules are in the tables, not in
    per-row arithmetic.
    """
    if w.size == 0:
        return np.zeros(0, np.int64)
    if np.any((w & _DATE_MASK) != _DATE_WANT):
        return None
    low = w & _LOW
    if np.any((low + _SIX) & _CARRY):
        return None
    d2 = np.asarray(w2).astype(np.uint16, copy=False)  # "DD": two bytes
    lo_d = d2 & np.uint16(0x0F0F)
    if np.any(((d2 & np.uint16(0xF0F0)) != 0x3030) | ((lo_d + np.uint16(0x0606)) & 0x1010)):
        return None
    y = (low & _U32).astype(np.uint32)
    t = y * np.uint32(10)
    t += y >> np.uint32(8)
    t &= np.uint32(0x00FF00FF)
    year = t * np.uint32(100)
    year += t >> np.uint32(16)
    year &= np.uint32(0xFFFF)
    m = (low >> np.uint64(40)).astype(np.uint32)  # bytes 5-6: the month's digits
    key = (m & np.uint32(0xFF)) * np.uint32(1000)  # 100 * month = 1000 d5 + 100 d6
    key += ((m >> np.uint32(8)) & np.uint32(0xFF)) * np.uint32(100)
    dd = lo_d.astype(np.uint32)
    key += (dd & np.uint32(0xFF)) * np.uint32(10)
    key += dd >> np.uint32(8)
    yi = year.astype(np.intp)
    key += _YEAR_BLOCK[yi].view(np.uint32)
    doy = _DAY_OF_YEAR[key]
    if doy.min() < 0:
        return None
    return _YEAR_DAYS[yi] + doy

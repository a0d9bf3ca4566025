"""Shared codes and helpers of the columnar tables: countries, statuses, day numbers."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

import numpy as np

from poolcalc._args import check_array_arg, check_int_arg
from poolcalc._codes import COUNTRY_CODES
from poolcalc.errors import ChoiceEnum, InvalidInputError
from poolcalc.tables._factorize import factorize_objects, sorted_codes

__all__ = [
    "COUNTRIES",
    "ESSENTIAL_CODE",
    "INVALID_CODE",
    "NO_DATE",
    "PatentStatus",
    "STATUSES",
    "country_code",
    "country_codes",
    "day_number",
    "from_day_number",
    "merge_intervals",
]

class PatentStatus(ChoiceEnum):
    """Essentiality status of a national patent.

    Only ``ESSENTIAL`` (found essential by the pool's evaluator) patents are pooled:
    they alone make a unit royalty-bearing and are counted in splits.
    """

    ESSENTIAL = "essential"
    DECLARED = "declared"  # claimed essential, not evaluated
    NON_ESSENTIAL = "non_essential"
    INVALID = "invalid"


#: Global country code table: ``COUNTRIES[code]`` is the ISO alpha-2 code.
COUNTRIES: tuple[str, ...] = tuple(sorted(COUNTRY_CODES))
_COUNTRY_INDEX = {c: i for i, c in enumerate(COUNTRIES)}
#: Status codes: ``STATUSES[code]``.
STATUSES: tuple[PatentStatus, ...] = tuple(PatentStatus)
_STATUS_INDEX = {s: i for i, s in enumerate(STATUSES)}
ESSENTIAL_CODE = _STATUS_INDEX[PatentStatus.ESSENTIAL]
INVALID_CODE = _STATUS_INDEX[PatentStatus.INVALID]
#: Day number used for "no date" (missing grant date means "since ever", missing
#: disclosure date sorts last).
NO_DATE = np.iinfo(np.int32).min
_DAY_SPAN = np.int64(1) << 32  # > any int32 day range, so keys never collide across groups


def day_number(d: _dt.date | str | np.datetime64) -> int:
    """Days since 1970-01-01 of a date.

    Parameters
    ----------
    d : datetime.date, ISO date string or numpy.datetime64

    Returns
    -------
    int
        Days since 1970-01-01.

    Examples
    --------
    >>> day_number("1970-01-02"), day_number("2024-01-01")
    (1, 19723)
    """
    if d is None or isinstance(d, bool | int | float):
        raise InvalidInputError(f"day_number: d must be a date, got {d!r}")
    try:
        day = np.datetime64(d, "D")
    except (TypeError, ValueError):
        raise InvalidInputError(f"day_number: d must be a date, got {d!r:.60}") from None
    if np.isnat(day):
        raise InvalidInputError(f"day_number: d must be a date, got {d!r:.60}")
    return int(day.astype(np.int64))


def from_day_number(n: int) -> _dt.date:
    """Inverse of :func:`day_number`.

    Parameters
    ----------
    n : int
        Days since 1970-01-01.

    Returns
    -------
    datetime.date

    Examples
    --------
    >>> from_day_number(19723)
    datetime.date(2024, 1, 1)
    """
    n = check_int_arg(n, "from_day_number: n")
    try:
        return _dt.date(1970, 1, 1) + _dt.timedelta(days=n)
    except OverflowError:
        raise InvalidInputError(f"from_day_number: n = {n} is outside years 1..9999") from None


def country_code(country: str) -> int:
    """Code of an ISO alpha-2 country in :data:`COUNTRIES`.

    Parameters
    ----------
    country : str
        ISO 3166-1 alpha-2 code.

    Returns
    -------
    int
        Its index in :data:`COUNTRIES`.

    Raises
    ------
    InvalidInputError
        Not an ISO 3166-1 alpha-2 code.

    Examples
    --------
    >>> COUNTRIES[country_code("US")]
    'US'
    """
    try:
        return _COUNTRY_INDEX[country]
    except (KeyError, TypeError):
        raise InvalidInputError(f"unknown country code {country!r:.60}") from None


def country_codes(countries: Iterable[str]) -> np.ndarray:
    """Vector version of :func:`country_code` (``int16``).

    Parameters
    ----------
    countries : iterable of str
        ISO 3166-1 alpha-2 codes.

    Returns
    -------
    ndarray of int16
        Indices into :data:`COUNTRIES`.

    Examples
    --------
    >>> [COUNTRIES[c] for c in country_codes(["DE", "JP"])]
    ['DE', 'JP']
    """
    if isinstance(countries, str | bytes) or not isinstance(countries, Iterable):
        raise InvalidInputError(
            f"country_codes: countries must be a list of country codes, got {countries!r:.60}")
    return np.fromiter((country_code(c) for c in countries), dtype=np.int16)


def _encode(
    labels: Sequence[str] | np.ndarray, known: Sequence[str] | None = None
) -> tuple[tuple[str, ...], np.ndarray]:
    """Factorise labels into (sorted unique labels, int32 codes)."""
    arr = np.asarray(labels, dtype=object) if not isinstance(labels, np.ndarray) else labels
    if known is None and arr.dtype == object and arr.size:
        # hash table (O(n)) instead of a sort of n strings; labels sorted afterwards
        first, codes = factorize_objects(arr)
        labels = [str(u) for u in first]
        if len(set(labels)) == len(labels):  # else two objects print alike: np.unique below
            return sorted_codes(labels, codes)
    if known is None:
        uniq, codes = (
            np.unique(arr.astype(str), return_inverse=True)
            if arr.size
            else (np.array([], dtype=str), np.zeros(0, np.int64))
        )
        return tuple(str(u) for u in uniq), codes.astype(np.int32)
    index = {k: i for i, k in enumerate(known)}
    try:
        codes = np.fromiter((index[x] for x in arr), dtype=np.int32, count=arr.size)
    except KeyError as exc:
        raise InvalidInputError(f"unknown id {exc.args[0]!r}") from None
    return tuple(known), codes


def merge_intervals(
    group: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Union of half-open intervals ``[start, end)`` within each group.

    Parameters
    ----------
    group : ndarray of int, shape (n,)
        Group code of each interval (any int64 values).
    start, end : ndarray of int, shape (n,)
        Interval bounds [day numbers], ``start < end`` (``start`` may be
        :data:`NO_DATE`).

    Returns
    -------
    group, start, end : ndarray of int64, shape (k,)
        Disjoint intervals covering the same days per group, sorted by (group,
        start): overlapping intervals are merged, touching ones (``[a, b)`` and
        ``[b, c)``) are kept apart.  Counting the intervals that contain a day then
        counts each group at most once (e.g. a patent family in force in a country
        through several national patents).

    Notes
    -----
    One pass after a lexsort: within a group an interval starts a new run when its
    start is at or after the running maximum of the previous ends.  Runs are kept
    apart across groups by offsetting each group's ends by a multiple of 2^34 days
    of its rank (the rank, not the code, so large codes cannot overflow int64).

    Examples
    --------
    >>> g, s, e = merge_intervals(np.array([0, 0, 0, 1]), np.array([0, 5, 12, 3]),
    ...                           np.array([10, 12, 20, 4]))
    >>> g.tolist(), s.tolist(), e.tolist()
    ([0, 0, 1], [0, 12, 3], [12, 20, 4])
    """
    group = check_array_arg(group, "merge_intervals: group", "i")
    start = check_array_arg(start, "merge_intervals: start", "i")
    end = check_array_arg(end, "merge_intervals: end", "i")
    if group.ndim != 1 or start.shape != group.shape or end.shape != group.shape:
        raise InvalidInputError(
            f"merge_intervals: group, start and end must be 1-D of one length, got shapes "
            f"{group.shape}, {start.shape} and {end.shape}")
    if group.size == 0:
        return group, start, end
    order = np.lexsort((start, group))
    g, s, e = (
        group[order].astype(np.int64),
        start[order].astype(np.int64),
        end[order].astype(np.int64),
    )
    first = np.ones(g.size, dtype=bool)
    first[1:] = g[1:] != g[:-1]
    # running max of end within each group: offset each group (by its rank among the
    # groups) so the max never leaks across groups
    off = (np.cumsum(first) - 1) * (_DAY_SPAN * 4)
    run = np.maximum.accumulate(e + off) - off
    prev_run = np.empty_like(run)
    prev_run[0] = np.iinfo(np.int64).min
    prev_run[1:] = run[:-1]
    new = first.copy()
    new[1:] |= s[1:] >= prev_run[1:]
    out_g = g[new]
    out_s = s[new]
    out_e = np.maximum.reduceat(e, np.flatnonzero(new))
    return out_g, out_s, out_e


def _encode_optional(
    values: Sequence[str] | np.ndarray | None, n: int
) -> tuple[tuple[str, ...], np.ndarray]:
    if values is None:
        return (), np.full(n, -1, np.int32)
    arr = np.asarray(values, dtype=object)
    present = np.array([v is not None and str(v) != "" for v in arr], dtype=bool)
    labels, codes = (
        _encode(arr[present].astype(str)) if present.any() else ((), np.zeros(0, np.int32))
    )
    out = np.full(n, -1, np.int32)
    out[present] = codes
    return labels, out


def _decode(labels: Sequence[str], codes: np.ndarray) -> np.ndarray:
    """Object array of the labels of ``codes`` (None where a code is -1)."""
    lab = np.empty(len(labels) + 1, dtype=object)
    lab[: len(labels)] = list(labels)
    lab[len(labels)] = None
    return lab[np.where(codes < 0, len(labels), codes)]


def _days(values: Sequence | np.ndarray | None, n: int, default: int | None) -> np.ndarray:
    """Coerce dates (day numbers, datetime64, ISO strings, dates, None) to int32 day numbers."""
    if values is None:
        if default is None:
            raise InvalidInputError("a date column is required")
        return np.full(n, default, np.int32)
    arr = np.asarray(values)
    if np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.int32)
    if np.issubdtype(arr.dtype, np.datetime64):
        d = arr.astype("datetime64[D]")
        out = d.astype(np.int64)
        out[np.isnat(d)] = NO_DATE if default is None else default
        return out.astype(np.int32)
    out = np.empty(n, np.int64)
    for i, v in enumerate(arr):
        if v is None or (isinstance(v, str) and not v):
            if default is None:
                raise InvalidInputError(f"date missing at index {i}")
            out[i] = default
        else:
            out[i] = day_number(v)
    return out.astype(np.int32)

"""Converters and validators shared by the domain objects.

Errors are :class:`~poolcalc.errors.InvalidInputError` whose message names the field
and the value; readers in :mod:`poolcalc.io` prefix it with ``file:line``.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import re
from typing import Any

from poolcalc._codes import COUNTRY_CODES
from poolcalc._money import EXACT_BOUND
from poolcalc.errors import InvalidInputError

# Python 3.11's fromisoformat also takes 20240105 and 2024-W01-1; the pool format is YYYY-MM-DD.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_date(value: Any, field: str = "date") -> _dt.date:
    """Return ``value`` as a :class:`datetime.date` (ISO ``YYYY-MM-DD`` strings accepted)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInputError(f"{field} must be an ISO date YYYY-MM-DD, got {value!r}")


def to_optional_date(value: Any, field: str = "date") -> _dt.date | None:
    """Like :func:`to_date`, with ``None`` and ``''`` meaning absent."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_date(value, field)


def check_country(value: Any, field: str = "country") -> str:
    """Return an upper-case ISO 3166-1 alpha-2 code or raise."""
    if not isinstance(value, str) or value.strip().upper() not in COUNTRY_CODES:
        raise InvalidInputError(
            f"{field} must be an ISO 3166-1 alpha-2 country code, got {value!r}"
        )
    return value.strip().upper()


def check_id(value: Any, field: str = "id") -> str:
    """Return a non-empty identifier string (surrounding spaces removed)."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{field} must be a non-empty string, got {value!r}")
    return value.strip()


def check_finite(value: Any, field: str, *, low: float | None = None, high: float | None = None,
                 low_open: bool = False, high_open: bool = False, allow_inf: bool = False) -> float:
    """Return ``float(value)`` checked against optional bounds; NaN is never accepted."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{field} must be a number, got {value!r}") from None
    if math.isnan(x) or (math.isinf(x) and not allow_inf):
        raise InvalidInputError(f"{field} must be a finite number, got {value!r}")
    if low is not None and (x < low or (low_open and x == low)):
        op = ">" if low_open else ">="
        raise InvalidInputError(f"{field} must be {op} {low:g}, got {value!r}")
    if high is not None and (x > high or (high_open and x == high)):
        op = "<" if high_open else "<="
        raise InvalidInputError(f"{field} must be {op} {high:g}, got {value!r}")
    return x


def check_units(value: Any, field: str = "units") -> int:
    """Return a non-negative integer count (``'12'``, ``12`` and ``12.0`` accepted).

    Integer text is parsed exactly (no detour through float, which would round
    counts above 2**53); a float ``value`` must be integral.  Counts must be at most
    :data:`poolcalc._money.EXACT_BOUND` (2**53), the exact range.
    """
    if isinstance(value, bool):
        raise InvalidInputError(f"{field} must be a non-negative integer, got {value!r}")
    bad = f"{field} must be a non-negative integer, got {value!r}"
    if isinstance(value, int):
        x = value
    else:
        s = str(value).strip()
        try:
            x = int(s)
        except ValueError:
            try:  # "12.0", "1e3": decimal, exact (a float would round 1e16+3 to 1e16+4)
                d = decimal.Decimal(s)
            except decimal.InvalidOperation:
                raise InvalidInputError(bad) from None
            if not d.is_finite() or d != d.to_integral_value():
                raise InvalidInputError(bad) from None
            if d > _MAX_COUNT:
                raise InvalidInputError(
                    f"{field} must be at most 2**53 = {_MAX_COUNT} to be computed exactly, "
                    f"got {value!r}"
                ) from None
            x = int(d)
    if x < 0:
        raise InvalidInputError(bad)
    if x > _MAX_COUNT:
        raise InvalidInputError(
            f"{field} must be at most 2**53 = {_MAX_COUNT} to be computed exactly, "
            f"got {value!r}"
        )
    return x


#: Largest count accepted: the exact range of poolcalc._money (every sum exact).
_MAX_COUNT = EXACT_BOUND


def to_bool(value: Any, field: str) -> bool:
    """Parse ``true/false/yes/no/1/0`` (case-insensitive) or a bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        s = value.strip().lower()
        if s in {"true", "yes", "1", "y", "t"}:
            return True
        if s in {"false", "no", "0", "n", "f"}:
            return False
    raise InvalidInputError(f"{field} must be true or false, got {value!r}")


def choice(value: Any, enum: type, field: str) -> Any:
    """Return ``enum(value)``, or raise listing the allowed values."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum)
        raise InvalidInputError(f"{field} must be one of {allowed}, got {value!r}") from None

"""Value parsers of the terms-file schema (:mod:`poolcalc.io._terms_schema`).

Each parser takes a TOML value and its key and returns the model value, or raises
``_Bad`` with the constraint text the reader turns into one line naming file and key.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from poolcalc._codes import COUNTRY_CODES
from poolcalc.errors import InvalidInputError
from poolcalc.model._terms import (
    ANY,
    NONE,
)
from poolcalc.model._validators import to_date

__all__ = ["Parser"]

Parser = Callable[[Any, str], Any]


class _Bad(Exception):
    """Internal: a value failed; ``args[0]`` is the constraint text."""


def _got(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _bool(v: Any, key: str) -> bool:
    if not isinstance(v, bool):
        raise _Bad(f"{key} must be true or false, got {_got(v)}")
    return v


def _str(v: Any, key: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise _Bad(f"{key} must be a non-empty string, got {_got(v)}")
    return v.strip()


def _number(v: Any, key: str, *, low: float = 0.0, high: float | None = None) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise _Bad(f"{key} must be a number, got {_got(v)}")
    x = float(v)
    if not math.isfinite(x):
        raise _Bad(f"{key} must be a finite number, got {_got(v)}")
    if x < low or (high is not None and x > high):
        rng = f">= {low:g}" if high is None else f"in [{low:g}, {high:g}]"
        raise _Bad(f"{key} must be {rng}, got {_got(v)}")
    return x


def _fraction(v: Any, key: str) -> float:
    return _number(v, key, low=0.0, high=1.0)


def _date(v: Any, key: str) -> dt.date:
    """Parse with the pool files' one date parser (:func:`~poolcalc.model._validators.to_date`)."""
    try:
        return to_date(v, key)
    except InvalidInputError:
        raise _Bad(f"{key} must be an ISO date YYYY-MM-DD, got {_got(v)}") from None


def _choice(enum: type[StrEnum] | tuple[StrEnum, ...]) -> Parser:
    """Parse one of the members of ``enum`` (an enum, or a tuple of allowed members)."""
    members = tuple(enum)

    def parse(v: Any, key: str) -> StrEnum:
        for m in members:
            if v == m.value:
                return m
        allowed = ", ".join(repr(m.value) for m in members)
        raise _Bad(f"{key} must be one of {allowed}, got {_got(v)}")

    return parse


def _str_list(v: Any, key: str, *, allow_empty: bool = True) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise _Bad(f"{key} must be a list of strings, got {_got(v)}")
    if not v and not allow_empty:
        raise _Bad(f"{key} must be {ANY!r} or a non-empty list of strings, got []")
    return tuple(x.strip() for x in v)


def _restriction_list(v: Any, key: str) -> tuple[str, ...] | str:
    if v == ANY:
        return ANY
    if isinstance(v, str):
        raise _Bad(f"{key} must be {ANY!r} or a list of strings, got {_got(v)}")
    return _str_list(v, key, allow_empty=False)


def _territories(v: Any, key: str) -> tuple[str, ...] | str:
    out = _restriction_list(v, key)
    if out == ANY:
        return out
    codes = tuple(c.upper() for c in out)
    for c in codes:
        if c not in COUNTRY_CODES:
            raise _Bad(f"{key} must list ISO 3166-1 alpha-2 country codes, got {c!r}")
    return codes


def _max_units(v: Any, key: str) -> int | str:
    if v == NONE:
        return NONE
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise _Bad(f"{key} must be a non-negative integer or {NONE!r}, got {_got(v)}")
    return v


def _price_or_none(v: Any, key: str) -> float | str:
    if v == NONE:
        return NONE
    if isinstance(v, str):
        raise _Bad(f"{key} must be a number or {NONE!r}, got {_got(v)}")
    return _number(v, key)


def _count(v: Any, key: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise _Bad(f"{key} must be a non-negative integer, got {_got(v)}")
    return v


def _patents(v: Any, key: str) -> str | tuple[str, ...]:
    if v == "all":
        return v
    if isinstance(v, str) or not isinstance(v, list):
        raise _Bad(f"{key} must be 'all' or a list of patent ids, got {_got(v)}")
    return _str_list(v, key, allow_empty=True)


def _package(v: Any, key: str) -> str | tuple[str, ...]:
    if v in ("all", "essential"):
        return v
    if isinstance(v, str) or not isinstance(v, list):
        raise _Bad(f"{key} must be 'all', 'essential' or a list of patent ids, got {_got(v)}")
    return _str_list(v, key, allow_empty=False)



def _year(v: Any, key: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 1900 <= v <= 2200:
        raise _Bad(f"{key} must be a year (an integer such as 2025), got {_got(v)}")
    return v


def _levels(v: Any, key: str) -> tuple[str, ...]:
    return _str_list(v, key, allow_empty=False)


def _eligible(v: Any, key: str) -> str | tuple[str, ...]:
    named = ("all", "good_standing", "early_signing", "members")
    if isinstance(v, str):
        if v not in named:
            allowed = ", ".join(repr(x) for x in named)
            raise _Bad(f"{key} must be one of {allowed} or a list of licensee ids, got {_got(v)}")
        return v
    return _str_list(v, key, allow_empty=False)


def _inline_table(v: Any, key: str) -> Any:  # pragma: no cover - replaced by the reader
    raise NotImplementedError(key)

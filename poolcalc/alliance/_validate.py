"""Small validators shared by the alliance module (raise InvalidInputError, never assume)."""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

import numpy as np

from poolcalc.errors import InvalidInputError

E = TypeVar("E", bound=StrEnum)

__all__ = [
    "FrozenMap",
    "as_enum",
    "as_optional_bool",
    "as_optional_count",
    "as_when",
    "check_keys",
    "fmt_when",
]


def as_enum(enum: type[E], value: Any, name: str) -> E:
    """Coerce ``value`` (an ``enum`` member or its string value) to ``enum``.

    Raises
    ------
    InvalidInputError
        Naming the argument, the allowed values and the value received.
    """
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        for member in enum:
            if key == member.value or key == member.name.lower():
                return member
    allowed = ", ".join(repr(m.value) for m in enum)
    raise InvalidInputError(f"{name} must be one of {allowed}, got {value!r}")


def as_optional_bool(value: Any, name: str) -> bool | None:
    """Return ``None`` (unknown) or a real bool; reject anything else (no truthiness)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    raise InvalidInputError(f"{name} must be true, false or None (unknown), got {value!r}")


def as_optional_count(value: Any, name: str) -> int | None:
    """Return ``None`` (unknown) or a non-negative int; reject bools, floats, negatives."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidInputError(
            f"{name} must be a non-negative integer or None (unknown), got {value!r}"
        )
    value = int(value)
    if value < 0:
        raise InvalidInputError(f"{name} must be a non-negative integer, got {value}")
    return value


def as_when(value: Any, name: str) -> int | _dt.date:
    """Coerce a milestone time: a year (int, year precision) or a ``datetime.date``.

    ISO strings ``"YYYY"`` and ``"YYYY-MM-DD"`` are accepted too.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, bool):
        raise InvalidInputError(f"{name} must be a year or a date, got {value!r}")
    if isinstance(value, numbers.Integral):
        year = int(value)
        if not 1 <= year <= 9999:
            raise InvalidInputError(f"{name} must be a year in 1..9999, got {year}")
        return year
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) == 4:
            return int(text)
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidInputError(
        f"{name} must be a year (int) or an ISO date 'YYYY-MM-DD', got {value!r}"
    )


def fmt_when(value: int | _dt.date) -> str:
    """Format a year or a date for messages."""
    return str(value) if isinstance(value, int) else value.isoformat()


def check_keys(data: Mapping[str, Any], allowed: set[str], name: str) -> None:
    """Reject unknown keys in a mapping (a misspelt field must not be silently ignored)."""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInputError(
            f"{name}: unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )


class FrozenMap(Mapping):
    """A read-only, hashable mapping (so frozen attrs objects holding one stay hashable)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping | None = None) -> None:
        self._data = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"{{{', '.join(f'{k!r}: {v!r}' for k, v in self._data.items())}}}"

"""A minimal TOML writer for the value types pool.toml uses (no third-party dependency).

``tomllib`` (standard library) only reads TOML.  :func:`dumps` writes nested dicts of
strings, booleans, integers, floats (``inf`` included), dates and lists of those or of
inline tables; sub-tables become ``[a.b]`` headers and lists of dicts become
``[[a]]`` arrays of tables.  Only what :func:`poolcalc.io.write_pool` needs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["dumps", "format_key", "format_value"]

#: Keys whose list of tables is written inline (``tiers = [{ from = 0, rate = 0.2 }]``).
INLINE_KEYS = frozenset({"tiers"})
#: Keys whose table is written inline (``caps_eligible = { signed_by = 2016-03-01 }``).
INLINE_TABLE_KEYS = frozenset({"eligible", "caps_eligible"})
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def format_key(key: str) -> str:
    """Format a TOML key: bare when possible, else a quoted basic string."""
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def format_value(value: Any) -> str:
    """One TOML value (inline form).

    Examples
    --------
    >>> format_value(float("inf")), format_value(0.2), format_value([1, "a"])
    ('inf', '0.2', '[1, "a"]')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError("TOML output: NaN is not written")
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        r = repr(value)
        return r if any(ch in r for ch in ".en") else r + ".0"
    if isinstance(value, str):
        # A JSON string literal is a valid TOML basic string (same escapes).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{format_key(str(k))} = {format_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence | frozenset | set):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    raise TypeError(f"TOML output: cannot write a value of type {type(value).__name__}: {value!r}")


def _is_table(v: Any, key: str = "") -> bool:
    return isinstance(v, Mapping) and key not in INLINE_TABLE_KEYS


def _is_table_array(v: Any, key: str = "") -> bool:
    return (
        key not in INLINE_KEYS
        and isinstance(v, list | tuple)
        and len(v) > 0
        and all(isinstance(x, Mapping) for x in v)
    )


def _emit(
    path: list[str], table: Mapping[str, Any], out: list[str], *, array: bool = False
) -> None:
    scalars = {
        k: v for k, v in table.items() if not _is_table(v, k) and not _is_table_array(v, k)
    }
    only_subtables = (
        not scalars
        and table
        and all(_is_table(v, k) or _is_table_array(v, k) for k, v in table.items())
    )
    if path and not (only_subtables and not array):
        name = ".".join(format_key(p) for p in path)
        if out:
            out.append("")
        out.append(f"[[{name}]]" if array else f"[{name}]")
    for k, v in scalars.items():
        out.append(f"{format_key(str(k))} = {format_value(v)}")
    for k, v in table.items():
        if _is_table(v, k):
            _emit([*path, str(k)], v, out)
        elif _is_table_array(v, k):
            for item in v:
                _emit([*path, str(k)], item, out, array=True)


def dumps(doc: Mapping[str, Any]) -> str:
    """Serialise a nested mapping as TOML text (tables in insertion order)."""
    out: list[str] = []
    _emit([], doc, out)
    return "\n".join(out) + "\n"

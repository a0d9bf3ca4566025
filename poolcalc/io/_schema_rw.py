"""Read and write one pool.toml table by its rows of the schema (:mod:`poolcalc.io._schema`).

The reader checks a table's keys, TOML types and required keys and takes model
keyword arguments with the schema's defaults from it; the writer writes a model
object's fields back under their keys, in schema order, each by its write policy.
Messages name ``pool.toml``, the key path and the value (the reader adds the line).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.io._schema import REQUIRED, Key, key_names, keys_of
from poolcalc.io._schema_types import (
    has_value,
    is_bool,
    is_int,
    is_number,
    is_str,
    plain,
)

__all__ = ["check_keys", "check_required", "check_types", "model_kwargs", "write_table"]


def check_keys(where: str, table: str, spec: Mapping[str, Any]) -> None:
    """Reject keys of ``spec`` that ``table`` does not have.

    ``where`` is the path the message shows (``royalty.regions[0]``), ``table`` the
    schema path (``royalty.regions[]``).
    """
    allowed = key_names(table)
    for key in spec:
        if key not in allowed:
            raise InvalidInputError(
                f"pool.toml: unknown key {where + '.' if where else ''}{key} (allowed in "
                f"{'[' + where + ']' if where else 'the top level'}: {', '.join(allowed)})"
            )


#: Type check and phrase of a key without its own, from its TOML type: a key declared
#: ``number`` never takes ``false`` for 0 (a boolean is an integer to Python).  Dates
#: are left to the model's one date parser (a TOML date or a quoted ``YYYY-MM-DD``).
_TYPE_CHECKS = {
    "number": (is_number, "a number"),
    "integer": (is_int, "an integer"),
    "boolean": (is_bool, "true or false"),
    "string": (is_str, "a string"),
}


def check_types(where: str, table: str, spec: Mapping[str, Any]) -> None:
    """Check the TOML type of every key of ``spec``.

    A key's own ``check`` is used when it has one, else the check of its declared
    TOML type (:data:`_TYPE_CHECKS`), so no key takes a value of another type.
    """
    for k in keys_of(table):
        if k.name not in spec:
            continue
        check, expect = (k.check, k.expect) if k.check is not None else _TYPE_CHECKS.get(
            k.toml, (None, ""))
        if check is not None and not check(spec[k.name]):
            at = f"{where}.{k.name}" if k.at_key else where
            raise InvalidInputError(
                f"pool.toml: {at}: {k.name} must be {expect}, got {spec[k.name]!r}"
            )


def check_required(where: str, table: str, spec: Mapping[str, Any]) -> None:
    """Reject ``spec`` when a required key of ``table`` is missing."""
    for k in keys_of(table):
        if k.default is REQUIRED and k.name not in spec:
            raise InvalidInputError(f"pool.toml: {where}: missing key {k.name!r}")


def model_kwargs(table: str, spec: Mapping[str, Any], owner: str) -> dict[str, Any]:
    """Keyword arguments of ``owner`` from the keys of ``table`` that map to its fields.

    Every key that maps to a plain field of ``owner`` (``Schedule.free_units``, not
    ``Schedule.default.basis`` nor a sub-table) gives its value in ``spec`` or, when
    absent, its schema default (keys without one are left to the model).
    """
    out: dict[str, Any] = {}
    for k in keys_of(table):
        if k.owner != owner or not k.attr or "." in k.attr or k.sub:
            continue
        if k.name in spec:
            out[k.attr] = spec[k.name]
        elif has_value(k.default):
            out[k.attr] = k.default
    return out


def _resolve(k: Key, objs: Mapping[str, Any]) -> tuple[bool, Any]:
    """Return the model value of ``k`` (False when an object on its path is absent)."""
    obj = objs.get(k.owner)
    if obj is None:
        return False, None
    parts = k.attr.split(".") if k.attr else []
    for i, part in enumerate(parts):
        obj = getattr(obj, part)
        if obj is None and i < len(parts) - 1:
            return False, None
    return True, obj


def _unset(k: Key, value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, tuple | list | frozenset | set | Mapping) and len(value) == 0:
        return True
    return has_value(k.default) and plain(value) == k.default


def write_table(table: str, objs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the TOML table ``table`` of the model objects ``objs`` (by class name).

    Keys are written in schema order, each by its ``write`` policy; a table-valued
    key recurses into its sub-table (one table, one per item of an array of tables,
    one per entry of a table of tables).
    """
    out: dict[str, Any] = {}
    for k in keys_of(table):
        if k.write == "never":
            continue
        found, value = _resolve(k, objs)
        if not found or (k.write == "if_set" and _unset(k, value)):
            continue
        if not k.sub:
            out[k.name] = (k.to_toml or plain)(value)
        elif isinstance(value, Mapping):
            out[k.name] = {
                name: write_table(k.sub, {**objs, type(v).__name__: v})
                for name, v in value.items()
            }
        elif isinstance(value, tuple | list):
            out[k.name] = [write_table(k.sub, {**objs, type(v).__name__: v}) for v in value]
        else:
            out[k.name] = write_table(k.sub, {**objs, type(value).__name__: value})
    return out

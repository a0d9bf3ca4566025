"""Read a terms file (TOML) into :class:`~poolcalc.model.LicenseTerms`.

The keys, their types and allowed values come from the schema table
:data:`poolcalc.io._terms_schema.TERMS_SCHEMA` (also rendered as ``docs/terms-file.md``).
The schema is strict: an unknown section or key is an error naming the key and the
allowed keys (a misspelt ``no_chalenge`` must not silently read as "unknown"); a wrong
type, a bad date or an unknown choice is an error naming the file, the key and the
value, e.g. ``terms.toml: license.royalty_base must be one of 'unit',
'product_price', 'total_sales', got 'revenue'``.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from poolcalc._log import timed
from poolcalc.errors import InvalidInputError
from poolcalc.io._pool_toml import _toml_key_lines
from poolcalc.io._terms_parsers import Parser, _Bad, _got
from poolcalc.io._terms_schema import ARRAYS, SECTIONS, keys_of
from poolcalc.model._terms import (
    Administration,
    DiscountOffer,
    Evaluator,
    GrantBack,
    LicenseOffer,
    LicenseTerms,
    Market,
    Membership,
    Offer,
    ProductPatents,
    Renewal,
    Stack,
    StageTerms,
)

__all__ = ["parse_terms", "read_terms"]

_log = logging.getLogger(__name__)


def _table(schema: Mapping[str, Parser]) -> Parser:
    """Parser for an inline table with a fixed set of keys (e.g. ``grant_back``)."""

    def parse(v: Any, key: str) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise _Bad(f"{key} must be a table, got {_got(v)}")
        return _fields(v, schema, key)

    return parse


def _fields(data: Mapping[str, Any], schema: Mapping[str, Parser], prefix: str,
            bad: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Parse the keys of one table; with ``bad``, report each bad key to it and go on."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        try:
            if k not in schema:
                allowed = ", ".join(schema)
                got = _got(v)
                got = got if len(got) <= 60 else got[:57] + "..."
                raise _Bad(
                    f"unknown key {prefix}.{k} (allowed in [{prefix}]: {allowed}), got {got}")
            out[k] = schema[k](v, f"{prefix}.{k}")
        except (_Bad, InvalidInputError) as exc:
            if bad is None:
                raise
            bad(_text(exc))
    return out


def _text(exc: Exception) -> str:
    return exc.args[0] if isinstance(exc, _Bad) else str(exc)


def _schema(parent: str) -> dict[str, Parser]:
    """Parsers of the keys of ``parent`` (a section, inline table or array), from the schema."""
    out: dict[str, Parser] = {}
    for k in keys_of(parent):
        out[k.name] = _table(_schema(k.path)) if k.type == "inline table" else k.parse
    return out


_SECTIONS: dict[str, tuple[dict[str, Parser], type]] = {
    s: (_schema(s), cls) for s, cls in zip(SECTIONS, (
        LicenseOffer, Membership, Administration, Stack, Renewal, StageTerms, Market), strict=True)
}
_ARRAYS = {a: _schema(a) for a in ARRAYS}
_REQUIRED = {a: tuple(k.name for k in keys_of(a) if k.required) for a in ARRAYS}


def _array(name: str, value: Any, bad: Callable[[str], None]) -> tuple[Any, ...]:
    """Parse an array of tables; each bad item (or key of an item) is reported to ``bad``."""
    if not isinstance(value, list):
        raise _Bad(f"{name} must be an array of tables ([[{name}]]), got {_got(value)}")
    out = []
    for i, item in enumerate(value):
        key = f"{name}[{i}]"
        if not isinstance(item, dict):
            bad(f"{key} must be a table, got {_got(item)}")
            continue
        errors: list[str] = []
        f = _fields(item, _ARRAYS[name], key, errors.append)
        errors += [f"{key} is missing the key {req!r}" for req in _REQUIRED[name]
                   if req not in item]
        if errors:
            for e in errors:
                bad(e)
            continue
        try:
            if name == "offers":
                out.append(Offer(licensee=f["licensee"], licensee_class=f["class"],
                                 rate=f["rate"]))
            elif name == "products":
                out.append(ProductPatents(**f))
            else:
                out.append(DiscountOffer(**f))
        except InvalidInputError as exc:  # a check across the item's keys: name the item
            bad(f"{key}: {exc}")
    return tuple(out)


def _cross_check(kwargs: Mapping[str, Any]) -> list[str]:
    """Problems across sections: licensed levels against the value chain, product names."""
    out: list[str] = []
    lic, market = kwargs.get("license"), kwargs.get("market")
    levels = getattr(lic, "licensed_levels", None)
    chain = getattr(market, "value_chain_levels", None)
    if isinstance(levels, tuple) and chain is not None:
        out += [f"license.licensed_levels lists {lv!r}, which is not in "
                f"market.value_chain_levels ({', '.join(chain)})" for lv in levels
                if lv not in chain]
    seen: set[str] = set()
    for i, p in enumerate(kwargs.get("products") or ()):
        if p.name in seen:
            out.append(f"products[{i}].name {p.name!r} is listed twice")
        seen.add(p.name)
    return out


def terms_problems(data: Mapping[str, Any], source: str = "terms"
                   ) -> tuple[dict[str, Any], list[str]]:
    """Parse every section and item of a terms mapping, collecting every problem.

    Returns the parsed sections (those without a problem) and the problems, each
    ``"<source>: <section>.<key> ..."``; the checks across sections run only when
    the sections parsed.
    """
    kwargs: dict[str, Any] = {}
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(f"{source}: {msg}")

    for section, value in data.items():
        try:
            if section in _ARRAYS:
                kwargs[section] = _array(section, value, bad)
                continue
            if section not in _SECTIONS:
                allowed = ", ".join([*_SECTIONS, *_ARRAYS])
                raise _Bad(f"unknown section [{section}] (allowed: {allowed})")
            schema, cls = _SECTIONS[section]
            if not isinstance(value, dict):
                raise _Bad(f"[{section}] must be a table, got {_got(value)}")
            before = len(problems)
            fields = _fields(value, schema, section, bad)
            if len(problems) > before:
                continue
            if "grant_back" in fields:
                fields["grant_back"] = GrantBack(**fields["grant_back"])
            if "evaluator" in fields:
                fields["evaluator"] = Evaluator(**fields["evaluator"])
            kwargs[section] = cls(**fields)
        except (_Bad, InvalidInputError) as exc:
            bad(_text(exc))
    if not problems:
        for msg in _cross_check(kwargs):
            bad(msg)
    return kwargs, problems


def parse_terms(data: Mapping[str, Any], source: str = "terms") -> LicenseTerms:
    """Build :class:`LicenseTerms` from an already-parsed TOML mapping.

    Parameters
    ----------
    data : mapping
        The TOML document as a dict.
    source : str
        File name used in error messages.

    Returns
    -------
    LicenseTerms

    Raises
    ------
    InvalidInputError
        ``"<source>: <section>.<key> must be ..., got <value>"`` for a wrong type, a bad
        date or an unknown choice, and ``"<source>: unknown key ..."`` listing the
        allowed keys for a key or section the schema does not know.

    Examples
    --------
    >>> terms = parse_terms({"license": {"tied": []}})
    >>> terms.license.tied
    ()
    """
    if not isinstance(data, Mapping):
        raise InvalidInputError(f"parse_terms: data must be a mapping (a dict), got {data!r:.60}")
    if not isinstance(source, str):
        raise InvalidInputError(f"parse_terms: source must be a string, got {source!r:.60}")
    kwargs, problems = terms_problems(data, source)
    if problems:
        raise InvalidInputError(problems[0])
    try:
        return LicenseTerms(**kwargs, source=source)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{source}: {exc}") from None


_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_KEY_VALUE = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*(#.*)?$")
_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_HEADER = re.compile(r"^\s*\[+\s*([A-Za-z0-9_.-]+)\s*\]+")


def _qualified_key(before: list[str], key: str) -> str:
    """``section.key`` for a key on a line, from the last table header above it."""
    for line in reversed(before):
        m = _HEADER.match(line)
        if m:
            return f"{m.group(1)}.{key}"
    return key


@timed(_log, lambda path, *a, **kw: f"read terms {path}")
def read_terms(path: str | Path) -> LicenseTerms:
    """Read a terms file (every key: ``docs/terms-file.md``).

    Parameters
    ----------
    path : str or path-like
        The TOML file.

    Returns
    -------
    LicenseTerms
        Absent keys are ``None`` (unknown).

    Raises
    ------
    InvalidInputError
        Missing file, TOML syntax error (with the offending line), unknown key, wrong
        type, bad date or unknown choice; one line naming the file, key and value.

    Examples
    --------
    >>> from poolcalc.data import example_terms_path
    >>> terms = read_terms(example_terms_path("clean"))
    >>> terms.license.royalty_base
    <RoyaltyBase.UNIT: 'unit'>

    A file with ``royalty_base = "revenue"`` raises ``InvalidInputError("terms.toml:
    license.royalty_base must be one of 'unit', 'product_price', 'total_sales', got
    'revenue'")``.
    """
    name, text, data = _load(path)
    try:
        return parse_terms(data, source=name)
    except InvalidInputError as exc:
        raise InvalidInputError(_with_line(str(exc), name, text)) from None


def terms_file_problems(path: str | Path) -> tuple[str, ...]:
    """Every problem of a terms file (not just the first), each naming its line.

    Used by ``poolcalc validate``; an unreadable file or a TOML syntax error is one
    problem (the rest of the file cannot be read).
    """
    try:
        name, text, data = _load(path)
    except InvalidInputError as exc:
        return (str(exc),)
    kwargs, problems = terms_problems(data, name)
    if not problems:
        try:
            LicenseTerms(**kwargs, source=name)
        except InvalidInputError as exc:
            problems.append(f"{name}: {exc}")
    return tuple(_with_line(msg, name, text) for msg in problems)


def _load(path: str | Path) -> tuple[str, str, dict[str, Any]]:
    """Return the name, text and TOML mapping of a terms file (errors name the line)."""
    if not isinstance(path, str | os.PathLike):
        raise InvalidInputError(f"read_terms: path must be a path to a TOML file, got {path!r}")
    p = Path(path)
    name = str(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInputError(f"{name}: terms file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{name}: cannot read terms file ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _AT_LINE.search(msg)
        if m:
            lineno = int(m.group(1))
            lines = text.splitlines()
            line = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
            reason = _AT_LINE.sub("", msg).strip()
            kv = _KEY_VALUE.match(line)
            if kv and _DATE_LIKE.match(kv.group(2)):
                key = _qualified_key(lines[: lineno - 1], kv.group(1))
                raise InvalidInputError(
                    f"{name}:{lineno}: {key} must be an ISO date YYYY-MM-DD, "
                    f"got {kv.group(2).strip()}"
                ) from None
            raise InvalidInputError(
                f"{name}:{lineno}: invalid TOML in {line!r}: {reason}"
            ) from None
        raise InvalidInputError(f"{name}: invalid TOML: {msg}") from None
    return name, text, data


def _with_line(msg: str, name: str, text: str) -> str:
    """Insert the file line of the ``section.key`` a terms error names (when found)."""
    rest = msg[len(name) + 2:] if msg.startswith(f"{name}: ") else None
    m = re.match(r"(?:unknown (?:key|section) )?\[?([A-Za-z0-9_.\[\]-]+)", rest or "")
    if rest is None or not m:
        return msg
    lines = _toml_key_lines(text)
    cand = m.group(1)
    if cand.endswith("]") and "[" not in cand:  # "unknown section [licence]"
        cand = cand[:-1]
    while cand:
        if cand in lines:
            return f"{name}:{lines[cand]}: {rest}"
        cand = cand.rpartition(".")[0]
    return msg

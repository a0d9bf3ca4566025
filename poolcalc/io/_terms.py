"""Read a terms file (TOML) into :class:`~poolcalc.model.LicenseTerms`.

The schema is strict: an unknown section or key is an error naming the key and the
allowed keys (a misspelt ``no_chalenge`` must not silently read as "unknown"); a wrong
type, a bad date or an unknown choice is an error naming the file, the key and the
value, e.g. ``terms.toml: license.royalty_base must be one of 'unit',
'product_price', 'total_sales', got 'revenue'``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import PHASES
from poolcalc.model._terms import (
    ANY,
    NONE,
    Administration,
    ChallengeTermination,
    DiscountOffer,
    Evaluator,
    GrantBack,
    GrantBackScope,
    LicenseOffer,
    LicenseTerms,
    Market,
    MemberCrossLicense,
    Membership,
    Offer,
    ProductPatents,
    Renewal,
    RoyaltyBase,
    Stack,
    StageTerms,
)

__all__ = ["parse_terms", "read_terms"]

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
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            pass
    raise _Bad(f"{key} must be an ISO date YYYY-MM-DD, got {_got(v)}")


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
    from poolcalc.model import COUNTRY_CODES

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


def _table(schema: Mapping[str, Parser]) -> Parser:
    """Parser for an inline table with a fixed set of keys (e.g. ``grant_back``)."""

    def parse(v: Any, key: str) -> dict[str, Any]:
        if not isinstance(v, dict):
            raise _Bad(f"{key} must be a table, got {_got(v)}")
        return _fields(v, schema, key)

    return parse


def _fields(data: Mapping[str, Any], schema: Mapping[str, Parser], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k not in schema:
            allowed = ", ".join(schema)
            got = _got(v)
            got = got if len(got) <= 60 else got[:57] + "..."
            raise _Bad(f"unknown key {prefix}.{k} (allowed in [{prefix}]: {allowed}), got {got}")
        out[k] = schema[k](v, f"{prefix}.{k}")
    return out


_GRANT_BACK = {
    "scope": _choice(GrantBackScope),
    "exclusive": _bool,
    "royalty_free": _bool,
}
_EVALUATOR = {"name": _str, "independent": _bool, "affiliated_with": _str, "also": _str_list}

_LICENSE: dict[str, Parser] = {
    "package": _package,
    "essential_only_package_offered": _bool,
    "non_essential_included": _bool,
    "tied": _str_list,
    "max_units": _max_units,
    "channels": _restriction_list,
    "territories": _territories,
    "field_of_use": _restriction_list,
    "resale_price_min": _price_or_none,
    "resale_price_max": _price_or_none,
    "royalty_base": _choice(RoyaltyBase),
    "royalties_until": _date,
    "last_patent_expiry": _date,
    "no_challenge": _bool,
    "terminate_on_challenge": _choice(ChallengeTermination),
    "grant_back": _table(_GRANT_BACK),
    "competing_technology_restricted": _bool,
    "price_independent_of_patents_used": _bool,
    "licensed_levels": _restriction_list,
    "refused_licensees": _str_list,
    "term_start": _date,
}
_MEMBERSHIP = {
    "independent_licensing_allowed": _bool,
    "exclusive_license_in": _bool,
    "open_to_all_essential_holders": _bool,
    "competing_technology_restricted": _bool,
    "members_coordinate_prices_or_output": _bool,
}
_ADMINISTRATION = {
    "evaluator": _table(_EVALUATOR),
    "licensee_data_shared_with_members": _bool,
    "members_exchange_market_data": _bool,
}
_STACK = {
    "product_price": _number,
    "pool_royalty_per_unit": _number,
    "other_royalties_per_unit": _number,
    "aggregate_cap": _fraction,
}
_RENEWAL = {
    "previous_rate": _number,
    "new_rate": _number,
    "previous_cap": _number,
    "new_cap": _number,
    "max_increase": _number,
    "previous_renewal": _date,
}
_STAGE = {
    "phase": _choice(PHASES),
    "member_cross_license": _choice(MemberCrossLicense),
    "preferential_licensing": _bool,
    "open_to_all_similarly_situated": _bool,
}
_MARKET = {
    "licensees_compete": _bool,
    "members_compete_downstream": _bool,
    "parties_compete": _bool,
    "combined_share": _fraction,
    "largest_party_share": _fraction,
    "substitute_technologies": _count,
    "dominant": _bool,
    "value_chain_levels": lambda v, k: _str_list(v, k, allow_empty=False),
}


def _eligible(v: Any, key: str) -> str | tuple[str, ...]:
    named = ("all", "good_standing", "early_signing", "members")
    if isinstance(v, str):
        if v not in named:
            allowed = ", ".join(repr(x) for x in named)
            raise _Bad(f"{key} must be one of {allowed} or a list of licensee ids, got {_got(v)}")
        return v
    return _str_list(v, key, allow_empty=False)


_OFFER = {"licensee": _str, "class": _str, "rate": _number}
_DISCOUNT = {"name": _str, "fraction": _fraction, "eligible": _eligible, "published": _bool}
_PRODUCT = {"name": _str, "patents": _patents, "rate": _number}

_SECTIONS: dict[str, tuple[dict[str, Parser], type]] = {
    "license": (_LICENSE, LicenseOffer),
    "membership": (_MEMBERSHIP, Membership),
    "administration": (_ADMINISTRATION, Administration),
    "stack": (_STACK, Stack),
    "renewal": (_RENEWAL, Renewal),
    "stage": (_STAGE, StageTerms),
    "market": (_MARKET, Market),
}
_ARRAYS = {"offers": _OFFER, "discounts": _DISCOUNT, "products": _PRODUCT}
_REQUIRED = {"offers": ("licensee", "class", "rate"), "discounts": ("name", "fraction", "eligible"),
             "products": ("name", "patents")}


def _array(name: str, value: Any) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise _Bad(f"{name} must be an array of tables ([[{name}]]), got {_got(value)}")
    out = []
    for i, item in enumerate(value):
        key = f"{name}[{i}]"
        if not isinstance(item, dict):
            raise _Bad(f"{key} must be a table, got {_got(item)}")
        f = _fields(item, _ARRAYS[name], key)
        for req in _REQUIRED[name]:
            if req not in f:
                raise _Bad(f"{key} is missing the key {req!r}")
        if name == "offers":
            out.append(Offer(licensee=f["licensee"], licensee_class=f["class"], rate=f["rate"]))
        elif name == "products":
            out.append(ProductPatents(**f))
        else:
            out.append(DiscountOffer(**f))
    return tuple(out)


def _cross_check(kwargs: Mapping[str, Any]) -> None:
    """Check across sections: licensed levels against the value chain, product names."""
    lic, market = kwargs.get("license"), kwargs.get("market")
    levels = getattr(lic, "licensed_levels", None)
    chain = getattr(market, "value_chain_levels", None)
    if isinstance(levels, tuple) and chain is not None:
        for lv in levels:
            if lv not in chain:
                raise _Bad(f"license.licensed_levels lists {lv!r}, which is not in "
                           f"market.value_chain_levels ({', '.join(chain)})")
    seen: set[str] = set()
    for i, p in enumerate(kwargs.get("products") or ()):
        if p.name in seen:
            raise _Bad(f"products[{i}].name {p.name!r} is listed twice")
        seen.add(p.name)


def parse_terms(data: Mapping[str, Any], source: str = "terms") -> LicenseTerms:
    """Build :class:`LicenseTerms` from an already-parsed TOML mapping.

    Parameters
    ----------
    data : mapping
        The TOML document as a dict.
    source : str
        File name used in error messages.

    Raises
    ------
    InvalidInputError
        ``"<source>: <section>.<key> must be ..., got <value>"`` for a wrong type, a bad
        date or an unknown choice, and ``"<source>: unknown key ..."`` listing the
        allowed keys for a key or section the schema does not know.
    """
    try:
        kwargs: dict[str, Any] = {}
        for section, value in data.items():
            if section in _ARRAYS:
                kwargs[section] = _array(section, value)
                continue
            if section not in _SECTIONS:
                allowed = ", ".join([*_SECTIONS, *_ARRAYS])
                raise _Bad(f"unknown section [{section}] (allowed: {allowed})")
            schema, cls = _SECTIONS[section]
            if not isinstance(value, dict):
                raise _Bad(f"[{section}] must be a table, got {_got(value)}")
            fields = _fields(value, schema, section)
            if "grant_back" in fields:
                fields["grant_back"] = GrantBack(**fields["grant_back"])
            if "evaluator" in fields:
                fields["evaluator"] = Evaluator(**fields["evaluator"])
            kwargs[section] = cls(**fields)
        _cross_check(kwargs)
        return LicenseTerms(**kwargs, source=source)
    except _Bad as exc:
        raise InvalidInputError(f"{source}: {exc.args[0]}") from None
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


def read_terms(path: str | Path) -> LicenseTerms:
    """Read a terms file (see DESIGN.md "Terms file").

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
    >>> terms = read_terms("examples/terms_clean.toml")  # doctest: +SKIP
    >>> terms.license.royalty_base  # doctest: +SKIP
    <RoyaltyBase.UNIT: 'unit'>

    A file with ``royalty_base = "revenue"`` raises ``InvalidInputError("terms.toml:
    license.royalty_base must be one of 'unit', 'product_price', 'total_sales', got
    'revenue'")``.
    """
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
    return parse_terms(data, source=name)

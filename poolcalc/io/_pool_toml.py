"""Read and write pool.toml: the pool's terms.

Tables ``[pool]``, ``[[members]]``, ``[royalty]`` and ``[allocation]``.

Every bad value raises :class:`~poolcalc.errors.InvalidInputError` with one line naming
``pool.toml``, the line of the key (from a light scan of the text) and the key path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.io._csv import _fail, _read_text, _wrap
from poolcalc.io._usage_io import usage_terms, usage_terms_doc
from poolcalc.model import (
    AllocationConfig,
    Discounts,
    Member,
    Pool,
    ProductRate,
    RateChange,
    Region,
    Schedule,
)
from poolcalc.model._validators import check_finite

__all__ = ["pool_toml_doc", "read_pool_toml"]

_TOP_KEYS = ("pool", "members", "royalty", "allocation")
_POOL_KEYS = ("name", "standard", "currency", "administrator_fee", "minor_units")
_MEMBER_KEYS = ("id", "name", "joined")
_RATE_KEYS = ("basis", "tier_mode", "tiers", "min_per_unit", "max_per_unit", "category")
_INHERITED_RATE_KEYS = ("basis", "tier_mode", "tiers", "min_per_unit", "max_per_unit")
_ROYALTY_KEYS = (
    "due",
    *_RATE_KEYS,
    "enterprise_cap",
    "products",
    "regions",
    "discounts",
    "category_caps",
    "free_units",
    "free_amount",
    "member_rate",
    "members_only",
    "usage",
    "rate_changes",
)
_RATE_CHANGE_KEYS = ("effective", "product", *_RATE_KEYS)
_FIXED_BY_BASE = ("basis", "tier_mode", "category")  # a rate change keeps these
_REGION_KEYS = ("name", "countries", "multiplier", "separate_tiers")
_REQUIRED_REGION_KEYS = ("name", "countries", "multiplier")
_DISCOUNT_KEYS = ("good_standing", "early_signing", "early_signing_by", "combine", "chain_level")
_ALLOCATION_KEYS = ("scheme", "unit", "country")

# ------------------------------------------------------------------------------------------
# pool.toml
# ------------------------------------------------------------------------------------------
def _check_keys(where: str, table: Mapping[str, Any], allowed: Sequence[str]) -> None:
    for key in table:
        if key not in allowed:
            raise _fail(
                "pool.toml",
                f"unknown key {where + '.' if where else ''}{key} (allowed in "
                f"{'[' + where + ']' if where else 'the top level'}: {', '.join(allowed)})",
            )


def _table(where: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail("pool.toml", f"{where} must be a table, got {value!r}")
    return value


def _table_list(where: str, value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise _fail("pool.toml", f"{where} must be an array of tables ([[{where}]]), got {value!r}")
    return value


def _product_rate(where: str, spec: Mapping[str, Any], inherit: Mapping[str, Any]) -> ProductRate:
    kwargs = {k: inherit[k] for k in _INHERITED_RATE_KEYS if k in inherit}
    kwargs.update({k: spec[k] for k in _RATE_KEYS if k in spec})
    tiers = kwargs.get("tiers")
    if tiers is not None and (
        not isinstance(tiers, list) or not all(isinstance(t, Mapping) for t in tiers)
    ):
        raise _fail(
            f"pool.toml: {where}.tiers",
            f"tiers must be an array of tables like [{{ from = 0, rate = 0.2 }}], got {tiers!r}",
        )
    if "category" in kwargs and not isinstance(kwargs["category"], str):
        raise _fail(
            f"pool.toml: {where}.category", f"category must be a string, got {kwargs['category']!r}"
        )
    try:
        return ProductRate(**kwargs)
    except InvalidInputError as exc:
        msg = str(exc)
        at = f"{where}.tiers" if msg.startswith("tier") else where
        raise _fail(f"pool.toml: {at}", msg) from None


def _schedule(spec: Mapping[str, Any]) -> Schedule:
    where = "pool.toml: royalty"
    _check_keys("royalty", spec, _ROYALTY_KEYS)
    default = _product_rate("royalty", spec, {}) if "tiers" in spec else None
    if default is None:
        for k in ("category",):
            if k in spec:
                raise _fail(where, f"{k} belongs to the default rate, which needs 'tiers'")
    products = {}
    for name, pspec in _table("royalty.products", spec.get("products", {})).items():
        pwhere = f"royalty.products.{name}"
        pspec = _table(pwhere, pspec)
        _check_keys(pwhere, pspec, _RATE_KEYS)
        if "tiers" not in pspec and "tiers" not in spec:
            raise _fail(
                f"pool.toml: {pwhere}", "missing key 'tiers' (and [royalty] has no default tiers)"
            )
        products[name] = _product_rate(pwhere, pspec, spec)
    regions = []
    for i, rspec in enumerate(_table_list("royalty.regions", spec.get("regions", []))):
        rwhere = f"royalty.regions[{i}]"
        _check_keys(rwhere, rspec, _REGION_KEYS)
        for k in _REQUIRED_REGION_KEYS:
            if k not in rspec:
                raise _fail(f"pool.toml: {rwhere}", f"missing key {k!r}")
        countries = rspec["countries"]
        if not isinstance(countries, list):
            raise _fail(
                f"pool.toml: {rwhere}",
                f"countries must be a list of country codes, got {countries!r}",
            )
        if "separate_tiers" in rspec and not isinstance(rspec["separate_tiers"], bool):
            raise _fail(
                f"pool.toml: {rwhere}",
                f"separate_tiers must be true or false, got {rspec['separate_tiers']!r}",
            )
        regions.append(_wrap(f"pool.toml: {rwhere}", Region, **rspec))
    disc_spec = _table("royalty.discounts", spec.get("discounts", {}))
    _check_keys("royalty.discounts", disc_spec, _DISCOUNT_KEYS)
    if "chain_level" in disc_spec and not isinstance(disc_spec["chain_level"], Mapping):
        raise _fail(
            "pool.toml: royalty.discounts",
            "chain_level must be a table like { terminal = 0.3, equipment = 0.2 }, "
            f"got {disc_spec['chain_level']!r}",
        )
    discounts = _wrap("pool.toml: royalty.discounts", Discounts, **disc_spec)
    caps = _table("royalty.category_caps", spec.get("category_caps", {}))
    changes = _rate_changes(spec, default, products)
    kwargs = {
        k: spec[k]
        for k in (
            "due", "enterprise_cap", "free_units", "free_amount", "member_rate", "members_only"
        )
        if k in spec
    }
    if "members_only" in kwargs and not isinstance(kwargs["members_only"], bool):
        raise _fail(where, f"members_only must be true or false, got {kwargs['members_only']!r}")
    if "member_rate" in kwargs and (
        isinstance(kwargs["member_rate"], bool)
        or not isinstance(kwargs["member_rate"], int | float)
    ):
        raise _fail(where, f"member_rate must be a number in [0, 1], got {kwargs['member_rate']!r}")
    return _wrap(
        where,
        Schedule,
        default=default,
        products=products,
        regions=regions,
        discounts=discounts,
        category_caps=caps,
        rate_changes=changes,
        **kwargs,
    )


def _rate_changes(
    spec: Mapping[str, Any], default: ProductRate | None, products: Mapping[str, ProductRate]
) -> list[RateChange]:
    """``[[royalty.rate_changes]]``: new tiers/min/max of a product from a date on.

    Omitted ``min_per_unit``/``max_per_unit`` keep the values in force before the
    change; ``basis``, ``tier_mode`` and ``category`` may be given only unchanged.
    """
    out: list[RateChange] = []
    in_force: dict[str | None, ProductRate | None] = {None: default, **products}
    last: dict[str | None, dt.date] = {}
    for i, cspec in enumerate(_table_list("royalty.rate_changes", spec.get("rate_changes", []))):
        cwhere = f"royalty.rate_changes[{i}]"
        _check_keys(cwhere, cspec, _RATE_CHANGE_KEYS)
        for k in ("effective", "tiers"):
            if k not in cspec:
                raise _fail(f"pool.toml: {cwhere}", f"missing key {k!r}")
        eff = cspec["effective"]
        if not isinstance(eff, dt.date) or isinstance(eff, dt.datetime):
            raise _fail(
                f"pool.toml: {cwhere}.effective",
                f"effective must be a date like 2016-07-01, got {eff!r}",
            )
        product = cspec.get("product")
        if product is not None and (not isinstance(product, str) or product not in products):
            listed = ", ".join(sorted(products)) or "none"
            raise _fail(
                f"pool.toml: {cwhere}.product",
                f"product: unknown product {product!r} (listed in [royalty.products]: {listed})",
            )
        prev = last.get(product)
        if prev is not None and eff <= prev:
            raise _fail(
                f"pool.toml: {cwhere}.effective",
                f"effective dates must be strictly increasing per product "
                f"({product or 'default rate'}), got {eff.isoformat()} after {prev.isoformat()}",
            )
        last[product] = eff
        base = in_force.get(product)
        if base is None:
            raise _fail(
                f"pool.toml: {cwhere}",
                "no product given and [royalty] has no default tiers to change",
            )
        for k in ("basis", "tier_mode", "category"):
            if k in cspec:
                old = getattr(base, k)
                old = getattr(old, "value", old)
                if cspec[k] != old:
                    raise _fail(
                        f"pool.toml: {cwhere}.{k}",
                        f"{k} must stay {old!r} (the base rate's), got {cspec[k]!r}; a rate "
                        "change changes tiers, min_per_unit and max_per_unit only",
                    )
        inherit = {
            "basis": base.basis.value,
            "tier_mode": base.tier_mode.value,
            "min_per_unit": base.min_per_unit,
            "max_per_unit": base.max_per_unit,
        }
        if base.category is not None:
            inherit["category"] = base.category
        rspec = {k: cspec[k] for k in ("tiers", "min_per_unit", "max_per_unit") if k in cspec}
        rate = _product_rate(cwhere, {**inherit, **rspec}, {})
        change = _wrap(f"pool.toml: {cwhere}", RateChange, eff, rate, product)
        in_force[product] = rate
        out.append(change)
    return out


def _allocation(spec: Mapping[str, Any]) -> AllocationConfig:
    known = {k: spec[k] for k in _ALLOCATION_KEYS if k in spec}
    options = {k: v for k, v in spec.items() if k not in _ALLOCATION_KEYS}
    return _wrap("pool.toml: allocation", AllocationConfig, **known, options=options)


def _members(specs: list[Mapping[str, Any]]) -> list[Member]:
    out: list[Member] = []
    first: dict[str, int] = {}
    for i, spec in enumerate(specs):
        where = f"members[{i}]"
        _check_keys(where, spec, _MEMBER_KEYS)
        if "id" not in spec:
            raise _fail(f"pool.toml: {where}", "missing key 'id'")
        m = _wrap(f"pool.toml: {where}", Member, **spec)
        if m.id in first:
            raise _fail(
                f"pool.toml: {where}",
                f"duplicate member id {m.id!r} (first at members[{first[m.id]}])",
            )
        first[m.id] = i
        out.append(m)
    return out


def read_pool_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate a pool.toml file.

    Parameters
    ----------
    path : path-like
        The pool.toml file.

    Returns
    -------
    dict
        Keyword arguments for :class:`~poolcalc.model.Pool` except ``patents``,
        ``licensees`` and ``sales``: ``name``, ``standard``, ``currency``,
        ``administrator_fee``, ``minor_units`` (when given), ``members`` (list of
        Member), ``schedule`` (Schedule), ``allocation`` (AllocationConfig).

    Raises
    ------
    InvalidInputError
        Invalid TOML, unknown keys, or values the model rejects; the message starts
        with ``pool.toml:LINE:`` (when the key is found in the text) and names the
        key path.
    """
    text = _read_text(Path(path), "pool.toml")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"pool.toml: invalid TOML: {exc}") from None
    try:
        return _pool_toml(doc)
    except InvalidInputError as exc:
        raise InvalidInputError(_with_toml_line(str(exc), text)) from None


def _pool_toml(doc: dict[str, Any]) -> dict[str, Any]:
    _check_keys("", doc, _TOP_KEYS)
    if "pool" not in doc:
        raise _fail("pool.toml", 'missing table [pool] (with at least name = "...")')
    pool_spec = _table("pool", doc["pool"])
    _check_keys("pool", pool_spec, _POOL_KEYS)
    if "name" not in pool_spec:
        raise _fail("pool.toml: pool", "missing key 'name'")
    out: dict[str, Any] = {k: pool_spec[k] for k in _POOL_KEYS if k in pool_spec}
    for key in ("name", "standard", "currency"):
        if key in out and not isinstance(out[key], str):
            raise _fail("pool.toml: pool", f"{key} must be a string, got {out[key]!r}")
    if "minor_units" in out and (
        isinstance(out["minor_units"], bool)
        or not isinstance(out["minor_units"], int)
        or not 0 <= out["minor_units"] <= 4
    ):
        raise _fail(
            "pool.toml: pool", f"minor_units must be an integer in 0..4, got {out['minor_units']!r}"
        )
    if "administrator_fee" in out:
        out["administrator_fee"] = _wrap(
            "pool.toml: pool",
            check_finite,
            out["administrator_fee"],
            "administrator_fee",
            low=0.0,
            high=1.0,
            high_open=True,
        )
    out["members"] = _members(_table_list("members", doc.get("members", [])))
    out["schedule"] = _schedule(_table("royalty", doc.get("royalty", {})))
    if "usage" in doc.get("royalty", {}):  # content royalties (poolcalc.io._usage_io)
        out["usage_terms"] = usage_terms(doc["royalty"]["usage"])
    out["allocation"] = _allocation(_table("allocation", doc.get("allocation", {})))
    return out


_TOML_HEADER = re.compile(r"^\s*(\[\[?)([^\]]+)\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(
    r'^\s*((?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+))*)\s*='
)
_TOML_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_-]+)')


def _toml_key_lines(text: str) -> dict[str, int]:
    """Line of each table header and key of a TOML text, by dotted path.

    Arrays of tables are numbered like the error messages (``members[2]``).  A
    light scan, not a parser: good enough to point at the line of a bad value in a
    file that :mod:`tomllib` has already accepted.
    """
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    for no, line in enumerate(text.splitlines(), start=1):
        head = _TOML_HEADER.match(line)
        if head:
            parts = [a or b for a, b in _TOML_PART.findall(head.group(2))]
            path = ".".join(parts)
            if head.group(1) == "[[":
                k = counts.get(path, 0)
                counts[path] = k + 1
                path = f"{path}[{k}]"
            table = path
            lines.setdefault(path, no)
            continue
        key = _TOML_KEY.match(line)
        if key:
            parts = [a or b for a, b in _TOML_PART.findall(key.group(1))]
            lines.setdefault(".".join([table, *parts]) if table else ".".join(parts), no)
    return lines


def _with_toml_line(msg: str, text: str) -> str:
    """Insert the pool.toml line of the key an error message names (when found)."""
    m = re.match(r"pool\.toml: (?:unknown key (\S+) |([^\s:]+): ([A-Za-z_][A-Za-z0-9_]*)?)", msg)
    if not m:
        return msg
    where = _toml_key_lines(text)
    candidates = []
    if m.group(1):
        candidates.append(m.group(1))
    else:
        path, word = m.group(2), m.group(3)
        if word:
            candidates.append(f"{path}.{word}")
        candidates.append(path)
    for cand in candidates:
        while cand:
            if cand in where:
                return f"pool.toml:{where[cand]}: " + msg[len("pool.toml: ") :]
            cand = cand.rpartition(".")[0]
    return msg


# ------------------------------------------------------------------------------------------
# writer
# ------------------------------------------------------------------------------------------
def _rate_doc(rate: ProductRate) -> dict[str, Any]:
    d: dict[str, Any] = {
        "basis": rate.basis.value,
        "tier_mode": rate.tier_mode.value,
        "tiers": [{"from": t.start, "rate": t.rate} for t in rate.tiers],
        "min_per_unit": rate.min_per_unit,
        "max_per_unit": rate.max_per_unit,
    }
    if rate.category is not None:
        d["category"] = rate.category
    return d


def pool_toml_doc(pool: Pool) -> dict[str, Any]:
    """Return the pool.toml of ``pool`` as nested dicts (what :func:`write_pool` writes)."""
    s = pool.schedule
    royalty: dict[str, Any] = {"due": s.due.value}
    if s.default is not None:
        royalty.update(_rate_doc(s.default))
    royalty["enterprise_cap"] = s.enterprise_cap
    if s.free_units:
        royalty["free_units"] = s.free_units
    if s.free_amount:
        royalty["free_amount"] = s.free_amount
    if s.member_rate != 1.0:
        royalty["member_rate"] = s.member_rate
    if s.members_only:
        royalty["members_only"] = True
    d = s.discounts
    disc: dict[str, Any] = {"good_standing": d.good_standing, "early_signing": d.early_signing}
    if d.early_signing_by is not None:
        disc["early_signing_by"] = d.early_signing_by
    disc["combine"] = d.combine.value
    if d.chain_level:
        disc["chain_level"] = {lv.value: frac for lv, frac in d.chain_level.items()}
    royalty["discounts"] = disc
    if s.regions:
        royalty["regions"] = [
            {"name": r.name, "countries": sorted(r.countries), "multiplier": r.multiplier}
            | ({"separate_tiers": True} if r.separate_tiers else {})
            for r in s.regions
        ]
    if s.products:
        royalty["products"] = {k: _rate_doc(v) for k, v in s.products.items()}
    if s.category_caps:
        royalty["category_caps"] = dict(s.category_caps)
    if s.rate_changes:
        royalty["rate_changes"] = [
            {"effective": ch.effective}
            | ({"product": ch.product} if ch.product is not None else {})
            | {k: v for k, v in _rate_doc(ch.rate).items() if k not in _FIXED_BY_BASE}
            for ch in s.rate_changes
        ]
    if pool.usage_terms is not None:
        royalty["usage"] = usage_terms_doc(pool.usage_terms)
    pool_t: dict[str, Any] = {"name": pool.name}
    if pool.standard:
        pool_t["standard"] = pool.standard
    pool_t["currency"] = pool.currency
    pool_t["administrator_fee"] = pool.administrator_fee
    if pool.minor_units != 2:
        pool_t["minor_units"] = pool.minor_units
    members = []
    for m in pool.members:
        md: dict[str, Any] = {"id": m.id, "name": m.name}
        if m.joined is not None:
            md["joined"] = m.joined
        members.append(md)
    a = pool.allocation
    alloc = {
        "scheme": a.scheme,
        "unit": a.unit.value,
        "country": a.country.value,
        **dict(a.options),
    }
    doc: dict[str, Any] = {"pool": pool_t}
    if members:
        doc["members"] = members
    doc["royalty"] = royalty
    doc["allocation"] = alloc
    return doc



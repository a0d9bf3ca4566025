"""Read and write pool.toml: the pool's terms.

Tables ``[pool]``, ``[[members]]``, ``[royalty]`` and ``[allocation]``; every key is a
row of the schema table :data:`poolcalc.io._schema.KEYS` (reference:
``docs/pool-toml.md``), which gives the reader its key lists, type checks and
defaults and the writer what to write.

Every bad value raises :class:`~poolcalc.errors.InvalidInputError` with one line naming
``pool.toml``, the line of the key (from a light scan of the text) and the key path.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError
from poolcalc.io._csv import _fail, _read_text, _wrap
from poolcalc.io._metrics_io import metric_terms
from poolcalc.io._schema import INHERIT, key_names, keys_of
from poolcalc.io._schema_rw import (
    check_keys,
    check_required,
    check_types,
    model_kwargs,
    write_table,
)
from poolcalc.io._usage_io import usage_terms
from poolcalc.model import (
    AdministrationPolicy,
    Administrator,
    AllocationConfig,
    Discounts,
    Eligibility,
    Member,
    NamedDiscount,
    Pool,
    ProductRate,
    RateChange,
    Region,
    ReportingTerms,
    Schedule,
)
from poolcalc.model._validators import check_finite

__all__ = ["pool_toml_doc", "pool_toml_text", "read_pool_toml"]

_PRODUCT = "royalty.products.<product>"
_CHANGE = "royalty.rate_changes[]"
_REGION = "royalty.regions[]"
_DISCOUNTS = "royalty.discounts"
_NAMED = "royalty.discounts.named.<name>"
#: Rate keys a product inherits from [royalty] when it leaves them out.
_INHERITED_RATE_KEYS = tuple(k.name for k in keys_of(_PRODUCT) if k.default is INHERIT)
#: Rate keys a rate change may set; the others (tier_mode, category, ...) stay the base's.
_CHANGED_RATE_KEYS = tuple(
    k.name for k in keys_of(_CHANGE) if k.attr.startswith("rate.") and k.write != "never"
)
_FIXED_BY_BASE = tuple(k.name for k in keys_of(_CHANGE) if k.write == "never")
_ALLOCATION_KEYS = key_names("allocation")


# ------------------------------------------------------------------------------------------
# pool.toml
# ------------------------------------------------------------------------------------------
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
    kwargs.update({k: spec[k] for k in key_names(_PRODUCT) if k in spec})
    check_types(where, _PRODUCT, kwargs)
    try:
        return ProductRate(**kwargs)
    except InvalidInputError as exc:
        msg = str(exc)
        at = f"{where}.tiers" if msg.startswith("tier") else where
        raise _fail(f"pool.toml: {at}", msg) from None


def _schedule(spec: Mapping[str, Any]) -> Schedule:
    where = "pool.toml: royalty"
    check_keys("royalty", "royalty", spec)
    default = _product_rate("royalty", spec, {}) if "tiers" in spec else None
    if default is None and "category" in spec:
        raise _fail(where, "category belongs to the default rate, which needs 'tiers'")
    products = {}
    for name, pspec in _table("royalty.products", spec.get("products", {})).items():
        pwhere = f"royalty.products.{name}"
        pspec = _table(pwhere, pspec)
        check_keys(pwhere, _PRODUCT, pspec)
        if "tiers" not in pspec and "tiers" not in spec:
            raise _fail(
                f"pool.toml: {pwhere}", "missing key 'tiers' (and [royalty] has no default tiers)"
            )
        products[name] = _product_rate(pwhere, pspec, spec)
    regions = []
    for i, rspec in enumerate(_table_list("royalty.regions", spec.get("regions", []))):
        rwhere = f"royalty.regions[{i}]"
        check_keys(rwhere, _REGION, rspec)
        check_required(rwhere, _REGION, rspec)
        check_types(rwhere, _REGION, rspec)
        kwargs = model_kwargs(_REGION, rspec, "Region")
        regions.append(_wrap(f"pool.toml: {rwhere}", Region, **kwargs))
    disc_spec = _table(_DISCOUNTS, spec.get("discounts", {}))
    check_keys(_DISCOUNTS, _DISCOUNTS, disc_spec)
    check_types(_DISCOUNTS, _DISCOUNTS, disc_spec)
    disc_kwargs = model_kwargs(_DISCOUNTS, disc_spec, "Discounts")
    discounts = _wrap("pool.toml: royalty.discounts", Discounts, **disc_kwargs)
    caps = _table("royalty.category_caps", spec.get("category_caps", {}))
    if "eligible" in disc_spec:
        discounts = attrs.evolve(
            discounts, eligible=_eligibility(f"{_DISCOUNTS}.eligible", disc_spec["eligible"])
        )
    cats = {r.category if r.category is not None else p for p, r in products.items()}
    if default is not None:
        cats.add(default.category if default.category is not None else "default")
    for cat, cap in caps.items():
        if cat not in cats:
            raise _fail("pool.toml: royalty.category_caps", (
                f"{cat}: no product has category {cat!r}, so this cap would cap nothing "
                f"(categories: {', '.join(sorted(cats)) or 'none'})"))
        if not (isinstance(cap, int | float) and not isinstance(cap, bool)):
            raise _fail("pool.toml: royalty.category_caps", f"{cat}: must be a number, got {cap!r}")
    if "named" in disc_spec:
        discounts = attrs.evolve(discounts, named=_named(disc_spec["named"]))
    changes = _rate_changes(spec, default, products)
    check_types("royalty", "royalty", spec)
    built = {
        "default": default,
        "products": products,
        "regions": regions,
        "discounts": discounts,
        "category_caps": caps,
        "rate_changes": changes,
        "caps_eligible": _eligibility("royalty.caps_eligible", spec.get("caps_eligible")),
        "past_caps_eligible": _eligibility("royalty.past_caps_eligible",
                                           spec.get("past_caps_eligible")),
    }
    return _wrap(where, Schedule, **{**model_kwargs("royalty", spec, "Schedule"), **built})


def _rate_changes(
    spec: Mapping[str, Any], default: ProductRate | None, products: Mapping[str, ProductRate]
) -> list[RateChange]:
    """``[[royalty.rate_changes]]``: new tiers/min/max of a product from a date on.

    Omitted ``min_per_unit``/``max_per_unit`` keep the values in force before the
    change, unless ``basis`` changes (DVD 3C: 3.5 %, min US$5, then a flat US$5 from
    1 July 2002); ``tier_mode`` and ``category`` may be given only unchanged.
    """
    out: list[RateChange] = []
    in_force: dict[str | None, ProductRate | None] = {None: default, **products}
    last: dict[str | None, dt.date] = {}
    for i, cspec in enumerate(_table_list("royalty.rate_changes", spec.get("rate_changes", []))):
        cwhere = f"royalty.rate_changes[{i}]"
        check_keys(cwhere, _CHANGE, cspec)
        check_required(cwhere, _CHANGE, cspec)
        check_types(cwhere, _CHANGE, cspec)
        eff = cspec["effective"]
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
        new_basis = cspec.get("basis", base.basis.value) != base.basis.value
        for k in _FIXED_BY_BASE:
            if k in cspec:
                old = getattr(base, k)
                old = getattr(old, "value", old)
                if cspec[k] != old:
                    raise _fail(
                        f"pool.toml: {cwhere}.{k}",
                        f"{k} must stay {old!r} (the base rate's), got {cspec[k]!r}; a rate "
                        "change changes basis, tiers, min_per_unit and max_per_unit only",
                    )
        inherit = {
            "basis": base.basis.value,
            "tier_mode": base.tier_mode.value,
            "min_per_unit": base.min_per_unit,
            "max_per_unit": base.max_per_unit,
            "unit_weight": base.unit_weight,
            "max_fraction_of_price": base.max_fraction_of_price,
        }
        if new_basis:  # a rate of another kind: its floor and ceiling start afresh; a unit
            del inherit["min_per_unit"], inherit["max_per_unit"]  # rate keeps the product's
            first = default if product is None else products[product]  # price ceiling
            inherit["max_fraction_of_price"] = (
                first.max_fraction_of_price if cspec["basis"] == "unit" else math.inf)
        if base.category is not None:
            inherit["category"] = base.category
        rspec = {k: cspec[k] for k in _CHANGED_RATE_KEYS if k in cspec}
        rate = _product_rate(cwhere, {**inherit, **rspec}, {})
        check_types(cwhere, _CHANGE, cspec)
        change = _wrap(
            f"pool.toml: {cwhere}", RateChange, eff, rate, product,
            eligible=_eligibility(f"{cwhere}.eligible", cspec.get("eligible")),
            from_signing=cspec.get("from_signing", False),
        )
        in_force[product] = rate
        out.append(change)
    return out


def _named(spec: Any) -> dict[str, NamedDiscount]:
    """``[royalty.discounts.named.<name>]``: a fraction and an ``eligible`` table each."""
    out: dict[str, NamedDiscount] = {}
    for name, nspec in _table(f"{_DISCOUNTS}.named", spec).items():
        nwhere = f"{_DISCOUNTS}.named.{name}"
        nspec = _table(nwhere, nspec)
        check_keys(nwhere, _NAMED, nspec)
        check_required(nwhere, _NAMED, nspec)
        check_types(nwhere, _NAMED, nspec)
        out[name] = _wrap(f"pool.toml: {nwhere}", NamedDiscount, nspec["fraction"],
                          eligible=_eligibility(f"{nwhere}.eligible", nspec.get("eligible")))
    return out


def _eligibility(where: str, spec: Any) -> Eligibility | None:
    """Read an ``[eligibility]`` table (``caps_eligible``, ``discounts.eligible``, a change's)."""
    if spec is None:
        return None
    spec = _table(where, spec)
    check_keys(where, "eligibility", spec)
    check_types(where, "eligibility", spec)
    return _wrap(f"pool.toml: {where}", Eligibility, **model_kwargs("eligibility", spec,
                                                                     "Eligibility"))


def _allocation(spec: Mapping[str, Any]) -> AllocationConfig:
    check_types("allocation", "allocation", spec)
    known = model_kwargs("allocation", {k: spec[k] for k in _ALLOCATION_KEYS if k in spec},
                         "AllocationConfig")
    options = {k: v for k, v in spec.items() if k not in _ALLOCATION_KEYS}
    return _wrap("pool.toml: allocation", AllocationConfig, **known, options=options)


def _members(specs: list[Mapping[str, Any]]) -> list[Member]:
    out: list[Member] = []
    first: dict[str, int] = {}
    for i, spec in enumerate(specs):
        where = f"members[{i}]"
        check_keys(where, "members[]", spec)
        check_required(where, "members[]", spec)
        check_types(where, "members[]", spec)
        m = _wrap(f"pool.toml: {where}", Member, **model_kwargs("members[]", spec, "Member"))
        if m.id in first:
            raise _fail(
                f"pool.toml: {where}",
                f"duplicate member id {m.id!r} (first at members[{first[m.id]}])",
            )
        first[m.id] = i
        out.append(m)
    return out


@checked_args
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

    Examples
    --------
    >>> from poolcalc.data import example_pool_path
    >>> meta = read_pool_toml(example_pool_path() / "pool.toml")
    >>> meta["name"], len(meta["members"])
    ('Example AVC-like pool (synthetic)', 25)
    """
    return pool_toml_text(_read_text(Path(path), "pool.toml"))


def pool_toml_text(text: str) -> dict[str, Any]:
    """Read and validate the text of a pool.toml file (as :func:`read_pool_toml`)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"pool.toml: invalid TOML: {exc}") from None
    try:
        out = _pool_toml(doc)
    except InvalidInputError as exc:
        raise InvalidInputError(_with_toml_line(str(exc), text)) from None
    line = _toml_key_lines(text).get("allocation.scheme")
    if line is not None:  # an unknown scheme is found when allocating: name its line then
        out["allocation"] = attrs.evolve(out["allocation"], source=f"pool.toml:{line}")
    return out


def _pool_toml(doc: dict[str, Any]) -> dict[str, Any]:
    check_keys("", "", doc)
    if "pool" not in doc:
        raise _fail("pool.toml", 'missing table [pool] (with at least name = "...")')
    pool_spec = _table("pool", doc["pool"])
    check_keys("pool", "pool", pool_spec)
    check_required("pool", "pool", pool_spec)
    check_types("pool", "pool", pool_spec)
    out: dict[str, Any] = model_kwargs("pool", pool_spec, "Pool")
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
    if "metric_tiers" in doc.get("royalty", {}):  # tiers by metrics (poolcalc.io._metrics_io)
        out["metric_terms"] = metric_terms(doc["royalty"]["metric_tiers"])
    out["allocation"] = _allocation(_table("allocation", doc.get("allocation", {})))
    for table, cls in (("administrator", Administrator), ("administration", AdministrationPolicy),
                       ("reporting", ReportingTerms)):
        if table in doc:  # who sends the documents, and how statements protect licensees
            spec = _table(table, doc[table])
            check_keys(table, table, spec)
            check_types(table, table, spec)
            out[table] = _wrap(f"pool.toml: {table}", cls,
                               **model_kwargs(table, spec, cls.__name__))
    if "reporting" in out:  # a tolerance finer than the currency's cent is a typo
        tol, minor = out["reporting"].fx_write_off, out.get("minor_units", 2)
        if tol != tol.quantize(Decimal(1).scaleb(-minor)):
            raise _fail("pool.toml: reporting", f"fx_write_off must have at most {minor} "
                        f"decimals (pool minor_units), got {doc['reporting']['fx_write_off']!r}")
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
        # "royalty: category_caps: hardwear: ...": the deepest key path named first
        chain = re.match(r"((?:[A-Za-z0-9_.\[\]-]+: )+)", msg[len("pool.toml: "):])
        if chain:
            parts = [p for p in chain.group(1).split(": ") if p]
            candidates.extend(".".join(parts[:k]) for k in range(len(parts), 1, -1))
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
def pool_toml_doc(pool: Pool) -> dict[str, Any]:
    """Return the pool.toml of ``pool`` as nested dicts (what :func:`write_pool` writes).

    Every key comes from its row of the schema table (:mod:`poolcalc.io._schema`), in
    schema order; the options of the allocation scheme follow its three keys.
    """
    doc = write_table("", {"Pool": pool})
    doc["allocation"].update(dict(pool.allocation.options))
    return doc

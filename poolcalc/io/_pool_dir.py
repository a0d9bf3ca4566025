"""Read and write a pool directory: pool.toml, patents.csv, licensees.csv, sales.csv.

The format is the interchange contract of DESIGN.md ("Pool directory").  Every bad
input raises :class:`~poolcalc.errors.InvalidInputError` with one line naming the file,
the line, the field (for pool.toml the key path) and the value::

    sales.csv:14: units must be a non-negative integer, got '-3'
    patents.csv:7: duplicate patent id 'US123' (first on line 3)
    pool.toml:23: royalty.tiers: tiers must be strictly increasing in 'from', got 100000 then 100000

(pool.toml line numbers come from a light scan of the text for the named key or
table; when it cannot be found the message has the key path only.)

Policies
--------
- Unknown keys in pool.toml are errors (the message lists the allowed keys), except
  in ``[allocation]``, where any key besides ``scheme``, ``unit`` and ``country`` is a
  scheme option, and in ``[royalty.category_caps]``, whose keys are category names.
- Unknown CSV columns are errors too (a misspelt optional column such as
  ``net_prize`` would otherwise be ignored silently); column order is free.
- Empty lines in a CSV are skipped; every other row must have one value per column.
  Values are stripped of surrounding spaces; an empty optional value means "absent".
- ``[royalty]`` holds the default rate (``basis``, ``tier_mode``, ``tiers``,
  ``min_per_unit``, ``max_per_unit``, ``category``): a default exists when ``tiers`` is
  given.  ``[royalty.products.<name>]`` tables override it per product and inherit
  ``basis``, ``tier_mode``, ``tiers``, ``min_per_unit`` and ``max_per_unit`` (not
  ``category``) from ``[royalty]`` when they leave them out.
- ``[[royalty.rate_changes]]`` (mid-year rate changes, renewals): ``effective``
  (a TOML date, the first sale date of the new terms), optional ``product`` (a key of
  ``[royalty.products]``; omitted = the default rate), ``tiers`` (required),
  ``min_per_unit``/``max_per_unit`` (omitted = as in force before).  Dates strictly
  increasing per product; ``basis``, ``tier_mode``, ``category`` only unchanged.

Stage terms (seed paper, section 3.1(2); :mod:`poolcalc.alliance` presets write them)
-------------------------------------------------------------------------------------
- licensees.csv ``chain_level`` (optional): ``technology``, ``equipment``,
  ``terminal``, ``operator`` or ``service``; empty = none.
- ``[royalty] member_rate`` (number in [0, 1], default 1): factor on what a
  licensee that is a pool member owes (0 = royalty-free cross-licence).
- ``[royalty] members_only`` (bool, default false): the pool licenses its members
  only; other licensees' sales are reported as not due.
- ``[royalty.discounts] chain_level = { terminal = 0.3, ... }``: preferential
  discount by chain level, combined with the other discounts under ``combine``.
- ``[[royalty.regions]] separate_tiers = true``: the region's units are tiered on
  their own counter (Via LA AAC R1/R2).

Content ("usage") royalties: optional ``usage.csv`` and ``[royalty.usage]`` (format and
messages in :mod:`poolcalc.io._usage_io`; ``Pool.usage`` / ``Pool.usage_terms``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import io
import math
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.io._toml import dumps as toml_dumps
from poolcalc.io._usage_io import read_usage, usage_terms, usage_terms_doc, write_usage
from poolcalc.model import (
    AllocationConfig,
    Discounts,
    Licensee,
    Member,
    Patent,
    Pool,
    ProductRate,
    RateChange,
    Region,
    SalesRecord,
    Schedule,
)

__all__ = [
    "LICENSEE_COLUMNS",
    "PATENT_COLUMNS",
    "POOL_FILES",
    "SALES_COLUMNS",
    "read_pool",
    "read_pool_toml",
    "write_pool",
]

#: Files of a pool directory.
POOL_FILES = ("pool.toml", "patents.csv", "licensees.csv", "sales.csv")

#: (required, optional) columns per CSV file.
PATENT_COLUMNS = (
    ("patent", "owner", "country", "expires", "status"),
    ("family", "granted", "disclosed", "feature", "alternative", "evaluator", "weight"),
)
LICENSEE_COLUMNS = (
    ("licensee", "name"),
    ("enterprise", "member", "signed", "good_standing", "chain_level"),
)
SALES_COLUMNS = (
    ("licensee", "date", "product", "country_of_sale", "country_of_manufacture", "units"),
    ("net_price",),
)

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
# small helpers
# ------------------------------------------------------------------------------------------
@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are created.

    Parsing 10^6 rows creates millions of lists and strings, none of them cyclic;
    CPython's generational collector would rescan them again and again (it made
    parsing about 5x slower in benchmarks/bench_io.py).  The previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fail(where: str, msg: str) -> InvalidInputError:
    return InvalidInputError(f"{where}: {msg}")


def _wrap(where: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn``; re-raise model validation errors prefixed with ``where``."""
    try:
        return fn(*args, **kwargs)
    except InvalidInputError as exc:
        raise _fail(where, str(exc)) from None


def _pool_files(path: str | os.PathLike[str]) -> dict[str, Path]:
    root = Path(path)
    if not root.exists():
        raise InvalidInputError(f"pool directory {str(root)!r} does not exist")
    if not root.is_dir():
        raise InvalidInputError(f"pool directory {str(root)!r} is not a directory")
    files = {}
    for name in POOL_FILES:
        f = root / name
        if not f.is_file():
            raise InvalidInputError(
                f"{name}: missing file (pool directory {str(root)!r} has no {name})"
            )
        files[name] = f
    return files


def _read_text(f: Path, name: str) -> str:
    try:
        return f.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{name}: not UTF-8 text (byte {exc.start}: {exc.object[exc.start : exc.start + 1]!r})"
        ) from None
    except OSError as exc:
        raise InvalidInputError(f"{name}: cannot read file ({exc.strerror})") from None


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
        from poolcalc.model._validators import check_finite

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
# CSV files
# ------------------------------------------------------------------------------------------
def _header(
    name: str, header: list[str] | None, columns: tuple[tuple[str, ...], tuple[str, ...]]
) -> list[str]:
    required, optional = columns
    if header is None:
        raise _fail(name, f"empty file (expected a header row: {', '.join(required)})")
    cols = [h.strip() for h in header]
    have = ", ".join(cols)
    seen: set[str] = set()
    for c in cols:
        if c in seen:
            raise _fail(name, f"duplicate column {c!r} (have: {have})")
        seen.add(c)
        if c not in required and c not in optional:
            raise _fail(
                name,
                f"unknown column {c!r} (required: {', '.join(required)}; "
                f"optional: {', '.join(optional)})",
            )
    for c in required:
        if c not in seen:
            raise _fail(name, f"missing column {c!r} (have: {have})")
    return cols


def _csv_rows(
    text: str, name: str, columns: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """Header and an iterator of (line number, stripped values) for the data rows."""
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _fail(f"{name}:{reader.line_num}", f"malformed CSV: {exc}") from None
    cols = _header(name, header, columns)
    ncol = len(cols)

    def rows() -> Iterable[tuple[int, list[str]]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _fail(f"{name}:{reader.line_num}", f"malformed CSV: {exc}") from None
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != ncol:
                raise _fail(
                    f"{name}:{reader.line_num}",
                    f"expected {ncol} values (columns: {', '.join(cols)}), got {len(row)}",
                )
            yield reader.line_num, [v.strip() for v in row]

    return cols, rows()


def _opt(v: str) -> str | None:
    return v if v != "" else None


def _read_patents(text: str, members: set[str]) -> list[Patent]:
    name = "patents.csv"
    cols, rows = _csv_rows(text, name, PATENT_COLUMNS)
    out: list[Patent] = []
    first: dict[str, int] = {}
    for line, row in rows:
        rec = dict(zip(cols, row, strict=True))
        where = f"{name}:{line}"
        kwargs = {"id": rec.pop("patent")} | {
            k: (_opt(v) if k in PATENT_COLUMNS[1] else v) for k, v in rec.items()
        }
        p = _wrap(where, Patent, **kwargs)
        if p.id in first:
            raise _fail(where, f"duplicate patent id {p.id!r} (first on line {first[p.id]})")
        first[p.id] = line
        if p.owner not in members:
            raise _fail(where, f"owner {p.owner!r} is not a member in pool.toml ({_some(members)})")
        out.append(p)
    return out


def _some(ids: Iterable[str], k: int = 8) -> str:
    s = sorted(ids)
    if not s:
        return "none listed"
    head = ", ".join(s[:k])
    return f"known: {head}" + (f", ... ({len(s)} in all)" if len(s) > k else "")


def _read_licensees(text: str, members: set[str]) -> list[Licensee]:
    name = "licensees.csv"
    cols, rows = _csv_rows(text, name, LICENSEE_COLUMNS)
    out: list[Licensee] = []
    first: dict[str, int] = {}
    for line, row in rows:
        rec = dict(zip(cols, row, strict=True))
        where = f"{name}:{line}"
        kwargs = {"id": rec.pop("licensee")} | {
            k: (_opt(v) if k in LICENSEE_COLUMNS[1] else v) for k, v in rec.items()
        }
        lic = _wrap(where, Licensee, **kwargs)
        if lic.id in first:
            raise _fail(where, f"duplicate licensee id {lic.id!r} (first on line {first[lic.id]})")
        first[lic.id] = line
        if lic.member is not None and lic.member not in members:
            raise _fail(
                where,
                f"unknown member {lic.member!r} (member ids come from pool.toml; {_some(members)})",
            )
        out.append(lic)
    return out


def _read_sales(text: str, licensees: set[str], schedule: Schedule) -> list[SalesRecord]:
    name = "sales.csv"
    cols, rows = _csv_rows(text, name, SALES_COLUMNS)
    out: list[SalesRecord] = []
    products_ok: set[str] = set()
    for line, row in rows:
        rec = dict(zip(cols, row, strict=True))
        where = f"{name}:{line}"
        s = _wrap(
            where, SalesRecord, **{k: (_opt(v) if k == "net_price" else v) for k, v in rec.items()}
        )
        if s.licensee not in licensees:
            raise _fail(where, f"unknown licensee {s.licensee!r} (not in licensees.csv)")
        if s.product not in products_ok:
            _wrap(where, schedule.rate_for, s.product)
            products_ok.add(s.product)
        out.append(s)
    return out


def read_pool(path: str | os.PathLike[str]) -> Pool:
    """Read a pool directory into a validated :class:`~poolcalc.model.Pool`.

    Parameters
    ----------
    path : path-like
        Directory holding ``pool.toml``, ``patents.csv``, ``licensees.csv`` and
        ``sales.csv`` (format: DESIGN.md, "Pool directory"; see the module docstring
        for the policies on unknown keys and columns).

    Returns
    -------
    Pool

    Raises
    ------
    InvalidInputError
        Missing directory, file or column; a value the model rejects; a duplicate
        id; an unknown member, licensee or product.  The one-line message names the
        file, the line (or pool.toml key path), the field and the value.

    Examples
    --------
    >>> from poolcalc.data import example_pool_path
    >>> pool = read_pool(example_pool_path())
    >>> pool.schedule.enterprise_cap
    6500000.0
    """
    files = _pool_files(path)
    meta = read_pool_toml(files["pool.toml"])
    member_ids = {m.id for m in meta["members"]}
    with paused_gc():
        patents = _read_patents(_read_text(files["patents.csv"], "patents.csv"), member_ids)
        licensees = _read_licensees(_read_text(files["licensees.csv"], "licensees.csv"), member_ids)
        sales = _read_sales(
            _read_text(files["sales.csv"], "sales.csv"),
            {lic.id for lic in licensees},
            meta["schedule"],
        )
        usage = read_usage(
            files["pool.toml"].parent, {lic.id for lic in licensees}, _csv_rows, _read_text
        )
        return _wrap(
            str(path), Pool, patents=patents, licensees=licensees, sales=sales, usage=usage, **meta
        )


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


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if not math.isfinite(v):
            raise InvalidInputError(f"cannot write non-finite number {v!r} to CSV")
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _write_csv(f: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow([_fmt(v) for v in row])


def _columns(
    objs: Sequence[Any],
    fields: Sequence[tuple[str, str]],
    keep: Callable[[str, Sequence[Any]], bool],
) -> list[tuple[str, str]]:
    """Keep the optional columns where some row has a non-default value."""
    return [(col, attr) for col, attr in fields if keep(attr, objs)]


def write_pool(pool: Pool, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write ``pool`` as a pool directory (inverse of :func:`read_pool`).

    Optional CSV columns are written only when some row has a value other than the
    default (``family`` other than the patent id, ``enterprise`` other than the
    licensee id, ``weight`` other than 1, ...).  Floats are written with ``repr`` so
    ``read_pool(write_pool(pool, d)) == pool``.

    Parameters
    ----------
    pool : Pool
    path : path-like
        Target directory (created if missing).
    overwrite : bool, default False
        Replace pool files that already exist in ``path``.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InvalidInputError
        ``path`` already holds pool files and ``overwrite`` is false, an
        allocation option cannot be written as TOML, or ``pool`` is a table pool
        (:meth:`Pool.from_tables <poolcalc.model.Pool.from_tables>`: no row objects
        to write; :meth:`poolcalc.compare.SyntheticPool.write` writes from columns).
    """
    if pool.is_table_pool:
        raise InvalidInputError(
            "write_pool: pool keeps its patents/sales only in columnar tables "
            "(Pool.from_tables / read_tables); there are no row objects to write"
        )
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    if not overwrite:
        for name in (*POOL_FILES, *(("usage.csv",) if pool.usage else ())):
            if (root / name).exists():
                raise InvalidInputError(f"{root / name} exists (pass overwrite=True to replace it)")
    try:
        text = toml_dumps(pool_toml_doc(pool))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"pool.toml: {exc}") from None
    (root / "pool.toml").write_text(text, encoding="utf-8")

    ps = pool.patents
    p_opt = _columns(
        ps,
        [
            ("family", "family"),
            ("granted", "granted"),
            ("disclosed", "disclosed"),
            ("feature", "feature"),
            ("alternative", "alternative"),
            ("evaluator", "evaluator"),
            ("weight", "weight"),
        ],
        lambda a, objs: any(
            (getattr(o, a) != o.id)
            if a == "family"
            else (getattr(o, a) != 1.0)
            if a == "weight"
            else getattr(o, a) is not None
            for o in objs
        ),
    )
    _write_csv(
        root / "patents.csv",
        ["patent", "owner", "country", "expires", "status", *(c for c, _ in p_opt)],
        (
            [
                p.id,
                p.owner,
                p.country,
                p.expires,
                p.status.value,
                *(getattr(p, a) for _, a in p_opt),
            ]
            for p in ps
        ),
    )
    ls = pool.licensees
    l_opt = _columns(
        ls,
        [
            ("enterprise", "enterprise"),
            ("member", "member"),
            ("signed", "signed"),
            ("good_standing", "good_standing"),
            ("chain_level", "chain_level"),
        ],
        lambda a, objs: any(
            (getattr(o, a) != o.id)
            if a == "enterprise"
            else (not o.good_standing)
            if a == "good_standing"
            else getattr(o, a) is not None
            for o in objs
        ),
    )
    _write_csv(
        root / "licensees.csv",
        ["licensee", "name", *(c for c, _ in l_opt)],
        ([lic.id, lic.name, *(getattr(lic, a) for _, a in l_opt)] for lic in ls),
    )
    ss = pool.sales
    with_price = any(s.net_price is not None for s in ss)
    _write_csv(
        root / "sales.csv",
        [*SALES_COLUMNS[0], *(("net_price",) if with_price else ())],
        (
            [
                s.licensee,
                s.date,
                s.product,
                s.country_of_sale,
                s.country_of_manufacture,
                s.units,
                *((s.net_price,) if with_price else ()),
            ]
            for s in ss
        ),
    )
    if pool.usage:
        write_usage(root, pool.usage, _write_csv)
    elif (root / "usage.csv").exists() and overwrite:
        (root / "usage.csv").unlink()  # a stale usage.csv would be read back
    return root

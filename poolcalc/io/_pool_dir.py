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

import os
from pathlib import Path

from poolcalc.errors import InvalidInputError
from poolcalc.io._csv import (
    LICENSEE_COLUMNS,
    PATENT_COLUMNS,
    POOL_FILES,
    SALES_COLUMNS,
    _columns,
    _csv_rows,
    _fail,
    _opt,
    _pool_files,
    _read_text,
    _some,
    _wrap,
    _write_csv,
    paused_gc,
)
from poolcalc.io._pool_toml import pool_toml_doc, read_pool_toml
from poolcalc.io._toml import dumps as toml_dumps
from poolcalc.io._usage_io import read_usage, write_usage
from poolcalc.model import Licensee, Patent, Pool, SalesRecord, Schedule

__all__ = ["read_pool", "write_pool"]

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


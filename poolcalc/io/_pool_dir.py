"""Read and write a pool directory: pool.toml, patents.csv, licensees.csv, sales.csv.

The format is documented in the product's ``docs/pool-directory.md`` and
``docs/pool-toml.md``.  Every bad input raises
:class:`~poolcalc.errors.InvalidInputError` with one line naming the file, the line,
the field (for pool.toml the key path) and the value::

    sales.csv:14: units must be a non-negative integer, got '-3'
    patents.csv:7: duplicate patent id 'US123' (first on line 3)
    pool.toml:23: royalty.tiers: tiers must be strictly increasing in 'from', got 10 then 10

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

import csv
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from poolcalc._format import FORMULA_START, escape_formula
from poolcalc._log import timed
from poolcalc.errors import InvalidInputError
from poolcalc.io._columns import read_sales_csv
from poolcalc.io._csv import (
    LICENSEE_COLUMNS,
    POOL_FILES,
    _columns,
    _csv_rows,
    _fail,
    _opt,
    _pool_files,
    _read_bytes,
    _read_text,
    _some,
    _wrap,
    _write_csv,
    paused_gc,
)
from poolcalc.io._licensees import read_licensees_columns
from poolcalc.io._metrics_io import read_metrics, write_metrics
from poolcalc.io._patents_csv import read_patents_csv
from poolcalc.io._payers_io import payer_column, read_payers, sales_columns
from poolcalc.io._pool_toml import pool_toml_doc, read_pool_toml
from poolcalc.io._toml import dumps as toml_dumps
from poolcalc.io._usage_io import read_usage, write_usage
from poolcalc.io._xlsx import is_workbook, read_workbook, write_workbook
from poolcalc.model import Licensee, Pool
from poolcalc.tables import COUNTRIES, NO_DATE, STATUSES, PatentTable, SalesTable

__all__ = ["convert_pool", "read_pool", "write_pool"]

_log = logging.getLogger(__name__)


def _pool_text(pool: Pool) -> str:
    return (f"{len(pool.members)} members, {len(pool.patents)} patents, "
            f"{len(pool.licensees)} licensees, {len(pool.sales)} sales rows")


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


def _table_data(f: Path) -> bytes | Path:
    """Return what the columnar readers take: a Parquet path, or a CSV's checked bytes."""
    return f if f.suffix == ".parquet" else _read_bytes(f, f.name)


@timed(_log, lambda path: f"read pool {os.fspath(path)}", _pool_text)
def read_pool(path: str | os.PathLike[str]) -> Pool:
    """Read a pool directory into a validated :class:`~poolcalc.model.Pool`.

    The one reader of pool directories: patents.csv and sales.csv go straight into
    columns (:mod:`poolcalc.io._columns`), no Python object per row, so every command
    reads a pool of 10^6 rows the same fast way.

    Parameters
    ----------
    path : path-like
        Directory holding ``pool.toml``, ``patents.csv``, ``licensees.csv`` and
        ``sales.csv`` (and optionally ``usage.csv``); see the module docstring for the
        policies on unknown keys and columns.  Or an Excel workbook (``.xlsx``) with
        one sheet per file (:mod:`poolcalc.io._xlsx`; needs ``poolcalc[documents]``).

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
    >>> pool.schedule.enterprise_cap, len(pool.sales)
    (6500000.0, 9870)
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidInputError(f"pool path must be a path to a pool directory, got {path!r}")
    if is_workbook(path):
        return read_workbook(path, read_pool)
    files = _pool_files(path)
    meta = read_pool_toml(files["pool.toml"])
    members = [m.id for m in meta["members"]]
    with paused_gc():
        patents = read_patents_csv(_table_data(files["patents.csv"]), members)
        licensees = read_licensees_columns(
            _read_bytes(files["licensees.csv"], "licensees.csv"), set(members), _read_licensees
        )
        sales = read_sales_csv(
            _table_data(files["sales.csv"]),
            licensees.ids,
            licensees.enterprises,  # aligned with licensees.ids
            meta["schedule"],
            columns=sales_columns(files["sales.csv"]),
            positions=licensees.positions(),
        )
        payers = read_payers(files["sales.csv"])
        usage = read_usage(
            files["pool.toml"].parent,
            lambda: dict(zip(licensees.ids, licensees.column("signed"), strict=True)),
            _csv_rows, _read_text,
        )
        metrics = read_metrics(files["pool.toml"].parent, lambda: set(licensees.ids),
                               meta.get("metric_terms"), _csv_rows, _read_text)
        return _wrap(
            str(path), Pool, patents=patents, licensees=licensees, sales=sales, usage=usage,
            payers=payers, metrics=metrics, **meta
        )


# ------------------------------------------------------------------------------------------
# writer
# ------------------------------------------------------------------------------------------
def _iso(days: np.ndarray) -> np.ndarray:
    """ISO date strings of day numbers, "" for :data:`~poolcalc.tables.NO_DATE`."""
    out = np.datetime_as_string(days.astype(np.int64).astype("datetime64[D]")).astype(object)
    out[days == NO_DATE] = ""
    return out


def _labels(labels: Sequence[str], codes: np.ndarray) -> np.ndarray:
    lab = np.array([*labels, ""], dtype=object)
    return lab[np.where(codes < 0, len(labels), codes)]


def _floats(x: np.ndarray, empty_nan: bool = False) -> list[str]:
    """``repr`` of each float (round-trips exactly); "" for NaN when ``empty_nan``."""
    out = []
    for v in x.tolist():
        if v != v and empty_nan:
            out.append("")
            continue
        if v in (float("inf"), float("-inf")) or v != v:
            raise InvalidInputError(f"cannot write non-finite number {v!r} to CSV")
        out.append(repr(v))
    return out


def _write_columns(f: Path, columns: dict[str, Sequence[object]]) -> None:
    """Write columns as CSV; text cells formula-escaped (:func:`escape_formula`)."""
    cols = [
        [escape_formula(v) if isinstance(v, str) else v for v in values]
        if _has_formula_start(values) else values
        for values in columns.values()
    ]
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(list(columns))
        w.writerows(zip(*cols, strict=True))


def _has_formula_start(values: Sequence[object]) -> bool:
    """Whether some text cell starts with a formula character or a quote."""
    starts = (*FORMULA_START, "'")
    return any(isinstance(v, str) and v[:1] in starts for v in values)


def _patent_columns(pt: PatentTable) -> dict[str, Sequence[object]]:
    ids = pt.ids.astype(str).astype(object)
    cols: dict[str, Sequence[object]] = {
        "patent": ids,
        "owner": _labels(pt.members, pt.owner),
        "country": np.array(COUNTRIES, dtype=object)[pt.country],
        "expires": _iso(pt.expires),
        "status": np.array([s.value for s in STATUSES], dtype=object)[pt.status],
    }
    family = _labels(pt.families, pt.family)
    if np.any(family != ids):
        cols["family"] = family
    for name in ("granted", "disclosed"):
        days = getattr(pt, name)
        if np.any(days != NO_DATE):
            cols[name] = _iso(days)
    for name, labels in (("feature", pt.features), ("alternative", pt.alternatives),
                         ("evaluator", pt.evaluators)):
        codes = getattr(pt, name)
        if np.any(codes >= 0):
            cols[name] = _labels(labels, codes)
    if np.any(pt.weight != 1.0):
        cols["weight"] = _floats(pt.weight)
    return cols


def _sales_columns(st: SalesTable) -> dict[str, Sequence[object]]:
    cols: dict[str, Sequence[object]] = {
        "licensee": _labels(st.licensees, st.licensee),
        "date": _iso(st.date),
        "product": _labels(st.products, st.product),
        "country_of_sale": np.array(COUNTRIES, dtype=object)[st.country_of_sale],
        "country_of_manufacture": np.array(COUNTRIES, dtype=object)[st.country_of_manufacture],
        "units": st.units.tolist(),
    }
    if st.has_price.any():
        cols["net_price"] = _floats(st.net_price, empty_nan=True)
    return cols


@timed(_log, lambda pool, path, **_: f"write pool {os.fspath(path)}: {_pool_text(pool)}")
def write_pool(pool: Pool, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write ``pool`` as a pool directory, or as a workbook (inverse of :func:`read_pool`).

    A path ending in ``.xlsx`` gets one workbook with a sheet per file and pool.toml
    as a sheet (:mod:`poolcalc.io._xlsx`; needs ``poolcalc[documents]``).

    Optional CSV columns are written only when some row has a value other than the
    default (``family`` other than the patent id, ``enterprise`` other than the
    licensee id, ``weight`` other than 1, ...).  Floats are written with ``repr`` so
    ``read_pool(write_pool(pool, d)) == pool``.  Text cells that a spreadsheet would
    run as a formula (``=1+2``, ``@SUM(1)``) are written with a leading quote (OWASP,
    :func:`poolcalc._format.escape_formula`); the reader removes it again.  Columns are
    written straight from the tables (no row objects), so a pool of 10^6 rows takes
    seconds.

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
        ``path`` already holds pool files and ``overwrite`` is false, or an
        allocation option cannot be written as TOML.

    Examples
    --------
    >>> import os, tempfile
    >>> import poolcalc
    >>> pool = poolcalc.load_example()
    >>> copy = write_pool(pool, os.path.join(tempfile.mkdtemp(), "pool"))
    >>> sorted(p.name for p in copy.iterdir())
    ['licensees.csv', 'patents.csv', 'pool.toml', 'sales.csv']
    >>> len(read_pool(copy).sales) == len(pool.sales)
    True
    """
    if not isinstance(pool, Pool):
        raise InvalidInputError(f"write_pool: pool must be a Pool, got {type(pool).__name__}")
    if is_workbook(path):
        return write_workbook(pool, path, write_pool, overwrite=overwrite)
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    if not overwrite:
        extra = (*(("usage.csv",) if pool.usage else ()),
                 *(("metrics.csv",) if pool.metrics else ()))
        for name in (*POOL_FILES, *extra):
            if (root / name).exists():
                raise InvalidInputError(f"{root / name} exists (pass overwrite=True to replace it)")
    try:
        text = toml_dumps(pool_toml_doc(pool))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"pool.toml: {exc}") from None
    (root / "pool.toml").write_text(text, encoding="utf-8")
    _write_columns(root / "patents.csv", _patent_columns(pool.patents))
    ls = pool.licensees
    l_opt = _columns(
        ls,
        [
            ("enterprise", "enterprise"),
            ("member", "member"),
            ("signed", "signed"),
            ("good_standing", "good_standing"),
            ("chain_level", "chain_level"),
            ("address", "address"),
            ("country", "country"),
            ("email", "email"),
            ("agreements", "agreements"),
        ],
        lambda a, objs: any(
            (getattr(o, a) != o.id)
            if a == "enterprise"
            else (not o.good_standing)
            if a == "good_standing"
            else bool(o.agreements)
            if a == "agreements"
            else getattr(o, a) is not None
            for o in objs
        ),
    )
    _write_csv(
        root / "licensees.csv",
        ["licensee", "name", *(c for c, _ in l_opt)],
        ([lic.id, lic.name, *(getattr(lic, a) for _, a in l_opt)] for lic in ls),
    )
    sales_cols = _sales_columns(pool.sales)
    payer = payer_column(pool.sales, pool.payers)
    if payer is not None:
        sales_cols["payer"] = payer
    _write_columns(root / "sales.csv", sales_cols)
    if pool.usage:
        write_usage(root, pool.usage, _write_csv)
    elif (root / "usage.csv").exists() and overwrite:
        (root / "usage.csv").unlink()  # a stale usage.csv would be read back
    if pool.metrics:
        write_metrics(root, pool.metrics, _write_csv)
    elif (root / "metrics.csv").exists() and overwrite:
        (root / "metrics.csv").unlink()
    return root


def convert_pool(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Convert a pool directory to a workbook or back (``poolcalc convert SRC DST``).

    Parameters
    ----------
    source : path-like
        Pool directory or ``.xlsx`` workbook.
    target : path-like
        ``.xlsx`` path: written as a workbook; anything else: as a directory.
    overwrite : bool, default False
        Replace existing files.

    Returns
    -------
    pathlib.Path
        ``target``.  Both forms are written from the validated pool, so
        ``read_pool(target) == read_pool(source)`` and converting back gives the
        files :func:`write_pool` writes for the pool, byte for byte.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import poolcalc.model as m
    >>> pool = m.Pool("P", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     src = write_pool(pool, pathlib.Path(d) / "pool")
    ...     book = convert_pool(src, pathlib.Path(d) / "pool.xlsx")
    ...     read_pool(book) == pool
    True
    """
    return write_pool(read_pool(source), target, overwrite=overwrite)

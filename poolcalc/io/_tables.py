"""Fast path for large pool directories: CSVs straight into columnar tables.

:func:`read_tables` reads the same pool directory as :func:`~poolcalc.io.read_pool`
but builds :class:`~poolcalc.tables.PatentTable` and :class:`~poolcalc.tables.SalesTable`
directly, without one Python object per row, for portfolios of 10^6 national patents
and 10^6 sales rows.  Validation is vectorised: each column is factorised into its
distinct values (a year has at most 366 dates, a pool a few hundred countries,
products and licensees), each distinct value is checked once with the same
converter the model uses, and the first offending row is located with numpy, so the
error messages are the ones :func:`read_pool` gives (``file:line: field ... got
'value'``).  When a file has two different errors the two readers may report a
different one first (``read_pool`` goes row by row, ``read_tables`` column by column).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.io._pool_dir import (
    PATENT_COLUMNS,
    SALES_COLUMNS,
    _csv_rows,
    _header,
    _pool_files,
    _read_licensees,
    _read_text,
    _some,
    paused_gc,
    read_pool_toml,
)
from poolcalc.model import PatentStatus, Pool, Schedule
from poolcalc.model._validators import (
    check_country,
    check_finite,
    check_id,
    check_units,
    choice,
    to_date,
    to_optional_date,
)
from poolcalc.tables import NO_DATE, STATUSES, PatentTable, SalesTable, country_code, day_number

__all__ = ["PoolTables", "read_tables"]


@attrs.frozen(eq=False)
class PoolTables:
    """A pool directory read into columnar tables (see :func:`read_tables`).

    Attributes
    ----------
    pool : Pool
        Everything from pool.toml and licensees.csv; ``pool.patents`` and
        ``pool.sales`` are empty (the rows are in the tables).
    patents : PatentTable
        One row per line of patents.csv, in file order.
    sales : SalesTable
        One row per line of sales.csv, in file order; ``sales.line`` holds the
        file line numbers.
    """

    pool: Pool
    patents: PatentTable
    sales: SalesTable


# ------------------------------------------------------------------------------------------
# reading columns
# ------------------------------------------------------------------------------------------
def _columns(
    text: str, name: str, spec: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Columns (object arrays of str) and the file line number of each data row.

    Files without quotes or carriage returns whose every line has one value per
    column are split in one pass (``str.split`` on the whole body, commas per line
    counted with numpy); anything else goes through :mod:`csv` line by line.
    """
    if '"' in text or "\r" in text:
        return _columns_csv(text, name, spec)
    head, _, body = text.partition("\n")
    cols = _header(name, next(csv.reader([head])) if head.strip() else None, spec)
    ncol = len(cols)
    if body and not body.endswith("\n"):
        body += "\n"
    b = np.frombuffer(body.encode("utf-8"), np.uint8)
    newlines = np.flatnonzero(b == 10)
    commas = np.flatnonzero(b == 44)
    per_line = np.diff(np.searchsorted(commas, newlines), prepend=0)
    if np.any(per_line != ncol - 1):  # blank or ragged lines: take the careful path
        return _columns_csv(text, name, spec)
    n = newlines.size
    flat = body.replace("\n", ",").split(",")
    flat.pop()  # after the last newline
    arr = np.array(flat, dtype=object).reshape(n, ncol)
    return {c: arr[:, j] for j, c in enumerate(cols)}, np.arange(2, n + 2, dtype=np.int64)


def _columns_csv(
    text: str, name: str, spec: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    cols, rows = _csv_rows(text, name, spec)
    lines: list[int] = []
    data: list[list[str]] = []
    for line, row in rows:
        lines.append(line)
        data.append(row)
    arr = np.empty((len(data), len(cols)), dtype=object)
    if data:
        arr[:] = data
    return {c: arr[:, j] for j, c in enumerate(cols)}, np.asarray(lines, np.int64)


def _factorize(col: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Distinct stripped values in order of first appearance, and int32 codes."""
    values = col.tolist()
    raw = list(dict.fromkeys(values))
    index = {v: k for k, v in enumerate(raw)}
    codes = np.fromiter(map(index.__getitem__, values), np.int32, count=len(values))
    stripped = [v.strip() for v in raw]
    if stripped != raw:  # merge values that differ only by surrounding spaces
        uniq = list(dict.fromkeys(stripped))
        index = {v: k for k, v in enumerate(uniq)}
        remap = np.fromiter(map(index.__getitem__, stripped), np.int32, count=len(stripped))
        return uniq, remap[codes]
    return raw, codes


def _convert(
    name: str,
    lines: np.ndarray,
    uniques: Sequence[str],
    codes: np.ndarray,
    fn: Callable[[str], Any],
) -> list[Any]:
    """``fn`` on each distinct value; an error names the first line holding the value."""
    out = []
    for k, u in enumerate(uniques):
        try:
            out.append(fn(u))
        except InvalidInputError as exc:
            i = int(np.flatnonzero(codes == k)[0])
            raise InvalidInputError(f"{name}:{lines[i]}: {exc}") from None
    return out


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _mapped(
    name: str, lines: np.ndarray, col: np.ndarray, fn: Callable[[str], Any], dtype: Any
) -> np.ndarray:
    uniques, codes = _factorize(col)
    values = np.asarray(_convert(name, lines, uniques, codes, fn), dtype=dtype)
    return values[codes] if codes.size else np.empty(0, dtype)


def _strings(col: np.ndarray) -> np.ndarray:
    uniques, codes = _factorize(col)
    return np.asarray(uniques, dtype=object)[codes] if codes.size else np.empty(0, object)


def _units(name: str, lines: np.ndarray, col: np.ndarray) -> np.ndarray:
    try:
        u = col.astype(np.int64)
    except (ValueError, OverflowError):
        return _mapped(name, lines, col, lambda v: check_units(v, "units"), np.int64)
    neg = u < 0
    if neg.any():
        i = _first(neg)
        raise InvalidInputError(
            f"{name}:{lines[i]}: units must be a non-negative integer, got {col[i].strip()!r}"
        )
    return u


def _floats(
    name: str, lines: np.ndarray, col: np.ndarray, field: str, default: float
) -> np.ndarray:
    """Non-negative finite floats; empty -> ``default``."""

    def conv(v: str) -> float:
        return default if v == "" else check_finite(v, field, low=0.0)

    empty = col == ""
    try:
        x = np.full(col.size, default, np.float64)
        x[~empty] = col[~empty].astype(np.float64)
    except ValueError:
        return _mapped(name, lines, col, conv, np.float64)
    bad = ~empty & ~(np.isfinite(x) & (x >= 0))
    if bad.any():
        i = _first(bad)
        _convert(name, lines[i : i + 1], [col[i].strip()], np.zeros(1, np.int32), conv)  # raises
    return x


def _days(name: str, lines: np.ndarray, col: np.ndarray, field: str, required: bool) -> np.ndarray:
    def conv(v: str) -> int:
        d = to_date(v, field) if required else to_optional_date(v, field)
        return NO_DATE if d is None else day_number(d)

    return _mapped(name, lines, col, conv, np.int64)


# ------------------------------------------------------------------------------------------
# files
# ------------------------------------------------------------------------------------------
def _patent_table(text: str, members: Sequence[str]) -> PatentTable:
    name = "patents.csv"
    c, lines = _columns(text, name, PATENT_COLUMNS)
    n = lines.size
    id_list = [v.strip() for v in c["patent"].tolist()]
    ids = np.empty(n, dtype=object)
    ids[:] = id_list
    distinct = set(id_list)
    if "" in distinct:
        i = _first(ids == "")
        raise InvalidInputError(f"{name}:{lines[i]}: patent must be a non-empty string, got ''")
    if len(distinct) < n:
        first: dict[str, int] = {}
        for i, v in enumerate(id_list):
            j = first.setdefault(v, i)
            if j != i:
                raise InvalidInputError(
                    f"{name}:{lines[i]}: duplicate patent id {v!r} (first on line {lines[j]})"
                )
    member_index = {m: k for k, m in enumerate(members)}

    def owner_code(v: str) -> int:
        v = check_id(v, "owner")
        if v not in member_index:
            raise InvalidInputError(
                f"owner {v!r} is not a member in pool.toml ({_some(member_index)})"
            )
        return member_index[v]

    # column order follows the Patent fields, like read_pool's row-by-row checks
    owner = _mapped(name, lines, c["owner"], owner_code, np.int32)
    country = _mapped(
        name, lines, c["country"], lambda v: country_code(check_country(v, "country")), np.int16
    )
    expires = _days(name, lines, c["expires"], "expires", True)
    status_index = {s: k for k, s in enumerate(STATUSES)}
    status = _mapped(
        name, lines, c["status"], lambda v: status_index[choice(v, PatentStatus, "status")], np.int8
    )
    family = _strings(c["family"]) if "family" in c else ids
    family = np.where(family == "", ids, family) if n else family
    granted = (
        _days(name, lines, c["granted"], "granted", False)
        if "granted" in c
        else np.full(n, NO_DATE)
    )
    disclosed = (
        _days(name, lines, c["disclosed"], "disclosed", False)
        if "disclosed" in c
        else np.full(n, NO_DATE)
    )
    feature = _strings(c["feature"]) if "feature" in c else None
    alternative = _strings(c["alternative"]) if "alternative" in c else None
    weight = _floats(name, lines, c["weight"], "weight", 1.0) if "weight" in c else np.ones(n)
    bad = (granted != NO_DATE) & (granted >= expires)
    if bad.any():
        i = _first(bad)
        g, e = (str(np.datetime64(int(x), "D")) for x in (granted[i], expires[i]))
        raise InvalidInputError(
            f"{name}:{lines[i]}: patent {ids[i]}: granted ({g}) must be before expires ({e})"
        )
    return PatentTable.from_arrays(
        ids=ids,
        owner=owner,
        country=country,
        expires=expires,
        status=status,
        granted=granted,
        family=family,
        disclosed=disclosed,
        weight=weight,
        feature=feature,
        alternative=alternative,
        members=members,
    )


def _sales_table(
    text: str, licensees: Sequence[str], enterprise_of: dict[str, str], schedule: Schedule
) -> SalesTable:
    name = "sales.csv"
    c, lines = _columns(text, name, SALES_COLUMNS)
    lic_index = {lic: k for k, lic in enumerate(licensees)}

    def lic_code(v: str) -> int:
        v = check_id(v, "licensee")
        if v not in lic_index:
            raise InvalidInputError(f"unknown licensee {v!r} (not in licensees.csv)")
        return lic_index[v]

    licensee = _mapped(name, lines, c["licensee"], lic_code, np.int32)
    date = _days(name, lines, c["date"], "date", True)

    def product_ok(v: str) -> str:
        v = check_id(v, "product")
        schedule.rate_for(v)
        return v

    prod_u, prod_codes = _factorize(c["product"])
    prod_labels = _convert(name, lines, prod_u, prod_codes, product_ok)
    order = sorted(range(len(prod_labels)), key=prod_labels.__getitem__)
    rank = np.empty(len(order), np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    products = [prod_labels[k] for k in order]
    cos = _mapped(
        name,
        lines,
        c["country_of_sale"],
        lambda v: country_code(check_country(v, "country_of_sale")),
        np.int16,
    )
    com = _mapped(
        name,
        lines,
        c["country_of_manufacture"],
        lambda v: country_code(check_country(v, "country_of_manufacture")),
        np.int16,
    )
    units = _units(name, lines, c["units"])
    net_price = (
        _floats(name, lines, c["net_price"], "net_price", np.nan) if "net_price" in c else None
    )
    return SalesTable.from_arrays(
        licensee=licensee,
        licensees=list(licensees),
        enterprise_of=enterprise_of,
        date=date,
        product=rank[prod_codes] if prod_codes.size else np.zeros(0, np.int32),
        products=products,
        country_of_sale=cos,
        country_of_manufacture=com,
        units=units,
        net_price=net_price,
        line=lines,
    )


def read_tables(path: str | os.PathLike[str]) -> PoolTables:
    """Read a pool directory into columnar tables (fast path for 10^6-row files).

    Parameters
    ----------
    path : path-like
        A pool directory (same format as :func:`~poolcalc.io.read_pool`).

    Returns
    -------
    PoolTables
        ``pool`` (pool.toml and licensees, no patent or sales rows), ``patents``
        (PatentTable) and ``sales`` (SalesTable), in file order.  For the same
        directory ``tables.patents`` and ``tables.sales`` hold the same arrays as
        ``read_pool(path).patent_table`` and ``.sales_table`` (sales lines aside:
        the tables keep file line numbers).

    Raises
    ------
    InvalidInputError
        As :func:`~poolcalc.io.read_pool`, with the same one-line messages.

    Notes
    -----
    Files without quotes are split with ``str.split``; files with quoted fields go
    through the :mod:`csv` module.  Each column is factorised (dict lookups) and each
    distinct value validated once, so the cost is about linear in the file size
    with a small constant; see benchmarks/README_foundation.md for timings.
    """
    files = _pool_files(path)
    meta = read_pool_toml(files["pool.toml"])
    members = [m.id for m in meta["members"]]
    with paused_gc():
        patents = _patent_table(_read_text(files["patents.csv"], "patents.csv"), members)
        licensees = _read_licensees(
            _read_text(files["licensees.csv"], "licensees.csv"), set(members)
        )
        sales = _sales_table(
            _read_text(files["sales.csv"], "sales.csv"),
            [lic.id for lic in licensees],
            {lic.id: lic.enterprise for lic in licensees},
            meta["schedule"],
        )
    pool = Pool(patents=(), licensees=licensees, sales=(), **meta)
    return PoolTables(pool=pool, patents=patents, sales=sales)

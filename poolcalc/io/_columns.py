"""Columnar CSV reading: sales.csv straight into the table, and the column helpers.

The one reader path of a pool directory (:func:`poolcalc.io.read_pool` calls it for
every command).  No Python object is built per row: each column is factorised into its
distinct values (a year has at most 366 dates, a pool a few hundred countries, products
and licensees), each distinct value is checked once with the same converter the
model's row objects use, and the earliest offending row is located with numpy, so the
error names the file line (header = line 1) of the first bad value of a column
(``sales.csv:14: units must be a non-negative integer, got '-3'``).  Columns are checked
in the order of the model's fields, so a file with errors in two columns reports the
earlier column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from poolcalc._format import unescape_formula
from poolcalc._money import EXACT_BOUND
from poolcalc.errors import InvalidInputError
from poolcalc.io._arrow import ArrowColumn, read_csv_arrow, read_parquet_arrow
from poolcalc.io._bytecols import ByteColumn, split
from poolcalc.io._csv import (
    SALES_COLUMNS,
    _csv_rows,
    _header,
)
from poolcalc.io._hints import with_hint
from poolcalc.model import Schedule
from poolcalc.model._validators import (
    check_country,
    check_finite,
    check_id,
    check_units,
    to_date,
    to_optional_date,
)
from poolcalc.tables import (
    NO_DATE,
    SalesTable,
    country_code,
    day_number,
    sorted_codes,
    units_beyond_bound,
)

__all__ = ["read_sales_csv"]


# ------------------------------------------------------------------------------------------
# reading columns
# ------------------------------------------------------------------------------------------
_Column = np.ndarray | ByteColumn | ArrowColumn


def _universal(text: str) -> str:
    r"""Line ends as :func:`open` in text mode reads them (``\r\n`` and ``\r`` -> ``\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _columns(
    data: str | bytes,
    name: str,
    spec: tuple[tuple[str, ...], tuple[str, ...]],
    dates: frozenset[str] = frozenset(),
) -> tuple[dict[str, _Column], np.ndarray]:
    """Columns and the file line number of each data row.

    ``data`` is the file's text, or its UTF-8 bytes (BOM removed, already checked to be
    UTF-8).  pyarrow's reader splits it when the ``arrow`` extra is installed, else the
    built-in splitter (:func:`poolcalc.io._bytecols.split`: plain, CRLF and simply
    quoted files); anything either cannot place on its file line goes through
    :mod:`csv` line by line (object arrays of str), which names malformed lines.
    ``dates`` names the ``YYYY-MM-DD`` date columns pyarrow may parse itself
    (:func:`poolcalc.io._arrow.read_csv_arrow`).
    """
    raw = data if isinstance(data, bytes) else _universal(data).encode("utf-8")
    nl = raw.find(b"\n")
    head = raw if nl < 0 else raw[:nl]
    head_text = head.decode("utf-8").rstrip("\r")
    try:  # a header on one line (quoted or not); anything odd goes to csv below
        cells = next(csv.reader([head_text], strict=True)) if head_text.strip() else None
    except csv.Error:
        cells = None
    if cells is not None and head_text.count('"') % 2 == 0:
        cols = _header(name, cells, spec)
        arrow = read_csv_arrow(raw, cols, dates)
        columns: dict[str, _Column] | None = None if arrow is None else dict(arrow)
        if columns is None:
            parts = None if nl < 0 else split(raw, len(cols), nl + 1)
            columns = None if parts is None else dict(zip(cols, parts[0], strict=True))
        if columns is not None and not _empty_rows(raw, nl, columns[cols[0]]):
            n = columns[cols[0]].size
            return columns, np.arange(2, n + 2, dtype=np.int64)
    text = data if isinstance(data, str) else raw.decode("utf-8")
    return _columns_csv(_universal(text), name, spec)


def _empty_rows(raw: bytes, nl: int, first: ByteColumn | ArrowColumn) -> bool:
    """Tell whether a data row starts with a comma (``,,,,,`` rows, as spreadsheets add).

    The careful path skips and reports rows of empty cells.  Such a row has an empty
    first cell, so the file's bytes are searched only when the first column has one.
    """
    if not first.empty().any():
        return False
    return raw.startswith(b",", nl + 1) or raw.find(b"\n,", nl) >= 0


def _columns_csv(
    text: str, name: str, spec: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[dict[str, _Column], np.ndarray]:
    cols, rows = _csv_rows(text, name, spec, unescape=False)  # _factorize unescapes
    lines: list[int] = []
    data: list[list[str]] = []
    for line, row in rows:
        lines.append(line)
        data.append(row)
    arr = np.empty((len(data), len(cols)), dtype=object)
    if data:
        arr[:] = data
    return {c: arr[:, j] for j, c in enumerate(cols)}, np.asarray(lines, np.int64)


def _factorize_list(values: list[str]) -> tuple[list[str], np.ndarray]:
    raw = list(dict.fromkeys(values))
    index = {v: k for k, v in enumerate(raw)}
    return raw, np.fromiter(map(index.__getitem__, values), np.int32, count=len(values))


def _factorize(col: _Column) -> tuple[list[str], np.ndarray]:
    """Distinct stripped, formula-unescaped values and int32 codes into them.

    The writers escape text cells that a spreadsheet would run as a formula
    (:func:`poolcalc._format.escape_formula`: ``=1+2`` is written ``'=1+2``); the quote
    is removed here, on the distinct values only.
    """
    raw, codes, same = _factorize_raw(col)
    lead = col.lead_quote() if same and not isinstance(col, np.ndarray) else None
    if lead is None:
        lead = any(v[:1] == "'" for v in raw)
    if lead:
        uniq, remap = _factorize_list([unescape_formula(v) for v in raw])
        return uniq, remap[codes]
    return raw, codes


def _factorize_raw(col: _Column) -> tuple[list[str], np.ndarray, bool]:
    """Distinct stripped values, codes, and whether they are the column's own values."""
    if isinstance(col, np.ndarray):
        raw, codes = _factorize_list(col.tolist())
        spaced = any(v[:1].isspace() or v[-1:].isspace() for v in raw)
    else:
        raw, codes = col.factorize()
        edge = col.edge_space()
        spaced = bool(edge.any()) if edge is not None else True
    if spaced:
        # merge values that differ only by surrounding spaces
        uniq, remap = _factorize_list([v.strip() for v in raw])
        return uniq, remap[codes], False
    return raw, codes, True


def _text(col: _Column, i: int) -> str:
    return col[i] if isinstance(col, np.ndarray) else col.text(i)


def _convert(
    name: str,
    lines: np.ndarray,
    uniques: Sequence[str],
    codes: np.ndarray,
    fn: Callable[[str], Any],
) -> list[Any]:
    """``fn`` on each distinct value.

    When values fail, the error is the one of the value found first in the file
    (with its line), whatever the order of ``uniques``.
    """
    out = []
    failed: tuple[int, str] | None = None
    for k, u in enumerate(uniques):
        try:
            out.append(fn(u))
        except InvalidInputError as exc:
            i = int(np.flatnonzero(codes == k)[0])
            if failed is None or i < failed[0]:
                failed = (i, str(exc))
            out.append(None)
    if failed is not None:
        raise InvalidInputError(f"{name}:{lines[failed[0]]}: {with_hint(failed[1])}")
    return out


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _mapped(
    name: str, lines: np.ndarray, col: _Column, fn: Callable[[str], Any], dtype: Any
) -> np.ndarray:
    uniques, codes = _factorize(col)
    values = np.asarray(_convert(name, lines, uniques, codes, fn), dtype=dtype)
    return values[codes] if codes.size else np.empty(0, dtype)


#: Whitespace next to a cell boundary of the NUL-joined cells (str.strip's whitespace).
_EDGE_SPACE = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")


#: ASCII byte -> whether str.strip removes it (and ``\s`` matches it): space, \t-\r, \x1c-\x1f.
_ASCII_SPACE = np.array([chr(b).isspace() for b in range(128)] + [False] * 128)


def _clean(cells: list[str]) -> bool:
    """Tell whether no cell has surrounding whitespace (what check_id and _opt_id strip).

    One scan of the cells joined by NUL: for ASCII text, over its bytes with numpy
    (a whitespace byte first, last or next to a NUL), else the regular expression
    :data:`_EDGE_SPACE`; a NUL inside a cell can only make it report whitespace that
    is not at an edge (then the per-value converters run), never miss any.
    """
    joined = "\x00".join(cells)
    if not joined.isascii():
        return _EDGE_SPACE.search(joined) is None
    b = np.frombuffer(joined.encode("ascii"), np.uint8)
    if not b.size:
        return True
    ws = _ASCII_SPACE[b]
    nul = b == 0
    return not (ws[0] or ws[-1] or (ws[1:] & nul[:-1]).any() or (ws[:-1] & nul[1:]).any())


def _coded(
    name: str,
    lines: np.ndarray,
    col: _Column,
    index: Mapping[str, int],
    fn: Callable[[str], int],
) -> np.ndarray:
    """Int32 codes ``index[check_id(v)]`` of a column, one C-level dict look-up per distinct value.

    Equal to ``_mapped(name, lines, col, fn, np.int32)`` when ``fn(v)`` is
    ``index[v.strip()]`` for a non-empty stripped ``v`` and raises otherwise (the
    ``check_id`` + look-up converters): if every distinct value is non-empty, has no
    surrounding whitespace (:func:`_clean`) and is a key of ``index``, the codes are
    ``index[v]`` gathered by ``codes``; any miss sends the column to ``fn`` per distinct
    value, which raises the message of the first bad value in the file.
    """
    uniques, codes = _factorize(col)
    n = len(uniques)
    values = np.fromiter(map(index.get, uniques, repeat(-1)), np.int64, count=n)
    if not (n and (values >= 0).all() and all(uniques) and _clean(uniques)):
        values = np.asarray(_convert(name, lines, uniques, codes, fn), dtype=np.int64)
    values = values.astype(np.int32)
    return values[codes] if codes.size else np.empty(0, np.int32)


def _strings(col: _Column) -> np.ndarray:
    uniques, codes = _factorize(col)
    return np.asarray(uniques, dtype=object)[codes] if codes.size else np.empty(0, object)


def _units(name: str, lines: np.ndarray, col: _Column) -> np.ndarray:
    try:
        u = col.astype(np.int64) if isinstance(col, np.ndarray) else col.as_int()
    except (ValueError, OverflowError):
        u = _mapped(name, lines, col, lambda v: check_units(v, "units"), np.int64)
        return _within_bound(name, lines, col, u)
    neg = u < 0
    if neg.any():
        i = _first(neg)
        raise InvalidInputError(
            f"{name}:{lines[i]}: units must be a non-negative integer, "
            f"got {_text(col, i).strip()!r}"
        )
    return _within_bound(name, lines, col, u)


def _within_bound(name: str, lines: np.ndarray, col: _Column, u: np.ndarray) -> np.ndarray:
    """``u`` when every row and the running total are in the exact range (2**53)."""
    beyond = units_beyond_bound(u)
    if beyond is None:
        return u
    i, v = beyond
    if v == u[i]:
        what, got = "units", repr(_text(col, i).strip())
    else:
        what, got = "units of all rows up to this line", str(v)
    raise InvalidInputError(
        f"{name}:{lines[i]}: {what} must be at most 2**53 = {EXACT_BOUND} to be computed "
        f"exactly, got {got}"
    )


def _floats(name: str, lines: np.ndarray, col: _Column, field: str, default: float) -> np.ndarray:
    """Non-negative finite floats; empty -> ``default``."""

    def conv(v: str) -> float:
        return default if v == "" else check_finite(v, field, low=0.0)

    empty = col == "" if isinstance(col, np.ndarray) else col.empty()
    try:
        x = np.full(col.size, default, np.float64)
        rows = np.flatnonzero(~empty)
        if isinstance(col, np.ndarray):
            x[rows] = col[rows].astype(np.float64)
        else:
            x[rows] = col.as_float(rows)
    except ValueError:
        return _mapped(name, lines, col, conv, np.float64)
    bad = ~empty & ~(np.isfinite(x) & (x >= 0))
    if bad.any():
        i = _first(bad)
        one = np.zeros(1, np.int32)
        _convert(name, lines[i : i + 1], [_text(col, i).strip()], one, conv)  # raises
    return x


def _days(name: str, lines: np.ndarray, col: _Column, field: str, required: bool) -> np.ndarray:
    def conv(v: str) -> int:
        d = to_date(v, field) if required else to_optional_date(v, field)
        return NO_DATE if d is None else day_number(d)

    if not isinstance(col, np.ndarray):
        days = col.as_days(required)
        if days is not None:
            return days
    return _mapped(name, lines, col, conv, np.int64)


# ------------------------------------------------------------------------------------------
# files
# ------------------------------------------------------------------------------------------
def _table_columns(
    data: str | bytes | Path,
    name: str,
    spec: tuple[tuple[str, ...], tuple[str, ...]],
    dates: frozenset[str] = frozenset(),
) -> tuple[str, dict[str, _Column], np.ndarray]:
    """File name for messages, columns and line numbers of a CSV text or a Parquet file.

    ``dates``: the date columns pyarrow may parse (see :func:`_columns`).
    """
    if isinstance(data, Path):
        pname = data.name
        names, cols = read_parquet_arrow(data, pname)
        _header(pname, names, spec)
        n = next(iter(cols.values())).size if cols else 0
        return pname, cols, np.arange(2, n + 2, dtype=np.int64)
    c, lines = _columns(data, name, spec, dates)
    return name, c, lines


def _sorted(
    col: _Column, uniques: list[str], codes: np.ndarray
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Codes re-numbered so that the labels are sorted (what ``np.unique`` gives)."""
    order = None
    if not isinstance(col, np.ndarray):
        edge = col.edge_space()  # stripped values: the column's order does not apply
        order = col.unique_order() if edge is not None and not edge.any() else None
    if order is None or order.size != len(uniques):
        labels, sorted_ = sorted_codes(uniques, codes)
        return sorted_, labels
    rank = np.empty(order.size, np.int32)
    rank[order] = np.arange(order.size, dtype=np.int32)
    return rank[codes], tuple(np.asarray(uniques, dtype=object)[order].tolist())


def _check_prices(name: str, lines: np.ndarray, schedule: Schedule, products: list[str],
                  prod: np.ndarray, price: np.ndarray | None) -> None:
    """Refuse, at read time, a row of a ``price``-basis product without a net price.

    Only products charged on the price in every period of their terms are checked here;
    a product whose basis changes on a date (DVD 3C, 1 July 2002) needs ``net_price``
    only on the rows of its price periods, which may depend on the licensee (a change
    from its signing date): the engine checks those rows and names their lines.
    """
    for code, label in enumerate(products):
        bases = {str(rate.basis) for _, rate in schedule.rate_periods(label)}
        if bases != {"price"}:
            continue
        rows = prod == code
        if not rows.any():
            continue
        if price is None:
            first = int(lines[np.argmax(rows)])
            raise InvalidInputError(
                f"{name}: missing column net_price, required for product {label!r} (basis "
                f"'price' in pool.toml; first such row on line {first})")
        missing = rows & ~np.isfinite(price)
        if missing.any():
            i = int(np.argmax(missing))
            got = "empty" if np.isnan(price[i]) else repr(float(price[i]))
            raise InvalidInputError(
                f"{name}:{int(lines[i])}: net_price is required for product {label!r} "
                f"(basis 'price' in pool.toml), got {got}")


def read_sales_csv(
    text: str | bytes | Path,
    licensees: Sequence[str],
    enterprise_of: dict[str, str] | Sequence[str],
    schedule: Schedule,
    *,
    name: str = "sales.csv",
    columns: tuple[tuple[str, ...], tuple[str, ...]] = SALES_COLUMNS,
    positions: Mapping[str, int] | None = None,
) -> SalesTable:
    """Parse a sales.csv into a :class:`~poolcalc.tables.SalesTable`.

    Parameters
    ----------
    text : str, bytes or Path
        As for :func:`read_patents_csv` (``sales.parquet``).
    licensees : sequence of str
        Licensee ids from licensees.csv, in order (the table's ``licensee`` codes).
    enterprise_of : dict or sequence of str
        Licensee id -> enterprise, or the enterprise of each of ``licensees`` in order.
    schedule : Schedule
        Every product of a row must have a rate in it.
    name : str
        File name for messages (``amendments.csv`` holds sales rows too).
    columns : (required, optional) column names
        The sales columns plus any the caller reads itself (``period``, ``filed``).
    positions : mapping, optional
        ``{licensee: index in licensees}`` when the caller has it
        (:meth:`~poolcalc.model.LicenseeTable.positions`), not built again.

    Raises
    ------
    InvalidInputError
        ``sales.csv:LINE: field ... got 'value'`` for the first bad value.
    """
    name, c, lines = _table_columns(text, name, columns, frozenset({"date"}))
    lic_index = (positions if positions is not None else
                 {lic: k for k, lic in enumerate(licensees)})

    def lic_code(v: str) -> int:
        v = check_id(v, "licensee")
        if v not in lic_index:
            raise InvalidInputError(f"unknown licensee {v!r} (not in licensees.csv)")
        return lic_index[v]

    licensee = _coded(name, lines, c["licensee"], lic_index, lic_code)
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
    _check_prices(name, lines, schedule, products, rank[prod_codes] if prod_codes.size
                  else np.zeros(0, np.int32), net_price)
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

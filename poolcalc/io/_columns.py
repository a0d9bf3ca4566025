"""Columnar CSV reading: patents.csv and sales.csv straight into the tables.

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
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.io._csv import (
    PATENT_COLUMNS,
    SALES_COLUMNS,
    _csv_rows,
    _header,
    _some,
)
from poolcalc.model import PatentStatus, Schedule
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

__all__ = ["read_patents_csv", "read_sales_csv"]


# ------------------------------------------------------------------------------------------
# reading columns
# ------------------------------------------------------------------------------------------
class _ByteColumn:
    """One CSV column as (start, end) byte offsets into the file body (no str per cell).

    Distinct values are found with :func:`numpy.unique` on fixed-width byte strings and
    decoded once each; all-digit integer columns are parsed arithmetically.
    """

    #: Widest field (bytes) handled as a fixed-width matrix; wider columns are sliced.
    MAX_WIDTH = 48

    def __init__(self, body: np.ndarray, start: np.ndarray, end: np.ndarray) -> None:
        self.body, self.start, self.end = body, start, end
        self.size = start.size
        self.length = end - start

    def _matrix(self) -> np.ndarray:
        """Cells as a zero-padded uint8 matrix (rows, widest cell), built column by column."""
        width = max(int(self.length.max()) if self.size else 0, 1)
        m = np.zeros((self.size, width), np.uint8)
        for k in range(width):
            # the body ends with MAX_WIDTH zero bytes, so start + k never runs past it
            m[:, k] = self.body[self.start + k] * (self.length > k)
        return m

    def text(self, i: int) -> str:
        return self.body[int(self.start[i]) : int(self.end[i])].tobytes().decode("utf-8")

    def tolist(self) -> list[str]:
        return [self.text(i) for i in range(self.size)]

    def factorize(self) -> tuple[list[str], np.ndarray]:
        """Distinct values (first-appearance order) and int32 codes.

        Cells are hashed (64-bit polynomial over the bytes, numpy wrap-around
        arithmetic), the hashes factorised with :func:`numpy.unique`, and every cell
        compared byte for byte with its class representative, so a hash collision
        is detected (and handled by the slow path) rather than merging two values.
        """
        if self.size == 0:
            return [], np.zeros(0, np.int32)
        if int(self.length.max()) > self.MAX_WIDTH:
            return _factorize_list(self.tolist())
        m = self._matrix()
        h = np.zeros(self.size, np.uint64)
        prime = np.uint64(1099511628211)
        for k in range(m.shape[1]):
            h = h * prime + m[:, k]
        h = h * prime + self.length.astype(np.uint64)
        _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
        inverse = inverse.ravel()
        rep = first[inverse]
        if not np.array_equal(m, m[rep]):  # pragma: no cover - 64-bit hash collision
            return _factorize_list(self.tolist())
        order = np.argsort(first, kind="stable")  # classes in order of first appearance
        rank = np.empty(order.size, np.int32)
        rank[order] = np.arange(order.size, dtype=np.int32)
        reps = first[order]
        try:  # ASCII cells: one vectorised decode
            labels = np.ascontiguousarray(m[reps]).view(f"S{m.shape[1]}").ravel().astype(str)
            uniques = labels.tolist()
        except UnicodeDecodeError:
            uniques = [self.text(int(i)) for i in reps]
        return uniques, rank[inverse]

    def empty(self) -> np.ndarray:
        return self.length == 0

    def as_int(self) -> np.ndarray:
        """Non-negative integers written with digits only; ValueError otherwise."""
        if self.size == 0:
            return np.zeros(0, np.int64)
        if self.length.min() < 1 or self.length.max() > 18:
            raise ValueError("not a plain integer column")
        value = np.zeros(self.size, np.int64)
        for k in range(int(self.length.max())):
            inside = self.length > k
            digit = self.body[self.start + k].astype(np.int64) - 48
            if np.any(inside & ((digit < 0) | (digit > 9))):
                raise ValueError("not a plain integer column")
            value = np.where(inside, value * 10 + digit, value)
        return value

    def as_float(self, rows: np.ndarray) -> np.ndarray:
        """Floats of the given rows; ValueError when a value is not a number."""
        sub = _ByteColumn(self.body, self.start[rows], self.end[rows])
        if sub.size == 0:
            return np.zeros(0, np.float64)
        if int(sub.length.max()) > self.MAX_WIDTH:
            raise ValueError("too wide")
        m = sub._matrix()
        return np.ascontiguousarray(m).view(f"S{m.shape[1]}").ravel().astype(np.float64)


_Column = np.ndarray | _ByteColumn


def _columns(
    text: str, name: str, spec: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[dict[str, _Column], np.ndarray]:
    """Columns and the file line number of each data row.

    Files without quotes or carriage returns whose every line has one value per
    column are split with numpy: the separators (commas and newlines) are found in
    the UTF-8 bytes and each column is a :class:`_ByteColumn` of byte offsets.
    Anything else goes through :mod:`csv` line by line (object arrays of str).
    """
    if '"' in text or "\r" in text:
        return _columns_csv(text, name, spec)
    head, _, body = text.partition("\n")
    cols = _header(name, next(csv.reader([head])) if head.strip() else None, spec)
    ncol = len(cols)
    if body and not body.endswith("\n"):
        body += "\n"
    raw = body.encode("utf-8")
    b = np.frombuffer(raw + bytes(_ByteColumn.MAX_WIDTH + 1), np.uint8)
    sep = np.flatnonzero((b == 44) | (b == 10))
    newline = b[sep] == 10
    n = int(newline.sum())
    # every line must hold exactly ncol - 1 commas: then newlines sit at every ncol-th separator
    if sep.size != n * ncol or not np.all(newline[ncol - 1 :: ncol]):
        return _columns_csv(text, name, spec)  # blank or ragged lines: the careful path
    start = np.empty(sep.size, np.int64)
    start[0:1] = 0
    start[1:] = sep[:-1] + 1
    start = start.reshape(n, ncol)
    end = sep.reshape(n, ncol)
    return (
        {c: _ByteColumn(b, start[:, j].copy(), end[:, j].copy()) for j, c in enumerate(cols)},
        np.arange(2, n + 2, dtype=np.int64),
    )


def _columns_csv(
    text: str, name: str, spec: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[dict[str, _Column], np.ndarray]:
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


def _factorize_list(values: list[str]) -> tuple[list[str], np.ndarray]:
    raw = list(dict.fromkeys(values))
    index = {v: k for k, v in enumerate(raw)}
    return raw, np.fromiter(map(index.__getitem__, values), np.int32, count=len(values))


def _factorize(col: _Column) -> tuple[list[str], np.ndarray]:
    """Distinct stripped values and int32 codes into them."""
    raw, codes = col.factorize() if isinstance(col, _ByteColumn) else _factorize_list(col.tolist())
    stripped = [v.strip() for v in raw]
    if stripped != raw:  # merge values that differ only by surrounding spaces
        uniq, remap = _factorize_list(stripped)
        return uniq, remap[codes]
    return raw, codes


def _text(col: _Column, i: int) -> str:
    return col.text(i) if isinstance(col, _ByteColumn) else col[i]


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
        raise InvalidInputError(f"{name}:{lines[failed[0]]}: {failed[1]}")
    return out


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _mapped(
    name: str, lines: np.ndarray, col: _Column, fn: Callable[[str], Any], dtype: Any
) -> np.ndarray:
    uniques, codes = _factorize(col)
    values = np.asarray(_convert(name, lines, uniques, codes, fn), dtype=dtype)
    return values[codes] if codes.size else np.empty(0, dtype)


def _strings(col: _Column) -> np.ndarray:
    uniques, codes = _factorize(col)
    return np.asarray(uniques, dtype=object)[codes] if codes.size else np.empty(0, object)


def _units(name: str, lines: np.ndarray, col: _Column) -> np.ndarray:
    try:
        u = col.as_int() if isinstance(col, _ByteColumn) else col.astype(np.int64)
    except (ValueError, OverflowError):
        return _mapped(name, lines, col, lambda v: check_units(v, "units"), np.int64)
    neg = u < 0
    if neg.any():
        i = _first(neg)
        raise InvalidInputError(
            f"{name}:{lines[i]}: units must be a non-negative integer, "
            f"got {_text(col, i).strip()!r}"
        )
    return u


def _floats(name: str, lines: np.ndarray, col: _Column, field: str, default: float) -> np.ndarray:
    """Non-negative finite floats; empty -> ``default``."""

    def conv(v: str) -> float:
        return default if v == "" else check_finite(v, field, low=0.0)

    empty = col.empty() if isinstance(col, _ByteColumn) else col == ""
    try:
        x = np.full(col.size, default, np.float64)
        rows = np.flatnonzero(~empty)
        if isinstance(col, _ByteColumn):
            x[rows] = col.as_float(rows)
        else:
            x[rows] = col[rows].astype(np.float64)
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

    return _mapped(name, lines, col, conv, np.int64)


# ------------------------------------------------------------------------------------------
# files
# ------------------------------------------------------------------------------------------
def read_patents_csv(text: str, members: Sequence[str]) -> PatentTable:
    """Parse the text of a patents.csv into a :class:`~poolcalc.tables.PatentTable`.

    Parameters
    ----------
    text : str
        The file's text.
    members : sequence of str
        Member ids from pool.toml, in order (the table's ``owner`` codes).

    Raises
    ------
    InvalidInputError
        ``patents.csv:LINE: field ... got 'value'`` for the first bad value.
    """
    name = "patents.csv"
    c, lines = _columns(text, name, PATENT_COLUMNS)
    n = lines.size
    id_u, id_codes = _factorize(c["patent"])
    ids = np.asarray(id_u, dtype=object)[id_codes] if n else np.empty(0, object)
    if "" in id_u:
        i = _first(id_codes == id_u.index(""))
        raise InvalidInputError(f"{name}:{lines[i]}: patent must be a non-empty string, got ''")
    if len(id_u) < n:
        _, first = np.unique(id_codes, return_index=True)
        repeat = np.ones(n, bool)
        repeat[first] = False
        i = _first(repeat)
        j = int(first[id_codes[i]])
        raise InvalidInputError(
            f"{name}:{lines[i]}: duplicate patent id {ids[i]!r} (first on line {lines[j]})"
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
    evaluator = _strings(c["evaluator"]) if "evaluator" in c else None
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
        evaluator=evaluator,
        members=members,
    )


def read_sales_csv(
    text: str, licensees: Sequence[str], enterprise_of: dict[str, str], schedule: Schedule
) -> SalesTable:
    """Parse the text of a sales.csv into a :class:`~poolcalc.tables.SalesTable`.

    Parameters
    ----------
    text : str
    licensees : sequence of str
        Licensee ids from licensees.csv, in order (the table's ``licensee`` codes).
    enterprise_of : dict
        Licensee id -> enterprise.
    schedule : Schedule
        Every product of a row must have a rate in it.

    Raises
    ------
    InvalidInputError
        ``sales.csv:LINE: field ... got 'value'`` for the first bad value.
    """
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

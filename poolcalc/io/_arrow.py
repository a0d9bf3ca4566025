"""Pool columns through pyarrow (the optional ``arrow`` extra): CSV and Parquet.

When pyarrow is installed, patents.csv and sales.csv are split by its multi-threaded
CSV reader, every column read as text (so the same validation as the built-in reader
applies to each distinct value), and distinct values come from
``pyarrow.compute.dictionary_encode``.  ``patents.parquet`` / ``sales.parquet``
(beside or instead of the CSV files) are read with ``pyarrow.parquet`` and each column
cast to text the same way (dates as ``YYYY-MM-DD``, numbers in their shortest
round-trip form), so a Parquet pool is validated exactly like a CSV one.

The environment variable ``POOLCALC_ARROW=0`` turns pyarrow off (the built-in reader
then reads every CSV; Parquet files need pyarrow).

Line numbers: a CSV is taken from pyarrow only when each data row is one file line
(no blank lines, no line breaks inside quotes); then row ``r`` is line ``r + 2``.
Anything else, and any pyarrow parse error, goes to the built-in reader, which names
the offending line.  Parquet rows are numbered as if written to a CSV (first row = 2).

References
----------
Apache Arrow, "pyarrow.csv.read_csv" and "pyarrow.parquet.read_table",
https://arrow.apache.org/docs/python/api/formats.html (2024).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.io._bytecols import iso_days
from poolcalc.tables import NO_DATE

__all__ = ["ArrowColumn", "arrow_available", "read_csv_arrow", "read_parquet_arrow"]

_ARROW: list[Any] = []  # (pa, pc, csv) once imported, [None] when not installed


def _modules() -> tuple[ModuleType, ModuleType, ModuleType] | None:
    """Return pyarrow's modules, or None when it is missing or ``POOLCALC_ARROW=0`` is set."""
    if os.environ.get("POOLCALC_ARROW", "") == "0":
        return None
    if not _ARROW:
        try:
            _ARROW.append(
                tuple(importlib.import_module(m) for m in ("pyarrow", "pyarrow.compute",
                                                            "pyarrow.csv"))
            )
        except ImportError:
            _ARROW.append(None)
    return _ARROW[0]


def arrow_available() -> bool:
    """Tell whether pyarrow (the ``arrow`` extra) can be imported."""
    return _modules() is not None


def _numpy(array: Any, dtype: Any) -> np.ndarray:
    """Return a pyarrow (chunked) array of numbers without nulls as numpy.

    Read from the data buffers: pyarrow's ``to_numpy`` imports pandas (0.3 s) on the
    way.  The arrays here have no nulls (checked by the callers).
    """
    chunks = getattr(array, "chunks", [array])
    dt = np.dtype(dtype)
    parts = [
        np.frombuffer(c.buffers()[1], dt, count=len(c), offset=c.offset * dt.itemsize)
        for c in chunks
        if len(c)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dt)


class ArrowColumn:
    """One column of text cells held by pyarrow (the interface of the built-in columns).

    A date column may come parsed (``date32``, nulls for empty cells, see
    :func:`read_csv_arrow`): :meth:`as_days` then reads its day numbers directly, and
    the cells' text (for the other methods, the converters and the messages) is read
    from the file only when asked for, by ``text_of``.
    """

    def __init__(self, array: Any, text_of: Callable[[], Any] | None = None) -> None:
        self._pa, self._pc, _ = _modules()  # type: ignore[misc]
        self._parsed = array if text_of is not None else None  # date32 cells
        self._text_of = text_of
        self._array = None if text_of is not None else array
        self.size = len(array)
        self._dictionary: Any = None
        self._sorted: bool | None = None  # the dictionary strictly increases (None: unknown)
        self._edge: np.ndarray | None = None  # edge_space of the dictionary

    @property
    def array(self) -> Any:
        """The cells as pyarrow text (read from the file on first use for a parsed column)."""
        if self._array is None:
            assert self._text_of is not None
            self._array = self._text_of()
        return self._array

    def text(self, i: int) -> str:
        return str(self.array[int(i)].as_py())

    def tolist(self) -> list[str]:
        return self.array.to_pylist()

    def empty(self) -> np.ndarray:
        if self._parsed is not None and self._array is None:  # null = empty (or quoted "")
            return _numpy(self._pc.cast(self._pc.is_null(self._parsed), self._pa.int8()),
                          np.int8).astype(bool)
        return _numpy(self._pc.binary_length(self.array), np.int32) == 0

    def factorize(self) -> tuple[list[str], np.ndarray]:
        """Distinct values (first-appearance order) and int32 codes into them.

        A column whose cells strictly increase (byte order), as sorted patent ids do,
        is its own dictionary: the codes are ``0 .. n - 1`` without hashing the cells.
        """
        if _increasing(self._pc, self.array):
            self._dictionary = _single(self._pa, self.array)
            self._sorted = True
            codes = np.arange(self.size, dtype=np.int32)
        else:
            enc = self._pc.dictionary_encode(self.array)  # one dictionary for all chunks
            chunks = getattr(enc, "chunks", [enc])
            codes = _numpy(self._pa.chunked_array([c.indices for c in chunks],
                                                  self._pa.int32()), np.int32)
            self._dictionary = (chunks[0].dictionary if chunks
                                else self._pa.array([], "string"))
            self._sorted = None
        self._edge = None
        return self._dictionary.to_pylist(), codes

    def unique_order(self) -> np.ndarray | None:
        """Order of the last :meth:`factorize`'s values sorted as str (byte order).

        UTF-8 byte order is code point order, the order of ``sorted`` on str.  A
        dictionary already in strictly increasing order is not sorted again.
        """
        if self._dictionary is None:
            return None
        if self._sorted is None:
            self._sorted = _increasing(self._pc, self._dictionary)
        if self._sorted:
            return np.arange(len(self._dictionary), dtype=np.int64)
        order = _short_order(self._dictionary)
        if order is not None:
            return order
        return _numpy(self._pc.array_sort_indices(self._dictionary), np.int64)

    def edge_space(self) -> np.ndarray | None:
        """Values of the last :meth:`factorize` with a space (``str.isspace``) at an end.

        Read from the dictionary's buffers: the first and last byte of each value
        against the ASCII spaces; a value starting or ending with a non-ASCII byte is
        decoded and tested with ``str.isspace`` (the other Unicode spaces).
        """
        if self._dictionary is None:
            return None
        if self._edge is None:
            d = self._dictionary
            k = len(d)
            bufs = d.buffers()
            off = np.frombuffer(bufs[1], np.int32, count=k + 1, offset=d.offset * 4)
            data = np.frombuffer(bufs[2], np.uint8) if bufs[2] is not None else None
            if data is None or data.size == 0:
                data = np.zeros(1, np.uint8)  # every value empty: nothing is read
            ln = np.diff(off)
            some = ln > 0
            head = data[np.where(some, off[:-1], 0)]
            tail = data[np.where(some, off[1:] - 1, 0)]
            hit = some & (_ASCII_SPACE[head] | _ASCII_SPACE[tail])
            for i in np.flatnonzero(some & ((head >= 128) | (tail >= 128))).tolist():
                v = str(d[i].as_py())
                hit[i] = v[:1].isspace() or v[-1:].isspace()
            self._edge = hit
        return self._edge

    def lead_quote(self) -> bool | None:
        """Whether a value of the last :meth:`factorize` starts with ``'``."""
        if self._dictionary is None:
            return None
        return bool(self._pc.any(self._pc.starts_with(self._dictionary, "'")).as_py())

    def as_int(self) -> np.ndarray:
        if self.size == 0:
            return np.zeros(0, np.int64)
        out = self._pc.cast(self.array, self._pa.int64())  # ArrowInvalid is a ValueError
        if out.null_count:
            raise ValueError("empty cell")
        return _numpy(out, np.int64)

    def as_float(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros(0, np.float64)
        taken = self.array if rows.size == self.size else self.array.take(rows)
        out = self._pc.cast(taken, self._pa.float64())
        if out.null_count:
            raise ValueError("empty cell")
        return _numpy(out, np.float64)

    def as_days(self, required: bool) -> np.ndarray | None:
        """Day numbers of ``YYYY-MM-DD`` cells (empty -> NO_DATE unless ``required``).

        The distinct values (a year has at most 366 dates) are converted together by
        :func:`poolcalc.io._bytecols.iso_days`; None when one is anything else (the
        caller then converts each with the model's rule, which names the bad one).
        """
        if self.size == 0:
            return np.zeros(0, np.int64)
        if self._parsed is not None:
            return self._parsed_days(required)
        uniq, codes = self.factorize()
        lengths = np.fromiter(map(len, uniq), np.int64, count=len(uniq))
        empty = lengths == 0
        if (required and empty.any()) or np.any(~empty & (lengths != 10)):
            return None
        text = "".join(uniq).encode("utf-8")
        if len(text) != 10 * int((~empty).sum()):
            return None  # a non-ASCII character
        b = np.frombuffer(text, np.uint8).reshape(-1, 10)
        w = np.ascontiguousarray(b[:, :8]).view("<u8").ravel()
        w2 = np.ascontiguousarray(b[:, 8:]).view("<u2").ravel()
        days = iso_days(w, w2)
        if days is None:
            return None
        out = np.full(len(uniq), NO_DATE, np.int64)
        out[~empty] = days
        return out[codes]

    def _parsed_days(self, required: bool) -> np.ndarray | None:
        """Day numbers of a parsed date column (None: an empty cell where one is required).

        pyarrow's ``date32`` counts days since 1970-01-01, as :func:`day_number` does.
        It reads year 0000 too, which :class:`datetime.date` does not: a day before
        0001-01-01 is also None (the text path names it).
        """
        pa, pc = self._pa, self._pc
        days = pc.cast(self._parsed, pa.int32())
        low = pc.min(days).as_py()
        if low is not None and low < _FIRST_DAY:
            return None
        if days.null_count:
            if required:
                return None  # the text names the empty cell
            days = pc.fill_null(days, pa.scalar(NO_DATE, pa.int32()))
        return _numpy(days, np.int32).astype(np.int64)


def _single(pa: ModuleType, array: Any) -> Any:
    """One pyarrow Array of a (chunked) array (the chunks joined when there are several)."""
    chunks = getattr(array, "chunks", None)
    if chunks is None:
        return array
    if len(chunks) == 1:
        return chunks[0]
    return pa.concat_arrays(chunks) if chunks else pa.array([], "string")


def _short_order(d: Any) -> np.ndarray | None:
    """Sorting order (byte order) of distinct text values of at most 8 bytes, else None.

    Each value's bytes, zero-padded to 8, read as one big-endian uint64, sort as the
    text does, so one numpy argsort of integers (a quarter of pyarrow's
    ``array_sort_indices`` on 3 x 10^5 family ids) orders them.  Two distinct
    values get the same integer only when one is the other followed by NUL bytes;
    then None (pyarrow sorts).
    """
    k = len(d)
    bufs = d.buffers()
    if k < 2 or bufs[2] is None:
        return None
    off = np.frombuffer(bufs[1], np.int32, count=k + 1, offset=d.offset * 4)
    ln = np.diff(off)
    if int(ln.max()) > 8:
        return None
    data = np.frombuffer(bufs[2], np.uint8)
    if data.size == 0:
        return None
    pos = off[:-1, None] + np.arange(8, dtype=np.int32)
    inside = np.arange(8) < ln[:, None]
    packed = np.where(inside, data[np.minimum(pos, data.size - 1)], 0).astype(np.uint8)
    keys = packed.view(">u8").ravel()
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    if np.any(ranked[1:] == ranked[:-1]):
        return None
    return order.astype(np.int64)


def _increasing(pc: ModuleType, array: Any) -> bool:
    """Tell whether each text cell is greater (byte order) than the one before it.

    Then the cells are distinct and sorted.  The first 64 cells are compared first,
    so a column of repeated values (countries, dates) is rejected at once.
    """
    n = len(array)
    if n < 2:
        return True
    k = min(n, 64)
    for m in (k, n) if k < n else (n,):
        head = array.slice(0, m)
        if not pc.all(pc.less(head.slice(0, m - 1), head.slice(1))).as_py():
            return False
    return True


#: Day number of 0001-01-01, the first day of :class:`datetime.date`.
_FIRST_DAY = -719_162

#: Byte -> whether it is an ASCII character for which ``str.isspace`` is true.
_ASCII_SPACE = np.zeros(256, bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True


def _one_row_per_line(raw: bytes, rows: int) -> bool:
    """Tell whether each of the ``rows`` data rows pyarrow read is one file line.

    pyarrow ends a row at a newline (or a lone CR) and skips blank lines, so with no
    lone CR the rows are one per line exactly when there are as many newlines (the
    header's included) as rows: a blank line or a line break inside quotes leaves
    fewer rows than newlines.
    """
    end = len(raw)
    while end and raw[end - 1] in b"\r\n":
        end -= 1
    if raw.count(b"\n", 0, end) != rows:
        return False
    if raw.find(b"\r", 0, end) < 0:
        return True
    return not _lone_cr(raw, end)


def _lone_cr(raw: bytes, end: int) -> bool:
    r"""Tell whether a CR not followed by LF is among the first ``end`` bytes.

    numpy over 4 MiB blocks (reused temporaries): the CRs of a block and the byte
    after each.  ``raw.count(b"\r\n")``, a two-byte search, costs three times more.
    """
    a = np.frombuffer(raw, np.uint8)
    block = 1 << 22
    for start in range(0, end, block):
        cr = np.flatnonzero(a[start : min(start + block, end)] == 13)
        if cr.size:
            after = cr + (start + 1)
            if after[-1] >= a.size or np.any(a[after] != 10):
                return True
    return False


def read_csv_arrow(
    raw: bytes, cols: list[str], dates: frozenset[str] = frozenset()
) -> dict[str, ArrowColumn] | None:
    """Columns of a CSV (header already checked: ``cols`` are its stripped names).

    The columns named in ``dates`` are parsed by pyarrow as ``YYYY-MM-DD`` dates
    (``date32``; empty cells, quoted or not, are null): every cell it accepts --
    a valid Gregorian date of year 1-9999 in that form, with spaces or tabs around
    it -- is one that :func:`poolcalc.model._validators.to_date` reads to the same
    day.  A cell it does not accept fails the whole read, which is then done again
    with every column as text, so the validation and its messages are those of the
    text path.  The other columns are read as text.

    None when pyarrow is missing, fails to parse, or rows are not one per line.
    """
    mods = _modules()
    if mods is None:
        return None
    pa, _, pcsv = mods

    def read(types: dict[str, Any], include: list[str] | None = None) -> Any:
        return pcsv.read_csv(
            pa.py_buffer(raw),
            read_options=pcsv.ReadOptions(column_names=cols, skip_rows=1),
            parse_options=pcsv.ParseOptions(newlines_in_values=False),
            convert_options=pcsv.ConvertOptions(
                column_types=types,
                include_columns=include,
                null_values=[""],
                strings_can_be_null=False,  # text cells are never null
                quoted_strings_can_be_null=True,  # a quoted empty date is null too
            ),
        )

    text = {c: pa.string() for c in cols}
    typed = {c: (pa.date32() if c in dates else pa.string()) for c in cols}
    table = None
    if typed != text:
        try:
            table = read(typed)
        except (pa.ArrowInvalid, pa.ArrowException):
            table = None  # a date pyarrow does not read (or a bad row): all as text
    if table is None:
        typed = text
        try:
            table = read(text)
        except (pa.ArrowInvalid, pa.ArrowException):
            return None
    if not _one_row_per_line(raw, table.num_rows):
        return None

    def text_of(c: str) -> Callable[[], Any]:
        return lambda: read({c: pa.string()}, [c]).column(0)

    return {
        c: ArrowColumn(table.column(j), text_of(c) if typed[c] != pa.string() else None)
        for j, c in enumerate(cols)
    }


def read_parquet_arrow(path: Path, name: str) -> tuple[list[str], dict[str, ArrowColumn]]:
    """Column names and text columns of a Parquet file.

    Raises
    ------
    InvalidInputError
        pyarrow is not installed, or the file is not readable Parquet.
    """
    mods = _modules()
    if mods is None:
        raise InvalidInputError(
            f"{name}: reading Parquet needs pyarrow, the optional 'arrow' extra "
            "(pip install 'poolcalc[arrow]'), or write the pool as CSV"
        )
    pa, pc, _ = mods
    pq = importlib.import_module("pyarrow.parquet")
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise InvalidInputError(f"{name}: cannot read Parquet ({exc})") from None
    names = [str(c) for c in table.column_names]
    out = {}
    for j, c in enumerate(names):
        col = table.column(j)
        if pa.types.is_dictionary(col.type):
            col = col.cast(col.type.value_type)
        if pa.types.is_boolean(col.type):
            col = pc.if_else(col, "true", "false")
        text = col if pa.types.is_string(col.type) else col.cast(pa.string())
        out[c.strip()] = ArrowColumn(pc.fill_null(text, ""))
    return names, out

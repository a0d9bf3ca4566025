"""A pool as one Excel workbook: sheets ``patents``, ``licensees``, ``sales`` and optional ones.

Reading (:func:`read_workbook`, reached through :func:`poolcalc.io.read_pool` for a
``.xlsx`` path) lays the sheets out as the CSV files of a pool directory in a
temporary directory -- one CSV line per worksheet row, so line numbers are row
numbers -- and reads that directory with the one pool reader: every check, default
and number is the directory's.  pool.toml is the sheet ``pool.toml`` (one TOML line
per row in column A) or, without that sheet, ``<workbook stem>.toml`` or
``pool.toml`` beside the workbook.  Messages are the reader's with the file part
turned into the workbook's terms::

    pool.xlsx: sheet 'sales', row 14, column F (units): units must be a non-negative
    integer, got '-3'

Cells: text as typed (a leading quote before ``= + - @`` is dropped, see
:func:`poolcalc._format.unescape_formula`), integers as digits, other numbers with
``repr`` (exact), dates and date-times at midnight as ISO dates, booleans as
``true``/``false``, empty cells as empty values.  Rows whose cells are all empty are
ignored and reported with a :class:`~poolcalc.errors.PoolcalcWarning`.

Writing (:func:`write_workbook`) writes the pool directory first and turns each CSV
into a sheet with typed cells (the schema's column types: integers and numbers as
numbers, dates as dates), a bold frozen header row and formula-escaped text, and
pool.toml into its sheet; ``read_pool(write_pool(pool, "f.xlsx")) == pool``.
Needs openpyxl (``pip install 'poolcalc[documents]'``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from poolcalc._format import escape_formula, unescape_formula
from poolcalc.errors import InvalidInputError, PoolcalcWarning
from poolcalc.io._schema import COLUMNS

__all__ = ["SHEETS", "TOML_SHEET", "is_workbook", "load_openpyxl", "read_workbook",
           "write_workbook"]

#: Sheets of a pool workbook (each is the CSV file of the same name), required first.
#: A file the pool directory learns to read (``payments.csv``) is one more name here.
SHEETS: tuple[str, ...] = ("patents", "licensees", "sales", "usage", "metrics")
REQUIRED_SHEETS = ("patents", "licensees", "sales")
#: Sheet holding pool.toml, one line per row in column A.
TOML_SHEET = "pool.toml"
_FILE_AT = re.compile(r"^(?P<file>[a-z_]+)\.csv(?::(?P<line>\d+))?: ")
_TYPES = {(c.file.removesuffix(".csv"), c.name): c.type for c in COLUMNS}


def load_openpyxl() -> Any:
    """Import openpyxl or raise an ImportError naming the extra that installs it."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "reading and writing .xlsx workbooks needs openpyxl: "
            "pip install 'poolcalc[documents]'"
        ) from None
    return openpyxl


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Tell whether ``path`` names an Excel workbook (by its suffix)."""
    return Path(path).suffix.lower() in (".xlsx", ".xlsm")


# ------------------------------------------------------------------------------------------
# reading
# ------------------------------------------------------------------------------------------
def _text(v: Any, unescape: bool = True) -> str:
    """One cell as the CSV text the pool reader parses.

    ``unescape=False`` for the CSV sheets: a formula-escaped text (``'=1+2``) stays
    escaped in the CSV text and the CSV reader removes the quote (once), as it does
    for the pool directory's own files.
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.time):
        return v.isoformat()
    return unescape_formula(str(v)) if unescape else str(v)


def _sheet_rows(ws: Any) -> Iterator[list[str]]:
    for row in ws.iter_rows(values_only=True):
        yield [_text(v, unescape=False) for v in row]


def _sheet_csv(name: str, ws: Any, book: str) -> tuple[str, list[str]]:
    """CSV text of a sheet (one line per row; empty rows as empty lines) and its header."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header: list[str] = []
    blank: list[int] = []
    width = 0
    for r, cells in enumerate(_sheet_rows(ws), start=1):
        while cells and cells[-1] == "" and (not header or len(cells) > width):
            cells.pop()  # cells right of the header
        if r == 1:
            header, width = cells, len(cells)
        if not any(c.strip() for c in cells):
            if r > 1:
                blank.append(r)
            buf.write("\n")
            continue
        w.writerow(cells + [""] * (width - len(cells)) if r > 1 else cells)
    if blank:
        at = ", ".join(str(x) for x in blank[:5]) + (", ..." if len(blank) > 5 else "")
        warnings.warn(
            f"{book}: sheet {name!r}: ignored {len(blank)} empty row(s) (row {at})",
            PoolcalcWarning,
            stacklevel=4,
        )
    return buf.getvalue(), header


def _column_letter(k: int) -> str:
    s = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        s = chr(65 + r) + s
    return s


def _in_workbook(msg: str, book: str, headers: dict[str, list[str]]) -> str:
    """Turn ``sales.csv:14: units must ...`` into the workbook's sheet, row and column."""
    m = _FILE_AT.match(msg)
    if not m or m.group("file") not in headers:
        return f"{book}: {msg}"
    sheet, rest = m.group("file"), msg[m.end():]
    where = f"{book}: sheet {sheet!r}"
    if m.group("line"):
        where += f", row {m.group('line')}"
        cols = headers[sheet]
        hits = [(mm.start(), c) for c in cols if c
                for mm in [re.search(rf"(?<![\w]){re.escape(c)}(?![\w])", rest)] if mm]
        if hits:
            col = min(hits)[1]
            where += f", column {_column_letter(cols.index(col))} ({col})"
    return f"{where}: {rest}"


def read_workbook(path: str | os.PathLike[str], read_dir: Callable[[Path], Any]) -> Any:
    """Read a pool workbook into a validated :class:`~poolcalc.model.Pool`.

    Parameters
    ----------
    path : path-like
        The ``.xlsx`` file (sheets ``patents``, ``licensees``, ``sales``, optionally
        ``usage`` and ``pool.toml``; see the module docstring).
    read_dir : callable
        The pool-directory reader (:func:`poolcalc.io.read_pool`).

    Returns
    -------
    Pool
        The same pool as the equivalent directory (same numbers, byte for byte).

    Raises
    ------
    InvalidInputError
        Not a workbook, a missing or unknown sheet, no pool.toml, or any error of
        the pool reader, named by workbook, sheet, row and column.
    ImportError
        openpyxl is not installed.
    """
    f = Path(path)
    book = f.name
    if not f.is_file():
        raise InvalidInputError(f"pool workbook {str(f)!r} does not exist")
    openpyxl = load_openpyxl()
    try:
        wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise InvalidInputError(f"{book}: not a readable .xlsx workbook ({exc})") from None
    try:
        names = list(wb.sheetnames)
        unknown = [n for n in names if n not in SHEETS and n != TOML_SHEET]
        if unknown:
            raise InvalidInputError(
                f"{book}: unknown sheet {unknown[0]!r} (sheets: {', '.join(SHEETS)}, "
                f"{TOML_SHEET}; required: {', '.join(REQUIRED_SHEETS)})"
            )
        for n in REQUIRED_SHEETS:
            if n not in names:
                raise InvalidInputError(f"{book}: missing sheet {n!r} (have: {', '.join(names)})")
        with tempfile.TemporaryDirectory(prefix="poolcalc-xlsx-") as tmp:
            root = Path(tmp)
            headers: dict[str, list[str]] = {}
            for n in names:
                if n == TOML_SHEET:
                    lines = ["" if not row or row[0] is None else _text(row[0])
                             for row in wb[n].iter_rows(max_col=1, values_only=True)]
                    (root / "pool.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
                    continue
                text, headers[n] = _sheet_csv(n, wb[n], book)
                (root / f"{n}.csv").write_text(text, encoding="utf-8")
            if TOML_SHEET not in names:
                beside = [f.with_suffix(".toml"), f.parent / "pool.toml"]
                found = next((b for b in beside if b.is_file()), None)
                if found is None:
                    raise InvalidInputError(
                        f"{book}: no pool.toml (a sheet {TOML_SHEET!r}, or {beside[0].name} "
                        f"or pool.toml beside the workbook)"
                    )
                (root / "pool.toml").write_bytes(found.read_bytes())
            try:
                return read_dir(root)
            except InvalidInputError as exc:
                raise InvalidInputError(_in_workbook(str(exc), book, headers)) from None
    finally:
        wb.close()


# ------------------------------------------------------------------------------------------
# writing
# ------------------------------------------------------------------------------------------
def _typed(sheet: str, column: str, text: str) -> Any:
    """Return a CSV value as the workbook cell of its column's schema type."""
    if text == "":
        return None
    kind = _TYPES.get((sheet, column), "string")
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "boolean":
        return text == "true"
    return text  # already formula-escaped by the pool-directory writer


def write_workbook(
    pool: Any, path: str | os.PathLike[str], write_dir: Callable[[Any, Path], Path], *,
    overwrite: bool = False,
) -> Path:
    """Write ``pool`` as one workbook (inverse of :func:`read_workbook`).

    Parameters
    ----------
    pool : Pool
    path : path-like
        The ``.xlsx`` file to write.
    write_dir : callable
        The pool-directory writer (:func:`poolcalc.io.write_pool`).
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    pathlib.Path
    """
    f = Path(path)
    if f.exists() and not overwrite:
        raise InvalidInputError(f"{f} exists (pass overwrite=True to replace it)")
    openpyxl = load_openpyxl()
    bold = openpyxl.styles.Font(bold=True)
    wb = openpyxl.Workbook(write_only=True)
    with tempfile.TemporaryDirectory(prefix="poolcalc-xlsx-") as tmp:
        root = write_dir(pool, Path(tmp) / "pool")
        for name in SHEETS:
            src = root / f"{name}.csv"
            if not src.is_file():
                continue
            ws = wb.create_sheet(name)
            ws.freeze_panes = "A2"
            with src.open(encoding="utf-8", newline="") as fh:
                rows = csv.reader(fh)
                header = next(rows)
                ws.append([_header_cell(openpyxl, ws, h, bold) for h in header])
                for row in rows:
                    ws.append([_typed(name, c, v) for c, v in zip(header, row, strict=True)])
        ws = wb.create_sheet(TOML_SHEET)
        for line in (root / "pool.toml").read_text(encoding="utf-8").splitlines():
            ws.append([escape_formula(line) if line else None])
    wb.save(f)
    return f


def _header_cell(openpyxl: Any, ws: Any, text: str, font: Any) -> Any:
    cell = openpyxl.cell.WriteOnlyCell(ws, value=text)
    cell.font = font
    return cell

"""CSV and file helpers shared by the pool-directory readers and writers.

Every error is one line naming the file, the line, the field and the value
(``sales.csv:14: units must be a non-negative integer, got '-3'``).
"""

from __future__ import annotations

import csv
import io
import logging
import math
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from poolcalc._format import escape_formula, unescape_formula
from poolcalc._gc import gc_paused as paused_gc  # one pause helper (kept name)
from poolcalc.errors import InvalidInputError, PoolcalcWarning
from poolcalc.io._hints import with_hint

_log = logging.getLogger(__name__)

__all__ = [
    "LICENSEE_COLUMNS",
    "PATENT_COLUMNS",
    "POOL_FILES",
    "SALES_COLUMNS",
    "paused_gc",
]

#: Files of a pool directory.
POOL_FILES = ("pool.toml", "patents.csv", "licensees.csv", "sales.csv")

#: Parquet files read instead of the CSV of the same name (needs the ``arrow`` extra).
PARQUET_FILES = {"patents.csv": "patents.parquet", "sales.csv": "sales.parquet"}

#: (required, optional) columns per CSV file.
PATENT_COLUMNS = (
    ("patent", "owner", "country", "expires", "status"),
    ("family", "granted", "disclosed", "feature", "alternative", "evaluator", "weight"),
)
LICENSEE_COLUMNS = (
    ("licensee", "name"),
    ("enterprise", "member", "signed", "good_standing", "chain_level", "address", "country",
     "email", "agreements"),
)
SALES_COLUMNS = (
    ("licensee", "date", "product", "country_of_sale", "country_of_manufacture", "units"),
    ("net_price",),
)

# ------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------
def _fail(where: str, msg: str) -> InvalidInputError:
    return InvalidInputError(f"{where}: {msg}")


def _wrap(where: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn``; re-raise model validation errors prefixed with ``where``."""
    try:
        return fn(*args, **kwargs)
    except InvalidInputError as exc:
        raise _fail(where, with_hint(str(exc))) from None


#: Every file name a pool directory may hold (a name equal to one of these but for
#: case, ``Usage.csv``, is refused: on a case-sensitive file system it would be ignored).
KNOWN_FILES = (*POOL_FILES, *PARQUET_FILES.values(), "usage.csv", "metrics.csv")


def _check_file_names(root: Path) -> None:
    """Refuse a pool file whose name differs from its expected name only by case."""
    known = {n.lower(): n for n in KNOWN_FILES}
    for f in sorted(root.iterdir()):
        want = known.get(f.name.lower())
        if want is not None and f.name != want and not (root / want).exists():
            raise InvalidInputError(
                f"{f.name}: file name must be {want} (lower case); as named it would be "
                "ignored, so rename it"
            )


def _pool_files(path: str | os.PathLike[str]) -> dict[str, Path]:
    root = Path(path)
    if not root.exists():
        raise InvalidInputError(f"pool directory {str(root)!r} does not exist")
    if not root.is_dir():
        raise InvalidInputError(f"pool directory {str(root)!r} is not a directory")
    _check_file_names(root)
    files = {}
    for name in POOL_FILES:
        f = root / name
        if name in PARQUET_FILES and (root / PARQUET_FILES[name]).is_file():
            f = root / PARQUET_FILES[name]  # Parquet beside or instead of the CSV: Parquet
        if not f.is_file():
            raise InvalidInputError(
                f"{name}: missing file (pool directory {str(root)!r} has no {name})"
            )
        files[name] = f
    return files


def _read_bytes(f: Path, name: str) -> bytes:
    """Return a CSV file's bytes, checked to be UTF-8, without a byte-order mark."""
    try:
        raw = f.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"{name}: cannot read file ({exc.strerror})") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    chars = len(raw)
    if not raw.isascii():
        try:
            chars = len(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            # as _read_text (utf-8-sig): the byte is counted after the byte-order mark
            raise InvalidInputError(
                f"{name}: not UTF-8 text (byte {exc.start}: "
                f"{exc.object[exc.start : exc.start + 1]!r})"
            ) from None
    _log.debug("read %s: %d characters", f, chars)
    return raw


def _read_text(f: Path, name: str) -> str:
    try:
        text = f.read_text(encoding="utf-8-sig")
        _log.debug("read %s: %d characters", f, len(text))
        return text
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{name}: not UTF-8 text (byte {exc.start}: {exc.object[exc.start : exc.start + 1]!r})"
        ) from None
    except OSError as exc:
        raise InvalidInputError(f"{name}: cannot read file ({exc.strerror})") from None


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
    text: str,
    name: str,
    columns: tuple[tuple[str, ...], tuple[str, ...]],
    *,
    unescape: bool = True,
) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """Header and an iterator of (line number, stripped values) for the data rows.

    Values are formula-unescaped (:func:`poolcalc._format.unescape_formula`: a leading
    quote before ``= + - @``, tab, CR or a quote is dropped) unless ``unescape`` is
    false: the writers escape text cells so a pool file opened in a spreadsheet never
    runs a formula, and reading gives back the text as it was.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _fail(f"{name}:{reader.line_num}", f"malformed CSV: {exc}") from None
    cols = _header(name, header, columns)
    ncol = len(cols)
    unescape = unescape and "'" in text  # only a cell starting with a quote changes

    def rows() -> Iterable[tuple[int, list[str]]]:
        blank: list[int] = []  # rows of empty cells (",,,," as spreadsheets export them)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                _warn_blank(name, blank)
                return
            except csv.Error as exc:
                raise _fail(f"{name}:{reader.line_num}", f"malformed CSV: {exc}") from None
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if not any(v.strip() for v in row):
                blank.append(reader.line_num)
                continue
            if len(row) != ncol:
                raise _fail(
                    f"{name}:{reader.line_num}",
                    f"expected {ncol} values (columns: {', '.join(cols)}), got {len(row)}",
                )
            if unescape:
                yield reader.line_num, [unescape_formula(v.strip()) for v in row]
            else:
                yield reader.line_num, [v.strip() for v in row]

    return cols, rows()


def _warn_blank(name: str, lines: list[int]) -> None:
    """Report rows whose every cell is empty (ignored, like empty lines)."""
    if lines:
        at = ", ".join(str(x) for x in lines[:5]) + (", ..." if len(lines) > 5 else "")
        warnings.warn(
            f"{name}: ignored {len(lines)} row(s) whose cells are all empty (line {at})",
            PoolcalcWarning,
            stacklevel=3,
        )


def _opt(v: str) -> str | None:
    return v if v != "" else None


def _some(ids: Iterable[str], k: int = 8) -> str:
    s = sorted(ids)
    if not s:
        return "none listed"
    head = ", ".join(s[:k])
    return f"known: {head}" + (f", ... ({len(s)} in all)" if len(s) > k else "")



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
    if isinstance(v, frozenset):  # licensees.csv agreements
        return ";".join(sorted(v))
    return str(v)


def _write_csv(f: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a pool CSV file; text cells formula-escaped (:func:`escape_formula`)."""
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow([escape_formula(_fmt(v)) for v in row])


def _columns(
    objs: Sequence[Any],
    fields: Sequence[tuple[str, str]],
    keep: Callable[[str, Sequence[Any]], bool],
) -> list[tuple[str, str]]:
    """Keep the optional columns where some row has a non-default value."""
    return [(col, attr) for col, attr in fields if keep(attr, objs)]



"""Every read-time problem of a pool directory (and a terms file), not just the first.

:func:`validate_pool` runs the checks :func:`~poolcalc.io.read_pool` and
:func:`~poolcalc.io.read_terms` run, file by file, and keeps going after a problem:
a CSV line with a bad value is reported and then left out (the readers skip empty
lines, so blanking it keeps every other line number), a pool.toml key with a bad value
likewise, up to :data:`MAX_PER_FILE` problems per file.  A file that cannot be read at
all (missing, not UTF-8) is one problem; files that need it (sales.csv needs
licensees.csv and pool.toml) are then checked as far as they can be.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from poolcalc.allocation import get_scheme
from poolcalc.errors import InvalidInputError
from poolcalc.io._columns import read_sales_csv
from poolcalc.io._csv import (
    POOL_FILES,
    _check_file_names,
    _csv_rows,
    _read_bytes,
    _read_text,
)
from poolcalc.io._licensees import read_licensees_columns
from poolcalc.io._patents_csv import read_patents_csv
from poolcalc.io._pool_dir import _read_licensees, read_pool
from poolcalc.io._pool_toml import pool_toml_text
from poolcalc.io._terms import terms_file_problems
from poolcalc.io._usage_io import read_usage

__all__ = ["MAX_PER_FILE", "validate_pool"]

#: Problems reported per file at most (then "... and more" is added).
MAX_PER_FILE = 50


def _collect(name: str, data: bytes, read: Callable[[bytes], Any],
             problems: list[str]) -> Any:
    """Run ``read`` on ``data`` and on it again without each line it refuses."""
    found: list[str] = []
    try:
        return _collect_lines(name, data, read, found)
    finally:  # in line order (a reader checks column by column)
        problems.extend(sorted(found, key=lambda msg: _line_of(name, msg)))


def _line_of(name: str, msg: str) -> int:
    m = re.match(rf"{re.escape(name)}:(\d+): ", msg)
    return int(m.group(1)) if m else 0


def _first_column(data: bytes, column: str) -> list[str]:
    """Values of ``column`` of a CSV (ids of rows a reader refused too)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8", "replace"))))
    if not rows or column not in [c.strip() for c in rows[0]]:
        return []
    k = [c.strip() for c in rows[0]].index(column)
    return [r[k].strip() for r in rows[1:] if len(r) > k and r[k].strip()]


def _collect_lines(name: str, data: bytes, read: Callable[[bytes], Any],
                   problems: list[str]) -> Any:
    lines = data.split(b"\n")
    for _ in range(MAX_PER_FILE):
        try:
            return read(b"\n".join(lines))
        except InvalidInputError as exc:
            msg = str(exc)
            problems.append(msg)
            m = re.match(rf"{re.escape(name)}:(\d+): ", msg)
            k = int(m.group(1)) - 1 if m else -1
            if not 0 <= k < len(lines) or not lines[k].strip() or (
                    k == 0 and name.endswith(".csv")) or lines[k].lstrip().startswith(b"["):
                return None  # no line to leave out (a header, a table, the whole file)
            lines[k] = b""
    problems.append(f"{name}: ... and more problems (only the first {MAX_PER_FILE} shown)")
    return None


def validate_pool(path: str | os.PathLike[str], terms: str | os.PathLike[str] | None = None
                  ) -> tuple[str, ...]:
    """Return every problem found in a pool directory (and a terms file); ``()`` when none.

    Parameters
    ----------
    path : path-like
        Pool directory (``pool.toml``, ``patents.csv``, ``licensees.csv``,
        ``sales.csv``, optional ``usage.csv``).
    terms : path-like, optional
        A terms file (``poolcalc check``) to check too.

    Returns
    -------
    tuple of str
        One line per problem, each naming the file, line, field and value as
        :func:`~poolcalc.io.read_pool` does; in file order (pool.toml, patents.csv,
        licensees.csv, sales.csv, usage.csv, the pool as a whole, the terms file).

    Examples
    --------
    >>> from poolcalc.data import example_pool_path
    >>> validate_pool(example_pool_path())
    ()
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidInputError(f"validate: path must be a pool directory, got {path!r}")
    root = Path(path)
    problems: list[str] = []
    if not root.is_dir():
        problems.append(f"pool directory {str(root)!r} does not exist or is not a directory")
    else:
        _validate_dir(root, problems)
    if terms is not None:
        problems.extend(terms_file_problems(terms))
    return tuple(problems)


def _validate_dir(root: Path, problems: list[str]) -> None:
    try:
        _check_file_names(root)
    except InvalidInputError as exc:
        problems.append(str(exc))
    present = {}
    for name in POOL_FILES:
        if (root / name).is_file():
            present[name] = root / name
        elif name != "patents.csv" and name != "sales.csv" or not (
                root / name.replace(".csv", ".parquet")).is_file():
            problems.append(f"{name}: missing file (pool directory {str(root)!r} has no {name})")
    raw: dict[str, bytes] = {}
    for name, f in present.items():
        try:
            raw[name] = _read_bytes(f, name)
        except InvalidInputError as exc:
            problems.append(str(exc))
    meta = None
    if "pool.toml" in raw:
        meta = _collect("pool.toml", raw["pool.toml"],
                        lambda b: pool_toml_text(b.decode("utf-8")), problems)
    members = [m.id for m in meta["members"]] if meta else None
    if "patents.csv" in raw and members is not None:
        _collect("patents.csv", raw["patents.csv"],
                 lambda b: read_patents_csv(b, members), problems)
    licensees = None
    if "licensees.csv" in raw and members is not None:
        licensees = _collect("licensees.csv", raw["licensees.csv"],
                             lambda b: read_licensees_columns(b, set(members), _read_licensees),
                             problems)
    if "sales.csv" in raw and meta is not None and licensees is not None:
        # a licensee refused above is still known to sales.csv (no cascade of problems)
        ent = {i: i for i in _first_column(raw["licensees.csv"], "licensee")}
        ent.update({lic.id: lic.enterprise for lic in licensees})
        ids = list(ent)
        _collect("sales.csv", raw["sales.csv"],
                 lambda b: read_sales_csv(b, ids, ent, meta["schedule"]), problems)
    if licensees is not None:
        try:
            read_usage(root, {lic.id for lic in licensees}, _csv_rows, _read_text)
        except InvalidInputError as exc:
            problems.append(str(exc))
    if meta is not None:
        try:
            get_scheme(meta["allocation"].scheme)
        except InvalidInputError as exc:
            where = meta["allocation"].source or "pool.toml"
            problems.append(f"{where}: allocation.scheme: {exc}")
    if not problems:  # the checks across files (duplicate ids over files, ...)
        try:
            read_pool(root)
        except InvalidInputError as exc:
            problems.append(str(exc))

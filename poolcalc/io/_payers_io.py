"""sales.csv column ``payer``: who pays for a row when it is not the licensee (item 8b).

Via LA HEVC: "Vendors of semiconductor chips or other products that contain an HEVC
encoder and/or decoder may pay royalties on behalf of their customer who is a
Licensee ... subject to that Licensee's annual cap" (via-la.com/licensing-2/hevc/
hevc-license-fees/).  The optional column holds the payer's id; empty means the
licensee pays.  Read into ``Pool.payers`` (sales line -> payer id,
:mod:`poolcalc.model._payers`); written back by ``write_pool``.  CSV only: a
``sales.parquet`` with a ``payer`` column is refused as an unknown column.

amendments.csv and audits.csv hold the sales columns, so they may carry ``payer``
too (:func:`correction_payers`: the same parsing, and the payer must be a licensee or
a payer of sales.csv, whose payments payments.csv accepts).

Messages: ``sales.csv:LINE: payer: <why>, got 'value'``;
``amendments.csv:LINE: field payer: <why>, got 'value'``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.io._csv import SALES_COLUMNS, _csv_rows, _fail, _read_text
from poolcalc.model._validators import check_id
from poolcalc.tables import SalesTable

__all__ = ["correction_payers", "payer_column", "read_payers", "sales_columns",
           "with_payer"]

#: sales.csv columns when the file has a ``payer`` column.
WITH_PAYER = (SALES_COLUMNS[0], (*SALES_COLUMNS[1], "payer"))


def _head_has_payer(head: str) -> bool:
    return "payer" in (h.strip().strip('"') for h in head.split(","))


def _has_payer(f: Path) -> bool:
    if f.suffix != ".csv":
        return False
    with f.open(encoding="utf-8-sig", errors="replace") as fh:
        head = fh.readline()
    return _head_has_payer(head)


def with_payer(raw: bytes, columns: tuple[tuple[str, ...], tuple[str, ...]]
               ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``columns`` with ``payer`` optional when the CSV bytes' header has that column."""
    head = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return (columns[0], (*columns[1], "payer")) if _head_has_payer(head) else columns


def sales_columns(f: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Columns the sales reader accepts for file ``f`` (``payer`` in a CSV that has it)."""
    return WITH_PAYER if _has_payer(f) else SALES_COLUMNS


def read_payers(f: Path) -> dict[int, str]:
    """Payer by sales line of the rows whose ``payer`` is set (empty when no column).

    Raises
    ------
    InvalidInputError
        ``sales.csv:LINE: payer: ...`` for a value that is not an id.
    """
    if not _has_payer(f):
        return {}
    cols, rows = _csv_rows(_read_text(f, f.name), f.name, WITH_PAYER)
    k = cols.index("payer")
    out = {}
    for line, values in rows:
        v = values[k]
        if not v:
            continue
        try:
            out[line] = check_id(v, "payer")
        except InvalidInputError as exc:
            raise _fail(f"{f.name}:{line}", f"{exc}") from None
    return out


def correction_payers(raw: bytes, name: str,
                      columns: tuple[tuple[str, ...], tuple[str, ...]],
                      known: set[str]) -> list[str] | None:
    """Payer of each data row of amendments.csv / audits.csv (``""``: the licensee pays).

    Parameters
    ----------
    raw : bytes
        The file (UTF-8, checked by the caller).
    name : str
        File name for messages.
    columns : (required, optional) column names
        The file's columns (:func:`with_payer` of them).
    known : set of str
        Ids a payer may be: the licensees (licensees.csv) and the payers of sales.csv.

    Returns
    -------
    list of str or None
        One entry per data row, in file order; None without a ``payer`` column.

    Raises
    ------
    InvalidInputError
        ``amendments.csv:LINE: field payer: ...`` for a value sales.csv would refuse or
        a party that is neither a licensee nor a payer of sales.csv.
    """
    if "payer" not in columns[1]:
        return None
    cols, rows = _csv_rows(raw.decode("utf-8"), name, columns)
    k = cols.index("payer")
    out = []
    for line, values in rows:
        v = values[k]
        if v:
            try:
                v = check_id(v, "payer")
            except InvalidInputError as exc:
                msg = str(exc).split(", got")[0].removeprefix("payer ")
                raise _fail(f"{name}:{line}", f"field payer: {msg}, got {v!r}") from None
            if v not in known:
                raise _fail(f"{name}:{line}",
                            f"field payer: unknown payer (neither a licensee in "
                            f"licensees.csv nor a payer in sales.csv), got {v!r}")
        out.append(v)
    return out


def payer_column(st: SalesTable, payers: dict[int, str] | object) -> list[str] | None:
    """Return the ``payer`` column to write (``""``: the licensee pays); None without payers."""
    if not payers:
        return None
    got = dict(payers)  # type: ignore[call-overload]
    return [got.get(int(x), "") for x in np.asarray(st.line).tolist()]

"""sales.csv column ``payer``: who pays for a row when it is not the licensee (item 8b).

Via LA HEVC: "Vendors of semiconductor chips or other products that contain an HEVC
encoder and/or decoder may pay royalties on behalf of their customer who is a
Licensee ... subject to that Licensee's annual cap" (via-la.com/licensing-2/hevc/
hevc-license-fees/).  The optional column holds the payer's id; empty means the
licensee pays.  Read into ``Pool.payers`` (sales line -> payer id,
:mod:`poolcalc.model._payers`); written back by ``write_pool``.  CSV only: a
``sales.parquet`` with a ``payer`` column is refused as an unknown column.

Messages: ``sales.csv:LINE: payer: <why>, got 'value'``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.io._csv import SALES_COLUMNS, _csv_rows, _fail, _read_text
from poolcalc.model._validators import check_id
from poolcalc.tables import SalesTable

__all__ = ["payer_column", "read_payers", "sales_columns"]

#: sales.csv columns when the file has a ``payer`` column.
WITH_PAYER = (SALES_COLUMNS[0], (*SALES_COLUMNS[1], "payer"))


def _has_payer(f: Path) -> bool:
    if f.suffix != ".csv":
        return False
    with f.open(encoding="utf-8-sig", errors="replace") as fh:
        head = fh.readline()
    return "payer" in (h.strip().strip('"') for h in head.split(","))


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


def payer_column(st: SalesTable, payers: dict[int, str] | object) -> list[str] | None:
    """Return the ``payer`` column to write (``""``: the licensee pays); None without payers."""
    if not payers:
        return None
    got = dict(payers)  # type: ignore[call-overload]
    return [got.get(int(x), "") for x in np.asarray(st.line).tolist()]

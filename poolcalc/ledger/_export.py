"""Exporting the journal: CSV, JSON (money as decimal strings) or Parquet (pyarrow)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from poolcalc._format import render_csv, render_json
from poolcalc._money import format_money
from poolcalc.errors import InvalidInputError
from poolcalc.ledger._db import Ledger, check_ledger
from poolcalc.ledger._read import export_rows

__all__ = ["EXPORT_COLUMNS", "EXPORT_FORMATS", "export"]

EXPORT_FORMATS = ("csv", "json", "parquet")

#: Columns of an export, in order (``amount`` is the decimal string of ``amount_cents``).
EXPORT_COLUMNS = ("period", "seq", "kind", "debit", "credit", "amount", "amount_cents",
                  "currency", "licensee", "member", "document", "ref_period", "memo")

_NO_ARROW = "ledger export --format parquet needs pyarrow: pip install 'poolcalc[arrow]'"


def _rows(ledger: Ledger) -> list[dict[str, Any]]:
    out = []
    for r in export_rows(ledger):
        r["amount"] = format_money(r["amount_cents"], r.pop("minor_units"))
        out.append({c: r[c] for c in EXPORT_COLUMNS})
    return out


def export(ledger: Ledger, fmt: str, out: str | os.PathLike[str] | None = None) -> str | Path:
    """Export every journal entry.

    Parameters
    ----------
    ledger : Ledger
    fmt : {"csv", "json", "parquet"}
    out : path, optional
        File to write; required for ``parquet``.  Without it, CSV or JSON text is returned.

    Returns
    -------
    str or pathlib.Path
        The text (no ``out``) or the path written.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> print(ledger.export(db, "csv").splitlines()[1])
    2024Q1,0,invoice,licensee:L1,pool:distributable,10.00,1000,USD,,,,,
    """
    check_ledger(ledger, "export: ledger")
    if fmt not in EXPORT_FORMATS:
        raise InvalidInputError(f"--format: one of {', '.join(EXPORT_FORMATS)}, got {fmt!r}")
    rows = _rows(ledger)
    if fmt == "parquet":
        if out is None:
            raise InvalidInputError("--format parquet: give the file to write with --out")
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ImportError(_NO_ARROW) from None
        cols = {c: [r[c] for r in rows] for c in EXPORT_COLUMNS}
        types = {c: pa.string() for c in EXPORT_COLUMNS}
        types.update(seq=pa.int64(), amount_cents=pa.int64())
        table = pa.table({c: pa.array(v, type=types[c]) for c, v in cols.items()})
        pq.write_table(table, out)
        return Path(out)
    if fmt == "csv":
        text = render_csv(EXPORT_COLUMNS, ([r[c] for c in EXPORT_COLUMNS] for r in rows))
    else:
        text = render_json({"entries": rows})
    if out is not None:
        Path(out).write_text(text, encoding="utf-8")
        return Path(out)
    return text

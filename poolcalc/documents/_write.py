"""Write every document of a period into a directory (``poolcalc statements``)."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from poolcalc._args import check_instance_arg
from poolcalc.allocation import allocate
from poolcalc.documents._chromium import Browser
from poolcalc.documents._invoice import invoices
from poolcalc.documents._model import Rendered
from poolcalc.documents._period import period_invoices, period_statements
from poolcalc.documents._reconcile import reconciliation
from poolcalc.documents._statement import statements
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool, check_pool
from poolcalc.periods import PeriodResult
from poolcalc.royalties import royalties_owed

__all__ = ["FORMATS", "file_name", "write_documents", "write_period_documents"]

#: Output formats of :func:`write_documents`.
FORMATS = ("html", "pdf", "xlsx")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(doc: Rendered, fmt: str) -> str:
    """Return the file name of a document (``invoice-2024-L001.pdf``).

    Parameters
    ----------
    doc : InvoiceDocument, StatementDocument or ReconciliationDocument
    fmt : str
        Extension: ``html``, ``pdf`` or ``xlsx``.

    Returns
    -------
    str
        ``invoice-<period>-<licensee>``, ``statement-<period>-<member>`` or
        ``reconciliation-<period>``; characters unsafe in file names become ``_``.

    Examples
    --------
    >>> import poolcalc, poolcalc.model as m
    >>> from poolcalc import documents
    >>> pool = m.Pool(
    ...     "Tiny pool", [m.Member("A", "Alpha")], [m.Patent("P1", "A", "US", "2030-01-01")],
    ...     licensees=[m.Licensee("L1", "One")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "box", "US", "US", 10)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    >>> report = poolcalc.royalties_owed(pool, 2024)
    >>> documents.file_name(documents.invoice(report, "L1", pool), "pdf")
    'invoice-2024-L1.pdf'
    """
    check_instance_arg(doc, Rendered, "file_name: doc")
    check_instance_arg(fmt, str, "file_name: fmt")
    who = getattr(doc, "licensee", None) or getattr(doc, "member", None)
    parts = [doc.kind, doc.period] + ([who.id] if who is not None else [])
    return "-".join(_UNSAFE.sub("_", p) for p in parts) + f".{fmt}"


def write_documents(
    pool: Pool, out: str | os.PathLike[str], *, year: int | None = None, fmt: str = "html",
    scheme: str | None = None, options: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write one invoice per licensee, one statement per licensor and the reconciliation.

    Parameters
    ----------
    pool : Pool
    out : path-like
        Directory (created when missing).
    year : int, optional
        Calendar year; default the latest with sales.
    fmt : {"html", "pdf", "xlsx"}
    scheme, options
        Allocation scheme and its options (default the pool's ``[allocation]``).

    Returns
    -------
    list of pathlib.Path
        The files written: invoices (by licensee id), statements (pool order), the
        reconciliation last.

    Examples
    --------
    >>> import poolcalc, poolcalc.model as m
    >>> from poolcalc import documents
    >>> pool = m.Pool(
    ...     "Tiny pool", [m.Member("A", "Alpha")], [m.Patent("P1", "A", "US", "2030-01-01")],
    ...     licensees=[m.Licensee("L1", "One")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "box", "US", "US", 10)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     [f.name for f in documents.write_documents(pool, out, fmt="html")]
    ['invoice-2024-L1.html', 'statement-2024-A.html', 'reconciliation-2024.html']
    """
    check_pool(pool, "write_documents: pool")
    if fmt not in FORMATS:
        raise InvalidInputError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    report = royalties_owed(pool, year)
    dist = allocate(pool, year=report.year, scheme=scheme, options=options)
    docs: list[Rendered] = [*invoices(report, pool), *statements(dist, pool, report),
                            reconciliation(report, dist, pool)]
    return _save(docs, out, fmt, [file_name(d, fmt) for d in docs])


def write_period_documents(
    result: PeriodResult, pool: Pool, out: str | os.PathLike[str], *, fmt: str = "html",
) -> list[Path]:
    """Write a reporting period's invoices, debit and credit notes and licensor statements.

    The documents are :func:`~poolcalc.documents.period_invoices` (one per invoice,
    debit note or credit note with a non-zero amount, titled so) and
    :func:`~poolcalc.documents.period_statements` (one per licensor that received cash
    in the period), with exactly the money of ``result`` (``poolcalc period --format
    json``).

    Parameters
    ----------
    result : PeriodResult
        ``poolcalc.period(pool, "2024Q3", inputs)``.
    pool : Pool
        The pool the period was computed for (names, addresses, administrator).
    out : path-like
        Directory (created when missing).
    fmt : {"html", "pdf", "xlsx"}

    Returns
    -------
    list of pathlib.Path
        Invoices, debit and credit notes (``invoice-<number>``, in the result's order),
        then the statements (``statement-2024Q3-<member>``).

    Examples
    --------
    >>> import poolcalc, tempfile
    >>> from poolcalc import documents
    >>> from poolcalc.io import read_period_inputs
    >>> pool = poolcalc.load_example()
    >>> inputs = read_period_inputs(poolcalc.example_pool_path(), pool)  # payments.csv, ...
    >>> res = poolcalc.period(pool, "2024Q3", inputs, by_country=True)
    >>> with tempfile.TemporaryDirectory() as out:
    ...     names = [f.name for f in documents.write_period_documents(res, pool, out)]
    >>> names[:2], names[-1], len(names)
    (['invoice-2024Q3-L006-I1.html', 'invoice-2024Q3-L001.html'], 'statement-2024Q3-M24.html', 90)
    """
    check_pool(pool, "write_period_documents: pool")
    if not isinstance(result, PeriodResult):
        raise InvalidInputError(
            f"write_period_documents: result must be a PeriodResult, got {type(result).__name__}")
    if fmt not in FORMATS:
        raise InvalidInputError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    invs = period_invoices(result, pool)
    # a note has its own number (2024Q3-L006-I1, -C1) beside the licensee's invoice
    names = [f"invoice-{_UNSAFE.sub('_', d.number)}.{fmt}" for d in invs]
    sts = period_statements(result, pool)
    return _save([*invs, *sts], out, fmt, names + [file_name(d, fmt) for d in sts])


def _save(docs: list[Rendered], out: str | os.PathLike[str], fmt: str,
          names: list[str]) -> list[Path]:
    """Save each document as ``out/<name>``; one browser for all PDFs."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    with Browser() if fmt == "pdf" else contextlib.nullcontext() as browser:
        for doc, name in zip(docs, names, strict=True):
            written.append(doc.save(root / name, browser=browser))
    return written

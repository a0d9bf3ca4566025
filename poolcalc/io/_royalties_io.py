"""Writers for :class:`~poolcalc.royalties.RoyaltyReport`: table, JSON and CSV.

The report renders itself (one place per output): ``--format json`` is
``report.to_dict()``, ``table`` is ``str(report)``, ``csv`` is ``report.to_csv()``.
At 10^6 licensees the JSON of the invoices is written from the report's columns
(:class:`~poolcalc.royalties._invoices.InvoiceTable`) as a
:class:`poolcalc._json.Records`: the same bytes as ``render_json(report.to_dict())``
(tests/test_licensee_table.py), without one dict per licensee and the pure-Python
indenting encoder walking them.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

import numpy as np

from poolcalc._format import (
    format_money,
    format_money_array,
    json_pieces,
    json_strings,
    render_csv_columns,
    render_json,
)
from poolcalc._json import Records, write_parts
from poolcalc.errors import InvalidInputError
from poolcalc.royalties._extras import extra_dicts
from poolcalc.royalties._invoices import COUNTS, InvoiceTable
from poolcalc.royalties._result import CSV_HEADERS, MONEY
from poolcalc.royalties._usage import usage_dict

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.royalties import RoyaltyReport

__all__ = ["print_royalties", "write_royalties"]

_FORMATS = ("table", "json", "csv")


def write_royalties(report: RoyaltyReport, fmt: str = "table") -> str:
    """Render a royalty report.

    Parameters
    ----------
    report : RoyaltyReport
    fmt : {"table", "json", "csv"}
        ``table``: one line per licensee, a totals line, the content royalties (when
        any), the units not due by reason and the notes.  Money columns: gross,
        member (cross-licence relief of pool members, ``Schedule.member_rate`` < 1),
        discount, allowance, cap, owed.  ``json``: :meth:`RoyaltyReport.to_dict
        <poolcalc.royalties.RoyaltyReport.to_dict>` (``{"currency", "year", "total",
        "licensees": [...], "not_due", "notes", "usage": [...]}``, money as decimal
        strings such as ``"1080000.00"``).  ``csv``: one row per licensee, money as
        decimal strings, with a ``usage`` column when the report has content royalties.

    Returns
    -------
    str

    See Also
    --------
    print_royalties : the same text written to a stream in parts.

    Examples
    --------
    >>> import poolcalc
    >>> report = poolcalc.royalties_owed(poolcalc.load_example(), 2024)
    >>> write_royalties(report, "csv").splitlines()[0].split(",")[0]
    'licensee'
    """
    return "".join(_pieces(report, fmt))


def print_royalties(report: RoyaltyReport, fmt: str, stream: Any) -> None:
    """Write :func:`write_royalties` ``(report, fmt)`` to ``stream`` a part at a time.

    The JSON of 10^6 invoices is about 300 MB: written :data:`poolcalc._json.PART`
    pieces at a time it is never one string, nor encoded whole (``poolcalc
    royalties --format json``).

    Parameters
    ----------
    report : RoyaltyReport
    fmt : {"table", "json", "csv"}
    stream : text stream
        Anything with ``write(str)`` (``sys.stdout``).

    Returns
    -------
    None
        The text is written to ``stream``.

    Raises
    ------
    InvalidInputError
        An unknown format (nothing is written).

    Examples
    --------
    >>> import io
    >>> import poolcalc
    >>> report = poolcalc.royalties_owed(poolcalc.load_example(), 2024)
    >>> out = io.StringIO()
    >>> print_royalties(report, "json", out)
    >>> out.getvalue() == write_royalties(report, "json")
    True
    """
    write_parts(_pieces(report, fmt), stream.write)


def _pieces(report: RoyaltyReport, fmt: str) -> list[str]:
    if fmt == "json":
        return _json(report)
    if fmt == "csv":
        return [_csv(report)]
    if fmt != "table":
        raise InvalidInputError(f"format must be one of {', '.join(_FORMATS)}, got {fmt!r}")
    return [str(report)]


def _json(report: RoyaltyReport) -> list[str]:
    """``render_json(report.to_dict())`` in pieces, the invoices written from the columns."""
    inv = report.invoices
    if not isinstance(inv, InvoiceTable):
        return [render_json(report.to_dict())]
    mu = report.minor_units
    out = {
        "currency": report.currency,
        "year": report.year,
        "total": format_money(report.total_cents, mu),
        "licensees": _invoice_records(inv, mu),
        "not_due": dict(report.not_due),
        "notes": list(report.notes),
        "usage": [usage_dict(u, mu) for u in report.usage],
    }
    out.update(extra_dicts(report))  # entry fees, payers, metric tiers (as to_dict)
    return json_pieces(out)


def _invoice_records(inv: InvoiceTable, mu: int) -> Records:
    """Return the ``licensees`` array of the report's JSON as columns.

    Each object is :func:`~poolcalc.royalties._result.invoice_dict` of an invoice: texts
    and decimal strings by column, ``not_due`` one shared empty object except where
    units were not due (written once by the writer).
    """
    lic = json_strings(inv.licensees)
    # a licensee that is its own enterprise (the usual case) is escaped once
    ents = [t if e is x else encode_basestring(e)
            for e, x, t in zip(inv.enterprises, inv.licensees, lic, strict=True)]
    none: dict[str, int] = {}
    not_due: list[dict[str, int]] = [none] * len(inv)
    for j in np.flatnonzero(inv.not_due.any(axis=0)).tolist():
        not_due[j] = dict(inv[j].not_due)  # as invoice_dict writes it
    cols = [lic, ents,
            *(format_money_array(inv.column(k), 0) for k in COUNTS),  # int64: str(int)
            *(format_money_array(inv.column(f"{k}_cents"), mu) for k in MONEY), not_due]
    kinds = ["text"] * (2 + len(COUNTS)) + ["plain"] * len(MONEY) + ["value"]
    return Records(["licensee", "enterprise", *COUNTS, *MONEY, "not_due"], cols, kinds)


def _csv(report: RoyaltyReport) -> str:
    """``report.to_csv()``, written from the invoice columns (no usage or fee columns)."""
    inv = report.invoices
    if not isinstance(inv, InvoiceTable) or report.usage or report.fees:
        return report.to_csv()
    mu = report.minor_units
    cols = [inv.licensees, inv.enterprises, *(inv.column(k).tolist() for k in COUNTS),
            *(format_money_array(inv.column(f"{k}_cents"), mu) for k in MONEY)]
    return render_csv_columns(CSV_HEADERS, cols)

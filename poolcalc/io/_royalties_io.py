"""Writers for :class:`~poolcalc.royalties.RoyaltyReport`: table, JSON and CSV.

The report renders itself (one place per output): ``--format json`` is
``report.to_dict()``, ``table`` is ``str(report)``, ``csv`` is ``report.to_csv()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from poolcalc._format import render_json
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.royalties import RoyaltyReport

__all__ = ["write_royalties"]

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

    Examples
    --------
    >>> import poolcalc
    >>> report = poolcalc.royalties_owed(poolcalc.load_example(), 2024)
    >>> write_royalties(report, "csv").splitlines()[0].split(",")[0]
    'licensee'
    """
    if fmt == "json":
        return render_json(report.to_dict())
    if fmt == "csv":
        return report.to_csv()
    if fmt != "table":
        raise InvalidInputError(f"format must be one of {', '.join(_FORMATS)}, got {fmt!r}")
    return str(report)

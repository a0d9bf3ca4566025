"""Write a compliance check report as a text table or JSON.

The report renders itself (the Result interface of :mod:`poolcalc._result`): JSON is
``report.to_dict()``, the table ``str(report)``.  This module only picks the format, so
``io`` needs nothing from :mod:`poolcalc.compliance`.
"""

from __future__ import annotations

from poolcalc._format import render_json
from poolcalc._result import Result
from poolcalc.errors import InvalidInputError

__all__ = ["write_check"]


def write_check(report: Result, fmt: str = "table") -> str:
    """Render a check report (:class:`poolcalc.compliance.Report`).

    Parameters
    ----------
    report : Report
    fmt : {"table", "json"}

    Returns
    -------
    str

    Raises
    ------
    InvalidInputError
        ``fmt`` is neither ``"table"`` nor ``"json"``.

    Examples
    --------
    >>> from poolcalc.compliance import check
    >>> from poolcalc.data import example_terms
    >>> text = write_check(check(example_terms("clean"), as_of="2025-06-01"), "json")
    >>> text.lstrip().startswith("{")
    True
    """
    if fmt == "json":
        return render_json(report.to_dict())
    if fmt == "table":
        return str(report)
    raise InvalidInputError(f"format must be 'table' or 'json', got {fmt!r}")

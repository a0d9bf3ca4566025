"""Write a compliance :class:`~poolcalc.compliance.Report` as a text table or JSON.

JSON (DESIGN.md): ``{"findings": [{"rule", "severity", "message", "evidence",
"sources"}], "summary": {...}}`` where ``evidence`` is a list of ``{"what", "value"}``
and ``sources`` a list of ``{"jurisdiction", "title", "pinpoint", "url", "verified",
"summary", "cite"}``; ``summary`` counts findings by severity and names the profile,
the number of rules checked and the rules that passed.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from poolcalc._format import render_json, render_table
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.compliance import Report

__all__ = ["write_check"]

_WIDTH = 100


def _table(report: Report) -> str:
    out = []
    rows = []
    for i, f in enumerate(report.findings, 1):
        rows.append((i, f.severity, f.rule, f.title))
    s = report.summary
    title = (f"Compliance check ({report.jurisdiction}): {s['error']} error, "
             f"{s['warning']} warning, {s['info']} info; {s['rules_checked']} rules checked, "
             f"{len(s['passed'])} passed")
    out.append(render_table(("#", "severity", "rule", "title"), rows, title=title,
                            align=("r", "l", "l", "l")))
    for i, f in enumerate(report.findings, 1):
        out.append(f"\n[{i}] {f.severity.upper()} {f.rule}\n")
        out.append(textwrap.fill(f.message, _WIDTH, initial_indent="    ",
                                 subsequent_indent="    ") + "\n")
        for e in f.evidence:
            out.append(textwrap.fill(str(e), _WIDTH, initial_indent="    evidence: ",
                                     subsequent_indent="              ") + "\n")
        for src in f.sources:
            mark = "" if src.verified or "unverified" in src.cite() else " [pinpoint unverified]"
            out.append(textwrap.fill(f"{src.cite()}{mark}", _WIDTH,
                                     initial_indent="    source:   ",
                                     subsequent_indent="              ") + "\n")
    if report.passed:
        out.append("\npassed: " + ", ".join(report.passed) + "\n")
    out.append(f"exit code: {report.exit_code} "
               "(1 when any finding is an error; info = could not check or minor)\n")
    return "".join(out)


def write_check(report: Report, fmt: str = "table") -> str:
    """Render a check report.

    Parameters
    ----------
    report : Report
    fmt : {"table", "json"}

    Returns
    -------
    str
    """
    if fmt == "json":
        return render_json(report.as_dict())
    if fmt == "table":
        return _table(report)
    raise InvalidInputError(f"format must be 'table' or 'json', got {fmt!r}")

"""Findings and the check report: the result objects of :func:`poolcalc.compliance.check`.

Both implement the Result interface of :mod:`poolcalc._result`: ``to_dict()`` is the
JSON that ``poolcalc check --format json`` prints, ``str()`` the text the command line
prints, ``to_frame()`` one row per finding, and a short ``repr``.

JSON: ``{"findings": [{"rule", "severity", "message", "evidence", "sources"}],
"summary": {...}}`` where ``evidence`` is a list of ``{"what", "value"}`` and ``sources``
a list of source mappings (:meth:`Source.to_dict
<poolcalc.compliance.Source.to_dict>`); ``summary`` counts findings by severity and
names the profile, the number of rules checked, the rules that passed, the check date
(``as_of``) and, per jurisdiction, the regime applied and why (``law``).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import Any

import attrs

from poolcalc._result import Result, TableView
from poolcalc.compliance._base import SEVERITIES, Evidence, Severity
from poolcalc.compliance._regimes import Applied
from poolcalc.compliance._sources import Source

__all__ = ["Finding", "Report"]

_RANK = {s: i for i, s in enumerate(SEVERITIES)}
#: Width the text output wraps messages, evidence and sources at [characters].
WIDTH = 100


def _wrap(text: str, first: str, rest: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=first, subsequent_indent=rest) + "\n"


@attrs.frozen(repr=False)
class Finding(Result):
    """One result of a check.

    Attributes
    ----------
    rule : str
        Rule id.
    severity : {"error", "warning", "info"}
    message : str
        What a reviewer would object to and why (or what could not be checked).
    evidence : tuple of Evidence
    sources : tuple of Source
    title : str
        The rule's title.
    """

    rule: str
    severity: Severity
    message: str
    evidence: tuple[Evidence, ...]
    sources: tuple[Source, ...]
    title: str = ""

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: severity, rule id, message, evidence."""
        return (_RANK[self.severity], self.rule, self.message, tuple(self.evidence))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON contract: ``rule, severity, message, evidence, sources``."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "sources": [s.to_dict() for s in self.sources],
        }

    def details(self, number: int) -> str:
        """Return the finding as the text block the check report prints under its table."""
        out = [f"\n[{number}] {self.severity.upper()} {self.rule}\n",
               _wrap(self.message, "    ", "    ")]
        out += [_wrap(str(e), "    evidence: ", "              ") for e in self.evidence]
        for src in self.sources:
            out.append(_wrap(src.cite(), "    source:   ", "              "))
        return "".join(out)

    def _view(self) -> TableView:
        rows = [("rule", self.rule), ("severity", self.severity), ("title", self.title),
                ("message", self.message)]
        rows += [("evidence", str(e)) for e in self.evidence]
        rows += [("source", s.cite()) for s in self.sources]
        return TableView(("field", "value"), rows, align=("l", "l"))

    def _summary(self) -> str:
        return f"{self.severity} {self.rule}: {self.message[:120]}"


@attrs.frozen(repr=False)
class Report(Result):
    """Result of :func:`~poolcalc.compliance.check`.

    Attributes
    ----------
    findings : tuple of Finding
        Sorted by severity (errors first), rule id, message and evidence.
    jurisdiction : str
    rules_checked : tuple of str
        Sorted ids of the rules that ran.
    passed : tuple of str
        Rules that ran and found nothing (not even an unknown).
    as_of : datetime.date
        The date whose law was applied.
    law : tuple of Applied
        Per jurisdiction of the profile, the regime applied and why.
    """

    findings: tuple[Finding, ...]
    jurisdiction: str
    rules_checked: tuple[str, ...]
    passed: tuple[str, ...]
    as_of: dt.date = attrs.field(factory=dt.date.today)
    law: tuple[Applied, ...] = ()

    @property
    def summary(self) -> dict[str, Any]:
        """Counts by severity, the profile, rules checked and passed, the date and the law."""
        counts = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            counts[f.severity] += 1
        return {
            **counts,
            "jurisdiction": self.jurisdiction,
            "rules_checked": len(self.rules_checked),
            "passed": list(self.passed),
            "as_of": self.as_of.isoformat(),
            "law": [a.to_dict() for a in self.law],
        }

    @property
    def exit_code(self) -> int:
        """1 when any finding is an error, else 0 (the CLI's exit code)."""
        return 1 if any(f.severity == "error" for f in self.findings) else 0

    def by_rule(self, rule_id: str) -> tuple[Finding, ...]:
        """Return the findings of one rule."""
        return tuple(f for f in self.findings if f.rule == rule_id)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"findings": [...], "summary": {...}}`` (the check JSON)."""
        return {"findings": [f.to_dict() for f in self.findings], "summary": self.summary}

    def _title(self) -> str:
        s = self.summary
        return (f"Compliance check ({self.jurisdiction}) as of {s['as_of']}: {s['error']} error, "
                f"{s['warning']} warning, {s['info']} info; {s['rules_checked']} rules checked, "
                f"{len(s['passed'])} passed")

    def _footer(self) -> Sequence[str]:
        out = ["\nlaw applied:\n"]
        out += [_wrap(f"{a.regime.label if a.regime else a.label}: {a.reason}", "  ", "    ")
                for a in self.law]
        out += [f.details(i) for i, f in enumerate(self.findings, 1)]
        if self.passed:
            out.append("\npassed: " + ", ".join(self.passed) + "\n")
        out.append(f"exit code: {self.exit_code} "
                   "(1 when any finding is an error; info = could not check or minor)\n")
        return "".join(out)[:-1].split("\n")

    def _view(self) -> TableView:
        rows = [(i, f.severity, f.rule, f.title) for i, f in enumerate(self.findings, 1)]
        return TableView(("#", "severity", "rule", "title"), rows, title=self._title(),
                         align=("r", "l", "l", "l"), footer=self._footer())

    def _records(self) -> Sequence[dict[str, Any]]:
        return [{"rule": f.rule, "severity": f.severity, "title": f.title,
                 "message": f.message, "evidence": "; ".join(str(e) for e in f.evidence),
                 "sources": "; ".join(s.cite() for s in f.sources)} for f in self.findings]

    def _summary(self) -> str:
        s = self.summary
        return (f"{self.jurisdiction} as of {s['as_of']}: {s['error']} error, {s['warning']} "
                f"warning, {s['info']} info, {s['rules_checked']} rules, exit {self.exit_code}")

"""Generate ``docs/compliance-rules.md`` and ``docs/legal-sources.md`` from the registries.

Both pages are rendered from the rule registry (:mod:`poolcalc.compliance._registry`),
the sources table (:mod:`poolcalc.compliance._sources`) and the regimes
(:mod:`poolcalc.compliance._regimes`); a test keeps the committed files equal to the
generated text, so the pages cannot drift from the code.
"""

from __future__ import annotations

from poolcalc.compliance._regimes import REGIMES
from poolcalc.compliance._registry import RULES
from poolcalc.compliance._sources import ALL_SOURCES, BY_KEY, JURISDICTIONS, Source, _day

__all__ = ["rules_doc", "sources_doc"]

_NAMES = {"us": "United States", "eu": "European Union", "uk": "United Kingdom",
          "cn": "China", "jp": "Japan", "general": "General (economics, industry practice)"}
_GENERATED = "<!-- generated from poolcalc/compliance ({}); do not edit -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _day_or(d: object, empty: str = "-") -> str:
    return empty if d is None else _day(d)  # type: ignore[arg-type]


def _status(s: Source) -> str:
    return {"primary": "primary text read", "secondary": "secondary sources only",
            "unverified": "unverified"}[s.verification]


def rules_doc() -> str:
    """Return ``docs/compliance-rules.md``: every rule, its severities and its sources."""
    out = [
        "# Compliance rules (`poolcalc check`)", "",
        _GENERATED.format("_registry.py, _sources.py"), "",
        "One rule per abuse pattern. Each finding has a severity (`error`, `warning`, "
        "`info`), says what a reviewer applying the cited texts would object to and why, and "
        "ends with the law it applied on the check date (`--as-of`, default today). Absent "
        "data is reported as `info` (\"could not check\"), never as compliant. Severities "
        "are set per jurisdiction, or per regime where the law changed (e.g. `eu-2026`); "
        "`general` applies where a jurisdiction has no entry, and a jurisdiction with no text "
        "in force on the date gets `info`. Texts are resolved to the version in force on the "
        "date (`docs/legal-sources.md`); a text cited outside its period says `historical`, "
        "and `(unverified)` follows every pinpoint not read in the primary text.", "",
        "| rule | title | severities | lowered inside a safe harbour |", "|---|---|---|---|",
    ]
    for r in RULES:
        sev = ", ".join(f"{k}: {v}" for k, v in r.severity.items())
        out.append(f"| [`{r.id}`](#{r.id}) | {_cell(r.title)} | {sev} | "
                   f"{'yes' if r.harbour else 'no'} |")
    for r in RULES:
        out += ["", f"## {r.id}", "", f"**{r.title}.** {r.checks}.", "",
                "| source | jurisdiction | in force | verification |", "|---|---|---|---|"]
        for s in (*r.sources, *(x for x in r.also_cites if x not in r.sources)):
            later = f"; superseded by `{s.superseded_by}`" if s.superseded_by else ""
            out.append(f"| {_cell(s.cite())} (`{s.key}`) | {s.jurisdiction} | "
                       f"{s.period()}{later} | {_status(s)} |")
    out.append("")
    return "\n".join(out)


def sources_doc() -> str:
    """Return ``docs/legal-sources.md``: every regime and every text with dates and status."""
    counts = {v: sum(s.verification == v for s in ALL_SOURCES)
              for v in ("primary", "secondary", "unverified")}
    out = [
        "# Legal sources and the law of a date", "",
        _GENERATED.format("_sources.py, _regimes.py"), "",
        f"{len(ALL_SOURCES)} texts: {counts['primary']} read in the primary text (or a verbatim "
        f"copy), {counts['secondary']} known from secondary sources only (law-firm briefings, "
        f"commentary), {counts['unverified']} unverified. A check applies, per jurisdiction, "
        "the regime in force on its date; an agreement in force on the last day of a regime "
        "that complied with it (no error-level finding of that jurisdiction under its rules) "
        "is judged under it until the end of the transition.", "",
        "## Regimes", "",
        "| regime | jurisdiction | instruments | from | to | transition to |",
        "|---|---|---|---|---|---|",
    ]
    for g in REGIMES:
        out.append(f"| `{g.id}` | {g.jurisdiction} | {_cell(g.name)} | {_day_or(g.start)} | "
                   f"{_day_or(g.end, 'open')} | {_day_or(g.transition_to)} |")
    for j in (*JURISDICTIONS, "general"):
        rows = [s for s in ALL_SOURCES if s.jurisdiction == j]
        out += ["", f"## {_NAMES[j]}", "",
                "| key | text | in force | superseded by | verification | what was read |",
                "|---|---|---|---|---|---|"]
        for s in rows:
            text = f"{s.title}, {s.pinpoint}" + (f" ({s.kind})" if s.kind == "draft" else "")
            if s.url:
                text = f"[{_cell(text)}]({s.url})"
            else:
                text = _cell(text)
            period = s.period()
            if s.transition_to:
                period += f" (transition to {_day(s.transition_to)})"
            if s.regime:
                period += f"; regime `{s.regime}`"
            nxt = f"`{s.superseded_by}`" if s.superseded_by in BY_KEY else "-"
            read = _cell(s.checked) + (f" Quotation: \"{_cell(s.quote)}\"" if s.quote else "")
            out.append(f"| `{s.key}` | {text} | {period} | {nxt} | {_status(s)} | {read} |")
    out.append("")
    return "\n".join(out)

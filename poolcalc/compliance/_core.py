"""Findings, rules, jurisdiction profiles and the engine that runs them.

A rule reads :class:`~poolcalc.model.LicenseTerms` (and, when given, the pool) and
returns *hits*: either a flag (a clause, patent, row or number a reviewer would object
to) or an *unknown* (the data the rule needs is absent).  The engine turns hits into
:class:`Finding` objects under a jurisdiction profile, which sets the severity and the
sources cited.  Absent data is never "compliant": every unknown becomes an ``info``
finding.  A finding never claims illegality; it says what a reviewer applying a named
text would object to and why.

Safe harbours and market power
------------------------------
Before severities are set, the engine works out the market-share safe harbours of
:mod:`poolcalc.compliance._rules_market` from the ``[market]`` table (and, for the EU,
from the other rules' results):

* **US**, DOJ/FTC Antitrust Guidelines for the Licensing of IP (2017) §4.3 safety
  zone: licensors and licensees together hold <= 20 % of each relevant market
  (``market.combined_share``) and the restraint is not facially anticompetitive.
* **China**, SAIC Order No. 74 (2015) Art. 5: competitors' combined share <= 20 %, or
  non-competitors each <= 30 % (``market.largest_party_share``), or >= 4 (competitors) /
  >= 2 (non-competitors) independently controlled substitutable technologies
  (``market.substitute_technologies``; the count part is tagged [R] in DOMAIN.md).
* **EU**, Technology Transfer Guidelines 2014 para 261: all seven conditions (a)-(g).

A pool stated to be dominant (``market.dominant = true``) is outside every harbour.
Inside the US or Chinese harbour, a ``warning`` of a rule-of-reason rule
(``Rule.harbour``) is lowered to ``info`` in that jurisdiction's profile and the message
says why.  Never lowered: errors, findings of rules that are not about restraints of
competition (royalties after expiry, royalty base, stacking, renewal caps, double
charging), and hardcore restraints (``Hit.hardcore``: price fixing, output limits,
market, channel or customer allocation between competitors, substitute pooling,
coordination or data exchange among members).  The EU para 261 harbour covers the
creation and operation of the pool; restraints in the licences are assessed
individually (TTG 2014 section 4.4), so it is reported as an ``info`` finding and
lowers nothing.  No Japanese harbour is recorded in DOMAIN.md, so the JP profile is
never lowered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from poolcalc.compliance._sources import JURISDICTIONS, Source
from poolcalc.errors import InvalidInputError
from poolcalc.model import check_pool

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import LicenseTerms, Pool

__all__ = [
    "SEVERITIES",
    "Context",
    "Evidence",
    "Finding",
    "Hit",
    "Report",
    "Rule",
    "Severity",
    "check",
]

Severity = Literal["error", "warning", "info"]
#: Severities from most to least serious.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}
Level = Literal["major", "minor", "note"]
PROFILES: tuple[str, ...] = (*JURISDICTIONS, "all")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, frozenset | set) else items
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


@attrs.frozen(order=True)
class Evidence:
    """What triggered a finding: a terms key, patent, sales row or number, and its value.

    Attributes
    ----------
    what : str
        ``"license.max_units"``, ``"patent US123"``, ``"sales row 14"``, ...
    value : JSON-ready value (str, number, bool, list)
    """

    what: str
    value: Any = attrs.field(converter=_jsonable, order=lambda v: repr(v))

    def __str__(self) -> str:
        def show(x: Any) -> str:
            if isinstance(x, bool):
                return "true" if x else "false"
            return "unknown" if x is None else str(x)

        v = self.value
        text = ", ".join(show(x) for x in v) if isinstance(v, list) else show(v)
        return f"{self.what} = {text}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"what": self.what, "value": self.value}


@attrs.frozen
class Hit:
    """What a rule returns: a flag or an unknown (before the profile is applied).

    Attributes
    ----------
    kind : {"flag", "unknown"}
    text : str
        For a flag, what a reviewer would object to ("an exclusive grant-back of ...");
        for an unknown, what could not be checked.
    detail : str
        Why (numbers, clause values), or for an unknown the missing keys.
    evidence : tuple of Evidence
    level : {"major", "minor", "note"}
        ``major`` takes the rule's severity in the profile, ``minor`` one step less,
        ``note`` is ``info``.
    cites : tuple of Source or None
        The sources this flag rests on (default: the rule's).
    severity : mapping of jurisdiction to severity, or None
        Per-hit severity table overriding the rule's (e.g. channel limits between
        competitors).
    hardcore : bool
        A hardcore restraint (price fixing, output limits, market allocation between
        competitors): never lowered inside a safe harbour.
    only : tuple of str or None
        Jurisdictions the hit concerns; it is dropped from profiles outside them and
        cites only its own sources (safe-harbour findings).

    ``kind == "note"`` is a statement (e.g. "inside the safety zone"): always ``info``,
    worded "a reviewer ... would note that <text>".
    """

    kind: Literal["flag", "unknown", "note"]
    text: str
    detail: str = ""
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=tuple)
    level: Level = "major"
    cites: tuple[Source, ...] | None = None
    severity: Mapping[str, Severity] | None = None
    hardcore: bool = False
    only: tuple[str, ...] | None = None


def flag(text: str, detail: str = "", evidence: Iterable[Evidence] = (), *, level: Level = "major",
         cites: Sequence[Source] | None = None,
         severity: Mapping[str, Severity] | None = None, hardcore: bool = False) -> Hit:
    """Make a flag hit (see :class:`Hit`)."""
    return Hit("flag", text, detail, tuple(evidence), level,
               None if cites is None else tuple(cites), severity, hardcore)


def note(text: str, detail: str, evidence: Iterable[Evidence], cites: Sequence[Source],
         only: Sequence[str]) -> Hit:
    """Make a note hit: an ``info`` statement for the jurisdictions ``only``."""
    return Hit("note", text, detail, tuple(evidence), "note", tuple(cites), None, False,
               tuple(only))


def unknown(text: str, missing: Sequence[str]) -> Hit:
    """Make an unknown hit: ``text`` could not be checked, ``missing`` keys are absent."""
    ev = tuple(Evidence(m, "absent") for m in missing)
    return Hit("unknown", text, "missing: " + ", ".join(missing), ev, "note")


@attrs.frozen
class Context:
    """Everything a rule may read.

    Attributes
    ----------
    terms : LicenseTerms
    pool, second_pool : Pool or None
    year : int or None
        Year of the pool's sales to examine (default: the latest with sales).
    tolerance : float
        Relative spread of effective rates within a licensee class tolerated before
        ``discrimination`` flags (0.01 = 1 %).
    in_force_drop : float
        Fall in the number of pooled patents in force (fraction) since the rate was set
        above which an unchanged rate is noted (``expired-patent-royalty``).
    cache : dict
        Hits of rules already run on this context (see :func:`hits_of`).
    """

    terms: LicenseTerms
    pool: Pool | None = None
    second_pool: Pool | None = None
    year: int | None = None
    tolerance: float = 0.01
    in_force_drop: float = 0.25
    cache: dict[Any, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class Rule:
    """One abuse pattern.

    Attributes
    ----------
    id : str
        Stable id (DESIGN.md list).
    title : str
    checks : str
        What it checks and which data it needs.
    severity : mapping of str to Severity
        Severity of a ``major`` flag per jurisdiction (``us``, ``eu``, ``cn``, ``jp``);
        ``general`` applies where no jurisdiction entry exists.  A jurisdiction with
        neither an entry nor a source gets ``info``.
    sources : tuple of Source
    func : callable(Context) -> list of Hit
    harbour : bool
        A rule-of-reason rule: its warnings are lowered to info inside a market-share
        safe harbour (see the module docstring).
    """

    id: str
    title: str
    checks: str
    severity: Mapping[str, Severity]
    sources: tuple[Source, ...]
    func: Callable[[Context], list[Hit]] = attrs.field(repr=False)
    harbour: bool = False

    def __call__(self, ctx: Context) -> list[Hit]:
        return self.func(ctx)


def hits_of(ctx: Context, rule: Rule) -> list[Hit]:
    """Run ``rule`` on ``ctx`` once; later calls return the cached hits."""
    key = (rule.id, rule.func)
    if key not in ctx.cache:
        ctx.cache[key] = list(rule(ctx))
    return ctx.cache[key]


def harbours_of(ctx: Context) -> Mapping[str, Any]:
    """Return the safe harbours of ``ctx`` by jurisdiction (computed once, cached)."""
    if "harbours" not in ctx.cache:
        from poolcalc.compliance._rules_market import safe_harbours

        ctx.cache["harbours"] = safe_harbours(ctx)
    return ctx.cache["harbours"]


@attrs.frozen
class Finding:
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

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON contract: ``rule, severity, message, evidence, sources``."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "evidence": [e.as_dict() for e in self.evidence],
            "sources": [s.as_dict() for s in self.sources],
        }


@attrs.frozen
class Report:
    """Result of :func:`check`.

    Attributes
    ----------
    findings : tuple of Finding
        Sorted by severity (errors first), rule id, message and evidence.
    jurisdiction : str
    rules_checked : tuple of str
        Sorted ids of the rules that ran.
    passed : tuple of str
        Rules that ran and found nothing (not even an unknown).
    """

    findings: tuple[Finding, ...]
    jurisdiction: str
    rules_checked: tuple[str, ...]
    passed: tuple[str, ...]

    @property
    def summary(self) -> dict[str, Any]:
        """Counts by severity, plus the profile, rules checked and rules passed."""
        counts = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            counts[f.severity] += 1
        return {
            **counts,
            "jurisdiction": self.jurisdiction,
            "rules_checked": len(self.rules_checked),
            "passed": list(self.passed),
        }

    @property
    def exit_code(self) -> int:
        """1 when any finding is an error, else 0 (the CLI's exit code)."""
        return 1 if any(f.severity == "error" for f in self.findings) else 0

    def by_rule(self, rule_id: str) -> tuple[Finding, ...]:
        """Return the findings of one rule."""
        return tuple(f for f in self.findings if f.rule == rule_id)

    def as_dict(self) -> dict[str, Any]:
        """Return ``{"findings": [...], "summary": {...}}`` (DESIGN.md check JSON)."""
        return {"findings": [f.as_dict() for f in self.findings], "summary": self.summary}


# --- profiles ---------------------------------------------------------------------------------
def _demote(sev: Severity) -> Severity:
    return SEVERITIES[min(_RANK[sev] + 1, len(SEVERITIES) - 1)]  # type: ignore[return-value]


def _severity_in(table: Mapping[str, Severity], sources: Sequence[Source], j: str) -> Severity:
    if j in table:
        return table[j]
    if "general" in table:
        return table["general"]
    return "info"


def _scope(jurisdiction: str) -> tuple[str, ...]:
    return JURISDICTIONS if jurisdiction == "all" else (jurisdiction,)


def _cited(rule: Rule, hit: Hit, jurisdiction: str) -> tuple[Source, ...]:
    scope = set(_scope(jurisdiction)) | {"general"}
    chosen = tuple(s for s in (hit.cites or rule.sources) if s.jurisdiction in scope)
    covered = {s.jurisdiction for s in chosen}
    # a jurisdiction in scope the hit's own citations miss falls back to the rule's sources
    extra = tuple(s for s in rule.sources
                  if s.jurisdiction in scope and s.jurisdiction not in covered and s not in chosen)
    return tuple(dict.fromkeys(chosen + extra))


def _reviewer(sources: Sequence[Source], jurisdiction: str) -> str:
    firsts: list[str] = []
    for j in (*_scope(jurisdiction), "general"):
        for s in sources:
            if s.jurisdiction == j:
                firsts.append(s.cite())
                if j == "general" and len(firsts) > 1:
                    firsts.pop()  # economics only as a fallback when no legal text is in scope
                break
    if not firsts:
        names = {"us": "US", "eu": "EU", "cn": "Chinese", "jp": "Japanese", "all": "legal"}
        return (f"a reviewer (no {names[jurisdiction]} text for this pattern is recorded in "
                "DOMAIN.md section 4)")
    if len(firsts) == 1:
        return f"a reviewer applying {firsts[0]}"
    return "reviewers applying " + "; ".join(firsts)


def _most(sevs: Iterable[Severity]) -> Severity:
    return min(sevs, key=_RANK.__getitem__)


def _finding(rule: Rule, hit: Hit, jurisdiction: str, ctx: Context) -> Finding | None:
    if hit.only is not None:
        scope = [j for j in _scope(jurisdiction) if j in hit.only]
        if not scope:
            return None
        keep = {*scope, "general"}
        sources = tuple(s for s in hit.cites or () if s.jurisdiction in keep)
        if hit.kind == "unknown":
            msg = (f"could not check {hit.text} ({hit.detail}); absent data is reported as "
                   "unknown, not as compliant")
        else:
            msg = (f"{_reviewer(sources, jurisdiction)} would note that {hit.text}" if sources
                   else hit.text)
            if hit.detail:
                msg += f": {hit.detail}"
        return Finding(rule.id, "info", msg, hit.evidence, sources, rule.title)
    if hit.kind == "unknown":
        msg = (f"could not check {hit.text} ({hit.detail}); absent data is reported as unknown, "
               "not as compliant")
        return Finding(rule.id, "info", msg, hit.evidence, _cited(rule, hit, jurisdiction),
                       rule.title)
    sources = _cited(rule, hit, jurisdiction)
    table = hit.severity if hit.severity is not None else rule.severity
    per: dict[str, Severity] = {}
    for j in _scope(jurisdiction):
        has_source = any(s.jurisdiction == j for s in sources) or "general" in table or j in table
        sev_j = _severity_in(table, sources, j) if has_source else "info"
        if hit.level == "minor":
            sev_j = _demote(sev_j)
        elif hit.level == "note" or hit.kind == "note":
            sev_j = "info"
        per[j] = sev_j
    raw = _most(per.values())
    lowered: list[str] = []
    if rule.harbour and not hit.hardcore and "warning" in per.values():
        harbours = harbours_of(ctx)
        for j, sev_j in per.items():
            h = harbours.get(j)
            if sev_j == "warning" and h is not None and h.lowers:
                per[j] = "info"
                lowered.append(f"{h.name} ({h.reason})")
    sev = _most(per.values())
    verb = "ask about" if sev == "info" else "object to"
    msg = f"{_reviewer(sources, jurisdiction)} would {verb} {hit.text}"
    if hit.detail:
        msg += f": {hit.detail}"
    if sev != raw:
        msg += (f"; severity lowered from {raw} to {sev} because the terms fall inside "
                + " and ".join(lowered)
                + ", and this restraint is assessed under the rule of reason, not as a "
                "hardcore restraint")
    return Finding(rule.id, sev, msg, hit.evidence, sources, rule.title)


# --- engine -----------------------------------------------------------------------------------
def check(terms: LicenseTerms, pool: Pool | None = None, *, second_pool: Pool | None = None,
          jurisdiction: str = "all", rules: Iterable[str | Rule] | None = None,
          year: int | None = None, tolerance: float = 0.01,
          in_force_drop: float = 0.25) -> Report:
    """Run the compliance rules on licence terms (and optionally a pool).

    Parameters
    ----------
    terms : LicenseTerms
        From :func:`poolcalc.io.read_terms`.
    pool : Pool, optional
        Enables the rules that read patents, licensees and sales.
    second_pool : Pool, optional
        Another pool offered to the same licensees (``double-charging``).
    jurisdiction : {"all", "us", "eu", "cn", "jp"}
        Profile: sets each rule's severity and the sources cited; ``all`` takes the
        most serious severity over the four and cites every source.
    rules : iterable of str or Rule, optional
        Subset of rule ids (or Rule objects) to run; default all.
    year : int, optional
        Sales year examined by pool rules (default: the latest with sales).
    tolerance : float
        Relative effective-rate spread tolerated within a licensee class.
    in_force_drop : float
        Fraction in [0, 1]: an unchanged pool rate is noted when the number of pooled
        patents in force fell by more than this since the rate was set (default 0.25,
        a poolcalc choice [D]).

    Returns
    -------
    Report
        Findings sorted deterministically (independent of rule order).

    Raises
    ------
    InvalidInputError
        Unknown jurisdiction or rule id, negative tolerance, ``in_force_drop`` outside
        [0, 1], package or product patent ids not in the pool, a pool that is not
        a :class:`~poolcalc.model.Pool`.

    References
    ----------
    DOJ/FTC, Antitrust Guidelines for the Licensing of Intellectual Property, 2017, §5.5.
    European Commission, Guidelines on technology transfer agreements, OJ C 89, 2014,
    para 261.  See :mod:`poolcalc.compliance` for every rule's sources.
    """
    from poolcalc.compliance._registry import RULES

    if jurisdiction not in PROFILES:
        allowed = ", ".join(repr(p) for p in PROFILES)
        raise InvalidInputError(f"jurisdiction must be one of {allowed}, got {jurisdiction!r}")
    if not (tolerance >= 0):
        raise InvalidInputError(f"tolerance must be >= 0, got {tolerance!r}")
    if not (0.0 <= in_force_drop <= 1.0):
        raise InvalidInputError(f"in_force_drop must be in [0, 1], got {in_force_drop!r}")
    by_id = {r.id: r for r in RULES}
    if rules is None:
        chosen = list(RULES)
    else:
        chosen = []
        for r in rules:
            if isinstance(r, Rule):
                chosen.append(r)
            elif r in by_id:
                chosen.append(by_id[r])
            else:
                raise InvalidInputError(
                    f"rules: unknown rule id {r!r} (known: {', '.join(sorted(by_id))})"
                )
    for name, p in (("pool", pool), ("second_pool", second_pool)):
        if p is not None:
            check_pool(p, f"check: {name}")
    ctx = Context(terms, pool, second_pool, year, float(tolerance), float(in_force_drop))
    findings: list[Finding] = []
    passed: list[str] = []
    for rule in chosen:
        made = [f for h in hits_of(ctx, rule)
                if (f := _finding(rule, h, jurisdiction, ctx)) is not None]
        if not made:
            passed.append(rule.id)
        findings.extend(made)
    findings.sort(key=Finding.sort_key)
    return Report(tuple(findings), jurisdiction, tuple(sorted({r.id for r in chosen})),
                  tuple(sorted(set(passed))))

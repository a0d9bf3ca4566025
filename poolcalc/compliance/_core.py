"""The engine: jurisdiction profiles and :func:`check`.

A rule (:mod:`poolcalc.compliance._base`) returns hits; the engine turns them into
:class:`~poolcalc.compliance.Finding` objects under a jurisdiction profile, which sets
the severity and the sources cited.  Absent data is never "compliant": every unknown
becomes an ``info`` finding.  A finding never claims illegality; it says what a reviewer
applying a named text would object to and why.

Safe harbours and market power
------------------------------
Before severities are set, the engine works out the market-share safe harbours of
:mod:`poolcalc.compliance._harbours` from the ``[market]`` table (and, for the EU, from
the other rules' results): the US DOJ/FTC 2017 §4.3 safety zone, the Chinese SAIC 2015
Art. 5 harbour and the EU TTG 2014 para 261 pool safe harbour.

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
lowers nothing.  No Japanese market-share harbour is recorded among the sources, so the
JP profile is never lowered.

References
----------
DOJ/FTC, Antitrust Guidelines for the Licensing of Intellectual Property, 12 Jan 2017,
§§4.3, 5.5.  SAIC Order No. 74 (2015), Art. 5.  European Commission, Guidelines on the
application of Article 101 TFEU to technology transfer agreements, OJ C 89, 28.3.2014,
paras 261 and 244-273.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from poolcalc.compliance._base import SEVERITIES, Context, Hit, Rule, Severity, hits_of
from poolcalc.compliance._harbours import harbours_of
from poolcalc.compliance._registry import BY_ID, RULES
from poolcalc.compliance._report import Finding, Report
from poolcalc.compliance._sources import JURISDICTIONS, Source
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import LicenseTerms, Pool

__all__ = ["PROFILES", "check", "make_context"]

_RANK = {s: i for i, s in enumerate(SEVERITIES)}
PROFILES: tuple[str, ...] = (*JURISDICTIONS, "all")


def make_context(terms: LicenseTerms, pool: Pool | None = None, *,
                 second_pool: Pool | None = None, year: int | None = None,
                 tolerance: float = 0.01, in_force_drop: float = 0.25,
                 rules: Mapping[str, Rule] | None = None) -> Context:
    """Return the :class:`~poolcalc.compliance.Context` a check runs its rules on.

    ``rules`` defaults to the registry (every rule by id), which rules that read other
    rules' hits (the EU pool safe harbour) look up.
    """
    return Context(terms, pool, second_pool, year, float(tolerance), float(in_force_drop),
                   BY_ID if rules is None else rules)


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
                "the sources poolcalc cites)")
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
        [0, 1], package or product patent ids not in the pool, a table pool
        (:meth:`Pool.from_tables <poolcalc.model.Pool.from_tables>`).

    References
    ----------
    DOJ/FTC, Antitrust Guidelines for the Licensing of Intellectual Property, 2017, §5.5.
    European Commission, Guidelines on technology transfer agreements, OJ C 89, 2014,
    para 261.  See :mod:`poolcalc.compliance` for every rule's sources.
    """
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
        if p is not None and p.is_table_pool:
            raise InvalidInputError(
                f"{name}: the pool rules read patent and sales objects, but this pool keeps "
                "them only in columnar tables (Pool.from_tables / read_tables); use read_pool"
            )
    ctx = make_context(terms, pool, second_pool=second_pool, year=year, tolerance=tolerance,
                       in_force_drop=in_force_drop)
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

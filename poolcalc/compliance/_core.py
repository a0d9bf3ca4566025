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

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from poolcalc._args import check_number_arg
from poolcalc._log import timed
from poolcalc.compliance._base import SEVERITIES, Context, Hit, Rule, Severity, hits_of
from poolcalc.compliance._harbours import harbours_of
from poolcalc.compliance._regimes import Applied, choose, resolve
from poolcalc.compliance._registry import BY_ID, RULES
from poolcalc.compliance._report import Finding, Report
from poolcalc.compliance._sources import JURISDICTIONS, Source
from poolcalc.errors import InvalidInputError
from poolcalc.model import LicenseTerms, check_pool

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Pool

__all__ = ["PROFILES", "check", "make_context"]

_log = logging.getLogger(__name__)

_RANK = {s: i for i, s in enumerate(SEVERITIES)}
PROFILES: tuple[str, ...] = (*JURISDICTIONS, "all")


def make_context(terms: LicenseTerms, pool: Pool | None = None, *,
                 second_pool: Pool | None = None, year: int | None = None,
                 tolerance: float = 0.01, in_force_drop: float = 0.25,
                 as_of: dt.date | None = None,
                 rules: Mapping[str, Rule] | None = None) -> Context:
    """Return the :class:`~poolcalc.compliance.Context` a check runs its rules on.

    ``as_of`` defaults to today; ``rules`` to the registry (every rule by id), which
    rules that read other rules' hits (the EU pool safe harbours) look up.

    Parameters
    ----------
    terms : LicenseTerms
    pool, second_pool : Pool, optional
    year : int, optional
    tolerance, in_force_drop : float
    as_of : datetime.date, optional
    rules : mapping of str to Rule, optional
        As in :func:`check`.

    Returns
    -------
    Context
        The terms, pools, check date and rule registry the rules read.

    Examples
    --------
    >>> import poolcalc
    >>> ctx = make_context(poolcalc.data.example_terms("clean"))
    >>> ctx.pool is None
    True
    """
    return Context(terms, pool, second_pool, year, float(tolerance), float(in_force_drop),
                   dt.date.today() if as_of is None else as_of,
                   BY_ID if rules is None else rules)


# --- profiles ---------------------------------------------------------------------------------
_NAMES = {"us": "US", "eu": "EU", "uk": "UK", "cn": "Chinese", "jp": "Japanese", "all": "legal"}
_NO_LAW = Applied("general", None)


def _demote(sev: Severity) -> Severity:
    return SEVERITIES[min(_RANK[sev] + 1, len(SEVERITIES) - 1)]  # type: ignore[return-value]


def _severity_in(table: Mapping[str, Severity], j: str, applied: Applied) -> Severity:
    for key in (applied.id, j, "general"):
        if key in table:
            return table[key]
    return "info"


def _scope(jurisdiction: str) -> tuple[str, ...]:
    return JURISDICTIONS if jurisdiction == "all" else (jurisdiction,)


def _resolved(sources: Iterable[Source], keep: set[str], law: Mapping[str, Applied],
              day: dt.date) -> list[Source]:
    out = []
    for s in sources:
        if s.jurisdiction in keep:
            r = resolve(s, law.get(s.jurisdiction, _NO_LAW), day)
            if r is not None:
                out.append(r)
    return out


def _ordered(sources: Iterable[Source]) -> tuple[Source, ...]:
    """Distinct sources, texts in force first (a reviewer applies those), historical last."""
    unique = list(dict.fromkeys(sources))
    return tuple(sorted(unique, key=lambda s: s.status == "historical"))


def _cited(rule: Rule, hit: Hit, scope: Sequence[str], law: Mapping[str, Applied],
           day: dt.date) -> tuple[Source, ...]:
    keep = set(scope) | {"general"}
    chosen = _resolved(hit.cites or rule.sources, keep, law, day)
    covered = {s.jurisdiction for s in chosen}
    # a jurisdiction in scope the hit's own citations miss falls back to the rule's sources
    extra = [s for s in _resolved(rule.sources, keep, law, day)
             if s.jurisdiction not in covered and s not in chosen]
    return _ordered(chosen + extra)


def _reviewer(sources: Sequence[Source], scope: Sequence[str], jurisdiction: str) -> str:
    firsts: list[str] = []
    for j in (*scope, "general"):
        for s in sources:
            if s.jurisdiction == j:
                firsts.append(s.cite())
                if j == "general" and len(firsts) > 1:
                    firsts.pop()  # economics only as a fallback when no legal text is in scope
                break
    if not firsts:
        return (f"a reviewer (no {_NAMES[jurisdiction]} text for this pattern in force on the "
                "date is recorded in the sources poolcalc cites)")
    if len(firsts) == 1:
        return f"a reviewer applying {firsts[0]}"
    return "reviewers applying " + "; ".join(firsts)


def _law_note(sources: Sequence[Source], scope: Sequence[str], law: Mapping[str, Applied],
              day: dt.date) -> str:
    cited = {s.jurisdiction for s in sources}
    labels = [law[j].label for j in scope if j in cited and j in law]
    return f" (law applied on {day.isoformat()}: {'; '.join(labels)})" if labels else ""


def _most(sevs: Iterable[Severity]) -> Severity:
    return min(sevs, key=_RANK.__getitem__)


def _unknown_text(hit: Hit) -> str:
    return (f"could not check {hit.text} ({hit.detail}); absent data is reported as unknown, "
            "not as compliant")


def _finding(rule: Rule, hit: Hit, jurisdiction: str, ctx: Context,
             law: Mapping[str, Applied]) -> Finding | None:
    day = ctx.as_of
    scope = list(_scope(jurisdiction))
    if hit.regimes is not None:
        scope = [j for j in scope if law[j].id in hit.regimes]
        if not scope:
            return None
    if hit.only is not None:
        scope = [j for j in scope if j in hit.only]
        if not scope:
            return None
        sources = _ordered(_resolved(hit.cites or (), {*scope, "general"}, law, day))
        if hit.cites and not sources:
            return None  # every text it rests on is outside the date
        if hit.kind == "unknown":
            msg = _unknown_text(hit)
        else:
            msg = (f"{_reviewer(sources, scope, jurisdiction)} would note that {hit.text}"
                   if sources else hit.text)
            if hit.detail:
                msg += f": {hit.detail}"
        msg += _law_note(sources, scope, law, day)
        return Finding(rule.id, "info", msg, hit.evidence, sources, rule.title)
    sources = _cited(rule, hit, scope, law, day)
    if hit.kind == "unknown":
        return Finding(rule.id, "info", _unknown_text(hit) + _law_note(sources, scope, law, day),
                       hit.evidence, sources, rule.title)
    table = hit.severity if hit.severity is not None else rule.severity
    per: dict[str, Severity] = {}
    for j in scope:
        has_source = (any(s.jurisdiction == j and s.status != "historical" for s in sources)
                      or "general" in table)
        sev_j = _severity_in(table, j, law[j]) if has_source else "info"
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
            h = next((h for h in harbours.get(j, ()) if h.lowers
                      and (h.regime is None or h.regime == law[j].id)), None)
            if sev_j == "warning" and h is not None:
                per[j] = "info"
                lowered.append(f"{h.name} ({h.reason})")
    sev = _most(per.values())
    verb = "ask about" if sev == "info" else "object to"
    msg = f"{_reviewer(sources, scope, jurisdiction)} would {verb} {hit.text}"
    if hit.detail:
        msg += f": {hit.detail}"
    if sev != raw:
        msg += (f"; severity lowered from {raw} to {sev} because the terms fall inside "
                + " and ".join(lowered)
                + ", and this restraint is assessed under the rule of reason, not as a "
                "hardcore restraint")
    msg += _law_note(sources, scope, law, day)
    return Finding(rule.id, sev, msg, hit.evidence, sources, rule.title)


def _law_on(ctx: Context, chosen: Sequence[Rule], jurisdiction: str) -> dict[str, Applied]:
    """Return the regime each jurisdiction applies; a transition only if the licence complied."""
    start = ctx.terms.license.term_start
    law: dict[str, Applied] = {}
    fallback: dict[str, Applied] = {}
    for j in JURISDICTIONS:
        law[j], fb = choose(j, ctx.as_of, start)
        if fb is not None:
            fallback[j] = fb
    for j, fb in fallback.items():
        if j not in _scope(jurisdiction):
            continue
        errors = sum(f.severity == "error" for rule in chosen for h in hits_of(ctx, rule)
                     if (f := _finding(rule, h, j, ctx, law)) is not None)
        if errors:
            law[j] = attrs.evolve(fb, reason=fb.reason.replace(
                "has error-level findings", f"has {errors} error-level finding(s)"))
    return law


# --- engine -----------------------------------------------------------------------------------
def _as_date(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInputError(f"as_of must be an ISO date YYYY-MM-DD, got {value!r}") from None


@timed(_log, lambda terms, *a, **kw: f"check ({kw.get('jurisdiction', 'all')})",
       lambda r: f"{len(r.findings)} findings, exit code {r.exit_code}")
def check(terms: LicenseTerms, pool: Pool | None = None, *, second_pool: Pool | None = None,
          jurisdiction: str = "all", rules: Iterable[str | Rule] | None = None,
          year: int | None = None, tolerance: float = 0.01,
          in_force_drop: float = 0.25, as_of: dt.date | str | None = None) -> Report:
    """Run the compliance rules on licence terms (and optionally a pool), under the law of a date.

    Parameters
    ----------
    terms : LicenseTerms
        From :func:`poolcalc.io.read_terms`.
    pool : Pool, optional
        Enables the rules that read patents, licensees and sales.
    second_pool : Pool, optional
        Another pool offered to the same licensees (``double-charging``).
    jurisdiction : {"all", "us", "eu", "uk", "cn", "jp"}
        Profile: sets each rule's severity and the sources cited; ``all`` takes the
        most serious severity over the five and cites every source.
    rules : iterable of str or Rule, optional
        Subset of rule ids (or Rule objects) to run; default all.
    year : int, optional
        Sales year examined by pool rules (default: the latest with sales).
    tolerance : float
        Relative effective-rate spread tolerated within a licensee class.
    in_force_drop : float
        Fraction in [0, 1]: an unchanged pool rate is noted when the number of pooled
        patents in force fell by more than this since the rate was set (default 0.25,
        a poolcalc choice).
    as_of : datetime.date or ISO date string, optional
        The check date (default: today).  Each jurisdiction applies the regime in force
        then (:mod:`poolcalc.compliance._regimes`); a licence in force on 30 Apr 2026
        (``license.term_start``) that has no error under the EU or UK 2014 rules is judged
        under them until 30 Apr 2027.  A licence that starts after ``as_of`` is judged
        under the law of its start.

    Returns
    -------
    Report
        Findings sorted deterministically (independent of rule order); each message ends
        with the law it applied, and ``report.law`` says why.

    Raises
    ------
    InvalidInputError
        Unknown jurisdiction or rule id, negative tolerance, ``in_force_drop`` outside
        [0, 1], ``as_of`` not a date, package or product patent ids not in the pool, a
        pool that is not a :class:`~poolcalc.model.Pool`.

    References
    ----------
    DOJ/FTC, Antitrust Guidelines for the Licensing of Intellectual Property, 2017, §5.5.
    European Commission, Guidelines on technology transfer agreements, OJ C 89, 2014,
    para 261, and the 2026 Guidelines' technology-pool safe harbour.  See
    ``docs/compliance-rules.md`` for every rule's sources.

    Examples
    --------
    >>> import poolcalc
    >>> report = check(poolcalc.data.example_terms("problematic"), jurisdiction="eu",
    ...                as_of="2025-06-01")
    >>> report.exit_code, report.summary["error"] > 0
    (1, True)
    """
    if not isinstance(terms, LicenseTerms):
        raise InvalidInputError(
            f"check: terms must be a LicenseTerms (from poolcalc.read_terms), got "
            f"{type(terms).__name__}")
    if pool is not None:
        check_pool(pool, "check: pool")
    if second_pool is not None:
        check_pool(second_pool, "check: second_pool")
    if jurisdiction not in PROFILES:
        allowed = ", ".join(repr(p) for p in PROFILES)
        raise InvalidInputError(f"jurisdiction must be one of {allowed}, got {jurisdiction!r}")
    tolerance = check_number_arg(tolerance, "check: tolerance", low=0.0)
    in_force_drop = check_number_arg(in_force_drop, "check: in_force_drop", low=0.0, high=1.0)
    if rules is not None and (isinstance(rules, str | bytes) or not isinstance(rules, Iterable)):
        raise InvalidInputError(f"check: rules must be a list of rule ids, got {rules!r}")
    day = _as_date(as_of)
    start = terms.license.term_start
    later = start is not None and start > day
    if later:
        day = start  # type: ignore[assignment]
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
    ctx = make_context(terms, pool, second_pool=second_pool, year=year, tolerance=tolerance,
                       in_force_drop=in_force_drop, as_of=day)
    law = _law_on(ctx, chosen, jurisdiction)
    if later:
        law = {j: attrs.evolve(a, reason=f"{a.reason}; the licence starts on {day.isoformat()} "
                               f"(license.term_start), after the check date "
                               f"{_as_date(as_of).isoformat()}, so the law of its start applies")
               for j, a in law.items()}
    findings: list[Finding] = []
    passed: list[str] = []
    for rule in chosen:
        made = [f for h in hits_of(ctx, rule)
                if (f := _finding(rule, h, jurisdiction, ctx, law)) is not None]
        if not made:
            passed.append(rule.id)
        findings.extend(made)
    findings.sort(key=Finding.sort_key)
    return Report(tuple(findings), jurisdiction, tuple(sorted({r.id for r in chosen})),
                  tuple(sorted(set(passed))), day, tuple(law[j] for j in _scope(jurisdiction)))

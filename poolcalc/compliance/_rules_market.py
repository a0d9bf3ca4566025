"""Market power, safe harbours and refusal to license (DOMAIN.md 4.2-4.5, flag F18).

Two rules, both added after DESIGN.md's list (ids ``refusal-to-license`` and
``safe-harbour``):

``refusal-to-license`` (F18)
    Whole levels of the value chain left without a licence (``license.licensed_levels``
    against ``market.value_chain_levels``, e.g. end-product-only licensing as debated
    around Avanci), and named firms refused a licence (``license.refused_licensees``).
    Severity: EU ``warning`` (TTG 2014 para 261(e): licensing out to *all* potential
    licensees); US, China and Japan ``info`` for whole levels (the DOJ's 2020 Avanci
    letter cleared vehicle-level licensing, relying on licensors' freedom to license
    bilaterally, including at component level [R]).  It becomes a ``warning`` in the US
    profile when members are barred from licensing outside the pool (that safeguard
    gone), and in China and Japan when the pool is stated to be dominant.  A named firm
    refused is a ``warning`` in Japan (JFTC Pachinko pool, 1997) and the EU.

``safe-harbour``
    One ``info`` finding per harbour in the profile: DOJ/FTC 2017 §4.3 safety zone (US),
    SAIC 2015 Art. 5 (China), EU TTG 2014 para 261 (EU, all seven conditions listed with
    their evidence, or the ones that fail or are unknown).  The engine uses the same
    evaluation (:func:`safe_harbours`) to lower rule-of-reason warnings inside the US and
    Chinese harbours; see :mod:`poolcalc.compliance._core` for the policy.

References
----------
U.S. Department of Justice and Federal Trade Commission, Antitrust Guidelines for the
Licensing of Intellectual Property, 12 Jan 2017, §4.3.  SAIC Order No. 74 (2015), Art. 5.
European Commission, Guidelines on the application of Article 101 TFEU to technology
transfer agreements, OJ C 89, 28.3.2014, para 261.  DOJ business review letter to
Avanci (28 Jul 2020).  JFTC, Pachinko-machine patent pool (1997).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from poolcalc.compliance import _sources as S
from poolcalc.compliance._core import (
    Context,
    Evidence,
    Hit,
    Rule,
    Severity,
    flag,
    hits_of,
    note,
    unknown,
)
from poolcalc.compliance._sources import Source
from poolcalc.model._terms import ANY

__all__ = ["MARKET_RULES", "Harbour", "safe_harbours"]

#: DOJ/FTC 2017 §4.3: licensor and licensees <= 20 % of each relevant market.
US_SHARE = 0.20
#: SAIC 2015 Art. 5: competitors' combined share <= 20 %, non-competitors each <= 30 %.
CN_COMPETITOR_SHARE = 0.20
CN_NON_COMPETITOR_SHARE = 0.30
#: SAIC 2015 Art. 5 (count part tagged [R] in DOMAIN.md): substitutable technologies.
CN_COMPETITOR_COUNT = 4
CN_NON_COMPETITOR_COUNT = 2

_HARDCORE_NOTE = ("hardcore restraints (price fixing, output limits, market, channel or customer "
                  "allocation between competitors, substitute pooling, coordination among "
                  "members) are never lowered")


@attrs.frozen
class Harbour:
    """A safe harbour evaluated on the terms.

    Attributes
    ----------
    jurisdiction : str
    name : str
        ``"the DOJ/FTC 2017 §4.3 antitrust safety zone"``, ...
    status : {"inside", "outside", "unknown"}
    reason : str
        Why (shares, counts, conditions).
    evidence : tuple of Evidence
    sources : tuple of Source
    missing : tuple of str
        Terms keys (or conditions) whose absence left the status unknown.
    can_lower : bool
        Whether this harbour lowers rule-of-reason warnings (US and China; not the EU's
        para 261, which covers the pool's creation and operation).
    """

    jurisdiction: str
    name: str
    status: str
    reason: str
    evidence: tuple[Evidence, ...]
    sources: tuple[Source, ...]
    missing: tuple[str, ...] = ()
    can_lower: bool = True

    @property
    def lowers(self) -> bool:
        """True when warnings are lowered to info in this jurisdiction."""
        return self.can_lower and self.status == "inside"


def _pct(x: float) -> str:
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x:.1%}"


# --- US: DOJ/FTC 2017 §4.3 ---------------------------------------------------------------------
def _us(ctx: Context) -> Harbour:
    m = ctx.terms.market
    ev = (Evidence("market.combined_share", m.combined_share),
          Evidence("market.dominant", m.dominant))
    name = "the DOJ/FTC 2017 §4.3 antitrust safety zone"
    src = (S.USG_43,)
    if m.dominant:
        return Harbour("us", name, "outside",
                       "the terms state that the pool holds market power (market.dominant)",
                       ev, src)
    if m.combined_share is None:
        return Harbour("us", name, "unknown", "the combined market share is not given", ev, src,
                       ("market.combined_share",))
    share = m.combined_share
    if share <= US_SHARE + 1e-12:
        return Harbour("us", name, "inside",
                       f"licensors and licensees together hold {_pct(share)} <= 20% of each "
                       "relevant market", ev, src)
    return Harbour("us", name, "outside",
                   f"licensors and licensees together hold {_pct(share)} > 20% of a relevant "
                   "market", ev, src)


# --- China: SAIC 2015 Art. 5 --------------------------------------------------------------------
def _cn_tests(m, competitors: bool) -> tuple[list[bool | None], list[str], list[str]]:
    """Results of the share and count tests for competitors or non-competitors."""
    if competitors:
        share, cap, key = m.combined_share, CN_COMPETITOR_SHARE, "market.combined_share"
        need, who = CN_COMPETITOR_COUNT, "competitors"
    else:
        share, cap = m.largest_party_share, CN_NON_COMPETITOR_SHARE
        key = "market.largest_party_share"
        need, who = CN_NON_COMPETITOR_COUNT, "non-competitors"
        if share is None and m.combined_share is not None:
            share = m.combined_share  # every party's share is at most the combined share
            key = "market.combined_share"
    results: list[bool | None] = []
    said: list[str] = []
    missing: list[str] = []
    if share is None:
        results.append(None)
        missing.append(key)
    else:
        ok = share <= cap + 1e-12
        results.append(ok)
        said.append(f"{who}: {key.split('.')[1].replace('_', ' ')} {_pct(share)} "
                    f"{'<=' if ok else '>'} {_pct(cap)}")
    n = m.substitute_technologies
    if n is None:
        results.append(None)
        missing.append("market.substitute_technologies")
    else:
        ok = n >= need
        results.append(ok)
        said.append(f"{n} independently controlled substitute technologies "
                    f"{'>=' if ok else '<'} {need} [R]")
    return results, said, missing


def _verdict(results: Sequence[bool | None]) -> str:
    if any(r is True for r in results):
        return "inside"
    if all(r is False for r in results):
        return "outside"
    return "unknown"


def _cn(ctx: Context) -> Harbour:
    m = ctx.terms.market
    ev = (Evidence("market.parties_compete", m.parties_compete),
          Evidence("market.combined_share", m.combined_share),
          Evidence("market.largest_party_share", m.largest_party_share),
          Evidence("market.substitute_technologies", m.substitute_technologies),
          Evidence("market.dominant", m.dominant))
    name = "the SAIC 2015 Art. 5 safe harbour"
    src = (S.SAIC_5,)
    if m.dominant:
        return Harbour("cn", name, "outside",
                       "the terms state that the pool holds a dominant position (market.dominant)",
                       ev, src)
    cases = [m.parties_compete] if m.parties_compete is not None else [True, False]
    verdicts, said, missing = [], [], []
    for comp in cases:
        res, s, miss = _cn_tests(m, comp)
        verdicts.append(_verdict(res))
        said += s
        missing += miss
    if all(v == "inside" for v in verdicts):
        status = "inside"
    elif all(v == "outside" for v in verdicts):
        status = "outside"
    else:
        status = "unknown"
        if m.parties_compete is None:
            missing.insert(0, "market.parties_compete")
    reason = "; ".join(dict.fromkeys(said)) or "no share or count given"
    if m.parties_compete is None and status != "unknown":
        reason += " (holds whether or not the parties compete)"
    return Harbour("cn", name, status, reason, ev, src,
                   tuple(dict.fromkeys(missing)) if status == "unknown" else ())


# --- EU: TTG 2014 para 261 ----------------------------------------------------------------------
#: condition letter -> (what it asks, rules whose results decide it, terms keys shown)
_EU_CONDITIONS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("a", "participation in the pool open to all interested technology owners",
     ("closed-membership",), ("membership.open_to_all_essential_holders",)),
    ("b", "safeguards so that only essential (complementary) technologies are pooled",
     ("non-essential-patent", "evaluator-independence", "substitute-patents"),
     ("license.package", "license.non_essential_included",
      "administration.evaluator.independent")),
    ("c", "sensitive information (prices, output) exchanged only as necessary",
     ("information-exchange",),
     ("administration.licensee_data_shared_with_members",
      "administration.members_exchange_market_data",
      "membership.members_coordinate_prices_or_output")),
    ("d", "technologies licensed into the pool non-exclusively",
     ("exclusive-license-in",),
     ("membership.exclusive_license_in", "membership.independent_licensing_allowed")),
    ("e", "licensed out to all potential licensees on FRAND (non-discriminatory) terms",
     ("discrimination", "refusal-to-license"),
     ("license.licensed_levels", "license.refused_licensees")),
    ("f", "contributors and licensees free to challenge validity and essentiality",
     ("no-challenge",), ("license.no_challenge", "license.terminate_on_challenge")),
    ("g", "contributors and licensees free to develop competing products and technology",
     ("competing-technology",),
     ("license.competing_technology_restricted", "membership.competing_technology_restricted")),
)


def _terms_value(ctx: Context, key: str) -> object:
    obj: object = ctx.terms
    for part in key.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _eu(ctx: Context) -> Harbour:
    from poolcalc.compliance._registry import rule

    met: list[str] = []
    failed: list[str] = []
    unknowns: list[str] = []
    evidence: list[Evidence] = []
    missing: list[str] = []
    for letter, what, rule_ids, keys in _EU_CONDITIONS:
        flags: list[str] = []
        gaps: list[str] = []
        for rid in rule_ids:
            for h in hits_of(ctx, rule(rid)):
                if h.kind == "flag" and h.level != "note":
                    flags.append(f"{rid}: {h.text}")
                elif h.kind == "unknown":
                    # without a pool, substitutes cannot be seen; (b) then rests on the
                    # safeguards the terms state (essential-only package, independent evaluator)
                    if rid == "substitute-patents" and ctx.pool is None:
                        continue
                    gaps.extend(e.what for e in h.evidence)
        label = f"EU TTG 2014 para 261({letter}) {what}"
        if flags:
            failed.append(letter)
            evidence.append(Evidence(label, "not met: " + "; ".join(flags)))
        elif gaps:
            unknowns.append(letter)
            missing.extend(gaps)
            evidence.append(Evidence(label, "unknown: missing " + ", ".join(dict.fromkeys(gaps))))
        else:
            met.append(letter)
            shown = ", ".join(str(Evidence(k, _terms_value(ctx, k))) for k in keys
                              if _terms_value(ctx, k) is not None)
            if ctx.pool is not None and letter == "b":
                shown += "; pool statuses, evaluators and features checked"
            evidence.append(Evidence(label, "met" + (f" ({shown})" if shown else "")))
    name = "the EU TTG 2014 para 261 safe harbour"
    letters = lambda xs: ", ".join(f"({x})" for x in xs)  # noqa: E731
    if failed:
        status = "outside"
        reason = f"condition(s) {letters(failed)} not met"
    elif unknowns:
        status = "unknown"
        reason = f"condition(s) {letters(unknowns)} could not be checked"
    else:
        status = "inside"
        reason = "all seven conditions (a)-(g) are met"
    src = (S.TTG_261, S.TTG_261A, S.TTG_261B, S.TTG_261C, S.TTG_261D, S.TTG_261E, S.TTG_261F,
           S.TTG_261G)
    return Harbour("eu", name, status, reason, tuple(evidence), src,
                   tuple(dict.fromkeys(missing)), can_lower=False)


def safe_harbours(ctx: Context) -> dict[str, Harbour]:
    """Evaluate the US, Chinese and EU safe harbours on ``ctx``.

    Returns
    -------
    dict
        ``{"us": Harbour, "cn": Harbour, "eu": Harbour}``.  Japan has no harbour recorded
        in DOMAIN.md section 4.
    """
    return {"us": _us(ctx), "cn": _cn(ctx), "eu": _eu(ctx)}


def _safe_harbour(ctx: Context) -> list[Hit]:
    from poolcalc.compliance._core import harbours_of

    hits: list[Hit] = []
    for j, h in sorted(harbours_of(ctx).items()):
        if h.status == "unknown":
            hits.append(Hit("unknown", f"whether the terms fall inside {h.name}",
                            f"{h.reason}; missing: {', '.join(h.missing)}; severities in the "
                            f"{j.upper()} profile are not lowered",
                            h.evidence + tuple(Evidence(k, "absent") for k in h.missing),
                            "note", h.sources, None, False, (j,)))
            continue
        if h.status == "inside":
            text = f"the terms fall inside {h.name}"
            if h.can_lower:
                effect = (f"rule-of-reason warnings in the {j.upper()} profile are lowered to "
                          "info; " + _HARDCORE_NOTE)
            else:
                effect = ("the creation and operation of the pool fall outside Art. 101(1) "
                          "irrespective of market position; restraints in the licences are still "
                          "assessed individually (TTG section 4.4), so no severity is lowered")
        else:
            text = f"the terms fall outside {h.name}"
            effect = "severities are not lowered"
        hits.append(note(text, f"{h.reason}; {effect}", h.evidence, h.sources, (j,)))
    hits.append(note(
        "no Japanese market-share safe harbour is recorded in DOMAIN.md section 4",
        "severities in the JP profile are not lowered", [Evidence("market.combined_share",
                                                                  ctx.terms.market.combined_share)],
        (), ("jp",)))
    return hits


SAFE_HARBOUR = Rule(
    "safe-harbour", "Market-share safe harbours and market power",
    "market.{combined_share, largest_party_share, parties_compete, substitute_technologies, "
    "dominant} against DOJ/FTC 2017 §4.3 (US) and SAIC 2015 Art. 5 (China), and the seven "
    "conditions of EU TTG 2014 para 261 from the other rules' results; info only (inside the US "
    "or Chinese harbour, rule-of-reason warnings are lowered to info)",
    {"us": "info", "eu": "info", "cn": "info"},
    (S.USG_43, S.SAIC_5, S.TTG_261),
    _safe_harbour,
)


# --- refusal to license (F18) -------------------------------------------------------------------
def _refusal(ctx: Context) -> list[Hit]:
    lic, m = ctx.terms.license, ctx.terms.market
    indep = ctx.terms.membership.independent_licensing_allowed
    hits: list[Hit] = []
    levels = lic.licensed_levels
    if levels is None:
        hits.append(unknown("which levels of the value chain the pool licenses",
                            ["license.licensed_levels"]))
    elif levels != ANY:
        chain = m.value_chain_levels
        if chain is None:
            hits.append(Hit("unknown", "whether levels of the value chain are refused a licence",
                            f"the pool licenses only {', '.join(levels)}; missing: "
                            "market.value_chain_levels",
                            (Evidence("license.licensed_levels", list(levels)),
                             Evidence("market.value_chain_levels", "absent")), "note"))
        else:
            refused = [x for x in chain if x not in levels]
            if refused:
                sev: dict[str, Severity] = {"us": "info", "eu": "warning", "cn": "info",
                                            "jp": "info"}
                detail = (f"the pool licenses only {', '.join(levels)}; "
                          f"{', '.join(refused)} cannot obtain a pool licence")
                if indep is False:
                    sev["us"] = "warning"
                    detail += ("; members are barred from licensing outside the pool, so the "
                               "refused levels have no bilateral route either (the Avanci letter "
                               "relied on licensors' freedom to license bilaterally, incl. at "
                               "component level)")
                elif indep is None:
                    detail += ("; whether members may license the refused levels bilaterally is "
                               "unknown (membership.independent_licensing_allowed)")
                else:
                    detail += "; members remain free to license them bilaterally"
                if m.dominant:
                    sev["cn"] = sev["jp"] = "warning"
                    detail += "; the terms state the pool is dominant"
                hits.append(flag(
                    "a pool licence refused to whole levels of the value chain",
                    detail,
                    [Evidence("license.licensed_levels", list(levels)),
                     Evidence("refused levels", refused),
                     Evidence("membership.independent_licensing_allowed", indep),
                     Evidence("market.dominant", m.dominant)],
                    severity=sev,
                    cites=(S.DOJ_AVANCI, S.TTG_261E, S.AMC_REFUSAL, S.JFTC_2005),
                ))
    named = lic.refused_licensees
    if named is None:
        hits.append(unknown("whether named firms were refused a licence",
                            ["license.refused_licensees"]))
    elif named:
        sev2: dict[str, Severity] = {"us": "info", "eu": "warning",
                                     "cn": "warning" if m.dominant else "info", "jp": "warning"}
        hits.append(flag(
            f"a pool licence refused to {len(named)} named firm(s)",
            f"{', '.join(named)} were refused; a pool that refuses a specific firm without an "
            "objective reason shuts it out of the standard",
            [Evidence("license.refused_licensees", list(named)),
             Evidence("market.dominant", m.dominant)],
            severity=sev2,
            cites=(S.TTG_261E, S.AMC_REFUSAL, S.JFTC_PACHINKO, S.JFTC_2005),
        ))
    return hits


REFUSAL = Rule(
    "refusal-to-license", "Refusal to license / selective licensee classes",
    "license.licensed_levels against market.value_chain_levels (whole levels of the value chain "
    "refused, e.g. end-product-only licensing) and license.refused_licensees (F18); info in the "
    "US, China and Japan (warning when members cannot license bilaterally, or the pool is "
    "dominant), warning in the EU (para 261(e))",
    {"us": "info", "eu": "warning", "cn": "info", "jp": "info"},
    (S.DOJ_AVANCI, S.TTG_261E, S.AMC_REFUSAL, S.JFTC_PACHINKO, S.JFTC_2005),
    _refusal,
    harbour=True,
)

MARKET_RULES: tuple[Rule, ...] = (REFUSAL, SAFE_HARBOUR)

"""Market power and refusal to license: the ``safe-harbour`` and ``refusal-to-license`` rules.

Two rules, both added after the original list of 21 rule ids:

``refusal-to-license`` (F18)
    Whole levels of the value chain left without a licence (``license.licensed_levels``
    against ``market.value_chain_levels``, e.g. end-product-only licensing as debated
    around Avanci), and named firms refused a licence (``license.refused_licensees``).
    Severity: EU ``warning`` (TTG 2014 para 261(e): licensing out to *all* potential
    licensees); US, China and Japan ``info`` for whole levels (the DOJ's 2020 Avanci
    letter cleared vehicle-level licensing, relying on licensors' freedom to license
    bilaterally, including at component level).  It becomes a ``warning`` in the US
    profile when members are barred from licensing outside the pool (that safeguard
    gone), and in China and Japan when the pool is stated to be dominant.  A named firm
    refused is a ``warning`` in Japan (JFTC Pachinko pool, 1997) and the EU.

``safe-harbour``
    One ``info`` finding per harbour of the regime applied: DOJ/FTC 2017 §4.3 safety zone
    (US), SAIC Order 74 Art. 5 or SAMR Order 79 (China), the EU pool safe harbour (TTG
    2014 para 261's seven conditions or TTG 2026's eight, each listed with its evidence)
    and the EU / UK block exemptions for bilateral licences; notes on licensing
    negotiation groups (EU 2026), pool operators' compliance mechanisms (China) and the
    state of UK pool guidance.  The harbours are evaluated in
    :mod:`poolcalc.compliance._harbours`, which the engine also uses to lower
    rule-of-reason warnings inside the US and Chinese harbours.

``closed-membership`` (F17)
    Holders of essential patents can be refused membership.

References
----------
U.S. Department of Justice and Federal Trade Commission, Antitrust Guidelines for the
Licensing of Intellectual Property, 12 Jan 2017, §4.3.  SAIC Order No. 74 (2015), Art. 5.
European Commission, Guidelines on the application of Article 101 TFEU to technology
transfer agreements, OJ C 89, 28.3.2014, para 261.  DOJ business review letter to
Avanci (28 Jul 2020).  JFTC, Pachinko-machine patent pool (1997).
"""

from __future__ import annotations

import attrs

from poolcalc.compliance import _sources as S
from poolcalc.compliance._base import Context, Evidence, Hit, Rule, Severity, flag, note, unknown
from poolcalc.compliance._harbours import Harbour, harbours_of
from poolcalc.model._terms import ANY, MemberCrossLicense

__all__ = ["MARKET_RULES"]

_HARDCORE_NOTE = ("hardcore restraints (price fixing, output limits, market, channel or customer "
                  "allocation between competitors, substitute pooling, coordination among "
                  "members) are never lowered")


def _harbour_hit(j: str, h: Harbour) -> Hit:
    regimes = None if h.regime is None else (h.regime,)
    if h.status == "unknown":
        return unknown(f"whether the terms fall inside {h.name}",
                       [*h.missing], only=(j,), cites=h.sources, regimes=regimes)
    if h.status == "inside":
        text = f"the terms fall inside {h.name}"
        effect = (f"rule-of-reason warnings in the {j.upper()} profile are lowered to info; "
                  + _HARDCORE_NOTE) if h.can_lower else h.effect
    else:
        text = f"the terms fall outside {h.name}"
        effect = "severities are not lowered"
    return note(text, f"{h.reason}; {effect}", h.evidence, h.sources, (j,), regimes)


def _safe_harbour(ctx: Context) -> list[Hit]:
    hits: list[Hit] = []
    for j, harbours in sorted(harbours_of(ctx).items()):
        for h in harbours:
            hit = _harbour_hit(j, h)
            if h.status == "unknown":  # keep the reason and the evidence shown
                hit = attrs.evolve(hit, detail=f"{h.reason}; {hit.detail}; severities in the "
                                   f"{j.upper()} profile are not lowered",
                                   evidence=h.evidence + hit.evidence)
            hits.append(hit)
    m, a = ctx.terms.market, ctx.terms.administration
    hits.append(note(
        "no Japanese market-share safe harbour is recorded in the sources poolcalc cites",
        "severities in the JP profile are not lowered",
        [Evidence("market.combined_share", m.combined_share)], (), ("jp",)))
    hits.append(note(
        "no final UK guidance on technology pools is in force",
        "the CMA's draft guidance (30 Apr 2026) has not been finalised and its pool section was "
        "not read, so no UK pool safe harbour is evaluated; where the EU makes a pool condition "
        "an error (double charging under the 2026 Guidelines), the UK profile keeps pool-structure "
        "findings at warning", [], (S.UK_CMA_DRAFT,), ("uk",)))
    if m.negotiation_group:
        hits.append(note(
            "licensees negotiate with the pool through a licensing negotiation group",
            "the 2026 Guidelines assess such groups individually under Art. 101 (how to tell a "
            "genuine negotiation group from a buyer cartel) and give them no safe harbour",
            [Evidence("market.negotiation_group", True)], (S.TTG26_LNG,), ("eu",),
            ("eu-2026",)))
    if a.compliance_programme is False:
        hits.append(note(
            "the pool operator has no antitrust compliance mechanism",
            "SAMR may require patent pool operators to set one up and may send reminder letters",
            [Evidence("administration.compliance_programme", False)], (S.SAMR_SEP_5,), ("cn",)))
    return hits


SAFE_HARBOUR = Rule(
    "safe-harbour", "Market-share safe harbours and market power",
    "market.{combined_share, largest_party_share, parties_compete, substitute_technologies, "
    "dominant, pre_commercial, shares_exceeded_in} against the US safety zone (DOJ/FTC 2017 "
    "§4.3), the Chinese harbour (SAIC Order 74 Art. 5; SAMR Order 79), the EU and UK block "
    "exemptions for bilateral licences (Reg. 316/2014, Reg. (EU) 2026/877, UK Order 2026), and "
    "the EU pool safe harbour (TTG 2014 para 261, seven conditions; TTG 2026, eight) from the "
    "other rules' results; notes on licensing negotiation groups (EU 2026), pool operators' "
    "compliance mechanisms (China, 2024 SEP Guidelines) and UK pool guidance; info only "
    "(inside the US or Chinese harbour, rule-of-reason warnings are lowered to info)",
    {"us": "info", "eu": "info", "uk": "info", "cn": "info"},
    (S.USG_43, S.US_CCG_2024, S.SAIC_5, S.O79_HARBOUR, S.TTG_261, S.TTG26_POOL, S.TTBER_SHARES,
     S.TTBER26_SHARES, S.UK_ASSIM_SHARES, S.UK_TTBEO_SAFE, S.UK_CMA_DRAFT, S.TTG26_LNG,
     S.SAMR_SEP_5),
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
                sev: dict[str, Severity] = {"us": "info", "eu": "warning", "uk": "warning",
                                            "cn": "info", "jp": "info"}
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
                    cites=(S.DOJ_AVANCI, S.DOJ_IEEE_2020, S.TTG_261E, S.UK_CMA_DRAFT, S.O79_10,
                           S.AMC_REFUSAL, S.JFTC_2005),
                ))
    named = lic.refused_licensees
    if named is None:
        hits.append(unknown("whether named firms were refused a licence",
                            ["license.refused_licensees"]))
    elif named:
        sev2: dict[str, Severity] = {"us": "info", "eu": "warning", "uk": "warning",
                                     "cn": "warning" if m.dominant else "info", "jp": "warning"}
        hits.append(flag(
            f"a pool licence refused to {len(named)} named firm(s)",
            f"{', '.join(named)} were refused; a pool that refuses a specific firm without an "
            "objective reason shuts it out of the standard",
            [Evidence("license.refused_licensees", list(named)),
             Evidence("market.dominant", m.dominant)],
            severity=sev2,
            cites=(S.TTG_261E, S.UK_CMA_DRAFT, S.O79_10, S.AMC_REFUSAL, S.JFTC_PACHINKO,
                   S.JFTC_2005),
        ))
    return hits


REFUSAL = Rule(
    "refusal-to-license", "Refusal to license / selective licensee classes",
    "license.licensed_levels against market.value_chain_levels (whole levels of the value chain "
    "refused, e.g. end-product-only licensing) and license.refused_licensees (F18); info in the "
    "US, China and Japan (warning when members cannot license bilaterally, or the pool is "
    "dominant), warning in the EU (para 261(e))",
    {"us": "info", "eu": "warning", "uk": "warning", "cn": "info", "jp": "info"},
    (S.DOJ_AVANCI, S.DOJ_IEEE_2020, S.TTG_261E, S.UK_CMA_DRAFT, S.O79_10, S.AMC_REFUSAL,
     S.JFTC_PACHINKO, S.JFTC_2005),
    _refusal,
    harbour=True,
)

# --- closed membership ------------------------------------------------------------------------
def _closed(ctx: Context) -> list[Hit]:
    m = ctx.terms.membership
    st = ctx.terms.stage
    if m.open_to_all_essential_holders is None:
        return [unknown("whether every holder of essential patents may join",
                        ["membership.open_to_all_essential_holders"])]
    if m.open_to_all_essential_holders:
        return []
    ev = [Evidence("membership.open_to_all_essential_holders", False)]
    detail = "holders of essential patents can be refused membership"
    if st.member_cross_license is MemberCrossLicense.ROYALTY_FREE:
        ev.append(Evidence("stage.member_cross_license", st.member_cross_license))
        detail += ("; members also cross-license royalty-free, so the refused holders pay what "
                   "members do not")
    return [flag("a closed pool that can refuse holders of essential patents", detail, ev)]


CLOSED = Rule(
    "closed-membership", "Closed pool / refusal to admit essential-patent holders",
    "membership.open_to_all_essential_holders (F17), with the stage's royalty-free member "
    "cross-licensing as an aggravating fact",
    {"us": "warning", "eu": "warning", "uk": "warning", "jp": "warning"},
    (S.TTG_261A, S.USG_55, S.UK_CMA_DRAFT, S.JFTC_PACHINKO),
    _closed,
    harbour=True,
)


MARKET_RULES: tuple[Rule, ...] = (REFUSAL, CLOSED, SAFE_HARBOUR)

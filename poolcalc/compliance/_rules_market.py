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
    One ``info`` finding per harbour in the profile: DOJ/FTC 2017 §4.3 safety zone (US),
    SAIC 2015 Art. 5 (China), EU TTG 2014 para 261 (EU, all seven conditions listed with
    their evidence, or the ones that fail or are unknown).  The harbours themselves are
    evaluated in :mod:`poolcalc.compliance._harbours`, which the engine also uses to lower
    rule-of-reason warnings inside the US and Chinese harbours.

References
----------
U.S. Department of Justice and Federal Trade Commission, Antitrust Guidelines for the
Licensing of Intellectual Property, 12 Jan 2017, §4.3.  SAIC Order No. 74 (2015), Art. 5.
European Commission, Guidelines on the application of Article 101 TFEU to technology
transfer agreements, OJ C 89, 28.3.2014, para 261.  DOJ business review letter to
Avanci (28 Jul 2020).  JFTC, Pachinko-machine patent pool (1997).
"""

from __future__ import annotations

from poolcalc.compliance import _sources as S
from poolcalc.compliance._base import Context, Evidence, Hit, Rule, Severity, flag, note, unknown
from poolcalc.compliance._harbours import harbours_of
from poolcalc.model._terms import ANY

__all__ = ["MARKET_RULES"]

_HARDCORE_NOTE = ("hardcore restraints (price fixing, output limits, market, channel or customer "
                  "allocation between competitors, substitute pooling, coordination among "
                  "members) are never lowered")


def _safe_harbour(ctx: Context) -> list[Hit]:
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
        "no Japanese market-share safe harbour is recorded in the sources poolcalc cites",
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

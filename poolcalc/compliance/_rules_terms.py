"""Rules that read the licence terms alone (flags F4-F9, F12, F13, F15, F16, F22).

Each rule returns hits: a flag when a clause is present that a reviewer would object
to, nothing when the terms say the clause is absent, and an *unknown* when the terms
file does not say.  The royalty-level rules (renewal increases, stacking) are in
:mod:`poolcalc.compliance._rules_price`; closed membership (F17) with refusal to license
in :mod:`poolcalc.compliance._rules_market`.
"""

from __future__ import annotations

from poolcalc.compliance import _sources as S
from poolcalc.compliance._base import Context, Evidence, Hit, Rule, flag, note, unknown
from poolcalc.model._terms import (
    ANY,
    NONE,
    ChallengeTermination,
    GrantBackScope,
    RoyaltyBase,
)

__all__ = ["TERMS_RULES"]


def _competitors(ctx: Context) -> tuple[bool | None, str]:
    c = ctx.terms.market.licensees_compete
    note = {True: " between licensees that compete downstream",
            False: "", None: " (market.licensees_compete unknown)"}[c]
    return c, note


# --- tying ------------------------------------------------------------------------------------
def _tying(ctx: Context) -> list[Hit]:
    tied = ctx.terms.license.tied
    if tied is None:
        return [unknown("whether the licence ties other goods or services", ["license.tied"])]
    if not tied:
        return []
    return [flag(
        "conditioning the pool licence on buying or using other goods or services",
        f"licensees must also take {', '.join(tied)}",
        [Evidence("license.tied", list(tied))],
    )]


TYING = Rule(
    "tying", "Tying of goods or services",
    "license.tied: goods or services the licensee must also buy or use (F4)",
    {"us": "warning", "cn": "warning", "jp": "warning"},
    (S.USG_53, S.AMC_17, S.SAIC_TYING, S.O79_TYING, S.JFTC_2007),
    _tying,
    harbour=True,
)


# --- output -----------------------------------------------------------------------------------
def _output(ctx: Context) -> list[Hit]:
    cap = ctx.terms.license.max_units
    if cap is None:
        return [unknown("whether the licence caps licensees' output", ["license.max_units"])]
    if cap == NONE:
        return []
    return [flag(
        "an output (quantity) limit on licensees imposed through the pool",
        f"licensees may make at most {cap:,} units a year; a collective output restraint is not "
        "needed to integrate complementary patents",
        [Evidence("license.max_units", cap)],
        hardcore=True,
    )]


OUTPUT = Rule(
    "output-restriction", "Output / quantity limits",
    "license.max_units: an annual cap on licensee units (F5; the seed paper's own example)",
    {"us": "error", "eu": "error", "uk": "error", "cn": "error", "jp": "error"},
    (S.USG_55, S.TTBER_4, S.UK_ASSIM_4, S.AMC_11, S.JFTC_2007, S.SEED_PAPER),
    _output,
)


# --- channels ---------------------------------------------------------------------------------
def _restriction_severity(competitors: bool | None) -> dict[str, str]:
    base = "error" if competitors else "warning"
    return {"us": "warning", "eu": base, "uk": base, "cn": "warning", "jp": "warning"}


def _channels(ctx: Context) -> list[Hit]:
    ch = ctx.terms.license.channels
    if ch is None:
        return [unknown("whether the licence limits sales channels", ["license.channels"])]
    if ch == ANY:
        return []
    comp, note = _competitors(ctx)
    return [flag(
        "a limit on the licensees' sales channels or customers" + note,
        f"sales allowed only through {', '.join(ch)}",
        [Evidence("license.channels", list(ch)), Evidence("market.licensees_compete", comp)],
        severity=_restriction_severity(comp),  # type: ignore[arg-type]
        hardcore=comp is not False,  # customer allocation between competitors
    )]


CHANNEL = Rule(
    "channel-restriction", "Sales-channel / customer limits",
    "license.channels: only these channels allowed (F6); error in the EU profile when "
    "market.licensees_compete (TTBER hardcore customer allocation)",
    {"us": "warning", "eu": "warning", "uk": "warning", "cn": "warning", "jp": "warning"},
    (S.USG_55, S.TTBER_4, S.UK_ASSIM_4, S.AMC_11, S.JFTC_2007, S.SEED_PAPER),
    _channels,
    harbour=True,
)


# --- territory and field of use ---------------------------------------------------------------
def _territory(ctx: Context) -> list[Hit]:
    lic = ctx.terms.license
    hits: list[Hit] = []
    comp, note = _competitors(ctx)
    if lic.territories is None:
        hits.append(unknown("whether the licence limits territories", ["license.territories"]))
    elif lic.territories != ANY:
        hits.append(flag(
            "a territorial limit on licensees' sales" + note,
            f"sales allowed only in {', '.join(lic.territories)}",
            [Evidence("license.territories", list(lic.territories)),
             Evidence("market.licensees_compete", comp)],
            severity=_restriction_severity(comp),  # type: ignore[arg-type]
            hardcore=comp is not False,  # market allocation between competitors
        ))
    if lic.field_of_use is None:
        hits.append(unknown("whether the licence limits the field of use",
                            ["license.field_of_use"]))
    elif lic.field_of_use != ANY:
        hits.append(flag(
            "a field-of-use limit on licensees",
            f"use allowed only in {', '.join(lic.field_of_use)}; field-of-use limits are usually "
            "accepted in the EU and US but listed among restrictions to assess in China",
            [Evidence("license.field_of_use", list(lic.field_of_use))],
            cites=(S.AMC_11, S.TTBER_4, S.UK_ASSIM_4, S.JFTC_2007),
            severity={"cn": "warning", "eu": "info", "uk": "info", "us": "info", "jp": "info"},
        ))
    return hits


TERRITORY = Rule(
    "territory-restriction", "Territory and field-of-use limits",
    "license.territories and license.field_of_use (F6); territories between competing "
    "licensees are market allocation (error in the EU profile); field of use is a warning "
    "in the China profile, info elsewhere",
    {"us": "warning", "eu": "warning", "uk": "warning", "cn": "warning", "jp": "warning"},
    (S.USG_55, S.TTBER_4, S.UK_ASSIM_4, S.AMC_11, S.JFTC_2007),
    _territory,
    harbour=True,
)


# --- price fixing -----------------------------------------------------------------------------
def _price(ctx: Context) -> list[Hit]:
    lic = ctx.terms.license
    hits: list[Hit] = []
    missing = [k for k in ("resale_price_min", "resale_price_max") if getattr(lic, k) is None]
    fixed = [(k, getattr(lic, k)) for k in ("resale_price_min", "resale_price_max")
             if getattr(lic, k) not in (None, NONE)]
    if fixed:
        hits.append(flag(
            "a term fixing the licensees' product prices",
            "; ".join(f"{k} = {v:g}" for k, v in fixed)
            + "; a pool used to fix downstream prices is treated as naked price fixing",
            [Evidence(f"license.{k}", v) for k, v in fixed],
            hardcore=True,
        ))
    elif missing:
        hits.append(unknown("whether the licence fixes resale prices",
                            [f"license.{k}" for k in missing]))
    return hits


PRICE = Rule(
    "price-fixing", "Downstream price fixing / resale price maintenance",
    "license.resale_price_min / resale_price_max (F7)",
    {"us": "error", "eu": "error", "uk": "error", "cn": "warning", "jp": "error"},
    (S.USG_55, S.NEW_WRINKLE, S.TTBER_4, S.UK_ASSIM_4, S.O79_3, S.AMC_26, S.JFTC_2007),
    _price,
)


# --- grant-back -------------------------------------------------------------------------------
def _grant_back(ctx: Context) -> list[Hit]:
    gb = ctx.terms.license.grant_back
    if gb is None:
        return [unknown("the grant-back clause", ["license.grant_back"])]
    if gb.scope is GrantBackScope.NONE:
        return []
    hits: list[Hit] = []
    if gb.scope is None:
        hits.append(unknown("the grant-back scope", ["license.grant_back.scope"]))
    if gb.exclusive:
        hits.append(flag(
            "an exclusive grant-back of licensees' improvements",
            "improvements must be licensed back exclusively, so licensees cannot license them to "
            "anyone else",
            [Evidence("license.grant_back.exclusive", True),
             Evidence("license.grant_back.scope", gb.scope)],
            cites=(S.USG_56, S.TTBER_5, S.TTG_44, S.UK_ASSIM_5, S.SAIC_12_3, S.SAIC_COND,
                   S.AMC_18, S.JFTC_2005),
        ))
    elif gb.exclusive is None:
        hits.append(unknown("whether the grant-back is exclusive",
                            ["license.grant_back.exclusive"]))
    if gb.scope is GrantBackScope.ALL_IMPROVEMENTS:
        hits.append(flag(
            "a grant-back wider than the licensees' essential patents",
            "scope is all improvements; the cleared pools limited grant-backs to essential patents",
            [Evidence("license.grant_back.scope", gb.scope)],
            level="minor",
            cites=(S.DOJ_MPEG2, S.USG_56, S.TTG_44, S.AMC_18, S.JFTC_2005),
        ))
        if gb.royalty_free:
            hits.append(flag(
                "a royalty-free grant-back of future non-essential improvements",
                "licensees must hand over future improvements at no charge, which reduces the "
                "incentive to innovate",
                [Evidence("license.grant_back.royalty_free", True),
                 Evidence("license.grant_back.scope", gb.scope)],
                level="minor",
                cites=(S.USG_55, S.TTG_44, S.AMC_18, S.JFTC_2005),
            ))
        elif gb.royalty_free is None:
            hits.append(unknown("whether the grant-back is royalty-free",
                                ["license.grant_back.royalty_free"]))
    return hits


GRANT_BACK = Rule(
    "grant-back", "Grant-back too broad or exclusive",
    "license.grant_back {scope, exclusive, royalty_free} (F8): exclusive -> error; scope beyond "
    "essential -> warning; royalty-free grant-back of all improvements -> warning",
    {"us": "error", "eu": "error", "uk": "error", "cn": "error", "jp": "error"},
    (S.DOJ_MPEG2, S.USG_56, S.USG_55, S.TTG_44, S.TTBER_5, S.UK_ASSIM_5, S.SAIC_12_3,
     S.SAIC_COND, S.AMC_18, S.JFTC_2005),
    _grant_back,
    harbour=True,
)


# --- no-challenge -----------------------------------------------------------------------------
def _no_challenge(ctx: Context) -> list[Hit]:
    lic = ctx.terms.license
    hits: list[Hit] = []
    if lic.no_challenge is None:
        hits.append(unknown("whether licensees may challenge pooled patents",
                            ["license.no_challenge"]))
    elif lic.no_challenge:
        hits.append(flag(
            "a clause barring licensees from challenging the validity or essentiality of pooled "
            "patents", "license.no_challenge is true",
            [Evidence("license.no_challenge", True)],
        ))
    t = lic.terminate_on_challenge
    if t is None:
        hits.append(unknown("what happens when a licensee challenges a patent",
                            ["license.terminate_on_challenge"]))
    elif t is ChallengeTermination.WHOLE_LICENSE:
        hits.append(flag(
            "termination of the whole pool licence when a licensee challenges one patent",
            "terminating only the challenged patent would preserve the freedom to challenge; in a "
            "non-exclusive licence such a clause is an excluded restriction under the EU and UK "
            "block exemptions",
            [Evidence("license.terminate_on_challenge", t)],
            level="minor",
        ))
    return hits


NO_CHALLENGE = Rule(
    "no-challenge", "No-challenge / termination on challenge",
    "license.no_challenge and license.terminate_on_challenge (F9)",
    {"eu": "error", "uk": "error", "cn": "error", "jp": "error"},
    (S.TTG_261F, S.TTBER_5, S.UK_ASSIM_5, S.SAIC_12_4, S.SAIC_COND, S.AMC_18, S.JFTC_2007),
    _no_challenge,
    harbour=True,
)


# --- exclusive licence-in / independent licensing -------------------------------------------
def _exclusive_in(ctx: Context) -> list[Hit]:
    m, lic = ctx.terms.membership, ctx.terms.license
    hits: list[Hit] = []
    if m.exclusive_license_in:
        menu = (lic.individual_patents_offered is True and lic.standard_essential is False
                and ctx.as_of >= S.DOJ_UTLP.in_force_from)  # type: ignore[operator]
        ev = [Evidence("membership.exclusive_license_in", True),
              Evidence("license.individual_patents_offered", lic.individual_patents_offered),
              Evidence("license.standard_essential", lic.standard_essential)]
        detail = ("exclusive licensing-in removes the members' own licences as an alternative "
                  "to the pool")
        if menu:
            detail += ("; for a pool of patents that are not standard-essential whose licensees "
                       "may take single patents or groups, the DOJ's 2021 university pool letter "
                       "accepted exclusive licensing-in, so the US profile treats it as a warning")
        hits.append(flag(
            "members licensing their patents into the pool exclusively", detail, ev,
            cites=(S.DOJ_UTLP, S.TTG_261D, S.UK_CMA_DRAFT, S.SAIC_12_12, S.AMC_26, S.JFTC_2005,
                   S.LERNER_TIROLE) if menu else None,
            severity={"us": "warning", "eu": "error", "uk": "warning", "cn": "error",
                      "jp": "error"} if menu else None,
        ))
    if m.independent_licensing_allowed is False:
        hits.append(flag(
            "members barred from licensing their patents outside the pool",
            "independent licensing is the screen that keeps a pool from acting as a cartel",
            [Evidence("membership.independent_licensing_allowed", False)],
            cites=(S.DOJ_MPEG2, S.DOJ_AVANCI, S.TTG_44, S.UK_CMA_DRAFT, S.SAIC_12_12, S.AMC_26,
                   S.JFTC_2005, S.LERNER_TIROLE),
        ))
    missing = [f"membership.{k}" for k in ("exclusive_license_in", "independent_licensing_allowed")
               if getattr(m, k) is None]
    if missing and not hits:
        hits.append(unknown("whether members license in exclusively or may license independently",
                            missing))
    hits.append(_bilateral_route(m.independent_licensing_allowed))
    return hits


def _bilateral_route(free: bool | None) -> Hit:
    """UK note: after Tesla v InterDigital and Avanci, the FRAND route is bilateral."""
    what = "membership.independent_licensing_allowed"
    if free is None:
        return unknown("whether licensors stay free to license bilaterally, the route to a FRAND "
                       "licence after Tesla v InterDigital and Avanci", [what],
                       only=("uk",), cites=(S.TESLA_AVANCI,))
    held = ("the Court of Appeal held that the ETSI undertaking gives an implementer a right to "
            "a bilateral FRAND licence from each SEP owner, not to a pool licence (appeal to the "
            "UK Supreme Court pending)")
    if free:
        text = "licensors stay free to license their patents bilaterally"
        detail = f"{held}; here that route is open"
    else:
        text = "licensors are barred from licensing their patents bilaterally"
        detail = (f"{held}; here that route is closed, so an implementer relying on the "
                  "undertaking has no licence outside the pool's terms")
    return note(text, detail, [Evidence(what, free)], (S.TESLA_AVANCI,), ("uk",))


EXCLUSIVE_IN = Rule(
    "exclusive-license-in", "Exclusive licensing-in / members barred from independent licensing",
    "membership.exclusive_license_in and membership.independent_licensing_allowed (F12); a "
    "warning in the US profile for a non-SEP pool with menu licensing "
    "(license.individual_patents_offered, license.standard_essential; DOJ 2021 university pool "
    "letter); a UK note on whether licensors stay free to license bilaterally (Tesla v "
    "InterDigital and Avanci, 2025)",
    {"us": "error", "eu": "error", "uk": "warning", "cn": "error", "jp": "error"},
    (S.DOJ_MPEG2, S.DOJ_AVANCI, S.TTG_261D, S.UK_CMA_DRAFT, S.SAIC_12_12, S.AMC_26, S.JFTC_2005,
     S.LERNER_TIROLE),
    _exclusive_in,
    harbour=True,
    also_cites=(S.DOJ_UTLP, S.TESLA_AVANCI),
)


# --- royalty base -----------------------------------------------------------------------------
def _royalty_base(ctx: Context) -> list[Hit]:
    base = ctx.terms.license.royalty_base
    if base is None:
        return [unknown("the royalty base", ["license.royalty_base"])]
    if base is RoyaltyBase.TOTAL_SALES:
        return [flag(
            "royalties computed on the licensee's total sales, including products that use no "
            "pooled patent",
            "royalty_base is total_sales; charge per licensed unit or on the licensed product",
            [Evidence("license.royalty_base", base)],
        )]
    return []


ROYALTY_BASE = Rule(
    "royalty-base", "Royalty base includes unpatented products",
    "license.royalty_base (F13): total_sales -> error",
    {"us": "error", "cn": "error"},
    (S.ZENITH, S.AMC_15, S.O79_9),
    _royalty_base,
)


# --- information exchange ---------------------------------------------------------------------
def _information(ctx: Context) -> list[Hit]:
    a = ctx.terms.administration
    coord = ctx.terms.membership.members_coordinate_prices_or_output
    compete = ctx.terms.market.members_compete_downstream
    who = {True: "member-competitors", False: "members that do not compete downstream",
           None: "members (market.members_compete_downstream unknown)"}[compete]
    hits: list[Hit] = []
    if coord:
        hits.append(flag(
            "collective coordination of the members' downstream prices or output through the pool",
            f"the pool agreement sets or coordinates the prices or output of {who}; collective "
            "price or output restraints not reasonably related to integrating complementary "
            "patents are treated as naked price fixing",
            [Evidence("membership.members_coordinate_prices_or_output", True),
             Evidence("market.members_compete_downstream", compete)],
            cites=(S.USG_55, S.NEW_WRINKLE, S.TTBER_4, S.TTG_261C, S.UK_ASSIM_4, S.SAIC_12,
                   S.O79_3, S.AMC_26, S.JFTC_2005),
            severity={"us": "error", "eu": "error", "uk": "error", "cn": "error", "jp": "error"},
            hardcore=True,
        ))
    if a.members_exchange_market_data:
        detail = (f"downstream market data exchanged among {who} through the pool lets them "
                  "coordinate prices or output (F22)")
        if compete is False:
            detail += ("; members do not compete downstream, so the coordination risk is lower, "
                       "but the exchange still goes beyond what the pool needs")
        hits.append(flag(
            "members exchanging downstream price, output or market data through the pool",
            detail,
            [Evidence("administration.members_exchange_market_data", True),
             Evidence("market.members_compete_downstream", compete)],
            level="minor" if compete is False else "major",
            hardcore=True,
        ))
    if a.licensee_data_shared_with_members:
        hits.append(flag(
            "licensees' sales reports being visible to licensors that compete with them",
            "no information firewall at the administrator",
            [Evidence("administration.licensee_data_shared_with_members", True)],
            level="minor",
        ))
    missing = [f"administration.{k}" for k in ("licensee_data_shared_with_members",
                                               "members_exchange_market_data")
               if getattr(a, k) is None]
    if coord is None:
        missing.append("membership.members_coordinate_prices_or_output")
    if missing:
        hits.append(unknown("what information flows between licensees and members, and whether "
                            "members coordinate downstream", missing))
    return hits


INFORMATION = Rule(
    "information-exchange", "Sensitive information exchange / collective coordination",
    "administration.licensee_data_shared_with_members (F15, warning); "
    "administration.members_exchange_market_data (F22, error; warning when "
    "market.members_compete_downstream is false) and "
    "membership.members_coordinate_prices_or_output (F22 collective price/output coordination, "
    "error)",
    {"us": "error", "eu": "error", "uk": "warning", "cn": "error", "jp": "error"},
    (S.USG_55, S.DOJ_MPEG2, S.TTG_261C, S.UK_CMA_DRAFT, S.SAIC_12, S.AMC_26, S.JFTC_2005),
    _information,
    harbour=True,
)


# --- competing technology ---------------------------------------------------------------------
def _competing(ctx: Context) -> list[Hit]:
    hits: list[Hit] = []
    missing = []
    for who, section in (("members", ctx.terms.membership), ("licensees", ctx.terms.license)):
        key = f"{'membership' if who == 'members' else 'license'}.competing_technology_restricted"
        v = section.competing_technology_restricted
        if v is None:
            missing.append(key)
        elif v:
            hits.append(flag(
                f"a restriction on {who} developing or using competing technology or standards",
                f"{key} is true", [Evidence(key, True)],
            ))
    if missing:
        hits.append(unknown("restrictions on competing technology", missing))
    return hits


COMPETING = Rule(
    "competing-technology", "Restriction on competing technologies",
    "membership/license.competing_technology_restricted (F16); warning in the US profile "
    "(Princo: rule of reason), error elsewhere",
    {"us": "warning", "eu": "error", "uk": "warning", "cn": "error", "jp": "error"},
    (S.DOJ_MPEG2, S.PRINCO, S.TTG_261G, S.UK_CMA_DRAFT, S.SAIC_12_12, S.AMC_18, S.JFTC_2005),
    _competing,
    harbour=True,
)


TERMS_RULES: tuple[Rule, ...] = (
    TYING, OUTPUT, CHANNEL, TERRITORY, PRICE, GRANT_BACK, NO_CHALLENGE, EXCLUSIVE_IN,
    ROYALTY_BASE, INFORMATION, COMPETING,
)

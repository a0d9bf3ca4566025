"""Sources of the European Union (TTBER and TT Guidelines 2014 and 2026) and the United Kingdom."""

from __future__ import annotations

import datetime as dt

from poolcalc.compliance._source import Source, Verification

D = dt.date

# =========================================================================================
# European Union
# =========================================================================================
_TTG = "EU Technology Transfer Guidelines 2014 (OJ C 89, 28.3.2014)"
_TTG_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52014XC0328(01)"
_E14 = {"in_force_from": D(2014, 5, 1), "in_force_to": D(2026, 4, 30), "regime": "eu-2014",
        "transition_to": D(2027, 4, 30)}
_E26 = {"in_force_from": D(2026, 5, 1), "in_force_to": D(2038, 4, 30), "regime": "eu-2026"}
_TTG26 = "EU Technology Transfer Guidelines 2026 (adopted 16 Apr 2026)"
_TTG26_URL = "https://competition-policy.ec.europa.eu/antitrust-and-cartels/legislation/ttber_en"
_TTBER26 = "Commission Regulation (EU) 2026/877 (TTBER 2026)"
_TTBER26_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32026R0877"
_HL = ("Hogan Lovells (21 Apr 2026), Lewis Silkin (27 May 2026), Norton Rose Fulbright, "
       "Ashurst and CMS briefings; the Regulation and Guidelines themselves not read")
_RECON = ("reconstructed: the final lettering and wording of the eight conditions were not "
          "read in any source; briefings say conditions were sharpened, not dropped")


def _c26(n: int, what: str, verification: Verification, checked: str) -> Source:
    return Source(f"EU-TTG-2026-POOL-C{n}", "eu", _TTG26,
                  f"technology-pool safe harbour, condition {n} of 8 (paragraph and lettering "
                  "not read)", _TTG26_URL, verification, f"safe harbour condition: {what}",
                  f"EU TTG 2026 pool safe harbour, condition {n}", **_E26, checked=checked)


TTG26_C1 = _c26(1, "participation in the pool's creation open to all interested technology "
                   "rights owners", "unverified", _RECON)
TTG26_C2 = _c26(2, "safeguards so that only essential (hence complementary) technologies are "
                   "pooled, with transparency of essentiality (public list of pooled patents "
                   "and of the evaluation results)", "secondary",
                "Access Advance comments on the Sept 2025 draft (draft para 285(b)); Hogan "
                "Lovells on 'sharper disclosure obligations'; detail not read")
TTG26_C3 = _c26(3, "sensitive information (pricing, output) exchanged only as necessary",
                "unverified", _RECON)
TTG26_C4 = _c26(4, "technologies licensed into the pool non-exclusively (licensors free to "
                   "license bilaterally)", "unverified", _RECON)
TTG26_C5 = _c26(5, "licensed out to all potential licensees on FRAND terms, with transparency "
                   "of the royalty rates and terms", "secondary",
                "Access Advance comments on the Sept 2025 draft ('transparency on rates'); "
                "detail not read")
TTG26_C6 = _c26(6, "contributors and licensees free to challenge validity and essentiality",
                "unverified", _RECON)
TTG26_C7 = _c26(7, "contributors and licensees free to develop competing products and "
                   "technology", "unverified", _RECON)
TTG26_C8 = _c26(8, "no double charging: a licensee is not charged twice for the same technology "
                   "(pool and bilateral licence, overlapping pools, or levels of the chain)",
                "secondary", "Hogan Lovells ('explicit prohibition on double dipping'); Access "
                             "Advance on 'duplicate royalties' (draft para 285(f)); scope not "
                             "read")
TTG26_POOL = Source(
    "EU-TTG-2026-POOL", "eu", _TTG26, "technology-pool safe harbour (paragraphs not read)",
    _TTG26_URL, "secondary",
    "safe harbour: the creation and operation of a pool, including licensing out, fall outside "
    "Art. 101(1) irrespective of market position if all eight conditions hold (seven as in "
    "2014, sharpened on essentiality and rate transparency, plus no double charging)",
    "EU TTG 2026 pool safe harbour", **_E26, checked=_HL)
TTG26_POOLS = Source(
    "EU-TTG-2026-POOLS", "eu", _TTG26, "technology-pool section (paragraphs not read)",
    _TTG26_URL, "secondary",
    "outside the safe harbour, pools are assessed individually (substitutes pooled amount to "
    "price fixing; non-essential complements, independent expert, grant-backs, FRAND royalties "
    "as in 2014, as far as briefings report)",
    "EU TTG 2026 technology-pool section", **_E26, checked=_HL)
TTG26_LNG = Source(
    "EU-TTG-2026-LNG", "eu", _TTG26, "licensing negotiation groups section (paragraphs not read)",
    _TTG26_URL, "secondary",
    "licensing negotiation groups (licensees negotiating jointly with technology owners) are "
    "assessed individually under Art. 101: how to tell a genuine group from a buyer cartel; the "
    "draft's soft safe harbour was dropped, so there is none",
    "EU TTG 2026 licensing negotiation groups section", **_E26,
    checked="Hogan Lovells, Ashurst, Brussels Times report of the Commission release, "
            "laweconcenter.org; the section not read")
TTBER26_HARDCORE = Source(
    "EU-TTBER-2026-HARDCORE", "eu", _TTBER26,
    "hardcore restrictions between competitors (article not read)", _TTBER26_URL, "secondary",
    "price fixing, output limitation and allocation of markets or customers between competitors "
    "remain hardcore restrictions; the list was only clarified with references to contract "
    "products", "TTBER 2026/877 hardcore restrictions", **_E26, kind="regulation",
    checked=_HL)
TTBER26_EXCL = Source(
    "EU-TTBER-2026-EXCLUDED", "eu", _TTBER26, "excluded restrictions (article not read)",
    _TTBER26_URL, "secondary",
    "unchanged from 2014: exclusive grant-backs of the licensee's own improvements and "
    "termination on challenge in non-exclusive licences fall outside the block exemption "
    "(individual assessment)", "TTBER 2026/877 excluded restrictions", **_E26,
    kind="regulation", checked=_HL)
TTBER26_SHARES = Source(
    "EU-TTBER-2026-SHARES", "eu", _TTBER26,
    "market-share thresholds and grace period (articles not read)", _TTBER26_URL, "secondary",
    "20% combined (competitors) / 30% each (non-competitors), unchanged; the block exemption "
    "continues for three (was two) years after the shares first rise above the thresholds; "
    "technologies that have not yet generated sales of contract products count as zero market "
    "share", "TTBER 2026/877 market-share safe harbour", **_E26, kind="regulation",
    checked="Lewis Silkin (27 May 2026), Norton Rose Fulbright, Brussels Times report of the "
            "Commission release; the Regulation not read")
TTBER26_TRANSITION = Source(
    "EU-TTBER-2026-TRANSITION", "eu", _TTBER26, "transitional period (article not read)",
    _TTBER26_URL, "secondary",
    "agreements in force on 30 Apr 2026 that satisfied the conditions of Reg. 316/2014 stay "
    "exempt until 30 Apr 2027; agreements concluded from 1 May 2026 must comply at once",
    "TTBER 2026/877 transitional period", **_E26, kind="regulation",
    checked="Hogan Lovells, Ashurst, Norton Rose Fulbright; the Regulation not read")


def _ttg261(letter: str, summary: str, successor: str, verification: Verification,
            checked: str) -> Source:
    return Source(f"EU-TTG-2014-261{letter.upper()}", "eu", _TTG, f"para 261({letter})",
                  _TTG_URL, verification, summary, f"EU TTG 2014 para 261({letter})", **_E14,
                  superseded_by=successor, checked=checked)


_TECHLAW = "techlaw.ie (secondary, no paragraph number); the EUR-Lex copy gave only the contents"
_NOT_READ = "not found in the primary text (the EUR-Lex copy gave only the table of contents)"
TTG_261A = _ttg261("a", "safe harbour condition: participation in the pool's creation open to "
                        "all interested technology rights owners", TTG26_C1.key, "secondary",
                   _TECHLAW)
TTG_261B = _ttg261("b", "safe harbour condition: sufficient safeguards so that only essential "
                        "(hence complementary) technologies are pooled", TTG26_C2.key,
                   "unverified", _NOT_READ)
TTG_261C = _ttg261("c", "safe harbour condition: sensitive information (pricing, output) "
                        "exchanged only as necessary", TTG26_C3.key, "unverified", _NOT_READ)
TTG_261D = _ttg261("d", "safe harbour condition: technologies licensed into the pool "
                        "non-exclusively", TTG26_C4.key, "secondary", _TECHLAW)
TTG_261E = _ttg261("e", "safe harbour condition: technologies licensed out to all potential "
                        "licensees on FRAND terms", TTG26_C5.key, "unverified", _NOT_READ)
TTG_261F = _ttg261("f", "safe harbour condition: contributors and licensees free to challenge "
                        "validity and essentiality", TTG26_C6.key, "unverified", _NOT_READ)
TTG_261G = _ttg261("g", "safe harbour condition: contributors and licensees free to develop "
                        "competing products and technology", TTG26_C7.key, "unverified",
                   _NOT_READ)
TTG_261 = Source(
    "EU-TTG-2014-261", "eu", _TTG, "para 261",
    "http://wordscope.be/nederlands/duits/andere+in+punt.html", "primary",
    "safe harbour: the creation and operation of the pool, including licensing out, fall "
    "outside Art. 101(1) irrespective of market position if all of (a)-(g) hold: open "
    "participation; safeguards so that only essential technologies are pooled; sensitive "
    "information exchanged only as necessary; non-exclusive licensing-in; licensing out to all "
    "potential licensees on FRAND terms; freedom to challenge validity and essentiality; "
    "freedom to develop competing products and technology",
    "EU TTG 2014 para 261", **_E14, superseded_by=TTG26_POOL.key,
    quote="aan alle andere in punt 261 opgesomde criteria van de veilige haven voldoet",
    checked="Dutch/German parallel text of the Guidelines (a later paragraph refers to the "
            "safe-harbour criteria listed in para 261); the chapeau and the English text not "
            "read")
TTG_44 = Source(
    "EU-TTG-2014-4.4", "eu", _TTG, "section 4.4, paras 244-273", _TTG_URL, "secondary",
    "outside the safe harbour: pools of substitutes amount to price fixing; non-essential "
    "complements: licensors free to license independently, separate packages per application; "
    "independent expert; grant-backs non-exclusive and limited to developments essential or "
    "important to the pooled technology; royalties FRAND and non-discriminatory",
    "EU TTG 2014 section 4.4", **_E14, superseded_by=TTG26_POOLS.key,
    checked="a Dutch/German parallel text shows para 264 (non-essential patents, licences of "
            "part of the package) in the pool section; the section's bounds not read")
TTG_2004_220 = Source(
    "EU-TTG-2004-220", "eu", "EU Technology Transfer Guidelines 2004", "para 220",
    "http://wordscope.be/neerlandais/francais/pool+van+vorderingen+bestaat+uitsluitend.html",
    "primary",
    "the creation of a pool as such, of essential technologies only, generally falls outside "
    "Art. 81(1) irrespective of the parties' market position",
    "EU TTG 2004 para 220", D(2004, 5, 1), D(2014, 4, 30), regime="eu-2004",
    quote="valt de oprichting van de pool als zodanig in het algemeen buiten het "
          "toepassingsgebied van artikel 81, lid 1, ongeacht de marktpositie van de partijen",
    checked="Dutch and French language versions read; English not read; the in-force dates "
            "are those of Reg. 772/2004, not read")
_TTBER14 = "Commission Regulation (EU) No 316/2014 (TTBER)"
TTBER_4 = Source(
    "EU-TTBER-2014-4", "eu", _TTBER14,
    "Art. 4(1) hardcore restrictions between competitors (article number unverified)", None,
    "unverified",
    "price fixing, output limitation and allocation of markets or customers between competitors "
    "are hardcore restrictions", "TTBER 316/2014 Art. 4(1)", **_E14, kind="regulation",
    superseded_by=TTBER26_HARDCORE.key,
    checked="the only Art. 4(1) wording seen was an unidentified German commentary")
TTBER_5 = Source(
    "EU-TTBER-2014-5", "eu", _TTBER14, "excluded restrictions (article number not read)", None,
    "secondary",
    "exclusive grant-backs of the licensee's own improvements and termination clauses in "
    "non-exclusive licences when the licensee challenges validity fall outside the block "
    "exemption and are assessed individually", "TTBER 316/2014 excluded restrictions", **_E14,
    kind="regulation", superseded_by=TTBER26_EXCL.key,
    checked="Lexology briefing on the 2014 revision; the Regulation not read")
TTBER_SHARES = Source(
    "EU-TTBER-2014-SHARES", "eu", _TTBER14,
    "market-share thresholds and grace period (article numbers not read)", None, "secondary",
    "20% combined (competitors) / 30% each (non-competitors); the exemption continues for two "
    "years after the shares first rise above the threshold",
    "TTBER 316/2014 market-share safe harbour", **_E14, kind="regulation",
    superseded_by=TTBER26_SHARES.key,
    checked="Lexology briefing on the 2014 revision (thresholds); the two-year grace period "
            "from Lewis Silkin's comparison (2026); the Regulation not read")

# =========================================================================================
# United Kingdom
# =========================================================================================
_UKO = "Competition Act 1998 (Technology Transfer Agreements Block Exemption) Order 2026"
_UKO_URL = ("https://www.lewissilkin.com/en/insights/2026/04/08/the-clock-is-ticking-preparing-"
            "for-the-uks-new-technology-transfer-block-exempt-102mp2d")
_U26 = {"in_force_from": D(2026, 5, 1), "regime": "uk-2026"}
_UKB = ("Lewis Silkin (8 Apr 2026), Shakespeare Martineau ('no changes to the scope of hardcore "
        "or excluded restrictions'), Ashurst; the Order itself not read")
UK_TTBEO_HARDCORE = Source(
    "UK-TTBEO-2026-HARDCORE", "uk", _UKO, "hardcore restrictions (article not read)", _UKO_URL,
    "secondary",
    "as under the assimilated TTBER: price fixing, output limitation and allocation of markets "
    "or customers between competitors are hardcore restrictions",
    "UK TTBE Order 2026 hardcore restrictions", **_U26, kind="regulation", checked=_UKB)
UK_TTBEO_EXCL = Source(
    "UK-TTBEO-2026-EXCLUDED", "uk", _UKO, "excluded restrictions (article not read)", _UKO_URL,
    "secondary",
    "as under the assimilated TTBER: exclusive grant-backs and termination on challenge in "
    "non-exclusive licences fall outside the block exemption",
    "UK TTBE Order 2026 excluded restrictions", **_U26, kind="regulation", checked=_UKB)
UK_TTBEO_SAFE = Source(
    "UK-TTBEO-2026-SAFE-HARBOUR", "uk", _UKO,
    "conditions for technology and product markets (articles not read)",
    "https://connect.cma.gov.uk/technology-transfer-block-exemption-regulation", "secondary",
    "differs from the EU: for technology markets the market-share thresholds are replaced by a "
    "requirement of at least three independently controlled substitutable technologies besides "
    "the parties'; product markets keep share thresholds (assumed 20%/30%, not read)",
    "UK TTBE Order 2026 safe harbour", **_U26, kind="regulation",
    checked="the CMA's proposed recommendation (14 Mar 2025) read on connect.cma.gov.uk: "
            "'replacing the market share thresholds in respect of technology markets with a "
            "condition that there be at least three independently controlled substitutable "
            "technologies'; Ashurst confirms 'structurally different safe harbour criteria' in "
            "the final Order; its text not read")
UK_CMA_DRAFT = Source(
    "UK-CMA-TTA-GUIDANCE-DRAFT", "uk",
    "CMA draft guidance on the Chapter I prohibition and technology transfer agreements",
    "technology-pool section (not read)",
    "https://www.gov.uk/government/consultations/application-of-the-chapter-i-prohibition-in-"
    "the-competition-act-1998-to-technology-transfer-agreements", "unverified",
    "published for consultation on 30 Apr 2026 (closed 11 Jun 2026), no final guidance yet; "
    "whether it adopts the EU's conditions for pools, including double charging, is not known",
    "CMA draft technology transfer guidance (Apr 2026), pools", D(2026, 4, 30), kind="draft",
    checked="gov.uk consultation page read (dates, status); the draft's pool section not read")
_UK21 = "Assimilated Commission Regulation (EU) No 316/2014 (UK law from 1 Jan 2021)"
_U21 = {"in_force_from": D(2021, 1, 1), "in_force_to": D(2026, 4, 30), "regime": "uk-2021",
        "transition_to": D(2027, 4, 30)}
_UK21_CHECK = ("CMA page read: the assimilated TTBER expires on 30 Apr 2026; its articles not "
               "read; the transition to 30 Apr 2027 per Ashurst")
UK_ASSIM_4 = Source(
    "UK-ASSIM-TTBER-4", "uk", _UK21, "Art. 4 hardcore restrictions (article number not read)",
    "https://connect.cma.gov.uk/technology-transfer-block-exemption-regulation", "unverified",
    "the EU 2014 hardcore list as UK law: price fixing, output limitation, market or customer "
    "allocation between competitors", "UK assimilated TTBER hardcore restrictions", **_U21,
    kind="regulation", superseded_by=UK_TTBEO_HARDCORE.key, checked=_UK21_CHECK)
UK_ASSIM_5 = Source(
    "UK-ASSIM-TTBER-5", "uk", _UK21, "excluded restrictions (article number not read)",
    "https://connect.cma.gov.uk/technology-transfer-block-exemption-regulation", "unverified",
    "the EU 2014 excluded restrictions as UK law: exclusive grant-backs, termination on "
    "challenge in non-exclusive licences", "UK assimilated TTBER excluded restrictions", **_U21,
    kind="regulation", superseded_by=UK_TTBEO_EXCL.key, checked=_UK21_CHECK)
UK_ASSIM_SHARES = Source(
    "UK-ASSIM-TTBER-SHARES", "uk", _UK21, "market-share thresholds (article numbers not read)",
    "https://connect.cma.gov.uk/technology-transfer-block-exemption-regulation", "unverified",
    "the EU 2014 thresholds as UK law: 20% combined (competitors) / 30% each (non-competitors), "
    "two-year grace period", "UK assimilated TTBER market-share safe harbour", **_U21,
    kind="regulation", superseded_by=UK_TTBEO_SAFE.key, checked=_UK21_CHECK)
TESLA_AVANCI = Source(
    "UK-TESLA-INTERDIGITAL-AVANCI", "uk", "Tesla Inc v InterDigital Inc and Avanci LLC",
    "[2025] EWCA Civ 193 (6 Mar 2025)",
    "https://469393.qwpa.asia/ew/cases/EWCA/Civ/2025/193.html", "primary",
    "majority (Phillips and Whipple LJJ, Arnold LJ dissenting): the ETSI undertaking gives an "
    "implementer a right to a bilateral FRAND licence from each SEP owner, not to a pool "
    "licence; joining the pool does not extend the undertaking; the UK Supreme Court gave "
    "permission to appeal (UKSC/2025/0058), outcome not found",
    "Tesla v InterDigital and Avanci [2025] EWCA Civ 193", D(2025, 3, 6), kind="case",
    quote="This judgment was handed down remotely at 10.30am on 6 March 2025",
    checked="the judgment copy read for citation and date; the majority holding read in the "
            "Bristows and knowledgelawyer summaries; the appeal's status in ip fray")

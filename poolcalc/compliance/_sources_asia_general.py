"""Sources of China (SAIC/SAMR orders and guidelines), Japan, and general economics and practice."""

from __future__ import annotations

import datetime as dt

from poolcalc.compliance._source import Source

D = dt.date

# =========================================================================================
# China
# =========================================================================================
_SAIC = "SAIC Order No. 74 (2015) on prohibiting abuse of IP to eliminate or restrict competition"
_C15 = {"in_force_from": D(2015, 8, 1), "in_force_to": D(2023, 7, 31), "regime": "cn-2015"}
_O79 = "SAMR Order No. 79 (2023), Provisions on Prohibiting the Abuse of IPRs to Exclude or " \
       "Restrict Competition"
_C23 = {"in_force_from": D(2023, 8, 1), "regime": "cn-2023"}
_AMC = "Anti-Monopoly Commission of the State Council, Anti-Monopoly Guidelines on IP (2019)"
_AMC_FROM = D(2019, 1, 4)
_U = "(article number unverified)"
O79_3 = Source(
    "CN-SAMR-79-3", "cn", _O79, "Art. 3 (scope)", "https://hk.lexiscn.com/law/law-english-1-"
    "4717911-T.html?eng=0", "primary",
    "covers monopoly agreements, abuse of dominance and concentrations effected through IP, "
    "with no carve-out for price-related conduct (Order 74 excluded it), so royalty-level and "
    "price flags now rest on the Order", "SAMR Order 79 (2023) Art. 3", **_C23,
    kind="regulation",
    quote="concluding monopoly agreements, abusing dominant market positions, and implementing "
          "concentrations of undertakings",
    checked="English verbatim text (lexiscn) and Chinese text read for Art. 3")
O79_POOL = Source(
    "CN-SAMR-79-POOL", "cn", _O79, "patent-pool provision (article number not read)",
    "https://taowenge.com/d-96031863.html", "primary",
    "members of a patent pool must not exchange price, output, market-division or other "
    "competitively sensitive information; a dominant pool entity or member must not use the "
    "pool to abuse dominance, e.g. by licensing the pooled patents at unfairly high prices "
    "(binds the pool entity as well as its members)", "SAMR Order 79 (2023) patent-pool provision",
    **_C23, kind="regulation",
    quote="专利联营的成员不得交换价格、产量、市场划分等有关竞争的敏感信息",
    checked="bilingual verbatim copy read for the first items; the article number and the later "
            "items not read")
O79_POOL_ITEMS = Source(
    "CN-SAMR-79-POOL-ITEMS", "cn", _O79,
    "patent-pool provision, later items (article and item numbers not read)",
    "https://taowenge.com/d-96031863.html", "unverified",
    "a dominant pool entity or member must not without justification restrict members from "
    "licensing outside the pool or developing competing technology, force exclusive "
    "grant-backs, bar challenges to validity, or discriminate (expected to carry over Order 74 "
    "Art. 12, not read)", "SAMR Order 79 (2023) patent-pool provision, later items", **_C23,
    kind="regulation", checked="not read; Xinhua (29 Jun 2023) reports that the pool rules bind "
                               "pool entities and members")
O79_9 = Source(
    "CN-SAMR-79-9", "cn", _O79, "Art. 9 (unfairly high prices)", "https://borsamip.com/NewsHot/2821.html",
    "secondary",
    "a dominant undertaking must not license IP at unfairly high prices; factors include R&D "
    "cost, the royalty method and conditions, comparable royalties and licensing commitments",
    "SAMR Order 79 (2023) Art. 9", **_C23, kind="regulation",
    checked="English translation excerpt (borsamip.com); the official text not read")
O79_10 = Source(
    "CN-SAMR-79-10", "cn", _O79, "Art. 10 (refusal to license)",
    "https://borsamip.com/NewsHot/2821.html", "secondary",
    "a dominant undertaking must not without justification refuse to license IP on reasonable "
    "terms where it cannot reasonably be substituted and is necessary to compete",
    "SAMR Order 79 (2023) Art. 10", **_C23, kind="regulation",
    checked="English translation excerpt (borsamip.com); the official text not read")
O79_COND = Source(
    "CN-SAMR-79-CONDITIONS", "cn", _O79, f"unreasonable-conditions provision {_U}", None,
    "unverified",
    "a dominant undertaking must not without justification impose exclusive grant-backs, "
    "no-challenge clauses, post-term restrictions, or keep exercising rights in expired or "
    "invalid IP (retained from Order 74, article not read)",
    "SAMR Order 79 (2023) unreasonable-conditions provision", **_C23, kind="regulation",
    checked="not read; CMS (Aug 2023) and Kluwer Patent Blog report the conditions retained")
O79_TYING = Source(
    "CN-SAMR-79-TYING", "cn", _O79, f"tying provision {_U}", None, "unverified",
    "tying without justification by a dominant undertaking is prohibited (retained, article not "
    "read)", "SAMR Order 79 (2023) tying provision", **_C23, kind="regulation",
    checked="not read; reported retained by CMS (Aug 2023)")
O79_HARBOUR = Source(
    "CN-SAMR-79-SAFE-HARBOUR", "cn", _O79, f"safe-harbour provision {_U}", None, "unverified",
    "monopoly-agreement safe harbour by market shares or substitute technologies; Order 79's "
    "thresholds were not read, Order 74 Art. 5's (20% / 30%, 4 / 2 substitutes) are applied",
    "SAMR Order 79 (2023) safe-harbour provision", **_C23, kind="regulation",
    checked="not read")
SAIC_3 = Source(
    "CN-SAIC-74-3", "cn", _SAIC, "Art. 3 (scope)",
    "http://www.lexology.com/library/detail.aspx?g=0fa0d353-0e16-46d0-b8c7-b05af55b2436",
    "primary",
    "the Order covered monopoly agreements and abuse of dominance through IP except price "
    "monopoly conduct", "SAIC Order 74 (2015) Art. 3", **_C15, superseded_by=O79_3.key,
    kind="regulation", quote="实施垄断协议、滥用市场支配地位等垄断行为(价格垄断行为除外)",
    checked="full Chinese text of Arts 1-5 read")
SAIC_12 = Source(
    "CN-SAIC-74-12", "cn", _SAIC, "Art. 12 (patent pools), chapeau", None, "secondary",
    "members must not use the pool to exchange output, market-division or other sensitive "
    "information", "SAIC Order 74 (2015) Art. 12", **_C15, superseded_by=O79_POOL.key,
    kind="regulation", checked="bkw.cn study note (no article number); the Order's text gave "
                               "Arts 1-5 only")
SAIC_12_12 = Source(
    "CN-SAIC-74-12-1-2", "cn", _SAIC, "Art. 12, items (1)-(2)", None, "secondary",
    "a dominant administrator must not without justification (1) restrict members from "
    "licensing independently or (2) restrict members or licensees from developing competing "
    "technology", "SAIC Order 74 (2015) Art. 12(1)-(2)", **_C15,
    superseded_by=O79_POOL_ITEMS.key, kind="regulation",
    checked="items (1)-(2) read in the bkw.cn study note, without the article number")
SAIC_12_3 = Source("CN-SAIC-74-12-3", "cn", _SAIC, f"Art. 12(3) {_U}", None, "unverified",
                   "a dominant pool administrator must not force exclusive grant-backs to the "
                   "administrator or members", "SAIC Order 74 (2015) Art. 12(3)", **_C15,
                   superseded_by=O79_POOL_ITEMS.key, kind="regulation",
                   checked="item number not found in the primary text (copy gave Arts 1-5)")
SAIC_12_4 = Source("CN-SAIC-74-12-4", "cn", _SAIC, f"Art. 12(4) {_U}", None, "unverified",
                   "a dominant pool administrator must not prohibit licensees from challenging "
                   "the validity of pooled patents", "SAIC Order 74 (2015) Art. 12(4)", **_C15,
                   superseded_by=O79_POOL_ITEMS.key, kind="regulation",
                   checked="item number not found in the primary text (copy gave Arts 1-5)")
SAIC_12_5 = Source("CN-SAIC-74-12-5", "cn", _SAIC, f"Art. 12(5) {_U}", None, "unverified",
                   "a dominant pool administrator must not discriminate among members or "
                   "licensees in the same relevant market under equal conditions",
                   "SAIC Order 74 (2015) Art. 12(5)", **_C15, superseded_by=O79_POOL_ITEMS.key,
                   kind="regulation",
                   checked="item number not found in the primary text (copy gave Arts 1-5)")
SAIC_COND = Source(
    "CN-SAIC-74-CONDITIONS", "cn", _SAIC, f"provision on unreasonable restrictive conditions {_U}",
    "https://www.bkw.cn/question/vwaWX.html", "secondary",
    "dominant undertakings must not without justification impose exclusive grant-backs, "
    "no-challenge clauses, post-term restrictions on competing technology, or keep exercising "
    "rights in IP that expired or was held invalid",
    "SAIC Order 74 (2015) unreasonable-conditions provision", **_C15,
    superseded_by=O79_COND.key, kind="regulation",
    checked="the four items read in a study note at bkw.cn; article number not read")
SAIC_TYING = Source("CN-SAIC-74-TYING", "cn", _SAIC, f"tying provision {_U}", None, "unverified",
                    "tying without justification by a dominant undertaking is prohibited",
                    "SAIC Order 74 (2015) tying provision", **_C15,
                    superseded_by=O79_TYING.key, kind="regulation",
                    checked="not found in the primary text (copy gave Arts 1-5)")
SAIC_5 = Source(
    "CN-SAIC-74-5", "cn", _SAIC, "Art. 5 (safe harbour)",
    "http://www.lexology.com/library/detail.aspx?g=0fa0d353-0e16-46d0-b8c7-b05af55b2436",
    "primary",
    "competitors' combined share <= 20% or non-competitors each <= 30%, or enough "
    "independently controlled substitute technologies (the 30% and count limbs were cut off in "
    "the copy read)", "SAIC Order 74 (2015) Art. 5", **_C15, superseded_by=O79_HARBOUR.key,
    kind="regulation",
    quote="具有竞争关系的经营者在受其行为影响的相关市场上的市场份额合计不超过百分之二十",
    checked="the 20% competitor threshold read in the full Chinese text")
SAMR_SEP_5 = Source(
    "CN-SAMR-SEP-2024-5", "cn", "SAMR Anti-monopoly Guidelines for Standard Essential Patents "
    "(notice of 4 Nov 2024)", "Art. 5 (preventive supervision; pool operators' compliance)",
    "https://fangdalaw.com/articles/key-takeaways-of-chinas-new-antitrust-guidelines-for-"
    "standard-essential-patents", "secondary",
    "SAMR may require standard-setting organisations, patent pool operators, licensors and "
    "licensees to set up antitrust compliance mechanisms, and may send reminder letters",
    "SAMR SEP Guidelines (2024) Art. 5", D(2024, 11, 4),
    checked="Fangda briefing; the official text (gov.cn) not read; Art. 1 names Order 79 and "
            "the 2019 IP Guidelines as bases (Natlawreview translation)")


def _amc(art: str, summary: str, short: str) -> Source:
    return Source(f"CN-AMC-2019-{art}", "cn", _AMC, f"Art. {art} {_U}", None, "unverified",
                  summary, short, _AMC_FROM,
                  checked="no copy of the 2019 Guidelines read; the date (4 Jan 2019) from a "
                          "secondary source; still cited as a basis by the 2024 SEP Guidelines")


AMC_11 = _amc("11", "other restrictions in licences: field of use; sales channels, scope or "
                    "customers; quantity of products; use of competing technology or goods",
              "AMC IP Guidelines 2019 Art. 11")
AMC_15 = _amc("15", "unfairly high royalties: factors include charging beyond territorial or "
                    "product scope and charging for expired or invalid IP, including in a "
                    "package licence", "AMC IP Guidelines 2019 Art. 15")
AMC_17 = _amc("17", "tying: against the counter-party's will; trade practice; disregard of "
                    "differences between the IP or products; technical necessity",
              "AMC IP Guidelines 2019 Art. 17")
AMC_18 = _amc("18", "unreasonable conditions: exclusive grant-back; no-challenge clauses; "
                    "restricting competing goods or technology; asserting expired or invalid "
                    "IP; forcing or prohibiting dealing with third parties",
              "AMC IP Guidelines 2019 Art. 18")
AMC_19 = _amc("19", "discriminatory treatment of similarly situated counter-parties",
              "AMC IP Guidelines 2019 Art. 19")
AMC_26 = _amc("26", "patent pools: substitutes pooled; members restricted from independent "
                    "licensing or R&D; exchange of price, output or market-division "
                    "information; unfairly high prices, tying, unreasonable conditions or "
                    "discrimination by a dominant pool", "AMC IP Guidelines 2019 Art. 26")
AMC_REFUSAL = Source(
    "CN-AMC-2019-REFUSAL", "cn", _AMC, "refusal-to-license provision (article number not read)",
    None, "unverified",
    "refusal to license and refusal to deal with particular counter-parties are among the "
    "conducts assessed", "AMC IP Guidelines 2019 refusal-to-license provision", _AMC_FROM,
    checked="no copy of the 2019 Guidelines read")

# =========================================================================================
# Japan
# =========================================================================================
_JFTC_PR = "https://www.jftc.go.jp/en/pressreleases/yearly-2015/July/150708.html"
JFTC_2005 = Source(
    "JP-JFTC-2005", "jp", "JFTC Guidelines on Standardization and Patent Pool Arrangements",
    "29 Jun 2005", _JFTC_PR, "secondary",
    "pooling substitute patents and jointly setting terms may be an unreasonable restraint of "
    "trade; essential complementary patents, independent expert, non-exclusive licensing-in, "
    "members free to license outside, non-discriminatory terms, no restriction on alternative "
    "technologies, limited non-exclusive grant-backs and no price/volume information exchange "
    "are generally not problematic",
    "JFTC Standardization and Patent Pool Guidelines (2005)", D(2005, 6, 29),
    checked="date from the JFTC press release of 8 Jul 2015 as reported in the research notes; "
            "the Guidelines' text read only in part; the summary from the literature")
JFTC_2007 = Source(
    "JP-JFTC-2007", "jp", "JFTC Guidelines for the Use of IP under the Antimonopoly Act",
    "28 Sep 2007, amended 21 Jan 2016", _JFTC_PR, "secondary",
    "restrictions on licensees (price, output, channels, grant-backs, no-challenge) assessed "
    "under the Antimonopoly Act; the 2016 amendment concerns refusals and injunctions against "
    "willing FRAND licensees", "JFTC IP Guidelines (2007)", D(2007, 9, 28),
    checked="date from the JFTC press release (research notes); the 2016 amendment per Jones "
            "Day (2 Mar 2016); the table of contents read in a tentative translation")
JFTC_PACHINKO = Source(
    "JP-JFTC-PACHINKO", "jp", "JFTC, Pachinko-machine patent pool", "1997", None, "unverified",
    "refusing to license a specific firm without justification can be private monopolisation",
    "JFTC Pachinko patent pool case (1997)", kind="case", checked="not checked")

# =========================================================================================
# General (economics, industry practice)
# =========================================================================================
LERNER_TIROLE = Source(
    "GEN-LERNER-TIROLE", "general",
    "Lerner & Tirole, Efficient Patent Pools, American Economic Review", "94(3):691-711 (2004)",
    "https://www.nber.org/papers/w9175", "primary",
    "a pool of perfect substitutes acts as a price-fixing cartel; independent licensing screens "
    "out welfare-reducing pools", "Lerner & Tirole (AER 2004)", kind="economics",
    quote="requiring pool members to be able to independently license patents matters if and "
          "only if the pool is otherwise welfare reducing",
    checked="citation and the independent-licensing screen read in the NBER abstract")
LEMLEY_SHAPIRO = Source(
    "GEN-LEMLEY-SHAPIRO", "general",
    "Lemley & Shapiro, Patent Holdup and Royalty Stacking, Texas Law Review",
    "85 Tex. L. Rev. 1991 (2007)", None, "unverified",
    "holdup is magnified by royalty stacking on multi-component products",
    "Lemley & Shapiro (Tex. L. Rev. 2007)", kind="economics", checked="not checked")
RENEWAL_CAPS = Source(
    "GEN-RENEWAL-CAPS", "general",
    "Pool renewal promises: MPEG-2 (1997) <= 25%; HEVC Advance <= 20%; AVC <= 10%",
    "pools' published licence terms", "https://accessadvance.com/faq/", "unverified",
    "pools promise licensees a maximum increase of rates and caps per renewal term",
    "the pools' renewal promises (MPEG-2 <= 25%, HEVC Advance <= 20%)", kind="practice",
    checked="not re-checked against the pools' current terms")
HEVC_OVERLAP = Source(
    "GEN-HEVC-OVERLAP", "general", "HEVC Advance vs MPEG LA HEVC pool overlap complaints",
    "ngcodec.com, 19 Dec 2015", None, "unverified",
    "the same patents offered through two pools make licensees pay twice for one unit",
    "the HEVC Advance / MPEG LA overlap complaints (2015)", kind="practice",
    checked="not checked")
SEED_PAPER = Source(
    "GEN-SEED-PAPER", "general", "Seed paper (industrial alliances and technical standardisation)",
    "section on alliance consistency and conflict", None, "unverified",
    "bundling essential with non-essential patents in one package, or limiting licensees' "
    "output and sales channels, is patent misuse; formation: members cross-license; "
    "industrialization: preferential licensing across the industry chain",
    "the seed paper on alliance standardisation", kind="economics",
    checked="not a public text; cannot be checked by search")

"""The legal and economic texts the rules rest on.

``verified`` is ``True`` when the pinpoint (letter and date, section, paragraph or
article number) was checked against the cited source, ``False`` when it comes from the
literature and was not re-checked word for word: cite it, but check the primary text
before relying on the article number.  ``summary`` paraphrases; no source is quoted.
"""

from __future__ import annotations

import attrs

__all__ = ["JURISDICTIONS", "Source"]

#: Jurisdiction codes of the profiles; ``"general"`` sources (economics, industry
#: practice) are cited in every profile as supporting material.
JURISDICTIONS: tuple[str, ...] = ("us", "eu", "cn", "jp")


@attrs.frozen(order=True)
class Source:
    """A legal text a finding rests on.

    Attributes
    ----------
    jurisdiction : str
        ``us``, ``eu``, ``cn``, ``jp`` or ``general`` (economics, industry practice).
    title : str
        The instrument, letter or case.
    pinpoint : str
        Paragraph, article, section or letter date; "(article number unverified)"
        when the number was not checked.
    url : str or None
    verified : bool
        True when the pinpoint was checked against the source.
    summary : str
        What the text says that matters here (a paraphrase, never a quotation).
    """

    jurisdiction: str
    title: str
    pinpoint: str
    url: str | None = None
    verified: bool = False
    summary: str = ""
    short: str = ""

    def cite(self) -> str:
        """Short citation, e.g. ``EU TTG 2014 para 261(f)``."""
        return self.short or f"{self.title}, {self.pinpoint}"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping."""
        return {
            "jurisdiction": self.jurisdiction,
            "title": self.title,
            "pinpoint": self.pinpoint,
            "url": self.url,
            "verified": self.verified,
            "summary": self.summary,
            "cite": self.cite(),
        }


_U = "(article number unverified)"

# --- United States ----------------------------------------------------------------------------
DOJ_MPEG2 = Source(
    "us", "DOJ business review letter, MPEG-2 patent pool (Klein to Beeney)", "26 Jun 1997",
    "https://www.justice.gov/atr/public/busreview/215742.htm", True,
    "cleared: essential patents only, checked by an independent expert; licensors free to license "
    "individually; non-discriminatory licence with MFN; grant-back limited to licensees' essential "
    "patents; licensees free to develop competing technology; no exchange of sensitive data "
    "(safeguard details not read in the letter itself)",
)
DOJ_DVD3C = Source(
    "us", "DOJ business review letter, DVD 3C pool (Klein to Beeney)", "16 Dec 1998",
    "https://www.justice.gov/atr/public/busreview/2121.htm", True,
    "independent essentiality expert; licensors may license independently; grant-back of "
    "licensees' essential patents on reasonable non-discriminatory terms; royalty unaffected by "
    "the number of patents used (details [R])",
)
DOJ_DVD6C = Source(
    "us", "DOJ business review letter, DVD 6C pool (Klein to Ramos)", "10 Jun 1999",
    "https://www.justice.gov/atr/public/busreview/2485.htm", True,
    "same safeguards as MPEG-2 and DVD 3C (details [R])",
)
DOJ_3G = Source(
    "us", "DOJ business review letter, 3G Patent Platform", "12 Nov 2002",
    "https://www.justice.gov/atr/response-3g-patent-platform-partnerships-request-business-review-letter",
    True,
    "cleared after revisions; independent evaluation of essentiality; bilateral licensing retained",
)
DOJ_RFID = Source(
    "us", "DOJ business review letter, RFID Consortium (Barnett to Dolan/Oliver)", "21 Oct 2008",
    "https://www.justice.gov/atr/public/busreview/238429.htm", True,
    "independent expert limits the pool to essential patents; patents found invalid removed",
)
DOJ_AVANCI = Source(
    "us", "DOJ business review letter, Avanci 5G vehicle platform (Delrahim to Hamer)",
    "28 Jul 2020", None, True,
    "complementary SEPs, one-stop licence; safeguards incl. non-exclusive licensing-in and "
    "licensors' freedom to license bilaterally (safeguard list [R])",
)
USG_55 = Source(
    "us", "DOJ/FTC Antitrust Guidelines for the Licensing of IP (12 Jan 2017)",
    "§5.5 Cross-licensing and pooling arrangements", None, True,
    "collective price or output restraints not reasonably related to an efficiency-enhancing "
    "integration are unlawful; exclusion may harm competition where excluded firms cannot compete "
    "and members have market power; requiring members to license current and future technology to "
    "each other at minimal cost may reduce incentives to innovate (text [R], section number from "
    "the TOC [S])",
)
USG_53 = Source(
    "us", "DOJ/FTC Antitrust Guidelines for the Licensing of IP (12 Jan 2017)", "§5.3 Tying",
    None, True,
    "package licensing may be tying where the licensee is forced and the seller has market power "
    "(text [R])",
)
USG_56 = Source(
    "us", "DOJ/FTC Antitrust Guidelines for the Licensing of IP (12 Jan 2017)", "§5.6 Grantbacks",
    None, True,
    "rule of reason; exclusive grant-backs and grant-backs of non-severable improvements are more "
    "problematic (text [R])",
)
USG_43 = Source(
    "us", "DOJ/FTC Antitrust Guidelines for the Licensing of IP (12 Jan 2017)",
    "§4.3 Antitrust safety zone", None, True,
    "restraint not facially anticompetitive and licensor plus licensees <= 20% of each relevant "
    "market (text [R])",
)
PHILIPS_ITC = Source(
    "us", "U.S. Philips Corp. v. ITC", "424 F.3d 1179 (Fed. Cir. 2005)", None, False,
    "package licensing that includes non-essential patents is not per se misuse; rule of reason "
    "(appellate holding [R]); the ITC ALJ had found misuse in the CD-R/RW package licensing, "
    "incl. a flat royalty regardless of how many patents were used (ALJ findings [S])",
)
ZENITH = Source(
    "us", "Zenith Radio Corp. v. Hazeltine Research, Inc.", "395 U.S. 100 (1969)", None, False,
    "conditioning a licence on royalties on total sales, including unpatented products, is misuse "
    "unless chosen for the licensee's convenience [R]",
)
BRULOTTE = Source(
    "us", "Brulotte v. Thys Co.; Kimble v. Marvel Entertainment, LLC",
    "379 U.S. 29 (1964); 576 U.S. 446 (2015)", None, False,
    "royalties for use after the patent expires are unenforceable [R]",
)
NEW_WRINKLE = Source(
    "us", "United States v. New Wrinkle, Inc.; United States v. Line Material Co.",
    "342 U.S. 371 (1952); 333 U.S. 287 (1948)", None, False,
    "pools used to fix product prices are per se illegal [R]",
)
PRINCO = Source(
    "us", "Princo Corp. v. ITC", "616 F.3d 1318 (Fed. Cir. 2010) (en banc)", None, False,
    "an agreement not to license a competing technology was not misuse of the asserted patents [R]",
)
TCL_ERICSSON = Source(
    "us", "TCL Communication v. Ericsson (C.D. Cal.)", "21 Dec 2017, amended 9 Mar 2018", None,
    True,
    "comparable licences used to test non-discrimination among similarly situated licensees; "
    "vacated by the Federal Circuit on 5 Dec 2019 on other grounds",
)

# --- European Union ---------------------------------------------------------------------------
_TTG = "EU Technology Transfer Guidelines 2014 (OJ C 89, 28.3.2014)"
_TTG_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52014XC0328(01)"


def _ttg261(letter: str, summary: str) -> Source:
    return Source("eu", _TTG, f"para 261({letter})", _TTG_URL, True, summary)


TTG_261A = _ttg261("a", "safe harbour condition: participation in the pool's creation open to all "
                        "interested technology rights owners")
TTG_261B = _ttg261("b", "safe harbour condition: sufficient safeguards so that only essential "
                        "(hence complementary) technologies are pooled")
TTG_261C = _ttg261("c", "safe harbour condition: sensitive information (pricing, output) exchanged "
                        "only as necessary")
TTG_261D = _ttg261("d", "safe harbour condition: technologies licensed into the pool "
                        "non-exclusively")
TTG_261E = _ttg261("e", "safe harbour condition: technologies licensed out to all potential "
                        "licensees on FRAND terms")
TTG_261F = _ttg261("f", "safe harbour condition: contributors and licensees free to challenge "
                        "validity and essentiality")
TTG_261G = _ttg261("g", "safe harbour condition: contributors and licensees free to develop "
                        "competing products and technology")
TTG_261 = Source(
    "eu", _TTG, "para 261", _TTG_URL, True,
    "safe harbour: the creation and operation of the pool, including licensing out, fall "
    "outside Art. 101(1) irrespective of market position if all of (a)-(g) hold: open "
    "participation; safeguards so that only essential technologies are pooled; sensitive "
    "information exchanged only as necessary; non-exclusive licensing-in; licensing out to all "
    "potential licensees on FRAND terms; freedom to challenge validity and essentiality; "
    "freedom to develop competing products and technology",
)
TTG_44 = Source(
    "eu", _TTG, "section 4.4, paras 244-273 (paragraph number unverified)", _TTG_URL, False,
    "outside the safe harbour: pools of substitutes amount to price fixing; non-essential "
    "complements: licensors free to license independently, separate packages per application; "
    "independent expert; grant-backs non-exclusive and limited to developments essential or "
    "important to the pooled technology; royalties FRAND and non-discriminatory",
)
TTG_2004_220 = Source(
    "eu", "EU Technology Transfer Guidelines 2004", "para 220",
    None, True,
    "a pool only of essential technologies falls outside Art. 81(1) irrespective of market "
    "position",
)
TTBER_4 = Source(
    "eu", "Commission Regulation (EU) No 316/2014 (TTBER)",
    "Art. 4(1) hardcore restrictions between competitors (article number unverified)", None, False,
    "price fixing, output limitation and allocation of markets or customers between competitors "
    "are hardcore restrictions",
)

# --- China ------------------------------------------------------------------------------------
_SAIC = "SAIC Order No. 74 (2015) on prohibiting abuse of IP to eliminate or restrict competition"
_AMC = "Anti-Monopoly Commission of the State Council, Anti-Monopoly Guidelines on IP (2019)"
SAIC_12 = Source(
    "cn", _SAIC, "Art. 12 (patent pools), items (1)-(2)", None, True,
    "members must not use the pool to exchange output, market-division or other sensitive "
    "information; a dominant administrator must not without justification (1) restrict members "
    "from licensing independently or (2) restrict members or licensees from developing competing "
    "technology",
)
SAIC_12_3 = Source("cn", _SAIC, f"Art. 12(3) {_U}", None, False,
                   "a dominant pool administrator must not force exclusive grant-backs to the "
                   "administrator or members")
SAIC_12_4 = Source("cn", _SAIC, f"Art. 12(4) {_U}", None, False,
                   "a dominant pool administrator must not prohibit licensees from challenging "
                   "the validity of pooled patents")
SAIC_12_5 = Source("cn", _SAIC, f"Art. 12(5) {_U}", None, False,
                   "a dominant pool administrator must not discriminate among members or "
                   "licensees in the same relevant market under equal conditions")
SAIC_COND = Source(
    "cn", _SAIC, f"provision on unreasonable restrictive conditions {_U}", None, False,
    "dominant undertakings must not without justification impose exclusive grant-backs, "
    "no-challenge clauses, post-term restrictions on competing technology, or keep exercising "
    "rights in IP that expired or was held invalid (items read in a study note at bkw.cn; "
    "article number not read)",
)
SAIC_TYING = Source("cn", _SAIC, f"tying provision {_U}", None, False,
                    "tying without justification by a dominant undertaking is prohibited [R]")
SAIC_5 = Source("cn", _SAIC, "Art. 5 (safe harbour)", None, True,
                "competitors' combined share <= 20% or non-competitors each <= 30% (count of "
                "substitute technologies [R])")
AMC_11 = Source("cn", _AMC, f"Art. 11 {_U}", None, False,
                "other restrictions in licences: field of use; sales channels, scope or customers; "
                "quantity of products; use of competing technology or goods")
AMC_15 = Source("cn", _AMC, f"Art. 15 {_U}", None, False,
                "unfairly high royalties: factors include charging beyond territorial or product "
                "scope and charging for expired or invalid IP, including in a package licence")
AMC_17 = Source("cn", _AMC, f"Art. 17 {_U}", None, False,
                "tying: against the counter-party's will; trade practice; disregard of differences "
                "between the IP or products; technical necessity")
AMC_18 = Source("cn", _AMC, f"Art. 18 {_U}", None, False,
                "unreasonable conditions: exclusive grant-back; no-challenge clauses; restricting "
                "competing goods or technology; asserting expired or invalid IP; forcing or "
                "prohibiting dealing with third parties")
AMC_19 = Source("cn", _AMC, f"Art. 19 {_U}", None, False,
                "discriminatory treatment of similarly situated counter-parties")
AMC_REFUSAL = Source(
    "cn", _AMC, "refusal-to-license provision (article number unverified)", None,
    False,
    "refusal to license and refusal to deal with particular counter-parties are among the "
    "conducts assessed (article number not read)",
)
AMC_26 = Source("cn", _AMC, f"Art. 26 {_U}", None, False,
                "patent pools: substitutes pooled; members restricted from independent licensing "
                "or R&D; exchange of price, output or market-division information; unfairly high "
                "prices, tying, unreasonable conditions or discrimination by a dominant pool")

# --- Japan ------------------------------------------------------------------------------------
JFTC_2005 = Source(
    "jp", "JFTC Guidelines on Standardization and Patent Pool Arrangements", "29 Jun 2005", None,
    False,
    "pooling substitute patents and jointly setting terms may be an unreasonable restraint of "
    "trade; essential complementary patents, independent expert, non-exclusive licensing-in, "
    "members free to license outside, non-discriminatory terms, no restriction on alternative "
    "technologies, limited non-exclusive grant-backs and no price/volume information exchange are "
    "generally not problematic [R]",
)
JFTC_2007 = Source(
    "jp", "JFTC Guidelines for the Use of IP under the Antimonopoly Act",
    "28 Sep 2007, amended 2016", None, False,
    "restrictions on licensees (price, output, channels, grant-backs, no-challenge) assessed under "
    "the Antimonopoly Act [R]",
)
JFTC_PACHINKO = Source(
    "jp", "JFTC, Pachinko-machine patent pool", "1997", None, False,
    "refusing to license a specific firm without justification can be private monopolisation [R]",
)

# --- general (economics, industry practice) --------------------------------------------------
LERNER_TIROLE = Source(
    "general", "Lerner & Tirole, Efficient Patent Pools, American Economic Review",
    "94(3):691-711 (2004)", "https://www.nber.org/papers/w9175", True,
    "a pool of perfect substitutes acts as a price-fixing cartel; independent licensing screens "
    "out welfare-reducing pools",
)
LEMLEY_SHAPIRO = Source(
    "general", "Lemley & Shapiro, Patent Holdup and Royalty Stacking, Texas Law Review",
    "85 Tex. L. Rev. 1991 (2007)", None, True,
    "holdup is magnified by royalty stacking on multi-component products",
)
RENEWAL_CAPS = Source(
    "general", "Pool renewal promises: MPEG-2 (1997) <= 25%; HEVC Advance <= 20%; AVC <= 10%",
    "MPEG-2 and HEVC Advance [S]; AVC [R]", "https://accessadvance.com/faq/", True,
    "pools promise licensees a maximum increase of rates and caps per renewal term",
)
HEVC_OVERLAP = Source(
    "general", "HEVC Advance vs MPEG LA HEVC pool overlap complaints", "ngcodec.com, 19 Dec 2015",
    None, True,
    "the same patents offered through two pools make licensees pay twice for one unit",
)
SEED_PAPER = Source(
    "general", "Seed paper (industrial alliances and technical standardisation)",
    "section on alliance consistency and conflict", None, True,
    "bundling essential with non-essential patents in one package, or limiting licensees' output "
    "and sales channels, is patent misuse; formation: members cross-license; industrialization: "
    "preferential licensing across the industry chain",
)


def _short(src: Source, short: str) -> Source:
    return attrs.evolve(src, short=short)


_V = " (unverified)"
DOJ_MPEG2 = _short(DOJ_MPEG2, "DOJ MPEG-2 business review letter (26 Jun 1997)")
DOJ_DVD3C = _short(DOJ_DVD3C, "DOJ DVD 3C business review letter (16 Dec 1998)")
DOJ_DVD6C = _short(DOJ_DVD6C, "DOJ DVD 6C business review letter (10 Jun 1999)")
DOJ_3G = _short(DOJ_3G, "DOJ 3G Patent Platform business review letter (12 Nov 2002)")
DOJ_RFID = _short(DOJ_RFID, "DOJ RFID Consortium business review letter (21 Oct 2008)")
DOJ_AVANCI = _short(DOJ_AVANCI, "DOJ Avanci 5G business review letter (28 Jul 2020)")
USG_55 = _short(USG_55, "DOJ/FTC IP Licensing Guidelines 2017 §5.5")
USG_53 = _short(USG_53, "DOJ/FTC IP Licensing Guidelines 2017 §5.3")
USG_56 = _short(USG_56, "DOJ/FTC IP Licensing Guidelines 2017 §5.6")
USG_43 = _short(USG_43, "DOJ/FTC IP Licensing Guidelines 2017 §4.3")
PHILIPS_ITC = _short(PHILIPS_ITC, "U.S. Philips v. ITC (Fed. Cir. 2005)")
ZENITH = _short(ZENITH, "Zenith v. Hazeltine (U.S. 1969)")
BRULOTTE = _short(BRULOTTE, "Brulotte v. Thys (1964) and Kimble v. Marvel (2015)")
NEW_WRINKLE = _short(NEW_WRINKLE, "United States v. New Wrinkle (1952)")
PRINCO = _short(PRINCO, "Princo v. ITC (Fed. Cir. 2010)")
TCL_ERICSSON = _short(TCL_ERICSSON, "TCL v. Ericsson (C.D. Cal. 2017, vacated 2019)")
TTG_261 = _short(TTG_261, "EU TTG 2014 para 261")
TTG_261A = _short(TTG_261A, "EU TTG 2014 para 261(a)")
TTG_261B = _short(TTG_261B, "EU TTG 2014 para 261(b)")
TTG_261C = _short(TTG_261C, "EU TTG 2014 para 261(c)")
TTG_261D = _short(TTG_261D, "EU TTG 2014 para 261(d)")
TTG_261E = _short(TTG_261E, "EU TTG 2014 para 261(e)")
TTG_261F = _short(TTG_261F, "EU TTG 2014 para 261(f)")
TTG_261G = _short(TTG_261G, "EU TTG 2014 para 261(g)")
TTG_44 = _short(TTG_44, "EU TTG 2014 section 4.4" + " (paragraph number unverified)")
TTG_2004_220 = _short(TTG_2004_220, "EU TTG 2004 para 220")
TTBER_4 = _short(TTBER_4, "TTBER 316/2014 Art. 4(1)" + _V)
SAIC_12 = _short(SAIC_12, "SAIC Order 74 (2015) Art. 12(1)-(2)")
SAIC_12_3 = _short(SAIC_12_3, "SAIC Order 74 (2015) Art. 12(3)" + _V)
SAIC_12_4 = _short(SAIC_12_4, "SAIC Order 74 (2015) Art. 12(4)" + _V)
SAIC_12_5 = _short(SAIC_12_5, "SAIC Order 74 (2015) Art. 12(5)" + _V)
SAIC_COND = _short(SAIC_COND,
                   "SAIC Order 74 (2015) unreasonable-conditions provision (article unverified)")
SAIC_TYING = _short(SAIC_TYING, "SAIC Order 74 (2015) tying provision (article unverified)")
SAIC_5 = _short(SAIC_5, "SAIC Order 74 (2015) Art. 5")
AMC_11 = _short(AMC_11, "AMC IP Guidelines 2019 Art. 11" + _V)
AMC_15 = _short(AMC_15, "AMC IP Guidelines 2019 Art. 15" + _V)
AMC_17 = _short(AMC_17, "AMC IP Guidelines 2019 Art. 17" + _V)
AMC_18 = _short(AMC_18, "AMC IP Guidelines 2019 Art. 18" + _V)
AMC_19 = _short(AMC_19, "AMC IP Guidelines 2019 Art. 19" + _V)
AMC_26 = _short(AMC_26, "AMC IP Guidelines 2019 Art. 26" + _V)
AMC_REFUSAL = _short(AMC_REFUSAL, "AMC IP Guidelines 2019 refusal-to-license provision"
                     " (article unverified)")
JFTC_2005 = _short(JFTC_2005, "JFTC Standardization and Patent Pool Guidelines (2005)")
JFTC_2007 = _short(JFTC_2007, "JFTC IP Guidelines (2007)")
JFTC_PACHINKO = _short(JFTC_PACHINKO, "JFTC Pachinko patent pool case (1997)")
LERNER_TIROLE = _short(LERNER_TIROLE, "Lerner & Tirole (AER 2004)")
LEMLEY_SHAPIRO = _short(LEMLEY_SHAPIRO, "Lemley & Shapiro (Tex. L. Rev. 2007)")
RENEWAL_CAPS = _short(RENEWAL_CAPS,
                      "the pools' renewal promises (MPEG-2 <= 25%, HEVC Advance <= 20%)")
HEVC_OVERLAP = _short(HEVC_OVERLAP, "the HEVC Advance / MPEG LA overlap complaints (2015)")
SEED_PAPER = _short(SEED_PAPER, "the seed paper on alliance standardisation")

#: Every source, for listing and tests.
ALL_SOURCES: tuple[Source, ...] = tuple(
    v for k, v in sorted(globals().items()) if isinstance(v, Source) and k.isupper()
)

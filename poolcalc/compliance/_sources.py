"""The legal and economic texts the rules rest on, with their in-force periods.

Each :class:`Source` says

* **when it applies**: ``in_force_from`` / ``in_force_to`` (last day in force),
  ``superseded_by`` (the key of the text that replaced it), ``regime`` (the set of
  instruments it belongs to, e.g. ``"eu-2014"``; see :mod:`poolcalc.compliance._regimes`)
  and ``transition_to`` (last day an expired text still applies to agreements covered
  by a transitional provision);
* **how it was verified**: ``verification`` is ``"primary"`` when the pinpoint was read
  in the primary text or a verbatim copy of it (``url`` is that copy, ``quote`` a short
  quotation of at most 25 words), ``"secondary"`` when it rests on law-firm briefings or
  other commentary, and ``"unverified"`` when neither was read (a reconstruction, a
  number from the literature).  :meth:`Source.cite` prints ``(unverified)`` after every
  pinpoint that is not ``primary``; ``checked`` says what was read where.

The engine resolves each source a rule cites to the text in force on the check's date
(following ``superseded_by`` forwards or backwards within the regime that applies) and
marks texts it cites outside their period ``historical``.  ``summary`` paraphrases.

References
----------
The texts are listed in ``docs/legal-sources.md`` (generated from :data:`ALL_SOURCES`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

__all__ = ["ALL_SOURCES", "BY_KEY", "JURISDICTIONS", "VERIFICATIONS", "Source"]

#: Jurisdiction codes of the profiles; ``"general"`` sources (economics, industry
#: practice) are cited in every profile as supporting material.
JURISDICTIONS: tuple[str, ...] = ("us", "eu", "uk", "cn", "jp")
#: Verification statuses, strongest first.
VERIFICATIONS: tuple[str, ...] = ("primary", "secondary", "unverified")
Verification = Literal["primary", "secondary", "unverified"]

D = dt.date


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%b} {d.year}"


@attrs.frozen(cache_hash=True)
class Source:
    """A legal or economic text a finding rests on.

    Attributes
    ----------
    key : str
        Stable identifier (``"EU-TTG-2014-261F"``), used by ``superseded_by``.
    jurisdiction : str
        ``us``, ``eu``, ``uk``, ``cn``, ``jp`` or ``general`` (economics, practice).
    title : str
        The instrument, letter or case.
    pinpoint : str
        Paragraph, article, section or letter date; says "not read" where the number is
        unknown.
    url : str or None
        Where the text (or the copy that was read) is.
    verification : {"primary", "secondary", "unverified"}
    summary : str
        What the text says that matters here (a paraphrase).
    short : str
        Short citation.
    in_force_from, in_force_to : datetime.date or None
        First and last day in force (a decision: its date; None: not recorded / open).
    superseded_by : str or None
        Key of the source that replaced this one.
    regime : str or None
        Regime id (``"eu-2014"``, ``"cn-2023"``, ...) for texts that belong to one.
    transition_to : datetime.date or None
        Last day the text still applies, after ``in_force_to``, to agreements covered by
        a transitional provision.
    quote : str
        A quotation (at most 25 words) from the primary text, when read.
    checked : str
        What was read, where, and what was not.
    kind : str
        ``regulation``, ``guidelines``, ``letter``, ``case``, ``statement``, ``draft``,
        ``practice`` or ``economics``.
    status : str
        Set by the engine for a finding: ``"in force"``, ``"transition"`` (an expired text
        applied under a transition) or ``"historical"`` (cited outside its period);
        empty in the registry.
    """

    key: str
    jurisdiction: str
    title: str
    pinpoint: str
    url: str | None = None
    verification: Verification = "unverified"
    summary: str = ""
    short: str = ""
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None
    superseded_by: str | None = None
    regime: str | None = None
    transition_to: dt.date | None = None
    quote: str = ""
    checked: str = ""
    kind: str = "guidelines"
    status: str = ""

    def __attrs_post_init__(self) -> None:
        if self.verification not in VERIFICATIONS:
            raise ValueError(f"{self.key}: verification {self.verification!r}")
        if self.quote and len(self.quote.split()) > 25:
            raise ValueError(f"{self.key}: quotation longer than 25 words")

    @property
    def verified(self) -> bool:
        """True when the pinpoint was read in the primary text (``verification == "primary"``)."""
        return self.verification == "primary"

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the text is in force on ``day`` (transitions aside)."""
        return ((self.in_force_from is None or self.in_force_from <= day)
                and (self.in_force_to is None or day <= self.in_force_to))

    def period(self) -> str:
        """Return the in-force period as text, e.g. ``"1 May 2014 - 30 Apr 2026"``."""
        a, b = self.in_force_from, self.in_force_to
        if a is None and b is None:
            return "no period recorded"
        if b is None:
            return f"since {_day(a)}"  # type: ignore[arg-type]
        if a is None:
            return f"until {_day(b)}"
        return f"{_day(a)} - {_day(b)}"

    def cite(self) -> str:
        """Short citation with its markers, e.g. ``EU TTG 2014 para 261(f) (unverified)``.

        ``(unverified)`` follows a pinpoint not read in the primary text; ``(draft, not
        final)`` a draft; a text applied outside its period says ``historical``.
        """
        text = self.short or f"{self.title}, {self.pinpoint}"
        if self.kind == "draft":
            text += " (draft, not final)"
        if not self.verified:
            text += " (unverified)"
        if self.status == "transition" and self.in_force_to and self.transition_to:
            text += (f" (historical: expired {_day(self.in_force_to)}, applied under the "
                     f"transition to {_day(self.transition_to)})")
        elif self.status == "historical":
            end = f"in force until {_day(self.in_force_to)}" if self.in_force_to else "not in force"
            text += f" (historical: {end})"
        return text

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the ``sources`` entries of the check JSON)."""
        iso = (lambda d: None if d is None else d.isoformat())  # noqa: E731
        return {
            "jurisdiction": self.jurisdiction,
            "title": self.title,
            "pinpoint": self.pinpoint,
            "url": self.url,
            "verified": self.verified,
            "summary": self.summary,
            "cite": self.cite(),
            "key": self.key,
            "verification": self.verification,
            "quote": self.quote or None,
            "in_force_from": iso(self.in_force_from),
            "in_force_to": iso(self.in_force_to),
            "superseded_by": self.superseded_by,
            "status": self.status or None,
        }


# =========================================================================================
# United States
# =========================================================================================
_BRL = "letter"
DOJ_MPEG2 = Source(
    "US-DOJ-BRL-MPEG2", "us", "DOJ business review letter, MPEG-2 patent pool (Klein to Beeney)",
    "26 Jun 1997", "https://www.justice.gov/atr/public/busreview/215742.htm", "primary",
    "cleared: essential patents only, checked by an independent expert; licensors free to "
    "license individually; non-discriminatory licence with MFN; grant-back limited to "
    "licensees' essential patents; licensees free to develop competing technology; no "
    "exchange of sensitive data (safeguard details not read in the letter itself)",
    "DOJ MPEG-2 business review letter (26 Jun 1997)", D(1997, 6, 26), kind=_BRL,
    quote="MPEG LA will offer a package license under the Licensors' patents that are "
          "essential to compliance with the MPEG-2 … standard",
    checked="date, addressee and scope read in the letter; the safeguard list was not read")
DOJ_DVD3C = Source(
    "US-DOJ-BRL-DVD3C", "us", "DOJ business review letter, DVD 3C pool (Klein to Beeney)",
    "16 Dec 1998", "https://www.justice.gov/atr/public/busreview/2121.htm", "primary",
    "independent essentiality expert; licensors may license independently; grant-back of "
    "licensees' essential patents on reasonable non-discriminatory terms; royalty unaffected "
    "by the number of patents used (details not read in the letter)",
    "DOJ DVD 3C business review letter (16 Dec 1998)", D(1998, 12, 16), kind=_BRL,
    quote="Philips will assemble and offer a package license under the patents of Philips, "
          "Sony and Pioneer",
    checked="date and addressee read in the letter")
DOJ_DVD6C = Source(
    "US-DOJ-BRL-DVD6C", "us", "DOJ business review letter, DVD 6C pool (Klein to Ramos)",
    "10 Jun 1999", "https://justice.gov/atr/public/busreview/2485.htm", "primary",
    "same pattern of safeguards as MPEG-2 and DVD 3C (details not read)",
    "DOJ DVD 6C business review letter (10 Jun 1999)", D(1999, 6, 10), kind=_BRL,
    quote="Toshiba will assemble and offer a package license … and will distribute royalty "
          "income to the other Licensors",
    checked="date and addressee read in the letter")
DOJ_3G = Source(
    "US-DOJ-BRL-3G", "us", "DOJ business review letter, 3G Patent Platform", "12 Nov 2002",
    "https://www.justice.gov/atr/response-3g-patent-platform-partnerships-request-business-"
    "review-letter", "unverified",
    "cleared after revisions that substantially modified the proposal; independent evaluation "
    "of essentiality; bilateral licensing retained",
    "DOJ 3G Patent Platform business review letter (12 Nov 2002)", D(2002, 11, 12), kind=_BRL,
    checked="the revisions point was read on the DOJ page; the letter's date was not in the "
            "part read")
DOJ_RFID = Source(
    "US-DOJ-BRL-RFID", "us",
    "DOJ business review letter, RFID Consortium (Barnett to Dolan/Oliver)", "21 Oct 2008",
    "https://www.justice.gov/atr/public/busreview/238429.htm", "primary",
    "independent expert limits the pool to essential patents; patents found invalid removed "
    "(safeguards read only in secondary reports)",
    "DOJ RFID Consortium business review letter (21 Oct 2008)", D(2008, 10, 21), kind=_BRL,
    quote="THOMAS O. BARNETT … October 21, 2008 William F. Dolan and Geoffrey Oliver Jones Day",
    checked="date and addressees read in the letter; safeguards only in ttlfnews.wordpress.com")
DOJ_AVANCI = Source(
    "US-DOJ-BRL-AVANCI", "us",
    "DOJ business review letter, Avanci 5G vehicle platform (Delrahim to Hamer)", "28 Jul 2020",
    "https://vdocuments.us/us-department-of-justice-antitrust-us-department-of-justice-"
    "antitrust-division.html", "primary",
    "complementary SEPs, one-stop licence; safeguards include non-exclusive licensing-in and "
    "licensors' freedom to license bilaterally (safeguard list not read)",
    "DOJ Avanci 5G business review letter (28 Jul 2020)", D(2020, 7, 28), kind=_BRL,
    quote="only one program that aggregates complementary patents essential to connected "
          "vehicles",
    checked="verbatim copy of the letter: date, addressee, complementary SEPs")
DOJ_IEEE_2020 = Source(
    "US-DOJ-BRL-IEEE-2020", "us",
    "DOJ supplemental business review letter to IEEE (update of the 2015 letter)", "10 Sep 2020",
    "https://crowell.com/en/insights/client-alerts/doj-antitrust-division-takes-extraordinary-"
    "step-in-issuing-supplemental-business-review-letter-to-ieee", "secondary",
    "the 2015 letter on IEEE's patent policy (injunctions, reasonable rate, reciprocity, "
    "licensing for every compliant implementation) is not an endorsement of that policy, and "
    "antitrust law does not require those policy choices of SEP holders",
    "DOJ supplemental IEEE business review letter (10 Sep 2020)", D(2020, 9, 10), kind=_BRL,
    checked="Crowell & Moring alert (29 Sep 2020) and D. Kallay, CPI; the letter not read")
DOJ_UTLP = Source(
    "US-DOJ-BRL-UTLP", "us",
    "DOJ business review letter, University Technology Licensing Program (non-SEP pool)",
    "13 Jan 2021",
    "https://www.nationandstate.com/2021/01/13/justice-department-issues-business-review-"
    "letter-for-proposed-university-technology-licensing-program/", "primary",
    "first favourable letter for a pool not limited to SEPs (15 universities): exclusive "
    "licensing-in of the universities' patents accepted because licensees may take single "
    "patents, groups or the portfolio, and substitutes are kept out",
    "DOJ University Technology Licensing Program business review letter (13 Jan 2021)",
    D(2021, 1, 13), kind=_BRL,
    quote="completed its review of a proposed joint patent licensing pool known as the "
          "University Technology Licensing Program (UTLP)",
    checked="DOJ press release reproduced verbatim; the exclusive licensing-in and menu points "
            "read in Sullivan & Cromwell's briefing (15 Jan 2021), not in the letter")
_USG = "DOJ/FTC Antitrust Guidelines for the Licensing of IP (12 Jan 2017)"
_USG_URL = ("https://en.wikisource.org/wiki/Antitrust_Guidelines_for_the_Licensing_of_"
            "Intellectual_Property")
_USG_FROM = D(2017, 1, 12)
USG_55 = Source(
    "US-IPG-2017-5.5", "us", _USG, "§5.5 Cross-licensing and pooling arrangements", _USG_URL,
    "primary",
    "collective price or output restraints not reasonably related to an efficiency-enhancing "
    "integration are unlawful; exclusion may harm competition where excluded firms cannot "
    "compete and members have market power; requiring members to license current and future "
    "technology to each other at minimal cost may reduce incentives to innovate",
    "DOJ/FTC IP Licensing Guidelines 2017 §5.5", _USG_FROM,
    quote="collective price or output restraints in pooling arrangements … may be deemed "
          "unlawful if they do not contribute to an efficiency-enhancing integration",
    checked="section number and all three points read in the 2017 text (wikisource pages 32-33)")
USG_53 = Source(
    "US-IPG-2017-5.3", "us", _USG, "§5.3 Tying", _USG_URL, "primary",
    "package licensing may be tying where the licensee is forced and the seller has market "
    "power (the market-power element read only in a secondary quotation)",
    "DOJ/FTC IP Licensing Guidelines 2017 §5.3", _USG_FROM,
    quote="Package licensing … may be a form of tying arrangement if the licensing of one "
          "intellectual property right is conditioned upon the acceptance",
    checked="the package-licensing passage ends just before the 5.4 heading (wikisource p. 31)")
USG_56 = Source(
    "US-IPG-2017-5.6", "us", _USG, "§5.6 Grantbacks", _USG_URL, "primary",
    "rule of reason; exclusive grant-backs and grant-backs of non-severable improvements are "
    "more problematic (text not read in the 2017 primary)",
    "DOJ/FTC IP Licensing Guidelines 2017 §5.6", _USG_FROM, quote="5.6 Grantbacks | 33",
    checked="section number read in the 2017 table of contents; its text was not read")
USG_43 = Source(
    "US-IPG-2017-4.3", "us", _USG, "§4.3 Antitrust safety zone", _USG_URL, "secondary",
    "restraint not facially anticompetitive and licensor plus licensees <= 20% of each "
    "relevant market",
    "DOJ/FTC IP Licensing Guidelines 2017 §4.3", _USG_FROM,
    checked="the 2017 safety-zone text was read (the page prints no section number); the 20% "
            "figure only in DOJ's 1994 press release on the draft; the 1995 table of contents "
            "shows 4.3")
US_CCG_2024 = Source(
    "US-CCG-WITHDRAWAL-2024", "us",
    "FTC and DOJ withdrawal of the Antitrust Guidelines for Collaborations Among Competitors",
    "11 Dec 2024",
    "https://www.einpresswire.com/article/768340114/ftc-and-doj-withdraw-guidelines-for-"
    "collaboration-among-competitors", "primary",
    "the 2000 guidelines and their 20% safety zone were withdrawn without replacement, the "
    "agencies criticising safe harbours with no basis in the statutes; safety zones of agency "
    "guidelines, including the IP Licensing Guidelines' §4.3, now carry less weight",
    "FTC/DOJ withdrawal of the Competitor Collaboration Guidelines (11 Dec 2024)",
    D(2024, 12, 11), kind="statement",
    quote="no longer provide reliable guidance about how enforcers assess the legality of "
          "collaborations involving competitors",
    checked="FTC press release reproduced verbatim; the safe-harbour criticism read in Stevens "
            "& Lee and Baker McKenzie briefings")
PHILIPS_ITC = Source(
    "US-PHILIPS-ITC", "us", "U.S. Philips Corp. v. ITC", "424 F.3d 1179 (Fed. Cir. 2005)",
    "https://fdocuments.us/document/us-philips-corp-v-international-trade-comn-philips-corp-v-"
    "international.html", "primary",
    "package licensing that includes non-essential patents is not per se misuse; rule of "
    "reason; the ITC ALJ had found misuse in the CD-R/RW package licensing, including a flat "
    "royalty regardless of how many patents were used",
    "U.S. Philips v. ITC (Fed. Cir. 2005)", kind="case",
    quote="(2) licensing policy did not constitute misuse of patent per se",
    checked="citation read in a reporter copy; the quotation is a West headnote")
ZENITH = Source(
    "US-ZENITH", "us", "Zenith Radio Corp. v. Hazeltine Research, Inc.", "395 U.S. 100 (1969)",
    "https://supreme.justia.com/cases/federal/us/395/100/", "primary",
    "conditioning a licence on royalties on total sales, including unpatented products, is "
    "misuse (the licensee's-convenience exception not read)",
    "Zenith v. Hazeltine (U.S. 1969)", kind="case",
    quote="HRI had misused its domestic patents by … insisting on extracting royalties from "
          "unpatented products",
    checked="syllabus read")
BRULOTTE = Source(
    "US-BRULOTTE-KIMBLE", "us", "Brulotte v. Thys Co.; Kimble v. Marvel Entertainment, LLC",
    "379 U.S. 29 (1964); 576 U.S. 446 (2015)",
    "https://case-law.vlex.com/vid/kimble-v-marvel-entm-894487881", "primary",
    "royalties for use after the patent expires are unenforceable",
    "Brulotte v. Thys (1964) and Kimble v. Marvel (2015)", kind="case",
    quote="this Court held that a patent holder cannot charge royalties … after its patent term "
          "has expired",
    checked="both citations and the rule read in the Kimble opinion")
NEW_WRINKLE = Source(
    "US-NEW-WRINKLE", "us",
    "United States v. New Wrinkle, Inc.; United States v. Line Material Co.",
    "342 U.S. 371 (1952); 333 U.S. 287 (1948)",
    "https://www.keionline.org/book/survey-of-patent-pools-demonstrates-variety-of-purposes-"
    "and-management-structures/", "secondary",
    "pools used to fix product prices are per se illegal",
    "United States v. New Wrinkle (1952)", kind="case",
    checked="only the KEI pool survey (secondary) lists both pools")
PRINCO = Source(
    "US-PRINCO", "us", "Princo Corp. v. ITC", "616 F.3d 1318 (Fed. Cir. 2010) (en banc)",
    "https://www.leagle.com/decision/infco20100830209", "primary",
    "an agreement not to license a competing technology was not misuse of the asserted "
    "patents (holding read only in secondary sources)",
    "Princo v. ITC (Fed. Cir. 2010)", D(2010, 8, 30), kind="case",
    quote="616 F.3d 1318 (2010) … August 30, 2010",
    checked="citation, date and en banc read; the holding only in secondary sources")
TCL_ERICSSON = Source(
    "US-TCL-ERICSSON", "us", "TCL Communication v. Ericsson (C.D. Cal.)",
    "21 Dec 2017, amended 9 Mar 2018", None, "unverified",
    "comparable licences used to test non-discrimination among similarly situated licensees; "
    "vacated by the Federal Circuit on 5 Dec 2019 on other grounds",
    "TCL v. Ericsson (C.D. Cal. 2017, vacated 2019)", D(2017, 12, 21), D(2019, 12, 4),
    kind="case", checked="not checked against the decision")

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

#: Every source, for listing and tests (sorted by jurisdiction, then key).
ALL_SOURCES: tuple[Source, ...] = tuple(sorted(
    {v.key: v for k, v in globals().items() if isinstance(v, Source) and k.isupper()}.values(),
    key=lambda s: ((*JURISDICTIONS, "general").index(s.jurisdiction), s.key)))
#: Every source by key.
BY_KEY: dict[str, Source] = {s.key: s for s in ALL_SOURCES}
assert all(s.superseded_by in BY_KEY for s in ALL_SOURCES if s.superseded_by), "dangling"

"""Sources of the United States: business review letters, the 2017 IP Guidelines, cases."""

from __future__ import annotations

import datetime as dt

from poolcalc.compliance._source import Source

D = dt.date

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

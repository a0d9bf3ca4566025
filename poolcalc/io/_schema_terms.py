"""pool.toml schema rows of licensee-specific terms (issue 12): eligibility conditions.

Rows of :data:`poolcalc.io._schema.KEYS` (same :class:`~poolcalc.io._schema_types.Key`
type, same reader, writer and docs): ``[royalty] caps_eligible``, ``[royalty.discounts]
eligible``, ``[[royalty.rate_changes]] eligible`` and ``from_signing``, and the keys
of an ``[eligibility]`` table (:class:`poolcalc.model.Eligibility`), each with the
real pool's published terms it expresses.
"""

from __future__ import annotations

from poolcalc.io._schema_types import (
    NONE,
    REQUIRED,
    Key,
    deadline_toml,
    is_bool,
    is_date_or_table,
    is_list,
    is_number,
    is_str,
    is_table,
    is_table_list,
    plain,
)

__all__ = [
    "CAPS_BY_YEAR", "CAPS_ELIGIBLE", "CHANGE_ELIGIBILITY", "DISCOUNTS_ELIGIBLE", "ELIGIBILITY",
    "ENTRY_FEE", "METRIC_TIERS",
    "FREE_AMOUNT_RULE", "GENERATIONS", "LICENSEE_CAPS", "MPS_BINAURAL", "MPS_PRO",
    "NAMED_DISCOUNTS", "PAST_CAPS",
]

_DVD6C_2016 = ("DVD6C: players US$2.00 -> US$1.75 from 1 July 2016 for licensees in good "
               "standing; 'only those licensees who enter into a revised agreement will be "
               "eligible' (offer letter, 29 November 2016, dvd6cla.com/offer/004_existing.html)")
_DVD3C_2002 = ("Philips DVD (3C): alternative US$3.50 per player instead of US$5.00 for "
               "licensees in full compliance, retroactive to 1 July 2002 (cdrinfo.com/d7/"
               "content/philips-announces-new-dvd-video-player-royalty-rates)")
_MPEG2_2010 = ("MPEG-2: US$2.00 'from the later of January 1, 2010 or the execution date of "
               "the new License' (MPEG LA, 6 July 2009, digitaltvnews.net/?p=9369)")
_AVANCI_5G = ("Avanci 5G vehicle: US$32, US$29 if signed before the later of 16 February 2024 "
              "or the first sale of a 5G vehicle (fosspatents.com/2023/08/avanci-announces-5g-"
              "patent-pool-with-58.html)")
_HEVCA_2015 = ("HEVC Advance, December 2015: licensees signing after the first 12 months pay "
               "standard rates and get no caps (Rethink Technology Research, 7 January 2016, "
               "rethinkresearch.biz)")
_ELIGIBLE_DOC = ("Eligibility condition (an ``[eligibility]`` table, usually inline: "
                 "``{ good_standing = true, signed_by = 2006-05-31 }``)")

_HEVCA_PAST = ("HEVC Advance, December 2015: signing within the first 12 months gives 'a "
               "break on royalties due on products sold before signing up - including 50% "
               "off the annual cap' (Rethink Technology Research, 7 January 2016, "
               "rethinkresearch.biz)")

#: ``[royalty] past_caps_factor`` and ``past_caps_eligible``.
PAST_CAPS = (
    Key("royalty", "past_caps_factor", "number",
        ("Factor on the category and enterprise caps of the calendar years before an "
         "enterprise's licensees signed (past sales, ``back_royalties``), when all of them "
         "meet ``past_caps_eligible``"), "Schedule.past_caps_factor", 1.0,
        unit="fraction of the cap", allowed="0..1", pool=_HEVCA_PAST, check=is_number,
        expect="a number in [0, 1]", write="if_set"),
    Key("royalty", "past_caps_eligible", "table",
        f"{_ELIGIBLE_DOC}: the licensees whose past years get ``past_caps_factor``",
        "Schedule.past_caps_eligible", NONE, "none: every licensee", pool=_HEVCA_PAST,
        write="if_set", sub="eligibility"),
)

#: ``[royalty] free_amount_rule``.
FREE_AMOUNT_RULE = Key("royalty", "free_amount_rule", "string",
        ("How ``free_amount`` applies: ``credit``, an enterprise owes the excess over it "
         "(owing 40,000 with a 25,000 waiver pays 15,000); ``threshold``, owing less owes "
         "nothing and owing at least it owes everything (pays 40,000)"),
        "Schedule.free_amount_rule", "credit", allowed="credit, threshold",
        pool=("HEVC Advance US$25,000 waiver, December 2015; the sources disagree: 'a royalty "
              "credit of $25,000' (streaminglearningcenter.com/codecs/hevc-advance-releases-"
              "revised-licensing-terms.html) against 'Entities owing royalties of less than "
              "$25,000 annually (calculated at base rates) do not need to execute a License "
              "Agreement' (ngcodec.com, 19 December 2015)"),
        check=is_str, expect="credit or threshold", write="if_set")

#: ``[royalty] generations``.
GENERATIONS = Key("royalty", "generations", "array of arrays of strings",
        ("Products of several generations, each list highest first: a sales row whose "
         "``product`` joins products of one list with ``+`` (``vehicle_4g+vehicle_3g``) is "
         "charged as the highest one only; each product needs a ``[royalty.products]`` entry"),
        "Schedule.generations", NONE, "none: a ``+`` in a product is part of its name",
        pool=("Avanci 4G vehicle: US$15 per vehicle, the licence 'includes 2G, 3G and eCall'; "
              "3G vehicle US$9 (fosspatents.com/2022/03/volkswagen-upgrades-avanci-patent-"
              "pool.html)"),
        check=is_list, expect='a list of lists like [["vehicle_4g", "vehicle_3g"]]',
        write="if_set", to_toml=lambda g: [list(x) for x in g])

_HEVCA_LOGO = ("HEVC Advance: 'separate non-additive discounts for being In-Compliance and "
               "using the HEVC Advance trademark logo'; not In-Compliance: standard rates "
               "(accessadvance.com/topic-where-and-when-is-a-royalty-due/); July 2015: 4K "
               "UHD TV US$1.50, US$1.65 without the logo, US$1.875 not compliant "
               "(streaminglearningcenter.com)")

#: ``[royalty.discounts] named`` and the keys of one ``[royalty.discounts.named.<name>]``.
NAMED_DISCOUNTS = (
    Key("royalty.discounts", "named", "table of tables",
        ("Discounts of the pool's naming (``[royalty.discounts.named.<name>]``), each for "
         "the licensees meeting its own ``eligible``, combined with the others under "
         "``combine``"), "Discounts.named", NONE, "none", pool=_HEVCA_LOGO,
        write="if_set", sub="royalty.discounts.named.<name>"),
    Key("royalty.discounts.named.<name>", "fraction", "number", "The discount",
        "NamedDiscount.fraction", REQUIRED, unit="fraction of the rate", allowed="0..1",
        pool=_HEVCA_LOGO, check=is_number, expect="a number in [0, 1]"),
    Key("royalty.discounts.named.<name>", "eligible", "table",
        (f"{_ELIGIBLE_DOC}: the licensees that get it (the logo: a licensees.csv "
         "``agreements`` name such as ``logo``)"), "NamedDiscount.eligible", NONE,
        "none: every licensee", pool=_HEVCA_LOGO, write="if_set", sub="eligibility"),
)

#: ``[royalty] caps_eligible``.
CAPS_ELIGIBLE = Key("royalty", "caps_eligible", "table",
        (f"{_ELIGIBLE_DOC}: only licensees meeting it are capped (category and enterprise "
         "caps); the others' rows are neither capped nor counted toward the caps"),
        "Schedule.caps_eligible", NONE, "none: caps apply to every licensee", pool=_HEVCA_2015,
        write="if_set", sub="eligibility")

#: ``[royalty.discounts] eligible``.
DISCOUNTS_ELIGIBLE = Key("royalty.discounts", "eligible", "table",
        f"{_ELIGIBLE_DOC}: only licensees meeting it get any of the discounts above",
        "Discounts.eligible", NONE, "none: every licensee that qualifies", pool=_HEVCA_2015,
        write="if_set", sub="eligibility")

#: ``[[royalty.rate_changes]] eligible`` and ``from_signing``.
CHANGE_ELIGIBILITY = (
    Key("royalty.rate_changes[]", "eligible", "table",
        (f"{_ELIGIBLE_DOC}: only licensees meeting it get the new terms; the others stay on "
         "the terms in force for them before"), "RateChange.eligible", NONE,
        "none: every licensee", pool=f"{_DVD6C_2016}; {_DVD3C_2002}; {_AVANCI_5G}",
        write="if_set", sub="eligibility"),
    Key("royalty.rate_changes[]", "from_signing", "boolean",
        ("The new terms apply to a licensee from the later of ``effective`` and its "
         "signature date (licensees.csv ``signed``; empty: ``effective``)"),
        "RateChange.from_signing", False, pool=_MPEG2_2010, check=is_bool,
        expect="true or false", write="if_set"),
)

#: The keys of an ``[eligibility]`` table.
ELIGIBILITY = (
    Key("eligibility", "good_standing", "boolean",
        "Require the licensee to be in good standing (licensees.csv ``good_standing``)",
        "Eligibility.good_standing", False, pool=f"{_DVD6C_2016}; {_DVD3C_2002}",
        check=is_bool, expect="true or false", write="if_set"),
    Key("eligibility", "signed_by", "date or table",
        ("Require the licence signed (licensees.csv ``signed``) on or before this deadline: "
         "a date, or 'the later of' ``{ later_of = [dates], first_sale_of = [products] }`` "
         "(a product's first sale is the licensee's earliest sales row of it; not sold yet: "
         "not passed)"), "Eligibility.signed_by", NONE, "none",
        pool=("DVD6C: DVD-R US$0.045 retroactive to 2004 for licensees signing on or before "
              "31 May 2006 (dvd-and-beyond.com/display-article.php?article=1302); "
              + _HEVCA_2015), check=is_date_or_table,
        expect="a date or a table { later_of = [...], first_sale_of = [...] }",
        write="if_set", to_toml=deadline_toml),
    Key("eligibility", "signed_before", "date or table",
        "Require the licence signed strictly before this deadline (same forms as signed_by)",
        "Eligibility.signed_before", NONE, "none", pool=_AVANCI_5G, check=is_date_or_table,
        expect="a date or a table { later_of = [...], first_sale_of = [...] }",
        write="if_set", to_toml=deadline_toml),
    Key("eligibility", "signed_after", "date or table",
        ("Require the licence signed strictly after this deadline (same forms as "
         "signed_by): the licensees an early-signing offer leaves out"),
        "Eligibility.signed_after", NONE, "none",
        pool=("DVD6C: DVD-R US$0.045 retroactive to 2004 only for licensees signing by 31 May "
              "2006 (dvd-and-beyond.com/display-article.php?article=1302)"),
        check=is_date_or_table,
        expect="a date or a table { later_of = [...], first_sale_of = [...] }",
        write="if_set", to_toml=deadline_toml),
    Key("eligibility", "agreement", "string",
        ("Require the licensee to have signed this named agreement (licensees.csv "
         "``agreements``)"), "Eligibility.agreement", NONE, "none", pool=_DVD6C_2016,
        check=is_str, expect="a string", write="if_set"),
)


def _by_year_toml(value: object) -> dict[str, object]:
    """``{2005: x}`` -> ``{"2005": x}`` (TOML keys are strings)."""
    return {str(y): plain(v) for y, v in dict(value).items()}  # type: ignore[call-overload]


_AVC_CAPS = ("MPEG LA AVC/H.264: Enterprise cap US$3.5M (2005-06), US$4.25M (2007-08), US$5M "
             "(2009-10) (cdrinfo.com/d7/node/7208, 19 May 2004), US$6.5M (2011-2015) "
             "(Streaming Media, 'MPEG LA Announces Proposed HEVC Licensing Terms')")
_MPEG4V_CAPS = ("MPEG-4 Visual: caps per licence section US$1.1M / 1.1M / 3.3M / 3.3M (2009), "
                "1.2M / 1.2M / 3.6M / 3.6M (2010), 1.25M / 1.25M / 3.75M / 3.75M (2011-2013) "
                "(sec.gov/Archives/edgar/data/1342960/000119312509050004/dex1019.htm)")

#: Source of the rate key ``unit_weight`` (fractional units).
MPS_BINAURAL = ("Via LA MPEG Surround: binaural-only products 'count as half-a-unit': 5,000 "
                "units of which 3,000 binaural cost (2,000 + 3,000/2) x 0.49 = US$1,715 "
                "(via-corp.com/licensing/mpeg-surround/mpeg-surround-license-fees/)")

#: Source of the rate key ``max_fraction_of_price``.
MPS_PRO = ("Via LA MPEG Surround: professional PC software encoders US$25.00 per unit, 'not "
           "to exceed 2.5% of end-user price' (via-corp.com/licensing/mpeg-surround/mpeg-"
           "surround-license-fees/)")

#: ``[royalty] licensee_caps``.
LICENSEE_CAPS = Key(
    "royalty", "licensee_caps", "table",
    ("Annual cap per licensee (legal entity, not enterprise) per category: "
     "``{ <category> = amount }``, applied before the category and enterprise caps; a cap "
     "per product is a category of its own"), "Schedule.licensee_caps", NONE,
    "no licensee caps", unit="currency per licensee per category per year",
    allowed="values >= 0 (inf = none)",
    pool=("MPEG-4 AAC: PC software decoders up to US$25,000, encoders up to US$250,000 per "
          "legal entity (Radio World, 'Dolby Laboratories reveals MPEG-4 AAC licensing "
          "program'); MPEG Surround: US$32,000 per PC software product, US$172,000 per "
          "licensee (via-corp.com/licensing/mpeg-surround/mpeg-surround-license-fees/)"),
    check=is_table, expect="a table like { pc_software = 25000.0 }", write="if_set",
)

#: ``[royalty] enterprise_cap_by_year`` and ``category_caps_by_year``.
CAPS_BY_YEAR = (
    Key("royalty", "enterprise_cap_by_year", "table",
        ("Enterprise cap from a calendar year on: ``{ 2005 = 3500000.0, 2007 = 4250000.0 }``; "
         "the latest listed year <= the run's year applies, before the first listed year "
         "``enterprise_cap``"), "Schedule.enterprise_cap_by_year", NONE,
        "none: ``enterprise_cap`` every year", unit="currency per enterprise per year",
        allowed="keys 1900..2200, values >= 0 (inf = none)", pool=_AVC_CAPS, check=is_table,
        expect="a table like { 2005 = 3500000.0, 2007 = 4250000.0 }", write="if_set",
        to_toml=_by_year_toml),
    Key("royalty", "category_caps_by_year", "table",
        ("Category caps from a calendar year on: ``[royalty.category_caps_by_year.2009]`` "
         "with ``<category> = cap``; the latest listed year <= the run's year overrides "
         "``category_caps`` for the categories it lists"), "Schedule.category_caps_by_year",
        NONE, "none: ``category_caps`` every year",
        unit="currency per enterprise per category per year",
        allowed="keys 1900..2200; tables of category -> cap >= 0", pool=_MPEG4V_CAPS,
        check=is_table, expect="a table of tables like { 2009 = { s311 = 1100000.0 } }",
        write="if_set", to_toml=_by_year_toml),
)

_DVD3C_FEE = ("Philips / Sony / Pioneer (DVD 3C) player and disc licences, 1999: 'an initial "
              "fee of $10,000, of which $5,000 is creditable vs. running royalties' "
              "(Computer Data Storage Newsletter, August 1999, storagenewsletter.com/2022/07/"
              "06/history-1999-lots-of-confusion-on-dvd-patents/; asiabiztech.com, 25 "
              "February 1999)")

#: ``[royalty] entry_fee`` and ``entry_fee_creditable``.
ENTRY_FEE = (
    Key("royalty", "entry_fee", "number",
        ("Fee invoiced to a licensee in the calendar year of its signature (licensees.csv "
         "``signed``; none without a date), beside its royalties; the allocation "
         "distributes the fee income like royalties"), "Schedule.entry_fee", 0.0,
        unit="currency per licensee, once", allowed=">= 0", pool=_DVD3C_FEE,
        check=is_number, expect="a number >= 0", write="if_set"),
    Key("royalty", "entry_fee_creditable", "number",
        ("Part of ``entry_fee`` offset against the licensee's royalties of the years after "
         "its signature until used (never below 0 owed)"), "Schedule.entry_fee_creditable",
        0.0, unit="currency per licensee, once", allowed="0 <= x <= entry_fee",
        pool=_DVD3C_FEE, check=is_number, expect="a number >= 0", write="if_set"),
)

_VDP = ("Access Advance Video Distribution Patent Pool: royalties by the size of the "
        "streaming business, measured semi-annually; 'A licensee's tier is the highest of "
        "the tiers based on the three listed metrics'; Region 2 active users and "
        "subscribers 'are multiplied by .5' (accessadvance.com/zh/vdp-pool-royalty/, 2025; "
        "the published tier amounts are not reproduced here)")


def _tiers_toml(tiers: object) -> list[dict[str, object]]:
    """``MetricTier`` objects -> ``[{ name, amount, <metric> = threshold, ... }]``."""
    return [{"name": t.name, "amount": t.amount, **dict(t.at)} for t in tiers]  # type: ignore[attr-defined]


#: ``[royalty] metric_tiers`` and the keys of ``[royalty.metric_tiers]``.
METRIC_TIERS = (
    Key("royalty", "metric_tiers", "table",
        ("A royalty per half year by a tier chosen by the highest of several metrics "
         "(with metrics.csv)"), "Pool.metric_terms", NONE, "none",
        unit="currency per licensee per half year", pool=_VDP, write="if_set",
        sub="royalty.metric_tiers"),
    Key("royalty.metric_tiers", "metrics", "array of strings",
        "The metrics reported in metrics.csv ``metric``", "MetricTerms.metrics", REQUIRED,
        unit="metric names", pool=_VDP, check=is_list,
        expect='a list like ["active_users", "subscribers", "streaming_revenue"]', to_toml=list),
    Key("royalty.metric_tiers", "tiers", "array of inline tables",
        ("Lowest tier first: ``{ name = \"1\", amount = X, <metric> = threshold, ... }``; a "
         "licensee reaches a tier when any metric is at least its threshold, and pays the "
         "amount of the highest tier reached; thresholds must not decrease"),
        "MetricTerms.tiers", REQUIRED, unit="amount: currency per licensee per half year",
        pool=_VDP, check=is_table_list,
        expect='an array of tables like [{ name = "1", amount = 0.0, subscribers = 0 }]',
        to_toml=_tiers_toml),
    Key("royalty.metric_tiers", "region_weights", "table",
        ("Region (metrics.csv ``region``) -> factor on the ``weighted`` metrics; a region "
         "not listed counts x1"), "MetricTerms.region_weights", NONE, "none (x1 everywhere)",
        unit="factor on the metric's value", allowed=">= 0", pool=_VDP, check=is_table,
        expect='a table like { "2" = 0.5 }',
        write="if_set"),
    Key("royalty.metric_tiers", "weighted", "array of strings",
        "The metrics the region weights apply to (VDP: active users and subscribers)",
        "MetricTerms.weighted", NONE, "none", unit="metric names", pool=_VDP, check=is_list,
        expect='a list like ["active_users", "subscribers"]', write="if_set", to_toml=list),
    Key("royalty.metric_tiers", "waiver", "number",
        ("Credit per licensee per half year deducted from its tier's amount, never below 0 "
         "owed"), "MetricTerms.waiver", 0.0, unit="currency per licensee per half year",
        allowed=">= 0",
        pool=("Access Advance VDP: 'Royalty waiver provided in the form of a semi-annual "
              "credit of $25K' (accessadvance.com/zh/vdp-pool-royalty/)"), check=is_number,
        expect="a number >= 0", write="if_set"),
)

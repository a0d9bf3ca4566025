"""The pool-directory schema: one row per pool.toml key and per CSV column.

:data:`KEYS` describes every key of pool.toml once: where it sits, its TOML type,
unit, default, allowed values, the real pool it comes from (with a primary source),
what it means and which model field it maps to.  The pool.toml reader
(:mod:`poolcalc.io._pool_toml`) takes its key lists, type checks and defaults from
it, the writer (:func:`~poolcalc.io._pool_toml.pool_toml_doc`, ``write_pool``)
writes every model field back under its key from it, and ``docs/pool-toml.md`` is
generated from it (:mod:`poolcalc.io._docs`).  :data:`COLUMNS` does the same for the
CSV files (``docs/pool-directory.md``); a test keeps it equal to the column lists
the readers use.

Table paths: ``royalty.discounts`` is a table, ``royalty.regions[]`` an array of
tables (``[[royalty.regions]]``), ``royalty.products.<product>`` one table per
product.  Declarative data: the row types are in :mod:`poolcalc.io._schema_types`,
the reader's and writer's helpers in :mod:`poolcalc.io._schema_rw`.
"""

from __future__ import annotations

import math

from poolcalc.io._schema_rates import AVC as _AVC
from poolcalc.io._schema_rates import CAPS as _CAPS
from poolcalc.io._schema_rates import rate_keys as _rate_keys
from poolcalc.io._schema_regions import REGION2 as _REGION2
from poolcalc.io._schema_regions import REGION_KEYS
from poolcalc.io._schema_reporting import REPORTING_KEYS
from poolcalc.io._schema_terms import (
    CAPS_BY_YEAR,
    CAPS_ELIGIBLE,
    CHANGE_ELIGIBILITY,
    DISCOUNTS_ELIGIBLE,
    ELIGIBILITY,
    ENTRY_FEE,
    FREE_AMOUNT_RULE,
    GENERATIONS,
    LICENSEE_CAPS,
    METRIC_TIERS,
    NAMED_DISCOUNTS,
    PAST_CAPS,
)
from poolcalc.io._schema_types import (
    INHERIT,
    NONE,
    REQUIRED,
    Column,
    Key,
    is_bool,
    is_date,
    is_int,
    is_minor_units,
    is_number,
    is_str,
    is_table,
    is_table_list,
    subscription_tiers_toml,
)

__all__ = [
    "COLUMNS",
    "FREE_TABLES",
    "INHERIT",
    "KEYS",
    "NONE",
    "REQUIRED",
    "TABLES",
    "Column",
    "Key",
    "column_names",
    "key_names",
    "keys_of",
]


# -- sources ----------------------------------------------------------------------------
_HEVC_VIA = ("Via LA HEVC: units 1-100,000 per year free, US$0.20 above, Enterprise cap "
             "US$25,000,000 (via-la.com/licensing-2/hevc/hevc-license-fees/)")
_DUE = ("Access Advance HEVC Advance: a royalty is due where a listed patent is in force in "
        "the country of manufacture or sale (accessadvance.com/topic-where-and-when-is-a-"
        "royalty-due/); MPEG LA MPEG-2 (US DOJ business review letter, 26 June 1997)")
_SEED = ("Wang Shan-shan, Wang Hong-qi, Deng Jing-fei, 'Research on the technology "
         "standardization process and government supporting tactics of industrial alliance', "
         "section 3.1(2)")
_USAGE = ("MPEG LA AVC/H.264 content royalties (TV Technology, 'AVC standard license fees "
          "set', 1 December 2003, tvtechnology.com/news/0086/avc-standard-license-fees-set/"
          "252850)")

#: Every pool.toml key, table by table, in the order the writer writes them.
KEYS: tuple[Key, ...] = (
    # -- top level ----------------------------------------------------------------------
    Key("", "pool", "table", "The pool: name, standard, currency, administrator fee",
        "Pool", REQUIRED, sub="pool"),
    Key("", "members", "array of tables", "The licensors (``[[members]]``, one table each)",
        "Pool.members", NONE, "no members", write="if_set", sub="members[]"),
    Key("", "royalty", "table", "The licence's royalty terms", "Pool.schedule", NONE,
        "no royalty terms (an empty schedule)", sub="royalty"),
    Key("", "allocation", "table", ("The pool's default split among licensors; keys besides "
        "``scheme``, ``unit`` and ``country`` are options of the scheme"), "Pool.allocation",
        NONE, "the defaults below", sub="allocation"),
    Key("", "administrator", "table",
        "Who sends invoices and statements: name, address, payment instructions",
        "Pool.administrator", NONE, "not stated (documents show the pool's name)",
        write="if_set", sub="administrator"),
    Key("", "administration", "table",
        "How licensor statements protect licensees' figures", "Pool.administration", NONE,
        "the defaults below", write="if_set", sub="administration"),
    Key("", "reporting", "table",
        "Reporting periods, due days, late-payment interest, reserve, withholding rates "
        "(``poolcalc period``, docs/periods.md)", "Pool.reporting", NONE,
        "the defaults below", write="if_set", sub="reporting"),
    # -- [pool] -------------------------------------------------------------------------
    Key("pool", "name", "string", "Name of the pool", "Pool.name", REQUIRED, check=is_str,
        expect="a string"),
    Key("pool", "standard", "string", "The standard the pool licenses", "Pool.standard", "",
        check=is_str, expect="a string", write="if_set"),
    Key("pool", "currency", "string", "Currency of every amount (ISO 4217 code)",
        "Pool.currency", "USD", check=is_str, expect="a string"),
    Key("pool", "administrator_fee", "number",
        "Fraction of the royalties collected that the administrator keeps",
        "Pool.administrator_fee", 0.0, unit="fraction of royalties", allowed="0 <= x < 1",
        pool=("MPEG LA: the administrator keeps a fee as a percentage of royalties collected "
              "(AVC Patent Portfolio License briefing, 2010, sambuz.com/doc/avc-patent-"
              "portfolio-license-briefing-ppt-presentation-892779)")),
    Key("pool", "minor_units", "integer", "Decimal places of the currency (2: cents)",
        "Pool.minor_units", 2, allowed="0..4", check=is_minor_units,
        expect="an integer in 0..4", write="if_set"),
    # -- [[members]] ----------------------------------------------------------------------
    Key("members[]", "id", "string", "Member id (licensees.csv ``member``, patents.csv "
        "``owner``)", "Member.id", REQUIRED),
    Key("members[]", "name", "string", "Member's name", "Member.name", NONE, "the id"),
    Key("members[]", "joined", "date", "Date the member joined the pool", "Member.joined",
        NONE, write="if_set"),
    # -- [royalty] ------------------------------------------------------------------------
    Key("royalty", "due", "string",
        ("Royalty-due test: a unit owes a royalty only where at least one pooled essential "
         "patent is in force on the sale date in the country of sale, of manufacture, or "
         "either"), "Schedule.due", "sale_or_manufacture",
        allowed="sale, manufacture, sale_or_manufacture", pool=_DUE),
    *_rate_keys("royalty", "Schedule.default"),
    Key("royalty", "enterprise_cap", "number",
        "Annual cap per enterprise (affiliated group), after category caps",
        "Schedule.enterprise_cap", math.inf, unit="currency per enterprise per year",
        allowed=">= 0, inf = none", pool=f"{_AVC}; {_HEVC_VIA}"),
    Key("royalty", "free_units", "integer",
        ("Royalty-bearing units per enterprise per calendar year that owe nothing, before "
         "tiers (shared among the enterprise's categories pro rata to their units)"),
        "Schedule.free_units", 0, unit="units per enterprise per year", allowed=">= 0",
        pool=_HEVC_VIA, write="if_set"),
    Key("royalty", "free_amount", "number",
        ("Annual money waiver per enterprise: an enterprise owing less owes nothing, above "
         "it owes the excess (a credit)"), "Schedule.free_amount", 0.0,
        unit="currency per enterprise per year", allowed=">= 0",
        pool=("HEVC Advance: US$25,000 annual royalty waiver, December 2015 (Rethink "
              "Technology Research, 7 January 2016, rethinkresearch.biz)"), write="if_set"),
    FREE_AMOUNT_RULE,
    *ENTRY_FEE,
    Key("royalty", "member_rate", "number",
        ("Factor on what a licensee that is a pool member owes: 0 = royalty-free "
         "cross-licence among members, 1 = members pay like every licensee"),
        "Schedule.member_rate", 1.0, unit="fraction", allowed="0 <= x <= 1",
        pool=(f"{_SEED} (formation: cross-licensing among members); MPEG LA: 'All Licensees "
              "(including Licensors) sign the same License' (AVC briefing, 2010)"),
        check=is_number, expect="a number in [0, 1]", write="if_set"),
    Key("royalty", "members_only", "boolean",
        ("The pool licenses its members only: other licensees' sales are reported as not "
         "due"), "Schedule.members_only", False, pool=f"{_SEED} (formation)", check=is_bool,
        expect="true or false", write="if_set"),
    Key("royalty", "strict_products", "boolean",
        ("Refuse a sale of a product not listed under ``[royalty.products]`` (a misspelt "
         "product name) instead of charging it the default rate; without it the royalty "
         "report names the products charged the default rate"), "Schedule.strict_products",
        False, check=is_bool, expect="true or false", write="if_set"),
    Key("royalty", "discounts", "table", "Status discounts and how they combine",
        "Schedule.discounts", NONE, "no discounts", sub="royalty.discounts"),
    Key("royalty", "regions", "array of tables",
        "Groups of countries of sale with a rate multiplier (``[[royalty.regions]]``)",
        "Schedule.regions", NONE, "no regions (multiplier 1 everywhere)", pool=_REGION2,
        write="if_set", sub="royalty.regions[]"),
    Key("royalty", "products", "table of tables",
        "Per-product rates (``[royalty.products.<product>]``) overriding the default rate",
        "Schedule.products", NONE, "none: every product at the default rate",
        write="if_set", sub="royalty.products.<product>"),
    Key("royalty", "category_caps", "table",
        "Annual cap per enterprise per category: ``{ <category> = amount }``",
        "Schedule.category_caps", NONE, "no category caps",
        unit="currency per enterprise per category per year", pool=_CAPS, write="if_set"),
    LICENSEE_CAPS,
    CAPS_ELIGIBLE,
    *CAPS_BY_YEAR,
    *PAST_CAPS,
    GENERATIONS,
    Key("royalty", "rate_changes", "array of tables",
        ("New terms of a product from a sale date on (``[[royalty.rate_changes]]``); tier "
         "counters, free units and caps stay per calendar year"), "Schedule.rate_changes",
        NONE, "no rate changes",
        pool=("DVD6C: players US$2.00 -> US$1.75 from 1 July 2016, for licensees in good "
              "standing on the revised agreement (dvd6cla.com/offer/004_existing.html; "
              "``eligible``); MPEG-2: US$2.00 from the later of 1 January 2010 or the "
              "execution date (digitaltvnews.net/?p=9369; ``from_signing``)"),
        write="if_set", sub="royalty.rate_changes[]"),
    Key("royalty", "usage", "table",
        "Content (usage) royalties: titles, subscriptions, broadcast (with usage.csv)",
        "Pool.usage_terms", NONE, "no usage royalties", pool=_USAGE, write="if_set",
        sub="royalty.usage"),
    METRIC_TIERS[0],
    # -- [royalty.discounts] --------------------------------------------------------------
    Key("royalty.discounts", "good_standing", "number",
        "Discount for licensees in good standing", "Discounts.good_standing", 0.0,
        unit="fraction of the rate", allowed="0..1",
        pool=("Sisvel Wi-Fi 6: US$0.60 per unit, US$0.50 in good standing (FOSS Patents, "
              "July 2022, fosspatents.com/2022/07/sisvel-announces-wifi-6-pool-with.html)")),
    Key("royalty.discounts", "early_signing", "number",
        "Discount for licensees that signed on or before ``early_signing_by``",
        "Discounts.early_signing", 0.0, unit="fraction of the rate", allowed="0..1",
        pool=("Avanci 4G: US$15 per vehicle if signed by 31 August 2022, US$20 after (FOSS "
              "Patents, July 2022, fosspatents.com/2022/07/automakers-get-final-boarding-"
              "call-from.html)")),
    Key("royalty.discounts", "early_signing_by", "date",
        "Last signature date that earns the early-signing discount",
        "Discounts.early_signing_by", NONE, "none (required when early_signing > 0)",
        write="if_set"),
    Key("royalty.discounts", "combine", "string",
        "How the discounts a licensee qualifies for combine: max(d), min(1, sum d) or "
        "1 - prod(1 - d)", "Discounts.combine", "max",
        allowed="max, additive, multiplicative",
        pool=("HEVC Advance: In-Compliance and logo discounts are separate and non-additive "
              "(accessadvance.com/faq/)")),
    Key("royalty.discounts", "chain_level", "table",
        ("Preferential discount by the licensee's industry-chain level (licensees.csv "
         "``chain_level``): ``{ terminal = 0.3, ... }``"), "Discounts.chain_level", NONE,
        "none", unit="fraction of the rate", allowed=("keys technology, equipment, terminal, "
        "operator, service; values 0..1"), pool=f"{_SEED} (industrialization)",
        check=is_table, expect="a table like { terminal = 0.3, equipment = 0.2 }",
        write="if_set"),
    DISCOUNTS_ELIGIBLE,
    *NAMED_DISCOUNTS,
    *REGION_KEYS,
    # -- [royalty.products.<product>] -----------------------------------------------------
    *_rate_keys("royalty.products.<product>", "ProductRate", inherit=True),
    # -- [[royalty.rate_changes]] ---------------------------------------------------------
    Key("royalty.rate_changes[]", "effective", "date", "First sale date of the new terms",
        "RateChange.effective", REQUIRED, check=is_date, expect="a date like 2016-07-01",
        at_key=True),
    Key("royalty.rate_changes[]", "product", "string",
        "The product (a key of ``[royalty.products]``) whose rate changes",
        "RateChange.product", NONE, "the default rate", write="if_set"),
    *_rate_keys("royalty.rate_changes[]", "RateChange.rate", change=True),
    *CHANGE_ELIGIBILITY,
    # -- [eligibility] (caps_eligible, discounts.eligible, rate_changes[].eligible) -------
    *ELIGIBILITY,
    # -- [royalty.usage] ------------------------------------------------------------------
    Key("royalty.usage", "title_free_minutes", "number",
        "Titles of at most this length are royalty-free", "UsageTerms.title_free_minutes",
        12.0, unit="minutes", allowed=">= 0", pool=_USAGE, check=is_number, expect="a number"),
    Key("royalty.usage", "title_rate_fraction", "number",
        "Royalty per title as a fraction of the first arm's-length price",
        "UsageTerms.title_rate_fraction", 0.0, unit="fraction of price", allowed="0..1",
        pool=_USAGE, check=is_number, expect="a number"),
    Key("royalty.usage", "title_max_per_title", "number", "Upper bound of the royalty per title",
        "UsageTerms.title_max_per_title", 0.0, unit="currency per title", allowed=">= 0",
        pool=_USAGE, check=is_number, expect="a number"),
    Key("royalty.usage", "subscription_tiers", "array of inline tables",
        ("Annual flat fee ``{ from = N, fee = X }`` of a licensee with more than N "
         "subscribers in the year (whole volume)"), "UsageTerms.subscription_tiers", NONE,
        "none: subscriptions are free", unit="currency per licensee per year", pool=_USAGE,
        check=is_table_list, expect="an array of tables like [{ from = 100000, fee = 25000.0 }]",
        to_toml=subscription_tiers_toml),
    Key("royalty.usage", "broadcast_fee", "number", "Free-TV broadcast fee per market",
        "UsageTerms.broadcast_fee", 0.0, unit="currency per market per year", allowed=">= 0",
        pool=_USAGE, check=is_number, expect="a number"),
    Key("royalty.usage", "broadcast_min_households", "integer",
        "A market owes ``broadcast_fee`` when its households exceed this",
        "UsageTerms.broadcast_min_households", 100_000, unit="households", allowed=">= 0",
        pool=_USAGE, check=is_number, expect="a number"),
    Key("royalty.usage", "internet_broadcast_fee", "number",
        "Annual internet-broadcast fee per licensee with viewers",
        "UsageTerms.internet_broadcast_fee", 0.0, unit="currency per licensee per year",
        allowed=">= 0", pool=_USAGE, check=is_number, expect="a number"),
    Key("royalty.usage", "subscriber_weights", "table",
        ("Country code -> factor on the subscribers counted for the bracket "
         "(``{ IN = 0.5 }``); countries not listed count x1"), "UsageTerms.subscriber_weights",
        NONE, "none (x1 everywhere)", allowed=">= 0",
        pool=("Access Advance Video Distribution Pool: Region 2 users and subscribers count "
              "x0.5 (accessadvance.com/zh/vdp-pool-royalty/)"), write="if_set"),
    # -- [royalty.metric_tiers] -------------------------------------------------------------
    *METRIC_TIERS[1:],
    # -- [administrator] ------------------------------------------------------------------
    Key("administrator", "name", "string", "Legal name printed on every document",
        "Administrator.name", NONE, "the pool's name", check=is_str, expect="a string",
        write="if_set"),
    Key("administrator", "address", "string", "Postal address (a multi-line string keeps "
        "its lines)", "Administrator.address", NONE, "none", check=is_str, expect="a string",
        write="if_set"),
    Key("administrator", "email", "string", "Contact e-mail printed on documents",
        "Administrator.email", NONE, "none", check=is_str, expect="a string", write="if_set"),
    Key("administrator", "tax_id", "string", "VAT / tax registration number on invoices",
        "Administrator.tax_id", NONE, "none", check=is_str, expect="a string", write="if_set"),
    Key("administrator", "payment_instructions", "string",
        "Text printed at the foot of every invoice (bank account, reference to quote)",
        "Administrator.payment_instructions", NONE, "none", check=is_str, expect="a string",
        write="if_set"),
    Key("administrator", "invoice_prefix", "string",
        "Start of every invoice number: ``<prefix>-<year or period>-<licensee>``",
        "Administrator.invoice_prefix", "INV", check=is_str, expect="a string",
        write="if_set"),
    Key("administrator", "invoice_due_days", "integer",
        "Days from the invoice date to the due date", "Administrator.invoice_due_days", 30,
        unit="days", allowed=">= 0", check=is_int, expect="an integer >= 0", write="if_set"),
    # -- [administration] -----------------------------------------------------------------
    Key("administration", "min_licensees_per_cell", "integer",
        ("A licensor statement shows a country's royalty only when it comes from at least "
         "this many licensees; smaller countries are merged into \"other countries\" "
         "(docs/documents.md)"), "AdministrationPolicy.min_licensees_per_cell", 3,
        unit="licensees", allowed=">= 1",
        pool=("information firewall between licensees and licensors: US DOJ business review "
              "letters on MPEG-2 (26 June 1997, justice.gov/atr/public/busreview/215742.htm) "
              "and DVD (16 December 1998, .../2121.htm; 10 June 1999, .../2485.htm)"),
        check=is_int, expect="an integer >= 1", write="if_set"),
    *REPORTING_KEYS,
    # -- [allocation] ---------------------------------------------------------------------
    Key("allocation", "scheme", "string", "Allocation scheme (``poolcalc allocate --scheme``)",
        "AllocationConfig.scheme", "per-country-count",
        pool=("MPEG-2: each unit's royalty split pro rata to the licensors' patents in the "
              "country (US DOJ business review letter, 26 June 1997, justice.gov/atr/public/"
              "busreview/215742.htm)")),
    Key("allocation", "unit", "string", "Count national patents or patent families",
        "AllocationConfig.unit", "patent", allowed="patent, family"),
    Key("allocation", "country", "string", "Whose patents count for a unit",
        "AllocationConfig.country", "sale", allowed="sale, manufacture, sale_else_manufacture"),
)

#: Tables whose keys are free: the key is a name, not a schema key.
FREE_TABLES = ("royalty.category_caps", "royalty.products", "allocation")

#: Table paths in the order the docs present them.
TABLES: tuple[str, ...] = tuple(dict.fromkeys(k.table for k in KEYS))


def keys_of(table: str) -> tuple[Key, ...]:
    """Rows of ``table`` (a table path such as ``royalty.discounts``), in order."""
    return tuple(k for k in KEYS if k.table == table)


def key_names(table: str) -> tuple[str, ...]:
    """Key names of ``table``, in order (the "allowed in [...]" list of messages)."""
    return tuple(k.name for k in keys_of(table))


# -- CSV columns --------------------------------------------------------------------------
_C = Column
#: Every column of the pool-directory CSV files, file by file (required ones first).
COLUMNS: tuple[Column, ...] = (
    _C("patents.csv", "patent", "string", True, "Patent number (national), unique in the pool",
       "Patent.id"),
    _C("patents.csv", "owner", "string", True, "Member id of the licensor (pool.toml members)",
       "Patent.owner"),
    _C("patents.csv", "country", "country", True, "Granting state", "Patent.country"),
    _C("patents.csv", "expires", "date", True, "First day the patent is no longer in force",
       "Patent.expires"),
    _C("patents.csv", "status", "string", True,
       ("``essential`` (evaluated essential: pooled), ``declared`` (claimed, not evaluated), "
        "``non_essential`` or ``invalid``; only essential patents make a unit royalty-bearing "
        "and share royalties"), "Patent.status"),
    _C("patents.csv", "family", "string", False, "Patent family; empty = the patent number",
       "Patent.family"),
    _C("patents.csv", "granted", "date", False,
       "Grant date; in force on d when granted <= d < expires; empty = since always",
       "Patent.granted"),
    _C("patents.csv", "disclosed", "date", False,
       "Date disclosed to the standards body (disclosure-order allocation)", "Patent.disclosed"),
    _C("patents.csv", "feature", "string", False, "Part of the standard the patent reads on",
       "Patent.feature"),
    _C("patents.csv", "alternative", "string", False,
       ("Option of that part; pooled patents on one feature with different alternatives are "
        "substitutes"), "Patent.alternative"),
    _C("patents.csv", "evaluator", "string", False, "Who evaluated essentiality",
       "Patent.evaluator"),
    _C("patents.csv", "weight", "number", False,
       "Value weight >= 0 for value-weighted splits; empty = 1", "Patent.weight"),
    _C("licensees.csv", "licensee", "string", True, "Licensee id, unique", "Licensee.id"),
    _C("licensees.csv", "name", "string", True, "Licensee's name (empty = the id)",
       "Licensee.name"),
    _C("licensees.csv", "enterprise", "string", False,
       ("Affiliated group (company and >50 %-owned subsidiaries) whose volumes, free units "
        "and caps count together; empty = the licensee itself"), "Licensee.enterprise"),
    _C("licensees.csv", "member", "string", False,
       "Member id when the licensee is also a licensor", "Licensee.member"),
    _C("licensees.csv", "signed", "date", False, "Date the licence was signed (early signing)",
       "Licensee.signed"),
    _C("licensees.csv", "good_standing", "boolean", False,
       "No overdue or incorrect reports or payments; empty = true", "Licensee.good_standing"),
    _C("licensees.csv", "chain_level", "string", False,
       ("Industry-chain level: ``technology``, ``equipment``, ``terminal``, ``operator`` or "
        "``service`` (chain-level discounts); empty = none"), "Licensee.chain_level"),
    _C("licensees.csv", "address", "string", False,
       "Postal address printed on its invoices (documents)", "Licensee.address"),
    _C("licensees.csv", "country", "country", False, "Country of its seat (invoices)",
       "Licensee.country"),
    _C("licensees.csv", "email", "string", False, "Where its invoices go", "Licensee.email"),
    _C("licensees.csv", "agreements", "string", False,
       ("Named agreements or amendments the licensee signed, separated by ``;`` (terms "
        "with ``eligible = { agreement = ... }``, e.g. DVD6C's 2016 revised agreement); "
        "empty = none"), "Licensee.agreements"),
    _C("sales.csv", "licensee", "string", True, "Licensee id (licensees.csv)",
       "SalesRecord.licensee"),
    _C("sales.csv", "date", "date", True, "Date of sale", "SalesRecord.date"),
    _C("sales.csv", "product", "string", True,
       "Product; selects its rate (``[royalty.products.<product>]`` or the default rate)",
       "SalesRecord.product"),
    _C("sales.csv", "country_of_sale", "country", True,
       "Country of (first) sale to the end user; sets the region", "SalesRecord.country_of_sale"),
    _C("sales.csv", "country_of_manufacture", "country", True, "Country of manufacture",
       "SalesRecord.country_of_manufacture"),
    _C("sales.csv", "units", "integer", True, "Units sold, >= 0", "SalesRecord.units"),
    _C("sales.csv", "net_price", "number", False,
       "Net selling price per unit [currency]; required for products with basis ``price``",
       "SalesRecord.net_price"),
    _C("sales.csv", "payer", "string", False,
       ("Who pays the row's royalty when not the licensee (Via LA HEVC: a chip vendor paying "
        "for its customer, within the customer's cap); empty = the licensee; also read in "
        "amendments.csv and audits.csv"),
       "Pool.payers"),
    _C("metrics.csv", "licensee", "string", True, "Licensee id (licensees.csv)",
       "MetricRecord.licensee"),
    _C("metrics.csv", "period", "string", True, "Half year: ``2025H1`` or ``2025H2``",
       "MetricRecord.period"),
    _C("metrics.csv", "metric", "string", True,
       "One of ``[royalty.metric_tiers] metrics``", "MetricRecord.metric"),
    _C("metrics.csv", "value", "number", True,
       "The metric in the half year (users, subscribers: counts; revenue: currency), >= 0",
       "MetricRecord.value"),
    _C("metrics.csv", "region", "string", False,
       "Region for ``region_weights`` (VDP Region 2: ``2``); empty = weight 1",
       "MetricRecord.region"),
    _C("usage.csv", "licensee", "string", True, "Licensee id (licensees.csv)",
       "UsageRecord.licensee"),
    _C("usage.csv", "year", "integer", True, "Calendar year of the report (1900..2200)",
       "UsageRecord.year"),
    _C("usage.csv", "kind", "string", True,
       "``title``, ``subscription``, ``broadcast`` or ``internet_broadcast``", "UsageRecord.kind"),
    _C("usage.csv", "quantity", "integer", True,
       ("Titles sold (title), subscribers (subscription), households of the market "
        "(broadcast), viewers (internet_broadcast)"), "UsageRecord.quantity"),
    _C("usage.csv", "country", "country", True, "Where the content was provided",
       "UsageRecord.country"),
    _C("usage.csv", "length_minutes", "number", False,
       "Running time of the title(s); required on ``title`` rows", "UsageRecord.length_minutes"),
    _C("usage.csv", "price", "number", False,
       "First arm's-length price per title [currency]; required on ``title`` rows",
       "UsageRecord.price"),
    _C("usage.csv", "market", "string", False,
       "Broadcast market; required on ``broadcast`` rows", "UsageRecord.market"),
    _C("usage.csv", "date", "date", False,
       ("Day of the use, in the row's year and not before the licence; places the row in "
        "a reporting period (empty: the year's last period)"), "UsageRecord.date"),
)


def column_names(file: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the (required, optional) column names of ``file``, as the CSV readers list them."""
    cols = [c for c in COLUMNS if c.file == file]
    required = tuple(c.name for c in cols if c.required)
    return required, tuple(c.name for c in cols if not c.required)

"""The terms-file schema: one row per key, with its type, allowed values, meaning and rules.

``TERMS_SCHEMA`` is the single description of the TOML file ``poolcalc check`` reads.
:mod:`poolcalc.io._terms` takes its key checks (which keys a section allows, how each
value is parsed) from it, and ``docs/terms-file.md`` is generated from it by
:func:`terms_file_doc` (a test keeps the committed file equal to the generated text).
The ``rules`` column names the compliance rules that read the key; a test records the
keys each rule actually reads and compares them with this column.

Every key is optional: an absent key means *unknown*, never "compliant".
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import attrs

from poolcalc.io._terms_parsers import (
    _bool,
    _choice,
    _count,
    _date,
    _eligible,
    _fraction,
    _inline_table,
    _levels,
    _max_units,
    _number,
    _package,
    _patents,
    _price_or_none,
    _restriction_list,
    _str,
    _str_list,
    _territories,
    _year,
)
from poolcalc.model._enums import PHASES
from poolcalc.model._terms import (
    ChallengeTermination,
    GrantBackScope,
    MemberCrossLicense,
    RoyaltyBase,
)

__all__ = ["ARRAYS", "SECTIONS", "TERMS_SCHEMA", "TermsKey", "keys_of", "terms_file_doc"]

# --- the table ----------------------------------------------------------------------------
@attrs.frozen
class TermsKey:
    """One key of the terms file.

    Attributes
    ----------
    path : str
        Dotted TOML path: ``license.max_units``, ``license.grant_back.scope`` (a key of an
        inline table), ``offers.class`` (a key of each ``[[offers]]`` entry).
    type : str
        TOML type(s) accepted.
    allowed : str
        Allowed values or range.
    meaning : str
        What the key says about the licence.
    rules : tuple of str
        Ids of the compliance rules that read it.
    parse : callable(value, key) -> value
        Checks and converts the TOML value (raises with the constraint text); inline
        tables (``type == "inline table"``) are parsed from their own keys' rows.
    required : bool
        Required in each entry of an array of tables (``[[offers]]`` etc.).
    """

    path: str
    type: str
    allowed: str
    meaning: str
    rules: tuple[str, ...]
    parse: Callable[[Any, str], Any] = attrs.field(repr=False, eq=False)
    required: bool = False

    @property
    def parent(self) -> str:
        """The section, inline table or array the key belongs to (``license.grant_back``)."""
        return self.path.rsplit(".", 1)[0]

    @property
    def name(self) -> str:
        """The key's own name (``scope``)."""
        return self.path.rsplit(".", 1)[1]


def _choices(enum: type[StrEnum] | tuple[StrEnum, ...]) -> str:
    return ", ".join(f'"{m.value}"' for m in tuple(enum))


_B, _T = "boolean", "true, false"
_F = ("number", "0 to 1")
_N = ("number", ">= 0")
_D = ("date", "YYYY-MM-DD")
_TABLE = ("inline table", "the keys below")


def _k(path: str, kind: tuple[str, str], parse: Callable[[Any, str], Any], meaning: str,
       rules: str = "", *, required: bool = False) -> TermsKey:
    return TermsKey(path, kind[0], kind[1], meaning, tuple(rules.split()), parse, required)


_RESTRICT = ('"any" or list of strings', 'non-empty list')
#: Every key of the terms file, section by section.
TERMS_SCHEMA: tuple[TermsKey, ...] = (
    # [license]: what the licensee gets and must accept
    _k("license.package", ('"all", "essential" or list of strings',
                           "patent ids of patents.csv (non-empty list)"), _package,
       'what the package licenses: "all" = every patent the pool lists (whatever its '
       'status), "essential" = only evaluated-essential patents, or the listed patent ids',
       "double-charging evaluator-independence expired-patent-royalty mandatory-package "
       "non-essential-patent safe-harbour substitute-patents"),
    _k("license.essential_only_package_offered", (_B, _T), _bool,
       "a licensee can take just the essential patents", "mandatory-package"),
    _k("license.non_essential_included", (_B, _T), _bool,
       "the offer's own statement that the package includes non-essential patents (used "
       "when no pool is given; the pool's statuses win when it is)",
       "mandatory-package non-essential-patent safe-harbour"),
    _k("license.tied", ("list of strings", "may be empty (no tie)"), _str_list,
       "goods or services the licensee must also buy or use", "tying"),
    _k("license.max_units", ('integer or "none"', '>= 0, or "none" (no cap)'), _max_units,
       "output (quantity) cap per year", "output-restriction"),
    _k("license.channels", _RESTRICT, _restriction_list, "the only sales channels allowed",
       "channel-restriction"),
    _k("license.territories", ('"any" or list of strings', "ISO 3166-1 alpha-2 codes"),
       _territories, "the only countries where licensees may sell", "territory-restriction"),
    _k("license.field_of_use", _RESTRICT, _restriction_list, "the only fields of use allowed",
       "territory-restriction"),
    _k("license.resale_price_min", ('number or "none"', '>= 0, or "none"'), _price_or_none,
       "a term fixing the licensees' minimum product price", "price-fixing"),
    _k("license.resale_price_max", ('number or "none"', '>= 0, or "none"'), _price_or_none,
       "a term fixing the licensees' maximum product price", "price-fixing"),
    _k("license.royalty_base", ("string", _choices(RoyaltyBase)), _choice(RoyaltyBase),
       'what the royalty is computed on ("total_sales": all the licensee\'s sales, patented '
       "or not)", "expired-patent-royalty royalty-base"),
    _k("license.royalties_until", _D, _date, "last date royalties are charged",
       "expired-patent-royalty"),
    _k("license.last_patent_expiry", _D, _date,
       "expiry the offer states for its last patent (first day it is no longer in force; used "
       "without a pool)", "expired-patent-royalty"),
    _k("license.no_challenge", (_B, _T), _bool,
       "licensees barred from challenging the validity or essentiality of pooled patents",
       "no-challenge safe-harbour"),
    _k("license.terminate_on_challenge", ("string", _choices(ChallengeTermination)),
       _choice(ChallengeTermination),
       "what the licensor may terminate when a licensee challenges a pooled patent",
       "no-challenge safe-harbour"),
    _k("license.grant_back", _TABLE, _inline_table,
       "grant-back clause: which licensee patents must be licensed back, and how",
       "grant-back"),
    _k("license.grant_back.scope", ("string", _choices(GrantBackScope)),
       _choice(GrantBackScope), "which licensee patents must be licensed back", "grant-back"),
    _k("license.grant_back.exclusive", (_B, _T), _bool,
       "the grant-back is exclusive", "grant-back"),
    _k("license.grant_back.royalty_free", (_B, _T), _bool,
       "the grant-back is royalty-free", "grant-back"),
    _k("license.competing_technology_restricted", (_B, _T), _bool,
       "licensees barred from developing or using competing technology",
       "competing-technology safe-harbour"),
    _k("license.price_independent_of_patents_used", (_B, _T), _bool,
       "the package price is the same however many pooled patents a product practises",
       "mandatory-package"),
    _k("license.licensed_levels", ('"any" or list of strings',
                                   "levels listed in market.value_chain_levels"),
       _restriction_list,
       'levels of the value chain the pool licenses (e.g. ["end_product"]); "any" when every '
       "level that asks gets a licence", "refusal-to-license safe-harbour"),
    _k("license.refused_licensees", ("list of strings", "may be empty"), _str_list,
       "firms refused a licence", "refusal-to-license safe-harbour"),
    _k("license.term_start", _D, _date,
       "start of the current licence term (the date the pool rate was set, unless a later "
       "renewal.previous_renewal reset it); also the date the licence is in force from, for the "
       "law of the check date (EU and UK transitions to 30 Apr 2027)", "expired-patent-royalty"),
    _k("license.rates_published", (_B, _T), _bool,
       "the royalty rates and licence terms are published (a condition of the EU 2026 pool "
       "safe harbour)", "discrimination safe-harbour"),
    _k("license.individual_patents_offered", (_B, _T), _bool,
       "licensees may license single patents or groups of patents, not only the whole package "
       '("menu" licensing, as in the DOJ\'s 2021 university pool letter)', "exclusive-license-in"),
    _k("license.standard_essential", (_B, _T), _bool,
       "the pool licenses patents essential to a standard (an SEP pool)", "exclusive-license-in"),
    # [membership]: the pool agreement among licensors
    _k("membership.independent_licensing_allowed", (_B, _T), _bool,
       "members remain free to license their patents outside the pool",
       "exclusive-license-in refusal-to-license safe-harbour"),
    _k("membership.exclusive_license_in", (_B, _T), _bool,
       "members license their patents into the pool exclusively",
       "exclusive-license-in safe-harbour"),
    _k("membership.open_to_all_essential_holders", (_B, _T), _bool,
       "every holder of essential patents may join the pool",
       "closed-membership discrimination safe-harbour"),
    _k("membership.competing_technology_restricted", (_B, _T), _bool,
       "members barred from developing or using competing technology or standards",
       "competing-technology safe-harbour"),
    _k("membership.members_coordinate_prices_or_output", (_B, _T), _bool,
       "the pool agreement or administrator sets or coordinates the members' own downstream "
       "prices or output", "information-exchange safe-harbour"),
    # [administration]: evaluator and information firewalls
    _k("administration.evaluator", _TABLE, _inline_table, "the essentiality evaluator",
       "evaluator-independence safe-harbour"),
    _k("administration.evaluator.name", ("string", "non-empty"), _str,
       "the evaluator named in the pool agreement", "evaluator-independence"),
    _k("administration.evaluator.independent", (_B, _T), _bool,
       "the evaluator is independent of the licensors",
       "evaluator-independence safe-harbour"),
    _k("administration.evaluator.affiliated_with", ("string", "a member id"), _str,
       "the member the evaluator is affiliated with", "evaluator-independence"),
    _k("administration.evaluator.also", ("list of strings", "may be empty"), _str_list,
       "further evaluators engaged on the same terms (patents.csv may name any of them)",
       "evaluator-independence"),
    _k("administration.licensee_data_shared_with_members", (_B, _T), _bool,
       "licensees' sales reports are visible to licensors (no information firewall)",
       "information-exchange safe-harbour"),
    _k("administration.members_exchange_market_data", (_B, _T), _bool,
       "members exchange downstream price, output or market data through the pool",
       "information-exchange safe-harbour"),
    _k("administration.essentiality_list_published", (_B, _T), _bool,
       "the list of pooled patents and the essentiality evaluation results are public (a "
       "condition of the EU 2026 pool safe harbour)", "non-essential-patent safe-harbour"),
    _k("administration.compliance_programme", (_B, _T), _bool,
       "the pool operator runs an antitrust compliance mechanism (China's 2024 SEP Guidelines "
       "Art. 5)", "safe-harbour"),
    # [stack]: royalties stacking on one product
    _k("stack.product_price", _N, _number, "price of one licensed product [currency]",
       "royalty-stacking"),
    _k("stack.pool_royalty_per_unit", _N, _number,
       "the pool's royalty on one product [currency per unit] (default: the pool schedule's "
       "highest tier rate with --pool)", "royalty-stacking"),
    _k("stack.other_royalties_per_unit", _N, _number,
       "royalties of other pools and bilateral licences on the same product [currency per unit]",
       "royalty-stacking"),
    _k("stack.aggregate_cap", _F, _fraction,
       "aggregate royalty tolerated, as a fraction of the product price", "royalty-stacking"),
    # [renewal]: previous and new rates (and caps), promised cap
    _k("renewal.previous_rate", _N, _number, "per-unit rate of the previous term",
       "expired-patent-royalty renewal-increase"),
    _k("renewal.new_rate", _N, _number, "per-unit rate of the new term",
       "expired-patent-royalty renewal-increase"),
    _k("renewal.previous_cap", _N, _number, "enterprise cap of the previous term",
       "renewal-increase"),
    _k("renewal.new_cap", _N, _number, "enterprise cap of the new term", "renewal-increase"),
    _k("renewal.max_increase", _N, _number,
       "largest increase per renewal promised to licensees (fraction: 0.25 = +25 %)",
       "renewal-increase"),
    _k("renewal.previous_renewal", _D, _date, "date the previous rate was set",
       "expired-patent-royalty"),
    # [stage]: the alliance stage (formation / industrialization / marketization)
    _k("stage.phase", ("string", _choices(PHASES)), _choice(PHASES),
       "the alliance's stage", "discrimination"),
    _k("stage.member_cross_license", ("string", _choices(MemberCrossLicense)),
       _choice(MemberCrossLicense), "how pool members license each other",
       "closed-membership discrimination"),
    _k("stage.preferential_licensing", (_B, _T), _bool,
       "preferential rates along the industry chain", "discrimination"),
    _k("stage.open_to_all_similarly_situated", (_B, _T), _bool,
       "the royalty-free or preferential terms are available, on published criteria, to every "
       "similarly situated party", "discrimination"),
    # [market]: competition between the parties, shares, dominance
    _k("market.licensees_compete", (_B, _T), _bool,
       "licensees compete with each other downstream",
       "channel-restriction territory-restriction"),
    _k("market.members_compete_downstream", (_B, _T), _bool,
       "pool members are active downstream and compete with each other there",
       "information-exchange"),
    _k("market.parties_compete", (_B, _T), _bool,
       "licensors and licensees are actual or potential competitors", "safe-harbour"),
    _k("market.combined_share", _F, _fraction,
       "share licensors and licensees together hold in the relevant market they hold most of",
       "safe-harbour"),
    _k("market.largest_party_share", ("number", "0 to 1, <= market.combined_share"),
       _fraction, "largest share any single licensor or licensee holds in a relevant market",
       "safe-harbour"),
    _k("market.substitute_technologies", ("integer", ">= 0"), _count,
       "independently controlled technologies outside the pool that substitute for the pooled "
       "technology and can be obtained at reasonable cost", "safe-harbour"),
    _k("market.dominant", (_B, _T), _bool,
       "the pool (members together, or the administrator) holds a dominant position / market "
       "power in a relevant market", "refusal-to-license safe-harbour"),
    _k("market.value_chain_levels", ("list of strings", "non-empty"), _levels,
       'levels of the value chain that implement the standard (e.g. ["chipset", "module", '
       '"end_product"])', "refusal-to-license"),
    _k("market.pre_commercial", (_B, _T), _bool,
       "the licensed technology has not yet generated sales of contract products (zero market "
       "share under Reg. (EU) 2026/877)", "safe-harbour"),
    _k("market.shares_exceeded_in", ("integer", "a year, e.g. 2025"), _year,
       "calendar year in which the parties' shares first rose above the block-exemption "
       "threshold (the 2-year, from 1 May 2026 3-year, grace period runs from it)",
       "safe-harbour"),
    _k("market.negotiation_group", (_B, _T), _bool,
       "licensees negotiate with the pool through a licensing negotiation group (the EU 2026 "
       "Guidelines assess them individually, no safe harbour)", "safe-harbour"),
    # [[offers]]: effective rates offered to licensee classes
    _k("offers.licensee", ("string", "non-empty"), _str, "the licensee offered the rate",
       "discrimination", required=True),
    _k("offers.class", ("string", "non-empty"), _str,
       "licensee class (same product, region and volume band)", "discrimination",
       required=True),
    _k("offers.rate", _N, _number, "effective per-unit rate after every discount and cap",
       "discrimination", required=True),
    # [[discounts]]: discounts beyond the pool schedule
    _k("discounts.name", ("string", "non-empty"), _str, "name of the discount",
       "discrimination", required=True),
    _k("discounts.fraction", _F, _fraction, "the discount (fraction of the rate)",
       "discrimination", required=True),
    _k("discounts.eligible", ("string or list of strings",
                              '"all", "good_standing", "early_signing", "members" or licensee '
                              "ids"), _eligible, "who gets the discount", "discrimination",
       required=True),
    _k("discounts.published", (_B, _T), _bool,
       "the discount and its criteria are public", "discrimination"),
    # [[products]]: which pooled patents each licensed product practises
    _k("products.name", ("string", "unique"), _str, "the licensed product (its schedule name)",
       "mandatory-package", required=True),
    _k("products.patents", ('"all" or list of strings', "patent ids (may be empty)"),
       _patents, "the pooled patents the product practises", "mandatory-package",
       required=True),
    _k("products.rate", _N, _number,
       "the product's per-unit royalty (default: the pool's schedule with --pool)",
       "mandatory-package"),
)

#: Sections (``[license]`` ...) and inline tables, in file order.
SECTIONS: tuple[str, ...] = ("license", "membership", "administration", "stack", "renewal",
                             "stage", "market")
#: Arrays of tables (``[[offers]]`` ...).
ARRAYS: tuple[str, ...] = ("offers", "discounts", "products")


def keys_of(parent: str) -> tuple[TermsKey, ...]:
    """Return the rows whose parent is ``parent`` (a section, inline table or array)."""
    return tuple(k for k in TERMS_SCHEMA if k.parent == parent)


def terms_file_doc() -> str:
    """Return ``docs/terms-file.md``: the schema table as Markdown."""
    rule_ids = sorted({r for k in TERMS_SCHEMA for r in k.rules})
    out = [
        "# The terms file (`poolcalc check TERMS.toml`)",
        "",
        "<!-- generated from poolcalc/io/_terms_schema.py (TERMS_SCHEMA); do not edit -->",
        "",
        "A TOML file describing a pool's licence offer and the pool agreement. Every key is "
        "optional: an absent key means *not stated / unknown*, never \"compliant\"; the check "
        "reports it as an `info` finding. An unknown section or key, a wrong type, a bad date "
        "or an unknown choice is an error naming the file, the key and the value.",
        "",
        f"Sections: {', '.join(f'`[{s}]`' for s in SECTIONS)}; arrays of tables: "
        f"{', '.join(f'`[[{a}]]`' for a in ARRAYS)}. Inline tables (`grant_back = {{ ... }}`, "
        "`evaluator = { ... }`) take the keys listed under them.",
        "",
        "The `rules` column names the compliance rules that read the key "
        "(`docs/compliance-rules.md`).",
    ]
    groups = [*SECTIONS, *ARRAYS]
    for g in groups:
        head = f"[[{g}]]" if g in ARRAYS else f"[{g}]"
        out += ["", f"## `{head}`", "", "| key | type | allowed | meaning | rules |",
                "|---|---|---|---|---|"]
        rows = [k for k in TERMS_SCHEMA if k.path.split(".")[0] == g]
        for k in rows:
            key = k.path[len(g) + 1:]
            req = " (required)" if k.required else ""
            rules = ", ".join(f"`{r}`" for r in k.rules) or "-"
            out.append(f"| `{key}`{req} | {k.type} | {k.allowed} | {k.meaning} | {rules} |")
    out += ["", f"Rules that read the file: {len(rule_ids)}.", ""]
    return "\n".join(out)

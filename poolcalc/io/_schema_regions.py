"""pool.toml keys of ``[[royalty.regions]]`` (part of :data:`poolcalc.io._schema.KEYS`).

Countries, multiplier, tier counter, own tier tables and the price exclusion.
"""

from __future__ import annotations

from poolcalc.io._schema_types import (
    NONE,
    REQUIRED,
    Key,
    is_bool,
    is_list,
    is_table,
    region_tiers_toml,
)

__all__ = ["REGION2", "REGION_KEYS"]

REGION2 = ("HEVC Advance Region 2: 50 % of the Region 1 rate for a first sale in Region 2 "
           "(accessadvance.com/topic-where-and-when-is-a-royalty-due/)")
_AAC = ("Via LA AAC: Region 1 and Region 2 volumes are tiered separately and may not be "
        "aggregated (via-la.com/acc-faq-alternative-rate-structure/)")
_AAC_R2 = ("Via LA AAC Alternative Rate Structure: sales in R2 countries are reported under "
           "'the R2 rate table', volumes tiered separately "
           "(via-la.com/acc-faq-alternative-rate-structure/)")
_HEVC_80 = ("HEVC Advance: Region 2 50 % discount 'except for certain products Sold at or "
            "below $80' (connected home and other devices; "
            "accessadvance.com/topic-where-and-when-is-a-royalty-due/)")

#: The keys of ``[[royalty.regions]]``, in the order the writer writes them.
REGION_KEYS: tuple[Key, ...] = (
    # -- [[royalty.regions]] --------------------------------------------------------------
    Key("royalty.regions[]", "name", "string", "Region name", "Region.name", REQUIRED),
    Key("royalty.regions[]", "countries", "array of strings",
        "ISO 3166-1 alpha-2 codes of the countries of sale in the region",
        "Region.countries", REQUIRED, check=is_list, expect="a list of country codes"),
    Key("royalty.regions[]", "multiplier", "number", "Factor on the rate for sales in the region",
        "Region.multiplier", REQUIRED, allowed=">= 0", pool=REGION2),
    Key("royalty.regions[]", "separate_tiers", "boolean",
        ("Count the region's units on their own tier counter per enterprise and category "
         "(free units and caps stay per enterprise)"), "Region.separate_tiers", False,
        pool=_AAC, check=is_bool, expect="true or false", write="if_set"),
    Key("royalty.regions[]", "tiers", "table",
        ("Own tier table per product (``default``: the default rate) replacing the base "
         "table for the region's rows (no multiplier on it); basis, tier mode, bounds, "
         "category and unit weight stay the base terms'"), "Region.tiers", NONE,
        "none: the base tables times ``multiplier``", unit="as the product's tiers",
        pool=_AAC_R2, check=is_table,
        expect="a table like { aac = [{ from = 0, rate = 0.63 }] }", at_key=True,
        write="if_set", to_toml=region_tiers_toml),
    Key("royalty.regions[]", "exclude_price_at_most", "number",
        ("Rows with ``net_price`` at or below this get none of the region's terms (base "
         "table, multiplier 1, pooled tier counter); makes ``net_price`` required"),
        "Region.exclude_price_at_most", NONE, "no exclusion", unit="currency per unit",
        allowed=">= 0", pool=_HEVC_80, write="if_set"),
    Key("royalty.regions[]", "exclude_categories", "array of strings",
        "Categories the price exclusion applies to (needs ``exclude_price_at_most``)",
        "Region.exclude_categories", NONE, "every category", pool=_HEVC_80, check=is_list,
        expect="a list of categories", write="if_set", to_toml=sorted),
)

"""pool.toml schema rows of a rate (default rate, a product, a rate change).

:func:`rate_keys` gives the keys of ``[royalty]`` (default rate), of a product and of
a rate change, with the real pools they come from.

Part of the schema table :data:`poolcalc.io._schema.KEYS`.
"""

from __future__ import annotations

import math
from typing import Any

from poolcalc.io._schema_terms import MPS_BINAURAL, MPS_PRO
from poolcalc.io._schema_types import (
    INHERIT,
    NONE,
    REQUIRED,
    Key,
    is_str,
    is_table_list,
    tiers_toml,
)

__all__ = ["AVC", "CAPS", "rate_keys"]

AVC = ("MPEG LA AVC/H.264 licence: marginal brackets 0 / US$0.20 / US$0.10 per unit at "
       "100,000 / 5,000,000 units per Enterprise per year (cdrinfo.com/d7/node/7208, "
       "19 May 2004)")
_DVD6C = ("DVD6C: 4 % of the net selling price, minimum US$4, maximum US$8 per player from "
          "1 January 2003 (dvd6cla.com/news/008.html)")
_XHE = ("xHE-AAC: nine volume tiers US$1.08 to US$0.35 per unit, marginal or whole-volume "
        "not stated (radioworld.com)")
_DVD3C = ("DVD 3C players: 3.5 % of the net selling price, minimum US$5 (asiabiztech.com, "
          "25 February 1999), a fixed US$5.00 per player from 1 July 2002 (cdrinfo.com/d7/"
          "content/philips-announces-new-dvd-video-player-royalty-rates)")
CAPS = ("HEVC Advance: annual caps per product category plus an Enterprise cap "
        "(accessadvance.com/faq/); MPEG LA MPEG-4 Visual caps per licence section and year "
        "(sec.gov/Archives/edgar/data/1342960/000119312509050004/dex1019.htm)")
_RATE_DOC = {
    "basis": ("``unit``: the tier rates are currency per unit; ``price``: a fraction of the "
              "row's ``net_price``"),
    "tier_mode": ("``marginal``: each bracket's rate applies to the units inside it; "
                  "``volume``: every unit pays the rate of the bracket the year's total reaches"),
    "tiers": ("Brackets ``{ from = N, rate = r }``: units after N (per enterprise and category "
              "per calendar year) pay r; ``from`` strictly increasing, the first 0"),
    "min_per_unit": "Floor of the amount per unit (basis ``price``)",
    "max_per_unit": "Ceiling of the amount per unit (basis ``price``)",
    "unit_weight": ("Units one sold unit counts as, for the tiers and the amount (exact: "
                    "counted in 1/D units, D the common denominator)"),
    "category": ("Cap bucket and tier counter: products of one category count their units "
                 "together and share a category cap"),
}


def rate_keys(table: str, owner: str, *, inherit: bool = False, change: bool = False
               ) -> list[Key]:
    """Return the rate keys of ``[royalty]`` (default rate), a product or a rate change."""
    def dflt(value: Any) -> Any:
        return INHERIT if inherit or change else value

    via = "as in [royalty]" if inherit else "as in force before" if change else ""
    fixed = "only unchanged: a rate change keeps the base rate's " if change else ""
    return [
        Key(table, "basis", "string",
            (_RATE_DOC["basis"] + "; a new basis from ``effective`` on resets "
             "``min_per_unit``, ``max_per_unit`` and ``max_fraction_of_price`` to their "
             "defaults unless given") if change else _RATE_DOC["basis"],
            f"{owner}.basis", dflt("unit"), via, allowed="unit, price",
            pool=f"{_DVD3C}" if change else _DVD6C),
        Key(table, "tier_mode", "string", fixed + _RATE_DOC["tier_mode"], f"{owner}.tier_mode",
            dflt("marginal"), via, allowed="marginal, volume", pool=f"{AVC}; {_XHE}",
            write="never" if change else "always"),
        Key(table, "tiers", "array of inline tables", _RATE_DOC["tiers"], f"{owner}.tiers",
            REQUIRED if change else INHERIT if inherit else NONE,
            via or "none: no default rate (every product needs its own table)",
            unit="currency per unit, or fraction of net price (basis price)",
            pool=AVC, check=is_table_list,
            expect="an array of tables like [{ from = 0, rate = 0.2 }]", at_key=True,
            to_toml=tiers_toml),
        Key(table, "min_per_unit", "number", _RATE_DOC["min_per_unit"],
            f"{owner}.min_per_unit", dflt(0.0), via, unit="currency per unit", allowed=">= 0",
            pool=_DVD6C),
        Key(table, "max_per_unit", "number", _RATE_DOC["max_per_unit"],
            f"{owner}.max_per_unit", dflt(math.inf), via, unit="currency per unit",
            allowed=">= min_per_unit, inf = none", pool=_DVD6C),
        Key(table, "category", "string", fixed + _RATE_DOC["category"], f"{owner}.category",
            INHERIT if change else NONE,
            via if change else "the product's name (``default`` for the default rate)",
            pool=CAPS, check=is_str, expect="a string", at_key=True,
            write="never" if change else "if_set"),
        Key(table, "max_fraction_of_price", "number",
            fixed + ("Ceiling of the amount per unit as a fraction of the row's ``net_price`` "
                     "(basis ``unit``; makes ``net_price`` required)"),
            f"{owner}.max_fraction_of_price", INHERIT if change else math.inf,
            "as in force before" if change else "", unit="fraction of net price",
            allowed=">= 0, inf = none", pool=MPS_PRO, write="never" if change else "if_set"),
        Key(table, "unit_weight", "number", fixed + _RATE_DOC["unit_weight"],
            f"{owner}.unit_weight", INHERIT if change else 1.0,
            "as in force before" if change else "", unit="units per unit sold",
            allowed="> 0, a fraction with denominator <= 1000", pool=MPS_BINAURAL,
            write="never" if change else "if_set"),
    ]



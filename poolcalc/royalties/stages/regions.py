r"""Regional terms of each row: region, tier counter, multiplier and rate key (stage 1).

A row sold in country c is in region ``k(c)`` (0: none).  The region's exclusion
moves it out again: with threshold ``P_k`` and categories ``C_k`` (empty: all), a row
with ``p_i <= P_k`` and category in ``C_k`` is charged as a sale outside every region
(HEVC Advance: no Region 2 discount for connected home and other devices "Sold at or
below $80").  Then, for the effective region ``r_i``::

    counter_i = k-th separately tiered region's counter, or 0 (pooled)
    rate_i    = region r_i's own table for the product, when it has one,
                else the product's base terms
    m_i       = 1 with an own table (the table replaces the base one),
                else the region's multiplier (1 outside every region)

An own table's rows carry the rate key ``P r_i + prod_i`` (P products), so stage 4
charges them on that table; every other row's key is its product code.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
Via Licensing Alliance, AAC FAQ, "Alternative Rate Structure" (R2 sales "will be
reported" under "the R2 rate table", volumes tiered separately),
via-la.com/acc-faq-alternative-rate-structure/.  Access Advance, "Where and when is a
royalty due?" (Region 2: 50 % discount "except for certain products Sold at or below
$80"), accessadvance.com/topic-where-and-when-is-a-royalty-due/.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.tables import COUNTRIES, country_code

__all__ = ["RegionalRows", "regional_rows"]


@attrs.frozen(eq=False)
class RegionalRows:
    """Per row (table order): tier counter, multiplier, rate key; and the extra rates."""

    counter: np.ndarray | None
    n_counters: int
    mult: np.ndarray
    rkey: np.ndarray | None
    rates: dict[int, Any]


def _needs_price(rate: Any) -> bool:
    return str(rate.basis) == "price" or bool(
        np.isfinite(getattr(rate, "max_fraction_of_price", np.inf)))


def regional_rows(
    terms: Any, products: tuple[str, ...], prod: np.ndarray, cs: np.ndarray,
    price: np.ndarray, line: np.ndarray, cat_row: np.ndarray, categories: tuple[str, ...],
) -> RegionalRows | None:
    """Regional terms of the rows (module docstring); ``None`` without regions.

    Raises
    ------
    InvalidInputError
        A row an exclusion may apply to, or a row charged on an own table that needs
        a price, without a finite ``net_price`` (the message names the line).
    """
    regions = tuple(terms.regions)
    if not regions:
        return None
    of_country = np.zeros(max(len(COUNTRIES), 256), np.int64)
    counter_of = np.zeros(len(regions) + 1, np.int64)
    mult_of = np.ones(len(regions) + 1, np.float64)
    k_sep = 0
    for k, reg in enumerate(regions, start=1):
        for c in reg.countries:
            of_country[country_code(c)] = k
        if reg.separate_tiers:
            k_sep += 1
            counter_of[k] = k_sep
        mult_of[k] = reg.multiplier
    r = of_country[cs]
    for k, reg in enumerate(regions, start=1):
        if reg.exclude_price_at_most is None:
            continue
        mine = r == k
        if reg.exclude_categories:
            codes = [i for i, c in enumerate(categories) if c in reg.exclude_categories]
            mine &= np.isin(cat_row, codes)
        if not mine.any():
            continue
        p = price[mine]
        if not np.isfinite(p).all():
            i = int(np.flatnonzero(mine)[np.argmax(~np.isfinite(p))])
            raise InvalidInputError(
                f"sales line {line[i]}: net_price is required for a sale in region "
                f"{reg.name!r} (its terms exclude sales at or below "
                f"{reg.exclude_price_at_most:g}), got none")
        out = np.zeros_like(mine)
        out[mine] = p <= reg.exclude_price_at_most
        r[out] = 0
    mult = mult_of[r]
    rkey = None
    rates: dict[int, Any] = {}
    n_prod = len(products)
    present = np.flatnonzero(np.bincount(prod, minlength=n_prod)).tolist()
    for k, reg in enumerate(regions, start=1):
        if not reg.tiers:
            continue
        for p in present:
            rate = terms.regional_rate(reg, products[p])
            if rate is None:
                continue
            rows = (r == k) & (prod == p)
            if not rows.any():
                continue
            if rkey is None:
                rkey = prod.astype(np.int64)
            key = n_prod * k + p
            rkey[rows] = key
            mult[rows] = 1.0
            rates[key] = rate
            if _needs_price(rate) and not np.isfinite(price[rows]).all():
                i = int(np.flatnonzero(rows & ~np.isfinite(price))[0])
                raise InvalidInputError(
                    f"sales line {line[i]}: net_price is required for product "
                    f"{products[p]!r} in region {reg.name!r} (its own table's basis "
                    "needs the price), got none")
    counter = counter_of[r] if k_sep else None
    return RegionalRows(counter=counter, n_counters=k_sep + 1, mult=mult, rkey=rkey, rates=rates)

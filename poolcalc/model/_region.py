"""Regions of sale: a rate multiplier, an own tier table, a price exclusion.

:class:`Region` is one entry of ``Schedule.regions`` (``[[royalty.regions]]``);
:func:`regional_rate` gives a product's terms in a region with its own table and
:func:`check_regions` checks the regions against the schedule.

References
----------
Via Licensing Alliance, AAC FAQ, "Alternative Rate Structure": licensed products
sold in R2 countries are reported under "the R2 rate table"; "The volume discount is
calculated separately for units reported under the R1 rate table and units reported
under the R2 rate table", via-la.com/acc-faq-alternative-rate-structure/.  Access
Advance, HEVC Advance royalty structure: "Royalty reduction (50% discount): If the
First Sale is in a country/territory in Region 2 ... except for certain products Sold
at or below $80"; the Japanese page names them: connected home and other devices
sold at or below US$80, accessadvance.com/topic-where-and-when-is-a-royalty-due/.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._rates import ProductRate, Tier, _tiers
from poolcalc.model._validators import check_country, check_finite, check_id, to_bool

__all__ = ["Region", "check_regions", "regional_rate"]

#: Key of :attr:`Region.tiers` for the schedule's default rate.
DEFAULT_KEY = "default"


def _region_tiers(value: Any) -> Mapping[str, tuple[Tier, ...]]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"region tiers must be a table product -> tiers, got {value!r}")
    out = {}
    for name, tiers in value.items():
        key = check_id(str(name), "region tiers product")
        if isinstance(tiers, str | bytes) or not hasattr(tiers, "__iter__"):
            raise InvalidInputError(
                f"region tiers.{key}: must be an array of tiers like [{{ from = 0, rate = 0.2 }}],"
                f" got {tiers!r}")
        got = _tiers(tiers)
        if not got:
            raise InvalidInputError(f"region tiers.{key}: needs at least one tier")
        out[key] = got
    return MappingProxyType(out)


def _threshold(value: Any) -> float | None:
    if value is None:
        return None
    return check_finite(value, "region exclude_price_at_most", low=0.0)


def _categories(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    return frozenset(check_id(str(c), "region exclude_categories") for c in value)


@attrs.frozen
class Region:
    """A group of countries of sale with its own rate terms (HEVC Advance Region 2).

    A row sold in the region is charged ``multiplier`` times its product's base terms,
    or, when the region has its own tier table for the product (``tiers``), that
    table instead (no multiplier on it).  A row the region *excludes* (``net_price <=
    exclude_price_at_most`` and its product's category in ``exclude_categories``) is
    charged as a sale outside every region: base table, multiplier 1, the pooled tier
    counter.

    Attributes
    ----------
    name : str
    countries : frozenset of str
        ISO 3166-1 alpha-2 codes of the countries of sale in the region.
    multiplier : float
        Factor on the base rate for sales in the region (HEVC Advance Region 2: 0.5).
    separate_tiers : bool, default False
        Count the region's units in their own tier counter per enterprise and
        category instead of adding them to the enterprise's other units (Via LA
        AAC: R1 and R2 volumes are "tiered separately and may not be aggregated",
        via-la.com/acc-faq-alternative-rate-structure/).  Free units and caps stay per
        enterprise (and category).
    tiers : mapping of str to tuple of Tier
        Own tier table per product (key ``default``: the schedule's default rate)
        that replaces the base table for the region's rows of that product; basis,
        tier mode, per-unit bounds, category and unit weight stay the base terms'
        (Via LA AAC "R2 rate table").  Products not listed: base table times
        ``multiplier``.
    exclude_price_at_most : float or None
        Rows with ``net_price <=`` this [currency per unit] get none of the region's
        terms (HEVC Advance: no Region 2 discount for connected home and other devices
        "Sold at or below $80"); ``None``: no exclusion.  Makes ``net_price``
        required for the rows it may apply to.
    exclude_categories : frozenset of str
        Categories the exclusion applies to (empty: every category).
    """

    name: str = attrs.field(converter=partial(check_id, field="region name"))
    countries: frozenset[str] = attrs.field(
        converter=lambda v: frozenset(check_country(c, "region country") for c in v)
    )
    multiplier: float = attrs.field(
        converter=partial(check_finite, field="region multiplier", low=0.0))
    separate_tiers: bool = attrs.field(
        default=False, converter=lambda v: to_bool(v, "region separate_tiers")
    )
    tiers: Mapping[str, tuple[Tier, ...]] = attrs.field(
        factory=dict, converter=_region_tiers, kw_only=True)
    exclude_price_at_most: float | None = attrs.field(
        default=None, converter=_threshold, kw_only=True)
    exclude_categories: frozenset[str] = attrs.field(
        factory=frozenset, converter=_categories, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.exclude_categories and self.exclude_price_at_most is None:
            raise InvalidInputError(
                f"region {self.name!r}: exclude_categories needs exclude_price_at_most")


def regional_rate(schedule: Any, region: Region, product: str) -> ProductRate | None:
    """Terms of ``product`` in ``region`` when the region has its own table for it.

    The base terms (``schedule.rate_for(product)``) with the region's tiers; ``None``
    when the region has no table for the product (base table times the multiplier).
    """
    if not region.tiers:
        return None
    key = product if product in schedule.products else DEFAULT_KEY
    tiers = region.tiers.get(key)
    if tiers is None:
        return None
    return _with_tiers(region, key, schedule.rate_for(product))


def _with_tiers(region: Region, key: str, base: ProductRate) -> ProductRate:
    try:
        return attrs.evolve(base, tiers=region.tiers[key])
    except InvalidInputError as exc:
        raise InvalidInputError(f"region {region.name!r} tiers.{key}: {exc}") from None


def check_regions(schedule: Any) -> None:
    """Refuse regions that do not fit the schedule (one line naming region and key).

    A country in two regions; an own table for a product with no terms; an own table
    in a schedule with rate changes (not supported: the dated stage has no regional
    tables); an excluded category no product has.
    """
    seen: dict[str, str] = {}
    cats = schedule.categories
    for r in schedule.regions:
        for c in r.countries:
            if c in seen:
                raise InvalidInputError(
                    f"country {c} is in two regions: {seen[c]!r} and {r.name!r}")
            seen[c] = r.name
        for key in r.tiers:
            if key == DEFAULT_KEY:
                if schedule.default is None:
                    raise InvalidInputError(
                        f"region {r.name!r} tiers.default: the schedule has no default rate")
                _with_tiers(r, key, schedule.default)
            elif key not in schedule.products:
                listed = ", ".join(sorted(schedule.products)) or "none"
                raise InvalidInputError(
                    f"region {r.name!r} tiers.{key}: unknown product {key!r} (listed in "
                    f"[royalty.products]: {listed}; 'default' for the default rate)")
            else:
                regional_rate(schedule, r, key)
        if r.tiers and schedule.rate_changes:
            raise InvalidInputError(
                f"region {r.name!r}: own tier tables cannot be combined with rate_changes "
                "(not supported)")
        unknown = sorted(r.exclude_categories - cats)
        if unknown:
            raise InvalidInputError(
                f"region {r.name!r} exclude_categories: no product has category "
                f"{unknown[0]!r} (categories: {', '.join(sorted(cats))})")

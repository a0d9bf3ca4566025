"""Regions of sale with a rate multiplier (``Schedule.regions``)."""

from __future__ import annotations

from functools import partial

import attrs

from poolcalc.model._validators import check_country, check_finite, check_id, to_bool

__all__ = ["Region"]


@attrs.frozen
class Region:
    """A group of countries of sale with a rate multiplier (HEVC Advance Region 2 = 0.5).

    Attributes
    ----------
    name : str
    countries : frozenset of str
        ISO 3166-1 alpha-2 codes of the countries of sale in the region.
    multiplier : float
        Factor on the rate for sales in the region.
    separate_tiers : bool, default False
        Count the region's units in their own tier counter per enterprise and
        category instead of adding them to the enterprise's other units (Via LA
        AAC: R1 and R2 volumes are "tiered separately and may not be aggregated",
        via-la.com/acc-faq-alternative-rate-structure/).  Free units and caps stay per
        enterprise (and category).
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

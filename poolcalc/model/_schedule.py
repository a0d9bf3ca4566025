"""Royalty schedules: tiers, per-product rates, regions, discounts and caps.

The objects describe what real pool licences say (every pool.toml key, its source
pool and default: ``docs/pool-toml.md``); the royalty engine in
:mod:`poolcalc.royalties` applies them.  Every amount is per
enterprise (affiliated group) per calendar year.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from functools import partial
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._caps import cap_in, category_caps_by_year, enterprise_cap_by_year
from poolcalc.model._changes import check_rate_changes
from poolcalc.model._eligibility import Eligibility, eligibility
from poolcalc.model._enums import ChainLevel, DiscountCombination, DueRule, WaiverRule
from poolcalc.model._fees import check_entry_fee
from poolcalc.model._fields import _caps, _chain_discounts, _member_rate, _products
from poolcalc.model._generations import charged_product, generations
from poolcalc.model._named import NamedDiscount, named_discounts
from poolcalc.model._rates import ProductRate, Tier
from poolcalc.model._region import Region, check_regions, regional_rate
from poolcalc.model._validators import (
    check_finite,
    check_id,
    check_units,
    choice,
    to_bool,
    to_date,
    to_optional_date,
)

__all__ = ["Discounts", "ProductRate", "RateChange", "Region", "Schedule", "Tier"]


@attrs.frozen
class RateChange:
    """New terms for a product from a date on (mid-year rate change, renewal).

    Attributes
    ----------
    effective : datetime.date
        First sale date the new terms apply to (MPEG-2: US$2.50 -> 2.00 from
        2010-01-01; DVD6C players 2.00 -> 1.75 from July 2016).  Neither applies to
        everyone: MPEG-2's applies "from the later of January 1, 2010 or the execution
        date of the new License" (MPEG LA, 6 July 2009, digitaltvnews.net/?p=9369:
        ``from_signing=True``), DVD6C's to licensees in good standing who enter into
        the revised agreement (offer letter, 29 November 2016,
        dvd6cla.com/offer/004_existing.html: ``eligible=Eligibility(good_standing=True,
        agreement=...)``).  Without ``eligible`` and ``from_signing`` a change applies
        to every licensee from ``effective``.
    rate : ProductRate
        The terms from ``effective`` on: new ``basis``, tiers, ``min_per_unit`` and
        ``max_per_unit``;
        ``tier_mode``, ``category`` and ``unit_weight`` must be those of the base rate
        (checked by :class:`Schedule`).  A new basis: DVD 3C players, 3.5 % of the net
        price, min US$5, then "a fixed royalty of US$5.00" from 1 July 2002 (cdrinfo.com).
    product : str or None
        The product (a key of ``Schedule.products``) whose rate changes; ``None``:
        the default rate (products without their own entry).
    eligible : Eligibility or None
        Only licensees meeting it get the new terms (the others stay on the terms in
        force for them before); ``None``: every licensee.
    from_signing : bool
        The change applies to a licensee from the later of ``effective`` and its
        signature date (``Licensee.signed``; unknown: ``effective``).
    """

    effective: dt.date = attrs.field(converter=partial(to_date, field="effective"))
    rate: ProductRate = attrs.field()
    product: str | None = attrs.field(
        default=None, converter=lambda v: None if v is None else check_id(v, "rate change product")
    )
    eligible: Eligibility | None = attrs.field(default=None, converter=eligibility("eligible"))
    from_signing: bool = attrs.field(default=False, converter=lambda v: to_bool(v, "from_signing"))

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.rate, ProductRate):
            raise InvalidInputError(f"rate change rate must be a ProductRate, got {self.rate!r}")


@attrs.frozen
class Discounts:
    """Status discounts as fractions of the rate, and how they combine.

    Attributes
    ----------
    good_standing : float
        Discount for licensees in good standing (Sisvel Wi-Fi 6: 0.60 -> 0.50 is 1/6).
    early_signing : float
        Discount for licensees that signed on or before ``early_signing_by``.
    early_signing_by : datetime.date or None
    combine : DiscountCombination
        ``max`` (non-additive, HEVC Advance), ``additive`` or ``multiplicative``;
        applies to all discounts a licensee qualifies for (good standing, early
        signing, chain level).
    chain_level : mapping of ChainLevel to float
        Preferential discount by the licensee's industry-chain level (seed paper
        section 3.1(2): in industrialization the pool licenses firms along the
        industry chain preferentially); levels not listed get none.
    eligible : Eligibility or None
        Only licensees meeting it get any discount.
    named : mapping of str to NamedDiscount
        Discounts of the pool's naming, each for the licensees meeting its own
        ``eligible`` (HEVC Advance In-Compliance and logo discounts, non-additive:
        :mod:`poolcalc.model._named`), combined with the others under ``combine``.
    """

    good_standing: float = attrs.field(
        default=0.0,
        converter=partial(check_finite, field="good_standing discount", low=0.0, high=1.0),
    )
    early_signing: float = attrs.field(
        default=0.0,
        converter=partial(check_finite, field="early_signing discount", low=0.0, high=1.0),
    )
    early_signing_by: dt.date | None = attrs.field(
        default=None, converter=partial(to_optional_date, field="early_signing_by")
    )
    combine: DiscountCombination = attrs.field(
        default=DiscountCombination.MAX,
        converter=lambda v: choice(v, DiscountCombination, "discounts combine"),
    )
    chain_level: Mapping[ChainLevel, float] = attrs.field(
        factory=dict, converter=_chain_discounts, eq=lambda d: tuple(d.items())
    )
    eligible: Eligibility | None = attrs.field(default=None, converter=eligibility("eligible"))
    named: Mapping[str, NamedDiscount] = attrs.field(
        factory=dict, converter=named_discounts, eq=lambda d: tuple(d.items()))

    def __attrs_post_init__(self) -> None:
        if self.early_signing > 0 and self.early_signing_by is None:
            raise InvalidInputError("early_signing discount needs early_signing_by (a date)")

    def fraction(
        self,
        good_standing: bool,
        signed: dt.date | None,
        chain_level: ChainLevel | str | None = None,
    ) -> float:
        """Return the combined discount fraction for one licensee (in [0, 1]), without ``named``.

        ``d1`` good standing, ``d2`` early signing (signed on or before
        ``early_signing_by``), ``d3`` the chain-level discount of ``chain_level``,
        combined as ``max(d1, d2, d3)``, ``min(1, d1 + d2 + d3)`` or
        ``1 - (1 - d1)(1 - d2)(1 - d3)``.
        """
        d1 = self.good_standing if good_standing else 0.0
        early = (signed is not None and self.early_signing_by is not None
                 and signed <= self.early_signing_by)
        d2 = self.early_signing if early else 0.0
        level = None if chain_level is None else choice(chain_level, ChainLevel, "chain_level")
        d3 = 0.0 if level is None else self.chain_level.get(level, 0.0)
        if self.combine is DiscountCombination.MAX:
            return max(d1, d2, d3)
        if self.combine is DiscountCombination.ADDITIVE:
            return min(1.0, d1 + d2 + d3)
        return 1.0 - (1.0 - d1) * (1.0 - d2) * (1.0 - d3)


#: Sentinel for an omitted ``Schedule.default`` (resolved in ``__attrs_post_init__``).
_UNSET: Any = object()


@attrs.frozen
class Schedule:
    """The pool licence's royalty terms (the ``[royalty]`` table of pool.toml).

    Attributes
    ----------
    due : DueRule
        Royalty-due test: at least one pooled essential patent in force on the sale
        date in the country of sale, of manufacture, or either (Access Advance,
        accessadvance.com/topic-where-and-when-is-a-royalty-due/; MPEG LA MPEG-2).
    default : ProductRate or None
        Rate for products without their own entry; ``None`` means every product
        must be listed in ``products``.  When omitted: ``None`` if ``products`` lists
        any product (an unlisted product is an error, not a silent zero rate), else a
        zero-rate ``ProductRate()``.
    products : mapping of str to ProductRate
    regions : tuple of Region
        Terms by country of sale: a multiplier, an own tier table per product, a
        price exclusion (a country in no region: base terms).
    discounts : Discounts
    enterprise_cap : float
        Annual cap per enterprise [currency]; ``inf`` for none.
    category_caps : mapping of str to float
        Annual cap per enterprise per product category [currency].
    licensee_caps : mapping of str to float
        Annual cap per licensee (legal entity, not enterprise) per category
        [currency], applied before the category and enterprise caps (MPEG-4 AAC PC
        software: US$25,000 / US$250,000 per legal entity; MPEG Surround: US$32,000
        per PC software product, a category of its own, and US$172,000 per licensee).
    free_units : int
        Units per enterprise per year that owe nothing (before tiers).
    free_amount : float
        Annual money waiver per enterprise (HEVC Advance US$25,000) [currency].
    free_amount_rule : WaiverRule
        ``credit`` (default: an enterprise owes the excess over ``free_amount``) or
        ``threshold`` (below it nothing, else everything); the sources disagree
        (:class:`~poolcalc.model.WaiverRule`).
    member_rate : float
        Factor in [0, 1] on the royalty of licensees that are pool members
        (``Licensee.member`` set): 0.0 = royalty-free cross-licensing among members
        (seed paper, formation stage), 1.0 (default) = members pay like every
        licensee (MPEG LA practice).  Members' units still count toward their
        enterprise's tiers, free units and caps (see :mod:`poolcalc.royalties`).
    members_only : bool
        The pool licenses its members only (seed paper, formation stage: patents
        shared only among the pool's members); sales of other licensees are not
        royalty-bearing under the pool licence and are reported as such.
    rate_changes : tuple of RateChange
    enterprise_cap_by_year : mapping of int to float
        Enterprise cap from a calendar year on (AVC/H.264: 3.5M from 2005, 4.25M from
        2007, 5M from 2009, 6.5M from 2011); years before the first: ``enterprise_cap``
        (:mod:`poolcalc.model._caps`).
    category_caps_by_year : mapping of int to mapping of str to float
        Category caps from a calendar year on (MPEG-4 Visual caps per licence section,
        2009 / 2010 / 2011-2013); each year's table overrides ``category_caps`` for the
        categories it lists.
    caps_eligible : Eligibility or None
        Only licensees meeting it have their royalties capped (category and
        enterprise caps); the others' rows are neither capped nor counted toward
        the caps (HEVC Advance, December 2015: late signers get no caps).
    strict_products : bool
        Refuse a product not listed in ``products`` (:meth:`rate_for` raises) even
        when a default rate exists: a misspelt product name is an error instead of a
        sale at the default rate.  Without it the royalty report notes which
        products were charged the default rate.
    past_caps_factor : float
        Factor in [0, 1] on the category and enterprise caps of the calendar years
        before an enterprise's licensees signed, when all of them meet
        ``past_caps_eligible`` (HEVC Advance, December 2015: signing within the first
        12 months gives "50% off the annual cap" on past sales; 0.5); 1: none.
    past_caps_eligible : Eligibility or None
        Who gets ``past_caps_factor`` (``None``: every licensee).
    generations : tuple of tuple of str
        Lists of products, highest generation first: a sales row naming several
        products of one list joined with ``+`` (``vehicle_4g+vehicle_3g``) is charged
        as the highest one only (Avanci 4G includes 2G and 3G;
        :mod:`poolcalc.model._generations`).
    entry_fee : float
        Fee invoiced to a licensee in the calendar year it signs [currency] (DVD 3C:
        US$10,000; :mod:`poolcalc.model._fees`).
    entry_fee_creditable : float
        Part of ``entry_fee`` offset against the licensee's royalties of the following
        years until used [currency] (DVD 3C: US$5,000).
    """

    due: DueRule = attrs.field(
        default=DueRule.SALE_OR_MANUFACTURE, converter=lambda v: choice(v, DueRule, "due")
    )
    # Omitted: a zero-rate default when no product is listed (an empty schedule), else
    # None, so a product missing from ``products`` is an error, never a silent 0 rate.
    default: ProductRate | None = attrs.field(default=_UNSET)
    products: Mapping[str, ProductRate] = attrs.field(factory=dict, converter=_products)
    regions: tuple[Region, ...] = attrs.field(factory=tuple, converter=tuple)
    discounts: Discounts = attrs.field(factory=Discounts)
    enterprise_cap: float = attrs.field(
        default=math.inf,
        converter=partial(check_finite, field="enterprise_cap", low=0.0, allow_inf=True),
    )
    category_caps: Mapping[str, float] = attrs.field(factory=dict, converter=_caps)
    licensee_caps: Mapping[str, float] = attrs.field(factory=dict, converter=_caps, kw_only=True)
    free_units: int = attrs.field(default=0, converter=partial(check_units, field="free_units"))
    free_amount: float = attrs.field(
        default=0.0, converter=partial(check_finite, field="free_amount", low=0.0)
    )
    free_amount_rule: WaiverRule = attrs.field(
        default=WaiverRule.CREDIT, converter=lambda v: choice(v, WaiverRule, "free_amount_rule"),
        kw_only=True)
    member_rate: float = attrs.field(default=1.0, converter=lambda v: _member_rate(v))
    members_only: bool = attrs.field(default=False, converter=lambda v: to_bool(v, "members_only"))
    rate_changes: tuple[RateChange, ...] = attrs.field(factory=tuple, converter=tuple)
    caps_eligible: Eligibility | None = attrs.field(
        default=None, converter=eligibility("caps_eligible")
    )
    past_caps_factor: float = attrs.field(
        default=1.0, converter=partial(check_finite, field="past_caps_factor", low=0.0, high=1.0),
        kw_only=True)
    past_caps_eligible: Eligibility | None = attrs.field(
        default=None, converter=eligibility("past_caps_eligible"), kw_only=True)
    enterprise_cap_by_year: Mapping[int, float] = attrs.field(
        factory=dict, converter=enterprise_cap_by_year
    )
    category_caps_by_year: Mapping[int, Mapping[str, float]] = attrs.field(
        factory=dict, converter=category_caps_by_year
    )
    generations: tuple[tuple[str, ...], ...] = attrs.field(factory=tuple, converter=generations)
    entry_fee: float = attrs.field(
        default=0.0, converter=partial(check_finite, field="entry_fee", low=0.0), kw_only=True)
    entry_fee_creditable: float = attrs.field(
        default=0.0, converter=partial(check_finite, field="entry_fee_creditable", low=0.0),
        kw_only=True)

    def enterprise_cap_in(self, year: int) -> float:
        """Return the enterprise cap in force in calendar ``year``."""
        return cap_in(self.enterprise_cap_by_year, year, self.enterprise_cap)

    def category_caps_in(self, year: int) -> Mapping[str, float]:
        """Return the category caps in force in calendar ``year``."""
        return {**self.category_caps, **cap_in(self.category_caps_by_year, year, {})}

    def conditions(self) -> tuple[Eligibility, ...]:
        """Every distinct eligibility condition of the schedule (rates, discounts, caps)."""
        found = [ch.eligible for ch in self.rate_changes]
        found += [self.discounts.eligible, self.caps_eligible, self.past_caps_eligible]
        found += [d.eligible for d in self.discounts.named.values()]
        return tuple(dict.fromkeys(e for e in found if e is not None))

    def changes_for(self, product: str) -> tuple[RateChange, ...]:
        """Return the rate changes of ``product`` (of the default rate when it has no entry)."""
        product = charged_product(self.generations, product)
        key = product if product in self.products else None
        return tuple(ch for ch in self.rate_changes if ch.product == key)
    strict_products: bool = attrs.field(
        default=False, converter=lambda v: to_bool(v, "strict_products"))

    def __attrs_post_init__(self) -> None:
        if self.default is _UNSET:
            object.__setattr__(self, "default", None if self.products else ProductRate())
        if self.default is not None and not isinstance(self.default, ProductRate):
            raise InvalidInputError(
                f"default must be a ProductRate or None, got {type(self.default).__name__}")
        for name, rate in self.products.items():
            if not isinstance(rate, ProductRate):
                raise InvalidInputError(
                    f"products[{name!r}] must be a ProductRate, got {type(rate).__name__}")
        if self.strict_products and not self.products:
            raise InvalidInputError(
                "strict_products = true needs at least one [royalty.products.<name>]")
        cats = self.categories
        for cat in self.category_caps:
            if cat not in cats:
                raise InvalidInputError(
                    f"category_caps: {cat}: no product has category {cat!r}, so the cap "
                    f"would cap nothing (categories: {', '.join(sorted(cats)) or 'none'})")
        check_rate_changes(self, RateChange)
        check_entry_fee(self)
        for r in self.regions:
            if not isinstance(r, Region):
                raise InvalidInputError(f"regions must be Region objects, got {r!r}")
        check_regions(self)
        for gen in self.generations:
            unknown = [p for p in gen if p not in self.products]
            if unknown:
                raise InvalidInputError(f"generations: product {unknown[0]!r} has no "
                                        "[royalty.products] entry")
        if self.default is None and not self.products:
            raise InvalidInputError(
                "[royalty] needs default tiers or at least one [royalty.products.<name>]")

    def rate_periods(self, product: str) -> tuple[tuple[dt.date | None, ProductRate], ...]:
        """Terms of ``product`` over time: ``((None, base), (effective_1, rate_1), ...)``.

        Period k applies to sale dates ``effective_k <= date < effective_{k+1}``.
        """
        product = charged_product(self.generations, product)
        base = self.rate_for(product)
        key = product if product in self.products else None
        return ((None, base),) + tuple(
            (ch.effective, ch.rate) for ch in self.rate_changes if ch.product == key
        )

    def rate_for(self, product: str, on: dt.date | None = None) -> ProductRate:
        """Return the schedule of ``product`` (in force on sale date ``on``, when given).

        Raise when the product is not listed and no default covers it.
        """
        product = charged_product(self.generations, product)
        if self.strict_products and product not in self.products:
            raise InvalidInputError(
                f"product {product!r} is not listed in [royalty.products] "
                f"({', '.join(sorted(self.products))}) and strict_products = true")
        rate = self.products.get(product, self.default)
        if rate is None:
            listed = ", ".join(sorted(self.products))
            raise InvalidInputError(
                f"product {product!r} has no schedule (listed products: {listed}; no default tiers)"
            )
        if on is not None and self.rate_changes:
            for eff, r in self.rate_periods(product)[1:]:
                if eff is not None and eff <= on:
                    rate = r
        return rate

    @property
    def categories(self) -> frozenset[str]:
        """Every cap bucket of the schedule: each product's and the default rate's."""
        cats = {r.category if r.category is not None else p for p, r in self.products.items()}
        if self.default is not None:
            cats.add(self.default.category if self.default.category is not None else "default")
        return frozenset(cats)

    def category_of(self, product: str) -> str:
        """Tier-counter and cap bucket of ``product``."""
        product = charged_product(self.generations, product)
        rate = self.rate_for(product)
        if rate.category is not None:
            return rate.category
        return product if product in self.products else "default"

    def regional_rate(self, region: Region, product: str) -> ProductRate | None:
        """Terms of ``product`` in ``region`` with its own tier table (``None``: none)."""
        return regional_rate(self, region, charged_product(self.generations, product))

    def region_multiplier(self, country: str) -> float:
        """Rate multiplier for a sale in ``country`` (1 outside every region)."""
        for r in self.regions:
            if country in r.countries:
                return r.multiplier
        return 1.0

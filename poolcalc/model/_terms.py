"""Licence terms and pool-agreement clauses: the input of ``poolcalc check``.

Every field is optional and ``None`` means *unknown* (the terms file did not say),
never "compliant": the compliance rules report an unknown field as an ``info``
finding.  Restrictions have an explicit "no restriction" spelling so that a file can
say so: ``max_units = "none"``, ``channels = "any"``, ``tied = []``.

The sections mirror the terms file (``docs/terms-file.md``: ``[license]``, ``[membership]``,
``[administration]``, ``[stack]``) plus ``[renewal]`` (previous vs new rates and the
promised cap), ``[stage]`` (the seed paper's formation / industrialization /
marketization stage and who gets royalty-free cross-licences or preferential rates),
``[market]`` (whether licensees, members and the parties compete; market shares,
dominance and substitute technologies for the safe harbours; the levels of the value
chain), ``[[offers]]`` (effective per-unit rates offered to licensee classes),
``[[discounts]]`` (discounts beyond the pool schedule, with who is eligible) and
``[[products]]`` (which pooled patents each licensed product practises, and its rate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Literal

import attrs

from poolcalc._args import checked_fields
from poolcalc.errors import ChoiceEnum, InvalidInputError
from poolcalc.model._enums import PHASES, Stage

__all__ = [
    "ANY",
    "NONE",
    "Administration",
    "ChallengeTermination",
    "DiscountOffer",
    "Evaluator",
    "GrantBack",
    "GrantBackScope",
    "LicenseOffer",
    "LicenseTerms",
    "Market",
    "Membership",
    "MemberCrossLicense",
    "Offer",
    "ProductPatents",
    "Renewal",
    "RoyaltyBase",
    "Stack",
    "StageTerms",
]

#: Spelling of "no limit" for scalar restrictions (``max_units``, resale prices).
NONE: Literal["none"] = "none"
#: Spelling of "unrestricted" for list restrictions (channels, territories, field of use).
ANY: Literal["any"] = "any"


class RoyaltyBase(ChoiceEnum):
    """What the royalty is computed on."""

    UNIT = "unit"  # per licensed unit
    PRODUCT_PRICE = "product_price"  # fraction of the licensed product's price
    TOTAL_SALES = "total_sales"  # all the licensee's sales, patented or not (Zenith v. Hazeltine)


class ChallengeTermination(ChoiceEnum):
    """What the licensor may terminate when a licensee challenges a pooled patent."""

    NONE = "none"
    CHALLENGED_PATENT = "challenged_patent"
    WHOLE_LICENSE = "whole_license"


class GrantBackScope(ChoiceEnum):
    """Which licensee patents must be licensed back."""

    NONE = "none"
    ESSENTIAL = "essential"  # licensee's own essential patents (MPEG-2 BRL practice)
    ALL_IMPROVEMENTS = "all_improvements"


class MemberCrossLicense(ChoiceEnum):
    """How pool members license each other."""

    ROYALTY_FREE = "royalty_free"
    ROYALTY_BEARING = "royalty_bearing"  # members pay like every licensee (MPEG LA practice)


def _lower_choice(enum: type[StrEnum]) -> Callable[[object], object]:
    def conv(v: object) -> object:
        return None if v is None else enum(v)

    return conv


@attrs.frozen
class GrantBack:
    """Grant-back clause: ``scope``, ``exclusive``, ``royalty_free`` (each may be unknown)."""

    scope: GrantBackScope | None = attrs.field(
        default=None, converter=_lower_choice(GrantBackScope)
    )
    exclusive: bool | None = None
    royalty_free: bool | None = None


@attrs.frozen
class Evaluator:
    """The essentiality evaluator: ``name``, ``independent``, ``affiliated_with`` (member id).

    ``also`` names further evaluators engaged on the same terms (patents.csv may name
    any of them).
    """

    name: str | None = None
    independent: bool | None = None
    affiliated_with: str | None = None
    also: tuple[str, ...] = ()


@attrs.frozen
class LicenseOffer:
    """The ``[license]`` table: what the licensee gets and must accept.

    Attributes
    ----------
    package : "all", "essential", tuple of str or None
        ``"all"``: every patent the pool lists (patents.csv, whatever its status);
        ``"essential"``: only evaluated-essential patents; or a list of patent ids.
    essential_only_package_offered : bool or None
        Whether a licensee can take just the essential patents.
    non_essential_included : bool or None
        The offer's own statement that the package includes non-essential patents
        (used when no pool is given; the pool's statuses win when it is).
    tied : tuple of str or None
        Goods or services the licensee must also buy or use (``()``: none).
    max_units : int, "none" or None
        Output cap per year.
    channels, territories, field_of_use : tuple of str, "any" or None
        Allowed sales channels, countries, fields of use.
    resale_price_min, resale_price_max : float, "none" or None
        Terms fixing the licensee's product prices.
    royalty_base : RoyaltyBase or None
    royalties_until : datetime.date or None
        Last date royalties are charged.
    last_patent_expiry : datetime.date or None
        Expiry the offer itself states for its last patent (used without a pool).
    no_challenge : bool or None
    terminate_on_challenge : ChallengeTermination or None
    grant_back : GrantBack or None
    competing_technology_restricted : bool or None
        Licensee barred from developing or using competing technology.
    price_independent_of_patents_used : bool or None
        The package price is the same however many pooled patents a product practises.
    licensed_levels : tuple of str, "any" or None
        Levels of the value chain the pool licenses (e.g. ``("end_product",)``); "any"
        when every level that asks gets a licence.
    refused_licensees : tuple of str or None
        Firms refused a licence (``()``: none).
    term_start : datetime.date or None
        Start of the current licence term (the date the pool rate was set, unless a
        later ``renewal.previous_renewal`` reset it); also the date from which the
        licence is in force for the law of a date (the EU and UK transitions).
    rates_published : bool or None
        The royalty rates and licence terms are published.
    individual_patents_offered : bool or None
        Licensees may license single patents or groups of patents, not only the whole
        package ("menu" licensing).
    standard_essential : bool or None
        The pool licenses patents essential to a standard (an SEP pool).
    """

    package: Literal["all", "essential"] | tuple[str, ...] | None = None
    essential_only_package_offered: bool | None = None
    non_essential_included: bool | None = None
    tied: tuple[str, ...] | None = None
    max_units: int | Literal["none"] | None = None
    channels: tuple[str, ...] | Literal["any"] | None = None
    territories: tuple[str, ...] | Literal["any"] | None = None
    field_of_use: tuple[str, ...] | Literal["any"] | None = None
    resale_price_min: float | Literal["none"] | None = None
    resale_price_max: float | Literal["none"] | None = None
    royalty_base: RoyaltyBase | None = attrs.field(
        default=None, converter=_lower_choice(RoyaltyBase)
    )
    royalties_until: dt.date | None = None
    last_patent_expiry: dt.date | None = None
    no_challenge: bool | None = None
    terminate_on_challenge: ChallengeTermination | None = attrs.field(
        default=None, converter=_lower_choice(ChallengeTermination)
    )
    grant_back: GrantBack | None = None
    competing_technology_restricted: bool | None = None
    price_independent_of_patents_used: bool | None = None
    licensed_levels: tuple[str, ...] | Literal["any"] | None = None
    refused_licensees: tuple[str, ...] | None = None
    term_start: dt.date | None = None
    rates_published: bool | None = None
    individual_patents_offered: bool | None = None
    standard_essential: bool | None = None


@attrs.frozen
class Membership:
    """The ``[membership]`` table: the pool agreement among licensors.

    ``members_coordinate_prices_or_output`` says whether the pool agreement or its
    administrator sets or coordinates the members' own downstream prices or output
    (joint marketing with coordinated pricing, quotas).
    """

    independent_licensing_allowed: bool | None = None
    exclusive_license_in: bool | None = None
    open_to_all_essential_holders: bool | None = None
    competing_technology_restricted: bool | None = None
    members_coordinate_prices_or_output: bool | None = None


@attrs.frozen
class Administration:
    """The ``[administration]`` table: evaluator, information firewalls, transparency.

    ``essentiality_list_published``: the list of pooled patents and the essentiality
    evaluation results are public; ``compliance_programme``: the pool operator runs an
    antitrust compliance mechanism.
    """

    evaluator: Evaluator | None = None
    licensee_data_shared_with_members: bool | None = None
    members_exchange_market_data: bool | None = None
    essentiality_list_published: bool | None = None
    compliance_programme: bool | None = None


@attrs.frozen
class Stack:
    """The ``[stack]`` table: royalties stacking on one product [currency per unit]."""

    product_price: float | None = None
    pool_royalty_per_unit: float | None = None
    other_royalties_per_unit: float | None = None
    aggregate_cap: float | None = None  # fraction of product price


@attrs.frozen
class Renewal:
    """The ``[renewal]`` table: previous and new per-unit rates (and caps), promised cap."""

    previous_rate: float | None = None
    new_rate: float | None = None
    previous_cap: float | None = None
    new_cap: float | None = None
    max_increase: float | None = None  # fraction, e.g. 0.25 for MPEG-2's promise
    previous_renewal: dt.date | None = None  # date the previous rate was set


def _phase(v: object) -> Stage | None:
    """Convert a ``[stage] phase`` value: a :data:`PHASES` member or None."""
    if v is None:
        return None
    st = Stage(v)
    if st not in PHASES:
        allowed = ", ".join(repr(p.value) for p in PHASES)
        raise InvalidInputError(f"stage.phase must be one of {allowed}, got {v!r}")
    return st


@attrs.frozen
class StageTerms:
    """The ``[stage]`` table (seed paper: formation -> industrialization -> marketization).

    Attributes
    ----------
    phase : Stage or None
        :class:`~poolcalc.model.Stage` (the enum :mod:`poolcalc.alliance` uses too);
        ``Stage.UNKNOWN`` is not accepted (leave the phase out when unknown).
    member_cross_license : MemberCrossLicense or None
        Whether members license each other royalty-free (typical in formation).
    preferential_licensing : bool or None
        Preferential rates along the industry chain (typical in industrialization).
    open_to_all_similarly_situated : bool or None
        Whether those royalty-free or preferential terms are available, on published
        criteria, to every similarly situated party.
    """

    phase: Stage | None = attrs.field(default=None, converter=_phase)
    member_cross_license: MemberCrossLicense | None = attrs.field(
        default=None, converter=_lower_choice(MemberCrossLicense)
    )
    preferential_licensing: bool | None = None
    open_to_all_similarly_situated: bool | None = None


@attrs.frozen
class Market:
    """The ``[market]`` table: competition between the parties, shares, dominance.

    Attributes
    ----------
    licensees_compete : bool or None
        Licensees compete with each other downstream.
    members_compete_downstream : bool or None
        Pool members are active downstream and compete with each other there.
    parties_compete : bool or None
        Licensors and licensees are actual or potential competitors (the Chinese and EU
        safe harbours distinguish competitors from non-competitors).
    combined_share : float or None
        Share (fraction) that licensors and licensees together hold in the relevant
        market they hold most of (DOJ/FTC 2017 §4.3: "each relevant market").
    largest_party_share : float or None
        Largest share any single licensor or licensee holds in a relevant market.
    substitute_technologies : int or None
        Independently controlled technologies, outside the pool, that substitute for the
        pooled technology and can be obtained at reasonable cost.
    dominant : bool or None
        The pool (its members together, or the administrator) holds a dominant position
        / market power in a relevant market.
    value_chain_levels : tuple of str or None
        Levels of the value chain that implement the standard (e.g. ``("chipset",
        "module", "end_product")``), against which ``license.licensed_levels`` is read.
    pre_commercial : bool or None
        The licensed technology has not yet generated sales of contract products.
    shares_exceeded_in : int or None
        Calendar year in which the parties' shares first rose above the block-exemption
        threshold (the grace period runs from it).
    negotiation_group : bool or None
        Licensees negotiate with the pool through a licensing negotiation group.
    """

    licensees_compete: bool | None = None
    members_compete_downstream: bool | None = None
    parties_compete: bool | None = None
    combined_share: float | None = None
    largest_party_share: float | None = None
    substitute_technologies: int | None = None
    dominant: bool | None = None
    value_chain_levels: tuple[str, ...] | None = None
    pre_commercial: bool | None = None
    shares_exceeded_in: int | None = None
    negotiation_group: bool | None = None

    def __attrs_post_init__(self) -> None:
        c, p = self.combined_share, self.largest_party_share
        if c is not None and p is not None and p > c:
            raise InvalidInputError(
                f"market.largest_party_share must be <= market.combined_share ({c:g}), got {p:g}"
            )


@attrs.frozen
class ProductPatents:
    """One ``[[products]]`` entry: the pooled patents a licensed product practises.

    ``patents`` is ``"all"`` (every pooled patent of the package) or a tuple of patent
    ids; ``rate`` is the product's per-unit royalty (None: take it from the pool's
    schedule when a pool is given).
    """

    name: str
    patents: Literal["all"] | tuple[str, ...]
    rate: float | None = None


@attrs.frozen(field_transformer=checked_fields)
class Offer:
    """One ``[[offers]]`` entry: effective per-unit rate offered to a licensee of a class.

    ``licensee_class`` (TOML key ``class``) groups similarly situated licensees (same
    product, region and volume band); ``rate`` is after every discount and cap.
    """

    licensee: str
    licensee_class: str
    rate: float

    def __attrs_post_init__(self) -> None:
        if self.rate < 0:
            raise InvalidInputError(f"offer {self.licensee}: rate must be >= 0, got {self.rate}")


@attrs.frozen(field_transformer=checked_fields)
class DiscountOffer:
    """One ``[[discounts]]`` entry: a discount beyond the pool schedule.

    ``eligible`` is ``"all"``, ``"good_standing"``, ``"early_signing"`` (published
    criteria any licensee can meet), ``"members"`` (licensees that are pool members)
    or a tuple of named licensee ids; ``published`` says whether the discount and its
    criteria are public.
    """

    name: str
    fraction: float
    eligible: str | tuple[str, ...]
    published: bool | None = None

    def __attrs_post_init__(self) -> None:
        if not 0.0 <= self.fraction <= 1.0:
            raise InvalidInputError(
                f"discount {self.name}: fraction must be in [0, 1], got {self.fraction}"
            )

    @property
    def open_to_all(self) -> bool | None:
        """True for published criteria any licensee can meet; None when publication is unknown."""
        if isinstance(self.eligible, tuple) or self.eligible == "members":
            return False
        return self.published

    def applies_to(self, licensee_id: str, *, member: bool, good_standing: bool,
                   early: bool) -> bool:
        """Whether a licensee with these attributes gets the discount."""
        if isinstance(self.eligible, tuple):
            return licensee_id in self.eligible
        return {
            "all": True,
            "members": member,
            "good_standing": good_standing,
            "early_signing": early,
        }[self.eligible]


@attrs.frozen
class LicenseTerms:
    """A parsed terms file (see :func:`poolcalc.io.read_terms`).

    Attributes
    ----------
    license, membership, administration, stack, renewal, stage, market
        The sections; every field of an absent section is ``None`` (unknown).
    offers : tuple of Offer or None
    discounts : tuple of DiscountOffer or None
    products : tuple of ProductPatents or None
    source : str or None
        File the terms were read from (for messages).
    """

    license: LicenseOffer = attrs.field(factory=LicenseOffer)
    membership: Membership = attrs.field(factory=Membership)
    administration: Administration = attrs.field(factory=Administration)
    stack: Stack = attrs.field(factory=Stack)
    renewal: Renewal = attrs.field(factory=Renewal)
    stage: StageTerms = attrs.field(factory=StageTerms)
    market: Market = attrs.field(factory=Market)
    offers: tuple[Offer, ...] | None = None
    discounts: tuple[DiscountOffer, ...] | None = None
    products: tuple[ProductPatents, ...] | None = None
    source: str | None = None

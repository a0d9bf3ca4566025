"""Rates of one product: tiers, basis, per-unit bounds, category and unit weight.

:class:`ProductRate` is one entry of a :class:`~poolcalc.model._schedule.Schedule`
(``[royalty.default]`` or ``[royalty.products.<name>]`` in pool.toml).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import Basis, TierMode
from poolcalc.model._fields import _unit_weight
from poolcalc.model._validators import check_finite, check_units, choice

__all__ = ["ProductRate", "Tier"]


@attrs.frozen
class Tier:
    """A volume bracket starting after ``start`` units (per enterprise per year).

    With tiers ``[(0, 0.0), (100000, 0.20), (5000000, 0.10)]`` (AVC/H.264), units
    1-100,000 are free, units 100,001-5,000,000 pay 0.20 and the rest 0.10.
    ``rate`` is currency per unit (basis ``unit``) or a fraction of net price
    (basis ``price``).
    """

    start: int = attrs.field(converter=partial(check_units, field="tier from"))
    rate: float = attrs.field(converter=partial(check_finite, field="tier rate", low=0.0))


def _tiers(value: Any) -> tuple[Tier, ...]:
    out = []
    for i, t in enumerate(value):
        if isinstance(t, Tier):
            out.append(t)
        elif isinstance(t, Mapping):
            unknown = set(t) - {"from", "start", "rate"}
            if unknown:
                raise InvalidInputError(
                    f"tiers[{i}]: unknown key {sorted(unknown)[0]!r} (allowed: from, rate)")
            if "rate" not in t:
                raise InvalidInputError(f"tiers[{i}]: missing 'rate'")
            out.append(Tier(t.get("from", t.get("start", 0)), t["rate"]))
        else:
            start, rate = t
            out.append(Tier(start, rate))
    return tuple(out)


@attrs.frozen
class ProductRate:
    """How one product (category) is charged.

    Attributes
    ----------
    basis : Basis
        ``unit`` (currency per unit) or ``price`` (fraction of ``net_price``).
    tier_mode : TierMode
        ``marginal`` or ``volume`` (see :class:`~poolcalc.model.TierMode`).
    tiers : tuple of Tier
        Strictly increasing ``start``, the first one 0.
    min_per_unit, max_per_unit : float
        Floor and ceiling per unit for basis ``price`` (DVD6C: 4 %, min 4, max 8).
    category : str or None
        Cap bucket (MPEG-4 Visual, HEVC Advance category caps) and tier counter;
        products of one category count their units together.
    max_fraction_of_price : float
        Ceiling of the amount per unit as a fraction of the row's net price, for
        basis ``unit`` (Via LA MPEG Surround professional PC software: US$25.00 per
        unit, "not to exceed 2.5% of end-user price"); ``inf``: none.  A finite value
        makes ``net_price`` required.
    unit_weight : float
        Units one sold unit counts as, for the tiers and the amount (Via LA MPEG
        Surround: products implementing only the binaural mode "count as half-a-unit
        for the purpose of license fee calculations",
        via-corp.com/licensing/mpeg-surround/mpeg-surround-license-fees/); a fraction
        with a denominator of at most 1000, so weighted units stay exact.
    """

    basis: Basis = attrs.field(default=Basis.UNIT, converter=lambda v: choice(v, Basis, "basis"))
    tier_mode: TierMode = attrs.field(
        default=TierMode.MARGINAL, converter=lambda v: choice(v, TierMode, "tier_mode")
    )
    tiers: tuple[Tier, ...] = attrs.field(default=((0, 0.0),), converter=_tiers)
    min_per_unit: float = attrs.field(
        default=0.0, converter=partial(check_finite, field="min_per_unit", low=0.0)
    )
    max_per_unit: float = attrs.field(
        default=math.inf,
        converter=partial(check_finite, field="max_per_unit", low=0.0, allow_inf=True),
    )
    category: str | None = attrs.field(default=None)
    unit_weight: float = attrs.field(default=1.0, converter=lambda v: _unit_weight(v))
    max_fraction_of_price: float = attrs.field(
        default=math.inf,
        converter=partial(check_finite, field="max_fraction_of_price", low=0.0, allow_inf=True),
    )

    def __attrs_post_init__(self) -> None:
        if not self.tiers:
            raise InvalidInputError("tiers must list at least one tier")
        if self.tiers[0].start != 0:
            raise InvalidInputError(
                f"tiers must start from 0, got first from = {self.tiers[0].start}")
        for a, b in zip(self.tiers, self.tiers[1:], strict=False):
            if b.start <= a.start:
                raise InvalidInputError(
                    f"tiers must be strictly increasing in 'from', got {a.start} then {b.start}"
                )
        if self.basis is Basis.PRICE:
            for t in self.tiers:
                if t.rate > 1:
                    raise InvalidInputError(
                        "tier rate for basis 'price' is a fraction of net price and must be "
                        f"<= 1, got {t.rate}"
                    )
        if self.basis is Basis.PRICE and math.isfinite(self.max_fraction_of_price):
            raise InvalidInputError("max_fraction_of_price is for basis 'unit' (use the tier "
                                    "rate and max_per_unit for basis 'price')")
        if self.min_per_unit > self.max_per_unit:
            raise InvalidInputError(
                f"min_per_unit ({self.min_per_unit}) must not exceed max_per_unit "
                f"({self.max_per_unit})"
            )

"""Field converters of :class:`~poolcalc.model.Schedule` and its :class:`Discounts`."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import ChainLevel
from poolcalc.model._validators import check_finite, check_id, choice

__all__ = ["_caps", "_chain_discounts", "_member_rate", "_products", "_unit_weight"]


def _chain_discounts(value: Any) -> Mapping[ChainLevel, float]:
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"chain_level discounts must be a table chain level -> fraction, got {value!r}"
        )
    out: dict[ChainLevel, float] = {}
    for key, frac in value.items():
        level = choice(key, ChainLevel, "chain_level discount key")
        if level in out:
            raise InvalidInputError(f"chain_level discount for {level.value!r} given twice")
        out[level] = check_finite(frac, f"chain_level discount {level.value!r}", low=0.0, high=1.0)
    return MappingProxyType({lv: out[lv] for lv in ChainLevel if lv in out})


def _member_rate(value: Any) -> float:
    x = check_finite(value, "member_rate")
    if not 0.0 <= x <= 1.0:
        raise InvalidInputError(
            "member_rate must be in [0, 1] (0 = royalty-free cross-licence among members, "
            f"1 = members pay like every licensee), got {value!r}"
        )
    return x


def _products(value: Any) -> Mapping[str, Any]:
    return MappingProxyType({check_id(k, "product"): v for k, v in dict(value or {}).items()})


def _caps(value: Any) -> Mapping[str, float]:
    return MappingProxyType(
        {check_id(k, "category"): check_finite(v, f"category cap {k!r}", low=0.0, allow_inf=True)
         for k, v in dict(value or {}).items()}
    )


def _unit_weight(value: Any) -> float:
    """``ProductRate.unit_weight``: > 0, a fraction with a denominator <= 1000."""
    w = check_finite(value, "unit_weight", low=0.0)
    frac = Fraction(repr(float(w)))
    if w <= 0 or frac.limit_denominator(1000) != frac:
        raise InvalidInputError(
            f"unit_weight must be > 0 and a fraction with a denominator of at most 1000 "
            f"(0.5, 0.25, 1.5), got {value!r}"
        )
    return w


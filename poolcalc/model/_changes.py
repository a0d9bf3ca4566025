"""Checks of ``Schedule.rate_changes``: known product, fixed attributes, increasing dates.

A rate change may change the basis, tiers and min/max per unit; tier mode, category
and unit weight stay those of the base rate, and the price ceiling of a unit rate
(``max_fraction_of_price``) too (DVD 3C: 3.5 %, min US$5, then a flat US$5 from
1 July 2002).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import Basis

__all__ = ["check_rate_changes"]


def check_rate_changes(self: Any, change_type: type) -> None:
    """Check the rate changes (each a ``change_type``) of schedule ``self`` against its rates."""
    last: dict[str | None, dt.date] = {}
    for i, ch in enumerate(self.rate_changes):
        where = f"rate_changes[{i}]"
        if not isinstance(ch, change_type):
            raise InvalidInputError(f"{where} must be a RateChange, got {ch!r}")
        if ch.product is None:
            base = self.default
            if base is None:
                raise InvalidInputError(
                    f"{where}: no product given and there is no default rate to change"
                )
        else:
            base = self.products.get(ch.product)
            if base is None:
                listed = ", ".join(sorted(self.products)) or "none"
                raise InvalidInputError(
                    f"{where}: unknown product {ch.product!r} (listed products: {listed})"
                )
        fixed = ["tier_mode", "category", "unit_weight"]
        if ch.rate.basis is not Basis.PRICE:  # a price basis has no unit-rate ceiling
            fixed.append("max_fraction_of_price")
        for attr in fixed:
            old, new = getattr(base, attr), getattr(ch.rate, attr)
            if old != new:
                old, new = getattr(old, "value", old), getattr(new, "value", new)
                raise InvalidInputError(
                    f"{where}: {attr} must stay {old!r} (the base rate's), got "
                    f"{new!r}; a rate change changes the basis, tiers and min/max per "
                    "unit only"
                )
        prev = last.get(ch.product)
        if prev is not None and ch.effective <= prev:
            raise InvalidInputError(
                f"{where}: effective dates must be strictly increasing per product, got "
                f"{ch.effective.isoformat()} after {prev.isoformat()}"
            )
        last[ch.product] = ch.effective

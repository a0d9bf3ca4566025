"""Named discounts, each with its own eligibility (``Discounts.named``).

Beside good standing, early signing and the chain level, a pool may grant discounts
of its own naming, each to the licensees meeting a condition, combined with the
others under ``Discounts.combine``.  HEVC Advance: "the royalty rates shown include
separate non-additive discounts for being In-Compliance and using the HEVC Advance
trademark logo"; "if a licensee is not In-Compliance, Standard (i.e. undiscounted)
rates apply" (accessadvance.com/topic-where-and-when-is-a-royalty-due/).  With the
July 2015 schedule (a 4K UHD TV US$1.50 with both, US$1.65 without the logo and
US$1.875 when not compliant; streaminglearningcenter.com/blogs/hevcadvance-issues-
hevc-royalty-schedule-with-content-royalties.html) the standard rate is US$1.875,
compliance alone 1 - 1.65 / 1.875 = 12 % and compliance with the logo 1 - 1.50 /
1.875 = 20 %, under ``combine = "max"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._eligibility import Eligibility, eligibility
from poolcalc.model._validators import check_finite, check_id

__all__ = ["NamedDiscount", "named_discounts"]


@attrs.frozen
class NamedDiscount:
    """A discount of the pool's naming for the licensees meeting ``eligible``.

    Attributes
    ----------
    fraction : float
        Discount as a fraction of the rate, in [0, 1].
    eligible : Eligibility or None
        The licensees that get it (a named agreement of licensees.csv ``agreements``
        such as ``logo``, good standing, a signature deadline); ``None``: every
        licensee.
    """

    fraction: float = attrs.field(
        converter=partial(check_finite, field="named discount fraction", low=0.0, high=1.0))
    eligible: Eligibility | None = attrs.field(default=None, converter=eligibility("eligible"))


def named_discounts(value: Any) -> Mapping[str, NamedDiscount]:
    """``Discounts.named``: name -> :class:`NamedDiscount` (or a mapping of its fields)."""
    out: dict[str, NamedDiscount] = {}
    for name, d in dict(value or {}).items():
        key = check_id(name, "named discount")
        if isinstance(d, Mapping):
            unknown = set(d) - {"fraction", "eligible"}
            if unknown:
                raise InvalidInputError(f"named discount {key!r}: unknown key "
                                        f"{sorted(unknown)[0]!r} (allowed: fraction, eligible)")
            d = NamedDiscount(**d)
        if not isinstance(d, NamedDiscount):
            raise InvalidInputError(f"named discount {key!r} must be a NamedDiscount, got {d!r}")
        out[key] = d
    return MappingProxyType(out)

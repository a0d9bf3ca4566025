"""Caps that change by calendar year (``enterprise_cap_by_year``, ``category_caps_by_year``).

Real pools publish their caps year by year: MPEG LA's AVC/H.264 Enterprise cap was
US$3.5M in 2005-06, US$4.25M in 2007-08 and US$5M in 2009-10 (cdrinfo.com/d7/node/7208,
19 May 2004) and US$6.5M for 2011-2015 (Streaming Media, "MPEG LA Announces Proposed
HEVC Licensing Terms"); MPEG-4 Visual's caps per licence section were US$1.1M /
1.1M / 3.3M / 3.3M in 2009, 1.2M / 1.2M / 3.6M / 3.6M in 2010 and 1.25M / 1.25M /
3.75M / 3.75M in 2011-2013 (MPEG-4 Visual Patent Portfolio License, 2009 renewal,
sec.gov/Archives/edgar/data/1342960/000119312509050004/dex1019.htm).

A by-year table maps the first calendar year of a value to the value; the value in
force in year Y is the one of the latest listed year <= Y (before the first listed
year: the schedule's plain ``enterprise_cap`` / ``category_caps``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.model._validators import check_finite, check_id

__all__ = ["cap_in", "category_caps_by_year", "enterprise_cap_by_year", "year_key"]


def year_key(value: Any, field: str) -> int:
    """Return the calendar year 1900..2200 of an int or a TOML key string (``"2005"``)."""
    try:
        year = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        year = None
    if year is None or not 1900 <= year <= 2200:
        raise InvalidInputError(f"{field}: keys must be calendar years 1900..2200, got {value!r}")
    return year


def enterprise_cap_by_year(value: Any) -> Mapping[int, float]:
    """Convert ``Schedule.enterprise_cap_by_year`` to ``{year: cap}`` sorted by year."""
    field = "enterprise_cap_by_year"
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"{field} must be a table year -> cap, got {value!r}")
    out = {year_key(k, field): check_finite(v, f"{field} {k}", low=0.0, allow_inf=True)
           for k, v in value.items()}
    return MappingProxyType(dict(sorted(out.items())))


def category_caps_by_year(value: Any) -> Mapping[int, Mapping[str, float]]:
    """Convert ``Schedule.category_caps_by_year`` to ``{year: {category: cap}}``."""
    field = "category_caps_by_year"
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"{field} must be a table year -> {{ category = cap }}, got {value!r}"
        )
    out: dict[int, Mapping[str, float]] = {}
    for k, caps in value.items():
        year = year_key(k, field)
        if not isinstance(caps, Mapping):
            raise InvalidInputError(f"{field} {k} must be a table category -> cap, got {caps!r}")
        out[year] = MappingProxyType({
            check_id(c, "category"): check_finite(v, f"{field} {k} {c!r}", low=0.0, allow_inf=True)
            for c, v in caps.items()
        })
    return MappingProxyType(dict(sorted(out.items())))


def cap_in(by_year: Mapping[int, Any], year: int, before: Any) -> Any:
    """Return the value of the latest listed year <= ``year`` (``before`` when none is).

    >>> import math
    >>> cap_in({2005: 3.5e6, 2007: 4.25e6}, 2008, math.inf)
    4250000.0
    >>> cap_in({2005: 3.5e6}, 2004, math.inf)
    inf
    """
    out = before
    for y, v in by_year.items():
        if y <= year:
            out = v
    return out

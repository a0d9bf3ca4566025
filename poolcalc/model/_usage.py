"""Content ("usage") royalty terms and usage reports (AVC/H.264 style).

Besides the per-unit royalty on encoders and decoders, the AVC/H.264 licence charges
*content* royalties: title-by-title sales (PPV, VOD, download), subscription
services, free-television broadcast and internet broadcast.  The
computation lives in :mod:`poolcalc.royalties._usage`; these are the value objects.

References
----------
MPEG LA, AVC/H.264 licence terms, as reported by TV Technology, "AVC standard license
fees set", 1 Dec 2003 (tvtechnology.com), and Ozer, J., "H.264 licensing labyrinth",
Streaming Media, p. 4 (streamingmedia.com).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc.errors import ChoiceEnum, InvalidInputError
from poolcalc.model._validators import (
    check_country,
    check_finite,
    check_id,
    check_units,
    choice,
    to_optional_date,
)

__all__ = ["SubscriptionTier", "UsageKind", "UsageRecord", "UsageTerms"]


class UsageKind(ChoiceEnum):
    """Kind of content use reported in ``usage.csv``."""

    TITLE = "title"  # title-by-title sale: PPV, VOD, download; quantity = titles sold
    SUBSCRIPTION = "subscription"  # quantity = subscribers in the year
    BROADCAST = "broadcast"  # free-TV broadcast; quantity = households of the market
    INTERNET_BROADCAST = "internet_broadcast"  # quantity = viewers (any > 0 owes the fee)


def _tier(value: Any) -> SubscriptionTier:
    if isinstance(value, SubscriptionTier):
        return value
    if isinstance(value, dict):
        extra = set(value) - {"from", "fee"}
        if extra or set(value) != {"from", "fee"}:
            raise InvalidInputError(
                f"subscription tier must be a table {{ from = N, fee = X }}, got {value!r}"
            )
        return SubscriptionTier(value["from"], value["fee"])
    try:
        start, fee = value
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"subscription tier must be (from, fee) or {{ from = N, fee = X }}, got {value!r}"
        ) from None
    return SubscriptionTier(start, fee)


@attrs.frozen
class SubscriptionTier:
    """Annual flat fee of a subscription service with more than ``start`` subscribers.

    Attributes
    ----------
    start : int
        The fee applies when the year's subscribers exceed ``start`` (AVC: 100,000 ->
        US$25,000 means 100,001-250,000 subscribers pay US$25,000).
    fee : float
        Annual fee [currency], >= 0.
    """

    start: int = attrs.field(converter=partial(check_units, field="subscription tier from"))
    fee: float = attrs.field(
        converter=partial(check_finite, field="subscription tier fee", low=0.0)
    )


def _tiers(value: Any) -> tuple[SubscriptionTier, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes, dict)):
        raise InvalidInputError(f"subscription_tiers must be a list of tiers, got {value!r}")
    return tuple(_tier(v) for v in value)


def _weights(value: Any) -> Mapping[str, float]:
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"subscriber_weights must be a table like {{ IN = 0.5 }}, got {value!r}"
        )
    out = {}
    for k, v in value.items():
        c = check_country(k, "subscriber_weights country")
        if isinstance(v, bool):
            raise InvalidInputError(f"subscriber_weights.{c} must be a number, got {v!r}")
        out[c] = check_finite(v, f"subscriber_weights.{c}", low=0.0)
    return MappingProxyType(dict(sorted(out.items())))


@attrs.frozen
class UsageTerms:
    """Content ("usage") royalty terms of a pool (``[royalty.usage]`` in pool.toml).

    Attributes
    ----------
    title_free_minutes : float
        Titles of at most this length are royalty-free (AVC: 12 minutes).
    title_rate_fraction : float
        Royalty per title as a fraction of the first arm's-length price (AVC: 0.02).
    title_max_per_title : float
        Upper bound of the royalty per title [currency] (AVC: US$0.02).  Per title:
        ``min(title_rate_fraction * price, title_max_per_title)``.
    subscription_tiers : tuple of SubscriptionTier
        Annual flat fee by bracket of the licensee's subscribers in the year (whole
        volume, not marginal), ``start`` strictly increasing and fees non-decreasing;
        empty = subscriptions are free.
    broadcast_fee : float
        Free-TV broadcast fee per market per year [currency] (AVC: US$10,000).
    broadcast_min_households : int
        A market owes ``broadcast_fee`` when its households exceed this (AVC: 100,000).
    internet_broadcast_fee : float
        Annual internet-broadcast fee per licensee [currency] (AVC first term: 0).
    subscriber_weights : mapping of str to float
        Country code -> factor on the subscribers counted for the bracket (Access
        Advance VDP: Region 2 users and subscribers count x0.5,
        accessadvance.com/zh/vdp-pool-royalty/);
        countries not listed count x1.
    """

    title_free_minutes: float = attrs.field(
        default=12.0, converter=partial(check_finite, field="title_free_minutes", low=0.0)
    )
    title_rate_fraction: float = attrs.field(
        default=0.0,
        converter=partial(check_finite, field="title_rate_fraction", low=0.0, high=1.0),
    )
    title_max_per_title: float = attrs.field(
        default=0.0, converter=partial(check_finite, field="title_max_per_title", low=0.0)
    )
    subscription_tiers: tuple[SubscriptionTier, ...] = attrs.field(
        factory=tuple, converter=_tiers
    )
    broadcast_fee: float = attrs.field(
        default=0.0, converter=partial(check_finite, field="broadcast_fee", low=0.0)
    )
    broadcast_min_households: int = attrs.field(
        default=100_000, converter=partial(check_units, field="broadcast_min_households")
    )
    internet_broadcast_fee: float = attrs.field(
        default=0.0, converter=partial(check_finite, field="internet_broadcast_fee", low=0.0)
    )
    subscriber_weights: Mapping[str, float] = attrs.field(factory=dict, converter=_weights)

    def __attrs_post_init__(self) -> None:
        ts = self.subscription_tiers
        for a, b in zip(ts, ts[1:], strict=False):
            if b.start <= a.start:
                raise InvalidInputError(
                    "subscription_tiers must be strictly increasing in 'from', "
                    f"got {a.start} then {b.start}"
                )
            if b.fee < a.fee:
                raise InvalidInputError(
                    "subscription_tiers fees must not decrease with subscribers, "
                    f"got {a.fee:g} then {b.fee:g}"
                )

    @classmethod
    def avc(cls) -> UsageTerms:
        """Return the AVC/H.264 content terms (first term, US$; TV Technology, 1 Dec 2003).

        Examples
        --------
        >>> UsageTerms.avc().subscription_tiers[-1]
        SubscriptionTier(start=1000000, fee=100000.0)
        """
        return cls(
            title_free_minutes=12.0,
            title_rate_fraction=0.02,
            title_max_per_title=0.02,
            subscription_tiers=[
                (100_000, 25_000.0),
                (250_000, 50_000.0),
                (500_000, 75_000.0),
                (1_000_000, 100_000.0),
            ],
            broadcast_fee=10_000.0,
            broadcast_min_households=100_000,
            internet_broadcast_fee=0.0,
        )


def _opt_float(field: str) -> Any:
    def conv(value: Any) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return check_finite(value, field, low=0.0)

    return conv


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _year(value: Any) -> int:
    y = check_units(value, "year")
    if not 1900 <= y <= 2200:
        raise InvalidInputError(f"year must be in 1900..2200, got {value!r}")
    return y


@attrs.frozen
class UsageRecord:
    """One row of ``usage.csv``: a licensee's content use in a calendar year.

    Attributes
    ----------
    licensee : str
    year : int
        Calendar year of the report.
    kind : UsageKind
        ``title``, ``subscription``, ``broadcast`` or ``internet_broadcast``.
    quantity : int
        Titles sold (title), subscribers (subscription), households of the market
        (broadcast), viewers (internet_broadcast); >= 0.
    country : str
        ISO 3166-1 alpha-2 code where the content was provided (used to attribute
        usage royalties to countries).
    length_minutes : float or None
        Running time of the title(s); required for ``title``.
    price : float or None
        First arm's-length price per title [currency]; required for ``title``.
    market : str or None
        Broadcast market (e.g. a DMA); required for ``broadcast``.
    date : datetime.date or None
        Day the use is reported for, in ``year`` (optional).  It places the row in a
        reporting period (:func:`poolcalc.period`); rows without a date are invoiced
        in the year's last period.  The annual royalty does not depend on it.
    """

    licensee: str = attrs.field(converter=partial(check_id, field="licensee"))
    year: int = attrs.field(converter=_year)
    kind: UsageKind = attrs.field(converter=lambda v: choice(
        v.strip() if isinstance(v, str) else v, UsageKind, "kind"))
    quantity: int = attrs.field(converter=partial(check_units, field="quantity"))
    country: str = attrs.field(converter=partial(check_country, field="country"))
    length_minutes: float | None = attrs.field(default=None, converter=_opt_float("length_minutes"))
    price: float | None = attrs.field(default=None, converter=_opt_float("price"))
    market: str | None = attrs.field(default=None, converter=_opt_str)
    date: _dt.date | None = attrs.field(
        default=None, converter=partial(to_optional_date, field="date"))

    def __attrs_post_init__(self) -> None:
        if self.date is not None and self.date.year != self.year:
            raise InvalidInputError(
                f"date must lie in the row's year {self.year}, got "
                f"{self.date.isoformat()!r}")
        if self.kind is UsageKind.TITLE:
            for f in ("length_minutes", "price"):
                if getattr(self, f) is None:
                    raise InvalidInputError(f"{f} is required for kind 'title'")
        if self.kind is UsageKind.BROADCAST and self.market is None:
            raise InvalidInputError("market is required for kind 'broadcast'")

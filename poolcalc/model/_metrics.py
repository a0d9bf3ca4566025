"""A tier chosen by the highest of several metrics (issue 12 item 7, Access Advance VDP).

Access Advance's Video Distribution Patent Pool charges a streaming business by the
size of its business, "measured semi-annually": "A licensee's tier is the highest of
the tiers based on the three listed metrics" (active users, subscribers, streaming
revenue), and "The number of active users and subscribers in developing countries
(Region 2) are multiplied by .5 for purposes of calculating the metrics"
(accessadvance.com/zh/vdp-pool-royalty/, 2025).  The published tier table (its
thresholds and amounts) is an image not available to this project: the example pool
``examples/real_pools/access_advance_vdp`` uses invented, illustrative numbers.

Model, for a licensee l and a half-year period P (labels ``2025H1``, ``2025H2``):

    v_m = sum_{rows r of (l, P, m)} w(r) x_r,   w(r) = region_weights[region_r] if m is
          weighted else 1 (a region not listed: 1),
    k_m = max{k : v_m >= at_k[m]}  (none when v_m < at_0[m]),
    k   = max_m k_m,   royalty_{l,P} = max(0, amount_k - waiver)
          (nothing when no metric reaches a tier),

with ``waiver`` the semi-annual credit (VDP: "Royalty waiver provided in the form of a
semi-annual credit of $25K"; 0 by default).

Thresholds ``at_k[m]`` are non-decreasing in k for every metric, so "the highest tier
reached" is well defined; a tier may leave a metric out (that metric never reaches it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._validators import check_finite, check_id

__all__ = ["MetricRecord", "MetricTerms", "MetricTier", "check_metrics", "check_period"]

_PERIOD = re.compile(r"^(\d{4})H([12])$")


def check_period(value: Any, field: str = "period") -> str:
    """Return a half-year label ``YYYYH1`` or ``YYYYH2``."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not _PERIOD.match(text):
        raise InvalidInputError(f"{field} must be a half year like 2025H1 or 2025H2, got {value!r}")
    return text


def _names(field: str) -> Any:
    def conv(value: Any) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise InvalidInputError(f"{field} must be a list of names, got {value!r}")
        out = tuple(check_id(v, field) for v in value)
        if len(set(out)) != len(out):
            raise InvalidInputError(f"{field} lists a name twice: {list(out)}")
        return out

    return conv


def _at(value: Any) -> Mapping[str, float]:
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"tier thresholds must be a table metric -> value, got {value!r}")
    return MappingProxyType({check_id(k, "metric"): check_finite(v, f"threshold of {k}", low=0.0)
                             for k, v in value.items()})


@attrs.frozen
class MetricTier:
    """One tier: its royalty per period and the value of each metric that reaches it.

    Attributes
    ----------
    name : str
        Label (``"1"``, ``"Tier 3"``).
    amount : float
        Royalty per period of a licensee in this tier [currency per half year].
    at : mapping of str to float
        Per metric, the lowest value that reaches this tier (a metric left out never
        reaches it).
    """

    name: str = attrs.field(converter=partial(check_id, field="tier name"))
    amount: float = attrs.field(converter=partial(check_finite, field="tier amount", low=0.0))
    at: Mapping[str, float] = attrs.field(converter=_at)


def _tiers(value: Any) -> tuple[MetricTier, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInputError(f"tiers must be a list of tiers, got {value!r}")
    out = []
    for t in value:
        if isinstance(t, MetricTier):
            out.append(t)
            continue
        if not isinstance(t, Mapping) or "amount" not in t or "name" not in t:
            raise InvalidInputError(
                f"a tier must be a table with name, amount and one threshold per metric, got {t!r}")
        at = {k: v for k, v in t.items() if k not in ("name", "amount")}
        out.append(MetricTier(t["name"], t["amount"], at))
    return tuple(out)


def _weights(value: Any) -> Mapping[str, float]:
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"region_weights must be a table region -> factor, got {value!r}")
    return MappingProxyType({check_id(str(k), "region"): check_finite(v, f"region_weights.{k}",
                                                                      low=0.0)
                             for k, v in value.items()})


@attrs.frozen
class MetricTerms:
    """Tiers chosen by the highest of several metrics, per half year (``[royalty.metric_tiers]``).

    Attributes
    ----------
    metrics : tuple of str
        The metrics reported (metrics.csv ``metric``), e.g. ``active_users``,
        ``subscribers``, ``streaming_revenue``.
    tiers : tuple of MetricTier
        Lowest first; thresholds non-decreasing per metric.
    region_weights : mapping of str to float
        Factor on a weighted metric's value in a region (metrics.csv ``region``):
        VDP Region 2 x0.5; a region not listed x1.
    weighted : tuple of str
        The metrics the region weights apply to (VDP: users and subscribers, not
        revenue).
    waiver : float
        Credit per licensee per half year deducted from the tier's amount, never below
        0 [currency] (VDP: US$25,000).
    """

    metrics: tuple[str, ...] = attrs.field(converter=_names("metrics"))
    tiers: tuple[MetricTier, ...] = attrs.field(converter=_tiers)
    region_weights: Mapping[str, float] = attrs.field(factory=dict, converter=_weights)
    weighted: tuple[str, ...] = attrs.field(factory=tuple, converter=_names("weighted"))
    waiver: float = attrs.field(default=0.0, converter=partial(check_finite, field="waiver",
                                                               low=0.0))

    def __attrs_post_init__(self) -> None:
        if not self.metrics or not self.tiers:
            raise InvalidInputError("metric_tiers needs at least one metric and one tier")
        known = set(self.metrics)
        for m in self.weighted:
            if m not in known:
                raise InvalidInputError(
                    f"weighted: {m!r} is not one of the metrics {list(self.metrics)}")
        names = [t.name for t in self.tiers]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"tier names must be distinct, got {names}")
        for t in self.tiers:
            for m in t.at:
                if m not in known:
                    raise InvalidInputError(
                        f"tier {t.name}: {m!r} is not one of the metrics {list(self.metrics)}")
        for m in self.metrics:
            last = -1.0
            for t in self.tiers:
                if m in t.at:
                    if t.at[m] < last:
                        raise InvalidInputError(
                            f"tier {t.name}: {m} threshold {t.at[m]:g} is below the tier "
                            f"before ({last:g}); thresholds must not decrease")
                    last = t.at[m]
                elif last >= 0:
                    raise InvalidInputError(
                        f"tier {t.name}: {m} has no threshold though a lower tier has one")


@attrs.frozen
class MetricRecord:
    """One row of ``metrics.csv``: a licensee's metric in a half year (and region).

    Attributes
    ----------
    licensee : str
    period : str
        ``YYYYH1`` or ``YYYYH2``.
    metric : str
    value : float
        >= 0 (users, subscribers: counts; revenue: currency).
    region : str
        Region label for ``region_weights`` (``""``: none, weight 1).
    """

    licensee: str = attrs.field(converter=partial(check_id, field="licensee"))
    period: str = attrs.field(converter=check_period)
    metric: str = attrs.field(converter=partial(check_id, field="metric"))
    value: float = attrs.field(converter=partial(check_finite, field="value", low=0.0))
    region: str = attrs.field(default="", converter=lambda v: "" if v is None else str(v).strip())

    @property
    def year(self) -> int:
        """Calendar year of the period."""
        return int(self.period[:4])


def check_metrics(terms: MetricTerms | None, records: tuple[MetricRecord, ...],
                  licensees: set[str]) -> None:
    """Refuse metric rows of an unknown licensee or metric (``Pool`` validation).

    Raises
    ------
    InvalidInputError
        ``metrics row N: ...`` for the first bad row.
    """
    for i, r in enumerate(records):
        if not isinstance(r, MetricRecord):
            raise InvalidInputError(f"metrics row {i + 1}: must be a MetricRecord, got {r!r}")
        if r.licensee not in licensees:
            raise InvalidInputError(f"metrics row {i + 1}: unknown licensee {r.licensee!r}")
        if terms is not None and r.metric not in terms.metrics:
            raise InvalidInputError(f"metrics row {i + 1}: metric {r.metric!r} is not one of "
                                    f"[royalty.metric_tiers] metrics {list(terms.metrics)}")

"""Result objects of a comparison: :class:`SchemeMetrics` and :class:`Comparison`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from poolcalc.errors import InvalidInputError

__all__ = ["METRIC_NAMES", "Comparison", "SchemeMetrics"]

#: Metric names in report order (the keys of ``SchemeMetrics.as_dict()`` and of the
#: JSON ``metrics`` object).
METRIC_NAMES = (
    "gini",
    "hhi",
    "max_min_ratio",
    "zero_payees",
    "l1_to_shapley",
    "core_max_excess",
    "core_blocking",
    "core_checked",
    "core_sampled",
    "ir_violations",
    "ir_worst_shortfall",
    "dilution_mean",
    "dilution_worst",
    "monotonicity_violations",
    "monotonicity_checked",
)


def _mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen
class SchemeMetrics:
    """Metrics of one scheme's distribution (``None``: not computed, see notes).

    Attributes
    ----------
    gini : float
        Gini coefficient of the members' amounts (0 = equal split).
    hhi : float
        Herfindahl–Hirschman index of the shares, in [1/n, 1].
    max_min_ratio : float
        Largest over smallest *positive* amount.
    zero_payees : int
        Members that receive nothing (left out of ``max_min_ratio``).
    l1_to_shapley : float or None
        Sum of absolute share differences to the Shapley value of the pool game,
        in [0, 2].
    core_max_excess : float or None
        Largest coalition excess ``v(S) - x(S)`` as a fraction of ``v(N)``; > 0 means
        some coalition of members would earn more licensing on its own.
    core_blocking : int or None
        Coalitions with a positive excess (beyond rounding) among those checked.
    core_checked : int or None
        Coalitions checked (``2**n - 2`` when exact).
    core_sampled : bool or None
        True when coalitions were sampled (n above the exact limit): the two core
        figures are then a lower bound / a count within the sample.
    ir_violations : int or None
        Members paid less than their stand-alone value ``v({i})``.
    ir_worst_shortfall : float or None
        Largest shortfall below the stand-alone value, as a fraction of ``v(N)``.
    dilution_mean, dilution_worst : float or None
        Mean and most negative relative change of the incumbents' shares when a
        synthetic member joins (``-0.1``: a tenth of the share lost).
    monotonicity_violations : int or None
        Members that received less after adding one essential patent.
    monotonicity_checked : int or None
        Members tested.
    """

    gini: float
    hhi: float
    max_min_ratio: float
    zero_payees: int
    l1_to_shapley: float | None = None
    core_max_excess: float | None = None
    core_blocking: int | None = None
    core_checked: int | None = None
    core_sampled: bool | None = None
    ir_violations: int | None = None
    ir_worst_shortfall: float | None = None
    dilution_mean: float | None = None
    dilution_worst: float | None = None
    monotonicity_violations: int | None = None
    monotonicity_checked: int | None = None

    def as_dict(self) -> dict[str, float | int | bool | None]:
        """Metric name -> value, in :data:`METRIC_NAMES` order (JSON-safe)."""
        return {name: getattr(self, name) for name in METRIC_NAMES}


@attrs.frozen(eq=False)
class Comparison:
    """Several allocation schemes run on one pool and year, with metrics.

    Attributes
    ----------
    schemes : tuple of str
        Scheme names, in the order asked.
    members : tuple of str
        Member ids (columns of :attr:`amounts`).
    amounts : ndarray of int64, shape (n_schemes, n_members)
        What each member receives under each scheme [minor units, e.g. cents].
    collected, administrator_fee : ndarray of int64, shape (n_schemes,)
        Royalties collected and the administrator's fee under each scheme
        [minor units]; ``collected == administrator_fee + amounts.sum(axis=1)``
        when they come from :func:`poolcalc.allocation.allocate`.
    metrics : mapping of str to SchemeMetrics
    shapley : ndarray of float, shape (n_members,) or None
        Shapley value of the pool game [game units], the L1 reference.
    standalone : ndarray of float, shape (n_members,) or None
        Stand-alone worths ``v({i})`` [game units].
    options : mapping of str to mapping
        Options each scheme was run with.
    currency : str
    minor_units : int
    year : int or None
    notes : tuple of str
        How metrics were computed where it matters (sampled core checks, metrics
        skipped and why).
    distributions : mapping of str to object
        The :class:`~poolcalc.allocation.Distribution` of each scheme when run on a
        pool (empty for :func:`~poolcalc.compare.compare_amounts`).
    """

    schemes: tuple[str, ...] = attrs.field(converter=tuple)
    members: tuple[str, ...] = attrs.field(converter=tuple)
    amounts: NDArray[np.int64]
    collected: NDArray[np.int64]
    administrator_fee: NDArray[np.int64]
    metrics: Mapping[str, SchemeMetrics] = attrs.field(converter=_mapping)
    shapley: NDArray[np.float64] | None = None
    standalone: NDArray[np.float64] | None = None
    options: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, converter=_mapping)
    currency: str = "USD"
    minor_units: int = 2
    year: int | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    distributions: Mapping[str, Any] = attrs.field(factory=dict, converter=_mapping, repr=False)

    def __attrs_post_init__(self) -> None:
        s, n = len(self.schemes), len(self.members)
        if self.amounts.shape != (s, n):
            raise InvalidInputError(f"amounts must have shape ({s}, {n}), got {self.amounts.shape}")
        for name in ("collected", "administrator_fee"):
            if getattr(self, name).shape != (s,):
                raise InvalidInputError(
                    f"{name} must have shape ({s},), got {getattr(self, name).shape}"
                )

    @property
    def shares(self) -> NDArray[np.float64]:
        """Shares of the distributed total, shape (n_schemes, n_members); rows sum to 1."""
        tot = self.amounts.sum(axis=1, keepdims=True).astype(np.float64)
        return np.divide(self.amounts, tot, out=np.zeros(self.amounts.shape), where=tot > 0)

    def _scheme_index(self, scheme: str) -> int:
        try:
            return self.schemes.index(scheme)
        except ValueError:
            raise InvalidInputError(
                f"unknown scheme {scheme!r} in this comparison (schemes: {', '.join(self.schemes)})"
            ) from None

    def amounts_of(self, scheme: str) -> dict[str, int]:
        """Member id -> amount [minor units] under ``scheme``."""
        row = self.amounts[self._scheme_index(scheme)]
        return {m: int(a) for m, a in zip(self.members, row, strict=True)}

    def top_members(self, k: int) -> NDArray[np.intp]:
        """Return the indices of the ``k`` members paid most under any scheme, largest first."""
        best = self.amounts.max(axis=0) if self.amounts.size else np.zeros(len(self.members))
        order = np.lexsort((np.arange(len(self.members)), -best))
        return order[: max(0, int(k))]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON contract of ``poolcalc compare`` (money as decimal strings).

        ``{"schemes", "currency", "year", "amounts": {scheme: {member: "1.00"}},
        "shares": {...}, "metrics": {scheme: {metric: value}}, "notes": [...]}``.
        """
        from poolcalc._money import format_money

        mu = self.minor_units
        shares = self.shares
        return {
            "schemes": list(self.schemes),
            "currency": self.currency,
            "year": self.year,
            "collected": {
                s: format_money(int(c), mu)
                for s, c in zip(self.schemes, self.collected, strict=True)
            },
            "administrator_fee": {
                s: format_money(int(c), mu)
                for s, c in zip(self.schemes, self.administrator_fee, strict=True)
            },
            "amounts": {
                s: {
                    m: format_money(int(a), mu)
                    for m, a in zip(self.members, self.amounts[k], strict=True)
                }
                for k, s in enumerate(self.schemes)
            },
            "shares": {
                s: {m: round(float(v), 10) for m, v in zip(self.members, shares[k], strict=True)}
                for k, s in enumerate(self.schemes)
            },
            "metrics": {s: self.metrics[s].as_dict() for s in self.schemes},
            "notes": list(self.notes),
        }

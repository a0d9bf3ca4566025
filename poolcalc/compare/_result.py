"""Result objects of a comparison: :class:`SchemeMetrics` and :class:`Comparison`.

Both implement :class:`poolcalc._result.Result`: ``to_dict()`` (the JSON of
``poolcalc compare --format json``), ``str()`` (the table the CLI prints),
``to_frame()``, a short ``repr`` and ``_repr_html_``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

import attrs
import numpy as np
from numpy.typing import NDArray

from poolcalc._args import checked_fields
from poolcalc._format import render_html, render_table
from poolcalc._money import format_money
from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError

__all__ = ["METRIC_NAMES", "TABLE_MEMBERS", "Comparison", "SchemeMetrics"]

#: Members listed by ``str(comparison)`` (the largest under any scheme); JSON and CSV
#: list all.
TABLE_MEMBERS = 25

#: Metric names in report order (the keys of ``SchemeMetrics.to_dict()`` and of the
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


def metric_text(value: float | int | bool | None) -> str:
    """Format a metric for a table: ``-`` (not computed), yes/no, integers, 4 decimals."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    return f"{value:.4f}" if abs(value) < 1e6 else f"{value:.4g}"


@attrs.frozen(repr=False)
class SchemeMetrics(Result):
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

    def to_dict(self) -> dict[str, float | int | bool | None]:
        """Metric name -> value, in :data:`METRIC_NAMES` order (JSON-safe)."""
        return {name: getattr(self, name) for name in METRIC_NAMES}

    def _view(self) -> TableView:
        return TableView(
            ("metric", "value"), [(k, metric_text(v)) for k, v in self.to_dict().items()]
        )

    def _records(self) -> Sequence[dict[str, Any]]:
        return [self.to_dict()]

    def _summary(self) -> str:
        shown = ("gini", "hhi", "l1_to_shapley", "core_blocking", "ir_violations")
        return ", ".join(f"{k}={metric_text(getattr(self, k))}" for k in shown)


@attrs.frozen(eq=False, repr=False, field_transformer=checked_fields)
class Comparison(Result):
    """Several allocation schemes run on one pool and year, with metrics.

    Attributes
    ----------
    schemes : tuple of str
        Scheme names, in the order asked.
    members : tuple of str
        Member ids (columns of :attr:`amount_matrix`).
    amount_matrix : ndarray of int64, shape (n_schemes, n_members)
        What each member receives under each scheme [minor units, e.g. cents];
        :attr:`amounts` is the same with labels.
    collected, administrator_fee : ndarray of int64, shape (n_schemes,)
        Royalties collected and the administrator's fee under each scheme
        [minor units]; ``collected == administrator_fee + amount_matrix.sum(axis=1)``
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
    table_members : int
        Members listed by ``str()`` (the largest under any scheme; the others are
        summed on one line).

    Examples
    --------
    >>> from poolcalc.compare import compare_amounts
    >>> cmp = compare_amounts({"equal": [50, 50], "first": [90, 10]}, ["A", "B"])
    >>> cmp.amounts["first"]["A"], round(cmp.metrics["first"].gini, 12)
    (90, 0.4)
    >>> repr(cmp)
    'Comparison(2 schemes (equal, first), 2 members, USD)'
    """

    schemes: tuple[str, ...] = attrs.field(converter=tuple)
    members: tuple[str, ...] = attrs.field(converter=tuple)
    amount_matrix: NDArray[np.int64]
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
    table_members: int = TABLE_MEMBERS
    _frame_index: ClassVar[tuple[str, str]] = ("scheme", "member")
    _labelled: Mapping[str, Mapping[str, int]] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        s, n = len(self.schemes), len(self.members)
        if self.amount_matrix.shape != (s, n):
            raise InvalidInputError(
                f"amount_matrix must have shape ({s}, {n}), got {self.amount_matrix.shape}"
            )
        for name in ("collected", "administrator_fee"):
            if getattr(self, name).shape != (s,):
                raise InvalidInputError(
                    f"{name} must have shape ({s},), got {getattr(self, name).shape}"
                )
        labelled = {
            sc: MappingProxyType(dict(zip(self.members, map(int, row), strict=True)))
            for sc, row in zip(self.schemes, self.amount_matrix, strict=True)
        }
        object.__setattr__(self, "_labelled", MappingProxyType(labelled))

    @property
    def amounts(self) -> Mapping[str, Mapping[str, int]]:
        """Scheme -> member id -> amount [minor units] (read-only mappings)."""
        return self._labelled

    @property
    def shares(self) -> NDArray[np.float64]:
        """Shares of the distributed total, shape (n_schemes, n_members); rows sum to 1."""
        mat = self.amount_matrix
        tot = mat.sum(axis=1, keepdims=True).astype(np.float64)
        return np.divide(mat, tot, out=np.zeros(mat.shape), where=tot > 0)

    def _scheme_index(self, scheme: str) -> int:
        try:
            return self.schemes.index(scheme)
        except ValueError:
            raise InvalidInputError(
                f"unknown scheme {scheme!r} in this comparison (schemes: {', '.join(self.schemes)})"
            ) from None

    def amounts_of(self, scheme: str) -> dict[str, int]:
        """Member id -> amount [minor units] under ``scheme``."""
        return dict(self.amounts[self.schemes[self._scheme_index(scheme)]])

    def top_members(self, k: int) -> NDArray[np.intp]:
        """Return the indices of the ``k`` members paid most under any scheme, largest first."""
        mat = self.amount_matrix
        best = mat.max(axis=0) if mat.size else np.zeros(len(self.members))
        order = np.lexsort((np.arange(len(self.members)), -best))
        return order[: max(0, int(k))]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON contract of ``poolcalc compare`` (money as decimal strings).

        ``{"schemes", "currency", "year", "collected", "administrator_fee",
        "amounts": {scheme: {member: "1.00"}}, "shares": {scheme: {member: share}},
        "metrics": {scheme: {metric: value}}, "notes": [...]}`` (metrics ``null``
        when not computed).
        """
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
                    for m, a in zip(self.members, self.amount_matrix[k], strict=True)
                }
                for k, s in enumerate(self.schemes)
            },
            "shares": {
                s: {m: round(float(v), 10) for m, v in zip(self.members, shares[k], strict=True)}
                for k, s in enumerate(self.schemes)
            },
            "metrics": {s: self.metrics[s].to_dict() for s in self.schemes},
            "notes": list(self.notes),
        }

    # --- Result interface -------------------------------------------------------------------
    def _amounts_view(self) -> TableView:
        mu, mat, n_s = self.minor_units, self.amount_matrix, len(self.schemes)
        top = self.top_members(self.table_members)

        def money(v: Any) -> str:
            return format_money(int(v), mu, grouping=True)

        rows: list[list[Any]] = [
            [self.members[i], *(money(mat[k, i]) for k in range(n_s))] for i in top
        ]
        if top.size < len(self.members):
            rest = np.setdiff1d(np.arange(len(self.members)), top)
            rows.append([f"({rest.size} more)", *(money(mat[k, rest].sum()) for k in range(n_s))])
        rows.append(["distributed", *(money(mat[k].sum()) for k in range(n_s))])
        rows.append(["admin fee", *map(money, self.administrator_fee)])
        rows.append(["collected", *map(money, self.collected)])
        year = f", year {self.year}" if self.year is not None else ""
        title = f"Allocation schemes compared ({self.currency}{year}, {len(self.members)} members)"
        return TableView(("member", *self.schemes), rows, title=title)

    def _metrics_rows(self) -> list[list[str]]:
        return [
            [name, *(metric_text(getattr(self.metrics[s], name)) for s in self.schemes)]
            for name in METRIC_NAMES
        ]

    def _view(self) -> TableView:
        """Amounts of the :attr:`table_members` largest members, then metrics and notes."""
        view = self._amounts_view()
        metrics = render_table(("metric", *self.schemes), self._metrics_rows(), title="Metrics")
        footer = ["", *metrics.rstrip("\n").split("\n")]
        if self.notes:
            footer += ["", "Notes", *(f"- {n}" for n in self.notes)]
        return attrs.evolve(view, footer=footer)

    def _records(self) -> Sequence[dict[str, Any]]:
        """One row per scheme and member: amount [minor units], as text, and the share."""
        shares = self.shares
        return [
            {
                "scheme": s,
                "member": m,
                "amount_cents": int(self.amount_matrix[k, i]),
                "amount": format_money(int(self.amount_matrix[k, i]), self.minor_units),
                "share": float(shares[k, i]),
            }
            for k, s in enumerate(self.schemes)
            for i, m in enumerate(self.members)
        ]

    def _summary(self) -> str:
        year = f" {self.year}" if self.year is not None else ""
        return (
            f"{len(self.schemes)} schemes ({', '.join(self.schemes)}), "
            f"{len(self.members)} members, {self.currency}{year}"
        )

    def _repr_html_(self) -> str:
        view = self._amounts_view()
        out = render_html(view.headers, view.rows, title=view.title)
        out += render_html(("metric", *self.schemes), self._metrics_rows(), title="Metrics")
        return out + "".join(f"<p>{html.escape(n)}</p>" for n in self.notes)

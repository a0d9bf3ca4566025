r"""The value of joining a technology-standard alliance, as a royalty or a pool share.

The right to put a patent into an alliance's standard (and its pool) is a call on
S = expected pool share x PV(pool revenue) + other gains, at the cost K of
standardisation; its value V is turned into a per-unit royalty over the patent's
remaining life, or into the pool share worth V.

The seed paper (:data:`poolcalc.alliance.PAPER`, section 1.2) cites Zeng Deming et
al. for a real-options model of pricing a patent that enters a technology-standard
alliance; that paper is not part of poolcalc's sources, so the option is the
Black-Scholes-Merton call with leakage of :func:`poolcalc.pricing.value_patents` and
the conversions below are derived here (Notes of each function).
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._patent import PatentValuation, value_patents
from poolcalc.pricing._validate import as_float_array, broadcast_named, check_bool, output
from poolcalc.pricing._views import fmt, labels, per_option, tolist

__all__ = ["AllianceEntry", "alliance_entry", "pool_share", "royalty_annuity"]


def royalty_annuity(value: ArrayLike, rate: ArrayLike, life: ArrayLike, volume: ArrayLike) -> Any:
    r"""Per-unit royalty that pays back an option value over the remaining life.

    Parameters
    ----------
    value : array_like
        Value V to recover [currency], >= 0.
    rate : array_like
        Discount rate r [1/year].
    life : array_like
        Years T over which royalties are collected, > 0.
    volume : array_like
        Expected licensed units per year Q (constant), > 0.

    Returns
    -------
    float or ndarray
        :math:`\rho^* = V r / (1 - e^{-rT}) / Q` [currency per unit]
        (:math:`V/(TQ)` when r = 0), so that :math:`\int_0^T \rho^* Q e^{-rt}dt = V`.

    Notes
    -----
    A royalty :math:`\rho` on Q units a year, paid continuously and discounted at r,
    is worth :math:`\rho Q \int_0^T e^{-rt} dt = \rho Q (1 - e^{-rT}) / r`; setting
    this equal to V gives :math:`\rho^*`.

    References
    ----------
    A. K. Dixit and R. S. Pindyck, "Investment under Uncertainty", Princeton
    University Press, 1994 (continuous discounting of a constant flow).

    Examples
    --------
    >>> round(royalty_annuity(1000.0, 0.0, 10, 50), 4)
    2.0
    """
    named = {
        "value": as_float_array("value", value, "nonnegative"),
        "rate": as_float_array("rate", rate),
        "life": as_float_array("life", life, "positive"),
        "volume": as_float_array("volume", volume, "positive"),
    }
    scalar = all(a.ndim == 0 for a in named.values())
    V, r, T, Q = broadcast_named(named)
    rT = r * T
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = np.where(np.abs(rT) < 1e-12, T, -np.expm1(-rT) / np.where(r == 0, 1.0, r))
    return output(np.asarray(V / annuity / Q, dtype=np.float64), scalar)


def pool_share(value: ArrayLike, pool_revenue: ArrayLike) -> Any:
    r"""Pool share :math:`s_i = V_i / PV(\text{pool revenue})` worth the option value.

    Parameters
    ----------
    value : array_like
        Option value :math:`V_i` of each patent (or member) [currency], >= 0.
    pool_revenue : array_like
        Present value of the pool's distributable revenue [currency], > 0.

    Returns
    -------
    float or ndarray
        The share that equates :math:`s_i \cdot PV = V_i` (shares above 1 mean the
        pool cannot pay the patent its option value).

    Examples
    --------
    >>> pool_share([10.0, 30.0], 200.0)
    array([0.05, 0.15])
    """
    named = {
        "value": as_float_array("value", value, "nonnegative"),
        "pool_revenue": as_float_array("pool_revenue", pool_revenue, "positive"),
    }
    scalar = all(a.ndim == 0 for a in named.values())
    V, P = broadcast_named(named)
    return output(np.asarray(V / P, dtype=np.float64), scalar)


@attrs.frozen(repr=False)
class AllianceEntry(Result):
    """Value of contributing a patent to a technology-standard alliance (pool).

    ``str()`` is one row per option: S, the option value, the European and American
    values, the equivalent royalty per unit and pool share; ``to_dict()`` the same
    numbers plus the full valuation.

    Attributes
    ----------
    underlying : float or ndarray
        S = expected pool share x PV(pool revenue) + other gains [currency].
    valuation : PatentValuation
        The option valuation on S.
    value : float or ndarray
        Option value of joining [currency] (``valuation.value``).
    royalty_per_unit : float, ndarray or None
        Per-unit royalty with the same present value over the remaining life
        (None when no volume was given) [currency per unit].
    pool_share : float or ndarray
        Share of the pool's revenue worth the option value, V / PV(pool revenue).
    """

    underlying: Any
    valuation: PatentValuation
    value: Any
    royalty_per_unit: Any
    pool_share: Any

    def _cols(self) -> dict[str, Any]:
        v = self.valuation
        return {"underlying": self.underlying, "value": self.value, "european": v.european,
                "american": v.american, "npv": v.npv, "royalty_per_unit": self.royalty_per_unit,
                "pool_share": self.pool_share}

    def to_dict(self) -> dict[str, Any]:
        """Return the entry's numbers (floats, or nested lists for arrays)."""
        return {
            "underlying": tolist(self.underlying),
            "value": tolist(self.value),
            "royalty_per_unit": tolist(self.royalty_per_unit),
            "pool_share": tolist(self.pool_share),
            "valuation": self.valuation.to_dict(),
        }

    def _records(self) -> list[dict[str, Any]]:
        n, cols, shape = per_option(self._cols())
        names = labels(shape)
        return [{"option": names[i], **{k: float(a[i]) for k, a in cols.items()}}
                for i in range(n)]

    def _view(self) -> TableView:
        records = self._records()
        columns = list(records[0])
        return TableView(columns, [[fmt(r[c], 6) for c in columns] for r in records])

    def _summary(self) -> str:
        n, cols, _ = per_option(self._cols())
        if n == 1:
            royalty = ("" if self.royalty_per_unit is None
                       else f", royalty_per_unit={float(self.royalty_per_unit):.6g}")
            return (f"value={float(self.value):.4f}{royalty}, "
                    f"pool_share={float(self.pool_share):.6g}")
        return f"{n} options, total value={float(np.sum(self.value)):,.4f}"


def alliance_entry(
    expected_share: ArrayLike,
    pool_revenue: ArrayLike,
    cost: ArrayLike,
    life: ArrayLike,
    volatility: ArrayLike,
    rate: ArrayLike,
    *,
    other_gains: ArrayLike = 0.0,
    leakage: ArrayLike | None = None,
    window: ArrayLike | None = None,
    volume: ArrayLike | None = None,
    american: bool = False,
    steps: int | None = None,
) -> AllianceEntry:
    r"""Value of the option to put a patent into a standard alliance's pool.

    Parameters
    ----------
    expected_share : array_like
        Expected share of the pool's distributable revenue the patent will earn, in [0, 1].
    pool_revenue : array_like
        Present value of the pool's forecast distributable revenue [currency], > 0.
    cost : array_like
        K: cost of standardisation (SSO participation, conformance R&D,
        essentiality evaluation, membership fees) [currency], > 0.
    life, volatility, rate, leakage, window, american, steps
        As in :func:`value_patents` (leakage: competitor entry or substitute
        technology hazard, default ``1 / life``).
    other_gains : array_like
        PV of product-market gains from the standard's network effects [currency], >= 0.
    volume : array_like, optional
        Expected licensed units per year, to convert the value into a per-unit royalty.

    Returns
    -------
    AllianceEntry
        Underlying S, valuation, option value, per-unit royalty and equivalent pool share.

    Raises
    ------
    InvalidInputError
        A share outside [0, 1], non-positive pool revenue or S, and as
        :func:`value_patents` and :func:`royalty_annuity`.

    Notes
    -----
    :math:`S = s \cdot PV(\Pi) + G`, :math:`V = S e^{-\delta T}N(d_1) - K e^{-rT}N(d_2)`,
    :math:`\rho^* = V r / (1 - e^{-rT}) / \bar Q` (:func:`royalty_annuity`) and
    :math:`s_i = V / PV(\Pi)` (:func:`pool_share`); the symbol names are poolcalc's.

    References
    ----------
    A. K. Dixit and R. S. Pindyck, "Investment under Uncertainty", Princeton
    University Press, 1994.
    F. Black and M. Scholes, "The Pricing of Options and Corporate Liabilities",
    Journal of Political Economy 81(3), 1973.
    The seed paper (:data:`poolcalc.alliance.PAPER`), section 1.2: Zeng Deming et
    al.'s real-options pricing of patents in technology-standard alliances.

    Examples
    --------
    >>> e = alliance_entry(0.05, 2000.0, 80.0, 10, 0.35, 0.05, leakage=0.10, volume=1e5)
    >>> round(e.underlying, 1), round(e.value, 3)
    (100.0, 12.547)
    """
    check_bool("american", american)
    share = as_float_array("expected_share", expected_share, "probability")
    rev = as_float_array("pool_revenue", pool_revenue, "positive")
    gains = as_float_array("other_gains", other_gains, "nonnegative")
    scalar = share.ndim == 0 and rev.ndim == 0 and gains.ndim == 0
    s, P, G = broadcast_named({"expected_share": share, "pool_revenue": rev, "other_gains": gains})
    S = s * P + G
    if np.any(S <= 0):
        i = int(np.flatnonzero(np.ravel(S <= 0))[0])
        raise InvalidInputError(
            "expected_share x pool_revenue + other_gains must be > 0, got 0"
            + ("" if scalar else f" at index {i}")
        )
    S_out = output(np.asarray(S, dtype=np.float64), scalar)
    val = value_patents(
        S_out,
        cost,
        life,
        volatility,
        rate,
        leakage=leakage,
        window=window,
        american=american,
        steps=steps,
    )
    royalty = None
    if volume is not None:
        royalty = royalty_annuity(val.value, rate, life, volume)
    return AllianceEntry(
        underlying=S_out,
        valuation=val,
        value=val.value,
        royalty_per_unit=royalty,
        pool_share=pool_share(val.value, P if not scalar else float(P)),
    )

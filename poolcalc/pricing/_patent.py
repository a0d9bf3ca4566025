"""Patent valuation as a real option.

Also the value of joining a technology-standard alliance, and its conversion
into a per-unit royalty or a pool share.

Functions are the backbone; :class:`PatentOption` is a thin frozen wrapper that
gathers one patent's numbers and calls :func:`value_patents`.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.pricing._binomial import binomial
from poolcalc.pricing._black_scholes import black_scholes
from poolcalc.pricing._validate import as_float_array, broadcast_named, output

__all__ = [
    "AllianceEntry",
    "PatentOption",
    "PatentValuation",
    "alliance_entry",
    "pool_share",
    "royalty_annuity",
    "value_patents",
]


@attrs.frozen
class PatentValuation:
    """Real-options value of one or many patents.

    Attributes
    ----------
    value : float or ndarray
        Option value used for decisions: ``american`` when computed, else ``european`` [currency].
    european : float or ndarray
        Black-Scholes-Merton value with leakage [currency].
    american : float, ndarray or None
        Binomial American value (exercise any time in the window), or None if not requested.
    npv : float or ndarray
        Static net present value S - K of committing now [currency].
    waiting_value : float or ndarray
        Value of flexibility, ``value - max(npv, 0)`` [currency].
    maturity : float or ndarray
        Decision window T used [years].
    leakage : float or ndarray
        Leakage rate delta used [1/year].
    """

    value: Any
    european: Any
    american: Any
    npv: Any
    waiting_value: Any
    maturity: Any
    leakage: Any

    def rows(self, names: Any = None) -> list[dict[str, Any]]:
        """One dict per patent (flattened), with ``patent`` names when given."""
        cols = {
            "european": self.european,
            "american": self.american,
            "npv": self.npv,
            "waiting_value": self.waiting_value,
            "maturity": self.maturity,
            "leakage": self.leakage,
        }
        flat = {k: np.ravel(v) for k, v in cols.items() if v is not None}
        n = max(a.size for a in flat.values())
        flat = {k: np.broadcast_to(a, (n,)) for k, a in flat.items()}
        ids = (
            [str(x) for x in np.ravel(names)]
            if names is not None
            else [str(i + 1) for i in range(n)]
        )
        if len(ids) != n:
            raise InvalidInputError(f"names has {len(ids)} entries for {n} patents")
        return [{"patent": ids[i], **{k: float(a[i]) for k, a in flat.items()}} for i in range(n)]


def _patent_arrays(
    value: ArrayLike,
    cost: ArrayLike,
    life: ArrayLike,
    volatility: ArrayLike,
    rate: ArrayLike,
    leakage: ArrayLike | None,
    window: ArrayLike | None,
) -> tuple[tuple[NDArray[np.float64], ...], bool]:
    named = {
        "value": as_float_array("value", value, "positive"),
        "cost": as_float_array("cost", cost, "positive"),
        "life": as_float_array("life", life, "positive"),
        "volatility": as_float_array("volatility", volatility, "positive"),
        "rate": as_float_array("rate", rate),
    }
    if leakage is not None:
        named["leakage"] = as_float_array("leakage", leakage)
    if window is not None:
        named["window"] = as_float_array("window", window, "nonnegative")
    scalar = all(a.ndim == 0 for a in named.values())
    arrays = dict(zip(named, broadcast_named(named), strict=True))
    L = arrays["life"]
    q = arrays.get("leakage", 1.0 / L)
    T = arrays.get("window", L)
    if window is not None and np.any(T > L):
        i = int(np.flatnonzero(np.ravel(T > L))[0])
        raise InvalidInputError(
            f"window must not exceed the remaining life, got window={float(np.ravel(T)[i])!r} > "
            f"life={float(np.ravel(L)[i])!r}" + ("" if scalar else f" at index {i}")
        )
    return (arrays["value"], arrays["cost"], T, arrays["rate"], arrays["volatility"], q), scalar


def value_patents(
    value: ArrayLike,
    cost: ArrayLike,
    life: ArrayLike,
    volatility: ArrayLike,
    rate: ArrayLike,
    *,
    leakage: ArrayLike | None = None,
    window: ArrayLike | None = None,
    american: bool = False,
    steps: int | None = None,
    method: Literal["crr", "lr", "bbsr"] = "crr",
) -> PatentValuation:
    r"""Value a portfolio of patents as options to commercialise (or standardise).

    Parameters
    ----------
    value : array_like
        S: present value of the patent's expected net cash flows once exploited
        (product margin attributable to it plus royalty income) [currency], > 0.
    cost : array_like
        K: present value of the investment to exercise, e.g. commercialisation
        capex or the cost of standardisation (SSO work, essentiality evaluation,
        pool fees) [currency], > 0.
    life : array_like
        Remaining patent life [years], > 0.
    volatility : array_like
        sigma of S [1/sqrt(year)], > 0.
    rate : array_like
        Risk-free rate r matching the window [1/year].
    leakage : array_like, optional
        Value lost per year of waiting, delta [1/year]; default ``1 / life``
        (each year of waiting is one year less of protection, DOMAIN.md 3.1).
        Add a competitor-entry hazard lambda here for the Trigeorgis rule of thumb.
    window : array_like, optional
        Decision window T [years], at most ``life``; default ``life``.
    american : bool
        Also value exercise at any time in the window (binomial lattice); with
        leakage, waiting costs value and the American option can be worth much
        more than the European one.
    steps, method
        Lattice settings passed to :func:`poolcalc.pricing.binomial`.

    Returns
    -------
    PatentValuation
        European and (optionally) American values, static NPV, value of waiting.

    Raises
    ------
    InvalidInputError
        Non-positive value, cost, life or volatility, window > life, NaN/inf, or
        arrays that do not broadcast (the message names the argument and index).

    Notes
    -----
    :math:`V = S e^{-\delta T} N(d_1) - K e^{-rT} N(d_2)` with
    :math:`d_{1,2} = [\ln(S/K) + (r - \delta \pm \sigma^2/2)T]/(\sigma\sqrt T)`.

    References
    ----------
    A. K. Dixit and R. S. Pindyck, "Investment under Uncertainty", Princeton
    University Press, 1994.
    M. Amram and N. Kulatilaka, "Real Options: Managing Strategic Investment in
    an Uncertain World", Harvard Business School Press, 1999.
    L. Trigeorgis, "Real Options: Managerial Flexibility and Strategy in Resource
    Allocation", MIT Press, 1996.

    Examples
    --------
    >>> v = value_patents(100, 80, 10, 0.35, 0.05, leakage=0.10, american=True)
    >>> round(v.european, 3), round(v.american, 2)
    (12.547, 28.02)
    """
    (S, K, T, r, v, q), scalar = _patent_arrays(
        value, cost, life, volatility, rate, leakage, window
    )
    eu = np.asarray(black_scholes(S, K, T, r, v, dividend=q))
    am = (
        np.asarray(binomial(S, K, T, r, v, dividend=q, american=True, steps=steps, method=method))
        if american
        else None
    )
    # the lattice can sit a hair below the closed form where exercise is never optimal
    best = np.maximum(am, eu) if am is not None else eu
    npv = S - K
    return PatentValuation(
        value=output(best, scalar),
        european=output(eu, scalar),
        american=None if am is None else output(am, scalar),
        npv=output(np.asarray(npv, dtype=np.float64), scalar),
        waiting_value=output(best - np.maximum(npv, 0.0), scalar),
        maturity=output(np.array(T, dtype=np.float64), scalar),
        leakage=output(np.array(q, dtype=np.float64), scalar),
    )


def _valid(name: str, x: float, positive: bool = True) -> float:
    arr = as_float_array(name, x, "positive" if positive else "finite")
    if arr.ndim:
        raise InvalidInputError(
            f"{name} must be a single number, got an array of shape {arr.shape}"
        )
    return float(arr)


@attrs.frozen
class PatentOption:
    """One patent seen as an option (S, K, T, sigma, r, leakage).

    Attributes
    ----------
    value : float
        S, PV of the expected cash flows from exploiting the patent [currency].
    cost : float
        K, cost of commercialising or standardising [currency].
    life : float
        Remaining patent life [years].
    volatility : float
        sigma of S.
    rate : float
        Risk-free rate r.
    leakage : float or None
        Leakage delta per year; None means ``1 / life``.
    window : float or None
        Decision window T; None means ``life``.
    patent : str
        Identifier (optional).

    Examples
    --------
    >>> p = PatentOption(value=100, cost=80, life=10, volatility=0.35, rate=0.05, leakage=0.10)
    >>> round(p.valuation().european, 3)
    12.547
    """

    value: float = attrs.field(converter=lambda x: _valid("value", x))
    cost: float = attrs.field(converter=lambda x: _valid("cost", x))
    life: float = attrs.field(converter=lambda x: _valid("life", x))
    volatility: float = attrs.field(converter=lambda x: _valid("volatility", x))
    rate: float = attrs.field(converter=lambda x: _valid("rate", x, positive=False))
    leakage: float | None = attrs.field(
        default=None,
        converter=lambda x: None if x is None else _valid("leakage", x, positive=False),
    )
    window: float | None = attrs.field(
        default=None, converter=lambda x: None if x is None else _valid("window", x)
    )
    patent: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PatentOption:
        """Build from a mapping with the attribute names as keys (extra keys rejected).

        Empty strings or None for ``leakage`` / ``window`` mean "use the default".
        """
        allowed = {f.name for f in attrs.fields(cls)}
        extra = sorted(set(d) - allowed)
        if extra:
            raise InvalidInputError(
                f"unknown PatentOption field(s) {', '.join(extra)}; allowed: "
                f"{', '.join(sorted(allowed))}"
            )
        clean = {
            k: (None if k in ("leakage", "window") and v in ("", None) else v) for k, v in d.items()
        }
        return cls(**clean)

    @property
    def effective_leakage(self) -> float:
        """Leakage used: ``leakage`` or ``1 / life``."""
        return 1.0 / self.life if self.leakage is None else self.leakage

    def valuation(
        self,
        *,
        american: bool = False,
        steps: int | None = None,
        method: Literal["crr", "lr", "bbsr"] = "crr",
    ) -> PatentValuation:
        """Value this patent (calls :func:`value_patents`)."""
        return value_patents(
            self.value,
            self.cost,
            self.life,
            self.volatility,
            self.rate,
            leakage=self.leakage,
            window=self.window,
            american=american,
            steps=steps,
            method=method,
        )


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

    References
    ----------
    曾德明 et al., pricing a patent that joins a technology-standard alliance (seed
    paper; see DOMAIN.md 3.7); annuity conversion rho = V r / (1 - exp(-r T)) / Q is
    poolcalc's derivation [D].

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

    References
    ----------
    曾德明 et al., pricing a patent that joins a technology-standard alliance (seed
    paper; see DOMAIN.md 3.7).

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


@attrs.frozen
class AllianceEntry:
    """Value of contributing a patent to a technology-standard alliance (pool).

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

    Notes
    -----
    :math:`S = s \cdot PV(\Pi) + G`, :math:`V = S e^{-\delta T}N(d_1) - K e^{-rT}N(d_2)`,
    :math:`\rho^* = V r / (1 - e^{-rT}) / \bar Q` and :math:`s_i = V / PV(\Pi)`
    (DOMAIN.md 3.7: the structure used in the Chinese literature on pricing
    patents entering technology-standard alliances, 曾德明 et al.; the specific
    paper was not located, so symbol names are poolcalc's own).

    References
    ----------
    A. K. Dixit and R. S. Pindyck, "Investment under Uncertainty", Princeton
    University Press, 1994.

    Examples
    --------
    >>> e = alliance_entry(0.05, 2000.0, 80.0, 10, 0.35, 0.05, leakage=0.10, volume=1e5)
    >>> round(e.underlying, 1), round(e.value, 3)
    (100.0, 12.547)
    """
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

"""Black-Scholes-Merton prices, greeks and implied volatility with continuous leakage.

All functions broadcast over their array arguments like numpy ufuncs and return a
float for all-scalar input, an ndarray otherwise.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._bs_kernel import INV_SQRT_2PI, bs_price
from poolcalc.pricing._special import ndtr
from poolcalc.pricing._validate import (
    as_float_array,
    broadcast_named,
    check_kind,
    check_positive_int,
    check_real,
    option_inputs,
    output,
)
from poolcalc.pricing._views import fmt, labels, per_option, tolist

__all__ = ["Greeks", "black_scholes", "greeks", "implied_volatility"]

def black_scholes(
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
    threads: int | None = None,
) -> Any:
    r"""Black-Scholes-Merton value of a European option with continuous leakage.

    Parameters
    ----------
    spot : array_like
        Value of the underlying S (for a patent: present value of its expected
        cash flows) [currency], > 0.
    strike : array_like
        Exercise price K (cost of commercialising or standardising) [currency], > 0.
    maturity : array_like
        Time to expiry T [years], >= 0.  T = 0 gives the intrinsic value.
    rate : array_like
        Continuously compounded risk-free rate r [1/year].
    volatility : array_like
        Volatility sigma of the underlying [1/sqrt(year)], > 0.
    dividend : array_like, optional
        Continuous dividend yield or value leakage delta [1/year] (default 0).
    kind : {"call", "put"}
        Option type.
    threads : int, optional
        Threads over contiguous slabs of large arrays.  Default ``None``: one thread
        below 200,000 options, else two (or the number of usable CPUs if smaller;
        see benchmarks/README_pricing.md).  The result is bit-identical whatever
        the thread count.

    Returns
    -------
    float or ndarray
        Option value [currency], broadcast shape of the inputs.

    Raises
    ------
    InvalidInputError
        Non-positive spot, strike or volatility, negative maturity, NaN/inf,
        arrays that do not broadcast, or an unknown ``kind``.

    Notes
    -----
    .. math::

        C = S e^{-\delta T} N(d_1) - K e^{-rT} N(d_2),\quad
        P = K e^{-rT} N(-d_2) - S e^{-\delta T} N(-d_1),

        d_1 = \frac{\ln(S/K) + (r - \delta + \sigma^2/2) T}{\sigma\sqrt T},\quad
        d_2 = d_1 - \sigma\sqrt T.

    References
    ----------
    F. Black and M. Scholes, "The Pricing of Options and Corporate Liabilities",
    Journal of Political Economy 81(3), 1973.
    R. C. Merton, "Theory of Rational Option Pricing", Bell Journal of Economics
    and Management Science 4(1), 1973.

    Examples
    --------
    >>> round(black_scholes(42, 40, 0.5, 0.10, 0.20), 4)
    4.7594
    >>> round(black_scholes(42, 40, 0.5, 0.10, 0.20, kind="put"), 4)
    0.8086
    """
    call = check_kind(kind)
    (S, K, T, r, v, q), scalar = option_inputs(spot, strike, maturity, rate, volatility, dividend)
    nthreads = None if threads is None else check_positive_int("threads", threads)
    return output(bs_price(S, K, T, r, v, q, call, nthreads), scalar)


@attrs.frozen(repr=False)
class Greeks(Result):
    """Sensitivities of a Black-Scholes-Merton option value.

    ``str()`` is one row per option; ``to_dict()`` has the five greeks by name
    (floats, or nested lists for arrays).

    Attributes
    ----------
    delta : float or ndarray
        dV/dS [1].
    gamma : float or ndarray
        d2V/dS2 [1/currency].
    vega : float or ndarray
        dV/dsigma per unit of volatility (divide by 100 for "per vol point") [currency].
    theta : float or ndarray
        dV/dt = -dV/dT, per year of calendar time [currency/year].
    rho : float or ndarray
        dV/dr per unit of rate [currency].
    """

    delta: Any
    gamma: Any
    vega: Any
    theta: Any
    rho: Any

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"delta", "gamma", "vega", "theta", "rho"}``."""
        return {k: tolist(v) for k, v in attrs.asdict(self).items()}

    def _records(self) -> list[dict[str, Any]]:
        n, cols, shape = per_option(attrs.asdict(self))
        names = labels(shape)
        return [{"option": names[i], **{k: float(a[i]) for k, a in cols.items()}}
                for i in range(n)]

    def _view(self) -> TableView:
        records = self._records()
        columns = list(records[0])
        return TableView(columns, [[fmt(r[c], 6) for c in columns] for r in records])

    def _summary(self) -> str:
        n, _, _ = per_option({"delta": self.delta})
        if n == 1:
            return ", ".join(f"{k}={float(v):.6g}" for k, v in attrs.asdict(self).items())
        return f"{n} options"


def _d1_d2(S, K, T, r, v, q):  # noqa: ANN001, ANN202
    sq = v * np.sqrt(T)
    d1 = (np.log(S / K) + (r - q) * T) / sq + 0.5 * sq
    return d1, d1 - sq, sq


def greeks(
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
) -> Greeks:
    r"""Delta, gamma, vega, theta and rho of a European Black-Scholes-Merton option.

    Parameters are those of :func:`black_scholes`.

    Parameters
    ----------
    spot, strike, maturity, rate, volatility : array_like
        S [currency], K [currency], T [years], r [1/year], sigma [1/sqrt(year)], as in
        :func:`black_scholes` (broadcast together).
    dividend : array_like, optional
        Leakage delta [1/year].
    kind : {"call", "put"}

    Returns
    -------
    Greeks
        Frozen result with ``delta``, ``gamma``, ``vega``, ``theta``, ``rho`` (floats
        for scalar input, arrays of the broadcast shape otherwise).  At maturity 0
        delta is the exercise indicator and the other greeks are 0.

    Notes
    -----
    With :math:`\phi` the standard normal density and call/put signs
    :math:`\omega = \pm 1`:
    :math:`\Delta = \omega e^{-\delta T} N(\omega d_1)`,
    :math:`\Gamma = e^{-\delta T}\phi(d_1)/(S\sigma\sqrt T)`,
    :math:`\nu = S e^{-\delta T}\phi(d_1)\sqrt T`,
    :math:`\Theta = -S e^{-\delta T}\phi(d_1)\sigma/(2\sqrt T) - \omega r K e^{-rT} N(\omega d_2)
    + \omega \delta S e^{-\delta T} N(\omega d_1)`,
    :math:`\rho = \omega K T e^{-rT} N(\omega d_2)`.

    References
    ----------
    J. C. Hull, "Options, Futures, and Other Derivatives", 10th ed., Pearson, 2018, ch. 19.

    Examples
    --------
    >>> g = greeks(42, 40, 0.5, 0.10, 0.20)
    >>> round(g.delta, 4), round(g.gamma, 5)
    (0.7791, 0.04996)
    """
    call = check_kind(kind)
    (S, K, T, r, v, q), scalar = option_inputs(spot, strike, maturity, rate, volatility, dividend)
    w = 1.0 if call else -1.0
    live = T > 0
    Tl = np.where(live, T, 1.0)
    d1, d2, sq = _d1_d2(S, K, Tl, r, v, q)
    eq, er = np.exp(-q * T), np.exp(-r * T)
    pdf = INV_SQRT_2PI * np.exp(-0.5 * d1 * d1)
    Nd1, Nd2 = ndtr(w * d1), ndtr(w * d2)
    delta = w * eq * Nd1
    gamma = eq * pdf / (S * sq)
    vega = S * eq * pdf * np.sqrt(Tl)
    theta = -S * eq * pdf * v / (2 * np.sqrt(Tl)) - w * r * K * er * Nd2 + w * q * S * eq * Nd1
    rho = w * K * T * er * Nd2
    itm = (S > K) if call else (S < K)
    delta = np.where(live, delta, np.where(itm, w, 0.0))
    zero = np.zeros_like(delta)
    parts = [delta] + [np.where(live, x, zero) for x in (gamma, vega, theta, rho)]
    return Greeks(*(output(np.asarray(p, dtype=np.float64), scalar) for p in parts))


def implied_volatility(
    price: ArrayLike,
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
    tol: float = 1e-12,
    max_iter: int = 100,
) -> Any:
    r"""Black-Scholes-Merton implied volatility, vectorised.

    Parameters
    ----------
    price : array_like
        Observed option value [currency]; must lie strictly inside the
        no-arbitrage bounds (see Notes).
    spot, strike, maturity, rate, dividend, kind
        As in :func:`black_scholes`; ``maturity`` must be > 0 here.
    tol : float
        Stop when ``|black_scholes(sigma) - price| <= tol * max(price, 1)`` (price of
        the out-of-the-money side after put-call parity).
    max_iter : int
        Iteration cap of the safeguarded Newton method.

    Returns
    -------
    float or ndarray
        Volatility sigma > 0 [1/sqrt(year)] with ``black_scholes(..., sigma) == price``.

    Raises
    ------
    InvalidInputError
        Prices outside the open no-arbitrage interval (named with their index),
        non-positive maturity, ``tol`` <= 0, ``max_iter`` < 1, or the inputs
        :func:`black_scholes` rejects.

    Notes
    -----
    Bounds: a call lies in :math:`(\max(S e^{-\delta T} - K e^{-rT}, 0),\ S e^{-\delta T})`,
    a put in :math:`(\max(K e^{-rT} - S e^{-\delta T}, 0),\ K e^{-rT})`.  The price is
    first turned into the out-of-the-money option's price by put-call parity
    (where the time value is computed accurately), then Newton's method on sigma is
    kept inside a shrinking bracket [lo, hi], falling back to bisection when a
    Newton step leaves it or vega vanishes, so every element converges.

    References
    ----------
    S. Manaster and G. Koehler, "The Calculation of Implied Variances from the
    Black-Scholes Model: A Note", Journal of Finance 37(1), 1982 (starting value).

    Examples
    --------
    >>> round(implied_volatility(4.759422, 42, 40, 0.5, 0.10), 6)
    0.2
    """
    call = check_kind(kind)
    tol = check_real("tol", tol, "positive")
    max_iter = check_positive_int("max_iter", max_iter)
    P = as_float_array("price", price, "nonnegative")
    named = {
        "price": P,
        "spot": as_float_array("spot", spot, "positive"),
        "strike": as_float_array("strike", strike, "positive"),
        "maturity": as_float_array("maturity", maturity, "positive"),
        "rate": as_float_array("rate", rate),
        "dividend": as_float_array("dividend", dividend),
    }
    scalar = all(a.ndim == 0 for a in named.values())
    P, S, K, T, r, q = (np.array(a, dtype=np.float64) for a in broadcast_named(named))
    fwd = S * np.exp(-q * T)  # S e^{-qT}
    disc = K * np.exp(-r * T)  # K e^{-rT}
    if call:
        lower, upper = np.maximum(fwd - disc, 0.0), fwd
    else:
        lower, upper = np.maximum(disc - fwd, 0.0), disc
    bad = (P <= lower) | (P >= upper)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = "" if scalar else f" at index {np.unravel_index(i, P.shape) if P.ndim > 1 else i}"
        raise InvalidInputError(
            f"price must lie strictly between the no-arbitrage bounds "
            f"({lower.flat[i]:.6g}, {upper.flat[i]:.6g}) for a {kind}, "
            f"got {float(P.flat[i])!r}{where}"
        )
    # out-of-the-money equivalent: call if K e^{-rT} >= S e^{-qT}, else put
    otm_call = disc >= fwd
    if call:
        target = np.where(otm_call, P, P - fwd + disc)
    else:
        target = np.where(otm_call, P + fwd - disc, P)
    target = np.maximum(target, np.finfo(float).tiny)
    shape = P.shape
    S, K, T, r, q, target, otm_call = (a.reshape(-1) for a in (S, K, T, r, q, target, otm_call))
    n = S.size
    sqT = np.sqrt(T)
    lo = np.zeros(n)
    hi = np.full(n, np.inf)
    x = np.abs(np.log(fwd.reshape(-1) / disc.reshape(-1)))
    sig = np.maximum(np.sqrt(2.0 * x / T), 0.2)  # Manaster-Koehler start, at least 20%
    active = np.arange(n)
    scale = np.maximum(target, 1e-300)
    for _ in range(max_iter):
        if active.size == 0:
            break
        s = sig[active]
        Sa, Ka, Ta, ra, qa = S[active], K[active], T[active], r[active], q[active]
        oc = otm_call[active]
        c = bs_price(Sa, Ka, Ta, ra, s, qa, True)
        p = bs_price(Sa, Ka, Ta, ra, s, qa, False)
        f = np.where(oc, c, p) - target[active]
        conv = np.abs(f) <= tol * np.maximum(scale[active], 1.0)
        too_high = f > 0
        hi[active] = np.where(too_high, np.minimum(hi[active], s), hi[active])
        lo[active] = np.where(~too_high, np.maximum(lo[active], s), lo[active])
        d1 = (np.log(Sa / Ka) + (ra - qa) * Ta) / (s * sqT[active]) + 0.5 * s * sqT[active]
        vega = Sa * np.exp(-qa * Ta - 0.5 * d1 * d1) * INV_SQRT_2PI * sqT[active]
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = s - f / vega
        la, ha = lo[active], hi[active]
        mid = np.where(np.isinf(ha), 2.0 * np.maximum(la, s), 0.5 * (la + ha))
        ok = np.isfinite(newton) & (newton > la) & (newton < ha)
        nxt = np.where(ok, newton, mid)
        # bracket collapsed to rounding: accept
        tight = np.isfinite(ha) & (ha - la <= 4 * np.finfo(float).eps * ha)
        sig[active] = np.where(conv | tight, s, nxt)
        active = active[~(conv | tight)]
    if active.size:
        i = int(active[0])
        raise InvalidInputError(
            "implied volatility did not converge for price "
            f"{float(P.reshape(-1)[i])!r} at index {i}"
        )
    return output(sig.reshape(shape), scalar)

"""Geske (1979) compound option (a call on a call) for staged standardisation.

Includes a vectorised bivariate normal distribution function (Genz 2004).
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._bs_kernel import bs_price
from poolcalc.pricing._special import ndtr
from poolcalc.pricing._validate import as_float_array, broadcast_named, output
from poolcalc.pricing._views import fmt, labels, per_option, tolist

__all__ = ["CompoundResult", "bivariate_normal_cdf", "compound"]

# Gauss-Legendre nodes and weights (n = 20, half interval) as in Genz's BVNU
_GL_W = np.array(
    [
        0.01761400713915212,
        0.04060142980038694,
        0.06267204833410906,
        0.08327674157670475,
        0.1019301198172404,
        0.1181945319615184,
        0.1316886384491766,
        0.1420961093183821,
        0.1491729864726037,
        0.1527533871307259,
    ]
)
_GL_X = np.array(
    [
        0.9931285991850949,
        0.9639719272779138,
        0.9122344282513259,
        0.8391169718222188,
        0.7463319064601508,
        0.6360536807265150,
        0.5108670019508271,
        0.3737060887154196,
        0.2277858511416451,
        0.07652652113349733,
    ]
)
_W = np.concatenate([_GL_W, _GL_W])
_X = np.concatenate([1.0 - _GL_X, 1.0 + _GL_X])
_TWO_PI = 2.0 * np.pi


def _bvnu(
    h: NDArray[np.float64], k: NDArray[np.float64], r: NDArray[np.float64]
) -> NDArray[np.float64]:
    """P(X > h, Y > k) for standard normals with correlation r (1-D arrays)."""
    out = np.empty(h.shape)
    small = np.abs(r) < 0.925
    if small.any():
        hh, kk, rr = h[small], k[small], r[small]
        hk, hs = hh * kk, 0.5 * (hh * hh + kk * kk)
        asr = 0.5 * np.arcsin(rr)
        sn = np.sin(asr[:, None] * _X)
        val = np.exp((sn * hk[:, None] - hs[:, None]) / (1.0 - sn * sn)) @ _W
        out[small] = val * asr / _TWO_PI + ndtr(-hh) * ndtr(-kk)
    big = ~small
    if big.any():
        hh, rr = h[big], r[big]
        kk = np.where(rr < 0, -k[big], k[big])
        hk = hh * kk
        bvn = np.zeros(hh.shape)
        inner = np.abs(rr) < 1.0
        with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
            as_ = 1.0 - rr * rr
            a = np.sqrt(as_)
            bs = (hh - kk) ** 2
            asr = -0.5 * (bs / as_ + hk)
            c = (4.0 - hk) / 8.0
            d = (12.0 - hk) / 80.0
            t1 = np.where(
                asr > -100,
                a * np.exp(asr) * (1 - c * (bs - as_) * (1 - d * bs) / 3 + c * d * as_ * as_),
                0.0,
            )
            b = np.sqrt(bs)
            sp = np.sqrt(_TWO_PI) * ndtr(-b / a)
            t1 = np.where(
                hk > -100, t1 - np.exp(-hk / 2) * sp * b * (1 - c * bs * (1 - d * bs) / 3), t1
            )
            a2 = a / 2
            xs = (a2[:, None] * _X) ** 2
            asr2 = -0.5 * (bs[:, None] / xs + hk[:, None])
            sp2 = 1 + c[:, None] * xs * (1 + 5 * d[:, None] * xs)
            rs = np.sqrt(1 - xs)
            ep = np.exp(-(hk[:, None] / 2) * xs / (1 + rs) ** 2) / rs
            terms = np.where(asr2 > -100, np.exp(asr2) * (sp2 - ep), 0.0)
            val = (a2 * (terms @ _W) - t1) / _TWO_PI
        bvn = np.where(inner, val, 0.0)
        pos = rr > 0
        L = np.where(hh < 0, ndtr(kk) - ndtr(hh), ndtr(-hh) - ndtr(-kk))
        bvn = np.where(pos, bvn + ndtr(-np.maximum(hh, kk)), np.where(hh >= kk, -bvn, L - bvn))
        out[big] = bvn
    return np.clip(out, 0.0, 1.0)


def bivariate_normal_cdf(a: ArrayLike, b: ArrayLike, rho: ArrayLike) -> Any:
    r"""Bivariate standard normal distribution function :math:`M(a, b; \rho)`, vectorised.

    Parameters
    ----------
    a, b : array_like
        Upper integration limits.
    rho : array_like
        Correlation in [-1, 1].

    Returns
    -------
    float or ndarray
        :math:`P(X \le a, Y \le b)` for standard normals with correlation rho,
        accurate to about 1e-15 absolute.

    References
    ----------
    A. Genz, "Numerical computation of rectangular bivariate and trivariate normal
    and t probabilities", Statistics and Computing 14(3), 2004 (algorithm BVNU,
    after Drezner and Wesolowsky 1990).

    Examples
    --------
    >>> round(bivariate_normal_cdf(0.0, 0.0, 0.5), 12)  # 1/4 + arcsin(1/2)/(2 pi)
    0.333333333333
    """
    named = {
        "a": as_float_array("a", a),
        "b": as_float_array("b", b),
        "rho": as_float_array("rho", rho),
    }
    rr = named["rho"]
    if np.any(np.abs(rr) > 1):
        i = int(np.flatnonzero(np.abs(rr) > 1)[0])
        raise InvalidInputError(f"rho must be in [-1, 1], got {float(rr.reshape(-1)[i])!r}")
    scalar = all(x.ndim == 0 for x in named.values())
    A, B, R = broadcast_named(named)
    val = _bvnu(-A.reshape(-1), -B.reshape(-1), R.reshape(-1).copy())
    return output(val.reshape(A.shape), scalar)


@attrs.frozen(repr=False)
class CompoundResult(Result):
    """Value of a compound (call-on-call) option.

    ``str()`` is one row per option (price, critical spot); ``to_dict()`` has both
    (floats, or nested lists for arrays).

    Attributes
    ----------
    price : float or ndarray
        Value today [currency].
    critical_spot : float or ndarray
        S*: the value of the underlying at T1 above which paying K1 is worth it,
        i.e. the solution of :math:`C_{BS}(S^*, K_2, T_2 - T_1) = K_1` [currency].
    """

    price: Any
    critical_spot: Any

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"price", "critical_spot"}``."""
        return {"price": tolist(self.price), "critical_spot": tolist(self.critical_spot)}

    def _records(self) -> list[dict[str, Any]]:
        n, cols, shape = per_option(self.to_dict())
        names = labels(shape)
        return [{"option": names[i], **{k: float(a[i]) for k, a in cols.items()}}
                for i in range(n)]

    def _view(self) -> TableView:
        rows = [(r["option"], fmt(r["price"], 6), fmt(r["critical_spot"], 6))
                for r in self._records()]
        return TableView(("option", "price", "critical_spot"), rows,
                         title="Compound option (Geske 1979)")

    def _summary(self) -> str:
        n, _, _ = per_option({"price": self.price})
        if n == 1:
            return f"price={float(self.price):.6f}, critical_spot={float(self.critical_spot):.6f}"
        return f"{n} options"


def _critical_spot(K1, K2, tau, r, v, q) -> NDArray[np.float64]:  # noqa: ANN001
    """Solve C_BS(S*, K2, tau) = K1 by bisection in log S (vectorised, monotone in S)."""
    hi = (K1 + K2 * np.exp(-r * tau)) * np.exp(
        q * tau
    )  # C(hi) >= hi e^{-q tau} - K2 e^{-r tau} = K1
    lo = hi * 1e-12
    llo, lhi = np.log(lo), np.log(hi)
    for _ in range(80):
        mid = 0.5 * (llo + lhi)
        c = bs_price(np.exp(mid), K2, tau, r, v, q, True)
        above = c > K1
        lhi = np.where(above, mid, lhi)
        llo = np.where(above, llo, mid)
    return np.exp(0.5 * (llo + lhi))


def compound(
    spot: ArrayLike,
    strike1: ArrayLike,
    strike2: ArrayLike,
    maturity1: ArrayLike,
    maturity2: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
) -> CompoundResult:
    r"""Geske compound option: a call (pay K1 at T1) on a call (pay K2 at T2).

    Staged standardisation: pay ``strike1`` at ``maturity1`` to get the patent into
    the standard, then ``strike2`` at ``maturity2`` to commercialise it.

    Parameters
    ----------
    spot : array_like
        Present value S of the cash flows after commercialisation [currency], > 0.
    strike1, strike2 : array_like
        Stage costs K1 (at T1) and K2 (at T2) [currency], > 0.
    maturity1, maturity2 : array_like
        Decision dates T1 and T2 [years], 0 <= T1 < T2.  T1 = 0 gives
        :math:`\max(C_{BS}(S, K_2, T_2) - K_1, 0)`.
    rate, volatility, dividend : array_like
        As in :func:`poolcalc.pricing.black_scholes`.

    Returns
    -------
    CompoundResult
        ``price`` and ``critical_spot`` (S*).

    Raises
    ------
    InvalidInputError
        Non-positive spot, strikes or volatility, T1 < 0, T2 <= T1, NaN/inf, or
        arrays that do not broadcast.

    Notes
    -----
    .. math::

        C = S e^{-\delta T_2} M(a_1, b_1; \rho) - K_2 e^{-r T_2} M(a_2, b_2; \rho)
            - K_1 e^{-r T_1} N(a_2),\quad \rho = \sqrt{T_1/T_2},

    :math:`a_1 = [\ln(S/S^*) + (r - \delta + \sigma^2/2) T_1]/(\sigma\sqrt{T_1})`,
    :math:`a_2 = a_1 - \sigma\sqrt{T_1}`,
    :math:`b_1 = [\ln(S/K_2) + (r - \delta + \sigma^2/2) T_2]/(\sigma\sqrt{T_2})`,
    :math:`b_2 = b_1 - \sigma\sqrt{T_2}`, and M the bivariate normal distribution
    function (:func:`bivariate_normal_cdf`).

    References
    ----------
    R. Geske, "The Valuation of Compound Options", Journal of Financial Economics
    7(1), 1979.

    Examples
    --------
    >>> res = compound(100, 10, 100, 1, 3, 0.05, 0.30)
    >>> round(res.price, 3), round(res.critical_spot, 2)
    (18.276, 80.7)
    """
    named = {
        "spot": as_float_array("spot", spot, "positive"),
        "strike1": as_float_array("strike1", strike1, "positive"),
        "strike2": as_float_array("strike2", strike2, "positive"),
        "maturity1": as_float_array("maturity1", maturity1, "nonnegative"),
        "maturity2": as_float_array("maturity2", maturity2, "positive"),
        "rate": as_float_array("rate", rate),
        "volatility": as_float_array("volatility", volatility, "positive"),
        "dividend": as_float_array("dividend", dividend),
    }
    scalar = all(x.ndim == 0 for x in named.values())
    S, K1, K2, T1, T2, r, v, q = (
        a.reshape(-1) if a.ndim else a.reshape(1)
        for a in (np.array(x) for x in broadcast_named(named))
    )
    shape = np.broadcast_shapes(*(x.shape for x in named.values()))
    if np.any(T2 <= T1):
        i = int(np.flatnonzero(T2 <= T1)[0])
        where = "" if scalar else f" at index {i}"
        raise InvalidInputError(
            f"maturity2 must be > maturity1, got maturity2={float(T2[i])!r} "
            f"and maturity1={float(T1[i])!r}{where}"
        )
    tau = T2 - T1
    s_star = _critical_spot(K1, K2, tau, r, v, q)
    live = T1 > 0
    T1s = np.where(live, T1, 1.0)
    sq1, sq2 = v * np.sqrt(T1s), v * np.sqrt(T2)
    a1 = (np.log(S / s_star) + (r - q) * T1s) / sq1 + 0.5 * sq1
    a2 = a1 - sq1
    b1 = (np.log(S / K2) + (r - q) * T2) / sq2 + 0.5 * sq2
    b2 = b1 - sq2
    rho = np.sqrt(T1s / T2)
    M1 = _bvnu(-a1, -b1, rho)
    M2 = _bvnu(-a2, -b2, rho)
    price = S * np.exp(-q * T2) * M1 - K2 * np.exp(-r * T2) * M2 - K1 * np.exp(-r * T1s) * ndtr(a2)
    now = np.maximum(bs_price(S, K2, T2, r, v, q, True) - K1, 0.0)
    price = np.maximum(np.where(live, price, now), 0.0)
    return CompoundResult(
        output(price.reshape(shape), scalar), output(s_star.reshape(shape), scalar)
    )

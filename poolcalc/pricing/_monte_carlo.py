"""Monte Carlo valuation of options.

Geometric Brownian motion with antithetic variates, Longstaff-Schwartz
regression for American (Bermudan) exercise, and optional jump-to-ruin
(competitor entry at a Poisson rate).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._bs_kernel import bs_price
from poolcalc.pricing._chunks import is_dask, priced_in_chunks
from poolcalc.pricing._validate import (
    as_float_array,
    broadcast_named,
    check_bool,
    check_kind,
    check_optional_bool,
    check_positive_int,
    check_real,
    check_rng,
    option_inputs,
    output,
)
from poolcalc.pricing._views import fmt, labels, per_option, tolist

__all__ = ["MonteCarloResult", "monte_carlo"]


@attrs.frozen(repr=False)
class MonteCarloResult(Result):
    """Monte Carlo estimate of an option value.

    ``str()`` is one row per option (price, standard error); ``to_dict()`` has
    ``price``, ``stderr`` (floats, or nested lists for arrays) and ``paths``.

    Attributes
    ----------
    price : float or ndarray
        Estimated value [currency].
    stderr : float or ndarray
        Standard error of ``price`` [currency], from the spread of the antithetic
        pair averages (independent draws).
    paths : int
        Simulated paths per option (antithetic pairs count twice).
    """

    price: Any
    stderr: Any
    paths: int

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"price", "stderr", "paths"}``."""
        return {"price": tolist(self.price), "stderr": tolist(self.stderr), "paths": self.paths}

    def _records(self) -> list[dict[str, Any]]:
        n, cols, shape = per_option({"price": self.price, "stderr": self.stderr})
        names = labels(shape)
        return [{"option": names[i], "price": float(cols["price"][i]),
                 "stderr": float(cols["stderr"][i])} for i in range(n)]

    def _view(self) -> TableView:
        rows = [(r["option"], fmt(r["price"], 6), fmt(r["stderr"], 6)) for r in self._records()]
        return TableView(("option", "price", "stderr"), rows,
                         title=f"Monte Carlo, {self.paths:,} paths per option")

    def _summary(self) -> str:
        n, cols, _ = per_option({"price": self.price})
        if n == 1:
            return (f"price={float(self.price):.6f}, stderr={float(self.stderr):.6f}, "
                    f"paths={self.paths}")
        return f"{n} options, paths={self.paths}"


def _basis(x: NDArray[np.float64], degree: int, euro: NDArray[np.float64]) -> NDArray[np.float64]:
    """Regressors: 1, x, ..., x^degree (x = S/K) and the European value / K.

    The European value with the remaining maturity is a lower bound of the
    continuation value and captures its shape where polynomials alone fit
    poorly (high volatility, long maturities).
    """
    X = np.empty((x.size, degree + 2))
    X[:, : degree + 1] = np.vander(x, degree + 1, increasing=True)
    X[:, degree + 1] = euro
    return X


def _one_option(
    S: float,
    K: float,
    T: float,
    r: float,
    v: float,
    q: float,
    lam: float,
    compensate: bool,
    call: bool,
    american: bool,
    dates: float,
    pairs: int,
    degree: int,
    rng: np.random.Generator,
) -> tuple[float, float]:
    w = 1.0 if call else -1.0
    if T == 0.0:
        return max(w * (S - K), 0.0), 0.0
    drift = r - q - 0.5 * v * v + (lam if compensate else 0.0)
    steps = max(1, math.ceil(dates * T - 1e-9)) if american else 1
    dt = T / steps
    # competitor entry time (shared by the two paths of an antithetic pair)
    tau = rng.exponential(1.0 / lam, pairs) if lam > 0 else None
    tau2 = None if tau is None else np.concatenate([tau, tau])
    if not american:
        z = rng.standard_normal(pairs)
        z = np.concatenate([z, -z])
        ST = S * np.exp(drift * T + v * math.sqrt(T) * z)
        if tau2 is not None:
            ST[tau2 <= T] = 0.0
        pay = np.maximum(w * (ST - K), 0.0) * math.exp(-r * T)
        y = 0.5 * (pay[:pairs] + pay[pairs:])
        return float(y.mean()), float(y.std(ddof=1) / math.sqrt(pairs)) if pairs > 1 else 0.0
    z = rng.standard_normal((steps, pairs))
    z = np.concatenate([z, -z], axis=1)
    logS = np.cumsum(drift * dt + v * math.sqrt(dt) * z, axis=0)
    paths = S * np.exp(logS)  # (steps, 2*pairs): values at t_1..t_M
    if tau2 is not None:
        times = dt * np.arange(1, steps + 1)[:, None]
        paths[tau2[None, :] <= times] = 0.0
    disc = math.exp(-r * dt)
    q_reg = q + (0.0 if compensate else lam)  # leakage seen by the European regressor
    V = np.maximum(w * (paths[-1] - K), 0.0)
    for k in range(steps - 2, -1, -1):
        V *= disc
        Sk = paths[k]
        ex = np.maximum(w * (Sk - K), 0.0)
        itm = ex > 0.0
        dead = Sk == 0.0
        reg = itm & ~dead
        if reg.sum() > degree + 2:
            tau = T - (k + 1) * dt
            Sr = Sk[reg]
            one = np.float64
            euro = bs_price(Sr / K, one(1.0), one(tau), one(r), one(v), one(q_reg), call)
            X = _basis(Sr / K, degree, euro)
            coef, *_ = np.linalg.lstsq(X, V[reg], rcond=None)
            cont = X @ coef
            idx = np.flatnonzero(reg)
            go = ex[reg] > cont
            V[idx[go]] = ex[reg][go]
        # after entry the cash flows are gone for good: exercise what is left now
        gone = itm & dead
        V[gone] = ex[gone]
    V *= disc
    y = 0.5 * (V[:pairs] + V[pairs:])
    price = float(y.mean())
    se = float(y.std(ddof=1) / math.sqrt(pairs)) if pairs > 1 else 0.0
    intrinsic = max(w * (S - K), 0.0)
    return (intrinsic, 0.0) if intrinsic > price else (price, se)


def monte_carlo(
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
    american: bool = False,
    exercise_dates: float = 50.0,
    paths: int = 100_000,
    rng: np.random.Generator | int | None = None,
    entry_rate: ArrayLike = 0.0,
    spot_includes_entry: bool | None = None,
    degree: int = 2,
    chunks: int | Sequence[int] | None = None,
) -> MonteCarloResult:
    r"""Monte Carlo value of a European or American option, with its standard error.

    Parameters
    ----------
    spot, strike, maturity, rate, volatility, dividend, kind
        As in :func:`poolcalc.pricing.black_scholes` (broadcast together).
    american : bool
        Value early exercise by Longstaff-Schwartz regression (default False).
    exercise_dates : float
        Exercise dates per year for ``american`` (default 50, the setting of
        Longstaff and Schwartz's Table 1); an option of maturity T gets
        ``ceil(exercise_dates * T)`` equally spaced dates.
    paths : int
        Paths per option, antithetic pairs included (odd numbers are rounded up).
    rng : numpy.random.Generator, int or numpy.random.SeedSequence, optional
        Random source or seed (an integer >= 0); the same seed gives the same
        numbers; None draws fresh entropy from the operating system.
    entry_rate : array_like
        Poisson rate lambda [1/year] at which a competitor (or substitute
        standard) enters; at entry the patent's cash flows vanish (jump to ruin,
        S = 0).  Default 0.
    spot_includes_entry : bool, optional
        Required when ``entry_rate`` > 0.  True if ``spot`` already prices the
        entry risk (the risk-neutral drift is then raised by lambda so that
        :math:`E[S_T] = S e^{(r-\delta)T}`); False if ``spot`` ignores it (the
        expected value then decays at rate lambda on top of the leakage).
    degree : int
        Degree of the polynomial in S/K used as regression basis (default 2;
        higher degrees overfit the heavy right tail at high volatility).
    chunks : int or sequence of int, optional
        Price the options chunk by chunk: options (in C order) per chunk, or every
        chunk's size.  Any array argument may also be a Dask array: the chunks
        (default: those of the Dask array) then run as Dask tasks, on the active
        ``dask.distributed`` client if there is one.  Chunk k draws from the k-th
        child of ``SeedSequence(rng).spawn(n_chunks)``, so the same ``rng`` and
        ``chunks`` give identical prices in memory and on Dask (on any number of
        workers); not the same numbers as without ``chunks`` (one stream for all
        options).  See :mod:`poolcalc.pricing._chunks`.

    Returns
    -------
    MonteCarloResult
        ``price`` and ``stderr`` (floats for scalar input, arrays otherwise) and ``paths``.

    Raises
    ------
    InvalidInputError
        Bad option inputs, ``paths`` < 2, ``exercise_dates`` <= 0, negative
        ``entry_rate``, ``entry_rate`` > 0 without ``spot_includes_entry``, a
        non-boolean ``american`` or ``spot_includes_entry``, or an ``rng`` that is
        not a Generator, a seed >= 0, a SeedSequence or None.

    Notes
    -----
    :math:`S_{t+\Delta t} = S_t \exp[(r - \delta - \sigma^2/2)\Delta t + \sigma\sqrt{\Delta t} Z]`
    with Z and -Z both used (antithetic variates).  American exercise: going
    backwards over the exercise dates, the discounted realised cash flows of
    in-the-money paths are regressed on :math:`1, S/K, \dots, (S/K)^{\text{degree}}`
    and the Black-Scholes value of the European option with the remaining
    maturity, and a path exercises when its exercise value exceeds the fitted
    continuation value.  Options are simulated one after another (each
    vectorised over its paths); the cost is in the paths, not the loop.

    With entry at rate lambda and S ignoring it, a European call is worth
    :math:`e^{-\lambda T} C_{BS}(S, K, T, r, \delta)`; with S pricing it in,
    :math:`C_{BS}` with r replaced by :math:`r + \lambda` in d1, d2 and the
    discounting of K (Merton 1976).  The competitive-erosion rule of thumb
    :math:`\delta' = \delta + \lambda` (Trigeorgis 1996) lies between the two.

    References
    ----------
    F. A. Longstaff and E. S. Schwartz, "Valuing American Options by Simulation:
    A Simple Least-Squares Approach", Review of Financial Studies 14(1), 2001.
    P. Glasserman, "Monte Carlo Methods in Financial Engineering", Springer, 2003.
    L. Trigeorgis, "Real Options: Managerial Flexibility and Strategy in Resource
    Allocation", MIT Press, 1996.
    R. C. Merton, "Option Pricing when Underlying Stock Returns are
    Discontinuous", Journal of Financial Economics 3(1-2), 1976.

    Examples
    --------
    >>> res = monte_carlo(100, 100, 1, 0.05, 0.2, paths=200_000, rng=1)
    >>> abs(res.price - 10.4506) < 3 * res.stderr
    True
    """
    call = check_kind(kind)
    is_american = check_bool("american", american)
    arrays = {"spot": spot, "strike": strike, "maturity": maturity, "rate": rate,
              "volatility": volatility, "dividend": dividend, "entry_rate": entry_rate}
    if chunks is not None or any(is_dask(a) for a in arrays.values()):
        fixed = {"kind": kind, "american": is_american, "exercise_dates": exercise_dates,
                 "paths": paths, "spot_includes_entry": spot_includes_entry, "degree": degree}
        return priced_in_chunks(monte_carlo, arrays, fixed, chunks, rng=rng, random=True)
    n_paths = check_positive_int("paths", paths, 2)
    pairs = (n_paths + 1) // 2
    deg = check_positive_int("degree", degree, 1)
    dates = check_real("exercise_dates", exercise_dates, "positive")
    priced_in = check_optional_bool("spot_includes_entry", spot_includes_entry)
    gen = check_rng(rng)
    (S, K, T, r, v, q), scalar = option_inputs(spot, strike, maturity, rate, volatility, dividend)
    lam = as_float_array("entry_rate", entry_rate, "nonnegative")
    scalar = scalar and lam.ndim == 0
    S, K, T, r, v, q, lam = broadcast_named(
        {
            "spot": S,
            "strike": K,
            "maturity": T,
            "rate": r,
            "volatility": v,
            "dividend": q,
            "entry_rate": lam,
        }
    )
    if np.any(lam > 0) and priced_in is None:
        raise InvalidInputError(
            "entry_rate > 0 needs spot_includes_entry: True if spot already prices the "
            "competitor-entry risk, False if it ignores it"
        )
    price = np.empty(S.shape)
    se = np.empty(S.shape)
    for idx in np.ndindex(S.shape):
        price[idx], se[idx] = _one_option(
            float(S[idx]),
            float(K[idx]),
            float(T[idx]),
            float(r[idx]),
            float(v[idx]),
            float(q[idx]),
            float(lam[idx]),
            bool(priced_in),
            call,
            is_american,
            dates,
            pairs,
            deg,
            gen,
        )
    return MonteCarloResult(output(price, scalar), output(se, scalar), 2 * pairs)

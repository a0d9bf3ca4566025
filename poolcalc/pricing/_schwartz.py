"""Schwartz (2004) patent / R&D project valuation by simulation, with abandonment."""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._validate import check_positive_int, check_real, check_rng
from poolcalc.pricing._views import fmt

__all__ = ["RDProjectResult", "rd_project"]


@attrs.frozen(repr=False)
class RDProjectResult(Result):
    """Value of a patented R&D project (Schwartz 2004).

    ``str()`` lists the quantities one per row; ``to_dict()`` has them by name.

    Attributes
    ----------
    value : float
        Value with the option to abandon (Longstaff-Schwartz policy) [currency].
    stderr : float
        Standard error of ``value`` [currency].
    value_without_abandonment : float
        Value when the project is carried to completion (or expiry) regardless [currency].
    abandonment_option : float
        ``value - value_without_abandonment`` [currency].
    completion_probability : float
        Share of paths completed before the patent expires and not abandoned
        (failures are not simulated: they enter through the discount rate).
    abandonment_probability : float
        Share of paths abandoned.
    expected_completion_time : float or None
        Mean completion time of the completed paths [years] (None if none completes).
    paths : int
        Simulated paths (antithetic pairs count twice).
    """

    value: float
    stderr: float
    value_without_abandonment: float
    abandonment_option: float
    completion_probability: float
    abandonment_probability: float
    expected_completion_time: float | None
    paths: int

    def to_dict(self) -> dict[str, Any]:
        """Return every attribute by name (floats, ``paths`` an int)."""
        return attrs.asdict(self)

    def _view(self) -> TableView:
        rows = [(k, fmt(v, 6) if k != "paths" else f"{v:,}") for k, v in self.to_dict().items()]
        return TableView(("quantity", "value"), rows, title="R&D project (Schwartz 2004)")

    def _records(self) -> list[dict[str, Any]]:
        return [self.to_dict()]

    def _summary(self) -> str:
        return (f"value={self.value:.4f}, stderr={self.stderr:.4f}, "
                f"abandonment_option={self.abandonment_option:.4f}")


def _num(name: str, x: object, *, positive: bool = False, nonneg: bool = False) -> float:
    constraint = "positive" if positive else "nonnegative" if nonneg else "finite"
    return check_real(name, x, constraint)


def _annuity(rate_minus_growth: float, tau: NDArray[np.float64]) -> NDArray[np.float64]:
    """Integral of e^{-(r - alpha) s} ds over [0, tau]."""
    x = rate_minus_growth
    if abs(x) < 1e-12:
        return tau.copy()
    return -np.expm1(-x * tau) / x


def rd_project(
    cash_flow: float,
    cost_to_completion: float,
    max_investment: float,
    life: float,
    rate: float,
    *,
    cash_flow_drift: float = 0.0,
    cash_flow_volatility: float = 0.35,
    cost_volatility: float = 0.5,
    correlation: float = 0.0,
    failure_rate: float = 0.0,
    steps_per_year: int = 10,
    paths: int = 20_000,
    rng: np.random.Generator | int | None = None,
) -> RDProjectResult:
    r"""Value a patent-protected R&D project with technical and market uncertainty.

    Parameters
    ----------
    cash_flow : float
        C0: expected net cash flow per year once the project is completed
        [currency/year], > 0.
    cost_to_completion : float
        K0: expected remaining R&D cost [currency], > 0.
    max_investment : float
        I_max: maximum investment rate [currency/year], > 0; the project invests
        at this rate until completion or abandonment.
    life : float
        T: years until the patent expires; cash flows stop then [years], > 0.
    rate : float
        Risk-free rate r.
    cash_flow_drift : float
        Risk-neutral drift alpha of C.
    cash_flow_volatility : float
        sigma_C, >= 0.
    cost_volatility : float
        beta: technical uncertainty of the cost to completion, >= 0.
    correlation : float
        rho between the cash-flow and cost shocks, in [-1, 1].
    failure_rate : float
        lambda: Poisson rate of a catastrophic failure that ends the project
        during R&D [1/year], >= 0 (added to the discount rate, as Schwartz does).
    steps_per_year : int
        Time steps (and abandonment dates) per year (default 10).
    paths : int
        Simulated paths, antithetic pairs included.
    rng : numpy.random.Generator, int or numpy.random.SeedSequence, optional
        Random source or seed (an integer >= 0); None draws fresh entropy.

    Returns
    -------
    RDProjectResult

    Raises
    ------
    InvalidInputError
        Non-positive C0, K0, I_max or T, negative volatilities or failure rate,
        a correlation outside [-1, 1], a number given as text or a bool, or bad
        ``steps_per_year`` / ``paths`` / ``rng``.

    Notes
    -----
    .. math::

        dC = \alpha C\,dt + \sigma_C C\,dW,\qquad
        dK = -I\,dt + \beta\sqrt{I K}\,dZ,\qquad dW\,dZ = \rho\,dt.

    While K > 0 the firm pays I = I_max per year (less in the last step); when K
    reaches 0 at time :math:`\tau < T` it receives the cash flows until expiry,
    worth :math:`C_\tau \int_0^{T-\tau} e^{-(r-\alpha)s} ds`.  Costs and the
    completion value are discounted at :math:`r + \lambda` during R&D.  At each
    step the firm may abandon (value 0); the policy comes from least-squares
    regression of the discounted future cash flows on
    :math:`1, c, k, c^2, k^2, c k` (c = C/C0, k = K/K0) (Longstaff and Schwartz 2001).

    References
    ----------
    E. S. Schwartz, "Patents and R&D as Real Options", Economic Notes 33(1), 2004
    (NBER working paper 10114, 2003).
    R. S. Pindyck, "Investments of Uncertain Cost", Journal of Financial Economics
    34(1), 1993.

    Examples
    --------
    >>> res = rd_project(20.0, 100.0, 20.0, 20.0, 0.05, paths=2_000, rng=1)
    >>> res.value >= res.value_without_abandonment - 3 * res.stderr
    True
    """
    C0 = _num("cash_flow", cash_flow, positive=True)
    K0 = _num("cost_to_completion", cost_to_completion, positive=True)
    Imax = _num("max_investment", max_investment, positive=True)
    T = _num("life", life, positive=True)
    r = _num("rate", rate)
    alpha = _num("cash_flow_drift", cash_flow_drift)
    sc = _num("cash_flow_volatility", cash_flow_volatility, nonneg=True)
    beta = _num("cost_volatility", cost_volatility, nonneg=True)
    rho = _num("correlation", correlation)
    if not -1.0 <= rho <= 1.0:
        raise InvalidInputError(f"correlation must be in [-1, 1], got {rho!r}")
    lam = _num("failure_rate", failure_rate, nonneg=True)
    spy = check_positive_int("steps_per_year", steps_per_year)
    pairs = (check_positive_int("paths", paths, 2) + 1) // 2
    gen = check_rng(rng)

    M = max(1, math.ceil(spy * T - 1e-9))
    dt = T / M
    n = 2 * pairs
    C = np.full(n, C0)
    K = np.full(n, K0)
    active = np.ones(n, dtype=bool)  # still in R&D
    cf = np.zeros((M + 1, n))  # costs paid at the start of step m, completion value at m
    hist_C = np.zeros((M + 1, n))  # state at the start of step m
    hist_K = np.zeros((M + 1, n))
    comp_at = np.full(n, -1)  # step at which R&D completes (-1: never)
    sq = math.sqrt(dt)
    for m in range(M):
        hist_C[m], hist_K[m] = C, K
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        z1 = gen.standard_normal(pairs)
        z2 = gen.standard_normal(pairs)
        zc = np.concatenate([z1, -z1])
        zk = rho * zc + math.sqrt(max(0.0, 1.0 - rho * rho)) * np.concatenate([z2, -z2])
        Ka = K[idx]
        inv = np.minimum(Imax, Ka / dt)
        cf[m, idx] -= inv * dt
        K[idx] = Ka - inv * dt + beta * np.sqrt(inv * Ka) * sq * zk[idx]
        C *= np.exp((alpha - 0.5 * sc * sc) * dt + sc * sq * zc)
        fin = idx[K[idx] <= 0.0]
        if fin.size:
            cf[m + 1, fin] += C[fin] * _annuity(r - alpha, np.full(fin.size, T - (m + 1) * dt))
            comp_at[fin] = m + 1
            active[fin] = False
            K[fin] = 0.0
    disc = math.exp(-(r + lam) * dt)

    # without abandonment: the discounted sum of every cash flow
    plain = (disc ** np.arange(M + 1)) @ cf

    # with abandonment: backward over the decision dates (start of each step)
    ab_at = np.full(n, -1)
    V = cf[M].copy()
    for m in range(M - 1, 0, -1):
        V = cf[m] + disc * V  # value at the start of step m when continuing
        idx = np.flatnonzero((hist_K[m] > 0.0) & ((comp_at == -1) | (comp_at > m)))
        if idx.size > 6:
            c = hist_C[m, idx] / C0
            k = hist_K[m, idx] / K0
            X = np.column_stack([np.ones(idx.size), c, k, c * c, k * k, c * k])
            coef, *_ = np.linalg.lstsq(X, V[idx], rcond=None)
            stop = idx[X @ coef < 0.0]
            V[stop] = 0.0
            ab_at[stop] = m
    V = cf[0] + disc * V
    y = 0.5 * (V[:pairs] + V[pairs:])
    value = max(float(y.mean()), 0.0)  # the firm can also abandon today
    se = float(y.std(ddof=1) / math.sqrt(pairs)) if pairs > 1 else 0.0
    no_ab = float(plain.mean())
    abandoned = ab_at >= 0
    completed = (comp_at > 0) & ~abandoned
    return RDProjectResult(
        value=value,
        stderr=se,
        value_without_abandonment=no_ab,
        abandonment_option=value - no_ab,
        completion_probability=float(completed.mean()),
        abandonment_probability=float(abandoned.mean()),
        expected_completion_time=float(comp_at[completed].mean() * dt) if completed.any() else None,
        paths=n,
    )

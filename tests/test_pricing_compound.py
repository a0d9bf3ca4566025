import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import multivariate_normal

from poolcalc.pricing import bivariate_normal_cdf, black_scholes, compound


def test_geske_vector():
    # Geske (1979): S=100, K1=10, K2=100, T1=1, T2=3, r=5%, sigma=30% -> 18.276, S* = 80.70
    # (S* solves C_BS(S*, 100, 2 years) = 10; recomputed with scipy's bivariate normal:
    # 18.27605, 80.70284)
    res = compound(100, 10, 100, 1, 3, 0.05, 0.30)
    assert res.price == pytest.approx(18.276, abs=5e-4)
    assert res.critical_spot == pytest.approx(80.70, abs=5e-3)
    # S* makes the inner option worth exactly K1 at T1
    assert black_scholes(res.critical_spot, 100, 2, 0.05, 0.30) == pytest.approx(10.0, abs=1e-9)


def nested_lattice(S, K1, K2, T1, T2, r, v, steps):
    """Plain nested CRR lattice for a call on a call (oracle)."""
    dt = T2 / steps
    u, d = math.exp(v * math.sqrt(dt)), math.exp(-v * math.sqrt(dt))
    p = (math.exp(r * dt) - d) / (u - d)
    disc = math.exp(-r * dt)
    n1 = round(T1 / dt)
    vals = [max(S * u**i * d ** (steps - i) - K2, 0.0) for i in range(steps + 1)]
    for j in range(steps - 1, -1, -1):
        vals = [disc * (p * vals[i + 1] + (1 - p) * vals[i]) for i in range(j + 1)]
        if j == n1:
            vals = [max(x - K1, 0.0) for x in vals]
    return vals[0]


def test_against_nested_lattice():
    # a plain nested CRR lattice (600 steps) gives 18.267, within 0.01 of the closed form
    lat = nested_lattice(100, 10, 100, 1, 3, 0.05, 0.30, 600)
    assert lat == pytest.approx(18.267, abs=0.01)
    assert compound(100, 10, 100, 1, 3, 0.05, 0.30).price == pytest.approx(lat, abs=0.02)


def test_vectorised_and_limits():
    res = compound([80.0, 100.0, 120.0], 10, 100, [0.0, 1.0, 1.0], 3, 0.05, 0.3, dividend=0.01)
    assert res.price.shape == (3,)
    # T1 = 0: decide now
    assert res.price[0] == pytest.approx(
        max(black_scholes(80, 100, 3, 0.05, 0.3, dividend=0.01) - 10, 0)
    )
    # a compound call is worth less than the underlying call, and at least that call minus K1
    c = black_scholes(120, 100, 3, 0.05, 0.3, dividend=0.01)
    assert c - 10 <= res.price[2] <= c


@settings(max_examples=20)
@given(st.floats(50, 150), st.floats(1, 20), st.floats(0.2, 2.5), st.floats(0.1, 0.6))
def test_k1_zero_limit_and_monotone(S, K1, T1, v):
    T2 = T1 + 1.0
    full = black_scholes(S, 100, T2, 0.04, v)
    small = compound(S, 1e-9, 100, T1, T2, 0.04, v).price
    assert small == pytest.approx(full, rel=1e-6, abs=1e-8)
    a = compound(S, K1, 100, T1, T2, 0.04, v).price
    b = compound(S, K1 * 1.1, 100, T1, T2, 0.04, v).price
    assert b <= a + 1e-12


def test_bivariate_normal_against_scipy():
    rng = np.random.default_rng(0)
    for rho in (-0.999, -0.95, -0.6, 0.0, 0.3, 0.8, 0.93, 0.999):
        x = rng.normal(size=(40, 2)) * 2
        ref = multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).cdf(x)
        mine = bivariate_normal_cdf(x[:, 0], x[:, 1], rho)
        np.testing.assert_allclose(mine, ref, atol=1e-7)


def test_bivariate_normal_special_values():
    assert bivariate_normal_cdf(0.0, 0.0, 0.0) == pytest.approx(0.25, abs=1e-15)
    assert bivariate_normal_cdf(0.0, 0.0, 0.5) == pytest.approx(1 / 3, abs=1e-15)
    from scipy.special import ndtr

    assert bivariate_normal_cdf(1.0, 2.0, 1.0) == pytest.approx(ndtr(1.0), abs=1e-15)
    assert bivariate_normal_cdf(1.0, 2.0, -1.0) == pytest.approx(
        ndtr(1.0) + ndtr(2.0) - 1, abs=1e-15
    )

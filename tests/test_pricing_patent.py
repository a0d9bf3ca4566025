import math

import numpy as np
import pytest

from poolcalc.errors import InvalidInputError
from poolcalc.pricing import (
    PatentOption,
    alliance_entry,
    binomial,
    black_scholes,
    pool_share,
    royalty_annuity,
    value_patents,
)


def test_domain_patent_case():
    v = value_patents(100, 80, 10, 0.35, 0.05, leakage=0.10, american=True, steps=1000)
    assert v.european == pytest.approx(12.547, abs=5e-4)
    assert v.american == pytest.approx(28.018, abs=5e-4)
    assert v.value == v.american
    assert v.npv == 20.0
    assert v.waiting_value == pytest.approx(v.american - 20.0)


def test_default_leakage_is_one_over_life():
    v = value_patents([100.0, 50.0], 80, [10.0, 4.0], 0.35, 0.05)
    np.testing.assert_allclose(v.leakage, [0.1, 0.25])
    np.testing.assert_allclose(
        v.european, black_scholes([100.0, 50.0], 80, [10.0, 4.0], 0.05, 0.35, dividend=[0.1, 0.25])
    )
    assert v.american is None


def test_window_shorter_than_life():
    v = value_patents(100, 80, 10, 0.35, 0.05, window=2)
    assert v.maturity == 2.0 and v.leakage == 0.1
    assert v.european == pytest.approx(black_scholes(100, 80, 2, 0.05, 0.35, dividend=0.1))


def _norm_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _bs_leakage(S, K, T, r, sigma, q):
    """Black and Scholes (1973) / Merton (1973) call with continuous leakage q, by hand."""
    d1 = (math.log(S / K) + (r - q + sigma**2 / 2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    return S * math.exp(-q * T) * _norm_cdf(d1) - K * math.exp(-r * T) * _norm_cdf(d2)


def _crr(S, K, T, r, sigma, q, steps, american):
    """Cox, Ross and Rubinstein (1979) lattice for a call, node by node."""
    dt = T / steps
    u = math.exp(sigma * math.sqrt(dt))
    p = (math.exp((r - q) * dt) - 1 / u) / (u - 1 / u)
    disc = math.exp(-r * dt)
    vals = [max(S * u ** (2 * i - steps) - K, 0.0) for i in range(steps + 1)]
    for j in range(steps - 1, -1, -1):
        for i in range(j + 1):
            cont = disc * (p * vals[i + 1] + (1 - p) * vals[i])
            vals[i] = max(cont, S * u ** (2 * i - j) - K) if american else cont
    return vals[0]


def test_patent_option_against_hand_computed_black_scholes_with_leakage():
    # S = 100, K = 80, life = T = 10, r = 5%, sigma = 35%, leakage q = 1 / life = 0.10:
    # d1 = [ln(100/80) + (0.05 - 0.10 + 0.35^2/2) 10] / (0.35 sqrt 10)
    #    = (0.223144 + 0.112500) / 1.106797 = 0.303257,  d2 = d1 - 1.106797 = -0.803541
    # N(d1) = 0.619153, N(d2) = 0.210831, e^{-qT} = e^{-1} = 0.367879, e^{-rT} = e^{-0.5}
    # = 0.606531; C = 100 x 0.367879 x 0.619153 - 80 x 0.606531 x 0.210831
    #   = 22.777360 - 10.230046 = 12.547314
    p = PatentOption(value=100, cost=80, life=10, volatility=0.35, rate=0.05, patent="US1")
    assert p.effective_leakage == 0.1
    v = p.valuation()
    assert v.european == pytest.approx(12.547314, abs=1e-6)
    assert v.european == pytest.approx(_bs_leakage(100, 80, 10, 0.05, 0.35, 0.1), rel=1e-12)
    assert (v.american, v.value, v.npv, v.maturity, v.leakage) == (None, v.european, 20.0, 10, 0.1)
    assert v.waiting_value == pytest.approx(12.547314 - 20.0, abs=1e-6)  # value - max(npv, 0)
    # a window of 2 years out of the 10: d1 = [0.223144 + (0.01125)(2)] / (0.35 sqrt 2)
    # = 0.496275, d2 = 0.001300; C = 100 e^{-0.2} N(d1) - 80 e^{-0.1} N(d2)
    # = 81.873075 x 0.690150 - 72.386994 x 0.500519 = 56.504691 - 36.231051 = 20.273641
    w = PatentOption(value=100, cost=80, life=10, volatility=0.35, rate=0.05, window=2)
    assert w.valuation().european == pytest.approx(20.273641, abs=1e-6)
    # American: the same option on a 200-step CRR lattice, computed node by node here
    am = p.valuation(american=True, steps=200)
    assert am.american == pytest.approx(_crr(100, 80, 10, 0.05, 0.35, 0.1, 200, True), abs=1e-9)
    assert am.value == am.american > am.european
    assert am.patents == ("US1",) and am.to_dict()["patents"][0]["patent"] == "US1"


def test_rows_and_table():
    v = value_patents([100.0, 50.0], 80, 10, 0.35, 0.05, american=True, steps=100,
                      patents=["A", "B"])
    rows = v.to_dict()["patents"]
    assert [r["patent"] for r in rows] == ["A", "B"]
    assert rows[1]["american"] == pytest.approx(float(v.american[1]))
    assert rows[1]["value"] == 50.0 and rows[1]["cost"] == 80.0 and rows[1]["window"] == 10.0
    # B: S = 50 < K = 80, npv -30; the European value by hand (q = 1/10)
    assert rows[1]["european"] == pytest.approx(_bs_leakage(50, 80, 10, 0.05, 0.35, 0.1))
    lines = str(v).splitlines()
    assert lines[0].split() == ["patent", "value", "cost", "window", "volatility", "rate",
                                "leakage", "npv", "european", "american", "waiting_value"]
    assert lines[3].split()[:8] == ["B", "50.0000", "80.0000", "10.0000", "0.3500", "0.0500",
                                    "0.1000", "-30.0000"]
    assert repr(v).startswith("PatentValuation(2 patents, total value=")
    frame = v.to_frame()
    assert list(frame.index) == ["A", "B"] and frame.index.name == "patent"
    assert list(frame["npv"]) == [20.0, -30.0]
    with pytest.raises(InvalidInputError, match="patents has 1 ids for 2 patents"):
        value_patents([100.0, 50.0], 80, 10, 0.35, 0.05, patents=["A"])
    with pytest.raises(InvalidInputError, match="patents must be non-empty strings, got 3"):
        value_patents([100.0, 50.0], 80, 10, 0.35, 0.05, patents=["A", 3])
    with pytest.raises(InvalidInputError, match="patents must be a sequence of ids, got 'AB'"):
        value_patents([100.0, 50.0], 80, 10, 0.35, 0.05, patents="AB")


def test_royalty_annuity_pays_back_value():
    V, r, T, Q = 1000.0, 0.05, 8.0, 20_000.0
    rho = royalty_annuity(V, r, T, Q)
    # integral_0^T rho Q e^{-rt} dt == V, by numerical quadrature
    t = np.linspace(0, T, 200_001)
    f = rho * Q * np.exp(-r * t)
    pv = float(np.sum((f[1:] + f[:-1]) / 2 * np.diff(t)))
    assert pv == pytest.approx(V, rel=1e-9)
    assert royalty_annuity(V, 0.0, T, Q) == pytest.approx(V / T / Q)
    assert royalty_annuity(V, 1e-15, T, Q) == pytest.approx(V / T / Q)


def test_pool_share():
    np.testing.assert_allclose(pool_share([10.0, 30.0], 200.0), [0.05, 0.15])


def test_alliance_entry():
    e = alliance_entry(
        0.05, 2000.0, 80.0, 10, 0.35, 0.05, leakage=0.10, volume=1e5, other_gains=0.0
    )
    assert e.underlying == pytest.approx(100.0)
    assert e.value == pytest.approx(12.547, abs=5e-4)
    assert e.pool_share == pytest.approx(e.value / 2000.0)
    assert e.royalty_per_unit == pytest.approx(e.value * 0.05 / (1 - math.exp(-0.5)) / 1e5)
    # joining is worth more with more expected share and with other gains
    e2 = alliance_entry([0.05, 0.10], 2000.0, 80.0, 10, 0.35, 0.05, other_gains=[0.0, 0.0])
    assert e2.value[1] > e2.value[0]
    e3 = alliance_entry(0.05, 2000.0, 80.0, 10, 0.35, 0.05, other_gains=50.0, american=True)
    assert e3.underlying == pytest.approx(150.0)
    assert e3.value >= binomial(150, 80, 10, 0.05, 0.35, dividend=0.1, american=True) - 1e-12
    assert e3.royalty_per_unit is None


def test_public_names():
    import poolcalc.pricing as pricing

    assert sorted(pricing.__all__) == pricing.__all__
    for name in pricing.__all__:
        assert getattr(pricing, name).__module__.startswith("poolcalc.pricing")
    public = {n for n in dir(pricing) if not n.startswith("_")}
    assert set(pricing.__all__) == public


def test_patent_option_from_dict():
    p = PatentOption.from_dict(
        {
            "patent": "US1",
            "value": "100",
            "cost": 80,
            "life": 10,
            "volatility": 0.35,
            "rate": 0.05,
            "leakage": "",
        }
    )
    assert p.leakage is None and p.effective_leakage == 0.1 and p.value == 100.0
    with pytest.raises(InvalidInputError, match="unknown PatentOption field"):
        PatentOption.from_dict(
            {"value": 1, "cost": 1, "life": 1, "volatility": 0.1, "rate": 0.0, "sigma": 0.2}
        )

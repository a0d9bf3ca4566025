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


def test_patent_option_object_matches_array_api():
    p = PatentOption(value=100, cost=80, life=10, volatility=0.35, rate=0.05, patent="US1")
    assert p.effective_leakage == 0.1
    a = p.valuation(american=True, steps=300)
    b = value_patents(100, 80, 10, 0.35, 0.05, american=True, steps=300)
    assert a == b


def test_rows():
    v = value_patents([100.0, 50.0], 80, 10, 0.35, 0.05, american=True, steps=100)
    rows = v.rows(["A", "B"])
    assert [r["patent"] for r in rows] == ["A", "B"]
    assert rows[1]["american"] == pytest.approx(float(v.american[1]))


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

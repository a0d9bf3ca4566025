import math

import pytest

from poolcalc.errors import InvalidInputError
from poolcalc.pricing import rd_project

BASE = dict(cash_flow=20.0, cost_to_completion=100.0, max_investment=20.0, life=20.0, rate=0.05)


def test_deterministic_project_matches_discrete_closed_form():
    # no uncertainty: invest 2 per step of 0.1 year for 5 years, then cash flows to year 20
    res = rd_project(
        **BASE, cash_flow_drift=0.01, cash_flow_volatility=0.0, cost_volatility=0.0, paths=10, rng=0
    )
    dt, r, a = 0.1, 0.05, 0.01
    cost = sum(2.0 * math.exp(-r * dt * m) for m in range(50))
    payoff = math.exp(-r * 5) * 20 * math.exp(a * 5) * (1 - math.exp(-(r - a) * 15)) / (r - a)
    assert res.value == pytest.approx(payoff - cost, rel=1e-12)
    assert res.value_without_abandonment == pytest.approx(payoff - cost, rel=1e-12)
    assert res.completion_probability == 1.0 and res.abandonment_probability == 0.0
    assert res.expected_completion_time == pytest.approx(5.0)


def test_abandonment_option_is_worth_something_under_uncertainty():
    res = rd_project(
        **BASE,
        cash_flow_volatility=0.35,
        cost_volatility=0.5,
        failure_rate=0.07,
        paths=20_000,
        rng=1,
    )
    assert res.value >= res.value_without_abandonment - 3 * res.stderr
    assert res.abandonment_option > 0
    assert 0 < res.abandonment_probability < 1
    assert res.completion_probability + res.abandonment_probability <= 1.0


def test_failure_rate_lowers_value_and_hopeless_project_is_abandoned_now():
    a = rd_project(**BASE, failure_rate=0.0, paths=4_000, rng=3)
    b = rd_project(**BASE, failure_rate=0.2, paths=4_000, rng=3)
    assert b.value < a.value
    hopeless = rd_project(**{**BASE, "cash_flow": 0.1}, paths=2_000, rng=4)
    assert hopeless.value == 0.0
    assert hopeless.value_without_abandonment < 0


def test_same_seed_same_result():
    assert rd_project(**BASE, paths=1_000, rng=9) == rd_project(**BASE, paths=1_000, rng=9)


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        ({"cash_flow": 0.0}, r"cash_flow must be > 0, got 0\.0"),
        ({"cost_to_completion": -1.0}, r"cost_to_completion must be > 0, got -1\.0"),
        ({"max_investment": 0.0}, r"max_investment must be > 0"),
        ({"life": 0.0}, r"life must be > 0"),
        ({"rate": float("nan")}, r"rate must be finite"),
        ({"cash_flow_volatility": -0.1}, r"cash_flow_volatility must be >= 0, got -0\.1"),
        ({"cost_volatility": -0.1}, r"cost_volatility must be >= 0"),
        ({"correlation": 1.5}, r"correlation must be in \[-1, 1\], got 1\.5"),
        ({"failure_rate": -0.1}, r"failure_rate must be >= 0"),
        ({"steps_per_year": 0}, r"steps_per_year must be an integer >= 1, got 0"),
        ({"paths": 1}, r"paths must be an integer >= 2, got 1"),
        ({"cash_flow": "x"}, r"cash_flow must be a number, got 'x'"),
        ({"correlation": [0.1]}, r"correlation must be a single number, got an array"),
    ],
)
def test_bad_input(change, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        rd_project(**{**BASE, **change})

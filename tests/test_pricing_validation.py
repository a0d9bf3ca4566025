"""Every bad-input path of the pricing functions raises InvalidInputError naming it."""

import re

import numpy as np
import pytest

from poolcalc.errors import InvalidInputError
from poolcalc.pricing import (
    PatentOption,
    alliance_entry,
    binomial,
    bivariate_normal_cdf,
    black_scholes,
    compound,
    greeks,
    implied_volatility,
    monte_carlo,
    pool_share,
    rd_project,
    royalty_annuity,
    value_patents,
)

GOOD = dict(spot=100.0, strike=100.0, maturity=1.0, rate=0.05, volatility=0.2)
FUNCS = [black_scholes, binomial, greeks, lambda *a, **k: monte_carlo(*a, **k, paths=100, rng=0)]


@pytest.mark.parametrize("func", FUNCS)
@pytest.mark.parametrize(
    ("arg", "value", "pattern"),
    [
        ("volatility", -0.2, r"volatility must be > 0, got -0\.2"),
        ("volatility", 0.0, r"volatility must be > 0, got 0\.0"),
        ("spot", 0.0, r"spot must be > 0, got 0\.0"),
        ("spot", -5.0, r"spot must be > 0, got -5\.0"),
        ("strike", 0.0, r"strike must be > 0, got 0\.0"),
        ("maturity", -1.0, r"maturity must be >= 0, got -1\.0"),
        ("rate", float("nan"), r"rate must be finite, got nan"),
        ("spot", float("inf"), r"spot must be finite, got inf"),
        ("spot", "abc", r"spot must be a number"),
    ],
)
def test_bad_scalar(func, arg, value, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        func(**{**GOOD, arg: value})


@pytest.mark.parametrize("func", FUNCS)
def test_bad_array_names_index(func):
    vols = np.array([0.2, 0.3, 0.1, -0.2])
    with pytest.raises(InvalidInputError, match=r"volatility must be > 0, got -0\.2 at index 3"):
        func(**{**GOOD, "volatility": vols})
    with pytest.raises(InvalidInputError, match=r"strike must be > 0, got 0\.0 at index \(1, 0\)"):
        func(**{**GOOD, "strike": np.array([[1.0], [0.0]])})


@pytest.mark.parametrize("func", FUNCS)
def test_not_broadcasting(func):
    with pytest.raises(InvalidInputError, match=r"do not broadcast.*spot \(3,\).*strike \(2,\)"):
        func(**{**GOOD, "spot": [1.0, 2.0, 3.0], "strike": [1.0, 2.0]})


@pytest.mark.parametrize("func", FUNCS)
def test_unknown_kind(func):
    with pytest.raises(
        InvalidInputError, match=r"kind must be one of 'call', 'put', got 'straddle'"
    ):
        func(**GOOD, kind="straddle")


def test_binomial_options():
    with pytest.raises(InvalidInputError, match="method must be one of"):
        binomial(**GOOD, method="trinomial")
    with pytest.raises(InvalidInputError, match="steps must be an integer >= 1, got 0"):
        binomial(**GOOD, steps=0)
    with pytest.raises(InvalidInputError, match="steps must be an integer >= 1, got 2.5"):
        binomial(**GOOD, steps=2.5)
    with pytest.raises(InvalidInputError, match="steps must be >= 2 for method 'bbsr'"):
        binomial(**GOOD, steps=1, method="bbsr")
    # CRR with a drift the lattice cannot carry
    with pytest.raises(InvalidInputError, match="too few.*use more steps"):
        binomial(100, 100, 10, 0.5, 0.05, steps=2)


def test_monte_carlo_options():
    with pytest.raises(InvalidInputError, match="paths must be an integer >= 2, got 1"):
        monte_carlo(**GOOD, paths=1)
    with pytest.raises(InvalidInputError, match=r"exercise_dates must be > 0, got 0\.0"):
        monte_carlo(**GOOD, american=True, exercise_dates=0)
    with pytest.raises(InvalidInputError, match="entry_rate must be >= 0, got -0.1"):
        monte_carlo(**GOOD, entry_rate=-0.1, spot_includes_entry=False)
    with pytest.raises(InvalidInputError, match="needs spot_includes_entry"):
        monte_carlo(**GOOD, entry_rate=0.1)


def test_compound_bad_input():
    with pytest.raises(
        InvalidInputError, match=r"maturity2 must be > maturity1, got maturity2=1\.0"
    ):
        compound(100, 10, 100, 1.0, 1.0, 0.05, 0.3)
    with pytest.raises(InvalidInputError, match=r"strike1 must be > 0, got -10\.0"):
        compound(100, -10, 100, 1.0, 3.0, 0.05, 0.3)
    with pytest.raises(InvalidInputError, match=r"maturity1 must be >= 0, got -1\.0 at index 1"):
        compound(100, 10, 100, [1.0, -1.0], 3.0, 0.05, 0.3)
    with pytest.raises(InvalidInputError, match=r"rho must be in \[-1, 1\], got 1\.5"):
        bivariate_normal_cdf(0, 0, 1.5)


def test_patent_bad_input():
    with pytest.raises(InvalidInputError, match=r"life must be > 0, got 0\.0 at index 2"):
        value_patents(100, 80, [10.0, 5.0, 0.0], 0.3, 0.05)
    with pytest.raises(InvalidInputError, match=r"window must not exceed the remaining life"):
        value_patents(100, 80, 10, 0.3, 0.05, window=12)
    with pytest.raises(InvalidInputError, match=r"volatility must be > 0, got -0\.3"):
        PatentOption(value=100, cost=80, life=10, volatility=-0.3, rate=0.05)
    with pytest.raises(InvalidInputError, match=r"value must be a single number"):
        PatentOption(value=[100, 1], cost=80, life=10, volatility=0.3, rate=0.05)
    with pytest.raises(InvalidInputError, match=r"expected_share must be in \[0, 1\], got 1\.5"):
        alliance_entry(1.5, 1000, 80, 10, 0.3, 0.05)
    with pytest.raises(InvalidInputError, match=r"must be > 0, got 0"):
        alliance_entry(0.0, 1000, 80, 10, 0.3, 0.05)
    with pytest.raises(InvalidInputError, match=r"volume must be > 0, got 0\.0"):
        royalty_annuity(100, 0.05, 10, 0)
    with pytest.raises(InvalidInputError, match=r"pool_revenue must be > 0, got -1\.0"):
        pool_share(1, -1)


# --- every argument of every public function is checked at the boundary (issue 10) --------
RNG_MSG = r"rng must be a numpy.random.Generator, a seed \(an integer >= 0\) or None, got "


@pytest.mark.parametrize(
    ("rng", "shown"),
    [("seed", "'seed'"), (-1, "-1"), (1.5, "1.5"), (True, "True"),
     (np.random.RandomState(0), "RandomState")],
)
def test_rng_must_be_a_generator_or_a_seed(rng, shown):
    # issue 10: rng="seed" raised TypeError from numpy, rng=-1 a ValueError traceback
    with pytest.raises(InvalidInputError, match=RNG_MSG + re.escape(shown)):
        monte_carlo(**GOOD, paths=10, rng=rng)
    with pytest.raises(InvalidInputError, match=RNG_MSG + re.escape(shown)):
        rd_project(20.0, 100.0, 20.0, 20.0, 0.05, paths=10, rng=rng)


def test_rng_accepted_forms_give_the_same_numbers():
    base = monte_carlo(**GOOD, paths=200, rng=7).price
    assert monte_carlo(**GOOD, paths=200, rng=np.int64(7)).price == base
    assert monte_carlo(**GOOD, paths=200, rng=np.random.default_rng(7)).price == base
    assert monte_carlo(**GOOD, paths=200, rng=np.random.SeedSequence(7)).price == base
    assert isinstance(monte_carlo(**GOOD, paths=200, rng=None).price, float)


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: monte_carlo(**GOOD, paths=10, rng=0, american="yes"),
         r"american must be True or False, got 'yes'"),
        (lambda: monte_carlo(**GOOD, paths=10, rng=0, american=True, exercise_dates=True),
         r"exercise_dates must be a number, got True"),
        (lambda: monte_carlo(**GOOD, paths=10, rng=0, american=True, exercise_dates="12"),
         r"exercise_dates must be a number, got '12'"),
        (lambda: monte_carlo(**GOOD, paths=10, rng=0, entry_rate=0.1, spot_includes_entry=1),
         r"spot_includes_entry must be True or False, got 1"),
        (lambda: monte_carlo(**GOOD, paths=10, rng=0, degree=True),
         r"degree must be an integer >= 1, got True"),
        (lambda: binomial(**GOOD, american=1), r"american must be True or False, got 1"),
        (lambda: binomial(**GOOD, threads=0), r"threads must be an integer >= 1, got 0"),
        (lambda: binomial(**GOOD, threads="2"), r"threads must be an integer >= 1, got '2'"),
        (lambda: binomial(**GOOD, method=["crr"]), r"method must be one of 'crr', 'lr', 'bbsr'"),
        (lambda: black_scholes(**GOOD, threads=1.0), r"threads must be an integer >= 1, got 1\.0"),
        (lambda: black_scholes(**GOOD, kind=None), r"kind must be one of 'call', 'put', got None"),
        (lambda: black_scholes(**{**GOOD, "spot": "100"}),
         r"spot must be a number or an array of numbers, got '100'"),
        (lambda: black_scholes(**{**GOOD, "volatility": True}),
         r"volatility must be a number or an array of numbers, got True"),
        (lambda: black_scholes(**{**GOOD, "rate": [0.05, None]}),
         r"rate must be a number or an array of numbers, got \[0\.05, None\]"),
        (lambda: black_scholes(**{**GOOD, "strike": [[1.0, 2.0], [3.0]]}),
         r"strike must be a number or an array of numbers"),
        (lambda: implied_volatility(5.0, 100, 100, 1, 0.05, tol=0),
         r"tol must be > 0, got 0\.0"),
        (lambda: implied_volatility(5.0, 100, 100, 1, 0.05, max_iter=0),
         r"max_iter must be an integer >= 1, got 0"),
        (lambda: value_patents(100, 80, 10, 0.3, 0.05, american="no"),
         r"american must be True or False, got 'no'"),
        (lambda: alliance_entry(0.1, 1000, 80, 10, 0.3, 0.05, american=None),
         r"american must be True or False, got None"),
        (lambda: PatentOption(value=100, cost=80, life=10, volatility=0.3, rate=0.05, patent=7),
         r"patent must be a string, got 7"),
        (lambda: PatentOption.from_dict({"value": "abc", "cost": 1, "life": 1,
                                         "volatility": 0.1, "rate": 0.0}),
         r"value must be a number, got 'abc'"),
        (lambda: rd_project(20.0, 100.0, 20.0, True, 0.05), r"life must be a number, got True"),
        (lambda: rd_project(20.0, "100", 20.0, 20.0, 0.05),
         r"cost_to_completion must be a number, got '100'"),
    ],
)
def test_bad_arguments(call, pattern):
    with pytest.raises(InvalidInputError, match=pattern):
        call()

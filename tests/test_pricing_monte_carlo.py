import math

import numpy as np
from hypothesis import given, settings

from poolcalc.pricing import binomial, black_scholes, monte_carlo
from tests.strategies_pricing import kinds, options


def test_longstaff_schwartz_table_1():
    # LS 2001 Table 1: S=36, K=40, r=6%, sigma=20%, T=1, 50 exercise dates/yr: about 4.478
    res = monte_carlo(
        36, 40, 1, 0.06, 0.2, kind="put", american=True, exercise_dates=50, paths=100_000, rng=2001
    )
    assert abs(res.price - 4.478) < 3 * res.stderr
    assert 0 < res.stderr < 0.02
    assert res.paths == 100_000


def test_european_within_three_standard_errors_of_black_scholes():
    res = monte_carlo(
        [90.0, 100.0, 110.0], 100, 1, 0.05, 0.2, dividend=0.02, kind="put", paths=50_000, rng=7
    )
    bs = black_scholes([90.0, 100.0, 110.0], 100, 1, 0.05, 0.2, dividend=0.02, kind="put")
    assert np.all(np.abs(res.price - bs) < 3 * res.stderr)


def test_same_seed_same_numbers_and_generator_accepted():
    a = monte_carlo(100, 100, 1, 0.05, 0.2, american=True, kind="put", paths=2000, rng=11)
    b = monte_carlo(
        100, 100, 1, 0.05, 0.2, american=True, kind="put", paths=2000, rng=np.random.default_rng(11)
    )
    assert a == b
    c = monte_carlo(100, 100, 1, 0.05, 0.2, american=True, kind="put", paths=2000, rng=12)
    assert c.price != a.price


def test_odd_paths_rounded_up_and_maturity_zero():
    res = monte_carlo(100, 90, [0.0, 1.0], 0.05, 0.2, paths=1001, rng=0)
    assert res.paths == 1002
    assert res.price[0] == 10.0 and res.stderr[0] == 0.0


# fixed seeds and a derandomized search: a 3-SE test is a 0.3% event per draw, so a
# search free to pick seeds would eventually find one that fails by chance
@settings(max_examples=8, derandomize=True)
@given(options(moneyness=1.3), kinds)
def test_american_lsm_within_three_se_of_lattice(o, kind):
    res = monte_carlo(**o, kind=kind, american=True, paths=20_000, rng=2024)
    lattice = binomial(**o, kind=kind, american=True, steps=500)
    # 50 exercise dates a year sit slightly below continuous exercise; the lattice has
    # its own O(1/steps) error
    slack = 0.002 * o["spot"]
    assert lattice - 3 * res.stderr - slack <= res.price <= lattice + 3 * res.stderr + slack


@settings(max_examples=8, derandomize=True)
@given(options(moneyness=1.3), kinds)
def test_european_within_three_se_of_lattice(o, kind):
    res = monte_carlo(**o, kind=kind, paths=20_000, rng=2025)
    lattice = binomial(**o, kind=kind, steps=500, method="lr")
    assert abs(res.price - lattice) < 3 * res.stderr + 1e-6 * o["spot"]


def test_american_call_without_dividends_not_exercised_early():
    # high volatility, long maturity: a poor regression would exercise too early
    res = monte_carlo(1.0, 1.0, 2.0, 0.0, 1.0, american=True, paths=20_000, rng=0)
    assert abs(res.price - black_scholes(1.0, 1.0, 2.0, 0.0, 1.0)) < 3 * res.stderr


# --- jump to ruin (competitor entry), closed forms ------------------------------------------
S, K, T, r, v, q, lam = 100.0, 100.0, 2.0, 0.05, 0.3, 0.02, 0.1


def test_entry_ignored_in_spot_call_and_put():
    surv = math.exp(-lam * T)
    call = monte_carlo(
        S, K, T, r, v, dividend=q, entry_rate=lam, spot_includes_entry=False, paths=200_000, rng=21
    )
    put = monte_carlo(
        S,
        K,
        T,
        r,
        v,
        dividend=q,
        kind="put",
        entry_rate=lam,
        spot_includes_entry=False,
        paths=200_000,
        rng=22,
    )
    c_ref = surv * black_scholes(S, K, T, r, v, dividend=q)
    p_ref = surv * black_scholes(S, K, T, r, v, dividend=q, kind="put") + (1 - surv) * K * math.exp(
        -r * T
    )
    assert abs(call.price - c_ref) < 3 * call.stderr
    assert abs(put.price - p_ref) < 3 * put.stderr


def test_entry_priced_in_spot_is_merton_jump_to_default():
    call = monte_carlo(
        S, K, T, r, v, dividend=q, entry_rate=lam, spot_includes_entry=True, paths=200_000, rng=23
    )
    ref = black_scholes(S, K, T, r + lam, v, dividend=q)
    assert abs(call.price - ref) < 3 * call.stderr


def test_entry_lowers_american_put_bound_respected():
    am = monte_carlo(
        36,
        40,
        1,
        0.06,
        0.2,
        kind="put",
        american=True,
        entry_rate=0.2,
        spot_includes_entry=False,
        paths=20_000,
        rng=5,
    )
    plain = monte_carlo(36, 40, 1, 0.06, 0.2, kind="put", american=True, paths=20_000, rng=5)
    assert am.price > plain.price  # a put gains when the underlying can collapse
    assert am.price <= 40.0

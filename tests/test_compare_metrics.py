"""Fairness metrics of poolcalc.compare (and compare_amounts' game metrics) against
hand-computed cases and plain-Python oracles; the stability metrics are tested in
test_games_stability.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc import games
from poolcalc.compare import (
    compare_amounts,
    dilution,
    gini,
    hhi,
    l1_distance,
    lorenz_curve,
    max_min_ratio,
    monotonicity_violations,
)
from poolcalc.errors import InvalidInputError

amount_lists = st.lists(st.integers(0, 10_000), min_size=1, max_size=12).filter(
    lambda xs: sum(xs) > 0
)


def gini_oracle(xs: list[float]) -> float:
    n, total = len(xs), sum(xs)
    return sum(abs(a - b) for a in xs for b in xs) / (2 * n * total)


# -- inequality ------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 5, 100])
def test_gini_of_equal_shares_is_zero(n):
    assert gini(np.full(n, 7.0)) == 0.0


def test_gini_hand_computed():
    # sum over ordered pairs |xi - xj| = 2 * (1+2+3+1+2+1) = 20; 20 / (2 * 4 * 10) = 0.25
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    # one member takes all: 1 - 1/n
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)
    assert gini([4, 1, 3, 2]) == pytest.approx(0.25)  # order does not matter


@given(amount_lists)
@settings(max_examples=40)
def test_gini_matches_pairwise_oracle(xs):
    assert gini(xs) == pytest.approx(gini_oracle(xs), abs=1e-12)


def test_hhi_hand_computed():
    assert hhi([1, 1, 1, 1]) == pytest.approx(0.25)
    assert hhi([3, 1]) == pytest.approx(0.75**2 + 0.25**2)
    assert hhi([0, 0, 5]) == pytest.approx(1.0)


@given(amount_lists)
@settings(max_examples=40)
def test_hhi_bounds(xs):
    h = hhi(xs)
    assert 1 / len(xs) - 1e-12 <= h <= 1 + 1e-12


def test_max_min_ratio_leaves_out_zero_payees():
    assert max_min_ratio([10, 5, 0, 2]) == (5.0, 1)
    assert max_min_ratio([3, 3]) == (1.0, 0)


def test_lorenz_curve_hand_computed():
    pop, cum = lorenz_curve([3, 1])
    assert pop.tolist() == [0.0, 0.5, 1.0]
    assert cum.tolist() == [0.0, 0.25, 1.0]


def test_l1_distance():
    assert l1_distance([50, 50], [1, 3]) == pytest.approx(0.5)
    assert l1_distance([2, 2, 2], [1, 1, 1]) == 0.0


@pytest.mark.parametrize(
    ("func", "arg", "match"),
    [
        (gini, [1, -1], r"amounts must be >= 0, got -1.0 at index 1"),
        (gini, [0, 0], r"amounts must have a positive total"),
        (gini, [], r"amounts must not be empty"),
        (gini, [[1, 2]], r"amounts must be one-dimensional"),
        (hhi, [1.0, float("nan")], r"amounts must be finite, got nan at index 1"),
        (max_min_ratio, [0, 0], r"positive total"),
        (lorenz_curve, [1, float("inf")], r"finite"),
        (gini, ["a"], r"amounts must be an array of numbers"),
    ],
)
def test_bad_amounts(func, arg, match):
    with pytest.raises(InvalidInputError, match=match):
        func(arg)


def test_l1_distance_shape_mismatch():
    with pytest.raises(InvalidInputError, match="one shape"):
        l1_distance([1, 2], [1, 2, 3])


# -- the game metrics of compare_amounts ------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 7])
def test_pure_complements_shapley_is_equal_split(n):
    # all members essential: v(S) = V iff S = N, so Shapley = V / n each (Shapley 1953)
    V = 1200
    game = games.UnanimityGame([set(range(n))], [V])
    cmp = compare_amounts(
        {"equal": [100] * n, "skew": [100 * (i + 1) for i in range(n)]}, game=game
    )
    np.testing.assert_allclose(cmp.shapley, np.full(n, V / n))
    assert cmp.metrics["equal"].l1_to_shapley == pytest.approx(0.0, abs=1e-15)
    # skew shares (i+1) / (n(n+1)/2) against 1/n
    t = n * (n + 1) / 2
    expected = sum(abs((i + 1) / t - 1 / n) for i in range(n))
    assert cmp.metrics["skew"].l1_to_shapley == pytest.approx(expected, rel=1e-12)


def test_scheme_below_standalone_fails_individual_rationality():
    # member A alone holds every patent of country X (worth 100); the rest needs all three:
    # v(N) = 300, v({A}) = 100
    game = games.UnanimityGame([[1, 0, 0], [1, 1, 1]], [100, 200])
    cmp = compare_amounts(
        {"equal": [100, 100, 100], "low0": [50, 125, 125]}, ["A", "B", "C"], game=game
    )
    np.testing.assert_allclose(cmp.standalone, [100.0, 0.0, 0.0])
    np.testing.assert_allclose(cmp.shapley, [100 + 200 / 3, 200 / 3, 200 / 3])
    assert cmp.metrics["equal"].ir_violations == 0
    assert cmp.metrics["low0"].ir_violations == 1
    assert cmp.metrics["low0"].ir_worst_shortfall == pytest.approx(50 / 300)
    # {A} blocks low0: excess v({A}) - x_A = 100 - 50 = 50, a sixth of v(N); every other
    # proper coalition is worth 100 (with A) or 0 and gets more than that
    assert cmp.metrics["low0"].core_max_excess == pytest.approx(50 / 300)
    assert cmp.metrics["low0"].core_checked == 6 and cmp.metrics["low0"].core_sampled is False


def test_dense_game_and_given_shapley():
    # the glove game (1 left, 2 right) as a dense Game: its Shapley value is (2/3, 1/6, 1/6)
    cmp = compare_amounts({"core": [60, 0, 0], "half": [30, 15, 15]}, game=games.glove(1, 2))
    np.testing.assert_allclose(cmp.shapley, [2 / 3, 1 / 6, 1 / 6])
    assert cmp.metrics["core"].core_blocking == 0
    assert cmp.metrics["half"].core_blocking == 2  # {0,1}, {0,2} get 3/4 of v(N) < 1
    given = compare_amounts({"a": [1, 1, 1]}, game=games.glove(1, 2), shapley=[1, 1, 1])
    assert given.metrics["a"].l1_to_shapley == 0.0


# -- dilution and monotonicity -------------------------------------------------------------
def test_dilution_proportional():
    np.testing.assert_allclose(dilution([1, 1, 2], [1, 1, 2, 4]), [-0.5, -0.5, -0.5])


def test_dilution_geometric_disclosure_order_factor():
    # geometric weights q^(k-1): K incumbents hold (1-q^K)/(1-q) in total, K+1 members
    # (1-q^(K+1))/(1-q); every incumbent's share scales by (1-q^K)/(1-q^(K+1))
    q, K = 0.5, 4
    before = q ** np.arange(K)
    after = q ** np.arange(K + 1)
    expected = (1 - q**K) / (1 - q ** (K + 1)) - 1
    np.testing.assert_allclose(dilution(before, after), np.full(K, expected))


def test_dilution_bad_input():
    with pytest.raises(InvalidInputError, match="no share before"):
        dilution([0, 1], [1, 1])
    with pytest.raises(InvalidInputError, match="must cover the 3 incumbents"):
        dilution([1, 1, 1], [1, 1])


def test_monotonicity_violations():
    r = monotonicity_violations([10, 20], [12, 19])
    assert r.violators.tolist() == [1] and not r.monotone
    assert monotonicity_violations([10, 20], [12, 19], tol=1).monotone
    r = monotonicity_violations([10, 20, 30], [29], members=[2])
    assert r.violators.tolist() == [2]
    with pytest.raises(InvalidInputError, match="members must be indices"):
        monotonicity_violations([10, 20], [1], members=[5])


def test_compare_amounts_sampled_note_and_metrics():
    n = 25
    game = games.UnanimityGame(np.ones((1, n), bool), [1000])
    cmp = compare_amounts({"equal": [40] * n}, game=game, n_samples=200)
    m = cmp.metrics["equal"]
    assert m.core_sampled is True and m.core_blocking == 0
    # 200 samples (some repeated) + 25 singletons + 25 N minus one (the carrier is N itself)
    assert 50 < m.core_checked <= 250
    assert cmp.notes == (
        "core stability sampled: n = 25 members > 20; 200 random coalitions plus every "
        "singleton, every N\\{i} and every carrier of the pool game were checked (a lower "
        "bound on the largest excess)",
    )


def test_compare_amounts_bad_input():
    with pytest.raises(InvalidInputError, match="at least one scheme"):
        compare_amounts({})
    with pytest.raises(InvalidInputError, match=r"amounts\['b'\] must have 2 entries"):
        compare_amounts({"a": [1, 2], "b": [1, 2, 3]})
    with pytest.raises(InvalidInputError, match="whole minor units"):
        compare_amounts({"a": [1.5, 2]})
    with pytest.raises(InvalidInputError, match="game has 2 players but the pool has 3"):
        compare_amounts({"a": [1, 2, 3]}, game=[0, 1, 1, 2])
    with pytest.raises(InvalidInputError, match="game has 2 players but the pool has 3"):
        compare_amounts({"a": [1, 2, 3]}, game=games.UnanimityGame([[1, 1]], [2]))
    with pytest.raises(InvalidInputError, match=r"UnanimityGame\(carriers, worths\)\), got tuple"):
        compare_amounts({"a": [1, 2]}, game=([[1, 1]], [2.0]))
    with pytest.raises(InvalidInputError, match=r"got function"):
        compare_amounts({"a": [1, 2]}, game=lambda s: s.sum(axis=1))


# -- properties ------------------------------------------------------------------------------
@given(amount_lists, st.integers(1, 1000), st.randoms(use_true_random=False))
@settings(max_examples=30)
def test_gini_hhi_invariant_under_scaling_and_permutation(xs, k, rnd):
    ys = [x * k for x in xs]
    rnd.shuffle(ys)
    assert gini(ys) == pytest.approx(gini(xs), abs=1e-12)
    assert hhi(ys) == pytest.approx(hhi(xs), rel=1e-12)

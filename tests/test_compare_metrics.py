"""Metrics of poolcalc.compare against hand-computed cases and plain-Python oracles."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc import games
from poolcalc.compare import (
    compare_amounts,
    core_stability,
    dilution,
    gini,
    hhi,
    individual_rationality,
    l1_distance,
    lorenz_curve,
    max_min_ratio,
    monotonicity_violations,
    standalone_values,
    unanimity_shapley,
    unanimity_values,
    unanimity_worth,
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


# -- characteristic functions ------------------------------------------------------------
def unanimity_oracle(carriers, weights, n):
    vals = []
    for mask in range(1 << n):
        vals.append(
            sum(
                w
                for c, w in zip(carriers, weights, strict=True)
                if all((mask >> i) & 1 for i in range(n) if c[i])
            )
        )
    return np.array(vals, dtype=float)


carrier_games = (
    st.integers(2, 6)
    .flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.lists(st.booleans(), min_size=n, max_size=n).filter(any), min_size=1, max_size=5
            ),
        )
    )
    .flatmap(
        lambda t: st.tuples(
            st.just(t[0]),
            st.just(t[1]),
            st.lists(st.integers(0, 100), min_size=len(t[1]), max_size=len(t[1])),
        )
    )
)


@given(carrier_games)
@settings(max_examples=30)
def test_unanimity_values_match_loop_and_games_shapley(case):
    n, carriers, weights = case
    vals = unanimity_values(carriers, weights)
    np.testing.assert_allclose(vals, unanimity_oracle(carriers, weights, n))
    # callable form agrees with the array on every coalition
    S = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(bool)
    np.testing.assert_allclose(unanimity_worth(carriers, weights)(S), vals)
    # closed-form Shapley equals exact enumeration (games.shapley)
    np.testing.assert_allclose(unanimity_shapley(carriers, weights), games.shapley(vals), atol=1e-9)


@pytest.mark.parametrize("n", [2, 3, 7])
def test_pure_complements_shapley_is_equal_split(n):
    # all members essential: v(S) = V iff S = N (DOMAIN.md 2.2)
    V = 1200.0
    carriers = [[True] * n]
    np.testing.assert_allclose(unanimity_shapley(carriers, [V]), np.full(n, V / n))
    np.testing.assert_allclose(games.shapley(unanimity_values(carriers, [V])), np.full(n, V / n))
    # and an equal split is at L1 distance 0 from it, a skewed split is not
    cmp = compare_amounts(
        {"equal": [100] * n, "skew": [100 * (i + 1) for i in range(n)]}, game=(carriers, [V])
    )
    assert cmp.metrics["equal"].l1_to_shapley == pytest.approx(0.0)
    assert cmp.metrics["skew"].l1_to_shapley > 0.1


def test_essential_weak_closed_form_vector():
    # DOMAIN.md 2.2: M = {A, B}, p0 = 90, weak C adds 30 when A and B are present -> (55, 55, 10)
    carriers = [[1, 1, 0], [1, 1, 1]]
    np.testing.assert_allclose(unanimity_shapley(carriers, [90.0, 30.0]), [55.0, 55.0, 10.0])


def test_standalone_values():
    assert standalone_values([0, 1, 2, 4]).tolist() == [1.0, 2.0]
    v = unanimity_worth([[1, 0, 0], [1, 1, 1]], [100.0, 200.0])
    assert standalone_values(v).tolist() == [100.0, 0.0, 0.0]


def test_unanimity_bad_input():
    with pytest.raises(InvalidInputError, match="empty carrier at index 1"):
        unanimity_values([[1, 0], [0, 0]], [1.0, 2.0])
    with pytest.raises(InvalidInputError, match=r"weights must have shape \(1,\)"):
        unanimity_values([[1, 0]], [1.0, 2.0])
    with pytest.raises(InvalidInputError, match="coalitions must have shape"):
        unanimity_worth([[1, 0]], [1.0])(np.ones((2, 3), bool))


# -- core stability ----------------------------------------------------------------------
MAJORITY3 = [0, 0, 0, 1, 0, 1, 1, 1]  # v(S) = 1 iff |S| >= 2: empty core
GLOVE = [0, 0, 0, 1, 0, 1, 0, 1]  # left glove 0, right gloves 1, 2


def test_blocking_coalitions_majority_game():
    r = core_stability([1 / 3, 1 / 3, 1 / 3], MAJORITY3)
    # each pair gets 2/3 but is worth 1: three blocking coalitions, excess 1/3
    assert r.n_blocking == 3
    assert r.max_excess == pytest.approx(1 / 3)
    assert r.n_checked == 6 and not r.sampled


def test_blocking_coalitions_glove_game():
    assert core_stability([1, 0, 0], GLOVE).n_blocking == 0  # the unique core point
    r = core_stability([0.5, 0.25, 0.25], GLOVE)
    assert r.n_blocking == 2  # {0, 1} and {0, 2} each get 0.75 < 1
    assert r.max_excess == pytest.approx(0.25)
    assert r.worst.sum() == 2 and r.worst[0]


def core_oracle(x, vals):
    n = len(x)
    ex = []
    for size in range(1, n):
        for S in itertools.combinations(range(n), size):
            mask = sum(1 << i for i in S)
            ex.append(vals[mask] - sum(x[i] for i in S))
    return max(ex), sum(e > 1e-9 for e in ex)


@given(carrier_games, st.lists(st.floats(0, 100, allow_nan=False), min_size=6, max_size=6))
@settings(max_examples=30)
def test_core_stability_matches_plain_loop(case, xs):
    n, carriers, weights = case
    vals = unanimity_values(carriers, weights)
    x = xs[:n]
    r = core_stability(x, vals)
    mx, nb = core_oracle(x, vals)
    assert r.max_excess == pytest.approx(mx)
    assert r.n_blocking == nb
    # games.core_excess agrees on the largest excess (an independent implementation)
    ex = games.core_excess(vals, np.asarray(x) * 0 + x)
    assert r.max_excess == pytest.approx(float(np.max(ex[1:-1])))


def test_core_stability_sampled_beyond_exact_limit():
    n = 30
    carriers = np.zeros((2, n), bool)
    carriers[0, [3, 17]] = True  # members 3 and 17 alone are worth 50
    carriers[1, :] = True
    v = unanimity_worth(carriers, [50.0, 950.0])
    x = np.full(n, 1000.0 / n)  # {3, 17} get 66.7 > 50: not blocking
    r = core_stability(x, v, n_samples=500, candidates=carriers, rng=1)
    assert r.sampled and r.n_blocking == 0
    x2 = x.copy()
    x2[[3, 17]] = 10.0
    x2[0] += 1000.0 - x2.sum()
    r2 = core_stability(x2, v, n_samples=500, candidates=carriers, rng=1)
    assert r2.sampled and r2.n_blocking >= 1
    assert r2.max_excess >= 30.0 - 1e-9
    # singletons, N \ {i}, the proper carrier and the samples, each distinct coalition once
    assert 2 * n + 1 < r2.n_checked <= 2 * n + 1 + 500


def test_core_stability_sampled_is_a_lower_bound_and_seeded():
    rng = np.random.default_rng(3)
    n = 10
    carriers = rng.random((6, n)) < 0.4
    carriers[:, 0] = True
    weights = rng.integers(1, 50, size=6).astype(float)
    vals = unanimity_values(carriers, weights)
    x = rng.random(n)
    x *= vals[-1] / x.sum()
    exact = core_stability(x, vals)
    a = core_stability(x, vals, exact_limit=5, n_samples=300, rng=7)
    b = core_stability(x, vals, exact_limit=5, n_samples=300, rng=7)
    assert a.sampled and a.max_excess <= exact.max_excess + 1e-9
    assert a.n_blocking <= exact.n_blocking
    assert (a.max_excess, a.n_blocking, a.n_checked) == (b.max_excess, b.n_blocking, b.n_checked)


def test_core_stability_bad_input():
    with pytest.raises(InvalidInputError, match=r"length 2\*\*n"):
        core_stability([1, 2], [0, 1, 2])
    with pytest.raises(InvalidInputError, match=r"values\[0\] \(empty coalition\) must be 0"):
        core_stability([1, 2], [1, 1, 2, 3])
    with pytest.raises(InvalidInputError, match=r"one payoff per player \(n = 2\)"):
        core_stability([1, 2, 3], [0, 1, 2, 3])
    with pytest.raises(InvalidInputError, match="tol must be"):
        core_stability([1, 2], [0, 1, 2, 3], tol=-1)
    with pytest.raises(InvalidInputError, match="n_samples must be >= 0"):
        core_stability([1, 2], [0, 1, 2, 3], n_samples=-5)
    with pytest.raises(InvalidInputError, match=r"candidates must have shape \(m, 3\)"):
        core_stability(
            [1, 1, 1],
            unanimity_worth([[1, 1, 1]], [3.0]),
            exact_limit=1,
            candidates=np.ones((2, 2), bool),
        )


# -- individual rationality ---------------------------------------------------------------
def test_scheme_below_standalone_fails_individual_rationality():
    # member 0 alone holds every patent of country A (worth 100); the rest needs all three
    game = ([[1, 0, 0], [1, 1, 1]], [100.0, 200.0])
    cmp = compare_amounts(
        {"equal": [100, 100, 100], "low0": [50, 125, 125]}, ["A", "B", "C"], game=game
    )
    assert cmp.metrics["equal"].ir_violations == 0
    assert cmp.metrics["low0"].ir_violations == 1
    assert cmp.metrics["low0"].ir_worst_shortfall == pytest.approx(50 / 300)
    r = individual_rationality([50, 125, 125], standalone_values(unanimity_values(*game)))
    assert r.violators.tolist() == [0] and not r.rational


def test_individual_rationality_shape_mismatch():
    with pytest.raises(InvalidInputError, match="one shape"):
        individual_rationality([1, 2], [1, 2, 3])


# -- dilution and monotonicity -------------------------------------------------------------
def test_dilution_proportional():
    np.testing.assert_allclose(dilution([1, 1, 2], [1, 1, 2, 4]), [-0.5, -0.5, -0.5])


def test_dilution_geometric_disclosure_order_factor():
    # DOMAIN.md 2.8: a late joiner at rank K+1 dilutes every incumbent by (1-q^K)/(1-q^(K+1))
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
    carriers = np.ones((1, n), bool)
    cmp = compare_amounts({"equal": [40] * n}, game=(carriers, [1000.0]), n_samples=200)
    m = cmp.metrics["equal"]
    assert m.core_sampled is True and m.core_blocking == 0
    assert any("sampled" in note for note in cmp.notes)


def test_compare_amounts_bad_input():
    with pytest.raises(InvalidInputError, match="at least one scheme"):
        compare_amounts({})
    with pytest.raises(InvalidInputError, match=r"amounts\['b'\] must have 2 entries"):
        compare_amounts({"a": [1, 2], "b": [1, 2, 3]})
    with pytest.raises(InvalidInputError, match="whole minor units"):
        compare_amounts({"a": [1.5, 2]})
    with pytest.raises(InvalidInputError, match="game has 2 players but the pool has 3"):
        compare_amounts({"a": [1, 2, 3]}, game=[0, 1, 1, 2])


# -- properties ------------------------------------------------------------------------------
@given(amount_lists, st.integers(1, 1000), st.randoms(use_true_random=False))
@settings(max_examples=30)
def test_gini_hhi_invariant_under_scaling_and_permutation(xs, k, rnd):
    ys = [x * k for x in xs]
    rnd.shuffle(ys)
    assert gini(ys) == pytest.approx(gini(xs), abs=1e-12)
    assert hhi(ys) == pytest.approx(hhi(xs), rel=1e-12)


@given(carrier_games)
@settings(max_examples=30)
def test_shapley_of_convex_pool_game_is_in_the_core(case):
    # a non-negative sum of unanimity games is convex, so its Shapley value lies in the core
    # (Shapley, "Cores of convex games", IJGT 1971): no coalition blocks it
    n, carriers, weights = case
    if sum(weights) == 0:
        return
    phi = unanimity_shapley(carriers, weights)
    r = core_stability(phi, unanimity_values(carriers, weights), tol=1e-7)
    assert r.n_blocking == 0 and r.max_excess <= 1e-7


@given(carrier_games, st.lists(st.floats(0, 100, allow_nan=False), min_size=12, max_size=12))
@settings(max_examples=20)
def test_batch_equals_one_by_one(case, xs):
    from poolcalc.compare import core_stability_batch

    n, carriers, weights = case
    X = np.array([xs[:n], xs[6 : 6 + n]])
    vals = unanimity_values(carriers, weights)
    for exact_limit in (20, 1):  # exact and sampled paths
        batch = core_stability_batch(X, vals, exact_limit=exact_limit, n_samples=50, rng=3)
        for row, b in zip(X, batch, strict=True):
            one = core_stability(row, vals, exact_limit=exact_limit, n_samples=50, rng=3)
            assert (b.max_excess, b.n_blocking, b.n_checked, b.sampled) == pytest.approx(
                (one.max_excess, one.n_blocking, one.n_checked, one.sampled)
            )

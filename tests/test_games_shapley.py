"""Shapley, Banzhaf, closed forms and sampling: literature values, oracles, axioms."""

from __future__ import annotations

import numpy as np
import pytest
from games_helpers import (
    banzhaf_oracle,
    games,
    members,
    n_of,
    permute,
    shapley_oracle,
    shapley_permutation_oracle,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.games as G
import poolcalc.games._semivalue as SV
from poolcalc.errors import InvalidInputError

# --- literature reference values --------------------------------------------------


def test_un_security_council_shapley_shubik():
    # Shapley & Shubik (1954) with the 1965 Council: 5 permanent members (veto) with
    # weight 7, 10 others with weight 1, quota 39 (all 5 permanent + 4 others).
    weights = [7] * 5 + [1] * 10
    idx = G.shapley_shubik(weights, 39)
    assert idx[:5] == pytest.approx([421 / 2145] * 5, rel=1e-12)
    assert idx[5:] == pytest.approx([4 / 2145] * 10, rel=1e-12)
    assert idx[0] == pytest.approx(0.19627, abs=5e-6)
    assert idx[5] == pytest.approx(0.001865, abs=5e-7)
    game = G.weighted_voting(weights, 39)
    np.testing.assert_allclose(G.shapley(game), idx, rtol=1e-12)  # closed form
    np.testing.assert_allclose(G.shapley(game, method="exact"), idx, rtol=1e-10)


def test_airport_littlechild_owen_by_hand():
    # Runway segments [0,1] shared by 3, (1,2] by 2, (2,3] by 1:
    # shares 1/3, 1/3 + 1/2, 1/3 + 1/2 + 1.
    costs = [1.0, 2.0, 3.0]
    expected = [1 / 3, 5 / 6, 11 / 6]
    assert G.airport_shapley(costs) == pytest.approx(expected)
    assert -G.shapley(G.airport(costs), method="exact") == pytest.approx(expected)
    assert -G.shapley(G.airport([3.0, 1.0, 2.0])) == pytest.approx([11 / 6, 1 / 3, 5 / 6])


@given(st.lists(st.integers(0, 50), min_size=1, max_size=8))
@settings(max_examples=30)
def test_airport_closed_form_equals_enumeration(costs):
    g = G.airport(costs)
    np.testing.assert_allclose(G.shapley(g), G.shapley(g, method="exact"), atol=1e-9)
    np.testing.assert_allclose(-G.shapley(g), G.airport_shapley(costs), atol=1e-12)


def test_essential_plus_weak_closed_form():
    # Dehez and Poukens (2014): M = {A, B} essential, p0 = 90, weak C with pi_C = 30:
    # v(S) = [M subset S] (p0 + sum_{j in S minus M} pi_j) -> (55, 55, 10).
    def v(s):
        return (90 + 30 * (2 in s)) if {0, 1} <= set(s) else 0

    g = G.from_function(3, v)
    assert G.shapley(g) == pytest.approx([55, 55, 10])
    assert G.shapley_unanimity([[1, 1, 0], [1, 1, 1]], [90, 30]) == pytest.approx([55, 55, 10])
    assert G.shapley_unanimity([0b011, 0b111], [90, 30], n=3) == pytest.approx([55, 55, 10])


def test_majority_and_glove():
    assert G.shapley(G.weighted_voting([1, 1, 1], 2)) == pytest.approx([1 / 3] * 3)
    # glove game 1 left, 2 right: the left-glove holder gets 2/3 (orderings where
    # it comes after at least one right glove holder)
    assert G.shapley(G.glove(1, 2)) == pytest.approx([2 / 3, 1 / 6, 1 / 6])


# --- oracles ----------------------------------------------------------------------


@given(games(1, 8, -100, 100))
@settings(max_examples=40)
def test_exact_shapley_equals_subset_formula(v):
    np.testing.assert_allclose(G.shapley(v), shapley_oracle(v), atol=1e-9)


@given(games(1, 5))
@settings(max_examples=25)
def test_exact_shapley_equals_average_over_orderings(v):
    np.testing.assert_allclose(G.shapley(v), shapley_permutation_oracle(v), atol=1e-9)


@given(games(1, 7))
@settings(max_examples=30)
def test_banzhaf_equals_definition(v):
    np.testing.assert_allclose(G.banzhaf(v), banzhaf_oracle(v), atol=1e-9)


def test_banzhaf_normalized_and_error():
    b = G.banzhaf(G.weighted_voting([2, 1, 1], 3), normalized=True)
    assert b == pytest.approx([0.6, 0.2, 0.2])  # swings 3, 1, 1
    with pytest.raises(InvalidInputError, match="banzhaf values sum to 0"):
        G.banzhaf([0, 0, 0, 0], normalized=True)


@pytest.mark.parametrize("one_thread", [False, True])
def test_blocked_transform_matches_oracle_above_block_size(monkeypatch, one_thread):
    """The blocked transform (the matrix path is for n <= 12, so force it off), with and
    without BLAS limited to one thread (threadpoolctl)."""
    monkeypatch.setattr(SV, "_BLOCK_BITS", 3)
    monkeypatch.setattr(SV, "_MATRIX_BITS", 0)
    monkeypatch.setattr(SV, "_ONE_THREAD_BITS", 0 if one_thread else 99)
    rng = np.random.default_rng(7)
    v = rng.normal(size=1 << 7)
    v[0] = 0
    np.testing.assert_allclose(G.shapley(v), shapley_oracle(v), atol=1e-12)
    np.testing.assert_allclose(G.banzhaf(v), banzhaf_oracle(v), atol=1e-12)


@given(st.lists(st.integers(0, 6), min_size=1, max_size=7), st.integers(1, 25))
@settings(max_examples=40)
def test_shapley_shubik_recursion_equals_enumeration(weights, quota):
    g = G.weighted_voting(weights, quota)
    np.testing.assert_allclose(
        G.shapley_shubik(weights, quota), shapley_oracle(g.values), atol=1e-12
    )
    np.testing.assert_allclose(G.shapley(g), G.shapley(g, method="exact"), atol=1e-12)


def test_shapley_shubik_fractional_quota_and_large_n():
    assert G.shapley_shubik([2, 1, 1], 2.5) == pytest.approx(G.shapley_shubik([2, 1, 1], 3))
    # 101 equal voters, simple majority: symmetric, efficient
    idx = G.shapley_shubik(np.ones(101), 51)
    assert idx == pytest.approx(np.full(101, 1 / 101))
    # real weights fall back to enumeration inside shapley()
    g = G.weighted_voting([1.5, 1.0, 0.5], 2.0)
    assert G.shapley(g) == pytest.approx(shapley_oracle(g.values))


@given(
    st.integers(1, 7).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.integers(1, (1 << n) - 1), min_size=1, max_size=6),
            st.lists(st.integers(-30, 60), min_size=6, max_size=6),
        )
    )
)
@settings(max_examples=40)
def test_unanimity_sum_closed_form_equals_enumeration(case):
    n, carriers, weights = case
    weights = weights[: len(carriers)]

    def v(s):
        ss = set(s)
        return sum(w for t, w in zip(carriers, weights, strict=True) if set(members(t, n)) <= ss)

    g = G.from_function(n, v)
    expected = shapley_oracle(g.values)
    np.testing.assert_allclose(G.shapley_unanimity(carriers, weights, n=n), expected, atol=1e-9)
    built = G.unanimity_sum(carriers, weights, n=n)
    np.testing.assert_allclose(built.values, g.values, atol=1e-9)
    np.testing.assert_allclose(G.shapley(built), expected, atol=1e-9)
    np.testing.assert_allclose(G.shapley(built, method="exact"), expected, atol=1e-9)


def test_shapley_unanimity_many_players():
    rng = np.random.default_rng(3)
    mat = rng.random((200, 5000)) < 0.01
    mat[:, 0] = True
    weights = rng.random(200) * 1e6
    phi = G.shapley_unanimity(mat, weights)
    assert phi.shape == (5000,)
    assert phi.sum() == pytest.approx(weights.sum(), rel=1e-12)
    assert phi[0] == pytest.approx(np.sum(weights / mat.sum(axis=1)), rel=1e-12)
    from scipy import sparse

    np.testing.assert_allclose(G.shapley_unanimity(sparse.csr_matrix(mat), weights), phi)
    with pytest.raises(InvalidInputError, match="only 0/1 or booleans"):
        G.shapley_unanimity(sparse.csr_matrix(mat * 2.0), weights)
    with pytest.raises(InvalidInputError, match=r"carrier 0 is empty but has weight 1.0"):
        G.shapley_unanimity(sparse.csr_matrix(np.array([[0, 0], [1, 1]])), [1.0, 2.0])


# --- axioms -----------------------------------------------------------------------


@given(games(1, 7, -1000, 1000))
@settings(max_examples=40)
def test_efficiency(v):
    assert G.shapley(v).sum() == pytest.approx(v[-1], abs=1e-9)


@given(games(2, 6))
@settings(max_examples=30)
def test_symmetry(v):
    n = n_of(v)
    swapped = permute(v, [1, 0, *range(2, n)])
    sym = v + swapped  # players 0 and 1 are symmetric in v + swap(v)
    phi = G.shapley(sym)
    assert phi[0] == pytest.approx(phi[1], abs=1e-9)


@given(games(2, 6), st.data())
@settings(max_examples=30)
def test_null_player(v, data):
    n = n_of(v)
    k = data.draw(st.integers(0, n - 1))
    null = np.array([v[s & ~(1 << k)] for s in range(1 << n)])  # k adds nothing
    assert G.shapley(null)[k] == pytest.approx(0.0, abs=1e-9)
    assert G.banzhaf(null)[k] == pytest.approx(0.0, abs=1e-9)


@given(games(1, 6), st.data())
@settings(max_examples=30)
def test_permutation_equivariance(v, data):
    n = n_of(v)
    perm = data.draw(st.permutations(range(n)))
    phi = G.shapley(v)
    phi_perm = G.shapley(permute(v, perm))
    np.testing.assert_allclose(phi_perm[list(perm)], phi, atol=1e-9)


@given(st.integers(1, 6).flatmap(lambda n: st.tuples(games(n, n), games(n, n))))
@settings(max_examples=30)
def test_additivity(pair):
    v, w = pair
    np.testing.assert_allclose(G.shapley(v + w), G.shapley(v) + G.shapley(w), atol=1e-9)


# --- sampling ---------------------------------------------------------------------


def test_sampling_is_reproducible_efficient_and_close():
    rng = np.random.default_rng(11)
    v = rng.integers(0, 100, 1 << 8).astype(float)
    v[0] = 0
    exact = G.shapley(v)
    est = G.shapley_sample(v, 4000, rng=5)
    again = G.shapley_sample(G.Game(v), 4000, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(est.value, again.value)
    assert est.n_samples == 4000
    assert est.value.sum() == pytest.approx(v[-1])
    assert np.all(est.stderr > 0)
    assert np.all(np.abs(est.value - exact) < 5 * est.stderr)


def test_sampling_callables():
    weights = np.array([7] * 5 + [1] * 10, dtype=float)

    def vec(m):
        return (m @ weights >= 39).astype(float)

    def scalar(s):
        return float(weights[list(s)].sum() >= 39)

    a = G.shapley_sample(vec, 300, rng=1, n=15)
    b = G.shapley_sample(scalar, 300, rng=1, n=15, vectorized=False)
    c = G.shapley_sample(G.weighted_voting(weights, 39), 300, rng=1)
    np.testing.assert_array_equal(a.value, b.value)
    np.testing.assert_array_equal(a.value, c.value)
    exact = G.shapley_shubik(weights, 39)
    # permanent members: well inside 5 standard errors
    assert np.all(np.abs(a.value[:5] - exact[:5]) <= 5 * a.stderr[:5])
    # the ten others share 10 x 4/2145 = 0.018648.  In a simple game exactly one player
    # is pivotal in each ordering, so their summed estimate is a binomial proportion:
    # with 20,000 orderings its standard error is sqrt(p (1 - p) / 20000) = 0.00096, and
    # 4 standard errors (0.0038) exclude both 0 and twice the true value
    big = G.shapley_sample(vec, 20_000, rng=2, n=15)
    assert big.value[5:].sum() == pytest.approx(40 / 2145, abs=0.0038)
    assert np.all(np.abs(big.value - exact) <= 5 * np.maximum(big.stderr, 1e-3))


def test_sampling_large_n_majority():
    # 301 voters, simple majority: each ordering has exactly one pivot (the 151st voter),
    # so 200 x value counts the orderings in which each voter was pivotal
    n, k = 301, 200
    est = G.shapley_sample(lambda m: (m.sum(axis=1) > n // 2).astype(float), k, rng=0, n=n)
    counts = est.value * k
    np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)
    assert int(np.round(counts).sum()) == k and np.all(counts >= 0)
    # each player's stderr is that of a mean of k zero/one contributions
    c = np.round(counts)
    np.testing.assert_allclose(est.stderr, np.sqrt((c - c**2 / k) / (k - 1) / k), rtol=1e-9)


def test_sampling_large_unanimity_game():
    # 301 members, v(S) = 1 iff {0, 1, 2} is in S: phi = (1/3, 1/3, 1/3, 0, ..., 0)
    # (Shapley 1953: the worth is split equally in the carrier, the others are null)
    game = G.UnanimityGame([{0, 1, 2}], [1], n=301)
    est = G.shapley_sample(game.values, 1000, rng=4, n=301)
    assert np.all(est.value[3:] == 0.0)  # a null player is never pivotal
    assert est.value[:3].sum() == pytest.approx(1.0, abs=1e-12)
    # a binomial proportion with p = 1/3: stderr sqrt(2/9 / 1000) = 0.0149 each
    np.testing.assert_allclose(est.stderr[:3], np.sqrt(2 / 9 / 1000), rtol=0.1)
    assert np.all(np.abs(est.value[:3] - 1 / 3) <= 5 * est.stderr[:3])


def test_sampling_errors():
    with pytest.raises(InvalidInputError, match=r"n_samples must be an integer >= 2, got 1"):
        G.shapley_sample([0, 1, 1, 3], 1)
    with pytest.raises(InvalidInputError, match="n must be a positive integer for a callable game"):
        G.shapley_sample(lambda m: m.sum(axis=1), 10)
    with pytest.raises(InvalidInputError, match="empty coalition worth 0, got 1.0"):
        G.shapley_sample(lambda m: m.sum(axis=1) + 1.0, 10, n=3)
    with pytest.raises(InvalidInputError, match=r"game must return shape \(8,\)"):
        G.shapley_sample(lambda m: np.zeros(2), 2, n=3, rng=0)
    with pytest.raises(InvalidInputError, match="non-finite worth nan"):
        G.shapley_sample(lambda m: np.where(m.any(axis=1), np.nan, 0.0), 2, n=3, rng=0)


def test_shapley_errors():
    with pytest.raises(
        InvalidInputError, match=r"method must be one of 'auto', 'exact', got 'fast'"
    ):
        G.shapley([0, 1, 1, 3], method="fast")
    with pytest.raises(
        InvalidInputError, match=r"weights must be non-negative integers, got 1.5 at index 0"
    ):
        G.shapley_shubik([1.5, 1], 2)
    with pytest.raises(InvalidInputError, match=r"quota must be finite and > 0, got -1"):
        G.shapley_shubik([1, 1], -1)
    with pytest.raises(
        InvalidInputError, match=r"costs must be finite and >= 0, got -2.0 at index 1"
    ):
        G.airport_shapley([1, -2])

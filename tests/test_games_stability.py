"""games.core_stability / individual_rationality / standalone_values: hand-computed small
games (glove, majority, airport), plain-loop oracles, the sampled check beyond 20 players."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.games as G
from poolcalc.errors import InvalidInputError

MAJORITY3 = [0, 0, 0, 1, 0, 1, 1, 1]  # v(S) = 1 iff |S| >= 2: empty core
GLOVE = G.glove(1, 2)  # player 0 has the left glove, 1 and 2 a right glove each

carrier_games = st.integers(2, 6).flatmap(
    lambda n: st.lists(
        st.tuples(st.lists(st.booleans(), min_size=n, max_size=n).filter(any), st.integers(0, 100)),
        min_size=1,
        max_size=5,
    ).map(lambda cw: G.UnanimityGame([c for c, _ in cw], [w for _, w in cw]))
)


def core_oracle(x, vals):
    """Largest excess and number of blocking coalitions, by a plain loop over S."""
    n = len(x)
    ex = []
    for size in range(1, n):
        for S in itertools.combinations(range(n), size):
            mask = sum(1 << i for i in S)
            ex.append(vals[mask] - sum(x[i] for i in S))
    return max(ex), sum(e > 1e-9 for e in ex)


# --- hand-computed small games ------------------------------------------------------


def test_glove_game_core_is_the_scarce_side_taking_all():
    # v(S) = min(#left, #right): v({0,1}) = v({0,2}) = v(N) = 1, all else 0.  The core is
    # {(1, 0, 0)}: x_0 + x_1 >= 1 and x_0 + x_2 >= 1 with x(N) = 1 force x_1 = x_2 = 0.
    r = G.core_stability([1, 0, 0], GLOVE)
    assert (r.max_excess, r.n_blocking, r.n_checked, r.sampled) == (0.0, 0, 6, False)
    # (1/2, 1/4, 1/4): {0,1} and {0,2} get 3/4 < 1 -> two blocking coalitions, excess 1/4
    r = G.core_stability([0.5, 0.25, 0.25], GLOVE)
    assert r.n_blocking == 2 and r.max_excess == pytest.approx(0.25)
    assert r.worst.tolist() in ([True, True, False], [True, False, True])
    assert r.max_excess_share == pytest.approx(0.25)  # v(N) = 1
    assert G.in_core(GLOVE, [1, 0, 0]) and not G.in_core(GLOVE, [0.5, 0.25, 0.25])


def test_majority_game_every_pair_blocks_the_equal_split():
    r = G.core_stability([1 / 3, 1 / 3, 1 / 3], MAJORITY3)
    # each pair gets 2/3 but is worth 1: three blocking coalitions, excess 1/3 (= epsilon
    # of the least core, Maschler-Peleg-Shapley 1979)
    assert r.n_blocking == 3 and r.max_excess == pytest.approx(1 / 3)
    assert r.max_excess == pytest.approx(G.least_core(MAJORITY3).epsilon)


def test_airport_game_cost_shares():
    # Littlechild-Owen airport, runway costs 1, 2, 3; v(S) = -max_{i in S} c_i, payoffs are
    # minus the cost shares.  Shapley shares (1/3, 5/6, 11/6) are in the core (convex cost
    # game): no coalition pays more than its own runway.
    g = G.airport([1, 2, 3])
    r = G.core_stability(-G.airport_shapley([1, 2, 3]), g)
    assert r.n_blocking == 0 and r.max_excess <= 1e-12
    # shares (1.5, 0, 1.5): player 0 pays 1.5 > c_0 = 1, so {0} blocks with excess
    # -1 - (-1.5) = 0.5; {0,1} pays 1.5 <= 2 and {0,2} pays 3 <= 3 do not block
    r = G.core_stability([-1.5, 0.0, -1.5], g)
    assert (r.n_blocking, r.max_excess, r.worst.tolist()) == (1, 0.5, [True, False, False])
    # stand-alone worths -c_i; individual rationality is violated by player 0 only
    assert G.standalone_values(g).tolist() == [-1.0, -2.0, -3.0]
    ir = G.individual_rationality([-1.5, 0.0, -1.5], g)
    assert ir.violators.tolist() == [0] and ir.shortfall.tolist() == [0.5, 0.0, 0.0]


def test_individual_rationality_by_hand():
    # member 0 alone holds every patent of country A (worth 100); the rest needs all three
    game = G.UnanimityGame([[1, 0, 0], [1, 1, 1]], [100, 200])
    assert G.standalone_values(game).tolist() == [100.0, 0.0, 0.0]
    r = G.individual_rationality([50, 125, 125], game)
    assert r.violators.tolist() == [0] and not r.rational
    assert r.worst_shortfall == 50.0
    assert G.individual_rationality([100, 100, 100], game.standalone()).rational
    assert G.individual_rationality([99.5, 100, 100.5], [100, 0, 0], tol=1).rational


# --- oracles ----------------------------------------------------------------------------


@given(carrier_games, st.lists(st.floats(0, 100, allow_nan=False), min_size=6, max_size=6))
@settings(max_examples=30)
def test_exact_core_check_matches_plain_loop(game, xs):
    vals = game.to_game().values
    x = xs[: game.n]
    r = G.core_stability(x, game)
    mx, nb = core_oracle(x, vals)
    assert r.max_excess == pytest.approx(mx) and r.n_blocking == nb and not r.sampled
    assert G.core_stability(x, vals).max_excess == r.max_excess  # dense game, same answer
    assert r.max_excess == pytest.approx(G.max_excess(vals, x)[0])


@given(carrier_games)
@settings(max_examples=30)
def test_shapley_of_a_convex_pool_game_is_in_the_core(game):
    # a non-negative sum of unanimity games is convex, so its Shapley value lies in the
    # core (Shapley, "Cores of convex games", IJGT 1971): no coalition blocks it
    r = G.core_stability(game.shapley(), game, tol=1e-7)
    assert r.n_blocking == 0 and r.max_excess <= 1e-7


@given(carrier_games, st.lists(st.floats(0, 100, allow_nan=False), min_size=12, max_size=12))
@settings(max_examples=20)
def test_batch_equals_one_by_one(game, xs):
    n = game.n
    X = np.array([xs[:n], xs[6 : 6 + n]])
    for exact_limit in (20, 1):  # exact and sampled paths
        batch = G.core_stability_batch(X, game, exact_limit=exact_limit, n_samples=50, rng=3)
        for row, b in zip(X, batch, strict=True):
            one = G.core_stability(row, game, exact_limit=exact_limit, n_samples=50, rng=3)
            # the batch sums coalitions in another order: equal up to rounding
            assert b.max_excess == pytest.approx(one.max_excess, rel=1e-12, abs=1e-12)
            assert (b.n_blocking, b.n_checked, b.sampled) == (
                one.n_blocking,
                one.n_checked,
                one.sampled,
            )


# --- sampled beyond the exact limit ---------------------------------------------------------


def test_sampled_check_beyond_20_members():
    n = 30
    carriers = np.zeros((2, n), bool)
    carriers[0, [3, 17]] = True  # members 3 and 17 alone are worth 50
    carriers[1, :] = True
    game = G.UnanimityGame(carriers, [50, 950])
    x = np.full(n, 1000.0 / n)  # {3, 17} get 66.7 > 50: not blocking
    r = G.core_stability(x, game, n_samples=500, rng=1)
    assert r.sampled and r.n_blocking == 0
    x2 = x.copy()
    x2[[3, 17]] = 10.0
    x2[0] += 1000.0 - x2.sum()
    r2 = G.core_stability(x2, game, n_samples=500, rng=1)
    # the carrier {3, 17} is always checked: it gets 20 < 50, excess 30
    assert r2.sampled and r2.n_blocking >= 1
    assert r2.max_excess == pytest.approx(30.0) and np.flatnonzero(r2.worst).tolist() == [3, 17]
    # singletons, N \ {i}, the proper carrier and the samples, each distinct coalition once
    assert 2 * n + 1 < r2.n_checked <= 2 * n + 1 + 500
    without = G.core_stability(x2, game, n_samples=0, candidates=np.zeros((0, n), bool))
    assert without.n_checked == 2 * n and without.n_blocking == 0  # the carrier was the key


def test_sampled_is_a_lower_bound_and_seeded():
    rng = np.random.default_rng(3)
    n = 10
    carriers = rng.random((6, n)) < 0.4
    carriers[:, 0] = True
    game = G.UnanimityGame(carriers, rng.integers(1, 50, size=6))
    x = rng.random(n)
    x *= game.grand / x.sum()
    exact = G.core_stability(x, game)
    a = G.core_stability(x, game, exact_limit=5, n_samples=300, rng=7)
    b = G.core_stability(x, game, exact_limit=5, n_samples=300, rng=7)
    assert a.sampled and a.max_excess <= exact.max_excess + 1e-9
    assert a.n_blocking <= exact.n_blocking
    assert (a.max_excess, a.n_blocking, a.n_checked) == (b.max_excess, b.n_blocking, b.n_checked)
    dense = G.core_stability(x, game.to_game().values, exact_limit=5, n_samples=300, rng=7)
    assert dense.max_excess <= exact.max_excess + 1e-9  # a dense game is sampled too


# --- errors ---------------------------------------------------------------------------------


def test_bad_input():
    with pytest.raises(InvalidInputError, match=r"length 2\*\*n"):
        G.core_stability([1, 2], [0, 1, 2])
    with pytest.raises(
        InvalidInputError, match=r"game\[0\] \(the worth of the empty coalition\) must be 0, got 1"
    ):
        G.core_stability([1, 2], [1, 1, 2, 3])
    with pytest.raises(InvalidInputError, match=r"one payoff per player \(n = 2\), got 3"):
        G.core_stability([1, 2, 3], [0, 1, 2, 3])
    with pytest.raises(InvalidInputError, match="tol must be a finite number >= 0"):
        G.core_stability([1, 2], [0, 1, 2, 3], tol=-1)
    with pytest.raises(InvalidInputError, match="n_samples must be >= 0, got -5"):
        G.core_stability([1, 2], [0, 1, 2, 3], n_samples=-5)
    with pytest.raises(InvalidInputError, match="at least 2 players, got 1"):
        G.core_stability([1], [0, 1])
    with pytest.raises(InvalidInputError, match=r"x must be finite, got nan at index 1"):
        G.core_stability([1, float("nan")], [0, 1, 2, 3])
    with pytest.raises(InvalidInputError, match=r"candidates must have shape \(m, 3\)"):
        G.core_stability(
            [1, 1, 1],
            G.UnanimityGame([[1, 1, 1]], [3]),
            exact_limit=1,
            candidates=np.ones((2, 2), bool),
        )
    with pytest.raises(InvalidInputError, match="x and standalone must have one shape"):
        G.individual_rationality([1, 2], [1, 2, 3])

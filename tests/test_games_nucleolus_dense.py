"""The dense dual-simplex path of the nucleolus (n <= 12): hand-solved LPs, the HiGHS
path as oracle, literature values through this path, axioms at n up to 9."""

from __future__ import annotations

import numpy as np
import pytest
from games_helpers import excesses_sorted, imputable_games, lex_leq, members, n_of
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.games as G
from poolcalc.games import _nucleolus_dense
from poolcalc.games._game import popcount
from poolcalc.games._lp import dual_simplex
from poolcalc.games._nucleolus import _sequential


@pytest.fixture(autouse=True)
def _numpy_dense_path(monkeypatch):
    """These tests are of the numpy dense path: the plain-Python one (n <= 5) is off."""
    monkeypatch.setattr("poolcalc.games._nucleolus.SMALL_MAX_N", 0)

# --- the dual simplex on LPs solved by hand -----------------------------------------

# min t s.t. y + t >= 2, t - y >= 0: the optimum is y = t = 1 (multipliers 1/2, 1/2).
_A2 = np.array([[1.0, 1.0], [-1.0, 1.0]])


def test_dual_simplex_start_already_optimal():
    res = dual_simplex(_A2, np.array([2.0, 0.0]), np.array([0, 1]), max_iter=10)
    assert res is not None and res.iterations == 0
    np.testing.assert_allclose(res.w, [1.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(res.dual, [0.5, 0.5], atol=1e-15)


def test_dual_simplex_one_pivot_by_hand():
    # add t + y/2 >= 5/2: t >= max(2 - y, y, 5/2 - y/2) is least at y = 5/3 where
    # y = 5/2 - y/2; multipliers of rows 1 and 2 solve -l1 + l2/2 = 0, l1 + l2 = 1.
    a = np.vstack([_A2, [0.5, 1.0]])
    res = dual_simplex(a, np.array([2.0, 0.0, 2.5]), np.array([0, 1]), max_iter=10)
    assert res is not None and res.iterations == 1
    np.testing.assert_allclose(res.w, [5 / 3, 5 / 3], atol=1e-14)
    assert sorted(res.basis.tolist()) == [1, 2]
    np.testing.assert_allclose(res.dual[np.argsort(res.basis)], [1 / 3, 2 / 3], atol=1e-14)
    assert res.slack.min() >= -1e-12


def test_dual_simplex_infeasible_and_pivot_limit_give_none():
    # y >= 1 and -y >= 0 cannot both hold
    a = np.vstack([_A2, [1.0, 0.0], [-1.0, 0.0]])
    assert dual_simplex(a, np.array([0.0, 0.0, 1.0, 0.0]), np.array([0, 1]), max_iter=50) is None
    a = np.vstack([_A2, [0.5, 1.0]])
    assert dual_simplex(a, np.array([2.0, 0.0, 2.5]), np.array([0, 1]), max_iter=0) is None


# --- the HiGHS path as oracle ---------------------------------------------------------


def _bench_game(family: str, n: int, seed: int) -> np.ndarray:
    """The three families of benchmarks/bench_games.py, rebuilt here."""
    rng = np.random.default_rng(seed)
    if family == "superadditive":
        v = popcount(n).astype(float) ** 1.5 * (1 + 0.2 * rng.random(1 << n))
    elif family == "convex":
        d = rng.random(1 << n) * (rng.random(1 << n) < 0.3)
        d[0] = 0.0
        v = np.array(G.unanimity_sum(np.flatnonzero(d), d[np.flatnonzero(d)], n=n).values)
    else:  # zero-normalised uniform random
        v = rng.random(1 << n)
        v[1 << np.arange(n)] = 0.0
        v[-1] = 1.0
    v[0] = 0.0
    return v


def _dense(v, domain="imputation"):
    run = _sequential(v, n_of(v), domain=domain, solver="auto")
    # "none": a game solved before any LP (one-point imputation set, zero game)
    assert run.method in ("dense", "none"), "the dense path fell back to HiGHS"
    return run


@pytest.mark.parametrize("family", ["superadditive", "convex", "zero-normalized"])
@pytest.mark.parametrize("n", [5, 7, 9, 12])
def test_dense_equals_highs_on_benchmark_games(family, n):
    v = _bench_game(family, n, seed=100 + n)
    dense = _dense(v)
    highs = _sequential(v, n, domain="imputation", solver="highs")
    np.testing.assert_allclose(dense.x, highs.x, atol=1e-9 * np.abs(v).max())
    assert dense.levels[0] == pytest.approx(highs.levels[0], abs=1e-9 * np.abs(v).max())


@given(imputable_games(2, 6, -10, 30), st.sampled_from(["imputation", "preimputation"]))
@settings(max_examples=60, deadline=None)
def test_dense_equals_highs_on_integer_games(v, domain):
    n = n_of(v)
    run = _sequential(v, n, domain=domain, solver="auto")
    highs = _sequential(v, n, domain=domain, solver="highs")
    if run.method == "none":  # a trivial game (zero, one player, one imputation)
        return
    assert run.method == "dense"
    np.testing.assert_allclose(run.x, highs.x, atol=1e-7 * max(1.0, np.abs(v).max()))


def test_failed_certificate_falls_back_to_highs(monkeypatch):
    v = _bench_game("superadditive", 6, seed=3)
    monkeypatch.setattr(_nucleolus_dense, "dual_simplex", lambda *a, **k: None)
    run = _sequential(v, 6, domain="imputation", solver="auto")
    assert run.method == "highs"
    np.testing.assert_allclose(run.x, _sequential(v, 6, domain="imputation", solver="highs").x)


def test_least_core_by_the_dense_path():
    # three-player majority game: epsilon = 1/3 (every pair has excess 1 - 2/3)
    lc = G.least_core([0, 0, 0, 1, 0, 1, 1, 1])
    assert lc.epsilon == pytest.approx(1 / 3, abs=1e-12)
    v = _bench_game("zero-normalized", 8, seed=5)
    assert G.least_core(v).epsilon == pytest.approx(
        G.least_core(v, solver="highs").epsilon, abs=1e-9
    )


# --- literature values, checked to go through the dense path --------------------------


@pytest.mark.parametrize(
    ("estate", "expected"),
    [(100, [100 / 3] * 3), (200, [50, 75, 75]), (300, [50, 100, 150])],
)
def test_talmud_estates_dense(estate, expected):
    # Aumann, R. J., Maschler, M., "Game theoretic analysis of a bankruptcy problem from
    # the Talmud", Journal of Economic Theory 36(2), 1985: claims 100, 200, 300.
    run = _dense(G.bankruptcy(estate, [100, 200, 300]).values)
    np.testing.assert_allclose(run.x, expected, atol=1e-9)


def test_glove_games_dense():
    # one left glove, two right gloves: v({1,2}) = v({1,3}) = 1 and x(N) = 1 make
    # the core the single point (1, 0, 0); 3 x 3 is symmetric under swapping the sides,
    # so the (unique) nucleolus gives everyone 1/2.
    np.testing.assert_allclose(_dense(G.glove(1, 2).values).x, [1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(_dense(G.glove(2, 3).values).x, [1, 1, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(_dense(G.glove(3, 3).values).x, [0.5] * 6, atol=1e-12)


def test_airport_game_dense_by_hand():
    # the airport game of Littlechild, S. C., Owen, G., Management Science 20(3), 1973,
    # costs 1, 2, 3.  By hand: level 1, the excesses of {1} and {2,3} add to -1, so both
    # are -1/2 and y1 = 1/2; level 2, {1,2} and {1,3} equal: y2 - 3/2 = y3 - 5/2 with
    # y2 + y3 = 5/2, so y = (1/2, 3/4, 7/4).
    np.testing.assert_allclose(-_dense(G.airport([1, 2, 3]).values).x, [0.5, 0.75, 1.75],
                               atol=1e-12)


# --- axioms at sizes the old tests did not reach -----------------------------------------


def _swap01(v):
    """The game with players 0 and 1 exchanged."""
    out = np.empty_like(v)
    for s in range(len(v)):
        t = s & ~3 | (s & 1) << 1 | (s >> 1) & 1
        out[t] = v[s]
    return out


@given(st.integers(3, 8), st.integers(0, 2**31), st.sampled_from(["superadditive", "convex"]))
@settings(max_examples=20, deadline=None)
def test_symmetric_players_get_equal_payoffs(n, seed, family):
    v = _bench_game(family, n, seed)
    v = (v + _swap01(v)) / 2  # players 0 and 1 symmetric
    x = _dense(v).x
    assert x[0] == pytest.approx(x[1], abs=1e-9 * np.abs(v).max())


@given(
    st.integers(3, 8),
    st.integers(0, 2**31),
    st.floats(0.01, 100),
    st.lists(st.floats(-50, 50), min_size=8, max_size=8),
)
@settings(max_examples=20, deadline=None)
def test_strategic_equivalence(n, seed, a, b):
    v = _bench_game("zero-normalized", n, seed)
    b = np.array(b[:n])
    w = a * v + np.array([sum(b[i] for i in members(s, n)) for s in range(1 << n)])
    np.testing.assert_allclose(_dense(w).x, a * _dense(v).x + b, atol=1e-8 * np.abs(w).max())


@given(st.integers(3, 9), st.integers(0, 2**31), st.sampled_from(["superadditive", "convex"]))
@settings(max_examples=20, deadline=None)
def test_in_core_when_core_nonempty_and_efficient(n, seed, family):
    v = _bench_game(family, n, seed)
    x = _dense(v).x
    assert x.sum() == pytest.approx(v[-1], rel=1e-12)
    eps = G.least_core(v, solver="highs").epsilon
    if eps <= 0:  # convex games always; the superadditive ones often
        assert G.in_core(v, x, tol=1e-9 * np.abs(v).max())
    else:
        assert G.max_excess(v, x)[0] == pytest.approx(eps, abs=1e-9 * np.abs(v).max())


@given(st.integers(0, 2**31))
@settings(max_examples=10, deadline=None)
def test_lexicographic_minimum_at_six_players(seed):
    # plain-loop excesses of the answer against random imputations and small moves
    v = _bench_game("zero-normalized", 6, seed)
    x = _dense(v).x
    ex = excesses_sorted(v, x)
    rng = np.random.default_rng(seed)
    for y in rng.dirichlet(np.ones(6), size=40):
        assert lex_leq(ex, excesses_sorted(v, y), tol=1e-9)
    for _ in range(40):
        d = rng.normal(size=6) * 0.01
        y = x + d - d.mean()
        if (y >= 0).all():
            assert lex_leq(ex, excesses_sorted(v, y), tol=1e-9)

"""The plain-Python nucleolus path (n <= 5, issue 11): HiGHS and the numpy dense path as
oracles on random, tied and degenerate games, the core property, hand values."""

from __future__ import annotations

import numpy as np
import pytest
from games_helpers import games, imputable_games, n_of
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.games as G
from poolcalc.errors import InvalidInputError
from poolcalc.games import _nucleolus_small
from poolcalc.games._game import popcount
from poolcalc.games._nucleolus import _sequential


@pytest.fixture
def small_to_six(monkeypatch):
    """Let the plain-Python path take n = 6 too (its default limit is 5)."""
    monkeypatch.setattr("poolcalc.games._nucleolus.SMALL_MAX_N", 6)


def _run(v, domain="imputation"):
    return _sequential(v, n_of(v), domain=domain, solver="auto")


def _tol(v):
    return 1e-7 * max(1.0, float(np.abs(v).max()))


def _tied_games(min_n=2, max_n=6):
    """Integer worths in 0..3 (many equal excesses) with v(N) large enough for imputations."""
    return imputable_games(min_n, max_n, 0, 3)


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_small_path_is_the_default_to_five(n):
    v = np.random.default_rng(n).random(1 << n)
    v[0] = 0.0
    v[-1] = 2.0 * n  # an imputation set with room
    assert _run(v).method == "small"
    v6 = np.random.default_rng(6).random(64)
    v6[0], v6[-1] = 0.0, 12.0
    assert _run(v6).method == "dense"


@settings(max_examples=150, deadline=None)
@given(st.one_of(imputable_games(2, 6, -10, 30), _tied_games()),
       st.sampled_from(["imputation", "preimputation"]))
def test_small_equals_highs_on_integer_and_tied_games(v, domain):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("poolcalc.games._nucleolus.SMALL_MAX_N", 6)
        run = _run(v, domain)
    highs = _sequential(v, n_of(v), domain=domain, solver="highs")
    if run.method == "none":  # zero game, one player, one-point imputation set
        return
    assert run.method == "small"
    np.testing.assert_allclose(run.x, highs.x, atol=_tol(v))
    assert run.levels[0] == pytest.approx(highs.levels[0], abs=_tol(v))


@settings(max_examples=60, deadline=None)
@given(games(2, 5, -10, 30), st.sampled_from(["imputation", "preimputation"]))
def test_prenucleolus_and_empty_imputation_sets_agree_with_highs(v, domain):
    # any integer game: the imputation set may be empty (both paths must raise then)
    try:
        highs = _sequential(v, n_of(v), domain=domain, solver="highs")
    except InvalidInputError:
        with pytest.raises(InvalidInputError, match="imputation set is empty"):
            _run(v, domain)
        return
    np.testing.assert_allclose(_run(v, domain).x, highs.x, atol=_tol(v))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.integers(0, 2**31), st.sampled_from(["uniform", "superadditive"]))
def test_small_equals_numpy_dense_on_float_games(n, seed, family):
    rng = np.random.default_rng(seed)
    if family == "uniform":
        v = rng.random(1 << n)
        v[-1] = n  # sum of singletons < n: imputations exist
    else:
        v = popcount(n).astype(float) ** 1.5 * (1 + 0.2 * rng.random(1 << n))
    v[0] = 0.0
    small = _run(v)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("poolcalc.games._nucleolus.SMALL_MAX_N", 0)
        dense = _run(v)
    assert (small.method, dense.method) == ("small", "dense")
    np.testing.assert_allclose(small.x, dense.x, atol=1e-9 * np.abs(v).max())
    np.testing.assert_allclose(small.levels[: dense.levels.size],
                               dense.levels[: small.levels.size], atol=1e-9 * np.abs(v).max())


@settings(max_examples=60, deadline=None)
@given(imputable_games(2, 6, -10, 30))
def test_small_path_in_core_whenever_core_nonempty(v):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("poolcalc.games._nucleolus.SMALL_MAX_N", 6)
        x = _run(v).x
    assert x.sum() == pytest.approx(v[-1], abs=_tol(v))
    eps = G.least_core(v, solver="highs").epsilon
    if eps <= 0:
        assert G.in_core(v, x, tol=_tol(v))
    else:  # the first level is the least core
        assert G.max_excess(v, x)[0] == pytest.approx(eps, abs=_tol(v))


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("k", [0.0, 1.0, 3.0])
def test_symmetric_games_split_equally(n, k, small_to_six):
    # v(S) = |S|^2 + k |S|: every permutation of the players leaves the game unchanged,
    # and the nucleolus is unique and covariant, so it is v(N) / n each (all ties).
    size = popcount(n).astype(float)
    v = size**2 + k * size
    run = _run(v)
    assert run.method == "small"
    np.testing.assert_allclose(run.x, [v[-1] / n] * n, atol=1e-12 * v[-1])


def test_hand_values_through_the_small_path():
    # Talmud estate 200, claims 100, 200, 300 (Aumann and Maschler 1985): (50, 75, 75)
    run = _run(G.bankruptcy(200, [100, 200, 300]).values)
    assert run.method == "small"
    np.testing.assert_allclose(run.x, [50, 75, 75], atol=1e-9)
    # airport game, costs 1, 2, 3 (Littlechild and Owen 1973): (1/2, 3/4, 7/4) in cost
    run = _run(G.airport([1, 2, 3]).values)
    assert run.method == "small"
    np.testing.assert_allclose(-run.x, [0.5, 0.75, 1.75], atol=1e-12)
    # glove game, two left and three right gloves: the core is (1, 1, 0, 0, 0)
    run = _run(G.glove(2, 3).values)
    assert run.method == "small"
    np.testing.assert_allclose(run.x, [1, 1, 0, 0, 0], atol=1e-12)
    # three-player majority: every pair has excess 1 - 2/3 at (1/3, 1/3, 1/3)
    lc = G.least_core([0, 0, 0, 1, 0, 1, 1, 1])
    assert lc.epsilon == pytest.approx(1 / 3, abs=1e-12)
    np.testing.assert_allclose(lc.x, [1 / 3] * 3, atol=1e-12)


def test_failed_certificate_falls_back_to_the_numpy_path(monkeypatch):
    v = G.bankruptcy(200, [100, 200, 300, 400]).values
    monkeypatch.setattr(_nucleolus_small, "_simplex", lambda *a, **k: None)
    run = _run(v)
    assert run.method == "dense"
    np.testing.assert_allclose(run.x, _sequential(v, 4, domain="imputation",
                                                  solver="highs").x, atol=1e-9)


def test_inverse_of_a_singular_basis_is_none():
    assert _nucleolus_small._inverse([[1.0, 2.0], [2.0, 4.0]]) is None
    np.testing.assert_allclose(_nucleolus_small._inverse([[2.0, 0.0], [1.0, 1.0]]),
                               [[0.5, 0.0], [-0.5, 1.0]], atol=1e-15)


def test_subset_sums_by_hand():
    assert _nucleolus_small._subset_sums([1.0, 2.0, 4.0]) == [0, 1, 2, 3, 4, 5, 6, 7]

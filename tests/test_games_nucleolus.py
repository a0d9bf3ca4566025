"""Nucleolus, least core and core checks: literature values, lexicographic oracle, axioms."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from games_helpers import (
    convex_games,
    excesses_sorted,
    games,
    imputable_games,
    lex_leq,
    members,
    n_of,
    permute,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import poolcalc.games as G
from poolcalc.errors import InvalidInputError

# --- literature reference values --------------------------------------------------


@pytest.mark.parametrize(
    ("estate", "expected"),
    [(100, [100 / 3] * 3), (200, [50, 75, 75]), (300, [50, 100, 150])],
)
def test_talmud_bankruptcy(estate, expected):
    # Aumann & Maschler (1985): the Talmud's divisions of the estate among claims
    # 100, 200, 300 are the nucleoli of the bankruptcy games.
    x = G.nucleolus(G.bankruptcy(estate, [100, 200, 300]))
    assert x == pytest.approx(expected, abs=1e-7)


def test_talmud_with_pulp_cbc():
    x = G.nucleolus(G.bankruptcy(200, [100, 200, 300]), solver="pulp")
    assert x == pytest.approx([50, 75, 75], abs=1e-5)


def test_glove_game_nucleolus():
    # The scarce side takes everything: 1 left glove, 2 right gloves -> (1, 0, 0).
    assert G.nucleolus(G.glove(1, 2)) == pytest.approx([1, 0, 0], abs=1e-9)
    assert G.nucleolus(G.glove(2, 3)) == pytest.approx([1, 1, 0, 0, 0], abs=1e-9)
    # balanced market: core is {(a, a, 1-a, 1-a)}, nucleolus its midpoint
    assert G.nucleolus(G.glove(2, 2)) == pytest.approx([0.5] * 4, abs=1e-9)


def test_airport_nucleolus_by_hand():
    # costs 1, 2, 3. Level 1: excesses y(S) - c(S) of {1} and {2,3} add to -1, so
    # both equal -1/2: y1 = 1/2. Level 2: {1,2} and {1,3} equal: y2 - 3/2 = y3 - 5/2,
    # y2 + y3 = 5/2 -> y = (1/2, 3/4, 7/4).
    assert -G.nucleolus(G.airport([1, 2, 3])) == pytest.approx([0.5, 0.75, 1.75], abs=1e-9)


def test_three_player_majority_empty_core():
    maj = G.weighted_voting([1, 1, 1], 2)
    assert G.nucleolus(maj) == pytest.approx([1 / 3] * 3)
    lc = G.least_core(maj)
    assert lc.epsilon == pytest.approx(1 / 3)
    assert lc.x == pytest.approx([1 / 3] * 3)
    assert not G.in_core(maj, G.nucleolus(maj))


def test_pure_complements():
    # pure complements (v(S) = V iff S = N): symmetric players, so nucleolus = Shapley =
    # equal split (Shapley 1953 symmetry; Schmeidler 1969 nucleolus symmetric too)
    g = G.unanimity(4, [0, 1, 2, 3], worth=100)
    assert G.nucleolus(g) == pytest.approx([25] * 4)
    assert G.shapley(g) == pytest.approx([25] * 4)


def test_prenucleolus_differs_from_nucleolus():
    # coopgame README example: v(12) = 10, v(123) = 2 (lexicographic order)
    v = np.zeros(8)
    v[0b011] = 10
    v[0b111] = 2
    assert G.nucleolus(v) == pytest.approx([1, 1, 0], abs=1e-9)
    assert G.nucleolus(v, domain="preimputation") == pytest.approx([3, 3, -4], abs=1e-9)


# --- lexicographic-minimum oracle ---------------------------------------------------


def _random_imputations(v, rng, k):
    n = n_of(v)
    lo = np.array([v[1 << i] for i in range(n)])
    surplus = v[-1] - lo.sum()
    return lo + surplus * rng.dirichlet(np.ones(n), size=k)


@given(imputable_games(2, 5, -10, 30), st.integers(0, 2**31))
@settings(max_examples=30)
def test_nucleolus_is_lexicographic_minimum(v, seed):
    n = n_of(v)
    lo = np.array([v[1 << i] for i in range(n)])
    x = G.nucleolus(v)
    assert x.sum() == pytest.approx(v[-1], abs=1e-7)
    assert np.all(x >= lo - 1e-7)
    ex = excesses_sorted(v, x)
    rng = np.random.default_rng(seed)
    others = list(_random_imputations(v, rng, 40))
    for _ in range(40):  # small moves that stay in the imputation set
        d = rng.normal(size=n) * 0.05
        d -= d.mean()
        y = x + d
        if np.all(y >= lo):
            others.append(y)
    for y in others:
        assert lex_leq(ex, excesses_sorted(v, y), tol=1e-6)


@given(games(2, 4, -10, 30))
@settings(max_examples=20)
def test_prenucleolus_is_lexicographic_minimum(v):
    x = G.nucleolus(v, domain="preimputation")
    ex = excesses_sorted(v, x)
    n = n_of(v)
    for i, j in itertools.permutations(range(n), 2):
        for step in (1e-3, 0.1, 1.0):
            y = x.copy()
            y[i] += step
            y[j] -= step
            assert lex_leq(ex, excesses_sorted(v, y), tol=1e-6)


# --- axioms -----------------------------------------------------------------------


@given(convex_games(2, 5))
@settings(max_examples=25)
def test_nucleolus_in_core_of_convex_games(v):
    assert G.is_convex(v)
    x = G.nucleolus(v)
    assert G.in_core(v, x, tol=1e-6)
    assert G.least_core(v).epsilon <= 1e-9


@given(imputable_games(2, 5, -10, 30))
@settings(max_examples=30)
def test_nucleolus_in_core_whenever_core_nonempty(v):
    lc = G.least_core(v)
    assert G.max_excess(v, lc.x)[0] == pytest.approx(lc.epsilon, abs=1e-7)
    x = G.nucleolus(v)
    assert G.max_excess(v, x)[0] == pytest.approx(lc.epsilon, abs=1e-7)  # x in least core
    if lc.epsilon <= 0:
        assert G.in_core(v, x, tol=1e-6)


@given(
    imputable_games(2, 5, -10, 30),
    st.floats(0.25, 8.0),
    st.lists(st.integers(-20, 20), min_size=5, max_size=5),
)
@settings(max_examples=25)
def test_nucleolus_covariance(v, a, b):
    n = n_of(v)
    b = np.array(b[:n], dtype=float)
    w = a * v + np.array([sum(b[i] for i in members(s, n)) for s in range(1 << n)])
    for domain in ("imputation", "preimputation"):
        x = G.nucleolus(v, domain=domain)
        y = G.nucleolus(w, domain=domain)
        np.testing.assert_allclose(y, a * x + b, atol=1e-6 * max(1, np.abs(w).max()))


@given(imputable_games(2, 5, -10, 30), st.data())
@settings(max_examples=20)
def test_nucleolus_permutation_equivariance(v, data):
    n = n_of(v)
    perm = data.draw(st.permutations(range(n)))
    x = G.nucleolus(v)
    np.testing.assert_allclose(G.nucleolus(permute(v, perm))[list(perm)], x, atol=1e-7)


def test_constraint_generation_on_larger_game_verified_against_all_coalitions():
    rng = np.random.default_rng(0)
    n = 12
    d = rng.random(1 << n) * (rng.random(1 << n) < 0.05)
    d[0] = 0
    g = G.unanimity_sum(np.flatnonzero(d), d[np.flatnonzero(d)], n=n)  # convex
    x = G.nucleolus(g)
    assert G.in_core(g, x, tol=1e-9)
    np.testing.assert_allclose(G.nucleolus(g, domain="preimputation"), x, atol=1e-7)


def test_single_point_imputation_set_and_trivial_games():
    v = [0, 1, 2, 3]  # v(1) + v(2) = v(N)
    assert G.nucleolus(v) == pytest.approx([1, 2])
    assert G.nucleolus([0, 5]) == pytest.approx([5])
    assert G.nucleolus(np.zeros(8)) == pytest.approx([0, 0, 0])
    assert G.least_core([0, 5]).epsilon == 0.0


# --- errors -----------------------------------------------------------------------


def test_empty_imputation_set():
    with pytest.raises(
        InvalidInputError,
        match=r"imputation set is empty: sum of single-player worths 4.0 exceeds v\(N\) = 3.0",
    ):
        G.nucleolus([0, 2, 2, 3])
    with pytest.raises(InvalidInputError, match="imputation set is empty"):
        G.least_core([0, 2, 2, 3])
    # the prenucleolus exists anyway
    assert G.nucleolus([0, 2, 2, 3], domain="preimputation") == pytest.approx([1.5, 1.5])


def test_bad_options():
    with pytest.raises(
        InvalidInputError, match=r"domain must be one of 'imputation', 'preimputation', got 'core'"
    ):
        G.nucleolus([0, 1, 1, 3], domain="core")
    with pytest.raises(
        InvalidInputError, match=r"solver must be one of \['auto', 'highs', 'pulp'\], got 'cplex'"
    ):
        G.least_core([0, 1, 1, 3], solver="cplex")


# --- core checks ------------------------------------------------------------------


def test_core_excess_and_in_core_errors():
    with pytest.raises(
        InvalidInputError, match=r"x must have shape \(2,\) \(one payoff per player\), got \(3,\)"
    ):
        G.core_excess([0, 1, 1, 3], [1, 1, 1])
    with pytest.raises(InvalidInputError, match=r"x must be finite, got nan at index 1"):
        G.in_core([0, 1, 1, 3], [1, np.nan])
    assert not G.in_core([0, 1, 1, 3], [1, 1])  # not efficient


def _superadditive_oracle(v):
    m = len(v)
    return all(v[s | t] >= v[s] + v[t] - 1e-9 for s in range(m) for t in range(m) if s & t == 0)


def _convex_oracle(v):
    m = len(v)
    return all(v[s | t] + v[s & t] >= v[s] + v[t] - 1e-9 for s in range(m) for t in range(m))


@given(games(1, 5, -3, 6))
@settings(max_examples=60)
def test_superadditive_and_convex_checks_equal_definitions(v):
    assert G.is_superadditive(v) == _superadditive_oracle(v)
    assert G.is_convex(v) == _convex_oracle(v)


@given(convex_games(2, 5))
@settings(max_examples=20)
def test_convex_games_are_superadditive(v):
    assert G.is_convex(v) and G.is_superadditive(v)


def test_superadditive_blocks(monkeypatch):
    import poolcalc.games._core as C

    monkeypatch.setattr(C, "_TERNARY_BITS", 2)
    rng = np.random.default_rng(2)
    for _ in range(20):
        v = rng.integers(0, 4, 1 << 5).astype(float) * np.array(
            [bin(s).count("1") for s in range(32)]
        )
        v[0] = 0
        assert G.is_superadditive(v) == _superadditive_oracle(v)


@pytest.mark.parametrize("scale", [1e-7, 1.0, 1e9])
def test_tolerances_scale_with_the_game(scale):
    # money in cents can be large; tolerances are relative to max |v|
    x = G.nucleolus(G.bankruptcy(200 * scale, [100 * scale, 200 * scale, 300 * scale]))
    np.testing.assert_allclose(x, np.array([50, 75, 75]) * scale, rtol=1e-9)
    lc = G.least_core(G.weighted_voting([1, 1, 1], 2).values * scale)
    assert lc.epsilon == pytest.approx(scale / 3, rel=1e-9)


def test_least_core_backends_and_domains_agree():
    v = G.glove(2, 3).values
    for domain in ("imputation", "preimputation"):
        a = G.least_core(v, domain=domain)
        b = G.least_core(v, domain=domain, solver="pulp")
        assert a.epsilon == pytest.approx(b.epsilon, abs=1e-6)
        assert G.max_excess(v, a.x)[0] == pytest.approx(a.epsilon, abs=1e-9)


def test_lp_failure_raises_solver_error(monkeypatch):
    import types

    import scipy.optimize

    from poolcalc.errors import SolverError

    def failing(*args, **kwargs):
        return types.SimpleNamespace(status=2, message="The problem is infeasible.")

    from poolcalc.games import _lp

    monkeypatch.setattr(_lp, "_CORE", [None])  # the linprog path (no direct bindings)
    monkeypatch.setattr(scipy.optimize, "linprog", failing)
    with pytest.raises(SolverError, match=r"HiGHS \(scipy.optimize.linprog\) failed: status 2"):
        G.nucleolus(G.glove(1, 2), solver="highs")


def test_direct_highs_path_reports_an_infeasible_lp():
    from poolcalc.errors import SolverError
    from poolcalc.games import _lp

    if _lp._highs_core() is None:
        pytest.fail("scipy's HiGHS bindings are missing: the direct path is not tested")
    # x0 + x1 = 1 and x0 + x1 <= 0 with x >= 0: infeasible
    with pytest.raises(SolverError, match="HiGHS failed: Infeasible"):
        _lp.solve_lp(np.array([1.0, 0.0]), np.array([[1.0, 1.0]]), np.array([0.0]),
                     np.array([[1.0, 1.0]]), np.array([1.0]), [(0.0, None), (0.0, None)])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 9))
def test_direct_highs_path_equals_linprog_bit_for_bit(seed, n):
    # issue 11: the direct binding call is the same LP with the same options as linprog
    from poolcalc.games import _lp
    from poolcalc.games._nucleolus import _sequential

    v = np.random.default_rng(seed).random(1 << n)
    v[0] = 0.0
    v[1 << np.arange(n)] = 0.0  # 0-normalised: the imputation set is never empty
    v[-1] = 1.0
    direct = _sequential(v, n, domain="imputation", solver="highs")
    saved = list(_lp._CORE)
    try:
        _lp._CORE[:] = [None]
        via_linprog = _sequential(v, n, domain="imputation", solver="highs")
    finally:
        _lp._CORE[:] = saved
    np.testing.assert_array_equal(direct.x, via_linprog.x)
    np.testing.assert_array_equal(direct.levels, via_linprog.levels)


@given(
    st.integers(2, 4).flatmap(
        lambda n: st.lists(
            st.floats(-5, 20, allow_nan=False, allow_infinity=False),
            min_size=(1 << n) - 1,
            max_size=(1 << n) - 1,
        )
    )
)
# about 7 in 8 random float games have sum v({i}) > v(N) and are discarded
@settings(max_examples=25, suppress_health_check=[HealthCheck.filter_too_much])
def test_nucleolus_lexmin_on_float_games(xs):
    v = np.array([0.0, *xs])
    n = n_of(v)
    lo = v[1 << np.arange(n)]
    assume(lo.sum() <= v[-1] - 1e-9)  # a game with an imputation (discards are counted)
    x = G.nucleolus(v)
    ex = excesses_sorted(v, x)
    rng = np.random.default_rng(0)
    for y in _random_imputations(v, rng, 60):
        assert lex_leq(ex, excesses_sorted(v, y), tol=1e-6)

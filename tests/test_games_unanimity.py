"""games.UnanimityGame: hand-worked values, exact oracles, axioms, the empty-carrier rule."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.games as G
from poolcalc.errors import InvalidInputError

# A, B hold the essential patents (worth 90 together); C's weak patent adds 30 when A
# and B are present (Dehez and Poukens 2014, essential + weak game).
ESSENTIAL_WEAK = ([[1, 1, 0], [1, 1, 1]], [90, 30])


def unanimity_games(max_n: int = 6, fractions: bool = False):
    """(n, carriers as lists of bools, worths): 0..5 carriers, worths >= 0 (int or Fraction)."""
    worth = (
        st.fractions(min_value=0, max_value=50, max_denominator=12)
        if fractions
        else st.integers(0, 100)
    )

    def build(n):
        row = st.lists(st.booleans(), min_size=n, max_size=n).filter(any)
        return st.tuples(st.just(n), st.lists(st.tuples(row, worth), min_size=0, max_size=5))

    return (
        st.integers(1, max_n)
        .flatmap(build)
        .map(lambda t: (t[0], [r for r, _ in t[1]], [w for _, w in t[1]]))
    )


def worth_oracle(carriers, worths, coalition):
    """v(S) by a plain loop: the worth of every carrier inside S (exact arithmetic)."""
    return sum(
        (
            w
            for c, w in zip(carriers, worths, strict=True)
            if all(i in coalition for i, x in enumerate(c) if x)
        ),
        Fraction(0),
    )


def shapley_oracle(n, carriers, worths):
    """Shapley by its definition, in Fractions: sum_S |S|!(n-|S|-1)!/n! (v(S+i) - v(S))."""
    phi = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        total = Fraction(0)
        for k in range(n):
            weight = Fraction(math.factorial(k) * math.factorial(n - k - 1), math.factorial(n))
            for s in combinations(others, k):
                total += weight * (
                    worth_oracle(carriers, worths, {*s, i}) - worth_oracle(carriers, worths, set(s))
                )
        phi.append(total)
    return phi


def _game(n, carriers, worths):
    mat = np.array(carriers, dtype=bool).reshape(len(carriers), n)
    return G.UnanimityGame(mat, worths)


# --- hand-worked values ---------------------------------------------------------------


def test_essential_weak_values_shapley_nucleolus_by_hand():
    g = G.UnanimityGame(*ESSENTIAL_WEAK, names=["A", "B", "C"])
    # v({A,B}) = 90, v(N) = 90 + 30, every coalition without A or B is worth 0
    assert g.values([0b011, 0b111, 0b101, 0b110, 0b001, 0]).tolist() == [90, 120, 0, 0, 0, 0]
    # phi_A = phi_B = 90/2 + 30/3 = 55, phi_C = 30/3 = 10
    assert g.shapley(exact=True) == (55, 55, 10)
    assert g.shapley().tolist() == [55.0, 55.0, 10.0]
    # nucleolus: by symmetry x_A = x_B = a, x_C = 120 - 2a; excesses v(S) - x(S) are
    # -a ({A}, {B}), 2a - 120 ({C}), 90 - 2a ({A,B}), a - 120 ({A,C}, {B,C}).  In the core
    # (45 <= a <= 60) the largest is max(90 - 2a, 2a - 120), least where they are equal:
    # a = 52.5, x_C = 15 (half of C's marginal contribution 30)
    np.testing.assert_allclose(g.nucleolus(), [52.5, 52.5, 15.0], atol=1e-9)
    assert g.standalone().tolist() == [0.0, 0.0, 0.0]
    assert g.grand == 120.0 and g.n == 3 and g.exact


def test_two_country_pool_game_by_hand():
    # US sales (250.00) need A and B, DE sales (125.00) only B
    g = G.UnanimityGame([{"A", "B"}, {"B"}], [25000, 12500], names=["A", "B"])
    assert g.carriers.tolist() == [[True, True], [False, True]]
    assert g.shapley(exact=True) == (12500, 12500 + 12500)  # A: 250/2; B: 250/2 + 125
    assert g.standalone().tolist() == [0.0, 12500.0]  # B alone licenses DE
    assert g.to_game().values.tolist() == [0, 0, 12500, 37500]
    assert g.to_game().names == ("A", "B")


def test_pure_complements_equal_split():
    g = G.UnanimityGame(np.ones((1, 4), bool), [100])
    assert g.shapley(exact=True) == (25, 25, 25, 25)
    np.testing.assert_allclose(g.nucleolus(), [25.0] * 4, atol=1e-9)


def test_exact_worths_are_kept_exact():
    g = G.UnanimityGame([[1, 1, 0], [0, 1, 1]], [Fraction(1, 3), 2])
    assert g.worths.dtype == object and g.exact
    # phi_0 = (1/3)/2, phi_1 = (1/3)/2 + 2/2, phi_2 = 2/2
    assert g.shapley(exact=True) == (Fraction(1, 6), Fraction(7, 6), Fraction(1))
    ints = G.UnanimityGame([[1, 0]], np.array([7], np.int64))
    assert ints.worths.dtype == np.int64 and ints.worths.tolist() == [7]
    assert G.UnanimityGame([[1, 0]], [Fraction(14, 2)]).worths.dtype == np.int64
    floats = G.UnanimityGame([[1, 1]], [0.5])
    assert floats.worths.dtype == np.float64 and not floats.exact
    assert floats.shapley(exact=True) == (Fraction(1, 4), Fraction(1, 4))  # 0.5 is exact


def test_sets_of_indices_and_names():
    a = G.UnanimityGame([{0, 2}, frozenset({1})], [4, 6])
    b = G.UnanimityGame([[1, 0, 1], [0, 1, 0]], [4, 6])
    assert a == b and hash(a) == hash(b)
    assert G.UnanimityGame([{0}], [1], n=3).n == 3
    c = G.UnanimityGame([{"x", "z"}, {"y"}], [4, 6], names=["x", "y", "z"])
    assert c.carriers.tolist() == b.carriers.tolist() and c != b  # names differ


def test_large_n_closed_form():
    n = 1000
    carriers = np.zeros((2, n), bool)
    carriers[0, :10] = True  # 10 holders share 1000
    carriers[1, 5:] = True  # 995 holders share 995 * 3
    g = G.UnanimityGame(carriers, [1000, 995 * 3])
    phi = g.shapley(exact=True)
    assert phi[0] == 100 and phi[7] == 100 + 3 and phi[500] == 3
    assert sum(phi) == 1000 + 995 * 3
    assert g.values(np.ones((1, n), bool)).tolist() == [1000.0 + 995 * 3]
    assert len(repr(g)) < 100


# --- the empty-carrier rule -------------------------------------------------------------


def test_empty_carrier_with_positive_worth_is_refused():
    with pytest.raises(
        InvalidInputError, match=r"carrier 1 is empty but has worth 5: .*v\(empty\) must be 0"
    ):
        G.UnanimityGame([[1, 0], [0, 0]], [2, 5])
    with pytest.raises(InvalidInputError, match="carrier 0 is empty but has worth 1/2"):
        G.UnanimityGame([set(), {1}], [Fraction(1, 2), 1], n=2)


def test_empty_carrier_of_worth_zero_is_ignored():
    with_empty = G.UnanimityGame([[1, 1, 0], [0, 0, 0], [0, 1, 1]], [90, 0, 30])
    without = G.UnanimityGame([[1, 1, 0], [0, 1, 1]], [90, 30])
    assert with_empty.shapley(exact=True) == without.shapley(exact=True) == (45, 60, 15)
    assert with_empty.to_game() == without.to_game()
    masks = np.arange(8)
    assert with_empty.values(masks).tolist() == without.values(masks).tolist()
    assert with_empty.active_carriers().tolist() == without.carriers.tolist()
    assert with_empty.carriers.shape == (3, 3)  # kept as given


@pytest.mark.parametrize(
    ("carriers", "worths", "kwargs", "match"),
    [
        ([[1, 0]], [-1], {}, r"worths must be finite and >= 0, got -1 for carrier 0"),
        ([[1, 0]], [float("nan")], {}, r"got nan for carrier 0"),
        ([[1, 0]], [1, 2], {}, r"worths must have one entry per carrier \(1\), got 2"),
        ([[1, 0]], ["a"], {}, r"worth of carrier 0 must be a number, got 'a'"),
        ([[1, 2]], [1], {}, r"boolean \(or 0/1\) matrix of shape \(k, n\)"),
        ([[1, 0]], [1], {"n": 3}, r"carriers has 2 columns but n = 3"),
        ([{0, 5}], [1], {"n": 3}, r"carrier 0: player must be an index in \[0, 2\]"),
        ([{"A", "Q"}], [1], {"names": ["A", "B"]}, r"carrier 0: unknown player name 'Q'"),
        ([[1, 0]], [1], {"names": ["A"]}, r"names must have one entry per player \(n = 2\)"),
        ([[1, 0]], [1], {"names": ["A", "A"]}, r"names must be distinct"),
        ([[1, 0]], [1], {"n": 0}, r"n must be a positive integer, got 0"),
    ],
)
def test_bad_input(carriers, worths, kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        G.UnanimityGame(carriers, worths, **kwargs)


def test_size_limits_and_coalition_errors():
    big = G.UnanimityGame(np.ones((1, 30), bool), [1])
    with pytest.raises(InvalidInputError, match=r"to_game builds all 2\*\*n coalitions: n = 30"):
        big.to_game()
    with pytest.raises(
        InvalidInputError, match=r"30 players are in a carrier of positive worth, at most 24"
    ):
        big.nucleolus()
    g = G.UnanimityGame([[1, 1]], [1])
    with pytest.raises(InvalidInputError, match=r"coalition mask must be in \[0, 3\], got 4"):
        g.values([4])
    with pytest.raises(InvalidInputError, match=r"membership matrix \(m, 2\), got shape \(1, 3\)"):
        g.values(np.ones((1, 3), bool))


# --- against the dense game and the definition ---------------------------------------------


@given(unanimity_games(6, fractions=True))
@settings(max_examples=40)
def test_shapley_exact_equals_the_definition(case):
    n, carriers, worths = case
    g = _game(n, carriers, worths)
    assert list(g.shapley(exact=True)) == shapley_oracle(n, carriers, worths)


@given(unanimity_games(6))
@settings(max_examples=40)
def test_values_and_shapley_equal_the_dense_game(case):
    n, carriers, worths = case
    g = _game(n, carriers, worths)
    dense = g.to_game()
    masks = np.arange(1 << n)
    expected = [worth_oracle(carriers, worths, {i for i in range(n) if m >> i & 1}) for m in masks]
    assert dense.values.tolist() == expected
    assert g.values(masks).tolist() == expected
    members = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    assert g.values(members).tolist() == expected
    # closed form against exact enumeration of all coalitions (not the closed form again)
    np.testing.assert_allclose(
        g.shapley(), G.shapley(dense, method="exact"), rtol=1e-12, atol=1e-12 * max(1, g.grand)
    )
    assert g.standalone().tolist() == [expected[1 << i] for i in range(n)]


@given(unanimity_games(6, fractions=True), st.data())
@settings(max_examples=40)
def test_efficiency_null_player_symmetry(case, data):
    n, carriers, worths = case
    g = _game(n, carriers, worths)
    phi = g.shapley(exact=True)
    assert sum(phi) == sum(worths, Fraction(0))  # efficiency, exactly
    for i in range(n):  # null player: in no carrier of positive worth
        if not any(c[i] and w > 0 for c, w in zip(carriers, worths, strict=True)):
            assert phi[i] == 0
    if n >= 2:  # make players i and j interchangeable: j joins exactly the carriers of i
        i, j = data.draw(st.permutations(range(n)))[:2]
        sym = [[c[i] if k == j else c[k] for k in range(n)] for c in carriers]
        keep = [k for k, c in enumerate(sym) if any(c)]
        phi_sym = _game(n, [sym[k] for k in keep], [worths[k] for k in keep]).shapley(exact=True)
        assert phi_sym[i] == phi_sym[j]


def test_symmetric_players_get_equal_shares():
    # players 1 and 2 appear together or not at all: they are interchangeable
    g = G.UnanimityGame([[1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 0, 0]], [Fraction(7), 11, 3])
    phi = g.shapley(exact=True)
    assert phi[1] == phi[2] == Fraction(7, 3) + Fraction(11, 3)


@given(unanimity_games(5))
@settings(max_examples=25)
def test_nucleolus_is_in_the_core_and_null_players_get_zero(case):
    n, carriers, worths = case
    g = _game(n, carriers, worths)
    x = g.nucleolus()
    dense = g.to_game()
    assert x.sum() == pytest.approx(g.grand, abs=1e-9 * max(1, g.grand))
    assert G.in_core(dense, x, tol=1e-7 * max(1, g.grand))  # convex: the core is non-empty
    null = np.setdiff1d(np.arange(n), g.active_players())
    assert np.all(x[null] == 0)


@pytest.mark.parametrize(
    ("carriers", "worths", "match"),
    [
        ([[1, 0], [1]], [1, 2], r"boolean \(or 0/1\) matrix of shape \(k, n\)"),  # ragged
        ([[1, 0]], [float("inf")], r"got inf for carrier 0"),
        ([[1, 0]], [Fraction(10**400)], r"got a number beyond float range for carrier 0"),
        ([[1, 0]], [Fraction(-1, 3)], r"got -1/3 for carrier 0"),
        ([[1, 0]], 5, r"worths must be a sequence of numbers, got 5"),
        ([[1, 0]], np.ones((1, 1)), r"worths must be one-dimensional, got shape \(1, 1\)"),
        (5, [1], r"carriers must be a matrix \(k, n\) or a sequence of sets, got 5"),
    ],
)
def test_more_bad_input(carriers, worths, match):
    with pytest.raises(InvalidInputError, match=match):
        G.UnanimityGame(carriers, worths)

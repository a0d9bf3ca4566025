"""Bitset coalition worths of unanimity sums, packed holder sets, the game built once.

Oracles: the definition v(S) = sum_c w_c [T_c subset of S] evaluated carrier by
carrier in plain Python, ``np.packbits(counts > 0)`` of the dense counts table, and
``np.unique`` over every group row.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc
from poolcalc.allocation import allocate, pool_game
from poolcalc.allocation._driver import _prepare, _resolve, pool_arrays
from poolcalc.allocation._game_build import held_sets
from poolcalc.allocation._pool_game import packed_carriers
from poolcalc.allocation._registry import get_scheme
from poolcalc.allocation._split import split_rows
from poolcalc.data import synthetic_pool
from poolcalc.games import UnanimityGame
from poolcalc.games._containment import contained_worth, pack_sets
from poolcalc.games._stability import _kth_smallest


def oracle(carriers: list[list[bool]], worths: list[int], S: list[bool]) -> int:
    """v(S) by the definition: the worths of the carriers all of whose members are in S."""
    return sum(w for T, w in zip(carriers, worths, strict=True)
               if all(s or not t for t, s in zip(T, S, strict=True)))


def test_hand_worked_essential_and_weak():
    # A, B essential (90 together), C's weak patent adds 30 with A and B (Dehez and
    # Poukens 2014): v({A,B}) = 90, v(N) = 90 + 30 = 120, v({A,C}) = 0, v({B}) = 0.
    T = np.array([[1, 1, 0], [1, 1, 1]], bool)
    S = np.array([[1, 1, 0], [1, 1, 1], [1, 0, 1], [0, 1, 0]], bool)
    assert contained_worth(T, np.array([90.0, 30.0]), S).tolist() == [90.0, 120.0, 0.0, 0.0]


def test_word_boundaries():
    # 130 players: words 0..2; carrier {63, 64} straddles words 0 and 1, {129} is in word 2.
    n = 130
    T = np.zeros((2, n), bool)
    T[0, [63, 64]] = True
    T[1, 129] = True
    S = np.ones((4, n), bool)
    S[1, 63] = False  # kills carrier 0 only: worth 7
    S[2, 64] = False  # kills carrier 0 only: worth 7
    S[3, 129] = False  # kills carrier 1 only: worth 5
    assert contained_worth(T, np.array([5.0, 7.0]), S).tolist() == [12.0, 7.0, 7.0, 5.0]
    assert pack_sets(T).shape == (2, 3)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 140).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.booleans(), min_size=n, max_size=n).filter(any), max_size=8),
    st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=1, max_size=12),
    st.lists(st.integers(0, 10**6), min_size=8, max_size=8))))
def test_contained_worth_matches_the_definition(data):
    carriers, coalitions, worths = data
    worths = worths[: len(carriers)]
    n = len(coalitions[0])
    T = np.array(carriers, bool).reshape(len(carriers), n)
    got = contained_worth(T, np.array(worths, float), np.array(coalitions, bool))
    assert got.tolist() == [oracle(carriers, worths, S) for S in coalitions]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 90), st.integers(0, 2**32 - 1))
def test_values_same_as_the_dense_product(n, seed):
    # the bitset path (whole-number worths) and the float path (a non-integer worth)
    # give the same worths on random games
    g = np.random.default_rng(seed)
    T = g.random((12, n)) < g.uniform(0.05, 0.9)
    T[:, 0] |= ~T.any(axis=1)
    w = g.integers(0, 1000, 12)
    S = g.random((40, n)) < g.uniform(0.2, 1.0)
    exact = UnanimityGame(T, w).values(S)
    dense = UnanimityGame(T, [*w[:-1].astype(float), w[-1] + 0.5]).values(S) - \
        0.5 * S[:, T[-1]].all(axis=1)
    np.testing.assert_allclose(exact, dense, rtol=0, atol=1e-9)


def test_few_missing_players_hand_worked():
    # 70 carriers (two words of carriers per player), 66 players; carrier c = {c % 66,
    # (c + 1) % 66} with worth c + 1.  Missing player 0 kills carriers 0, 65 and 66
    # (worths 1, 66, 67); the grand coalition holds all: 70 * 71 / 2 = 2485.
    n, k = 66, 70
    T = np.zeros((k, n), bool)
    T[np.arange(k), np.arange(k) % n] = True
    T[np.arange(k), (np.arange(k) + 1) % n] = True
    w = np.arange(1.0, k + 1)
    S = np.ones((3, n), bool)
    S[1, 0] = False
    S[2, :9] = False  # 9 missing players: more than the probes, the word tests decide
    # row 2 keeps carriers c with {c % 66, (c+1) % 66} inside 9..65: c = 9..64
    want = [2485.0, 2485.0 - 1 - 66 - 67, float(sum(range(10, 66)))]
    assert contained_worth(T, w, S).tolist() == want


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 200), st.integers(0, 12), st.integers(0, 2**32 - 1))
def test_few_missing_players_match_the_definition(n, n_missing, seed):
    # coalitions missing 0..12 players straddle the probed-only path (<= 8 missing)
    g = np.random.default_rng(seed)
    k = int(g.integers(1, 150))
    T = g.random((k, n)) < g.uniform(0.005, 0.2)
    T[np.arange(k), g.integers(0, n, k)] = True
    w = g.integers(0, 10**6, k)
    S = np.ones((30, n), bool)
    for r in range(30):
        S[r, g.choice(n, min(n, int(g.integers(0, n_missing + 1))), replace=False)] = False
    got = contained_worth(T, w.astype(float), S)
    want = [oracle(T.tolist(), w.tolist(), row) for row in S.tolist()]
    assert got.tolist() == want


def test_kth_smallest_is_the_sorted_entry():
    g = np.random.default_rng(5)
    keys = g.random((500, 37))
    sizes = g.integers(1, 37, 500)
    assert np.array_equal(_kth_smallest(keys, sizes),
                          np.sort(keys, axis=1)[np.arange(500), sizes - 1])


def test_packed_carriers_runs_match_unique_over_all_rows():
    # groups 0-1 and 3 share {A, B}: R = 10 + 7 + 1 = 18; group 2 is {A}: 5; group 4 empty
    held = np.array([[1, 1], [1, 1], [1, 0], [1, 1], [0, 0]], bool)
    c, w = packed_carriers(np.packbits(held, axis=1), np.array([10, 7, 5, 1, 4]), 2)
    assert c.astype(int).tolist() == [[1, 0], [1, 1]] and w.tolist() == [5, 18]


def test_held_sets_equal_packed_dense_counts():
    pool = synthetic_pool(30, 3000, 20, rng=2, n_sales=5000)
    pool, table, sales = pool_arrays(pool, "test")
    for unit in ("patent", "family"):
        for country in ("sale", "manufacture", "sale_else_manufacture"):
            opts = _resolve(pool, get_scheme("shapley"), {"unit": unit, "country": country})
            ctx = _prepare(pool, table, sales, None, None).ctx
            sp = split_rows(ctx, {**opts, "exact": False})
            assert np.array_equal(held_sets(sp.pieces, len(ctx.members)),
                                  np.packbits(sp.counts > 0, axis=1)), (unit, country)


def test_shapley_distribution_carries_the_pool_game():
    pool = poolcalc.load_example()
    d = allocate(pool, scheme="shapley", options={"value_added": 0.0})
    assert d.pool_game == pool_game(pool)
    assert allocate(pool, scheme="equal").pool_game is None

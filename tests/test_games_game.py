"""Game type, constructors and transforms: values against plain-Python definitions."""

from __future__ import annotations

import numpy as np
import pytest
from games_helpers import games, members, n_of, zeta
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.games as G
from poolcalc.errors import InvalidInputError


def test_all_matches_public_names():
    public = {k for k, v in vars(G).items() if not k.startswith("_") and not isinstance(v, type(G))}
    assert set(G.__all__) == public


def test_game_basics():
    g = G.Game([0, 1, 2, 4], names=["a", "b"])
    assert g.n == 2
    assert g.grand == 4.0
    assert g.v([0, 1]) == 4.0
    assert g.v(0b10) == 2.0
    assert g.v(["b"]) == 2.0
    assert g.v([]) == 0.0
    assert not g.values.flags.writeable
    assert g == G.Game(np.array([0, 1, 2, 4]), names=("a", "b"))
    assert g != G.Game([0, 1, 2, 4])
    assert hash(g) == hash(G.Game([0, 1, 2, 4], names=["a", "b"]))


def test_game_copies_input():
    arr = np.array([0.0, 1.0, 2.0, 4.0])
    g = G.Game(arr)
    arr[1] = 99.0
    assert g.values[1] == 1.0


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ([0, 1, 2], r"length 2\*\*n .* got length 3"),
        ([0], r"length 2\*\*n .* got length 1"),
        ([1, 1, 2, 4], r"values\[0\] \(the worth of the empty coalition\) must be 0, got 1.0"),
        ([0, np.nan, 2, 4], r"values must be finite, got nan at index 1"),
        ([0, 1, np.inf, 4], r"values must be finite, got inf at index 2"),
        ([[0, 1], [2, 3]], r"one-dimensional, got shape \(2, 2\)"),
        (["a", "b"], r"values must be an array of numbers"),
    ],
)
def test_game_bad_values(values, match):
    with pytest.raises(InvalidInputError, match=match):
        G.Game(values)


def test_game_bad_names_and_players():
    with pytest.raises(
        InvalidInputError, match=r"names must have one entry per player \(n = 2\), got 3"
    ):
        G.Game([0, 1, 2, 4], names=["a", "b", "c"])
    with pytest.raises(InvalidInputError, match="names must be distinct"):
        G.Game([0, 1, 2, 4], names=["a", "a"])
    g = G.Game([0, 1, 2, 4])
    with pytest.raises(InvalidInputError, match=r"player index must be in \[0, 1\], got 2"):
        g.v([2])
    with pytest.raises(
        InvalidInputError, match=r"coalition mask must be in \[0, 3\] for n = 2, got 4"
    ):
        g.v(4)
    with pytest.raises(InvalidInputError, match="unknown player name 'z'"):
        g.v(["z"])


def test_shapley_accepts_raw_arrays_with_same_checks():
    with pytest.raises(InvalidInputError, match=r"game must have length 2\*\*n"):
        G.shapley([0, 1, 2])
    with pytest.raises(InvalidInputError, match=r"game\[0\] .* must be 0, got 3.0"):
        G.nucleolus([3, 1, 2, 4])


@given(st.lists(st.integers(0, 9), min_size=1, max_size=6), st.integers(1, 40))
@settings(max_examples=30)
def test_weighted_voting_matches_definition(weights, quota):
    g = G.weighted_voting(weights, quota)
    n = len(weights)
    expected = [float(sum(weights[i] for i in members(s, n)) >= quota) for s in range(1 << n)]
    assert g.values.tolist() == expected


@given(st.integers(0, 700), st.lists(st.integers(0, 300), min_size=1, max_size=6))
@settings(max_examples=30)
def test_bankruptcy_matches_definition(estate, claims):
    g = G.bankruptcy(estate, claims)
    n = len(claims)
    for s in range(1 << n):
        outside = sum(claims[i] for i in range(n) if not s >> i & 1)
        assert g.values[s] == (max(0, estate - outside) if s else 0)


def test_airport_and_glove_and_unanimity_values():
    assert G.airport([1, 3, 2]).values.tolist() == [0, -1, -3, -3, -2, -2, -3, -3]
    g = G.glove(1, 2)
    assert g.values.tolist() == [0, 0, 0, 1, 0, 1, 0, 1]
    g = G.glove(2, 2)
    assert g.v([0, 1, 2]) == 1 and g.v([0, 1, 2, 3]) == 2 and g.v([0, 1]) == 0
    u = G.unanimity(3, [0, 2], worth=5)
    assert u.values.tolist() == [0, 0, 0, 0, 0, 5, 0, 5]
    assert G.unanimity(3, 0b101, worth=5) == u


def test_from_function_both_conventions():
    f = G.from_function(3, lambda s: len(s) ** 2 + (0 in s))
    assert f.values.tolist() == [0, 2, 1, 5, 1, 5, 4, 10]
    fv = G.from_function(3, lambda m: m.sum(axis=1) ** 2 + m[:, 0], vectorized=True)
    assert fv == f


def test_constructor_errors():
    with pytest.raises(
        InvalidInputError, match=r"claims must be finite and >= 0, got -1.0 at index 1"
    ):
        G.bankruptcy(10, [1, -1])
    with pytest.raises(InvalidInputError, match=r"estate must be finite and >= 0, got -5"):
        G.bankruptcy(-5, [1, 2])
    with pytest.raises(InvalidInputError, match=r"quota must be finite and > 0, got 0"):
        G.weighted_voting([1, 2], 0)
    with pytest.raises(InvalidInputError, match=r"weights must be a non-empty 1-d array"):
        G.weighted_voting([], 1)
    with pytest.raises(InvalidInputError, match=r"costs has 27 players"):
        G.airport(np.ones(27))
    with pytest.raises(InvalidInputError, match=r"coalition must be non-empty"):
        G.unanimity(3, [])
    with pytest.raises(InvalidInputError, match=r"coalition player must be in \[0, 2\], got 3"):
        G.unanimity(3, [3])
    with pytest.raises(InvalidInputError, match=r"n must be an integer in \[1, 26\], got 0"):
        G.from_function(0, len)
    with pytest.raises(InvalidInputError, match=r"f returned nan for coalition mask 1"):
        G.from_function(2, lambda s: float("nan"))
    with pytest.raises(InvalidInputError, match=r"f must return an array of shape \(4,\)"):
        G.from_function(2, lambda m: np.zeros(3), vectorized=True)
    with pytest.raises(InvalidInputError, match=r"n_left must be a non-negative integer, got -1"):
        G.glove(-1, 2)


@given(games(1, 6))
@settings(max_examples=40)
def test_harsanyi_roundtrip_and_unanimity_sum(v):
    n = n_of(v)
    d = G.harsanyi_dividends(v)
    np.testing.assert_allclose(zeta(d), v, atol=1e-9)
    masks = np.arange(1, 1 << n)
    rebuilt = G.unanimity_sum(masks, d[1:], n=n)
    np.testing.assert_allclose(rebuilt.values, v, atol=1e-9)
    mat = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    assert G.unanimity_sum(mat, d[1:]) == rebuilt


def test_unanimity_sum_errors():
    with pytest.raises(
        InvalidInputError, match="n is required when carriers are given as bitmasks"
    ):
        G.unanimity_sum([1, 3], [1.0, 2.0])
    with pytest.raises(InvalidInputError, match=r"carrier 0 is empty but has weight 2.0"):
        G.unanimity_sum([[0, 0], [1, 1]], [2.0, 1.0])
    with pytest.raises(InvalidInputError, match=r"weights must have one entry per carrier \(2\)"):
        G.unanimity_sum([1, 3], [1.0], n=2)
    with pytest.raises(
        InvalidInputError, match=r"carrier mask must be in \[0, 3\], got 4 at index 1"
    ):
        G.unanimity_sum([1, 4], [1.0, 1.0], n=2)
    with pytest.raises(InvalidInputError, match="only 0/1 or booleans"):
        G.unanimity_sum([[0, 2]], [1.0])


@settings(max_examples=30)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8))
def test_subset_sums_matches_a_loop(x):
    out = G.subset_sums(x)
    n = len(x)
    expected = [sum(x[i] for i in range(n) if mask >> i & 1) for mask in range(1 << n)]
    assert out == pytest.approx(expected, rel=1e-12, abs=1e-6)

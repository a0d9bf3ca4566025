"""Reference values: disclosure-order vectors (closed-form shares of each decay), the
essential+weak closed form (Dehez and Poukens 2014), top-down (TCL v. Ericsson 2017), and
the pool game's closed-form Shapley against exact enumeration."""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.allocation import (
    allocate,
    disclosure_shares,
    pool_game_carriers,
    rank_weights,
    tied_weights,
    top_down_shares,
)
from poolcalc.errors import InvalidInputError
from poolcalc.games import UnanimityGame
from tests._allocation_fakes import domain_2_2_pool, flat_report


def four_member_pool(**changes):
    members = [m.Member(x) for x in "ABCD"]
    pats = [
        m.Patent(f"P{i}", x, "US", "2040-01-01", disclosed=f"201{i}-01-01")
        for i, x in enumerate("ABCD")
    ]
    sales = [m.SalesRecord("L", "2024-06-01", "tv", "US", "US", 100)]
    base = dict(name="k4", members=members, patents=pats, licensees=[m.Licensee("L")], sales=sales)
    return m.Pool(**(base | changes))


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"decay": "geometric", "q": 0.5}, [5333, 2667, 1333, 667]),  # 53.33/26.67/13.33/6.67
        ({"decay": "linear"}, [4000, 3000, 2000, 1000]),  # 40/30/20/10
        ({"decay": "harmonic", "alpha": 1}, [4800, 2400, 1600, 1200]),  # 48/24/16/12
    ],
)
def test_domain_2_8_vectors(options, expected):
    # K = 4 members with one patent each, Pi = 100.00 (10000 cents), no fee
    pool = four_member_pool()
    d = allocate(
        pool, scheme="disclosure-order", options=options, royalties=flat_report(pool, 2024)
    )
    assert d.collected_cents == 10000
    assert list(d.amounts.values()) == expected


def test_domain_2_8_kernel_shares():
    r = disclosure_shares([0, 1, 2, 3], [1, 2, 3, 4], 4, decay="geometric", q=0.5)
    assert np.allclose(r.shares * 100, [800 / 15, 400 / 15, 200 / 15, 100 / 15])
    # closed form (1-q) q^(k-1) / (1-q^K)
    q, k = 0.3, np.arange(1, 7)
    r = disclosure_shares(np.arange(6), np.arange(6), 6, q=q)
    assert np.allclose(r.shares, (1 - q) * q ** (k - 1) / (1 - q**6))
    r = disclosure_shares(np.arange(5), np.arange(5), 5, decay="linear")
    assert np.allclose(r.shares, 2 * (5 - k[:5] + 1) / (5 * 6))


def test_arithmetic_with_floor_and_ties():
    assert rank_weights(5, "arithmetic", step=0.3, floor=0.2).tolist() == pytest.approx(
        [1, 0.7, 0.4, 0.2, 0.2]
    )
    # ranks 2 and 3 tied: both get (0.5 + 0.25) / 2
    w, r = tied_weights(np.array([1, 2, 2, 3]), rank_weights(4))
    assert w.tolist() == [1.0, 0.375, 0.375, 0.125] and r.tolist() == [1, 2.5, 2.5, 4]
    # a late joiner dilutes every incumbent by (1 - q^K) / (1 - q^(K+1))
    s4 = disclosure_shares(np.arange(4), np.arange(4), 5).shares[:4]
    s5 = disclosure_shares(np.arange(5), np.arange(5), 5).shares[:4]
    assert np.allclose(s5 / s4, (1 - 0.5**4) / (1 - 0.5**5))


def test_disclosure_unit_member_blend_and_missing_dates():
    # A holds two patents disclosed 2010 and 2015, B one in 2012, C one without a date
    owner = np.array([0, 0, 1, 2])
    disc = np.array([10, 15, 12, -(2**31)])
    r = disclosure_shares(owner, disc, 3, unit="member", decay="linear", missing=-(2**31))
    assert np.allclose(r.shares, [3 / 6, 2 / 6, 1 / 6])
    r = disclosure_shares(owner, disc, 3, decay="linear", missing=-(2**31))  # ranks A1 B2 A3 C4
    assert np.allclose(r.shares, [(4 + 2) / 10, 3 / 10, 1 / 10])
    r = disclosure_shares(owner, disc, 3, decay="linear", blend=0.5, missing=-(2**31))
    assert np.allclose(r.shares, 0.5 * np.array([2, 1, 1]) / 4 + 0.5 * np.array([6, 3, 1]) / 10)


def test_blend_one_is_patent_count():
    pool = four_member_pool(
        patents=[
            m.Patent("X", "A", "US", "2040-01-01", disclosed="2000-01-01"),
            *four_member_pool().patent_rows,
        ]
    )
    rep = flat_report(pool, 2024)
    a = allocate(pool, scheme="disclosure-order", options={"blend": 1}, royalties=rep)
    b = allocate(pool, scheme="patent-count", royalties=rep)
    assert dict(a.amounts) == dict(b.amounts) == {"A": 4000, "B": 2000, "C": 2000, "D": 2000}


def test_domain_2_2_closed_form_kernel():
    carriers = np.array([[1, 1, 0], [1, 1, 1]], bool)  # M = {A, B}: p0 = 90; weak C: pi = 30
    game = UnanimityGame(carriers, [90, 30])
    assert game.shapley().tolist() == [55.0, 55.0, 10.0]
    assert game.shapley(exact=True) == (55, 55, 10)
    v = game.to_game().values
    assert shapley_by_subsets(lambda s: v[sum(1 << i for i in s)], 3) == pytest.approx([55, 55, 10])
    # v(S) = 1[M subset S] (p0 + sum_{j in S\M} pi_j), by hand
    assert v.tolist() == [0, 0, 0, 90, 0, 0, 0, 120]


def test_domain_2_2_through_allocate():
    # A and B hold the essential patents (US), C a value-added (non_essential) patent;
    # value_added = 0.25 of D = 120.00: p0 = 90.00, pi_C = 30.00 -> 55 / 55 / 10
    pool = domain_2_2_pool()
    pats = pool.patent_rows
    d = allocate(
        pool, scheme="shapley", options={"value_added": 0.25}, royalties=flat_report(pool, 2024)
    )
    assert dict(d.amounts) == {"A": 5500, "B": 5500, "C": 1000}
    ex = d.explain("C")
    assert [ln["worth R_T"] for ln in ex.lines] == ["30.0000"] and ex.lines[0][
        "holders"
    ] == "A, B, C"
    n = allocate(
        pool, scheme="nucleolus", options={"value_added": 0.25}, royalties=flat_report(pool, 2024)
    )
    assert sum(n.amounts.values()) == 12000 and n.amounts["A"] == n.amounts["B"]
    with pytest.raises(InvalidInputError, match="value_added=0.25 but no non_essential"):
        allocate(
            pool.evolve(patents=pats[:2]),
            scheme="shapley",
            options={"value_added": 0.25},
            royalties=flat_report(pool, 2024),
        )


def shapley_by_subsets(v, n):
    """Plain-Python Shapley: sum over S not containing i of |S|!(n-|S|-1)!/n! (v(S+i) - v(S))."""
    phi = [0.0] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for k in range(n):
            for s in itertools.combinations(others, k):
                w = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
                phi[i] += w * (v(set(s) | {i}) - v(set(s)))
    return phi


@settings(max_examples=40)
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.lists(st.booleans(), min_size=n, max_size=n).filter(any),
                    st.integers(0, 10**6),
                ),
                min_size=1,
                max_size=5,
            ),
        )
    )
)
def test_pool_game_closed_form_equals_enumeration(data):
    n, cw = data
    carriers = np.array([c for c, _ in cw], bool)
    worth = [w for _, w in cw]

    def v(s):  # plain loop: royalty of every carrier contained in s
        return sum(w for c, w in cw if all(i in s for i in range(n) if c[i]))

    expected = shapley_by_subsets(v, n)
    game = UnanimityGame(carriers, worth)
    assert game.shapley().tolist() == pytest.approx(expected, abs=1e-6)
    exact = UnanimityGame(carriers, [Fraction(w) for w in worth]).shapley(exact=True)
    assert sum(exact) == sum(worth)
    vals = game.to_game().values
    assert all(vals[mask] == v({i for i in range(n) if mask >> i & 1}) for mask in range(1 << n))


@settings(max_examples=20)
@given(
    st.integers(2, 5).flatmap(
        lambda n: st.lists(
            st.tuples(
                st.lists(st.booleans(), min_size=n, max_size=n).filter(any), st.integers(1, 1000)
            ),
            min_size=1,
            max_size=4,
        )
    )
)
def test_pool_game_nucleolus_in_core(cw):
    carriers = np.array([c for c, _ in cw], bool)
    worth = [w for _, w in cw]
    game = UnanimityGame(carriers, worth)
    x = game.nucleolus()
    n = carriers.shape[1]
    v = game.to_game().values
    assert x.sum() == pytest.approx(sum(worth))
    for mask in range(1, 1 << n):  # the pool game is convex, so its core is non-empty
        assert sum(x[i] for i in range(n) if mask >> i & 1) >= v[mask] - 1e-6 * sum(worth)
    assert np.all(x[~carriers.any(axis=0)] == 0)  # null players


def test_pure_complements_equal_split():
    carriers = np.ones((1, 4), bool)
    game = UnanimityGame(carriers, [100])
    assert game.nucleolus().tolist() == pytest.approx([25, 25, 25, 25])
    assert game.shapley().tolist() == [25, 25, 25, 25]


def test_pool_game_carriers_merge_groups():
    counts = np.array([[1, 0, 2], [0, 0, 0], [3, 0, 1], [0, 1, 0]])
    c, w = pool_game_carriers(counts, np.array([5, 7, 11, 13]))
    assert {tuple(r): int(x) for r, x in zip(c.astype(int).tolist(), w, strict=True)} == {
        (1, 0, 1): 16,
        (0, 1, 0): 13,
    }


def test_top_down_reference():
    # A 6 essential families; B 3 essential + 2 declared; C 4 declared; e = 0.5:
    # F = 6, 4, 2 -> shares 1/2, 1/3, 1/6; with 8 outside families s_i = F_i / 20, r_i = T s_i
    r = top_down_shares([6, 3, 0], [0, 2, 4], essentiality_rate=0.5, rate=0.1, outside_families=8)
    assert r.effective_families.tolist() == [6, 4, 2]
    assert r.shares.tolist() == pytest.approx([1 / 2, 1 / 3, 1 / 6])
    assert r.share_of_standard.tolist() == pytest.approx([0.3, 0.2, 0.1])
    assert r.rates.tolist() == pytest.approx([0.03, 0.02, 0.01])
    # per-family rate 0.02 -> 0.12 + 0.08 + 0.04 = 0.24 > cap 0.1: scaled by 0.1 / 0.24
    c = top_down_shares([6, 3, 0], [0, 2, 4], essentiality_rate=0.5, rate=0.1, rate_per_family=0.02)
    assert c.cap_factor == pytest.approx(0.1 / 0.24) and c.rates.sum() == pytest.approx(0.1)
    with pytest.raises(InvalidInputError, match="at least one essential family"):
        top_down_shares([0, 0], [1, 1])
    with pytest.raises(
        InvalidInputError, match=r"declared_families must be finite and >= 0, got -1.0 at index 1"
    ):
        top_down_shares([1, 1], [0, -1])


def test_top_down_through_allocate():
    pats = [
        m.Patent("A1", "A", "US", "2040-01-01", family="FA"),
        m.Patent("A2", "A", "DE", "2040-01-01", family="FA"),
        m.Patent("B1", "B", "US", "2040-01-01", family="FB"),
        m.Patent("B2", "B", "US", "2040-01-01", family="FB2", status="declared"),
        m.Patent("C1", "C", "US", "2040-01-01", family="FC", status="declared"),
    ]
    pool = m.Pool(
        name="td",
        members=[m.Member(x) for x in "ABC"],
        patents=pats,
        licensees=[m.Licensee("L")],
        sales=[m.SalesRecord("L", "2024-02-02", "tv", "US", "US", 100)],
    )
    rep = flat_report(pool, 2024)
    # e = 0.5: F = 1, 1.5, 0.5 -> 10000 * (1/3, 1/2, 1/6)
    d = allocate(
        pool, scheme="top-down", options={"essentiality_rate": 0.5, "rate": 0.1}, royalties=rep
    )
    assert dict(d.amounts) == {"A": 3333, "B": 5000, "C": 1667}
    assert "implied rate r_i = 0.05" in d.explain("B").basis
    assert dict(allocate(pool, scheme="top-down", royalties=rep).amounts) == {
        "A": 5000,
        "B": 5000,
        "C": 0,
    }

"""Member weights of a view's licensees (exact integers) and their certified float splits."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc
from poolcalc.periods import PaymentRecord, PeriodInputs, ReportingTerms, period
from poolcalc.periods._compute import signed_largest_remainder
from poolcalc.periods._wtable import WeightTable, _any_count


def _table(groups, pairs, licensees=("L1", "L2"), members=("A", "B", "C")):
    """A table from per-group member counts and (licensee index, group, cents) pairs."""
    counts = np.array(groups, np.int64).reshape(len(groups), len(members))
    pairs = sorted(pairs)
    return WeightTable.from_pairs(
        {x: i for i, x in enumerate(licensees)}, tuple(members),
        np.array([p[0] for p in pairs], np.int64), np.array([p[1] for p in pairs], np.int64),
        np.array([p[2] for p in pairs], np.int64), counts.sum(axis=1), counts)


def test_hand_computed_weights_and_splits():
    # groups: g0 counts (A 1, B 2, C 0), N = 3; g1 (4, 0, 3), N = 7; g2 (0, 1, 0), N = 1.
    # L1: 1 cent in g0 and 1 in g1: w = (1/3 + 4/7, 2/3, 3/7) = (19, 14, 9) / 21.
    # L2: 1 cent in g0 and 1 in g2: w = (1/3, 2/3 + 1, 0) = (1, 5, 0) / 3.
    t = _table([[1, 2, 0], [4, 0, 3], [0, 1, 0]], [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 2, 1)])
    assert t.exact("L1") == ({"A": 19, "B": 14, "C": 9}, 21)
    assert t.exact("L2") == ({"A": 1, "B": 5}, 3)
    assert t.exact("L9") == ({}, 1)
    # L1, 100 cents: quotas 100*19/42 = 45.24, 100*14/42 = 33.33, 100*9/42 = 21.43:
    # floors 45 + 33 + 21, the remaining cent to C (0.43 the largest): A 45, B 33, C 22.
    # L1, 42 cents: quotas 19, 14, 9 exactly: a quota on an integer cannot be certified
    # in floats -> left to the exact split.
    # L2, 101 cents: quotas 101/6 = 16.83, 101*5/6 = 84.17; floors 16 + 84, the
    # remaining cent to A (0.83 > 0.17): A 17, B 84; C's weight is exactly 0.
    one, two, three = t.split_many(["L1", "L1", "L2"], [100, 42, 101])
    assert one == {"A": 45, "B": 33, "C": 22}
    assert two is None
    assert three == {"A": 17, "B": 84}
    done, alloc, keys = t.split_batch(["L1", "L1", "L2"], [100, 42, 101])  # as arrays
    assert done.tolist() == [0, 2] and keys == ("A", "B", "C")
    assert alloc.tolist() == [[45, 33, 22], [17, 84, 0]]
    assert signed_largest_remainder(42, t.exact("L1")[0]) == {"A": 19, "B": 14, "C": 9}
    assert not t.some[1, 2] and t.some[1, 0]


def test_equal_weights_tie_is_left_to_the_exact_split():
    # w = (1/2, 1/2): 3 cents -> quotas 1.5 each: a tie at the cut (exact: A gets it)
    t = _table([[1, 1, 0]], [(0, 0, 1)], licensees=("L1",))
    assert t.split_many(["L1"], [3]) == [None]
    assert signed_largest_remainder(3, t.exact("L1")[0]) == {"A": 2, "B": 1}


@st.composite
def _tables(draw):
    n_l, n_m = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    n_g = draw(st.integers(1, 6))
    groups = []
    for _ in range(n_g):
        row = [draw(st.one_of(st.integers(0, 60), st.just(0), st.integers(0, 5000)))
               for _ in range(n_m)]
        if not any(row):
            row[draw(st.integers(0, n_m - 1))] = draw(st.integers(1, 5000))
        groups.append(row)
    keys = sorted(draw(st.sets(st.tuples(st.integers(0, n_l - 1), st.integers(0, n_g - 1)),
                               min_size=1)))
    # beyond 2^53 the cents' conversion to float rounds; the exact sums a_ldi (cents x
    # counts, summed over at most n_g pairs) stay below 2^62, as int64 needs
    bound = min(2**54, 2**62 // (max(max(r) for r in groups) * n_g))
    big = st.integers(-bound, bound)
    pairs = [(lic, g, draw(st.one_of(st.integers(-10**6, 10**9), st.sampled_from([0, 1, 7]),
                                     big)))
             for lic, g in keys]
    cents = [draw(st.integers(-10**7, 10**9)) for _ in range(n_l)]
    return n_l, n_m, groups, pairs, cents


@settings(max_examples=400, deadline=None)
@given(_tables())
def test_certified_float_split_is_the_exact_split(case):
    n_l, n_m, groups, pairs, cents = case
    lics = [f"L{i}" for i in range(n_l)]
    members = [f"M{(7 * i) % 10}{i}" for i in range(n_m)]  # not in sorted order
    t = _table(groups, pairs, lics, members)
    for j, lic in enumerate(lics):
        # oracle: the weights as Fractions, summed pair by pair from the definition
        w = {m: sum((Fraction(c * groups[g][i], sum(groups[g])) for l_, g, c in pairs
                     if l_ == j), Fraction(0)) for i, m in enumerate(members)}
        num, denom = t.exact(lic)
        assert {m: Fraction(v, denom) for m, v in num.items()} == {
            m: v for m, v in w.items() if v}
        for i, m in enumerate(members):  # "exactly 0" is only claimed when it is
            assert t.some[j, i] or w[m] == 0
            assert abs(Fraction(t.floats[j, i]) - w[m]) <= Fraction(t.err[j])
    for lic, c, got in zip(lics, cents, t.split_many(lics, cents), strict=True):
        num = t.exact(lic)[0]
        if got is None:
            continue
        want = signed_largest_remainder(c, num)
        assert got == {m: v for m, v in want.items() if v}


def test_period_with_float_splits_equals_the_exact_integer_splits(monkeypatch):
    # oracle: the same quarter with every certified split refused (all exact integers)
    pool = poolcalc.synthetic_pool(8, 300, 12, n_licensees=40, n_sales=3_000, rng=11)
    bare = PeriodInputs(reporting=ReportingTerms())
    q2 = period(pool, "2024Q2", bare)
    pays = [PaymentRecord(i.licensee, dt.date(2024, 8, 10), i.owed_cents * (1 + n % 3) // 3,
                          invoice=i.number, line=n + 2)
            for n, i in enumerate(q2.invoices) if i.owed_cents > 2]
    inputs = PeriodInputs(reporting=ReportingTerms(), payments=pays)
    fast = period(pool, "2024Q3", inputs).to_dict()
    calls = []
    real = WeightTable.split_batch

    def refuse(self, licensees, cents):
        done, alloc, keys = real(self, licensees, cents)
        calls.append(done.size)
        return done[:0], alloc[:0], keys

    monkeypatch.setattr(WeightTable, "split_batch", refuse)
    assert period(pool, "2024Q3", inputs).to_dict() == fast
    assert calls and calls[0] > 0  # the float path was taken for some invoices


def test_a_weight_lost_to_float_cancellation_is_split_exactly():
    # groups g0 (A 1, B 2), N = 3; g1 (A 1, B 6), N = 7; g2 (A 0, B 2), N = 2.
    # L1's cents: 3*2^56 + 1 in g0, -(7*2^56 + 2) in g1, 2^58 + 2 in g2 (beyond 2^53:
    # the float conversions round).  A: (3*2^56 + 1)/3 - (7*2^56 + 2)/7 = 1/21 exactly,
    # 0.0 in float64; B: 2^57 + 2/3 - 3*2^57 - 12/7 + 2^58 + 2 = 20/21.  Over lcm 42:
    # A 2, B 40.  100 cents: A 100/21 = 4.76 -> 5 (larger remainder), B 95.24 -> 95.
    t = _table([[1, 2], [1, 6], [0, 2]],
               [(0, 0, 3 * 2**56 + 1), (0, 1, -(7 * 2**56 + 2)), (0, 2, 2**58 + 2)],
               licensees=("L1",), members=("A", "B"))
    assert t.exact("L1") == ({"A": 2, "B": 40}, 42)
    assert t.split_many(["L1"], [100]) == [None]
    assert signed_largest_remainder(100, t.exact("L1")[0]) == {"A": 5, "B": 95}


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 140), st.integers(1, 6), st.integers(1, 5), st.data())
def test_any_count_flags_beyond_one_word_of_members(n_m, n_g, n_l, data):
    # oracle: plain Python OR of "count > 0" over each licensee's pairs (up to 3 words)
    counts = np.array(data.draw(st.lists(st.lists(st.integers(0, 2), min_size=n_m,
                                                  max_size=n_m), min_size=n_g, max_size=n_g)),
                      np.int64)
    pairs = sorted(data.draw(st.lists(st.tuples(st.integers(0, n_l - 1),
                                                st.integers(0, n_g - 1)), max_size=12)))
    got = _any_count(np.array([p[0] for p in pairs], np.int64),
                     np.array([p[1] for p in pairs], np.int64), counts, n_l)
    for lic in range(n_l):
        for i in range(n_m):
            assert got[lic, i] == any(counts[g, i] > 0 for l_, g in pairs if l_ == lic)

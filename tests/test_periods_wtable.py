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
from poolcalc.periods._wtable import WeightTable


def _table(acc, run_l, run_d, denoms, licensees=("L1", "L2"), members=("A", "B", "C")):
    return WeightTable.from_runs({x: i for i, x in enumerate(licensees)}, tuple(members),
                                 np.array(acc, np.int64), np.array(run_l, np.int64),
                                 np.array(run_d, np.int64), np.array(denoms, np.int64))


def test_hand_computed_weights_and_splits():
    # L1: denominator 3 sums (A 1, B 2, C 0), denominator 7 sums (0, 0, 3):
    #   w = (1/3, 2/3, 3/7) = (7, 14, 9) / 21.
    # L2: w = (1/3, 1/7, 0) = (7, 3, 0) / 21.
    t = _table([[1, 2, 0], [0, 0, 3], [1, 0, 0], [0, 1, 0]], [0, 0, 1, 1], [0, 1, 0, 1],
               [3, 7])
    assert t.exact("L1") == ({"A": 7, "B": 14, "C": 9}, 21)
    assert t.exact("L2") == ({"A": 7, "B": 3}, 21)
    assert t.exact("L9") == ({}, 1)
    # L1, 100 cents: quotas 100*7/30 = 23.33, 100*14/30 = 46.67, 100*9/30 = 30 exactly:
    # a quota on an integer cannot be certified in floats -> left to the exact split.
    # L2, 101 cents: quotas 101*7/10 = 70.7, 101*3/10 = 30.3; floors 70 + 30, the
    # remaining cent to A (0.7 > 0.3): A 71, B 30.
    one, two = t.split_many(["L1", "L2"], [100, 101])
    assert one is None
    assert two == {"A": 71, "B": 30}
    assert signed_largest_remainder(100, t.exact("L1")[0]) == {"A": 23, "B": 47, "C": 30}


def test_equal_weights_tie_is_left_to_the_exact_split():
    # w = (1/5, 1/5): 3 cents -> quotas 1.5 each: a tie at the cut (exact: A gets it)
    t = _table([[1, 1, 0]], [0], [0], [5], licensees=("L1",))
    assert t.split_many(["L1"], [3]) == [None]
    assert signed_largest_remainder(3, t.exact("L1")[0]) == {"A": 2, "B": 1}


@st.composite
def _tables(draw):
    n_l, n_m = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    denoms = sorted(draw(st.sets(st.integers(1, 5000), min_size=1, max_size=6)))
    runs = sorted(draw(st.sets(st.tuples(st.integers(0, n_l - 1),
                                         st.integers(0, len(denoms) - 1)), min_size=1)))
    acc = [[draw(st.one_of(st.integers(-10**6, 10**9), st.sampled_from([0, 1, 7])))
            for _ in range(n_m)] for _ in runs]
    cents = [draw(st.integers(-10**7, 10**9)) for _ in range(n_l)]
    return n_l, n_m, denoms, runs, acc, cents


@settings(max_examples=300, deadline=None)
@given(_tables())
def test_certified_float_split_is_the_exact_split(case):
    n_l, n_m, denoms, runs, acc, cents = case
    lics = [f"L{i}" for i in range(n_l)]
    members = [f"M{(7 * i) % 10}{i}" for i in range(n_m)]  # not in sorted order
    t = _table(acc, [r[0] for r in runs], [r[1] for r in runs], denoms, lics, members)
    for j, lic in enumerate(lics):
        # oracle: the weights as Fractions, summed row by row
        w = {m: sum((Fraction(a[i], denoms[d]) for (l_, d), a in zip(runs, acc, strict=True)
                     if l_ == j), Fraction(0)) for i, m in enumerate(members)}
        num, denom = t.exact(lic)
        assert {m: Fraction(v, denom) for m, v in num.items()} == {
            m: v for m, v in w.items() if v}
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
    real = WeightTable.split_many

    def refuse(self, licensees, cents):
        calls.append(sum(x is not None for x in real(self, licensees, cents)))
        return [None] * len(licensees)

    monkeypatch.setattr(WeightTable, "split_many", refuse)
    assert period(pool, "2024Q3", inputs).to_dict() == fast
    assert calls and calls[0] > 0  # the float path was taken for some invoices


def test_a_weight_lost_to_float_cancellation_is_split_exactly():
    # member A: (3*2^58 + 1)/3 - (7*2^58 + 2)/7 = 1/21 exactly, 0.0 in float64;
    # member B: 1/2.  100 cents: A 100*(1/21)/(1/21 + 1/2) = 200/23 = 8.70 -> 9,
    # B 100*(1/2)/(23/42) = 2100/23 = 91.30 -> 91.
    a, b = 3 * 2**58 + 1, -(7 * 2**58 + 2)
    t = _table([[0, 1], [a, 0], [b, 0]], [0, 0, 0], [0, 1, 2], [2, 3, 7],
               licensees=("L1",), members=("A", "B"))
    assert t.exact("L1") == ({"A": 2, "B": 21}, 42)
    assert t.split_many(["L1"], [100]) == [None]
    assert signed_largest_remainder(100, t.exact("L1")[0]) == {"A": 9, "B": 91}


@settings(max_examples=200, deadline=None)
@given(_tables())
def test_members_by_runs_layout_gives_the_same_table(case):
    # _run_sums hands over acc as the transpose of a contiguous members x runs array;
    # oracle: a weight is exactly 0 iff all its int64 sums are 0 (plain Python), and
    # the exact integers / certified splits agree with the runs x members layout
    n_l, n_m, denoms, runs, acc, cents = case
    lics = [f"L{i}" for i in range(n_l)]
    members = [f"M{i}" for i in range(n_m)]
    run_l = np.array([r[0] for r in runs], np.int64)
    run_d = np.array([r[1] for r in runs], np.int64)
    index = {x: i for i, x in enumerate(lics)}
    acc_t = np.ascontiguousarray(np.array(acc, np.int64).T)
    t = WeightTable.from_runs(index, tuple(members), acc_t.T, run_l, run_d,
                              np.array(denoms, np.int64))
    c = _table(acc, run_l, run_d, denoms, lics, members)
    for j in range(n_l):
        for i in range(n_m):
            nonzero = any(a[i] != 0 for (l_, _), a in zip(runs, acc, strict=True) if l_ == j)
            assert bool(t.some[j, i]) == nonzero == bool(c.some[j, i])
    for lic in lics:
        assert t.exact(lic) == c.exact(lic)
    for lic, c_, got in zip(lics, cents, t.split_many(lics, cents), strict=True):
        if got is not None:
            want = signed_largest_remainder(c_, t.exact(lic)[0])
            assert got == {m: v for m, v in want.items() if v}

"""The canonical row order, its packed fields, and the two-level enterprise sums.

Hand-computed cases, a plain-Python oracle (``sorted`` of row tuples) and
Hypothesis invariants: :func:`sorted_fields` gives the order of
:func:`canonical_order` and each field in that order, whether the fields pack as
bit fields, as products (too wide for 62 bits) or with a code out of range; the
two-level sums of the exact-cents stage equal the exact sums within their depth bound.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc._money import near_half
from poolcalc.royalties.stages.cents import _BLOCK, _two_level_sum
from poolcalc.royalties.stages.classify import canonical_order, sorted_fields


def test_hand_computed_order_and_fields() -> None:
    # rows (a, b; tail t): (1, 0; 5), (0, 2; 1), (1, 0; 3), (0, 1; 9)
    # by (a, b, t): row 3 (0,1), row 1 (0,2), row 2 (1,0,3), row 0 (1,0,5)
    a = np.array([1, 0, 1, 0])
    b = np.array([0, 2, 0, 1])
    t = np.array([5, 1, 3, 9])
    order, fields = sorted_fields([(a, 2), (b, 3)], (t,))
    assert order.tolist() == [3, 1, 2, 0]
    assert fields is not None
    assert [f.tolist() for f in fields] == [[0, 0, 1, 1], [1, 2, 0, 0]]
    assert canonical_order([(a, 2), (b, 3)], (t,)).tolist() == [3, 1, 2, 0]


def test_too_wide_for_bit_fields_gives_the_same_order_without_fields() -> None:
    # three fields of 2**21 codes: 63 bits > 62 as bit fields, and 2**63 > 2**62 as
    # one product: two keys (lexsort), no fields
    big = 2**21
    a = np.array([5, 5, 0])
    b = np.array([big - 1, 0, 7])
    c = np.array([0, 3, 1])
    order, fields = sorted_fields([(a, big), (b, big), (c, big)], (np.zeros(3),))
    assert order.tolist() == [2, 1, 0]
    assert fields is None


def test_code_out_of_range_keeps_the_product_order() -> None:
    # b = 3 is outside 0..size-1 (size 3): no bit fields; the product keys give
    # a * 3 + b = 3, 3, 2 for rows 0, 1, 2 -> row 2 first, then rows 0, 1 by tail
    a = np.array([0, 1, 0])
    b = np.array([3, 0, 2])
    order, fields = sorted_fields([(a, 2), (b, 3)], (np.array([2.0, 1.0, 0.0]),))
    assert fields is None
    assert order.tolist() == [2, 1, 0]
    assert canonical_order([(a, 2), (b, 3)], (np.array([2.0, 1.0, 0.0]),)).tolist() == [2, 1, 0]


@settings(max_examples=150, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 40), min_size=1, max_size=5),
    n=st.integers(0, 60),
    seed=st.integers(0, 2**32 - 1),
    wide=st.booleans(),
)
def test_matches_a_sort_of_row_tuples(sizes, n, seed, wide) -> None:
    rng = np.random.default_rng(seed)
    if wide:  # push past 62 bits: product keys in several int64 keys
        sizes = [*sizes, 2**31, 2**31]
    cols = [rng.integers(0, s, n) for s in sizes]
    tail = (rng.integers(0, 3, n), rng.integers(0, 2, n).astype(float))
    packed = list(zip(cols, sizes, strict=True))
    order, fields = sorted_fields(packed, tail)
    rows = [tuple(int(c[i]) for c in cols) + (int(tail[0][i]), float(tail[1][i]))
            for i in range(n)]
    want = sorted(rows)
    assert [rows[i] for i in order.tolist()] == want
    assert sorted(order.tolist()) == list(range(n))
    assert np.array_equal(canonical_order(packed, tail), order)
    if fields is not None:
        for j, f in enumerate(fields):
            assert f.tolist() == [r[j] for r in want]
    elif not wide:
        raise AssertionError("narrow in-range fields must come back as bit fields")


def test_two_level_sum_hand_computed() -> None:
    # enterprise 0: 130 rows of 0.5 -> 65.0; enterprise 1: 3 rows 1, 2, 3.25 -> 6.25
    el = np.array([0] * 130 + [1] * 3)
    a = np.array([0.5] * 130 + [1.0, 2.0, 3.25])
    total_of, depth = _two_level_sum(el, 2)
    assert total_of(a).tolist() == [65.0, 6.25]
    # blocks of 64: enterprise 0 has 3 blocks (64, 64, 2) -> depth 64 + 3; enterprise 1: 3 + 1
    assert _BLOCK == 64
    assert depth.tolist() == [67, 4]


def test_two_level_sum_unsorted_rows_are_plain_sums() -> None:
    el = np.array([1, 0, 1] + [0] * 100)
    a = np.arange(103, dtype=float)
    total_of, depth = _two_level_sum(el, 2)
    assert total_of(a).tolist() == [float(sum(range(1, 103)) - 2), 2.0]
    assert depth.tolist() == [101, 2]


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 400), min_size=1, max_size=6),
       seed=st.integers(0, 2**32 - 1))
def test_two_level_sum_within_its_bound(counts, seed) -> None:
    rng = np.random.default_rng(seed)
    el = np.repeat(np.arange(len(counts)), counts)
    a = rng.uniform(0, 1e9, el.size) * rng.choice([1e-6, 1.0, 1e3], el.size)
    total_of, depth = _two_level_sum(el, len(counts))
    got = total_of(a)
    if max(counts) > _BLOCK:  # blocks of at most 64 rows, then the blocks
        assert depth.tolist() == [min(c, _BLOCK) + -(-c // _BLOCK) for c in counts]
    else:  # plain running sums
        assert depth.tolist() == counts
    for e in range(len(counts)):
        exact = sum((Fraction(x) for x in a[el == e].tolist()), Fraction(0))
        # at most depth - 1 roundings of relative size 2**-53 reach any row's amount
        bound = Fraction(int(depth[e])) * Fraction(2.0**-53) * exact
        assert abs(Fraction(float(got[e])) - exact) <= bound


def test_near_half_with_depth_flags_fewer() -> None:
    # a total 0.4 from .5 at 3000 rows, 1.3e9 cents: the running-sum window
    # (3000 + 64) 2**-51 1.3e9 = 1.77e-3 flags it, the two-level depth 64 + 47 (1.0e-4) not
    s = np.array([1.3e9 + 0.5 + 4e-4])
    assert near_half(s, np.array([3000])).tolist() == [True]
    assert near_half(s, np.array([64 + 47])).tolist() == [False]

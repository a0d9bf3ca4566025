"""The blocked stable argsort equals numpy's stable argsort exactly (ties in input order)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc._blocksort as bs
from poolcalc._blocksort import stable_argsort


def test_hand_example_with_ties_in_two_buckets() -> None:
    # values 0..9 in buckets of width 8 (block 2 -> 3 buckets, shift 2): ties 1, 1 and
    # 5, 5 keep their input order (positions 1 before 4, 0 before 2)
    k = np.array([5, 1, 5, 0, 1, 9], np.int64)
    order, ks = stable_argsort(k, block=2)
    assert order.tolist() == [3, 1, 4, 0, 2, 5]
    assert ks.tolist() == [0, 1, 1, 5, 5, 9]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62 - 1), max_size=400),
       st.integers(2, 64), st.sampled_from([1, 3, 1 << 20, 1 << 40]))
def test_equals_numpy_stable_argsort(values, block, spread) -> None:
    k = np.array(values, np.int64) // spread  # few distinct values (ties) or many
    order, ks = stable_argsort(k, block=block)
    ref = np.argsort(k, kind="stable")
    assert order.tolist() == ref.tolist()
    assert ks.tolist() == k[ref].tolist()


def test_many_buckets_and_a_constant_key() -> None:
    rng = np.random.default_rng(5)
    k = rng.integers(0, 1000, 300_000).astype(np.int64) << 30
    order, ks = stable_argsort(k, block=3)  # capped at 2**16 buckets
    assert (order == np.argsort(k, kind="stable")).all() and (ks == np.sort(k)).all()
    c = np.full(10, 7, np.int64)
    order, ks = stable_argsort(c, block=2)
    assert order.tolist() == list(range(10)) and ks.tolist() == [7] * 10


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62 - 1), max_size=300), st.integers(2, 64))
def test_sorted_keys_take_the_one_pass_path(values, block) -> None:
    """Non-decreasing keys (ties included): positions 0..n-1, numpy's stable order."""
    k = np.sort(np.array(values + values[: len(values) // 3], np.int64))
    order, ks = stable_argsort(k, block=block)
    assert order.tolist() == np.argsort(k, kind="stable").tolist() == list(range(k.size))
    assert ks.tolist() == k.tolist() and ks is not k


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=500), st.sampled_from([2, 7, 1 << 19]))
def test_runs_of_ties_get_their_positions_in_order(values, block) -> None:
    """Few distinct keys, unsorted: the fast sort scrambles each run of ties; the
    positions come back ascending (numpy's stable order), in one block or many."""
    k = np.array(values, np.int64) * (1 << 50)
    saved = bs._mostly_tied
    try:
        for tied in (False, True):  # the default sort and its fix-up; numpy's stable sort
            bs._mostly_tied = lambda key, tied=tied: tied
            order, ks = stable_argsort(k, block=block)
            assert order.tolist() == np.argsort(k, kind="stable").tolist()
            assert ks.tolist() == sorted(k.tolist())
    finally:
        bs._mostly_tied = saved


def test_the_sample_tells_tied_keys_from_distinct_ones() -> None:
    rng = np.random.default_rng(2)
    assert not bs._mostly_tied(rng.permutation(10**6).astype(np.int64))  # all distinct
    assert bs._mostly_tied(rng.integers(0, 1 << 14, 10**6))  # runs of ~60
    pairs = np.repeat(rng.permutation(5 * 10**5), 2)  # every key twice: f = 1
    assert bs._mostly_tied(rng.permutation(pairs))
    few = rng.permutation(10**6)
    few[:10**5] = few[10**5:2 * 10**5]  # 20 % of the keys tied: the default sort
    assert not bs._mostly_tied(rng.permutation(few))

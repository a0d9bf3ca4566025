"""The vectorised largest-remainder ``apportion`` against a plain-Python oracle.

The oracle spells out the documented rule one parent at a time: child i of parent g
gets ``floor(x_i)``, ``x_i = T_g (w_i / W_g)``; the leftover cents go one each to the
children ranked by descending remainder (remainders compared at 1e-9 cent, so equal
weights tie) and, among equal remainders, by position (earlier first); zero-weight
children get nothing (a parent whose weights are all zero is split equally).
Weights drawn from a few small integers make ties common, which
is where the sort-free hand-out (threshold key + tied children by position) could differ
from a stable sort.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.royalties import apportion
from poolcalc.royalties._apportion import _hand_out

_S = 10**9


def oracle(total: list[int], parent: list[int], weight: list[float]) -> list[int]:
    """Largest remainder per parent, ties to the earlier child (plain Python)."""
    n = len(parent)
    out = [0] * n
    for g, t in enumerate(total):
        kids = [i for i in range(n) if parent[i] == g]
        w = {i: weight[i] for i in kids}
        if t > 0 and kids and sum(w.values()) <= 0:  # no weight: an equal split
            w = {i: 1.0 for i in kids}
        wsum = 0.0
        for i in kids:  # in position order, as numpy's bincount adds
            wsum += w[i]
        kids = [i for i in kids if w[i] > 0]
        if t <= 0 or not kids:
            continue
        x = {i: t * (w[i] / wsum) for i in kids}
        q = {i: math.floor(x[i]) for i in kids}
        left = t - sum(q.values())
        if left < 0:  # float noise: one cent back from each positive floor
            q = {i: q[i] - 1 if q[i] > 0 else q[i] for i in kids}
            left = t - sum(q.values())
        if left > 0:
            rem = {i: round((x[i] - q[i]) * _S) for i in kids}
            ranked = sorted(kids, key=lambda i: (-rem[i], i))
            base, extra = divmod(left, len(kids))
            for r, i in enumerate(ranked):
                q[i] += base + (r < extra)
        for i in kids:
            out[i] = q[i]
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.sampled_from([0.0, 1.0, 1.0, 2.0, 3.0, 0.5, 7.25])),
             min_size=1, max_size=60),
    st.lists(st.integers(0, 10**6), min_size=6, max_size=6),
    st.booleans(),
)
def test_apportion_equals_oracle_with_ties(children, totals, sort_parents):
    if sort_parents:  # the royalty stages pass parents in runs (sorted rows) or not
        children = sorted(children, key=lambda c: c[0])
    parent = [c for c, _ in children]
    weight = [w for _, w in children]
    got = apportion(np.array(totals, np.int64), np.array(parent), np.array(weight))
    assert got.tolist() == oracle(totals, parent, weight)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.floats(0, 1e6)), min_size=1, max_size=40),
    st.lists(st.integers(0, 10**9), min_size=4, max_size=4),
)
def test_apportion_equals_oracle_any_weights(children, totals):
    parent = [c for c, _ in children]
    weight = [w for _, w in children]
    got = apportion(np.array(totals, np.int64), np.array(parent), np.array(weight))
    assert got.tolist() == oracle(totals, parent, weight)


def test_hand_computed_ties_go_to_the_earlier_child():
    # 100 cents over three equal weights: 33 each, 1 left; all remainders are 1/3, so the
    # first child gets it: [34, 33, 33].  200 cents over weights 1, 1 for parent 1 (100 each,
    # nothing left) and 10 cents over 1, 2, 1 for parent 2 (2.5, 5, 2.5: floors 2, 5, 2,
    # one cent left, remainders 0.5, 0, 0.5 -> the earlier of the two halves: [3, 5, 2]).
    got = apportion(np.array([100, 200, 10]), np.array([0, 2, 0, 1, 2, 1, 2, 0]),
                    np.array([1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0]))
    assert got.tolist() == [34, 3, 33, 100, 5, 100, 2, 33]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0, 1, 7, _S // 3, _S - 1, _S])
                          | st.integers(0, _S)), min_size=1, max_size=40),
       st.lists(st.integers(1, 50), min_size=4, max_size=4))
def test_hand_out_ranks_like_a_stable_sort(children, left):
    # the rank of each child within its parent by (S - remq, position), by hand
    ps = [g for g, _ in children]
    remq = [r for _, r in children]
    want = [0] * len(ps)
    for g in set(ps):
        kids = sorted((i for i in range(len(ps)) if ps[i] == g),
                      key=lambda i: (g * (_S + 1) + _S - remq[i], i))
        base, extra = divmod(left[g], len(kids))
        for r, i in enumerate(kids):
            want[i] = base + (r < extra)
    got = _hand_out(np.array(ps), np.array(remq, np.int64), np.array(left, np.int64), 4)
    assert got.tolist() == want


def test_hand_out_beyond_one_cent_of_remainder_keeps_the_stable_sort():
    # remainders above S (a floor moved down by the float-noise correction) can interleave
    # the keys of neighbouring parents; _hand_out then ranks by one stable argsort of the
    # keys, as before.  Keys g (S + 1) + S - remq: child 0: S - 2S = -S, child 1: S,
    # child 2 (parent 1): (S + 1) + S = 2S + 1; sorted 0, 1, 2, ranks 0, 1 in parent 0
    # and 0 in parent 1.  One cent left each: parent 0's goes to rank 0 (child 0),
    # parent 1's single child takes it as its base share (1 // 1).
    got = _hand_out(np.array([0, 0, 1]), np.array([2 * _S, 0, 0], np.int64),
                    np.array([1, 1], np.int64), 2)
    assert got.tolist() == [1, 0, 1]


def _hand_out_global_sort(ps, remq, left, n_parent):
    """The hand-out as main had it before the counting threshold: one stable argsort."""
    key = ps * (_S + 1) + _S - remq
    counts = np.bincount(ps, minlength=n_parent)
    div = np.maximum(counts, 1)
    r = np.where(counts > 0, left % div, 0)
    extra = (left // div)[ps]
    order = np.argsort(key, kind="stable")
    rank = np.arange(ps.size) - (np.cumsum(counts) - counts)[ps[order]]
    extra[order] += rank < r[ps[order]]
    return extra


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5),
                          st.sampled_from([0, 1, 2, _S // 2, _S // 2 + 1, _S - 1, _S])
                          | st.integers(0, _S)), min_size=1, max_size=300),
       st.lists(st.integers(0, 400), min_size=6, max_size=6),
       st.integers(0, 12), st.booleans())
def test_counting_threshold_equals_the_global_sort(children, left, bits, grouped):
    # the per-parent counting threshold (any bucket resolution, tied remainders crowding
    # one bucket, parents in runs or interleaved) picks the same children as one stable
    # argsort of (parent, -remainder, position), and as the rank rule by hand
    if grouped:
        children = sorted(children, key=lambda c: c[0])
    ps = np.array([g for g, _ in children])
    remq = np.array([r for _, r in children], np.int64)
    lf = np.array(left, np.int64)
    got = _hand_out(ps, remq, lf, 6, bucket_bits=bits)
    assert got.tolist() == _hand_out_global_sort(ps, remq, lf, 6).tolist()
    want = [0] * ps.size
    for g in set(ps.tolist()):
        kids = sorted((i for i in range(ps.size) if ps[i] == g), key=lambda i: (-remq[i], i))
        b, e = divmod(left[g], len(kids))
        for rank, i in enumerate(kids):
            want[i] = b + (rank < e)
    assert got.tolist() == want


def test_counting_threshold_by_hand():
    # one parent, 8 children, 3 cents left over: remainders (x 1e-9) 0.9, 0.1, 0.5, 0.5,
    # 0.5, 0.2, 0.9, 0.0 -> ranked 0 (0.9), 6 (0.9), then the 0.5s by position: 2.  With
    # 2**1 buckets (d = S - remq split at 2**29 ~ 0.537 S) the 0.9s and 0.5s share bucket 0:
    # the threshold bucket, sorted among its five children only.
    remq = np.array([9, 1, 5, 5, 5, 2, 9, 0], np.int64) * (_S // 10)
    for bits in (0, 1, 2, 12):
        got = _hand_out(np.zeros(8, np.int64), remq, np.array([3]), 1, bucket_bits=bits)
        assert got.tolist() == [1, 0, 1, 0, 0, 0, 1, 0]

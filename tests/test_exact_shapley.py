"""Exact Shapley of a unanimity sum with integer numerators == the plain Fraction sum."""

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.games import UnanimityGame
from poolcalc.games._exact_shapley import exact_shapley


def _oracle(carriers, worths, n):
    """phi_i = sum over carriers containing i of w / |T|, one Fraction addition each."""
    out = [Fraction(0)] * n
    for row, w in zip(carriers, worths, strict=True):
        members = [i for i, x in enumerate(row) if x]
        for i in members:
            out[i] += Fraction(w) / len(members)
    return tuple(out)


def test_by_hand():
    # T1 = {0, 1} worth 90, T2 = {1, 2} worth 30: phi = (45, 45 + 15, 15).
    assert UnanimityGame([[1, 1, 0], [0, 1, 1]], [90, 30]).shapley(exact=True) == (45, 60, 15)
    # T1 = {0, 1} worth 1/3, T2 = {0, 1, 2} worth 2/7: phi_0 = 1/6 + 2/21 = 11/42, phi_2 = 2/21.
    phi = UnanimityGame([[1, 1, 0], [1, 1, 1]], [Fraction(1, 3), Fraction(2, 7)]).shapley(
        exact=True)
    assert phi == (Fraction(11, 42), Fraction(11, 42), Fraction(2, 21))


def test_beyond_int64_uses_python_integers():
    # worth 2**62 split over 3 members, and 1/7 over one: sums overflow int64 if done there.
    c = np.array([[1, 1, 1], [1, 0, 0]], bool)
    w = [2**62, Fraction(1, 7)]
    assert exact_shapley(c, w, 3) == _oracle(c, w, 3)
    assert exact_shapley(c, w, 3)[1] == Fraction(2**62, 3)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 7).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.lists(st.booleans(), min_size=n, max_size=n).filter(any),
                       st.one_of(st.integers(1, 10**12), st.fractions(min_value=Fraction(1, 10**6),
                                                                      max_value=10**6),
                                 st.floats(1e-6, 1e6))),
             min_size=1, max_size=12))))
def test_equals_the_fraction_oracle(case):
    n, items = case
    carriers = np.array([r for r, _ in items], bool)
    worths = [w for _, w in items]
    assert exact_shapley(carriers, [Fraction(w) for w in worths], n) == _oracle(
        carriers, worths, n)


def test_limb_sums_by_hand():
    # 2**64 + 1 has limbs (1, 0, 1); two of them plus 2**32 - 1 carry into the next limb.
    from poolcalc.games._exact_shapley import _limb_sums
    c = np.array([[1, 1], [1, 0], [1, 0]], bool)
    v = [2**64 + 1, 2**64 + 1, 2**32 - 1]
    assert _limb_sums(c, v) == [2**65 + 2**32 + 1, 2**64 + 1]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.lists(
    st.tuples(st.lists(st.booleans(), min_size=n, max_size=n),
              st.one_of(st.integers(0, 2**300), st.sampled_from([0, 2**32 - 1, 2**64 - 1,
                                                                  2**96 - 1]))),
    min_size=1, max_size=40)))
def test_limb_sums_equal_python_integer_sums(items):
    # the carried limb sums == one Python integer addition per (carrier, member) pair
    from poolcalc.games._exact_shapley import _limb_sums
    c = np.array([r for r, _ in items], bool)
    v = [x for _, x in items]
    want = [sum(x for row, x in items if row[i]) for i in range(c.shape[1])]
    assert _limb_sums(c, v) == want

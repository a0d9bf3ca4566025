"""The exact path's batched row terms equal the terms computed row by row.

:meth:`poolcalc.royalties.stages._exact._Memo.batch_terms` computes the per-position
values of many rows with one ``unit_values`` call per rate; every row's entry must be
what :func:`~poolcalc.royalties.stages._exact._row_terms` gives for that row alone
(same tier starts, same exact Fractions), and :meth:`~._Memo.tier_amount` what
:func:`~._exact._exact_tier_amount` gives.  Hand-computed case: DVD6C 4 %, min US$4,
max US$8 at US$50 and US$250 -> 400 and 800 cents per unit.
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace as T

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.royalties.stages._exact import _exact_tier_amount, _Memo, _row_terms

DVD6C = T(basis="price", tiers=[T(start=0, rate=0.04)], min_per_unit=4, max_per_unit=8,
          max_fraction_of_price=np.inf)


def test_hand_computed_dvd6c() -> None:
    memo = _Memo()
    price = np.array([50.0, 250.0])
    memo.batch_terms(DVD6C, price, 100, 1)
    assert memo.row_terms(DVD6C, price[:1], 100, 1) == ([0], [Fraction(400)])
    assert memo.row_terms(DVD6C, price[1:], 100, 1) == ([0], [Fraction(800)])
    starts, vals = memo.row_terms(DVD6C, price[1:], 100, 1)
    assert memo.tier_amount(3, starts, vals, "marginal") == Fraction(2400)


rates = st.sampled_from([
    DVD6C,
    T(basis="price", tiers=[T(start=0, rate=0.035), T(start=10, rate=0.0123)],
      min_per_unit=0.3, max_per_unit=7.7, max_fraction_of_price=np.inf),
    T(basis="unit", tiers=[T(start=0, rate=0.2), T(start=5, rate=0.1)],
      max_fraction_of_price=0.013),
    T(basis="unit", tiers=[T(start=0, rate=0.0), T(start=3, rate=0.2), T(start=9, rate=0.1)],
      max_fraction_of_price=np.inf),
])


@settings(max_examples=150, deadline=None)
@given(rates, st.lists(st.floats(0.0, 5e4, allow_nan=False), min_size=1, max_size=20),
       st.sampled_from([1, 4]), st.sampled_from([1, 100, 1000]), st.integers(0, 40),
       st.sampled_from(["marginal", "volume"]))
def test_batched_terms_equal_row_by_row(rate, prices, d, scale, k, mode) -> None:
    price = np.array(prices, np.float64)
    memo = _Memo()
    memo.batch_terms(rate, price, scale, d)
    for j in range(price.size):
        one = price[j:j + 1]
        want = _row_terms(rate, one, scale, d)
        got = memo.row_terms(rate, one, scale, d)
        assert got == want
        assert memo.tier_amount(k, *got, mode) == _exact_tier_amount(k, *want, mode)

"""The classify stage's net-price check: the first missing price, product by product.

:func:`poolcalc.royalties.stages.classify.classify` checks every product's rows at
once (one flag per product code, row by row only for products whose basis changes on
a date).  Its error must name the row a plain loop over the products present, in code
order, would stop at: the first product with a row that needs a price and has no
finite one, and that product's first such row (the oracle below, written as the check
was before it was vectorised).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.errors import InvalidInputError
from poolcalc.royalties.stages.classify import classify

PRODUCTS = ("a", "b", "c", "d")
UNIT = SimpleNamespace(basis="unit", max_fraction_of_price=np.inf)
PRICE = SimpleNamespace(basis="price", max_fraction_of_price=np.inf)
CAPPED = SimpleNamespace(basis="unit", max_fraction_of_price=0.1)
# product "d": unit basis, then a price basis for everyone from day 20 000 (2024-10-04)
CHANGE = SimpleNamespace(effective=dt.date(1970, 1, 1) + dt.timedelta(days=20_000),
                         rate=PRICE, eligible=None, from_signing=False)


class Terms:
    """Schedule stand-in: a, unit; b, price; c, capped by the price; d, a dated change."""

    regions = ()

    def rate_for(self, product: str) -> SimpleNamespace:
        return {"a": UNIT, "b": PRICE, "c": CAPPED, "d": UNIT}[product]

    def category_of(self, product: str) -> str:
        return "x" if product in "ab" else "y"

    def changes_for(self, product: str) -> tuple[SimpleNamespace, ...]:
        return (CHANGE,) if product == "d" else ()


def oracle(prod: list[int], price: list[float], day: list[int]) -> str | None:
    """The first missing price, product by product in code order, row by row."""
    for p in sorted(set(prod)):
        for i, (q, x, d) in enumerate(zip(prod, price, day, strict=True)):
            if q != p or np.isfinite(x):
                continue
            if p == 1 or p == 2 or (p == 3 and d >= 20_000):
                return f"sales line {100 + i}: net_price is required for product {PRODUCTS[p]!r}"
    return None


def test_hand_computed_first_missing_row() -> None:
    # rows: (c, NaN) line 100, (b, 5.0) 101, (b, NaN) 102, (a, NaN) 103
    # product a needs no price; b (code 1) comes before c (code 2): line 102
    prod = np.array([2, 1, 1, 0])
    price = np.array([np.nan, 5.0, np.nan, np.nan])
    with pytest.raises(InvalidInputError, match=r"^sales line 102: .* product 'b' \(basis "
                                                r"'price'\), got none$"):
        classify(Terms(), PRODUCTS, prod, price, np.arange(100, 104), np.full(4, 19_000))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3),
                          st.sampled_from([1.0, 2.5, np.nan, np.inf, -np.inf]),
                          st.sampled_from([19_990, 20_000, 20_010])), min_size=1, max_size=30))
def test_first_missing_price_is_the_product_by_product_one(rows) -> None:
    prod, price, day = (list(c) for c in zip(*rows, strict=True))
    want = oracle(prod, price, day)
    args = (Terms(), PRODUCTS, np.array(prod), np.array(price), 100 + np.arange(len(prod)),
            np.array(day))
    if want is None:
        rates, categories, cat_of_prod = classify(*args)
        assert sorted(rates) == sorted(set(prod))
        assert categories == tuple(sorted({"x" if p < 2 else "y" for p in prod}))
    else:
        with pytest.raises(InvalidInputError) as exc:
            classify(*args)
        assert str(exc.value).startswith(want)

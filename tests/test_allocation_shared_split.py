"""``shared_splits``: per_country_split results reused inside the block for equal inputs
only, and equal to a fresh computation."""

from __future__ import annotations

import copy

import numpy as np

import poolcalc
from poolcalc.allocation import per_country_split
from poolcalc.allocation._shared_split import SHARED_SPLITS, shared_splits
from poolcalc.tables import country_codes, day_number

POOL = poolcalc.load_example()
US, DE = country_codes(["US"])[0], country_codes(["DE"])[0]


def rows(k: int = 0) -> tuple[np.ndarray, ...]:
    cents = np.array([1000 + k, 500, 250], np.int64)
    cs = np.array([US, DE, US], np.int64)
    day = np.full(3, day_number("2024-06-01"), np.int64)
    return cents, cs, cs.copy(), day


def same(a, b) -> bool:
    return (a.gross == b.gross and a.exact == b.exact
            and np.array_equal(a.group_cents, b.group_cents)
            and np.array_equal(a.row_group, b.row_group)
            and np.array_equal(a.counts, b.counts))


def test_reused_inside_the_block_only_for_equal_inputs():
    fresh = per_country_split(*rows(), POOL.patents)
    assert per_country_split(*rows(), POOL.patents) is not fresh  # no block: no sharing
    with shared_splits():
        first = per_country_split(*rows(), POOL.patents)
        assert same(first, fresh)
        # equal arrays (new objects): the same split
        assert per_country_split(*rows(), POOL.patents) is first
        # 3 rows x 25 members: the automatic choice is exact, so exact=True is the same sum
        assert first.exact and per_country_split(*rows(), POOL.patents, exact=True) is first
        # a float sum, another unit, other cents: computed, and equal to a fresh call
        flt = per_country_split(*rows(), POOL.patents, exact=False)
        assert flt is not first and not flt.exact
        fam = per_country_split(*rows(), POOL.patents, unit="family")
        other = per_country_split(*rows(1), POOL.patents)
        assert fam is not first and other is not first
    assert same(other, per_country_split(*rows(1), POOL.patents))
    assert same(fam, per_country_split(*rows(), POOL.patents, unit="family"))
    assert same(flt, per_country_split(*rows(), POOL.patents, exact=False))


def test_another_table_is_not_shared_and_the_cache_is_bounded():
    other = copy.deepcopy(POOL.patents)  # an equal table, another object
    with shared_splits():
        first = per_country_split(*rows(), POOL.patents)
        assert per_country_split(*rows(), other) is not first
        for k in range(1, SHARED_SPLITS + 1):
            per_country_split(*rows(k), POOL.patents)
        # the oldest entries were dropped: computed again, same values
        again = per_country_split(*rows(), POOL.patents)
        assert again is not first and same(again, first)

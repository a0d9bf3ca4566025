"""allocation.pool_game: the game the shapley/nucleolus schemes solve, for a pool and year
(hand-worked values, the Dehez-Poukens (2014) value-added vector, agreement with the
schemes and with compare.pool_game)."""

from fractions import Fraction

import numpy as np
import pytest

import poolcalc.model as m
from poolcalc import compare
from poolcalc.allocation import allocate, pool_game, pool_game_shapley
from poolcalc.data import load_example
from poolcalc.errors import InvalidInputError
from poolcalc.royalties import royalties_owed
from tests._allocation_fakes import domain_2_2_pool, flat_report


def _two_country_pool(**changes):
    base = dict(
        name="demo",
        members=[m.Member("A"), m.Member("B")],
        patents=[
            m.Patent("P1", "A", "US", "2030-01-01"),
            m.Patent("P3", "B", "US", "2030-01-01"),
            m.Patent("P4", "B", "DE", "2030-01-01"),
        ],
        licensees=[m.Licensee("L1")],
        sales=[
            m.SalesRecord("L1", "2024-05-01", "tv", "US", "CN", 1000),
            m.SalesRecord("L1", "2024-06-01", "tv", "DE", "CN", 500),
        ],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.25)])),
    )
    return m.Pool(**(base | changes))


def test_hand_worked_two_countries():
    # US rows (250.00) need A and B; DE rows (125.00) need B only
    carriers, worth = pool_game(_two_country_pool(), year=2024)
    rows = sorted(zip(map(tuple, carriers.astype(int).tolist()), worth.tolist(), strict=True))
    assert rows == [((0, 1), 12500.0), ((1, 1), 25000.0)]
    # Shapley: A = 250/2 = 125.00, B = 125.00 + 125.00 = 250.00
    assert pool_game_shapley(carriers, worth).tolist() == [12500.0, 25000.0]


def test_worth_is_before_the_fee_and_the_shapley_scheme_splits_it_after():
    pool = _two_country_pool(administrator_fee=0.1)
    carriers, worth = pool_game(pool, year=2024)
    assert worth.sum() == 37500.0  # collected, before the 10 % fee
    d = allocate(pool, year=2024, scheme="shapley")
    phi = pool_game_shapley(carriers, [Fraction(int(w)) for w in worth], exact=True)
    assert [d.amounts[x] for x in "AB"] == [int(p * Fraction(9, 10)) for p in phi]


def test_value_added_carrier_domain_2_2():
    # Dehez and Poukens (2014): essential A, B; value-added C; value_added = 0.25 of 120.00
    pool = domain_2_2_pool()
    report = flat_report(pool, 2024)
    carriers, worth = pool_game(pool, options={"value_added": 0.25}, royalties=report)
    assert carriers.astype(int).tolist() == [[1, 1, 0], [1, 1, 1]]
    assert worth.tolist() == [9000.0, 3000.0]
    assert pool_game_shapley(carriers, worth).tolist() == [5500.0, 5500.0, 1000.0]
    plain_c, plain_w = pool_game(pool, royalties=report)
    assert plain_c.astype(int).tolist() == [[1, 1, 0]] and plain_w.tolist() == [12000.0]


def test_compare_pool_game_is_the_allocation_pool_game_on_the_bundled_pool():
    pool = load_example()
    year = max(pool.years())
    report = royalties_owed(pool, year)
    for country, unit in [(None, None), ("manufacture", "family")]:
        opts = {k: v for k, v in (("country", country), ("unit", unit)) if v}
        a = pool_game(pool, year=year, options=opts, royalties=report)
        b = compare.pool_game(pool, year=year, country=country, unit=unit, royalties=report)
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        assert a[1].sum() == report.total_cents


def test_pool_game_errors():
    pool = _two_country_pool()
    with pytest.raises(InvalidInputError, match="unknown option 'q' for scheme shapley"):
        pool_game(pool, options={"q": 0.5})
    with pytest.raises(InvalidInputError, match="year=2023 but the royalties report is for 2024"):
        pool_game(pool, year=2023, royalties=royalties_owed(pool, 2024))
    with pytest.raises(InvalidInputError, match="value_added=0.25 but no non_essential"):
        pool_game(pool, year=2024, options={"value_added": 0.25})

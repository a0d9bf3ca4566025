"""allocation.pool_game: the game the shapley/nucleolus schemes solve, for a pool and year
(hand-worked carriers, worths and splits; Dehez-Poukens value-added vector; the one
pool_game that compare re-exports)."""

import numpy as np
import pytest

import poolcalc.model as m
from poolcalc import allocation, compare
from poolcalc.allocation import allocate, pool_game
from poolcalc.data import load_example
from poolcalc.errors import InvalidInputError
from poolcalc.games import UnanimityGame
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


def _pairs(game):
    rows = map(tuple, game.carriers.astype(int).tolist())
    return sorted(zip(rows, game.worths.tolist(), strict=True))


def test_hand_worked_two_countries():
    # US: 1000 units x 0.25 = 250.00 need A and B; DE: 500 x 0.25 = 125.00 need B only
    game = pool_game(_two_country_pool(), year=2024)
    assert isinstance(game, UnanimityGame) and game.names == ("A", "B")
    assert _pairs(game) == [((0, 1), 12500), ((1, 1), 25000)]
    assert game.worths.dtype == np.int64  # exact cents
    # Shapley: A = 250.00 / 2 = 125.00, B = 250.00 / 2 + 125.00 = 250.00
    assert game.shapley(exact=True) == (12500, 25000)
    # B alone licenses DE: v({B}) = 125.00, v({A}) = 0
    assert game.standalone().tolist() == [0.0, 12500.0]


def test_worth_is_before_the_fee_and_the_shapley_scheme_splits_it_after():
    pool = _two_country_pool(administrator_fee=0.1)
    game = pool_game(pool, year=2024)
    assert int(game.worths.sum()) == 37500  # collected 375.00, before the 10 % fee
    d = allocate(pool, year=2024, scheme="shapley")
    # fee floor(3750.0) = 3750; D = 33750 split 12500 : 25000 -> 11250 and 22500 exactly
    assert d.administrator_fee_cents == 3750
    assert dict(d.amounts) == {"A": 11250, "B": 22500}


def test_count_country_rule_changes_the_carriers():
    # A also holds a CN patent; both rows are made in CN
    pool = _two_country_pool(
        patents=[*_two_country_pool().patent_rows, m.Patent("P5", "A", "CN", "2030-01-01")]
    )
    # counted where made: every row needs only A (the CN holder): one carrier worth 375.00
    made = pool_game(pool, year=2024, options={"country": "manufacture"})
    assert _pairs(made) == [((1, 0), 37500)]
    assert made.shapley(exact=True) == (37500, 0)
    # counted where sold (default): as in the two-country case
    assert _pairs(pool_game(pool, year=2024)) == [((0, 1), 12500), ((1, 1), 25000)]
    # counting families instead of patents does not change who holds: same carriers
    assert pool_game(pool, year=2024, options={"unit": "family"}) == pool_game(pool, year=2024)


def test_value_added_carrier_dehez_poukens():
    # essential A, B; value-added C; value_added = 0.25 of 120.00: p0 = 90.00, pi_C = 30.00
    pool = domain_2_2_pool()
    report = flat_report(pool, 2024)
    game = pool_game(pool, options={"value_added": 0.25}, royalties=report)
    assert game.carriers.astype(int).tolist() == [[1, 1, 0], [1, 1, 1]]
    assert game.worths.tolist() == [9000, 3000]  # 0.75 x 12000 and 0.25 x 12000
    # phi_A = phi_B = 9000/2 + 3000/3 = 5500, phi_C = 3000/3 = 1000
    assert game.shapley(exact=True) == (5500, 5500, 1000)
    plain = pool_game(pool, royalties=report)
    assert plain.carriers.astype(int).tolist() == [[1, 1, 0]] and plain.worths.tolist() == [12000]


def test_one_pool_game_for_allocation_and_compare():
    assert compare.pool_game is allocation.pool_game
    pool = load_example()
    year = max(pool.years())
    report = royalties_owed(pool, year)
    game = pool_game(pool, year=year, royalties=report)
    # the worths are the year's royalties, to the cent, on distinct non-empty holder sets
    assert int(game.worths.sum()) == report.total_cents
    assert game.names == tuple(x.id for x in pool.members)
    assert game.carriers.any(axis=1).all()
    assert len({row.tobytes() for row in game.carriers}) == game.carriers.shape[0]


def test_pool_game_errors():
    pool = _two_country_pool()
    with pytest.raises(InvalidInputError, match="unknown option 'q' for scheme shapley"):
        pool_game(pool, options={"q": 0.5})
    with pytest.raises(InvalidInputError, match="year=2023 but the royalties report is for 2024"):
        pool_game(pool, year=2023, royalties=royalties_owed(pool, 2024))
    with pytest.raises(InvalidInputError, match="value_added=0.25 but no non_essential"):
        pool_game(pool, year=2024, options={"value_added": 0.25})

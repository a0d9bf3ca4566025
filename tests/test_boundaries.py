"""Boundaries no other test touched (issue 10): each value is computed by hand.

- a licence signed exactly on the early-signing deadline gets the discount (the model's
  ``Discounts.fraction`` and the engine's discount stage both say "on or before");
- a patent counts in a year's allocation if it is in force on at least one day of it:
  ``granted <= day < expires``, so a patent expiring on 1 January counts for nothing in
  that year and one expiring on 2 January counts (in force on 1 January);
- the administrator's fee is rounded down to the cent (never more than its fraction).
"""

from __future__ import annotations

import datetime as dt

import pytest

import poolcalc.model as m
from poolcalc.allocation import administrator_fee_cents, allocate
from poolcalc.royalties import royalties_owed

DEADLINE = "2022-12-31"


def _disc_pool(signed):
    disc = m.Discounts(early_signing=0.15, early_signing_by=DEADLINE)
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 0.20)]), discounts=disc)
    return m.Pool(
        "P", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")],
        licensees=[m.Licensee("L1", signed=signed, good_standing=False)],
        sales=[m.SalesRecord("L1", "2024-06-01", "tv", "US", "US", 1000)], schedule=sched)


@pytest.mark.parametrize(
    ("signed", "owed"),
    [
        # 1000 units x $0.20 = $200.00 gross; 15 % early-signing discount = $30.00
        ("2022-12-30", 17000),  # the day before the deadline: 200.00 - 30.00
        (DEADLINE, 17000),  # ON the deadline: still "on or before"
        ("2023-01-01", 20000),  # the day after: no discount
        (None, 20000),  # never signed: no discount
    ],
)
def test_early_signing_deadline_day_in_engine(signed, owed):
    assert royalties_owed(_disc_pool(signed)).invoice("L1").owed_cents == owed


@pytest.mark.parametrize(
    ("signed", "fraction"),
    [("2022-12-30", 0.15), (DEADLINE, 0.15), ("2023-01-01", 0.0)],
)
def test_early_signing_deadline_day_in_model(signed, fraction):
    disc = m.Discounts(early_signing=0.15, early_signing_by=DEADLINE)
    assert disc.fraction(False, dt.date.fromisoformat(signed)) == fraction


def _expiry_pool(b_expires):
    pats = [m.Patent("PA", "A", "US", "2030-01-01", granted="2010-01-01"),
            m.Patent("PB", "B", "US", b_expires, granted="2010-01-01")]
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]))
    return m.Pool("P", [m.Member("A"), m.Member("B")], pats, licensees=[m.Licensee("L1")],
                  sales=[m.SalesRecord("L1", "2024-06-01", "tv", "US", "US", 100)],
                  schedule=sched)


@pytest.mark.parametrize(
    ("b_expires", "amounts"),
    [
        # collected 100 x $1.00 = 10000 cents, no fee; patent-count over patents in force
        ("2024-01-02", {"A": 5000, "B": 5000}),  # in force on 1 Jan 2024: counts, 1 of 2
        ("2024-01-01", {"A": 10000, "B": 0}),  # expires ON 1 Jan: in force on no 2024 day
        ("2023-12-31", {"A": 10000, "B": 0}),
        ("2024-12-31", {"A": 5000, "B": 5000}),  # in force until 30 Dec 2024
    ],
)
def test_patent_on_its_expiry_day_in_allocation_counting(b_expires, amounts):
    dist = allocate(_expiry_pool(b_expires), year=2024, scheme="patent-count")
    assert dict(dist.amounts) == amounts


@pytest.mark.parametrize(
    ("collected", "fee", "cents"),
    [
        (999, 0.1, 99),  # 99.9 cents: rounded down, not up to 100
        (1005, 0.1, 100),  # 100.5 cents: down, not half-up to 101
        (1, 0.99, 0),  # 0.99 cent: nothing
        (1000, 0.1, 100),  # exact
        (333, 0.3, 99),  # 99.9
    ],
)
def test_administrator_fee_rounds_down(collected, fee, cents):
    assert administrator_fee_cents(collected, fee) == cents


def test_administrator_fee_rounds_down_in_allocate():
    # 999 units x $0.01 = 999 cents collected; 10 % fee = 99.9 cents -> 99; 900 distributed
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 0.01)]))
    pool = m.Pool("P", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")],
                  licensees=[m.Licensee("L1")],
                  sales=[m.SalesRecord("L1", "2024-06-01", "tv", "US", "US", 999)],
                  schedule=sched, administrator_fee=0.1)
    dist = allocate(pool, year=2024)
    assert (dist.collected_cents, dist.administrator_fee_cents) == (999, 99)
    assert dict(dist.amounts) == {"A": 900}


@pytest.mark.parametrize(
    ("granted", "amounts"),
    [("2024-12-31", {"A": 5000, "B": 5000}),  # granted on the year's last day: counts
     ("2025-01-01", {"A": 10000, "B": 0})],  # granted on the first day after: does not
)
def test_patent_granted_on_the_year_boundary(granted, amounts):
    pool = _expiry_pool("2030-01-01")
    pats = [m.Patent("PA", "A", "US", "2030-01-01", granted="2010-01-01"),
            m.Patent("PB", "B", "US", "2030-01-01", granted=granted)]
    dist = allocate(pool.evolve(patents=pats), year=2024, scheme="patent-count")
    assert dict(dist.amounts) == amounts

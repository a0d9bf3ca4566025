"""Effective-dated (mid-year) rate changes: hand-computed cases, pool.toml I/O, bad input.

Expected values are computed by hand (in the comments), never by the code under test.
Rates follow the pools' published terms: DVD6C players US$2.00 -> 1.75 from July 2016
(dvd6cla.com/offer/004.html); MPEG-2 US$2.50 -> 2.00 from 2010 (tgdaily.com, "MPEG-2
royalty rates drop"); AVC/H.264 brackets 0 / 0.20 / 0.10 (cdrinfo.com/d7/node/7208, 2004).
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest
from royalties_helpers import AVC_TIERS, pool, sale

import poolcalc.model as m
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.royalties import royalties_owed

AVC_HALF = [(0, 0.0), (100_000, 0.10), (5_000_000, 0.05)]  # a hypothetical renewal


def dvd6c_players() -> m.Schedule:
    return m.Schedule(
        default=m.ProductRate(tiers=[(0, 2.00)]),
        rate_changes=[m.RateChange("2016-07-01", m.ProductRate(tiers=[(0, 1.75)]))],
    )


def avc(**kw) -> m.Schedule:
    return m.Schedule(
        default=m.ProductRate(tiers=AVC_TIERS),
        rate_changes=[m.RateChange("2010-07-01", m.ProductRate(tiers=AVC_HALF))],
        **kw,
    )


def cents(p, year=None):
    return royalties_owed(p, year).rows.cents.tolist()


# --- flat rates ------------------------------------------------------------------------------
def test_flat_rate_change_mid_year_dvd6c_players():
    # 1,000 x 2.00 (March) + 10 x 2.00 (30 June) + 10 x 1.75 (1 July) + 2,000 x 1.75 (Sept)
    rows = [
        sale(units=1000, date="2016-03-01"),
        sale(units=10, date="2016-06-30"),
        sale(units=10, date="2016-07-01"),
        sale(units=2000, date="2016-09-15"),
    ]
    rep = royalties_owed(pool(dvd6c_players(), rows))
    assert rep.rows.cents.tolist() == [200_000, 2_000, 1_750, 350_000]
    assert rep.invoice("L1").owed_cents == 553_750


def test_change_before_the_year_is_the_rate_of_the_whole_year_mpeg2():
    # MPEG-2 US$2.50 -> 2.00 from 1 January 2010: 2009 at 2.50, 2010 at 2.00
    sched = m.Schedule(
        default=m.ProductRate(tiers=[(0, 2.50)]),
        rate_changes=[m.RateChange("2010-01-01", m.ProductRate(tiers=[(0, 2.00)]))],
    )
    p = pool(sched, [sale(units=100, date="2009-12-31"), sale(units=100, date="2010-01-01")])
    assert royalties_owed(p, 2009).total_cents == 25_000
    assert royalties_owed(p, 2010).total_cents == 20_000


def test_change_of_one_product_leaves_the_others():
    sched = m.Schedule(
        products={
            "player": m.ProductRate(tiers=[(0, 2.00)]),
            "rom": m.ProductRate(tiers=[(0, 0.04)]),
        },
        rate_changes=[
            m.RateChange("2011-07-01", m.ProductRate(tiers=[(0, 0.0375)]), "rom"),
        ],
    )
    rows = [
        sale(units=1000, date="2011-03-01", product="rom"),  # 1000 x 0.04 = 40.00
        sale(units=1000, date="2011-08-01", product="rom"),  # 1000 x 0.0375 = 37.50
        sale(units=10, date="2011-08-01", product="player"),  # 10 x 2.00 = 20.00
    ]
    assert cents(pool(sched, rows)) == [4_000, 3_750, 2_000]


# --- price basis: percent of net price with a new floor and ceiling --------------------------
def test_price_basis_min_and_max_change():
    # DVD6C-like 4 %, min 4.00, max 8.00; from 1 July 2016 4 %, min 3.50, max 6.00
    sched = m.Schedule(
        default=m.ProductRate(basis="price", tiers=[(0, 0.04)], min_per_unit=4, max_per_unit=8),
        rate_changes=[
            m.RateChange(
                "2016-07-01",
                m.ProductRate(basis="price", tiers=[(0, 0.04)], min_per_unit=3.5, max_per_unit=6),
            )
        ],
    )
    rows = [
        sale(units=10, date="2016-02-01", price=50),  # 4 % = 2.00 -> floor 4.00: 40.00
        sale(units=10, date="2016-08-01", price=50),  # 2.00 -> floor 3.50: 35.00
        sale(units=10, date="2016-08-01", price=300),  # 12.00 -> ceiling 6.00: 60.00
        sale(units=10, date="2016-02-01", price=300),  # 12.00 -> ceiling 8.00: 80.00
        sale(units=10, date="2016-08-01", price=125),  # 5.00 within [3.50, 6.00]: 50.00
    ]
    assert cents(pool(sched, rows)) == [4_000, 3_500, 6_000, 8_000, 5_000]


# --- marginal brackets: the counter runs on across the change --------------------------------
def test_avc_crosses_100k_before_the_change():
    # positions 1-100,000 free, 100,001-150,000 at 0.20 (March) = 10,000.00;
    # 150,001-200,000 (September) in bracket 2 at the new 0.10 = 5,000.00
    rows = [sale(units=150_000, date="2010-03-01"), sale(units=50_000, date="2010-09-01")]
    assert cents(pool(avc(), rows)) == [1_000_000, 500_000]


def test_avc_crosses_100k_after_the_change():
    # March: 80,000 free units; September: positions 80,001-150,000, of which 20,000
    # are free and 50,000 at the new 0.10 = 5,000.00 (the counter does not reset)
    rows = [sale(units=80_000, date="2010-03-01"), sale(units=70_000, date="2010-09-01")]
    assert cents(pool(avc(), rows)) == [0, 500_000]


def test_avc_rows_of_one_period_share_its_brackets_pro_rata_any_order():
    # L1 (February) and L2 (March) of enterprise E, both before the change: their
    # 150,000 units cost 10,000.00, split 2:1 by units, whatever the dates inside
    # the period; L3 (E, October): 50,000 units at 0.10 = 5,000.00
    lics = [m.Licensee(x, enterprise="E") for x in ("L1", "L2", "L3")]
    rows = [
        sale("L1", 100_000, date="2010-02-01"),
        sale("L2", 50_000, date="2010-03-01"),
        sale("L3", 50_000, date="2010-10-01"),
    ]
    for seed in range(4):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        rep = royalties_owed(pool(avc(), shuffled, licensees=lics))
        owed = {inv.licensee: inv.owed_cents for inv in rep.invoices}
        assert owed == {"L1": 666_667, "L2": 333_333, "L3": 500_000}


def test_avc_free_units_are_the_first_units_of_the_year():
    # AVC brackets with 0 from 0 and free_units = 20,000 chargeable-unit shift:
    # 150,000 March units: positions 1-20,000 free, 20,001-150,000 are chargeable units
    # 1-130,000 (1-100,000 at 0, 30,000 at 0.20 = 6,000.00); September positions
    # 150,001-200,000 are chargeable units 130,001-180,000 at 0.10 = 5,000.00
    rows = [sale(units=150_000, date="2010-03-01"), sale(units=50_000, date="2010-09-01")]
    rep = royalties_owed(pool(avc(free_units=20_000), rows))
    assert rep.rows.cents.tolist() == [600_000, 500_000]
    assert rep.invoice("L1").gross_cents == 1_500_000


def test_change_without_new_terms_keeps_the_total():
    # a "change" to the same brackets: 6,000,000 units cost
    # 0 x 100k + 0.20 x 4.9M + 0.10 x 1M = 1,080,000.00
    same = m.Schedule(
        default=m.ProductRate(tiers=AVC_TIERS),
        rate_changes=[m.RateChange("2009-07-01", m.ProductRate(tiers=AVC_TIERS))],
    )
    rows = [
        sale(units=u, date=d) for u, d in ((2_000_000, "2009-03-01"), (4_000_000, "2009-09-01"))
    ]
    assert royalties_owed(pool(same, rows)).total_cents == 108_000_000


@pytest.mark.parametrize("changes", [False, True])
def test_rows_of_a_period_share_its_amount_without_rounding_each_share(changes):
    # Rows of a period share the period's positions on the year's counter; the period's
    # amount is exact and only the enterprise total is rounded.  Default rate: 1 cent
    # for the first unit of the year, nothing after (marginal); product "b": US$0.005
    # per unit, its own category.  Three rows of 1 unit in March take positions 1..3:
    # A(3) - A(0) = 1 cent, 1/3 cent each; "b": 1 x 0.5 cent.  Total 1.5 cents -> 2
    # (half up), with or without a rate change later in the year (which changes
    # nothing here).  Rounding each row's 1/3 cent to 1e-6 first gave
    # 3 x 0.333333 + 0.5 = 1.499999 -> 1 cent.
    first_unit = [(0, 0.01), (1, 0.0)]
    sched = m.Schedule(
        default=m.ProductRate(tiers=first_unit),
        products={"b": m.ProductRate(tiers=[(0, 0.005)], category="b")},
        rate_changes=[m.RateChange("2024-07-01", m.ProductRate(tiers=first_unit))]
        if changes
        else [],
    )
    rows = [sale(units=1, date="2024-03-01")] * 3 + [sale(units=1, date="2024-03-01", product="b")]
    rep = royalties_owed(pool(sched, rows))
    assert rep.total_cents == 2
    inv = rep.invoice("L1")
    assert (inv.gross_cents, inv.owed_cents) == (2, 2)
    # 2 cents to the groups by largest remainder on 1 : 0.5 -> 1.333 / 0.667 -> 1 / 1;
    # the default group's cent goes to one of its three equal rows
    assert sorted(rep.rows.cents.tolist()) == [0, 0, 1, 1]
    assert rep.rows.cents[3] == 1


def test_enterprise_cap_applies_per_year_across_the_change():
    # 150,000 x 2.00 + 150,000 x 1.75 = 562,500.00, capped at 500,000.00 for the year
    sched = m.Schedule(
        default=m.ProductRate(tiers=[(0, 2.00)]),
        enterprise_cap=500_000,
        rate_changes=[m.RateChange("2016-07-01", m.ProductRate(tiers=[(0, 1.75)]))],
    )
    rows = [sale(units=150_000, date="2016-03-01"), sale(units=150_000, date="2016-09-01")]
    rep = royalties_owed(pool(sched, rows))
    assert rep.total_cents == 50_000_000
    # spread pro rata to the uncapped amounts 300,000 : 262,500
    assert rep.rows.cents.tolist() == [26_666_667, 23_333_333]


# --- whole-volume tiers ----------------------------------------------------------------------
def whole_volume() -> m.Schedule:
    return m.Schedule(
        default=m.ProductRate(tier_mode="volume", tiers=[(0, 1.00), (1000, 0.80)]),
        rate_changes=[
            m.RateChange(
                "2016-07-01", m.ProductRate(tier_mode="volume", tiers=[(0, 0.90), (1000, 0.70)])
            )
        ],
    )


def test_whole_volume_bracket_of_the_year_at_the_rate_of_each_date():
    # 1,200 units in the year reach bracket 2: 600 x 0.80 (March) + 600 x 0.70 (Sept)
    rows = [sale(units=600, date="2016-03-01"), sale(units=600, date="2016-09-01")]
    assert cents(pool(whole_volume(), rows)) == [48_000, 42_000]
    # 900 units stay in bracket 1: 600 x 1.00 + 300 x 0.90
    rows = [sale(units=600, date="2016-03-01"), sale(units=300, date="2016-09-01")]
    assert cents(pool(whole_volume(), rows)) == [60_000, 27_000]


# --- model validation ------------------------------------------------------------------------
def test_dates_must_increase_per_product():
    with pytest.raises(
        InvalidInputError, match=r"rate_changes\[1\]: effective dates must be strictly increasing"
    ):
        m.Schedule(
            default=m.ProductRate(tiers=[(0, 2.0)]),
            rate_changes=[
                m.RateChange("2016-07-01", m.ProductRate(tiers=[(0, 1.75)])),
                m.RateChange("2016-07-01", m.ProductRate(tiers=[(0, 1.5)])),
            ],
        )


def test_unknown_product_and_changed_basis_are_errors():
    base = {"p": m.ProductRate(tiers=[(0, 2.0)])}
    with pytest.raises(InvalidInputError, match=r"unknown product 'q' \(listed products: p\)"):
        m.Schedule(products=base, rate_changes=[m.RateChange("2016-07-01", m.ProductRate(), "q")])
    # the basis may change on a date (issue 12, item 11: DVD 3C 3.5 % -> flat US$5); the
    # tier mode may not
    m.Schedule(products=base, rate_changes=[
        m.RateChange("2016-07-01", m.ProductRate(basis="price", tiers=[(0, 0.04)]), "p")])
    with pytest.raises(InvalidInputError, match=r"tier_mode must stay 'marginal'.*got 'volume'"):
        m.Schedule(
            products=base,
            rate_changes=[
                m.RateChange("2016-07-01", m.ProductRate(tier_mode="volume", tiers=[(0, 1)]), "p")
            ],
        )
    with pytest.raises(InvalidInputError, match="no default rate to change"):
        m.Schedule(products=base, rate_changes=[m.RateChange("2016-07-01", m.ProductRate())])
    with pytest.raises(InvalidInputError, match="effective must be an ISO date"):
        m.RateChange("July 2016", m.ProductRate())


# --- pool.toml ---------------------------------------------------------------------------------
TOML = """\
[pool]
name = "dated"

[[members]]
id = "A"

[royalty]
tiers = [{ from = 0, rate = 2.00 }]

[royalty.products.disc]
basis = "price"
tiers = [{ from = 0, rate = 0.04 }]
min_per_unit = 4.0
max_per_unit = 8.0

[[royalty.rate_changes]]
effective = 2016-07-01
tiers = [{ from = 0, rate = 1.75 }]

[[royalty.rate_changes]]
effective = 2016-07-01
product = "disc"
tiers = [{ from = 0, rate = 0.04 }]
min_per_unit = 3.5
"""


def make_dir(tmp_path: Path, toml: str = TOML) -> Path:
    d = tmp_path / "pool"
    d.mkdir()
    (d / "pool.toml").write_text(toml)
    (d / "patents.csv").write_text(
        "patent,owner,country,expires,granted,status\nP1,A,US,2030-01-01,2000-01-01,essential\n"
    )
    (d / "licensees.csv").write_text("licensee,name\nL1,L1\n")
    (d / "sales.csv").write_text(
        "licensee,date,product,country_of_sale,country_of_manufacture,units,net_price\n"
        "L1,2016-03-01,player,US,US,100,\n"  # 100 x 2.00 = 200.00
        "L1,2016-09-01,player,US,US,100,\n"  # 100 x 1.75 = 175.00
        "L1,2016-03-01,disc,US,US,10,50\n"  # 2.00 -> floor 4.00: 40.00
        "L1,2016-09-01,disc,US,US,10,50\n"  # 2.00 -> floor 3.50: 35.00
        "L1,2016-09-01,disc,US,US,10,300\n"  # 12.00 -> ceiling 8.00 kept: 80.00
    )
    return d


@pytest.mark.parametrize("reader", [read_pool])
def test_pool_toml_rate_changes_read_by_both_readers(tmp_path, reader):
    d = make_dir(tmp_path)
    rep = royalties_owed(reader(d), 2016)
    assert rep.invoice("L1").owed_cents == 20_000 + 17_500 + 4_000 + 3_500 + 8_000


def test_write_pool_round_trips_rate_changes(tmp_path):
    p = read_pool(make_dir(tmp_path))
    assert len(p.schedule.rate_changes) == 2
    assert p.schedule.rate_changes[1].rate.max_per_unit == 8.0  # inherited
    out = write_pool(p, tmp_path / "copy")
    q = read_pool(out)
    assert q.schedule == p.schedule
    assert royalties_owed(q, 2016).total_cents == royalties_owed(p, 2016).total_cents


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith(needle)]
    return hits[occurrence - 1]


@pytest.mark.parametrize("reader", [read_pool])
def test_pool_toml_dates_not_increasing(tmp_path, reader):
    bad = TOML.replace(
        "effective = 2016-07-01\ntiers = [{ from = 0, rate = 1.75 }]",
        "effective = 2016-07-01\ntiers = [{ from = 0, rate = 1.75 }]\n\n"
        "[[royalty.rate_changes]]\neffective = 2016-01-01\ntiers = [{ from = 0, rate = 1.5 }]",
    )
    line = _line_of(bad, "effective = 2016-01-01")
    with pytest.raises(InvalidInputError) as info:
        reader(make_dir(tmp_path, bad))
    assert str(info.value) == (
        f"pool.toml:{line}: royalty.rate_changes[1].effective: effective dates must be strictly "
        "increasing per product (default rate), got 2016-01-01 after 2016-07-01"
    )


@pytest.mark.parametrize("reader", [read_pool])
def test_pool_toml_unknown_product(tmp_path, reader):
    bad = TOML.replace('product = "disc"', 'product = "dsic"')
    line = _line_of(bad, 'product = "dsic"')
    with pytest.raises(
        InvalidInputError,
        match=re.escape(
            f"pool.toml:{line}: royalty.rate_changes[1].product: product: unknown product 'dsic' "
            "(listed in [royalty.products]: disc)"
        ),
    ):
        reader(make_dir(tmp_path, bad))


@pytest.mark.parametrize("reader", [read_pool])
def test_pool_toml_changed_tier_mode(tmp_path, reader):
    # a rate change may change the basis (issue 12, item 11), not the tier mode
    bad = TOML.replace('product = "disc"\n', 'product = "disc"\ntier_mode = "volume"\n')
    line = _line_of(bad, 'tier_mode = "volume"')
    with pytest.raises(
        InvalidInputError,
        match=re.escape(
            f"pool.toml:{line}: royalty.rate_changes[1].tier_mode: tier_mode must stay "
            "'marginal' (the base rate's), got 'volume'"
        ),
    ):
        reader(make_dir(tmp_path, bad))


def test_pool_toml_changed_basis_drops_the_old_floor(tmp_path):
    # disc from 1 July 2016 a flat US$3.00 per unit instead of 4 % (min 4, max 8): the
    # floor and ceiling of the price basis do not carry over to the unit rate
    ok = TOML.replace('product = "disc"\ntiers = [{ from = 0, rate = 0.04 }]\nmin_per_unit = 3.5',
                      'product = "disc"\nbasis = "unit"\ntiers = [{ from = 0, rate = 3.0 }]')
    rate = read_pool(make_dir(tmp_path, ok)).schedule.rate_changes[1].rate
    assert (str(rate.basis), rate.min_per_unit, rate.max_per_unit) == ("unit", 0.0, math.inf)


@pytest.mark.parametrize(
    ("edit", "needle", "message"),
    [
        (
            ("effective = 2016-07-01\nproduct", "efective = 2016-07-01\nproduct"),
            "efective",
            "unknown key royalty.rate_changes[1].efective",
        ),
        (
            ("effective = 2016-07-01\nproduct", 'effective = "July"\nproduct'),
            'effective = "July"',
            "royalty.rate_changes[1].effective: effective must be a date like 2016-07-01, "
            "got 'July'",
        ),
        (
            ("min_per_unit = 3.5", "min_per_unit = 9.5"),
            "min_per_unit = 9.5",
            "royalty.rate_changes[1]: min_per_unit (9.5) must not exceed max_per_unit (8.0)",
        ),
    ],
)
def test_pool_toml_bad_rate_change_entries(tmp_path, edit, needle, message):
    bad = TOML.replace(*edit)
    line = _line_of(bad, needle)
    with pytest.raises(InvalidInputError) as info:
        read_pool(make_dir(tmp_path, bad))
    assert str(info.value).startswith(f"pool.toml:{line}: {message}")

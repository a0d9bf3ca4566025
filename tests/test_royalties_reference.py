"""Worked examples from real pools' published schedules, to the cent.

Expected values are computed by hand from the published schedules (MPEG LA AVC/H.264,
cdrinfo.com/d7/node/7208, 2004; Via LA HEVC, via-la.com/licensing-2/hevc/hevc-license-fees/;
DVD6C, dvd6cla.com/news/008.html; xHE-AAC, radioworld.com; Sisvel Wi-Fi 6 and Avanci,
fosspatents.com, 2022; HEVC Advance, accessadvance.com), never by the code under test.
"""

import numpy as np
import pytest
from royalties_helpers import AVC_TIERS, XHE_AAC_TIERS, flat, patents, pool, sale

import poolcalc.model as m
from poolcalc.errors import InvalidInputError
from poolcalc.royalties import REASONS, royalties_owed


def owed(p, licensee="L1", year=None):
    return royalties_owed(p, year).invoice(licensee).owed_cents


# --- worked examples --------------------------------------------------------------------------
def test_avc_6m_units_marginal_brackets():
    # 0 x 100k + 0.20 x 4.9M + 0.10 x 1.0M = 1,080,000.00 (under the US$5M 2009 cap)
    sched = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS), enterprise_cap=5_000_000)
    rep = royalties_owed(pool(sched, [sale(units=6_000_000, date="2009-05-01")]))
    inv = rep.invoice("L1")
    assert inv.owed_cents == 108_000_000
    assert inv.gross_cents == 108_000_000 and inv.cap_cents == 0
    assert rep.total_cents == 108_000_000 and rep.year == 2009


def test_avc_6m_units_in_many_rows_any_order():
    sched = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS))
    sizes = [1_000_000, 2_500_000, 7, 999_993, 1_500_000]  # sums to 6,000,000
    rows = [sale(units=u, date=f"2009-0{i + 1}-15") for i, u in enumerate(sizes)]
    rep = royalties_owed(pool(sched, rows))
    assert rep.invoice("L1").owed_cents == 108_000_000
    # attributed to rows in proportion to units (one unit schedule): 18 cents average per unit
    assert rep.rows.cents.tolist() == [18_000_000, 45_000_000, 126, 17_999_874, 27_000_000]


def test_avc_100m_units_capped_at_6_5m():
    # 0.20 x 4.9M + 0.10 x 95M = 10,480,000 -> capped at 6,500,000.00 (2011-2015 cap)
    sched = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS), enterprise_cap=6_500_000)
    inv = royalties_owed(pool(sched, [sale(units=100_000_000, date="2012-03-01")])).invoice("L1")
    assert inv.owed_cents == 650_000_000
    assert inv.gross_cents == 1_048_000_000
    assert inv.cap_cents == 1_048_000_000 - 650_000_000


def test_hevc_200m_units_capped_at_25m():
    # Via LA HEVC: 0.20 x (200M - 100k) = 39.98M -> capped at 25,000,000.00
    sched = m.Schedule(
        default=m.ProductRate(tiers=[(0, 0.0), (100_000, 0.20)]), enterprise_cap=25_000_000
    )
    inv = royalties_owed(pool(sched, [sale(units=200_000_000)])).invoice("L1")
    assert inv.gross_cents == 3_998_000_000
    assert inv.owed_cents == 2_500_000_000


@pytest.mark.parametrize(
    ("price", "per_unit_cents"), [(250.0, 800), (150.0, 600), (50.0, 400), (0.0, 400)]
)
def test_dvd6c_percent_of_price_with_floor_and_ceiling(price, per_unit_cents):
    # DVD6C 2003: 4 % of net selling price, min US$4, max US$8: at 250 -> min(max(10, 4), 8) = 8.00
    sched = m.Schedule(
        default=m.ProductRate(basis="price", tiers=[(0, 0.04)], min_per_unit=4, max_per_unit=8)
    )
    rep = royalties_owed(pool(sched, [sale(units=1000, product="player", price=price)]))
    assert rep.invoice("L1").owed_cents == 1000 * per_unit_cents


def test_region_2_sale_at_half_rate():
    # HEVC Advance: Region 2 = 50 % of the Region 1 rate (by country of first sale)
    r2 = m.Region("Region 2", {"IN", "BR"}, 0.5)
    sched = flat(1.20, regions=[r2])
    pats = patents(("US", "IN", "BR"))
    rep = royalties_owed(
        pool(
            sched, [sale(units=1000, sold="US"), sale(units=1000, sold="IN", made="US")], pats=pats
        )
    )
    assert rep.rows.cents.tolist() == [120_000, 60_000]
    assert rep.invoice("L1").owed_cents == 180_000


@pytest.mark.parametrize(("good", "expected"), [(True, 50_000_000), (False, 60_000_000)])
def test_sisvel_wifi6_good_standing(good, expected):
    # Sisvel Wi-Fi 6: US$0.60 standard, US$0.50 in good standing; 1M units
    sched = flat(0.60, discounts=m.Discounts(good_standing=1 / 6))
    lic = [m.Licensee("L1", good_standing=good)]
    inv = royalties_owed(pool(sched, [sale(units=1_000_000, product="ap")], licensees=lic)).invoice(
        "L1"
    )
    assert inv.owed_cents == expected
    assert inv.discount_cents == 60_000_000 - expected


@pytest.mark.parametrize(
    ("signed", "expected"),
    [("2022-08-01", 1_500_000_000), ("2023-02-01", 2_000_000_000), (None, 2_000_000_000)],
)
def test_avanci_4g_early_signing(signed, expected):
    # Avanci 4G: US$20 per vehicle, US$15 for licensees signed by 31 Aug 2022; 1M cars
    sched = flat(20.0, discounts=m.Discounts(early_signing=0.25, early_signing_by="2022-08-31"))
    lic = [m.Licensee("L1", signed=signed)]
    inv = royalties_owed(
        pool(sched, [sale(units=1_000_000, product="car", date="2023-06-01")], licensees=lic)
    ).invoice("L1")
    assert inv.owed_cents == expected


@pytest.mark.parametrize(
    ("combine", "fraction"), [("max", 0.25), ("additive", 0.35), ("multiplicative", 0.325)]
)
def test_discount_combination_rules(combine, fraction):
    disc = m.Discounts(
        good_standing=0.10, early_signing=0.25, early_signing_by="2022-08-31", combine=combine
    )
    lic = [m.Licensee("L1", signed="2022-01-01", good_standing=True)]
    inv = royalties_owed(
        pool(flat(20.0, discounts=disc), [sale(units=1000)], licensees=lic)
    ).invoice("L1")
    assert inv.owed_cents == round(2_000_000 * (1 - fraction))


def test_no_patent_in_force_owes_nothing_and_says_why():
    # patents in US/DE/JP only: a TV sold in Brazil and made in China is not royalty-bearing
    rep = royalties_owed(
        pool(flat(1.0), [sale(units=500, sold="BR", made="CN"), sale(units=100, sold="US")])
    )
    inv = rep.invoice("L1")
    assert inv.units == 600 and inv.royalty_bearing_units == 100 and inv.units_not_due == 500
    assert inv.not_due == {REASONS[3]: 500}
    assert inv.owed_cents == 10_000
    assert rep.rows.due.tolist() == [False, True]
    assert rep.rows.reason.tolist() == [3, 0] and rep.rows.cents.tolist() == [0, 10_000]
    assert any("500 units on 1 rows not due" in n for n in rep.notes)


def test_due_rules_sale_and_manufacture():
    rows = [sale(units=10, sold="BR", made="US"), sale(units=20, sold="US", made="CN")]
    by_sale = royalties_owed(pool(flat(1.0, due="sale"), rows)).rows
    assert by_sale.reason.tolist() == [1, 0] and by_sale.cents.tolist() == [0, 2000]
    by_made = royalties_owed(pool(flat(1.0, due="manufacture"), rows)).rows
    assert by_made.reason.tolist() == [0, 2] and by_made.cents.tolist() == [1000, 0]
    either = royalties_owed(pool(flat(1.0), rows)).rows
    assert either.due.tolist() == [True, True]


def test_expired_patent_is_not_in_force():
    # MPEG-2: the last US patent expired 13 Feb 2018; sales after that owe nothing in the US
    pats = [
        m.Patent("US1", "A", "US", "2018-02-13", granted="1995-01-01"),
        m.Patent("PH1", "A", "PH", "2019-01-01", granted="1995-01-01"),
    ]
    rows = [
        sale(units=10, date="2018-02-12", made="CN"),
        sale(units=10, date="2018-02-13", made="CN"),
        sale(units=10, date="2018-02-13", sold="PH", made="CN"),
    ]
    rep = royalties_owed(pool(flat(2.0), rows, pats=pats))
    assert rep.rows.cents.tolist() == [2000, 0, 2000]


def test_declared_and_invalid_patents_do_not_make_a_unit_due():
    pats = [
        m.Patent("P1", "A", "US", "2040-01-01", status="declared"),
        m.Patent("P2", "A", "US", "2040-01-01", status="invalid"),
        m.Patent("P3", "A", "US", "2040-01-01", status="non_essential"),
    ]
    rep = royalties_owed(pool(flat(1.0), [sale(units=10)], pats=pats))
    assert rep.total_cents == 0 and rep.rows.reason.tolist() == [3]


# --- xHE-AAC nine tiers (radioworld.com) -------------------------------------------------------
@pytest.mark.parametrize(
    ("units", "volume", "marginal"),
    [
        (600_000, 600_000 * 88, 500_000 * 108 + 100_000 * 88),
        (500_000, 500_000 * 108, 500_000 * 108),
        # 80M: 0.54M + 0.44M + 0.78M + 2.1M + 3.35M + 4.7M + 13.5M + 10M + 1.75M = 37.16M
        (80_000_000, 80_000_000 * 35, 3_716_000_000),
    ],
)
def test_xhe_aac_nine_tiers(units, volume, marginal):
    rows = [sale(units=units // 2), sale(units=units - units // 2, date="2024-09-01")]
    for mode, expected in (("volume", volume), ("marginal", marginal)):
        sched = m.Schedule(default=m.ProductRate(tiers=XHE_AAC_TIERS, tier_mode=mode))
        assert owed(pool(sched, rows)) == expected


# --- enterprises, per-product schedules, caps, allowances -------------------------------------
def test_affiliates_counted_together_and_split_pro_rata():
    sched = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS))
    lic = [
        m.Licensee("L1", enterprise="Group"),
        m.Licensee("L2", enterprise="Group"),
        m.Licensee("L3"),
    ]
    rows = [sale("L1", 2_000_000), sale("L2", 4_000_000), sale("L3", 4_000_000)]
    rep = royalties_owed(pool(sched, rows, licensees=lic))
    # group: 6M units -> 1,080,000.00 split 1:2; L3 alone: 0.20 x 3.9M = 780,000.00
    assert owed(pool(sched, rows, licensees=lic), "L1") == 36_000_000
    assert rep.invoice("L2").owed_cents == 72_000_000
    assert rep.invoice("L3").owed_cents == 78_000_000
    assert rep.invoice("L2").enterprise == "Group"


def test_per_product_schedules_and_category_caps():
    sched = m.Schedule(
        default=None,
        products={
            "phone": m.ProductRate(tiers=[(0, 0.40)], category="mobile"),
            "tablet": m.ProductRate(tiers=[(0, 0.50)], category="mobile"),
            "tv": m.ProductRate(tiers=[(0, 1.20)], category="tv"),
        },
        category_caps={"mobile": 100_000},
        enterprise_cap=150_000,
    )
    rows = [
        sale(units=1_000_000, product="phone"),
        sale(units=200_000, product="tablet"),
        sale(units=50_000, product="tv"),
    ]
    rep = royalties_owed(pool(sched, rows))
    inv = rep.invoice("L1")
    # mobile 400,000 + 100,000 -> category cap 100,000; tv 60,000; enterprise 160,000 -> 150,000
    assert inv.gross_cents == 56_000_000
    assert inv.owed_cents == 15_000_000 and inv.cap_cents == 41_000_000
    # caps spread pro rata: mobile 100,000 x 150/160 = 93,750 split 4:1; tv 56,250
    assert rep.rows.cents.tolist() == [7_500_000, 1_875_000, 5_625_000]


def test_category_counts_tiers_together():
    # two products in one category share the volume counter (AVC brackets)
    rate = m.ProductRate(tiers=AVC_TIERS, category="codec")
    sched = m.Schedule(default=None, products={"enc": rate, "dec": rate})
    rows = [sale(units=3_000_000, product="enc"), sale(units=3_000_000, product="dec")]
    assert owed(pool(sched, rows)) == 108_000_000


def test_free_units_before_tiers():
    # 100,000 free units, then 0.20 up to 4.9M chargeable units and 0.10 after: AVC again
    sched = m.Schedule(
        default=m.ProductRate(tiers=[(0, 0.20), (4_900_000, 0.10)]), free_units=100_000
    )
    inv = royalties_owed(pool(sched, [sale(units=6_000_000)])).invoice("L1")
    assert inv.owed_cents == 108_000_000
    assert inv.gross_cents == 4_900_000 * 20 + 1_100_000 * 10
    assert inv.allowance_cents == inv.gross_cents - 108_000_000


def test_free_units_shared_by_affiliates():
    lic = [m.Licensee("L1", enterprise="G"), m.Licensee("L2", enterprise="G")]
    sched = flat(1.0, free_units=1000)
    rep = royalties_owed(pool(sched, [sale("L1", 600), sale("L2", 900)], licensees=lic))
    assert rep.total_cents == 500 * 100  # one allowance for the group
    assert [rep.invoice(x).owed_cents for x in ("L1", "L2")] == [20_000, 30_000]


@pytest.mark.parametrize(("units", "expected"), [(1_000_000, 80_000_000 - 2_500_000), (20_000, 0)])
def test_money_waiver(units, expected):
    # HEVC Advance: US$25,000 royalty waiver per year
    inv = royalties_owed(pool(flat(0.80, free_amount=25_000), [sale(units=units)])).invoice("L1")
    assert inv.owed_cents == expected
    assert inv.allowance_cents == units * 80 - expected


def test_member_that_licenses_pays_like_everyone():
    lic = [m.Licensee("L1", member="A"), m.Licensee("L2")]
    rep = royalties_owed(pool(flat(2.0), [sale("L1", 10), sale("L2", 10)], licensees=lic))
    assert rep.invoice("L1").owed_cents == rep.invoice("L2").owed_cents == 2000


def test_year_selection_and_default():
    rows = [sale(units=10, date="2023-05-01"), sale(units=20, date="2024-05-01")]
    p = pool(flat(1.0), rows)
    assert royalties_owed(p).year == 2024 and royalties_owed(p).total_cents == 2000
    rep = royalties_owed(p, 2023)
    assert rep.total_cents == 1000 and rep.rows.index.tolist() == [0]
    assert any("other years (2024)" in n for n in rep.notes)
    assert royalties_owed(p, 2023).total_cents == 1000


def test_licensee_without_sales_gets_a_zero_invoice():
    lic = [m.Licensee("L1"), m.Licensee("L0")]
    rep = royalties_owed(pool(flat(1.0), [sale("L1", 5)], licensees=lic))
    assert [i.licensee for i in rep.invoices] == ["L0", "L1"]
    assert rep.invoice("L0").owed_cents == 0 and rep.invoice("L0").units == 0


def test_rows_add_up_to_invoices():
    lic = [
        m.Licensee("L1", enterprise="G"),
        m.Licensee("L2", enterprise="G", good_standing=False),
        m.Licensee("L3"),
    ]
    sched = m.Schedule(
        default=m.ProductRate(tiers=[(0, 0.33), (700, 0.17)]),
        free_units=55,
        discounts=m.Discounts(good_standing=0.15),
        enterprise_cap=200,
        free_amount=3,
    )
    rows = [
        sale("L1", 333),
        sale("L2", 777, sold="BR"),
        sale("L2", 123),
        sale("L3", 999),
        sale("L3", 1, sold="DE"),
    ]
    rep = royalties_owed(pool(sched, rows, licensees=lic))
    r = rep.rows
    assert (r.cents >= 0).all()
    assert np.array_equal(
        r.by_licensee(r.cents),
        r.licensee_gross_cents
        - r.licensee_allowance_cents
        - r.licensee_discount_cents
        - r.licensee_cap_cents,
    )
    for inv in rep.invoices:
        mine = np.array([r.licensees[c] == inv.licensee for c in r.licensee])
        assert inv.owed_cents == r.cents[mine].sum()
    # enterprise G (L1, L2) is capped at 200.00 then waived 3.00
    g = rep.invoice("L1").owed_cents + rep.invoice("L2").owed_cents
    assert g == 20_000 - 300
    # L3, 1000 units: gross 0.33 x 700 + 0.17 x 300 = 282.00; 945 chargeable after 55 free:
    # 231 + 0.17 x 245 = 272.65; good standing -15 % (40.8975) = 231.7525; cap 200; waiver 3
    l3 = rep.invoice("L3")
    assert (l3.gross_cents, l3.owed_cents) == (28_200, 19_700)
    assert (l3.allowance_cents, l3.discount_cents, l3.cap_cents) == (935 + 300, 4090, 3175)
    assert rep.total_cents == r.cents.sum() == sum(i.owed_cents for i in rep.invoices)


# --- year-dated schedules (AVC enterprise caps by year, cdrinfo.com 2004) -------------------------
AVC_CAPS = {2005: 3_500_000, 2007: 4_250_000, 2009: 5_000_000, 2011: 6_500_000}


@pytest.mark.parametrize(
    ("year", "cap"), [(2006, 3_500_000), (2008, 4_250_000), (2010, 5_000_000), (2013, 6_500_000)]
)
def test_year_dated_schedules_avc_caps(year, cap):
    dated = {
        y: m.Schedule(default=m.ProductRate(tiers=AVC_TIERS), enterprise_cap=c)
        for y, c in AVC_CAPS.items()
    }
    p = pool(dated[2005], [sale(units=100_000_000, date=f"{year}-04-01")])
    assert royalties_owed(p, schedule=dated).total_cents == cap * 100
    # 6M units stay under every cap: 1,080,000.00
    p6 = pool(dated[2005], [sale(units=6_000_000, date=f"{year}-04-01")])
    assert royalties_owed(p6, schedule=dated).total_cents == 108_000_000


def test_no_schedule_in_force_for_the_year():
    dated = {2005: flat(1.0)}
    with pytest.raises(
        InvalidInputError, match=r"no schedule in force in 2004 \(schedules start in: 2005\)"
    ):
        royalties_owed(pool(flat(1.0), [sale(units=1, date="2004-01-01")]), schedule=dated)


def test_currency_without_minor_units():
    # a yen-denominated pool: amounts are whole yen (minor_units = 0)
    p = pool(
        flat(100.0, regions=[m.Region("R2", {"DE"}, 0.5)]),
        [sale(units=12_345), sale(units=3, sold="DE")],
        currency="JPY",
        minor_units=0,
    )
    rep = royalties_owed(p)
    assert rep.total_cents == 1_234_500 + 150
    assert rep.rows.cents.tolist() == [1_234_500, 150]


def test_bundled_example_pool_objects_and_tables_agree():
    from poolcalc.data import example_pool_path
    from poolcalc.io import read_pool

    pool = read_pool(example_pool_path())
    rebuilt = pool.evolve(patents=list(pool.patent_rows), sales=list(pool.sales_rows))
    by_objects = royalties_owed(rebuilt)
    by_tables = royalties_owed(pool)
    assert by_objects.year == by_tables.year
    assert by_objects.invoices == by_tables.invoices
    assert by_objects.total_cents == by_tables.total_cents > 0
    assert np.array_equal(by_objects.rows.cents, by_tables.rows.cents)
    inv = by_objects.invoices
    assert all(
        i.owed_cents == i.gross_cents - i.discount_cents - i.allowance_cents - i.cap_cents
        for i in inv
    )

"""Bad input to the royalty engine, and the report writers (table, JSON, CSV, CLI)."""

import json
import sys

import numpy as np
import pytest
from royalties_helpers import AVC_TIERS, flat, pool, sale

import poolcalc.model as m
import poolcalc.royalties as r
from poolcalc.cli import main
from poolcalc.errors import InvalidInputError
from poolcalc.io import parse_money, write_royalties
from poolcalc.royalties import compute_royalties, due_test, royalties_owed, tier_amount
from poolcalc.tables import SalesTable

PRICE = m.Schedule(
    default=m.ProductRate(basis="price", tiers=[(0, 0.04)], min_per_unit=4, max_per_unit=8)
)


# --- bad input -------------------------------------------------------------------------------
def test_price_basis_without_net_price_names_the_line():
    rows = [sale(units=1, price=100.0), sale(units=3)]
    with pytest.raises(
        InvalidInputError,
        match=r"sales line 3: net_price is required for product 'codec' \(basis 'price'\), "
        r"got none",
    ):
        royalties_owed(pool(PRICE, rows))


def test_price_basis_with_infinite_price_in_arrays():
    p = pool(PRICE, [sale(units=1, price=1.0)])
    t = SalesTable.from_arrays(
        licensee=["L1"],
        date=["2024-01-01"],
        product=["codec"],
        country_of_sale=["US"],
        country_of_manufacture=["US"],
        units=[1],
        net_price=[np.inf],
        line=np.array([14]),
    )
    with pytest.raises(InvalidInputError, match="sales line 14: net_price is required .* got inf"):
        compute_royalties(p.schedule, p.patents, t, year=2024)


def test_negative_net_price_in_arrays():
    p = pool(flat(1.0), [sale(units=1)])
    t = SalesTable.from_arrays(
        licensee=["L1"],
        date=["2024-01-01"],
        product=["codec"],
        country_of_sale=["US"],
        country_of_manufacture=["US"],
        units=[1],
        net_price=[-3.0],
    )
    with pytest.raises(InvalidInputError, match="sales line 2: net_price must be >= 0, got -3.0"):
        compute_royalties(p.schedule, p.patents, t, year=2024)


def test_year_without_sales():
    p = pool(flat(1.0), [sale(units=1, date="2023-02-01"), sale(units=1, date="2024-02-01")])
    with pytest.raises(
        InvalidInputError, match=r"year 2019 has no sales rows \(years with sales: 2023, 2024\)"
    ):
        royalties_owed(p, 2019)


def test_pool_without_sales():
    with pytest.raises(InvalidInputError, match="the pool has no sales rows"):
        royalties_owed(pool(flat(1.0), [], licensees=[m.Licensee("L1")]))


@pytest.mark.parametrize("year", ["2024", 2024.0, True])
def test_year_must_be_an_integer(year):
    with pytest.raises(InvalidInputError, match="year must be an integer calendar year"):
        royalties_owed(pool(flat(1.0), [sale(units=1)]), year)


def test_product_without_schedule_in_arrays_names_the_line():
    p = pool(
        m.Schedule(default=None, products={"tv": m.ProductRate()}), [sale(units=1, product="tv")]
    )
    t = SalesTable.from_arrays(
        licensee=["L1", "L1"],
        date=["2024-01-01"] * 2,
        product=["tv", "phone"],
        country_of_sale=["US"] * 2,
        country_of_manufacture=["US"] * 2,
        units=[1, 2],
    )
    with pytest.raises(InvalidInputError, match="sales line 3: product 'phone' has no schedule"):
        compute_royalties(p.schedule, p.patents, t, year=2024)


def test_kernel_array_shapes():
    p = pool(flat(1.0), [sale(units=1)])
    with pytest.raises(InvalidInputError, match=r"good_standing must have shape \(1,\)"):
        compute_royalties(
            p.schedule, p.patents, p.sales, year=2024, good_standing=np.ones(3, bool)
        )
    with pytest.raises(InvalidInputError, match=r"signed_day must have shape \(1,\)"):
        compute_royalties(
            p.schedule, p.patents, p.sales, year=2024, signed_day=np.zeros(2)
        )
    with pytest.raises(InvalidInputError, match="minor_units must be in 0..4, got 7"):
        compute_royalties(p.schedule, p.patents, p.sales, year=2024, minor_units=7)


def test_kernel_helpers_reject_bad_choices():
    p = pool(flat(1.0), [sale(units=1)])
    z = np.zeros(1, np.int64)
    with pytest.raises(
        InvalidInputError,
        match="due must be 'sale', 'manufacture' or 'sale_or_manufacture', got 'x'",
    ):
        due_test(p.patents, z, z, z, "x")
    with pytest.raises(
        InvalidInputError, match="tier_mode must be 'marginal' or 'volume', got 'flat'"
    ):
        tier_amount(5, np.array([0]), np.array([1.0]), "flat")
    with pytest.raises(InvalidInputError, match=r"values must have shape \(2,\) or \(1, 2\)"):
        tier_amount(5, np.array([0, 10]), np.ones((3, 2)))


def test_unknown_invoice():
    with pytest.raises(InvalidInputError, match="no invoice for licensee 'nobody'"):
        royalties_owed(pool(flat(1.0), [sale(units=1)])).invoice("nobody")


def test_invoice_must_add_up():
    with pytest.raises(
        InvalidInputError, match="owed must equal gross - member - discount - allowance - cap"
    ):
        r.Invoice("L", "L", 1, 1, 0, {}, gross_cents=10, discount_cents=1, owed_cents=8)
    inv = r.Invoice("L", "L", 1, 1, 0, {}, gross_cents=10, discount_cents=1, owed_cents=9)
    rows = royalties_owed(pool(flat(1.0), [sale(units=9)]), 2024).rows
    with pytest.raises(
        InvalidInputError, match=r"report total must equal the sum of the invoices \(9\), got 10$"
    ):
        r.RoyaltyReport("USD", 2, 2024, (inv,), 10, rows)


# --- array API == object API -----------------------------------------------------------------
def test_kernel_equals_object_api():
    lic = [m.Licensee("L1", good_standing=False), m.Licensee("L2", signed="2020-01-01")]
    sched = flat(
        1.0,
        discounts=m.Discounts(good_standing=0.2, early_signing=0.3, early_signing_by="2021-01-01"),
    )
    p = pool(sched, [sale("L1", 10), sale("L2", 10)], licensees=lic)
    rows = compute_royalties(
        p.schedule,
        p.patents,
        p.sales,
        year=2024,
        good_standing=np.array([False, True]),
        signed_day=np.array([np.iinfo(np.int32).min, 18262]),
    )
    assert rows.cents.tolist() == royalties_owed(p).rows.cents.tolist() == [1000, 700]
    assert r.discount_fractions(sched, np.array([True, False]), np.array([18262, 0])).tolist() == [
        0.3,
        0.3,
    ]


# --- writers ---------------------------------------------------------------------------------
def _report():
    lic = [m.Licensee("L1", enterprise="G"), m.Licensee("L2", enterprise="G"), m.Licensee("L3")]
    sched = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS), enterprise_cap=6_500_000)
    rows = [
        sale("L1", 60_000_000),
        sale("L2", 40_000_000),
        sale("L3", 6_000_000),
        sale("L3", 7, sold="BR", made="CN"),
    ]
    return royalties_owed(pool(sched, rows, licensees=lic))


def test_json_contract():
    doc = json.loads(write_royalties(_report(), "json"))
    assert doc["currency"] == "USD" and doc["year"] == 2024
    # group of 100M units capped at 6.5M, split 60:40;
    # L3: AVC 0 x 100k + 0.20 x 4.9M + 0.10 x 1M = 1,080,000.00
    assert doc["total"] == "7580000.00"
    owed = {x["licensee"]: x["owed"] for x in doc["licensees"]}
    assert owed == {"L1": "3900000.00", "L2": "2600000.00", "L3": "1080000.00"}
    assert sum(parse_money(x["owed"]) for x in doc["licensees"]) == parse_money(doc["total"])
    assert doc["licensees"][2]["units"] == 6_000_007 and doc["licensees"][2]["units_not_due"] == 7
    assert doc["not_due"] == {r.REASONS[3]: 7}


def test_csv_and_table():
    rep = _report()
    lines = write_royalties(rep, "csv").splitlines()
    header = "licensee,enterprise,units,royalty_bearing_units,units_not_due,"
    assert lines[0] == header + "gross,member,discount,allowance,cap,owed"
    assert lines[3] == "L3,L3,6000007,6000000,7,1080000.00,0.00,0.00,0.00,0.00,1080000.00"
    text = write_royalties(rep, "table")
    assert "Royalties owed for 2024 (USD)" in text
    assert "7,580,000.00" in text.splitlines()[6]  # totals line
    assert "no pooled patent in force in either country" in text


def test_unknown_format():
    with pytest.raises(
        InvalidInputError, match="format must be one of table, json, csv, got 'xml'"
    ):
        write_royalties(_report(), "xml")


def test_to_frame_or_clear_message(monkeypatch):
    rep = _report()
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"needs pandas.*pip install 'poolcalc\[pandas\]'"):
            rep.to_frame()
    else:
        df = rep.to_frame()
        assert df["owed_cents"].sum() == rep.total_cents
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="needs pandas"):
        rep.to_frame()


def test_to_rows():
    rows = _report().to_rows()
    assert [r["licensee"] for r in rows] == ["L1", "L2", "L3"]
    assert rows[2]["owed_cents"] == 108_000_000 and rows[2]["units_not_due"] == 7


def test_cli_royalties_json(monkeypatch, capsys):
    rep_pool = pool(flat(0.2), [sale(units=1000)])
    monkeypatch.setattr("poolcalc.cli._main.read_pool", lambda path: rep_pool)
    assert main(["royalties", "somewhere", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == "200.00"
    assert main(["royalties", "somewhere", "--year", "1999"]) == 2
    assert "year 1999 has no sales rows" in capsys.readouterr().err


def test_all_matches_public_names():
    public = {n for n in dir(r) if not n.startswith("_") and n not in {"annotations"}}
    modules = {n for n in public if type(getattr(r, n)).__name__ == "module"}
    assert set(r.__all__) == public - modules


def test_cli_royalties_on_the_bundled_pool(capsys):
    from poolcalc.data import example_pool_path

    assert main(["royalties", str(example_pool_path()), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("licensee,enterprise,units,")
    assert len(lines) == 1 + 100  # one row per licensee
    assert main(["royalties", str(example_pool_path()), "--year", "2019"]) == 2
    assert "year 2019 has no sales rows (years with sales: 2024)" in capsys.readouterr().err


def test_country_code_out_of_range_in_arrays():
    p = pool(flat(1.0), [sale(units=1)])
    t = SalesTable.from_arrays(
        licensee=["L1", "L1"],
        date=["2024-01-01"] * 2,
        product=["codec"] * 2,
        country_of_sale=np.array([5, -1], np.int16),
        country_of_manufacture=np.array([5, 5], np.int16),
        units=[1, 2],
    )
    with pytest.raises(
        InvalidInputError, match=r"sales line 3: country_of_sale code must be in 0\.\.\d+"
    ):
        compute_royalties(p.schedule, p.patents, t, year=2024)

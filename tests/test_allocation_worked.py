"""A per-country worked example checked by hand, and the pool-level API around it.

Pool (year 2024, flat rate US$1.00 per unit, administrator fee 5 %):

========  =======  ==========  ====================================
member    patent   country     notes
========  =======  ==========  ====================================
A         US1 US2  US          in force all year
A         DE1      DE
B         US3      US          expires 2024-07-01 (inside the year)
B         DE2 DE3  DE
C         US4      US
C         CN1      CN
========  =======  ==========  ====================================

Sales rows (country = "sale"):

1. L1 2024-03-01 sold US, made CN, 100 units -> 10000 c; US counts A2 B1 C1:
   A 5000, B 2500, C 2500.
2. L1 2024-09-01 sold US, made CN, 71 units -> 7100 c; US3 has expired, A2 C1:
   A 14200/3, C 7100/3.
3. L2 (= member C) 2024-05-01 sold DE, made CN, 60 units -> 6000 c; DE A1 B2:
   A 2000, B 4000.
4. L1 2024-06-01 sold FR (no pooled patent), made DE, 30 units -> due through DE,
   3000 c; FR has no count, so it falls back to DE: A 1000, B 2000.
5. L2 2024-10-01 sold JP, made JP: not due, 0 c.
6. L1 2024-11-15 sold CN, made CN, 40 units -> 4000 c; CN: C 4000.

collected = 30100 c; fee = floor(0.05 * 30100) = 1505; D = 28595.
gross A = 5000 + 14200/3 + 2000 + 1000 = 38200/3, B = 8500, C = 2500 + 7100/3 + 4000
= 26600/3 (sum 30100).  quota = 0.95 gross: A 36290/3 = 12096.67, B 8075,
C 25270/3 = 8423.33; floors sum 28594, the one remaining cent goes to A (.67):
A 12097, B 8075, C 8423.  C also licenses (L2): payable 6000, net 8423 - 6000 = 2423.
"""

import datetime as dt
import json
from fractions import Fraction

import pytest

import poolcalc.model as m
from poolcalc.allocation import allocate, parse_options
from poolcalc.errors import InvalidInputError
from poolcalc.io import write_distribution
from tests._allocation_fakes import flat_report


def worked_pool(**changes) -> m.Pool:
    pats = [
        m.Patent("US1", "A", "US", "2030-01-01", disclosed="2010-01-01", family="F1"),
        m.Patent("US2", "A", "US", "2030-01-01", disclosed="2012-01-01", family="F2"),
        m.Patent("DE1", "A", "DE", "2030-01-01", disclosed="2010-01-01", family="F1"),
        m.Patent("US3", "B", "US", "2024-07-01", disclosed="2011-01-01", family="F3"),
        m.Patent("DE2", "B", "DE", "2030-01-01", disclosed="2011-01-01", family="F3"),
        m.Patent("DE3", "B", "DE", "2030-01-01", disclosed="2013-01-01", family="F4"),
        m.Patent("US4", "C", "US", "2030-01-01", disclosed="2014-01-01", family="F5"),
        m.Patent("CN1", "C", "CN", "2030-01-01", disclosed="2014-01-01", family="F5"),
    ]
    sales = [
        m.SalesRecord("L1", "2024-03-01", "tv", "US", "CN", 100),
        m.SalesRecord("L1", "2024-09-01", "tv", "US", "CN", 71),
        m.SalesRecord("L2", "2024-05-01", "tv", "DE", "CN", 60),
        m.SalesRecord("L1", "2024-06-01", "tv", "FR", "DE", 30),
        m.SalesRecord("L2", "2024-10-01", "tv", "JP", "JP", 5),
        m.SalesRecord("L1", "2024-11-15", "tv", "CN", "CN", 40),
    ]
    base = dict(
        name="worked",
        members=[m.Member("A"), m.Member("B"), m.Member("C")],
        patents=pats,
        licensees=[m.Licensee("L1"), m.Licensee("L2", member="C")],
        sales=sales,
        administrator_fee=0.05,
    )
    return m.Pool(**(base | changes))


@pytest.fixture
def pool():
    return worked_pool()


@pytest.fixture
def report(pool):
    return flat_report(pool, 2024)


def test_fake_engine_matches_hand(report):
    assert report.rows.cents.tolist() == [10000, 7100, 6000, 3000, 0, 4000]


def test_worked_example_by_hand(pool, report):
    d = allocate(pool, royalties=report)
    assert d.scheme == "per-country-count" and d.year == 2024
    assert d.collected_cents == 30100
    assert d.administrator_fee_cents == 1505
    assert dict(d.amounts) == {"A": 12097, "B": 8075, "C": 8423}
    assert d.rounding_residue_cents == 1
    assert d.collected_cents == d.administrator_fee_cents + sum(d.amounts.values())
    assert d.shares["A"] == pytest.approx(38200 / 3 / 30100)
    net = d.netting["C"]
    assert (net.licensees, net.receivable_cents, net.payable_cents, net.net_cents) == (
        ("L2",),
        8423,
        6000,
        2423,
    )
    assert set(d.netting) == {"C"}
    assert any("fallback" in n and "1 row(s)" in n for n in d.notes)


def test_worked_example_audit_trail(pool, report):
    d = allocate(pool, royalties=report)
    ex = d.explain("B")
    assert ex.amount_cents == 8075 and ex.entitlement == Fraction(8075)
    by_country = {ln["country"]: ln for ln in ex.lines}
    assert set(by_country) == {"US", "DE", "CN"}
    us = by_country["US"]
    assert us["rows"] == 2 and us["royalty"] == "171.00"
    assert us["member patents"] == "0-1" and us["total patents"] == "3-4"  # US3 expired 2024-07-01
    assert us["entitlement"] == "23.7500"  # 0.95 * 2500 c
    assert us["patents"] == "US3"
    assert us["sales lines"] == "2, 3"  # rows 1 and 2 = lines 2 and 3 of a sales.csv
    de = by_country["DE"]
    assert de["rows"] == 2 and de["fallback rows"] == 1 and de["royalty"] == "90.00"
    assert de["sales lines"] == "4, 5"
    assert de["member patents"] == "2" and de["entitlement"] == "57.0000"  # 0.95 * 6000 c
    assert by_country["CN"]["member patents"] == "0" and by_country["CN"]["entitlement"] == "0.0000"
    text = str(ex)
    assert "B: 80.75 under per-country-count" in text and "US3" in text
    # lines add up to the exact entitlement
    total = sum(Fraction(ln["entitlement"]) for ln in d.explain("A").lines)
    assert total * 100 == pytest.approx(float(d.explain("A").entitlement))


def test_country_manufacture(pool, report):
    # manufacture: rows 1, 2, 3 count CN (C only), row 4 DE, row 6 CN.
    d = allocate(pool, royalties=report, options={"country": "manufacture"})
    # gross A 1000, B 2000, C 27100; quotas 0.95x: 950, 1900, 25745
    assert dict(d.amounts) == {"A": 950, "B": 1900, "C": 25745}
    assert not any("fallback" in n for n in d.notes)


def test_unit_family(pool, report):
    # families per country: US: A {F1,F2}, B {F3} (until July), C {F5}; same counts as patents here
    d = allocate(pool, royalties=report, options={"unit": "family"})
    assert dict(d.amounts) == {"A": 12097, "B": 8075, "C": 8423}


def test_pool_allocate_method_and_defaults_from_pool(report):
    p = worked_pool(
        allocation=m.AllocationConfig(scheme="disclosure-order", options={"decay": "linear"})
    )
    d = allocate(p, royalties=report)
    assert d.scheme == "disclosure-order" and d.options["decay"] == "linear"
    # pool options for another scheme are not applied to a different --scheme
    d2 = allocate(p, royalties=report, scheme="equal")
    assert d2.scheme == "equal" and dict(d2.amounts) == {"A": 9532, "B": 9532, "C": 9531}


def test_writer_formats(pool, report):
    d = allocate(pool, royalties=report)
    obj = json.loads(write_distribution(d, "json"))
    assert obj["scheme"] == "per-country-count" and obj["currency"] == "USD"
    assert obj["collected"] == "301.00" and obj["administrator_fee"] == "15.05"
    assert [x["amount"] for x in obj["members"]] == ["120.97", "80.75", "84.23"]
    assert obj["members"][2]["netting"] == {
        "licensees": ["L2"],
        "receivable": "84.23",
        "payable": "60.00",
        "net": "24.23",
    }
    cents = [int(x["amount"].replace(".", "")) for x in obj["members"]]
    assert int(obj["collected"].replace(".", "")) == int(
        obj["administrator_fee"].replace(".", "")
    ) + sum(cents)
    csv = write_distribution(d, "csv").splitlines()
    assert (
        csv[0] == "member,amount,share,payable,net"
        and csv[3].startswith("C,84.23,")
        and csv[3].endswith(",60.00,24.23")
    )
    table = write_distribution(d, "table")
    assert "collected          301.00" in table and "A" in table
    with pytest.raises(InvalidInputError, match="format must be one of table, json, csv"):
        write_distribution(d, "xml")


def test_unknown_scheme_lists_allowed(pool, report):
    with pytest.raises(
        InvalidInputError,
        match="unknown allocation scheme 'borda'; allowed: per-country-count, .*nucleolus",
    ):
        allocate(pool, royalties=report, scheme="borda")


def test_unknown_option_lists_allowed(pool, report):
    with pytest.raises(
        InvalidInputError,
        match=r"unknown option 'q' for scheme per-country-count; allowed: country, exact, unit",
    ):
        allocate(pool, royalties=report, options={"q": 0.3})
    with pytest.raises(
        InvalidInputError,
        match="option decay must be one of geometric, linear, harmonic, arithmetic",
    ):
        allocate(pool, royalties=report, scheme="disclosure-order", options={"decay": "cubic"})
    with pytest.raises(InvalidInputError, match=r"option q must be in \(0, 1\), got 1.5"):
        allocate(pool, royalties=report, scheme="disclosure-order", options={"q": 1.5})


def test_pool_extra_option_for_its_own_scheme_is_strict(report):
    p = worked_pool(allocation=m.AllocationConfig(options={"decay": "linear"}))
    with pytest.raises(
        InvalidInputError,
        match=r"pool.toml \[allocation\] option 'decay' .*allowed: country, exact, unit",
    ):
        allocate(p, royalties=report)


def test_nothing_collected(pool):
    r = flat_report(pool, 2023)  # no sales in 2023
    with pytest.raises(
        InvalidInputError,
        match=r"nothing collected in 2023: 0 sales row\(s\).*years with sales: 2024",
    ):
        allocate(pool, royalties=r)


def test_unattributable_row_raises(pool):
    # royalty charged on a row with no pooled patent in either country (JP/JP)
    r = flat_report(pool, 2024)
    cents = r.rows.cents.copy()
    cents[4] = 500
    bad = type(r)(year=2024, rows=type(r.rows)(r.rows.index, cents > 0, cents), invoices=())
    with pytest.raises(
        InvalidInputError,
        match="no pooled essential patent in force in JP .sale. or JP .manufacture.",
    ):
        allocate(pool, royalties=bad)


def test_not_due_with_royalty_raises(pool, report):
    rows = type(report.rows)(report.rows.index, report.rows.due & False, report.rows.cents)
    with pytest.raises(InvalidInputError, match="royalty 10000 cents on a row not due, at index 0"):
        allocate(pool, royalties=type(report)(year=2024, rows=rows, invoices=()))


def test_explain_unknown_member(pool, report):
    with pytest.raises(InvalidInputError, match="unknown member 'Z'; members: A, B, C"):
        allocate(pool, royalties=report).explain("Z")


def test_parse_options():
    assert parse_options(
        ["decay=harmonic", "alpha=1.5", "blend=0", "exact=false", "unit=member"]
    ) == {"decay": "harmonic", "alpha": 1.5, "blend": 0, "exact": False, "unit": "member"}
    assert parse_options(None) == {}
    with pytest.raises(InvalidInputError, match="option must be key=value, got 'q' at index 0"):
        parse_options(["q"])
    with pytest.raises(InvalidInputError, match="option 'q' given twice"):
        parse_options(["q=1", "q=2"])


def family_pool() -> m.Pool:
    """The worked pool with A's US2 moved into family F1: A holds 2 US patents, 1 US family."""
    pats = [
        m.Patent(p.id, p.owner, p.country, p.expires, disclosed=p.disclosed,
                 family="F1" if p.id == "US2" else p.family)
        for p in worked_pool().patent_rows
    ]
    return worked_pool(patents=pats)


def test_unit_family_differs_from_patents():
    # country=sale, families in force per row (flat 1.00/unit, D = 0.95 x 30,100 = 28,595):
    #   row 1 US 03-01 10,000: families A{F1} B{F3} C{F5} -> 10,000/3 each
    #     (by patents it would be A 2 (US1, US2), B 1, C 1: 5,000 / 2,500 / 2,500)
    #   row 2 US 09-01  7,100: A{F1} C{F5} (US3 expired 07-01) -> 3,550 each
    #   row 3 DE 05-01  6,000: A{F1} B{F3,F4} -> 2,000 / 4,000
    #   row 4 FR->DE    3,000: same DE counts -> 1,000 / 2,000 (fallback)
    #   row 6 CN 11-15  4,000: C{F5} -> 4,000
    # gross A 29,650/3, B 28,000/3, C 32,650/3; x 0.95 = 9,389.17 / 8,866.67 / 10,339.17;
    # floors 28,594, the last cent to B (.67) -> 9,389 / 8,867 / 10,339.
    pool = family_pool()
    rep = flat_report(pool, 2024)
    d = allocate(pool, royalties=rep, options={"unit": "family"})
    assert dict(d.amounts) == {"A": 9389, "B": 8867, "C": 10339}
    assert d.explain("A").entitlement == Fraction(281675, 30)
    by_patent = allocate(pool, royalties=rep, options={"unit": "patent"})
    assert dict(by_patent.amounts) != dict(d.amounts)


def test_family_count_scheme_counts_families_not_patents():
    # families in force during 2024: A {F1} (US1, US2, DE1), B {F3, F4}, C {F5}: 1 : 2 : 1
    # D = 28,595 -> 7,148.75 / 14,297.50 / 7,148.75; floors 28,593, two cents to the largest
    # fractions (A and C, .75) -> 7,149 / 14,297 / 7,149.  Patents would be 3 : 3 : 2.
    pool = family_pool()
    rep = flat_report(pool, 2024)
    assert dict(allocate(pool, scheme="family-count", royalties=rep).amounts) == {
        "A": 7149, "B": 14297, "C": 7149}
    # patents 3 : 3 : 2 of 28,595 -> 10,723.125 / 10,723.125 / 7,148.75; the cent to C (.75)
    assert dict(allocate(pool, scheme="patent-count", royalties=rep).amounts) == {
        "A": 10723, "B": 10723, "C": 7149}


def boundary_pool() -> m.Pool:
    return m.Pool(
        name="boundary",
        members=[m.Member("A"), m.Member("B")],
        patents=[
            m.Patent("A1", "A", "US", "2030-01-01"),
            m.Patent("B1", "B", "US", "2024-07-01"),  # last day in force 2024-06-30
            m.Patent("B2", "B", "DE", "2024-01-01"),  # expired on the year's first day
            m.Patent("B3", "B", "DE", "2030-01-01", granted="2024-12-31"),
            m.Patent("B4", "B", "DE", "2030-01-01", granted="2025-01-01"),
        ],
        licensees=[m.Licensee("L1")],
        sales=[m.SalesRecord("L1", "2024-06-30", "tv", "US", "CN", 100),
               m.SalesRecord("L1", "2024-07-01", "tv", "US", "CN", 100)],
    )


def test_patent_in_force_iff_granted_le_d_lt_expires():
    pool = boundary_pool()
    rep = flat_report(pool, 2024)  # both rows due through A1: 10,000 c each, no fee
    # per row: 06-30 A1, B1 -> 5,000 each; 07-01 (B1's expiry day) A1 only -> 10,000
    assert dict(allocate(pool, royalties=rep).amounts) == {"A": 15000, "B": 5000}
    # during 2024: A1; B1 (until 06-30) and B3 (granted 12-31); not B2 (expired 01-01) nor
    # B4 (granted 2025): 1 : 2 of 20,000 -> 6,666.67 / 13,333.33, the cent to A (.67)
    assert dict(allocate(pool, scheme="patent-count", royalties=rep).amounts) == {
        "A": 6667, "B": 13333}


@pytest.mark.parametrize(
    ("fee", "collected", "expected_fee"),
    [
        (0.1, 1005, 100),  # 100.5 -> 100, not 101
        (0.333, 100, 33),  # 33.3 -> 33
        (0.29, 100, 29),  # exactly 29 at the decimal value (29 - 4e-15 in binary floating point)
    ],
)
def test_administrator_fee_rounded_down(fee, collected, expected_fee):
    pool = m.Pool(name="fee", members=[m.Member("A")],
                  patents=[m.Patent("A1", "A", "US", "2030-01-01")],
                  licensees=[m.Licensee("L1")],
                  sales=[m.SalesRecord("L1", "2024-05-01", "tv", "US", "CN", 1)],
                  administrator_fee=fee)
    d = allocate(pool, royalties=flat_report(pool, 2024, rate_cents=collected))
    assert d.collected_cents == collected and d.administrator_fee_cents == expected_fee
    assert d.amounts["A"] == collected - expected_fee


def test_cli_allocate_exit_codes(capsys, tmp_path):
    from poolcalc.cli import main
    from poolcalc.io import write_pool

    # the worked pool at a flat US$1.00 per unit (the engine reproduces the rows above)
    write_pool(worked_pool(schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]))), tmp_path)
    d = str(tmp_path)
    assert main(["allocate", d, "--format", "json", "--option", "country=sale"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [x["amount"] for x in out["members"]] == ["120.97", "80.75", "84.23"]
    assert main(["allocate", d, "--scheme", "borda"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "allowed: per-country-count" in err
    assert main(["allocate", d, "--option", "nope=1"]) == 2
    assert "unknown option 'nope'" in capsys.readouterr().err


def test_year_dates_inside_year_only(pool, report):
    # the expiry inside the year matters: on 2024-06-30 B still counts in the US
    assert pool.patent_rows[3].in_force(dt.date(2024, 6, 30)) and not pool.patent_rows[3].in_force(
        dt.date(2024, 7, 1)
    )


def test_worked_example_through_the_royalty_engine():
    # the real engine with a flat US$1.00 per unit reproduces the hand-computed rows
    from poolcalc.royalties import royalties_owed

    pool = worked_pool(schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    rep = royalties_owed(pool, year=2024)
    assert rep.rows.cents.tolist() == [10000, 7100, 6000, 3000, 0, 4000]
    d = allocate(pool, year=2024)
    assert dict(d.amounts) == {"A": 12097, "B": 8075, "C": 8423}
    assert d.netting["C"].payable_cents == 6000 and d.netting["C"].net_cents == 2423
    assert dict(allocate(pool, year=2024, scheme="equal").amounts) == {
        "A": 9532,
        "B": 9532,
        "C": 9531,
    }


def test_cli_nothing_collected_exit_2(capsys, tmp_path):
    from poolcalc.cli import main
    from poolcalc.io import write_pool

    write_pool(worked_pool(), tmp_path)  # default schedule: rate 0, nothing collected
    assert main(["allocate", str(tmp_path), "--year", "2024"]) == 2
    assert "nothing collected in 2024" in capsys.readouterr().err


def test_year_mismatch(pool, report):
    with pytest.raises(InvalidInputError, match="year=2023 but the royalties report is for 2024"):
        allocate(pool, year=2023, royalties=report)


def test_cli_on_the_bundled_example_pool(capsys):
    from poolcalc.cli import main
    from poolcalc.data import example_pool_path
    from poolcalc.io import parse_money

    assert main(["allocate", str(example_pool_path()), "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["scheme"] == "per-country-count" and obj["currency"] == "USD"
    amounts = [parse_money(x["amount"]) for x in obj["members"]]
    assert parse_money(obj["collected"]) == parse_money(obj["administrator_fee"]) + sum(amounts)
    assert sum(x["share"] for x in obj["members"]) == pytest.approx(1.0)
    assert main(["allocate", str(example_pool_path()), "--year", "1999"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_unit_family_differs_from_patent_when_a_family_has_two_patents():
    # US sales 100 units x $1.00 = 10000 cents, no fee.  A holds P1 and P2, one family F1
    # (two national patents of one invention); B holds P3 (family F3).
    #   unit = patent: A 2 of 3 -> 6666.67, B 1 of 3 -> 3333.33; largest remainder gives
    #                  the odd cent to A (.67 > .33): A 6667, B 3333
    #   unit = family: A 1 of 2, B 1 of 2 -> 5000 each
    pats = [m.Patent("P1", "A", "US", "2030-01-01", family="F1"),
            m.Patent("P2", "A", "US", "2030-01-01", family="F1"),
            m.Patent("P3", "B", "US", "2030-01-01", family="F3")]
    pool = m.Pool("P", [m.Member("A"), m.Member("B")], pats, licensees=[m.Licensee("L1")],
                  sales=[m.SalesRecord("L1", "2024-06-01", "tv", "US", "US", 100)],
                  schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    by_patent = allocate(pool, year=2024, scheme="per-country-count", options={"unit": "patent"})
    by_family = allocate(pool, year=2024, scheme="per-country-count", options={"unit": "family"})
    assert dict(by_patent.amounts) == {"A": 6667, "B": 3333}
    assert dict(by_family.amounts) == {"A": 5000, "B": 5000}
    assert dict(allocate(pool, year=2024, scheme="family-count").amounts) == {"A": 5000,
                                                                               "B": 5000}

"""Domain objects validate their fields; the columnar in-force lookup matches a loop."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import poolcalc.model as m
import poolcalc.model._rows as rows_mod
from poolcalc.data import synthetic_pool
from poolcalc.errors import InvalidInputError
from poolcalc.model import patent_table, sales_table
from poolcalc.tables import COUNTRIES, country_codes, day_number


def test_patent_defaults_and_in_force():
    p = m.Patent("P1", "A", "us", "2030-01-01", granted="2020-01-01")
    assert p.country == "US" and p.family == "P1" and p.pooled
    assert p.in_force(dt.date(2029, 12, 31)) and not p.in_force(dt.date(2030, 1, 1))
    assert not p.in_force(dt.date(2019, 12, 31))
    invalid = m.Patent("P2", "A", "US", "2030-01-01", status="invalid")
    assert not invalid.in_force(dt.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"country": "XX"}, "country must be an ISO 3166-1 alpha-2"),
        ({"expires": "2030-13-01"}, "expires must be an ISO date"),
        ({"expires": "20300101"}, "expires must be an ISO date YYYY-MM-DD, got '20300101'"),
        ({"expires": "2030-W01-1"}, "expires must be an ISO date"),
        ({"status": "maybe"}, "status must be one of"),
        ({"weight": -1}, "weight must be >= 0"),
        ({"granted": "2031-01-01"}, "granted .* must be before expires"),
    ],
)
def test_patent_bad_fields(kwargs, match):
    base = {"id": "P1", "owner": "A", "country": "US", "expires": "2030-01-01"}
    with pytest.raises(InvalidInputError, match=match):
        m.Patent(**(base | kwargs))


def test_schedule_validation():
    with pytest.raises(InvalidInputError, match="strictly increasing"):
        m.ProductRate(tiers=[{"from": 0, "rate": 0.1}, {"from": 0, "rate": 0.2}])
    with pytest.raises(InvalidInputError, match="must start from 0"):
        m.ProductRate(tiers=[{"from": 10, "rate": 0.1}])
    with pytest.raises(InvalidInputError, match="administrator_fee must be < 1"):
        m.Pool("x", [m.Member("A")], [], administrator_fee=1.0)
    with pytest.raises(InvalidInputError, match="has no schedule"):
        m.Schedule(default=None, products={"tv": m.ProductRate()}).rate_for("phone")
    with pytest.raises(InvalidInputError, match="units must be a non-negative integer"):
        m.SalesRecord("L", "2024-01-01", "tv", "US", "US", "2.5")


def test_discount_combination():
    d = dict(good_standing=0.2, early_signing=0.1, early_signing_by="2023-01-01")
    signed = dt.date(2022, 6, 1)
    assert m.Discounts(**d, combine="max").fraction(True, signed) == pytest.approx(0.2)
    assert m.Discounts(**d, combine="additive").fraction(True, signed) == pytest.approx(0.3)
    assert m.Discounts(**d, combine="multiplicative").fraction(True, signed) == pytest.approx(0.28)
    assert m.Discounts(**d).fraction(False, dt.date(2024, 1, 1)) == 0.0


def test_pool_cross_references():
    with pytest.raises(InvalidInputError, match="owner 'B' is not a member"):
        m.Pool("x", [m.Member("A")], [m.Patent("P1", "B", "US", "2030-01-01")])
    with pytest.raises(InvalidInputError, match="duplicate patent id 'P1'"):
        m.Pool("x", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")] * 2)
    with pytest.raises(InvalidInputError, match="unknown licensee 'L9'"):
        m.Pool("x", [m.Member("A")], [], [m.Licensee("L1")],
               [m.SalesRecord("L9", "2024-01-01", "tv", "US", "US", 1)])


DAY0 = day_number("2020-01-01")
_patent = st.tuples(
    st.integers(0, 2),  # owner
    st.integers(0, 3),  # country index among 4
    st.integers(-1, 800),  # granted offset (-1: unknown)
    st.integers(1, 900),  # length
    st.integers(0, 3),  # status
    st.integers(0, 4),  # family
)


@given(st.lists(_patent, max_size=25),
       st.lists(st.tuples(st.integers(-1, 3), st.integers(-50, 1000)), min_size=1, max_size=15))
def test_count_in_force_matches_loop(rows, queries):
    ctry = ["US", "DE", "CN", "JP"]
    statuses = list(m.PatentStatus)
    patents = [
        m.Patent(f"P{i}", "ABC"[o], ctry[c],
                 dt.date(2020, 1, 1) + dt.timedelta(days=max(g, 0) + ln),
                 granted=None if g < 0 else dt.date(2020, 1, 1) + dt.timedelta(days=g),
                 status=statuses[s], family=f"F{f}")
        for i, (o, c, g, ln, s, f) in enumerate(rows)
    ]
    t = patent_table(patents, ["A", "B", "C"])
    qc = np.array([-1 if c < 0 else COUNTRIES.index(ctry[c]) for c, _ in queries])
    qd = np.array([DAY0 + d for _, d in queries])
    got = t.count_in_force(qc, qd, by_owner=True)
    got_f = t.count_in_force(qc, qd, by_owner=True, unit="family")
    got_total = t.count_in_force(qc, qd)
    for k, (c, d) in enumerate(queries):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=d)
        for j, own in enumerate("ABC"):
            live = [p for p in patents if c >= 0 and p.owner == own and p.country == ctry[c]
                    and p.pooled and p.in_force(day)]
            assert got[k, j] == len(live)
            assert got_f[k, j] == len({p.family for p in live})
        assert got_total[k] == got[k].sum()


def test_sales_table_from_records():
    lics = [m.Licensee("L1", enterprise="E"), m.Licensee("L2", enterprise="E"), m.Licensee("L3")]
    recs = [m.SalesRecord("L2", "2024-03-01", "tv", "US", "CN", 5, 100.0),
            m.SalesRecord("L3", "2023-03-01", "phone", "DE", "DE", 7)]
    t = sales_table(recs, lics)
    assert [t.enterprises[e] for e in t.enterprise] == ["E", "L3"]
    assert list(t.year) == [2024, 2023]
    assert list(t.has_price) == [True, False]
    assert list(t.country_of_sale) == list(country_codes(["US", "DE"]))


def test_patent_rows_built_at_once_equal_row_by_row():
    """A full iteration over >= 10^4 patents builds all objects in one pass (issue 11):
    the same Patent objects as indexing row by row, including absent dates and labels."""
    pool = synthetic_pool(5, 12_000, 8, rng=2, n_sales=10, n_licensees=3)
    view = rows_mod.PatentRows(pool.patents)
    one_by_one = [view[k] for k in range(len(view))]
    at_once = list(rows_mod.PatentRows(pool.patents))
    assert at_once == one_by_one
    assert any(p.granted is None for p in at_once) or any(p.disclosed for p in at_once)


def test_sales_enterprises_as_a_list_aligned_with_the_licensees():
    from poolcalc.tables import SalesTable

    cols = dict(licensee=np.array([0, 1, 1]), date=["2024-01-02"] * 3,
                product=["codec"] * 3, country_of_sale=["DE"] * 3,
                country_of_manufacture=["CN"] * 3, units=[1, 2, 3], licensees=["L1", "L2"])
    by_list = SalesTable.from_arrays(**cols, enterprise_of=["E", "E"])
    by_dict = SalesTable.from_arrays(**cols, enterprise_of={"L1": "E", "L2": "E"})
    assert by_list.enterprises == by_dict.enterprises == ("E",)
    assert by_list.enterprise.tolist() == by_dict.enterprise.tolist() == [0, 0, 0]
    with pytest.raises(InvalidInputError, match="2 licensees"):
        SalesTable.from_arrays(**cols, enterprise_of=["E"])

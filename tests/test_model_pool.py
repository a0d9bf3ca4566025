"""One Pool: patents and sales are always columns; row objects are constructors and views."""

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.allocation import allocate
from poolcalc.compare import compare
from poolcalc.compliance import check
from poolcalc.data import example_pool_path, load_example
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.model import patent_table, sales_table
from poolcalc.royalties import royalties_owed
from poolcalc.tables import PatentTable, SalesTable


def _small_pool(**changes):
    kw = dict(
        name="demo",
        members=[m.Member("A"), m.Member("B")],
        patents=[
            m.Patent("P1", "A", "US", "2030-01-01"),
            m.Patent("P2", "A", "US", "2030-01-01"),
            m.Patent("P3", "B", "US", "2030-01-01", evaluator="Lab X"),
            m.Patent("P4", "B", "DE", "2030-01-01", family="F4", feature="cabac"),
        ],
        licensees=[m.Licensee("L1"), m.Licensee("L2", enterprise="L1")],
        sales=[
            m.SalesRecord("L1", "2024-05-01", "tv", "US", "CN", 1000),
            m.SalesRecord("L2", "2024-06-01", "tv", "DE", "CN", 500, net_price=12.5),
        ],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.25)])),
        administrator_fee=0.1,
        currency="EUR",
    )
    kw.update(changes)
    return m.Pool(**kw)


def test_patents_and_sales_are_tables_and_rows_are_views():
    pool = _small_pool()
    assert isinstance(pool.patents, PatentTable) and isinstance(pool.sales, SalesTable)
    assert pool.patents.members == ("A", "B") and pool.sales.licensees == ("L1", "L2")
    # the enterprise codes come from the pool's licensees: L2 belongs to L1's group
    assert pool.sales.enterprises == ("L1",) and pool.sales.enterprise.tolist() == [0, 0]
    rows = pool.patent_rows
    assert len(rows) == 4 and rows[2] == m.Patent("P3", "B", "US", "2030-01-01", evaluator="Lab X")
    assert rows[-1].family == "F4" and rows[-1].feature == "cabac" and rows[0].family == "P1"
    assert [p.id for p in rows[1:3]] == ["P2", "P3"] and isinstance(rows[1:3], tuple)
    with pytest.raises(IndexError, match="out of range"):
        rows[4]
    sales = pool.sales_rows
    assert sales[1] == m.SalesRecord("L2", "2024-06-01", "tv", "DE", "CN", 500, net_price=12.5)
    assert sales[0].net_price is None
    # rows built from objects are numbered like lines of a sales.csv (header = line 1)
    assert pool.sales.line.tolist() == [2, 3]


def test_a_pool_from_tables_equals_the_pool_from_objects():
    pool = _small_pool()
    pt = patent_table(pool.patent_rows, ["A", "B"])
    st = sales_table(pool.sales_rows, pool.licensees)
    assert _small_pool(patents=pt, sales=st) == pool
    assert _small_pool(patents=pt, sales=st).patents.equals(pool.patents)
    assert _small_pool(administrator_fee=0.2) != pool


def test_a_table_coded_against_other_member_order_is_recoded():
    pool = _small_pool()
    swapped = PatentTable.from_arrays(
        ids=["P1", "P2", "P3", "P4"], owner=["A", "A", "B", "B"], country=["US", "US", "US", "DE"],
        expires=["2030-01-01"] * 4, family=["P1", "P2", "P3", "F4"], members=["B", "A"],
        feature=["", "", "", "cabac"], evaluator=["", "", "Lab X", ""],
    )
    again = _small_pool(patents=swapped)
    assert again.patents.members == ("A", "B") and again.patents.owner.tolist() == [0, 0, 1, 1]
    assert again == pool


def test_bad_tables_are_refused_with_the_row():
    with pytest.raises(InvalidInputError, match=r"patent P9: owner 'C' is not a member"):
        _small_pool(patents=[m.Patent("P9", "C", "US", "2030-01-01")])
    foreign = PatentTable.from_arrays(ids=["Q1"], owner=["Z"], country=["US"],
                                      expires=["2030-01-01"])
    with pytest.raises(InvalidInputError, match=r"patent Q1: owner 'Z' is not a member"):
        _small_pool(patents=foreign)
    with pytest.raises(InvalidInputError, match=r"sales line 3: unknown licensee 'L2'"):
        _small_pool(licensees=[m.Licensee("L1")])
    only_phone = m.Schedule(products={"phone": m.ProductRate(tiers=[(0, 0.1)])})
    with pytest.raises(InvalidInputError, match=r"sales line 2: product 'tv' has no schedule"):
        _small_pool(schedule=only_phone)
    with pytest.raises(InvalidInputError, match=r"duplicate patent id 'P1'"):
        _small_pool(patents=[m.Patent("P1", "A", "US", "2030-01-01"),
                             m.Patent("P1", "B", "DE", "2030-01-01")])
    with pytest.raises(InvalidInputError, match=r"licensee L1: member 'Q' is not a member"):
        _small_pool(licensees=[m.Licensee("L1", member="Q"), m.Licensee("L2")])
    with pytest.raises(InvalidInputError, match=r"minor_units must be in 0..4, got 7"):
        _small_pool(minor_units=7)


def test_schedule_listing_products_has_no_implicit_zero_default():
    pool = _small_pool()
    only_phone = m.Schedule(products={"phone": m.ProductRate(tiers=[(0, 0.1)])})
    assert only_phone.default is None
    assert m.Schedule().default == m.ProductRate()  # an empty schedule stays a zero schedule
    with pytest.raises(InvalidInputError,
                       match=r"product 'tv' has no schedule \(listed products: phone"):
        attrs.evolve(pool, schedule=only_phone)


def test_evolve_keeps_the_tables():
    pool = _small_pool()
    cheaper = pool.evolve(administrator_fee=0.2)
    assert cheaper.patents.equals(pool.patents) and cheaper.administrator_fee == 0.2
    # 0.25 x 1500 units = 375.00 collected; fee floor(20 %) = 75.00
    assert allocate(cheaper, year=2024).administrator_fee_cents == 7500


def test_empty_pool_and_in_force():
    pool = m.Pool("empty", [m.Member("A")], [])
    assert len(pool.patents) == 0 and len(pool.sales) == 0 and pool.years() == ()
    live = _small_pool().in_force(np.datetime64("2024-06-01").item())
    assert isinstance(live, PatentTable) and len(live) == 4


def test_write_then_read_gives_the_same_pool(tmp_path):
    pool = _small_pool()
    back = read_pool(write_pool(pool, tmp_path / "p"))
    assert back == pool
    assert back.sales.line.tolist() == [2, 3]
    bundled = load_example()
    again = read_pool(write_pool(bundled, tmp_path / "b"))
    assert again == bundled


def test_repr_is_short_on_the_bundled_pool():
    text = repr(load_example())
    assert len(text) < 300
    assert text == ("Pool('Example AVC-like pool (synthetic)': 25 members, 3,496 national patents, "
                    "100 licensees, 9,870 sales rows)")


def test_engines_refuse_anything_but_a_pool():
    path = example_pool_path()
    for fn, where in ((royalties_owed, "royalties_owed"), (allocate, "allocate"),
                      (compare, "compare")):
        with pytest.raises(InvalidInputError, match=rf"{where}: pool must be a poolcalc Pool"):
            fn(str(path))
    with pytest.raises(InvalidInputError, match=r"check: pool must be a poolcalc Pool"):
        check(m.LicenseTerms(), object())
    with pytest.raises(InvalidInputError, match=r"pool path must be a path"):
        read_pool(None)


@pytest.mark.parametrize("scheme", ["per-country-count", "patent-count", "shapley"])
def test_the_same_pool_built_two_ways_gives_the_same_numbers(scheme):
    # 0.25 x (1000 + 500) units = 375.00; fee 10 % = 37.50
    pool = _small_pool()
    tabled = _small_pool(patents=patent_table(pool.patent_rows, ["A", "B"]),
                         sales=sales_table(pool.sales_rows, pool.licensees))
    assert royalties_owed(tabled).total_cents == royalties_owed(pool).total_cents == 37500
    got = dict(allocate(tabled, scheme=scheme).amounts)
    assert got == dict(allocate(pool, scheme=scheme).amounts)


@st.composite
def _coded_case(draw):
    """Licensees with enterprises, and a sales table coded against them or not quite."""
    n = draw(st.integers(1, 5))
    ids = [f"L{i}" for i in range(n)]
    ent = [draw(st.sampled_from(["E0", "E1", "E2", *ids])) for _ in ids]
    lic = [m.Licensee(i, enterprise=e) for i, e in zip(ids, ent, strict=True)]
    rows = draw(st.lists(st.sampled_from(ids), min_size=0, max_size=6))
    order = draw(st.permutations(ids)) if draw(st.booleans()) else ids
    table_ent = list(ent)
    if draw(st.booleans()):  # the table's enterprise of one licensee differs
        table_ent[draw(st.integers(0, n - 1))] = draw(st.sampled_from(["E0", "E9"]))
    table = SalesTable.from_arrays(
        licensee=rows, date=["2024-01-01"] * len(rows), product=["tv"] * len(rows),
        country_of_sale=["US"] * len(rows), country_of_manufacture=["US"] * len(rows),
        units=np.ones(len(rows), np.int64), licensees=order,
        enterprise_of=dict(zip(ids, table_ent, strict=True)))
    return table, lic


@settings(max_examples=300, deadline=None)
@given(_coded_case())
def test_coded_against_is_exactly_relabel_being_a_no_op(case):
    """``_coded_against(t, lt)`` iff ``t.relabel(...)`` gives the same labels and codes."""
    from poolcalc.model import LicenseeTable
    from poolcalc.model._pool import _coded_against

    table, lic = case
    lt = LicenseeTable.from_licensees(lic)
    again = table.relabel(lt.ids, dict(zip(lt.ids, lt.enterprises, strict=True)))
    same = (tuple(again.licensees) == tuple(table.licensees)
            and tuple(again.enterprises) == tuple(table.enterprises)
            and np.array_equal(again.licensee, table.licensee)
            and np.array_equal(again.enterprise, table.enterprise))
    assert _coded_against(table, lt) == same

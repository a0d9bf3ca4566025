"""Table pools (Pool.from_tables / with_tables / PoolTables.to_pool) give the numbers
of the object pools they stand for, and reject tables that do not fit the pool."""

import attrs
import numpy as np
import pytest

import poolcalc.model as m
from poolcalc.allocation import allocate
from poolcalc.data import example_pool_path, load_example
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_tables
from poolcalc.royalties import royalties_owed
from poolcalc.tables import PatentTable, SalesTable


def _small_pool():
    return m.Pool(
        "demo",
        [m.Member("A"), m.Member("B")],
        [
            m.Patent("P1", "A", "US", "2030-01-01"),
            m.Patent("P2", "A", "US", "2030-01-01"),
            m.Patent("P3", "B", "US", "2030-01-01"),
            m.Patent("P4", "B", "DE", "2030-01-01"),
        ],
        licensees=[m.Licensee("L1"), m.Licensee("L2", enterprise="L1")],
        sales=[
            m.SalesRecord("L1", "2024-05-01", "tv", "US", "CN", 1000),
            m.SalesRecord("L2", "2024-06-01", "tv", "DE", "CN", 500),
        ],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.25)])),
        administrator_fee=0.1,
        currency="EUR",
    )


def _as_table_pool(pool):
    fields = {
        a.name: getattr(pool, a.name)
        for a in attrs.fields(m.Pool)
        if a.name not in ("name", "members", "patents", "sales")
    }
    return m.Pool.from_tables(
        pool.name, pool.members, pool.patent_table, pool.sales_table, **fields
    )


def test_from_tables_keeps_the_tables_and_the_attributes():
    pool = _small_pool()
    tp = _as_table_pool(pool)
    assert tp.patents == () and tp.sales == ()
    assert tp.patent_table is pool.patent_table and tp.sales_table is pool.sales_table
    for a in attrs.fields(m.Pool):
        if a.name not in ("patents", "sales"):
            assert getattr(tp, a.name) == getattr(pool, a.name), a.name


@pytest.mark.parametrize("scheme", ["per-country-count", "patent-count", "shapley"])
def test_table_pool_gives_the_object_pool_numbers(scheme):
    pool = _small_pool()
    tp = _as_table_pool(pool)
    assert royalties_owed(tp).total_cents == royalties_owed(pool).total_cents == 37500
    d_obj, d_tab = allocate(pool, scheme=scheme), allocate(tp, scheme=scheme)
    assert dict(d_tab.amounts) == dict(d_obj.amounts)
    assert d_tab.administrator_fee_cents == d_obj.administrator_fee_cents == 3750


def test_with_tables_copies_attributes_and_applies_changes():
    pool = _small_pool()
    tp = pool.with_tables(pool.patent_table, pool.sales_table, administrator_fee=0.2, name="x")
    assert tp.patents == () and tp.sales_table is pool.sales_table
    assert (tp.name, tp.administrator_fee, tp.currency) == ("x", 0.2, "EUR")
    assert tp.licensees == pool.licensees and tp.schedule == pool.schedule
    # with_tables on a table pool keeps it a table pool
    again = tp.with_tables(tp.patent_table, tp.sales_table)
    assert again.patent_table is pool.patent_table and again.administrator_fee == 0.2


def test_bundled_pool_read_tables_to_pool_allocates_like_read_pool():
    pool, tp = load_example(), read_tables(example_pool_path()).to_pool()
    assert tp.patents == () and len(tp.patent_table) == len(pool.patents)
    year = max(pool.years())
    roy_o, roy_t = royalties_owed(pool, year), royalties_owed(tp, year)
    assert roy_t.total_cents == roy_o.total_cents > 0
    a = allocate(pool, year=year, scheme="patent-count", royalties=roy_o)
    b = allocate(tp, year=year, scheme="patent-count", royalties=roy_t)
    assert dict(a.amounts) == dict(b.amounts)


def test_from_tables_rejects_row_fields():
    pool = _small_pool()
    with pytest.raises(InvalidInputError, match="patents= is not allowed"):
        m.Pool.from_tables("x", pool.members, pool.patent_table, pool.sales_table, patents=())
    with pytest.raises(InvalidInputError, match="sales= is not allowed"):
        m.Pool.from_tables("x", pool.members, pool.patent_table, pool.sales_table, sales=())


def test_from_tables_rejects_members_that_differ_from_the_table():
    pool = _small_pool()
    swapped = [m.Member("B"), m.Member("A")]
    with pytest.raises(InvalidInputError, match=r"patent_table.members must be .*\['B', 'A'\]"):
        m.Pool.from_tables("x", swapped, pool.patent_table, pool.sales_table,
                           licensees=pool.licensees, schedule=pool.schedule)
    with pytest.raises(InvalidInputError, match="patent_table.members must be"):
        m.Pool.from_tables("x", [m.Member("A")], pool.patent_table, pool.sales_table,
                           licensees=pool.licensees, schedule=pool.schedule)


def test_from_tables_rejects_unknown_licensee_and_product():
    pool = _small_pool()
    with pytest.raises(InvalidInputError, match=r"sales row 2: unknown licensee 'L2'"):
        m.Pool.from_tables("x", pool.members, pool.patent_table, pool.sales_table,
                           licensees=[m.Licensee("L1")], schedule=pool.schedule)
    only_phone = m.Schedule(default=None, products={"phone": m.ProductRate(tiers=[(0, 0.1)])})
    with pytest.raises(InvalidInputError, match="product 'tv' has no schedule"):
        m.Pool.from_tables("x", pool.members, pool.patent_table, pool.sales_table,
                           licensees=pool.licensees, schedule=only_phone)



def test_schedule_listing_products_has_no_implicit_zero_default():
    # Audit fix: Schedule(products=...) without `default` used to give unlisted
    # products a silent 0 rate; now they are an error like in pool.toml.
    pool = _small_pool()
    only_phone = m.Schedule(products={"phone": m.ProductRate(tiers=[(0, 0.1)])})
    assert only_phone.default is None
    assert m.Schedule().default == m.ProductRate()  # an empty schedule stays a zero schedule
    listed = r"product 'tv' has no schedule \(listed products: phone"
    with pytest.raises(InvalidInputError, match=listed):
        m.Pool.from_tables("x", pool.members, pool.patent_table, pool.sales_table,
                           licensees=pool.licensees, schedule=only_phone)
    with pytest.raises(InvalidInputError, match=r"product 'tv' has no schedule"):
        attrs.evolve(pool, schedule=only_phone)

def test_from_tables_with_empty_sales():
    pt = PatentTable.from_arrays(ids=["P1"], owner=["A"], country=["US"],
                                 expires=["2030-01-01"], members=["A"])
    st = SalesTable.from_records([], licensees=[])
    tp = m.Pool.from_tables("big", [m.Member("A")], pt, st)
    assert len(tp.sales_table) == 0 and np.array_equal(tp.patent_table.owner, [0])


def test_is_table_pool_and_consumers_that_need_row_objects(tmp_path):
    from poolcalc.compliance import check
    from poolcalc.io import write_pool
    from poolcalc.model import LicenseTerms

    pool = _small_pool()
    tp = _as_table_pool(pool)
    assert tp.is_table_pool and not pool.is_table_pool
    assert not m.Pool("empty", [m.Member("A")], []).is_table_pool
    with pytest.raises(InvalidInputError, match="write_pool: pool keeps its patents/sales only"):
        write_pool(tp, tmp_path / "out")
    with pytest.raises(InvalidInputError, match="pool: the pool rules read patent and sales"):
        check(LicenseTerms(), tp)
    with pytest.raises(InvalidInputError, match="second_pool: the pool rules read"):
        check(LicenseTerms(), pool, second_pool=tp)
    assert write_pool(pool, tmp_path / "ok").is_dir()


def test_allocate_and_pool_game_accept_read_tables_directly():
    from poolcalc.allocation import pool_game

    tabs, pool = read_tables(example_pool_path()), load_example()
    year = max(pool.years())
    report = royalties_owed(pool, year)
    a = allocate(tabs, year=year, scheme="equal", royalties=report)
    b = allocate(pool, year=year, scheme="equal", royalties=report)
    assert dict(a.amounts) == dict(b.amounts)
    ga = pool_game(tabs, year=year, royalties=report)
    gb = pool_game(pool, year=year, royalties=report)
    assert ga == gb and np.array_equal(ga.carriers, gb.carriers)


def test_from_tables_rejects_out_of_range_sales_codes():
    pool = _small_pool()
    bad = attrs.evolve(pool.sales_table, product=np.array([0, 3], np.int32))
    with pytest.raises(InvalidInputError, match=r"sales_table.product codes out of range 0..0"):
        pool.with_tables(pool.patent_table, bad)


def test_evolve_keeps_the_rows_of_a_table_pool():
    pool = _small_pool()
    tp = _as_table_pool(pool)
    cheaper = tp.evolve(administrator_fee=0.2)
    assert cheaper.is_table_pool and cheaper.patent_table is pool.patent_table
    assert cheaper.administrator_fee == 0.2
    assert allocate(cheaper, year=2024).administrator_fee_cents == 7500
    # replacing the rows with objects gives an object pool again
    back = tp.evolve(patents=pool.patents, sales=pool.sales)
    assert not back.is_table_pool and back.patents == pool.patents

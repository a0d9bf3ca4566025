"""LicenseeTable (licensees as columns), the columnar licensees.csv reader and report writer.

Oracles: the row-by-row reader (one validated Licensee per line), ``format_money``
value by value, and ``render_json(report.to_dict())`` for the columnar JSON writer.
"""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc
from poolcalc._format import (
    format_money,
    format_money_array,
    render_csv,
    render_csv_columns,
    render_json,
)
from poolcalc.errors import InvalidInputError
from poolcalc.io._licensees import read_licensees_columns
from poolcalc.io._pool_dir import _read_licensees
from poolcalc.io._royalties_io import write_royalties
from poolcalc.model import Licensee, LicenseeTable, Member, Patent, Pool
from poolcalc.royalties import royalties_owed


def test_table_behaves_as_the_tuple_of_licensees():
    objs = (Licensee("L1", enterprise="E", signed="2024-03-01"), Licensee("L2", name="Two"))
    t = LicenseeTable.from_licensees(objs)
    assert t == objs and objs == tuple(t) and t[1] == objs[1] and t[-1] == objs[1]
    assert t[0:1] == objs[:1] and list(t) == list(objs) and len(t) == 2
    assert t.ids == ["L1", "L2"] and t.enterprises == ["E", "L2"]
    assert t.column("name") == ["L1", "Two"]  # the id when no name is given
    assert t.signed_days(-1).tolist() == [(dt.date(2024, 3, 1) - dt.date(1970, 1, 1)).days, -1]
    assert t.index_of(["L2", "L1", "L2"]).tolist() == [1, 0, 1]
    assert t.by_id()["L2"] == objs[1] and "L3" not in t.by_id()
    assert pickle.loads(pickle.dumps(t)) == t
    with pytest.raises(IndexError):
        t[2]


def test_duplicate_and_unknown_ids():
    with pytest.raises(InvalidInputError, match="duplicate licensee id 'L1'"):
        LicenseeTable(["L1", "L2", "L1"])
    with pytest.raises(InvalidInputError, match="unknown licensee 'X'"):
        LicenseeTable(["L1"]).index_of(["X"])
    with pytest.raises(InvalidInputError, match="duplicate licensee id 'L1'"):
        Pool("p", [Member("A")], [Patent("P1", "A", "US", "2030-01-01")],
             licensees=[Licensee("L1"), Licensee("L1")])


def test_pool_keeps_a_table_and_looks_licensees_up():
    pool = poolcalc.load_example()
    assert isinstance(pool.licensees, LicenseeTable)
    lic = pool.licensees[5]
    assert pool.licensee(lic.id) == lic
    with pytest.raises(InvalidInputError, match="unknown licensee 'nobody'"):
        pool.licensee("nobody")
    again = pool.evolve(licensees=tuple(pool.licensees))
    assert again == pool and again.licensees == pool.licensees


def _csv(n: int, spaced: bool = False) -> bytes:
    head = "licensee,name,enterprise,member,signed,good_standing,chain_level\n"
    rows = []
    for i in range(n):
        lid = f" L{i:06d}" if spaced and i == 7 else f"L{i:06d}"
        rows.append(",".join([
            lid, "" if i % 3 else f"Name {i}", "" if i % 2 else f"E{i // 10}",
            "A" if i % 1000 == 0 else "", "2024-01-15" if i % 5 == 0 else "",
            "false" if i % 7 == 0 else "", "terminal" if i % 11 == 0 else ""]))
    return (head + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("spaced", [False, True])
def test_columnar_reader_equals_the_row_reader(spaced):
    data = _csv(25_000, spaced)  # above FAST_MIN: the columnar path
    fast = read_licensees_columns(data, {"A"}, _read_licensees)
    slow = _read_licensees(data.decode(), {"A"})
    assert isinstance(fast, LicenseeTable) and fast == tuple(slow)
    assert fast[7].id == "L000007"  # surrounding spaces stripped either way


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-(10**15), 10**15) | st.integers(-(2**63), 2**63 - 1),
                max_size=300), st.integers(0, 4))
def test_format_money_array_is_format_money(values, mu):
    assert format_money_array(np.array(values, np.int64), mu) == [
        format_money(v, mu) for v in values]


def test_format_money_array_hand_values():
    """Lengths at every digit count, the sign, and int64's ends, written by hand."""
    got = format_money_array(np.array([0, 5, -5, 99, -100, 101, 2**63 - 1, -(2**63)]), 2)
    assert got == ["0.00", "0.05", "-0.05", "0.99", "-1.00", "1.01",
                   "92233720368547758.07", "-92233720368547758.08"]
    assert format_money_array(np.array([7, -7, 0]), 0) == ["7", "-7", "0"]
    assert format_money_array(np.array([7]), 4) == ["0.0007"]
    assert format_money_array(np.array([], np.int64)) == []


def test_royalties_json_from_columns_is_render_json_of_to_dict():
    # the example pool has invoices with units not due (nested objects) and without
    report = royalties_owed(poolcalc.load_example(), 2024)
    assert any(inv.not_due for inv in report.invoices)
    assert write_royalties(report, "json") == render_json(report.to_dict())


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 6).flatmap(lambda n: st.tuples(
    st.lists(st.text(max_size=6), min_size=n, max_size=n),
    st.lists(st.integers(-5, 10**12), min_size=n, max_size=n),
    st.lists(st.sampled_from(["1.00", "-0.05", "=1", "a,b", 'q"', "x\ny", "'t"]),
             min_size=n, max_size=n))))
def test_render_csv_columns_is_render_csv_of_the_rows(cols):
    text, ints, special = cols
    rows = [list(r) for r in zip(text, ints, special, strict=True)]
    assert render_csv_columns(["a", "b", "c"], [text, ints, special]) == render_csv(
        ["a", "b", "c"], rows)


def test_royalties_csv_from_columns_is_to_csv():
    report = royalties_owed(poolcalc.load_example(), 2024)
    assert write_royalties(report, "csv") == report.to_csv()


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_royalties_printed_in_parts_are_the_rendered_text(fmt, monkeypatch):
    """print_royalties writes write_royalties's text; the JSON in many parts, none whole."""
    import poolcalc._json as json_writer
    import poolcalc.io._royalties_io as rio

    report = royalties_owed(poolcalc.load_example(), 2024)
    monkeypatch.setattr(json_writer, "PART", 7)  # pieces per write: the JSON in parts
    parts: list[str] = []

    class Stream:
        def write(self, text: str) -> int:
            parts.append(text)
            return len(text)

    rio.print_royalties(report, fmt, Stream())
    text = write_royalties(report, fmt)
    assert "".join(parts) == text
    if fmt == "json":  # about 40 pieces per invoice: many writes, each a small part
        assert len(parts) > len(report.invoices) and max(map(len, parts)) < len(text) / 10


def test_royalties_printed_in_an_unknown_format_write_nothing():
    """print_royalties refuses a format as write_royalties does, before any write."""
    import io

    from poolcalc.errors import InvalidInputError
    from poolcalc.io import print_royalties

    report = royalties_owed(poolcalc.load_example(), 2024)
    out = io.StringIO()
    with pytest.raises(InvalidInputError,
                       match="format must be one of table, json, csv, got 'xml'"):
        print_royalties(report, "xml", out)
    assert out.getvalue() == ""

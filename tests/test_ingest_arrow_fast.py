"""The pyarrow reader's fast paths give the built-in reader's pools and messages.

* date columns parsed by pyarrow (``date32``): every cell it accepts reads to the day
  :func:`~poolcalc.model._validators.to_date` gives, anything else goes back to the
  text path (same message);
* strictly increasing text columns (sorted patent ids) skip the hash encoding;
* the lone-CR check of the one-row-per-line test (numpy over blocks).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from poolcalc.data import example_pool_path
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool
from poolcalc.tables import NO_DATE
from tests.test_io_pool_dir import read_pool_builtin

pa = pytest.importorskip("pyarrow")  # the `test` extra installs it
pc = pytest.importorskip("pyarrow.compute")

from poolcalc.io._arrow import ArrowColumn, _increasing, _lone_cr, _short_order  # noqa: E402


def _copy(tmp: Path) -> Path:
    d = tmp / "pool"
    shutil.copytree(example_pool_path(), d)
    return d


def _set_cell(d: Path, name: str, line: int, column: str, value: str) -> None:
    """Replace one cell (file line ``line``, header = 1) of a pool CSV."""
    lines = (d / name).read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[head.index(column)] = value
    lines[line - 1] = ",".join(cells)
    (d / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _outcome(reader, d: Path):
    try:
        return reader(d)
    except InvalidInputError as exc:
        return str(exc)


def _day(y: int, m: int, d: int) -> int:
    return (dt.date(y, m, d) - dt.date(1970, 1, 1)).days


# ------------------------------------------------------------------------------------------
# dates parsed by pyarrow
# ------------------------------------------------------------------------------------------
DATE_CELLS = [
    "2024-02-29", " 2024-02-29", "2024-02-29 ", "\t2024-02-29", '"2024-02-29"',
    '" 2024-02-29 "', "", '""', "   ", "2023-02-29", "2024-02-30", "0000-01-01",
    "0001-01-01", "9999-12-31", "2024-1-05", "20240105", "'2024-01-05", "2024-01-05x",
    "\u00a02024-01-05",
]


@pytest.mark.parametrize("cell", DATE_CELLS)
@pytest.mark.parametrize(("name", "column"), [
    ("patents.csv", "granted"), ("patents.csv", "expires"), ("sales.csv", "date"),
])
def test_parsed_dates_read_as_the_text_path(tmp_path, name, column, cell):
    d = _copy(tmp_path)
    _set_cell(d, name, 5, column, cell)
    arrow, builtin = _outcome(read_pool, d), _outcome(read_pool_builtin, d)
    if isinstance(builtin, str):
        assert arrow == builtin
        assert builtin.startswith(f"{name}:5: ")
    else:
        assert not isinstance(arrow, str), arrow
        assert arrow == builtin
        assert arrow.patents.equals(builtin.patents) and arrow.sales.equals(builtin.sales)


def test_parsed_dates_hand_checked(tmp_path):
    d = _copy(tmp_path)
    _set_cell(d, "patents.csv", 2, "granted", '" 2024-02-29 "')
    _set_cell(d, "patents.csv", 3, "granted", "")
    _set_cell(d, "patents.csv", 4, "expires", "9999-12-31")
    pool = read_pool(d)
    assert pool.patents.granted[:2].tolist() == [_day(2024, 2, 29), NO_DATE]
    assert pool.patents.expires[2] == _day(9999, 12, 31)


def test_empty_required_date_names_the_line(tmp_path):
    d = _copy(tmp_path)
    _set_cell(d, "sales.csv", 7, "date", '""')
    with pytest.raises(InvalidInputError,
                       match=r"^sales\.csv:7: date must be an ISO date YYYY-MM-DD, got ''"):
        read_pool(d)


def test_date_column_first(tmp_path):
    """A parsed date column first in the file (its empty cells checked without text)."""
    d = _copy(tmp_path)
    lines = (d / "sales.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines]
    (d / "sales.csv").write_text(
        "".join(",".join([r[1], r[0], *r[2:]]) + "\n" for r in rows), encoding="utf-8")
    assert read_pool(d) == read_pool(example_pool_path())


# ------------------------------------------------------------------------------------------
# strictly increasing columns (sorted ids)
# ------------------------------------------------------------------------------------------
def _sorted_patents(d: Path) -> list[str]:
    lines = (d / "patents.csv").read_text(encoding="utf-8").splitlines()
    body = sorted(lines[1:], key=lambda line: line.split(",")[0].encode())
    (d / "patents.csv").write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return body


def test_sorted_ids_give_the_builtin_pool(tmp_path):
    d = _copy(tmp_path)
    body = _sorted_patents(d)
    pool = read_pool(d)
    assert pool == read_pool_builtin(d)
    assert pool.patents.ids.tolist() == [line.split(",")[0] for line in body]
    assert list(pool.patents.families) == sorted({line.split(",")[5] for line in body})


@pytest.mark.parametrize(("first", "second", "dup"), [
    ("P1", "P1 ", "P1"),  # increasing as text, equal once stripped
    ("'=A", "=A", "=A"),  # increasing as text, equal once the formula quote is removed
])
def test_sorted_ids_equal_after_cleaning_are_duplicates(tmp_path, first, second, dup):
    d = _copy(tmp_path)
    _sorted_patents(d)
    _set_cell(d, "patents.csv", 2, "patent", first)
    _set_cell(d, "patents.csv", 3, "patent", second)
    message = f"patents.csv:3: duplicate patent id {dup!r} (first on line 2)"
    for reader in (read_pool, read_pool_builtin):
        with pytest.raises(InvalidInputError) as info:
            reader(d)
        assert str(info.value) == message


@given(st.lists(st.text(max_size=3), max_size=80), st.integers(0, 80))
def test_increasing_is_strictly_increasing_text(values, cut):
    cut = min(cut, len(values))
    arr = pa.chunked_array([pa.array(values[:cut], pa.string()),
                            pa.array(values[cut:], pa.string())], pa.string())
    # str order is code point order, which is UTF-8 byte order
    want = all(a < b for a, b in zip(values, values[1:], strict=False))
    assert _increasing(pc, arr) is want


@given(st.lists(st.text(max_size=3), max_size=80))
def test_factorize_and_order_of_any_column(values):
    col = ArrowColumn(pa.array(values, pa.string()))
    uniq, codes = col.factorize()
    assert uniq == list(dict.fromkeys(values))
    assert [uniq[k] for k in codes.tolist()] == values
    order = col.unique_order()
    assert [uniq[k] for k in order.tolist()] == sorted(uniq)


@given(st.lists(st.text(alphabet="ab\x00\u00e9\u4e00", max_size=4), unique=True, max_size=60),
       st.integers(0, 5))
def test_short_order_sorts_like_str(values, skip):
    d = pa.array(["x" * 9] * skip + values, pa.string()).slice(skip)  # an offset into data
    order = _short_order(d)
    if order is None:  # longer than 8 bytes, or equal but for trailing NULs: pyarrow sorts
        padded = [v.encode().ljust(8, b"\0") for v in values]
        assert len(values) < 2 or max(len(v.encode()) for v in values) > 8 or (
            len(set(padded)) < len(padded))
    else:
        assert [values[k] for k in order.tolist()] == sorted(values)


# ------------------------------------------------------------------------------------------
# the lone-CR check
# ------------------------------------------------------------------------------------------
@given(st.text(alphabet="a\r\n", max_size=60), st.integers(0, 60))
def test_lone_cr_matches_counting(text, end):
    raw = text.encode()
    end = min(end, len(raw))
    assert _lone_cr(raw, end) is (raw.count(b"\r", 0, end) != raw.count(b"\r\n", 0, end))


@pytest.mark.parametrize("tail", [b"\r\n", b"\rx", b"x\r", b"x"])
def test_lone_cr_at_block_boundaries(tail):
    block = 1 << 22
    for at in (block - 2, block - 1, block):
        raw = b"a" * at + tail + b"b\r\n"
        end = len(raw) - 2
        want = raw.count(b"\r", 0, end) != raw.count(b"\r\n", 0, end)
        assert _lone_cr(raw, end) is want
        assert want is (tail in (b"\rx", b"x\r"))  # a CR then "x" or "b"

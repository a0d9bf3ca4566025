"""The built-in reader's vectorised parts against plain oracles (round ing2).

* :func:`poolcalc.io._bytecols.split` with a header offset against the csv module, on
  quoted and CRLF files with separators, quotes, carriage returns and line breaks in
  the cells: cell for cell whenever it takes the file, and it must take every file of
  simply quoted cells (no ``""`` escape, no line break inside quotes);
* ``ByteColumn.factorize`` (cells of at most 8 bytes keyed by their word; sorted
  columns as runs) against ``dict.fromkeys``, and ``unique_order`` against ``sorted``;
* :func:`poolcalc.io._numparse.plain_decimals` and ``ByteColumn.as_float`` against
  :func:`float`; :func:`poolcalc.io._numparse.iso_days` against
  :meth:`datetime.date.fromisoformat` on whole years.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from poolcalc.io import _bytecols
from poolcalc.io._bytecols import split
from poolcalc.io._numparse import digits8, iso_days, plain_decimals
from poolcalc.tables import factorize_hashed

_CELL = st.text(alphabet='ab ,"\r\n\u00e9', max_size=5)
_SIMPLE = st.text(alphabet="ab ,\u00e9", max_size=5)  # quoted by QUOTE_ALL: no escapes


def _file(rows: list[list[str]], end: str, quoting: int) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end, quoting=quoting).writerows(rows)
    return buf.getvalue()


def _grids(cell: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[int, list[list[str]]]]:
    return st.integers(1, 4).flatmap(lambda k: st.tuples(
        st.just(k), st.lists(st.lists(cell, min_size=k, max_size=k), min_size=1, max_size=8)))


@settings(max_examples=400, deadline=None)
@given(_grids(_CELL), st.sampled_from(["\n", "\r\n"]),
       st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
def test_split_after_a_header_equals_csv_module(grid, end, quoting):
    ncol, rows = grid
    header = ",".join(f"h{j}" for j in range(ncol)) + end
    text = header + _file(rows, end, quoting)
    raw = text.encode("utf-8")
    out = split(raw, ncol, len(header))
    if out is None:
        return  # handed to the csv module (escapes, line breaks inside quotes, ...)
    cols, n = out
    want = list(csv.reader(io.StringIO(text, newline=""), strict=True))[1:]
    assert [[c.text(i) for c in cols] for i in range(n)] == want


@settings(max_examples=300, deadline=None)
@given(_grids(_SIMPLE), st.sampled_from(["\n", "\r\n"]))
@example((2, [["Acme, Inc.", ""], ["b", "c d"]]), "\r\n")
def test_split_takes_every_simply_quoted_file(grid, end):
    ncol, rows = grid
    text = _file(rows, end, csv.QUOTE_ALL)
    out = split(text.encode("utf-8"), ncol)
    assert out is not None
    cols, n = out
    assert [[c.text(i) for c in cols] for i in range(n)] == rows


def test_split_refuses_what_csv_must_read():
    assert split(b'a,"b\nc"\n', 2) is None  # a line break inside quotes
    assert split(b'a,"b""c"\n', 2) is None  # an escaped quote
    assert split(b"a,b\rc\n", 2) is None  # a lone carriage return
    assert split(b"a,b\r\r\nc,d\r\n", 2) is None  # two before one newline
    assert split(b'a,"b\r"\r\n', 2) is None  # inside quotes, not before a newline
    assert split(b"a,b\n\nc,d\n", 2) is None  # a blank line
    assert split(b"a,b\nc\n", 2) is None  # a short row
    assert split(b"h\n", 1, 2) is None  # header only


def test_split_hand_made_crlf_offsets():
    raw = b'x,y\r\n"Acme, Inc.",\r\nb,"c"\r\n'
    cols, n = split(raw, 2, 5)
    assert n == 2
    assert [cols[0].text(i) for i in range(2)] == ["Acme, Inc.", "b"]
    assert [cols[1].text(i) for i in range(2)] == ["", "c"]


# ------------------------------------------------------------------------------------------
# factorisation of short cells
# ------------------------------------------------------------------------------------------
_SHORT = st.text(alphabet="ab\x00\u00e9", max_size=4)  # NUL bytes: words tie, lengths not
_EIGHT = st.sampled_from(["abcdefgh", "abcdefg", "abcdefg\x00", "abcdef\x00\x00", "x"])


def _column(values: list[str]):
    text = "".join(v + "\n" for v in values)
    out = split(text.encode("utf-8"), 1)
    assert out is not None
    return out[0][0]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_SHORT, min_size=1, max_size=60),
                 st.lists(_EIGHT, min_size=1, max_size=60)), st.booleans())
def test_factorize_short_cells_is_dict_fromkeys(values, sort):
    values = [v for v in values if v != ""] or ["a"]  # an empty line is a blank line
    if sort:
        values = sorted(values, key=lambda v: v.encode("utf-8"))
    col = _column(values)
    uniques, codes = col.factorize()
    want = list(dict.fromkeys(values))
    assert uniques == want
    assert [want[c] for c in codes] == values
    order = col.unique_order()
    assert [uniques[k] for k in order] == sorted(want)


def test_factorize_sorted_ids_and_trailing_nul_cells():
    col = _column(["P1", "P2", "P2", "P3"])
    uniques, codes = col.factorize()
    assert uniques == ["P1", "P2", "P3"] and codes.tolist() == [0, 1, 1, 2]
    assert col.unique_order().tolist() == [0, 1, 2]
    col = _column(["abcdefg", "abcdefg\x00", "abcdefg"])  # one word, two lengths
    uniques, codes = col.factorize()
    assert uniques == ["abcdefg", "abcdefg\x00"] and codes.tolist() == [0, 1, 0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 40), max_size=6000))
def test_factorize_hashed_by_key_alone(keys):
    k = np.array(keys, np.uint64)
    first, codes = factorize_hashed(k, None)
    expected = list(dict.fromkeys(keys))
    assert [int(x) for x in k[first]] == expected
    assert [expected[c] for c in codes] == keys


# ------------------------------------------------------------------------------------------
# numbers and dates
# ------------------------------------------------------------------------------------------
_DECIMAL = st.from_regex(r"\A[0-9]{0,9}(\.[0-9]{0,8})?\Z")


def _cells(values: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    raw = "".join(values).encode("ascii")
    length = np.array([len(v) for v in values], np.int64)
    start = np.concatenate([[0], np.cumsum(length)[:-1]]).astype(np.int64)
    return np.frombuffer(raw + b"\x00" * 16, np.uint8), start, length  # read up to 15 past


@settings(max_examples=150, deadline=None)
@given(st.lists(_DECIMAL, min_size=1, max_size=20))
@example(["0.1", "1.", ".5", "007.50", "123456789012345", "999999999999999"])
def test_plain_decimals_equal_float(values):
    body, start, length = _cells(values)
    got = plain_decimals(body, start, length)
    try:
        want = [float(v) for v in values]
    except ValueError:
        want = None  # "" or "."
    if want is None or max(map(len, values)) > 15:
        assert got is None
    else:
        assert got is not None and got.tolist() == want


def test_plain_decimals_decline_other_spellings():
    for v in ["-1", "+1", "1e3", " 1", "1 ", "inf", "nan", "1.2.3", ".", "1_0"]:
        body, start, length = _cells(["2.5", v])
        assert plain_decimals(body, start, length) is None, v


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False) | st.integers(0, 10**17).map(float),
                min_size=1, max_size=30))
def test_as_float_of_repr_cells_equals_float(xs):
    cells = [repr(x) for x in xs]
    out = split(("".join(c + "\n" for c in cells)).encode("ascii"), 1)
    assert out is not None
    col = out[0][0]
    got = col.as_float(np.arange(len(cells)))
    assert got.tolist() == [float(c) for c in cells]


def test_iso_days_every_day_of_chosen_years():
    days = []
    for year in (1, 4, 100, 1900, 1970, 2000, 2023, 2024, 2100, 9999):
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        days += [dt.date.fromordinal(k) for k in range(first, last + 1)]
    cells = [d.isoformat() for d in days]
    b = np.frombuffer("".join(cells).encode("ascii"), np.uint8).reshape(-1, 10)
    w = np.ascontiguousarray(b[:, :8]).view("<u8").ravel()
    w2 = np.ascontiguousarray(b[:, 8:]).view("<u2").ravel()
    want = [(d - dt.date(1970, 1, 1)).days for d in days]
    assert iso_days(w, w2).tolist() == want


def test_iso_days_refuses_impossible_dates():
    for cell in ["0000-01-01", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10",
                 "2024-04-31", "2024-01-00", "2024-01-32", "2024-99-99"]:
        b = np.frombuffer(cell.encode("ascii"), np.uint8).reshape(-1, 10)
        w = np.ascontiguousarray(b[:, :8]).view("<u8").ravel()
        w2 = np.ascontiguousarray(b[:, 8:]).view("<u2").ravel()
        assert iso_days(w, w2) is None, cell


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["essential", "non-essential", "essential ", "x" * 17,
                                 "x" * 16 + "\x00", "\u00e9" * 5]), min_size=1, max_size=60),
       st.booleans())
def test_factorize_wide_cells_is_dict_fromkeys(values, collide):
    """Cells over 8 bytes: hash classes checked row by row; with every hash equal
    (``_PRIME`` = 0) the check fails and the exact table separates the values."""
    col = _column(values)
    saved = _bytecols._PRIME
    if collide:
        _bytecols._PRIME = np.uint64(0)
    try:
        uniques, codes = col.factorize()
    finally:
        _bytecols._PRIME = saved
    want = list(dict.fromkeys(values))
    assert uniques == want
    assert [want[c] for c in codes] == values


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789/:a.", min_size=1, max_size=8), min_size=1,
                max_size=30))
@example(["0", "9", "99999999", "00000007", "12345678"])
def test_digits8_equals_int(cells):
    w = np.array([int.from_bytes(c.encode("ascii"), "little") for c in cells], np.uint64)
    got = digits8(w, np.array([len(c) for c in cells]))
    want = [int(c) for c in cells] if all(c.isdigit() for c in cells) else None
    assert (None if got is None else got.tolist()) == want

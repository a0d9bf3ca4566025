"""Block-wise separator search and the dictionary edge-space test, against plain oracles.

:func:`poolcalc.io._bytecols.split` scans the file in blocks and carries the quote
parity from block to block; with tiny blocks every carry path is taken, and the cells
must still be the csv module's.  The parity words of ``_quote_parity`` are checked
against a running count of quotes, and ``ArrowColumn.edge_space`` (read from the
dictionary's buffers) against ``str.isspace`` on each distinct value.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.io import _bytecols
from poolcalc.io._arrow import ArrowColumn
from poolcalc.io._bytecols import _quote_parity, split

pa = pytest.importorskip("pyarrow")  # the `test` extra installs it

_CELL = st.text(alphabet='ab ,"\u00e9', max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(
    st.just(k), st.lists(st.lists(_CELL, min_size=k, max_size=k), min_size=1, max_size=12))),
    st.sampled_from(["\n", "\r\n"]), st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    st.sampled_from([64, 128, 192]))
def test_split_in_small_blocks_equals_csv_module(grid, end, quoting, block):
    ncol, rows = grid
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end, quoting=quoting).writerows(rows)
    raw = buf.getvalue().encode("utf-8")
    whole = split(raw, ncol)
    saved = _bytecols._BLOCK
    _bytecols._BLOCK = block
    try:
        out = split(raw, ncol)
    finally:
        _bytecols._BLOCK = saved
    assert (out is None) == (whole is None)
    if out is None:
        return  # handed to the csv module (doubled quotes, ...)
    cols, n = out
    want = list(csv.reader(io.StringIO(buf.getvalue(), newline=""), strict=True))
    assert [[c.text(i) for c in cols] for i in range(n)] == want


def test_split_carries_quotes_over_a_block_boundary(monkeypatch):
    # the quoted comma (byte 64) is in the second 64-byte block, its quote in the first
    monkeypatch.setattr(_bytecols, "_BLOCK", 64)
    raw = b"x" * 60 + b',"ab,' + b'cd"\n'
    cols, n = split(raw, 2)
    assert n == 1 and [c.text(0) for c in cols] == ["x" * 60, "ab,cd"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=300), st.booleans())
def test_quote_parity_is_a_running_count(quotes, carry):
    q = np.array(quotes)
    words, out = _quote_parity(q, carry)
    j = np.arange(q.size)
    bits = (words[j >> 6] >> (j & 63).astype(np.uint64)) & np.uint64(1)
    want = (np.cumsum(q) + carry) % 2
    assert bits.tolist() == want.tolist()
    assert out == bool(want[-1])


def test_quote_parity_hand_made():
    # quotes at 0 and 2: inside from 0 to 1, outside from 2 on; 70 bytes span two words
    q = np.zeros(70, bool)
    q[[0, 2, 65]] = True
    words, out = _quote_parity(q, False)
    bits = [(int(words[i // 64]) >> (i % 64)) & 1 for i in range(70)]
    assert bits[:4] == [1, 1, 0, 0] and bits[64] == 0 and bits[65:] == [1] * 5
    assert out is True


_TEXT = st.text(alphabet=["a", " ", "\t", "\x85", "\xa0", "\u2003", "\u3000", "\x1c", "\u00e9",
                          "\u200b", "\r"], max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, max_size=30), st.integers(0, 30))
def test_edge_space_equals_str_isspace(values, cut):
    cut = min(cut, len(values))
    col = ArrowColumn(pa.chunked_array([pa.array(values[:cut], pa.string()),
                                        pa.array(values[cut:], pa.string())]))
    uniques, _ = col.factorize()
    got = col.edge_space()
    assert got is not None
    assert got.tolist() == [v[:1].isspace() or v[-1:].isspace() for v in uniques]


def test_edge_space_hand_made():
    col = ArrowColumn(pa.array(["a", " a", "a\u00a0", "", "b", "\u00e9"], pa.string()))
    col.factorize()
    assert col.edge_space().tolist() == [False, True, True, False, False, False]

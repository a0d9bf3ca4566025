"""The built-in CSV splitter against the csv module, on files a spreadsheet could write.

Whenever :func:`poolcalc.io._bytecols.split` takes a file (it may hand it back to
:mod:`csv` with None), its cells are the csv module's, cell for cell.
"""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.io._bytecols import split

_CELL = st.text(alphabet='ab ,"\u00e9', max_size=5)


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(
    st.just(k), st.lists(st.lists(_CELL, min_size=k, max_size=k), min_size=1, max_size=8))),
    st.sampled_from(["\n", "\r\n"]), st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
def test_split_equals_csv_module(grid, end, quoting):
    ncol, rows = grid
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end, quoting=quoting).writerows(rows)
    raw = buf.getvalue().encode("utf-8")
    out = split(raw, ncol)
    if out is None:
        return  # handed to the csv module (doubled quotes, blank lines, ...)
    cols, n = out
    want = list(csv.reader(io.StringIO(buf.getvalue(), newline=""), strict=True))
    assert [[c.text(i) for c in cols] for i in range(n)] == want


def test_hand_made_quoted_crlf_file():
    raw = b'"Acme, Inc.","2024-01-31"\r\n"b",""\r\n'
    cols, n = split(raw, 2)
    assert n == 2 and [c.text(0) for c in cols] == ["Acme, Inc.", "2024-01-31"]
    assert [c.text(1) for c in cols] == ["b", ""]

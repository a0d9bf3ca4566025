"""The vectorised ISO date reader (``iso_days``) against :meth:`datetime.date.fromisoformat`."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.io._bytecols import iso_days


def _words(cells: list[str]) -> tuple[np.ndarray, np.ndarray]:
    b = np.frombuffer("".join(cells).encode("ascii"), np.uint8).reshape(-1, 10)
    return (np.ascontiguousarray(b[:, :8]).view("<u8").ravel(),
            np.ascontiguousarray(b[:, 8:]).view("<u2").ravel())


def _oracle(cell: str) -> int | None:
    try:
        return (dt.date.fromisoformat(cell) - dt.date(1970, 1, 1)).days
    except ValueError:
        return None


def test_hand_computed_days():
    # 1970-01-02 is day 1; 2024-01-01 is 54 years on: 54 * 365 + 13 leap days
    # (1972, 1976, ..., 2020) = 19,723; 0001-01-01 is 719,162 days before 1970
    # (1969 years of 365 days + 477 leap days); 2024-02-29 = 19,723 + 31 + 28 = 19,782.
    got = iso_days(*_words(["1970-01-02", "2024-01-01", "0001-01-01", "2024-02-29"]))
    assert got.tolist() == [1, 19723, -719162, 19782]


@settings(max_examples=300, deadline=None)
@given(st.dates())
def test_valid_dates_equal_fromisoformat(d):
    cell = d.isoformat()
    assert iso_days(*_words([cell])).tolist() == [_oracle(cell)]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789-/:a ", min_size=10, max_size=10))
def test_anything_else_is_refused_like_fromisoformat(cell):
    # strict YYYY-MM-DD only (fromisoformat also reads YYYYMMDD and week dates; the
    # model's converter requires the dashed form), so refuse exactly the rest
    want = _oracle(cell) if cell[4] == "-" and cell[7] == "-" else None
    got = iso_days(*_words([cell]))
    assert (None if got is None else got.tolist()[0]) == want

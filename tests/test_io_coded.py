"""``_coded``: sales licensee codes by one dict look-up per distinct label, equal to the
per-value converter (``check_id`` + look-up) in values and in error messages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poolcalc._format import unescape_formula
from poolcalc.errors import InvalidInputError
from poolcalc.io._columns import _EDGE_SPACE, _clean, _coded, _mapped
from poolcalc.model._validators import check_id

IDS = ["L1", "L2", "L10", "x y"]
INDEX = {v: k for k, v in enumerate(IDS)}


def lic_code(v: str) -> int:
    v = check_id(v, "licensee")
    if v not in INDEX:
        raise InvalidInputError(f"unknown licensee {v!r} (not in licensees.csv)")
    return INDEX[v]


def oracle(cells: list[str]) -> list[int] | str:
    """Plain Python: the code of each cell, or the message of the first bad cell."""
    out = []
    for line, v in enumerate(cells, start=2):
        try:  # stripped, the writers' formula escape removed, then check_id + look-up
            out.append(lic_code(unescape_formula(v.strip())))
        except InvalidInputError as exc:
            return f"sales.csv:{line}: {exc}"
    return out


LABELS = st.sampled_from(["L1", "L2", "L10", "x y", " L1", "L2 ", "'L1", "", " ", "L3",
                          "\u00a0L2", "l1", "'=L1", "' L1"])


@given(st.lists(LABELS, max_size=40))
def test_coded_equals_the_per_value_converter(cells):
    lines = np.arange(2, len(cells) + 2)
    col = np.array(cells, dtype=object)
    expected = oracle(cells)
    try:
        got = _coded("sales.csv", lines, col, INDEX, lic_code)
    except InvalidInputError as exc:
        assert str(exc).startswith(expected)  # a hint may follow the message
        with pytest.raises(InvalidInputError) as old:
            _mapped("sales.csv", lines, col, lic_code, np.int32)
        assert str(old.value) == str(exc)
        return
    assert got.dtype == np.int32
    assert got.tolist() == expected
    assert np.array_equal(got, _mapped("sales.csv", lines, col, lic_code, np.int32))


def test_coded_hand_values():
    # L10 -> 2, L1 -> 0, ' L1' strips to L1 -> 0, 'x y' -> 3 (inner space kept)
    col = np.array(["L10", "L1", " L1", "x y"], dtype=object)
    assert _coded("sales.csv", np.arange(2, 6), col, INDEX, lic_code).tolist() == [2, 0, 0, 3]
    with pytest.raises(InvalidInputError, match=r"^sales\.csv:3: unknown licensee 'L3'"):
        _coded("sales.csv", np.arange(2, 5), np.array(["L1", "L3", ""], dtype=object), INDEX,
               lic_code)
    assert _coded("sales.csv", np.zeros(0, np.int64), np.array([], dtype=object), INDEX,
                  lic_code).tolist() == []


CELL = st.text(st.sampled_from(["a", "b", " ", "\t", "\n", "\x1c", "\x00", "\u00a0", "\u2003",
                                "\x0b", "é"]), max_size=4)


@given(st.lists(CELL, max_size=12))
def test_clean_equals_the_regular_expression(cells):
    """_clean's substring scan agrees with the regex and with str.strip on each cell."""
    joined = "\x00".join(cells)
    assert _clean(cells) == (_EDGE_SPACE.search(joined) is None)
    if all("\x00" not in c for c in cells):
        assert _clean(cells) == all(c == c.strip() for c in cells)

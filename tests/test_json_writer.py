"""The indented JSON writer: the same text as ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc._format import render_json
from poolcalc._json import dumps_indented
from poolcalc.errors import InvalidInputError


def _std(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)


def test_hand_written_layout() -> None:
    """The layout worked out by hand from the json docs (two spaces, ", " never)."""
    text = dumps_indented({"a": [1, {"b": None}], "c": {}, "d": [], "e": "é\n\"x\""})
    assert text == ('{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n'
                    '  "c": {},\n  "d": [],\n  "e": "é\\n\\"x\\""\n}')
    assert text == _std({"a": [1, {"b": None}], "c": {}, "d": [], "e": "é\n\"x\""})


@pytest.mark.parametrize("obj", [
    float("nan"), float("inf"), -float("inf"), -0.0, 1e300, 5e-324, True, False, None, 0,
    -(2**70), "", "\x00\x1f\u2028\ud800", (1, (2,)), [[]], {"k": ()},
])
def test_scalars_and_corners_match_the_standard_library(obj: object) -> None:
    assert dumps_indented(obj) == _std(obj)


@pytest.mark.parametrize("obj", [
    {1: "int key"}, {None: 1, True: 2, 2.5: 3}, np.int64(3), [np.float64(1.5)],
    {"s": {1, 2}}, {"x": b"bytes"},
])
def test_what_it_does_not_write_goes_to_the_standard_library(obj: object) -> None:
    try:
        want: object = _std(obj)
    except TypeError as exc:
        want = type(exc)
    try:
        got: object = dumps_indented(obj)
    except TypeError as exc:
        got = type(exc)
    assert got == want


def test_circular_data_is_refused_with_the_standard_message() -> None:
    a: list[object] = []
    a.append(a)
    with pytest.raises(InvalidInputError, match="Circular reference"):
        render_json(a)


_leaf = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
         | st.text())
_json = st.recursive(
    _leaf,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(_json)
def test_any_json_data_gives_the_standard_text(obj: object) -> None:
    assert dumps_indented(obj) == _std(obj)

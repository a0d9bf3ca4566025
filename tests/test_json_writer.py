"""The indented JSON writer: the same text as ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc import _json as json_writer
from poolcalc._format import render_json, write_json
from poolcalc._json import Records, dumps_indented, indented_pieces, write_parts
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


# --- Records: an array of flat objects given as columns --------------------------------

_plain_text = st.text(alphabet="0123456789-.:", max_size=12)


@st.composite
def _records(draw: st.DrawFn) -> tuple[list[str], list[list[object]], list[str]]:
    keys = draw(st.lists(st.text(max_size=5), min_size=1, max_size=4, unique=True))
    kinds = [draw(st.sampled_from(Records._KINDS)) for _ in keys]
    n = draw(st.integers(0, 6) | st.integers(9, 30))
    cols = []
    for kind in kinds:
        if kind == "value":  # repeat one object as reports repeat a sources list, and
            # mostly one (the writer's path for a shared default among a few others)
            shared = draw(_json)
            odds = draw(st.sampled_from([2, 12]))
            cols.append([shared if draw(st.integers(0, odds - 1)) else draw(_json)
                         for _ in range(n)])
        else:
            cols.append([draw(_plain_text if kind == "plain" else _leaf) for _ in range(n)])
    return keys, cols, kinds


def _as_records(keys: list[str], cols: list[list[object]], kinds: list[str]) -> Records:
    texts = [[json.dumps(v, ensure_ascii=False) for v in c] if k == "text" else c
             for c, k in zip(cols, kinds, strict=True)]
    return Records(keys, texts, kinds)


def test_records_hand_written_layout() -> None:
    """Two objects with an escaped string, a plain amount, a null and a nested list."""
    items = [{"k": 1}]
    rec = Records(("inv", "amount", "x", "items"),
                  (['"A\\n1"', '"B"'], ["1.50", "-0.01"], ["null", "3"], [items, []]),
                  ("text", "plain", "text", "value"))
    want = ('[\n  {\n    "inv": "A\\n1",\n    "amount": "1.50",\n    "x": null,\n'
            '    "items": [\n      {\n        "k": 1\n      }\n    ]\n  },\n'
            '  {\n    "inv": "B",\n    "amount": "-0.01",\n    "x": 3,\n    "items": []\n'
            '  }\n]')
    assert dumps_indented(rec) == want
    assert want == _std(rec.to_list())
    assert rec.to_list() == [{"inv": "A\n1", "amount": "1.50", "x": None, "items": items},
                             {"inv": "B", "amount": "-0.01", "x": 3, "items": []}]


@settings(max_examples=300, deadline=None)
@given(_records(), st.sampled_from(["bare", "nested", "fallback"]))
def test_records_give_the_text_of_the_dicts_they_stand_for(
        spec: tuple[list[str], list[list[object]], list[str]], where: str) -> None:
    rec = _as_records(*spec)
    if where == "bare":
        obj: object = rec
        std: object = rec.to_list()
    elif where == "nested":
        obj = {"a": [1, (rec,)], "b": rec}
        std = {"a": [1, [rec.to_list()]], "b": rec.to_list()}
    else:  # a non-str key sends the whole document to json.dumps
        obj = {1: rec}
        std = {1: rec.to_list()}
    assert dumps_indented(obj) == _std(std)


def test_records_refuse_ragged_columns() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        Records(("a", "b"), (["1"], []))
    with pytest.raises(ValueError, match="one column"):
        Records(("a",), (["1"], ["2"]))
    with pytest.raises(ValueError, match="kinds are"):
        Records(("a",), (["1"],), ("bare",))


# --- written in parts: the same text, never one string ----------------------------------


class _Parts:
    """A stream that records each write."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


@settings(max_examples=200, deadline=None)
@given(_json | _records().map(lambda spec: {"r": _as_records(*spec), "n": [1, None]}),
       st.integers(1, 7))
def test_written_in_parts_is_render_json(obj: object, part: int) -> None:
    """Any JSON data (and Records), split every ``part`` pieces: render_json's text."""
    keep = json_writer.PART
    json_writer.PART = part
    try:
        out = _Parts()
        write_json(obj, out)
    finally:
        json_writer.PART = keep
    assert "".join(out.parts) == render_json(obj)


def test_written_in_parts_really_is_in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten records of three keys at 8 pieces a part: ten writes, none the whole text."""
    rec = Records(("a", "b", "c"), ([f'"{i}"' for i in range(10)], ["1"] * 10,
                                    ["null"] * 10), ("text", "plain", "text"))
    monkeypatch.setattr(json_writer, "PART", 8)
    out = _Parts()
    write_parts([*indented_pieces(rec), "\n"], out.write)
    text = dumps_indented(rec) + "\n"
    # pieces: "[" + 7 per object x 10 + "]" + the end = 73 -> ceil(73 / 8) = 10 writes
    assert "".join(out.parts) == text and len(out.parts) == 10
    assert max(map(len, out.parts)) < len(text) / 4


def test_nothing_is_written_when_the_data_cannot_be() -> None:
    """A circular list or a set: the standard library's error, and no text written."""
    a: list[object] = []
    a.append(a)
    for bad in (a, {"s": {1, 2}}):
        stream = io.StringIO()
        with pytest.raises(InvalidInputError, match="render_json: obj must be JSON-ready"):
            write_json(bad, stream)
        assert stream.getvalue() == ""

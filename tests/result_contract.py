"""The Result interface every result object keeps (poolcalc/_result.py), as one check."""

from __future__ import annotations

import json

import attrs
import pytest

from poolcalc._format import render_table
from poolcalc._result import REPR_LIMIT, Result


def check_result(obj: object) -> dict:
    """Assert ``obj`` keeps the Result contract; return its ``to_dict()``.

    Frozen attrs class deriving from Result with attrs' repr switched off; a short
    repr naming the class; ``str()`` is the rendered ``_view()`` table; ``to_dict()``
    is JSON-ready; ``_repr_html_`` escapes; ``to_frame`` has one row per record.
    """
    assert isinstance(obj, Result), type(obj)
    assert attrs.has(type(obj)), type(obj)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, attrs.fields(type(obj))[0].name, None)
    text = repr(obj)
    assert text.startswith(type(obj).__name__ + "(") and len(text) <= REPR_LIMIT, text
    view = obj._view()
    table = render_table(view.headers, view.rows, title=view.title, align=view.align)
    assert str(obj).startswith(table)
    for line in view.footer:
        assert line in str(obj)
    doc = obj.to_dict()
    assert isinstance(doc, dict) and json.loads(json.dumps(doc)) == doc
    html = obj._repr_html_()
    assert html.count("<table") == 1 and "<script" not in html
    frame = obj.to_frame()
    assert len(frame) == len(list(obj._records()))
    return doc

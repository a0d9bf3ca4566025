r"""Indented JSON text, the same bytes as ``json.dumps(obj, indent=2, ensure_ascii=False)``.

The standard library writes indented JSON with its pure-Python encoder (its C encoder
serves ``indent=None`` only): about 4 s for the 76 MB report of a quarter with 10^4
paid invoices split among 50 members.  :func:`dumps_indented` writes the same text
with one join per container and the C string escaper
(:func:`json.encoder.encode_basestring`), and hands anything it does not write itself
(keys other than ``str``, subclasses, numpy scalars, sets, circular data) to
:func:`json.dumps`, so the text -- or the error -- is always the standard library's.

Layout (the standard library's, ``indent=2``): a non-empty object or array opens, puts
each member on its own line indented two spaces deeper than the container, separates
members by ``,`` and closes on a line of the container's own indentation; empty ones
are ``{}`` and ``[]``; ``key: value`` with one space; tuples are arrays; floats are
``repr`` (``NaN``, ``Infinity``, ``-Infinity`` for the non-finite ones).

References
----------
Python Software Foundation, ``json`` module, docs.python.org/3/library/json.html (``dumps``:
indent, separators, ensure_ascii, allow_nan).  T. Bray (ed.), RFC 8259, *The JavaScript
Object Notation (JSON) Data Interchange Format*, 2017.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps_indented"]

_CONST = {True: "true", False: "false"}
#: ``"key": `` of the keys seen (reports repeat a few field names 10^5-10^6 times)
_KEYS: dict[str, str] = {}
_KEEP = 4096


class _Fallback(Exception):
    """Data the fast writer leaves to :func:`json.dumps`."""


def dumps_indented(obj: Any) -> str:
    """Return ``json.dumps(obj, indent=2, ensure_ascii=False)`` (same text, faster).

    Parameters
    ----------
    obj : object
        JSON-ready data: dicts with ``str`` keys, lists, tuples, ``str``, ``int``,
        ``float``, ``bool``, ``None``.  Anything else goes to :func:`json.dumps`
        (which writes it or raises its ``TypeError`` / ``ValueError``).

    Returns
    -------
    str
        Without a trailing newline, as :func:`json.dumps`.

    Examples
    --------
    >>> print(dumps_indented({"owed": "1.00", "rows": [1, 2.5, None], "empty": {}}))
    {
      "owed": "1.00",
      "rows": [
        1,
        2.5,
        null
      ],
      "empty": {}
    }
    """
    try:
        return _value(obj, "\n")
    except (_Fallback, RecursionError):
        return json.dumps(obj, indent=2, ensure_ascii=False)


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    return float.__repr__(x)


def _value(o: Any, nl: str) -> str:
    """``o`` written at the indentation ``nl`` (newline and the container's spaces)."""
    t = type(o)
    if t is str:
        return encode_basestring(o)
    if t is dict:
        return _object(o, nl)
    if t is list or t is tuple:
        return _array(o, nl)
    if t is int:
        return int.__repr__(o)
    if t is float:
        return _float(o)
    if t is bool:
        return _CONST[o]
    if o is None:
        return "null"
    raise _Fallback


def _object(o: dict[Any, Any], nl: str) -> str:
    if not o:
        return "{}"
    inner = nl + "  "
    enc = encode_basestring
    keys = _KEYS
    parts = []
    for k, v in o.items():
        if type(k) is not str:
            raise _Fallback
        key = keys.get(k)
        if key is None:
            key = enc(k) + ": "
            if len(keys) < _KEEP:
                keys[k] = key
        t = type(v)
        if t is str:
            parts.append(key + enc(v))
        elif t is int:
            parts.append(key + int.__repr__(v))
        else:
            parts.append(key + _value(v, inner))
    return "{" + inner + ("," + inner).join(parts) + nl + "}"


def _array(o: list[Any] | tuple[Any, ...], nl: str) -> str:
    if not o:
        return "[]"
    inner = nl + "  "
    enc = encode_basestring
    parts = [enc(v) if type(v) is str else _value(v, inner) for v in o]
    return "[" + inner + ("," + inner).join(parts) + nl + "]"

"""Hints for values typed the way spreadsheets write them.

A reader's message names the file, line, field and value; :func:`with_hint` appends
what the value looks like when it is a spreadsheet habit, and what to write instead:

- ``1,234`` (a thousands separator) in a number or count;
- ``2024/01/01``, ``01/02/2024`` or ``45292`` (an Excel date serial) in a date: the
  format expected is ISO ``YYYY-MM-DD``; day and month are never guessed (``01/02/2024``
  is 1 February in most of the world and 2 January in the United States);
- a value with leading or trailing spaces around one of the above.

Pure string functions, no I/O (the CSV and workbook readers both call them).
"""

from __future__ import annotations

import re

__all__ = ["hint", "with_hint"]

_GOT = re.compile(r"got '((?:[^'\\]|\\.)*)'\s*$")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?")
_YMD_SLASH = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_DATE_WORDS = ("ISO date", "a date")
_NUMBER_WORDS = ("number", "integer")


def hint(value: str, message: str) -> str:
    """Return a hint for ``value`` given the error ``message`` about it ("" when none).

    Examples
    --------
    >>> hint("1,234", "units must be a non-negative integer, got '1,234'")
    'looks like a thousands separator: write 1234'
    >>> hint("2024/01/31", "date must be an ISO date YYYY-MM-DD, got '2024/01/31'")
    'the format expected is YYYY-MM-DD: write 2024-01-31'
    """
    v = value.strip()
    spaces = " (the cell also has leading or trailing spaces)" if v != value else ""
    if any(w in message for w in _DATE_WORDS):
        m = _YMD_SLASH.fullmatch(v)
        if m:
            y, mo, d = m.groups()
            iso = f"{y}-{int(mo):02d}-{int(d):02d}"
            return f"the format expected is YYYY-MM-DD: write {iso}" + spaces
        m = _DMY.fullmatch(v)
        if m:
            a, b, y = (int(x) for x in m.groups())
            if a > 12 and b <= 12:
                return (f"the format expected is YYYY-MM-DD: write {y}-{b:02d}-{a:02d} "
                        f"(day {a}, month {b})" + spaces)
            if b > 12 and a <= 12:
                return (f"the format expected is YYYY-MM-DD: write {y}-{a:02d}-{b:02d} "
                        f"(month {a}, day {b})" + spaces)
            return (f"the format expected is YYYY-MM-DD; {v} could be {y}-{b:02d}-{a:02d} "
                    f"(day first) or {y}-{a:02d}-{b:02d} (month first), so it is not guessed"
                    + spaces)
        if _SERIAL.fullmatch(v):
            return ("looks like a spreadsheet date serial number: format the column as text "
                    "YYYY-MM-DD (or as a date in a workbook)" + spaces)
        return ""
    if any(w in message for w in _NUMBER_WORDS) and _THOUSANDS.fullmatch(v):
        plain = re.sub(r"[,\u00a0\u202f ]", "", v)
        return f"looks like a thousands separator: write {plain}" + spaces
    return ""


def with_hint(message: str) -> str:
    """Append the :func:`hint` for the value a message ends with (``got '...'``)."""
    m = _GOT.search(message)
    if not m:
        return message
    h = hint(m.group(1).encode().decode("unicode_escape") if "\\" in m.group(1) else m.group(1),
             message)
    return f"{message} ({h})" if h else message

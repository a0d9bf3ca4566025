"""Output helpers shared by every report writer: money strings, text tables, CSV, JSON.

Money is carried as integer minor units (cents) and printed as a decimal string with
the currency's minor units (``"1080000.00"``), never through a float.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from poolcalc._money import format_money  # the one money formatter (kernels use it too)

__all__ = ["format_money", "parse_money", "render_csv", "render_json", "render_table"]


def parse_money(text: str, minor_units: int = 2) -> int:
    """Inverse of :func:`format_money` (exact, no float).

    Examples
    --------
    >>> parse_money("1080000.00")
    108000000
    """
    s = text.strip().replace(",", "")
    neg = s.startswith("-")
    s = s.lstrip("+-")
    whole, _, frac = s.partition(".")
    frac = (frac + "0" * minor_units)[:minor_units]
    value = int(whole or "0") * 10**minor_units + (int(frac) if frac else 0)
    return -value if neg else value


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None,
                 align: Sequence[str] | None = None) -> str:
    """Render a plain-text table; numbers right-aligned unless ``align`` ("l"/"r") says."""
    body = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    if align is None:
        align = ["l"] + ["r"] * (len(headers) - 1)
    def fmt(row: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if a == "r" else v.ljust(w) for v, w, a in zip(row, widths, align, strict=False)).rstrip()
    lines = []
    if title:
        lines.append(title)
    lines.append(fmt(list(headers)))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(fmt(r) for r in body)
    return "\n".join(lines) + "\n"


def render_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    r"""Render CSV text with a header row (``\n`` line endings)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def render_json(obj: Any) -> str:
    """Pretty JSON (UTF-8 kept, keys in insertion order) with a trailing newline."""
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"

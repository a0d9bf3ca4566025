"""Output helpers shared by every result and report writer: money, text, HTML, CSV, JSON.

Below every result object (results render themselves through it) and above only
:mod:`poolcalc._money` and :mod:`poolcalc.errors`.

Money is carried as integer minor units (cents) and printed as a decimal string with
the currency's minor units (``"1080000.00"``), never through a float.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring
from typing import Any

import numpy as np

from poolcalc._args import checked_args
from poolcalc._json import indented_pieces, write_parts
from poolcalc._money import format_money  # the one money formatter (kernels use it too)
from poolcalc.errors import InvalidInputError

__all__ = [
    "format_money",
    "format_money_array",
    "json_pieces",
    "json_strings",
    "parse_money",
    "render_csv",
    "render_csv_columns",
    "render_html",
    "render_json",
    "render_table",
    "write_json",
]


def format_money_array(cents: Any, minor_units: int = 2) -> list[str]:
    r""":func:`format_money` of every element of an int64 array (no grouping).

    Parameters
    ----------
    cents : array_like of int
        Amounts [minor units], each within int64.
    minor_units : int
        Decimal places (0..4).

    Returns
    -------
    list of str
        ``[-]digits.minor`` element by element, the same text as :func:`format_money`.

    Notes
    -----
    The texts are written as ASCII bytes into one buffer, newline-separated, and split
    once: with :math:`a_i = |c_i|` (as uint64, so that :math:`-2^{63}` has its
    magnitude) and :math:`d_i = \max(\lceil\log_{10}(a_i + 1)\rceil, m + 1)` digits,
    text :math:`i` takes :math:`[c_i < 0] + d_i + [m > 0]` bytes; digit :math:`k`
    (from the right) is :math:`\lfloor a_i / 10^k \rfloor \bmod 10`, written one
    digit position at a time for all elements (at most 20 passes), the point before the
    last :math:`m` digits.  No Python object per element but the final strings.

    Examples
    --------
    >>> format_money_array([108000000, -5, 0])
    ['1080000.00', '-0.05', '0.00']
    >>> format_money_array([1234, 1234], 0)
    ['1234', '1234']
    """
    format_money(0, minor_units)  # the same argument checks and errors
    m = minor_units
    v = np.asarray(cents, dtype=np.int64).reshape(-1)
    if v.size == 0:
        return []
    if v.size > 256 and np.unique(v[:: v.size // 64]).size <= 8:  # zeros, caps
        uniq, inverse = np.unique(v, return_inverse=True)
        if 4 * uniq.size < v.size:
            text = format_money_array(uniq, m)
            return np.array(text, dtype=object)[inverse.reshape(-1)].tolist()
    neg = v < 0
    u = v.view(np.uint64)
    a = np.where(neg, ~u + np.uint64(1), u)  # |v| without overflow at -2**63
    nd = np.searchsorted(_POW10, a, side="right") + 1  # digits of a
    np.maximum(nd, m + 1, out=nd)
    ends = np.cumsum(neg + nd + (m > 0) + 1)  # each text with its newline
    buf = np.full(int(ends[-1]), ord("\n"), dtype=np.uint8)
    if neg.any():
        buf[(ends - 1 - nd - (m > 0) - 1)[neg]] = ord("-")
    if m:
        buf[ends - 2 - m] = ord(".")
    last = ends - 2  # the last digit's byte
    q = a
    for k in range(int(nd.max())):
        if k > m:  # texts of k digits are done: keep the longer ones
            live = nd > k
            q, last, nd = q[live], last[live], nd[live]
        q10 = q // np.uint64(10)  # numpy divides by a constant fast; % is slower
        buf[last - k - (m > 0 and k >= m)] = (q - q10 * np.uint64(10)).astype(np.uint8) + 48
        q = q10
    return buf[:-1].tobytes().decode("ascii").split("\n")


#: 10**1 .. 10**19 as uint64: ``searchsorted(_POW10, a, "right") + 1`` digits of ``a``
_POW10 = np.array([10**k for k in range(1, 20)], dtype=np.uint64)


def json_strings(values: Iterable[str]) -> list[str]:
    """JSON string literals of ``values`` exactly as :func:`render_json` writes them.

    Examples
    --------
    >>> json_strings(['L1', '闪联'])
    ['"L1"', '"闪联"']
    """
    return [encode_basestring(v) for v in values]


def parse_money(text: str, minor_units: int = 2) -> int:
    """Inverse of :func:`format_money` (exact, no float).

    Parameters
    ----------
    text : str
        A decimal amount as :func:`format_money` writes it: an optional sign, digits
        (``,`` thousands separators allowed) and at most ``minor_units`` decimals.
    minor_units : int
        Decimal places of the currency (2 for cents, 0 for yen).

    Returns
    -------
    int
        The amount [minor units].

    Raises
    ------
    InvalidInputError
        If ``text`` is not such an amount, including one with more decimals than the
        currency has (``"1.005"`` is not a whole number of cents and is never
        truncated silently).

    Examples
    --------
    >>> parse_money("1080000.00")
    108000000
    >>> parse_money("-1,234.5")
    -123450
    """
    m = _MONEY_RE.fullmatch(str(text).strip())
    if m is None:
        raise InvalidInputError(f"money amount must be a decimal number, got {text!r}")
    sign, whole, frac = m.group(1), m.group(2).replace(",", ""), m.group(3) or ""
    if len(frac) > minor_units:
        raise InvalidInputError(
            f"money amount must have at most {minor_units} decimals, got {text!r}"
        )
    padded = (frac + "0" * minor_units)[:minor_units]
    value = int(whole or "0") * 10**minor_units + int(padded or "0")
    return -value if sign == "-" else value


#: sign, whole part (optionally grouped with commas), decimals; at least one digit.
_MONEY_RE = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?(?<=\d)")


@checked_args
def render_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    align: Sequence[str] | None = None,
) -> str:
    r"""Render a plain-text table; numbers right-aligned unless ``align`` ("l"/"r") says.

    Parameters
    ----------
    headers : sequence of str
    rows : iterable of sequences
        Cell values (``None`` prints as empty).
    title : str, optional
        Line printed above the table.
    align : sequence of {"l", "r"}, optional
        Per column; default first column left, the others right.

    Returns
    -------
    str
        Header, a dashed rule and one line per row, each line ending in ``\n``.

    Examples
    --------
    >>> print(render_table(["licensee", "owed"], [["L1", "1.00"], ["L22", "10.50"]]), end="")
    licensee   owed
    --------  -----
    L1         1.00
    L22       10.50
    """
    body = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    if align is None:
        align = ["l"] + ["r"] * (len(headers) - 1)

    def fmt(row: Sequence[str]) -> str:
        cells = zip(row, widths, align, strict=False)
        return "  ".join(v.rjust(w) if a == "r" else v.ljust(w) for v, w, a in cells).rstrip()

    lines = []
    if title:
        lines.append(title)
    lines.append(fmt(list(headers)))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(fmt(r) for r in body)
    return "\n".join(lines) + "\n"


#: First characters that make a spreadsheet read a text cell as a formula (OWASP, "CSV
#: Injection", owasp.org/www-community/attacks/CSV_Injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: A plain decimal number (``-12.50``, ``+3``, ``1e-5``): the only text starting with
#: ``+`` or ``-`` left unescaped, so numeric columns stay numbers.  Stricter than
#: ``float()``, which also takes ``"-inf"``, ``"-nan"``, ``"-1_0"`` and surrounding
#: whitespace such as ``"\t-1"`` -- all of which a spreadsheet would not read as a number.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def escape_formula(text: str) -> str:
    r"""Make a text cell safe to open in a spreadsheet (OWASP CSV-injection advice).

    A text starting with ``= + - @``, a tab or a carriage return gets a leading single
    quote, so Excel, LibreOffice and Google Sheets show it as text instead of running
    it as a formula; so does a text that already starts with a quote, which makes
    :func:`unescape_formula` exact.  A plain decimal number (``-12.50``, ``+3``,
    ``-1e-5``) is left alone so that a numeric column stays numeric; ``-inf``,
    ``-1+2`` or a tab before a number are not plain numbers and are escaped.

    >>> escape_formula("=SUM(A1:A9)"), escape_formula("-12.50"), escape_formula("L001")
    ("'=SUM(A1:A9)", '-12.50', 'L001')
    >>> escape_formula("-1+2"), escape_formula(chr(9) + "-1"), escape_formula("@SUM(1)")
    ("'-1+2", "'\t-1", "'@SUM(1)")
    """
    if text and (text[0] == "'" or (text[0] in FORMULA_START and not _is_number(text))):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Invert :func:`escape_formula` (a quote before a formula start or a quote is dropped)."""
    if len(text) > 1 and text[0] == "'" and (text[1] in FORMULA_START or text[1] == "'"):
        return text[1:]
    return text


@checked_args
def render_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    r"""Render CSV text with a header row (``\n`` line endings).

    Text cells are formula-escaped (:func:`escape_formula`): a report opened in a
    spreadsheet never runs a licensee's or product's name as a formula.

    Parameters
    ----------
    headers : sequence of str
    rows : iterable of sequences
        Cell values (``None`` writes an empty cell).

    Returns
    -------
    str

    Examples
    --------
    >>> render_csv(["licensee", "owed"], [["L1", "1.00"], ["L2", None]])
    'licensee,owed\nL1,1.00\nL2,\n'
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([escape_formula(str(h)) for h in headers])
    for row in rows:
        w.writerow(["" if v is None else escape_formula(v) if isinstance(v, str) else v
                    for v in row])
    return buf.getvalue()


#: A cell :func:`render_csv` changes: a formula start or quote first, or a character the
#: csv module quotes (searched in the NUL-joined cells of a column).
_CSV_SPECIAL = re.compile(r"(?:^|\x00)[=+\-@\t\r']|[,\"\r\n]")


def _csv_cell(text: str) -> str:
    """One text cell as :func:`render_csv` writes it inside a row of several cells."""
    return render_csv([text], [])[:-1] if text else ""


def render_csv_columns(headers: Sequence[str], columns: Sequence[Sequence[Any]]) -> str:
    r"""Render CSV from columns: the same text as :func:`render_csv` of the rows.

    Parameters
    ----------
    headers : sequence of str
    columns : sequence of sequences
        One per header, all of one length: ``str`` cells (formula-escaped and quoted
        as :func:`render_csv` does) or ``int`` cells.

    Returns
    -------
    str

    Notes
    -----
    A text column none of whose cells needs escaping or quoting (one regular
    expression scan) is written as it is; the lines are one ``str.join`` over the
    cells and separators interleaved, no per-row call.

    Examples
    --------
    >>> render_csv_columns(["licensee", "owed"], [["L1", "=2"], ["1.00", "0.50"]])
    "licensee,owed\nL1,1.00\n'=2,0.50\n"
    """
    n = len(columns[0]) if columns else 0
    head = render_csv(headers, [])
    if not n:
        return head
    if len(columns) == 1:  # a lone empty cell is written as "" (the csv module's rule)
        return render_csv(headers, [[v] for v in columns[0]])
    cells = []
    for col in columns:
        if len(col) != n:
            raise InvalidInputError(f"columns must have one length ({n}), got {len(col)}")
        col = list(col)
        if all(isinstance(v, str) for v in col):
            if _CSV_SPECIAL.search("\x00".join(col)):
                col = [_csv_cell(v) for v in col]  # escaped and quoted as in rows
        else:
            col = [_csv_cell(v) if isinstance(v, str) else str(v) for v in col]
        cells.append(col)
    k = len(cells)
    flat: list[str] = [","] * (2 * k * n)
    for j, col in enumerate(cells):
        flat[2 * j :: 2 * k] = col
    flat[2 * k - 1 :: 2 * k] = ["\n"] * n
    return head + "".join(flat)


def render_json(obj: Any) -> str:
    r"""Pretty JSON (UTF-8 kept, keys in insertion order) with a trailing newline.

    Parameters
    ----------
    obj : object
        JSON-ready data (dicts, lists, strings, numbers, booleans, None).

    Returns
    -------
    str
        Indented by two spaces, non-ASCII characters kept.

    Examples
    --------
    >>> print(render_json({"owed": "1.00", "name": "闪联"}), end="")
    {
      "owed": "1.00",
      "name": "闪联"
    }
    """
    return "".join(json_pieces(obj))  # json.dumps(indent=2, ensure_ascii=False) + "\n"


def write_json(obj: Any, stream: Any) -> None:
    """Write :func:`render_json` ``(obj)`` to ``stream`` a part at a time.

    The same text, never held as one string (:func:`poolcalc._json.write_parts`):
    what ``--format json`` uses for reports of 10^5-10^6 records.

    Parameters
    ----------
    obj : object
        JSON-ready data, as :func:`render_json`.
    stream : text stream
        Anything with ``write(str)`` (``sys.stdout``, an open text file).

    Raises
    ------
    InvalidInputError
        As :func:`render_json`; nothing is written then.
    """
    write_parts(json_pieces(obj), stream.write)


def json_pieces(obj: Any) -> list[str]:
    """Return :func:`render_json`'s text as pieces to be joined or written in order.

    Parameters
    ----------
    obj : object
        JSON-ready data, or :class:`poolcalc._json.Records` where a list of objects
        with the same keys stands.

    Returns
    -------
    list of str
        ``"".join(pieces) == render_json(obj)``; the newline is the last piece.

    Raises
    ------
    InvalidInputError
        ``obj`` is not JSON-ready (before any piece exists).

    Examples
    --------
    >>> "".join(json_pieces({"a": [1]})) == render_json({"a": [1]})
    True
    """
    try:
        pieces = indented_pieces(obj)
    except (TypeError, ValueError) as exc:  # an object json cannot write, a circular list
        raise InvalidInputError(f"render_json: obj must be JSON-ready data, {exc}") from None
    pieces.append("\n")
    return pieces


def render_html(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
    align: Sequence[str] | None = None,
    max_rows: int = 50,
) -> str:
    """Render an HTML table (for notebooks' ``_repr_html_``); every cell is escaped.

    Parameters
    ----------
    headers : sequence of str
    rows : sequence of sequences
    title : str, optional
        Caption above the table.
    align : sequence of {"l", "r"}, optional
        Per column; default first column left, the others right.
    max_rows : int
        Rows shown; a longer table shows its first ``max_rows`` rows and a line
        saying how many are left out (a notebook cell stays short).

    Returns
    -------
    str

    Examples
    --------
    >>> "&lt;L1&gt;" in render_html(["licensee", "owed"], [["<L1>", "1.00"]])
    True
    """
    if align is None:
        align = ["l"] + ["r"] * (len(headers) - 1)
    esc = html.escape

    def cell(tag: str, v: Any, a: str) -> str:
        side = "right" if a == "r" else "left"
        text = "" if v is None else str(v)
        return f'<{tag} style="text-align:{side}">{esc(text)}</{tag}>'

    head = "".join(cell("th", h, a) for h, a in zip(headers, align, strict=False))
    shown = list(rows[:max_rows])
    body = "".join(
        "<tr>" + "".join(cell("td", v, a) for v, a in zip(r, align, strict=False)) + "</tr>"
        for r in shown
    )
    parts = []
    if title:
        parts.append(f"<p><strong>{esc(title)}</strong></p>")
    parts.append(
        f'<table class="poolcalc"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
    if len(rows) > max_rows:
        parts.append(f"<p>... {len(rows) - max_rows:,} more rows (of {len(rows):,})</p>")
    return "".join(parts)

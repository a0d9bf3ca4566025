"""Reading patent-valuation CSV files and formatting pricing results.

A valuation CSV has one row per patent, a header row, UTF-8:

=============  ========  ===================================================
column         required  meaning
=============  ========  ===================================================
``patent``     yes       identifier
``value``      yes       S, PV of expected cash flows [currency], > 0
``cost``       yes       K, cost to commercialise / standardise [currency], > 0
``life``       yes       remaining patent life [years], > 0
``volatility`` yes       sigma of S, > 0
``rate``       yes       risk-free rate, continuously compounded
``leakage``    no        value lost per year of waiting (empty: 1 / life)
``window``     no        decision window [years], <= life (empty: life)
=============  ========  ===================================================

Other columns are ignored (so an extended ``patents.csv`` can be read as is).
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from poolcalc._args import checked_args
from poolcalc._format import render_csv, render_json
from poolcalc.errors import InvalidInputError, location
from poolcalc.pricing import PatentValuation, value_patents

__all__ = [
    "PatentInputs",
    "format_price",
    "format_valuation",
    "read_valuation_csv",
    "value_csv_patents",
]

REQUIRED = ("patent", "value", "cost", "life", "volatility", "rate")
OPTIONAL = ("leakage", "window")
_POSITIVE = {"value", "cost", "life", "volatility", "window"}


@attrs.frozen
class PatentInputs:
    """Columns of a valuation CSV as arrays (one entry per row, file order).

    ``leakage`` and ``window`` hold the defaults (1 / life and life) where the
    file left them empty.
    """

    patent: tuple[str, ...]
    value: NDArray[np.float64]
    cost: NDArray[np.float64]
    life: NDArray[np.float64]
    volatility: NDArray[np.float64]
    rate: NDArray[np.float64]
    leakage: NDArray[np.float64]
    window: NDArray[np.float64]
    source: str = ""


def _number(text: str, file: str, line: int, column: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise InvalidInputError(
            f"{location(file, line, column)} must be a number, got {text!r}"
        ) from None
    if not math.isfinite(x):
        raise InvalidInputError(f"{location(file, line, column)} must be finite, got {text!r}")
    if column in _POSITIVE and x <= 0:
        raise InvalidInputError(f"{location(file, line, column)} must be > 0, got {text!r}")
    return x


def read_valuation_csv(path: str | os.PathLike[str]) -> PatentInputs:
    r"""Read a valuation CSV (see module docstring) into :class:`PatentInputs`.

    Parameters
    ----------
    path : str or path-like
        A valuation CSV (columns in the module docstring).

    Returns
    -------
    PatentInputs
        One entry per row, in file order; ``leakage`` and ``window`` defaulted.

    Raises
    ------
    InvalidInputError
        Missing file or columns, a file that is not UTF-8 text, an empty file, a bad
        number, a window longer than the life, or a duplicate patent id: the message
        names ``file:line: column`` and the value.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "valuation.csv")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("patent,value,cost,life,volatility,rate\nUS-1,100,80,10,0.35,0.05\n")
    >>> inputs = read_valuation_csv(path)
    >>> inputs.patent, inputs.leakage.tolist()
    (('US-1',), [0.1])
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidInputError(f"path must be a file path, got {path!r}")
    name = os.fspath(path)
    try:
        with open(name, newline="", encoding="utf-8-sig") as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:  # the pool reader's message for the same byte
        raise InvalidInputError(
            f"{name}: not UTF-8 text (byte {exc.start}: {exc.object[exc.start : exc.start + 1]!r})"
        ) from None
    except OSError as exc:
        raise InvalidInputError(f"{name}: cannot read: {exc.strerror}") from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInputError(f"{name}: empty file, expected a header row") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInputError(
            f"{location(name, 1)}: missing column(s) {', '.join(missing)} "
            f"(required: {', '.join(REQUIRED)}; optional: {', '.join(OPTIONAL)})"
        )
    col = {h: i for i, h in enumerate(header)}
    cols: dict[str, list[float]] = {c: [] for c in (*REQUIRED[1:], *OPTIONAL)}
    ids: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InvalidInputError(
                f"{location(name, line)}: expected {len(header)} fields, got {len(row)}"
            )
        pid = row[col["patent"]].strip()
        if not pid:
            raise InvalidInputError(f"{location(name, line, 'patent')} must not be empty")
        if pid in seen:
            raise InvalidInputError(
                f"{location(name, line, 'patent')} duplicates line {seen[pid]}, got {pid!r}"
            )
        seen[pid] = line
        ids.append(pid)
        for c in REQUIRED[1:]:
            cols[c].append(_number(row[col[c]].strip(), name, line, c))
        life = cols["life"][-1]
        for c, default in (("leakage", 1.0 / life), ("window", life)):
            cell = row[col[c]].strip() if c in col else ""
            cols[c].append(_number(cell, name, line, c) if cell else default)
        if cols["window"][-1] > life:
            raise InvalidInputError(
                f"{location(name, line, 'window')} must not exceed life {life!r}, "
                f"got {row[col['window']].strip()!r}"
            )
    if not ids:
        raise InvalidInputError(f"{name}: no patent rows after the header")
    arr = {c: np.array(v, dtype=np.float64) for c, v in cols.items()}
    return PatentInputs(patent=tuple(ids), source=name, **arr)


# --- formatting ---------------------------------------------------------------------------
def _fmt(x: Any, digits: int = 4) -> str:
    if x is None:
        return ""
    if isinstance(x, float | np.floating):
        return f"{x:,.{digits}f}"
    return str(x)


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    def cell(x: Any) -> Any:
        return repr(float(x)) if isinstance(x, float | np.floating) else x

    return render_csv(columns, ([cell(r.get(c)) for c in columns] for r in rows))


@checked_args
def value_csv_patents(inputs: PatentInputs, **options: Any) -> PatentValuation:
    r"""Value every patent of a valuation CSV (:func:`poolcalc.pricing.value_patents`).

    ``options`` are passed on (``american``, ``steps``, ``method``); the rows keep
    the file's patent ids.

    Parameters
    ----------
    inputs : PatentInputs
        From :func:`read_valuation_csv`.
    **options
        ``american``, ``steps``, ``method`` of :func:`~poolcalc.pricing.value_patents`.

    Returns
    -------
    PatentValuation

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "valuation.csv")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("patent,value,cost,life,volatility,rate\nUS-1,100,80,10,0.35,0.05\n")
    >>> val = value_csv_patents(read_valuation_csv(path), american=True)
    >>> val.patents, round(float(val.npv[0]), 2)
    (('US-1',), 20.0)
    """
    return value_patents(inputs.value, inputs.cost, inputs.life, inputs.volatility,
                         inputs.rate, leakage=inputs.leakage, window=inputs.window,
                         patents=inputs.patent, **options)


def format_valuation(valuation: PatentValuation, fmt: str = "table") -> str:
    """Format a valuation as ``str()`` (table), its ``to_dict()`` (json) or csv rows.

    Parameters
    ----------
    valuation : PatentValuation
    fmt : {"table", "json", "csv"}

    Returns
    -------
    str
        What ``poolcalc price --patents`` prints.

    Examples
    --------
    >>> from poolcalc.pricing import value_patents
    >>> v = value_patents([100], [80], [10], [0.35], 0.05, patents=["US-1"])
    >>> format_valuation(v, "csv").splitlines()[0].split(",")[:3]
    ['patent', 'value', 'cost']
    """
    if not isinstance(valuation, PatentValuation):
        raise InvalidInputError(
            f"valuation must be a PatentValuation, got {type(valuation).__name__}"
        )
    if fmt == "json":
        return render_json(valuation.to_dict())
    if fmt == "csv":
        rows = valuation.to_dict()["patents"]
        return _csv(rows, list(rows[0]))
    if fmt == "table":
        return str(valuation)
    raise InvalidInputError(f"format must be one of 'table', 'json', 'csv', got {fmt!r}")


@checked_args
def format_price(result: dict[str, Any], fmt: str = "table") -> str:
    """Format one priced option (inputs, method, price, optional stderr and greeks).

    Parameters
    ----------
    result : dict
        ``method``, ``kind``, ``american``, ``inputs`` (spot, strike, maturity, rate,
        volatility, dividend), ``price``, ``stderr`` and ``greeks`` (None when absent),
        as ``poolcalc price`` builds it.
    fmt : {"table", "json", "csv"}

    Returns
    -------
    str

    Examples
    --------
    >>> inputs = dict(spot=100, strike=100, maturity=1, rate=0.05, volatility=0.2, dividend=0)
    >>> out = format_price({"method": "bs", "kind": "call", "american": False, "inputs": inputs,
    ...                     "price": 10.4506, "stderr": None, "greeks": None}, "json")
    >>> '"price": 10.4506' in out
    True
    """
    if fmt == "json":
        return render_json(result)
    flat: dict[str, Any] = {
        **result["inputs"],
        "kind": result["kind"],
        "american": result["american"],
        "method": result["method"],
        "price": result["price"],
    }
    if result.get("stderr") is not None:
        flat["stderr"] = result["stderr"]
    for k, v in (result.get("greeks") or {}).items():
        flat[k] = v
    if fmt == "csv":
        return _csv([flat], list(flat))
    if fmt == "table":
        width = max(len(k) for k in flat)
        return "".join(
            f"{k.ljust(width)}  {_fmt(v, 6) if isinstance(v, float) else v}\n"
            for k, v in flat.items()
        )
    raise InvalidInputError(f"format must be one of 'table', 'json', 'csv', got {fmt!r}")

"""licensees.csv at 10^6 rows: columns first, one converter call per distinct value.

The row-by-row reader (one validated :class:`~poolcalc.model.Licensee` construction
per line) costs about 20 us a row.  Here the file goes through the columnar splitter
of :mod:`poolcalc.io._columns`, each column's distinct values are converted once with
the same converters the :class:`Licensee` fields use, and the objects are then filled
without running those converters again.  Any problem -- a value a converter rejects, a
duplicate id, an unknown member -- sends the file to the row-by-row reader, so every
message (file, line, field, value) is the one that reader gives.  Small files
(under :data:`FAST_MIN` rows) always take the row-by-row reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.io._columns import _columns, _factorize, _universal
from poolcalc.io._csv import LICENSEE_COLUMNS
from poolcalc.model import Licensee
from poolcalc.model._parties import (
    _agreements,
    _opt_chain_level,
    _opt_country,
    _opt_id,
    _opt_text,
)
from poolcalc.model._validators import check_id, to_bool, to_optional_date

__all__ = ["FAST_MIN", "read_licensees_columns"]

#: Files with fewer data rows than this are read row by row.
FAST_MIN = 20_000

def _converters() -> dict[str, Callable[[str], Any]]:
    """Column -> converter of one stripped cell, as the row reader and Licensee apply them."""
    return {
        "licensee": lambda v: check_id(v, "licensee"),
        "name": lambda v: v,  # "" = the id (below)
        "enterprise": lambda v: _opt_id(v or None),  # None = the id (below)
        "member": lambda v: _opt_id(v or None),
        "signed": lambda v: to_optional_date(v or None, "signed"),
        "good_standing": lambda v: True if v == "" else to_bool(v, "good_standing"),
        "chain_level": lambda v: _opt_chain_level(v or None),
        "address": lambda v: _opt_text(v or None),
        "country": lambda v: _opt_country(v or None),
        "email": lambda v: _opt_text(v or None),
        "agreements": lambda v: _agreements(v or None),
    }


def read_licensees_columns(
    data: bytes, members: set[str], row_reader: Callable[[str, set[str]], list[Licensee]]
) -> list[Licensee]:
    """Read licensees.csv (checked UTF-8 bytes); ``row_reader`` reads the text row by row."""
    name = "licensees.csv"

    def slow() -> list[Licensee]:
        return row_reader(_universal(data.decode("utf-8")), members)

    if data.count(b"\n") < FAST_MIN:
        return slow()
    cols, lines = _columns(data, name, LICENSEE_COLUMNS)
    n = lines.size
    conv = _converters()
    values: dict[str, list[Any]] = {}
    codes: dict[str, np.ndarray] = {}
    try:
        for col, cells in cols.items():
            uniques, c = _factorize(cells)
            values[col] = [conv[col](u) for u in uniques]
            codes[col] = c
    except InvalidInputError:
        return slow()
    ids = values["licensee"]
    if len(ids) < n or any(
        m is not None and m not in members for m in values.get("member", ())
    ):
        return slow()  # it names the line
    id_list = ids if len(ids) == n and np.array_equal(codes["licensee"], np.arange(n)) else [
        ids[k] for k in codes["licensee"].tolist()
    ]

    def column(col: str, default: Any) -> list[Any]:
        if col not in values:
            return [default] * n
        vals = np.empty(len(values[col]), dtype=object)
        vals[:] = values[col]
        return vals[codes[col]].tolist()

    names = column("name", "")
    enterprise = column("enterprise", None)
    member = column("member", None)
    signed = column("signed", None)
    standing = column("good_standing", True)
    chain = column("chain_level", None)
    address = column("address", None)
    country = column("country", None)
    email = column("email", None)
    agreements = column("agreements", frozenset())
    new, put = object.__new__, object.__setattr__
    out = []
    rows = zip(id_list, names, enterprise, member, signed, standing, chain, address, country,
               email, agreements, strict=True)
    for row in rows:
        lic = new(Licensee)
        lid = row[0]
        put(lic, "id", lid)
        put(lic, "name", row[1] or lid)
        put(lic, "enterprise", row[2] if row[2] is not None else lid)
        put(lic, "member", row[3])
        put(lic, "signed", row[4])
        put(lic, "good_standing", row[5])
        put(lic, "chain_level", row[6])
        put(lic, "address", row[7])
        put(lic, "country", row[8])
        put(lic, "email", row[9])
        put(lic, "agreements", row[10])
        out.append(lic)
    return out

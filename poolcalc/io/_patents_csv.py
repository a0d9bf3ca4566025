"""patents.csv read column by column into a :class:`~poolcalc.tables.PatentTable`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.io._columns import (
    _Column,
    _days,
    _factorize,
    _first,
    _floats,
    _mapped,
    _sorted,
    _strings,
    _table_columns,
)
from poolcalc.io._csv import (
    PATENT_COLUMNS,
    _some,
)
from poolcalc.model import PatentStatus
from poolcalc.model._validators import (
    check_country,
    check_id,
    choice,
)
from poolcalc.tables import (
    NO_DATE,
    STATUSES,
    PatentTable,
    country_code,
)

__all__ = ["read_patents_csv"]

#: The date columns (pyarrow may parse them: :func:`poolcalc.io._arrow.read_csv_arrow`).
_DATES = frozenset({"expires", "granted", "disclosed"})


def read_patents_csv(text: str | bytes | Path, members: Sequence[str]) -> PatentTable:
    """Parse a patents.csv into a :class:`~poolcalc.tables.PatentTable`.

    Parameters
    ----------
    text : str, bytes or Path
        The file's text, or its UTF-8 bytes, or the path of a ``patents.parquet``
        (needs the ``arrow`` extra; rows numbered from 2 as in the CSV).
    members : sequence of str
        Member ids from pool.toml, in order (the table's ``owner`` codes).

    Raises
    ------
    InvalidInputError
        ``patents.csv:LINE: field ... got 'value'`` for the first bad value.
    """
    name, c, lines = _table_columns(text, "patents.csv", PATENT_COLUMNS, _DATES)
    n = lines.size
    id_u, id_codes = _factorize(c["patent"])
    if len(id_u) == n:  # all distinct: codes are 0, 1, ..., n - 1 (first appearance)
        ids = np.empty(n, object)
        ids[:] = id_u
    else:
        ids = np.asarray(id_u, dtype=object)[id_codes] if n else np.empty(0, object)
    if "" in id_u:
        i = _first(id_codes == id_u.index(""))
        raise InvalidInputError(f"{name}:{lines[i]}: patent must be a non-empty string, got ''")
    if len(id_u) < n:
        _, first = np.unique(id_codes, return_index=True)
        repeat = np.ones(n, bool)
        repeat[first] = False
        i = _first(repeat)
        j = int(first[id_codes[i]])
        raise InvalidInputError(
            f"{name}:{lines[i]}: duplicate patent id {ids[i]!r} (first on line {lines[j]})"
        )
    member_index = {m: k for k, m in enumerate(members)}

    def owner_code(v: str) -> int:
        v = check_id(v, "owner")
        if v not in member_index:
            raise InvalidInputError(
                f"owner {v!r} is not a member in pool.toml ({_some(member_index)})"
            )
        return member_index[v]

    # column order follows the Patent fields, like read_pool's row-by-row checks
    owner = _mapped(name, lines, c["owner"], owner_code, np.int32)
    country = _mapped(
        name, lines, c["country"], lambda v: country_code(check_country(v, "country")), np.int16
    )
    expires = _days(name, lines, c["expires"], "expires", True)
    status_index = {s: k for k, s in enumerate(STATUSES)}
    status = _mapped(
        name, lines, c["status"], lambda v: status_index[choice(v, PatentStatus, "status")], np.int8
    )
    family, families = _families(c.get("family"), c["patent"], id_u, ids)
    granted = (
        _days(name, lines, c["granted"], "granted", False)
        if "granted" in c
        else np.full(n, NO_DATE)
    )
    disclosed = (
        _days(name, lines, c["disclosed"], "disclosed", False)
        if "disclosed" in c
        else np.full(n, NO_DATE)
    )
    feature = _strings(c["feature"]) if "feature" in c else None
    alternative = _strings(c["alternative"]) if "alternative" in c else None
    evaluator = _strings(c["evaluator"]) if "evaluator" in c else None
    weight = _floats(name, lines, c["weight"], "weight", 1.0) if "weight" in c else np.ones(n)
    bad = (granted != NO_DATE) & (granted >= expires)
    if bad.any():
        i = _first(bad)
        g, e = (str(np.datetime64(int(x), "D")) for x in (granted[i], expires[i]))
        raise InvalidInputError(
            f"{name}:{lines[i]}: patent {ids[i]}: granted ({g}) must be before expires ({e})"
        )
    table = PatentTable.from_arrays(
        ids=ids,
        owner=owner,
        country=country,
        expires=expires,
        status=status,
        granted=granted,
        family=family,
        disclosed=disclosed,
        weight=weight,
        feature=feature,
        alternative=alternative,
        evaluator=evaluator,
        members=members,
        families=families,
    )
    return table.mark_distinct()  # duplicates were refused above


def _families(
    col: _Column | None, id_col: _Column, id_u: list[str], ids: np.ndarray
) -> tuple[np.ndarray, tuple[str, ...] | None]:
    """Family codes into sorted family labels (empty family = the patent's id).

    Returns the family of each row and its sorted labels, or the family labels per row
    and None (empty families present).
    """
    n = ids.size
    if col is None:  # every patent its own family (ids are distinct here)
        return _sorted(id_col, id_u, np.arange(n, dtype=np.int32))
    fam_u, fam_codes = _factorize(col)
    if "" in fam_u or not n:
        family = np.asarray(fam_u, dtype=object)[fam_codes] if n else np.empty(0, object)
        return (np.where(family == "", ids, family) if n else family), None
    return _sorted(col, fam_u, fam_codes)

"""Optional pandas bridge: :func:`to_frame` (pandas is imported only when called)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = ["to_frame"]

_MISSING = "to_frame needs pandas, which is not installed: pip install 'poolcalc[pandas]'"


def _plain(v: Any) -> Any:
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, frozenset | set):
        return sorted(v)
    return v


def _record(row: Any) -> dict[str, Any]:
    if attrs.has(type(row)):
        return {k: _plain(v) for k, v in attrs.asdict(row, recurse=False).items()}
    if isinstance(row, Mapping):
        return {str(k): _plain(v) for k, v in row.items()}
    if hasattr(row, "_asdict"):
        return {k: _plain(v) for k, v in row._asdict().items()}
    raise TypeError(
        f"to_frame: rows must be attrs objects, mappings or named tuples, got {type(row).__name__}"
    )


def to_frame(rows: Iterable[Any]) -> Any:
    """Return a :class:`pandas.DataFrame` with one row per object.

    Parameters
    ----------
    rows : iterable
        attrs objects (e.g. ``pool.patents``, ``pool.sales``, result rows), mappings
        or named tuples; columns are their fields, enums become their values.  An
        object with a ``to_rows()`` method (a result object) is expanded first.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ImportError
        pandas is not installed (``pip install 'poolcalc[pandas]'``).
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(_MISSING) from None
    if hasattr(rows, "to_rows"):
        rows = rows.to_rows()
    return pd.DataFrame.from_records([_record(r) for r in rows])

"""Optional pandas bridge: :func:`to_frame` (pandas is imported only when called)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from poolcalc._args import checked_args
from poolcalc.tables import COUNTRIES, NO_DATE, STATUSES, PatentTable, SalesTable

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


def _table_columns(table: Any) -> dict[str, Any] | None:
    """Decode the columns of a PatentTable or SalesTable (labels instead of codes)."""
    def labels(names: tuple[str, ...], codes: np.ndarray) -> np.ndarray:
        lab = np.asarray([*names, None], dtype=object)
        return lab[np.where(codes < 0, len(names), codes)]

    def dates(days: np.ndarray) -> np.ndarray:
        d = days.astype("datetime64[D]")
        d[days == NO_DATE] = np.datetime64("NaT")
        return d

    countries = np.asarray(COUNTRIES, dtype=object)
    if isinstance(table, PatentTable):
        return {
            "patent": table.ids,
            "owner": labels(table.members, table.owner),
            "country": countries[table.country],
            "granted": dates(table.granted),
            "expires": dates(table.expires),
            "status": np.asarray([s.value for s in STATUSES], dtype=object)[table.status],
            "family": labels(table.families, table.family),
            "disclosed": dates(table.disclosed),
            "feature": labels(table.features, table.feature),
            "alternative": labels(table.alternatives, table.alternative),
            "weight": table.weight,
        }
    if isinstance(table, SalesTable):
        return {
            "line": table.line,
            "licensee": labels(table.licensees, table.licensee),
            "enterprise": labels(table.enterprises, table.enterprise),
            "date": dates(table.date),
            "product": labels(table.products, table.product),
            "country_of_sale": countries[table.country_of_sale],
            "country_of_manufacture": countries[table.country_of_manufacture],
            "units": table.units,
            "net_price": table.net_price,
        }
    return None


@checked_args
def to_frame(rows: Iterable[Any]) -> Any:
    """Return a :class:`pandas.DataFrame` with one row per object.

    Parameters
    ----------
    rows : iterable, PatentTable or SalesTable
        attrs objects (e.g. ``pool.patents``, ``pool.sales``, result rows), mappings
        or named tuples; columns are their fields, enums become their values.  An
        object with a ``to_rows()`` method (a result object) is expanded first.  A
        :class:`~poolcalc.tables.PatentTable` or :class:`~poolcalc.tables.SalesTable`
        becomes one column per array, codes decoded to labels, day numbers to
        ``datetime64[D]`` (``NaT`` where absent).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ImportError
        pandas is not installed (``pip install 'poolcalc[pandas]'``).

    Examples
    --------
    >>> import poolcalc
    >>> frame = to_frame(poolcalc.load_example().members)
    >>> list(frame.columns)[:2], len(frame)
    (['id', 'name'], 25)
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(_MISSING) from None
    columns = _table_columns(rows)
    if columns is not None:
        return pd.DataFrame(columns)
    if hasattr(rows, "to_rows"):
        rows = rows.to_rows()
    return pd.DataFrame.from_records([_record(r) for r in rows])

"""Writer for :class:`poolcalc.allocation.Distribution` reports (table, JSON, CSV)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from poolcalc._format import render_csv, render_json
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.allocation import Distribution

__all__ = ["write_distribution"]


def write_distribution(dist: Distribution, fmt: str = "table") -> str:
    """Render a distribution as ``table``, ``json`` or ``csv`` text.

    ``table`` is ``str(dist)``, ``json`` is ``dist.to_dict()``, ``csv`` one row per
    member: ``member, amount, share, payable, net``.

    See :meth:`poolcalc.allocation.Distribution.to_dict` for the JSON keys.

    Parameters
    ----------
    dist : Distribution
    fmt : {"table", "json", "csv"}

    Returns
    -------
    str

    Examples
    --------
    >>> import poolcalc
    >>> dist = poolcalc.allocate(poolcalc.load_example(), year=2024)
    >>> write_distribution(dist, "json") == poolcalc.io.render_json(dist.to_dict())
    True
    """
    if fmt == "json":
        return render_json(dist.to_dict())
    if fmt == "csv":
        return render_csv(["member", "amount", "share", "payable", "net"], dist.csv_rows())
    if fmt == "table":
        return str(dist)
    raise InvalidInputError(f"format must be one of table, json, csv; got {fmt!r}")

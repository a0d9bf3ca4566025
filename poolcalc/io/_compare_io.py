"""Writer of :class:`~poolcalc.compare.Comparison` reports (table, JSON, CSV)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from poolcalc._format import format_money, render_csv, render_json
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.compare import Comparison

__all__ = ["write_comparison"]


def write_comparison(cmp: Comparison, fmt: str = "table", *, max_members: int | None = None) -> str:
    """Render a comparison as text.

    Parameters
    ----------
    cmp : Comparison
    fmt : {"table", "json", "csv"}
        ``json``: ``cmp.to_dict()``, ``{"schemes": [...], "amounts": {scheme:
        {member: "123.45"}}, "metrics": {scheme: {metric: value}}}`` plus
        ``currency``, ``year``, ``collected``, ``administrator_fee``, ``shares`` and
        ``notes`` (money as decimal strings, metrics as numbers, ``null`` when not
        computed).  ``csv``: one tidy table ``scheme,kind,key,value`` with kind
        ``collected``/``administrator_fee`` (key empty), ``amount`` and ``share``
        (key = member) and ``metric`` (key = metric name).  ``table``: ``str(cmp)``,
        amounts of the largest members per scheme, then the metrics, then notes.
    max_members : int, optional
        Members shown in the text table (default ``cmp.table_members``, 25).

    Returns
    -------
    str

    Raises
    ------
    InvalidInputError
        Unknown format.

    Examples
    --------
    >>> from poolcalc.compare import compare_amounts
    >>> cmp = compare_amounts({"equal": [5, 5], "first": [9, 1]}, ["A", "B"])
    >>> write_comparison(cmp, "csv").splitlines()[0]
    'scheme,kind,key,value'
    """
    if fmt == "json":
        return render_json(cmp.to_dict())
    if fmt == "table":
        return str(cmp if max_members is None else attrs.evolve(cmp, table_members=max_members))
    if fmt != "csv":
        raise InvalidInputError(f"format must be one of table, json, csv, got {fmt!r}")
    mu = cmp.minor_units
    mat = cmp.amount_matrix
    rows: list[list[Any]] = []
    shares = cmp.shares
    for k, s in enumerate(cmp.schemes):
        rows.append([s, "collected", "", format_money(int(cmp.collected[k]), mu)])
        rows.append([s, "administrator_fee", "", format_money(int(cmp.administrator_fee[k]), mu)])
        for i, m in enumerate(cmp.members):
            rows.append([s, "amount", m, format_money(int(mat[k, i]), mu)])
        for i, m in enumerate(cmp.members):
            rows.append([s, "share", m, f"{shares[k, i]:.10f}"])
        for name, value in cmp.metrics[s].to_dict().items():
            rows.append([s, "metric", name, "" if value is None else value])
    return render_csv(["scheme", "kind", "key", "value"], rows)

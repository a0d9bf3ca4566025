"""Writer of :class:`~poolcalc.compare.Comparison` reports (table, JSON, CSV)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from poolcalc.errors import InvalidInputError
from poolcalc._format import format_money, render_csv, render_json, render_table

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.compare import Comparison

__all__ = ["write_comparison"]

#: Members listed in the text table (the largest under any scheme); JSON and CSV list all.
TABLE_MEMBERS = 25


def _metric_text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    return f"{value:.4f}" if abs(value) < 1e6 else f"{value:.4g}"


def write_comparison(
    cmp: Comparison, fmt: str = "table", *, max_members: int = TABLE_MEMBERS
) -> str:
    """Render a comparison as text.

    Parameters
    ----------
    cmp : Comparison
    fmt : {"table", "json", "csv"}
        ``json``: the contract of DESIGN.md, ``{"schemes": [...], "amounts":
        {scheme: {member: "123.45"}}, "metrics": {scheme: {metric: value}}}`` plus
        ``currency``, ``year``, ``collected``, ``administrator_fee``, ``shares`` and
        ``notes`` (money as decimal strings, metrics as numbers, ``null`` when not
        computed).  ``csv``: one tidy table ``scheme,kind,key,value`` with kind
        ``collected``/``administrator_fee`` (key empty), ``amount`` and ``share``
        (key = member) and ``metric`` (key = metric name).  ``table``: amounts of
        the ``max_members`` largest members per scheme, then the metrics, then notes.
    max_members : int
        Members shown in the text table.

    Returns
    -------
    str

    Raises
    ------
    InvalidInputError
        Unknown format.
    """
    if fmt == "json":
        return render_json(cmp.to_dict())
    mu = cmp.minor_units
    if fmt == "csv":
        rows: list[list[Any]] = []
        shares = cmp.shares
        for k, s in enumerate(cmp.schemes):
            rows.append([s, "collected", "", format_money(int(cmp.collected[k]), mu)])
            rows.append(
                [s, "administrator_fee", "", format_money(int(cmp.administrator_fee[k]), mu)]
            )
            for i, m in enumerate(cmp.members):
                rows.append([s, "amount", m, format_money(int(cmp.amounts[k, i]), mu)])
            for i, m in enumerate(cmp.members):
                rows.append([s, "share", m, f"{shares[k, i]:.10f}"])
            for name, value in cmp.metrics[s].as_dict().items():
                rows.append([s, "metric", name, "" if value is None else value])
        return render_csv(["scheme", "kind", "key", "value"], rows)
    if fmt != "table":
        raise InvalidInputError(f"format must be one of table, json, csv, got {fmt!r}")
    top = cmp.top_members(max_members)
    year = f", year {cmp.year}" if cmp.year is not None else ""
    title = f"Allocation schemes compared ({cmp.currency}{year}, {len(cmp.members)} members)"
    headers = ["member", *cmp.schemes]
    body: list[list[Any]] = [
        [
            cmp.members[i],
            *(
                format_money(int(cmp.amounts[k, i]), mu, grouping=True)
                for k in range(len(cmp.schemes))
            ),
        ]
        for i in top
    ]
    if top.size < len(cmp.members):
        rest = [i for i in range(len(cmp.members)) if i not in set(top.tolist())]
        body.append(
            [
                f"({len(rest)} more)",
                *(
                    format_money(int(cmp.amounts[k, rest].sum()), mu, grouping=True)
                    for k in range(len(cmp.schemes))
                ),
            ]
        )
    body.append(
        [
            "distributed",
            *(
                format_money(int(cmp.amounts[k].sum()), mu, grouping=True)
                for k in range(len(cmp.schemes))
            ),
        ]
    )
    body.append(
        ["admin fee", *(format_money(int(v), mu, grouping=True) for v in cmp.administrator_fee)]
    )
    body.append(["collected", *(format_money(int(v), mu, grouping=True) for v in cmp.collected)])
    out = render_table(headers, body, title=title)
    mrows = [
        [name, *(_metric_text(cmp.metrics[s].as_dict()[name]) for s in cmp.schemes)]
        for name in next(iter(cmp.metrics.values())).as_dict()
    ]
    out += "\n" + render_table(["metric", *cmp.schemes], mrows, title="Metrics")
    if cmp.notes:
        out += "\nNotes\n" + "".join(f"- {n}\n" for n in cmp.notes)
    return out

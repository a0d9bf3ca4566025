"""``[royalty.metric_tiers]`` and ``metrics.csv``: tiers by the highest of several metrics.

Access Advance VDP (issue 12 item 7; :mod:`poolcalc.model._metrics`).  metrics.csv
columns: ``licensee, period, metric, value`` (required) and ``region`` (optional):
one row per licensee, half year (``2025H1``), metric and region.  Messages:
``metrics.csv:LINE: <field> ...`` for the first bad value; a licensee not in
licensees.csv or a metric not listed in ``[royalty.metric_tiers] metrics`` is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.io._schema_rw import check_keys, check_types, model_kwargs
from poolcalc.model import MetricRecord, MetricTerms

__all__ = ["METRIC_COLUMNS", "metric_terms", "read_metrics", "write_metrics"]

#: (required, optional) columns of metrics.csv.
METRIC_COLUMNS = (("licensee", "period", "metric", "value"), ("region",))


def metric_terms(spec: Any) -> MetricTerms:
    """Validate a ``[royalty.metric_tiers]`` table into :class:`~poolcalc.model.MetricTerms`."""
    table = "royalty.metric_tiers"
    where = f"pool.toml: {table}"
    if not isinstance(spec, Mapping):
        raise InvalidInputError(f"{where}: metric_tiers must be a table, got {spec!r}")
    check_keys(table, table, spec)
    check_types(table, table, spec)
    kwargs = model_kwargs(table, spec, "MetricTerms")
    for need in ("metrics", "tiers"):
        if need not in spec:
            raise InvalidInputError(f"{where}: missing key {need}")
    try:
        return MetricTerms(**kwargs)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{where}: {exc}") from None


def read_metrics(
    root: Path,
    licensees: set[str] | Callable[[], set[str]],
    terms: MetricTerms | None,
    csv_rows: Callable[..., tuple[list[str], Iterable[tuple[int, list[str]]]]],
    read_text: Callable[[Path, str], str],
) -> list[MetricRecord]:
    """Read ``root/metrics.csv`` when present (else ``[]``), strict like the other files.

    ``licensees``: the licensee ids, or a function returning them (called only when
    metrics.csv exists).
    """
    name = "metrics.csv"
    f = root / name
    if not f.is_file():
        return []
    if callable(licensees):
        licensees = licensees()
    cols, rows = csv_rows(read_text(f, name), name, METRIC_COLUMNS)
    out = []
    for line, row in rows:
        where = f"{name}:{line}"
        rec = dict(zip(cols, row, strict=True))
        try:
            r = MetricRecord(**rec)
        except InvalidInputError as exc:
            raise InvalidInputError(f"{where}: {exc}") from None
        if r.licensee not in licensees:
            raise InvalidInputError(f"{where}: unknown licensee {r.licensee!r} (not in "
                                    "licensees.csv)")
        if terms is not None and r.metric not in terms.metrics:
            raise InvalidInputError(f"{where}: metric {r.metric!r} is not one of "
                                    f"[royalty.metric_tiers] metrics {list(terms.metrics)}")
        out.append(r)
    return out


def write_metrics(root: Path, records: Iterable[MetricRecord],
                  write_csv: Callable[..., None]) -> None:
    """Write ``records`` to ``root/metrics.csv`` (all columns)."""
    write_csv(root / "metrics.csv", [*METRIC_COLUMNS[0], *METRIC_COLUMNS[1]],
              ([r.licensee, r.period, r.metric, repr(r.value), r.region] for r in records))

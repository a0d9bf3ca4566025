"""What a sweep returns: its rows (a DataFrame), its failed tasks and a summary.

:class:`SweepResult` implements :class:`poolcalc._result.Result`: ``str()`` is the
summary table the CLI prints (per scheme: pools, median and 10-90 % range of the
inequality and game metrics), ``to_frame()`` the rows, ``to_dict()`` rows and errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs
import numpy as np

from poolcalc._result import Result, TableView, require_pandas

__all__ = ["SUMMARY_METRICS", "SweepResult", "TaskError"]

#: Metrics of the summary table (median and 10th-90th percentile per scheme).
SUMMARY_METRICS = ("gini", "hhi", "l1_to_shapley", "core_max_excess")


@attrs.frozen
class TaskError:
    """A task that raised: its spec row and the error (``Type: message``)."""

    row: dict[str, Any]
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.row, "error": self.error}


def _fmt(x: float) -> str:
    return "-" if not np.isfinite(x) else f"{x:.4f}"


@attrs.frozen(repr=False)
class SweepResult(Result):
    """The rows of a sweep, its failed tasks and how much ran.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per (task, scheme) in spec order: the spec row (``task`` id, ``pool``,
        the pool parameters, ``seed``), ``scheme`` and every metric of
        :func:`poolcalc.compare.compare` (NaN / <NA> where not computed).
    errors : tuple of TaskError
        Tasks that raised (not in ``frame``; a rerun tries them again).
    ran, skipped : int
        Tasks run now, and found finished in the output dataset.
    out : str or None
        The Parquet dataset directory.
    dashboard : str or None
        The Dask dashboard link (None when run serially).
    schemes : tuple of str
        Schemes in spec order.
    """

    frame: Any
    errors: tuple[TaskError, ...]
    ran: int
    skipped: int
    out: str | None
    dashboard: str | None
    schemes: tuple[str, ...] = ()

    _frame_index: ClassVar[None] = None

    def to_frame(self) -> Any:
        """Return the rows (a copy of :attr:`frame`)."""
        return self.frame.copy()

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"rows", "errors", "ran", "skipped", "out"}`` (JSON-ready)."""
        rows = [{k: (None if _missing(v) else _plain(v)) for k, v in r.items()}
                for r in self.frame.to_dict(orient="records")]
        return {"rows": rows, "errors": [e.to_dict() for e in self.errors],
                "ran": self.ran, "skipped": self.skipped, "out": self.out}

    def summary(self, metrics: Sequence[str] = SUMMARY_METRICS) -> Any:
        """Per scheme: pools and, per metric, median, 10th and 90th percentile.

        Returns
        -------
        pandas.DataFrame
            Index ``scheme`` (spec order); columns ``pools`` and
            ``<metric>_median``, ``<metric>_p10``, ``<metric>_p90``.
        """
        pd = require_pandas()
        out = []
        order = list(self.schemes) or list(dict.fromkeys(self.frame["scheme"]))
        for s in order:
            sub = self.frame[self.frame["scheme"] == s]
            rec: dict[str, Any] = {"scheme": s, "pools": len(sub)}
            for m in metrics:
                v = pd.to_numeric(sub[m], errors="coerce").astype(float).to_numpy()
                v = v[np.isfinite(v)]
                q = np.percentile(v, [50, 10, 90]) if v.size else [np.nan] * 3
                rec.update({f"{m}_median": q[0], f"{m}_p10": q[1], f"{m}_p90": q[2]})
            out.append(rec)
        return pd.DataFrame.from_records(out, index="scheme") if out else pd.DataFrame()

    def _view(self) -> TableView:
        summ = self.summary()
        headers = ["scheme", "pools"]
        for m in SUMMARY_METRICS:
            headers += [f"{m} median", "p10 .. p90"]
        rows = []
        for s, r in summ.iterrows():
            cells: list[Any] = [s, int(r["pools"])]
            for m in SUMMARY_METRICS:
                cells += [_fmt(r[f"{m}_median"]),
                          f"{_fmt(r[f'{m}_p10'])} .. {_fmt(r[f'{m}_p90'])}"]
            rows.append(cells)
        footer = [f"{self.ran} tasks run, {self.skipped} already done, "
                  f"{len(self.errors)} failed" + (f"; dataset {self.out}" if self.out else "")]
        footer += [f"failed: {e.error} ({_row_text(e.row)})" for e in self.errors]
        return TableView(headers, rows, title="sweep summary (per scheme, over pools)",
                         footer=footer)

    def _summary(self) -> str:
        return (f"{len(self.frame)} rows, {len(self.errors)} failed tasks, "
                f"{self.ran} run, {self.skipped} skipped")


def _row_text(row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.items() if v is not None)


def _missing(v: Any) -> bool:
    try:
        return bool(v is None or v != v)  # None, NaN, pandas NA
    except TypeError:
        return True


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


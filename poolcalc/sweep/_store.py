"""The sweep's Parquet dataset: one file per finished task, written atomically.

``OUT/part-<task>.parquet`` holds the rows of one task (one per scheme) under a fixed
schema (:func:`schema`), so ``pandas.read_parquet(OUT)`` reads the whole sweep.  A file
is written to a temporary name and renamed, so an interrupted sweep leaves only whole
files; a rerun lists them and skips those tasks (:meth:`ParquetStore.done`).  Failed
tasks are not stored (a rerun tries them again); they are listed in ``OUT/errors.json``.
The files are written by the client process as results arrive, so workers need no
shared file system.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError
from poolcalc.sweep._spec import POOL_PARAMETERS
from poolcalc.sweep._task import COLUMNS, METRIC_TYPES

__all__ = ["ParquetStore", "require_pyarrow", "schema"]

_NO_PYARROW = ("the sweep's Parquet dataset needs pyarrow: pip install 'poolcalc[distributed]'"
               " (or pip install pyarrow)")
_PREFIX, _SUFFIX = "part-", ".parquet"


def require_pyarrow() -> tuple[Any, Any]:
    """Import and return ``(pyarrow, pyarrow.parquet)``, or raise ImportError with the hint."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ImportError(_NO_PYARROW) from None
    return pa, pq


def schema() -> Any:
    """Return the Arrow schema of a sweep row (:data:`poolcalc.sweep.COLUMNS`), all nullable."""
    pa, _ = require_pyarrow()
    arrow = {int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string()}
    types: dict[str, Any] = {"task": pa.string(), "pool": pa.string(), "seed": pa.int64(),
                             "scheme": pa.string()}
    types.update({k: arrow[t] for k, (_, t, _) in POOL_PARAMETERS.items()})
    types.update({k: arrow[t] for k, t in METRIC_TYPES.items()})
    return pa.schema([(c, types[c]) for c in COLUMNS])


class ParquetStore:
    """A sweep's output directory (see the module docstring).

    Parameters
    ----------
    out : str or path
        Dataset directory, created if missing.
    """

    @checked_args
    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise InvalidInputError(f"sweep output {str(self.out)!r} is not a directory")
        self.out.mkdir(parents=True, exist_ok=True)
        self._pa, self._pq = require_pyarrow()
        self._schema = schema()

    def path(self, key: str) -> Path:
        return self.out / f"{_PREFIX}{key}{_SUFFIX}"

    def done(self) -> set[str]:
        """Keys of the tasks with a file (finished in this or an earlier run)."""
        return {p.name[len(_PREFIX):-len(_SUFFIX)] for p in self.out.glob(f"{_PREFIX}*{_SUFFIX}")}

    def write(self, key: str, rows: Sequence[dict[str, Any]]) -> None:
        """Write one task's rows (atomically: a temporary file renamed)."""
        table = self._pa.Table.from_pylist(list(rows), schema=self._schema)
        tmp = self.out / f".{key}.{os.getpid()}.tmp"
        self._pq.write_table(table, tmp)
        os.replace(tmp, self.path(key))

    def read(self, keys: Iterable[str]) -> Any:
        """Read the rows of the given tasks, in that order (a pandas DataFrame)."""
        tables = [self._pq.read_table(self.path(k), schema=self._schema) for k in keys]
        if not tables:
            return self._schema.empty_table().to_pandas()
        return self._pa.concat_tables(tables).to_pandas()

    def write_errors(self, errors: Sequence[dict[str, Any]]) -> None:
        """List the failed tasks of the last run in ``errors.json`` (removed when none)."""
        path = self.out / "errors.json"
        if errors:
            path.write_text(json.dumps(list(errors), indent=2, default=str) + "\n",
                            encoding="utf-8")
        elif path.exists():
            path.unlink()


def frame_of(rows: Sequence[dict[str, Any]]) -> Any:
    """Return the rows of a sweep run without an output directory, as a DataFrame."""
    pa, _ = require_pyarrow()
    return pa.Table.from_pylist(list(rows), schema=schema()).to_pandas()

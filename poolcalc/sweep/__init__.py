"""Sweeps: allocation-scheme comparisons over many pools, on Dask.

A sweep spec (:func:`read_spec`: a TOML file; :func:`spec_from_dict`) names
synthetic-pool parameters (a grid of every combination or a random sample), real pool
directories, schemes with options, comparison settings and seeds.  :func:`sweep` runs
one task per pool -- the worker draws the pool from its seed with
:func:`poolcalc.data.synthetic_pool` (no pool data shipped) and compares the schemes
with :func:`poolcalc.compare.compare` -- on a :class:`dask.distributed.LocalCluster`
(default), an existing Dask cluster (``scheduler="tcp://host:8786"``) or serially.
Rows stream into a Parquet dataset (one file per finished task, so a rerun resumes)
and come back as a :class:`SweepResult` (DataFrame, failed tasks with their spec rows,
summary; :func:`plot_sweep` draws the metric distributions per scheme).

:func:`sweep` is also ``poolcalc.run_sweep`` (``poolcalc.sweep`` is this module).
Needs the ``distributed`` extra: ``pip install 'poolcalc[distributed]'`` (dask,
distributed, pyarrow, pandas).
"""

from poolcalc.sweep._plot import plot_sweep
from poolcalc.sweep._result import SUMMARY_METRICS, SweepResult, TaskError
from poolcalc.sweep._run import SERIAL, require_distributed, sweep
from poolcalc.sweep._spec import POOL_PARAMETERS, SweepSpec, Task, read_spec, spec_from_dict
from poolcalc.sweep._store import ParquetStore
from poolcalc.sweep._task import COLUMNS, build_pool, run_task

#: :func:`sweep` under a name that says what it runs (``poolcalc.run_sweep``:
#: ``poolcalc.sweep`` is this module).
run_sweep = sweep

__all__ = [
    "COLUMNS",
    "POOL_PARAMETERS",
    "SERIAL",
    "SUMMARY_METRICS",
    "ParquetStore",
    "SweepResult",
    "SweepSpec",
    "Task",
    "TaskError",
    "build_pool",
    "plot_sweep",
    "read_spec",
    "require_distributed",
    "run_sweep",
    "run_task",
    "spec_from_dict",
    "sweep",
]

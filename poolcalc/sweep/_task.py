"""One sweep task, as a worker runs it: build the pool from its seed, compare, measure.

:func:`run_task` is what every worker executes (and what the serial run calls in this
process): nothing but the :class:`~poolcalc.sweep.Task` is shipped, the pool is drawn
on the worker by :func:`poolcalc.data.synthetic_pool` (or read from the task's pool
directory) and the schemes are compared by :func:`poolcalc.compare.compare`.  The rows
depend only on the task (its parameters and seed), never on where or when it ran.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from poolcalc._args import checked_args
from poolcalc.compare import METRIC_NAMES, compare
from poolcalc.data import synthetic_pool
from poolcalc.io import read_pool
from poolcalc.model import Pool
from poolcalc.sweep._spec import POOL_PARAMETERS, Task

__all__ = ["COLUMNS", "METRIC_TYPES", "build_pool", "run_task"]

#: Type of each metric column (for the Parquet schema): float, int or bool.
METRIC_TYPES: dict[str, type] = {
    name: (bool if name == "core_sampled" else
           int if name in ("zero_payees", "core_blocking", "core_checked", "ir_violations",
                           "monotonicity_violations", "monotonicity_checked") else float)
    for name in METRIC_NAMES
}
#: Output columns in order: the spec row, the scheme, every metric of ``compare``.
COLUMNS: tuple[str, ...] = ("task", "pool", *POOL_PARAMETERS, "seed", "scheme", *METRIC_NAMES)


@checked_args
def build_pool(task: Task) -> Pool:
    """Build the task's pool: read its directory, or draw it from its parameters and seed.

    Parameters
    ----------
    task : Task

    Returns
    -------
    Pool
        :func:`poolcalc.io.read_pool` of ``task.dir``, else
        :func:`poolcalc.data.synthetic_pool` of ``task.params`` with ``rng=task.seed``.

    Examples
    --------
    >>> from poolcalc.sweep import spec_from_dict
    >>> spec = spec_from_dict({"pools": {"members": 3, "patents": 30, "countries": 2,
    ...                                  "seeds": 4}, "schemes": {"names": ["equal"]}})
    >>> len(build_pool(spec.tasks()[0]).members)
    3
    """
    if task.dir is not None:
        return read_pool(task.dir)
    kw = {POOL_PARAMETERS[k][0]: v for k, v in task.params.items()}
    return synthetic_pool(rng=task.seed, **kw)


@checked_args
def run_task(task: Task) -> list[dict[str, Any]]:
    """Run one task: one row per scheme (spec row, scheme, metrics).

    Parameters
    ----------
    task : Task

    Returns
    -------
    list of dict
        Keys :data:`COLUMNS`, in the order of ``task.schemes``; a metric not computed
        is None.

    Raises
    ------
    poolcalc.errors.PoolcalcError
        Whatever building the pool or comparing rejects (the sweep reports it with the
        task's spec row and goes on).

    Examples
    --------
    >>> from poolcalc.sweep import spec_from_dict
    >>> spec = spec_from_dict({"pools": {"members": 3, "patents": 30, "countries": 2},
    ...                        "schemes": {"names": ["equal"]}})
    >>> row, = run_task(spec.tasks()[0])
    >>> row["scheme"], row["members"], round(row["gini"], 6)
    ('equal', 3, 0.0)
    """
    pool = build_pool(task)
    cmp = compare(pool, task.schemes, options=task.options or None, rng=task.seed,
                  **task.compare)
    base = task.row()
    if task.dir is not None:  # the shape of a real pool, as read
        base.update(members=len(pool.members), patents=len(pool.patents),
                    countries=int(np.unique(pool.patents.country).size))
    rows = []
    for s in cmp.schemes:
        row = {**base, "scheme": s}
        row.update(cmp.metrics[s].to_dict())
        rows.append(row)
    return rows

"""Run a sweep: serially in this process, or on Dask (a LocalCluster or an existing one).

:func:`sweep` expands the spec into tasks, skips those already in the output dataset,
submits the rest (one Dask task per pool: only the :class:`~poolcalc.sweep.Task` is
shipped, the worker builds the pool), writes each task's rows to the Parquet dataset
as it completes and returns a :class:`~poolcalc.sweep.SweepResult`.  A task that raises
is reported with its spec row; the others go on.  A worker that dies is replaced by
Dask and its tasks run again elsewhere; as the client writes one file per task, every
task is in the dataset exactly once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from poolcalc._args import check_instance_arg
from poolcalc.sweep._result import SweepResult, TaskError
from poolcalc.sweep._spec import SweepSpec, Task, read_spec, spec_from_dict
from poolcalc.sweep._store import ParquetStore, frame_of
from poolcalc.sweep._task import run_task

__all__ = ["SERIAL", "require_distributed", "sweep"]

_log = logging.getLogger(__name__)

#: ``scheduler=`` value that runs every task in this process (no Dask needed).
SERIAL = "serial"
_NO_DASK = ("poolcalc.sweep on Dask needs dask.distributed: pip install 'poolcalc[distributed]' "
            "(or run serially with scheduler='serial')")

#: ``progress(done, total, task, error)`` after each task is recorded (error: None or text).
Progress = Callable[[int, int, Task, str | None], None]


def require_distributed() -> Any:
    """Import and return :mod:`dask.distributed`, or raise ImportError with the hint.

    Returns
    -------
    module
        :mod:`dask.distributed`.

    Raises
    ------
    ImportError
        Dask is not installed; the message says ``pip install 'poolcalc[distributed]'``.

    Examples
    --------
    >>> hasattr(require_distributed(), "LocalCluster")
    True
    """
    try:
        import dask.distributed as dd
    except ImportError:
        raise ImportError(_NO_DASK) from None
    return dd


def _as_spec(spec: SweepSpec | Mapping[str, Any] | str | os.PathLike[str]) -> SweepSpec:
    if isinstance(spec, SweepSpec):
        return spec
    if isinstance(spec, Mapping):
        return spec_from_dict(spec)
    return read_spec(spec)


def _error(task: Task, exc: BaseException) -> TaskError:
    return TaskError(row=task.row(), error=f"{type(exc).__name__}: {exc}")


class _Recorder:
    """Stores each finished task's rows and reports progress."""

    def __init__(self, store: ParquetStore | None, total: int, skipped: int,
                 progress: Progress | None) -> None:
        self.store, self.total, self.progress = store, total, progress
        self.done = skipped
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.errors: list[TaskError] = []

    def ok(self, task: Task, rows: list[dict[str, Any]]) -> None:
        if self.store is not None:
            self.store.write(task.key, rows)
        self.rows[task.key] = rows
        self._step(task, None)

    def failed(self, task: Task, exc: BaseException) -> None:
        err = _error(task, exc)
        self.errors.append(err)
        _log.warning("sweep task %s failed: %s (%s)", task.key, err.error, err.row)
        self._step(task, err.error)

    def _step(self, task: Task, error: str | None) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, task, error)


def _run_serial(todo: list[Task], rec: _Recorder) -> None:
    for task in todo:
        try:
            rows = run_task(task)
        except Exception as exc:  # noqa: BLE001 - every task failure is reported, not raised
            rec.failed(task, exc)
        else:
            rec.ok(task, rows)


def _run_dask(todo: list[Task], rec: _Recorder, client: Any) -> None:
    dd = require_distributed()
    by_key = {f"poolcalc-sweep-{t.key}": t for t in todo}
    futures = [client.submit(run_task, t, key=k) for k, t in by_key.items()]
    try:
        for fut in dd.as_completed(futures):
            task = by_key[fut.key]
            if fut.status == "error":
                rec.failed(task, fut.exception())
            else:
                rec.ok(task, fut.result())
            fut.release()
    finally:
        client.cancel([f for f in futures if not f.done()])


def _client(scheduler: str | None, workers: int | None, threads_per_worker: int) -> Any:
    dd = require_distributed()
    if scheduler:
        return dd.Client(scheduler), None
    n = workers or os.cpu_count() or 1
    cluster = dd.LocalCluster(n_workers=n, threads_per_worker=threads_per_worker,
                              processes=True, dashboard_address=":0")
    return dd.Client(cluster), cluster


def sweep(
    spec: SweepSpec | Mapping[str, Any] | str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
    threads_per_worker: int = 1,
    progress: Progress | None = None,
    on_client: Callable[[Any], None] | None = None,
) -> SweepResult:
    """Run a sweep of allocation-scheme comparisons over many pools.

    Parameters
    ----------
    spec : SweepSpec, mapping or path
        The spec (:func:`read_spec`, :func:`spec_from_dict`, or a TOML file's path).
    out : str or path, optional
        Parquet dataset directory (default ``run.out`` of the spec; neither: results
        are kept in memory only).  Tasks already in it are skipped (resume).
    scheduler : str, optional
        ``"tcp://host:8786"``: an existing Dask scheduler; ``"serial"``
        (:data:`SERIAL`): every task in this process, without Dask.  Default
        ``run.scheduler`` of the spec, else a :class:`dask.distributed.LocalCluster`
        started for this sweep and closed at the end.
    workers : int, optional
        Worker processes of that LocalCluster (default ``run.workers``, else every
        core).
    client : dask.distributed.Client, optional
        Run on this client's cluster (it is not closed).
    threads_per_worker : int
        Threads per LocalCluster worker (default 1: the comparison is numpy code that
        holds the GIL for much of its time).
    progress : callable, optional
        ``progress(done, total, task, error)`` after each task is recorded.
    on_client : callable, optional
        Called with the Dask client once connected (the CLI prints the dashboard link).

    Returns
    -------
    SweepResult
        One row per (task, scheme) in spec order (the tasks of earlier runs read from
        ``out``), the failed tasks with their spec rows, counts and the dashboard link.

    Raises
    ------
    InvalidInputError
        A bad spec.
    ImportError
        dask.distributed or pyarrow missing (``pip install 'poolcalc[distributed]'``).

    Notes
    -----
    A task's rows depend only on its spec row and seed (the pool is drawn by
    :func:`poolcalc.data.synthetic_pool` with ``rng=seed``, the sampled core check of
    :func:`poolcalc.compare.compare` uses the same seed), so a sweep gives the same
    rows, and the same Parquet files, on one worker, on many, or serially.

    Examples
    --------
    >>> res = sweep({"pools": {"members": [3, 4], "patents": 40, "countries": 2},
    ...              "schemes": {"names": ["equal", "patent-count"]}}, scheduler="serial")
    >>> res.to_frame()[["members", "scheme"]].values.tolist()
    [[3, 'equal'], [3, 'patent-count'], [4, 'equal'], [4, 'patent-count']]
    """
    check_instance_arg(spec, (SweepSpec, Mapping, str, os.PathLike), "sweep: spec",
                       "a SweepSpec, a mapping or a spec file's path")
    sp = _as_spec(spec)
    tasks = sp.tasks()
    target = out if out is not None else sp.out
    store = ParquetStore(target) if target is not None else None
    finished = store.done() if store is not None else set()
    todo = [t for t in tasks if t.key not in finished]
    skipped = len(tasks) - len(todo)
    rec = _Recorder(store, len(tasks), skipped, progress)
    sched = scheduler if scheduler is not None else sp.scheduler
    dashboard = None
    _log.info("sweep: %d tasks, %d already done, %d to run", len(tasks), skipped, len(todo))
    if sched == SERIAL:
        _run_serial(todo, rec)
    elif todo or client is not None:
        own_client, own_cluster = client is None, None
        if client is None:
            client, own_cluster = _client(sched, workers or sp.workers, threads_per_worker)
        try:
            dashboard = client.dashboard_link
            if on_client is not None:
                on_client(client)
            _run_dask(todo, rec, client)
        finally:
            if own_client:
                client.close()
            if own_cluster is not None:
                own_cluster.close()
    ok = [t for t in tasks if t.key in finished or t.key in rec.rows]
    if store is not None:
        store.write_errors([e.to_dict() for e in rec.errors])
        frame = store.read([t.key for t in ok])
    else:
        frame = frame_of([r for t in ok for r in rec.rows[t.key]])
    return SweepResult(
        frame=frame,
        errors=tuple(rec.errors),
        ran=len(todo),
        skipped=skipped,
        out=None if store is None else str(store.out),
        dashboard=dashboard,
        schemes=sp.schemes,
    )


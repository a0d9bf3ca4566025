"""``poolcalc sweep SPEC.toml``: compare allocation schemes over many pools, on Dask.

Reads the spec (:func:`poolcalc.sweep.read_spec`), runs :func:`poolcalc.sweep.sweep`
on a LocalCluster (``--workers N``), an existing scheduler (``--scheduler ADDR``) or
serially (``--scheduler serial``), streams the rows into the Parquet dataset
(``--out DIR``, resumable) and prints the summary (``--format table``), the rows
(``csv``) or rows and errors (``json``).  Exit code 1 when a task failed (each
is listed with its spec row; the others completed), 2 on a bad spec.  The Dask
dashboard link and the progress go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from poolcalc._format import render_csv, render_json
from poolcalc._plot import check_path
from poolcalc.cli._common import add_format
from poolcalc.sweep import COLUMNS, SERIAL, Task, plot_sweep, read_spec, sweep

__all__ = ["setup"]


def setup(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sweep", help="compare schemes over a grid of pools (Dask)")
    p.add_argument("spec", metavar="SPEC.toml", help="sweep spec (TOML)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes of the LocalCluster (default: run.workers, "
                   "else every core)")
    p.add_argument("--scheduler", default=None, metavar="ADDR",
                   help="an existing Dask scheduler, e.g. tcp://host:8786 (default: "
                   f"run.scheduler, else a LocalCluster); '{SERIAL}': no Dask")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="Parquet dataset directory (default: run.out); finished tasks "
                   "in it are skipped")
    p.add_argument("--plot", default=None, metavar="FILE",
                   help="also draw the metric distributions per scheme (needs matplotlib)")
    add_format(p)
    p.set_defaults(func=_cmd_sweep)


class _Progress:
    """One line on stderr: rewritten on a terminal, every 5 % otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.failed = 0

    def __call__(self, done: int, total: int, task: Task, error: str | None) -> None:
        self.failed += error is not None
        if self.quiet:
            return
        step = max(1, total // 20)
        if not self.tty and done % step and done != total:
            return
        end = "\n" if not self.tty or done == total else ""
        print(f"\rpoolcalc sweep: {done}/{total} tasks, {self.failed} failed", end=end,
              file=sys.stderr, flush=True)


def _dashboard(client: Any) -> None:
    print(f"poolcalc sweep: Dask dashboard {client.dashboard_link}", file=sys.stderr)


def _cmd_sweep(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        print(f"poolcalc sweep: --workers must be >= 1, got {args.workers}", file=sys.stderr)
        return 2
    plot = check_path(args.plot) if args.plot else None
    spec = read_spec(args.spec)
    try:
        res = sweep(spec, out=args.out, scheduler=args.scheduler, workers=args.workers,
                    progress=_Progress(bool(args.quiet)), on_client=_dashboard)
    except ImportError as exc:
        print(f"poolcalc sweep: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(render_json(res.to_dict()))
    elif args.format == "csv":
        rows = res.to_dict()["rows"]
        sys.stdout.write(render_csv(COLUMNS, ([r[c] for c in COLUMNS] for r in rows)))
    else:
        print(res)
    if plot is not None:
        plot_sweep(res, plot)
    return 1 if res.errors else 0

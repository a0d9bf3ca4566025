"""``poolcalc compare`` on a synthetic pool of 1,000 members and 10^6 national patents.

Run ``python benchmarks/bench_compare.py [--members M] [--patents P] [--sales S] [--repeat K]``.

In one process it

1. draws a seeded synthetic pool (``synthetic_pool``: Zipf holdings, 200 countries,
   small members filing in fewer countries) and writes it as a pool directory;
2. times ``poolcalc compare DIR --format json`` (the CLI entry point, in process:
   ``read_pool`` + royalties + the eight non-LP schemes + metrics with sampled core
   checks) -- the figure the issue asks for, median of K runs;
3. breaks one run into stages (read, royalties, each scheme, pool game, metrics) and
   times ``dilution=True`` once (off by default above 200 members).

Prints markdown tables of medians.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's poolcalc first

from poolcalc.cli import main
from poolcalc.compare import DEFAULT_SCHEMES, compare, compare_amounts, pool_game
from poolcalc.compare._compare import _royalties, _run
from poolcalc.data import synthetic_pool
from poolcalc.io import read_pool, write_pool


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t, out


def fmt(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.1f} s"


def cli_run(d: Path) -> float:
    buf = io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(buf):
        rc = main(["compare", str(d), "--format", "json"])
    dt = time.perf_counter() - t
    assert rc == 0 and buf.getvalue().startswith("{")
    return dt


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, load average {load:.1f}; "
        f"Python {platform.python_version()}, "
        f"numpy {np.__version__}"
    )


def main_bench() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1000)
    ap.add_argument("--patents", type=int, default=1_000_000)
    ap.add_argument("--countries", type=int, default=200)
    ap.add_argument("--sales", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--coverage",
        type=float,
        default=0.3,
        help="synthetic_pool coverage (1: every member files in every country)",
    )
    args = ap.parse_args()
    print(f"machine: {machine()}\n")
    kw = dict(n_sales=args.sales, n_licensees=500, coverage=args.coverage, skew_param=1.0, rng=0)

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "pool"
        t_gen, sp = timed(synthetic_pool, args.members, args.patents, args.countries, **kw)
        year = max(sp.years())
        t_write, _ = timed(write_pool, sp, d)
        size = sum(f.stat().st_size for f in d.iterdir()) / 1e6
        print(
            f"pool: {args.members} members, {args.patents:,} patents, {args.countries} countries, "
            f"{args.sales:,} sales rows, coverage {args.coverage}; drawn in {fmt(t_gen)}, "
            f"written in {fmt(t_write)} ({size:.0f} MB)\n"
        )

        runs = [cli_run(d) for _ in range(args.repeat)]
        print("| task | median | runs |")
        print("|---|---|---|")
        print(
            f"| `poolcalc compare DIR --format json` ({len(DEFAULT_SCHEMES)} non-LP schemes, "
            f"metrics, sampled core) | **{fmt(statistics.median(runs))}** | "
            f"{', '.join(fmt(r) for r in runs)} |"
        )

        # stages of one run
        t_read, pool = timed(read_pool, d)
        t_roy, roy = timed(_royalties, pool, year)
        stages = [("read_pool", t_read), ("royalties_owed", t_roy)]
        dists = {}
        for s in DEFAULT_SCHEMES:
            t, dists[s] = timed(_run, pool, s, {}, year, roy)
            stages.append((f"allocate {s}", t))
        t_game, game = timed(pool_game, pool, year=year, royalties=roy)
        stages.append((f"pool game ({game.carriers.shape[0]} holder sets)", t_game))
        members = [m.id for m in pool.members]
        amounts = {s: [dists[s].amounts[m] for m in members] for s in DEFAULT_SCHEMES}
        t_met, cmp = timed(compare_amounts, amounts, members, game=game)
        stages.append(("metrics (Gini, HHI, L1, core sampled 20,000 coalitions, IR)", t_met))
        t_dil, cmp_d = timed(compare, pool, DEFAULT_SCHEMES, dilution=True)
        for name, t in stages:
            print(f"| stage: {name} | {fmt(t)} | 1 |")
        print(
            "| `compare(..., dilution=True)` (every scheme re-run with an entrant) | "
            f"{fmt(t_dil)} | 1 |"
        )
        print()
        print("notes:", *cmp_d.notes, sep="\n- ")




if __name__ == "__main__":
    main_bench()

"""A 200-pool sweep serially and on a Dask LocalCluster; per-task overhead; projection.

Run ``python benchmarks/bench_sweep.py [--pools 200] [--workers 2] [--big]``.

In one process it times

1. the reference: a plain Python loop of ``synthetic_pool`` + ``compare`` over the
   sweep's pools (no sweep machinery, no Parquet);
2. ``poolcalc.sweep.sweep(..., scheduler="serial")`` writing the Parquet dataset;
3. the same sweep on a fresh ``LocalCluster(n_workers=W, threads_per_worker=1)``
   (cluster start-up timed apart; the workers warmed up by 20 near-empty tasks so that
   their first imports are not counted per task) -- and checks its Parquet files are
   byte-identical to the serial ones;
4. the per-task overhead of Dask + Parquet: 200 near-empty tasks (2 members, 2 patents,
   one scheme, no game metrics) serially and on the cluster;
5. with ``--big``, one task of the issue's size (1,000 members, 10^6 patents, 200
   countries; the default schemes) serially, for the projection.

and prints the projected wall time of a 10,000-pool sweep on N dedicated workers:
``10,000 x (task CPU + overhead CPU) / N`` from the measured costs.  CPU times (this
process via ``time.process_time``, each worker's through ``client.run``) are the
steadier figures on a shared machine; wall times are printed next to them.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's poolcalc first

from dask.distributed import Client, LocalCluster

from poolcalc.compare import compare
from poolcalc.data import synthetic_pool
from poolcalc.sweep import build_pool, spec_from_dict, sweep


def spec_of(pools: int) -> dict:
    """``pools`` pools: 5 member counts x 2 holdings x 2 coverages x (pools/20) seeds."""
    seeds = list(range(max(1, pools // 20)))
    return {
        "pools": {"members": [10, 25, 50, 100, 200], "patents": [100_000], "countries": [50],
                  "sales": [20_000], "holdings": ["zipf", "uniform"], "coverage": [1.0, 0.5],
                  "seeds": seeds},
        "schemes": {"names": ["per-country-count", "patent-count", "shapley", "equal"]},
        "compare": {"dilution": False, "monotonicity_limit": 0, "n_samples": 2_000},
    }


TINY = {"pools": {"members": [2], "patents": [2], "countries": [1], "licensees": [2],
                  "sales": [10], "seeds": list(range(200))},
        "schemes": {"names": ["equal"]}, "compare": {"metrics": False, "dilution": False,
                                                     "monotonicity_limit": 0}}


def clock(fn, *a, **kw):
    t, c = time.perf_counter(), time.process_time()
    out = fn(*a, **kw)
    return time.perf_counter() - t, time.process_time() - c, out


def reference_loop(spec) -> None:
    for t in spec.tasks():
        compare(build_pool(t), t.schemes, options=t.options or None, rng=t.seed, **t.compare)


def worker_cpu(client) -> float:
    """CPU seconds used so far by every worker process (summed)."""
    return sum(client.run(time.process_time).values())


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("part-*.parquet"))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pools", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--big", action="store_true", help="also time one 1,000 x 10^6 task")
    args = ap.parse_args()
    spec = spec_from_dict(spec_of(args.pools))
    n = len(spec.tasks())
    print(f"# sweep benchmark: {n} pools, {args.workers} workers; {platform.processor() or ''} "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    tmp = Path(tempfile.mkdtemp())
    ref_wall, ref_cpu, _ = clock(reference_loop, spec)
    ser_wall, ser_cpu, _ = clock(sweep, spec, scheduler="serial", out=tmp / "serial")
    up, _, cluster = clock(LocalCluster, n_workers=args.workers, threads_per_worker=1,
                           processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        # warm-up: every worker imports poolcalc, numpy, scipy once (start-up, not per task)
        warm = {**TINY, "pools": {**TINY["pools"], "seeds": [10_000 + i for i in range(20)]}}
        sweep(warm, client=client)
        w0 = worker_cpu(client)
        dask_wall, dask_cpu, res = clock(sweep, spec, client=client, out=tmp / "dask")
        dask_wcpu = worker_cpu(client) - w0
        assert files(tmp / "dask") == files(tmp / "serial"), "Parquet differs"
        assert not res.errors
        tiny = spec_from_dict(TINY)
        tiny_ser, tiny_ser_cpu, _ = clock(sweep, tiny, scheduler="serial",
                                          out=tmp / "tiny_serial")
        w0 = worker_cpu(client)
        tiny_dask, tiny_dask_cpu, _ = clock(sweep, tiny, client=client, out=tmp / "tiny_dask")
        tiny_wcpu = worker_cpu(client) - w0
    ntiny = len(tiny.tasks())
    task = ser_cpu / n  # CPU per task: the steady figure on a shared machine
    # what Dask + Parquet add per task: the workers' and this process's CPU on the
    # cluster minus the serial run's CPU, for near-empty tasks
    overhead = max(0.0, (tiny_wcpu + tiny_dask_cpu - tiny_ser_cpu) / ntiny)
    overhead_big = max(0.0, (dask_wcpu + dask_cpu - ser_cpu) / n)
    print()
    print("| run | wall | CPU (this process) | per task |")
    print("|---|---|---|---|")
    print(f"| reference loop (synthetic_pool + compare) | {ref_wall:.1f} s | {ref_cpu:.1f} s | "
          f"{1000 * ref_wall / n:.0f} ms |")
    print(f"| sweep, serial (+ Parquet) | {ser_wall:.1f} s | {ser_cpu:.1f} s | "
          f"{1000 * task:.0f} ms |")
    print(f"| sweep, LocalCluster {args.workers} workers | {dask_wall:.1f} s | "
          f"{dask_cpu:.1f} s + workers {dask_wcpu:.1f} s | "
          f"{1000 * dask_wall / n:.0f} ms (wall / tasks) |")
    print(f"| LocalCluster start-up | {up:.1f} s | - | - |")
    print(f"| {ntiny} near-empty tasks, serial | {tiny_ser:.2f} s | {tiny_ser_cpu:.2f} s | "
          f"{1000 * tiny_ser / ntiny:.1f} ms |")
    print(f"| {ntiny} near-empty tasks, LocalCluster | {tiny_dask:.2f} s | "
          f"{tiny_dask_cpu:.2f} s + workers {tiny_wcpu:.2f} s | "
          f"{1000 * tiny_dask / ntiny:.1f} ms |")
    print()
    print(f"wall speed-up on {args.workers} workers: {ser_wall / dask_wall:.2f}x over the "
          f"serial sweep, {ref_wall / dask_wall:.2f}x over the reference loop; sweep "
          f"machinery serially: {ser_wall / ref_wall:.2f}x the loop (wall), "
          f"{ser_cpu / ref_cpu:.2f}x (CPU)")
    print(f"CPU-bound speed-up (serial CPU / (cluster CPU / {args.workers} workers)): "
          f"{ser_cpu / ((dask_wcpu + dask_cpu) / args.workers):.2f}x")
    print(f"Dask + Parquet overhead per task: {1000 * overhead:.1f} ms CPU (near-empty "
          f"tasks), {1000 * overhead_big:.1f} ms CPU (this sweep's tasks)")
    costs = {f"this sweep's pools ({1000 * task:.0f} ms CPU)": task}
    if args.big:
        _, t_big, _ = clock(
            lambda: compare(synthetic_pool(1_000, 1_000_000, 200, coverage=0.5, rng=1),
                            rng=1))
        costs[f"1,000 members x 10^6 patents ({t_big:.1f} s CPU)"] = t_big
    print()
    print("| projected 10,000-pool sweep | 2 workers | 16 workers | 64 workers | 256 workers |")
    print("|---|---|---|---|---|")
    for label, c in costs.items():
        cells = [f"{10_000 * (c + overhead) / w / 3600:.2f} h" for w in (2, 16, 64, 256)]
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

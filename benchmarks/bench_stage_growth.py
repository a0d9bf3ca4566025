"""Per-stage CPU time of the royalty kernel at several sizes: where the growth is.

Run ``python benchmarks/bench_stage_growth.py [--sizes 1e6,3e6,1e7] [--repeat 3]
[--allocator tuned|default]``.  On the tables of ``bench_scaling.py`` (10^6 patents,
10^4 licensees) it runs :func:`poolcalc.royalties.compute_royalties` with every stage
of :data:`poolcalc.royalties.stages.PIPELINE` wrapped in a CPU timer
(``time.process_time``), and prints per stage the median CPU time at each size and
the fitted exponent ``log(t_1 / t_0) / log(N_1 / N_0)`` between the smallest and the
largest size ("rest": the kernel's time outside the stages: input checks and the
result in table order).  The stages are timed from outside, so the results are those
of the engine.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_royalties as br  # noqa: E402

import poolcalc.royalties._engine as engine  # noqa: E402
from poolcalc.royalties import compute_royalties  # noqa: E402
from poolcalc.royalties.stages import PIPELINE, Stage  # noqa: E402


def timed(stage: Stage, sink: dict[str, float]) -> Stage:
    """The stage with its ``apply`` adding its CPU time to ``sink[stage.name]``."""

    def apply(run, schedule):
        t = time.process_time()
        out = stage.apply(run, schedule)
        sink[stage.name] = sink.get(stage.name, 0.0) + time.process_time() - t
        return out

    return Stage(stage.name, apply, stage.parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1e6,3e6,1e7")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--allocator", choices=("default", "tuned"), default="tuned")
    args = ap.parse_args()
    if args.allocator == "tuned":
        from poolcalc._alloc import tune_allocator

        tune_allocator()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    names = [s.name for s in PIPELINE] + ["rest", "total"]
    table: dict[str, list[float]] = {k: [] for k in names}
    sched = br.schedule()
    print(f"load {os.getloadavg()[0]:.1f}; allocator {args.allocator}; median of {args.repeat}",
          flush=True)
    for n in sizes:
        patents, sales, good, signed = br.build(n, 10**6, 10**4)
        samples: dict[str, list[float]] = {k: [] for k in names}
        for rep in range(args.repeat + 1):
            sink: dict[str, float] = {}
            engine.PIPELINE = tuple(timed(s, sink) for s in PIPELINE)
            t = time.process_time()
            compute_royalties(sched, patents, sales, year=br.YEAR, good_standing=good,
                              signed_day=signed)
            total = time.process_time() - t
            engine.PIPELINE = PIPELINE
            if rep == 0:
                continue  # warm-up
            for k, v in sink.items():
                samples[k].append(v)
            samples["rest"].append(total - sum(sink.values()))
            samples["total"].append(total)
        for k in names:
            table[k].append(statistics.median(samples[k]) if samples[k] else 0.0)
        print(f"{n:,} rows done (load {os.getloadavg()[0]:.1f})", flush=True)
        del patents, sales
    head = " / ".join(f"{n:,}" for n in sizes)
    print(f"\n| stage | CPU [s] at {head} | exponent |\n|---|---|---|")
    for k in names:
        t0, t1 = table[k][0], table[k][-1]
        ex = math.log(t1 / t0) / math.log(sizes[-1] / sizes[0]) if t0 > 0 and t1 > 0 else math.nan
        cells = " / ".join(f"{v:.3f}" for v in table[k])
        print(f"| {k} | {cells} | {ex:.2f} |")


if __name__ == "__main__":
    main()

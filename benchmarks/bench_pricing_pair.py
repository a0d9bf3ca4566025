"""Black-Scholes of two poolcalc checkouts against one QuantLib loop, finely interleaved.

Run ``python benchmarks/bench_pricing_pair.py [--base /tmp/base] [--rounds 15]`` (needs
QuantLib).  Two long-lived child processes, one per checkout (``PYTHONPATH`` at the
base and at this checkout), each price 10^6 call options (the case of
``bench_pricing.py``: spot and volatility arrays; K = 100, T = 1, r = 5%, delta = 2%)
on request; this process times QuantLib's quote-update loop on 20,000 of them
(``bench_pricing.QLSetup``).  Every round runs QuantLib, base and this checkout one
after the other (the order of the two checkouts alternating), so a load change on
the shared machine hits all three within about a second.  Each poolcalc sample is the
best of ``--reps`` calls; the table gives medians over rounds and the best round, per
option, and the speed-ups over QuantLib of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time
import numpy as np
from poolcalc.pricing import black_scholes
n = 1_000_000
rng = np.random.default_rng(1)
S = rng.uniform(50.0, 150.0, n)
V = rng.uniform(0.1, 0.6, n)
for th in (1, 2, 1, 2):
    black_scholes(S, 100.0, 1.0, 0.05, V, dividend=0.02, threads=th)
print("ready", flush=True)
for line in sys.stdin:
    th, reps = map(int, line.split())
    best = best_cpu = float("inf")
    for _ in range(reps):
        c, t = time.process_time(), time.perf_counter()
        black_scholes(S, 100.0, 1.0, 0.05, V, dividend=0.02, threads=th)
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    print(json.dumps([best / n, best_cpu / n]), flush=True)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, default=Path("/tmp/base"))
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--reps", type=int, default=3, help="calls per sample (best is kept)")
    a = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_pricing import QLSetup

    trees = {"base": a.base, "branch": HERE.parent}
    kids = {}
    for name, tree in trees.items():
        env = {**os.environ, "PYTHONPATH": str(tree)}
        kids[name] = subprocess.Popen([sys.executable, "-c", CHILD], env=env, cwd=tree,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert kids[name].stdout.readline().strip() == "ready"
    rng = np.random.default_rng(1)
    n_ql = 20_000
    S, V = rng.uniform(50.0, 150.0, n_ql), rng.uniform(0.1, 0.6, n_ql)
    setup = QLSetup(0.05, 0.02)
    ql = setup.ql
    opts = {365: setup.option("call", 100.0, 365, False, ql.AnalyticEuropeanEngine(setup.process))}
    days = np.full(n_ql, 365)
    samples: dict[str, list[float]] = {"QuantLib": []}
    load0 = os.getloadavg()
    t0 = time.strftime("%H:%M:%S", time.gmtime())
    for r in range(a.rounds):
        t = time.perf_counter()
        setup.loop(opts, S, V, days)
        samples["QuantLib"].append((time.perf_counter() - t) / n_ql)
        for name in (trees if r % 2 == 0 else list(trees)[::-1]):
            for th in (1, 2):
                kids[name].stdin.write(f"{th} {a.reps}\n")
                kids[name].stdin.flush()
                wall, cpu = json.loads(kids[name].stdout.readline())
                samples.setdefault(f"{name} threads={th}", []).append(wall)
                samples.setdefault(f"{name} threads={th} CPU", []).append(cpu)
    for k in kids.values():
        k.stdin.close()
        k.wait()
    load1 = os.getloadavg()
    ql_med = statistics.median(samples["QuantLib"])
    print(f"{t0} UTC, {a.rounds} rounds; load average (1/5/15 min) "
          f"{' / '.join(f'{x:.2f}' for x in load0)} at start, "
          f"{' / '.join(f'{x:.2f}' for x in load1)} at end\n")
    print("| variant | median per option | range over rounds | best round "
          "| speed-up over QuantLib (medians) |")
    print("|---|---:|---:|---:|---:|")
    for k, v in samples.items():
        med, lo, hi = statistics.median(v), min(v), max(v)
        unit, f = ("us", 1e6) if med > 1e-6 else ("ns", 1e9)
        speed = "1.0x" if k == "QuantLib" else "-" if k.endswith("CPU") else f"{ql_med / med:.0f}x"
        print(f"| {k} | {med * f:.1f} {unit} | {lo * f:.1f}-{hi * f:.1f} {unit} "
              f"| {lo * f:.1f} {unit} | {speed} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

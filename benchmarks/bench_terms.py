"""Royalty kernel at 10^6 rows before and after the licence-terms branch (issue 12), same run.

Run: ``python benchmarks/bench_terms.py [--before PATH] [--rows N] [--rounds K]``.

``--before`` is a checkout of the branch's start commit (``git worktree add
/tmp/terms_base f3b7d68``).  Each round runs one child process per tree, alternately,
each timing :func:`poolcalc.royalties.compute_royalties` on the synthetic pool of
``bench_royalties.py`` (median of 3 calls after one warm-up); the "after" child also
times the same pool with licensee-specific terms switched on (rate change for
licensees in good standing from mid-year, discounts and caps only for licensees that
signed by a deadline) and with Region 2 on its own tier table plus a price
exclusion (issue 12 item 2).  Prints medians and ranges over the rounds and the after /
before ratio of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def child(rows: int, terms: bool) -> None:
    """Time the kernel in this process's poolcalc and print JSON."""
    sys.path.insert(0, HERE)
    import attrs
    import numpy as np
    from bench_royalties import YEAR, build, schedule

    import poolcalc.model as m
    from poolcalc.royalties import compute_royalties

    patents, sales, good, signed = build(rows, rows, 10_000)
    sched = schedule()

    def run(s, **kw):
        times, cpu = [], []
        out = None
        for _ in range(4):
            t0, c0 = time.perf_counter(), time.process_time()
            out = compute_royalties(s, patents, sales, year=YEAR, good_standing=good,
                                    signed_day=signed, **kw)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        return statistics.median(times[1:]), int(out.cents.sum()), statistics.median(cpu[1:])

    res = {"plain": run(sched)}
    if terms:
        cond = m.Eligibility(good_standing=True)
        early = m.Eligibility(signed_by="2023-06-30")
        rate = sched.default if sched.default is not None else next(iter(sched.products.values()))
        changes = [m.RateChange(f"{YEAR}-07-01", attrs.evolve(rate), None, eligible=cond)]
        if sched.default is None:
            changes = [m.RateChange(f"{YEAR}-07-01", r, p, eligible=cond)
                       for p, r in sched.products.items()]
        t = attrs.evolve(sched, rate_changes=changes, caps_eligible=early,
                         discounts=attrs.evolve(sched.discounts, eligible=early))
        day0 = np.datetime64("1970-01-01")
        by = (np.datetime64("2023-06-30") - day0).astype(np.int64)
        arrays = {cond: np.asarray(good, bool),
                  early: (signed != np.iinfo(np.int32).min) & (signed <= by)}
        res["terms"] = run(t, eligible=arrays)
        # issue 12 item 2: Region 2 with its own phone table and the price exclusion for
        # tv rows at or below 80 (HEVC Advance's US$80 rule); pooled counter, as in
        # "plain" (separate_tiers has a cost of its own, measured in README_terms.md)
        r2 = sched.regions[0]
        own = attrs.evolve(r2,
                           tiers={"phone": [(0, 0.0), (1_000, 0.12), (50_000, 0.06)]},
                           exclude_price_at_most=80.0, exclude_categories=["tv"])
        res["regions"] = run(attrs.evolve(sched, regions=[own]))
    print(json.dumps(res))


def main() -> None:
    """Alternate before / after children and print the table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default="/tmp/terms_base")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", choices=["plain", "terms"])
    args = ap.parse_args()
    if args.child:
        child(args.rows, args.child == "terms")
        return
    after = os.path.dirname(HERE)
    got: dict[str, list[float]] = {"before": [], "after": [], "after, with terms": [],
                                   "after, regional tables": []}
    cpu: dict[str, list[float]] = {k: [] for k in got}
    for _ in range(args.rounds):
        for name, root, mode in (("before", args.before, "plain"), ("after", after, "terms")):
            env = dict(os.environ, PYTHONPATH=root)
            out = subprocess.run(
                [sys.executable, os.path.join(HERE, "bench_terms.py"), "--child", mode,
                 "--rows", str(args.rows)],
                env=env, capture_output=True, text=True, check=True, cwd=root,
            ).stdout
            res = json.loads(out)
            got[name].append(res["plain"][0])
            cpu[name].append(res["plain"][2])
            if "terms" in res:
                got["after, with terms"].append(res["terms"][0])
                cpu["after, with terms"].append(res["terms"][2])
            if "regions" in res:
                got["after, regional tables"].append(res["regions"][0])
                cpu["after, regional tables"].append(res["regions"][2])
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython "
          f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}; "
          f"{args.rows:,} rows, {args.rounds} rounds\n")
    print("| kernel | CPU median [s] | CPU range [s] | CPU ratio | wall median [s] | wall ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    base = statistics.median(got["before"])
    cbase = statistics.median(cpu["before"])
    for name, ts in got.items():
        med, cs = statistics.median(ts), cpu[name]
        cmed = statistics.median(cs)
        print(f"| {name} | {cmed:.3f} | {min(cs):.3f}-{max(cs):.3f} | {cmed / cbase:.2f}x | "
              f"{med:.3f} | {med / base:.2f}x |")


if __name__ == "__main__":
    main()

"""Side-by-side benchmark of poolcalc.games against coopgame-py (Rust) in one run.

Run: python benchmarks/bench_games.py [--quick]
Prints a markdown table: median CPU time per call of each side (``time.process_time``;
each sample repeats the call until it lasts at least 20 ms, so sub-millisecond calls are
resolved and the first call's caches do not dominate), the ratio, and the largest
absolute difference between the two answers.  Exact Shapley runs BLAS on one thread
from n = 13 on when threadpoolctl is installed (the ``bench`` extra); the script says
which.  Falls back to plain-Python references
when coopgame-py is not installed (pip install coopgame-py).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import poolcalc.games as G  # noqa: E402
from poolcalc.games._game import popcount  # noqa: E402
from poolcalc.games._nucleolus import _sequential  # noqa: E402

try:  # the default nucleolus path ("auto": dense dual simplex for n <= 12, issue 11)
    from poolcalc.games._nucleolus import METHODS

    NUC_SOLVER = "auto" if "auto" in METHODS else "highs"
except ImportError:  # an older tree (the paired "before" run)
    NUC_SOLVER = "highs"

try:
    import coopgame
except ImportError:  # pragma: no cover - optional reference
    coopgame = None


def median_time(fn, repeats, min_sample=0.02, clock=time.process_time):
    """Median seconds per call (CPU by default) over ``repeats`` samples of ``k`` calls.

    ``k`` is chosen from a first call so that one sample lasts at least ``min_sample``.
    ``clock=time.perf_counter`` for code that runs in child processes (pulp's CBC).
    """
    t0 = clock()
    out = fn()
    first = max(clock() - t0, 1e-6)
    k = max(1, int(min_sample / first))
    times = []
    for _ in range(repeats):
        t0 = clock()
        for _ in range(k):
            out = fn()
        times.append((clock() - t0) / k)
    return statistics.median(times), out


def random_game(n, seed):
    """Uniform random worths in [0, 1) (v(empty) = 0): no structure to exploit."""
    v = np.random.default_rng(seed).random(1 << n)
    v[0] = 0.0
    return v


def zero_normalized_game(n, seed):
    """Uniform random worths in [0, 1), v({i}) = 0, v(N) = 1 (core usually empty)."""
    v = random_game(n, seed)
    v[1 << np.arange(n)] = 0.0
    v[-1] = 1.0
    return v


def convex_game(n, seed):
    """Random convex game: sparse non-negative Harsanyi dividends (zeta transform)."""
    rng = np.random.default_rng(seed)
    d = rng.random(1 << n) * (rng.random(1 << n) < 0.3)
    d[0] = 0.0
    return G.unanimity_sum(np.flatnonzero(d), d[np.flatnonzero(d)], n=n).values


def superadditive_game(n, seed):
    """v(S) = |S|^1.5 (1 + 0.2 U_S): noisy, increasing returns to size."""
    rng = np.random.default_rng(seed)
    v = popcount(n).astype(float) ** 1.5 * (1 + 0.2 * rng.random(1 << n))
    v[0] = 0.0
    return v


def plain_shapley(v):
    n = len(v).bit_length() - 1
    w = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
    phi = [0.0] * n
    for i in range(n):
        b = 1 << i
        for s in range(1 << n):
            if not s & b:
                phi[i] += w[bin(s).count("1")] * (v[s | b] - v[s])
    return np.array(phi)


def fmt(t):
    if t < 1e-3:
        return f"{t * 1e6:.1f} us"
    return f"{t * 1e3:.1f} ms" if t < 10 else f"{t:.1f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repeats and sizes")
    ap.add_argument("--nucleolus-max", type=int, default=20, help="largest n for the nucleolus")
    args = ap.parse_args()
    rep = 3 if args.quick else 7
    ref_name = "coopgame-py" if coopgame is not None else "plain Python"
    rows = []

    def row(task, n, family, ours, ref, diff, note=""):
        rows.append((task, n, family, ours, ref, diff, note))
        t_ours, t_ref = ours, ref
        ratio = f"{t_ref / t_ours:.1f}x" if t_ref else "-"
        print(
            f"| {task} | {n} | {family} | {fmt(t_ours)} | {fmt(t_ref) if t_ref else '-'} | "
            f"{ratio} | {diff:.1e} | {note} |",
            flush=True,
        )

    try:
        import threadpoolctl

        tpc = f"threadpoolctl {threadpoolctl.__version__} (BLAS on one thread in Shapley, n >= 13)"
    except ImportError:
        tpc = "no threadpoolctl (BLAS threads as OpenBLAS chooses)"
    print(
        f"{tpc}; load {os.getloadavg()[0]:.1f}; "
        f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cpus; "
        f"Python {platform.python_version()}, numpy {np.__version__}; reference: {ref_name}"
        + (f" {getattr(coopgame, '__version__', '0.3.0')}" if coopgame else "")
    )
    print()
    print(
        f"| task | n | game | poolcalc (median CPU) | {ref_name} (median CPU) | "
        f"speed-up | max abs diff | note |"
    )
    print("|---|---|---|---|---|---|---|---|")

    # exact Shapley value: every n from 10 to 22 (issue 11: at or below coopgame-py's time)
    for n in ((10, 14, 18, 22) if args.quick else range(10, 23)):
        v = random_game(n, seed=n)
        t_ours, phi = median_time(lambda v=v: G.shapley(v), rep)
        if coopgame is not None:
            cg = coopgame.Game(v[1:].tolist())
            t_ref, ref = median_time(lambda cg=cg: coopgame.shapley(cg), max(3, rep // 2))
            diff = float(np.abs(phi - np.array(ref)).max())
        elif n <= 16:
            t_ref, ref = median_time(lambda v=v: plain_shapley(v), 1)
            diff = float(np.abs(phi - ref).max())
        else:
            t_ref, diff = 0.0, float("nan")
        row("exact Shapley", n, "uniform random", t_ours, t_ref, diff)

    # Shapley closed forms vs full enumeration on the reference side
    w = np.random.default_rng(1).integers(1, 20, 20)
    q = int(w.sum() // 2 + 1)
    t_ours, phi = median_time(lambda: G.shapley_shubik(w, q), rep)
    if coopgame is not None:
        cg = coopgame.Game.weighted_voting(w.tolist(), float(q))
        t_ref, ref = median_time(lambda: coopgame.shapley(cg), 3)
        row(
            "Shapley-Shubik",
            20,
            "weights 1..19",
            t_ours,
            t_ref,
            float(np.abs(phi - np.array(ref)).max()),
            "generating function vs enumeration",
        )

    # nucleolus
    nuc_sizes = (5, 10, 15) if args.quick else tuple(range(5, args.nucleolus_max + 1))
    for family, make in (
        ("superadditive", superadditive_game),
        ("convex", convex_game),
        ("uniform random 0-normalized", zero_normalized_game),
    ):
        for n in nuc_sizes:
            v = make(n, seed=100 + n)
            reps = rep if n <= 10 else max(3, rep // 2)
            t_ours, run = median_time(
                lambda v=v, n=n: _sequential(v, n, domain="imputation", solver=NUC_SOLVER), reps
            )
            note = f"{getattr(run, 'method', 'highs')}: {run.lp_solves} LPs, {run.rows} rows"
            if coopgame is not None:
                cg = coopgame.Game(v[1:].tolist())
                t_ref, ref = median_time(lambda cg=cg: coopgame.nucleolus(cg), reps)
                diff = float(np.abs(run.x - np.array(ref["allocation"])).max())
                note += f" (ref: {ref['lp_solves']} LPs)"
            else:
                t_ref, diff = 0.0, float("nan")
            row("nucleolus", n, family, t_ours, t_ref, diff, note)

    # LP back end choice: scipy HiGHS vs pulp CBC, same algorithm
    print()
    print(
        "| LP back end | n | game | scipy HiGHS (median wall) | pulp CBC (median wall) | "
        "HiGHS speed-up | max abs diff | LPs |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in (6, 10):
        v = superadditive_game(n, seed=200 + n)
        t_h, rh = median_time(
            lambda v=v, n=n: _sequential(v, n, domain="imputation", solver="highs"), 3,
            clock=time.perf_counter,
        )
        t_p, rp = median_time(
            lambda v=v, n=n: _sequential(v, n, domain="imputation", solver="pulp"), 3,
            clock=time.perf_counter,
        )
        print(
            f"| nucleolus | {n} | superadditive | {fmt(t_h)} | {fmt(t_p)} | {t_p / t_h:.1f}x | "
            f"{np.abs(rh.x - rp.x).max():.1e} | {rh.lp_solves} / {rp.lp_solves} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

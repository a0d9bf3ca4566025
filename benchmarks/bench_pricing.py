"""poolcalc.pricing against QuantLib, side by side in one run.

Run: ``python benchmarks/bench_pricing.py [--quick]`` (needs the ``bench`` extra:
``pip install QuantLib``).  Prints a markdown table of per-option medians.

QuantLib is used the fastest way a Python user can: one option object whose spot
and volatility ``SimpleQuote``s are updated in a loop (building objects per option
is about 10x slower).  QuantLib is timed on a subset and compared per option.
Measurements alternate between the two libraries over several rounds and report
the median, so load from other processes hits both alike.  Each round records wall
time and CPU time (``time.process_time``, all threads of the process): on a shared
machine the single-thread CPU ratios are the figures to read; the two-thread rows
need wall time (their CPU time counts both threads) and a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

from poolcalc.pricing import binomial, black_scholes  # noqa: E402
from poolcalc.pricing._bs_kernel import auto_threads  # noqa: E402


def _ql():
    try:
        import QuantLib as ql
    except ImportError:  # pragma: no cover
        sys.exit(
            "QuantLib is not installed: pip install 'poolcalc[bench]' (or pip install QuantLib)"
        )
    return ql


class QLSetup:
    """One process with spot/vol quotes; options for a few maturities and engines."""

    def __init__(self, rate: float, dividend: float) -> None:
        ql = self.ql = _ql()
        self.today = ql.Date(2, 1, 2025)
        ql.Settings.instance().evaluationDate = self.today
        dc = ql.Actual365Fixed()
        self.spot = ql.SimpleQuote(100.0)
        self.vol = ql.SimpleQuote(0.2)
        rts = ql.YieldTermStructureHandle(ql.FlatForward(self.today, rate, dc))
        dts = ql.YieldTermStructureHandle(ql.FlatForward(self.today, dividend, dc))
        vts = ql.BlackVolTermStructureHandle(
            ql.BlackConstantVol(self.today, ql.NullCalendar(), ql.QuoteHandle(self.vol), dc)
        )
        self.process = ql.BlackScholesMertonProcess(ql.QuoteHandle(self.spot), dts, rts, vts)

    def option(self, kind: str, strike: float, days: int, american: bool, engine) -> object:
        ql = self.ql
        typ = ql.Option.Call if kind == "call" else ql.Option.Put
        mat = self.today + days
        ex = ql.AmericanExercise(self.today, mat) if american else ql.EuropeanExercise(mat)
        opt = ql.VanillaOption(ql.PlainVanillaPayoff(typ, strike), ex)
        opt.setPricingEngine(engine)
        return opt

    def loop(self, opts: dict[int, object], S, V, days) -> np.ndarray:
        out = np.empty(len(S))
        spot, vol = self.spot, self.vol
        for i in range(len(S)):
            spot.setValue(float(S[i]))
            vol.setValue(float(V[i]))
            out[i] = opts[int(days[i])].NPV()
        return out


_CPU: dict[int, list[float]] = {}


def timed(f) -> tuple[float, object]:
    """Wall time of ``f()``; its CPU time is appended to ``_CPU[id(list)]`` by :func:`rec`."""
    c, t = time.process_time(), time.perf_counter()
    res = f()
    timed.cpu = time.process_time() - c
    return time.perf_counter() - t, res


def rec(times: list[float], dt: float, n: int) -> None:
    """Append wall time per option to ``times`` and CPU time per option beside it."""
    times.append(dt / n)
    _CPU.setdefault(id(times), []).append(timed.cpu / n)


def machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in lscpu.splitlines()
                if ln.startswith("Model name")
            ),
            platform.processor(),
        )
    except OSError:  # pragma: no cover
        model = platform.processor()
    ql = _ql()
    return (
        f"{model}, {os.cpu_count()} CPUs; Python {platform.python_version()}, "
        f"numpy {np.__version__}, QuantLib {ql.__version__}"
    )


def bench_bs(rounds: int, n: int, n_ql: int) -> list[tuple]:
    rng = np.random.default_rng(1)
    S = rng.uniform(50.0, 150.0, n)
    V = rng.uniform(0.1, 0.6, n)
    K, days, r, q = 100.0, 365, 0.05, 0.02
    T = days / 365.0
    Kv, Tv, rv, qv = (np.full(n, x) for x in (K, T, r, q))
    setup = QLSetup(r, q)
    ql = setup.ql
    opts = {days: setup.option("call", K, days, False, ql.AnalyticEuropeanEngine(setup.process))}
    dd = np.full(n_ql, days)
    t_ql, t_pc, t_pc1, t_auto, t_all = [], [], [], [], []
    for _ in range(rounds):
        dt, ref = timed(lambda: setup.loop(opts, S[:n_ql], V[:n_ql], dd))
        rec(t_ql, dt, n_ql)
        dt, ours = timed(lambda: black_scholes(S, K, T, r, V, dividend=q, threads=2))
        rec(t_pc, dt, n)
        dt, _ = timed(lambda: black_scholes(S, K, T, r, V, dividend=q, threads=1))
        rec(t_pc1, dt, n)
        dt, _ = timed(lambda: black_scholes(S, K, T, r, V, dividend=q))
        rec(t_auto, dt, n)
        dt, _ = timed(lambda: black_scholes(S, Kv, Tv, rv, V, dividend=qv))
        rec(t_all, dt, n)
    diff = float(np.max(np.abs(ours[:n_ql] - ref)))
    auto = auto_threads(n)
    case = "Black-Scholes call"
    return [
        (case, f"QuantLib AnalyticEuropeanEngine, quote loop ({n_ql:,})", t_ql, None, "-"),
        (case, f"poolcalc black_scholes, threads=2 ({n:,})", t_pc, t_ql, f"{diff:.1e}"),
        (case, f"poolcalc black_scholes, threads=1 ({n:,})", t_pc1, t_ql, f"{diff:.1e}"),
        (
            case,
            f"poolcalc black_scholes, default threads (auto: {auto}) ({n:,})",
            t_auto,
            t_ql,
            f"{diff:.1e}",
        ),
        (case, f"poolcalc, all six inputs as arrays, default ({n:,})", t_all, t_ql, f"{diff:.1e}"),
    ]


def bench_american(rounds: int, n: int, n_ql: int, steps: int) -> list[tuple]:
    rng = np.random.default_rng(2)
    S = rng.uniform(70.0, 130.0, n)
    V = rng.uniform(0.1, 0.5, n)
    # maturities whose (T/steps)*steps is exactly T (see the QuantLib caveat in the README)
    days = rng.choice([365, 730, 1095], n)
    T = days / 365.0
    K, r, q = 100.0, 0.05, 0.03
    setup = QLSetup(r, q)
    ql = setup.ql
    for d in (365, 730, 1095):
        assert (d / 365.0 / steps) * steps == d / 365.0
    crr = ql.BinomialVanillaEngine(setup.process, "crr", steps)
    opts = {d: setup.option("put", K, d, True, crr) for d in (365, 730, 1095)}
    t_ql, t_pc, t_pc1 = [], [], []
    for _ in range(rounds):
        dt, ref = timed(lambda: setup.loop(opts, S[:n_ql], V[:n_ql], days[:n_ql]))
        rec(t_ql, dt, n_ql)
        dt, ours = timed(
            lambda: binomial(
                S, K, T, r, V, dividend=q, kind="put", american=True, steps=steps, threads=2
            )
        )
        rec(t_pc, dt, n)
        dt, _ = timed(
            lambda: binomial(
                S, K, T, r, V, dividend=q, kind="put", american=True, steps=steps, threads=1
            )
        )
        rec(t_pc1, dt, n)
    diff = float(np.max(np.abs(ours[:n_ql] - ref)))
    # independent check: QuantLib's finite-difference engine on a few options
    fd = ql.FdBlackScholesVanillaEngine(setup.process, 4000, 4000)
    fd_opts = {d: setup.option("put", K, d, True, fd) for d in (365, 730, 1095)}
    m = 6
    ref_fd = setup.loop(fd_opts, S[:m], V[:m], days[:m])
    fine = binomial(
        S[:m], K, T[:m], r, V[:m], dividend=q, kind="put", american=True, method="bbsr", steps=2000
    )
    fd_diff = float(np.max(np.abs(fine - ref_fd)))
    case = f"American put, CRR {steps} steps"
    return [
        (case, f"QuantLib BinomialVanillaEngine crr ({n_ql:,})", t_ql, None, "-"),
        (case, f"poolcalc binomial, threads=2 ({n:,})", t_pc, t_ql, f"{diff:.1e}"),
        (case, f"poolcalc binomial, default 1 thread ({n:,})", t_pc1, t_ql, f"{diff:.1e}"),
        (
            "American put, accuracy",
            "poolcalc bbsr(2000) vs QuantLib FD 4000x4000 (6 options)",
            None,
            None,
            f"{fd_diff:.1e}",
        ),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, fewer rounds")
    ap.add_argument("--only", choices=["bs", "american"], help="run one case only (default: both)")
    ap.add_argument("--rounds", type=int, help="Black-Scholes rounds (default 7, quick 5)")
    a = ap.parse_args()
    rows = []
    if a.only != "american":
        rounds = a.rounds or (5 if a.quick else 7)
        rows += bench_bs(rounds, 400_000, 5_000) if a.quick else bench_bs(rounds, 1_000_000, 20_000)
    if a.only != "bs":
        rows += (
            bench_american(2, 1_000, 40, 500) if a.quick else bench_american(5, 10_000, 150, 500)
        )
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {machine()}\nload average (1/5/15 min) at start: {load}\n")
    print(
        "| case | implementation (options) | median per option | speed-up (medians) "
        "| best round per option | speed-up (best rounds) | CPU per option (median) "
        "| CPU speed-up (median) | max abs diff vs QuantLib |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")

    def fmt(t: float) -> str:
        return f"{t * 1e9:,.0f} ns" if t < 1e-6 else f"{t * 1e6:,.1f} us"

    for case, impl, times, ref, diff in rows:
        if times is None:
            print(f"| {case} | {impl} | - | - | - | - | - | - | {diff} |")
            continue
        med, best = statistics.median(times), min(times)
        cpu = statistics.median(_CPU[id(times)])
        if ref is None:
            r_med = r_best = r_cpu = "1.0x"
        else:
            r_med = f"{statistics.median(ref) / med:,.1f}x"
            r_best = f"{min(ref) / best:,.1f}x"
            r_cpu = f"{statistics.median(_CPU[id(ref)]) / cpu:,.1f}x"
        print(
            f"| {case} | {impl} | {fmt(med)} | {r_med} | {fmt(best)} | {r_best} | {fmt(cpu)} "
            f"| {r_cpu} | {diff} |"
        )
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average (1/5/15 min) at end: {load}")


if __name__ == "__main__":
    main()

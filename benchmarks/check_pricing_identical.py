"""SHA-256 of Black-Scholes and CRR prices, compared between two poolcalc checkouts.

Run ``python benchmarks/check_pricing_identical.py [--base /tmp/base]``.

For each checkout (``PYTHONPATH`` at the base, then at this checkout; a fresh process
each) it prices, with fixed seeds:

* 300,001 random options with all six inputs varying (spot and strike log-uniform in
  [1, 1000], maturity uniform in [0.01, 10] with 1% exactly 0, rate and dividend in
  [-0.05, 0.15], volatility log-uniform in [0.01, 2]), calls and puts;
* the same spots and volatilities with strike, maturity, rate and dividend scalars
  (the benchmark's shape), with a dividend and with dividend 0, and other mixes of
  scalar and array inputs (each takes its own code path in the kernel);
* 100,001 options of extreme magnitudes (spot and strike 1e-300 to 1e300, volatility
  down to subnormal 1e-322, |rate|, |dividend| <= 5: inf and nan prices, compared as bits);
* each case on 1 and 2 threads (and the automatic count);
* a CRR American put and call grid (spot x volatility x maturity, 500 steps, 1 and 2
  threads);

and prints the SHA-256 of each price array's bytes.  It fails (exit 1) when a hash
differs between the checkouts, or between thread counts within one checkout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]
N_BS = 300_001


def _digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a, dtype=np.float64).tobytes()).hexdigest()


def hashes() -> dict[str, str]:
    """Name -> SHA-256 of every priced case (run inside one checkout)."""
    from poolcalc.pricing import binomial, black_scholes

    rng = np.random.default_rng(20261203)
    n = N_BS
    S = np.exp(rng.uniform(0.0, np.log(1000.0), n))
    K = np.exp(rng.uniform(0.0, np.log(1000.0), n))
    T = rng.uniform(0.01, 10.0, n)
    T[rng.random(n) < 0.01] = 0.0
    r = rng.uniform(-0.05, 0.15, n)
    v = np.exp(rng.uniform(np.log(0.01), np.log(2.0), n))
    q = rng.uniform(-0.05, 0.15, n)
    out: dict[str, str] = {}
    cases = {
        "all6": (S, K, T, r, v, q),
        "sv_q": (S, 100.0, 1.0, 0.05, v, 0.02),
        "sv_q0": (S, 100.0, 1.0, 0.05, v, 0.0),
        "svT": (S, 100.0, T, 0.05, v, 0.02),
        "S_only": (S, 100.0, 1.0, 0.05, 0.3, 0.02),
        "K_only": (100.0, K, 1.0, 0.05, 0.3, 0.0),
        "v_only": (100.0, 100.0, 1.0, 0.05, v, 0.02),
        "r_q": (S, 100.0, 1.0, r, 0.3, q),
        "T0": (S, 100.0, 0.0, 0.05, v, 0.02),
    }
    # extreme magnitudes (overflow, underflow, subnormal volatilities: inf and nan prices)
    m = 100_001
    cases["extreme"] = (
        10.0 ** rng.uniform(-300, 300, m), 10.0 ** rng.uniform(-300, 300, m),
        10.0 ** rng.uniform(-300, 3, m), rng.uniform(-5, 5, m),
        10.0 ** rng.uniform(-322, 3, m), rng.uniform(-5, 5, m),
    )
    for name, (s, k, t, rr, vv, qq) in cases.items():
        for kind in ("call", "put"):
            for th in (1, 2, None):
                with np.errstate(all="ignore"):
                    p = black_scholes(s, k, t, rr, vv, dividend=qq, kind=kind, threads=th)
                out[f"bs/{name}/{kind}/threads={th}"] = _digest(p)
    gs = np.linspace(60.0, 140.0, 41)
    gv = np.linspace(0.1, 0.6, 11)
    gt = np.array([0.25, 1.0, 3.0])
    Sg, Vg, Tg = (a.reshape(-1) for a in np.meshgrid(gs, gv, gt, indexing="ij"))
    for kind in ("put", "call"):
        for th in (1, 2):
            p = binomial(Sg, 100.0, Tg, 0.05, Vg, dividend=0.03, kind=kind, american=True,
                         method="crr", steps=500, threads=th)
            out[f"crr500/{kind}/threads={th}"] = _digest(p)
    return out


def child(checkout: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    p = subprocess.run([sys.executable, __file__, "--child"], cwd=checkout, env=env,
                       capture_output=True, text=True, check=True)
    return json.loads(p.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, default=Path("/tmp/base"))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        sys.path.insert(0, os.getcwd())
        print(json.dumps(hashes()))
        return 0
    base, mine = child(a.base), child(HERE)
    bad = 0
    for key in mine:
        same = base.get(key) == mine[key]
        bad += not same
        print(f"{'same' if same else 'DIFFERENT'}  {key}  {mine[key][:16]}")
    groups: dict[str, set[str]] = {}
    for key, h in mine.items():
        groups.setdefault(key.rsplit("/", 1)[0], set()).add(h)
    for g, hs in groups.items():
        if len(hs) != 1:
            bad += 1
            print(f"THREAD COUNTS DIFFER  {g}")
    print(f"{bad} differences ({len(mine)} hashes, base {a.base})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

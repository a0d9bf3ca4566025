"""The royalty engine's row sort (``stable_argsort``) against numpy's sorts, same run.

Run ``python benchmarks/bench_sort.py [--sizes 1e6,1e7] [--repeat K]``.

For each size N and two kinds of int64 keys -- random 54-bit keys (the classify stage
packs its eight row fields into about that many bits; few ties) and keys of 2**14
distinct values (long runs of ties) -- it times, alternating, median CPU
(``time.process_time``, by ``bench_allocation.median_time``):

* :func:`poolcalc._blocksort.stable_argsort` (the order and the sorted keys);
* ``np.argsort(key, kind="stable")`` -- the result it must equal (asserted) and the
  reference;
* ``np.argsort(key)`` -- numpy's default sort, not stable: the floor a stable sort built
  on it can approach.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_allocation import median_time  # noqa: E402  (median wall, median CPU)

from poolcalc._blocksort import stable_argsort  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1e6,1e7")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}, numpy "
          f"{np.__version__}; median CPU of {args.repeat}\n")
    print("| keys | N | stable_argsort [s] | np stable [s] | np default [s] | "
          "np stable / stable_argsort |")
    print("|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for n in (int(float(s)) for s in args.sizes.split(",")):
        for name, key in (("random 54-bit", rng.integers(0, 1 << 54, n)),
                          ("2^14 distinct", rng.integers(0, 1 << 14, n) << 40)):
            order, ks = stable_argsort(key)
            ref = np.argsort(key, kind="stable")
            assert np.array_equal(order, ref) and np.array_equal(ks, key[ref])
            del order, ks, ref
            ours = median_time(lambda key=key: stable_argsort(key), args.repeat)[1]
            stable = median_time(lambda key=key: np.argsort(key, kind="stable"), args.repeat)[1]
            default = median_time(lambda key=key: np.argsort(key), args.repeat)[1]
            print(f"| {name} | {n:,} | {ours:.3f} | {stable:.3f} | {default:.3f} | "
                  f"{stable / ours:.2f}x |", flush=True)


if __name__ == "__main__":
    main()

"""Ingest: read_pool on 10^6 patents + 10^6 sales rows vs pyarrow.csv + integer codes.

Run ``python benchmarks/bench_ingest.py [--repeat K] [--sales N] [--patents P]``.

For each dialect of the same pool (plain, every cell quoted, CRLF line ends as Excel
writes them) it times, in one process and alternating so load hits all alike:

* **reference**: ``pyarrow.csv.read_csv`` of patents.csv and sales.csv (types inferred,
  multi-threaded) plus ``dictionary_encode`` of every text column (integer codes), no
  validation;
* ``read_pool`` with the ``arrow`` extra (pyarrow splits; poolcalc validates every
  distinct value and builds the tables, licensees and the Pool);
* ``read_pool`` built-in (``POOLCALC_ARROW=0``: numpy splitter, hash factorisation).

Before the timed runs of each file, both readers read it once (page cache, imports,
heap), so every timed run is a warm one, as in ``bench_ingest_pair.py``.

Target (issue 11): read_pool within 1.5x of the reference, validation included.
Prints medians and ranges of wall and CPU time, and the ratios.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.csv as pcsv  # noqa: E402

from poolcalc.data import synthetic_pool  # noqa: E402
from poolcalc.io import read_pool, write_pool  # noqa: E402

ROOT = Path("/tmp/poolcalc_bench_one_pool")


def pool_dirs(n_patents: int, n_sales: int) -> dict[str, Path]:
    plain = ROOT / f"p{n_patents}_s{n_sales}"
    if not (plain / "sales.csv").exists():
        pool = synthetic_pool(1000, n_patents, 200, rng=1, n_sales=n_sales, n_licensees=10_000)
        write_pool(pool, plain, overwrite=True)
    out = {"plain": plain}
    for dialect in ("quoted", "crlf"):
        d = ROOT / f"p{n_patents}_s{n_sales}_{dialect}"
        if not (d / "sales.csv").exists():
            d.mkdir(parents=True, exist_ok=True)
            for f in ("pool.toml", "licensees.csv"):
                (d / f).write_bytes((plain / f).read_bytes())
            for f in ("patents.csv", "sales.csv"):
                text = (plain / f).read_text(encoding="utf-8")
                if dialect == "crlf":
                    text = text.replace("\n", "\r\n")
                else:
                    text = "".join(",".join(f'"{c}"' for c in line.split(",")) + "\n"
                                   for line in text.splitlines())
                (d / f).write_text(text, encoding="utf-8", newline="")
        out[dialect] = d
    return out


def reference(d: Path) -> None:
    for f in ("patents.csv", "sales.csv"):
        table = pcsv.read_csv(d / f)
        for col in table.columns:
            if pa.types.is_string(col.type):
                pc.dictionary_encode(col)


def ours(d: Path, arrow: bool) -> None:
    if arrow:
        os.environ.pop("POOLCALC_ARROW", None)
    else:
        os.environ["POOLCALC_ARROW"] = "0"
    try:
        read_pool(d)
    finally:
        os.environ.pop("POOLCALC_ARROW", None)


def timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sales", type=int, default=1_000_000)
    ap.add_argument("--patents", type=int, default=1_000_000)
    args = ap.parse_args()
    dirs = pool_dirs(args.patents, args.sales)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; Python {platform.python_version()}, numpy "
          f"{np.__version__}, pyarrow {pa.__version__}; {args.patents:,} patents + "
          f"{args.sales:,} sales rows; median (min-max) of {args.repeat}\n")
    print("| file | reader | wall [s] | CPU [s] | wall / reference | CPU / reference |")
    print("|---|---|---|---|---|---|")
    for dialect, d in dirs.items():
        runs: dict[str, list[tuple[float, float]]] = {"ref": [], "arrow": [], "builtin": []}
        # warm the page cache, the imports and the heap of *both* readers: the first
        # built-in read of a process costs 0.3-0.6 s more (lazy imports, the heap
        # growing page by page), which used to land in the plain file's built-in runs
        ours(d, True)
        ours(d, False)
        for _ in range(args.repeat):
            runs["ref"].append(timed(lambda d=d: reference(d)))
            runs["arrow"].append(timed(lambda d=d: ours(d, True)))
            runs["builtin"].append(timed(lambda d=d: ours(d, False)))
        ref_w = statistics.median(w for w, _ in runs["ref"])
        ref_c = statistics.median(c for _, c in runs["ref"])
        for key, label in (("ref", "reference: pyarrow.csv + dictionary_encode"),
                           ("arrow", "read_pool (arrow extra)"),
                           ("builtin", "read_pool (built-in)")):
            ws = [w for w, _ in runs[key]]
            cs = [c for _, c in runs[key]]
            print(f"| {dialect} | {label} | {fmt(ws)} | {fmt(cs)} | "
                  f"{statistics.median(ws) / ref_w:.2f}x | {statistics.median(cs) / ref_c:.2f}x |",
                  flush=True)


if __name__ == "__main__":
    main()

"""Reading pool directories: the columnar fast path against the object path and a bare CSV parse.

Run ``python benchmarks/bench_io.py [--rows N] [--repeat K]``.  It writes a synthetic
pool directory to a temporary folder (the bundled example's pool.toml and licensees,
N national patents and N sales rows) and times, in the same process:

- ``read_tables``: CSV -> PatentTable + SalesTable with vectorised validation;
- ``csv.reader`` only: parsing the two CSVs into lists of strings, no validation,
  garbage collector paused (a lower bound for any reader built on the csv module);
- ``read_pool``: one validated attrs object per row (the plain-loop reference),
  on N/10 rows, scaled to N rows.

Prints a markdown table of medians.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's poolcalc first

from poolcalc.data import example_pool_path, load_example
from poolcalc.io import read_pool
from poolcalc.io._csv import paused_gc

COUNTRIES = np.array(
    ["US", "CN", "JP", "DE", "KR", "GB", "FR", "IN", "BR", "VN", "MX", "TW", "NG", "ID"]
)
PRODUCTS = np.array(["decoder_device", "encoder_device", "software_codec", "professional_encoder"])


def make_pool(d: Path, n_patents: int, n_sales: int, seed: int = 1) -> None:
    """Write a pool directory with ``n_patents`` patents and ``n_sales`` sales rows."""
    rng = np.random.default_rng(seed)
    d.mkdir(parents=True, exist_ok=True)
    src = example_pool_path()
    shutil.copy(src / "pool.toml", d / "pool.toml")
    shutil.copy(src / "licensees.csv", d / "licensees.csv")
    pool = load_example()
    members = np.array([m.id for m in pool.members])
    licensees = np.array([lic.id for lic in pool.licensees])
    base = np.datetime64("2024-01-01")

    def days(lo: int, hi: int, n: int) -> np.ndarray:
        return (base + rng.integers(lo, hi, n)).astype(str)

    idx = np.arange(n_patents)
    expires = days(-2000, 3000, n_patents)
    granted = (
        np.array(expires, dtype="datetime64[D]") - rng.integers(3000, 6000, n_patents)
    ).astype(str)
    cols = {
        "patent": np.char.add("P", idx.astype(str)),
        "owner": members[rng.integers(0, len(members), n_patents)],
        "country": COUNTRIES[rng.integers(0, len(COUNTRIES), n_patents)],
        "expires": expires,
        "status": np.array(["essential", "declared", "non_essential", "invalid"])[
            rng.choice(4, n_patents, p=[0.85, 0.07, 0.06, 0.02])
        ],
        "family": np.char.add("F", (idx // 8).astype(str)),
        "granted": granted,
        "weight": np.round(rng.lognormal(0, 0.4, n_patents), 2).astype(str),
    }
    _write(d / "patents.csv", cols)
    cols = {
        "licensee": licensees[rng.integers(0, len(licensees), n_sales)],
        "date": days(0, 366, n_sales),
        "product": PRODUCTS[rng.integers(0, len(PRODUCTS), n_sales)],
        "country_of_sale": COUNTRIES[rng.integers(0, len(COUNTRIES), n_sales)],
        "country_of_manufacture": COUNTRIES[rng.integers(0, 5, n_sales)],
        "units": rng.integers(1, 200_000, n_sales).astype(str),
        "net_price": np.round(rng.uniform(1, 900, n_sales), 2).astype(str),
    }
    _write(d / "sales.csv", cols)


def _write(path: Path, cols: dict[str, np.ndarray]) -> None:
    rows = cols[next(iter(cols))]
    for c in list(cols)[1:]:
        rows = np.char.add(np.char.add(rows, ","), cols[c])
    path.write_text(",".join(cols) + "\n" + "\n".join(rows.tolist()) + "\n", encoding="utf-8")


def csv_only(d: Path) -> int:
    """Parse both CSVs into lists of str with the csv module (GC paused, no validation)."""
    n = 0
    with paused_gc():
        for name in ("patents.csv", "sales.csv"):
            with (d / name).open(encoding="utf-8", newline="") as fh:
                n += len(list(csv.reader(fh)))
    return n


def median_time(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU (process) seconds of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.rows
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        make_pool(big, n, n)
        make_pool(small, n // 10, n // 10)
        size_mb = sum(f.stat().st_size for f in big.iterdir()) / 1e6
        t_tables = median_time(lambda: read_pool(big), args.repeat)
        t_csv = median_time(lambda: csv_only(big), args.repeat)
        t_pool_small = median_time(lambda: read_pool(small), args.repeat)
        t_example = median_time(lambda: read_pool(example_pool_path()), args.repeat)
        t_example_tab = median_time(lambda: read_pool(example_pool_path()), args.repeat)
    ex = load_example()
    ex_rows = f"{len(ex.patents):,} + {len(ex.sales):,}"
    machine = platform.processor() or platform.machine()
    rows = f"{n:,} + {n:,}"
    small_rows = f"{n // 10:,} + {n // 10:,}"

    def fmt(t: tuple[float, float], scale: float = 1.0) -> list[str]:
        return [f"{t[0] * scale:.2f}", f"{t[1] * scale:.2f}", f"{t[1] * scale / t_tables[1]:.2f}"]

    table = [
        ["read_tables (columnar, validated)", f"{rows} ({size_mb:.0f} MB)", *fmt(t_tables)],
        ["csv.reader only (no validation, no arrays)", rows, *fmt(t_csv)],
        ["read_pool (one object per row), N/10 rows x 10", small_rows, *fmt(t_pool_small, 10.0)],
        ["read_pool, bundled example", ex_rows, f"{t_example[0]:.3f}", f"{t_example[1]:.3f}", ""],
        [
            "read_tables, bundled example",
            ex_rows,
            f"{t_example_tab[0]:.3f}",
            f"{t_example_tab[1]:.3f}",
            "",
        ],
    ]
    out = io.StringIO()
    out.write(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}, ")
    out.write(f"numpy {np.__version__}; median of {args.repeat}; ")
    out.write(f"load average at start {load[0]:.1f}\n\n")
    out.write("| task | rows (patents + sales) | wall [s] | CPU [s] | CPU vs read_tables |\n")
    out.write("|---|---|---|---|---|\n")
    for row in table:
        out.write("| " + " | ".join(row) + " |\n")
    print(out.getvalue())


if __name__ == "__main__":
    main()

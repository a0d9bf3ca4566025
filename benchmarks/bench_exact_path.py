"""The exact rational path of the royalty engine: one enterprise of N rows, all flagged.

Run (in each tree, the same machine, one after the other)::

    PYTHONPATH=<tree> python benchmarks/bench_exact_path.py 20000 cap

One enterprise with N price-basis rows (2 % of US$19.99 = 39.98 cents a unit, every
other row in a region at 50 %) whose year totals about 2**51 cents, so every money
level's total is flagged by ``near_half`` and recomputed in exact arithmetic from the
rows; ``cap``: an enterprise cap of (2**51 - 7) cents binds.  Prints the wall time of
``royalties_owed`` (median of 3) and the owed cents (the same in both trees).
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

import poolcalc.model as m
from poolcalc.royalties import royalties_owed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from royalties_helpers import pool, sale  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    capped = len(sys.argv) > 2 and sys.argv[2] == "cap"
    rate = m.ProductRate(tiers=[(0, 0.02)], basis="price")
    sched = m.Schedule(default=rate, regions=[m.Region("R2", ["DE"], 0.5)],
                       enterprise_cap=(2**51 - 7) / 100 if capped else float("inf"))
    units = (2**52 // 40) // n
    sales = [sale("L1", units + (i % 3), price=19.99, sold="DE" if i % 2 else "US")
             for i in range(n)]
    p = pool(sched, sales)
    times = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            t0 = time.perf_counter()
            owed = royalties_owed(p, 2024).invoices[0].owed_cents
            times.append(time.perf_counter() - t0)
    print(f"{n} rows, {'cap' if capped else 'no cap'}: median {statistics.median(times):.2f} s "
          f"(range {min(times):.2f}-{max(times):.2f}), owed {owed}")


if __name__ == "__main__":
    main()

"""
Pool directories: read, inspect, write, and what a bad cell looks like
======================================================================

Run: ``python examples/06_pool_directory_io.py``
"""

import tempfile
from pathlib import Path

from poolcalc.data import example_pool_path
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool

# %%
# 1. Read the bundled pool (pool.toml + patents.csv + licensees.csv + sales.csv).
path = example_pool_path()
pool = read_pool(path)
pooled = int(pool.patents.pooled.sum())  # patents and sales are columns (numpy arrays)
print(
    f"{pool.name}: {len(pool.members)} members, {len(pool.patents)} national patents "
    f"({pooled} pooled), {len(pool.licensees)} licensees, {len(pool.sales)} sales rows"
)
tiers = ", ".join(f"{t.rate:g} from {t.start:,}" for t in pool.schedule.default.tiers)
print(f"default schedule: {tiers} per unit; enterprise cap {pool.schedule.enterprise_cap:,.0f}")

# %%
# 2. The columns, and the rows as objects when you want them.
print(
    f"columnar: {len(pool.sales.products)} products, {len(pool.sales.enterprises)} enterprises; "
    f"first patent row: {pool.patent_rows[0].id} ({pool.patent_rows[0].country})"
)

# %%
# 3. Write a copy, break one cell, and read the one-line error.
with tempfile.TemporaryDirectory() as tmp:
    copy = write_pool(pool, Path(tmp) / "pool")
    assert read_pool(copy) == pool  # round trip
    lines = (copy / "sales.csv").read_text().splitlines()
    cells = lines[13].split(",")
    cells[5] = "-3"  # units on file line 14
    lines[13] = ",".join(cells)
    (copy / "sales.csv").write_text("\n".join(lines) + "\n")
    try:
        read_pool(copy)
    except InvalidInputError as exc:
        print(f"bad input -> {exc}")

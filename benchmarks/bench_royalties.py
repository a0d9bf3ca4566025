"""Royalty engine benchmark: vectorised kernel vs a plain Python loop.

Run: ``python benchmarks/bench_royalties.py [--quick]``.  Builds synthetic pools
directly as arrays (``PatentTable.from_arrays`` / ``SalesTable.from_arrays`` with
integer codes), times :func:`poolcalc.royalties.compute_royalties` after loading
(median of repeats), and a plain-loop reference of the same rules on the smaller
size, side by side in the same run.  Prints a markdown table.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import time
from collections import defaultdict

import numpy as np

import poolcalc.model as m
from poolcalc.royalties import compute_royalties
from poolcalc.tables import COUNTRIES, NO_DATE, PatentTable, SalesTable, day_number

YEAR = 2024
N_COUNTRIES = 200
PRODUCTS = ("phone", "tv", "player", "car", "other")


def schedule() -> m.Schedule:
    """A schedule that exercises every stage: tiers, price basis, regions, discounts, caps."""
    region2 = m.Region("Region 2", COUNTRIES[1:N_COUNTRIES:2], 0.5)
    return m.Schedule(
        due="sale_or_manufacture",
        default=m.ProductRate(tiers=[(0, 0.50)]),
        products={
            "phone": m.ProductRate(
                tiers=[(0, 0.0), (1_000, 0.20), (50_000, 0.10)], category="mobile"
            ),
            "tv": m.ProductRate(
                tiers=[(0, 1.08), (5_000, 0.88), (10_000, 0.78), (20_000, 0.70)],
                tier_mode="volume",
                category="tv",
            ),
            "player": m.ProductRate(
                basis="price", tiers=[(0, 0.04)], min_per_unit=4, max_per_unit=8, category="tv"
            ),
            "car": m.ProductRate(tiers=[(0, 20.0)]),
        },
        regions=[region2],
        discounts=m.Discounts(
            good_standing=0.10, early_signing=0.15, early_signing_by="2022-08-31", combine="max"
        ),
        enterprise_cap=250_000,
        category_caps={"mobile": 100_000, "tv": 150_000},
        free_units=500,
        free_amount=250.0,
    )


def build(n_rows: int, n_patents: int, n_licensees: int, seed: int = 0):
    """Synthetic patents and sales as columnar tables (integer codes throughout)."""
    rng = np.random.default_rng(seed)
    n_members = 50
    day0 = day_number(f"{YEAR}-01-01")
    granted = rng.integers(day0 - 7000, day0 + 300, n_patents)
    patents = PatentTable.from_arrays(
        ids=np.array([f"P{i}" for i in range(n_patents)], dtype=object),
        owner=rng.integers(0, n_members, n_patents),
        members=[f"M{i:02d}" for i in range(n_members)],
        country=rng.integers(0, N_COUNTRIES, n_patents).astype(np.int16),
        granted=granted,
        expires=granted + rng.integers(200, 7300, n_patents),
        status=rng.choice(np.array([0, 0, 0, 1, 2, 3], np.int8), n_patents),
    )
    lic_labels = [f"L{i:05d}" for i in range(n_licensees)]
    enterprise_of = {
        x: f"E{i // 3:05d}" for i, x in enumerate(lic_labels)
    }  # groups of 3 affiliates
    product = rng.integers(0, len(PRODUCTS), n_rows)
    price = np.round(rng.uniform(20, 400, n_rows), 2)
    sales = SalesTable.from_arrays(
        licensee=rng.integers(0, n_licensees, n_rows),
        licensees=lic_labels,
        enterprise_of=enterprise_of,
        date=day0 + rng.integers(0, 366, n_rows),
        product=product,
        products=PRODUCTS,
        country_of_sale=rng.integers(0, N_COUNTRIES + 20, n_rows).astype(np.int16),
        country_of_manufacture=rng.integers(0, N_COUNTRIES + 20, n_rows).astype(np.int16),
        units=rng.integers(0, 2_000, n_rows),
        net_price=price,
    )
    good = rng.random(n_licensees) < 0.8
    signed = np.where(
        rng.random(n_licensees) < 0.7, day0 - rng.integers(0, 2000, n_licensees), NO_DATE
    )
    return patents, sales, good, signed.astype(np.int64)


def loop_reference(sched: m.Schedule, patents, sales, good, signed) -> dict[str, int]:
    """The same rules as plain Python loops over rows and patents; owed cents per enterprise."""
    by_country = defaultdict(list)
    for c, g0, e0, st in zip(
        patents.country.tolist(),
        patents.granted.tolist(),
        patents.expires.tolist(),
        patents.status.tolist(),
        strict=True,
    ):
        if st == 0:  # essential
            by_country[c].append((g0, e0))

    def in_force(c: int, d: int) -> bool:
        return any(g0 <= d < e0 for g0, e0 in by_country.get(c, ()))

    disc = sched.discounts
    by = (disc.early_signing_by - __import__("datetime").date(1970, 1, 1)).days
    region = {COUNTRIES.index(c): r.multiplier for r in sched.regions for c in r.countries}
    rows = []
    units_g: dict = defaultdict(int)
    for i in range(len(sales)):
        lic, prod = int(sales.licensee[i]), int(sales.product[i])
        d, cs, cm = (
            int(sales.date[i]),
            int(sales.country_of_sale[i]),
            int(sales.country_of_manufacture[i]),
        )
        due = in_force(cs, d) or in_force(cm, d)
        n = int(sales.units[i]) if due else 0
        ent = sales.enterprises[sales.enterprise[i]]
        label = sales.products[prod]
        g = (ent, sched.category_of(label))
        units_g[g] += n
        rows.append((i, lic, label, g, n, cs))
    # free units per enterprise, shared among its categories pro rata to their units by
    # largest remainder (ties by category name)
    cats_of: dict = defaultdict(list)
    for e, c in units_g:
        cats_of[e].append(c)
    k_g = {}
    for e, cats in cats_of.items():
        total = sum(units_g[(e, c)] for c in cats)
        free = min(sched.free_units, total)
        share = {c: (free * units_g[(e, c)] // total if total else 0) for c in cats}
        rem = sorted(cats, key=lambda c: (-(free * units_g[(e, c)] % total if total else 0), c))
        for c in rem[: free - sum(share.values())]:
            share[c] += 1
        for c in cats:
            k_g[(e, c)] = units_g[(e, c)] - share[c]

    def cost(rate, k, p):
        vals = []
        for t in rate.tiers:
            v = t.rate * (p if rate.basis == "price" else 1.0)
            if rate.basis == "price":
                v = min(max(v, rate.min_per_unit), rate.max_per_unit)
            vals.append(v * 100)
        starts = [t.start for t in rate.tiers] + [math.inf]
        if rate.tier_mode == "volume":
            reached = max(j for j in range(len(vals)) if starts[j] < k) if k > 0 else 0
            return k * vals[reached]
        return sum(
            vals[j] * min(max(k - starts[j], 0), starts[j + 1] - starts[j])
            for j in range(len(vals))
        )

    amount = {}
    for i, lic, label, g, n, cs in rows:
        if n == 0:
            continue
        rate = sched.rate_for(label)
        share = n / units_g[g] * region.get(cs, 1.0)
        a = min(
            share * cost(rate, k_g[g], sales.net_price[i]),
            share * cost(rate, units_g[g], sales.net_price[i]),
        )
        d1 = disc.good_standing if good[lic] else 0.0
        d2 = disc.early_signing if signed[lic] != NO_DATE and signed[lic] <= by else 0.0
        amount[i] = (g, a * (1 - max(d1, d2)))
    cat_tot: dict = defaultdict(float)
    for g, a in amount.values():
        cat_tot[g] += a
    ent_tot: dict = defaultdict(float)
    for g, t in cat_tot.items():
        ent_tot[g[0]] += min(t, sched.category_caps.get(g[1], math.inf) * 100)
    return {
        e: max(round(min(t, sched.enterprise_cap * 100)) - round(sched.free_amount * 100), 0)
        for e, t in ent_tot.items()
    }


def median_time(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU (process) time of ``repeat`` calls [s]."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 10^6 size")
    args = ap.parse_args()
    sched = schedule()
    sizes = [(10_000, 10_000, 1_000), (100_000, 100_000, 10_000)]
    if not args.quick:
        sizes[1:1] = [(10_000, 1_000_000, 1_000)]  # loop reference against the full portfolio
        sizes.append((1_000_000, 1_000_000, 10_000))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, numpy {np.__version__}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print()
    print(
        "| sales rows | patents | licensees | load [s] | kernel wall [s] | kernel CPU [s] | "
        "loop wall [s] | loop CPU [s] | kernel CPU per row [us] | loop CPU per row [us] | "
        "loop / kernel (CPU) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n_rows, n_pat, n_lic in sizes:
        t0 = time.perf_counter()
        patents, sales, good, signed = build(n_rows, n_pat, n_lic)
        load = time.perf_counter() - t0

        def kernel(patents=patents, sales=sales, good=good, signed=signed):
            return compute_royalties(
                sched, patents, sales, year=YEAR, good_standing=good, signed_day=signed
            )

        rows = kernel()  # warm-up
        k_wall, k_cpu = median_time(kernel, 5)
        cells = ["—"] * 5
        if n_rows <= 10_000:
            ref = loop_reference(sched, patents, sales, good, signed)
            l_wall, l_cpu = median_time(
                lambda p=patents, s=sales, g=good, d=signed: loop_reference(sched, p, s, g, d), 3
            )
            owed = np.bincount(
                rows.enterprise, rows.cents.astype(float), minlength=len(sales.enterprises)
            )
            diff = max(
                abs(int(round(owed[sales.enterprises.index(e)])) - c) for e, c in ref.items()
            )
            check = f"loop reference vs kernel: max enterprise difference {diff} cents"
            cells = [
                f"{l_wall:.3f}",
                f"{l_cpu:.3f}",
                f"{k_cpu / n_rows * 1e6:.2f}",
                f"{l_cpu / n_rows * 1e6:.1f}",
                f"{l_cpu / k_cpu:.0f}x",
            ]
        else:
            check = ""
            cells[2] = f"{k_cpu / n_rows * 1e6:.2f}"
        print(
            f"| {n_rows:,} | {n_pat:,} | {n_lic:,} | {load:.2f} | {k_wall:.3f} | {k_cpu:.3f} | "
            + " | ".join(cells)
            + " |"
        )
        print(
            f"<!-- total owed {int(rows.cents.sum())} cents; due rows {int(rows.due.sum())}"
            f"{'; ' + check if check else ''} -->"
        )


if __name__ == "__main__":
    main()

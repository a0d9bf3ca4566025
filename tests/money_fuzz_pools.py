"""Seeded random pools for the money-conservation fuzz (tests/test_money_fuzz.py).

Small pools (2-4 members, 1-5 licensees in 1-3 enterprises, 1-8 sales rows), drawn
from a numpy ``Generator`` seeded per pool, so pool ``k`` is the same on every machine
and in every run.  Every term of the engine is drawn: marginal and whole-volume tiers,
unit and price basis with min/max, a separately tiered or plain region with a multiplier
(and, from a second generator, own tier tables per product and a price exclusion),
good-standing / early-signing / chain-level discounts, an enterprise cap and category
caps (small enough to bind, at the exact bound 2**53, beyond it, or none), free units,
a money waiver, members that license (``member_rate``), minor units 0, 2 or 3, and a
scheme of allocation.  A fifth of the pools have counts so large that the standard
royalty passes the exact bound (they must be refused, never wrapped).
"""

from __future__ import annotations

import math

import numpy as np

import poolcalc.model as m
from poolcalc._money import EXACT_BOUND

YEAR = 2024
COUNTRIES = ("US", "DE", "BR", "IN", "JP")
MEMBERS = ("A", "B", "C", "D")
PRODUCTS = ("codec", "player", "app")
MINOR_UNITS = (0, 2, 3)


def _rate(rng: np.random.Generator, scale: int, category: str | None) -> m.ProductRate:
    n_tiers = int(rng.integers(1, 4))
    starts = [0, *sorted(int(x) for x in rng.choice(np.arange(1, 60), n_tiers - 1, False))]
    price = bool(rng.random() < 0.3)
    if price:
        rates = [float(rng.choice([0.01, 0.02, 0.04, 0.05])) for _ in starts]
        lo = float(rng.choice([0.0, 0.05, 1.0]))
        hi = float(rng.choice([math.inf, 2.0, 8.0]))
        return m.ProductRate(basis="price", tiers=list(zip(starts, rates, strict=True)),
                             min_per_unit=lo, max_per_unit=max(lo, hi), category=category,
                             tier_mode=str(rng.choice(["marginal", "volume"])))
    # whole minor units per unit (so the oracle gross is an exact integer sum), or halves
    minor = [int(rng.integers(0, 300)) for _ in starts]
    rates = [x / scale for x in minor]
    return m.ProductRate(tiers=list(zip(starts, rates, strict=True)), category=category,
                         tier_mode=str(rng.choice(["marginal", "volume"])))


def _regional_terms(seed: int, region: m.Region, products: dict[str, m.ProductRate],
                    scale: int) -> tuple[m.Region, ...]:
    """Own tier tables and a price exclusion for the region, from a second generator.

    Issue 12 item 2 (Via LA AAC R2 rate table; HEVC Advance <= US$80 exclusion).  A
    generator of its own (``[12, seed]``) keeps every earlier draw of pool ``seed``.
    """
    rng = np.random.default_rng([12, seed])
    tiers = {}
    for name, rate in products.items():
        if rng.random() < 0.4:
            n = len(rate.tiers)
            starts = [0, *sorted(int(x) for x in rng.choice(np.arange(1, 60), n - 1, False))]
            if str(rate.basis) == "price":
                vals = [float(rng.choice([0.01, 0.02, 0.03])) for _ in starts]
            else:
                vals = [int(rng.integers(0, 200)) / scale for _ in starts]
            tiers[name] = list(zip(starts, vals, strict=True))
    threshold = float(rng.choice([40.0, 80.0, 150.0])) if rng.random() < 0.4 else None
    cats = sorted({r.category if r.category is not None else p for p, r in products.items()})
    excl = [c for c in cats if rng.random() < 0.5] if threshold is not None else []
    return (m.Region(region.name, region.countries, region.multiplier,
                     separate_tiers=region.separate_tiers, tiers=tiers,
                     exclude_price_at_most=threshold, exclude_categories=excl),)


def _limit(rng: np.random.Generator, scale: int, typical: float) -> float:
    """A money limit [currency]: binding, at / beyond the exact bound, or none."""
    k = int(rng.integers(0, 5))
    if k == 0:
        return math.inf
    if k == 1:
        return float(EXACT_BOUND) / scale  # exactly at the bound
    if k == 2:
        return float(rng.choice([1e20, 1e300]))  # "no cap" written as a huge number
    return round(float(rng.uniform(0.0, 1.5)) * typical, 2)


def random_pool(seed: int) -> m.Pool:
    """Pool number ``seed`` of the fuzz (deterministic)."""
    rng = np.random.default_rng([10, seed])
    mu = int(rng.choice(MINOR_UNITS))
    scale = 10**mu
    n_members = int(rng.integers(2, 5))
    members = [m.Member(x) for x in MEMBERS[:n_members]]
    pats = []
    for k, c in enumerate(COUNTRIES):
        for owner in MEMBERS[:n_members]:
            if rng.random() < 0.6:
                expires = "2024-07-01" if rng.random() < 0.15 else "2035-01-01"
                pats.append(m.Patent(f"P{k}{owner}", owner, c, expires, granted="2000-01-01",
                                     family=f"F{owner}{k % 2}"))
    if not pats:
        pats.append(m.Patent("P0A", "A", "US", "2035-01-01", granted="2000-01-01"))
    n_lic = int(rng.integers(1, 6))
    n_ent = int(rng.integers(1, min(n_lic, 3) + 1))
    licensees = []
    for i in range(n_lic):
        member = MEMBERS[int(rng.integers(0, n_members))] if rng.random() < 0.3 else None
        licensees.append(m.Licensee(
            f"L{i}", enterprise=f"E{i % n_ent}", member=member,
            good_standing=bool(rng.random() < 0.6),
            signed="2022-06-01" if rng.random() < 0.5 else "2024-03-01",
            chain_level=str(rng.choice(["terminal", "equipment"])),
        ))
    cats = ("hardware", "software")
    products = {p: _rate(rng, scale, cats[k % 2] if rng.random() < 0.7 else None)
                for k, p in enumerate(PRODUCTS)}
    huge = rng.random() < 0.2
    sales = []
    for _ in range(int(rng.integers(1, 9))):
        units = (int(rng.integers(10**12, 10**15)) if huge
                 else int(rng.integers(0, 10**int(rng.integers(1, 8)))))
        prod = PRODUCTS[int(rng.integers(0, len(PRODUCTS)))]
        price = round(float(rng.uniform(0.5, 300.0)), 2)
        sales.append(m.SalesRecord(
            f"L{int(rng.integers(0, n_lic))}", f"2024-{int(rng.integers(1, 13)):02d}-15",
            prod, str(rng.choice(COUNTRIES)), str(rng.choice(COUNTRIES)), units,
            net_price=price))
    typical = 1e-2 * sum(s.units for s in sales) + 1.0
    regions = ()
    if rng.random() < 0.5:
        regions = (m.Region("r2", ["BR", "IN"], float(rng.choice([0.5, 0.25, 0.75])),
                            separate_tiers=bool(rng.random() < 0.5)),)
        regions = _regional_terms(seed, regions[0], products, scale)
    discounts = m.Discounts(
        good_standing=float(rng.choice([0.0, 0.1])),
        early_signing=float(rng.choice([0.0, 0.15])),
        early_signing_by="2022-12-31",
        combine=str(rng.choice(["max", "additive", "multiplicative"])),
        chain_level={"equipment": float(rng.choice([0.0, 0.2]))},
    )
    # a cap on a category no product has is refused (it would cap nothing): draw, then
    # keep the caps of the categories present
    present = {r.category if r.category is not None else p for p, r in products.items()}
    caps = {c: _limit(rng, scale, typical / 2) for c in cats if rng.random() < 0.6}
    schedule = m.Schedule(
        default=None,
        products=products,
        regions=regions,
        discounts=discounts,
        enterprise_cap=_limit(rng, scale, typical),
        category_caps={c: v for c, v in caps.items() if c in present},
        free_units=int(rng.choice([0, 0, 5, 50])),
        free_amount=float(rng.choice([0.0, 0.0, 1.0, 1e20])),
        member_rate=float(rng.choice([1.0, 0.0, 0.5, 0.3])),
    )
    return m.Pool(
        f"fuzz {seed}", members, pats, licensees=licensees, sales=sales, schedule=schedule,
        currency="XTS", minor_units=mu,
        administrator_fee=float(rng.choice([0.0, 0.1, 0.125])),
    )

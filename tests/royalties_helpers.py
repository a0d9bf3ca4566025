"""Small builders for royalty tests: pools made directly from model objects."""

from __future__ import annotations

import poolcalc.model as m

AVC_TIERS = [(0, 0.0), (100_000, 0.20), (5_000_000, 0.10)]
XHE_AAC_TIERS = [
    (0, 1.08),
    (500_000, 0.88),
    (1_000_000, 0.78),
    (2_000_000, 0.70),
    (5_000_000, 0.67),
    (10_000_000, 0.47),
    (20_000_000, 0.45),
    (50_000_000, 0.40),
    (75_000_000, 0.35),
]


def patents(countries=("US", "DE", "JP"), expires="2040-01-01", owner="A"):
    """One essential patent per country, in force through 2039."""
    return [m.Patent(f"P-{c}", owner, c, expires, granted="2000-01-01") for c in countries]


def sale(
    licensee="L1", units=1, *, date="2024-06-01", product="codec", sold="US", made="US", price=None
):
    return m.SalesRecord(licensee, date, product, sold, made, units, net_price=price)


def pool(schedule, sales, *, licensees=None, pats=None, members=("A",), **kw):
    if licensees is None:
        licensees = [m.Licensee(x) for x in sorted({s.licensee for s in sales})]
    return m.Pool(
        "test pool",
        [m.Member(x) for x in members],
        patents() if pats is None else pats,
        licensees=licensees,
        sales=sales,
        schedule=schedule,
        **kw,
    )


def flat(rate, **kw):
    """A schedule with one flat unit rate for every product."""
    return m.Schedule(default=m.ProductRate(tiers=[(0, rate)]), **kw)

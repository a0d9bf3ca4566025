"""
Split a year's royalties among a pool's licensors under several schemes, to the cent
====================================================================================

Three licensors, three countries, a patent that expires mid-year, a licensor that is
also a licensee (netting), and a sale into a country with no pooled patent (counted in
the country of manufacture).
"""

import poolcalc.model as m
from poolcalc.allocation import allocate
from poolcalc.io import format_money, write_distribution

pool = m.Pool(
    "Example video pool",
    members=[m.Member("A", "Acme"), m.Member("B", "Bolt"), m.Member("C", "Cirrus")],
    patents=[
        m.Patent("US1", "A", "US", "2030-01-01", disclosed="2010-01-01", family="F1"),
        m.Patent("US2", "A", "US", "2031-01-01", disclosed="2012-01-01", family="F2"),
        m.Patent("DE1", "A", "DE", "2030-01-01", disclosed="2010-01-01", family="F1"),
        m.Patent("US3", "B", "US", "2024-07-01", disclosed="2011-01-01", family="F3"),
        m.Patent("DE2", "B", "DE", "2030-01-01", disclosed="2011-01-01", family="F3"),
        m.Patent("US4", "C", "US", "2030-01-01", disclosed="2014-01-01", family="F5"),
        m.Patent("CN1", "C", "CN", "2030-01-01", disclosed="2014-01-01", family="F5"),
    ],
    licensees=[m.Licensee("L1", "TV maker"), m.Licensee("L2", "Cirrus devices", member="C")],
    sales=[
        m.SalesRecord("L1", "2024-03-01", "tv", "US", "CN", 100_000),
        m.SalesRecord("L1", "2024-09-01", "tv", "US", "CN", 80_000),
        m.SalesRecord("L2", "2024-05-01", "tv", "DE", "CN", 60_000),
        m.SalesRecord("L1", "2024-06-01", "tv", "FR", "DE", 30_000),
        m.SalesRecord("L1", "2024-11-15", "tv", "CN", "CN", 40_000),
    ],
    schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.20)])),
    administrator_fee=0.10,
)

# %%
# the pool's default scheme (per-country patent counting), as the CLI prints it
dist = allocate(pool, year=2024)
print(write_distribution(dist, "table"))

# %%
# the audit trail a licensor receives
print(dist.explain("B").to_text())

# %%
# the same money under other schemes (Shapley: each holder set of a country's rows
# shares that royalty equally, whatever its patent counts; per-country counting weighs
# by counts)
schemes = {
    "per-country-count": None,
    "patent-count": None,
    "disclosure-order": {"decay": "geometric", "q": 0.5},
    "shapley": None,
    "nucleolus": None,
}
print(f"{'scheme':20s}" + "".join(f"{x.id:>12s}" for x in pool.members))
for name, opts in schemes.items():
    d = allocate(pool, year=2024, scheme=name, options=opts)
    assert d.collected_cents == d.administrator_fee_cents + sum(d.amounts.values())
    print(f"{name:20s}" + "".join(f"{format_money(v):>12s}" for v in d.amounts.values()))

"""
What each licensee owes for a year under an AVC/H.264-style schedule
====================================================================

Builds a small pool from model objects (a pool directory read with
``poolcalc.io.read_pool`` works the same way), prints the invoices, the rows that
owe nothing and why, and the back royalties of a late signer.
"""

import poolcalc.model as m
from poolcalc.io import format_money, write_royalties
from poolcalc.royalties import REASONS, back_royalties, royalties_owed

# %%
# A small pool built from model objects
members = [m.Member("M1", "Acme Video"), m.Member("M2", "Beta Codec")]
patents = [
    m.Patent("US-1", "M1", "US", "2031-05-01", granted="2009-05-01"),
    m.Patent("DE-1", "M1", "DE", "2030-02-01", granted="2010-02-01"),
    m.Patent("JP-7", "M2", "JP", "2029-11-01", granted="2011-11-01"),
    m.Patent("CN-3", "M2", "CN", "2021-01-01", granted="2008-01-01"),  # expired
]
licensees = [
    m.Licensee("TVCO", "TV Co", enterprise="TV Group", signed="2010-01-01"),
    m.Licensee("TVCO-DE", "TV Co Germany", enterprise="TV Group", signed="2010-01-01"),
    m.Licensee("PHONE", "Phone Inc", good_standing=False, signed="2024-02-01"),
    m.Licensee("M1-LIC", "Acme Video (licensee)", member="M1", signed="2012-01-01"),
]
schedule = m.Schedule(
    due="sale_or_manufacture",
    default=m.ProductRate(tiers=[(0, 0.0), (100_000, 0.20), (5_000_000, 0.10)]),  # AVC brackets
    regions=[m.Region("Region 2", {"IN", "BR"}, 0.5)],
    discounts=m.Discounts(good_standing=0.05),
    enterprise_cap=6_500_000,
)
sales = [
    m.SalesRecord("TVCO", "2024-03-01", "tv", "US", "CN", 70_000_000),
    m.SalesRecord("TVCO-DE", "2024-05-01", "tv", "DE", "DE", 30_000_000),
    m.SalesRecord("PHONE", "2023-06-01", "phone", "US", "CN", 2_000_000),
    m.SalesRecord("PHONE", "2024-06-01", "phone", "JP", "CN", 6_000_000),
    m.SalesRecord("PHONE", "2024-07-01", "phone", "IN", "JP", 1_000_000),
    m.SalesRecord("PHONE", "2024-08-01", "phone", "BR", "CN", 250_000),  # nothing in force
    m.SalesRecord("M1-LIC", "2024-09-01", "encoder", "US", "US", 400_000),
]
pool = m.Pool("AVC-like pool", members, patents, licensees, sales, schedule, standard="H.264/AVC")

# %%
# The year's invoices, and the rows that owe nothing and why
report = royalties_owed(pool, 2024)
print(write_royalties(report, "table"))

rows = report.rows
for i in range(len(rows)):
    if not rows.due[i]:
        why = REASONS[rows.reason[i]]
        print(f"sales line {rows.line[i]}: {rows.units[i]:,} units owe nothing ({why})")

# %%
# Back royalties of a late signer, with simple monthly interest
back = back_royalties(pool, settle="2024-03-31", monthly_interest=0.02)
for item in back.items:
    print(
        f"back royalties {item.licensee} {item.year}: {format_money(item.owed_cents)} "
        f"+ interest {format_money(item.interest_cents)} ({item.months} months at 2 %)"
    )

"""A two-member pool whose licensee L2 is member M2's affiliate (member-licensee netting).

Shared by the period netting tests and the ledger netting tests: L1 sells 1,000 units in
Q1, L2 sells ``l2_units`` in Q2, at US$1.00 a unit, one Chinese patent per member, a 10 %
administrator's fee.
"""

from __future__ import annotations

import poolcalc.model as m


def netting_pool(l2_units: int = 600, name: str = "netting") -> m.Pool:
    """Return the pool (L2 is member M2's licensee; every amount in the tests' comments)."""
    return m.Pool(
        name, [m.Member("M1"), m.Member("M2")],
        [m.Patent("CN1", "M1", "CN", "2030-01-01"), m.Patent("CN2", "M2", "CN", "2030-01-01")],
        licensees=[m.Licensee("L1", signed="2020-01-01"),
                   m.Licensee("L2", signed="2020-01-01", member="M2")],
        sales=[m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 1000),
               m.SalesRecord("L2", "2024-05-01", "codec", "CN", "CN", l2_units)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])), currency="USD",
        administrator_fee=0.10)

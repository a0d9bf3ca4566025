"""The lean totals (``licensee_totals``) against the full run (``royalties_owed``).

``licensee_totals`` stands in for the settlement stages (whole cents, member factor,
breakdown) when every enterprise with rows is one licensee; the reference is the full
run of the same pool, whose invoices are hand-checked elsewhere
(tests/test_royalties*.py).  Cases: the example pool, synthetic pools with one and with
two licensees per enterprise, pool members at a member rate, tiers, caps, regions.
"""

from __future__ import annotations

import warnings

import attrs
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc
from poolcalc.model import ProductRate
from poolcalc.royalties import licensee_totals, royalties_owed


def _full(pool: poolcalc.model.Pool, year: int) -> tuple[dict, dict, list[str]]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        rep = royalties_owed(pool, year)
    owed = {i.licensee: i.owed_cents for i in rep.invoices}
    units = {i.licensee: i.units for i in rep.invoices}
    return owed, units, [str(w.message) for w in got]


def _lean(pool: poolcalc.model.Pool, year: int) -> tuple[dict, dict, list[str], object]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        t = licensee_totals(pool, year)
    owed = dict(zip(t.licensees, t.owed.tolist(), strict=True))
    units = dict(zip(t.licensees, t.units.tolist(), strict=True))
    return owed, units, [str(w.message) for w in got], t


def _same(pool: poolcalc.model.Pool, year: int = 2024) -> None:
    owed, units, notes = _full(pool, year)
    l_owed, l_units, l_notes, t = _lean(pool, year)
    assert t._rows is None  # type: ignore[attr-defined]  # the lean path: rows not yet made
    assert l_owed == owed and l_units == units
    assert l_notes == notes
    rows, ref = t.rows(), royalties_owed(pool, year).rows  # type: ignore[attr-defined]
    assert np.array_equal(rows.cents, ref.cents) and np.array_equal(rows.index, ref.index)
    assert np.array_equal(rows.licensee_cap_cents, ref.licensee_cap_cents)


def _one_per_enterprise(pool: poolcalc.model.Pool) -> poolcalc.model.Pool:
    lic = tuple(attrs.evolve(x, enterprise=x.id) for x in pool.licensees)
    return pool.evolve(licensees=lic)


def test_example_pool() -> None:
    _same(poolcalc.load_example())


def test_hand_checked_single_licensee_cap() -> None:
    """One licensee, 3,000,000 units at $0.20 = $600,000, capped at $500,000 (by hand)."""
    m = poolcalc.model
    pool = m.Pool(
        "P", [m.Member("A")], [m.Patent("P1", "A", "US", "2040-01-01")],
        licensees=[m.Licensee("L1")],
        sales=[m.SalesRecord("L1", "2024-05-01", "codec", "US", "US", 3_000_000)],
        schedule=m.Schedule(default=ProductRate(tiers=[(0, 0.20)]), enterprise_cap=500_000),
    )
    t = licensee_totals(pool, 2024)
    assert t.owed.tolist() == [50_000_000] and t.units.tolist() == [3_000_000]
    assert t.rows().cents.tolist() == [50_000_000]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), single=st.booleans(), members=st.booleans(),
       cap=st.sampled_from([float("inf"), 200.0, 2_000.0]),
       tiers=st.sampled_from([((0, 0.2),), ((0, 0.0), (50, 0.3), (400, 0.1))]))
def test_lean_totals_equal_the_full_run(seed: int, single: bool, members: bool, cap: float,
                                        tiers: tuple) -> None:
    pool = poolcalc.synthetic_pool(4, 40, 6, n_licensees=12, n_sales=400, rng=seed)
    if single:
        pool = _one_per_enterprise(pool)
    sched = attrs.evolve(pool.schedule, default=ProductRate(tiers=list(tiers)),
                         enterprise_cap=cap, member_rate=0.5 if members else 1.0)
    lic = pool.licensees
    if members:  # every third licensee is member M of the pool
        names = [m.id for m in pool.members]
        lic = tuple(attrs.evolve(x, member=names[j % len(names)]) if j % 3 == 0 else x
                    for j, x in enumerate(pool.licensees))
    _same(pool.evolve(schedule=sched, licensees=lic))

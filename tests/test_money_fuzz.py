"""Money conservation over 2,000 seeded random pools (issue 10, "beyond the list" 1).

Every pool of :mod:`tests.money_fuzz_pools` (tiers, price basis, caps binding / at /
beyond the exact bound, free units, waivers, discounts, regions, members that license,
minor units 0/2/3) goes through the royalty engine and one allocation scheme (the
schemes in turn, so each of the nine built-ins sees about 220 pools).  Checked against
an independent plain-Python oracle in exact fractions and against the invariants that
must hold to the cent:

- the standard (uncapped) royalty of each enterprise is ``round_half_up`` of the
  oracle's exact sum ``S_0 = sum_i m_i n_i / n_t A_i(n_t)`` (marginal brackets or whole
  volume, unit or clipped price basis), to the minor unit at every size (above 2**52
  too), and the pool is refused exactly when the exact total passes 2**53 minor units
  (also on 240 pools scaled to land near 2**52 and 2**53,
  :func:`test_money_is_exact_near_2_52_and_2_53`);
- every invoice is ``gross - member - discount - allowance - cap = owed`` with every
  part >= 0; rows sum to each invoice; an enterprise never owes more than its cap;
- the distribution hands out exactly what was collected: ``sum(amounts) + fee ==
  collected == sum(owed)``, the fee is ``floor(fee * collected)``, and a member that
  licenses nets exactly its receivable minus what its licensees owe;
- every fifth pool is written as a pool directory and read back with both CSV
  readers (pyarrow and built-in), and every hundredth as an Excel workbook: the same
  invoices and amounts, to the cent.

Deterministic: pool k comes from ``numpy.random.default_rng([10, k])``.  Run time about
15-30 s on a 2-core machine.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction as Fr

import attrs
import numpy as np
import pytest

import poolcalc.model as m
from poolcalc._money import EXACT_BOUND
from poolcalc.allocation import allocate, scheme_names
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.royalties import royalties_owed
from tests.money_fuzz_pools import YEAR, random_pool
from tests.test_io_pool_dir import read_pool_builtin

N_POOLS = 2000
CHUNKS = 8


def _fr(x: float) -> Fr:
    return Fr(repr(float(x))) if math.isfinite(x) else Fr(10**400)


def _half_up(x: Fr) -> int:
    return math.floor(x + Fr(1, 2))


def _snap(x: Fr) -> Fr:
    """The engine holds per-unit values to 1e-6 minor unit (``snap``)."""
    return Fr(_half_up(x * 10**6), 10**6)


def _tier_amount(k: int, starts: list[int], values: list[Fr], mode: str) -> Fr:
    """Marginal: sum_t v_t |(s_t, s_t+1] & (0, k]|; volume: k v_t* (t* the last s_t < k)."""
    if k <= 0:
        return Fr(0)
    if mode == "marginal":
        total = Fr(0)
        for t, (s, v) in enumerate(zip(starts, values, strict=True)):
            top = starts[t + 1] if t + 1 < len(starts) else k
            total += v * max(0, min(k, top) - s)
        return total
    t_star = max(t for t, s in enumerate(starts) if s < k)
    return k * values[t_star]


def _values(rate: m.ProductRate, price: float | None, scale: int) -> list[Fr]:
    out = []
    for t in rate.tiers:
        if str(rate.basis) == "price":
            v = min(max(_fr(t.rate) * _fr(price), _fr(rate.min_per_unit)), _fr(rate.max_per_unit))
        else:
            v = _fr(t.rate)
        out.append(_snap(v * scale))
    return out


def oracle_gross(pool: m.Pool, due: list[bool]) -> dict[str, Fr]:
    """Exact standard royalty ``S_0`` per enterprise [minor units] (Fractions, loops)."""
    sched = pool.schedule
    scale = 10**pool.minor_units
    lic = {x.id: x for x in pool.licensees}
    region_of = {c: r for r in sched.regions for c in r.countries}

    def region(s: m.SalesRecord) -> m.Region | None:
        """The sale's region, unless the region's price exclusion moves it out."""
        reg = region_of.get(s.country_of_sale)
        if reg is None or reg.exclude_price_at_most is None:
            return reg
        cat = sched.rate_for(s.product).category or s.product
        if reg.exclude_categories and cat not in reg.exclude_categories:
            return reg
        return None if s.net_price <= reg.exclude_price_at_most else reg

    def terms(s: m.SalesRecord) -> tuple[m.ProductRate, Fr]:
        """Own table of the region (multiplier 1), else base table times multiplier."""
        base, reg = sched.rate_for(s.product), region(s)
        if reg is None:
            return base, Fr(1)
        if s.product in reg.tiers:
            return attrs.evolve(base, tiers=reg.tiers[s.product]), Fr(1)
        return base, _fr(reg.multiplier)

    groups: dict[tuple, list[tuple[int, m.SalesRecord]]] = {}
    for i, s in enumerate(pool.sales_rows):
        if s.date.year != YEAR or not due[i]:
            continue
        rate = sched.rate_for(s.product)
        reg = region(s)
        counter = reg.name if reg is not None and reg.separate_tiers else ""
        key = (lic[s.licensee].enterprise, rate.category or s.product, counter)
        groups.setdefault(key, []).append((i, s))
    out: dict[str, Fr] = {}
    for (ent, _, _), rows in groups.items():
        n_t = sum(s.units for _, s in rows)
        for _, s in rows:
            rate, mult = terms(s)
            a = _tier_amount(n_t, [t.start for t in rate.tiers],
                             _values(rate, s.net_price, scale), str(rate.tier_mode))
            out[ent] = out.get(ent, Fr(0)) + (mult * Fr(s.units, n_t) * a if n_t else Fr(0))
    return out


def _near_half(s0: Fr, n: int) -> bool:
    """``s0`` lies within float64 error of a half minor unit (the documented exception).

    The engine sums ``n`` float64 row amounts: each product and each addition is off by
    at most half an ulp, so the computed sum is within ``2 n 2**-53 s0`` (plus the
    1e-6 snap) of the exact one, and only an exact amount that close to ``k + 1/2`` may
    round to the other side.
    """
    err = Fr(2 * (n + 2), 2**53) * s0 + Fr(1, 10**6)
    return abs(s0 - math.floor(s0) - Fr(1, 2)) <= err


def _cap_cents(limit: float, scale: int) -> int | None:
    if not math.isfinite(limit) or limit * scale >= EXACT_BOUND:
        return None
    return _half_up(_fr(limit) * scale)


def check_royalties(pool: m.Pool, rep) -> None:
    rows = rep.rows
    due = [False] * len(pool.sales_rows)
    for i, d in zip(rows.index.tolist(), rows.due.tolist(), strict=True):
        due[i] = d
    scale = 10**pool.minor_units
    by_ent: dict[str, list] = {}
    for inv in rep.invoices:
        parts = (inv.gross_cents, inv.member_cents, inv.discount_cents, inv.allowance_cents,
                 inv.cap_cents, inv.owed_cents)
        assert all(isinstance(x, int) and x >= 0 for x in parts), inv
        assert inv.gross_cents - sum(parts[1:5]) == inv.owed_cents, inv
        by_ent.setdefault(inv.enterprise, []).append(inv)
    owed_rows = Counter()
    for code, c in zip(rows.licensee.tolist(), rows.cents.tolist(), strict=True):
        owed_rows[rows.licensees[code]] += c
    for inv in rep.invoices:
        assert owed_rows[inv.licensee] == inv.owed_cents, inv.licensee
    exact = oracle_gross(pool, due)
    n_rows = len(pool.sales_rows)
    cap = _cap_cents(pool.schedule.enterprise_cap, scale)
    big = 0
    for ent, invs in by_ent.items():
        gross = sum(i.gross_cents for i in invs)
        s0 = exact.get(ent, Fr(0))
        # exact at every size: the float total is only a filter (near_half), the total
        # near a half minor unit is the exact rational sum rounded once
        assert gross == _half_up(s0), (ent, gross, float(s0), _near_half(s0, n_rows))
        big += s0 > 2**52 and s0.denominator > 1
        if cap is not None:
            assert sum(i.owed_cents + i.member_cents for i in invs) <= cap
    return big


def check_distribution(pool: m.Pool, rep, scheme: str) -> str:
    owed = sum(i.owed_cents for i in rep.invoices)
    try:
        dist = allocate(pool, year=YEAR, scheme=scheme, royalties=rep)
    except InvalidInputError as exc:
        assert owed == 0 and "nothing collected" in str(exc), exc
        return "nothing collected"
    assert dist.collected_cents == owed
    assert all(isinstance(a, int) and a >= 0 for a in dist.amounts.values())
    assert sum(dist.amounts.values()) + dist.administrator_fee_cents == dist.collected_cents
    assert dist.administrator_fee_cents == math.floor(_fr(pool.administrator_fee) * owed)
    payable = Counter()
    for lic in pool.licensees:
        if lic.member is not None:
            payable[lic.member] += sum(i.owed_cents for i in rep.invoices
                                       if i.licensee == lic.id)
    for member, net in dist.netting.items():
        assert net.receivable_cents == dist.amounts[member]
        assert net.payable_cents == payable[member]
        assert net.net_cents == net.receivable_cents - net.payable_cents
    return "allocated"


def _via_workbook(d):
    return read_pool(write_pool(read_pool(d), d.with_suffix(".xlsx")))


def _same(a, b) -> None:
    assert [i.to_dict() for i in a.invoices] == [i.to_dict() for i in b.invoices]


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_money_is_conserved_over_random_pools(chunk, tmp_path):
    schemes = scheme_names()
    seen = Counter()
    for k in range(chunk, N_POOLS, CHUNKS):
        pool = random_pool(k)
        try:
            rep = royalties_owed(pool, YEAR)
        except InvalidInputError as exc:
            # refused exactly when the exact standard royalty passes the bound
            assert "passes 2**53" in str(exc), exc
            total = sum(oracle_gross(pool, [True] * len(pool.sales_rows)).values())
            assert total > EXACT_BOUND * Fr(1 - 1e-12), (k, float(total))
            seen["refused"] += 1
            continue
        seen["fractional above 2**52"] += check_royalties(pool, rep)
        seen[check_distribution(pool, rep, schemes[k % len(schemes)])] += 1
        if k % 5 == 0:
            d = write_pool(pool, tmp_path / f"p{k}")
            readers = [read_pool, read_pool_builtin]
            if k % 100 == 0:
                readers.append(_via_workbook)
            scheme = schemes[k % len(schemes)]
            for reader in readers:
                again = reader(d)
                back = royalties_owed(again, YEAR)
                _same(rep, back)
                if sum(i.owed_cents for i in rep.invoices):
                    a = allocate(pool, year=YEAR, scheme=scheme, royalties=rep)
                    b = allocate(again, year=YEAR, scheme=scheme, royalties=back)
                    assert dict(a.amounts) == dict(b.amounts)
            seen["read back"] += 1
    # the draws reach every branch (the counts are stable: the pools are seeded)
    assert seen["allocated"] > 100 and seen["refused"] > 10 and seen["read back"] > 30, seen


N_NEAR = 240


def _near_bound_pool(k: int) -> tuple[m.Pool, Fr] | None:
    """Pool ``k`` of the fuzz with its units scaled so the standard royalty lands near
    2**52 or 2**53 minor units (both sides); ``None`` when it has no royalty to scale."""
    pool = random_pool(k)
    gross = sum(oracle_gross(pool, [True] * len(pool.sales_rows)).values())
    if gross == 0:
        return None
    rng = np.random.default_rng([11, k])
    bound = 2**52 if k % 2 else 2**53
    target = Fr(bound) * Fr(int(rng.integers(900_000, 1_050_000)), 1_000_000)
    f = target / gross
    sales = [attrs.evolve(s, units=max(1, math.floor(s.units * f))) for s in pool.sales_rows]
    pool = pool.evolve(sales=sales)
    return pool, sum(oracle_gross(pool, [True] * len(pool.sales_rows)).values())


def test_money_is_exact_near_2_52_and_2_53():
    """The fuzz pools scaled to a standard royalty of 0.9-1.05 x 2**52 and 2**53 minor
    units: every enterprise's gross is the exact amount rounded half up (fractional
    amounts above 2**52 included), and a pool is refused exactly when its exact
    standard royalty passes 2**53."""
    seen = Counter()
    for k in range(N_NEAR):
        got = _near_bound_pool(k)
        if got is None:
            continue
        pool, total = got
        try:
            rep = royalties_owed(pool, YEAR)
        except InvalidInputError as exc:
            assert "passes 2**53" in str(exc), exc
            assert total > EXACT_BOUND, (k, float(total))
            seen["refused"] += 1
            continue
        seen["fractional above 2**52"] += check_royalties(pool, rep)
        seen["above 2**52"] += total > 2**52
        seen["exact"] += 1
    assert seen["refused"] > 10 and seen["above 2**52"] > 40, seen
    assert seen["fractional above 2**52"] > 20, seen

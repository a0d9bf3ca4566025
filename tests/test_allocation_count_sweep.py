"""CountSweep (the block-by-block in-force counts of per_country_split) against oracles."""

from __future__ import annotations

import numpy as np
import pytest

import poolcalc.allocation._count_sweep as sweep_mod
import poolcalc.allocation._per_country as pcs
from poolcalc.allocation._count_sweep import CountSweep, query_keys
from poolcalc.tables import PatentTable, country_codes, day_number


def _table(rng, n_p=400, n_m=6, n_c=5):
    y0 = day_number("2024-01-01")
    granted = y0 - rng.integers(-200, 900, n_p)
    return PatentTable.from_arrays(
        ids=[f"P{i}" for i in range(n_p)], owner=rng.integers(0, n_m, n_p),
        members=[f"M{i}" for i in range(n_m)], country=rng.integers(0, n_c, n_p),
        granted=granted, expires=granted + rng.integers(1, 700, n_p),
        family=[f"F{i}" for i in rng.integers(0, n_p // 3, n_p)]), y0


@pytest.mark.parametrize("dense", [True, False], ids=["whole-table", "sorted-events"])
@pytest.mark.parametrize("unit", ["patent", "family"])
@pytest.mark.parametrize("step", [1, 3, 50, None])
def test_sweep_blocks_equal_plain_loop(monkeypatch, unit, step, dense):
    if not dense:
        monkeypatch.setattr(sweep_mod, "DENSE_CELLS", 0)
    rng = np.random.default_rng(3)
    table, y0 = _table(rng)
    c = np.repeat(np.arange(5), 40)  # days before, inside and after the patents' spans
    d = np.tile(np.sort(rng.choice(np.arange(y0 - 10, y0 + 380), 40, replace=False)), 5)
    sweep = CountSweep(table, query_keys(c, d), unit)
    got = np.concatenate([b for _, b in sweep.blocks(step)])
    # oracle: one binary search per (query, owner) in the table itself
    want = table.count_in_force(c, d, by_owner=True, unit=unit)
    assert np.array_equal(got, want)
    assert np.array_equal(sweep.totals(), want.sum(axis=1))
    assert np.array_equal(sweep.dense(), want)



@pytest.mark.parametrize("dense", [True, False], ids=["whole-table", "sorted-events"])
@pytest.mark.parametrize("unit", ["patent", "family"])
def test_sweep_events_rebuild_the_counts(monkeypatch, unit, dense):
    # the (row, owner, sign) events (read by games' held_sets) summed cell by cell and
    # accumulated down the rows are the counts, whichever way the table was built
    if not dense:
        monkeypatch.setattr(sweep_mod, "DENSE_CELLS", 0)
    rng = np.random.default_rng(11)
    table, y0 = _table(rng)
    c = np.repeat(np.arange(5), 30)
    d = np.tile(np.sort(rng.choice(np.arange(y0 - 10, y0 + 380), 30, replace=False)), 5)
    sweep = CountSweep(table, query_keys(c, d), unit)
    assert set(np.unique(sweep.sign).tolist()) <= {-1, 1}
    assert sweep.row.shape == sweep.owner.shape == sweep.sign.shape
    assert int(sweep.row.max()) < sweep.n_q  # no -1 past the last query is kept
    cells = np.zeros((sweep.n_q, sweep.n_m), np.int64)
    for r, o, g in zip(sweep.row.tolist(), sweep.owner.tolist(), sweep.sign.tolist(), strict=True):
        cells[r, o] += g
    want = table.count_in_force(c, d, by_owner=True, unit=unit)
    assert np.array_equal(np.cumsum(cells, axis=0), want)

def test_sweep_counts_by_hand():
    # A owns P1 (US, in force days 10..19) and P2 (US, 15..29); B owns P3 (DE, 0..99)
    t = PatentTable.from_arrays(ids=["P1", "P2", "P3"], owner=["A", "A", "B"],
                                country=["US", "US", "DE"], granted=[10, 15, 0],
                                expires=[20, 30, 100])
    us, de = country_codes(["US", "DE"])
    c = np.array([de, de, us, us, us, us])
    d = np.array([5, 100, 9, 10, 15, 20])
    order = np.argsort(query_keys(c, d))
    sweep = CountSweep(t, query_keys(c, d)[order], "patent")
    got = sweep.dense()[np.argsort(order)]
    # DE day 5: B 1; DE day 100: expired; US day 9: none; day 10: P1; day 15: P1+P2; day 20: P2
    assert got.tolist() == [[0, 1], [0, 0], [0, 0], [1, 0], [2, 0], [1, 0]]


@pytest.mark.parametrize("dense", [True, False], ids=["whole-table", "sorted-events"])
def test_split_counts_property_and_fallback_pieces(monkeypatch, dense):
    if not dense:
        monkeypatch.setattr(sweep_mod, "DENSE_CELLS", 0)
    rng = np.random.default_rng(5)
    table, y0 = _table(rng, n_c=3)
    n_r = 300
    # country 3 has no patent: those rows fall back to their country of manufacture
    cs, cm = rng.integers(0, 4, n_r), rng.integers(0, 3, n_r)
    day = y0 + rng.integers(0, 366, n_r)
    cents = rng.integers(0, 10**6, n_r)
    ok = table.count_in_force(cs, day).astype(bool) | table.count_in_force(cm, day).astype(bool)
    sp = pcs.per_country_split(cents[ok], cs[ok], cm[ok], day[ok], table)
    want = table.count_in_force(sp.group_country, sp.group_day, by_owner=True)
    assert np.array_equal(sp.counts, want)
    assert np.array_equal(sp.totals, want.sum(axis=1))
    assert sp.fallback.any()  # the second sweep's groups are appended
    assert sp.counts is sp.counts  # built once

"""Degenerate but valid input is a PoolcalcWarning and a note in the result (issue 10)."""

from __future__ import annotations

import warnings

import pytest

import poolcalc
import poolcalc.model as m
from poolcalc.allocation import allocate
from poolcalc.cli import main
from poolcalc.data import example_pool_path
from poolcalc.errors import PoolcalcWarning
from poolcalc.royalties import royalties_owed


def _pool(**sched):
    pats = [m.Patent("P1", "A", "US", "2030-01-01"), m.Patent("P2", "B", "US", "2020-01-01")]
    lics = [m.Licensee("L1"), m.Licensee("L2")]
    sales = [m.SalesRecord("L1", "2024-03-01", "tv", "US", "US", 100)]
    schedule = m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]), **sched)
    return m.Pool("P", [m.Member("A"), m.Member("B")], pats, licensees=lics, sales=sales,
                  schedule=schedule)


def test_poolcalc_warning_is_exported():
    assert poolcalc.PoolcalcWarning is PoolcalcWarning
    assert "PoolcalcWarning" in poolcalc.__all__
    assert issubclass(PoolcalcWarning, UserWarning)


def test_licensee_without_rows_warns_and_notes():
    with pytest.warns(PoolcalcWarning, match=r"^1 licensee\(s\) with no sales rows in 2024: L2$"):
        rep = royalties_owed(_pool())
    assert "1 licensee(s) with no sales rows in 2024: L2" in rep.notes
    assert rep.total_cents == 100 * 100  # 100 units x $1.00, unchanged by the warning


def test_cap_that_never_binds_warns_and_notes():
    with pytest.warns(PoolcalcWarning, match=r"^no cap bound in 2024"):
        rep = royalties_owed(_pool(enterprise_cap=1_000.0))  # owes $100 < $1,000
    assert any(n.startswith("no cap bound in 2024") for n in rep.notes)
    # a cap that binds: no such note
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        rep = royalties_owed(_pool(enterprise_cap=60.0))
    assert rep.total_cents == 6000
    assert not any("no cap bound" in str(w.message) for w in seen)


def test_region_without_sales_warns_and_notes():
    region = m.Region("R2", ["BR", "IN"], 0.5)
    with pytest.warns(PoolcalcWarning, match=r"^region 'R2' has no sales in 2024$"):
        rep = royalties_owed(_pool(regions=[region]))
    assert "region 'R2' has no sales in 2024" in rep.notes


def test_member_without_patent_in_force_warns_and_notes():
    # B's only patent expired on 2020-01-01: nothing of B in force in 2024
    with pytest.warns(PoolcalcWarning, match=r"^1 member\(s\) with no pooled essential patent "
                                             r"in force in 2024: B$"):
        dist = allocate(_pool(), year=2024, scheme="patent-count")
    assert "1 member(s) with no pooled essential patent in force in 2024: B" in dist.notes
    assert dist.amounts["B"] == 0


def test_no_warning_on_plain_input():
    pool = _pool().evolve(licensees=[m.Licensee("L1")],
                          patents=[m.Patent("P1", "A", "US", "2030-01-01"),
                                   m.Patent("P2", "B", "US", "2030-01-01")])
    with warnings.catch_warnings():
        warnings.simplefilter("error", PoolcalcWarning)
        royalties_owed(pool)
        allocate(pool, year=2024, scheme="patent-count")


def test_cli_prints_each_warning_once_as_one_line(capsys):
    assert main(["demo"]) == 0
    err = capsys.readouterr().err
    assert err.count("poolcalc demo: warning: 1 member(s) with no pooled essential patent "
                     "in force in 2024: M25\n") == 1
    assert main(["allocate", str(example_pool_path()), "--format", "csv"]) == 0
    assert "warning: 1 member(s)" in capsys.readouterr().err

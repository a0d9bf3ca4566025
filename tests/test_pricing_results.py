"""Every pricing result implements the Result interface (str, to_dict, repr, to_frame)."""

import math

import numpy as np
import pytest
from result_contract import check_result

from poolcalc.pricing import (
    AllianceEntry,
    CompoundResult,
    Greeks,
    MonteCarloResult,
    PatentValuation,
    RDProjectResult,
    alliance_entry,
    compound,
    greeks,
    monte_carlo,
    rd_project,
    value_patents,
)


def test_patent_valuation_scalar_and_array():
    v = value_patents(100, 80, 10, 0.35, 0.05, leakage=0.10)
    doc = check_result(v)
    # one row even for scalar input; S = 100 under the CSV's column name "value"
    (row,) = doc["patents"]
    assert (row["patent"], row["value"], row["cost"], row["window"], row["npv"]) == (
        "1", 100.0, 80.0, 10.0, 20.0)
    assert "american" not in row  # not computed
    assert repr(v) == "PatentValuation(value=12.5473, european=12.5473, npv=20.0000)"
    grid = value_patents([[100.0], [50.0]], [80.0, 90.0], 10, 0.35, 0.05)
    assert isinstance(grid, PatentValuation)
    doc = check_result(grid)
    # (2, 1) x (2,) broadcast to (2, 2): four patents in C order
    assert [(r["value"], r["cost"]) for r in doc["patents"]] == [
        (100.0, 80.0), (100.0, 90.0), (50.0, 80.0), (50.0, 90.0)]


def test_alliance_entry_result():
    e = alliance_entry(0.05, 2000.0, 80.0, 10, 0.35, 0.05, leakage=0.10, volume=1e5)
    assert isinstance(e, AllianceEntry)
    doc = check_result(e)
    # S = 0.05 x 2000 = 100; V = 12.547314 (the hand-computed case of
    # test_pricing_patent); share = V / 2000; royalty = V r / (1 - e^{-rT}) / Q
    assert doc["underlying"] == pytest.approx(100.0)
    assert doc["value"] == pytest.approx(12.547314, abs=1e-6)
    assert doc["pool_share"] == pytest.approx(12.547314 / 2000, abs=1e-9)
    assert doc["royalty_per_unit"] == pytest.approx(
        12.547314 * 0.05 / (1 - math.exp(-0.5)) / 1e5, rel=1e-6)
    assert doc["valuation"]["patents"][0]["european"] == pytest.approx(12.547314, abs=1e-6)
    lines = str(e).splitlines()
    assert lines[0].split() == ["option", "underlying", "value", "european", "npv",
                                "royalty_per_unit", "pool_share"]
    assert lines[2].split()[:3] == ["-", "100.000000", "12.547314"]


def test_monte_carlo_result():
    res = monte_carlo([100.0, 110.0], 100, 1, 0.05, 0.2, paths=2_000, rng=1)
    assert isinstance(res, MonteCarloResult)
    doc = check_result(res)
    assert doc["paths"] == 2_000 and len(doc["price"]) == 2
    assert str(res).splitlines()[0] == "Monte Carlo, 2,000 paths per option"
    assert [ln.split()[0] for ln in str(res).splitlines()[3:]] == ["0", "1"]
    one = monte_carlo(100, 100, 1, 0.05, 0.2, paths=2_000, rng=1)
    assert check_result(one)["price"] == one.price and repr(one).endswith("paths=2000)")


def test_compound_result():
    res = compound(100, 10, 100, 1, 3, 0.05, 0.30)
    assert isinstance(res, CompoundResult)
    doc = check_result(res)
    # Geske (1979) with S* solving C_BS(S*, 100, 2 years) = 10: 18.276, S* = 80.70
    # (recomputed independently with scipy's bivariate normal: 18.27605, 80.70284)
    assert doc["price"] == pytest.approx(18.27605, abs=1e-4)
    assert doc["critical_spot"] == pytest.approx(80.70284, abs=1e-4)


def test_greeks_result():
    g = greeks(np.array([[42.0, 44.0]]), 40, 0.5, 0.10, 0.20)
    assert isinstance(g, Greeks)
    doc = check_result(g)
    # Hull's 42/40 example: d1 = [ln(42/40) + (0.10 + 0.02) 0.5] / (0.2 sqrt 0.5) = 0.7693,
    # delta = N(0.7693) = 0.7791
    assert doc["delta"][0][0] == pytest.approx(0.7791, abs=1e-4)
    assert [ln.split()[0] for ln in str(g).splitlines()[2:]] == ["(0,", "(0,"]
    assert check_result(greeks(42, 40, 0.5, 0.10, 0.20))["delta"] == pytest.approx(0.7791,
                                                                                  abs=1e-4)


def test_rd_project_result():
    res = rd_project(20.0, 100.0, 20.0, 20.0, 0.05, paths=2_000, rng=1)
    assert isinstance(res, RDProjectResult)
    doc = check_result(res)
    assert doc["paths"] == 2_000 and doc["value"] == res.value
    assert doc["abandonment_option"] == pytest.approx(res.value - res.value_without_abandonment)
    rows = [ln.split()[0] for ln in str(res).splitlines()[3:]]
    assert rows[:2] == ["value", "stderr"] and rows[-1] == "paths"

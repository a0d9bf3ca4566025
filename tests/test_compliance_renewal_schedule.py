"""renewal-increase also reads the pool's mid-year rate changes (F20 with --pool).

MPEG-2 promised at most +25 % per renewal (DOJ MPEG-2 business review letter, 1997): a
schedule change from 2.00 to 2.60 per unit (+30 %) breaks it, 2.00 -> 2.40 (+20 %) keeps
it, a decrease always keeps it; without ``renewal.max_increase`` the rule cannot check and says so.
"""

import pytest

import poolcalc.model as m
from poolcalc.compliance import check
from poolcalc.io import parse_terms


def _pool(new_rate, product=None, *, new_min=None):
    base = m.ProductRate(basis="price", tiers=[(0, 0.04)], min_per_unit=4.0, max_per_unit=8.0) \
        if new_min is not None else m.ProductRate(tiers=[(0, 2.0)])
    if new_min is not None:
        changed = m.ProductRate(basis="price", tiers=[(0, 0.04)], min_per_unit=new_min,
                                max_per_unit=8.0)
    else:
        changed = m.ProductRate(tiers=[(0, new_rate)])
    products = {"player": base} if product else {}
    schedule = m.Schedule(default=None if product else base, products=products,
                          rate_changes=[m.RateChange("2024-07-01", changed, product)])
    return m.Pool("p", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")],
                  [m.Licensee("L1")], [], schedule)


def _renewal_findings(pool, max_increase=0.25):
    given = {"renewal": {"max_increase": max_increase}} if max_increase is not None else {}
    terms = parse_terms(given)
    return [f for f in check(terms, pool, rules=["renewal-increase"]).findings
            if f.rule == "renewal-increase"]


@pytest.mark.parametrize("product", [None, "player"])
def test_schedule_increase_above_the_promise_is_flagged(product):
    (f,) = _renewal_findings(_pool(2.6, product))
    assert f.severity == "error"
    assert "2 -> 2.6 from 2024-07-01 is +30.0%, promised at most +25.0%" in f.message
    assert any(e.value == (product or "default rate") for e in f.evidence)


@pytest.mark.parametrize("new_rate", [2.4, 1.75])
def test_schedule_increase_within_the_promise_passes(new_rate):
    assert _renewal_findings(_pool(new_rate)) == []


def test_floor_increase_on_a_price_basis_is_flagged():
    (f,) = _renewal_findings(_pool(None, "player", new_min=5.5))  # 4.00 -> 5.50 = +37.5 %
    assert "min_per_unit: 4 -> 5.5" in f.message and "+37.5%" in f.message


def test_without_a_promised_cap_the_rule_reports_unknown():
    (f,) = _renewal_findings(_pool(2.6), max_increase=None)
    assert f.severity == "info" and "renewal.max_increase" in f.message

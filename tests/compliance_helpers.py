"""Shared builders for the compliance tests: small pools made from model objects."""

from __future__ import annotations

import datetime as dt

from poolcalc.compliance import check
from poolcalc.io import parse_terms
from poolcalc.model import Licensee, Member, Patent, Pool, ProductRate, SalesRecord, Schedule, Tier

D = dt.date


def terms(**sections):
    """LicenseTerms from keyword sections, e.g. terms(license={"tied": []})."""
    return parse_terms(sections, source="t.toml")


def make_pool(patents=None, licensees=None, sales=None, *, name="P1", members=("M1", "M2", "M3"),
              schedule=None):
    if patents is None:
        patents = [
            Patent("US1", "M1", "US", D(2030, 1, 1), "essential", feature="f1", alternative="a"),
            Patent("US2", "M2", "US", D(2031, 1, 1), "essential", feature="f2", alternative="a"),
            Patent("DE1", "M1", "DE", D(2029, 1, 1), "essential", feature="f1", alternative="a"),
        ]
    if licensees is None:
        licensees = [Licensee("L1"), Licensee("L2")]
    if sales is None:
        sales = [
            SalesRecord("L1", D(2024, 3, 1), "tv", "US", "CN", 1000),
            SalesRecord("L2", D(2024, 4, 1), "tv", "US", "CN", 1000),
        ]
    if schedule is None:
        schedule = Schedule(default=ProductRate(tiers=[Tier(0, 0.20)]))
    return Pool(name, [Member(m) for m in members], patents, licensees, sales, schedule)


def run(rule_id, t, pool=None, **kw):
    return check(t, pool, rules=[rule_id], **kw)


def non_info(report, rule_id):
    return [f for f in report.by_rule(rule_id) if f.severity != "info"]

"""Shared builders for the compliance tests: small pools made from model objects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from poolcalc.compliance import check
from poolcalc.io import parse_terms
from poolcalc.model import (
    Licensee,
    Member,
    MemberCrossLicense,
    Patent,
    Pool,
    ProductRate,
    SalesRecord,
    Schedule,
    Tier,
)

D = dt.date
#: A check date under the EU 2014 rules, SAIC Order 74, the UK's assimilated TTBER and the US
#: 2017 Guidelines: the tests written for those texts run as of it; the tests of the law of
#: other dates (test_compliance_law.py) say their date.
AS_OF_2022 = D(2022, 6, 1)


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
    kw.setdefault("as_of", AS_OF_2022)
    return check(t, pool, rules=[rule_id], **kw)


def non_info(report, rule_id):
    return [f for f in report.by_rule(rule_id) if f.severity != "info"]


def slow_class_rates(pool, t, year):
    """Plain-Python reference for ``_rules_pool.class_rates`` (one pass per sales row).

    Used as the Hypothesis oracle and as the benchmark's reference side.
    """
    sched = pool.schedule
    by_id = {x.id: x for x in pool.licensees}
    rows = [s for s in pool.sales_rows if s.date.year == year]
    ent_units = defaultdict(int)
    for s in rows:
        ent_units[(by_id[s.licensee].enterprise, sched.category_of(s.product))] += s.units
    open_stage = t.stage.open_to_all_similarly_situated
    if open_stage is None:
        open_stage = t.membership.open_to_all_essential_holders
    closed = [d for d in (t.discounts or ()) if d.open_to_all is not True]
    es = sched.discounts.early_signing_by
    out = defaultdict(dict)
    for s in rows:
        lic = by_id[s.licensee]
        tiers = sched.rate_for(s.product).tiers
        u = ent_units[(lic.enterprise, sched.category_of(s.product))]
        band = max([i for i, tier in enumerate(tiers) if u > tier.start], default=0)
        region = next((r.name for r in sched.regions if s.country_of_sale in r.countries), "-")
        factor, why = 1.0, []
        early = lic.signed is not None and es is not None and lic.signed <= es
        for d in closed:
            if d.applies_to(lic.id, member=lic.member is not None,
                            good_standing=lic.good_standing, early=early):
                factor *= 1.0 - d.fraction
                why.append(f"discount {d.name} ({d.fraction:.0%})")
        if (t.stage.member_cross_license is MemberCrossLicense.ROYALTY_FREE
                and lic.member is not None and open_stage is not True):
            factor, why = 0.0, [*why, "royalty-free member cross-licence"]
        rate = tiers[band].rate * sched.region_multiplier(s.country_of_sale) * factor
        out[(s.product, region, band)][lic.id] = (rate, why)
    return dict(out)

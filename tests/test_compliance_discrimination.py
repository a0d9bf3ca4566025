"""Discrimination among similarly situated licensees, and the seed paper's stage awareness."""

from __future__ import annotations

import pytest
from compliance_helpers import D, make_pool, non_info, run, slow_class_rates, terms
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.compliance._rules_rates import class_rates
from poolcalc.model import (
    Discounts,
    Licensee,
    ProductRate,
    Region,
    SalesRecord,
    Schedule,
    Tier,
)

R = "discrimination"


def _pool(licensees=None, sales=None, schedule=None):
    licensees = licensees or [Licensee("L1", member="M1"), Licensee("L2"), Licensee("L3")]
    sales = sales or [SalesRecord(x.id, D(2024, 3, 1), "tv", "US", "CN", 1000) for x in licensees]
    return make_pool(licensees=licensees, sales=sales, schedule=schedule)


def test_member_only_discount_flags_with_pool_rates():
    t = terms(discounts=[{"name": "alliance", "fraction": 0.5, "eligible": "members",
                          "published": True}])
    fs = non_info(run(R, t, _pool()), R)
    pool_f = [f for f in fs if "same class" in f.message]
    assert len(pool_f) == 1
    f = pool_f[0]
    values = {e.what: e.value for e in f.evidence}
    cls = "product tv, region -, volume band 1"
    assert values == {
        f"{cls}: 0.1 per unit (discount alliance (50%))": ["L1"],  # 0.20 * (1 - 0.5)
        f"{cls}: 0.2 per unit": ["L2", "L3"],
    }


def test_named_licensee_discount_flags():
    t = terms(discounts=[{"name": "side letter", "fraction": 0.2, "eligible": ["L3"],
                          "published": True}])
    fs = non_info(run(R, t, _pool()), R)
    assert any("named licensees L3" in f.message for f in fs)
    assert any("same class" in f.message for f in fs)


def test_published_open_discounts_are_not_discrimination():
    # good standing and early signing differ between licensees, but are open to all
    lic = [Licensee("L1", good_standing=True, signed=D(2020, 1, 1)),
           Licensee("L2", good_standing=False, signed=D(2023, 1, 1))]
    sched = Schedule(default=ProductRate(tiers=[Tier(0, 0.2)]),
                     discounts=Discounts(good_standing=0.1, early_signing=0.2,
                                         early_signing_by=D(2021, 1, 1)))
    t = terms(discounts=[{"name": "early", "fraction": 0.1, "eligible": "early_signing",
                          "published": True}])
    report = run(R, t, _pool(licensees=lic, schedule=sched))
    assert report.findings == () and R in report.passed


def test_different_classes_are_not_compared():
    # same member-only discount, but L1 is alone in its region class -> nothing to compare
    lic = [Licensee("L1", member="M1"), Licensee("L2")]
    sales = [SalesRecord("L1", D(2024, 3, 1), "tv", "IN", "CN", 1000),
             SalesRecord("L2", D(2024, 3, 1), "tv", "US", "CN", 1000)]
    sched = Schedule(default=ProductRate(tiers=[Tier(0, 0.2)]),
                     regions=[Region("R2", ["IN"], 0.5)])
    t = terms(discounts=[{"name": "alliance", "fraction": 0.5, "eligible": "members",
                          "published": True}])
    fs = non_info(run(R, t, _pool(licensees=lic, sales=sales, schedule=sched)), R)
    assert not [f for f in fs if "same class" in f.message]
    assert [f for f in fs if "pool members only" in f.message]  # the term itself is still flagged


def test_volume_band_separates_classes():
    lic = [Licensee("L1"), Licensee("L2")]
    sales = [SalesRecord("L1", D(2024, 3, 1), "tv", "US", "CN", 50),
             SalesRecord("L2", D(2024, 3, 1), "tv", "US", "CN", 500)]
    sched = Schedule(default=ProductRate(tiers=[Tier(0, 0.0), Tier(100, 0.2)]))
    report = run(R, terms(discounts=[]), _pool(licensees=lic, sales=sales, schedule=sched))
    assert report.findings == ()


@pytest.mark.parametrize("tolerance, flagged", [(0.01, True), (0.6, False)])
def test_offers_tolerance(tolerance, flagged):
    t = terms(offers=[{"licensee": "A", "class": "tv", "rate": 0.20},
                      {"licensee": "B", "class": "tv", "rate": 0.15}])
    assert bool(non_info(run(R, t, tolerance=tolerance), R)) is flagged


def test_unpublished_criteria_discount_is_flagged_and_unknown_publication_is_info():
    t = terms(discounts=[{"name": "quiet", "fraction": 0.1, "eligible": "good_standing",
                          "published": False}])
    assert non_info(run(R, t), R)
    t = terms(discounts=[{"name": "maybe", "fraction": 0.1, "eligible": "good_standing"}])
    fs = run(R, t).by_rule(R)
    assert [f.severity for f in fs] == ["info"] and "published" in fs[0].message


# --- stage awareness (seed paper) -------------------------------------------------------------
@pytest.mark.parametrize("phase", ["formation", "industrialization", "marketization"])
def test_formation_royalty_free_cross_licence_open_to_all_is_not_flagged(phase):
    t = terms(stage={"phase": phase, "member_cross_license": "royalty_free",
                     "open_to_all_similarly_situated": True},
              membership={"open_to_all_essential_holders": True})
    report = run(R, t, _pool())
    assert report.findings == ()
    assert run("closed-membership", t).findings == ()


def test_formation_royalty_free_cross_licence_closed_is_flagged_with_pool_rates():
    t = terms(stage={"phase": "formation", "member_cross_license": "royalty_free",
                     "open_to_all_similarly_situated": False},
              membership={"open_to_all_essential_holders": False})
    fs = non_info(run(R, t, _pool()), R)
    msgs = " | ".join(f.message for f in fs)
    assert "royalty-free cross-licences among members not open" in msgs
    pool_f = [f for f in fs if "same class" in f.message]
    assert pool_f and "spread inf" in pool_f[0].message
    closed = run("closed-membership", t).findings
    assert closed[0].severity == "warning" and "royalty-free" in closed[0].message


def test_industrialization_preferential_terms():
    base = {"phase": "industrialization", "preferential_licensing": True}
    assert run(R, terms(stage={**base, "open_to_all_similarly_situated": True})).findings == ()
    assert non_info(run(R, terms(stage={**base, "open_to_all_similarly_situated": False})), R)
    fs = run(R, terms(stage=base)).findings
    assert [f.severity for f in fs] == ["info"]


# --- vectorised class rates against a plain-Python loop ---------------------------------------


@st.composite
def _pools(draw):
    n = draw(st.integers(1, 5))
    lics = [Licensee(f"L{i}", member="M1" if draw(st.booleans()) else None,
                     good_standing=draw(st.booleans()),
                     signed=draw(st.sampled_from([D(2020, 1, 1), D(2023, 1, 1), None])),
                     enterprise=f"E{draw(st.integers(0, 2))}") for i in range(n)]
    sales = [SalesRecord(f"L{draw(st.integers(0, n - 1))}",
                         D(draw(st.sampled_from([2023, 2024])), 5, 1),
                         draw(st.sampled_from(["tv", "pc"])),
                         draw(st.sampled_from(["US", "IN", "DE"])),
                         "CN", draw(st.integers(0, 300)))
             for _ in range(draw(st.integers(1, 12)))]
    sched = Schedule(default=ProductRate(tiers=[Tier(0, 0.0), Tier(100, 0.2), Tier(250, 0.1)]),
                     products={"pc": ProductRate(tiers=[Tier(0, 0.5)], category="computing")},
                     regions=[Region("R2", ["IN"], 0.5)],
                     discounts=Discounts(early_signing=0.1, early_signing_by=D(2021, 1, 1)))
    pool = make_pool(licensees=lics, sales=sales, schedule=sched)
    discounts = draw(st.lists(st.fixed_dictionaries({
        "name": st.sampled_from(["a", "b", "c"]), "fraction": st.sampled_from([0.1, 0.5]),
        "eligible": st.sampled_from(["members", "good_standing", "early_signing", "all",
                                     ["L0"], ["L1", "L2"]]),
        "published": st.booleans()}), max_size=3))
    stage = draw(st.fixed_dictionaries({}, optional={
        "member_cross_license": st.sampled_from(["royalty_free", "royalty_bearing"]),
        "open_to_all_similarly_situated": st.booleans()}))
    return pool, terms(discounts=discounts, stage=stage)


@settings(max_examples=40, deadline=None)
@given(_pools())
def test_class_rates_match_plain_loop(data):
    pool, t = data
    for year in pool.years():
        fast = class_rates(pool, t, year)
        slow = slow_class_rates(pool, t, year)
        assert fast.keys() == slow.keys()
        for k in fast:
            assert fast[k].keys() == slow[k].keys()
            for lid in fast[k]:
                assert fast[k][lid][0] == pytest.approx(slow[k][lid][0], abs=1e-12)
                assert fast[k][lid][1] == slow[k][lid][1]

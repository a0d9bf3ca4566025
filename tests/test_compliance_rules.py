"""Every rule: a case it flags, one it passes, one with the data absent (info "unknown")."""

from __future__ import annotations

import datetime as dt

import pytest
from compliance_helpers import D, make_pool, non_info, run, terms

from poolcalc.compliance import RULE_IDS, RULES
from poolcalc.model import Licensee, Patent, SalesRecord

ORIGINAL_IDS = {
    "non-essential-patent", "substitute-patents", "mandatory-package", "tying",
    "output-restriction", "channel-restriction", "territory-restriction", "price-fixing",
    "grant-back", "no-challenge", "expired-patent-royalty", "discrimination",
    "exclusive-license-in", "royalty-base", "evaluator-independence", "information-exchange",
    "competing-technology", "closed-membership", "royalty-stacking", "renewal-increase",
    "double-charging",
}


def _pool_with_statuses():
    return make_pool(patents=[
        Patent("US1", "M1", "US", D(2030, 1, 1), "essential"),
        Patent("US9", "M2", "US", D(2030, 1, 1), "non_essential"),
    ])


def _substitutes_pool(owner2="M2"):
    return make_pool(patents=[
        Patent("US1", "M1", "US", D(2030, 1, 1), feature="entropy", alternative="cabac"),
        Patent("US2", owner2, "US", D(2030, 1, 1), feature="entropy", alternative="cavlc"),
    ])


def _complements_pool():
    return make_pool(patents=[
        Patent("US1", "M1", "US", D(2030, 1, 1), feature="entropy", alternative="cabac"),
        Patent("US2", "M2", "US", D(2030, 1, 1), feature="transform", alternative="dct"),
    ])


def _second_pool(ids=("US1",), licensees=("L1",)):
    return make_pool(
        patents=[Patent(i, "M1", "US", D(2030, 1, 1)) for i in ids],
        licensees=[Licensee(x) for x in licensees], sales=[], name="P2",
    )


_OPEN = {"eligible": "early_signing", "published": True}

# rule id -> (flag case, pass case, absent case); a case is (terms sections, pool, second pool)
CASES = {
    "non-essential-patent": (
        ({"license": {"package": "all"}}, _pool_with_statuses, None),
        ({"license": {"package": "essential"}}, _pool_with_statuses, None),
        ({}, None, None),
    ),
    "substitute-patents": (
        ({"license": {"package": "all"}}, _substitutes_pool, None),
        ({"license": {"package": "all"}}, _complements_pool, None),
        ({"license": {"package": "all"}}, lambda: make_pool(patents=[
            Patent("US1", "M1", "US", D(2030, 1, 1)), Patent("US2", "M2", "US", D(2030, 1, 1))]),
         None),  # pool without feature/alternative columns
    ),
    "mandatory-package": (
        ({"license": {"package": "all", "essential_only_package_offered": False}},
         _pool_with_statuses, None),
        ({"license": {"package": "all", "essential_only_package_offered": True}},
         _pool_with_statuses, None),
        ({"license": {"package": "all"}}, _pool_with_statuses, None),
    ),
    "tying": (
        ({"license": {"tied": ["chipset"]}}, None, None),
        ({"license": {"tied": []}}, None, None),
        ({}, None, None),
    ),
    "output-restriction": (
        ({"license": {"max_units": 1000}}, None, None),
        ({"license": {"max_units": "none"}}, None, None),
        ({}, None, None),
    ),
    "channel-restriction": (
        ({"license": {"channels": ["retail"]}}, None, None),
        ({"license": {"channels": "any"}}, None, None),
        ({}, None, None),
    ),
    "territory-restriction": (
        ({"license": {"territories": ["CN"], "field_of_use": "any"}}, None, None),
        ({"license": {"territories": "any", "field_of_use": "any"}}, None, None),
        ({}, None, None),
    ),
    "price-fixing": (
        ({"license": {"resale_price_min": 299.0}}, None, None),
        ({"license": {"resale_price_min": "none", "resale_price_max": "none"}}, None, None),
        ({}, None, None),
    ),
    "grant-back": (
        ({"license": {"grant_back": {"scope": "essential", "exclusive": True}}}, None, None),
        ({"license": {"grant_back": {"scope": "essential", "exclusive": False,
                                     "royalty_free": False}}}, None, None),
        ({}, None, None),
    ),
    "no-challenge": (
        ({"license": {"no_challenge": True, "terminate_on_challenge": "none"}}, None, None),
        ({"license": {"no_challenge": False, "terminate_on_challenge": "challenged_patent"}},
         None, None),
        ({}, None, None),
    ),
    "expired-patent-royalty": (
        ({"license": {"royalties_until": dt.date(2035, 1, 1)}}, make_pool, None),
        ({"license": {"royalties_until": dt.date(2030, 12, 31)}}, make_pool, None),
        ({}, None, None),
    ),
    "discrimination": (
        ({"discounts": [{"name": "member", "fraction": 0.5, "eligible": "members"}]}, None, None),
        ({"discounts": [{"name": "early", "fraction": 0.1, **_OPEN}]}, None, None),
        ({}, None, None),
    ),
    "exclusive-license-in": (
        ({"membership": {"exclusive_license_in": True, "independent_licensing_allowed": True}},
         None, None),
        ({"membership": {"exclusive_license_in": False, "independent_licensing_allowed": True}},
         None, None),
        ({}, None, None),
    ),
    "royalty-base": (
        ({"license": {"royalty_base": "total_sales"}}, None, None),
        ({"license": {"royalty_base": "unit"}}, None, None),
        ({}, None, None),
    ),
    "evaluator-independence": (
        ({"administration": {"evaluator": {"name": "X", "independent": False}}}, None, None),
        ({"administration": {"evaluator": {"name": "X", "independent": True}}}, None, None),
        ({}, None, None),
    ),
    "information-exchange": (
        ({"administration": {"licensee_data_shared_with_members": False,
                             "members_exchange_market_data": True}}, None, None),
        ({"administration": {"licensee_data_shared_with_members": False,
                             "members_exchange_market_data": False}}, None, None),
        ({}, None, None),
    ),
    "competing-technology": (
        ({"membership": {"competing_technology_restricted": True},
          "license": {"competing_technology_restricted": False}}, None, None),
        ({"membership": {"competing_technology_restricted": False},
          "license": {"competing_technology_restricted": False}}, None, None),
        ({}, None, None),
    ),
    "closed-membership": (
        ({"membership": {"open_to_all_essential_holders": False}}, None, None),
        ({"membership": {"open_to_all_essential_holders": True}}, None, None),
        ({}, None, None),
    ),
    "royalty-stacking": (
        ({"stack": {"product_price": 100.0, "pool_royalty_per_unit": 6.0,
                    "other_royalties_per_unit": 9.0, "aggregate_cap": 0.10}}, None, None),
        ({"stack": {"product_price": 100.0, "pool_royalty_per_unit": 1.0,
                    "other_royalties_per_unit": 9.0, "aggregate_cap": 0.10}}, None, None),
        ({"stack": {"product_price": 100.0}}, None, None),
    ),
    "renewal-increase": (
        ({"renewal": {"previous_rate": 2.0, "new_rate": 3.0, "max_increase": 0.25}}, None, None),
        ({"renewal": {"previous_rate": 2.0, "new_rate": 2.5, "max_increase": 0.25}}, None, None),
        ({"renewal": {"previous_rate": 2.0, "new_rate": 3.0}}, None, None),
    ),
    "double-charging": (
        ({}, make_pool, _second_pool),
        ({}, make_pool, lambda: _second_pool(ids=("JP7",))),
        ({}, make_pool, None),
    ),
}


def _run(rule_id, case, **kw):
    sections, pool_f, second_f = case
    pool = pool_f() if pool_f else None
    second = second_f() if second_f else None
    return run(rule_id, terms(**sections), pool, second_pool=second, **kw)


#: ids added after the original 21 (tested in test_compliance_market.py)
ADDED_IDS = {"refusal-to-license", "safe-harbour"}


def test_rule_ids_are_designs():
    assert set(RULE_IDS) == ORIGINAL_IDS | ADDED_IDS == {r.id for r in RULES}
    assert ORIGINAL_IDS == set(CASES)
    assert RULE_IDS[:len(ORIGINAL_IDS)] == tuple(r.id for r in RULES[:len(ORIGINAL_IDS)])


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_flags(rule_id):
    report = _run(rule_id, CASES[rule_id][0])
    flagged = non_info(report, rule_id)
    assert flagged, report.findings
    for f in flagged:
        assert f.evidence and f.sources
        assert "would object to" in f.message
        assert "illegal" not in f.message.lower().replace("per se illegal", "")
    assert rule_id not in report.passed


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes(rule_id):
    report = _run(rule_id, CASES[rule_id][1])
    # a pass has no flag; pool rules may still say what they could not check
    assert not non_info(report, rule_id), report.findings
    assert all("could not check" in f.message for f in report.by_rule(rule_id))


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_absent_data_is_unknown_info(rule_id):
    report = _run(rule_id, CASES[rule_id][2])
    fs = report.by_rule(rule_id)
    assert fs, f"{rule_id} passed silently on absent data"
    assert all(f.severity == "info" for f in fs)
    assert any("could not check" in f.message and "not as compliant" in f.message for f in fs)
    assert rule_id not in report.passed
    assert report.exit_code == 0


def test_substitutes_same_owner_is_info_only():
    report = run("substitute-patents", terms(license={"package": "all"}), _substitutes_pool("M1"))
    fs = report.by_rule("substitute-patents")
    assert [f.severity for f in fs] == ["info"]
    assert "one owner" in fs[0].message


def test_substitutes_error_names_patents_and_owners():
    report = run("substitute-patents", terms(license={"package": "all"}), _substitutes_pool())
    (f,) = report.by_rule("substitute-patents")
    assert f.severity == "error"
    listed = {x for e in f.evidence for x in (e.value if isinstance(e.value, list) else [e.value])}
    assert {"US1", "US2"} <= listed
    assert "M1" in f.message and "M2" in f.message


def test_expired_rows_charged_under_total_sales_base():
    # DE1 expires 2029; a 2029-06 sale made and sold in DE has nothing in force
    sales = [SalesRecord("L1", D(2029, 6, 1), "tv", "DE", "DE", 10),
             SalesRecord("L2", D(2024, 6, 1), "tv", "US", "US", 10)]
    pool = make_pool(sales=sales)
    t = terms(license={"royalty_base": "total_sales", "royalties_until": D(2030, 12, 31)})
    report = run("expired-patent-royalty", t, pool)
    errs = non_info(report, "expired-patent-royalty")
    assert len(errs) == 1 and errs[0].severity == "error"
    assert any(e.value == ["sales row 2"] for e in errs[0].evidence)  # line 2 of a sales.csv
    # per-unit base: the schedule's due test does not charge the row
    t = terms(license={"royalty_base": "unit", "royalties_until": D(2030, 12, 31)})
    report = run("expired-patent-royalty", t, pool)
    assert not non_info(report, "expired-patent-royalty")


def test_expired_without_pool_uses_stated_last_expiry():
    t = terms(license={"royalties_until": D(2040, 12, 31), "last_patent_expiry": D(2030, 6, 30)})
    (f, unk) = sorted(run("expired-patent-royalty", t).by_rule("expired-patent-royalty"),
                      key=lambda f: f.severity)
    assert f.severity == "error" and "2040-12-31" in f.message
    assert unk.severity == "info"


def test_grant_back_scope_and_royalty_free_are_warnings():
    t = terms(license={"grant_back": {"scope": "all_improvements", "exclusive": False,
                                      "royalty_free": True}})
    fs = run("grant-back", t).by_rule("grant-back")
    assert [f.severity for f in fs] == ["warning", "warning"]


def test_terminate_whole_license_is_warning():
    t = terms(license={"no_challenge": False, "terminate_on_challenge": "whole_license"})
    (f,) = run("no-challenge", t).by_rule("no-challenge")
    assert f.severity == "warning"


def test_channel_between_competitors_is_error_in_eu_only():
    t = terms(license={"channels": ["retail"]}, market={"licensees_compete": True})
    assert run("channel-restriction", t, jurisdiction="eu").findings[0].severity == "error"
    assert run("channel-restriction", t, jurisdiction="us").findings[0].severity == "warning"
    t2 = terms(license={"channels": ["retail"]}, market={"licensees_compete": False})
    assert run("channel-restriction", t2, jurisdiction="eu").findings[0].severity == "warning"


def test_invalid_patent_in_package_is_error():
    pool = make_pool(patents=[Patent("US1", "M1", "US", D(2030, 1, 1)),
                              Patent("US3", "M2", "US", D(2030, 1, 1), "invalid")])
    fs = run("non-essential-patent", terms(license={"package": "all"}), pool).findings
    assert [f.severity for f in fs] == ["error"] and "invalid" in fs[0].message


def test_declared_patent_in_package_is_warning():
    pool = make_pool(patents=[Patent("US1", "M1", "US", D(2030, 1, 1)),
                              Patent("US3", "M2", "US", D(2030, 1, 1), "declared")])
    fs = run("non-essential-patent", terms(license={"package": ["US1", "US3"]}), pool).findings
    assert [f.severity for f in fs] == ["warning"] and "never evaluated" in fs[0].message


def test_evaluator_member_in_pool_is_flagged():
    pool = make_pool(patents=[Patent("US1", "M1", "US", D(2030, 1, 1), evaluator="M2"),
                              Patent("US2", "M2", "US", D(2030, 1, 1), evaluator="Counsel LLP")])
    t = terms(administration={"evaluator": {"name": "Counsel LLP", "independent": True}})
    fs = run("evaluator-independence", t, pool).findings
    assert [f.severity for f in fs] == ["warning"]
    assert fs[0].evidence[0].value == ["US1"]


def test_double_charging_without_common_licensee_is_info():
    report = run("double-charging", terms(), make_pool(),
                 second_pool=_second_pool(licensees=("X9",)))
    assert [f.severity for f in report.findings] == ["info"]


@pytest.mark.parametrize("rule_id", ["non-essential-patent", "mandatory-package"])
def test_essential_package_without_pool_passes(rule_id):
    report = run(rule_id, terms(license={"package": "essential"}))
    assert report.findings == () and report.passed == (rule_id,)


def test_renewal_cap_increase_and_zero_previous():
    t = terms(renewal={"previous_rate": 2.0, "new_rate": 2.0, "previous_cap": 4e6,
                       "new_cap": 6.5e6, "max_increase": 0.25})
    (f,) = run("renewal-increase", t).findings
    assert f.severity == "error" and "cap 4e+06 -> 6.5e+06 is +62.5%" in f.message
    t = terms(renewal={"previous_rate": 0.0, "new_rate": 0.5, "max_increase": 0.25})
    (f,) = run("renewal-increase", t).findings
    assert "was zero" in f.message


def test_stacking_uses_pool_schedule_when_rate_not_given():
    t = terms(stack={"product_price": 2.0, "other_royalties_per_unit": 0.05,
                     "aggregate_cap": 0.10})
    (f,) = run("royalty-stacking", t, make_pool()).findings  # pool rate 0.20 per unit
    assert f.severity == "warning" and "12.5%" in f.message
    assert any(e.what == "pool rate from" for e in f.evidence)
    assert run("royalty-stacking", t).findings[0].severity == "info"  # no pool: unknown


def test_discrimination_pool_without_sales_is_unknown():
    fs = run("discrimination", terms(discounts=[]), make_pool(sales=[])).findings
    assert [f.severity for f in fs] == ["info"] and "sales.csv rows" in fs[0].message
    fs = run("discrimination", terms(discounts=[]), make_pool(), year=2019).findings
    assert [f.severity for f in fs] == ["info"] and "2019" in fs[0].message


def test_expired_without_sales_is_unknown():
    t = terms(license={"royalties_until": D(2029, 1, 1)})
    fs = run("expired-patent-royalty", t, make_pool(sales=[])).findings
    assert [f.severity for f in fs] == ["info"] and "sales.csv rows" in fs[0].message


def test_evaluator_unknown_for_patents_without_evaluator():
    t = terms(administration={"evaluator": {"name": "X", "independent": True}})
    fs = run("evaluator-independence", t, make_pool()).findings  # test pool names no evaluator
    assert [f.severity for f in fs] == ["info"] and "who evaluated 3 pooled" in fs[0].message

"""The law in force on the check date: regimes, transitions, historical texts, new profiles.

Dates and transitions: Reg. 316/2014 and the 2014 Guidelines applied from 1 May 2014 to 30
Apr 2026; Reg. (EU) 2026/877 and the 2026 Guidelines from 1 May 2026, with a transition to
30 Apr 2027 for agreements in force on 30 Apr 2026 that complied with the 2014 rules (as
reported by Hogan Lovells, Ashurst and Norton Rose Fulbright); SAMR Order 79 replaced SAIC
Order 74 on 1 Aug 2023; the UK TTBE Order 2026 replaced the assimilated TTBER on 1 May 2026.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from compliance_helpers import D, make_pool, terms

from poolcalc.cli import main
from poolcalc.compliance import RULE_IDS, check
from poolcalc.compliance._regimes import REGIMES, choose
from poolcalc.data import example_pool_path, example_terms
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool
from poolcalc.model import Licensee, Patent

# A pool licence signed in 2025 that complies with the 2014 rules (no EU error), but whose
# royalty rates are not published (a 2026 pool condition), whose licensees negotiate as a
# group (a 2026 note) and whose technology has no sales yet (zero share under 2026/877).
SIGNED_2025 = {
    "license": {"package": "essential", "non_essential_included": False,
                "essential_only_package_offered": True, "tied": [], "max_units": "none",
                "channels": "any", "territories": "any", "field_of_use": "any",
                "resale_price_min": "none", "resale_price_max": "none", "royalty_base": "unit",
                "no_challenge": False, "terminate_on_challenge": "challenged_patent",
                "grant_back": {"scope": "essential", "exclusive": False, "royalty_free": False},
                "competing_technology_restricted": False, "licensed_levels": "any",
                "refused_licensees": [], "term_start": "2025-03-01", "rates_published": False},
    "membership": {"independent_licensing_allowed": True, "exclusive_license_in": False,
                   "open_to_all_essential_holders": True, "competing_technology_restricted": False,
                   "members_coordinate_prices_or_output": False},
    "administration": {"evaluator": {"name": "X", "independent": True},
                       "licensee_data_shared_with_members": False,
                       "members_exchange_market_data": False, "essentiality_list_published": True},
    "discounts": [],
    "market": {"parties_compete": True, "combined_share": 0.35, "largest_party_share": 0.2,
               "dominant": False, "pre_commercial": True, "negotiation_group": True,
               "licensees_compete": True, "members_compete_downstream": False},
}


def _law(report, j):
    (a,) = [a for a in report.law if a.jurisdiction == j]
    return a


def _messages(report, rule_id):
    return [f.message for f in report.by_rule(rule_id)]


@pytest.fixture(scope="module")
def by_date():
    t = terms(**SIGNED_2025)
    return {d: check(t, jurisdiction="eu", as_of=d)
            for d in ("2025-06-01", "2026-06-01", "2027-06-01")}


def test_the_regime_of_each_date_is_applied_and_named(by_date):
    before, transition, after = (by_date[d] for d in ("2025-06-01", "2026-06-01", "2027-06-01"))
    assert _law(before, "eu").id == "eu-2014" and not _law(before, "eu").transitional
    a = _law(transition, "eu")
    assert a.id == "eu-2014" and a.transitional
    assert "in force on 30 Apr 2026 (license.term_start 2025-03-01)" in a.reason
    assert "until 30 Apr 2027" in a.reason
    assert _law(after, "eu").id == "eu-2026" and "ended on 30 Apr 2027" in _law(after, "eu").reason
    # every finding says which law it applied
    for report, label in ((before, "EU 2014 rules)"),
                          (transition, "EU 2014 rules under the transition to 30 Apr 2027)"),
                          (after, "EU 2026 rules)")):
        cited = [f for f in report.findings if any(s.jurisdiction == "eu" for s in f.sources)]
        assert cited and all(f.message.endswith(label) for f in cited), label
    assert json.loads(json.dumps(transition.to_dict()))["summary"]["law"][0]["transitional"]


def test_the_pool_safe_harbour_of_each_regime(by_date):
    for d, name, n in (("2025-06-01", "the EU TTG 2014 para 261 safe harbour", 7),
                       ("2026-06-01", "the EU TTG 2014 para 261 safe harbour", 7),
                       ("2027-06-01", "the EU TTG 2026 technology-pool safe harbour", 8)):
        (f,) = [f for f in by_date[d].by_rule("safe-harbour") if "pool safe harbour" in f.message
                or "para 261" in f.message]
        assert name in f.message and len(f.evidence) == n, d
    (f,) = [f for f in by_date["2027-06-01"].by_rule("safe-harbour")
            if "technology-pool safe harbour" in f.message]
    # condition 5 (rates published) fails; condition 8 (double charging) needs --second-pool
    assert "fall outside" in f.message and "condition(s) (5) not met" in f.message
    status = {e.what.split(":")[0][-11:]: str(e.value) for e in f.evidence}
    assert status["condition 8"].startswith("unknown: missing --pool, --second-pool")
    assert status["condition 2"].startswith("met") and "essentiality_list_published = true" in \
        status["condition 2"]


def test_findings_only_the_2026_rules_imply(by_date):
    for d in ("2025-06-01", "2026-06-01"):
        assert not any("not published" in m for m in _messages(by_date[d], "discrimination"))
        assert not any("negotiation group" in m for m in _messages(by_date[d], "safe-harbour"))
    after = by_date["2027-06-01"]
    (rates,) = [f for f in after.by_rule("discrimination") if "not published" in f.message]
    assert rates.severity == "warning"
    assert [s.cite() for s in rates.sources] == ["EU TTG 2026 pool safe harbour, condition 5 "
                                                 "(unverified)"]
    (lng,) = [f for f in after.by_rule("safe-harbour") if "negotiation group" in f.message]
    assert lng.severity == "info" and "no safe harbour" in lng.message


def test_zero_market_share_for_pre_commercial_technology_from_2026(by_date):
    def ttber(report):
        (f,) = [f for f in report.by_rule("safe-harbour") if "TTBER" in f.message]
        return f.message

    assert "fall outside the TTBER 316/2014 market-share safe harbour" in ttber(
        by_date["2025-06-01"])
    assert "competitors: combined share 35% > 20%" in ttber(by_date["2026-06-01"])
    assert "fall inside the TTBER 2026/877 market-share safe harbour" in ttber(
        by_date["2027-06-01"])
    assert "counts as zero" in ttber(by_date["2027-06-01"])


@pytest.mark.parametrize("exceeded, day, inside", [
    (2022, "2023-06-01", True), (2022, "2024-12-31", True), (2022, "2025-01-01", False),
    (2024, "2026-12-01", True), (2024, "2027-12-31", True), (2024, "2028-01-01", False),
])
def test_grace_period_two_years_then_three(exceeded, day, inside):
    # Reg. 316/2014 (to 30 Apr 2026): 2 calendar years after the year the shares first
    # exceeded the threshold (2022 -> to the end of 2024); Reg. 2026/877: 3 years (2024 -> to
    # the end of 2027)
    t = terms(market={"parties_compete": True, "combined_share": 0.3,
                      "shares_exceeded_in": exceeded})
    report = check(t, rules=["safe-harbour"], jurisdiction="eu", as_of=day)
    (f,) = [f for f in report.findings if "TTBER" in f.message]
    assert ("fall inside" in f.message) == inside, f.message


def test_transition_only_for_licences_that_complied():
    broken = {**SIGNED_2025, "license": {**SIGNED_2025["license"], "max_units": 1000}}
    report = check(terms(**broken), jurisdiction="eu", as_of="2026-06-01")
    a = _law(report, "eu")
    assert a.id == "eu-2026" and not a.transitional
    assert "has 1 error-level finding(s) under Reg. (EU) No 316/2014" in a.reason
    assert "transition to 30 Apr 2027 does not cover it" in a.reason
    # and every finding says so
    cited = [f for f in report.findings if any(s.jurisdiction == "eu" for s in f.sources)]
    assert cited and all(f.message.endswith(
        "EU 2026 rules (no transition: errors under the EU 2014 rules))") for f in cited)


def test_new_and_undated_licences_get_the_2026_rules_at_once():
    new = {**SIGNED_2025, "license": {**SIGNED_2025["license"], "term_start": "2026-05-15"}}
    a = _law(check(terms(**new), jurisdiction="eu", as_of="2026-06-01"), "eu")
    assert a.id == "eu-2026" and "after 30 Apr 2026, so it must comply at once" in a.reason
    undated = {**SIGNED_2025,
               "license": {k: v for k, v in SIGNED_2025["license"].items() if k != "term_start"}}
    a = _law(check(terms(**undated), jurisdiction="eu", as_of="2026-06-01"), "eu")
    assert a.id == "eu-2026" and "license.term_start is absent" in a.reason
    assert a.label == "EU 2026 rules (licence start unknown, transition not assumed)"


def test_a_licence_that_starts_later_is_judged_under_the_law_of_its_start():
    later = {**SIGNED_2025, "license": {**SIGNED_2025["license"], "term_start": "2026-09-01"}}
    report = check(terms(**later), jurisdiction="eu", as_of="2026-01-15")
    assert report.as_of == D(2026, 9, 1) and _law(report, "eu").id == "eu-2026"
    assert "the licence starts on 2026-09-01" in _law(report, "eu").reason


def _double_pools():
    shared = [Patent("US1", "M1", "US", D(2035, 1, 1), "essential"),
              Patent("US2", "M2", "US", D(2035, 1, 1), "essential")]
    return make_pool(shared, name="P1"), make_pool(shared, name="P2")


@pytest.mark.parametrize("day, eu, uk", [("2025-06-01", "warning", "warning"),
                                         ("2027-06-01", "error", "warning")])
def test_double_charging_is_an_eu_error_under_the_2026_guidelines(day, eu, uk):
    # the 2026 pool safe harbour makes "no double charging" a condition (Hogan Lovells); the
    # UK has no final pool guidance, so it keeps the pool-practice warning
    p1, p2 = _double_pools()
    t = terms(license={"term_start": "2024-01-01"})
    got = {}
    for j in ("eu", "uk"):
        (f,) = check(t, p1, second_pool=p2, jurisdiction=j, rules=["double-charging"],
                     as_of=day).findings
        got[j] = f.severity
    assert got == {"eu": eu, "uk": uk}


# --- no text cited outside its period without saying so -----------------------------------------
_DATES = ["2016-03-01", "2019-06-01", "2022-06-01", "2023-07-31", "2023-08-01", "2024-12-10",
          "2025-06-01", "2026-04-30", "2026-05-01", "2026-12-01", "2027-04-30", "2027-05-01",
          "2039-01-01"]


def _all_terms():
    yield example_terms("clean")
    yield example_terms("problematic")
    yield terms(**SIGNED_2025)
    yield terms()


@pytest.mark.parametrize("day", _DATES)
def test_no_finding_cites_a_text_outside_its_period_without_saying_historical(day):
    pool = make_pool()
    for t, p in itertools.product(_all_terms(), (None, pool)):
        report = check(t, p, second_pool=p, as_of=day)
        for f in report.findings:
            for s in f.sources:
                assert s.in_force_from is None or s.in_force_from <= report.as_of, (
                    f"{f.rule} cites {s.key}, not yet in force on {day}")
                if not s.in_force_on(report.as_of):
                    assert "historical" in s.cite() and "historical" in s.to_dict()["cite"], (
                        f.rule, s.key, day)


def test_historical_texts_are_marked():
    report = check(terms(license={"non_essential_included": True}), as_of="2026-12-01",
                   rules=["non-essential-patent"])
    (f,) = report.findings
    cites = [s.cite() for s in f.sources]
    assert "EU TTG 2004 para 220 (historical: in force until 30 Apr 2014)" in cites
    assert cites[-1].startswith("EU TTG 2004 para 220")  # texts in force come first


def test_regimes_follow_each_other_without_gap():
    for j in ("eu", "uk", "cn"):
        rs = [r for r in REGIMES if r.jurisdiction == j]
        for a, b in itertools.pairwise(rs):
            assert a.successor == b.id and a.end + dt.timedelta(days=1) == b.start, (a.id, b.id)
    assert choose("eu", D(2013, 1, 1), None)[0].regime is not None  # 2004 rules
    assert choose("eu", D(2003, 1, 1), None)[0].regime is None


# --- China: SAIC Order 74 -> SAMR Order 79 -------------------------------------------------------
def test_china_order_79_replaces_order_74_and_carries_price_flags():
    t = terms(stack={"product_price": 100.0, "pool_royalty_per_unit": 6.0,
                     "other_royalties_per_unit": 9.0, "aggregate_cap": 0.1},
              administration={"members_exchange_market_data": True})
    old = check(t, jurisdiction="cn", as_of="2023-07-31")
    new = check(t, jurisdiction="cn", as_of="2023-08-01")
    assert _law(old, "cn").id == "cn-2015" and _law(new, "cn").id == "cn-2023"
    (stack_old,) = old.by_rule("royalty-stacking")
    (stack_new,) = new.by_rule("royalty-stacking")
    # Order 74 excluded price conduct (Art. 3): royalty levels rest on Order 79 Art. 9
    assert not any("Order 74" in s.cite() for s in stack_old.sources)
    assert "SAMR Order 79 (2023) Art. 9 (unverified)" in [s.cite() for s in stack_new.sources]
    info_new = [f for f in new.by_rule("information-exchange") if f.severity != "info"]
    assert any("SAMR Order 79 (2023) patent-pool provision" in [s.cite() for s in f.sources]
               for f in info_new)


def test_china_sep_guidelines_pool_operator_compliance():
    t = terms(administration={"compliance_programme": False})
    fs = check(t, rules=["safe-harbour"], jurisdiction="cn", as_of="2025-01-01").findings
    assert any("no antitrust compliance mechanism" in f.message for f in fs)
    fs = check(t, rules=["safe-harbour"], jurisdiction="cn", as_of="2024-11-03").findings
    assert not any("compliance mechanism" in f.message for f in fs)


# --- US ---------------------------------------------------------------------------------------
def test_us_safety_zone_carries_less_weight_after_december_2024():
    t = terms(market={"combined_share": 0.1})
    for day, weak in (("2024-12-10", False), ("2024-12-11", True)):
        (f,) = check(t, rules=["safe-harbour"], jurisdiction="us", as_of=day).findings
        assert ("carries less weight" in f.message) == weak
        assert any("Competitor Collaboration" in s.cite() for s in f.sources) == weak


@pytest.mark.parametrize("day, sep, us", [("2021-06-01", False, "warning"),
                                          ("2021-06-01", True, "error"),
                                          ("2020-06-01", False, "error")])
def test_university_pool_letter_for_non_sep_pools_with_menu_licensing(day, sep, us):
    t = terms(membership={"exclusive_license_in": True, "independent_licensing_allowed": True},
              license={"individual_patents_offered": True, "standard_essential": sep})
    fs = [f for f in check(t, rules=["exclusive-license-in"], jurisdiction="us",
                           as_of=day).findings if "exclusively" in f.message]
    assert fs[0].severity == us
    assert (us == "warning") == any("University Technology" in s.cite() for s in fs[0].sources)


# --- UK ---------------------------------------------------------------------------------------
def test_uk_profile_states_where_it_differs():
    t = terms(market={"parties_compete": True, "combined_share": 0.1,
                      "substitute_technologies": 2})
    uk = check(t, rules=["safe-harbour"], jurisdiction="uk", as_of="2026-12-01")
    eu = check(t, rules=["safe-harbour"], jurisdiction="eu", as_of="2026-12-01")
    (order,) = [f for f in uk.findings if "TTBE Order 2026 safe harbour:" in f.message]
    assert "fall outside" in order.message and "2 independently controlled" in order.message
    assert "unlike the EU" in order.message
    (ttber,) = [f for f in eu.findings if "TTBER 2026/877" in f.message]
    assert "fall inside" in ttber.message
    assert any("no final UK guidance on technology pools" in f.message for f in uk.findings)


@pytest.mark.parametrize("free, text", [(True, "licensors stay free to license their patents "
                                                "bilaterally"),
                                        (False, "licensors are barred from licensing"),
                                        (None, "could not check whether licensors stay free")])
def test_uk_note_on_tesla_v_interdigital(free, text):
    member = {} if free is None else {"independent_licensing_allowed": free}
    t = terms(membership={"exclusive_license_in": False, **member})
    fs = check(t, rules=["exclusive-license-in"], jurisdiction="uk", as_of="2025-06-01").findings
    (note,) = [f for f in fs if "bilateral" in f.message and f.severity == "info"]
    assert text in note.message and note.severity == "info"
    assert "[2025] EWCA Civ 193" in note.sources[0].cite()
    before = check(t, rules=["exclusive-license-in"], jurisdiction="uk", as_of="2025-03-05")
    assert not any("Tesla" in f.message for f in before.findings)


# --- every rule: one case it flags, one it passes, one with data missing ------------------------
_POOL = "pool"
_SUBST = "substitutes"
_TWO = "two pools"
CASES = {
    # rule: (flag sections, pass sections, missing sections); a section "pool" names the pool
    "non-essential-patent": ({"license": {"non_essential_included": True}},
                             {"license": {"package": "essential"}}, {}),
    "substitute-patents": ({_POOL: _SUBST}, {_POOL: _POOL}, {}),
    "mandatory-package": ({"license": {"non_essential_included": True,
                                       "essential_only_package_offered": False}},
                          {"license": {"non_essential_included": False}}, {}),
    "tying": ({"license": {"tied": ["chip"]}}, {"license": {"tied": []}}, {}),
    "output-restriction": ({"license": {"max_units": 10}}, {"license": {"max_units": "none"}}, {}),
    "channel-restriction": ({"license": {"channels": ["retail"]}}, {"license": {"channels": "any"}},
                            {}),
    "territory-restriction": ({"license": {"territories": ["CN"], "field_of_use": "any"}},
                              {"license": {"territories": "any", "field_of_use": "any"}}, {}),
    "price-fixing": ({"license": {"resale_price_min": 10.0}},
                     {"license": {"resale_price_min": "none", "resale_price_max": "none"}}, {}),
    "grant-back": ({"license": {"grant_back": {"scope": "all_improvements", "exclusive": True,
                                               "royalty_free": False}}},
                   {"license": {"grant_back": {"scope": "none"}}}, {}),
    "no-challenge": ({"license": {"no_challenge": True, "terminate_on_challenge": "none"}},
                     {"license": {"no_challenge": False,
                                  "terminate_on_challenge": "challenged_patent"}}, {}),
    "expired-patent-royalty": ({"license": {"royalties_until": "2040-01-01",
                                            "last_patent_expiry": "2030-01-01"}},
                               {"license": {"royalties_until": "2025-01-01",
                                            "term_start": "2024-01-01"}, _POOL: _POOL}, {}),
    "discrimination": ({"offers": [{"licensee": "L1", "class": "c", "rate": 0.2},
                                   {"licensee": "L2", "class": "c", "rate": 0.1}]},
                       {"offers": [{"licensee": "L1", "class": "c", "rate": 0.2},
                                   {"licensee": "L2", "class": "c", "rate": 0.2}]}, {}),
    "exclusive-license-in": ({"membership": {"exclusive_license_in": True}},
                             {"membership": {"exclusive_license_in": False,
                                             "independent_licensing_allowed": True}}, {}),
    "royalty-base": ({"license": {"royalty_base": "total_sales"}},
                     {"license": {"royalty_base": "unit"}}, {}),
    "evaluator-independence": ({"administration": {"evaluator": {"independent": False}}},
                               {"administration": {"evaluator": {"name": "X",
                                                                 "independent": True}}}, {}),
    "information-exchange": ({"administration": {"members_exchange_market_data": True}},
                             {"administration": {"members_exchange_market_data": False,
                                                 "licensee_data_shared_with_members": False},
                              "membership": {"members_coordinate_prices_or_output": False}}, {}),
    "competing-technology": ({"license": {"competing_technology_restricted": True},
                              "membership": {"competing_technology_restricted": False}},
                             {"license": {"competing_technology_restricted": False},
                              "membership": {"competing_technology_restricted": False}}, {}),
    "closed-membership": ({"membership": {"open_to_all_essential_holders": False}},
                          {"membership": {"open_to_all_essential_holders": True}}, {}),
    "royalty-stacking": ({"stack": {"product_price": 100.0, "pool_royalty_per_unit": 6.0,
                                    "other_royalties_per_unit": 9.0, "aggregate_cap": 0.1}},
                         {"stack": {"product_price": 400.0, "pool_royalty_per_unit": 2.0,
                                    "other_royalties_per_unit": 12.0, "aggregate_cap": 0.1}}, {}),
    "renewal-increase": ({"renewal": {"previous_rate": 2.0, "new_rate": 3.0, "max_increase": 0.25}},
                         {"renewal": {"previous_rate": 2.0, "new_rate": 2.2, "max_increase": 0.25}},
                         {}),
    "double-charging": ({_POOL: _TWO}, {_POOL: "disjoint pools"}, {}),
    "refusal-to-license": ({"license": {"licensed_levels": ["end_product"],
                                        "refused_licensees": []},
                            "market": {"value_chain_levels": ["chipset", "end_product"]}},
                           {"license": {"licensed_levels": "any", "refused_licensees": []}}, {}),
    "safe-harbour": ({"market": {"combined_share": 0.5, "parties_compete": True,
                                 "substitute_technologies": 0}}, "inside", {}),
}


def _pools(kind):
    if kind == _SUBST:
        p = make_pool(patents=[
            Patent("US1", "M1", "US", D(2030, 1, 1), feature="entropy", alternative="cabac"),
            Patent("US2", "M2", "US", D(2030, 1, 1), feature="entropy", alternative="cavlc")])
        return p, None
    if kind == _TWO:
        return _double_pools()
    if kind == "disjoint pools":
        other = make_pool([Patent("JP9", "M9", "JP", D(2035, 1, 1), "essential")],
                          [Licensee("L9")], [], name="P9", members=("M9",))
        return make_pool(), other
    return make_pool(), None


def _run(rule_id, sections, jurisdiction="all"):
    sections = dict(sections)
    pool, second = _pools(sections.pop(_POOL)) if _POOL in sections else (None, None)
    return check(terms(**sections), pool, second_pool=second, rules=[rule_id],
                 jurisdiction=jurisdiction, as_of="2026-12-01")


def test_every_rule_has_cases():
    assert set(CASES) == set(RULE_IDS)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_every_rule_flags_passes_and_reports_missing_data(rule_id):
    flag_case, pass_case, missing_case = CASES[rule_id]
    flagged = _run(rule_id, flag_case).findings
    if rule_id == "safe-harbour":  # info only: the flag is "outside", the pass "inside"
        assert any("fall outside" in f.message for f in flagged)
        t = example_terms("clean")
        inside = check(t, rules=[rule_id], jurisdiction="us", as_of="2026-12-01").findings
        assert all("fall inside" in f.message for f in inside) and inside
    else:
        assert any(f.severity in ("error", "warning") for f in flagged), flagged
        # the UK note on bilateral licensing is a finding of exclusive-license-in: pass in the EU
        j = "eu" if rule_id == "exclusive-license-in" else "all"
        passed = _run(rule_id, pass_case, j)
        assert rule_id in passed.passed, passed.findings
    missing = _run(rule_id, missing_case).findings
    unknowns = [f for f in missing if "could not check" in f.message]
    assert unknowns and all(f.severity == "info" for f in unknowns)
    assert all(any(e.value == "absent" for e in f.evidence) for f in unknowns)


# --- the command line -------------------------------------------------------------------------
def test_cli_as_of_and_uk(tmp_path, capsys):
    p = tmp_path / "t.toml"
    p.write_text('[license]\nterm_start = 2025-03-01\nmax_units = "none"\n', encoding="utf-8")
    assert main(["check", str(p), "--as-of", "2026-06-01", "--jurisdiction", "uk",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["as_of"] == "2026-06-01" and data["summary"]["jurisdiction"] == "uk"
    (law,) = data["summary"]["law"]
    assert law["regime"] == "uk-2021" and law["transitional"] is True
    assert main(["check", str(p), "--as-of", "2026-13-01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "as_of must be an ISO date YYYY-MM-DD, got '2026-13-01'" in err


def test_bad_as_of():
    with pytest.raises(InvalidInputError, match=r"as_of must be an ISO date YYYY-MM-DD, got 5"):
        check(terms(), as_of=5)


def test_bundled_example_as_of_today_applies_the_2026_rules():
    pool = read_pool(example_pool_path())
    report = check(example_terms("problematic"), pool, as_of="2026-12-01")
    assert {a.jurisdiction: a.id for a in report.law} == {
        "us": "us-2017", "eu": "eu-2026", "uk": "uk-2026", "cn": "cn-2023", "jp": "jp-2007"}
    assert "did not comply with them" in _law(report, "eu").reason

"""Engine: rule-order independence, profiles, sources, the example terms files, JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from compliance_helpers import AS_OF_2022, make_pool, terms
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.compliance import JURISDICTIONS, RULE_IDS, RULES, Source, check, rule
from poolcalc.compliance._sources import ALL_SOURCES, BY_KEY, VERIFICATIONS
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_terms, write_check

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLEAN = EXAMPLES / "terms_clean.toml"
PROBLEMATIC = EXAMPLES / "terms_problematic.toml"


@pytest.fixture(scope="module")
def problematic():
    return read_terms(PROBLEMATIC)


@settings(max_examples=15, deadline=None)
@given(st.permutations(RULE_IDS), st.sampled_from(["all", "us", "eu", "cn", "jp"]))
def test_results_do_not_depend_on_rule_order(order, jurisdiction):
    t = read_terms(PROBLEMATIC)
    pool = make_pool()
    a = check(t, pool, jurisdiction=jurisdiction)
    b = check(t, pool, jurisdiction=jurisdiction, rules=list(order))
    assert a == b


def test_subset_of_rules():
    r = check(terms(license={"max_units": 10}), rules=["output-restriction", "tying"])
    assert r.rules_checked == ("output-restriction", "tying")
    assert {f.rule for f in r.findings} == {"output-restriction", "tying"}
    assert check(terms(), rules=[rule("tying")]).rules_checked == ("tying",)


def test_bad_arguments():
    with pytest.raises(InvalidInputError, match="jurisdiction must be one of .*got 'de'"):
        check(terms(), jurisdiction="de")
    with pytest.raises(InvalidInputError, match="unknown rule id 'bundling'"):
        check(terms(), rules=["bundling"])
    with pytest.raises(InvalidInputError, match="tolerance must be a number >= 0, got -0.1"):
        check(terms(), tolerance=-0.1)
    with pytest.raises(InvalidInputError, match="unknown rule id 'x'"):
        rule("x")


def test_package_id_not_in_pool():
    with pytest.raises(InvalidInputError, match="license.package lists patent 'ZZ9'"):
        check(terms(license={"package": ["US1", "ZZ9"]}), make_pool())


def test_every_rule_has_sources_for_its_profiles():
    for r in RULES:
        assert r.sources and r.title and r.checks
        for key, sev in r.severity.items():
            assert sev in ("error", "warning", "info")
            j = key.split("-")[0]  # "eu-2026" keys a regime of the EU
            assert j == "general" or any(s.jurisdiction == j for s in r.sources), (r.id, key)
            if j == "general":
                assert any(s.jurisdiction == "general" for s in r.sources), r.id
            else:
                assert key == j or any(s.regime == key for s in r.sources), (r.id, key)


def test_sources_say_how_they_were_verified():
    for s in ALL_SOURCES:
        assert isinstance(s, Source) and s.cite() and s.verification in VERIFICATIONS
        assert s.key and BY_KEY[s.key] is s
        if s.verified:  # primary text read: a copy to point at and a quotation from it
            assert s.url and s.quote and len(s.quote.split()) <= 25, s.key
            assert "(unverified)" not in s.cite()
        else:
            assert s.cite().endswith("(unverified)") or "(unverified)" in s.cite(), s.key
        assert s.checked, f"{s.key}: say what was read"
        # no 2019 Chinese article number, no 2026 EU paragraph and no UK article was read
        if "Anti-Monopoly Guidelines on IP (2019)" in s.title or s.regime in ("eu-2026",
                                                                               "uk-2026"):
            assert not s.verified, s.key
        if s.superseded_by:  # the successor starts after the text it replaces started
            nxt = BY_KEY[s.superseded_by]
            assert nxt.jurisdiction == s.jurisdiction
            assert nxt.in_force_from > s.in_force_from, s.key
            if s.in_force_to is not None:
                assert nxt.in_force_from > s.in_force_to, s.key


def test_clean_example_has_no_error_or_warning():
    report = check(read_terms(CLEAN), as_of=AS_OF_2022)
    assert report.exit_code == 0
    assert report.summary["error"] == 0 and report.summary["warning"] == 0
    # what it cannot know without a pool is said, not assumed
    assert {f.rule for f in report.findings} == {"double-charging", "expired-patent-royalty",
                                                 "substitute-patents", "safe-harbour"}
    # the safe-harbour findings say the clean terms are inside every recorded harbour: US,
    # China, the EU pool harbour, the EU and UK block exemptions
    notes = [f.message for f in report.by_rule("safe-harbour")]
    assert sum("fall inside" in m for m in notes) == 5
    assert all(f.severity == "info" for f in report.findings)


@pytest.mark.parametrize("jurisdiction", ["all", *JURISDICTIONS])
def test_clean_example_no_error_in_any_profile(jurisdiction):
    assert check(read_terms(CLEAN), jurisdiction=jurisdiction).exit_code == 0
    assert check(read_terms(CLEAN), jurisdiction=jurisdiction, as_of=AS_OF_2022).exit_code == 0


EXPECTED_PROBLEMATIC = {
    # rule: (severity under "all" as of 2022, a source cite it must carry)
    "mandatory-package": ("warning", "DOJ/FTC IP Licensing Guidelines 2017 §5.3"),
    "non-essential-patent": ("warning", "EU TTG 2014 para 261(b) (unverified)"),
    "tying": ("warning", "DOJ/FTC IP Licensing Guidelines 2017 §5.3"),
    "output-restriction": ("error", "DOJ/FTC IP Licensing Guidelines 2017 §5.5"),
    "channel-restriction": ("error", "AMC IP Guidelines 2019 Art. 11 (unverified)"),
    "territory-restriction": ("error", "TTBER 316/2014 Art. 4(1) (unverified)"),
    "price-fixing": ("error", "United States v. New Wrinkle (1952) (unverified)"),
    "grant-back": ("error", "DOJ/FTC IP Licensing Guidelines 2017 §5.6"),
    "no-challenge": ("error", "EU TTG 2014 para 261(f) (unverified)"),
    "expired-patent-royalty": ("error", "Brulotte v. Thys (1964) and Kimble v. Marvel (2015)"),
    "royalty-base": ("error", "Zenith v. Hazeltine (U.S. 1969)"),
    "exclusive-license-in": ("error", "EU TTG 2014 para 261(d) (unverified)"),
    "competing-technology": ("error", "EU TTG 2014 para 261(g) (unverified)"),
    "information-exchange": ("error", "EU TTG 2014 para 261(c) (unverified)"),
    "evaluator-independence": ("warning", "DOJ MPEG-2 business review letter (26 Jun 1997)"),
    "closed-membership": ("warning", "EU TTG 2014 para 261(a) (unverified)"),
    "discrimination": ("warning", "SAIC Order 74 (2015) Art. 12(5) (unverified)"),
    "royalty-stacking": ("warning", "Lemley & Shapiro (Tex. L. Rev. 2007) (unverified)"),
    "renewal-increase": ("error", "the pools' renewal promises (MPEG-2 <= 25%, HEVC Advance "
                                  "<= 20%) (unverified)"),
}


def test_problematic_example_findings(problematic):
    report = check(problematic, as_of=AS_OF_2022)
    assert report.exit_code == 1
    for rule_id, (severity, cite) in EXPECTED_PROBLEMATIC.items():
        fs = [f for f in report.by_rule(rule_id) if f.severity != "info"]
        assert fs, rule_id
        worst = min(fs, key=lambda f: ("error", "warning").index(f.severity))
        assert worst.severity == severity, rule_id
        assert any(cite in [s.cite() for s in f.sources] for f in fs), rule_id
    # the seed paper's own example: bundling, output and channel limits cite the seed paper
    seed = {f.rule for f in report.findings if any("seed paper" in s.cite() for s in f.sources)}
    assert {"mandatory-package", "output-restriction", "channel-restriction"} <= seed


def test_problematic_with_pool_adds_pool_findings(problematic):
    report = check(problematic, make_pool())
    assert report.by_rule("substitute-patents") == ()  # the test pool has only complements
    disc = [f for f in report.by_rule("discrimination") if "same class" in f.message]
    assert not disc  # no member licensee in this pool
    assert report.exit_code == 1


def test_profiles_change_severity_and_sources(problematic):
    us = check(problematic, jurisdiction="us")
    eu = check(problematic, jurisdiction="eu")
    assert check(problematic, jurisdiction="uk").by_rule("royalty-base")[0].severity == "info"
    # Zenith is US law: in the EU profile no source is recorded, so the finding is info
    (rb_us,) = us.by_rule("royalty-base")
    (rb_eu,) = eu.by_rule("royalty-base")
    assert rb_us.severity == "error" and rb_eu.severity == "info"
    assert "no EU text" in rb_eu.message
    # sources are filtered to the profile (plus general economics/practice)
    for f in eu.findings:
        assert {s.jurisdiction for s in f.sources} <= {"eu", "general"}
    # competing-technology: Princo makes it a warning in the US profile
    assert {f.severity for f in us.by_rule("competing-technology")} == {"warning"}
    assert {f.severity for f in eu.by_rule("competing-technology")} == {"error"}


def test_messages_name_the_reviewer_and_never_claim_illegality(problematic):
    for f in check(problematic, jurisdiction="eu").findings:
        if "could not check" in f.message:
            continue
        assert f.message.startswith("a reviewer")
        assert "is illegal" not in f.message and "violates" not in f.message


def test_report_summary_and_json_contract(problematic):
    report = check(problematic)
    data = json.loads(write_check(report, "json"))
    assert set(data) == {"findings", "summary"}
    assert len(data["findings"]) == len(report.findings)
    for f in data["findings"]:
        assert set(f) == {"rule", "severity", "message", "evidence", "sources"}
        assert all(set(e) == {"what", "value"} for e in f["evidence"])
        keys = {"jurisdiction", "title", "pinpoint", "verified"}
        assert all(keys <= set(s) for s in f["sources"])
    s = data["summary"]
    assert s["error"] == sum(f["severity"] == "error" for f in data["findings"])
    assert s["warning"] + s["error"] + s["info"] == len(data["findings"])
    assert s["rules_checked"] == len(RULE_IDS) == 23


def test_table_output_lists_findings_and_exit_code(problematic):
    text = write_check(check(problematic, as_of="2026-12-01"), "table")
    assert text.startswith("Compliance check (all) as of 2026-12-01:")
    assert "\nlaw applied:\n  US 2017 Guidelines: " in text
    assert "ERROR output-restriction" in text and "exit code: 1" in text
    with pytest.raises(InvalidInputError, match="format must be 'table' or 'json', got 'csv'"):
        write_check(check(problematic), "csv")


def test_findings_sorted_errors_first(problematic):
    sev = [f.severity for f in check(problematic).findings]
    order = {"error": 0, "warning": 1, "info": 2}
    assert sev == sorted(sev, key=order.__getitem__)


# --- properties over random terms ---------------------------------------------------------------
_OPT = {
    "license": {
        "package": st.sampled_from(["all", "essential", ["US1"], ["US1", "US2"]]),
        "essential_only_package_offered": st.booleans(),
        "non_essential_included": st.booleans(),
        "tied": st.sampled_from([[], ["chip"]]),
        "max_units": st.sampled_from(["none", 0, 1000]),
        "channels": st.sampled_from(["any", ["retail"]]),
        "territories": st.sampled_from(["any", ["CN"]]),
        "field_of_use": st.sampled_from(["any", ["tv"]]),
        "resale_price_min": st.sampled_from(["none", 10.0]),
        "royalty_base": st.sampled_from(["unit", "product_price", "total_sales"]),
        "royalties_until": st.sampled_from(["2025-01-01", "2035-01-01"]),
        "no_challenge": st.booleans(),
        "terminate_on_challenge": st.sampled_from(["none", "challenged_patent", "whole_license"]),
        "grant_back": st.fixed_dictionaries({}, optional={
            "scope": st.sampled_from(["none", "essential", "all_improvements"]),
            "exclusive": st.booleans(), "royalty_free": st.booleans()}),
    },
    "membership": {k: st.booleans() for k in (
        "independent_licensing_allowed", "exclusive_license_in", "open_to_all_essential_holders",
        "competing_technology_restricted")},
    "administration": {"licensee_data_shared_with_members": st.booleans(),
                       "members_exchange_market_data": st.booleans()},
    "stage": {"member_cross_license": st.sampled_from(["royalty_free", "royalty_bearing"]),
              "preferential_licensing": st.booleans(),
              "open_to_all_similarly_situated": st.booleans()},
    "market": {"licensees_compete": st.booleans()},
}
_random_terms = st.fixed_dictionaries(
    {}, optional={sec: st.fixed_dictionaries({}, optional=keys) for sec, keys in _OPT.items()}
).map(lambda d: terms(**d))


@settings(max_examples=25, deadline=None)
@given(_random_terms, st.permutations(RULE_IDS), st.booleans())
def test_random_terms_order_independent_and_all_is_worst_profile(t, order, with_pool):
    pool = make_pool() if with_pool else None
    a = check(t, pool)
    assert a == check(t, pool, rules=list(order))
    rank = {"error": 0, "warning": 1, "info": 2}
    per_profile = {j: check(t, pool, jurisdiction=j) for j in JURISDICTIONS}
    for f in a.findings:
        noted = "would note that" in f.message  # a note of one jurisdiction is always info
        sevs = [g.severity for j in JURISDICTIONS for g in per_profile[j].findings
                if g.rule == f.rule and g.evidence == f.evidence
                and ("would note that" in g.message) == noted]
        assert sevs and f.severity == min(sevs, key=rank.__getitem__)
    # every rule either passed or said something; unknowns are info
    said = {f.rule for f in a.findings}
    assert said | set(a.passed) == set(RULE_IDS)
    assert not said & set(a.passed)
    assert a.exit_code == int(any(f.severity == "error" for f in a.findings))


def test_report_implements_the_result_interface(problematic):
    report = check(problematic)
    assert len(repr(report)) < 300 and repr(report).startswith("Report(all as of ")
    assert str(report) == write_check(report, "table")
    assert json.loads(write_check(report, "json")) == report.to_dict()
    frame = report.to_frame()
    assert list(frame.columns) == ["rule", "severity", "title", "message", "evidence", "sources"]
    assert len(frame) == len(report.findings)
    assert frame["severity"].tolist() == [f.severity for f in report.findings]
    html = report._repr_html_()
    assert html.startswith("<p><strong>Compliance check (all)") and "<table" in html
    f = report.findings[0]
    assert len(repr(f)) < 300 and f.to_dict()["rule"] == f.rule
    assert str(f).startswith("field") and f.message in str(f)

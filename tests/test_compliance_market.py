"""Safe harbours and market power, refusal to license (F18), flat price (F3), unchanged rate
while patents expire (F10), collective coordination (F22): flags / passes / unknown each.

Thresholds: DOJ/FTC Antitrust Guidelines for the Licensing of IP (2017) §4.3 (licensor and
licensees <= 20 % of each relevant market), SAIC Order 74 (2015) Art. 5 (competitors <= 20 %
combined, non-competitors <= 30 % each, or >= 4 / >= 2 substitute technologies; the count
limb not read in the primary text), EU TTG 2014 para 261 (conditions (a)-(g)).  Checked as
of 2022 (``AS_OF_2022``), when those texts applied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from compliance_helpers import AS_OF_2022, D, make_pool, non_info, run, terms
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.cli import main
from poolcalc.compliance import check
from poolcalc.compliance._core import make_context as Context
from poolcalc.compliance._harbours import safe_harbours
from poolcalc.data import example_pool_path, example_terms
from poolcalc.errors import InvalidInputError
from poolcalc.io import parse_terms
from poolcalc.model import Patent, SalesRecord

# the terms of the clean example that put the EU para 261 conditions in place
EU_OK = {
    "license": {"package": "essential", "non_essential_included": False, "no_challenge": False,
                "terminate_on_challenge": "challenged_patent",
                "competing_technology_restricted": False, "licensed_levels": "any",
                "refused_licensees": []},
    "membership": {"open_to_all_essential_holders": True, "exclusive_license_in": False,
                   "independent_licensing_allowed": True, "competing_technology_restricted": False,
                   "members_coordinate_prices_or_output": False},
    "administration": {"evaluator": {"name": "X", "independent": True},
                       "licensee_data_shared_with_members": False,
                       "members_exchange_market_data": False},
    "discounts": [],
}


#: the harbour of each jurisdiction these tests read (the 2014 EU pool harbour, Order 74's)
_REGIME = {"us": None, "cn": "cn-2015", "eu": "eu-2014"}


def _pick(harbours, jurisdiction, regime="default"):
    regime = _REGIME[jurisdiction] if regime == "default" else regime
    (h,) = [h for h in harbours[jurisdiction] if h.regime == regime
            and (jurisdiction != "eu" or "pool" in h.name or "para 261" in h.name)]
    return h


def _harbour(jurisdiction, **market):
    return _pick(safe_harbours(Context(terms(market=market), as_of=AS_OF_2022)), jurisdiction)


# --- terms reader -------------------------------------------------------------------------------
BAD = [
    ({"market": {"combined_share": 1.5}}, r"market\.combined_share must be in \[0, 1\], got 1\.5"),
    ({"market": {"substitute_technologies": -1}},
     r"market\.substitute_technologies must be a non-negative integer, got -1"),
    ({"market": {"substitute_technologies": True}},
     r"market\.substitute_technologies must be a non-negative integer, got True"),
    ({"market": {"share": 0.1}}, r"unknown key market\.share \(allowed in \[market\]: "),
    ({"market": {"combined_share": 0.1, "largest_party_share": 0.2}},
     r"market\.largest_party_share must be <= market\.combined_share \(0\.1\), got 0\.2"),
    ({"market": {"value_chain_levels": []}}, r"market\.value_chain_levels must be 'any' or a "),
    ({"license": {"licensed_levels": ["end_products"]},
      "market": {"value_chain_levels": ["chipset", "end_product"]}},
     r"license\.licensed_levels lists 'end_products', which is not in "
     r"market\.value_chain_levels \(chipset, end_product\)"),
    ({"license": {"refused_licensees": "L1"}},
     r"license\.refused_licensees must be a list of strings, got 'L1'"),
    ({"license": {"term_start": "2020-13-01"}},
     r"license\.term_start must be an ISO date YYYY-MM-DD, got '2020-13-01'"),
    ({"renewal": {"previous_renewal": 2020}},
     r"renewal\.previous_renewal must be an ISO date YYYY-MM-DD, got 2020"),
    ({"license": {"price_independent_of_patents_used": "yes"}},
     r"license\.price_independent_of_patents_used must be true or false, got 'yes'"),
    ({"membership": {"members_coordinate_prices_or_output": 1}},
     r"membership\.members_coordinate_prices_or_output must be true or false, got 1"),
    ({"products": [{"name": "tv"}]}, r"products\[0\] is missing the key 'patents'"),
    ({"products": [{"name": "tv", "patents": "some"}]},
     r"products\[0\]\.patents must be 'all' or a list of patent ids, got 'some'"),
    ({"products": [{"name": "tv", "patents": [], "rate": -1}]},
     r"products\[0\]\.rate must be >= 0, got -1"),
    ({"products": [{"name": "tv", "patents": []}, {"name": "tv", "patents": ["US1"]}]},
     r"products\[1\]\.name 'tv' is listed twice"),
    ({"products": [{"name": "tv", "patents": [], "colour": "red"}]},
     r"unknown key products\[0\]\.colour"),
]


@pytest.mark.parametrize("data, pattern", BAD)
def test_new_keys_are_strict(data, pattern):
    with pytest.raises(InvalidInputError, match=pattern) as exc:
        parse_terms(data, source="t.toml")
    assert str(exc.value).startswith("t.toml: ") and "\n" not in str(exc.value)


def test_cli_rejects_bad_market_key(tmp_path, capsys):
    p = tmp_path / "t.toml"
    p.write_text("[market]\ndominance = true\n", encoding="utf-8")
    assert main(["check", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown key market.dominance" in err


def test_new_keys_parse():
    t = terms(license={"licensed_levels": ["end_product"], "refused_licensees": [],
                       "term_start": "2020-01-01", "price_independent_of_patents_used": True},
              market={"value_chain_levels": ["chipset", "end_product"], "combined_share": 0.3,
                      "largest_party_share": 0.2, "substitute_technologies": 3,
                      "dominant": False, "parties_compete": True},
              products=[{"name": "tv", "patents": "all"}, {"name": "phone", "patents": ["US1"],
                                                          "rate": 0.5}])
    assert t.license.licensed_levels == ("end_product",) and t.license.term_start == D(2020, 1, 1)
    assert t.market.substitute_technologies == 3 and t.products[1].patents == ("US1",)
    assert t.products[0].rate is None


# --- US: DOJ/FTC 2017 §4.3 ---------------------------------------------------------------------
@pytest.mark.parametrize("share, status", [(0.0, "inside"), (0.20, "inside"),
                                           (0.2001, "outside"), (0.5, "outside")])
def test_us_safety_zone_threshold(share, status):
    assert _harbour("us", combined_share=share).status == status


def test_us_safety_zone_unknown_and_dominance():
    h = _harbour("us")
    assert h.status == "unknown" and h.missing == ("market.combined_share",)
    h = _harbour("us", combined_share=0.05, dominant=True)
    assert h.status == "outside" and "market power" in h.reason


# --- China: SAIC 2015 Art. 5 -------------------------------------------------------------------
@pytest.mark.parametrize("market, status", [
    ({"parties_compete": True, "combined_share": 0.20}, "inside"),
    ({"parties_compete": True, "combined_share": 0.25, "substitute_technologies": 4}, "inside"),
    ({"parties_compete": True, "combined_share": 0.25, "substitute_technologies": 3}, "outside"),
    ({"parties_compete": True, "combined_share": 0.25}, "unknown"),
    ({"parties_compete": False, "combined_share": 0.6, "largest_party_share": 0.30}, "inside"),
    ({"parties_compete": False, "combined_share": 0.6, "largest_party_share": 0.35,
      "substitute_technologies": 2}, "inside"),
    ({"parties_compete": False, "combined_share": 0.6, "largest_party_share": 0.35,
      "substitute_technologies": 1}, "outside"),
    # competition unknown: <= 20 % combined passes both tests, so the answer is known
    ({"combined_share": 0.15}, "inside"),
    ({"combined_share": 0.25, "largest_party_share": 0.25, "substitute_technologies": 0},
     "unknown"),
    ({"combined_share": 0.5, "largest_party_share": 0.4, "substitute_technologies": 1},
     "outside"),
    ({"combined_share": 0.1, "dominant": True}, "outside"),
])
def test_saic_art5(market, status):
    h = _harbour("cn", **market)
    assert h.status == status, h.reason
    if status == "unknown" and "parties_compete" not in market:
        assert h.missing[0] == "market.parties_compete"


def test_saic_count_part_is_marked_not_read():
    h = _harbour("cn", parties_compete=True, combined_share=0.3, substitute_technologies=5)
    assert h.status == "inside" and "(count limb not read in the primary text)" in h.reason


# --- EU: TTG 2014 para 261 ---------------------------------------------------------------------
def _pool_harbour(report):
    return [f for f in report.findings if "para 261" in f.message]


def test_eu_all_seven_conditions_met_lists_them():
    report = check(terms(**EU_OK), rules=["safe-harbour"], jurisdiction="eu", as_of=AS_OF_2022)
    (f,) = _pool_harbour(report)
    assert f.severity == "info" and "fall inside the EU TTG 2014 para 261" in f.message
    assert "all seven conditions (a)-(g) are met" in f.message
    assert [e.what[len("EU TTG 2014 para 261("):][0] for e in f.evidence] == list("abcdefg")
    assert all(str(e.value).startswith("met") for e in f.evidence)
    assert "membership.open_to_all_essential_holders = true" in f.evidence[0].value
    assert {s.cite() for s in f.sources} >= {"EU TTG 2014 para 261",
                                             "EU TTG 2014 para 261(e) (unverified)"}


def test_eu_unknown_conditions_are_listed():
    t = {**EU_OK, "license": {k: v for k, v in EU_OK["license"].items()
                              if k not in ("no_challenge", "licensed_levels")}}
    (f,) = _pool_harbour(check(terms(**t), rules=["safe-harbour"], jurisdiction="eu",
                               as_of=AS_OF_2022))
    assert "could not check" in f.message and "(e), (f) could not be checked" in f.message
    status = {e.what[len("EU TTG 2014 para 261("):][0]: str(e.value) for e in f.evidence
              if e.what.startswith("EU TTG")}
    assert status["e"].startswith("unknown") and "license.licensed_levels" in status["e"]
    assert status["f"].startswith("unknown") and status["a"].startswith("met")


def test_eu_failed_condition_is_outside():
    t = {**EU_OK, "membership": {**EU_OK["membership"], "exclusive_license_in": True}}
    (f,) = _pool_harbour(check(terms(**t), rules=["safe-harbour"], jurisdiction="eu",
                               as_of=AS_OF_2022))
    assert "fall outside" in f.message and "(d) not met" in f.message


def test_eu_pool_substitutes_fail_condition_b():
    pool = make_pool(patents=[
        Patent("US1", "M1", "US", D(2030, 1, 1), feature="entropy", alternative="cabac"),
        Patent("US2", "M2", "US", D(2030, 1, 1), feature="entropy", alternative="cavlc")])
    t = {**EU_OK, "license": {**EU_OK["license"], "package": "all"}}
    h = _pick(safe_harbours(Context(terms(**t), pool, as_of=AS_OF_2022)), "eu")
    assert h.status == "outside" and h.reason == "condition(s) (b) not met"


def test_harbour_findings_follow_the_profile():
    t = terms(**EU_OK, market={"combined_share": 0.1})
    # EU: the pool harbour and the block exemption for bilateral licences; UK (2022): the
    # assimilated TTBER's harbour (the CMA draft on pools is of 2026)
    for j, expect in [("us", ["§4.3"]), ("cn", ["SAIC 2015 Art. 5"]),
                      ("eu", ["para 261", "TTBER 316/2014"]), ("uk", ["assimilated TTBER"]),
                      ("jp", ["no Japanese"])]:
        fs = check(t, rules=["safe-harbour"], jurisdiction=j, as_of=AS_OF_2022).findings
        assert len(fs) == len(expect) and all(f.severity == "info" for f in fs)
        for text in expect:
            assert any(text in f.message for f in fs), (j, text)
    assert len(check(t, rules=["safe-harbour"], as_of=AS_OF_2022).findings) == 6


# --- lowering severities inside a harbour -------------------------------------------------------
def _sev(rule_id, sections, jurisdiction, pool=None):
    fs = non_info(run(rule_id, terms(**sections), pool, jurisdiction=jurisdiction), rule_id)
    return fs[0].severity if fs else "info", run(rule_id, terms(**sections), pool,
                                                  jurisdiction=jurisdiction).by_rule(rule_id)


def test_rule_of_reason_warning_lowered_in_us_safety_zone():
    sev, fs = _sev("tying", {"license": {"tied": ["chip"]}, "market": {"combined_share": 0.15}},
                   "us")
    assert sev == "info"
    assert "severity lowered from warning to info" in fs[0].message
    assert "DOJ/FTC 2017 §4.3 antitrust safety zone" in fs[0].message
    assert "15% <= 20%" in fs[0].message and "rule of reason" in fs[0].message
    # outside the zone, or with market power, the warning stays
    assert _sev("tying", {"license": {"tied": ["chip"]}, "market": {"combined_share": 0.25}},
                "us")[0] == "warning"
    assert _sev("tying", {"license": {"tied": ["chip"]},
                          "market": {"combined_share": 0.15, "dominant": True}}, "us")[0] == \
        "warning"


def test_all_profile_lowers_only_when_every_jurisdiction_does():
    # tying: warning in us, cn, jp; the JP profile has no recorded harbour
    sev, fs = _sev("tying", {"license": {"tied": ["chip"]}, "market": {"combined_share": 0.15}},
                   "all")
    assert sev == "warning" and "lowered" not in fs[0].message
    assert _sev("tying", {"license": {"tied": ["chip"]}, "market": {"combined_share": 0.15}},
                "jp")[0] == "warning"
    assert _sev("tying", {"license": {"tied": ["chip"]}, "market": {"combined_share": 0.15}},
                "cn")[0] == "info"


def test_hardcore_restraints_never_lowered():
    inside = {"combined_share": 0.1, "parties_compete": True}
    # channel limit between competing licensees: customer allocation
    assert _sev("channel-restriction", {"license": {"channels": ["retail"]},
                                        "market": {**inside, "licensees_compete": True}},
                "us")[0] == "warning"
    # the same limit between non-competitors is rule of reason
    assert _sev("channel-restriction", {"license": {"channels": ["retail"]},
                                        "market": {**inside, "licensees_compete": False}},
                "us")[0] == "info"
    # price fixing is a warning in the China profile and is never lowered
    assert _sev("price-fixing", {"license": {"resale_price_min": 10.0}, "market": inside},
                "cn")[0] == "warning"
    # errors are never lowered
    assert _sev("output-restriction", {"license": {"max_units": 10}, "market": inside},
                "us")[0] == "error"


def test_non_restraint_rules_not_lowered():
    stack = {"product_price": 100.0, "pool_royalty_per_unit": 6.0,
             "other_royalties_per_unit": 9.0, "aggregate_cap": 0.10}
    assert _sev("royalty-stacking", {"stack": stack, "market": {"combined_share": 0.1}},
                "us")[0] == "warning"


def test_eu_harbour_lowers_nothing():
    sec = {**EU_OK, "license": {**EU_OK["license"], "channels": ["retail"]},
           "market": {"licensees_compete": False, "combined_share": 0.1}}
    assert _pick(safe_harbours(Context(terms(**sec), as_of=AS_OF_2022)), "eu").status == "inside"
    assert _sev("channel-restriction", sec, "eu")[0] == "warning"


_MARKETS = st.fixed_dictionaries({}, optional={
    "combined_share": st.sampled_from([0.1, 0.2, 0.25, 0.5]),
    "parties_compete": st.booleans(), "dominant": st.booleans(),
    "substitute_technologies": st.integers(0, 5),
})
_LICENSES = st.fixed_dictionaries({}, optional={
    "tied": st.sampled_from([[], ["chip"]]), "channels": st.sampled_from(["any", ["retail"]]),
    "territories": st.sampled_from(["any", ["CN"]]), "max_units": st.sampled_from(["none", 5]),
    "resale_price_min": st.sampled_from(["none", 9.0]),
    "grant_back": st.just({"scope": "all_improvements", "exclusive": False,
                           "royalty_free": True}),
})


def _key(f):
    return (f.rule, tuple((e.what, repr(e.value)) for e in f.evidence))


@settings(max_examples=30, deadline=None)
@given(_LICENSES, _MARKETS, st.sampled_from([{}, {"licensees_compete": True},
                                             {"licensees_compete": False}]),
       st.sampled_from(["all", "us", "eu", "cn", "jp"]))
def test_market_data_only_lowers_warnings_to_info(lic, market, compete, jurisdiction):
    base = check(terms(license=lic, market=compete), jurisdiction=jurisdiction,
                 as_of=AS_OF_2022)
    with_market = check(terms(license=lic, market={**market, **compete}),
                        jurisdiction=jurisdiction, as_of=AS_OF_2022)
    before = {_key(f): f for f in base.findings if f.rule != "safe-harbour"}
    seen = 0
    for f in with_market.findings:
        if f.rule == "safe-harbour":
            continue
        b = before[_key(f)]
        seen += 1
        if f.severity != b.severity:
            assert (b.severity, f.severity) == ("warning", "info"), (b, f)
            assert "severity lowered from warning to info" in f.message
            assert jurisdiction in ("us", "cn")  # the EU and JP profiles are never lowered
            assert not market.get("dominant")
            assert f.rule not in ("price-fixing", "output-restriction", "royalty-stacking")
        else:
            assert "lowered" not in f.message
    assert seen == len(before)


# --- refusal to license (F18) -------------------------------------------------------------------
CHAIN = {"value_chain_levels": ["chipset", "module", "end_product"]}


def test_refusal_levels_flags_per_jurisdiction():
    t = terms(license={"licensed_levels": ["end_product"], "refused_licensees": []},
              market=CHAIN, membership={"independent_licensing_allowed": True})
    sev = {j: run("refusal-to-license", t, jurisdiction=j).findings[0].severity
           for j in ("us", "eu", "uk", "cn", "jp", "all")}
    # the UK has no pool text in force in 2022 (the CMA's draft is of 2026): info there
    assert sev == {"us": "info", "eu": "warning", "uk": "info", "cn": "info", "jp": "info",
                   "all": "warning"}
    (f,) = run("refusal-to-license", t).findings
    assert "chipset, module cannot obtain a pool licence" in f.message
    assert "EU TTG 2014 para 261(e) (unverified)" in [s.cite() for s in f.sources]
    assert any("Avanci" in s.cite() for s in f.sources)


def test_refusal_aggravated_without_bilateral_route_or_with_dominance():
    t = terms(license={"licensed_levels": ["end_product"], "refused_licensees": []},
              market={**CHAIN, "dominant": True},
              membership={"independent_licensing_allowed": False})
    sev = {j: run("refusal-to-license", t, jurisdiction=j).findings[0].severity
           for j in ("us", "cn", "jp")}
    assert sev == {"us": "warning", "cn": "warning", "jp": "warning"}
    assert "no bilateral route" in run("refusal-to-license", t).findings[0].message


def test_refusal_named_firm_is_warning_in_japan():
    t = terms(license={"licensed_levels": "any", "refused_licensees": ["ACME"]})
    (f,) = run("refusal-to-license", t, jurisdiction="jp").findings
    assert f.severity == "warning" and "ACME" in f.message
    assert "JFTC Pachinko patent pool case (1997) (unverified)" in [s.cite() for s in f.sources]
    assert run("refusal-to-license", t, jurisdiction="us").findings[0].severity == "info"


def test_refusal_passes():
    t = terms(license={"licensed_levels": "any", "refused_licensees": []})
    r = run("refusal-to-license", t)
    assert r.findings == () and r.passed == ("refusal-to-license",)
    # every level of the chain licensed
    t = terms(license={"licensed_levels": ["chipset", "module", "end_product"],
                       "refused_licensees": []}, market=CHAIN)
    assert run("refusal-to-license", t).findings == ()


def test_refusal_unknown():
    r = run("refusal-to-license", terms())
    assert {f.severity for f in r.findings} == {"info"}
    assert all("could not check" in f.message for f in r.findings)
    # a level list without the value chain cannot tell what is refused
    t = terms(license={"licensed_levels": ["end_product"], "refused_licensees": []})
    (f,) = run("refusal-to-license", t).findings
    assert f.severity == "info" and "market.value_chain_levels" in f.message


# --- F3: one price whatever patents are practised ---------------------------------------------
def test_flat_price_flags_products_with_different_counts():
    t = terms(products=[{"name": "tv", "patents": ["US1", "US2", "US3"], "rate": 2.0},
                        {"name": "dongle", "patents": ["US1"], "rate": 2.0},
                        {"name": "phone", "patents": ["US1"], "rate": 1.0}],
              license={"package": "essential"})
    fs = run("mandatory-package", t).findings
    (f,) = fs
    assert f.severity == "info" and "different numbers of pooled patents" in f.message
    assert "dongle, tv pay 2 per unit but practise from 1 to 3" in f.message
    assert {s.cite() for s in f.sources} >= {"U.S. Philips v. ITC (Fed. Cir. 2005)",
                                             "DOJ DVD 3C business review letter (16 Dec 1998)"}


def test_flat_price_passes():
    t = terms(products=[{"name": "tv", "patents": ["US1", "US2"], "rate": 2.0},
                        {"name": "dongle", "patents": ["US1"], "rate": 1.0}],
              license={"package": "essential"})
    assert run("mandatory-package", t).findings == ()
    # essential-only package: a flat price charges for nothing unused (DVD 3C)
    t = terms(license={"package": "essential", "price_independent_of_patents_used": True})
    assert run("mandatory-package", t).findings == ()


def test_flat_price_with_non_essential_patents_is_info():
    t = terms(license={"non_essential_included": True, "essential_only_package_offered": True,
                       "price_independent_of_patents_used": True})
    (f,) = run("mandatory-package", t).findings
    assert f.severity == "info" and "includes non-essential patents" in f.message
    t = terms(license={"non_essential_included": True, "essential_only_package_offered": True,
                       "price_independent_of_patents_used": False})
    assert run("mandatory-package", t).findings == ()


def test_flat_price_unknown():
    t = terms(license={"non_essential_included": True, "essential_only_package_offered": True})
    (f,) = run("mandatory-package", t).findings
    assert "could not check" in f.message and "price_independent_of_patents_used" in f.message
    t = terms(license={"package": "essential"},
              products=[{"name": "tv", "patents": ["US1"]}, {"name": "x", "patents": "all"}])
    (f,) = run("mandatory-package", t).findings
    assert f.severity == "info" and "products[0].rate (or --pool)" in f.message
    assert "products[1] patents = 'all' needs --pool" in f.message


def test_flat_price_with_pool_schedule():
    pool = make_pool()  # one schedule: 0.20 per unit for every product; US1, US2, DE1 pooled
    t = terms(license={"package": "all"},
              products=[{"name": "tv", "patents": "all"}, {"name": "box", "patents": ["US1"]}])
    (f,) = [g for g in run("mandatory-package", t, pool).findings if "different" in g.message]
    assert "pay 0.2 per unit (pool schedule)" in f.message and "from 1 to 3" in f.message
    with pytest.raises(InvalidInputError, match=r"products\[0\]\.patents lists patent 'ZZ1'"):
        run("mandatory-package", terms(products=[{"name": "tv", "patents": ["ZZ1"]}]), pool)


# --- F10: unchanged rate while the pooled patents in force fell -------------------------------
def _expiring_pool():
    patents = [Patent(f"US{i}", "M1", "US", D(2022, 1, 1) if i < 3 else D(2030, 1, 1))
               for i in range(6)]  # 3 of 6 expire on 2022-01-01
    return make_pool(patents=patents,
                     sales=[SalesRecord("L1", D(2024, 3, 1), "tv", "US", "US", 10)])


def _drop(**sections):
    fs = run("expired-patent-royalty", terms(**sections), _expiring_pool()).findings
    return [f for f in fs if "in force fell" in f.message or "unchanged" in f.message]


def test_unchanged_rate_while_in_force_count_fell_is_info():
    (f,) = _drop(license={"term_start": "2020-01-01", "royalties_until": "2029-01-01"})
    assert f.severity == "info" and "fell by 50%" in f.message
    assert "6 pooled patents were in force when the rate was set (2020-01-01), 3 on 2024-12-31" \
        in f.message
    assert "one rate for the whole period" in f.message
    ev = {e.what: e.value for e in f.evidence}
    assert ev["in-force drop"] == 0.5 and ev["threshold (in_force_drop)"] == 0.25


def test_unchanged_rate_passes_under_threshold_or_rate_cut():
    r = run("expired-patent-royalty", terms(license={"term_start": "2020-01-01",
                                                     "royalties_until": "2029-01-01"}),
            _expiring_pool(), in_force_drop=0.5)
    assert r.findings == ()
    assert not _drop(license={"term_start": "2020-01-01", "royalties_until": "2029-01-01"},
                     renewal={"previous_renewal": "2020-01-01", "previous_rate": 2.0,
                              "new_rate": 1.0})
    # the previous renewal after the expiries: nothing fell since the rate was set
    assert not _drop(license={"term_start": "2015-01-01", "royalties_until": "2029-01-01"},
                     renewal={"previous_renewal": "2023-01-01"})


def test_renewal_keeping_rate_is_flagged():
    (f,) = _drop(license={"royalties_until": "2029-01-01"},
                 renewal={"previous_renewal": "2021-06-01", "previous_rate": 2.0,
                          "new_rate": 2.0, "max_increase": 0.25})
    assert "keeps the rate at 2 (was 2)" in f.message


def test_unchanged_rate_unknown_without_start():
    fs = run("expired-patent-royalty", terms(license={"royalties_until": "2029-01-01"}),
             _expiring_pool()).findings
    (f,) = fs
    assert f.severity == "info" and "license.term_start or renewal.previous_renewal" in f.message


def test_in_force_drop_option():
    with pytest.raises(InvalidInputError,
                       match=r"in_force_drop must be a number in \[0, 1\], got 1\.5"):
        check(terms(), in_force_drop=1.5)


def test_cli_in_force_drop(capsys):
    problematic = Path(__file__).resolve().parents[1] / "examples" / "terms_problematic.toml"
    args = ["check", str(problematic), "--pool", str(example_pool_path()), "--format", "json"]
    main(args)
    msgs = [f["message"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert any("while the pooled patents in force fell" in m for m in msgs)
    main([*args, "--in-force-drop", "0.9"])
    msgs = [f["message"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert not any("while the pooled patents in force fell" in m for m in msgs)


# --- F22: collective coordination among member-competitors -----------------------------------
_NO_INFO = {"licensee_data_shared_with_members": False, "members_exchange_market_data": False}


def test_coordination_among_members_is_error():
    t = terms(administration=_NO_INFO, membership={"members_coordinate_prices_or_output": True},
              market={"members_compete_downstream": True, "combined_share": 0.05})
    for j in ("us", "eu", "cn", "jp"):
        (f,) = run("information-exchange", t, jurisdiction=j).findings
        assert f.severity == "error" and "member-competitors" in f.message
    (f,) = run("information-exchange", t).findings
    assert "United States v. New Wrinkle (1952) (unverified)" in [s.cite() for s in f.sources]


def test_market_data_exchange_among_non_competitors_is_warning():
    t = terms(administration={**_NO_INFO, "members_exchange_market_data": True},
              membership={"members_coordinate_prices_or_output": False},
              market={"members_compete_downstream": False})
    (f,) = run("information-exchange", t).findings
    assert f.severity == "warning" and "coordination risk is lower" in f.message
    t = terms(administration={**_NO_INFO, "members_exchange_market_data": True},
              membership={"members_coordinate_prices_or_output": False})
    (f,) = run("information-exchange", t).findings
    assert f.severity == "error" and "members_compete_downstream unknown" in f.message


def test_coordination_passes_and_unknown():
    t = terms(administration=_NO_INFO, membership={"members_coordinate_prices_or_output": False})
    assert run("information-exchange", t).findings == ()
    (f,) = run("information-exchange", terms(administration=_NO_INFO)).findings
    assert f.severity == "info" and "membership.members_coordinate_prices_or_output" in f.message


# --- the example terms ------------------------------------------------------------------------
def test_problematic_example_new_findings():
    report = check(example_terms("problematic"), as_of=AS_OF_2022)
    rtl = {f.severity for f in report.by_rule("refusal-to-license")}
    assert rtl == {"warning"}
    harb = [f.message for f in report.by_rule("safe-harbour")]
    assert sum("fall outside" in m for m in harb) == 5  # US, China, EU pool, EU and UK TTBER
    assert any("collective coordination" in f.message and f.severity == "error"
               for f in report.by_rule("information-exchange"))
    assert any("whatever pooled patents a product practises" in f.message
               for f in report.by_rule("mandatory-package"))


def test_clean_example_inside_us_and_cn_harbours_without_pool():
    h = safe_harbours(Context(example_terms("clean"), as_of=AS_OF_2022))
    assert {j: _pick(h, j).status for j in ("us", "cn", "eu")} == {
        "us": "inside", "cn": "inside", "eu": "inside"}
    assert check(example_terms("clean")).exit_code == 0

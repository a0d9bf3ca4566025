"""Stage diagnosis: the paper's own examples, honesty about unknowns, bad input."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from result_contract import check_result

from poolcalc.alliance import (
    IGRS,
    TABLE3,
    TD_SCDMA,
    AllianceProfile,
    ChainLevel,
    LicensingMode,
    MarkerStatus,
    Milestone,
    Stage,
    StandardLevel,
    StandardType,
    diagnose,
)
from poolcalc.errors import InvalidInputError

# ----------------------------------------------------------------- the paper's examples


def test_td_scdma_international_standard_2000_marks_formation_done():
    # paper (after table 2): the international standard of 2000 marks formation as done;
    # industrialization through the alliance follows
    d = diagnose(TD_SCDMA, as_of=2000)
    assert d.formation_complete is True
    assert d.stage is Stage.INDUSTRIALIZATION
    f1 = next(c for c in d.checks if c.marker.id == "F1")
    assert f1.status is MarkerStatus.MATCHED and "international" in f1.detail


def test_td_scdma_standard_before_alliance_is_noted():
    # paper: international standard 2000 first, the alliance only in 2002
    d = diagnose(TD_SCDMA, as_of=2001)
    assert any("formed only in 2002" in n for n in d.notes)
    assert not any("formed only" in n for n in diagnose(TD_SCDMA, as_of=2002).notes)


def test_td_scdma_industry_standard_2006_does_not_lower_the_level():
    # paper, section 3.1: a Chinese industry standard in 2006, after the international one
    d = diagnose(TD_SCDMA, as_of=2006)
    f1 = next(c for c in d.checks if c.marker.id == "F1")
    assert "international" in f1.detail


def test_td_scdma_at_time_of_writing_is_marketization():
    # paper (after table 2): at the time of writing TD-SCDMA is in marketization
    # (terminals developed, challenges WCDMA/CDMA2000)
    d = diagnose(TD_SCDMA)
    assert d.stage is Stage.MARKETIZATION
    assert {c.marker.id for c in d.matched(Stage.MARKETIZATION)} == {"M2", "M6"}
    # the paper calls the market not yet mature and gives no user numbers -> critical
    # mass stays unknown
    assert "M1" in {c.marker.id for c in d.unknown()}
    assert d.support is TABLE3[Stage.MARKETIZATION]
    # table 3, marketization problem 2: competing standards worldwide
    assert "competing standards worldwide" in d.problems[1].text.en


@pytest.mark.parametrize(
    "as_of,stage,level",
    [
        (2003, Stage.FORMATION, "concept"),  # concept standard when formed
        (2004, Stage.FORMATION, "concept"),
        (2005, Stage.INDUSTRIALIZATION, "industry"),  # industry standard, industrializing
        (2006, Stage.INDUSTRIALIZATION, "industry"),
        (2007, Stage.INDUSTRIALIZATION, "international"),  # international standard
    ],
)
def test_igrs_path(as_of, stage, level):
    d = diagnose(IGRS, as_of=as_of)
    assert d.stage is stage
    f1 = next(c for c in d.checks if c.marker.id == "F1")
    assert f"'{level}'" in f1.detail
    assert d.formation_complete is (stage is not Stage.FORMATION)


def test_igrs_before_the_alliance_is_unknown():
    d = diagnose(IGRS, as_of=2002)
    assert d.stage is Stage.UNKNOWN
    assert d.problems == () and d.strategies == ()
    assert Stage.FORMATION in d.could_also_be


def test_igrs_without_market_data_cannot_claim_marketization():
    d = diagnose(IGRS)
    assert d.stage is Stage.INDUSTRIALIZATION
    assert d.could_also_be == (Stage.MARKETIZATION,)
    assert "user_base" in d.unknown_fields


def test_year_precision_milestone_in_same_year_as_date_is_unknown():
    d = diagnose(IGRS, as_of=dt.date(2005, 3, 1))
    f1 = next(c for c in d.checks if c.marker.id == "F1")
    assert f1.status is MarkerStatus.UNKNOWN
    assert d.stage is Stage.UNKNOWN
    assert any("year precision" in n for n in d.notes)
    assert diagnose(IGRS, as_of=dt.date(2006, 1, 1)).stage is Stage.INDUSTRIALIZATION


# ----------------------------------------------------------------- rules and honesty


def test_missing_data_is_unknown_not_a_false_stage():
    d = diagnose({"name": "nothing known"})
    assert d.stage is Stage.UNKNOWN
    assert d.formation_complete is None
    assert set(d.could_also_be) == {Stage.FORMATION, Stage.INDUSTRIALIZATION,
                                    Stage.MARKETIZATION}
    assert all(c.status is MarkerStatus.UNKNOWN for c in d.checks)
    assert "standard_level" in d.unknown_fields


def test_concept_standard_is_formation_and_overlap_is_noted():
    d = diagnose({"name": "x", "standard_level": "concept", "terminal_products": 3,
                  "challenges_foreign": True})
    assert d.stage is Stage.FORMATION
    assert d.could_also_be == ()
    assert any("overlap" in n for n in d.notes)


def test_de_facto_without_de_jure_is_flagged():
    d = diagnose({"name": "x", "standard_level": "enterprise", "de_facto": True})
    assert d.stage is Stage.FORMATION
    assert any("一般" in n for n in d.notes)


@pytest.mark.parametrize("level", ["none", "concept", "enterprise"])
def test_levels_below_de_jure_keep_formation(level):
    assert diagnose({"name": "x", "standard_level": level}).stage is Stage.FORMATION


@pytest.mark.parametrize("level", ["local", "industry", "national", "regional", "international"])
def test_de_jure_levels_complete_formation(level):
    assert StandardLevel(level).de_jure
    assert diagnose({"name": "x", "standard_level": level}).stage is Stage.INDUSTRIALIZATION


def test_industrialization_from_chain_licensees_with_unknown_standard():
    d = diagnose({
        "name": "x",
        "licensees": {"technology": 4, "equipment": 2, "terminal": 9, "operator": 1,
                      "service": 3},
        "licensing": "preferential",
    })
    assert d.stage is Stage.INDUSTRIALIZATION
    assert {c.marker.id for c in d.matched()} == {"I2", "I4", "I6"}
    assert Stage.FORMATION in d.could_also_be  # F1 unknown


def test_chain_markers_partial_counts():
    # 3 levels known with licensees, 2 unknown: "wide" (I4) matched, "complete" (I2) unknown
    d = diagnose({"name": "x", "standard_level": "national",
                  "licensees": {"chips": 2, "equipment": 1, "terminals": 5}})
    status = {c.marker.id: c.status for c in d.checks}
    assert status["I4"] is MarkerStatus.MATCHED
    assert status["I2"] is MarkerStatus.UNKNOWN
    assert {"licensees.operator", "licensees.service"} <= set(d.unknown_fields)
    assert "licensees" not in d.unknown_fields
    d2 = diagnose({"name": "x", "licensees": {"technology": 1, "operator": 0, "service": 0,
                                              "equipment": 0}})
    status2 = {c.marker.id: c.status for c in d2.checks}
    assert status2["I4"] is MarkerStatus.MISSING and status2["I2"] is MarkerStatus.MISSING


def test_critical_mass_strictly_exceeded():
    # table 2: the user base must pass critical mass (strictly more)
    def m1(user_base):
        d = diagnose({"name": "x", "user_base": user_base, "critical_mass": 1000})
        return next(c.status for c in d.checks if c.marker.id == "M1")
    assert m1(1001) is MarkerStatus.MATCHED
    assert m1(1000) is MarkerStatus.MISSING


def test_full_marketization_profile():
    d = diagnose({
        "name": "mature", "standard_level": "international", "de_facto": True,
        "standard_types": ["basic", "product", "test_method"], "pool_members": 12,
        "licensing": "market", "user_base": 5_000_000, "critical_mass": 1_000_000,
        "users_growing": True, "market_share_growing": True, "terminal_products": 40,
        "complementary_products": 12, "upgraded_from_feedback": True,
        "challenges_foreign": True, "infrastructure_conforms": True,
        "licensees": dict.fromkeys(["technology", "equipment", "terminal", "operator",
                                    "service"], 3),
    })
    assert d.stage is Stage.MARKETIZATION
    assert d.could_also_be == () and d.unknown_fields == ()
    assert len(d.matched()) == 17
    doc = check_result(d)
    assert doc["stage"] == "marketization" and len(doc["markers"]) == 17
    assert [s["instruments"] for s in doc["strategies"]][0] == ["procurement", "subsidy"]
    # str(): the report, with table 3's problems and strategies in both languages
    text = str(d)
    assert text.startswith("mature: stage = marketization (标准市场化)\n")
    assert "markers matched: formation 3/3, industrialization 6/6, marketization 8/8" in text
    s1 = d.strategies[0].text
    assert f"  1. {s1.en} [answers problem 1]\n     {s1.zh}\n" in text
    assert repr(d) == "Diagnosis('mature', stage=marketization, 17/17 markers matched)"
    assert [r["status"] for r in d.to_frame().to_dict("records")] == ["matched"] * 17


def test_min_markers_threshold():
    data = {"name": "x", "standard_level": "industry", "terminal_products": 2}
    assert diagnose(data).stage is Stage.INDUSTRIALIZATION
    assert diagnose(data, min_markers=1).stage is Stage.MARKETIZATION


def test_snapshot_used_only_when_observed_before_as_of():
    prof = AllianceProfile("x", standard_level="industry", observed=2010,
                           milestones=[Milestone(2004, "standard", "concept")])
    assert diagnose(prof, as_of=2008).stage is Stage.FORMATION
    assert diagnose(prof, as_of=2010).stage is Stage.INDUSTRIALIZATION
    assert any("not used" in n for n in diagnose(prof, as_of=2008).notes)


def test_milestones_are_not_undone_by_snapshot():
    prof = AllianceProfile("x", standard_level="concept", licensing="pool_only",
                           milestones=[Milestone("2009-05-01", "standard", "national"),
                                       Milestone(2010, "industry_licensing")])
    d = diagnose(prof)
    assert d.formation_complete is True
    assert next(c for c in d.checks if c.marker.id == "I6").status is MarkerStatus.MATCHED


# ----------------------------------------------------------------- property: honesty

_FULL = st.fixed_dictionaries({
    "standard_level": st.sampled_from(list(StandardLevel)),
    "de_facto": st.booleans(),
    "standard_types": st.frozensets(st.sampled_from(list(StandardType))),
    "pool_members": st.integers(0, 30),
    "licensing": st.sampled_from(list(LicensingMode)),
    "licensees": st.fixed_dictionaries({lv: st.integers(0, 5) for lv in ChainLevel}),
    "user_base": st.integers(0, 10**7),
    "critical_mass": st.integers(1, 10**7),
    "users_growing": st.booleans(),
    "market_share_growing": st.booleans(),
    "terminal_products": st.integers(0, 20),
    "complementary_products": st.integers(0, 20),
    "infrastructure_conforms": st.booleans(),
    "upgraded_from_feedback": st.booleans(),
    "challenges_foreign": st.booleans(),
})


@settings(max_examples=60)
@given(full=_FULL, data=st.data(), k=st.integers(1, 3))
def test_unknowns_never_hide_the_true_stage(full, data, k):
    """Masking fields never yields a wrong stage: the completed data's stage is the
    masked diagnosis's stage or one of its could_also_be stages."""
    truth = diagnose({"name": "x", **full}, min_markers=k)
    assert truth.stage is not Stage.UNKNOWN and truth.could_also_be == ()
    hidden = data.draw(st.sets(st.sampled_from(sorted(full))))
    masked = {key: (None if key in hidden else v) for key, v in full.items()}
    if "licensees" not in hidden:  # also hide some chain levels
        drop = data.draw(st.sets(st.sampled_from(list(ChainLevel))))
        masked["licensees"] = {lv: n for lv, n in full["licensees"].items() if lv not in drop}
    guess = diagnose({"name": "x", **masked}, min_markers=k)
    assert truth.stage is guess.stage or truth.stage in guess.could_also_be
    assert guess.stage not in guess.could_also_be
    for c in guess.unknown():  # every unknown marker names some unknown data
        assert any(u == f or u.startswith(f + ".")
                   for f in c.marker.fields for u in guess.unknown_fields)


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "data,match",
    [
        ({"name": "x", "standard_level": "global"}, r"standard_level must be one of .*'global'"),
        ({"name": "x", "licensing": "free"}, r"licensing must be one of .*'free'"),
        ({"name": "x", "pool_members": -1}, r"pool_members must be a non-negative integer, got -1"),
        ({"name": "x", "licensees": {"terminal": -3}},
         r"licensees\['terminal'\] must be a non-negative integer, got -3"),
        ({"name": "x", "licensees": {"retail": 3}}, r"licensees key must be one of .*'retail'"),
        ({"name": "x", "user_base": 1.5}, r"user_base must be a non-negative integer"),
        ({"name": "x", "users_growing": "yes"}, r"users_growing must be true, false or None"),
        ({"name": "x", "critical_mass": 0}, r"critical_mass must be > 0"),
        ({"name": "x", "standard_types": ["basic", "firmware"]},
         r"standard_types\[1\] must be one of"),
        ({"name": "x", "stage": "formation"}, r"unknown field\(s\) 'stage'"),
        ({"standard_level": "industry"}, r"'name' is required"),
        ({"name": ""}, r"name must be a non-empty string"),
        ({"name": "x", "milestones": [{"when": 2005, "event": "standard"}]},
         r"level is required for event 'standard'"),
        ({"name": "x", "milestones": [{"when": 2005, "event": "launch"}]},
         r"milestone event must be one of"),
        ({"name": "x", "milestones": [{"when": "05/2005", "event": "pool_formed"}]},
         r"milestone when must be a year"),
        ({"name": "x", "milestones": [{"when": 2005, "event": "pool_formed",
                                       "level": "national"}]},
         r"level is only allowed for event 'standard'"),
    ],
)
def test_bad_profile_raises(data, match):
    with pytest.raises(InvalidInputError, match=match):
        diagnose(data)


def test_bad_diagnose_options():
    with pytest.raises(InvalidInputError, match=r"min_markers must be >= 1, got 0"):
        diagnose({"name": "x"}, min_markers=0)
    with pytest.raises(InvalidInputError, match=r"min_markers must be a positive integer"):
        diagnose({"name": "x"}, min_markers=1.5)
    with pytest.raises(InvalidInputError, match=r"as_of must be a year"):
        diagnose({"name": "x"}, as_of="last year")
    with pytest.raises(InvalidInputError, match=r"alliance data must be a mapping"):
        diagnose(["name", "x"])


# ----------------------------------------------------------------- one Stage enum


def test_terms_phase_and_diagnosis_stage_are_one_enum():
    import poolcalc.model as m
    from poolcalc.io import parse_terms

    assert Stage is m.Stage
    t = parse_terms({"stage": {"phase": "industrialization"}})
    d = diagnose(TD_SCDMA, as_of=2000)
    assert t.stage.phase is d.stage is Stage.INDUSTRIALIZATION
    assert Stage.FORMATION.zh == "标准形成" and Stage.UNKNOWN.zh == "未知"


def test_terms_phase_rejects_unknown():
    import poolcalc.model as m
    from poolcalc.io import parse_terms

    with pytest.raises(InvalidInputError, match=r"stage\.phase must be one of 'formation', "
                       r"'industrialization', 'marketization', got 'unknown'"):
        m.StageTerms(phase="unknown")
    with pytest.raises(InvalidInputError, match=r"stage\.phase must be one of 'formation', "
                       r"'industrialization', 'marketization', got 'unknown'"):
        parse_terms({"stage": {"phase": "unknown"}})

"""Formation-mode classification by the paper's table 1."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from result_contract import check_result

from poolcalc.alliance import (
    AVS_FORMATION,
    TABLE1,
    TD_SCDMA_FORMATION,
    FormationInputs,
    FormationMode,
    MarkerStatus,
    PatentSequence,
    PatentStock,
    TechnicalBase,
    classify_formation,
)
from poolcalc.errors import InvalidInputError

# every condition of table 1, typed from the paper's cells
PATENT_PUSH = {"patent_stock": "many", "technology_maturity_high": True,
               "sequence": "patents_first"}
STANDARD_PULL = {"technical_base": "weak", "patent_stock": "none", "national_interest": True,
                 "fits_industry_direction": True, "clear_goal": True,
                 "sequence": "standard_first"}
INTERACTIVE = {"technical_base": "some", "patent_stock": "few",
               "international_competitiveness": True, "exploratory": True,
               "series_of_standards": True, "clear_goal": True,
               "needs_continual_improvement": True, "sequence": "iterative"}


@pytest.mark.parametrize("case", [TD_SCDMA_FORMATION, AVS_FORMATION])
def test_paper_examples_are_interactive(case):
    # paper, section 3.1(1): AVS and TD-SCDMA are its examples of the interactive mode
    r = classify_formation(case)
    assert r.mode is FormationMode.INTERACTIVE
    assert {c.id for c in r.matched()} == {"I2", "IS"}
    assert r.row is TABLE1[FormationMode.INTERACTIVE]
    assert not r.fully_matched  # the paper gives only part of the conditions


@pytest.mark.parametrize(
    "inputs,mode",
    [(PATENT_PUSH, FormationMode.PATENT_PUSH), (STANDARD_PULL, FormationMode.STANDARD_PULL),
     (INTERACTIVE, FormationMode.INTERACTIVE)],
)
def test_full_table1_conditions(inputs, mode):
    r = classify_formation(inputs)
    assert r.mode is mode
    assert r.fully_matched
    assert r.candidates == (mode,)
    n_required = sum(1 for c in r.checks if c.mode is mode and c.required)
    assert len(r.matched()) == n_required + (mode is FormationMode.INTERACTIVE)


@pytest.mark.parametrize(
    "stock,mode",
    [("many", FormationMode.PATENT_PUSH), ("none", FormationMode.STANDARD_PULL),
     ("few", FormationMode.INTERACTIVE)],
)
def test_patent_stock_alone_decides(stock, mode):
    assert classify_formation({"patent_stock": stock}).mode is mode


def test_may_comprise_a_series_never_decides():
    # I5 "a family of standards may result": optional, so its absence does not rule the
    # interactive mode out
    r = classify_formation({**INTERACTIVE, "series_of_standards": False})
    assert r.mode is FormationMode.INTERACTIVE and r.fully_matched
    assert classify_formation({"series_of_standards": True}).mode is FormationMode.UNKNOWN


def test_empty_is_unknown():
    r = classify_formation({})
    assert r.mode is FormationMode.UNKNOWN
    assert r.row is None
    assert all(c.status is MarkerStatus.UNKNOWN for c in r.checks)
    assert set(r.candidates) == {FormationMode.PATENT_PUSH, FormationMode.STANDARD_PULL,
                                 FormationMode.INTERACTIVE}


def test_tie_is_unknown():
    # "a clear goal" (S5, I6) belongs to both standard-pull and interactive
    r = classify_formation({"clear_goal": True})
    assert r.mode is FormationMode.UNKNOWN
    assert any("tie" in n for n in r.notes)
    assert set(r.candidates[:2]) == {FormationMode.STANDARD_PULL, FormationMode.INTERACTIVE}


def test_contradiction_fits_no_mode():
    # many patents but immature technology: fails every mode's table-1 conditions
    r = classify_formation({"patent_stock": "many", "technology_maturity_high": False})
    assert r.mode is FormationMode.UNKNOWN
    assert r.candidates == ()
    assert any("no mode" in n for n in r.notes)


@settings(max_examples=40)
@given(
    stock=st.sampled_from(list(PatentStock)),
    base=st.none() | st.sampled_from(list(TechnicalBase)),
    seq=st.none() | st.sampled_from(list(PatentSequence)),
    flags=st.lists(st.none() | st.booleans(), min_size=8, max_size=8),
)
def test_result_is_consistent(stock, base, seq, flags):
    names = ["technology_maturity_high", "national_interest", "fits_industry_direction",
             "international_competitiveness", "exploratory", "series_of_standards",
             "clear_goal", "needs_continual_improvement"]
    r = classify_formation(FormationInputs(stock, technical_base=base, sequence=seq,
                                           **dict(zip(names, flags, strict=True))))
    if r.mode is not FormationMode.UNKNOWN:
        # a classified mode never has a failed required condition and is the top candidate
        assert not any(c.status is MarkerStatus.MISSING
                       for c in r.checks if c.mode is r.mode and c.required)
        assert r.candidates[0] is r.mode
        # patent stock is mutually exclusive across the three modes
        assert r.mode is {PatentStock.MANY: FormationMode.PATENT_PUSH,
                          PatentStock.NONE: FormationMode.STANDARD_PULL,
                          PatentStock.FEW: FormationMode.INTERACTIVE}[stock]


@pytest.mark.parametrize(
    "data,match",
    [
        ({"patent_stock": "lots"},
         r"patent_stock must be one of 'none', 'few', 'many', got 'lots'"),
        ({"technical_base": 3}, r"technical_base must be one of"),
        ({"clear_goal": 1}, r"clear_goal must be true, false or None"),
        ({"sequence": "parallel"}, r"sequence must be one of"),
        ({"leader": "government"}, r"unknown field\(s\) 'leader'"),
    ],
)
def test_bad_inputs(data, match):
    with pytest.raises(InvalidInputError, match=match):
        classify_formation(data)


def test_bad_inputs_type():
    with pytest.raises(InvalidInputError, match="formation inputs must be a mapping"):
        classify_formation(["few"])


def test_classification_is_a_result():
    r = classify_formation(TD_SCDMA_FORMATION)
    doc = check_result(r)
    assert (doc["mode"], doc["mode_zh"], doc["candidates"]) == (
        "interactive", "专利与标准互动型", ["interactive"])
    # 2 + 1 (patent-push), 5 + 1 (standard-pull), 7 + 1 (interactive) conditions
    assert len(doc["conditions"]) == 17
    text = str(r)
    assert text.startswith("formation mode = interactive (专利与标准互动型)\n")
    rows = {ln.split()[1]: ln.split()[2] for ln in text.splitlines()[3:20]}
    assert rows["I2"] == "matched" and rows["P1"] == "missing" and rows["I5"] == "(may)"
    assert repr(r) == "FormationClassification(mode=interactive, candidates=['interactive'])"

"""The seed paper's tables 1-3 as the repository keeps them: structure and facts.

Everything here reads the data in the repository (the paper itself is not shipped).
The expected ids, numbers, years and pairings were typed from the paper's tables and
section 3 by hand, independently of the modules.
"""

import doctest
import importlib
import re
from pathlib import Path

import attrs
import pytest

import poolcalc.alliance as al
from poolcalc.alliance import (
    MARKERS,
    PAPER,
    PAPER_REFERENCE,
    TABLE1,
    TABLE2,
    TABLE3,
    AllianceProfile,
    FormationMode,
    MilestoneEvent,
    Stage,
    StandardLevel,
    Text,
    diagnose,
)
from poolcalc.alliance._modes import _CONDITIONS
from poolcalc.alliance._presets import _RATIONALE
from poolcalc.alliance._table1 import TABLE1_TITLE
from poolcalc.alliance._table2 import TABLE2_TITLE
from poolcalc.alliance._table3 import TABLE3_TITLE

FO, IN, MK = Stage.FORMATION, Stage.INDUSTRIALIZATION, Stage.MARKETIZATION
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _texts():
    yield "titles", TABLE1_TITLE
    yield "titles", TABLE2_TITLE
    yield "titles", TABLE3_TITLE
    for row in TABLE1.values():
        yield f"table1 {row.mode}", row.name
        yield f"table1 {row.mode}", row.conditions
        yield f"table1 {row.mode}", row.description
        for cid, text in row.condition_atoms:
            yield f"table1 {cid}", text
    for row in TABLE2.values():
        for part in ("goal", "markers", "mechanism"):
            yield f"table2 {row.stage} {part}", getattr(row, part)
    for sup in TABLE3.values():
        for x in (*sup.problems, *sup.strategies):
            yield f"table3 {sup.stage} {type(x).__name__} {x.number}", x.text
    for m in MARKERS:
        yield f"marker {m.id}", m.text
    for st, text in _RATIONALE.items():
        yield f"preset {st}", text


def test_citation_gives_what_the_paper_states_and_nothing_more():
    assert PAPER.authors == ("Wang Shan-shan", "Wang Hong-qi", "Deng Jing-fei")
    assert PAPER.title == ("Research on the technology standardization process and "
                           "government supporting tactics of industrial alliance")
    assert PAPER.affiliation.startswith("School of Management, Harbin University of Science")
    # the text names no journal and no year; section 4 places it in the 12th Five-Year Plan
    assert PAPER.journal is None and PAPER.year is None
    assert "2011 or later" in PAPER.note
    assert PAPER_REFERENCE == str(PAPER)
    assert PAPER_REFERENCE.startswith(
        'Wang Shan-shan, Wang Hong-qi and Deng Jing-fei, "Research on the technology')
    assert al.Citation(("A",), "T", "X", "J", 2012).__str__() == 'A, "T", X, J, 2012.'


def test_tables_have_the_papers_rows_in_its_order():
    assert list(TABLE1) == [FormationMode.PATENT_PUSH, FormationMode.STANDARD_PULL,
                            FormationMode.INTERACTIVE]
    assert list(TABLE2) == list(TABLE3) == [FO, IN, MK]
    for key, row in TABLE1.items():
        assert row.mode is key
    for key in TABLE2:
        assert TABLE2[key].stage is TABLE3[key].stage is key


@pytest.mark.parametrize("stage", [FO, IN, MK])
def test_every_stage_has_goal_markers_mechanism_problems_and_strategies(stage):
    row, sup = TABLE2[stage], TABLE3[stage]
    assert all(getattr(row, part).en and getattr(row, part).zh
               for part in ("goal", "markers", "mechanism"))
    # table 3: three problems and three strategies per stage, numbered 1-3, strategy k
    # answering problem k
    assert [p.number for p in sup.problems] == [1, 2, 3]
    assert [s.number for s in sup.strategies] == [1, 2, 3]
    assert [s.addresses for s in sup.strategies] == [1, 2, 3]
    assert {p.stage for p in sup.problems} == {s.stage for s in sup.strategies} == {stage}
    assert all(s.instruments and len(set(s.instruments)) == len(s.instruments)
               for s in sup.strategies)


def test_the_instruments_table3_names():
    tags = {(st, s.number): s.instruments for st in TABLE3 for s in TABLE3[st].strategies}
    # typed from table 3: formation ① plans and project funding, ② an award fund (direct)
    # and projects for the important/basic patent holders (indirect), ③ negotiation in
    # international bodies; industrialization ① projects (indirect) and rewards (direct),
    # ② law and pool governance, ③ tax relief and subsidies, a benefit-sharing mechanism;
    # marketization ① procurement and subsidies, ② reserved market space, ③ coordinated
    # infrastructure sharing with subsidies
    assert tags == {
        (FO, 1): ("planning", "project_funding", "ip_policy"),
        (FO, 2): ("direct_compensation", "indirect_compensation"),
        (FO, 3): ("international_negotiation",),
        (IN, 1): ("indirect_compensation", "direct_compensation"),
        (IN, 2): ("regulation", "antitrust_review", "pool_governance"),
        (IN, 3): ("tax_relief", "subsidy", "benefit_distribution"),
        (MK, 1): ("procurement", "subsidy"),
        (MK, 2): ("market_reservation",),
        (MK, 3): ("coordination", "infrastructure_sharing", "subsidy"),
    }


def test_the_problems_the_presets_and_the_subsidy_rest_on():
    # formation problem 2: holders of important/basic patents lose out licensing the
    # other members free or by cross-licence; strategy 2 answers with direct
    # compensation (what government_subsidy splits)
    p2 = TABLE3[FO].problems[1].text.en
    assert "free of charge or by cross-licence" in p2 and "important or basic patents" in p2
    assert TABLE3[FO].strategies[1].addresses == 2
    assert "direct compensation" in TABLE3[FO].strategies[1].text.en
    assert "直接补偿" in TABLE3[FO].strategies[1].text.zh
    assert "间接补偿" in TABLE3[FO].strategies[1].text.zh
    # industrialization problem 1: preferential licences along the chain cost income
    assert "preferential terms" in TABLE3[IN].problems[0].text.en
    # the presets cite the same passages
    assert "formation problem ②" in _RATIONALE[FO].en
    assert "industrialization problem ①" in _RATIONALE[IN].en
    assert "section 3.1(2)②" in _RATIONALE[MK].en


@pytest.mark.parametrize(
    "mode,ids",
    [
        # table 1 cells, condition by condition: patent-push 2, standard-pull 5,
        # interactive 7
        (FormationMode.PATENT_PUSH, ["P1", "P2"]),
        (FormationMode.STANDARD_PULL, ["S1", "S2", "S3", "S4", "S5"]),
        (FormationMode.INTERACTIVE, ["I1", "I2", "I3", "I4", "I5", "I6", "I7"]),
    ],
)
def test_formation_modes_and_their_conditions(mode, ids):
    row = TABLE1[mode]
    assert [cid for cid, _ in row.condition_atoms] == ids
    # every condition is a phrase of the cell's summary, in both languages
    for _, atom in row.condition_atoms:
        assert atom.zh in row.conditions.zh and atom.en in row.conditions.en
    # the classifier decides each of them from one input field
    assert set(ids) <= set(_CONDITIONS)
    # the modes are ways of forming the standard: section 3.1(1), the formation stage,
    # which is one of the stages of tables 2 and 3
    assert row.stage is Stage.FORMATION and row.stage in TABLE2 and row.stage in TABLE3
    assert row.name.zh == mode.zh
    # only the interactive mode has the paper's two real examples
    assert row.examples == (("AVS", "TD-SCDMA") if mode is FormationMode.INTERACTIVE else ())
    if row.examples:
        assert all(x in row.description.en and x in row.description.zh for x in row.examples)


def test_condition_ids_cover_the_classifier_exactly():
    atoms = {cid for row in TABLE1.values() for cid, _ in row.condition_atoms}
    assert atoms == set(_CONDITIONS)


def test_markers_of_table2():
    ids = [m.id for m in MARKERS]
    assert ids == ["F1", "F2", "F3", "I1", "I2", "I3", "I4", "I5", "I6",
                   "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"]
    letter = {FO: "F", IN: "I", MK: "M"}
    profile_fields = set(AllianceProfile.fields())
    events = {e.value for e in MilestoneEvent}
    for m in MARKERS:
        assert m.id[0] == letter[m.stage] and m.rule
        for fld in m.fields:
            kind, _, event = fld.partition(": ")
            assert fld in profile_fields or (kind == "milestones" and event in events), fld
        row = TABLE2[m.stage]
        if m.source.startswith("table 2, markers"):
            # the sign is one of the signs the table-2 cell lists
            assert m.text.zh in row.markers.zh and m.text.en in row.markers.en, m.id
        elif m.source.startswith("table 2, goal"):
            assert m.text.zh in row.goal.zh and m.text.en in row.goal.en, m.id
        else:
            assert m.source.startswith("section 3.1(2)"), m.id
    # table 2 lists 2 formation, 5 industrialization and 6 marketization signs; the goal
    # adds "de facto standard"; the running text adds the pool (F3) and who is licensed
    # (I6, M8)
    by_source = {m.id: m.source.split(",")[0] for m in MARKERS}
    assert [i for i, src in by_source.items() if src.startswith("section")] == ["F3", "I6", "M8"]
    for stage, n in ((FO, 2), (IN, 5), (MK, 6)):
        assert len(TABLE2[stage].markers.zh.split("；")) == n
        assert len(TABLE2[stage].markers.en.split("; ")) == n


@pytest.mark.parametrize("where,text", list(_texts()))
def test_every_text_is_in_both_languages(where, text):
    assert isinstance(text, Text)
    assert text.zh.strip() and text.en.strip(), where
    assert _CJK.search(text.zh), f"{where}: no Chinese in {text.zh!r}"
    assert not _CJK.search(text.en), f"{where}: Chinese in the English {text.en!r}"


def test_td_scdma_facts():
    # section 3.1: international standard 2000, alliance 2002, Chinese communications
    # industry standard 2006; after table 2: six kinds of terminal product, and it
    # challenges WCDMA and CDMA2000; no user numbers, no date of observation
    case = al.TD_SCDMA
    assert [(m.when, m.event, m.level) for m in case.milestones] == [
        (2000, MilestoneEvent.STANDARD, StandardLevel.INTERNATIONAL),
        (2002, MilestoneEvent.ALLIANCE_FORMED, None),
        (2006, MilestoneEvent.STANDARD, StandardLevel.INDUSTRY),
    ]
    assert case.terminal_products == 6 and case.challenges_foreign is True
    known = {f.name for f in attrs.fields(AllianceProfile)
             if getattr(case, f.name) not in (None, ())}
    assert known == {"name", "terminal_products", "challenges_foreign", "milestones"}
    # the paper puts it in marketization at the time of writing; the standard was formed
    # (de jure) in 2000, so it is industrializing from then on; before 2000 nothing is known
    assert diagnose(case).stage is MK
    assert [diagnose(case, as_of=y).stage for y in (1999, 2000, 2006)] == [
        Stage.UNKNOWN, IN, IN]


def test_igrs_facts():
    # section 3.1: alliance 2003 with a concept standard, industry standard 2005,
    # international standard 2007; no market data
    case = al.IGRS
    assert [(m.when, m.event, m.level) for m in case.milestones] == [
        (2003, MilestoneEvent.ALLIANCE_FORMED, None),
        (2003, MilestoneEvent.STANDARD, StandardLevel.CONCEPT),
        (2005, MilestoneEvent.STANDARD, StandardLevel.INDUSTRY),
        (2007, MilestoneEvent.STANDARD, StandardLevel.INTERNATIONAL),
    ]
    assert all(getattr(case, f) is None for f in ("user_base", "terminal_products", "licensing"))
    # a concept standard is not de jure: formation until the industry standard of 2005
    assert [diagnose(case, as_of=y).stage for y in (2003, 2004, 2005, 2007)] == [FO, FO, IN, IN]


def test_all_matches_public_names():
    public = {n for n in dir(al) if not n.startswith("_")}
    assert set(al.__all__) == public
    for name in al.__all__:
        assert getattr(al, name) is not None


def test_docstring_examples():
    names = ("_apply", "_diagnosis", "_modes", "_presets", "_subsidy", "_validate", "_profile")
    for name in names:
        mod = importlib.import_module(f"poolcalc.alliance.{name}")
        result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, name


def test_no_test_reads_files_outside_the_repository():
    root = Path(__file__).resolve().parent
    outside = re.compile("/work/" + "shared|seed/" + "000_")
    hits = [p.name for p in root.glob("*.py") if outside.search(p.read_text(encoding="utf-8"))]
    assert hits == []

"""The seed paper: its citation and the types of its tables 1-3.

poolcalc's alliance model follows one paper, cited here as the seed text gives it:

    WANG Shan-shan, WANG Hong-qi and DENG Jing-fei, "Research on the technology
    standardization process and government supporting tactics of industrial
    alliance", School of Management, Harbin University of Science and Technology,
    Harbin 150080, China.

The text we hold is in Chinese with an English title, abstract and author line; it
names no journal, volume, pages or year.  It says China "has entered" the 12th
Five-Year Plan period, so it was written in 2011 or later.

The paper's three tables are kept as data, each in its own module: table 1 (the
three formation modes and when each applies, :mod:`._table1`), table 2 (goal,
markers and mechanism of the three stages, :mod:`._table2`) and table 3 (each
stage's main problems and the government support strategies answering them,
:mod:`._table3`).  They keep the paper's structure (rows, numbering, which strategy
answers which problem) and its facts, told in poolcalc's own words in English and
Chinese; they are summaries, not quotations.  Where a cell lists several items it is
also split into numbered atoms (condition ids P1-P2, S1-S5, I1-I7 of table 1; the
diagnosis markers of table 2 live in :mod:`._diagnosis`), each atom a phrase of the
cell's summary.
"""

from __future__ import annotations

import attrs

from poolcalc.errors import ChoiceEnum
from poolcalc.model import Stage  # one enum for terms files and diagnoses

__all__ = [
    "PAPER",
    "PAPER_REFERENCE",
    "Citation",
    "FormationMode",
    "FormationModeRow",
    "Problem",
    "Stage",
    "StageComparisonRow",
    "StageSupport",
    "Strategy",
    "Text",
]


@attrs.frozen
class Citation:
    """A bibliographic reference, with only what the source text states.

    Attributes
    ----------
    authors : tuple of str
    title : str
    affiliation : str
    journal, year : str, int or None
        None where the source text does not give them.
    note : str
        What is known about the date or venue all the same.
    """

    authors: tuple[str, ...]
    title: str
    affiliation: str
    journal: str | None = None
    year: int | None = None
    note: str = ""

    def __str__(self) -> str:
        *first, last = self.authors
        names = f"{', '.join(first)} and {last}" if first else last
        venue = ", ".join(str(x) for x in (self.journal, self.year) if x is not None)
        text = f'{names}, "{self.title}", {self.affiliation}'
        return text + (f", {venue}." if venue else ".") + (f" {self.note}" if self.note else "")


#: The seed paper.
PAPER = Citation(
    authors=("Wang Shan-shan", "Wang Hong-qi", "Deng Jing-fei"),
    title="Research on the technology standardization process and government supporting "
    "tactics of industrial alliance",
    affiliation="School of Management, Harbin University of Science and Technology, "
    "Harbin 150080, China",
    note="Journal and year are not given in the text; it was written during China's 12th "
    "Five-Year Plan (2011 or later).",
)

#: :data:`PAPER` as one line of text.
PAPER_REFERENCE = str(PAPER)


@attrs.frozen
class Text:
    """One passage in two languages, both poolcalc's summary of the paper.

    Attributes
    ----------
    zh : str
        Chinese.
    en : str
        English.
    """

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.en} ({self.zh})"


class FormationMode(ChoiceEnum):
    """How the standard is formed relative to its patents (section 3.1(1), table 1)."""

    PATENT_PUSH = "patent_push"  # 专利推动型
    STANDARD_PULL = "standard_pull"  # 标准拉动型
    INTERACTIVE = "interactive"  # 专利与标准互动型
    UNKNOWN = "unknown"

    @property
    def zh(self) -> str:
        """The paper's Chinese name of the mode (a term, as the paper names it)."""
        return _MODE_ZH[self]


_MODE_ZH = {
    FormationMode.PATENT_PUSH: "专利推动型",
    FormationMode.STANDARD_PULL: "标准拉动型",
    FormationMode.INTERACTIVE: "专利与标准互动型",
    FormationMode.UNKNOWN: "未知",
}


@attrs.frozen
class FormationModeRow:
    """One column of table 1 plus the mode's description from section 3.1(1).

    Attributes
    ----------
    mode : FormationMode
    name : Text
        The mode's name (the Chinese is the paper's term).
    conditions : Text
        The conditions of application (适用条件) of the table-1 cell, summarised.
    condition_atoms : tuple of (str, Text)
        The cell split into its conditions: (condition id, phrase of ``conditions``).
    description : Text
        The mode as section 3.1(1) defines it, summarised.
    stage : Stage
        The stage the modes belong to: formation (section 3.1(1) describes how a
        standard is formed).
    examples : tuple of str
        Standards the paper names as examples of the mode (only the interactive mode
        has any: AVS and TD-SCDMA).
    """

    mode: FormationMode
    name: Text
    conditions: Text
    condition_atoms: tuple[tuple[str, Text], ...]
    description: Text
    stage: Stage = Stage.FORMATION
    examples: tuple[str, ...] = ()


@attrs.frozen
class StageComparisonRow:
    """One column of table 2: a stage's goal (目标), markers (标志) and mechanism (机制)."""

    stage: Stage
    goal: Text
    markers: Text
    mechanism: Text


@attrs.frozen
class Problem:
    """A main standardization problem (标准化主要问题) of one stage, table 3."""

    stage: Stage
    number: int
    text: Text

    def __str__(self) -> str:
        return f"problem {self.number}: {self.text.en}"


@attrs.frozen
class Strategy:
    """A government support strategy (政府支持策略) of one stage, table 3.

    Attributes
    ----------
    stage : Stage
    number : int
        The paper's ① ② ③ number within the stage.
    text : Text
    addresses : int
        The problem number it answers.  The paper numbers problems and strategies in
        parallel (①-①, ②-②, ③-③) without saying so; the pairing is our reading of it.
    instruments : tuple of str
        Our tags for the policy instruments the strategy names, e.g.
        ``"direct_compensation"`` (直接补偿 / 直接奖励, paid to contributors),
        ``"indirect_compensation"`` (间接补偿, through science-and-technology
        programme projects).
    """

    stage: Stage
    number: int
    text: Text
    addresses: int
    instruments: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"strategy {self.number}: {self.text.en}"


@attrs.frozen
class StageSupport:
    """Table 3 row: a stage's problems and the government's support strategies."""

    stage: Stage
    problems: tuple[Problem, ...]
    strategies: tuple[Strategy, ...]

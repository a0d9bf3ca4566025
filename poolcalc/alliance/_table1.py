"""Table 1 of the seed paper: the three formation modes and when each applies.

The paper sorts the ways a technical standard is formed by which comes first,
patents or the standard (section 3.1(1), figure 2): patent-push, standard-pull and
the interactive mode; table 1 gives each mode's conditions of application.  Kept
here in poolcalc's own words (English and Chinese); the condition ids P1-P2, S1-S5
and I1-I7 are ours, one per condition of the cell, in the cell's order, and each
atom is a phrase of the cell's summary.

References
----------
The seed paper (:data:`poolcalc.alliance.PAPER`), section 3.1(1) and table 1.
"""

from __future__ import annotations

from types import MappingProxyType

from ._paper import FormationMode, FormationModeRow, Text

__all__ = ["TABLE1", "TABLE1_TITLE"]

TABLE1_TITLE = Text(
    "表1（据原文整理）：三种形成方式分别在什么条件下适用",
    "Table 1 (our summary): when each of the three formation modes applies",
)


def _atoms(*atoms: tuple[str, str, str]) -> tuple[tuple[str, Text], ...]:
    return tuple((cid, Text(zh, en)) for cid, zh, en in atoms)


_PUSH = Text(
    "联盟已握有相当数量的专利，技术已比较成熟",
    "the alliance already holds a sizeable number of patents, and the technology is "
    "fairly mature",
)
_PULL = Text(
    "技术积累薄弱，专利储备匮乏，但标准事关国家产业发展与重大利益，顺应产业的发展趋势，"
    "目标清晰",
    "thin technical groundwork, patents lacking, but the standard matters for national "
    "industrial development and major interests, follows the direction the industry is "
    "taking, and has a clear goal",
)
_INTERACTIVE = Text(
    "具备一些技术积累，握有少量专利；标准关乎产业的国际竞争力；工作带有探索性质；"
    "可能形成一组系列标准；目标清晰，但需要反复修订提升",
    "some technical groundwork, a few patents held; the standard matters for the "
    "industry's international competitiveness; the work is exploratory; a family of "
    "standards may result; a clear goal, but one that needs repeated revision and "
    "improvement",
)

TABLE1: MappingProxyType[FormationMode, FormationModeRow] = MappingProxyType(
    {
        FormationMode.PATENT_PUSH: FormationModeRow(
            mode=FormationMode.PATENT_PUSH,
            name=Text("专利推动型", "patent-push"),
            conditions=_PUSH,
            condition_atoms=_atoms(
                ("P1", "已握有相当数量的专利", "holds a sizeable number of patents"),
                ("P2", "技术已比较成熟", "the technology is fairly mature"),
            ),
            description=Text(
                "把手中现成的专利（连同未申请专利的技术）整合起来，据此设计技术标准。"
                "专利在先、标准在后是它的关键特征；标准定型以后，还会随着标准的演进"
                "继续围绕它开发新专利。",
                "Patents already in hand (together with unpatented know-how) are combined "
                "and a technical standard is designed from them.  Patents first, standard "
                "second is the defining trait; as the standard evolves, further patents "
                "continue to be developed around it.",
            ),
        ),
        FormationMode.STANDARD_PULL: FormationModeRow(
            mode=FormationMode.STANDARD_PULL,
            name=Text("标准拉动型", "standard-pull"),
            conditions=_PULL,
            condition_atoms=_atoms(
                ("S1", "技术积累薄弱", "thin technical groundwork"),
                ("S2", "专利储备匮乏", "patents lacking"),
                (
                    "S3",
                    "标准事关国家产业发展与重大利益",
                    "the standard matters for national industrial development and major "
                    "interests",
                ),
                ("S4", "顺应产业的发展趋势", "follows the direction the industry is taking"),
                ("S5", "目标清晰", "a clear goal"),
            ),
            description=Text(
                "标准先行：先确定标准要达到的总目标，再拆成若干子目标，围绕子目标组织研发、"
                "申请专利。好处在于目标和任务清楚，由此得到的专利多为必要专利；研发花费少、"
                "效率高；各专利的保护范围不易重叠，通常也不会产生相互冲突、彼此竞争的专利。",
                "Standard first: the overall target of the standard is fixed and split into "
                "sub-targets, and R&D and patent filings are organised around them.  Because "
                "goals and tasks are clear, the patents obtained are mostly essential ones; "
                "R&D costs less and is more efficient; patent scopes rarely overlap and "
                "conflicting competing patents seldom arise.",
            ),
        ),
        FormationMode.INTERACTIVE: FormationModeRow(
            mode=FormationMode.INTERACTIVE,
            name=Text("专利与标准互动型", "patent-standard interactive"),
            conditions=_INTERACTIVE,
            condition_atoms=_atoms(
                ("I1", "具备一些技术积累", "some technical groundwork"),
                ("I2", "握有少量专利", "a few patents held"),
                (
                    "I3",
                    "标准关乎产业的国际竞争力",
                    "the standard matters for the industry's international competitiveness",
                ),
                ("I4", "工作带有探索性质", "the work is exploratory"),
                ("I5", "可能形成一组系列标准", "a family of standards may result"),
                ("I6", "目标清晰", "a clear goal"),
                ("I7", "需要反复修订提升", "needs repeated revision and improvement"),
            ),
            description=Text(
                "实质上是标准拉动型的一个变体，不同之处在于起点是少量既有技术或专利："
                "先组合现有技术，定下标准的主要目标、功能和技术方案，按目标与主要内容拆分后"
                "开发专利，再回头修订标准或推出下一代标准。我国的AVS和TD-SCDMA即属此类。"
                "它既用上了已有专利，也产生了新专利。",
                "Essentially a variant of standard-pull whose starting point is a small stock "
                "of existing technology or patents: existing technology is combined, the "
                "standard's main goals, functions and technical approach are set, the work "
                "is split by goal and content and patents are developed, after which the "
                "standard is revised or a next generation is produced.  China's AVS and "
                "TD-SCDMA are of this kind.  It uses existing patents and also yields new "
                "ones.",
            ),
            examples=("AVS", "TD-SCDMA"),
        ),
    }
)

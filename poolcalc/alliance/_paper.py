"""The seed paper's tables 1-3 as structured, bilingual data.

Source (the seed text gives no journal, volume or year):
WANG Shan-shan, WANG Hong-qi, DENG Jing-fei, "Research on the technology
standardization process and government supporting tactics of industrial alliance"
(the seed text has only this English title; a Chinese rendering would be
产业联盟技术标准化过程及政府支持策略研究, not verified), School of Management, Harbin University of
Science and Technology.  Written during China's 12th Five-Year Plan (the text cites
the 2008 guideline on industrial technology innovation alliances and "“十二五”").

Transcription rule: the Chinese cell texts are the seed text's characters with the
PDF extraction's line breaks and stray spaces removed (e.g. ``( 法定) 标准`` ->
``(法定)标准``, ``重要 /基础`` -> ``重要/基础``); punctuation is kept as extracted
(the extraction turned some full-width ``；`` into ``;``).  The English renderings
are ours.  Where a cell lists several items we also split it into numbered atoms;
the split follows the paper's own ① ② ③ numbering (table 3) or its commas and
semicolons (tables 1 and 2).
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

import attrs

from poolcalc.model import Stage  # one enum for terms files and diagnoses

__all__ = [
    "PAPER_REFERENCE",
    "TABLE1",
    "TABLE1_TITLE",
    "TABLE2",
    "TABLE2_TITLE",
    "TABLE3",
    "TABLE3_TITLE",
    "FormationMode",
    "FormationModeRow",
    "Problem",
    "Stage",
    "StageComparisonRow",
    "StageSupport",
    "Strategy",
    "Text",
]

PAPER_REFERENCE = (
    "Wang Shan-shan, Wang Hong-qi, Deng Jing-fei, 'Research on the technology "
    "standardization process and government supporting tactics of industrial alliance', "
    "School of Management, Harbin University of "
    "Science and Technology; venue and year not stated in the seed text (c. 2011-2012)."
)


@attrs.frozen
class Text:
    """A passage of the paper: Chinese original and an English rendering.

    Attributes
    ----------
    zh : str
        The seed text (line breaks and stray extraction spaces removed).
    en : str
        Our English rendering.
    """

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.en} ({self.zh})"


class FormationMode(StrEnum):
    """How the standard is formed relative to its patents (section 3.1(1), table 1)."""

    PATENT_PUSH = "patent_push"  # 专利推动型
    STANDARD_PULL = "standard_pull"  # 标准拉动型
    INTERACTIVE = "interactive"  # 专利与标准互动型
    UNKNOWN = "unknown"

    @property
    def zh(self) -> str:
        """The paper's Chinese name of the mode."""
        return _MODE_ZH[self]


_MODE_ZH = {
    FormationMode.PATENT_PUSH: "专利推动型",
    FormationMode.STANDARD_PULL: "标准拉动型",
    FormationMode.INTERACTIVE: "专利与标准互动型",
    FormationMode.UNKNOWN: "未知",
}


# --------------------------------------------------------------------------- table 1

TABLE1_TITLE = Text(
    "表1 产业联盟技术标准三种形成方式的适用条件",
    "Table 1. Conditions of application of the three formation modes of industrial-alliance "
    "technical standards",
)


@attrs.frozen
class FormationModeRow:
    """One column of table 1 plus the mode's description from section 3.1(1).

    Attributes
    ----------
    mode : FormationMode
    name : Text
        The paper's name of the mode.
    conditions : Text
        The whole table-1 cell (适用条件, conditions of application).
    condition_atoms : tuple of (str, Text)
        The cell split at its commas into (condition id, text).
    description : Text
        The mode's definition in the running text (section 3.1(1) ①-③).
    examples : tuple of str
        Standards the paper names as examples of the mode (only the interactive mode
        has any: AVS and TD-SCDMA).
    """

    mode: FormationMode
    name: Text
    conditions: Text
    condition_atoms: tuple[tuple[str, Text], ...]
    description: Text
    examples: tuple[str, ...] = ()


TABLE1: MappingProxyType[FormationMode, FormationModeRow] = MappingProxyType(
    {
        FormationMode.PATENT_PUSH: FormationModeRow(
            mode=FormationMode.PATENT_PUSH,
            name=Text("专利推动型", "patent-push"),
            conditions=Text(
                "专利数量较多，且技术成熟度较高",
                "a fairly large number of patents, and fairly high technological maturity",
            ),
            condition_atoms=(
                ("P1", Text("专利数量较多", "a fairly large number of patents")),
                ("P2", Text("技术成熟度较高", "fairly high technological maturity")),
            ),
            description=Text(
                "将已有专利(包括非专利技术)有效集成，设计为技术标准，其突出特点是先有专利，"
                "在已有专利的基础上形成技术标准，在标准的"
                "演进过程中，还要围绕标准不断开发新的专利。",
                "Existing patents (including unpatented technology) are integrated and designed "
                "into a technical standard; its salient feature is that the patents come first "
                "and the standard is formed on their basis; as the standard evolves, new "
                "patents keep being developed around it.",
            ),
        ),
        FormationMode.STANDARD_PULL: FormationModeRow(
            mode=FormationMode.STANDARD_PULL,
            name=Text("标准拉动型", "standard-pull"),
            conditions=Text(
                "技术基础弱，缺乏专利，但标准关系到国家产业发展和重大利益，符合产业发展方向，"
                "目标导向明确",
                "weak technological base, lacking patents, but the standard bears on national "
                "industrial development and major interests, fits the direction of industrial "
                "development, and is clearly goal-oriented",
            ),
            condition_atoms=(
                ("S1", Text("技术基础弱", "weak technological base")),
                ("S2", Text("缺乏专利", "lacking patents")),
                (
                    "S3",
                    Text(
                        "标准关系到国家产业发展和重大利益",
                        "the standard bears on national industrial development and major "
                        "interests",
                    ),
                ),
                ("S4", Text("符合产业发展方向", "fits the direction of industrial development")),
                ("S5", Text("目标导向明确", "clearly goal-oriented")),
            ),
            description=Text(
                "先建立技术标准，制定技术标准的总体目标，将"
                "目标分解，围绕分解目标进行研发并申请专利。"
                "标准拉动型的优点是: 由于目标和任务明确，所形成的专利往往是必要专利，节省研发经费，"
                "研发效率高，可以避免专利保护范围重叠，一般不会形成可能产生冲突的竞争性专利。",
                "The technical standard is set up first: its overall goal is fixed and broken "
                "down, and R&D is done and patents applied for around the sub-goals. "
                "Advantages: because goals and tasks are clear, the resulting patents are "
                "often essential patents, R&D money is saved, R&D is efficient, overlapping "
                "patent scopes are avoided, and competing patents that could conflict "
                "generally do not arise.",
            ),
        ),
        FormationMode.INTERACTIVE: FormationModeRow(
            mode=FormationMode.INTERACTIVE,
            name=Text("专利与标准互动型", "patent-standard interactive"),
            conditions=Text(
                "有一定技术基础及少量专利，标准关系到产业国际竞争力，属于摸索性工作，"
                "可能包含系列标准，目标导向明确，但需要不断完善和提高",
                "some technological base and a small number of patents; the standard bears on "
                "the industry's international competitiveness; exploratory work; may comprise "
                "a series of standards; clearly goal-oriented, but needs continual refinement "
                "and improvement",
            ),
            condition_atoms=(
                ("I1", Text("有一定技术基础", "some technological base")),
                ("I2", Text("少量专利", "a small number of patents")),
                (
                    "I3",
                    Text(
                        "标准关系到产业国际竞争力",
                        "the standard bears on the industry's international competitiveness",
                    ),
                ),
                ("I4", Text("属于摸索性工作", "exploratory work")),
                ("I5", Text("可能包含系列标准", "may comprise a series of standards")),
                ("I6", Text("目标导向明确", "clearly goal-oriented")),
                (
                    "I7",
                    Text("但需要不断完善和提高", "but needs continual refinement and improvement"),
                ),
            ),
            description=Text(
                "专利与标准互动型本质上也属于标准拉动型，区别是前者是在已有少量的技术或专利基础上"
                "建立标准，其特点是将现有技术组合，制定技术标准的主要目标、达到的功能和技术方案等，"
                "根据其目标和主要内容分解，开发专利，之后再"
                "对标准进行修改完善，或形成新一代的技术标准，"
                "例如我国的AVS标准和TD－SCDMA标准。这种方式既集成了现有专利，又形成了新的专利。",
                "In essence also standard-pull; the difference is that the standard is built on "
                "a small existing stock of technology or patents: existing technology is "
                "combined, the standard's main goals, functions and technical solutions are "
                "set and broken down, patents are developed, then the standard is revised or a "
                "new generation formed - e.g. China's AVS and TD-SCDMA standards. It both "
                "integrates existing patents and creates new ones.",
            ),
            examples=("AVS", "TD-SCDMA"),
        ),
    }
)


# --------------------------------------------------------------------------- table 2

TABLE2_TITLE = Text(
    "表2 产业联盟技术标准形成、产业化和市场化的比较",
    "Table 2. Comparison of formation, industrialization and marketization of "
    "industrial-alliance technical standards",
)


@attrs.frozen
class StageComparisonRow:
    """One column of table 2: a stage's goal (目标), markers (标志) and mechanism (机制)."""

    stage: Stage
    goal: Text
    markers: Text
    mechanism: Text


TABLE2: MappingProxyType[Stage, StageComparisonRow] = MappingProxyType(
    {
        Stage.FORMATION: StageComparisonRow(
            stage=Stage.FORMATION,
            goal=Text(
                "将技术权利化，并有效集成为(法定)标准",
                "turn technology into rights and integrate it effectively into a (de jure) "
                "standard",
            ),
            markers=Text(
                "一般是确立为法定标准，并初步形成基础技术标准",
                "generally: established as a de jure standard, with a basic technical standard "
                "initially formed",
            ),
            mechanism=Text(
                "主要是知识产权共享和集成机制",
                "mainly the mechanism of sharing and integrating intellectual property",
            ),
        ),
        Stage.INDUSTRIALIZATION: StageComparisonRow(
            stage=Stage.INDUSTRIALIZATION,
            goal=Text(
                "形成标准产业链条，成为产业普及的规范性标准体系，提升产业创新能力",
                "form the standard's industry chain, become a normative standard system in "
                "general use in the industry, raise the industry's innovation capability",
            ),
            markers=Text(
                "形成含有系列标准的标准体系，包括基础技术标"
                "准、产品标准、工艺标准、检验和试验方法标准、"
                "设备标准等，并且在应用中不断完善; 围绕标准"
                "的技术演进及普及应用要求，构成完备的产业链条，"
                "用户安装基础扩大，标准专利许可实施范围广，生产工艺、基础设施等符合标准产品要求",
                "a standard system containing a series of standards - basic technical, product, "
                "process, inspection and test-method, equipment standards etc. - continually "
                "refined in use; a complete industry chain formed around the standard's "
                "technical evolution and wide application; the user installed base expanding; "
                "standard-patent licences widely implemented; production processes, "
                "infrastructure etc. meeting the standard's product requirements",
            ),
            mechanism=Text(
                "主要是技术扩散和产业分工协作机制",
                "mainly the mechanisms of technology diffusion and industrial division of labour "
                "and cooperation",
            ),
        ),
        Stage.MARKETIZATION: StageComparisonRow(
            stage=Stage.MARKETIZATION,
            goal=Text(
                "成为事实标准，赢得标准市场规模、竞争优势和经济利益",
                "become the de facto standard; win market scale, competitive advantage and "
                "economic benefit for the standard",
            ),
            markers=Text(
                "标准用户规模超过临界容量，不断开发出终端产品"
                "和互补品，消费者数量和市场占有率不断增长; "
                "标准在市场反馈中不断地完善与升级; 能够对国"
                "外标准构成挑战，在全球标准竞争中占据一席之地",
                "the standard's user base exceeds critical mass; terminal products and "
                "complements keep being developed; the number of consumers and the market share "
                "keep growing; the standard keeps being refined and upgraded from market "
                "feedback; it can challenge foreign standards and holds a place in global "
                "standards competition",
            ),
            mechanism=Text(
                "主要是市场和竞争机制",
                "mainly market and competition mechanisms",
            ),
        ),
    }
)


# --------------------------------------------------------------------------- table 3

TABLE3_TITLE = Text(
    "表3 产业联盟技术标准化的主要问题及政府支持策略",
    "Table 3. Main problems of industrial-alliance technical standardization and government "
    "support strategies",
)


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
        Our tags for the policy instruments named in the text, e.g.
        ``"direct_compensation"`` (直接补偿 / 直接奖励), ``"indirect_compensation"``
        (间接补偿, via science-and-technology programme projects).
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


def _p(stage: Stage, number: int, zh: str, en: str) -> Problem:
    return Problem(stage, number, Text(zh, en))


def _s(stage: Stage, number: int, zh: str, en: str, *instruments: str) -> Strategy:
    return Strategy(stage, number, Text(zh, en), number, tuple(instruments))


_F, _I, _M = Stage.FORMATION, Stage.INDUSTRIALIZATION, Stage.MARKETIZATION

TABLE3: MappingProxyType[Stage, StageSupport] = MappingProxyType(
    {
        _F: StageSupport(
            _F,
            problems=(
                _p(_F, 1, "知识产权不足，且与技术标准结合不够",
                   "insufficient intellectual property, not well combined with the technical "
                   "standard"),
                _p(_F, 2, "联盟专利池内部重要/基础专利权人向其它"
                          "成员提供免费或交叉许可专利面临利益损失",
                   "holders of important/basic patents inside the alliance's patent pool face a "
                   "loss of interests when they license their patents to the other members free "
                   "of charge or by cross-licence"),
                _p(_F, 3, "在发达国家主导技术标准的全球标准竞争格局"
                          "中，凭借联盟自身力量成为国际标准的难度较大",
                   "in global standards competition dominated by developed countries, becoming "
                   "an international standard by the alliance's own strength is difficult"),
            ),
            strategies=(
                _s(_F, 1,
                   "制定专项规划，以各类规划为指引，主要以科技"
                   "计划项目为依托，加大基于国家重要技术标准的"
                   "知识产权开发项目资助力度; 从培育标准知识产"
                   "权、保护权利人利益、防止联盟知识产权滥用出发，"
                   "制定知识产权和标准化等战略与政策，促进有关战略和政策的协调和整合实施",
                   "draw up special plans and, mainly through science-and-technology programme "
                   "projects, fund more IP-development projects based on important national "
                   "technical standards; to cultivate standard IP, protect right-holders' "
                   "interests and prevent abuse of alliance IP, set IP and standardization "
                   "strategies and policies and coordinate and integrate their implementation",
                   "planning", "project_funding", "ip_policy"),
                _s(_F, 2,
                   "设立标准化专项奖励资金，对标准专利突出贡"
                   "献者提供直接补偿; 围绕技术标准重要技术，"
                   "设立若干重大、重点项目并分解为系列课题，分配给联盟内重要/基础专利权人申报，"
                   "对其提供间接补偿",
                   "set up a special standardization award fund giving direct compensation to "
                   "outstanding contributors of standard patents; around the standard's "
                   "important technologies, set up major and key projects split into series of "
                   "topics for the alliance's important/basic patent holders to apply for, as "
                   "indirect compensation",
                   "direct_compensation", "indirect_compensation"),
                _s(_F, 3,
                   "成为国际标准化组织下设各机构的成员，获得"
                   "知情权和话语权，在本国联盟申请国际标准或"
                   "标准决策关键环节，充分发挥政府谈判能力，利用本国优势向国际施压",
                   "become a member of the bodies under the international standardization "
                   "organizations to gain the right to information and a voice; when the "
                   "domestic alliance applies for an international standard or at key points of "
                   "standard decisions, use the government's negotiating power and the "
                   "country's advantages to bring international pressure",
                   "international_negotiation"),
            ),
        ),
        _I: StageSupport(
            _I,
            problems=(
                _p(_I, 1,
                   "联盟专利池向产业链上厂商优惠许可专利和提"
                   "供技术指导等行为，使专利池不能利用其产业和"
                   "市场控制力获得可观的经济收益",
                   "the pool's preferential licensing and technical guidance to firms along the "
                   "industry chain keep it from using its industry and market control to earn "
                   "considerable economic returns"),
                _p(_I, 2, "联盟专利池成员可能滥用专利权",
                   "members of the alliance's patent pool may abuse their patent rights"),
                _p(_I, 3, "标准产业链存在薄弱环节，且利益分配争议影响产业链稳定性",
                   "the standard's industry chain has weak links, and disputes over the "
                   "distribution of benefits affect the chain's stability"),
            ),
            strategies=(
                _s(_I, 1,
                   "对联盟专利池的技术扩散、产业带动和示范活动"
                   "，通过科技计划项目立项为其提供间接补偿; "
                   "对积极主导标准扩散、完成标准产业化项目并"
                   "取得良好效果的联盟专利池成员给予直接奖励",
                   "compensate the pool indirectly, through science-and-technology programme "
                   "projects, for its technology diffusion, industry-driving and demonstration "
                   "activities; reward directly the pool members that actively lead the "
                   "standard's diffusion and complete standard-industrialization projects with "
                   "good results",
                   "indirect_compensation", "direct_compensation"),
                _s(_I, 2,
                   "完善与标准有关的法律法规，尤其是专利法和反垄断法要相结合，加强行政审查; "
                   "鼓励联盟成立专门的由代表公共利益的政府人员或行业专家参与的专利池管理机构，"
                   "通过试点联盟建设、联盟报政府备案和承担科"
                   "技计划项目等手段促进联盟完善专利许可制度，"
                   "控制联盟专利许可行为",
                   "improve standard-related laws and regulations, combining patent law with "
                   "anti-monopoly law, and strengthen administrative review; encourage the "
                   "alliance to set up a dedicated pool-management body with government staff "
                   "or industry experts representing the public interest; through pilot "
                   "alliances, filing with the government and programme projects, push the "
                   "alliance to improve its patent-licensing rules and control its licensing "
                   "conduct",
                   "regulation", "antitrust_review", "pool_governance"),
                _s(_I, 3,
                   "完善税收减免和补贴等税收政策，对加入到标准"
                   "产业链从事产品开发、生产、销售等活动的企业"
                   "予以政策支持; 以公共利益最大化为目标，以"
                   "协调私人利益关系为核心，建立产业链各个环节"
                   "不同利益主体利益分配的政府调节机制",
                   "improve tax policy such as tax relief and subsidies, supporting firms that "
                   "join the standard's industry chain for product development, production, "
                   "sales etc.; with maximum public interest as the aim and coordination of "
                   "private interests at the core, set up a government mechanism to adjust the "
                   "distribution of benefits among the parties at each link of the chain",
                   "tax_relief", "subsidy", "benefit_distribution"),
            ),
        ),
        _M: StageSupport(
            _M,
            problems=(
                _p(_M, 1, "用户转换成本高和预期低导致需求不足",
                   "high user switching costs and low expectations lead to insufficient demand"),
                _p(_M, 2, "面临全球标准竞争的冲击",
                   "the impact of global standards competition"),
                _p(_M, 3,
                   "政府强制性要求同领域多标准基础设施共建共享中的运营商不协调导致恶性竞争",
                   "when the government mandates joint building and sharing of infrastructure for "
                   "several standards in one field, lack of coordination among the operators "
                   "leads to vicious competition"),
            ),
            strategies=(
                _s(_M, 1,
                   "实行政府采购政策，影响用户预期; 采取倾向"
                   "性市场分配、采购补贴、减免部分费用等措施，"
                   "拉动需求",
                   "use government procurement to influence user expectations; stimulate demand "
                   "with preferential market allocation, purchase subsidies, partial fee "
                   "reductions etc.",
                   "procurement", "subsidy"),
                _s(_M, 2,
                   "为本国标准分配和预留充足的市场空间，或在"
                   "国外标准优势明显时延迟该领域标准在本国的"
                   "实施时间，为本国标准建立后发优势提供时间保证",
                   "allocate and reserve enough market space for the domestic standard, or, "
                   "where a foreign standard has a clear advantage, delay that field's standard "
                   "deployment at home, to give the domestic standard time to build a "
                   "late-mover advantage",
                   "market_reservation"),
                _s(_M, 3,
                   "由政府出面协调各运营商的利益关系，建立基"
                   "础设施共建共享的激励和约束机制，鼓励第三方"
                   "承建和运营，对承建单位及联盟共建共享行为予"
                   "以监管; 根据各标准运营商已有基础设施情况"
                   "规定适当的共享比例，完善租用价格定价机制"
                   "，并辅以奖励和惩罚措施，对基础设施强大且"
                   "贡献突出的运营商予以资金补贴和奖励",
                   "the government coordinates the operators' interests and sets up incentive "
                   "and constraint mechanisms for jointly building and sharing infrastructure, "
                   "encourages third parties to build and operate it and supervises builders "
                   "and the alliance's sharing; sets suitable sharing ratios from each "
                   "operator's existing infrastructure, improves rental pricing, with rewards "
                   "and penalties, and subsidises and rewards operators with strong "
                   "infrastructure and outstanding contributions",
                   "coordination", "infrastructure_sharing", "subsidy"),
            ),
        ),
    }
)

"""Table 3 of the seed paper: each stage's main problems and the government's answers.

For each stage the paper lists three main problems (标准化主要问题) and three
government support strategies (政府支持策略), both numbered ① ② ③; strategy k
answers problem k.  Kept here in poolcalc's own words (English and Chinese), with
our tags for the policy instruments each strategy names.

References
----------
The seed paper (:data:`poolcalc.alliance.PAPER`), section 4 and table 3.
"""

from __future__ import annotations

from types import MappingProxyType

from ._paper import Problem, Stage, StageSupport, Strategy, Text

__all__ = ["TABLE3", "TABLE3_TITLE"]

TABLE3_TITLE = Text(
    "表3（据原文整理）：各阶段的主要问题与政府可采取的支持措施",
    "Table 3 (our summary): each stage's main problems and the support the government "
    "can give",
)


def _p(stage: Stage, number: int, zh: str, en: str) -> Problem:
    return Problem(stage, number, Text(zh, en))


def _s(stage: Stage, number: int, zh: str, en: str, *instruments: str) -> Strategy:
    return Strategy(stage, number, Text(zh, en), number, tuple(instruments))


_F, _I, _M = Stage.FORMATION, Stage.INDUSTRIALIZATION, Stage.MARKETIZATION

# fmt: off
TABLE3: MappingProxyType[Stage, StageSupport] = MappingProxyType(
    {
        _F: StageSupport(
            _F,
            problems=(
                _p(_F, 1, "自有知识产权偏少，而且同技术标准结合得不紧",
                   "too little intellectual property of its own, and what there is is "
                   "poorly tied to the technical standard"),
                _p(_F, 2, "池内握有重要或基础专利的成员，把专利免费或交叉许可给其他成员时"
                          "要蒙受损失",
                   "members holding important or basic patents in the pool lose out when "
                   "they license them to the other members free of charge or by "
                   "cross-licence"),
                _p(_F, 3, "全球标准竞争由发达国家主导，仅靠联盟自己的力量很难让标准成为国际标准",
                   "with developed countries leading global standards competition, the "
                   "alliance can hardly get its standard made international on its own"),
            ),
            strategies=(
                _s(_F, 1,
                   "编制专项规划并以各类规划为引导，主要借助科技计划项目，加大对围绕国家"
                   "重要技术标准开展知识产权开发的资助；着眼于培育标准相关知识产权、维护"
                   "权利人利益和防止联盟滥用知识产权，制定知识产权、标准化等方面的战略和"
                   "政策，并推动它们相互衔接、统筹实施",
                   "draw up dedicated plans and, guided by them and mainly through "
                   "science-and-technology programme projects, fund more IP development "
                   "around important national technical standards; to build up "
                   "standard-related IP, protect right holders and keep the alliance from "
                   "misusing IP, set IP and standardization strategies and policies and see "
                   "that they are coordinated and carried out together",
                   "planning", "project_funding", "ip_policy"),
                _s(_F, 2,
                   "由政府设立一笔专门奖励标准化的基金，对标准专利贡献突出者给予直接补偿；围绕标准的"
                   "重要技术安排一批重大和重点项目，拆成系列课题，由联盟内重要或基础专利的"
                   "持有人申报承担，作为对他们的间接补偿",
                   "create a special standardization award fund that pays direct "
                   "compensation to those who contribute most to the standard's patents; "
                   "set up major and key projects on the standard's important technologies, "
                   "split them into series of research topics and let the holders of the "
                   "alliance's important or basic patents apply for them, as indirect "
                   "compensation",
                   "direct_compensation", "indirect_compensation"),
                _s(_F, 3,
                   "加入国际标准化组织的下属机构，取得知情权与发言权；当本国联盟申请成为"
                   "国际标准，或标准决策走到要紧关头时，发挥政府的谈判能力，借助本国优势"
                   "对国际方面施加影响",
                   "join the bodies under the international standardization organizations "
                   "so as to be informed and be heard; when the domestic alliance applies "
                   "for an international standard, or at decisive moments of standard "
                   "decisions, bring the government's negotiating strength to bear and use "
                   "the country's advantages to press its case internationally",
                   "international_negotiation"),
            ),
        ),
        _I: StageSupport(
            _I,
            problems=(
                _p(_I, 1, "专利池给产业链厂商优惠许可并提供技术指导，因而无法借助它在产业和"
                          "市场上的支配地位获得可观收益",
                   "because the pool licenses firms along the industry chain on "
                   "preferential terms and gives them technical guidance, it cannot turn "
                   "its hold over the industry and the market into substantial income"),
                _p(_I, 2, "池内成员有滥用专利权的风险",
                   "pool members may abuse their patent rights"),
                _p(_I, 3, "标准产业链中有薄弱环节，利益分配上的分歧又危及产业链的稳定",
                   "the standard's industry chain has weak links, and disagreements over "
                   "how benefits are shared threaten its stability"),
            ),
            strategies=(
                _s(_I, 1,
                   "专利池推广技术、带动产业、做示范，政府以科技计划项目立项的方式给予"
                   "间接补偿；池内成员若积极牵头推广标准、把标准产业化项目做完且成效良好，"
                   "给予直接奖励",
                   "compensate the pool indirectly, by granting it science-and-technology "
                   "programme projects, for spreading the technology, driving the industry "
                   "and running demonstrations; reward directly the pool members that take "
                   "the lead in spreading the standard and complete "
                   "standard-industrialization projects with good results",
                   "indirect_compensation", "direct_compensation"),
                _s(_I, 2,
                   "健全涉及标准的法律和法规，特别是让专利法与反垄断法配合适用，并加强行政"
                   "审查；鼓励联盟设立专门管理专利池的机构，吸收政府官员或业内专家作为公众"
                   "利益的代表参与其中；借助试点联盟、向政府备案、承担科技计划项目等办法，"
                   "推动联盟健全专利许可制度、约束其许可行为",
                   "strengthen standard-related law, in particular by applying patent law "
                   "and anti-monopoly law together, and step up administrative review; "
                   "encourage the alliance to set up a pool-management body in which "
                   "government staff or industry experts speak for the public interest; "
                   "through pilot alliances, filing with the government and programme "
                   "projects, push the alliance to improve its licensing rules and keep its "
                   "licensing conduct in check",
                   "regulation", "antitrust_review", "pool_governance"),
                _s(_I, 3,
                   "改进税收减免、补贴等财税政策，支持进入标准产业链、从事产品研发、制造"
                   "和销售的企业；把公共利益最大化作为目的、以协调各方私人利益为重点，建立由"
                   "政府调节产业链各环节各利益主体收益分配的机制",
                   "improve tax relief, subsidies and similar fiscal policies to support "
                   "firms that join the standard's industry chain to develop, make or sell "
                   "products; with the greatest public benefit as the aim and the "
                   "reconciling of private interests at the centre, set up a government "
                   "mechanism that adjusts how benefits are shared among the parties at "
                   "every link of the chain",
                   "tax_relief", "subsidy", "benefit_distribution"),
            ),
        ),
        _M: StageSupport(
            _M,
            problems=(
                _p(_M, 1, "用户转用成本高、对新标准信心不足，需求因此疲弱",
                   "switching is costly for users and their expectations are low, so "
                   "demand is weak"),
                _p(_M, 2, "国际上同类标准的竞争带来冲击",
                   "pressure from competing standards worldwide"),
                _p(_M, 3, "政府强制要求同一领域的多个标准共建共享基础设施时，运营商之间协调"
                          "不力，引发恶性竞争",
                   "where the government obliges several standards of one field to build "
                   "and share infrastructure jointly, poor coordination among the operators "
                   "leads to cut-throat competition"),
            ),
            strategies=(
                _s(_M, 1,
                   "通过政府采购引导用户预期；用偏向该标准的市场份额安排、对采购给予补贴、"
                   "免除部分费用等办法提振需求",
                   "use government procurement to shape user expectations; stimulate "
                   "demand with market allocation that favours the standard, purchase "
                   "subsidies and partial fee waivers",
                   "procurement", "subsidy"),
                _s(_M, 2,
                   "给本国标准划出并留足市场空间；国外标准明显占优时，推迟该领域标准在国内的"
                   "实施，为本国标准赢得形成后发优势的时间",
                   "set aside enough market room for the domestic standard; where a foreign "
                   "standard is clearly ahead, postpone that field's standard roll-out at "
                   "home so that the domestic standard has time to build a late-mover "
                   "advantage",
                   "market_reservation"),
                _s(_M, 3,
                   "政府出面协调运营商之间的利益，为共建共享基础设施设定激励和约束，"
                   "支持由第三方负责建设和运营，并监管承建单位和联盟的共建共享行为；按各标准"
                   "运营商现有基础设施情况确定合理的共享比例，健全租用定价机制，配以奖惩"
                   "措施，对基础设施实力强、贡献大的运营商给予资金补贴和奖励",
                   "the government steps in to reconcile the operators' interests, sets "
                   "incentives and constraints for building and sharing infrastructure "
                   "jointly, encourages third parties to build and run it, and supervises "
                   "the builders and the alliance's sharing; it fixes reasonable sharing "
                   "ratios from each operator's existing infrastructure, improves rental "
                   "pricing, backs this with rewards and penalties, and grants subsidies "
                   "and rewards to operators with strong infrastructure and large "
                   "contributions",
                   "coordination", "infrastructure_sharing", "subsidy"),
            ),
        ),
    }
)
# fmt: on

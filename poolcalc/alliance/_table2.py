"""Table 2 of the seed paper: goal, markers and mechanism of the three stages.

The paper divides an alliance's technical standardization into formation,
industrialization and marketization by how mature the standard's technology,
industry and market are (section 3.1, figure 1) and contrasts the three stages in
table 2.  Kept here in poolcalc's own words (English and Chinese).  The markers
cell of each stage is a list of observable signs separated by semicolons; the
diagnosis markers F1-F2, I1-I5 and M1-M6 (:data:`poolcalc.alliance.MARKERS`) are
phrases of these cells, M7 a phrase of the marketization goal.

References
----------
The seed paper (:data:`poolcalc.alliance.PAPER`), section 3.1 and table 2.
"""

from __future__ import annotations

from types import MappingProxyType

from ._paper import Stage, StageComparisonRow, Text

__all__ = ["TABLE2", "TABLE2_TITLE"]

TABLE2_TITLE = Text(
    "表2（据原文整理）：标准形成、产业化、市场化三个阶段的对照",
    "Table 2 (our summary): the formation, industrialization and marketization stages "
    "compared",
)

TABLE2: MappingProxyType[Stage, StageComparisonRow] = MappingProxyType(
    {
        Stage.FORMATION: StageComparisonRow(
            stage=Stage.FORMATION,
            goal=Text(
                "把技术转化为知识产权，并整合成一项（法定）标准",
                "turn technology into intellectual property rights and combine them into a "
                "(de jure) standard",
            ),
            markers=Text(
                "通常有两个标志：已获批为法定标准；基础技术标准初具雏形",
                "usually two signs: adopted as a de jure standard; a basic technical "
                "standard has taken shape",
            ),
            mechanism=Text(
                "以知识产权的共享与整合为主",
                "chiefly the sharing and pooling of intellectual property",
            ),
        ),
        Stage.INDUSTRIALIZATION: StageComparisonRow(
            stage=Stage.INDUSTRIALIZATION,
            goal=Text(
                "围绕标准建起产业链，使标准成为行业内普遍遵循的一套规范，"
                "并增强产业的创新能力",
                "build an industry chain around the standard, make it a normative standard "
                "system the whole industry uses, and strengthen the industry's capacity to "
                "innovate",
            ),
            markers=Text(
                "由多项标准组成的标准体系已经出现（基础技术、产品、工艺、检验与试验方法、"
                "设备等标准），并在使用中持续改进；产业链已经配齐，能支撑标准的技术演进和"
                "推广；用户装机基础在扩大；标准专利被广泛许可实施；"
                "生产工艺与基础设施等满足标准产品要求",
                "a standard system of several standards exists (basic technical, product, "
                "process, inspection and test-method, equipment standards and the like) and "
                "keeps improving in use; the industry chain is complete, able to carry the "
                "standard's technical evolution and spread; the installed user base is "
                "growing; the standard's patents are widely licensed and practised; "
                "production processes and infrastructure meet the requirements of standard "
                "products",
            ),
            mechanism=Text(
                "以技术扩散和产业内的分工协作为主",
                "chiefly technology diffusion and the division of labour and cooperation "
                "within the industry",
            ),
        ),
        Stage.MARKETIZATION: StageComparisonRow(
            stage=Stage.MARKETIZATION,
            goal=Text(
                "成为市场上的事实标准，在市场上做大规模、取得竞争优势并获得经济回报",
                "become the de facto standard of its market and gain market scale, "
                "competitive advantage and economic returns",
            ),
            markers=Text(
                "用户数量越过临界规模；终端产品不断推出；互补品不断推出；"
                "消费者人数和市场份额持续上升；标准依据市场反馈不断改进、升级；"
                "足以挑战国外标准，并在全球标准竞争中站稳脚跟",
                "the user base has passed critical mass; terminal products keep appearing; "
                "complementary goods keep appearing; consumer numbers and market share keep "
                "rising; the standard is improved and upgraded from market feedback; it can "
                "challenge foreign standards and has secured a place in global standards "
                "competition",
            ),
            mechanism=Text(
                "主要依靠市场与竞争的作用",
                "chiefly the working of the market and of competition",
            ),
        ),
    }
)

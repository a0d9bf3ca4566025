"""The seed paper's own alliance examples as data (only what the paper states).

Everything the paper does not say is left ``None`` (unknown).
"""

from __future__ import annotations

from ._modes import FormationInputs, PatentSequence
from ._profile import AllianceProfile, Milestone

__all__ = ["AVS_FORMATION", "IGRS", "TD_SCDMA", "TD_SCDMA_FORMATION"]

#: TD-SCDMA (section 3.1 and the example after table 2).  The paper: "TD－SCDMA 标准是于
#: 2000 年首先确立为国际标准，然后围绕该标准于 2002 年组建了 TD－SCDMA 产业联盟，其标准于
#: 2006 年成为我国通信行业标准" and, at the time of writing, "处于市场化阶段，已开发了多款
#: 手机、数据卡、上网本、家庭网关、无线座机、阅读器等终端产品，拥有一定的网络覆盖率，虽然市场
#: 还不成熟，但是 TD－SCDMA 对 WCDMA 和 CDMA2000 两个 3G 国际标准构成了挑战".  The paper
#: does not name the international body (it was the ITU) and gives no user numbers;
#: ``terminal_products=6`` counts the six product types it lists.  The snapshot fields
#: describe the time of writing (``observed`` left unknown: the paper gives no date).
TD_SCDMA = AllianceProfile(
    name="TD-SCDMA industry alliance (TD－SCDMA产业联盟)",
    terminal_products=6,
    challenges_foreign=True,
    milestones=(
        Milestone(2000, "standard", "international", "2000年首先确立为国际标准"),
        Milestone(2002, "alliance_formed", note="2002年组建了TD－SCDMA产业联盟"),
        Milestone(2006, "standard", "industry", "2006年成为我国通信行业标准"),
    ),
)

#: IGRS / 闪联 (section 3.1): "于 2003 年组建的我国闪联产业联盟，在组建初期提出闪联的概念性
#: 标准，并着手于标准的研发与产业化，2005 年成为行业标准，并全力推进产业化进程，2007 年确立为
#: 国际标准，成为全球 3C 协同领域的首个国际标准".  No market data in the paper.
IGRS = AllianceProfile(
    name="IGRS alliance (闪联产业联盟)",
    milestones=(
        Milestone(2003, "alliance_formed", note="2003年组建"),
        Milestone(2003, "standard", "concept", "组建初期提出闪联的概念性标准"),
        Milestone(2005, "standard", "industry", "2005年成为行业标准"),
        Milestone(2007, "standard", "international", "2007年确立为国际标准"),
    ),
)

#: The paper names AVS and TD-SCDMA as examples of the interactive mode
#: (专利与标准互动型): a standard built on a small existing stock of technology or
#: patents, then patents developed and the standard revised.  Only the facts the
#: paper attaches to that mode in its definition are filled in.
TD_SCDMA_FORMATION = FormationInputs(
    patent_stock="few",
    sequence=PatentSequence.ITERATIVE,
)
AVS_FORMATION = FormationInputs(
    patent_stock="few",
    sequence=PatentSequence.ITERATIVE,
)

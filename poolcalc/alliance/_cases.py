"""The seed paper's own alliance examples as data (only what the paper states).

Everything the paper does not say is left ``None`` (unknown).  The milestone notes
are our summaries of the paper's account, with the section they come from.

References
----------
The seed paper (:data:`poolcalc.alliance.PAPER`), sections 3.1 and 3.1(3).
"""

from __future__ import annotations

from ._modes import FormationInputs, PatentSequence
from ._profile import AllianceProfile, Milestone

__all__ = ["AVS_FORMATION", "IGRS", "TD_SCDMA", "TD_SCDMA_FORMATION"]

#: TD-SCDMA (section 3.1 and the example after table 2).  The paper's account: the
#: standard became an international standard first, in 2000; the TD-SCDMA industry
#: alliance was formed around it in 2002; it became a Chinese communications
#: industry standard in 2006.  At the time of writing the paper puts it in
#: marketization: six kinds of terminal product (handsets, data cards, netbooks, home
#: gateways, fixed wireless phones, readers) were on the market, the network had
#: some coverage, the market was not yet mature, and the standard was challenging the
#: two other 3G international standards, WCDMA and CDMA2000.  The paper does not name
#: the international body (it was the ITU) and gives no user numbers;
#: ``terminal_products=6`` counts the six product kinds it lists.  The snapshot fields
#: describe the time of writing (``observed`` left unknown: the paper gives no date).
TD_SCDMA = AllianceProfile(
    name="TD-SCDMA industry alliance (TD－SCDMA产业联盟)",
    terminal_products=6,
    challenges_foreign=True,
    milestones=(
        Milestone(2000, "standard", "international",
                  "international standard first, before the alliance existed (section 3.1)"),
        Milestone(2002, "alliance_formed",
                  note="industry alliance formed around the standard (section 3.1)"),
        Milestone(2006, "standard", "industry",
                  "Chinese communications industry standard (section 3.1)"),
    ),
)

#: IGRS / 闪联 (section 3.1).  The paper's account: the alliance was formed in 2003
#: and at once put forward a concept standard while starting R&D and
#: industrialization; the standard became an industry standard in 2005 and an
#: international standard in 2007, the first in the global 3C cooperation field.  No
#: market data in the paper.
IGRS = AllianceProfile(
    name="IGRS alliance (闪联产业联盟)",
    milestones=(
        Milestone(2003, "alliance_formed", note="alliance formed (section 3.1)"),
        Milestone(2003, "standard", "concept",
                  "concept standard put forward when the alliance was formed (section 3.1)"),
        Milestone(2005, "standard", "industry", "industry standard (section 3.1)"),
        Milestone(2007, "standard", "international",
                  "international standard, the first of the 3C cooperation field "
                  "(section 3.1)"),
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

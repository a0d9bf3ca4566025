"""Named choices of the domain model (``StrEnum``; the values are the file spellings)."""

from __future__ import annotations

from poolcalc.errors import ChoiceEnum
from poolcalc.tables._common import PatentStatus

__all__ = [
    "Basis",
    "ChainLevel",
    "CountRule",
    "CountUnit",
    "DiscountCombination",
    "DueRule",
    "PatentStatus",
    "Stage",
    "TierMode",
]




class DueRule(ChoiceEnum):
    """Which country's patents make a unit royalty-bearing.

    A royalty is due where a pooled patent is in force in the country of manufacture
    or sale (Access Advance, accessadvance.com/topic-where-and-when-is-a-royalty-due/;
    MPEG LA MPEG-2, US DOJ business review letter, 26 June 1997).
    """

    SALE = "sale"
    MANUFACTURE = "manufacture"
    SALE_OR_MANUFACTURE = "sale_or_manufacture"


class Basis(ChoiceEnum):
    """``unit``: rate in currency per unit; ``price``: rate is a fraction of net price."""

    UNIT = "unit"
    PRICE = "price"


class TierMode(ChoiceEnum):
    """How tier rates apply to an enterprise's yearly volume.

    ``marginal``: each bracket's rate applies to the units inside it (AVC);
    ``volume``: all units at the rate of the bracket reached (whole-volume tiers).
    """

    MARGINAL = "marginal"
    VOLUME = "volume"


class DiscountCombination(ChoiceEnum):
    """How good-standing, early-signing and chain-level discounts combine.

    ``max``: the largest only (HEVC Advance's In-Compliance and logo discounts are
    separate and non-additive, accessadvance.com/faq/); ``additive``: d1 + d2 + d3
    (capped at 1); ``multiplicative``: 1 - (1-d1)(1-d2)(1-d3).
    """

    MAX = "max"
    ADDITIVE = "additive"
    MULTIPLICATIVE = "multiplicative"


class WaiverRule(ChoiceEnum):
    """How the annual money waiver ``Schedule.free_amount`` W applies to an enterprise's total E.

    ``credit``: ``max(0, E - W)`` ("a royalty credit of $25,000", Streaming Media /
    streaminglearningcenter.com, December 2015); ``threshold``: 0 when ``E < W``, else
    all of E ("Entities owing royalties of less than $25,000 annually ... do not need
    to execute a License Agreement", ngcodec.com, 19 December 2015).
    """

    CREDIT = "credit"
    THRESHOLD = "threshold"


class CountRule(ChoiceEnum):
    """Whose patents count for a unit in per-country allocation.

    MPEG-2 and DVD6C split each unit's royalty pro rata to the licensors' patents in
    the relevant country (US DOJ business review letters, 26 June 1997,
    justice.gov/atr/public/busreview/215742.htm, and 10 June 1999,
    justice.gov/atr/public/busreview/2485.htm).
    """

    SALE = "sale"
    MANUFACTURE = "manufacture"
    SALE_ELSE_MANUFACTURE = "sale_else_manufacture"


class CountUnit(ChoiceEnum):
    """Count national patents or patent families."""

    PATENT = "patent"
    FAMILY = "family"


class ChainLevel(ChoiceEnum):
    """Levels of a standard's industry chain (seed paper, section 3.1(2)①).

    The seed paper lists the participants of industrialization as standard-technology
    providers (标准技术提供商), intermediate-equipment makers (中间设备制造商), terminal
    (product) makers (终端(产品)制造商), operators (运营商) and service providers
    (服务商).  A licensee's ``chain_level`` selects its preferential (chain-level)
    discount (``[royalty.discounts] chain_level``).
    """

    TECHNOLOGY = "technology"
    EQUIPMENT = "equipment"
    TERMINAL = "terminal"
    OPERATOR = "operator"
    SERVICE = "service"

    @property
    def zh(self) -> str:
        """The seed paper's Chinese term."""
        return _CHAIN_ZH[self]


_CHAIN_ZH = {
    ChainLevel.TECHNOLOGY: "标准技术提供商",
    ChainLevel.EQUIPMENT: "中间设备制造商",
    ChainLevel.TERMINAL: "终端(产品)制造商",
    ChainLevel.OPERATOR: "运营商",
    ChainLevel.SERVICE: "服务商",
}


class Stage(ChoiceEnum):
    """Stage of an industrial alliance's technical standard (seed paper, section 3.1, fig. 1).

    One definition for the whole package: ``LicenseTerms.stage.phase`` (a terms
    file's ``[stage] phase``) and :func:`poolcalc.alliance.diagnose` (``.stage``) use
    this enum, so they compare with ``is``.  ``UNKNOWN`` is what a diagnosis returns
    when the data do not decide; it is not a value a terms file may give (leave
    ``phase`` out instead).
    """

    FORMATION = "formation"  # 标准形成: patents pooled into a standard; members cross-license
    INDUSTRIALIZATION = "industrialization"  # 标准产业化: preferential licences along the chain
    MARKETIZATION = "marketization"  # 标准市场化: market scale, competition with other standards
    UNKNOWN = "unknown"

    @property
    def zh(self) -> str:
        """The paper's Chinese name of the stage."""
        return _STAGE_ZH[self]


_STAGE_ZH = {
    Stage.FORMATION: "标准形成",
    Stage.INDUSTRIALIZATION: "标准产业化",
    Stage.MARKETIZATION: "标准市场化",
    Stage.UNKNOWN: "未知",
}

#: The stages a terms file's ``[stage] phase`` may name (all but ``UNKNOWN``).
PHASES: tuple[Stage, ...] = (Stage.FORMATION, Stage.INDUSTRIALIZATION, Stage.MARKETIZATION)

"""The seed paper's model of alliance technical standardization, as analyst tools.

Stages (标准形成 formation, 标准产业化 industrialization, 标准市场化 marketization)
with the markers of the paper's table 2 and a :func:`diagnose` of an alliance's
stage from its data; the formation modes of table 1 (:func:`classify_formation`);
the problems and government support strategies of table 3 (returned with every
diagnosis); stage presets for the pool's licensing parameters
(:func:`stage_preset`, :func:`royalty_params`), applied to a pool's royalty
schedule (:func:`apply_preset`) and compared side by side (:func:`compare_stages`);
and a government subsidy to essential-patent holders split exactly in cents
(:func:`government_subsidy`, :func:`side_by_side`).  The tables are kept in
poolcalc's own words, English and Chinese (:data:`TABLE1`, :data:`TABLE2`,
:data:`TABLE3`).  Every result (:class:`Diagnosis`, :class:`FormationClassification`,
:class:`PoolPreset`, :class:`StageOutcome`, :class:`StageComparison`,
:class:`SubsidyAllocation`, :class:`SideBySide`) implements
:class:`poolcalc._result.Result`: ``str()`` is its table, ``to_dict()`` its data.

Reference: Wang Shan-shan, Wang Hong-qi and Deng Jing-fei, "Research on the technology
standardization process and government supporting tactics of industrial alliance",
School of Management, Harbin University of Science and Technology (the seed paper,
:data:`PAPER`; journal and year not given in the text).
"""

from ._apply import apply_preset, compare_stages, with_chain_levels
from ._cases import AVS_FORMATION, IGRS, TD_SCDMA, TD_SCDMA_FORMATION
from ._diagnosis import Diagnosis, diagnose
from ._markers import MARKERS, Marker, MarkerCheck, MarkerStatus
from ._modes import (
    ConditionCheck,
    FormationClassification,
    FormationInputs,
    PatentSequence,
    PatentStock,
    TechnicalBase,
    classify_formation,
)
from ._outcomes import StageComparison, StageOutcome
from ._paper import (
    PAPER,
    PAPER_REFERENCE,
    Citation,
    FormationMode,
    FormationModeRow,
    Problem,
    Stage,
    StageComparisonRow,
    StageSupport,
    Strategy,
    Text,
)
from ._presets import DEFAULT_CHAIN_DISCOUNT, PoolPreset, royalty_params, stage_preset
from ._profile import (
    AllianceProfile,
    ChainLevel,
    LicensingMode,
    Milestone,
    MilestoneEvent,
    StandardLevel,
    StandardType,
)
from ._subsidy import SideBySide, SubsidyAllocation, government_subsidy, side_by_side
from ._table1 import TABLE1
from ._table2 import TABLE2
from ._table3 import TABLE3

__all__ = [
    "AVS_FORMATION",
    "DEFAULT_CHAIN_DISCOUNT",
    "IGRS",
    "MARKERS",
    "PAPER",
    "PAPER_REFERENCE",
    "TABLE1",
    "TABLE2",
    "TABLE3",
    "TD_SCDMA",
    "TD_SCDMA_FORMATION",
    "AllianceProfile",
    "ChainLevel",
    "Citation",
    "ConditionCheck",
    "Diagnosis",
    "FormationClassification",
    "FormationInputs",
    "FormationMode",
    "FormationModeRow",
    "LicensingMode",
    "Marker",
    "MarkerCheck",
    "MarkerStatus",
    "Milestone",
    "MilestoneEvent",
    "PatentSequence",
    "PatentStock",
    "PoolPreset",
    "Problem",
    "Stage",
    "StageComparison",
    "StageComparisonRow",
    "StageOutcome",
    "SideBySide",
    "StageSupport",
    "StandardLevel",
    "StandardType",
    "Strategy",
    "SubsidyAllocation",
    "TechnicalBase",
    "Text",
    "apply_preset",
    "classify_formation",
    "compare_stages",
    "diagnose",
    "government_subsidy",
    "royalty_params",
    "side_by_side",
    "stage_preset",
    "with_chain_levels",
]

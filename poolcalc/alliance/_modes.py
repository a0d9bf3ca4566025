"""Which formation mode fits an alliance's standard (paper section 3.1(1), table 1)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError

from ._diagnosis import MarkerStatus
from ._paper import TABLE1, FormationMode, FormationModeRow, Text
from ._validate import as_enum, as_optional_bool, check_keys

__all__ = [
    "ConditionCheck",
    "FormationClassification",
    "FormationInputs",
    "PatentStock",
    "PatentSequence",
    "TechnicalBase",
    "classify_formation",
]


class PatentStock(StrEnum):
    """The alliance's stock of relevant patents when the standard is set up (table 1)."""

    NONE = "none"  # 缺乏专利 (lacking patents)
    FEW = "few"  # 少量专利 (a small number of patents)
    MANY = "many"  # 专利数量较多 (a fairly large number of patents)


class TechnicalBase(StrEnum):
    """The alliance's technological base (table 1)."""

    WEAK = "weak"  # 技术基础弱
    SOME = "some"  # 有一定技术基础
    STRONG = "strong"  # (not in table 1; a strong base goes with "many patents, mature")


class PatentSequence(StrEnum):
    """Which came first, patents or the standard (section 3.1(1): 专利和标准形成先后顺序)."""

    PATENTS_FIRST = "patents_first"  # 先有专利，在已有专利的基础上形成技术标准
    STANDARD_FIRST = "standard_first"  # 先建立技术标准...围绕分解目标进行研发并申请专利
    ITERATIVE = "iterative"  # 少量技术或专利基础上建立标准, 开发专利, 再修改完善标准


def _enum_or_none(enum: type[StrEnum], name: str):
    return lambda v: None if v is None else as_enum(enum, v, name)


def _flag(name: str):
    return lambda v: as_optional_bool(v, name)


@attrs.frozen
class FormationInputs:
    """What an analyst knows about how an alliance's standard is (to be) formed.

    Every field defaults to ``None`` = unknown.  The fields are the conditions of the
    paper's table 1, plus the patent/standard order that defines the modes in the
    running text.

    Parameters
    ----------
    patent_stock : PatentStock or str
        ``none`` (缺乏专利), ``few`` (少量专利), ``many`` (专利数量较多).
    technology_maturity_high : bool
        技术成熟度较高 (fairly high technological maturity).
    technical_base : TechnicalBase or str
        ``weak`` (技术基础弱), ``some`` (有一定技术基础), ``strong``.
    national_interest : bool
        标准关系到国家产业发展和重大利益 (bears on national industrial development and
        major interests).
    fits_industry_direction : bool
        符合产业发展方向.
    international_competitiveness : bool
        标准关系到产业国际竞争力 (bears on the industry's international competitiveness).
    exploratory : bool
        属于摸索性工作 (exploratory work).
    series_of_standards : bool
        可能包含系列标准 (may comprise a series of standards; informative only, the
        paper says "may").
    clear_goal : bool
        目标导向明确 (clearly goal-oriented).
    needs_continual_improvement : bool
        需要不断完善和提高.
    sequence : PatentSequence or str
        ``patents_first``, ``standard_first`` or ``iterative`` (section 3.1(1)).
    """

    patent_stock: PatentStock | None = attrs.field(
        default=None, converter=_enum_or_none(PatentStock, "patent_stock")
    )
    technology_maturity_high: bool | None = attrs.field(
        default=None, converter=_flag("technology_maturity_high")
    )
    technical_base: TechnicalBase | None = attrs.field(
        default=None, converter=_enum_or_none(TechnicalBase, "technical_base")
    )
    national_interest: bool | None = attrs.field(default=None, converter=_flag("national_interest"))
    fits_industry_direction: bool | None = attrs.field(
        default=None, converter=_flag("fits_industry_direction")
    )
    international_competitiveness: bool | None = attrs.field(
        default=None, converter=_flag("international_competitiveness")
    )
    exploratory: bool | None = attrs.field(default=None, converter=_flag("exploratory"))
    series_of_standards: bool | None = attrs.field(
        default=None, converter=_flag("series_of_standards")
    )
    clear_goal: bool | None = attrs.field(default=None, converter=_flag("clear_goal"))
    needs_continual_improvement: bool | None = attrs.field(
        default=None, converter=_flag("needs_continual_improvement")
    )
    sequence: PatentSequence | None = attrs.field(
        default=None, converter=_enum_or_none(PatentSequence, "sequence")
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FormationInputs:
        """Build from a plain mapping; unknown keys are an error."""
        if not isinstance(data, Mapping):
            raise InvalidInputError(
                f"formation inputs must be a mapping, got {type(data).__name__}"
            )
        check_keys(data, {a.name for a in attrs.fields(cls)}, "formation inputs")
        return cls(**data)


@attrs.frozen
class ConditionCheck:
    """One condition of one mode checked against the inputs.

    ``required`` is False for the interactive mode's "may comprise a series of
    standards" (the paper's 可能 = may), which never rules the mode in or out.
    """

    mode: FormationMode
    id: str
    text: Text
    status: MarkerStatus
    detail: str
    required: bool = True
    source: str = "table 1"

    def __str__(self) -> str:
        return f"[{self.status.value:>7}] {self.id} {self.text.en}: {self.detail}"


@attrs.frozen
class FormationClassification:
    """Result of :func:`classify_formation`.

    Attributes
    ----------
    mode : FormationMode
        The mode whose conditions fit, or ``FormationMode.UNKNOWN``.
    checks : tuple of ConditionCheck
        Every condition of every mode with its status.
    candidates : tuple of FormationMode
        Modes none of whose required conditions failed, best first.
    fully_matched : bool
        All required conditions of ``mode`` matched (none unknown).
    row : FormationModeRow or None
        Table 1 (and the section 3.1(1) description) for ``mode``.
    notes : tuple of str
    """

    mode: FormationMode
    checks: tuple[ConditionCheck, ...]
    candidates: tuple[FormationMode, ...]
    fully_matched: bool
    row: FormationModeRow | None
    notes: tuple[str, ...]

    def matched(self, mode: FormationMode | str | None = None) -> tuple[ConditionCheck, ...]:
        """Return the matched conditions (of ``mode``; default the classified mode)."""
        m = self.mode if mode is None else FormationMode(mode)
        return tuple(c for c in self.checks if c.mode is m and c.status is MarkerStatus.MATCHED)

    def summary(self) -> str:
        """Return a readable multi-line report."""
        lines = [f"formation mode = {self.mode.value} ({self.mode.zh})"]
        if self.candidates and self.mode is FormationMode.UNKNOWN:
            lines.append("  candidates: " + ", ".join(c.value for c in self.candidates))
        for mode in (FormationMode.PATENT_PUSH, FormationMode.STANDARD_PULL,
                     FormationMode.INTERACTIVE):
            lines.append(f"  {mode.value} ({mode.zh}):")
            lines.extend(f"    {c}" for c in self.checks if c.mode is mode)
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


_M, _X, _U = MarkerStatus.MATCHED, MarkerStatus.MISSING, MarkerStatus.UNKNOWN


def _eq(value: Any, want: Any, name: str) -> tuple[MarkerStatus, str]:
    if value is None:
        return _U, f"{name} unknown"
    shown = value.value if isinstance(value, StrEnum) else str(value).lower()
    return (_M if value == want else _X), f"{name}={shown}"


# condition id -> (input field, wanted value)
_CONDITIONS: dict[str, tuple[str, Any]] = {
    "P1": ("patent_stock", PatentStock.MANY),
    "P2": ("technology_maturity_high", True),
    "S1": ("technical_base", TechnicalBase.WEAK),
    "S2": ("patent_stock", PatentStock.NONE),
    "S3": ("national_interest", True),
    "S4": ("fits_industry_direction", True),
    "S5": ("clear_goal", True),
    "I1": ("technical_base", TechnicalBase.SOME),
    "I2": ("patent_stock", PatentStock.FEW),
    "I3": ("international_competitiveness", True),
    "I4": ("exploratory", True),
    "I5": ("series_of_standards", True),
    "I6": ("clear_goal", True),
    "I7": ("needs_continual_improvement", True),
}

_SEQUENCE = {
    FormationMode.PATENT_PUSH: ("PS", PatentSequence.PATENTS_FIRST,
                                Text("先有专利", "the patents come first")),
    FormationMode.STANDARD_PULL: ("SS", PatentSequence.STANDARD_FIRST,
                                  Text("先建立技术标准", "the standard is set up first")),
    FormationMode.INTERACTIVE: ("IS", PatentSequence.ITERATIVE,
                                Text("在已有少量的技术或专利基础上建立标准",
                                     "standard built on a small stock of technology or "
                                     "patents, then revised")),
}

_MODES = (FormationMode.PATENT_PUSH, FormationMode.STANDARD_PULL, FormationMode.INTERACTIVE)


def classify_formation(
    inputs: FormationInputs | Mapping[str, Any],
) -> FormationClassification:
    """Classify the formation mode of an alliance's standard by the paper's table 1.

    Parameters
    ----------
    inputs : FormationInputs or mapping
        What is known (None = unknown); a mapping goes to
        :meth:`FormationInputs.from_dict`.

    Returns
    -------
    FormationClassification
        The mode, every condition's status, the candidate modes and notes.

    Raises
    ------
    InvalidInputError
        Unknown field or enum value, or a non-boolean flag.

    Notes
    -----
    Table 1 lists each mode's conditions of application (适用条件); they are atomised
    into P1-P2 (patent-push), S1-S5 (standard-pull) and I1-I7 (interactive), and the
    defining order of patents and standard (section 3.1(1)) is added as PS / SS / IS.
    A mode is a *candidate* when none of its required conditions is MISSING.  The
    result is the candidate with the most matched conditions if it is the only one
    with that count and has at least one match; otherwise ``UNKNOWN`` (and the
    candidates are listed).  The conditions are mutually exclusive on patent stock
    (many / none / few) and technical base, so knowing those two usually decides.

    The paper classifies only two real standards: AVS and TD-SCDMA are interactive
    (专利与标准互动型).  It gives no real example of the other two modes.

    References
    ----------
    Seed paper (Wang, Wang and Deng), section 3.1(1) and table 1.

    Examples
    --------
    >>> classify_formation({"patent_stock": "few", "technical_base": "some"}).mode.value
    'interactive'
    >>> classify_formation({}).mode.value
    'unknown'
    """
    data = inputs if isinstance(inputs, FormationInputs) else FormationInputs.from_dict(inputs)
    checks: list[ConditionCheck] = []
    for mode in _MODES:
        row = TABLE1[mode]
        for cid, text in row.condition_atoms:
            field, want = _CONDITIONS[cid]
            status, detail = _eq(getattr(data, field), want, field)
            checks.append(ConditionCheck(mode, cid, text, status, detail, required=cid != "I5"))
        sid, want, text = _SEQUENCE[mode]
        status, detail = _eq(data.sequence, want, "sequence")
        checks.append(ConditionCheck(mode, sid, text, status, detail, source="section 3.1(1)"))

    score: dict[FormationMode, int] = {}
    for mode in _MODES:
        own = [c for c in checks if c.mode is mode and c.required]
        if any(c.status is _X for c in own):
            continue
        score[mode] = sum(c.status is _M for c in own)
    candidates = tuple(sorted(score, key=lambda m: (-score[m], _MODES.index(m))))

    notes: list[str] = []
    mode = FormationMode.UNKNOWN
    if not candidates:
        notes.append(
            "no mode of table 1 fits: every mode has a condition the inputs contradict"
        )
    else:
        best = score[candidates[0]]
        tied = [m for m in candidates if score[m] == best]
        if best == 0:
            notes.append("no condition of any mode is known to hold")
        elif len(tied) > 1:
            notes.append("tie between " + ", ".join(m.value for m in tied))
        else:
            mode = candidates[0]
    fully = mode is not FormationMode.UNKNOWN and all(
        c.status is _M for c in checks if c.mode is mode and c.required
    )
    if mode is FormationMode.INTERACTIVE:
        notes.append(
            "the paper: the interactive mode is in essence also standard-pull (本质上也属于"
            "标准拉动型), built on a small existing stock of patents"
        )
    return FormationClassification(
        mode=mode,
        checks=tuple(checks),
        candidates=candidates,
        fully_matched=fully,
        row=TABLE1.get(mode),
        notes=tuple(notes),
    )

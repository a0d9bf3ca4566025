"""Which formation mode fits an alliance's standard (seed paper, section 3.1(1), table 1)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from poolcalc._result import Result, TableView
from poolcalc.errors import ChoiceEnum, InvalidInputError

from ._markers import MarkerStatus
from ._paper import FormationMode, FormationModeRow, Text
from ._table1 import TABLE1
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


class PatentStock(ChoiceEnum):
    """The alliance's stock of relevant patents when the standard is set up (table 1)."""

    NONE = "none"  # patents lacking (condition S2)
    FEW = "few"  # a few patents (I2)
    MANY = "many"  # a sizeable number of patents (P1)


class TechnicalBase(ChoiceEnum):
    """The alliance's technological base (table 1)."""

    WEAK = "weak"  # thin technical groundwork (S1)
    SOME = "some"  # some technical groundwork (I1)
    STRONG = "strong"  # not in table 1; a strong base goes with many patents, mature


class PatentSequence(ChoiceEnum):
    """Which came first, patents or the standard (section 3.1(1) sorts the modes by it)."""

    PATENTS_FIRST = "patents_first"  # the standard is built from patents already held
    STANDARD_FIRST = "standard_first"  # the standard's goals first, patents developed for them
    ITERATIVE = "iterative"  # a few patents, a standard, more patents, a revised standard


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
        ``none`` (patents lacking, S2), ``few`` (I2), ``many`` (P1).
    technology_maturity_high : bool
        The technology is fairly mature (P2).
    technical_base : TechnicalBase or str
        ``weak`` (S1), ``some`` (I1), ``strong``.
    national_interest : bool
        The standard matters for national industrial development and major
        interests (S3).
    fits_industry_direction : bool
        It follows the direction the industry is taking (S4).
    international_competitiveness : bool
        It matters for the industry's international competitiveness (I3).
    exploratory : bool
        The work is exploratory (I4).
    series_of_standards : bool
        A family of standards may result (I5; informative only, as the paper says
        "may").
    clear_goal : bool
        A clear goal (S5, I6).
    needs_continual_improvement : bool
        The goal needs repeated revision and improvement (I7).
    sequence : PatentSequence or str
        ``patents_first``, ``standard_first`` or ``iterative`` (section 3.1(1)).

    The condition ids refer to :data:`poolcalc.alliance.TABLE1`.
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

    ``required`` is False for the interactive mode's "a family of standards may
    result" (I5: the paper says "may"), which never rules the mode in or out.
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


@attrs.frozen(repr=False)
class FormationClassification(Result):
    """Result of :func:`classify_formation`.

    ``str()`` is the report: every condition of every mode with its status and the
    inputs that decided it, then the candidates and notes.

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
    _frame_index: ClassVar[tuple[str, str]] = ("mode", "id")

    def matched(self, mode: FormationMode | str | None = None) -> tuple[ConditionCheck, ...]:
        """Return the matched conditions (of ``mode``; default the classified mode)."""
        m = self.mode if mode is None else FormationMode(mode)
        return tuple(c for c in self.checks if c.mode is m and c.status is MarkerStatus.MATCHED)

    def to_dict(self) -> dict[str, Any]:
        """Return the classification as JSON-ready data."""
        return {
            "mode": self.mode.value,
            "mode_zh": self.mode.zh,
            "fully_matched": self.fully_matched,
            "candidates": [c.value for c in self.candidates],
            "conditions": [
                {"mode": c.mode.value, "id": c.id, "status": c.status.value,
                 "required": c.required, "zh": c.text.zh, "en": c.text.en,
                 "detail": c.detail, "source": c.source}
                for c in self.checks
            ],
            "notes": list(self.notes),
        }

    def _view(self) -> TableView:
        footer = []
        if self.candidates and self.mode is FormationMode.UNKNOWN:
            footer.append("candidates: " + ", ".join(c.value for c in self.candidates))
        footer.extend(f"note: {n}" for n in self.notes)
        return TableView(
            headers=("mode", "condition", "status", "text", "evidence"),
            rows=[(c.mode.value, c.id + ("" if c.required else " (may)"), c.status.value,
                   c.text.en, c.detail) for c in self.checks],
            title=f"formation mode = {self.mode.value} ({self.mode.zh})",
            align=("l",) * 5,
            footer=footer,
        )

    def _records(self) -> list[dict[str, Any]]:
        return self.to_dict()["conditions"]

    def _summary(self) -> str:
        return f"mode={self.mode.value}, candidates={[c.value for c in self.candidates]}"


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
                                Text("专利在先、标准在后", "patents first, standard second")),
    FormationMode.STANDARD_PULL: ("SS", PatentSequence.STANDARD_FIRST,
                                  Text("标准先行", "standard first")),
    FormationMode.INTERACTIVE: ("IS", PatentSequence.ITERATIVE,
                                Text("以少量既有技术或专利为起点，再修订标准",
                                     "a small stock of existing technology or patents to "
                                     "start from, then the standard revised")),
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
    The seed paper (:data:`poolcalc.alliance.PAPER`), section 3.1(1) and table 1.

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
            "the paper counts the interactive mode as a variant of standard-pull "
            "(标准拉动型) that starts from a small stock of existing patents"
        )
    return FormationClassification(
        mode=mode,
        checks=tuple(checks),
        candidates=candidates,
        fully_matched=fully,
        row=TABLE1.get(mode),
        notes=tuple(notes),
    )

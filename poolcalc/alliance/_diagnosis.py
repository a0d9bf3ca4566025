"""Which standardization stage an alliance is in, from its data (seed paper, table 2)."""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Mapping
from typing import Any

import attrs

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError

from ._markers import (
    SNAPSHOT_FIELDS,
    STAGE_ORDER,
    MarkerCheck,
    MarkerStatus,
    check_all,
    merge_facts,
    not_after,
    unknown_fields,
)
from ._paper import Problem, Stage, StageComparisonRow, StageSupport, Strategy
from ._profile import AllianceProfile, MilestoneEvent
from ._table2 import TABLE2
from ._table3 import TABLE3
from ._validate import as_when, fmt_when

__all__ = ["Diagnosis", "diagnose"]

_M, _X, _U = MarkerStatus.MATCHED, MarkerStatus.MISSING, MarkerStatus.UNKNOWN

# --------------------------------------------------------------------------- result


@attrs.frozen(repr=False)
class Diagnosis(Result):
    """Result of :func:`diagnose`.

    ``str()`` is the report: every marker with its status and evidence, the unknown
    data, the caveats, and the stage's table-3 problems and government support
    strategies in English and Chinese; ``to_dict()`` the same as JSON-ready data.

    Attributes
    ----------
    name : str
        The alliance.
    stage : Stage
        The stage the data show, or ``Stage.UNKNOWN`` when they do not decide.
    checks : tuple of MarkerCheck
        Every marker of every stage with its status (matched / missing / unknown) and
        the values that decided it.
    could_also_be : tuple of Stage
        Stages the unknown data could still lead to (empty when the data decide).
    formation_complete : bool or None
        Whether the formation marker F1 (a de jure standard) is met; None if unknown.
    unknown_fields : tuple of str
        Profile fields that were unknown (None) and that some marker needed
        (``licensees.<level>`` for chain levels missing from ``licensees``).
    notes : tuple of str
        Caveats: overlaps between stages, atypical paths, ignored data.
    as_of : int, datetime.date or None
    min_markers : int
        The entry threshold used.
    comparison : StageComparisonRow or None
        Table 2 for the stage (goal, markers, mechanism); None for UNKNOWN.
    support : StageSupport or None
        Table 3 for the stage (problems and government support strategies).
    """

    name: str
    stage: Stage
    checks: tuple[MarkerCheck, ...]
    could_also_be: tuple[Stage, ...]
    formation_complete: bool | None
    unknown_fields: tuple[str, ...]
    notes: tuple[str, ...]
    as_of: int | _dt.date | None
    min_markers: int
    comparison: StageComparisonRow | None
    support: StageSupport | None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Table 3: the stage's main problems (empty for UNKNOWN)."""
        return () if self.support is None else self.support.problems

    @property
    def strategies(self) -> tuple[Strategy, ...]:
        """Table 3: the government support strategies for the stage (empty for UNKNOWN)."""
        return () if self.support is None else self.support.strategies

    def _select(self, status: MarkerStatus, stage: Stage | str | None) -> tuple[MarkerCheck, ...]:
        st = None if stage is None else Stage(stage)
        return tuple(
            c for c in self.checks if c.status is status and (st is None or c.marker.stage is st)
        )

    def matched(self, stage: Stage | str | None = None) -> tuple[MarkerCheck, ...]:
        """Return the checks with status MATCHED (optionally of one stage)."""
        return self._select(MarkerStatus.MATCHED, stage)

    def missing(self, stage: Stage | str | None = None) -> tuple[MarkerCheck, ...]:
        """Return the checks with status MISSING (optionally of one stage)."""
        return self._select(MarkerStatus.MISSING, stage)

    def unknown(self, stage: Stage | str | None = None) -> tuple[MarkerCheck, ...]:
        """Return the checks with status UNKNOWN (optionally of one stage)."""
        return self._select(MarkerStatus.UNKNOWN, stage)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (strings, lists, numbers)."""
        when = None if self.as_of is None else fmt_when(self.as_of)
        return {
            "name": self.name,
            "stage": self.stage.value,
            "stage_zh": self.stage.zh,
            "as_of": when,
            "formation_complete": self.formation_complete,
            "could_also_be": [s.value for s in self.could_also_be],
            "markers": [
                {"id": c.marker.id, "stage": c.marker.stage.value, "status": c.status.value,
                 "zh": c.marker.text.zh, "en": c.marker.text.en, "detail": c.detail,
                 "source": c.marker.source}
                for c in self.checks
            ],
            "unknown_fields": list(self.unknown_fields),
            "notes": list(self.notes),
            "problems": [
                {"number": p.number, "zh": p.text.zh, "en": p.text.en} for p in self.problems
            ],
            "strategies": [
                {"number": s.number, "addresses": s.addresses, "zh": s.text.zh,
                 "en": s.text.en, "instruments": list(s.instruments)}
                for s in self.strategies
            ],
        }

    def _view(self) -> TableView:
        when = "" if self.as_of is None else f" as of {fmt_when(self.as_of)}"
        title = f"{self.name}{when}: stage = {self.stage.value} ({self.stage.zh})"
        if self.could_also_be:
            title += "; could also be " + ", ".join(s.value for s in self.could_also_be)
        rows = [
            (c.marker.id, c.marker.stage.value, c.status.value, c.marker.text.en, c.detail)
            for c in self.checks
        ]
        counts = []
        for st in STAGE_ORDER:
            checks = [c for c in self.checks if c.marker.stage is st]
            n = sum(c.status is MarkerStatus.MATCHED for c in checks)
            counts.append(f"{st.value} {n}/{len(checks)}")
        footer = ["markers matched: " + ", ".join(counts)]
        if self.unknown_fields:
            footer.append("unknown data: " + ", ".join(self.unknown_fields))
        footer.extend(f"note: {n}" for n in self.notes)
        if self.support is not None:
            footer.append(f"problems of the {self.stage.value} stage (table 3):")
            for p in self.problems:
                footer += [f"  {p.number}. {p.text.en}", f"     {p.text.zh}"]
            footer.append("government support strategies (table 3):")
            for s in self.strategies:
                footer += [f"  {s.number}. {s.text.en} [answers problem {s.addresses}]",
                           f"     {s.text.zh}"]
        return TableView(
            headers=("marker", "stage", "status", "sign", "evidence"),
            rows=rows,
            title=title,
            align=("l", "l", "l", "l", "l"),
            footer=footer,
        )

    def _records(self) -> list[dict[str, Any]]:
        return [
            {"marker": c.marker.id, "stage": c.marker.stage.value, "status": c.status.value,
             "sign_en": c.marker.text.en, "sign_zh": c.marker.text.zh, "evidence": c.detail,
             "source": c.marker.source}
            for c in self.checks
        ]

    def _summary(self) -> str:
        n = sum(c.status is MarkerStatus.MATCHED for c in self.checks)
        return f"{self.name!r}, stage={self.stage.value}, {n}/{len(self.checks)} markers matched"


# --------------------------------------------------------------------------- diagnose


def _count_status(checks: tuple[MarkerCheck, ...], stage: Stage) -> tuple[int, int, int]:
    sel = [c.status for c in checks if c.marker.stage is stage]
    return sel.count(_M), sel.count(_X), sel.count(_U)


def diagnose(
    alliance_data: AllianceProfile | Mapping[str, Any],
    *,
    as_of: int | _dt.date | str | None = None,
    min_markers: int = 2,
) -> Diagnosis:
    """Diagnose which standardization stage an alliance is in.

    Parameters
    ----------
    alliance_data : AllianceProfile or mapping
        The alliance's data; a mapping is passed to :meth:`AllianceProfile.from_dict`.
    as_of : int (year), datetime.date or ISO string, optional
        Diagnose the state at this time: only milestones up to ``as_of`` are used, and
        the snapshot fields only if the profile's ``observed`` is on or before
        ``as_of``.  A year means the end of that year.  Default: all data.
    min_markers : int, default 2
        Matched markers needed to say the alliance has *entered* industrialization or
        marketization.

    Returns
    -------
    Diagnosis
        Stage, marker evidence, unknowns, caveats and the stage's table-3 problems and
        government support strategies.

    Raises
    ------
    InvalidInputError
        Bad profile data (unknown enum value, negative count, unknown field) or a bad
        ``as_of`` / ``min_markers``.

    Notes
    -----
    The paper (section 3.1, figure 1) orders the stages by the maturity of the
    standard's technology, industry and market: formation -> industrialization ->
    marketization, overlapping rather than strictly sequential (section 3.1(3)).  The
    markers (标志) of table 2 are atomised into F1-F3, I1-I6, M1-M8 (see
    :data:`MARKERS`); each is MATCHED, MISSING or UNKNOWN.  With m_I, m_M the matched
    counts of industrialization and marketization markers and k = ``min_markers``:

    1. F1 missing (no de jure standard yet)                  -> formation
    2. m_M >= k                                              -> marketization
    3. F1 matched (the standard is formed; in the paper's TD-SCDMA example the
       international standard of 2000 marks formation as done, and
       industrialization through the alliance follows)       -> industrialization
    4. F1 unknown and m_I >= k                               -> industrialization
    5. otherwise                                             -> unknown

    ``could_also_be`` lists the other stages the unknown markers could still lead to:
    formation when F1 is unknown, marketization when m_M + u_M >= k (u = unknown
    markers).  Rule 1 follows section 3.2: an alliance's standard usually becomes a
    de jure standard first and a de facto one later; later-stage markers already
    present are reported as overlap notes.  Thresholds
    (k, and 3 of 5 chain levels for "widely licensed") are our operationalisation,
    not the paper's.

    References
    ----------
    Wang Shan-shan, Wang Hong-qi and Deng Jing-fei, "Research on the technology
    standardization process and government supporting tactics of industrial
    alliance", School of Management, Harbin University of Science and Technology
    (the seed paper, :data:`poolcalc.alliance.PAPER`; journal and year not given in
    the text), section 3 and tables 2-3.

    Examples
    --------
    >>> d = diagnose({"name": "X", "standard_level": "concept"})
    >>> d.stage.value, d.formation_complete
    ('formation', False)
    >>> diagnose({"name": "Y"}).stage.value
    'unknown'
    """
    profile = (
        alliance_data if isinstance(alliance_data, AllianceProfile)
        else AllianceProfile.from_dict(alliance_data)
    )
    if isinstance(min_markers, bool) or not isinstance(min_markers, numbers.Integral):
        raise InvalidInputError(f"min_markers must be a positive integer, got {min_markers!r}")
    if min_markers < 1:
        raise InvalidInputError(f"min_markers must be >= 1, got {min_markers}")
    min_markers = int(min_markers)
    when = None if as_of is None else as_when(as_of, "as_of")

    notes: list[str] = []
    if when is None:
        use_snapshot = True
        sure, maybe = profile.milestones, ()
    else:
        if profile.observed is None:
            use_snapshot = False
        else:
            use_snapshot = bool(not_after(profile.observed, when))
        if not use_snapshot and any(
            getattr(profile, f) is not None for f in SNAPSHOT_FIELDS
        ):
            obs = "unknown" if profile.observed is None else fmt_when(profile.observed)
            notes.append(
                f"snapshot fields (observed: {obs}) not used for as_of={fmt_when(when)}; "
                "only milestones up to as_of are"
            )
        sure = tuple(m for m in profile.milestones if not_after(m.when, when) is True)
        maybe = tuple(m for m in profile.milestones if not_after(m.when, when) is None)
        for m in maybe:
            notes.append(
                f"milestone {m.event.value} in {fmt_when(m.when)} (year precision) may or may "
                f"not precede {fmt_when(when)}; markers depending on it are unknown"
            )

    low = check_all(merge_facts(profile, use_snapshot, sure))
    if maybe:
        high = check_all(merge_facts(profile, use_snapshot, sure + maybe))
        checks = tuple(
            a if a.status is b.status
            else MarkerCheck(a.marker, _U, f"{a.detail} / {b.detail} (depends on milestone date)")
            for a, b in zip(low, high, strict=True)
        )
    else:
        checks = low

    unknown = unknown_fields(checks, merge_facts(profile, use_snapshot, sure))

    f1 = next(c for c in checks if c.marker.id == "F1").status
    m_i, _, u_i = _count_status(checks, Stage.INDUSTRIALIZATION)
    m_m, _, u_m = _count_status(checks, Stage.MARKETIZATION)
    k = min_markers
    mkt_possible = m_m + u_m >= k

    could: list[Stage] = []
    if f1 is _X:
        stage = Stage.FORMATION
        m7 = next(c for c in checks if c.marker.id == "M7").status
        if m7 is _M:
            notes.append(
                "the standard is de facto without being de jure: table 2 says formation is "
                "only 'generally' (一般) marked by a de jure standard, so weigh the later-stage "
                "markers too"
            )
        if m_i or m_m:
            notes.append(
                f"markers of later stages already present (industrialization {m_i}, "
                f"marketization {m_m}): the paper notes the stages overlap and that formation "
                "can be seen as the early part of industrialization (section 3.1(3))"
            )
    elif m_m >= k:
        stage = Stage.MARKETIZATION
        if f1 is _U:
            could.append(Stage.FORMATION)
            notes.append(
                "formation marker F1 (de jure standard) unknown: if the standard is not yet "
                "de jure, the paper's path would put the alliance in formation"
            )
        if m_i == 0 and u_i == 0:
            notes.append(
                "no industrialization marker is met: atypical path (the paper: alliance "
                "standards generally industrialize before they marketize, section 3.2)"
            )
    elif f1 is _M:
        stage = Stage.INDUSTRIALIZATION
        if m_i == 0:
            notes.append(
                "standard formed but no industrialization marker met yet: the alliance is at "
                "the start of industrialization"
            )
        if mkt_possible:
            could.append(Stage.MARKETIZATION)
    elif m_i >= k:
        stage = Stage.INDUSTRIALIZATION
        could.append(Stage.FORMATION)
        notes.append(
            "formation marker F1 (de jure standard) unknown: if the standard is not yet "
            "de jure, the paper's path would put the alliance in formation"
        )
        if mkt_possible:
            could.append(Stage.MARKETIZATION)
    else:
        stage = Stage.UNKNOWN
        could.append(Stage.FORMATION)
        could.append(Stage.INDUSTRIALIZATION)  # F1 unknown: it may be matched
        if mkt_possible:
            could.append(Stage.MARKETIZATION)

    if when is not None:
        formed = [m for m in profile.milestones if m.event is MilestoneEvent.ALLIANCE_FORMED]
        if formed and all(not_after(m.when, when) is False for m in formed):
            notes.append(
                f"the alliance itself was formed only in {fmt_when(formed[0].when)} "
                f"(after {fmt_when(when)})"
            )

    return Diagnosis(
        name=profile.name,
        stage=stage,
        checks=checks,
        could_also_be=tuple(could),
        formation_complete=None if f1 is _U else f1 is _M,
        unknown_fields=tuple(unknown),
        notes=tuple(notes),
        as_of=when,
        min_markers=min_markers,
        comparison=TABLE2.get(stage),
        support=TABLE3.get(stage),
    )

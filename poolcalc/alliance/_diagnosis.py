"""Which standardization stage an alliance is in, from its data (paper table 2)."""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError

from ._paper import (
    TABLE2,
    TABLE3,
    Problem,
    Stage,
    StageComparisonRow,
    StageSupport,
    Strategy,
    Text,
)
from ._profile import (
    AllianceProfile,
    ChainLevel,
    LicensingMode,
    MilestoneEvent,
    StandardLevel,
    StandardType,
)
from ._validate import as_when, fmt_when

__all__ = [
    "MARKERS",
    "Diagnosis",
    "Marker",
    "MarkerCheck",
    "MarkerStatus",
    "diagnose",
]

#: Licensees at this many of the five chain levels count as "widely licensed" (I4).
WIDE_LICENSING_LEVELS = 3


class MarkerStatus(StrEnum):
    """Outcome of checking one marker against the data."""

    MATCHED = "matched"
    MISSING = "missing"
    UNKNOWN = "unknown"


@attrs.frozen
class Marker:
    """A stage marker (标志) and the profile fields it reads.

    Attributes
    ----------
    id : str
        ``F1``..``F3`` (formation), ``I1``..``I6`` (industrialization), ``M1``..``M8``
        (marketization).
    stage : Stage
    text : Text
        The paper's words (a part of a table-2 cell, or of the running text).
    source : str
        Where in the paper: ``"table 2, markers"``, ``"table 2, goal"`` or a section.
    fields : tuple of str
        The :class:`AllianceProfile` fields (or milestone events) it reads.
    rule : str
        How the data decide it (our operationalisation).
    """

    id: str
    stage: Stage
    text: Text
    source: str
    fields: tuple[str, ...]
    rule: str


@attrs.frozen
class MarkerCheck:
    """One marker checked against the data: status and the values that decided it."""

    marker: Marker
    status: MarkerStatus
    detail: str

    def __str__(self) -> str:
        return f"[{self.status.value:>7}] {self.marker.id} {self.marker.text.en}: {self.detail}"


_T2 = "table 2, markers (标志)"
MARKERS: tuple[Marker, ...] = (
    Marker("F1", Stage.FORMATION, Text("确立为法定标准", "established as a de jure standard"),
           _T2, ("standard_level", "milestones: standard"),
           "standard level is local, industry, national, regional or international"),
    Marker("F2", Stage.FORMATION,
           Text("初步形成基础技术标准", "a basic technical standard initially formed"),
           _T2, ("standard_types",), "'basic' among standard_types"),
    Marker("F3", Stage.FORMATION,
           Text("产业内核心企业和有关机构(构成标准专利池)",
                "core firms and institutions of the industry form the standard's patent pool"),
           "section 3.1(2)①", ("pool_members", "milestones: pool_formed"),
           "pool_members >= 2 or a pool_formed milestone"),
    Marker("I1", Stage.INDUSTRIALIZATION,
           Text("形成含有系列标准的标准体系",
                "a standard system containing a series of standards"),
           _T2, ("standard_types",), "'basic' plus at least one other standard type"),
    Marker("I2", Stage.INDUSTRIALIZATION,
           Text("构成完备的产业链条", "a complete industry chain formed"),
           _T2, ("licensees",), "licensees at every one of the five chain levels"),
    Marker("I3", Stage.INDUSTRIALIZATION,
           Text("用户安装基础扩大", "the user installed base expanding"),
           _T2, ("users_growing",), "users_growing is true"),
    Marker("I4", Stage.INDUSTRIALIZATION,
           Text("标准专利许可实施范围广", "standard-patent licences widely implemented"),
           _T2, ("licensees",),
           f"licensees at >= {WIDE_LICENSING_LEVELS} of the five chain levels"),
    Marker("I5", Stage.INDUSTRIALIZATION,
           Text("生产工艺、基础设施等符合标准产品要求",
                "production processes, infrastructure etc. meet the standard's requirements"),
           _T2, ("infrastructure_conforms",), "infrastructure_conforms is true"),
    Marker("I6", Stage.INDUSTRIALIZATION,
           Text("在产业范围内优惠许可标准专利",
                "standard patents licensed across the industry on preferential terms"),
           "section 3.1(2)①", ("licensing", "milestones: industry_licensing"),
           "licensing is preferential or market (licences beyond the pool's members)"),
    Marker("M1", Stage.MARKETIZATION,
           Text("标准用户规模超过临界容量", "the user base exceeds critical mass"),
           _T2, ("user_base", "critical_mass", "milestones: critical_mass"),
           "user_base > critical_mass, or a critical_mass milestone"),
    Marker("M2", Stage.MARKETIZATION,
           Text("不断开发出终端产品", "terminal products keep being developed"),
           _T2, ("terminal_products", "milestones: product_launch"),
           "terminal_products >= 1 or a product_launch milestone"),
    Marker("M3", Stage.MARKETIZATION,
           Text("互补品", "complements keep being developed"),
           _T2, ("complementary_products",), "complementary_products >= 1"),
    Marker("M4", Stage.MARKETIZATION,
           Text("消费者数量和市场占有率不断增长",
                "the number of consumers and the market share keep growing"),
           _T2, ("users_growing", "market_share_growing"), "both are true"),
    Marker("M5", Stage.MARKETIZATION,
           Text("标准在市场反馈中不断地完善与升级",
                "the standard is refined and upgraded from market feedback"),
           _T2, ("upgraded_from_feedback",), "upgraded_from_feedback is true"),
    Marker("M6", Stage.MARKETIZATION,
           Text("能够对国外标准构成挑战，在全球标准竞争中占据一席之地",
                "it can challenge foreign standards and holds a place in global competition"),
           _T2, ("challenges_foreign",), "challenges_foreign is true"),
    Marker("M7", Stage.MARKETIZATION,
           Text("成为事实标准", "has become the de facto standard"),
           "table 2, goal (目标)", ("de_facto", "milestones: de_facto"),
           "de_facto is true or a de_facto milestone"),
    Marker("M8", Stage.MARKETIZATION,
           Text("提供标准专利许可和增值业务...获取经济收益",
                "licensing and value-added services for economic returns"),
           "section 3.1(2)②", ("licensing", "milestones: market_licensing"),
           "licensing is market"),
)

_STAGE_ORDER = (Stage.FORMATION, Stage.INDUSTRIALIZATION, Stage.MARKETIZATION)


# --------------------------------------------------------------------------- facts


@attrs.frozen
class _Facts:
    """The values the markers read, after merging the snapshot and the milestones."""

    standard_level: StandardLevel | None
    level_source: str
    de_facto: bool | None
    standard_types: frozenset[StandardType] | None
    pool: bool | None
    pool_members: int | None
    licensing: LicensingMode | None
    licensees: Mapping[ChainLevel, int] | None
    user_base: int | None
    critical_mass: int | None
    critical_mass_milestone: bool
    users_growing: bool | None
    market_share_growing: bool | None
    terminal_products: int | None
    product_launch: bool
    complementary_products: int | None
    infrastructure_conforms: bool | None
    upgraded_from_feedback: bool | None
    challenges_foreign: bool | None


_SNAPSHOT_FIELDS = (
    "standard_level", "de_facto", "standard_types", "pool_members", "licensing", "licensees",
    "user_base", "critical_mass", "users_growing", "market_share_growing",
    "terminal_products", "complementary_products", "infrastructure_conforms",
    "upgraded_from_feedback", "challenges_foreign",
)


def _not_after(when: int | _dt.date, as_of: int | _dt.date) -> bool | None:
    """Is ``when`` on or before ``as_of``?  None when year precision cannot tell.

    A year ``as_of`` means the end of that year; a year ``when`` compared with a date
    ``as_of`` in the same year is undecidable.
    """
    if isinstance(as_of, int):
        year = when if isinstance(when, int) else when.year
        return year <= as_of
    if isinstance(when, int):
        if when == as_of.year:
            return None
        return when < as_of.year
    return when <= as_of


def _merge(profile: AllianceProfile, use_snapshot: bool, milestones: tuple) -> _Facts:
    snap = profile if use_snapshot else None

    def get(field: str) -> Any:
        return None if snap is None else getattr(snap, field)

    level = get("standard_level")
    level_source = "standard_level" if level is not None else ""
    for m in milestones:
        if m.event is MilestoneEvent.STANDARD and (level is None or m.level.rank > level.rank):
            level, level_source = m.level, f"milestone {fmt_when(m.when)}"
    events = {m.event for m in milestones}

    # A milestone records something that happened; the snapshot cannot undo it, so
    # ordered facts take the maximum and flags the "or" of snapshot and milestones.
    pool_members = get("pool_members")
    pool: bool | None = None if pool_members is None else pool_members >= 2
    if MilestoneEvent.POOL_FORMED in events:
        pool = True

    licensing = get("licensing")
    for event, mode in ((MilestoneEvent.INDUSTRY_LICENSING, LicensingMode.PREFERENTIAL),
                        (MilestoneEvent.MARKET_LICENSING, LicensingMode.MARKET)):
        if event in events and (licensing is None or licensing.rank < mode.rank):
            licensing = mode

    de_facto = get("de_facto")
    if MilestoneEvent.DE_FACTO in events:
        de_facto = True

    return _Facts(
        standard_level=level,
        level_source=level_source,
        de_facto=de_facto,
        standard_types=get("standard_types"),
        pool=pool,
        pool_members=pool_members,
        licensing=licensing,
        licensees=get("licensees"),
        user_base=get("user_base"),
        critical_mass=get("critical_mass"),
        critical_mass_milestone=MilestoneEvent.CRITICAL_MASS in events,
        users_growing=get("users_growing"),
        market_share_growing=get("market_share_growing"),
        terminal_products=get("terminal_products"),
        product_launch=MilestoneEvent.PRODUCT_LAUNCH in events,
        complementary_products=get("complementary_products"),
        infrastructure_conforms=get("infrastructure_conforms"),
        upgraded_from_feedback=get("upgraded_from_feedback"),
        challenges_foreign=get("challenges_foreign"),
    )


# --------------------------------------------------------------------------- marker rules

_M, _X, _U = MarkerStatus.MATCHED, MarkerStatus.MISSING, MarkerStatus.UNKNOWN
_Rule = Callable[[_Facts], tuple[MarkerStatus, str]]


def _flag(value: bool | None, name: str) -> tuple[MarkerStatus, str]:
    if value is None:
        return _U, f"{name} unknown"
    return (_M if value else _X), f"{name}={str(value).lower()}"


def _f1(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.standard_level is None:
        return _U, "standard level unknown"
    src = f" ({f.level_source})" if f.level_source else ""
    detail = f"standard level {f.standard_level.value!r} [{f.standard_level.zh}]{src}"
    return (_M if f.standard_level.de_jure else _X), detail


def _f2(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.standard_types is None:
        return _U, "standard_types unknown"
    return (_M if StandardType.BASIC in f.standard_types else _X), _types(f.standard_types)


def _types(types: frozenset[StandardType]) -> str:
    return "standard_types={" + ", ".join(sorted(t.value for t in types)) + "}"


def _f3(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.pool is None:
        return _U, "patent pool unknown"
    if f.pool_members is None or (f.pool and f.pool_members < 2):
        return _M, "pool_formed milestone"
    return (_M if f.pool else _X), f"pool_members={f.pool_members}"


def _i1(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.standard_types is None:
        return _U, "standard_types unknown"
    ok = StandardType.BASIC in f.standard_types and len(f.standard_types) >= 2
    return (_M if ok else _X), _types(f.standard_types)


def _chain(f: _Facts, needed: int) -> tuple[MarkerStatus, str]:
    if f.licensees is None:
        return _U, "licensees per chain level unknown"
    covered = [lv for lv in ChainLevel if f.licensees.get(lv, 0) > 0]
    unknown = [lv for lv in ChainLevel if lv not in f.licensees]
    detail = (
        f"licensees at {len(covered)}/5 chain levels ("
        + ", ".join(f"{lv.value}={f.licensees[lv]}" for lv in ChainLevel if lv in f.licensees)
        + (f"; unknown: {', '.join(lv.value for lv in unknown)}" if unknown else "")
        + ")"
    )
    if len(covered) >= needed:
        return _M, detail
    if len(covered) + len(unknown) < needed:
        return _X, detail
    return _U, detail


def _i6(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.licensing is None:
        return _U, "licensing mode unknown"
    ok = f.licensing.rank >= LicensingMode.PREFERENTIAL.rank
    return (_M if ok else _X), f"licensing={f.licensing.value}"


def _m1(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.critical_mass_milestone:
        return _M, "critical_mass milestone"
    if f.user_base is None or f.critical_mass is None:
        missing = [n for n in ("user_base", "critical_mass") if getattr(f, n) is None]
        return _U, f"{' and '.join(missing)} unknown"
    ok = f.user_base > f.critical_mass
    return (_M if ok else _X), f"user_base={f.user_base} vs critical_mass={f.critical_mass}"


def _m2(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.terminal_products is not None and (f.terminal_products > 0 or not f.product_launch):
        return (_M if f.terminal_products > 0 else _X), (
            f"terminal_products={f.terminal_products}"
        )
    if f.product_launch:
        return _M, "product_launch milestone"
    return _U, "terminal_products unknown"


def _m3(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.complementary_products is None:
        return _U, "complementary_products unknown"
    return (_M if f.complementary_products > 0 else _X), (
        f"complementary_products={f.complementary_products}"
    )


def _m4(f: _Facts) -> tuple[MarkerStatus, str]:
    vals = (f.users_growing, f.market_share_growing)
    detail = f"users_growing={_b(vals[0])}, market_share_growing={_b(vals[1])}"
    if False in vals:
        return _X, detail
    if None in vals:
        return _U, detail
    return _M, detail


def _b(v: bool | None) -> str:
    return "unknown" if v is None else str(v).lower()


def _m8(f: _Facts) -> tuple[MarkerStatus, str]:
    if f.licensing is None:
        return _U, "licensing mode unknown"
    return (_M if f.licensing is LicensingMode.MARKET else _X), f"licensing={f.licensing.value}"


_RULES: dict[str, _Rule] = {
    "F1": _f1,
    "F2": _f2,
    "F3": _f3,
    "I1": _i1,
    "I2": lambda f: _chain(f, len(ChainLevel)),
    "I3": lambda f: _flag(f.users_growing, "users_growing"),
    "I4": lambda f: _chain(f, WIDE_LICENSING_LEVELS),
    "I5": lambda f: _flag(f.infrastructure_conforms, "infrastructure_conforms"),
    "I6": _i6,
    "M1": _m1,
    "M2": _m2,
    "M3": _m3,
    "M4": _m4,
    "M5": lambda f: _flag(f.upgraded_from_feedback, "upgraded_from_feedback"),
    "M6": lambda f: _flag(f.challenges_foreign, "challenges_foreign"),
    "M7": lambda f: _flag(f.de_facto, "de_facto"),
    "M8": _m8,
}


def _check_all(facts: _Facts) -> tuple[MarkerCheck, ...]:
    return tuple(MarkerCheck(m, *_RULES[m.id](facts)) for m in MARKERS)


_FACT_OF = {"pool_members": "pool"}


def _unknown_fields(checks: tuple[MarkerCheck, ...], facts: _Facts) -> tuple[str, ...]:
    """Profile fields that are unknown and that an UNKNOWN marker needs.

    A partly known ``licensees`` mapping reports its unknown levels as
    ``licensees.<level>``; markers left unknown by year-precision milestones report
    ``milestones (date precision)``.
    """
    out: list[str] = []

    def add(name: str) -> None:
        if name not in out:
            out.append(name)

    for c in checks:
        if c.status is not _U:
            continue
        if c.detail.endswith("(depends on milestone date)"):
            add("milestones (date precision)")
        for fld in c.marker.fields:
            if fld.startswith("milestones"):
                continue
            value = getattr(facts, _FACT_OF.get(fld, fld))
            if value is None:
                add(fld)
            elif fld == "licensees":
                for lv in ChainLevel:
                    if lv not in value:
                        add(f"licensees.{lv.value}")
    return tuple(out)


# --------------------------------------------------------------------------- result


@attrs.frozen
class Diagnosis:
    """Result of :func:`diagnose`.

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

    def summary(self, *, strategies: bool = True, chinese: bool = False) -> str:
        """Return a readable multi-line report (markers, caveats, table-3 problems/strategies)."""
        when = "" if self.as_of is None else f" as of {fmt_when(self.as_of)}"
        head = f"{self.name}{when}: stage = {self.stage.value} ({self.stage.zh})"
        lines = [head]
        if self.could_also_be:
            lines.append("  could also be: " + ", ".join(s.value for s in self.could_also_be))
        for st in _STAGE_ORDER:
            checks = [c for c in self.checks if c.marker.stage is st]
            n = sum(c.status is MarkerStatus.MATCHED for c in checks)
            lines.append(f"  {st.value} markers: {n}/{len(checks)} matched")
            lines.extend(f"    {c}" for c in checks)
        if self.unknown_fields:
            lines.append("  unknown data: " + ", ".join(self.unknown_fields))
        lines.extend(f"  note: {n}" for n in self.notes)
        if strategies and self.support is not None:
            lines.append(f"  problems of the {self.stage.value} stage (table 3):")
            for p in self.problems:
                lines.append(f"    {p.number}. {p.text.zh if chinese else p.text.en}")
            lines.append("  government support strategies (table 3):")
            for s in self.strategies:
                lines.append(f"    {s.number}. {s.text.zh if chinese else s.text.en}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary(strategies=False)


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
    3. F1 matched (the standard is formed; the paper: "标志着标准已形成; 此后，依托产业
       联盟开始标准产业化")                                    -> industrialization
    4. F1 unknown and m_I >= k                               -> industrialization
    5. otherwise                                             -> unknown

    ``could_also_be`` lists the other stages the unknown markers could still lead to:
    formation when F1 is unknown, marketization when m_M + u_M >= k (u = unknown
    markers).  Rule 1 follows the paper's "一般...先成为法定标准，后...成为事实标准";
    later-stage markers already present are reported as overlap notes.  Thresholds
    (k, and 3 of 5 chain levels for "widely licensed") are our operationalisation,
    not the paper's.

    References
    ----------
    Wang Shan-shan, Wang Hong-qi, Deng Jing-fei, "Research on the technology
    standardization process and government supporting tactics of industrial
    alliance", Harbin University of Science and Technology (seed paper; venue and year
    not stated), section 3 and tables 2-3.

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
            use_snapshot = bool(_not_after(profile.observed, when))
        if not use_snapshot and any(
            getattr(profile, f) is not None for f in _SNAPSHOT_FIELDS
        ):
            obs = "unknown" if profile.observed is None else fmt_when(profile.observed)
            notes.append(
                f"snapshot fields (observed: {obs}) not used for as_of={fmt_when(when)}; "
                "only milestones up to as_of are"
            )
        sure = tuple(m for m in profile.milestones if _not_after(m.when, when) is True)
        maybe = tuple(m for m in profile.milestones if _not_after(m.when, when) is None)
        for m in maybe:
            notes.append(
                f"milestone {m.event.value} in {fmt_when(m.when)} (year precision) may or may "
                f"not precede {fmt_when(when)}; markers depending on it are unknown"
            )

    low = _check_all(_merge(profile, use_snapshot, sure))
    if maybe:
        high = _check_all(_merge(profile, use_snapshot, sure + maybe))
        checks = tuple(
            a if a.status is b.status
            else MarkerCheck(a.marker, _U, f"{a.detail} / {b.detail} (depends on milestone date)")
            for a, b in zip(low, high, strict=True)
        )
    else:
        checks = low

    unknown_fields = _unknown_fields(checks, _merge(profile, use_snapshot, sure))

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
        if formed and all(_not_after(m.when, when) is False for m in formed):
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
        unknown_fields=tuple(unknown_fields),
        notes=tuple(notes),
        as_of=when,
        min_markers=min_markers,
        comparison=TABLE2.get(stage),
        support=TABLE3.get(stage),
    )

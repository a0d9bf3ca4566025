"""The stage markers of the seed paper's table 2, and how an alliance's data decide them.

Each marker (标志) is one observable sign that an alliance has reached a stage:
F1-F3 for formation, I1-I6 for industrialization, M1-M8 for marketization.  Most are
phrases of table 2's markers cell (:data:`poolcalc.alliance.TABLE2`); M7 comes from
the marketization goal and F3, I6, M8 from the running text of section 3.1(2) (who
is licensed in each stage).  Each marker has a rule over the profile's data (ours)
giving MATCHED, MISSING or UNKNOWN; :func:`poolcalc.alliance.diagnose` combines them.

References
----------
The seed paper (:data:`poolcalc.alliance.PAPER`), section 3.1 and table 2.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from poolcalc.errors import ChoiceEnum

from ._paper import Stage, Text
from ._profile import (
    AllianceProfile,
    ChainLevel,
    LicensingMode,
    MilestoneEvent,
    StandardLevel,
    StandardType,
)
from ._validate import fmt_when

__all__ = [
    "MARKERS",
    "SNAPSHOT_FIELDS",
    "STAGE_ORDER",
    "WIDE_LICENSING_LEVELS",
    "Marker",
    "MarkerCheck",
    "MarkerStatus",
    "check_all",
    "merge_facts",
    "not_after",
    "unknown_fields",
]

#: Licensees at this many of the five chain levels count as "widely licensed" (I4).
WIDE_LICENSING_LEVELS = 3


class MarkerStatus(ChoiceEnum):
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
        The sign, in our words: a phrase of table 2's summary (:data:`poolcalc.alliance.TABLE2`) for
        the markers sourced from table 2, else a summary of the running text.
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
    Marker("F1", Stage.FORMATION, Text("已获批为法定标准", "adopted as a de jure standard"),
           _T2, ("standard_level", "milestones: standard"),
           "standard level is local, industry, national, regional or international"),
    Marker("F2", Stage.FORMATION,
           Text("基础技术标准初具雏形", "a basic technical standard has taken shape"),
           _T2, ("standard_types",), "'basic' among standard_types"),
    Marker("F3", Stage.FORMATION,
           Text("行业核心企业和相关机构组成标准专利池",
                "the industry's core firms and institutions form the standard's patent pool"),
           "section 3.1(2)①", ("pool_members", "milestones: pool_formed"),
           "pool_members >= 2 or a pool_formed milestone"),
    Marker("I1", Stage.INDUSTRIALIZATION,
           Text("由多项标准组成的标准体系已经出现",
                "a standard system of several standards exists"),
           _T2, ("standard_types",), "'basic' plus at least one other standard type"),
    Marker("I2", Stage.INDUSTRIALIZATION,
           Text("产业链已经配齐", "the industry chain is complete"),
           _T2, ("licensees",), "licensees at every one of the five chain levels"),
    Marker("I3", Stage.INDUSTRIALIZATION,
           Text("用户装机基础在扩大", "the installed user base is growing"),
           _T2, ("users_growing",), "users_growing is true"),
    Marker("I4", Stage.INDUSTRIALIZATION,
           Text("标准专利被广泛许可实施",
                "the standard's patents are widely licensed and practised"),
           _T2, ("licensees",),
           f"licensees at >= {WIDE_LICENSING_LEVELS} of the five chain levels"),
    Marker("I5", Stage.INDUSTRIALIZATION,
           Text("生产工艺与基础设施等满足标准产品要求",
                "production processes and infrastructure meet the requirements of standard "
                "products"),
           _T2, ("infrastructure_conforms",), "infrastructure_conforms is true"),
    Marker("I6", Stage.INDUSTRIALIZATION,
           Text("标准专利以优惠条件向全行业许可",
                "the standard's patents are licensed industry-wide on preferential terms"),
           "section 3.1(2)①", ("licensing", "milestones: industry_licensing"),
           "licensing is preferential or market (licences beyond the pool's members)"),
    Marker("M1", Stage.MARKETIZATION,
           Text("用户数量越过临界规模", "the user base has passed critical mass"),
           _T2, ("user_base", "critical_mass", "milestones: critical_mass"),
           "user_base > critical_mass, or a critical_mass milestone"),
    Marker("M2", Stage.MARKETIZATION,
           Text("终端产品不断推出", "terminal products keep appearing"),
           _T2, ("terminal_products", "milestones: product_launch"),
           "terminal_products >= 1 or a product_launch milestone"),
    Marker("M3", Stage.MARKETIZATION,
           Text("互补品不断推出", "complementary goods keep appearing"),
           _T2, ("complementary_products",), "complementary_products >= 1"),
    Marker("M4", Stage.MARKETIZATION,
           Text("消费者人数和市场份额持续上升",
                "consumer numbers and market share keep rising"),
           _T2, ("users_growing", "market_share_growing"), "both are true"),
    Marker("M5", Stage.MARKETIZATION,
           Text("标准依据市场反馈不断改进、升级",
                "the standard is improved and upgraded from market feedback"),
           _T2, ("upgraded_from_feedback",), "upgraded_from_feedback is true"),
    Marker("M6", Stage.MARKETIZATION,
           Text("足以挑战国外标准，并在全球标准竞争中站稳脚跟",
                "it can challenge foreign standards and has secured a place in global "
                "standards competition"),
           _T2, ("challenges_foreign",), "challenges_foreign is true"),
    Marker("M7", Stage.MARKETIZATION,
           Text("成为市场上的事实标准", "become the de facto standard of its market"),
           "table 2, goal (目标)", ("de_facto", "milestones: de_facto"),
           "de_facto is true or a de_facto milestone"),
    Marker("M8", Stage.MARKETIZATION,
           Text("通过标准专利许可和增值服务取得经济收益",
                "economic returns from licensing the standard's patents and from "
                "value-added services"),
           "section 3.1(2)②", ("licensing", "milestones: market_licensing"),
           "licensing is market"),
)

STAGE_ORDER = (Stage.FORMATION, Stage.INDUSTRIALIZATION, Stage.MARKETIZATION)


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


SNAPSHOT_FIELDS = (
    "standard_level", "de_facto", "standard_types", "pool_members", "licensing", "licensees",
    "user_base", "critical_mass", "users_growing", "market_share_growing",
    "terminal_products", "complementary_products", "infrastructure_conforms",
    "upgraded_from_feedback", "challenges_foreign",
)


def not_after(when: int | _dt.date, as_of: int | _dt.date) -> bool | None:
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


def merge_facts(profile: AllianceProfile, use_snapshot: bool, milestones: tuple) -> _Facts:
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


def check_all(facts: _Facts) -> tuple[MarkerCheck, ...]:
    return tuple(MarkerCheck(m, *_RULES[m.id](facts)) for m in MARKERS)


_FACT_OF = {"pool_members": "pool"}


def unknown_fields(checks: tuple[MarkerCheck, ...], facts: _Facts) -> tuple[str, ...]:
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

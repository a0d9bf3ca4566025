"""An alliance's observable data: standard status, pool, licensees, users, milestones.

Every field except ``name`` may be ``None``, meaning *unknown*; the diagnosis reports
unknown fields and never assumes a value for them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import attrs

from poolcalc.errors import ChoiceEnum, InvalidInputError
from poolcalc.model import ChainLevel

from ._validate import (
    FrozenMap,
    as_enum,
    as_optional_bool,
    as_optional_count,
    as_when,
    check_keys,
    fmt_when,
)

__all__ = [
    "AllianceProfile",
    "ChainLevel",
    "LicensingMode",
    "Milestone",
    "MilestoneEvent",
    "StandardLevel",
    "StandardType",
]


class StandardLevel(ChoiceEnum):
    """Scope/level of the alliance's standard (paper section 3.1).

    The paper classifies standards by scope into international standards (国际标准,
    including regional standards 区域标准) and domestic standards (国内标准: national
    国家标准, industry 行业标准, local/regional 地方/区域标准 and enterprise 企业标准),
    and notes that an alliance may first put forward an academic or concept standard
    (学术或概念标准), which it does not count as a technical standard in the strict
    sense.

    Members are ordered from ``NONE`` (lowest) to ``INTERNATIONAL`` (highest);
    ``LOCAL`` and above count as *de jure* (法定) standards, i.e. issued by a
    government or official standards body.  That enterprise standards do not count is
    our reading: the paper's examples of a standard being "established" (确立为) are
    industry, national and international standards.
    """

    NONE = "none"
    CONCEPT = "concept"  # 学术或概念标准
    ENTERPRISE = "enterprise"  # 企业标准
    LOCAL = "local"  # 地方/区域标准 (domestic)
    INDUSTRY = "industry"  # 行业标准
    NATIONAL = "national"  # 国家标准
    REGIONAL = "regional"  # 区域标准 (international-regional)
    INTERNATIONAL = "international"  # 国际标准

    @property
    def rank(self) -> int:
        """Position in the order NONE < CONCEPT < ... < INTERNATIONAL."""
        return list(StandardLevel).index(self)

    @property
    def de_jure(self) -> bool:
        """True for levels issued by an official standards body (LOCAL and above)."""
        return self.rank >= StandardLevel.LOCAL.rank

    @property
    def zh(self) -> str:
        """The paper's Chinese term."""
        return _LEVEL_ZH[self]


_LEVEL_ZH = {
    StandardLevel.NONE: "无",
    StandardLevel.CONCEPT: "学术或概念标准",
    StandardLevel.ENTERPRISE: "企业标准",
    StandardLevel.LOCAL: "地方/区域标准",
    StandardLevel.INDUSTRY: "行业标准",
    StandardLevel.NATIONAL: "国家标准",
    StandardLevel.REGIONAL: "区域标准",
    StandardLevel.INTERNATIONAL: "国际标准",
}


class StandardType(ChoiceEnum):
    """Kinds of standard in a standard system (table 2, industrialization markers)."""

    BASIC = "basic"  # 基础技术标准
    PRODUCT = "product"  # 产品标准
    PROCESS = "process"  # 工艺标准
    TEST_METHOD = "test_method"  # 检验和试验方法标准
    EQUIPMENT = "equipment"  # 设备标准
    OTHER = "other"  # 等 (the paper's list ends with "etc.")


# ChainLevel (with the paper's Chinese terms, ``ChainLevel.zh``) lives in the domain
# model since licensees.csv has a ``chain_level`` column; the alliance module adds
# input aliases.
_CHAIN_ALIASES = {
    "components": ChainLevel.TECHNOLOGY,
    "component": ChainLevel.TECHNOLOGY,
    "chips": ChainLevel.TECHNOLOGY,
    "chip": ChainLevel.TECHNOLOGY,
    "terminals": ChainLevel.TERMINAL,
    "products": ChainLevel.TERMINAL,
    "operators": ChainLevel.OPERATOR,
    "network": ChainLevel.OPERATOR,
    "services": ChainLevel.SERVICE,
    "content": ChainLevel.SERVICE,
}


def chain_level(value: Any, name: str = "chain level") -> ChainLevel:
    """Coerce a chain level or one of its aliases (see :class:`ChainLevel`)."""
    if isinstance(value, str) and value.strip().lower() in _CHAIN_ALIASES:
        return _CHAIN_ALIASES[value.strip().lower()]
    return as_enum(ChainLevel, value, name)


class LicensingMode(ChoiceEnum):
    """How the pool licenses the standard's patents (paper section 3.1(2)).

    ``POOL_ONLY``: the patents are shared among the pool's members and nobody else
    (formation); ``PREFERENTIAL``: the standard's patents are licensed industry-wide on
    preferential terms (industrialization); ``MARKET``: licensing and value-added
    services for economic returns (marketization).
    """

    NONE = "none"
    POOL_ONLY = "pool_only"
    PREFERENTIAL = "preferential"
    MARKET = "market"

    @property
    def rank(self) -> int:
        """Position in the order NONE < POOL_ONLY < PREFERENTIAL < MARKET."""
        return list(LicensingMode).index(self)


class MilestoneEvent(ChoiceEnum):
    """Dated events an analyst can record (all optional)."""

    ALLIANCE_FORMED = "alliance_formed"  # 联盟组建
    STANDARD = "standard"  # the standard reached a level (give ``level``)
    POOL_FORMED = "pool_formed"  # 专利池组建
    INDUSTRY_LICENSING = "industry_licensing"  # first licences outside the pool
    MARKET_LICENSING = "market_licensing"  # licensing at market rates for returns
    PRODUCT_LAUNCH = "product_launch"  # first terminal products on the market
    CRITICAL_MASS = "critical_mass"  # user base exceeded critical mass
    DE_FACTO = "de_facto"  # recognised as the de facto standard


@attrs.frozen
class Milestone:
    """A dated event in an alliance's history.

    Parameters
    ----------
    when : int or datetime.date
        A year (year precision) or a date; ISO strings are accepted.
    event : MilestoneEvent or str
    level : StandardLevel or str, optional
        Required for ``event="standard"`` and forbidden otherwise.
    note : str
        Free text, e.g. the paper's wording.
    """

    when: int | _dt.date = attrs.field(converter=lambda v: as_when(v, "milestone when"))
    event: MilestoneEvent = attrs.field(
        converter=lambda v: as_enum(MilestoneEvent, v, "milestone event")
    )
    level: StandardLevel | None = attrs.field(
        default=None,
        converter=lambda v: None if v is None else as_enum(StandardLevel, v, "milestone level"),
    )
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.event is MilestoneEvent.STANDARD and self.level is None:
            raise InvalidInputError(
                f"milestone level is required for event 'standard' (at {fmt_when(self.when)})"
            )
        if self.event is not MilestoneEvent.STANDARD and self.level is not None:
            raise InvalidInputError(
                f"milestone level is only allowed for event 'standard', got level "
                f"{self.level.value!r} for event {self.event.value!r}"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "milestone") -> Milestone:
        """Build from ``{"when": ..., "event": ..., "level": ..., "note": ...}``."""
        if not isinstance(data, Mapping):
            raise InvalidInputError(f"{where} must be a mapping, got {data!r}")
        check_keys(data, {"when", "event", "level", "note"}, where)
        for key in ("when", "event"):
            if key not in data:
                raise InvalidInputError(f"{where}: field {key!r} is required")
        return cls(data["when"], data["event"], data.get("level"), data.get("note", ""))


def _optional_enum(enum: type[StrEnum], name: str):
    def convert(value: Any) -> Any:
        return None if value is None else as_enum(enum, value, name)

    return convert


def _count(name: str):
    return lambda v: as_optional_count(v, name)


def _flag(name: str):
    return lambda v: as_optional_bool(v, name)


def _standard_types(value: Any) -> frozenset[StandardType] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidInputError(
            f"standard_types must be a collection of standard types or None, got {value!r}"
        )
    return frozenset(
        as_enum(StandardType, v, f"standard_types[{i}]") for i, v in enumerate(value)
    )


def _licensees(value: Any) -> Mapping[ChainLevel, int] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"licensees must be a mapping chain level -> count, got {value!r}"
        )
    out: dict[ChainLevel, int] = {}
    for key, count in value.items():
        level = chain_level(key, "licensees key")
        if level in out:
            raise InvalidInputError(f"licensees: chain level {level.value!r} given twice")
        n = as_optional_count(count, f"licensees[{key!r}]")
        if n is not None:  # None for one level == that level unknown == absent
            out[level] = n
    return FrozenMap(out)


def _milestones(value: Any) -> tuple[Milestone, ...]:
    if value is None:
        return ()
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(f"milestones must be a list of milestones, got {value!r}")
    out = []
    for i, m in enumerate(value):
        if isinstance(m, Milestone):
            out.append(m)
        elif isinstance(m, Mapping):
            out.append(Milestone.from_dict(m, where=f"milestones[{i}]"))
        else:
            raise InvalidInputError(f"milestones[{i}] must be a Milestone or a mapping, got {m!r}")
    return tuple(out)


@attrs.frozen
class AllianceProfile:
    """What is known about an industrial alliance and its standard.

    Every field but ``name`` defaults to ``None`` = unknown.  Snapshot fields describe
    the state at ``observed`` (or "now" when ``observed`` is None); ``milestones`` give
    the dated history, so :func:`diagnose` can also answer "which stage as of year Y".
    A milestone records something that happened and is not undone by the snapshot:
    the diagnosis takes the highest standard level, the most open licensing mode and
    "true" for a flag that either the snapshot or a milestone sets.

    Parameters
    ----------
    name : str
    standard_level : StandardLevel or str, optional
        Highest level the standard has reached: ``none``, ``concept``, ``enterprise``,
        ``local``, ``industry``, ``national``, ``regional``, ``international``.
    de_facto : bool, optional
        Whether the standard is the de facto (事实) standard of its market.
    standard_types : collection of StandardType, optional
        Kinds of standard already issued in the standard system (``basic``,
        ``product``, ``process``, ``test_method``, ``equipment``, ``other``).
    pool_members : int, optional
        Members of the alliance's patent pool; 0 = no pool.
    licensing : LicensingMode or str, optional
        ``none``, ``pool_only``, ``preferential`` (industry-wide preferential terms),
        ``market``.
    licensees : mapping of ChainLevel -> int, optional
        Licensees outside the pool per industry-chain level (``technology``,
        ``equipment``, ``terminal``, ``operator``, ``service``); a level left out is
        unknown, a level given as 0 is known to have none.
    user_base, critical_mass : int, optional
        Users of the standard and the critical mass (临界容量) the analyst assumes
        (same unit, e.g. subscribers).
    users_growing, market_share_growing : bool, optional
        Whether the installed base / consumer numbers and the market share grow.
    terminal_products, complementary_products : int, optional
        Number of terminal products (终端产品) and complements (互补品) developed.
    infrastructure_conforms : bool, optional
        Production processes and infrastructure meet the standard's requirements.
    upgraded_from_feedback : bool, optional
        The standard is being refined/upgraded from market feedback.
    challenges_foreign : bool, optional
        The standard challenges foreign standards in global competition.
    milestones : sequence of Milestone or mappings
    observed : int or datetime.date, optional
        When the snapshot fields were observed (needed to use them with ``as_of``).
    """

    name: str = attrs.field()
    standard_level: StandardLevel | None = attrs.field(
        default=None, converter=_optional_enum(StandardLevel, "standard_level")
    )
    de_facto: bool | None = attrs.field(default=None, converter=_flag("de_facto"))
    standard_types: frozenset[StandardType] | None = attrs.field(
        default=None, converter=_standard_types
    )
    pool_members: int | None = attrs.field(default=None, converter=_count("pool_members"))
    licensing: LicensingMode | None = attrs.field(
        default=None, converter=_optional_enum(LicensingMode, "licensing")
    )
    licensees: Mapping[ChainLevel, int] | None = attrs.field(
        default=None, converter=_licensees
    )
    user_base: int | None = attrs.field(default=None, converter=_count("user_base"))
    critical_mass: int | None = attrs.field(default=None, converter=_count("critical_mass"))
    users_growing: bool | None = attrs.field(default=None, converter=_flag("users_growing"))
    market_share_growing: bool | None = attrs.field(
        default=None, converter=_flag("market_share_growing")
    )
    terminal_products: int | None = attrs.field(
        default=None, converter=_count("terminal_products")
    )
    complementary_products: int | None = attrs.field(
        default=None, converter=_count("complementary_products")
    )
    infrastructure_conforms: bool | None = attrs.field(
        default=None, converter=_flag("infrastructure_conforms")
    )
    upgraded_from_feedback: bool | None = attrs.field(
        default=None, converter=_flag("upgraded_from_feedback")
    )
    challenges_foreign: bool | None = attrs.field(
        default=None, converter=_flag("challenges_foreign")
    )
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=_milestones)
    observed: int | _dt.date | None = attrs.field(
        default=None, converter=lambda v: None if v is None else as_when(v, "observed")
    )

    @name.validator
    def _check_name(self, attribute: attrs.Attribute, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidInputError(f"name must be a non-empty string, got {value!r}")

    @critical_mass.validator
    def _check_critical_mass(self, attribute: attrs.Attribute, value: int | None) -> None:
        if value == 0:
            raise InvalidInputError("critical_mass must be > 0 (or None = unknown), got 0")

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        """Names of the profile's fields."""
        return tuple(a.name for a in attrs.fields(cls))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AllianceProfile:
        """Build from a plain mapping (e.g. parsed TOML/JSON); unknown keys are an error."""
        if not isinstance(data, Mapping):
            raise InvalidInputError(f"alliance data must be a mapping, got {type(data).__name__}")
        check_keys(data, set(cls.fields()), "alliance data")
        if "name" not in data:
            raise InvalidInputError("alliance data: field 'name' is required")
        return cls(**data)

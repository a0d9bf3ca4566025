"""Stage presets for pool licensing parameters (seed paper, section 3.1(2), table 3).

Data only: a preset describes how a pool licenses in a stage; :func:`royalty_params`
turns it into a plain dict in the shape of the pool.toml ``[royalty]`` table (the
keys ``member_rate``, ``members_only`` and ``[royalty.discounts] chain_level`` that
:func:`poolcalc.io.read_pool` reads), for the royalty engine to apply.
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Mapping
from typing import Any

import attrs

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError

from ._paper import Stage, Text
from ._profile import ChainLevel, LicensingMode, chain_level
from ._validate import FrozenMap, as_enum

__all__ = [
    "DEFAULT_CHAIN_DISCOUNT",
    "PoolPreset",
    "royalty_params",
    "stage_preset",
]

#: Placeholder preferential discount for industry-chain licensees in
#: industrialization.  The paper says only "preferential" (优惠许可) and gives no
#: number; 0.5 is ours and meant to be overridden.
DEFAULT_CHAIN_DISCOUNT = 0.5


def _fraction(value: Any, name: str, *, upper: float = 1.0) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidInputError(f"{name} must be a number in [0, {upper:g}], got {value!r}")
    x = float(value)
    if not math.isfinite(x) or not 0.0 <= x <= upper:
        raise InvalidInputError(f"{name} must be in [0, {upper:g}], got {value!r}")
    return x


def _discounts(value: Any) -> FrozenMap:
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"chain_discounts must be a mapping chain level -> fraction, got {value!r}"
        )
    out: dict[ChainLevel, float] = {}
    for key, frac in value.items():
        level = chain_level(key, "chain_discounts key")
        if level in out:
            raise InvalidInputError(f"chain_discounts: chain level {level.value!r} given twice")
        out[level] = _fraction(frac, f"chain_discounts[{key!r}]")
    return FrozenMap({lv: out[lv] for lv in ChainLevel if lv in out})


@attrs.frozen(repr=False)
class PoolPreset(Result):
    """How a pool licenses in one standardization stage.

    ``str()`` lists the terms with the paper's rationale and our assumptions;
    ``to_dict()`` gives the same as plain data (:func:`royalty_params` gives the
    pool.toml ``[royalty]`` keys instead).

    Attributes
    ----------
    stage : Stage
    member_rate_factor : float
        Multiplier on the schedule rate when a pool member takes the pool licence
        (0.0 = royalty-free cross-licence among members, 1.0 = members pay like
        everyone else).
    licensing : LicensingMode
        Who is licensed: ``pool_only`` (members only), ``preferential`` (the industry
        chain on preferential terms), ``market`` (anyone at market rates).
    chain_discounts : mapping of ChainLevel -> float
        Fraction taken off the rate for licensees of each industry-chain level
        (empty = no chain discount).
    rationale : Text
        What the paper says the preset rests on (our summary, with its section).
    assumptions : tuple of str
        Which numbers are ours rather than the paper's.
    """

    stage: Stage = attrs.field(converter=lambda v: as_enum(Stage, v, "stage"))
    member_rate_factor: float = attrs.field(
        converter=lambda v: _fraction(v, "member_rate_factor")
    )
    licensing: LicensingMode = attrs.field(
        converter=lambda v: as_enum(LicensingMode, v, "licensing")
    )
    chain_discounts: FrozenMap = attrs.field(factory=FrozenMap, converter=_discounts)
    rationale: Text = Text("", "")
    assumptions: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.stage is Stage.UNKNOWN:
            raise InvalidInputError("stage must be formation, industrialization or "
                                    "marketization for a pool preset, got 'unknown'")

    def to_dict(self) -> dict[str, Any]:
        """Return the preset as plain data (enums as their values)."""
        return {
            "stage": self.stage.value,
            "member_rate_factor": self.member_rate_factor,
            "licensing": self.licensing.value,
            "chain_discounts": {lv.value: f for lv, f in self.chain_discounts.items()},
            "rationale": {"zh": self.rationale.zh, "en": self.rationale.en},
            "assumptions": list(self.assumptions),
        }

    def _view(self) -> TableView:
        chain = ", ".join(f"{lv.value} {f:g}" for lv, f in self.chain_discounts.items())
        rows = [
            ("stage", f"{self.stage.value} ({self.stage.zh})"),
            ("licensing", self.licensing.value),
            ("member rate factor", f"{self.member_rate_factor:g}"),
            ("chain discounts", chain or "none"),
        ]
        footer = [f"rationale: {self.rationale.en}", f"           {self.rationale.zh}"]
        footer += [f"assumption: {a}" for a in self.assumptions]
        return TableView(("term", "value"), rows, title=f"Pool preset for {self.stage.value}",
                         align=("l", "l"), footer=footer)

    def _summary(self) -> str:
        return (f"stage={self.stage.value}, licensing={self.licensing.value}, "
                f"member_rate_factor={self.member_rate_factor:g}")


_RATIONALE = {
    Stage.FORMATION: Text(
        "形成阶段，专利只在联盟专利池的成员之间共享；握有重要或基础专利的成员以免费或"
        "交叉许可的方式许可给其他成员（第3.1(2)节①；表3形成阶段问题②）",
        "in formation, the patents are shared among the members of the alliance's pool "
        "and nobody else; members holding important or basic patents license them to the "
        "other members free of charge or by cross-licence (section 3.1(2)①; table 3, "
        "formation problem ②)",
    ),
    Stage.INDUSTRIALIZATION: Text(
        "产业化阶段，标准专利以优惠条件向全行业许可，专利池给产业链上的厂商优惠许可"
        "（第3.1(2)节①；表3产业化阶段问题①）",
        "in industrialization, the standard's patents are licensed industry-wide on "
        "preferential terms, the pool licensing the firms along the industry chain "
        "preferentially (section 3.1(2)①; table 3, industrialization problem ①)",
    ),
    Stage.MARKETIZATION: Text(
        "市场化阶段，联盟通过标准专利许可、增值服务以及销售终端产品和互补品取得经济收益"
        "（第3.1(2)节②）",
        "in marketization, the alliance earns economic returns from licensing the "
        "standard's patents, from value-added services and from selling terminal "
        "products and complements (section 3.1(2)②)",
    ),
}


def stage_preset(
    stage: Stage | str,
    *,
    chain_discounts: Mapping[ChainLevel | str, float] | None = None,
    member_rate_factor: float | None = None,
) -> PoolPreset:
    """Return the pool licensing preset for a standardization stage.

    Parameters
    ----------
    stage : Stage or str
        ``formation``, ``industrialization`` or ``marketization``.
    chain_discounts : mapping, optional
        Industrialization only: fraction off the rate per chain level; default
        :data:`DEFAULT_CHAIN_DISCOUNT` for all five levels.  Levels left out get none.
    member_rate_factor : float, optional
        Override the stage's member factor (formation 0.0, industrialization 0.0,
        marketization 1.0).

    Returns
    -------
    PoolPreset

    Raises
    ------
    InvalidInputError
        Unknown stage (including ``unknown``), a fraction outside [0, 1], an unknown
        chain level, or chain discounts for a stage that licenses no chain.

    Notes
    -----
    What the paper fixes and what we chose:

    - formation: members share patents royalty-free or by cross-licence, nobody else
      is licensed (paper) -> ``member_rate_factor = 0``, ``licensing = pool_only``.
    - industrialization: preferential licensing across the industry chain (paper);
      the discount size is not in the paper (ours: 0.5).  The paper does not say
      members start paying; we keep ``member_rate_factor = 0``.
    - marketization: licensing for economic returns (paper) -> market rates, no
      chain discount; members pay like other licensees (``member_rate_factor = 1``,
      ours, as in MPEG LA practice where licensors also sign the licence).

    Examples
    --------
    >>> stage_preset("formation").member_rate_factor
    0.0
    >>> royalty_params(stage_preset("industrialization", chain_discounts={"terminal": 0.3}))
    {'member_rate': 0.0, 'members_only': False, \
'discounts': {'chain_level': {'terminal': 0.3}, 'combine': 'max'}}
    """
    st = as_enum(Stage, stage, "stage")
    if st is Stage.UNKNOWN:
        raise InvalidInputError(
            "stage must be formation, industrialization or marketization, got 'unknown' "
            "(diagnose the alliance with more data first)"
        )
    if chain_discounts is not None and st is not Stage.INDUSTRIALIZATION:
        raise InvalidInputError(
            f"chain_discounts apply to the industrialization stage only, got stage {st.value!r}"
        )
    if st is Stage.FORMATION:
        return PoolPreset(
            st, 0.0 if member_rate_factor is None else member_rate_factor,
            LicensingMode.POOL_ONLY, {}, _RATIONALE[st],
            ("no licences outside the pool (paper)",),
        )
    if st is Stage.INDUSTRIALIZATION:
        discounts = (
            {lv: DEFAULT_CHAIN_DISCOUNT for lv in ChainLevel}
            if chain_discounts is None else chain_discounts
        )
        return PoolPreset(
            st, 0.0 if member_rate_factor is None else member_rate_factor,
            LicensingMode.PREFERENTIAL, discounts, _RATIONALE[st],
            ("discount sizes are not in the paper (default 0.5 is ours)",
             "members keep a royalty-free cross-licence (the paper is silent)"),
        )
    return PoolPreset(
        st, 1.0 if member_rate_factor is None else member_rate_factor,
        LicensingMode.MARKET, {}, _RATIONALE[st],
        ("members pay the market rate like other licensees (ours)",),
    )


def royalty_params(
    preset: PoolPreset, base: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Turn a preset into plain data in the pool.toml ``[royalty]`` shape.

    Parameters
    ----------
    preset : PoolPreset
    base : mapping, optional
        An existing ``[royalty]`` table (e.g. parsed pool.toml).  When given, the
        result is a copy of it with the preset's keys set; its ``discounts`` are kept
        (``good_standing``, ``early_signing``, ... and its own ``combine``) and the
        preset's ``chain_level`` added.

    Returns
    -------
    dict
        Valid pool.toml ``[royalty]`` keys (``read_pool`` accepts them):
        ``{"member_rate": float, "members_only": bool,
        "discounts": {"chain_level": {level: fraction}, "combine": "max"}}``;
        ``discounts`` is ``{}`` when the preset has no chain discount.  Meaning (the
        royalty engine applies them, :mod:`poolcalc.royalties`): a licensee that is
        also a pool member owes ``member_rate`` times what it would owe as a
        non-member; ``members_only`` (``licensing = pool_only``) leaves non-members
        outside the pool licence; a licensee whose ``chain_level`` (licensees.csv
        column) is listed gets ``fraction`` off, combined with its other discounts
        under ``combine`` (``max``: the larger applies, our default when ``base``
        has none).  The stage and licensing mode stay on the preset.
        :func:`apply_preset` puts the same terms into a :class:`~poolcalc.model.Pool`.

    Examples
    --------
    >>> base = {"tiers": [{"from": 0, "rate": 0.2}], "discounts": {"good_standing": 0.1}}
    >>> royalty_params(stage_preset("industrialization", chain_discounts={"service": 0.25}),
    ...                base)["discounts"]
    {'good_standing': 0.1, 'chain_level': {'service': 0.25}, 'combine': 'max'}

    Raises
    ------
    InvalidInputError
        If ``preset`` is not a :class:`PoolPreset`.
    """
    if not isinstance(preset, PoolPreset):
        raise InvalidInputError(f"preset must be a PoolPreset, got {type(preset).__name__}")
    discounts: dict[str, Any] = {}
    if preset.chain_discounts:
        discounts = {
            "chain_level": {lv.value: frac for lv, frac in preset.chain_discounts.items()},
            "combine": "max",
        }
    params = {
        "member_rate": preset.member_rate_factor,
        "members_only": preset.licensing is LicensingMode.POOL_ONLY,
        "discounts": discounts,
    }
    if base is None:
        return params
    if not isinstance(base, Mapping):
        raise InvalidInputError(f"base must be a [royalty] mapping, got {type(base).__name__}")
    merged = copy.deepcopy(dict(base))
    old = merged.get("discounts", {})
    if not isinstance(old, Mapping):
        raise InvalidInputError(f"base['discounts'] must be a mapping, got {old!r}")
    new_discounts = copy.deepcopy(dict(old))
    new_discounts.pop("chain_level", None)
    if discounts:
        new_discounts["chain_level"] = discounts["chain_level"]
        new_discounts.setdefault("combine", discounts["combine"])
    merged.update(params)
    merged["discounts"] = new_discounts
    return merged

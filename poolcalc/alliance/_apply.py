"""Run one pool under the three stage presets and compare what flows where.

:func:`apply_preset` turns a :class:`~poolcalc.alliance.PoolPreset` into the pool's
royalty schedule (``Schedule.member_rate``, ``Schedule.members_only`` and
``Discounts.chain_level``, which the royalty engine applies); :func:`compare_stages`
runs the royalty engine and the allocation under formation, industrialization and
marketization side by side; :func:`with_chain_levels` sets the licensees' industry-
chain levels that the chain-level discounts need.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from poolcalc.allocation import allocate
from poolcalc.errors import InvalidInputError
from poolcalc.model import Licensee, Pool
from poolcalc.royalties import royalties_owed

from ._outcomes import StageComparison, StageOutcome
from ._paper import Stage
from ._presets import PoolPreset, stage_preset
from ._profile import ChainLevel, LicensingMode, chain_level

__all__ = ["apply_preset", "compare_stages", "with_chain_levels"]

_STAGES = (Stage.FORMATION, Stage.INDUSTRIALIZATION, Stage.MARKETIZATION)


def check_pool(pool: object, name: str = "pool") -> Pool:
    """Return ``pool`` if it is a :class:`poolcalc.model.Pool`, else raise.

    Raises
    ------
    InvalidInputError
        Naming the argument and the type received.
    """
    if not isinstance(pool, Pool):
        raise InvalidInputError(f"{name} must be a poolcalc.model.Pool, got {type(pool).__name__}")
    return pool


def apply_preset(
    pool: Pool,
    stage: Stage | str | PoolPreset,
    *,
    chain_discounts: Mapping[ChainLevel | str, float] | None = None,
    member_rate_factor: float | None = None,
) -> Pool:
    """Return a copy of ``pool`` whose royalty schedule follows a stage preset.

    Parameters
    ----------
    pool : Pool
    stage : Stage, str or PoolPreset
        ``formation``, ``industrialization``, ``marketization``, or a preset built
        with :func:`stage_preset`.
    chain_discounts, member_rate_factor : optional
        Passed to :func:`stage_preset` (only with a stage name, not a preset).

    Returns
    -------
    Pool
        ``pool`` with its schedule changed in three terms only, everything else
        (tiers, regions, caps, other discounts and their ``combine`` rule) kept:

        - ``member_rate = preset.member_rate_factor`` (members' factor on the rate;
          0 = royalty-free cross-licence);
        - ``members_only = True`` when the preset licenses the pool's members only
          (formation, ``licensing = pool_only``), else False;
        - ``discounts.chain_level = preset.chain_discounts`` (replacing any chain
          discounts the pool had; empty outside industrialization).

    Raises
    ------
    InvalidInputError
        ``pool`` is not a Pool; an unknown stage; overrides given with a preset.

    Examples
    --------
    >>> from poolcalc.data import load_example
    >>> p = apply_preset(load_example(), "formation")
    >>> p.schedule.member_rate, p.schedule.members_only
    (0.0, True)
    """
    check_pool(pool)
    if isinstance(stage, PoolPreset):
        if chain_discounts is not None or member_rate_factor is not None:
            raise InvalidInputError(
                "chain_discounts and member_rate_factor apply to a stage name; "
                "build the PoolPreset with them instead"
            )
        preset = stage
    else:
        preset = stage_preset(
            stage, chain_discounts=chain_discounts, member_rate_factor=member_rate_factor
        )
    sched = pool.schedule
    discounts = attrs.evolve(
        sched.discounts, chain_level={lv: f for lv, f in preset.chain_discounts.items()}
    )
    schedule = attrs.evolve(
        sched,
        member_rate=preset.member_rate_factor,
        members_only=preset.licensing is LicensingMode.POOL_ONLY,
        discounts=discounts,
    )
    return pool.evolve(schedule=schedule)


def with_chain_levels(
    pool: Pool,
    levels: Mapping[str, ChainLevel | str | None] | Callable[[Licensee], ChainLevel | str | None],
) -> Pool:
    """Return a copy of ``pool`` with the licensees' industry-chain levels set.

    Parameters
    ----------
    pool : Pool
    levels : mapping {licensee id: level} or callable(Licensee) -> level
        A level is a :class:`ChainLevel`, its value or an alias (``chips``,
        ``products``, ...), or ``None`` for none.  With a mapping, licensees not
        listed keep their level.

    Returns
    -------
    Pool

    Raises
    ------
    InvalidInputError
        An unknown licensee id or chain level.

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc import alliance as al
    >>> pool = al.with_chain_levels(poolcalc.load_example(), lambda lic: "terminal")
    >>> {str(lic.chain_level) for lic in pool.licensees}
    {'terminal'}
    """
    check_pool(pool)
    if isinstance(levels, Mapping):
        known = {lic.id for lic in pool.licensees}
        for key in levels:
            if key not in known:
                raise InvalidInputError(f"levels: unknown licensee {key!r}")

        def pick(lic: Licensee) -> Any:
            return levels.get(lic.id, lic.chain_level)
    elif callable(levels):
        pick = levels
    else:
        raise InvalidInputError(
            f"levels must be a mapping licensee -> chain level or a callable, got {levels!r}"
        )
    out = []
    for lic in pool.licensees:
        value = pick(lic)
        level = None if value is None else chain_level(value, f"chain level of {lic.id}")
        out.append(attrs.evolve(lic, chain_level=level))
    return pool.evolve(licensees=out)


#: Why the royalty engine leaves a non-member's units out under ``members_only``.
_NOT_A_MEMBER = "licensee is not a pool member (the pool licenses its members only)"


def compare_stages(
    pool: Pool,
    *,
    year: int | None = None,
    stages: Sequence[Stage | str | PoolPreset] = _STAGES,
    scheme: str | None = None,
) -> StageComparison:
    """Run ``pool`` under several stage presets and collect what licensees owe and members receive.

    Parameters
    ----------
    pool : Pool
    year : int, optional
        Calendar year (default: the latest year with sales).
    stages : sequence of Stage, str or PoolPreset
        Default formation, industrialization, marketization with their default
        presets (:func:`stage_preset`).
    scheme : str, optional
        Allocation scheme (default the pool's).

    Returns
    -------
    StageComparison

    Raises
    ------
    InvalidInputError
        ``pool`` is not a Pool, ``year`` is not an integer, ``stages`` is empty or
        not a sequence of stages; and as :func:`apply_preset`,
        :func:`poolcalc.royalties.royalties_owed` and :func:`poolcalc.allocation.allocate`.

    Notes
    -----
    Seed paper, section 3.1(2): in formation the pool's patents are shared only
    among its members, free or by cross-licence (``members_only``,
    ``member_rate = 0``); in industrialization the pool licenses firms along the
    industry chain preferentially (chain-level discounts; members keep their free
    cross-licence, our assumption); in marketization everyone, members included,
    pays market rates.  The chain discounts need licensees with a ``chain_level``
    (licensees.csv column, or :func:`with_chain_levels`).

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc import alliance as al
    >>> cmp = al.compare_stages(poolcalc.load_example())
    >>> [o.stage.value for o in cmp.outcomes]
    ['formation', 'industrialization', 'marketization']
    """
    check_pool(pool)
    if year is not None and (isinstance(year, bool) or not isinstance(year, numbers.Integral)):
        raise InvalidInputError(f"year must be an integer or None, got {year!r}")
    if isinstance(stages, str | Stage | PoolPreset) or not isinstance(stages, Sequence):
        raise InvalidInputError(
            f"stages must be a sequence of stages or presets, got {stages!r}"
        )
    if not stages:
        raise InvalidInputError("stages must list at least one stage")
    outcomes = []
    report_year = None if year is None else int(year)
    for st in stages:
        staged = apply_preset(pool, st)
        preset = st if isinstance(st, PoolPreset) else stage_preset(st)
        report = royalties_owed(staged, report_year)
        report_year = report.year
        totals = report.totals()
        chain_relief = 0
        if staged.schedule.discounts.chain_level:
            plain = staged.evolve(
                schedule=attrs.evolve(
                    staged.schedule,
                    discounts=attrs.evolve(staged.schedule.discounts, chain_level={}),
                )
            )
            chain_relief = royalties_owed(plain, report_year).total_cents - report.total_cents
        not_licensed = report.not_due.get(_NOT_A_MEMBER, 0)
        if report.total_cents > 0:
            dist = allocate(staged, year=report_year, scheme=scheme, royalties=report)
            received = dict(dist.amounts)
        else:
            dist = None
            received = {m.id: 0 for m in pool.members}
        outcomes.append(
            StageOutcome(
                preset=preset,
                pool=staged,
                report=report,
                distribution=dist,
                owed_cents=report.total_cents,
                gross_cents=totals["gross_cents"],
                member_relief_cents=totals["member_cents"],
                chain_relief_cents=chain_relief,
                not_licensed_units=not_licensed,
                members_received_cents=received,
            )
        )
    return StageComparison(
        year=int(report_year),
        currency=pool.currency,
        minor_units=pool.minor_units,
        outcomes=tuple(outcomes),
    )

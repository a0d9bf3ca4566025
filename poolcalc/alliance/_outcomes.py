"""Results of :func:`~poolcalc.alliance.compare_stages`: one stage, and the three side by side.

:class:`StageOutcome` holds one stage's royalty report, distribution and what flows to
members, licensees and non-members; :class:`StageComparison` sets the formation,
industrialization and marketization outcomes of one pool side by side (the seed
paper's three stages, :mod:`poolcalc.alliance._paper`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc._args import checked_fields
from poolcalc._money import format_money
from poolcalc._result import Result, TableView
from poolcalc.allocation import Distribution
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool
from poolcalc.royalties import RoyaltyReport

from ._paper import Stage
from ._presets import PoolPreset
from ._profile import ChainLevel

__all__ = ["StageComparison", "StageOutcome"]


def _money(cents: int, minor_units: int) -> str:
    return format_money(cents, minor_units, grouping=True)


@attrs.frozen(eq=False, repr=False, field_transformer=checked_fields)
class StageOutcome(Result):
    """One stage's royalties and distribution for the pool.

    ``str()`` is the members' receipts under the stage; ``to_dict()`` the totals and
    the receipts (money as decimal strings).

    Attributes
    ----------
    preset : PoolPreset
    pool : Pool
        The pool with the stage's schedule (:func:`apply_preset`).
    report : RoyaltyReport
        What each licensee owes under the stage's schedule.
    distribution : Distribution or None
        What each member receives; ``None`` when nothing was collected.
    owed_cents : int
        Total owed by licensees.
    gross_cents : int
        Total at the schedule's standard rates (before member relief, discounts,
        allowances and caps).
    member_relief_cents : int
        Members' cross-licence relief (sum of ``Invoice.member_cents``).
    chain_relief_cents : int
        What the chain-level discounts save licensees: owed under the stage with
        its chain discounts removed, minus :attr:`owed_cents` (a counterfactual, so
        it accounts for how the discounts combine with the others and with caps).
    not_licensed_units : int
        Units of non-member licensees when the pool licenses its members only.
    members_received_cents : mapping of str to int
        Member id -> cents distributed (zeros when nothing was collected).
    """

    preset: PoolPreset
    pool: Pool
    report: RoyaltyReport
    distribution: Distribution | None
    owed_cents: int
    gross_cents: int
    member_relief_cents: int
    chain_relief_cents: int
    not_licensed_units: int
    members_received_cents: Mapping[str, int] = attrs.field(
        converter=lambda v: MappingProxyType(dict(v)))

    @property
    def stage(self) -> Stage:
        """The stage."""
        return self.preset.stage

    @property
    def minor_units(self) -> int:
        """Decimal places of the pool's currency."""
        return self.pool.minor_units

    @property
    def distributed_cents(self) -> int:
        """Total distributed to members (after the administrator fee)."""
        return sum(self.members_received_cents.values())

    def top_members(self, k: int = 3) -> list[tuple[str, int]]:
        """Return the ``k`` members receiving most, as (id, cents), ties by id."""
        ranked = sorted(self.members_received_cents.items(), key=lambda kv: (-kv[1], kv[0]))
        return [kv for kv in ranked[:k] if kv[1] > 0]

    def to_dict(self) -> dict[str, Any]:
        """Return the stage's terms, totals and receipts (money as decimal strings)."""
        mu = self.minor_units
        return {
            "stage": self.stage.value,
            "licensing": self.preset.licensing.value,
            "member_rate_factor": self.preset.member_rate_factor,
            "chain_discounts": {lv.value: f for lv, f in self.preset.chain_discounts.items()},
            "gross": format_money(self.gross_cents, mu),
            "member_relief": format_money(self.member_relief_cents, mu),
            "chain_relief": format_money(self.chain_relief_cents, mu),
            "not_licensed_units": self.not_licensed_units,
            "owed": format_money(self.owed_cents, mu),
            "distributed": format_money(self.distributed_cents, mu),
            "members": {m: format_money(c, mu) for m, c in self.members_received_cents.items()},
        }

    def _view(self) -> TableView:
        mu = self.minor_units
        ranked = sorted(self.members_received_cents.items(), key=lambda kv: (-kv[1], kv[0]))
        return TableView(
            headers=("member", "receives"),
            rows=[(m, _money(c, mu)) for m, c in ranked],
            title=(
                f"{self.stage.value} stage, {self.report.year} [{self.pool.currency}]: owed "
                f"{_money(self.owed_cents, mu)}, distributed {_money(self.distributed_cents, mu)}"
            ),
        )

    def _records(self) -> list[dict[str, Any]]:
        mu = self.minor_units
        return [
            {"member": m, "receives_cents": c, "receives": format_money(c, mu)}
            for m, c in self.members_received_cents.items()
        ]

    def _summary(self) -> str:
        return (f"stage={self.stage.value}, owed={format_money(self.owed_cents, self.minor_units)}"
                f" {self.pool.currency}")


@attrs.frozen(eq=False, repr=False)
class StageComparison(Result):
    """The same pool under several stage presets (see :func:`compare_stages`).

    ``str()`` shows the stages side by side (terms, totals, the three members
    receiving most); ``to_dict()`` has every stage's totals and receipts.

    Attributes
    ----------
    year : int
    currency : str
    minor_units : int
    outcomes : tuple of StageOutcome
        In the order asked for.
    """

    year: int
    currency: str
    minor_units: int
    outcomes: tuple[StageOutcome, ...]

    #: Members shown per stage in ``str()``.
    TOP = 3

    def outcome(self, stage: Stage | str) -> StageOutcome:
        """Return the outcome of ``stage``."""
        for o in self.outcomes:
            if o.stage.value == str(stage):
                return o
        raise InvalidInputError(
            f"stage {str(stage)!r} was not compared (have: "
            f"{', '.join(o.stage.value for o in self.outcomes)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"year", "currency", "stages": [StageOutcome.to_dict(), ...]}``."""
        return {
            "year": self.year,
            "currency": self.currency,
            "stages": [o.to_dict() for o in self.outcomes],
        }

    def _view(self) -> TableView:
        mu = self.minor_units

        def money(c: int) -> str:
            return _money(c, mu)

        rows: list[list[str]] = [
            ["licensing"] + [o.preset.licensing.value for o in self.outcomes],
            ["member rate factor"] + [f"{o.preset.member_rate_factor:g}" for o in self.outcomes],
            ["chain discounts"] + [_chain_text(o.preset) for o in self.outcomes],
            ["gross (standard rates)"] + [money(o.gross_cents) for o in self.outcomes],
            ["members' cross-licence relief"]
            + [money(o.member_relief_cents) for o in self.outcomes],
            ["chain-level relief"] + [money(o.chain_relief_cents) for o in self.outcomes],
            ["units not licensed (non-members)"]
            + [f"{o.not_licensed_units:,}" for o in self.outcomes],
            ["total owed by licensees"] + [money(o.owed_cents) for o in self.outcomes],
            ["distributed to members (after fee)"]
            + [money(o.distributed_cents) for o in self.outcomes],
        ]
        for k in range(self.TOP):
            row = [f"top member #{k + 1}"]
            for o in self.outcomes:
                tm = o.top_members(self.TOP)
                row.append(f"{tm[k][0]} {money(tm[k][1])}" if k < len(tm) else "-")
            rows.append(row)
        return TableView(
            headers=["", *(o.stage.value for o in self.outcomes)],
            rows=rows,
            title=f"Stage presets side by side, {self.year} [{self.currency}]",
            align=["l"] + ["r"] * len(self.outcomes),
        )

    def _records(self) -> list[dict[str, Any]]:
        mu = self.minor_units
        out = []
        for o in self.outcomes:
            rec: dict[str, Any] = {"stage": o.stage.value, "licensing": o.preset.licensing.value,
                                   "member_rate_factor": o.preset.member_rate_factor,
                                   "not_licensed_units": o.not_licensed_units}
            for key, cents in (("gross", o.gross_cents), ("member_relief", o.member_relief_cents),
                               ("chain_relief", o.chain_relief_cents), ("owed", o.owed_cents),
                               ("distributed", o.distributed_cents)):
                rec[f"{key}_cents"] = cents
                rec[key] = format_money(cents, mu)
            out.append(rec)
        return out

    def _summary(self) -> str:
        stages = ", ".join(
            f"{o.stage.value} {format_money(o.owed_cents, self.minor_units)}" for o in self.outcomes
        )
        return f"year={self.year}, owed [{self.currency}]: {stages}"


def _chain_text(preset: PoolPreset) -> str:
    d = preset.chain_discounts
    if not d:
        return "none"
    fracs = set(d.values())
    if len(d) == len(ChainLevel) and len(fracs) == 1:
        return f"all levels {fracs.pop():g}"
    return ", ".join(f"{lv.value} {f:g}" for lv, f in d.items())

"""The reconciliation document as a frozen value (part of :mod:`._model`).

:class:`ReconciliationDocument` checks a year's report against its distribution (every
check an exact integer comparison); built by :mod:`._reconcile`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from poolcalc._args import checked_fields
from poolcalc._money import format_money
from poolcalc._result import TableView
from poolcalc.documents._model import Party, Rendered

__all__ = ["Check", "ReconciledLicensee", "ReconciledMember", "ReconciliationDocument"]


@attrs.frozen
class ReconciledLicensee:
    """One licensee in the reconciliation (everything, for the administrator only)."""

    id: str
    name: str
    enterprise: str
    units: int
    gross_cents: int
    member_cents: int
    discount_cents: int
    allowance_cents: int
    cap_cents: int
    owed_cents: int
    usage_cents: int

    @property
    def invoiced_cents(self) -> int:
        """Per-unit royalties plus content royalties."""
        return self.owed_cents + self.usage_cents


@attrs.frozen
class ReconciledMember:
    """One licensor in the reconciliation."""

    id: str
    name: str
    amount_cents: int
    share: float
    payable_cents: int | None
    tax_credit_cents: int = 0

    @property
    def net_cents(self) -> int:
        """Amount - netting payable - tax credits."""
        return self.amount_cents - (self.payable_cents or 0) - self.tax_credit_cents


@attrs.frozen
class Check:
    """One identity of the reconciliation: ``left == right``."""

    label: str
    left_cents: int
    right_cents: int

    @property
    def ok(self) -> bool:
        """Whether both sides are equal to the cent."""
        return self.left_cents == self.right_cents


@attrs.frozen(repr=False, field_transformer=checked_fields)
class ReconciliationDocument(Rendered):
    """The administrator's reconciliation: collected = fee + distributed (+ credits, reserve)."""

    period: str
    currency: str
    minor_units: int
    pool: str
    administrator: Party
    scheme: str
    licensees: tuple[ReconciledLicensee, ...] = attrs.field(converter=tuple)
    members: tuple[ReconciledMember, ...] = attrs.field(converter=tuple)
    collected_cents: int
    administrator_fee_cents: int
    distributed_cents: int
    rounding_residue_cents: int
    tax_credit_cents: int = 0
    reserve_cents: int = 0
    checks: tuple[Check, ...] = attrs.field(default=(), converter=tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    kind: ClassVar[str] = "reconciliation"

    @property
    def balanced(self) -> bool:
        """Every check holds to the cent."""
        return all(c.ok for c in self.checks)

    def money(self, cents: int, grouping: bool = True) -> str:
        """Format minor units in the reconciliation's currency."""
        return format_money(cents, self.minor_units, grouping=grouping)

    def to_dict(self) -> dict[str, Any]:
        """Return the reconciliation as JSON-ready data (money as decimal strings)."""
        m = lambda c: format_money(c, self.minor_units)  # noqa: E731
        return {
            "period": self.period, "currency": self.currency, "scheme": self.scheme,
            "collected": m(self.collected_cents),
            "administrator_fee": m(self.administrator_fee_cents),
            "distributed": m(self.distributed_cents),
            "rounding_residue": m(self.rounding_residue_cents),
            "tax_credits": m(self.tax_credit_cents), "reserve": m(self.reserve_cents),
            "balanced": self.balanced,
            "checks": [{"check": c.label, "left": m(c.left_cents), "right": m(c.right_cents),
                        "ok": c.ok} for c in self.checks],
            "licensees": [{"licensee": x.id, "name": x.name, "enterprise": x.enterprise,
                           "units": x.units, "gross": m(x.gross_cents),
                           "member": m(x.member_cents), "discount": m(x.discount_cents),
                           "allowance": m(x.allowance_cents), "cap": m(x.cap_cents),
                           "owed": m(x.owed_cents), "usage": m(x.usage_cents),
                           "invoiced": m(x.invoiced_cents)} for x in self.licensees],
            "members": [{"member": x.id, "name": x.name, "amount": m(x.amount_cents),
                         "share": round(x.share, 10),
                         "payable": None if x.payable_cents is None else m(x.payable_cents),
                         "tax_credit": m(x.tax_credit_cents), "net": m(x.net_cents)}
                        for x in self.members],
            "notes": list(self.notes),
        }

    def _view(self) -> TableView:
        rows = [[c.label, self.money(c.left_cents), self.money(c.right_cents),
                 "ok" if c.ok else "MISMATCH"] for c in self.checks]
        return TableView(("check", "left", "right", ""), rows,
                         title=f"Reconciliation {self.period} ({self.currency})")

    def _summary(self) -> str:
        state = "balanced" if self.balanced else "NOT balanced"
        return (f"reconciliation {self.period}: collected {self.money(self.collected_cents)} "
                f"{self.currency}, {state}")


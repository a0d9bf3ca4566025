"""Result objects of :func:`poolcalc.allocation.allocate`: Distribution, Netting, Explanation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError

__all__ = ["Distribution", "Explanation", "Netting", "format_fraction"]


def _frozen_map(v: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(v))


def format_fraction(x: Fraction, minor_units: int = 2, extra: int = 2) -> str:
    """Format exact cents as a decimal string in currency units with ``extra`` more digits.

    >>> format_fraction(Fraction(10000, 3))
    '33.3333'
    """
    q = Decimal(x.numerator) / Decimal(x.denominator) / (Decimal(10) ** minor_units)
    return str(q.quantize(Decimal(1).scaleb(-(minor_units + extra)), rounding=ROUND_HALF_EVEN))


@attrs.frozen
class Netting:
    """A member that is also a licensee: what it receives, owes and nets.

    Attributes
    ----------
    member : str
    licensees : tuple of str
        Its licensee ids (``licensees.csv`` ``member`` column).
    receivable_cents : int
        Its amount in the distribution (gross).
    payable_cents : int
        Royalties its licensees owe for the year (gross, as invoiced).
    net_cents : int
        receivable - payable (> 0: the pool pays the member; < 0: the member pays).
    """

    member: str
    licensees: tuple[str, ...]
    receivable_cents: int
    payable_cents: int

    @property
    def net_cents(self) -> int:
        """Receivable - payable."""
        return self.receivable_cents - self.payable_cents


@attrs.frozen
class Explanation:
    """The audit trail of one member's amount (what the administrator hands a licensor).

    Attributes
    ----------
    member, scheme : str
    amount_cents : int
        Rounded amount paid.
    entitlement : Fraction
        Exact entitlement [cents] before rounding to the cent.
    basis : str
        One paragraph: the rule applied, with the member's numbers.
    columns : tuple of str
    lines : tuple of mapping
        One line per country (per-country counting), per ranked item
        (disclosure order), per carrier (pool game) or per counted patent group.
    notes : tuple of str
    """

    member: str
    scheme: str
    amount_cents: int
    entitlement: Fraction
    basis: str
    columns: tuple[str, ...]
    lines: tuple[Mapping[str, Any], ...] = attrs.field(
        converter=lambda v: tuple(_frozen_map(x) for x in v)
    )
    notes: tuple[str, ...] = ()
    minor_units: int = 2

    def to_text(self) -> str:
        """Render a plain-text statement: header, basis, one table row per line, notes."""
        from poolcalc._money import format_money
        from poolcalc._format import render_table

        head = (
            f"{self.member}: {format_money(self.amount_cents, self.minor_units)} under "
            f"{self.scheme} "
            f"(exact entitlement {format_fraction(self.entitlement, self.minor_units)})"
        )
        out = [head, self.basis, ""]
        if self.lines:
            out.append(
                render_table(
                    self.columns, ([ln.get(c, "") for c in self.columns] for ln in self.lines)
                )
            )
        out.extend(f"note: {n}" for n in self.notes)
        return "\n".join(out).rstrip() + "\n"

    def __str__(self) -> str:
        return self.to_text()


@attrs.frozen(eq=False)
class Distribution:
    """What each member receives for a year, to the cent, with an audit trail.

    Attributes
    ----------
    scheme : str
    options : mapping
        The options used (defaults filled in).
    currency : str
    minor_units : int
    year : int
    collected_cents : int
        Royalties collected for the year: the royalty-bearing (per-unit) rows plus the
        content ("usage") royalties.
    administrator_fee_cents : int
        floor(collected * administrator_fee), taken first.
    amounts : mapping of str to int
        Member id -> cents, every member (zero included), in pool order;
        ``collected == administrator_fee + sum(amounts)`` exactly.
    shares : mapping of str to float
        The scheme's exact share of the distributable total (before rounding).
    netting : mapping of str to Netting
        For members that are also licensees.
    rounding_residue_cents : int
        Cents handed out by largest remainder (already inside ``amounts``).
    notes : tuple of str
        Fallbacks, numerical paths and other facts an auditor should know.
    usage_cents : int
        Content ("usage") royalties inside ``collected_cents`` (0: none).
    """

    scheme: str
    options: Mapping[str, Any] = attrs.field(converter=_frozen_map)
    currency: str
    minor_units: int
    year: int
    collected_cents: int
    administrator_fee_cents: int
    amounts: Mapping[str, int] = attrs.field(converter=_frozen_map)
    shares: Mapping[str, float] = attrs.field(converter=_frozen_map)
    netting: Mapping[str, Netting] = attrs.field(converter=_frozen_map)
    rounding_residue_cents: int = 0
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    _explain: Callable[[str], Explanation] | None = attrs.field(default=None, repr=False)
    usage_cents: int = 0

    def __attrs_post_init__(self) -> None:
        total = self.administrator_fee_cents + sum(self.amounts.values())
        if total != self.collected_cents:  # pragma: no cover - guarded by construction
            raise InvalidInputError(
                f"distribution does not reconcile: fee + amounts = {total} != collected "
                f"{self.collected_cents}"
            )

    @property
    def distributable_cents(self) -> int:
        """Collected - administrator fee."""
        return self.collected_cents - self.administrator_fee_cents

    @property
    def members(self) -> tuple[str, ...]:
        """Member ids in pool order."""
        return tuple(self.amounts)

    def explain(self, member: str) -> Explanation:
        """Return the audit trail of ``member``'s amount (rows, countries, patents)."""
        if member not in self.amounts:
            raise InvalidInputError(
                f"unknown member {member!r}; members: {', '.join(self.amounts)}"
            )
        if self._explain is None:
            raise InvalidInputError("this distribution carries no audit trail")
        return self._explain(member)

"""Result objects of :func:`poolcalc.allocation.allocate`: Distribution, Netting, Explanation.

Each implements the :class:`~poolcalc._result.Result` interface: ``to_dict()`` (money
as decimal strings in the currency's minor units; ``Distribution.to_dict`` is what
``poolcalc allocate --format json`` prints), ``str()`` (the table the command line
prints), a short ``repr`` and ``to_frame()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from poolcalc._args import checked_fields
from poolcalc._format import parse_money, render_table
from poolcalc._money import format_money
from poolcalc._result import Result, TableView
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


def _share(x: float) -> float:
    """Round a share as printed in JSON and CSV (10 decimals)."""
    return round(float(x), 10)


@attrs.frozen(repr=False, field_transformer=checked_fields)
class Netting(Result):
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
    minor_units : int
        Decimal places of the currency.
    """

    member: str
    licensees: tuple[str, ...] = attrs.field(converter=tuple)
    receivable_cents: int
    payable_cents: int
    minor_units: int = 2

    @property
    def net_cents(self) -> int:
        """Receivable - payable."""
        return self.receivable_cents - self.payable_cents

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"licensees", "receivable", "payable", "net"}`` (money as strings)."""
        mu = self.minor_units
        return {
            "licensees": list(self.licensees),
            "receivable": format_money(self.receivable_cents, mu),
            "payable": format_money(self.payable_cents, mu),
            "net": format_money(self.net_cents, mu),
        }

    def _view(self) -> TableView:
        d = self.to_dict()
        return TableView(
            ("member", "licensees", "receivable", "payable", "net"),
            [(self.member, ", ".join(self.licensees), d["receivable"], d["payable"], d["net"])],
        )

    def _summary(self) -> str:
        return f"{self.member}: net {format_money(self.net_cents, self.minor_units)}"

    def _records(self) -> Sequence[dict[str, Any]]:
        d = self.to_dict()
        return [
            {
                "member": self.member,
                "licensees": ", ".join(self.licensees),
                "receivable_cents": self.receivable_cents,
                "payable_cents": self.payable_cents,
                "net_cents": self.net_cents,
                "net": d["net"],
            }
        ]


@attrs.frozen(repr=False, field_transformer=checked_fields)
class Explanation(Result):
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

    #: Columns of the trail that are money as decimal strings (to_frame adds ``*_cents``).
    _MONEY_COLUMNS: ClassVar[tuple[str, ...]] = ("royalty",)

    def _head(self) -> str:
        return (
            f"{self.member}: {format_money(self.amount_cents, self.minor_units)} under "
            f"{self.scheme} "
            f"(exact entitlement {format_fraction(self.entitlement, self.minor_units)})"
        )

    def to_text(self) -> str:
        """Render a plain-text statement: header, basis, one table row per line, notes."""
        out = [self._head(), self.basis, ""]
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

    def to_dict(self) -> dict[str, Any]:
        """Return the statement as JSON-ready data (money as decimal strings)."""
        return {
            "member": self.member,
            "scheme": self.scheme,
            "amount": format_money(self.amount_cents, self.minor_units),
            "entitlement": format_fraction(self.entitlement, self.minor_units),
            "basis": self.basis,
            "columns": list(self.columns),
            "lines": [{c: ln.get(c, "") for c in self.columns} for ln in self.lines],
            "notes": list(self.notes),
        }

    def _view(self) -> TableView:
        return TableView(
            self.columns,
            [[ln.get(c, "") for c in self.columns] for ln in self.lines],
            title=f"{self._head()}\n{self.basis}",
            footer=[f"note: {n}" for n in self.notes],
        )

    def _summary(self) -> str:
        money = format_money(self.amount_cents, self.minor_units)
        return f"{self.member}: {money} under {self.scheme}"

    def _records(self) -> Sequence[dict[str, Any]]:
        out = []
        for ln in self.lines:
            rec: dict[str, Any] = {}
            for c in self.columns:
                v = ln.get(c, "")
                if c in self._MONEY_COLUMNS and isinstance(v, str) and v:
                    rec[f"{c}_cents"] = parse_money(v, self.minor_units)
                rec[c] = v
            out.append(rec)
        return out


@attrs.frozen(eq=False, repr=False, field_transformer=checked_fields)
class Distribution(Result):
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
    pool_game : poolcalc.games.UnanimityGame or None
        Game schemes (``shapley``, ``nucleolus``): the essential pool game the scheme
        solved, with the collected worths R_T (what :func:`poolcalc.allocation.pool_game`
        returns for the scheme's ``country`` and ``unit``); None for other schemes.
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
    _pool_game: Callable[[], Any] | None = attrs.field(default=None, repr=False)

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
    def pool_game(self) -> Any:
        """The essential pool game of a game scheme (collected worths), else None."""
        return None if self._pool_game is None else self._pool_game()

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

    # -- the Result interface ---------------------------------------------------------------
    def _money(self, cents: int) -> str:
        return format_money(cents, self.minor_units)

    def to_dict(self) -> dict[str, Any]:
        """Return the distribution as JSON-ready data (``poolcalc allocate --format json``).

        ``{"scheme", "currency", "collected", "administrator_fee", "members": [{"member",
        "amount", "share"[, "netting"]}], "year", "options", "distributable",
        "rounding_residue", "notes"[, "usage"]}`` with money as decimal strings in the
        currency's minor units and ``collected == administrator_fee + sum(amount)``
        exactly; ``netting`` (receivable, payable, net) for members that are also
        licensees; ``options`` without unset ones; ``usage`` (the content royalties
        inside ``collected``) only when there are some.
        """
        members = []
        for m, amt in self.amounts.items():
            row: dict[str, Any] = {"member": m, "amount": self._money(amt),
                                   "share": _share(self.shares[m])}
            if m in self.netting:
                row["netting"] = self.netting[m].to_dict()
            members.append(row)
        obj: dict[str, Any] = {
            "scheme": self.scheme,
            "currency": self.currency,
            "collected": self._money(self.collected_cents),
            "administrator_fee": self._money(self.administrator_fee_cents),
            "members": members,
            "year": self.year,
            "options": {k: v for k, v in self.options.items() if v is not None},
            "distributable": self._money(self.distributable_cents),
            "rounding_residue": self._money(self.rounding_residue_cents),
            "notes": list(self.notes),
        }
        if self.usage_cents:
            obj["usage"] = self._money(self.usage_cents)
        return obj

    def _view(self) -> TableView:
        opts = ", ".join(f"{k}={v}" for k, v in self.options.items() if v is not None)
        title = (
            f"Distribution {self.year} under {self.scheme}"
            + (f" ({opts})" if opts else "")
            + f" [{self.currency}]"
        )
        rows = []
        for m, amt in self.amounts.items():
            n = self.netting.get(m)
            rows.append(
                [
                    m,
                    self._money(amt),
                    f"{100 * self.shares[m]:.4f}%",
                    "" if n is None else self._money(n.payable_cents),
                    "" if n is None else self._money(n.net_cents),
                ]
            )
        usage = f" (of which usage {self._money(self.usage_cents)})" if self.usage_cents else ""
        foot = [
            f"collected          {self._money(self.collected_cents)}{usage}",
            f"administrator fee  {self._money(self.administrator_fee_cents)}",
            f"distributed        {self._money(sum(self.amounts.values()))}"
            f" (of which {self._money(self.rounding_residue_cents)} by largest remainder)",
            *(f"note: {x}" for x in self.notes),
        ]
        return TableView(
            ("member", "amount", "share", "owes as licensee", "net"), rows, title=title,
            footer=foot,
        )

    def _summary(self) -> str:
        return (
            f"{self.scheme}, {self.year}, {len(self.amounts)} members, collected "
            f"{self._money(self.collected_cents)} {self.currency}"
        )

    def _records(self) -> Sequence[dict[str, Any]]:
        out = []
        for m, amt in self.amounts.items():
            n = self.netting.get(m)
            out.append(
                {
                    "member": m,
                    "amount_cents": amt,
                    "amount": self._money(amt),
                    "share": self.shares[m],
                    "payable_cents": None if n is None else n.payable_cents,
                    "net_cents": None if n is None else n.net_cents,
                }
            )
        return out

    def csv_rows(self) -> list[list[str]]:
        """Rows of ``--format csv``: member, amount, share, payable, net (money as strings)."""
        rows = []
        for m, amt in self.amounts.items():
            n = self.netting.get(m)
            rows.append(
                [
                    m,
                    self._money(amt),
                    f"{_share(self.shares[m])}",
                    "" if n is None else self._money(n.payable_cents),
                    "" if n is None else self._money(n.net_cents),
                ]
            )
        return rows

"""Results of the ledger: a close, the status, a party's account, the reconciliation.

Each implements the common :class:`~poolcalc._result.Result` interface (``to_dict`` with
money as decimal strings, ``to_frame``, ``str``, short ``repr``, ``_repr_html_``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc._args import checked_fields
from poolcalc._money import format_money
from poolcalc._result import Result, TableView
from poolcalc.ledger._entries import Entry

__all__ = ["Check", "CloseResult", "LedgerStatus", "PartyAccount", "PeriodRow",
           "Reconciliation"]


def _map(v: Any) -> Mapping[str, int]:
    return MappingProxyType(dict(v or {}))


@attrs.frozen(repr=False)
class CloseResult(Result):
    """What a close did: ``written`` False means the period was already closed as is."""

    period: str
    written: bool
    n_entries: int
    entries_digest: str
    closed_at: str | None
    currency: str
    minor_units: int = 2
    #: Input files that differ from those recorded at the close (re-close only; the
    #: period's entries are the same, e.g. a later quarter's rows were added).
    changed_inputs: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @property
    def message(self) -> str:
        """Return the one line the command line prints."""
        if self.written:
            return f"closed {self.period}: {self.n_entries} entries written"
        extra = (f" (inputs changed since: {', '.join(self.changed_inputs)}; they do not "
                 "change this period)" if self.changed_inputs else "")
        return (f"{self.period} is already closed (on {self.closed_at}) with the same "
                f"{self.n_entries} entries: nothing changed{extra}")

    def to_dict(self) -> dict[str, Any]:
        """Return the close as JSON-ready values."""
        return {"period": self.period, "written": self.written, "n_entries": self.n_entries,
                "entries_digest": self.entries_digest, "closed_at": self.closed_at,
                "changed_inputs": list(self.changed_inputs), "message": self.message}

    def _view(self) -> TableView:
        return TableView(("period", "written", "entries", "closed_at"),
                         [(self.period, str(self.written).lower(), self.n_entries,
                           self.closed_at or "")], title=self.message)

    def _summary(self) -> str:
        return self.message


@attrs.frozen
class PeriodRow:
    """One period of the status: its state, close and derived totals [minor units]."""

    period: str
    state: str
    closed_at: str | None
    closed_by: str | None
    n_entries: int
    totals: Mapping[str, int] = attrs.field(converter=_map)


@attrs.frozen(repr=False, field_transformer=checked_fields)
class LedgerStatus(Result):
    """Periods, open balances (derived from the entries) and the last close.

    ``balances`` maps each account with a non-zero balance to debit minus credit [minor
    units]: a licensee's positive balance is what it owes, a member's negative balance
    what the pool owes it.
    """

    currency: str | None
    minor_units: int
    periods: tuple[PeriodRow, ...]
    balances: Mapping[str, int] = attrs.field(converter=_map)

    @property
    def last_close(self) -> PeriodRow | None:
        """Return the period closed last (None: nothing closed yet)."""
        closed = [p for p in self.periods if p.closed_at]
        return max(closed, key=lambda p: p.closed_at or "") if closed else None

    def _m(self, cents: int) -> str:
        return format_money(cents, self.minor_units)

    def to_dict(self) -> dict[str, Any]:
        """Return the status as JSON-ready values (money as decimal strings)."""
        last = self.last_close
        return {
            "currency": self.currency,
            "periods": [{"period": p.period, "state": p.state, "closed_at": p.closed_at,
                         "closed_by": p.closed_by, "entries": p.n_entries,
                         **{k: self._m(v) for k, v in p.totals.items()}}
                        for p in self.periods],
            "balances": {k: self._m(v) for k, v in self.balances.items()},
            "last_close": None if last is None else {"period": last.period,
                                                     "closed_at": last.closed_at},
        }

    def _view(self) -> TableView:
        kinds = sorted({k for p in self.periods for k in p.totals})
        rows = [(p.period, p.state, p.closed_at or "", p.n_entries,
                 *(self._m(p.totals.get(k, 0)) for k in kinds)) for p in self.periods]
        foot = [f"{acc}: {self._m(v)}" for acc, v in self.balances.items()]
        last = self.last_close
        title = (f"ledger ({self.currency or 'empty'}): {len(self.periods)} periods"
                 + (f", last close {last.period} on {last.closed_at}" if last else ""))
        return TableView(("period", "state", "closed_at", "entries", *kinds), rows,
                         title=title, footer=("open balances (debit - credit):", *foot))

    def _summary(self) -> str:
        return f"{len(self.periods)} periods, {len(self.balances)} open balances"


@attrs.frozen(repr=False)
class PartyAccount(Result):
    """A member's statement or a licensee's invoice account for one period.

    ``lines`` are the period's entries of the party's account; ``signed`` gives each
    line from the party's side (licensee: positive = owed by it; member: positive = owed
    to it).  ``opening_cents`` and ``closing_cents`` are the balances before and after the
    period, derived from every entry of the earlier periods (same sign convention).
    """

    party_kind: str  # "licensee" | "member"
    party: str
    period: str
    currency: str
    minor_units: int
    lines: tuple[Entry, ...]
    signed: tuple[int, ...]
    opening_cents: int
    closing_cents: int

    @property
    def totals(self) -> dict[str, int]:
        """Return the signed total per kind of entry in the period."""
        out: dict[str, int] = {}
        for e, s in zip(self.lines, self.signed, strict=True):
            out[e.kind] = out.get(e.kind, 0) + s
        return out

    def _m(self, cents: int) -> str:
        return format_money(cents, self.minor_units)

    def to_dict(self) -> dict[str, Any]:
        """Return the account as JSON-ready values (money as decimal strings)."""
        return {
            self.party_kind: self.party, "period": self.period, "currency": self.currency,
            "opening": self._m(self.opening_cents), "closing": self._m(self.closing_cents),
            "totals": {k: self._m(v) for k, v in self.totals.items()},
            "lines": [{"kind": e.kind, "amount": self._m(s), "document": e.document,
                       "counterparty": e.member if self.party_kind == "licensee" else e.licensee,
                       "ref_period": e.ref_period, "memo": e.memo}
                      for e, s in zip(self.lines, self.signed, strict=True)],
        }

    def _view(self) -> TableView:
        what = "invoice account" if self.party_kind == "licensee" else "statement"
        rows = [(e.kind, e.document or "", e.ref_period or "", self._m(s))
                for e, s in zip(self.lines, self.signed, strict=True)]
        return TableView(("kind", "document", "corrects", "amount"), rows,
                         title=f"{what} of {self.party} for {self.period} ({self.currency})",
                         footer=(f"opening balance {self._m(self.opening_cents)}",
                                 f"closing balance {self._m(self.closing_cents)}"))

    def _summary(self) -> str:
        return (f"{self.party_kind} {self.party} {self.period}: {len(self.lines)} lines, "
                f"closing {self._m(self.closing_cents)}")


@attrs.frozen
class Check:
    """One invariant of the reconciliation: its name, whether it holds, the detail."""

    name: str
    ok: bool
    detail: str


@attrs.frozen(repr=False)
class Reconciliation(Result):
    """Every balance re-derived from the entries and every invariant checked."""

    checks: tuple[Check, ...]
    n_entries: int
    n_periods: int

    @property
    def ok(self) -> bool:
        """Return True when every check holds."""
        return all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        """Return the reconciliation as JSON-ready values."""
        return {"balanced": self.ok, "entries": self.n_entries, "periods": self.n_periods,
                "checks": [attrs.asdict(c) for c in self.checks]}

    def _view(self) -> TableView:
        return TableView(("check", "ok", "detail"),
                         [(c.name, "yes" if c.ok else "NO", c.detail) for c in self.checks],
                         title=(f"ledger reconciles: {self.n_periods} periods, {self.n_entries}"
                                " entries" if self.ok else "ledger does NOT reconcile"),
                         align=("l", "l", "l"))

    def _summary(self) -> str:
        return f"ok={self.ok}, {len(self.checks)} checks, {self.n_entries} entries"

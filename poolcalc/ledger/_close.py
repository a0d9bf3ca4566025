"""Closing a period: one transaction that writes the whole period or nothing.

The close takes the write lock first (SQLite ``BEGIN IMMEDIATE`` without waiting;
PostgreSQL ``pg_try_advisory_xact_lock``), so of two concurrent closes exactly one
proceeds and the other is refused at once.  Inside the transaction: the period row is
inserted ``open``, then its inputs and its entries in batches, then it is turned
``closed``, then the transaction commits.  A crash anywhere before the commit leaves
nothing of the period (the database rolls the transaction back); the triggers of the
schema keep a closed period as it was.

Re-closing a period with the same entries writes nothing; with different entries it is
refused with what differs: a closed period is corrected by an adjustment in an open one.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from poolcalc._money import format_money
from poolcalc._version import __version__
from poolcalc.errors import PoolcalcError
from poolcalc.ledger import _hook
from poolcalc.ledger._db import PG_LOCK_CLOSE, Ledger, check_ledger, check_text, database_errors
from poolcalc.ledger._entries import (
    CLEARING,
    FX,
    KINDS,
    NETTED,
    Entry,
    digest,
    validate_entries,
)
from poolcalc.ledger._inputs import InputFile, inputs_digest
from poolcalc.ledger._read import period_bounds
from poolcalc.ledger._results import CloseResult
from poolcalc.ledger._schema import ENTRIES, INPUTS, PERIODS

__all__ = ["CloseRefusedError", "close_entries"]

_DIFF_SHOWN = 8


class CloseRefusedError(PoolcalcError):
    """A close was refused: a concurrent close, or the period closed with other entries."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


_WHY = {CLEARING: "what comes in must be distributed, kept as fee or reserve, or passed "
                  "on as tax credit",
        FX: "a converted payment must settle its amount, the rest is its conversion "
            "difference"}


def _check_clearing(entries: Sequence[Entry], period: str, minor: int) -> None:
    for acc in NETTED:
        bal = 0
        for e in entries:
            bal += (e.amount_cents if e.debit == acc else 0) - (
                e.amount_cents if e.credit == acc else 0)
        if bal != 0:
            raise CloseRefusedError(
                f"period {period}: does not reconcile: {acc} nets to "
                f"{format_money(bal, minor)} instead of 0 ({_WHY[acc]}); nothing written")


def _lock(conn: sa.Connection, ledger: Ledger, period: str) -> None:
    """Begin the transaction holding the ledger's write lock, or refuse at once."""
    busy = CloseRefusedError(
        f"period {period}: another close of this ledger is in progress; nothing written, "
        "try again when it has finished")
    if ledger.dialect == "sqlite":
        try:
            conn.begin()
        except sa.exc.OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise busy from None
            raise
        return
    conn.begin()
    got = conn.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"),
                       {"k": PG_LOCK_CLOSE}).scalar()
    if not got:
        raise busy


def _stored(conn: sa.Connection, period: str) -> list[Entry]:
    rows = conn.execute(sa.select(ENTRIES).where(ENTRIES.c.period == period)
                        .order_by(ENTRIES.c.seq)).mappings()
    return [Entry.from_row(r) for r in rows]


def _describe(key: tuple[Any, ...]) -> str:
    kind, debit, credit, licensee, member, document, ref = key
    who = licensee or member or f"{debit} <- {credit}"
    return f"{kind} {who}" + (f" ({document})" if document else "") + (
        f" for {ref}" if ref else "")


def _diff(old: Sequence[Entry], new: Sequence[Entry], minor: int) -> list[str]:
    def totals(es: Sequence[Entry]) -> dict[tuple[Any, ...], int]:
        out: dict[tuple[Any, ...], int] = {}
        for e in es:
            out[e.key()] = out.get(e.key(), 0) + e.amount_cents
        return out

    a, b = totals(old), totals(new)
    lines = []
    order = {k: i for i, k in enumerate(KINDS)}
    for key in sorted(set(a) | set(b), key=lambda k: (order.get(k[0], 99),
                                                       tuple(str(x) for x in k))):
        if a.get(key) != b.get(key):
            was = "-" if key not in a else format_money(a[key], minor)
            now = "-" if key not in b else format_money(b[key], minor)
            lines.append(f"{_describe(key)}: closed {was}, now {now}")
    if not lines:
        lines.append(f"the same amounts in another order or with other memos "
                     f"({len(old)} entries closed, {len(new)} now)")
    return lines


def _inputs_diff(conn: sa.Connection, period: str, inputs: Sequence[InputFile]) -> list[str]:
    rows = conn.execute(sa.select(INPUTS.c.name, INPUTS.c.sha256)
                        .where(INPUTS.c.period == period)).all()
    old = {name: sha for name, sha in rows}
    new = {f.name: f.sha256 for f in inputs}
    out = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            out.append(f"{name} (gone)")
        elif name not in old:
            out.append(f"{name} (new)")
        elif old[name] != new[name]:
            out.append(f"{name} (changed)")
    return out


def _refuse_overlap(conn: sa.Connection, period: str) -> None:
    start, end = period_bounds(period)
    for (other,) in conn.execute(sa.select(PERIODS.c.period)):
        o_start, o_end = period_bounds(other)
        if o_start <= end and start <= o_end:
            raise CloseRefusedError(
                f"period {period} overlaps closed period {other}; nothing written (a ledger "
                "closes each day once: calendar years or their quarters or halves, not both)")


def close_entries(ledger: Ledger, period: str, entries: Sequence[Entry], *, currency: str,
                  minor_units: int = 2, inputs: Sequence[InputFile] = (),
                  scheme: str | None = None, options: Mapping[str, Any] | None = None,
                  closed_by: str | None = None) -> CloseResult:
    """Write the entries of ``period`` and close it, in one transaction.

    Parameters
    ----------
    ledger : Ledger
    period : str
        Period label (``"2024Q3"``, ``"2024H1"``, ``"2024"``).
    entries : sequence of Entry
        The whole period, in order; the clearing account ``pool:distributable`` must net
        to zero over them (the period's reconciliation).
    currency : str
        The pool's currency (every entry is in it).
    minor_units : int
        Digits after the decimal point of ``currency``.
    inputs : sequence of InputFile
        The files the entries were computed from (name, SHA-256, size).
    scheme : str, optional
        Allocation scheme of the distribution.
    options : mapping, optional
        Scheme options (stored as JSON).
    closed_by : str, optional
        Who closes (default: the operating-system user).

    Returns
    -------
    CloseResult
        ``written`` is False when the period was already closed with the same entries.

    Raises
    ------
    InvalidInputError
        An entry the journal would refuse (named by its position and kind).
    CloseRefusedError
        Another close holds the lock; the period is closed with different entries (the
        message lists the differences and the inputs that changed); or the entries do
        not reconcile.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> ledger.close_entries(db, "2024Q1", es, currency="USD").written
    True
    >>> ledger.close_entries(db, "2024Q1", es, currency="USD").message[:35]
    '2024Q1 is already closed (on 20...'
    """
    check_ledger(ledger, "close_entries: ledger")
    check_text(period, "close_entries: period")
    check_text(currency, "close_entries: currency")
    entries = list(entries)
    period_bounds(period)
    validate_entries(entries, currency, f"period {period}")
    _check_clearing(entries, period, minor_units)
    edigest, idigest = digest(entries), inputs_digest(inputs)
    with database_errors(f"closing {period}"), ledger.write() as conn:
        _lock(conn, ledger, period)
        try:
            _hook.stage("locked")
            row = conn.execute(sa.select(PERIODS).where(PERIODS.c.period == period)) \
                .mappings().first()
            if row is None:
                _refuse_overlap(conn, period)
            if row is not None:
                if row["entries_digest"] == edigest:
                    changed = _inputs_diff(conn, period, inputs) if inputs else []
                    conn.rollback()
                    return CloseResult(period=period, written=False, n_entries=len(entries),
                                       entries_digest=edigest, closed_at=row["closed_at"],
                                       currency=currency, minor_units=minor_units,
                                       changed_inputs=tuple(changed))
                diff = _diff(_stored(conn, period), entries, minor_units)
                changed = _inputs_diff(conn, period, inputs)
                conn.rollback()
                more = f" (and {len(diff) - _DIFF_SHOWN} more)" if len(diff) > _DIFF_SHOWN else ""
                raise CloseRefusedError(
                    f"period {period} was closed on {row['closed_at']} with other entries; "
                    f"nothing written. Differences: {'; '.join(diff[:_DIFF_SHOWN])}{more}. "
                    + (f"Inputs changed since: {', '.join(changed)}. " if changed else "")
                    + "A closed period is never rewritten: record the change (an amended "
                    "report, a late payment) with its date in the current period and close "
                    "that one; the difference is posted there as an adjustment.")
            conn.execute(PERIODS.insert().values(
                period=period, state="open", currency=currency, minor_units=minor_units,
                opened_at=_now(), closed_at=None, closed_by=closed_by or getpass.getuser(),
                poolcalc_version=__version__, scheme=scheme,
                options=json.dumps(dict(options or {}), sort_keys=True, default=str),
                inputs_digest=idigest, entries_digest=edigest, n_entries=len(entries)))
            _hook.stage("period")
            if inputs:
                conn.execute(INPUTS.insert(), [
                    {"period": period, "name": f.name, "sha256": f.sha256, "size": f.size}
                    for f in inputs])
            _hook.stage("inputs")
            size = _hook.batch_size()
            for b, start in enumerate(range(0, len(entries), size), start=1):
                conn.execute(ENTRIES.insert(), [
                    {"period": period, "seq": start + i, **attrs.asdict(e)}
                    for i, e in enumerate(entries[start:start + size])])
                _hook.stage(f"entries-{b}")
            closed_at = _now()
            conn.execute(PERIODS.update().where(PERIODS.c.period == period)
                         .values(state="closed", closed_at=closed_at))
            _hook.stage("closed")
            conn.commit()
        except BaseException:
            if conn.in_transaction():
                conn.rollback()
            raise
    _hook.stage("committed")
    return CloseResult(period=period, written=True, n_entries=len(entries),
                       entries_digest=edigest, closed_at=closed_at, currency=currency,
                       minor_units=minor_units)

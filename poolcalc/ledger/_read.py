"""Reading the ledger back: status, statements, invoice accounts, reconciliation, export.

Every balance is derived from the journal's entries when asked (``SUM`` over the rows
of an account, debit minus credit); nothing stores a total that could drift.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from poolcalc.errors import InvalidInputError
from poolcalc.ledger._db import Ledger, check_ledger, check_text
from poolcalc.ledger._entries import NETTED, Entry, digest
from poolcalc.ledger._inputs import InputFile, inputs_digest
from poolcalc.ledger._migrate import current_revision
from poolcalc.ledger._results import (
    Check,
    LedgerStatus,
    PartyAccount,
    PeriodRow,
    Reconciliation,
)
from poolcalc.ledger._schema import ENTRIES, HEAD, INPUTS, PERIODS

__all__ = ["balances", "entries", "export_rows", "invoice", "period_bounds", "reconcile",
           "statement",
           "status"]

_LABEL = re.compile(r"^(\d{4})(?:(Q)([1-4])|(H)([12]))?$")


def period_bounds(label: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a period label (``2024``, ``2024H2``, ``2024Q3``).

    Parameters
    ----------
    label : str
        ``YYYY``, ``YYYYH1``..``H2`` or ``YYYYQ1``..``Q4``.

    Returns
    -------
    tuple of datetime.date
        First and last day (inclusive).

    Raises
    ------
    InvalidInputError
        Any other label.

    Examples
    --------
    >>> period_bounds("2024Q3")
    (datetime.date(2024, 7, 1), datetime.date(2024, 9, 30))
    """
    check_text(label, "period_bounds: label")
    m = _LABEL.match(label or "")
    if not m:
        raise InvalidInputError(f"--period: expected YYYY, YYYYH1..H2 or YYYYQ1..Q4, "
                                f"got {label!r}")
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(3))
        first, months = 3 * q - 2, 3
    elif m.group(4):
        first, months = 6 * int(m.group(5)) - 5, 6
    else:
        first, months = 1, 12
    start = dt.date(year, first, 1)
    nxt = dt.date(year + (first + months > 12), (first + months - 1) % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def _order(label: str) -> tuple[dt.date, dt.date]:
    start, end = period_bounds(label)
    return end, start


def _periods(conn: sa.Connection) -> list[dict[str, Any]]:
    rows = [dict(r) for r in conn.execute(sa.select(PERIODS)).mappings()]
    return sorted(rows, key=lambda r: _order(r["period"]))


def entries(ledger: Ledger, period: str | None = None) -> list[Entry]:
    """Return the journal's entries (of one period), in period then sequence order.

    Parameters
    ----------
    ledger : Ledger
    period : str, optional
        Only this period's entries (default: all).

    Returns
    -------
    list of Entry

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> [e.kind for e in ledger.entries(db, "2024Q1")]
    ['invoice', 'distribution']
    """
    check_ledger(ledger, "entries: ledger")
    if period is not None:
        check_text(period, "entries: period")
    with ledger.engine.connect() as conn:
        return _entries(conn, period)


def _entries(conn: sa.Connection, period: str | None = None) -> list[Entry]:
    q = sa.select(ENTRIES)
    if period is not None:
        q = q.where(ENTRIES.c.period == period)
    rows = list(conn.execute(q.order_by(ENTRIES.c.period, ENTRIES.c.seq)).mappings())
    rows.sort(key=lambda r: (_order(r["period"]), r["seq"]))
    return [Entry.from_row(r) for r in rows]


def _balance_sql(conn: sa.Connection, periods: list[str] | None = None) -> dict[str, int]:
    cond = [] if periods is None else [ENTRIES.c.period.in_(periods)]
    deb = sa.select(ENTRIES.c.debit.label("account"), ENTRIES.c.amount_cents.label("a")) \
        .where(*cond)
    cre = sa.select(ENTRIES.c.credit.label("account"),
                    (-ENTRIES.c.amount_cents).label("a")).where(*cond)
    u = sa.union_all(deb, cre).subquery()
    q = sa.select(u.c.account, sa.func.sum(u.c.a)).group_by(u.c.account) \
        .order_by(u.c.account)
    return {acc: int(total) for acc, total in conn.execute(q)}


def balances(ledger: Ledger, *, through: str | None = None) -> dict[str, int]:
    """Return every account's balance (debit minus credit) derived from the entries.

    Parameters
    ----------
    ledger : Ledger
    through : str, optional
        Count the periods ending on or before this one's end only (default: all).

    Returns
    -------
    dict of str to int
        Account -> debit minus credit [minor units], every account with an entry.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> ledger.balances(db)
    {'licensee:L1': 1000, 'member:M1': -1000, 'pool:distributable': 0}
    """
    check_ledger(ledger, "balances: ledger")
    if through is not None:
        check_text(through, "balances: through")
    with ledger.engine.connect() as conn:
        names = None
        if through is not None:
            end = period_bounds(through)[1]
            names = [p["period"] for p in _periods(conn) if _order(p["period"])[0] <= end]
        return _balance_sql(conn, names)


def status(ledger: Ledger) -> LedgerStatus:
    """Return the periods, their totals per kind, the open balances and the last close.

    Parameters
    ----------
    ledger : Ledger

    Returns
    -------
    LedgerStatus

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> ledger.status(db).to_dict()["balances"]
    {'licensee:L1': '10.00', 'member:M1': '-10.00'}
    """
    check_ledger(ledger, "status: ledger")
    with ledger.engine.connect() as conn:
        periods = _periods(conn)
        q = sa.select(ENTRIES.c.period, ENTRIES.c.kind, sa.func.sum(ENTRIES.c.amount_cents)) \
            .group_by(ENTRIES.c.period, ENTRIES.c.kind)
        totals: dict[str, dict[str, int]] = {}
        for period, kind, total in conn.execute(q):
            totals.setdefault(period, {})[kind] = int(total)
        bal = {k: v for k, v in _balance_sql(conn).items() if v}
    rows = tuple(PeriodRow(p["period"], p["state"], p["closed_at"], p["closed_by"],
                           p["n_entries"], totals.get(p["period"], {})) for p in periods)
    currency = periods[-1]["currency"] if periods else None
    minor = periods[-1]["minor_units"] if periods else 2
    return LedgerStatus(currency, minor, rows, bal)


def _account(ledger: Ledger, kind: str, party: str, period: str) -> PartyAccount:
    period_bounds(period)
    account = f"{kind}:{party}"
    sign = 1 if kind == "licensee" else -1  # licensee: owed by it; member: owed to it
    with ledger.engine.connect() as conn:
        periods = _periods(conn)
        row = next((p for p in periods if p["period"] == period), None)
        if row is None:
            known = ", ".join(p["period"] for p in periods) or "none"
            raise InvalidInputError(f"--period: {period!r} is not in the ledger "
                                    f"(closed periods: {known})")
        end = _order(period)[0]
        before = [p["period"] for p in periods if _order(p["period"])[0] < end]
        known_party = conn.execute(sa.select(sa.func.count()).select_from(ENTRIES).where(
            sa.or_(ENTRIES.c.debit == account, ENTRIES.c.credit == account))).scalar()
        if not known_party:
            raise InvalidInputError(f"{kind} {party!r}: no entry of the ledger names it")
        opening = sign * _balance_sql(conn, before).get(account, 0) if before else 0
        lines = [e for e in _entries(conn, period) if account in (e.debit, e.credit)]
    signed = tuple(sign * (e.amount_cents if e.debit == account else -e.amount_cents)
                   for e in lines)
    return PartyAccount(kind, party, period, row["currency"], row["minor_units"],
                        tuple(lines), signed, opening, opening + sum(signed))


def statement(ledger: Ledger, member: str, period: str) -> PartyAccount:
    """Return a member's statement for a closed period (positive: owed to the member).

    Parameters
    ----------
    ledger : Ledger
    member : str
        Member id.
    period : str
        A closed period.

    Returns
    -------
    PartyAccount
        The period's lines of ``member:<id>``, opening and closing balances.

    Raises
    ------
    InvalidInputError
        The period is not in the ledger, or no entry names the member.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> ledger.statement(db, "M1", "2024Q1").closing_cents
    1000
    """
    check_ledger(ledger, "statement: ledger")
    check_text(member, "statement: member")
    check_text(period, "statement: period")
    return _account(ledger, "member", member, period)


def invoice(ledger: Ledger, licensee: str, period: str) -> PartyAccount:
    """Return a licensee's invoice account for a closed period (positive: it owes).

    Parameters
    ----------
    ledger : Ledger
    licensee : str
        Licensee id.
    period : str
        A closed period.

    Returns
    -------
    PartyAccount
        The period's lines of ``licensee:<id>``, opening and closing balances.

    Raises
    ------
    InvalidInputError
        The period is not in the ledger, or no entry names the licensee.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> ledger.invoice(db, "L1", "2024Q1").to_dict()["closing"]
    '10.00'
    """
    check_ledger(ledger, "invoice: ledger")
    check_text(licensee, "invoice: licensee")
    check_text(period, "invoice: period")
    return _account(ledger, "licensee", licensee, period)


def _check(name: str, bad: list[str], good: str) -> Check:
    return Check(name, not bad, good if not bad else "; ".join(bad[:10]))


def reconcile(ledger: Ledger) -> Reconciliation:
    """Re-derive every balance from the entries and check the ledger's invariants.

    Checks: the schema revision; no period left open (half written); each closed
    period's entry count and SHA-256 digest and its inputs' digest equal what was
    recorded at the close; every entry in its period's currency, non-negative, between
    two different accounts; the balances summed by the database equal the balances
    summed entry by entry, and add up to zero (double entry); the clearing account
    ``pool:distributable`` and the conversion account ``pool:fx`` net to zero in every
    period; no day lies in two closed periods; every adjustment
    corrects a period closed before it.

    Parameters
    ----------
    ledger : Ledger

    Returns
    -------
    Reconciliation
        ``ok`` is True when every check holds.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> ledger.reconcile(db).ok
    True
    """
    check_ledger(ledger, "reconcile: ledger")
    with ledger.engine.connect() as conn:
        rev = current_revision(conn)
        periods = _periods(conn)
        all_entries = list(conn.execute(sa.select(ENTRIES)).mappings())
        inputs = list(conn.execute(sa.select(INPUTS)).mappings())
        sql_bal = _balance_sql(conn)
    by_period: dict[str, list[dict[str, Any]]] = {}
    for r in all_entries:
        by_period.setdefault(r["period"], []).append(r)
    checks = [Check("schema", rev == HEAD, f"revision {rev} (latest {HEAD})")]
    checks.append(_check("periods closed",
                         [f"{p['period']} is {p['state']}" for p in periods
                          if p["state"] != "closed"], f"{len(periods)} closed"))
    known = {p["period"] for p in periods}
    counts, digests, idig, cur, amounts, clearing = [], [], [], [], [], []
    for p in periods:
        rows = sorted(by_period.get(p["period"], []), key=lambda r: r["seq"])
        if len(rows) != p["n_entries"] or [r["seq"] for r in rows] != list(range(len(rows))):
            counts.append(f"{p['period']}: {len(rows)} entries, {p['n_entries']} recorded")
        if digest(Entry.from_row(r) for r in rows) != p["entries_digest"]:
            digests.append(f"{p['period']}: entries differ from those closed")
        files = [InputFile(i["name"], i["sha256"], i["size"]) for i in inputs
                 if i["period"] == p["period"]]
        if inputs_digest(files) != p["inputs_digest"]:
            idig.append(f"{p['period']}: inputs differ from those recorded")
        net = dict.fromkeys(NETTED, 0)
        for r in rows:
            if r["currency"] != p["currency"]:
                cur.append(f"{p['period']} entry {r['seq']}: {r['currency']}")
            if r["amount_cents"] < 0 or r["debit"] == r["credit"]:
                amounts.append(f"{p['period']} entry {r['seq']}")
            for acc in NETTED:
                net[acc] += (r["amount_cents"] if r["debit"] == acc else 0) - (
                    r["amount_cents"] if r["credit"] == acc else 0)
        clearing += [f"{p['period']}: {acc} nets to {v}" for acc, v in net.items() if v]
    orphans = sorted(set(by_period) - known)
    counts += [f"{o}: entries without a period row" for o in orphans]
    checks += [_check("entry counts", counts, f"{len(all_entries)} entries, all recorded"),
               _check("entry digests", digests, "every period as closed"),
               _check("input digests", idig, "every period's inputs as recorded"),
               _check("currency", cur, "every entry in its period's currency"),
               _check("amounts", amounts, "non-negative, between two accounts")]
    py_bal: dict[str, int] = {}
    for r in all_entries:
        py_bal[r["debit"]] = py_bal.get(r["debit"], 0) + r["amount_cents"]
        py_bal[r["credit"]] = py_bal.get(r["credit"], 0) - r["amount_cents"]
    py_bal = {k: v for k, v in sorted(py_bal.items())}
    bad = [] if py_bal == sql_bal else ["database sums differ from the entries' sums"]
    if sum(py_bal.values()) != 0:
        bad.append(f"balances add up to {sum(py_bal.values())}, not 0")
    checks.append(_check("double entry", bad, f"{len(py_bal)} accounts, balances sum to 0"))
    checks.append(_check("clearing", clearing,
                         f"{' and '.join(NETTED)} net to 0 in every period"))
    spans = [(p["period"], *period_bounds(p["period"])) for p in periods]
    overlaps = [f"{a} and {b}" for i, (a, s1, e1) in enumerate(spans)
                for b, s2, e2 in spans[i + 1:] if s1 <= e2 and s2 <= e1]
    checks.append(_check("no overlaps", overlaps, "no day in two closed periods"))
    order = {p["period"]: i for i, p in enumerate(periods)}
    adj = [f"{r['period']} entry {r['seq']}: corrects {r['ref_period']!r}"
           for r in all_entries if r["kind"] == "adjustment" and r["ref_period"] is not None
           and any(p not in order or order[p] >= order[r["period"]]
                   for p in (x.strip() for x in r["ref_period"].split(",")))]
    checks.append(_check("adjustments", adj, "each corrects an earlier closed period"))
    return Reconciliation(tuple(checks), len(all_entries), len(periods))


def export_rows(ledger: Ledger) -> Iterator[dict[str, Any]]:
    """Yield every entry with its period and sequence number, in journal order."""
    with ledger.engine.connect() as conn:
        minor = {p["period"]: p["minor_units"] for p in _periods(conn)}
        for e_row in sorted(conn.execute(sa.select(ENTRIES)).mappings(),
                            key=lambda r: (_order(r["period"]), r["seq"])):
            yield {**dict(e_row), "minor_units": minor.get(e_row["period"], 2)}

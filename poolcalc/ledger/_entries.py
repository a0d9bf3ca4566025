"""Journal entries as values, their validation and their digest.

An :class:`Entry` moves ``amount_cents`` (integer minor units, never negative) from
its ``credit`` account to its ``debit`` account, the double-entry habit of accounting
ledgers (the data models of GnuCash and beancount): every entry balances by
construction, so the sum of all balances is zero and a cent can only move, never
appear or vanish.  Accounts are strings: ``licensee:<id>`` (what a licensee owes:
debit-positive), ``member:<id>`` (what the pool owes a licensor: credit-positive) and
the pool's own accounts ``pool:<name>`` (:data:`POOL_ACCOUNTS`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError

__all__ = ["CLEARING", "FX", "KINDS", "NETTED", "POOL_ACCOUNTS", "WRITE_OFF", "Entry",
           "digest", "validate_entries"]

#: Kinds of entry (the journal table's CHECK constraint lists the same).
KINDS = ("invoice", "payment", "withholding", "interest", "credit", "fee", "reserve",
         "distribution", "tax_credit", "netting", "adjustment", "fx_difference")

#: The pool's own accounts.
POOL_ACCOUNTS = ("pool:royalties", "pool:distributable", "pool:cash", "pool:tax_withheld",
                 "pool:fee", "pool:reserve", "pool:interest", "pool:fx",
                 "pool:write_off")

#: Clearing account: whatever a period brings in is handed out in the same period, so
#: its balance over each closed period is zero.
CLEARING = "pool:distributable"

#: Conversion account: a payment in another currency enters at its converted value and
#: leaves as what it settled plus the conversion difference, so it nets to zero too.
FX = "pool:fx"

#: Expense account of conversion residues written off (``[reporting] fx_write_off``):
#: Dr ``pool:write_off``, Cr ``licensee:L``; no cash came in, nothing was distributed.
WRITE_OFF = "pool:write_off"

#: The accounts whose balance over each closed period is zero.
NETTED = (CLEARING, FX)

_PREFIXES = ("licensee:", "member:", "pool:")

#: Longest text of each column (the schema's VARCHAR lengths).
_LIMITS = (("debit", 96), ("credit", 96), ("currency", 3), ("licensee", 64), ("member", 64),
           ("document", 96), ("ref_period", 128))


@attrs.frozen
class Entry:
    """One journal entry: ``amount_cents`` moves from ``credit`` to ``debit``.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    debit, credit : str
        Accounts (``licensee:L001``, ``member:M01``, ``pool:cash``, ...); different.
    amount_cents : int
        Integer minor units of ``currency``, ``>= 0``.
    currency : str
        ISO 4217 code.
    licensee, member : str or None
        The parties the entry concerns.
    document : str or None
        Invoice number, payment reference or tax certificate.
    ref_period : str or None
        For an adjustment: the (closed) period it corrects, or several separated by
        commas (``"2024Q1, 2024Q2"``).
    memo : str or None
        Free text.
    """

    kind: str
    debit: str
    credit: str
    amount_cents: int
    currency: str
    licensee: str | None = None
    member: str | None = None
    document: str | None = None
    ref_period: str | None = None
    memo: str | None = None

    def key(self) -> tuple[Any, ...]:
        """Return what identifies the entry apart from its amount (for diffs)."""
        return (self.kind, self.debit, self.credit, self.licensee, self.member,
                self.document, self.ref_period)

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as a plain dict (money in integer minor units)."""
        return attrs.asdict(self)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Entry:
        """Build an entry from a database row (a mapping with the column names)."""
        return cls(**{f.name: row[f.name] for f in attrs.fields(cls)})


def validate_entries(entries: Sequence[Entry], currency: str, where: str) -> None:
    """Raise :class:`InvalidInputError` for the first entry the journal would refuse.

    Parameters
    ----------
    entries : sequence of Entry
    currency : str
        The ledger's currency; every entry is in it.
    where : str
        What the entries are (``"period 2024Q3"``), for the message.
    """
    for i, e in enumerate(entries):
        loc = f"{where}: entry {i} ({e.kind})"
        if e.kind not in KINDS:
            raise InvalidInputError(f"{loc}: kind must be one of {', '.join(KINDS)}, "
                                    f"got {e.kind!r}")
        if not isinstance(e.amount_cents, int) or isinstance(e.amount_cents, bool) \
                or e.amount_cents < 0:
            raise InvalidInputError(f"{loc}: amount_cents must be a non-negative integer, "
                                    f"got {e.amount_cents!r}")
        for name in ("debit", "credit"):
            acc = getattr(e, name)
            if not isinstance(acc, str) or not acc.startswith(_PREFIXES) or ":" == acc[-1]:
                raise InvalidInputError(f"{loc}: {name} must be an account licensee:ID, "
                                        f"member:ID or pool:NAME, got {acc!r}")
        for name, limit in _LIMITS:
            value = getattr(e, name)
            if value is not None and (not isinstance(value, str) or len(value) > limit):
                raise InvalidInputError(f"{loc}: {name} must be text of at most {limit} "
                                        f"characters, got {value!r}")
        if e.debit == e.credit:
            raise InvalidInputError(f"{loc}: debit and credit are the same account {e.debit!r}")
        if e.currency != currency:
            raise InvalidInputError(f"{loc}: currency must be the ledger's {currency}, "
                                    f"got {e.currency!r}")


def digest(entries: Iterable[Entry]) -> str:
    """Return the SHA-256 (hex) of the entries in order: equal iff the journals are equal.

    Parameters
    ----------
    entries : iterable of Entry

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> from poolcalc.ledger import Entry, digest
    >>> e = Entry("fee", "pool:distributable", "pool:fee", 5, "USD")
    >>> digest([e]) == digest([e]), digest([e]) == digest([])
    (True, False)
    """
    if isinstance(entries, str | bytes) or not isinstance(entries, Iterable):
        raise InvalidInputError(f"digest: entries must be a list of Entry, got {entries!r:.60}")
    entries = list(entries)
    if not all(isinstance(e, Entry) for e in entries):
        raise InvalidInputError("digest: entries must be a list of Entry")
    h = hashlib.sha256()
    for e in entries:
        h.update(json.dumps(attrs.astuple(e), separators=(",", ":")).encode())
        h.update(b"\n")
    return h.hexdigest()

"""The shares of a period's paid invoices among members, kept as columns.

A quarter of a large pool splits 10^4 paid invoices among 50 members: 5x10^5 shares
``(invoice, member, cents)``.  :class:`Shares` is the immutable sequence of those
triples that :attr:`PeriodDistribution.by_invoice` holds, stored as three columns
(invoice codes, member codes, cents) so that the certified float splits
(:meth:`poolcalc.periods._wtable.WeightTable.split_batch`, an array per batch of
invoices) go into it and out to JSON (:func:`poolcalc.periods._json_columns.shares_records`)
without a Python tuple per share.  As a sequence it is the tuple of triples it stands
for: iteration, indexing, ``len``, ``==`` and ``hash`` are those of that tuple.

:class:`SharesBuilder` collects batches (arrays) and single shares in any order and
builds the shares in the order of a given list of invoices, each invoice's shares in
the order they were added.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np

__all__ = ["Shares", "SharesBuilder", "as_shares"]

Share = tuple[str, str, int]


class Shares(Sequence[Share]):
    """Immutable sequence of shares ``(invoice, member, cents)`` stored as columns.

    Parameters
    ----------
    invoices : sequence of str
        Invoice labels; ``inv`` holds positions in it.
    inv : ndarray of int, shape (n,)
    members : sequence of str
        Member labels; ``mem`` holds positions in it.
    mem : ndarray of int, shape (n,)
    cents : ndarray of int64 or of object (Python ints beyond int64), shape (n,)
        Each share [minor units].

    Examples
    --------
    >>> s = Shares.of([("INV-1", "M01", 150), ("INV-1", "M02", -3)])
    >>> len(s), s[1], list(s) == [("INV-1", "M01", 150), ("INV-1", "M02", -3)]
    (2, ('INV-1', 'M02', -3), True)
    >>> s == (("INV-1", "M01", 150), ("INV-1", "M02", -3))
    True
    """

    __slots__ = ("_cents", "_hash", "_inv", "_invoices", "_mem", "_members")

    def __init__(self, invoices: Sequence[str], inv: np.ndarray, members: Sequence[str],
                 mem: np.ndarray, cents: np.ndarray) -> None:
        if not (len(inv) == len(mem) == len(cents)):
            raise ValueError(f"Shares: columns of lengths {len(inv)}, {len(mem)}, {len(cents)}")
        self._invoices = np.array(list(invoices) + [""], dtype=object)[:-1]  # 1-d of str
        self._members = np.array(list(members) + [""], dtype=object)[:-1]
        self._inv = np.asarray(inv, dtype=np.int64)
        self._mem = np.asarray(mem, dtype=np.int64)
        self._cents = cents
        self._hash: int | None = None

    @classmethod
    def of(cls, rows: Iterable[Share]) -> Shares:
        """Return the shares of the triples ``rows`` (in their order)."""
        b = SharesBuilder()
        order: dict[str, None] = {}
        for number, member, cents in rows:
            order.setdefault(number, None)
            b.add(number, member, cents)
        return b.build(list(order), stable=False)

    # -- columns (for writers) ----------------------------------------------------------
    def invoice_labels(self) -> np.ndarray:
        """Distinct invoice labels (object array); :meth:`invoice_codes` index it."""
        return self._invoices

    def invoice_codes(self) -> np.ndarray:
        return self._inv

    def member_labels(self) -> np.ndarray:
        """Distinct member labels (object array); :meth:`member_codes` index it."""
        return self._members

    def member_codes(self) -> np.ndarray:
        return self._mem

    def cents(self) -> np.ndarray:
        """Cents of each share: int64, or object (Python ints) beyond the int64 range."""
        return self._cents

    # -- the sequence -------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._inv.size)

    def __iter__(self) -> Iterator[Share]:
        return zip(self._invoices[self._inv].tolist(), self._members[self._mem].tolist(),
                   self._cents.tolist(), strict=True)

    @overload
    def __getitem__(self, i: int) -> Share: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Share, ...]: ...

    def __getitem__(self, i: int | slice) -> Share | tuple[Share, ...]:
        if isinstance(i, slice):
            return tuple(self)[i]
        j = range(len(self))[i]  # IndexError as a tuple's
        return (self._invoices[self._inv[j]], self._members[self._mem[j]],
                int(self._cents[j]))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Shares):
            return len(self) == len(other) and tuple(self) == tuple(other)
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self))
        return self._hash

    def __repr__(self) -> str:
        head = ", ".join(repr(t) for t in self[:3])
        more = f", ... ({len(self)} shares)" if len(self) > 3 else ""
        return f"Shares([{head}{more}])"


def as_shares(v: Any) -> Shares:
    """Attrs converter: a :class:`Shares`, or the shares of an iterable of triples."""
    return v if isinstance(v, Shares) else Shares.of(v)


class SharesBuilder:
    """Collect shares by batch (arrays) or one by one; :meth:`build` them in order."""

    def __init__(self) -> None:
        self._mcode: dict[str, int] = {}
        self._blocks: list[tuple[list[str], np.ndarray, np.ndarray, np.ndarray]] = []
        self._one: tuple[list[str], list[int], list[int]] = ([], [], [])

    def _members(self, labels: Sequence[str]) -> np.ndarray:
        code = self._mcode
        return np.array([code.setdefault(m, len(code)) for m in labels], dtype=np.int64)

    def add_batch(self, invoices: list[str], inv: np.ndarray, members: Sequence[str],
                  mem: np.ndarray, cents: np.ndarray) -> None:
        """Add shares ``(invoices[inv[k]], members[mem[k]], cents[k])`` (int64 cents).

        Every invoice's shares must be in one batch (or added one by one), as
        :meth:`build` keeps the order within a batch.
        """
        self._blocks.append((invoices, np.asarray(inv, np.int64),
                             self._members(members)[mem], cents))

    def add(self, invoice: str, member: str, cents: int) -> None:
        """Add one share (after the earlier shares of the same invoice)."""
        inv, mem, c = self._one
        inv.append(invoice)
        mem.append(self._mcode.setdefault(member, len(self._mcode)))
        c.append(cents)

    def build(self, order: Sequence[str], *, stable: bool = True) -> Shares:
        """Return the shares ordered by invoice as in ``order``, each invoice's as added.

        Every invoice added must be in ``order``.  ``stable=False``: the shares were
        added in that order already (no sort).
        """
        rank = {n: i for i, n in enumerate(order)}
        invs, mems, cents = [], [], []
        for labels, inv, mem, c in self._blocks:
            invs.append(np.array([rank[n] for n in labels], dtype=np.int64)[inv])
            mems.append(mem)
            cents.append(c)
        one_inv, one_mem, one_c = self._one
        if one_inv:
            invs.append(np.array([rank[n] for n in one_inv], dtype=np.int64))
            mems.append(np.array(one_mem, dtype=np.int64))
            try:
                cents.append(np.array(one_c, dtype=np.int64))
            except OverflowError:  # beyond int64: Python integers
                cents.append(np.array(one_c + [0], dtype=object)[:-1])
        if not invs:
            e = np.zeros(0, np.int64)
            return Shares(order, e, list(self._mcode), e, e)
        inv_all, mem_all = np.concatenate(invs), np.concatenate(mems)
        kinds = {c.dtype for c in cents}
        c_all = np.concatenate([c.astype(object) for c in cents] if len(kinds) > 1
                               else cents)
        if stable and bool((inv_all[1:] < inv_all[:-1]).any()):
            by = np.argsort(inv_all, kind="stable")
            inv_all, mem_all, c_all = inv_all[by], mem_all[by], c_all[by]
        return Shares(order, inv_all, list(self._mcode), mem_all, c_all)

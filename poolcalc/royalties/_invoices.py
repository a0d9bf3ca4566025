"""Columnar invoices: one array per invoice field, :class:`Invoice` objects built on access.

:func:`poolcalc.royalties.royalties_owed` on 10^6 licensees used to build 10^6 attrs
objects (11 s of a 15 s run); :class:`InvoiceTable` keeps the per-licensee sums as
int64 arrays in licensee-id order and behaves as the tuple of invoices it replaces
(``len``, indexing, slicing, iteration, ``==`` with a tuple of invoices).  The report
reads totals, lookups and ``--format json`` straight from the columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from poolcalc._format import format_money
from poolcalc.royalties._result import MONEY, Invoice
from poolcalc.royalties.stages.due import REASONS

__all__ = ["InvoiceTable"]

#: Integer fields of an invoice held as int64 columns.
COUNTS = ("units", "royalty_bearing_units", "units_not_due")
CENTS = tuple(f"{k}_cents" for k in MONEY)


def _money_strings(values: np.ndarray, minor_units: int) -> list[str]:
    """``format_money`` of every value, each distinct value formatted once."""
    if values.size == 0:
        return []
    uniq, inverse = np.unique(values, return_inverse=True)
    text = np.array([format_money(v, minor_units) for v in uniq.tolist()], dtype=object)
    return text[inverse].tolist()


class InvoiceTable(Sequence[Invoice]):
    """The invoices of a royalty report as columns (a read-only sequence of Invoice).

    Parameters
    ----------
    licensees, enterprises : list of str
        One per invoice, in output order (sorted by licensee id).
    columns : mapping of str to ndarray of int64
        ``units``, ``royalty_bearing_units``, ``units_not_due`` and the ``<money>_cents``
        columns of :data:`~poolcalc.royalties._result.MONEY` [minor units].
    not_due : ndarray of int64, shape (len(REASONS) - 1, n)
        Units not due per reason ``REASONS[1:]``.
    minor_units : int

    Notes
    -----
    The checks of :class:`Invoice` (money terms >= 0, ``owed == gross - member -
    discount - allowance - cap``, ``units == bearing + not due``) run on the columns;
    the first invoice breaking one is built, so it raises the same error.
    """

    __slots__ = ("licensees", "enterprises", "columns", "not_due", "minor_units", "_pos")

    def __init__(self, licensees: list[str], enterprises: list[str],
                 columns: dict[str, np.ndarray], not_due: np.ndarray, minor_units: int) -> None:
        self.licensees = list(licensees)
        self.enterprises = list(enterprises)
        self.columns = {k: np.asarray(columns[k], np.int64) for k in (*COUNTS, *CENTS)}
        self.not_due = np.asarray(not_due, np.int64).reshape(len(REASONS) - 1, -1)
        self.minor_units = int(minor_units)
        self._pos: dict[str, int] | None = None
        c = self.columns
        bad = (np.minimum.reduce([c[k] for k in CENTS]) < 0) if len(self) else np.zeros(0, bool)
        bad |= c["owed_cents"] != (c["gross_cents"] - c["member_cents"] - c["discount_cents"]
                                   - c["allowance_cents"] - c["cap_cents"])
        bad |= c["units"] != c["royalty_bearing_units"] + c["units_not_due"]
        if bad.any():
            self[int(np.flatnonzero(bad)[0])]  # raises the Invoice's own error

    def __len__(self) -> int:
        return len(self.licensees)

    @overload
    def __getitem__(self, i: int) -> Invoice: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Invoice, ...]: ...
    def __getitem__(self, i: int | slice) -> Invoice | tuple[Invoice, ...]:
        if isinstance(i, slice):
            return tuple(self._build(j) for j in range(*i.indices(len(self))))
        n = len(self)
        j = int(i) + n if int(i) < 0 else int(i)
        if not 0 <= j < n:
            raise IndexError("invoice index out of range")
        return self._build(j)

    def _build(self, j: int) -> Invoice:
        c = self.columns
        nd = self.not_due[:, j]
        return Invoice(
            licensee=self.licensees[j],
            enterprise=self.enterprises[j],
            not_due={REASONS[k + 1]: int(v) for k, v in enumerate(nd.tolist()) if v},
            minor_units=self.minor_units,
            **{k: int(c[k][j]) for k in (*COUNTS, *CENTS)},
        )

    def __iter__(self) -> Iterator[Invoice]:
        return (self._build(j) for j in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, InvoiceTable | tuple):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple[Invoice, ...]:
        if isinstance(other, InvoiceTable | tuple):
            return tuple(self) + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Invoice, ...]:
        if isinstance(other, tuple):
            return other + tuple(self)
        return NotImplemented

    def __repr__(self) -> str:
        return f"InvoiceTable({len(self)} invoices)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (InvoiceTable, (self.licensees, self.enterprises, self.columns, self.not_due,
                               self.minor_units))

    # -- columnar reads used by RoyaltyReport ------------------------------------------------
    def column(self, name: str) -> np.ndarray:
        """One integer field of every invoice (``units``, ``owed_cents``, ...), int64."""
        return self.columns[name]

    def position(self, licensee: str) -> int | None:
        """Index of ``licensee``'s invoice, or None."""
        if self._pos is None:
            self._pos = {lab: j for j, lab in enumerate(self.licensees)}
        return self._pos.get(licensee)

    def not_due_totals(self) -> dict[str, int]:
        """Units not due by reason over all invoices (reasons that occur, REASONS order)."""
        sums = self.not_due.sum(axis=1).tolist() if len(self) else []
        return {REASONS[k + 1]: int(v) for k, v in enumerate(sums) if v}

    def dicts(self, minor_units: int) -> list[dict[str, Any]]:
        """``invoice_dict`` of every invoice, from the columns (same keys, same order)."""
        c = self.columns
        money = [_money_strings(c[f"{k}_cents"], minor_units) for k in MONEY]
        counts = [c[k].tolist() for k in COUNTS]
        nd = self.not_due
        rows_nd = set(np.flatnonzero(nd.any(axis=0)).tolist()) if len(self) else set()
        out = []
        for j, (lab, ent, u, b, nu, *m) in enumerate(
                zip(self.licensees, self.enterprises, *counts, *money, strict=True)):
            d = {"licensee": lab, "enterprise": ent, "units": u,
                 "royalty_bearing_units": b, "units_not_due": nu}
            d.update(zip(MONEY, m, strict=True))
            d["not_due"] = ({REASONS[k + 1]: int(v) for k, v in enumerate(nd[:, j].tolist()) if v}
                            if j in rows_nd else {})
            out.append(d)
        return out

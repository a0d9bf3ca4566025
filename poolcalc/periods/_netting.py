r"""Member-licensee netting settled per period (``[reporting] netting = true``).

A pool member that is also a licensee (``licensees.csv`` column ``member``) owes the
pool its royalty invoices and is owed its share of the distribution.  With netting
on, at the end of each period ``k`` (after the period's payments, invoices, notes
and credit):

1. the period's distribution is computed from what was settled in ``k`` without
   netting (cash, withheld tax, held credit; :mod:`poolcalc.periods._compute`);
   member ``M``'s cash payable is ``net_M = gross_M - tax_credit_M``;
2. each open positive invoice ``X`` issued for ``k`` to a licensee ``L`` of ``M``
   (licensees in id order, invoices oldest first) is settled by an offset

       offset_X = min(open_X, cap_M - offsets of M so far),   cap_M = max(net_M, 0)

   recorded as a settlement of kind ``"netting"`` (no cash moves);
3. the offsets are distributed like cash received on ``X`` (by ``X``'s member
   weights) with the fee and the reserve on ``received + withheld + offsets``; the
   member's cash is ``net'_M - offsets_M``.  Should rounding or a signed weight make
   a cash amount negative, that member's offsets are cut by the shortfall and the
   step is repeated (each round cuts an offset, so it ends).

The offset is capped by the cash payable (``gross - tax_credit``), not the gross:
a tax credit is a certificate, not cash, and cannot pay an invoice.  There is no
circularity: the cap is taken from the distribution without the offsets, and the
offsets' own distribution is paid out (or netted) like cash.  Hence, exactly,

    received + withheld + offsets = fee + reserve + sum gross,
    sum gross = sum cash + offsets + sum tax credits.

Basis: members of a pool that are also licensees sign the same licence and pay
the same royalties (MPEG LA AVC/H.264 patent portfolio licence, SEC exhibit
sec.gov/Archives/edgar/data/1342960/000119312509050004/dex1019.htm); a set-off of
mutual debts that are due settles both to the smaller amount (German Civil Code
sec. 387, 389 BGB; gesetze-im-internet.de/bgb/__387.html).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from poolcalc.model import Pool
from poolcalc.periods._book import Book, Settlement
from poolcalc.periods._result import PeriodDistribution
from poolcalc.periods._types import Period

__all__ = ["netting_offsets", "settle_netting"]


def netting_offsets(book: Book, label: str) -> dict[str, int]:
    """Return licensee -> cents settled by netting in period ``label``."""
    out: dict[str, int] = defaultdict(int)
    for s in book.settlements:
        if s.period == label and s.kind == "netting":
            out[book.entries[s.invoice].licensee] += s.cents
    return dict(out)


def settle_netting(pool: Pool, book: Book, k: Period,
                   distribute: Callable[[Book, Period], PeriodDistribution]) -> None:
    """Settle period ``k``'s open member-licensee invoices by offset (module docstring).

    Parameters
    ----------
    pool : Pool
    book : Book
        The book at the end of ``k`` (mutated: settlements of kind ``"netting"``).
    k : Period
    distribute : callable
        ``distribute(book, k)`` -> the period's distribution from the book.
    """
    lics = sorted((x for x in pool.licensees if x.member is not None), key=lambda x: x.id)
    if not lics:
        return
    base = {s.member: s.net_cents for s in distribute(book, k).members}
    cap = {m: max(v, 0) for m, v in base.items()}
    while True:
        saved = _apply(book, k, lics, cap)
        if not saved:
            return
        dist = distribute(book, k)
        net = {s.member: s.net_cents for s in dist.members}
        used: dict[str, int] = defaultdict(int)
        for number, _paid, _mix in saved:
            e = book.entries[number]
            used[_member_of(lics, e.licensee)] += _paid_now(book, k, number)
        short = {m: used[m] - net.get(m, 0) for m in used if net.get(m, 0) < used[m]}
        if not short:
            return
        _undo(book, k, saved)
        for m, c in short.items():
            cap[m] = max(used[m] - c, 0)


def _member_of(lics: list, licensee: str) -> str:
    return next(x.member for x in lics if x.id == licensee)


def _paid_now(book: Book, k: Period, number: str) -> int:
    return sum(s.cents for s in book.settlements
               if s.period == k.label and s.kind == "netting" and s.invoice == number)


def _apply(book: Book, k: Period, lics: list, cap: dict[str, int]) -> list[tuple]:
    """Record the offsets; return (number, paid before, mix before) to undo them."""
    left = dict(cap)
    saved: list[tuple] = []
    issued = set(book.issued.get(k.label, ()))
    for lic in lics:
        for e in book.open_of(lic.id):
            if e.number not in issued or left.get(lic.member, 0) <= 0:
                continue
            c = min(e.open, left[lic.member])
            saved.append((e.number, e.paid, None if e.mix is None else dict(e.mix)))
            mix = e.take(c)
            e.paid += c
            left[lic.member] -= c
            book.settlements.append(Settlement(k.label, e.number, c, "netting", mix))
    return saved


def _undo(book: Book, k: Period, saved: list[tuple]) -> None:
    book.settlements[:] = [s for s in book.settlements
                           if not (s.period == k.label and s.kind == "netting")]
    for number, paid, mix in saved:
        e = book.entries[number]
        e.paid, e.mix = paid, mix

"""Entry fees on signing and their creditable part (issue 12 item 8a, DVD 3C).

One :class:`FeeLine` per licensee with a fee or a credit in the year
(``RoyaltyReport.fees``).  With F = ``Schedule.entry_fee`` and C =
``Schedule.entry_fee_creditable`` [currency] of the schedule in force in the
licensee's signing year s (licensees.csv ``signed``), and O_y >= 0 the licensee's
royalty owed in year y [minor units]:

- year s: ``fee = round_half_up(F * 10**minor_units)``, no credit;
- year Y > s: ``credit_Y = min(O_Y, C' - sum_{s < y < Y} credit_y)`` with C' the
  creditable part in minor units, so ``O_Y - credit_Y >= 0``;

and the report's total is ``sum(owed) + usage + sum(fee - credit)``.  The pool terms
(the DOJ business review letter to Philips, Sony and Pioneer, 16 December 1998, and
the licence summaries cited in :mod:`poolcalc.model._fees`) do not say how fee income
is shared among the licensors; :func:`poolcalc.allocation.allocate` distributes it
like the royalties (part of ``collected``, split by the scheme's weights).

References
----------
Computer Data Storage Newsletter, "History (1999): Lots of Confusion on DVD Patents",
storagenewsletter.com/2022/07/06/history-1999-lots-of-confusion-on-dvd-patents/
("an initial fee of $10,000, of which $5,000 is creditable vs. running royalties").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from poolcalc._format import format_money, render_table
from poolcalc.royalties._apportion import round_half_up

__all__ = ["FeeLine", "fee_csv", "fee_dict", "fee_lines", "fee_text"]


@attrs.frozen
class FeeLine:
    """A licensee's entry fee and fee credit in one year [minor units].

    Attributes
    ----------
    licensee : str
    signed_year : int
    fee_cents : int
        Entry fee invoiced this year (the signing year), else 0.
    credit_cents : int
        Creditable part offset against this year's royalty (0 <= credit <= owed).
    credit_left_cents : int
        Creditable part still unused after this year.
    """

    licensee: str
    signed_year: int
    fee_cents: int
    credit_cents: int
    credit_left_cents: int

    @property
    def net_cents(self) -> int:
        """What the line adds to the licensee's bill: ``fee - credit``."""
        return self.fee_cents - self.credit_cents


def fee_lines(
    signed: Mapping[str, int],
    year: int,
    owed: Callable[[int], Mapping[str, int]],
    terms: Callable[[int], Any],
    minor_units: int,
) -> tuple[FeeLine, ...]:
    """Fee lines of ``year`` for every licensee with a signing year.

    Parameters
    ----------
    signed : mapping of str to int
        Signing year per licensee id (licensees without a date left out).
    year : int
    owed : callable
        ``owed(y)``: royalty owed per licensee id in year ``y`` [minor units] (missing:
        0); called for the years between a signing year and ``year`` only.
    terms : callable
        ``terms(y)``: the schedule in force in year ``y`` (``None``: none).
    minor_units : int

    Returns
    -------
    tuple of FeeLine
        Sorted by licensee; lines with neither a fee nor a credit are left out.
    """
    scale = 10 ** int(minor_units)
    cache: dict[int, Mapping[str, int]] = {}

    def owed_in(y: int, lic: str) -> int:
        if y not in cache:
            cache[y] = owed(y)
        return int(cache[y].get(lic, 0))

    out = []
    for lic in sorted(signed):
        s = int(signed[lic])
        if s > year:
            continue
        sch = terms(s)
        if sch is None or sch.entry_fee <= 0:
            continue
        left = int(round_half_up(sch.entry_fee_creditable * scale))
        if s == year:
            out.append(FeeLine(lic, s, int(round_half_up(sch.entry_fee * scale)), 0, left))
            continue
        for y in range(s + 1, year):
            if left == 0:
                break
            left -= min(owed_in(y, lic), left)
        credit = min(owed_in(year, lic), left) if left else 0
        if credit:
            out.append(FeeLine(lic, s, 0, credit, left - credit))
    return tuple(out)


def fee_dict(line: FeeLine, minor_units: int) -> dict[str, Any]:
    """One fee line as JSON-ready data (money as decimal strings)."""
    return {
        "licensee": line.licensee,
        "signed_year": line.signed_year,
        "entry_fee": format_money(line.fee_cents, minor_units),
        "fee_credit": format_money(line.credit_cents, minor_units),
        "credit_left": format_money(line.credit_left_cents, minor_units),
    }


def fee_text(lines: tuple[FeeLine, ...], minor_units: int, total_cents: int) -> list[str]:
    """Lines of the entry-fee table and the grand total."""
    def money(c: int) -> str:
        return format_money(c, minor_units, grouping=True)

    body = [[x.licensee, str(x.signed_year), money(x.fee_cents), money(-x.credit_cents),
             money(x.credit_left_cents)] for x in lines]
    body.append(["TOTAL", "", money(sum(x.fee_cents for x in lines)),
                 money(-sum(x.credit_cents for x in lines)), ""])
    text = render_table(["licensee", "signed", "entry fee", "credit", "credit left"], body,
                        title="Entry fees and fee credits", align=list("lrrrr"))
    return [*text.splitlines(), f"Total owed incl. entry fees: {money(total_cents)}"]


def fee_csv(heads: list[str], rows: list[list[str]], lines: tuple[FeeLine, ...],
            minor_units: int) -> tuple[list[str], list[list[str]]]:
    """Add ``entry_fee`` and ``fee_credit`` columns to the invoice CSV rows (when any).

    A licensee with a fee line and no invoice row gets a row of its own.
    """
    if not lines:
        return heads, rows
    by = {x.licensee: x for x in lines}

    def cells(lic: str) -> list[str]:
        x = by.get(lic)
        return ["", ""] if x is None else [format_money(x.fee_cents, minor_units),
                                           format_money(x.credit_cents, minor_units)]

    have = {r[0] for r in rows}
    out = [r + cells(r[0]) for r in rows]
    out += [[x.licensee, *([""] * (len(heads) - 1)), *cells(x.licensee)]
            for x in lines if x.licensee not in have]
    return [*heads, "entry_fee", "fee_credit"], out

r"""The royalty invoices of a period: year to date less what the year invoiced.

For each licensee l, with ``V_l(t)`` its year-to-date royalty through t known at
the end of period k (net of its entry-fee credit, :mod:`poolcalc.periods._fees`):

    invoice_{l,k} = V_l(k) - V_l(k-1)                        numbered <period>-<licensee>

line items ``royalty`` (the rows' royalty) and ``entry_fee_credit``.  Rows paid by
another party (sales.csv ``payer``) are invoiced to it, ``<period>-<licensee>-P-<payer>``
(:mod:`poolcalc.periods._payers`), and the licensee's invoice is what is left.  Then the
invoices without rows (entry fees ``-F``, metric royalties ``-M``,
:mod:`poolcalc.periods._metric`) and content royalties ``-U``
(:mod:`poolcalc.periods._usage`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from poolcalc._money import money_formatter
from poolcalc.model import Pool
from poolcalc.periods._fees import credit_items
from poolcalc.periods._metric import extra_invoices
from poolcalc.periods._payers import payer_parts
from poolcalc.periods._records import LineItem
from poolcalc.periods._types import Period, PeriodInputs
from poolcalc.periods._usage import period_usage
from poolcalc.periods._views import DiffOf, DiffWeights, View

__all__ = ["royalty_invoices"]


def royalty_invoices(book: Any, pool: Pool, inputs: PeriodInputs, k: Period,
                     view: Callable[[Period, Period], View], issue: Callable[..., None]) -> None:
    """Issue the period's royalty, payer, fee, metric and usage invoices into ``book``.

    ``issue(book, pool, inputs, k, number, licensee, owed, kind_line, items, weights,
    ytd=, prev=)`` records one invoice (:func:`poolcalc.periods._book.run_book`'s).
    """
    now = view(k, k)
    before_p = k.previous()
    before = view(k, before_p) if before_p is not None else View.empty()
    m, label = pool.minor_units, k.label
    money = money_formatter(m)  # 2 amounts per invoice text: checks once
    dw = DiffWeights(now, before)
    credits = credit_items(view, k, before_p, k, label, m)
    parts = payer_parts(now, before)
    for lic in sorted(set(now.owed) | set(before.owed)):
        ytd, prev = now.owed.get(lic, 0), before.owed.get(lic, 0)
        owed = ytd - prev
        units = now.units.get(lic, 0) - before.units.get(lic, 0)
        weights: Callable[[], dict[str, int]] = DiffOf(dw, lic)
        for who, cents, n, p_ytd, p_prev, w in parts.get(lic, ()):
            if who == lic:  # the licensee's own rows
                weights = w
                continue
            items = functools.partial(_payer_items, money, label, lic, who, cents, n, p_ytd,
                                      p_prev)
            issue(book, pool, inputs, k, f"{label}-{lic}-P-{who}", who, cents, "royalty",
                  items, w, ytd=p_ytd, prev=p_prev)
            owed, units, ytd, prev = owed - cents, units - n, ytd - p_ytd, prev - p_prev
        if owed == 0 and units == 0:
            continue
        extra = credits(lic)  # an entry-fee credit: its own line item
        gross = owed - sum(x.cents for x in extra)
        issue(book, pool, inputs, k, f"{label}-{lic}", lic, owed, "royalty",
              functools.partial(_items, money, label, ytd, prev, gross, units, extra),
              weights, ytd=ytd, prev=prev)
    for tag, lic, cents, items, w in extra_invoices(pool, k):  # -F fee, -M metric
        issue(book, pool, inputs, k, f"{label}-{lic}-{tag}", lic, cents, "royalty", items, w)
    for lic, owed, ytd, prev, text, w in period_usage(pool, k):  # "-U": usage
        issue(book, pool, inputs, k, f"{label}-{lic}-U", lic, owed, "royalty",
              [LineItem("usage", text, label, owed)], w, ytd=ytd, prev=prev)


def _items(money: Callable[[int], str], label: str, ytd: int, prev: int, gross: int,
           units: int, extra: list[LineItem]) -> list[LineItem]:
    """Line items of a royalty invoice (built when the invoice is first asked for)."""
    return [LineItem("royalty", f"royalties {label}: year to date "
                     f"{money(int(ytd))} less {money(int(prev))} invoiced", label, gross, units),
            *extra]


def _payer_items(money: Callable[[int], str], label: str, lic: str, who: str, cents: int,
                 n: int, p_ytd: int, p_prev: int) -> list[LineItem]:
    """Line item of a ``-P-<payer>`` invoice (built when the invoice is first asked for)."""
    return [LineItem("royalty", f"royalties {label} for {n:,} units of {lic} paid by "
                     f"{who} (counted against {lic}'s caps): year to date "
                     f"{money(int(p_ytd))} less {money(int(p_prev))} "
                     "invoiced", label, cents, n)]

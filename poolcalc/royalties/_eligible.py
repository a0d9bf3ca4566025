"""Which licensees meet a schedule's eligibility conditions (object layer).

:func:`eligibility_arrays` evaluates every :class:`~poolcalc.model.Eligibility` of a
schedule (``Schedule.conditions()``) once per licensee and returns the boolean
arrays the engine takes (``compute_royalties(..., eligible=...)``).  A deadline
written as "the later of" a date and the licensee's first sale of a product
(Avanci 5G: "before the later of 16 February 2024 or the first sale of a 5G
vehicle") uses the licensee's earliest sales row of that product in the sales
table, whatever its year.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import numpy as np

from poolcalc._args import checked_args
from poolcalc.model import Licensee

__all__ = ["eligibility_arrays", "first_sales"]

_EPOCH = _dt.date(1970, 1, 1)


def first_sales(sales: Any, products: tuple[str, ...]) -> list[dict[str, _dt.date]]:
    """Per licensee code of ``sales``: product -> date of its first sale (products listed).

    Parameters
    ----------
    sales : SalesTable
        ``licensees``, ``products``, ``licensee``, ``product`` and ``date`` (day numbers).
    products : tuple of str
        The products whose first sales are wanted.

    Returns
    -------
    list of dict
        One dict per licensee code; a product the licensee never sold is absent.
    """
    n_lic = len(sales.licensees)
    out: list[dict[str, _dt.date]] = [{} for _ in range(n_lic)]
    codes = {p: i for i, p in enumerate(sales.products)}
    lic = np.asarray(sales.licensee, np.int64)
    day = np.asarray(sales.date, np.int64)
    prod = np.asarray(sales.product, np.int64)
    for p in products:
        if p not in codes:
            continue
        sel = prod == codes[p]
        first = np.full(n_lic, np.iinfo(np.int64).max, np.int64)
        np.minimum.at(first, lic[sel], day[sel])
        for j in np.flatnonzero(first != np.iinfo(np.int64).max).tolist():
            out[j][p] = _EPOCH + _dt.timedelta(days=int(first[j]))
    return out


@checked_args
def eligibility_arrays(
    schedule: Any, licensees: Mapping[str, Licensee], sales: Any
) -> dict[Any, np.ndarray]:
    """Return ``{condition: bool array per licensee code of sales}`` for the schedule.

    Parameters
    ----------
    schedule : Schedule
        Its ``conditions()`` are evaluated.
    licensees : mapping of str to Licensee
        By id; every label of ``sales.licensees`` must be present.
    sales : SalesTable

    Returns
    -------
    dict of Eligibility to ndarray of bool, shape (len(sales.licensees),)

    Examples
    --------
    >>> import poolcalc.model as m
    >>> from poolcalc.model import sales_table
    >>> cond = m.Eligibility(signed_before=m.Deadline(["2024-02-16"], ["v5g"]))
    >>> sched = m.Schedule(caps_eligible=cond)
    >>> lics = {x: m.Licensee(x, signed="2024-03-01") for x in ("VW", "X")}
    >>> table = sales_table([m.SalesRecord("VW", "2024-06-01", "v5g", "DE", "DE", 1),
    ...                      m.SalesRecord("X", "2024-01-10", "v5g", "DE", "DE", 1)],
    ...                     list(lics.values()))
    >>> eligibility_arrays(sched, lics, table)[cond].tolist()   # VW's first 5G sale: June
    [True, False]
    """
    conds = schedule.conditions()
    if not conds:
        return {}
    products = tuple(dict.fromkeys(p for c in conds for p in c.products()))
    firsts = first_sales(sales, products) if products else [{} for _ in sales.licensees]
    out = {}
    labels = tuple(sales.licensees)
    for c in conds:
        out[c] = np.array(
            [
                c.holds(
                    good_standing=licensees[x].good_standing,
                    signed=licensees[x].signed,
                    agreements=licensees[x].agreements,
                    first_sales=firsts[j],
                )
                for j, x in enumerate(labels)
            ],
            bool,
        )
    return out

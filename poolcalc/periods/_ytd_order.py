r"""The pool's sales rows in the royalty engine's content order, shared by the year-to-date views.

A period needs the year-to-date royalty runs ``V(t1), V(t2), ...`` of its year (the
rows dated up to each cut-off).  The engine's first stage
(:mod:`poolcalc.royalties.stages.classify`) sorts each run's rows into a canonical
order by content: (enterprise, category, tier counter, licensee, product, date,
country of sale, country of manufacture; then units, net price).  A run's result
depends on the rows' content only, never on their input order (every tie is
broken by content; rows equal on every field are interchangeable), so the views
may hand the engine their rows in any order.  This module sorts the pool's rows
by that same key ONCE (:func:`content_order`); each view then takes its rows as a
subsequence of that order, which is itself sorted, and the engine's sort of an
already sorted key costs one pass (numpy's argsort: ~0.005 s instead of ~0.14 s
for 10^6 rows) instead of a full sort per view.

The order is a speed hint only: if it is not exactly the engine's canonical order
(a schedule whose category of a product cannot be read here, say), the engine
still sorts the rows itself and the views are unchanged, only slower.

Cost: one lexsort of the pool's rows per (sales table, year), cached while the
sales table lives (one entry), and one copy of the sales table in that order
(:func:`sorted_sales`), so that each view takes its rows with a boolean mask of
the sorted copy (a compress, ~0.02 s for 10^6 rows) instead of a gather through
the order (~0.07 s).
"""

from __future__ import annotations

import weakref

import numpy as np

from poolcalc.model import Pool
from poolcalc.royalties.stages.classify import canonical_order, tier_counters
from poolcalc.tables import SalesTable

__all__ = ["content_order", "sorted_sales"]

#: (weak reference to the sales table, id of the schedule, year) -> row order, and the
#: sales table in that order once asked for (a one-element list)
_CACHE: list[tuple[weakref.ref, int, int, np.ndarray, list[SalesTable]]] = []


def content_order(pool: Pool, year: int) -> np.ndarray | None:
    """Positions of ``pool.sales``'s rows sorted by the engine's content key.

    The key is classify's (enterprise, category, counter, licensee, product, date,
    country of sale, country of manufacture, units, net price), with the categories
    ranked by label (as the engine's category codes: sorted labels of the products
    present, so any subset of rows sorts alike) and the counter of
    :func:`~poolcalc.royalties.stages.classify.tier_counters` of the schedule's
    regions.  Rows of every year are included (a subsequence of a sorted sequence
    is sorted).

    Returns
    -------
    ndarray of int64, shape (len(pool.sales),), or None
        None when the key cannot be read from the schedule (the views then keep the
        sales table's own order).
    """
    hit = _entry(pool, year)
    return None if hit is None else hit[3]


def sorted_sales(pool: Pool, year: int) -> tuple[np.ndarray, SalesTable] | None:
    """:func:`content_order` and ``pool.sales.select(order)`` (cached alike).

    Returns
    -------
    (ndarray of int64, SalesTable) or None
        The positions and the sales rows in that order; None as :func:`content_order`.
    """
    hit = _entry(pool, year)
    if hit is None:
        return None
    order, table = hit[3], hit[4]
    if not table:
        table.append(pool.sales.select(order))
    return order, table[0]


def _entry(pool: Pool, year: int) -> tuple | None:
    sales, schedule = pool.sales, pool.schedule
    for entry in _CACHE:
        ref, sid, y = entry[:3]
        if ref() is sales and sid == id(schedule) and y == year:
            return entry
    order = _sorted_positions(sales, schedule)
    if order is None:
        return None
    _CACHE.clear()
    entry = (weakref.ref(sales, _drop), id(schedule), year, order, [])
    _CACHE.append(entry)
    return entry


def _drop(ref: weakref.ref) -> None:
    """Forget the entry of a sales table that is gone (its sorted copy with it)."""
    _CACHE[:] = [e for e in _CACHE if e[0] is not ref]


def _sorted_positions(sales: SalesTable, schedule: object) -> np.ndarray | None:
    try:
        labels = [schedule.category_of(p) for p in sales.products]  # type: ignore[attr-defined]
        counter_of_country, n_counters = tier_counters(schedule.regions)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 -- a hint only: the engine reports real errors
        return None
    if len(sales) == 0:
        return np.zeros(0, np.int64)
    rank = {c: i for i, c in enumerate(sorted(set(labels)))}
    cat_of_prod = np.array([rank[c] for c in labels], np.int64)
    cs, cm, day = sales.country_of_sale, sales.country_of_manufacture, sales.date
    d0 = int(day.min())
    n_cc = 1 + int(max(cs.max(), cm.max()))
    return canonical_order(
        [
            (sales.enterprise.astype(np.int64), len(sales.enterprises)),
            (cat_of_prod[sales.product], len(rank)),
            *([(counter_of_country[cs], n_counters)] if n_counters > 1 else []),
            (sales.licensee.astype(np.int64), len(sales.licensees)),
            (sales.product.astype(np.int64), len(sales.products)),
            (day.astype(np.int64) - d0, int(day.max()) - d0 + 1),
            (cs.astype(np.int64), n_cc),
            (cm.astype(np.int64), n_cc),
        ],
        (sales.units, np.nan_to_num(sales.net_price, nan=-1.0)),
    ).astype(np.int64)

r"""Royalties by metric tiers per reporting period (Access Advance VDP), half by half.

The Video Distribution Pool measures a licensee's business "semi-annually" and
royalties are "calculated and paid on a semi-annual basis"; its tier is the highest
reached by any of its metrics in the half, Region 2 users and subscribers counted
x0.5 (accessadvance.com/zh/vdp-pool-royalty/, 2025).  The annual run computes one
:class:`~poolcalc.royalties._metrics.MetricLine` per (licensee, half year) from that
half's metrics only (:mod:`poolcalc.model._metrics`):

    royalty_{l,P} = max(0, amount_{k(l,P)} - waiver),   k = max_m max{k : v_m >= at_k[m]}

so nothing of a half depends on another one and the period invoice needs no year
to date: the invoice ``<period>-<licensee>-M`` of

- a half-yearly pool (``[reporting] period = "half"``) for ``2025H1`` is the line of
  (l, 2025H1), one line item ``metric`` (tier, the metric that reaches it, the
  waiver used);
- a yearly pool for ``2025`` carries the lines of both halves (two line items),

and the invoices of a year add up to the annual metric royalties exactly.  A
quarter is not a measuring period of the pool's text (it defines halves only), so a
quarterly pool with metric royalties is refused (:mod:`poolcalc.periods._support`).
A period owing nothing (below the lowest tier, or the waiver covers it) issues no
invoice.  Metric royalties carry no country: the cash that pays them is split by the
members' pooled essential patents in force anywhere in the period
(:func:`poolcalc.periods._fees.pool_weights`), as the entry fee.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from poolcalc._money import format_money
from poolcalc.model import Pool
from poolcalc.periods._fees import fee_invoices, pool_weights
from poolcalc.periods._records import LineItem
from poolcalc.periods._types import Period
from poolcalc.royalties._metrics import metric_lines

__all__ = ["extra_invoices", "metric_invoices", "metric_years"]


def metric_years(pool: Pool) -> set[int]:
    """Years with metric reports that the pool's metric tiers price (else empty)."""
    if pool.metric_terms is None:
        return set()
    return {r.year for r in pool.metrics}


def metric_invoices(pool: Pool, k: Period) -> Iterator[
    tuple[str, int, list[LineItem], Callable[[], dict[str, int]]]
]:
    """Metric invoices of period ``k`` (half or year): (licensee, cents, items, weights).

    Licensees owing nothing in ``k`` are left out; sorted by licensee.
    """
    if k.year not in metric_years(pool) or k.kind == "quarter":
        return
    halves = {f"{k.year}H1", f"{k.year}H2"} if k.kind == "year" else {k.label}
    m = pool.minor_units
    by: dict[str, list[LineItem]] = {}
    for x in metric_lines(pool.metric_terms, pool.metrics, k.year, m):
        if x.period not in halves or x.cents == 0:
            continue
        text = (f"royalty by metric tier {x.period}: tier {x.tier} reached by {x.by}, "
                f"{format_money(x.cents + x.waived_cents, m)} less "
                f"{format_money(x.waived_cents, m)} waiver")
        by.setdefault(x.licensee, []).append(LineItem("metric", text, x.period, x.cents))
    for lic in sorted(by):
        items = by[lic]
        yield lic, sum(x.cents for x in items), items, lambda: pool_weights(pool, k)


def extra_invoices(pool: Pool, k: Period) -> Iterator[
    tuple[str, str, int, list[LineItem], Callable[[], dict[str, int]]]
]:
    """Invoices of ``k`` without sales rows: (number suffix, licensee, cents, items, weights).

    Entry fees (``F``, :func:`poolcalc.periods._fees.fee_invoices`), then metric
    royalties (``M``, :func:`metric_invoices`).
    """
    for lic, cents, items, weights in fee_invoices(pool, k):
        yield "F", lic, cents, items, weights
    for lic, cents, items, weights in metric_invoices(pool, k):
        yield "M", lic, cents, items, weights

r"""Year-to-date royalty views and the member weights of every invoice.

A *view* ``V_k(t)`` is the royalty of each licensee for the year of period ``t``
on the sales dated in that year up to the last day of ``t``, with the amended
reports and audit findings known at the end of period ``k`` (filed or closed by
then) applied.  It is one run of the royalty engine
(:func:`poolcalc.royalties.royalties_owed`), so annual tiers, caps, free units and
waivers act on the year-to-date counters.  The period invoices follow by
differences, telescoping to the annual invoice:

    invoice_k = V_k(k) - V_k(k-1)         (royalty of period k)
    note_k    = V_k(k-1) - V_{k-1}(k-1)   (corrections filed in k: debit/credit note)
    sum_k (invoice_k + note_k) = V_K(K)   (the year's invoice as finally known)

Each view also gives each licensee's *member weights* ``w_li`` [cents, exact
Fractions]: its royalty rows split by per-country counting (the members' in-force
essential patents in the row's country on the row's date; MPEG-2 business review
letter, US DOJ 26 June 1997), so ``sum_i w_li = V_l``.  The weights of an invoice
are the same differences of view weights, which is why a correction redistributes
only its difference, by the counts of the original period's rows.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

import attrs
import numpy as np

from poolcalc.allocation import per_country_split
from poolcalc.model import Pool
from poolcalc.periods._types import Period, PeriodInputs, parse_period
from poolcalc.royalties import royalties_owed
from poolcalc.tables import SalesTable, day_number

__all__ = ["View", "Weights", "compute_view", "sub_weights", "view_key"]

#: Member weights: licensee -> member -> exact cents.
Weights = dict[str, dict[str, Fraction]]


@attrs.frozen(eq=False)
class View:
    """Year-to-date royalty of each licensee (``owed``) and its member ``weights``."""

    owed: dict[str, int]
    units: dict[str, int]
    weights: Weights


def sub_weights(a: dict[str, Fraction], b: dict[str, Fraction]) -> dict[str, Fraction]:
    """Return ``a - b`` member by member (zeros dropped)."""
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, Fraction(0)) - v
    return {k: v for k, v in out.items() if v}


def _concat(a: SalesTable, b: SalesTable) -> SalesTable:
    """Rows of ``a`` then ``b`` (labels of ``b`` re-coded onto ``a``'s)."""
    if list(b.licensees) != list(a.licensees) or list(b.products) != list(a.products):
        lic = {x: i for i, x in enumerate(a.licensees)}
        prod = {x: i for i, x in enumerate(a.products)}
        b = attrs.evolve(
            b,
            licensees=a.licensees, enterprises=a.enterprises, products=a.products,
            licensee=np.array([lic[b.licensees[c]] for c in b.licensee], a.licensee.dtype),
            enterprise=np.array(
                [a.enterprise[np.flatnonzero(a.licensee == lic[b.licensees[c]])[0]]
                 if (a.licensee == lic[b.licensees[c]]).any() else 0 for c in b.licensee],
                a.enterprise.dtype,
            ),
            product=np.array([prod[b.products[c]] for c in b.product], a.product.dtype),
        )
    cols = ("licensee", "enterprise", "date", "product", "country_of_sale",
            "country_of_manufacture", "units", "net_price", "line")
    return attrs.evolve(a, **{c: np.concatenate([getattr(a, c), getattr(b, c)]) for c in cols})


def _sales_known(pool: Pool, inputs: PeriodInputs, asof: Period, through: Period) -> tuple[
    SalesTable, set[str]
]:
    """Sales of ``through``'s year up to its end as known at ``asof``'s end.

    Returns the table and the licensees losing good standing by an audit rule.
    """
    kind = inputs.reporting.period
    sales = pool.sales
    lo, hi = day_number(through.start.replace(month=1, day=1)), day_number(through.end)
    keep = (sales.date >= lo) & (sales.date <= hi)
    extra: list[SalesTable] = []
    lic_index = {x: i for i, x in enumerate(sales.licensees)}
    for am in inputs.amendments:
        if am.filed > asof.end:
            continue
        p = parse_period(am.period, kind)
        if p.year != through.year or p > through:
            continue
        code = lic_index.get(am.licensee, -1)
        keep &= ~((sales.licensee == code) & (sales.date >= day_number(p.start))
                  & (sales.date <= day_number(p.end)))
        extra.append(am.sales)  # type: ignore[arg-type]
    lost: set[str] = set()
    for au in inputs.audits:
        if au.closed > asof.end:
            continue
        p = parse_period(au.period, kind)
        if p.year != through.year or p > through:
            continue
        extra.append(au.sales)  # type: ignore[arg-type]
        threshold = inputs.reporting.underpayment_threshold
        if threshold is not None:
            code = lic_index.get(au.licensee, -1)
            in_p = ((sales.licensee == code) & (sales.date >= day_number(p.start))
                    & (sales.date <= day_number(p.end)))
            reported = int(sales.units[in_p].sum())
            found = int(au.sales.units.sum())  # type: ignore[attr-defined]
            if found > threshold * reported:
                lost.add(au.licensee)
    table = sales.select(keep)
    for e in extra:
        table = _concat(table, e)
    return table, lost


def view_key(inputs: PeriodInputs, asof: Period, through: Period) -> tuple:
    """Cache key of ``V_asof(through)``: the corrections it includes and its period."""
    kind = inputs.reporting.period
    known = tuple(
        i for i, x in enumerate((*inputs.amendments, *inputs.audits))
        if (getattr(x, "filed", None) or x.closed) <= asof.end
        and parse_period(x.period, kind).year == through.year
        and parse_period(x.period, kind) <= through
    )
    return (through, known)


def compute_view(pool: Pool, inputs: PeriodInputs, asof: Period, through: Period) -> View:
    """Year-to-date royalties and member weights through ``through``, known at ``asof``.

    An audit closed by ``asof`` that found more unreported units than
    ``underpayment_threshold`` times the units reported in the audited period (the
    DVD6C rule, 3 %) removes the licensee's good standing for the year: its
    discount is lost and the year is re-priced.
    """
    table, lose_standing = _sales_known(pool, inputs, asof, through)
    if len(table) == 0 or not (table.year == through.year).any():
        return View({}, {}, {})
    work = pool.evolve(sales=table)
    if lose_standing:
        lic = tuple(
            attrs.evolve(x, good_standing=False) if x.id in lose_standing else x
            for x in pool.licensees
        )
        work = work.evolve(licensees=lic)
    report = royalties_owed(work, through.year)
    rows = report.rows
    owed = {inv.licensee: inv.owed_cents for inv in report.invoices}
    units = {inv.licensee: inv.units for inv in report.invoices}
    return View(owed, units, _weights(work, rows))


def _weights(pool: Pool, rows: object) -> Weights:
    """Split each licensee's row royalties among members by per-country counting."""
    due = rows.due & (rows.cents != 0)  # type: ignore[attr-defined]
    out: Weights = {}
    if not due.any():
        return out
    sel = rows.index[due]  # type: ignore[attr-defined]
    sales = pool.sales
    cents = rows.cents[due]  # type: ignore[attr-defined]
    sp = per_country_split(
        cents, sales.country_of_sale[sel], sales.country_of_manufacture[sel],
        sales.date[sel], pool.patents, country=pool.allocation.country.value,
        unit=pool.allocation.unit.value,
    )
    members = tuple(pool.patents.members)
    lic = rows.licensee[due]  # type: ignore[attr-defined]
    # cents per (licensee, group), then exact Fractions per member
    key = lic.astype(np.int64) * (len(sp.totals) + 1) + sp.row_group
    uniq, inv = np.unique(key, return_inverse=True)
    sums = np.zeros(uniq.size, np.int64)
    np.add.at(sums, inv, cents)
    acc: dict[int, dict[int, Fraction]] = defaultdict(dict)
    ng = len(sp.totals) + 1
    for k, c in zip(uniq.tolist(), sums.tolist(), strict=True):
        lcode, g = divmod(k, ng)
        total = int(sp.totals[g])
        row = sp.counts[g]
        d = acc[lcode]
        for i in np.flatnonzero(row).tolist():
            d[i] = d.get(i, Fraction(0)) + Fraction(c * int(row[i]), total)
    labels = rows.licensees  # type: ignore[attr-defined]
    for lcode, d in acc.items():
        out[labels[lcode]] = {members[i]: v for i, v in d.items() if v}
    return out

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

Each view also gives each licensee's *member weights* ``w_li`` [cents, exact:
integers over one denominator]: its royalty rows split by per-country counting (the
members' in-force
essential patents in the row's country on the row's date; MPEG-2 business review
letter, US DOJ 26 June 1997), so ``sum_i w_li = V_l``.  The weights of an invoice
are the same differences of view weights, which is why a correction redistributes
only its difference, by the counts of the original period's rows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

from poolcalc.allocation import per_country_split
from poolcalc.allocation._per_country import EXACT_LIMIT
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool
from poolcalc.periods._types import Period, PeriodInputs, parse_period
from poolcalc.periods._wtable import WeightTable
from poolcalc.periods._ytd_order import sorted_sales
from poolcalc.royalties import licensee_totals
from poolcalc.tables import SalesTable, day_number

#: Fixed-point scale of the fractional parts when they are summed in float64.
_FIXED = 1 << 20
#: Largest (denominators x licensees x members) of the exact path (beyond it, fixed point).
_CELLS = 50_000_000

__all__ = ["DiffOf", "DiffWeights", "View", "compute_view", "sales_years", "sub_weights",
           "view_key"]



@attrs.define(eq=False)
class View:
    """Year-to-date royalty of each licensee (``owed``, ``units``) and its member weights.

    The weights are computed on the first :meth:`weights_of` call, for every
    licensee at once (:func:`_weights`): exact numerators over one common
    denominator.  ``payers``: who pays for each row of ``pool.sales`` (sales.csv,
    amendments.csv and audits.csv ``payer``; ``""`` the licensee), None when nobody
    but the licensees pays (:mod:`poolcalc.periods._payers`).
    """

    owed: dict[str, int]
    units: dict[str, int]
    pool: Pool | None = None
    _rows: object = None
    _table: WeightTable | None = None
    #: index in the pool's own sales of each row of the view's table (None when
    #: corrected rows were added), and those sales
    orig: np.ndarray | None = None
    base: SalesTable | None = None
    payers: np.ndarray | None = None
    #: computes ``rows`` when first asked for (the run's rows are attributed lazily)
    _rows_fn: Callable[[], object] | None = None

    @property
    def rows(self) -> object:
        """Per-row royalties of the view (:class:`~poolcalc.royalties.RowRoyalties`)."""
        if self._rows is None and self._rows_fn is not None:
            self._rows = self._rows_fn()
            self._rows_fn = None
        return self._rows

    @classmethod
    def empty(cls) -> View:
        return cls({}, {})

    def weights_of(self, licensee: str) -> tuple[dict[str, int], int]:
        """Member weights of ``licensee``: integer numerators over one denominator.

        ``num_i / denom`` is member i's exact cents of the licensee's royalty rows
        (they sum to its year-to-date royalty).
        """
        if self.pool is None:
            return {}, 1
        if self._table is None:
            self._table = _weights(self.pool, self.rows)
        return self._table.exact(licensee)

    def country_weights_of(self, licensee: str) -> tuple[dict[tuple[str, str], int], int] | None:
        """(count country, member) numerators over the denominator of :meth:`weights_of`.

        Summed over the countries they are :meth:`weights_of`'s numerators; None when
        the weights are fixed-point (no breakdown by country).
        """
        if self.pool is None:
            return {}, 1
        if self._table is None:
            self._table = _weights(self.pool, self.rows)
        return self._table.exact_by_country(licensee)


def sub_weights(a: tuple[dict[Any, int], int], b: tuple[dict[Any, int], int]) -> dict[Any, int]:
    """Return ``a - b`` key by key over their common denominator (zeros dropped).

    Keys are members, or (country, member) pairs for the weights by country.

    The result is proportional to the exact cents (numerators over
    ``lcm(denominators)``): weights are only ever used as proportions.
    """
    (wa, da), (wb, db) = a, b
    common = math.lcm(da, db)
    fa, fb = common // da, common // db
    out = {k: v * fa for k, v in wa.items()}
    for k, v in wb.items():
        out[k] = out.get(k, 0) - v * fb
    return {k: v for k, v in out.items() if v}


@attrs.define(eq=False)
class DiffWeights:
    """Member weights of ``a - b`` (two year-to-date views), licensee by licensee.

    ``w(a) - w(b)`` is linear in the rows' cents, so when both views are rows of the
    pool's own sales (no corrected rows) it is the per-country split of the rows'
    cent differences ``C_a(r) - C_b(r)``: one split, of the rows whose royalty changed
    (the period's rows, and earlier rows re-priced by annual tiers or caps), instead
    of the split of both views.  Same exact rationals as :func:`sub_weights` (only
    proportions matter); otherwise that is used.
    """

    a: View
    b: View
    _table: WeightTable | None = None

    def _fast(self) -> bool:
        a, b = self.a, self.b
        return (a.orig is not None and a.pool is not None and b.pool is not None
                and b.orig is not None and a.base is b.base
                and tuple(a.rows.licensees) == tuple(b.rows.licensees))  # type: ignore[attr-defined]

    def of(self, licensee: str) -> dict[str, int]:
        """Member weights of ``licensee``'s part of ``a - b`` (zeros dropped)."""
        if self.b.pool is None or not self._fast():
            return sub_weights(self.a.weights_of(licensee), self.b.weights_of(licensee))
        if self._table is None:
            self._table = _diff_table(self.a, self.b)
        return self._table.exact(licensee)[0]

    def by_country(self, licensee: str) -> dict[tuple[str, str], int] | None:
        """(count country, member) weights of ``licensee``'s part of ``a - b``.

        On the scale of :meth:`of` (summed over the countries they are its weights);
        None: no breakdown (fixed-point weights).
        """
        if self.b.pool is None or not self._fast():
            wa = self.a.country_weights_of(licensee)
            wb = self.b.country_weights_of(licensee)
            if wa is None or wb is None:
                return None
            return sub_weights(wa, wb)
        if self._table is None:
            self._table = _diff_table(self.a, self.b)
        got = self._table.exact_by_country(licensee)
        return None if got is None else got[0]

    def table(self) -> WeightTable | None:
        """Return the weight table of the rows' cent differences (None: not the fast path)."""
        if self.b.pool is None or not self._fast():
            return None
        if self._table is None:
            self._table = _diff_table(self.a, self.b)
        return self._table

    def split_many(self, licensees: list[str], cents: list[int]) -> list[dict[str, int] | None]:
        """Certified float splits (:meth:`WeightTable.split_many`); None: split exactly."""
        if self.b.pool is None or not self._fast():
            return [None] * len(licensees)
        if self._table is None:
            self._table = _diff_table(self.a, self.b)
        return self._table.split_many(licensees, cents)

    def split_batch(self, licensees: list[str], cents: list[int]) -> tuple[
        np.ndarray, np.ndarray, tuple[str, ...]
    ] | None:
        """Certified float splits as arrays (:meth:`WeightTable.split_batch`); None: none."""
        if self.b.pool is None or not self._fast():
            return None
        if self._table is None:
            self._table = _diff_table(self.a, self.b)
        return self._table.split_batch(licensees, cents)


@attrs.frozen
class DiffOf:
    """``licensee``'s member weights of ``diff`` (called: the exact integers)."""

    diff: DiffWeights
    licensee: str

    def __call__(self) -> dict[str, int]:
        return self.diff.of(self.licensee)

    def by_country(self) -> dict[tuple[str, str], int] | None:
        """(count country, member) weights on the scale of ``self()`` (None: none)."""
        return self.diff.by_country(self.licensee)


def _diff_table(a: View, b: View) -> WeightTable:
    ra, rb = a.rows, b.rows
    parts = []
    for v, r, sign in ((a, ra, 1), (b, rb, -1)):
        due = r.due & (r.cents != 0)  # type: ignore[attr-defined]
        parts.append((v.orig[r.index[due]], sign * r.cents[due].astype(np.int64),  # type: ignore
                      r.licensee[due].astype(np.int64)))  # type: ignore[attr-defined]
    idx = np.concatenate([p[0] for p in parts])
    cents = np.concatenate([p[1] for p in parts])
    lic = np.concatenate([p[2] for p in parts])
    if int(np.abs(cents).sum()) < 1 << 53:  # float64 sums exact: one pass over the rows
        n = len(a.base)  # type: ignore[arg-type]
        total_all = np.rint(np.bincount(idx, cents.astype(np.float64), n)).astype(np.int64)
        lic_all = np.zeros(n, np.int64)
        lic_all[idx] = lic
        uniq = np.flatnonzero(total_all)
        return _split_rows(a.pool, ra.licensees, lic_all[uniq],  # type: ignore[attr-defined]
                           total_all[uniq], a.base, uniq)
    uniq, inv = np.unique(idx, return_inverse=True)
    total = np.zeros(uniq.size, np.int64)
    np.add.at(total, inv, cents)
    lic_u = np.empty(uniq.size, np.int64)
    lic_u[inv] = lic
    nz = total != 0
    return _split_rows(a.pool, ra.licensees, lic_u[nz], total[nz],  # type: ignore[attr-defined]
                       a.base, uniq[nz])


def _concat(a: SalesTable, b: SalesTable) -> SalesTable:
    """Rows of ``a`` then ``b`` (labels of ``b`` re-coded onto ``a``'s).

    Raises
    ------
    InvalidInputError
        A licensee, enterprise or product of ``b`` that ``a`` does not know.
    """
    cols = ["licensee", "enterprise", "date", "product", "country_of_sale",
            "country_of_manufacture", "units", "net_price", "line"]
    extra = {c: getattr(b, c) for c in cols}
    for col, labels_attr in (("licensee", "licensees"), ("enterprise", "enterprises"),
                             ("product", "products")):
        la, lb = list(getattr(a, labels_attr)), list(getattr(b, labels_attr))
        if la == lb:
            continue
        index = {x: i for i, x in enumerate(la)}
        missing = [x for x in lb if x not in index]
        used = {lb[c] for c in getattr(b, col).tolist()}
        if used & set(missing):
            raise InvalidInputError(
                f"corrected sales: {col} {sorted(used & set(missing))[0]!r} is not in the "
                f"pool's sales"
            )
        remap = np.array([index.get(x, -1) for x in lb], np.int64)
        extra[col] = remap[getattr(b, col)].astype(getattr(a, col).dtype)
    return attrs.evolve(a, **{c: np.concatenate([getattr(a, c), extra[c]]) for c in cols})


def _payers_of(pool: Pool, index: np.ndarray) -> list[str]:
    """sales.csv ``payer`` of the rows ``index`` of ``pool.sales`` (``""``: the licensee)."""
    got = pool.payers
    lines = np.asarray(pool.sales.line, np.int64)[index].tolist()
    return [got.get(x, "") for x in lines]


def _correction_payers(x: object) -> list[str]:
    """Payer of each row of an amendment or audit (``""``: the licensee).

    Raises
    ------
    InvalidInputError
        ``payers`` given for another number of rows than ``sales`` holds.
    """
    n = len(x.sales)  # type: ignore[attr-defined]
    paid = list(x.payers)  # type: ignore[attr-defined]
    if paid and len(paid) != n:
        raise InvalidInputError(
            f"{type(x).__name__} of {x.licensee} {x.period}: payers must name one payer "  # type: ignore
            f"per sales row ({n}), got {len(paid)}")
    return paid or [""] * n


def _sales_known(pool: Pool, inputs: PeriodInputs, asof: Period, through: Period) -> tuple[
    SalesTable, set[str], np.ndarray | None, np.ndarray | None
]:
    """Sales of ``through``'s year up to its end as known at ``asof``'s end.

    Returns the table, the licensees losing good standing by an audit rule, the
    index in ``pool.sales`` of each row of the table (None if corrected rows were added)
    and the payer of each row (``""``: the licensee; None when no row of the pool or
    its corrections names a payer).
    Without corrected rows the table's rows are in the engine's content order
    (:func:`~poolcalc.periods._ytd_order.sorted_sales`; a run's result does not depend
    on the rows' order), so that each view's sort is one pass.
    """
    kind = inputs.reporting.period
    sales = pool.sales
    lo, hi = day_number(through.start.replace(month=1, day=1)), day_number(through.end)
    keep = (sales.date >= lo) & (sales.date <= hi)
    extra: list[SalesTable] = []
    paid: list[list[str]] = []  # payer of each row of each extra table
    lic_index = {x: i for i, x in enumerate(sales.licensees)}
    # a later amended report of the same (licensee, period) replaces the earlier one
    latest: dict[tuple[str, str], dt.date] = {}
    for am in inputs.amendments:
        if am.filed <= asof.end:
            key = (am.licensee, parse_period(am.period, kind).label)
            latest[key] = max(latest.get(key, am.filed), am.filed)
    for am in inputs.amendments:
        if am.filed > asof.end or am.filed < latest[
                (am.licensee, parse_period(am.period, kind).label)]:
            continue
        p = parse_period(am.period, kind)
        if p.year != through.year or p > through:
            continue
        code = lic_index.get(am.licensee, -1)
        keep &= ~((sales.licensee == code) & (sales.date >= day_number(p.start))
                  & (sales.date <= day_number(p.end)))
        extra.append(am.sales)  # type: ignore[arg-type]
        paid.append(_correction_payers(am))
    lost: set[str] = set()
    for au in inputs.audits:
        if au.closed > asof.end:
            continue
        p = parse_period(au.period, kind)
        if p.year != through.year or p > through:
            continue
        extra.append(au.sales)  # type: ignore[arg-type]
        paid.append(_correction_payers(au))
        threshold = inputs.reporting.underpayment_threshold
        if threshold is not None:
            code = lic_index.get(au.licensee, -1)
            in_p = ((sales.licensee == code) & (sales.date >= day_number(p.start))
                    & (sales.date <= day_number(p.end)))
            reported = int(sales.units[in_p].sum())
            found = int(au.sales.units.sum())  # type: ignore[attr-defined]
            if found > threshold * reported:
                lost.add(au.licensee)
    if not extra:  # the rows in the engine's content order: its sort is then one pass
        hit = sorted_sales(pool, through.year)
        if hit is not None:  # keep is the dates' mask: taken from the sorted copy
            order, in_order = hit
            k = (in_order.date >= lo) & (in_order.date <= hi)
            who = np.asarray(_payers_of(pool, order[k]), object) if pool.payers else None
            if bool(k.all()):  # the whole year (the last period's view): no copy
                return in_order, lost, order, who
            return in_order.select(k), lost, order[k], who
    table = sales.select(keep)
    for e in extra:
        table = _concat(table, e)
    who = None
    if pool.payers or any(any(x) for x in paid):
        rows = _payers_of(pool, np.flatnonzero(keep)) if pool.payers else [""] * int(keep.sum())
        for x in paid:
            rows += x
        who = np.asarray(rows, object)
    return table, lost, (None if extra else np.flatnonzero(keep)), who


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


def sales_years(sales: SalesTable) -> list[int]:
    """Sorted calendar years with at least one sales row (one pass: days counted)."""
    if len(sales) == 0:
        return []
    lo = int(sales.date.min())
    days = np.flatnonzero(np.bincount(sales.date - lo)) + lo
    return np.unique(days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
                     + 1970).tolist()


def compute_view(pool: Pool, inputs: PeriodInputs, asof: Period, through: Period) -> View:
    """Year-to-date royalties and member weights through ``through``, known at ``asof``.

    An audit closed by ``asof`` that found more unreported units than
    ``underpayment_threshold`` times the units reported in the audited period (the
    DVD6C rule, 3 %) removes the licensee's good standing for the year: its
    discount is lost and the year is re-priced.
    """
    table, lose_standing, orig, who = _sales_known(pool, inputs, asof, through)
    if len(table) == 0 or through.year not in sales_years(table):
        return View.empty()
    work = pool.evolve(sales=table)
    if lose_standing:
        lic = tuple(
            attrs.evolve(x, good_standing=False) if x.id in lose_standing else x
            for x in pool.licensees
        )
        work = work.evolve(licensees=lic)
    totals = licensee_totals(work, through.year)  # the rows' cents when first asked for
    by_id = sorted(range(len(totals.licensees)), key=totals.licensees.__getitem__)
    labels = [totals.licensees[j] for j in by_id]
    owed = dict(zip(labels, totals.owed[by_id].tolist(), strict=True))
    units = dict(zip(labels, totals.units[by_id].tolist(), strict=True))
    return View(owed, units, work, rows_fn=totals.rows, orig=orig, base=pool.sales,
                payers=who)


def _weights(pool: Pool, rows: object) -> WeightTable:
    """Split each licensee's row royalties among members by per-country counting.

    ``w_li = sum_g C_lg n_gi / N_g`` (``C_lg`` the licensee's cents in (country,
    day) group g, ``n_gi`` member i's in-force count there, ``N_g`` their sum),
    kept as the (licensee, group) pairs in a
    :class:`~poolcalc.periods._wtable.WeightTable`: float64 weights with an error
    bound for the certified splits, and a licensee's exact weights on demand (per
    distinct denominator N the integer sums ``sum_{g: N_g = N} C_lg n_gi`` in int64,
    below 2^63 for any real pool: cents x counts, over its own ``lcm(N)`` in Python
    integers).  With more than
    ``EXACT_LIMIT`` (distinct N) x (members) -- synthetic pools of thousands of
    countries and dates -- the integer parts ``floor(C_lg n_gi / N_g)`` stay exact
    and the fractional parts are summed in float64 and kept to 2^-20 cent, which
    can only move a remainder cent between two members whose shares agree to
    about 1e-6 cent.

    Returns
    -------
    WeightTable
    """
    due = rows.due & (rows.cents != 0)  # type: ignore[attr-defined]
    return _split_rows(pool, rows.licensees, rows.licensee[due],  # type: ignore[attr-defined]
                       rows.cents[due].astype(np.int64), pool.sales,  # type: ignore[attr-defined]
                       rows.index[due])  # type: ignore[attr-defined]


def _split_rows(pool: Pool, labels: tuple[str, ...], lic: np.ndarray, cents: np.ndarray,
                sales: SalesTable, sel: np.ndarray) -> WeightTable:
    """:func:`_weights` of rows ``sel`` of ``sales`` with licensee codes and cents."""
    members = tuple(pool.patents.members)
    index = {x: i for i, x in enumerate(labels)}
    if cents.size == 0:
        return WeightTable(index, members)
    sp = per_country_split(  # the groups and counts; signed cents summed below
        np.abs(cents), sales.country_of_sale[sel], sales.country_of_manufacture[sel],
        sales.date[sel], pool.patents, country=pool.allocation.country.value,
        unit=pool.allocation.unit.value,
    )
    lic = lic.astype(np.int64)
    ng = len(sp.totals)
    key = lic * ng + sp.row_group
    uniq, inv = np.unique(key, return_inverse=True)
    pair_cents = np.bincount(inv, weights=cents.astype(np.float64), minlength=uniq.size)
    pair_cents = np.rint(pair_cents).astype(np.int64)  # exact: integer sums below 2**53
    pair_lic, pair_g = np.divmod(uniq, ng)
    totals = sp.totals.astype(np.int64)
    denoms = np.unique(totals[pair_g])
    counts = sp.counts.astype(np.int64)
    n_l, n_m = len(labels), len(members)
    if denoms.size * n_m <= EXACT_LIMIT and denoms.size * n_l * n_m <= _CELLS:
        # every real pool: exact rationals from the (licensee, group) pairs; float
        # weights for the certified splits, each licensee's exact integers on demand
        return WeightTable.from_pairs(index, members, pair_lic, pair_g, pair_cents,
                                      totals, counts, sp.group_country.astype(np.int64))
    # very many distinct denominators: exact integer parts, fractional parts in float64
    # to 2**-20 cent (as poolcalc.allocation's per-country split beyond EXACT_LIMIT)
    n_tot = totals[pair_g]
    fixed = np.zeros((len(labels), len(members)), np.int64)
    for i in range(len(members)):
        q, r = np.divmod(pair_cents * counts[pair_g, i], n_tot)
        whole = np.rint(np.bincount(pair_lic, q.astype(np.float64), len(labels)))
        frac = np.bincount(pair_lic, r / n_tot, len(labels))
        fixed[:, i] = whole.astype(np.int64) * _FIXED + np.rint(frac * _FIXED).astype(np.int64)
    return WeightTable(index, members, fixed=(fixed, _FIXED))

r"""The royalty engine: what each licensee owes for a calendar year.

Order of operations (DOMAIN.md 5.2, "Computation order that reproduces real
licences"), for the sales rows i of year Y.  Every counter, allowance and cap is per
enterprise e (affiliated group, ``Licensee.enterprise``) per calendar year; caps
apply per (enterprise, category) group g, the category being
``Schedule.category_of(product)``, and tiers count per tier group t = (enterprise,
category, counter): the counter is the enterprise's pooled one, except for sales
in a region with ``separate_tiers = true``, which count on the region's own
counter (Via LA AAC: R1 and R2 volumes "tiered separately and may not be
aggregated", DOMAIN.md 1.8).  Without such regions t = g.  Money is computed in
float64 minor units ("cents") and rounded to whole cents once per enterprise per
stage (step 9).

1. **Classify.**  Each row's product gives its :class:`~poolcalc.model.ProductRate`
   (basis, tier mode, tiers, min/max per unit) and its category.
2. **Royalty-due test** (DOMAIN.md 1.1).  ``due_i`` iff at least one pooled
   essential patent is in force on the sale date in the country of sale / of
   manufacture / either (``Schedule.due``); otherwise the row owes nothing and
   ``reason_i`` says why.  With ``Schedule.members_only`` (seed paper, formation:
   patents shared only among the pool's members) rows of licensees that are not
   members are not royalty-bearing either (reason "licensee is not a pool
   member"): they are outside the pool licence, reported, never dropped.
   Royalty-bearing units ``n_i = units_i * due_i``;
   ``n_t = sum_{i in t} n_i``.
3. **Free units** (before tiers, once per enterprise).
   ``F_e = min(free_units, sum_{t in e} n_t)`` is shared among the enterprise's
   tier groups pro rata to ``n_t`` (largest remainder, ties by category name, then
   pooled counter before separate regions in schedule order); chargeable units
   ``k_t = n_t - f_t``.
4. **Base rate with tiers and region.**  Per unit and tier t the row's amount is
   ``v_it = 10^mu * r_t`` (basis ``unit``) or
   ``v_it = 10^mu * clip(r_t * net_price_i, min_per_unit, max_per_unit)`` (basis
   ``price``, DVD6C: 4 %, min 4, max 8), with mu the currency's minor units.  The
   tier group's k chargeable units cost ``A_i(k)`` (:func:`tier_amount`: marginal
   ``sum_t v_it |(s_t, s_{t+1}] cap (0, k]|`` or whole-volume ``k v_{i t*}``) and
   row i carries its share ``n_i / n_t`` of it, times the regional multiplier
   ``m_i`` of the country of sale (HEVC Advance Region 2 = 0.5)::

       standard  s0_i = m_i * n_i / n_t * A_i(n_t)      (no free units)
       chargeable s1_i = m_i * n_i / n_t * A_i(k_t)

   For one unit schedule this charges the group exactly the tier table on its
   units, whatever the order of its rows, and ``s1_i`` is proportional to
   ``m_i n_i`` (DESIGN.md: attribution "in proportion to what each row would owe
   at the standard rate of its product and region").
4b. **Effective-dated rates** (``Schedule.rate_changes``, DOMAIN.md 1.2, 1.7, 5.1:
   DVD6C players US$2.00 -> 1.75 from 1 July 2016).  Row i is charged at the terms
   of its product in force on its sale date (the last change with ``effective <=
   date``; basis, tier mode and category never change).  Tier counters, free units,
   caps and allowances stay per calendar year: a change does not reset volume.  The
   year is cut into periods q = 0..Q at the distinct effective dates inside it (of
   any product); ``P_tq`` are tier group t's royalty-bearing units dated in period q
   and ``L_tq = sum_{q' < q} P_tq'``.  *Marginal*: the units of period q occupy the
   positions ``L_tq + 1 .. L_tq + P_tq`` of the year's counter, the first ``f_t``
   positions being the free units, and each row of the period takes the share
   ``n_i / P_tq`` of them (rows of one period -- hence of one date -- together, pro
   rata, so row order never matters)::

       a_i(x) = A_i(max(x - f_t, 0))        (A_i at row i's own terms)
       s0_i = m_i * n_i / P_tq * (A_i(L_tq + P_tq) - A_i(L_tq))
       s1_i = m_i * n_i / P_tq * (a_i(L_tq + P_tq) - a_i(L_tq))

   *Whole-volume*: the bracket reached by the year's total applies to every unit,
   at the rate of the unit's date: ``s0_i = m_i n_i / n_t * A_i(n_t)``,
   ``s1_i = m_i n_i / n_t * A_i(k_t)`` with row i's own terms.  With Q = 0 (no
   change inside the year) both reduce to step 4; without any rate change step 4
   runs unchanged.  Rows share pro rata within a period rather than within a date
   so that a year with no change inside it is exactly step 4 (rows share the year's
   brackets pro rata to units, DESIGN.md attribution), whatever the sale dates.
5. **Status and chain-level discounts.**  ``s2_i = (1 - d_l) s1_i`` with the
   licensee's combined fraction ``d_l`` (:meth:`~poolcalc.model.Discounts.fraction`):
   good standing ``d1``, early signing ``d2`` (signed on or before
   ``early_signing_by``) and the chain-level discount
   ``d3 = discounts.chain_level[Licensee.chain_level]`` (seed paper, section
   3.1(2): preferential licensing along the industry chain in industrialization),
   combined under the pool's rule as ``max(d1, d2, d3)``, ``min(1, d1 + d2 + d3)``
   or ``1 - (1-d1)(1-d2)(1-d3)``.
6. **Caps**, category then enterprise:
   ``s3_i = s2_i * min(1, C_c / X_g) * min(1, C_e / Y_e)`` with ``X_g`` the
   group's discounted total, ``C_c`` its category cap, ``Y_e`` the enterprise's
   total after category caps and ``C_e`` the enterprise cap (capped totals are
   spread pro rata to the uncapped royalty, DOMAIN.md 1.9).
7. **Credits**: the annual money waiver W (``free_amount``):
   ``s4_i = s3_i * max(0, S3_e - W) / S3_e``.
8. **Member cross-licence**, last: the licensee owes ``f_l`` times its stage-4
   amount (in whole cents of its own, step 9) with
   ``f_l = Schedule.member_rate`` for a licensee that is a pool member
   (``Licensee.member`` set) and 1 otherwise (seed paper: in formation members
   license each other free or by cross-licence, ``member_rate = 0``; MPEG LA
   practice: members pay like everyone, 1).  The factor is not one of the
   combined discounts of step 5: it scales whatever the licensee would owe as a
   non-member.

   **Policy: members' units still count.**  A member-licensee's units are
   royalty-bearing units of the pool licence: they count toward its enterprise's
   tier counter, take their share of the free units, the discounts, the caps and
   the waiver exactly as at ``member_rate = 1``; only then is the member's amount
   scaled, in whole cents, on the member's own cents (step 9): a member owes
   ``round_half_up(member_rate * P_l)`` with ``P_l`` what it would owe as a
   non-member, and nothing else on any invoice depends on ``member_rate``: what
   non-members owe (also an affiliate of a member in the same enterprise, which
   shares tiers and caps with it as before), and every licensee's gross, discount,
   cap and allowance.  The relief ``P_l - owed_l`` is on the invoice
   (``Invoice.member_cents``, "member cross-licence"), never dropped: gross still
   shows the standard-rate amount.
9. **Exact cents.**  Enterprise totals per stage ``E_k = round(sum_i s_k_i)``
   (half up, after snapping to 1e-6 cent), made monotone
   ``E0 >= E1 >= E2 >= E3``, ``E3 <= C_e`` and ``E4 = max(0, E3 - W)`` in whole
   cents.  ``E4``, what the enterprise would owe without the member factor, is
   attributed to (enterprise, category) groups and then to rows by largest
   remainder with weights ``s4`` (pro rata to what each row owes after discounts,
   caps and waiver; for one unit schedule, to royalty-bearing units times the
   regional multiplier): row cents ``c4_i``, licensee cents ``P_l = sum c4_i``.
   A member licensee (``member_rate != 1``) then owes
   ``O_l = round_half_up(member_rate * P_l) <= P_l``, spread over its own rows by
   largest remainder with weights ``c4_i`` (so no row, group or cap total grows);
   other licensees' rows keep ``c4_i`` (``O_l = P_l``).  The enterprise owes
   ``E5 = E4 - sum_l (P_l - O_l)``.  Ties go by row content (licensee, product,
   date, countries, units, price), never by position: rows are processed in a
   canonical order (sorted by content), so shuffling the input rows changes no
   invoice and no (row content, cents) pair, and rows sum exactly to ``E5``.
   (Scaling the enterprise total instead, ``round(E4 * S5 / S4)``, let a
   non-member pick up a member's rounding cent: its bill, and any gross split
   from it, moved with ``member_rate``.)
10. **Invoice breakdown.**  A licensee owes ``O_l``, the sum of its rows; its
   gross is ``P_l`` plus its largest-remainder share of the enterprise reduction
   ``E0 - E4`` (weights: its ``sum(s0 - s4)``), that share split into allowance
   (free units and waiver), discount and cap by largest remainder on the
   licensee's float reductions, and its member relief is ``P_l - O_l``, so
   ``owed = gross - member - discount - allowance - cap`` exactly with every term
   >= 0, and only ``member`` and ``owed`` (of members only) depend on
   ``member_rate``.
11. Members that also license pay ``member_rate`` times what they would pay as
    non-members (default 1: like every licensee); netting belongs to the
    allocation side.

Elsewhere: year-dated schedules (``royalties_owed(pool, year, schedule={year:
Schedule})``, e.g. caps that change per calendar year) and back royalties with
interest (:func:`back_royalties`).  Not implemented: creditable entry fees,
payer != licensee, a separate schedule (rather than a multiplier) per region.

References
----------
Wang Shan-shan, Wang Hong-qi, Deng Jing-fei, "Research on the technology
standardization process and government supporting tactics of industrial alliance"
(the seed paper), section 3.1(2): member cross-licensing in formation, preferential
licensing along the industry chain in industrialization.  Via LA, AAC FAQ,
"Alternative Rate Structure" (R1/R2 tiered separately).  MPEG LA, AVC/H.264
licence terms (2003/2004), marginal brackets 0 / 0.20 / 0.10 and enterprise caps;
Via LA HEVC licence fees; Access Advance, "Where and when is a royalty due"; DVD6C
Licensing Agency, royalty rates (2003); Sisvel Wi-Fi 6 pool (2022); Avanci 4G
vehicle programme (2022).  Sources in DOMAIN.md sections 1 and 5.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.royalties._apportion import apportion, round_half_up, snap
from poolcalc.royalties._due import REASONS, due_test
from poolcalc.royalties._result import RowRoyalties
from poolcalc.royalties._tiers import tier_amount

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Schedule
    from poolcalc.tables import PatentTable, SalesTable

__all__ = ["compute_royalties", "discount_fractions"]

_NO_DATE = np.iinfo(np.int32).min
_NOT_LICENSED = REASONS.index("licensee is not a pool member (the pool licenses its members only)")
_EPOCH = _dt.date(1970, 1, 1)


def discount_fractions(
    schedule: Schedule,
    good_standing: np.ndarray,
    signed_day: np.ndarray,
    chain_level: np.ndarray | None = None,
) -> np.ndarray:
    """Return the combined status discount per licensee (vector form of ``Discounts.fraction``).

    Parameters
    ----------
    schedule : Schedule
    good_standing : ndarray of bool, shape (L,)
    signed_day : ndarray of int, shape (L,)
        Signature dates as day numbers; ``poolcalc.tables.NO_DATE`` when unknown.
    chain_level : ndarray of str, shape (L,), optional
        Industry-chain level of each licensee (``"terminal"``, ...), ``""`` when
        none; default none for all.

    Returns
    -------
    ndarray of float64, shape (L,)
        ``max(d1, d2, d3)``, ``min(1, d1 + d2 + d3)`` or
        ``1 - (1 - d1)(1 - d2)(1 - d3)`` by ``schedule.discounts.combine``, with d1
        good standing, d2 early signing and d3 the chain-level discount.

    References
    ----------
    Access Advance, HEVC Advance FAQ (In-Compliance and logo discounts, separate and
    non-additive), accessadvance.com.  Avanci, 4G and 5G vehicle programme early-signing
    rates, reported by FOSS Patents, 2022-07 and 2023-08.  Sisvel, Wi-Fi 6 pool rates for
    licensees in good standing, FOSS Patents, 2022-07.  See DOMAIN.md 1.3-1.5.
    """
    disc = schedule.discounts
    gs = np.asarray(good_standing, dtype=bool)
    signed = np.asarray(signed_day, dtype=np.int64)
    d1 = np.where(gs, disc.good_standing, 0.0)
    if disc.early_signing_by is not None:
        by = (disc.early_signing_by - _EPOCH).days
        early = (signed != _NO_DATE) & (signed <= by)
    else:
        early = np.zeros(signed.shape, dtype=bool)
    d2 = np.where(early, disc.early_signing, 0.0)
    d3 = np.zeros(gs.shape, np.float64)
    if chain_level is not None and disc.chain_level:
        levels = np.asarray(chain_level).astype(str)
        if levels.shape != gs.shape:
            raise InvalidInputError(
                f"chain_level must have shape {gs.shape} (one per licensee), got {levels.shape}"
            )
        for level, frac in disc.chain_level.items():
            d3[levels == str(level)] = frac
    mode = str(disc.combine)
    if mode == "max":
        return np.maximum(np.maximum(d1, d2), d3)
    if mode == "additive":
        return np.minimum(1.0, d1 + d2 + d3)
    return 1.0 - (1.0 - d1) * (1.0 - d2) * (1.0 - d3)


def _money_cents(value: float, minor_units: int) -> float:
    """Convert a money parameter to whole minor units (``inf`` stays ``inf``)."""
    if math.isinf(value):
        return math.inf
    return float(round_half_up(value * 10**minor_units))


def _canonical_order(
    packed: list[tuple[np.ndarray, int]], tail: tuple[np.ndarray, ...]
) -> np.ndarray:
    """Row order sorted by content, independent of the input order.

    ``packed`` lists (codes in ``0..size-1``, size) from most to least significant;
    they are packed into as few int64 keys as fit (usually one, so one argsort).
    Runs of rows equal on every packed field are then ordered by the ``tail`` keys
    (most significant first).  Rows equal on everything are interchangeable.
    """
    keys: list[np.ndarray] = []
    cur: np.ndarray | None = None
    span = 1
    for a, size in packed:
        size = max(int(size), 1)
        if cur is not None and span * size < 2**62:
            cur = cur * size + a
            span *= size
        else:
            if cur is not None:
                keys.append(cur)
            cur, span = a.astype(np.int64), size
    assert cur is not None
    keys.append(cur)
    order = np.argsort(keys[0]) if len(keys) == 1 else np.lexsort(keys[::-1])
    n = order.size
    if n < 2:
        return order
    same = np.ones(n - 1, dtype=bool)
    for k in keys:
        ks = k[order]
        same &= ks[1:] == ks[:-1]
    if same.any():
        in_run = np.zeros(n, dtype=bool)
        in_run[1:] |= same
        in_run[:-1] |= same
        run_id = np.cumsum(np.concatenate([[True], ~same])) - 1
        pos = np.flatnonzero(in_run)
        rows = order[pos]
        sub = np.lexsort(tuple(t[rows] for t in tail[::-1]) + (run_id[pos],))
        order[pos] = rows[sub]
    return order


def compute_royalties(
    schedule: Schedule,
    patents: PatentTable,
    sales: SalesTable,
    *,
    year: int,
    good_standing: np.ndarray | None = None,
    signed_day: np.ndarray | None = None,
    member: np.ndarray | None = None,
    chain_level: np.ndarray | None = None,
    minor_units: int = 2,
) -> RowRoyalties:
    """Royalty of every sales row of one year (array-level kernel).

    Parameters
    ----------
    schedule : Schedule
        The licence's royalty terms (read for its parameters only).
    patents : PatentTable
        National patents; only pooled (essential) ones make a unit royalty-bearing.
    sales : SalesTable
        Sales rows (any years; the rows of ``year`` are used).
    year : int
        Calendar year.
    good_standing : ndarray of bool, shape (len(sales.licensees),), optional
        Per licensee code; default all True.
    signed_day : ndarray of int, shape (len(sales.licensees),), optional
        Licence signature day numbers per licensee code, ``NO_DATE`` when unknown
        (the default).
    member : ndarray of bool, shape (len(sales.licensees),), optional
        Licensees that are pool members (pay ``schedule.member_rate`` times the
        rate); default none.
    chain_level : ndarray of str, shape (len(sales.licensees),), optional
        Industry-chain level per licensee code (``""`` for none), for the
        chain-level discounts; default none.
    minor_units : int
        Decimal places of the currency (2: results in cents).

    Returns
    -------
    RowRoyalties
        One entry per row of ``year``, in sales-table order.

    Raises
    ------
    InvalidInputError
        No sales in ``year``; a product with no schedule; a price-basis row without
        a valid ``net_price`` (message names the row's line); arrays of wrong shape.

    Notes
    -----
    The order of operations and the formulas are in the module docstring of
    :mod:`poolcalc.royalties._engine` (DOMAIN.md 5.2).  Cost: one sort of the rows,
    one in-force lookup per distinct (country, day), a loop over products and tiers.

    References
    ----------
    MPEG LA, AVC/H.264 Patent Portfolio License terms, cdrinfo.com, 19 May 2004.  Access
    Advance, "Where and when is a royalty due?" and FAQ, accessadvance.com.  Via LA,
    "HEVC license fees", via-la.com.  See DOMAIN.md 1.1-1.10.
    """
    year = _check_year(year)
    n_lic = len(sales.licensees)
    gs = np.ones(n_lic, bool) if good_standing is None else np.asarray(good_standing, bool)
    sd = (
        np.full(n_lic, _NO_DATE, np.int64)
        if signed_day is None
        else np.asarray(signed_day, np.int64)
    )
    mem = np.zeros(n_lic, bool) if member is None else np.asarray(member, bool)
    chain = np.full(n_lic, "", dtype=object) if chain_level is None else np.asarray(chain_level)
    per_licensee = (
        ("good_standing", gs), ("signed_day", sd), ("member", mem), ("chain_level", chain)
    )
    for name, arr in per_licensee:
        if arr.shape != (n_lic,):
            raise InvalidInputError(
                f"{name} must have shape ({n_lic},) (one per licensee), got {arr.shape}"
            )
    if not 0 <= int(minor_units) <= 4:
        raise InvalidInputError(f"minor_units must be in 0..4, got {minor_units}")
    scale = 10 ** int(minor_units)

    years = sales.year
    in_year = years == year
    everything = bool(in_year.all())
    idx = np.arange(len(sales), dtype=np.int64) if everything else np.flatnonzero(in_year)
    if idx.size == 0:
        have = ", ".join(str(y) for y in np.unique(years)) or "none"
        raise InvalidInputError(f"year {year} has no sales rows (years with sales: {have})")

    def take(a: np.ndarray) -> np.ndarray:
        return a if everything else a[idx]

    # columns of the year's rows (native dtypes; int64 where arithmetic needs it)
    lic = take(sales.licensee).astype(np.int64)
    ent = take(sales.enterprise).astype(np.int64)
    prod = take(sales.product).astype(np.int64)
    day = take(sales.date).astype(np.int64)
    cs = take(sales.country_of_sale).astype(np.int64)
    cm = take(sales.country_of_manufacture).astype(np.int64)
    units = take(sales.units).astype(np.int64)
    price = take(sales.net_price).astype(np.float64)
    line = take(sales.line).astype(np.int64)

    n_countries = _n_countries()
    for name, codes in (("country_of_sale", cs), ("country_of_manufacture", cm)):
        bad_code = (codes < 0) | (codes >= n_countries)
        if bad_code.any():
            i = int(np.argmax(bad_code))
            raise InvalidInputError(
                f"sales line {line[i]}: {name} code must be in 0..{n_countries - 1} "
                f"(poolcalc.tables.COUNTRIES), got {codes[i]}"
            )

    # 1. classify: product -> rate, category
    present = np.flatnonzero(np.bincount(prod, minlength=len(sales.products)))
    rates = {}
    for p in present.tolist():
        label = sales.products[p]
        try:
            rates[p] = schedule.rate_for(label)
        except InvalidInputError as exc:
            first = int(line[np.argmax(prod == p)])
            raise InvalidInputError(f"sales line {first}: {exc}") from None
    cat_label = {p: schedule.category_of(sales.products[p]) for p in rates}
    categories = tuple(sorted(set(cat_label.values())))
    cat_index = {c: i for i, c in enumerate(categories)}
    cat_of_prod = np.full(len(sales.products), -1, np.int64)
    for p, c in cat_label.items():
        cat_of_prod[p] = cat_index[c]
        if str(rates[p].basis) == "price":
            rows = prod == p
            missing = rows & ~np.isfinite(price)
            if missing.any():
                i = int(np.argmax(missing))
                got = "none" if np.isnan(price[i]) else repr(float(price[i]))
                raise InvalidInputError(
                    f"sales line {line[i]}: net_price is required for product "
                    f"{sales.products[p]!r} (basis 'price'), got {got}"
                )
    bad = np.isfinite(price) & (price < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise InvalidInputError(f"sales line {line[i]}: net_price must be >= 0, got {price[i]}")
    cat = cat_of_prod[prod]
    counter_of_country, n_counters = _tier_counters(schedule)

    # canonical order: by (enterprise, category, tier counter, licensee, product, date,
    # countries, units, price)
    n_cat, n_prod = len(categories), len(sales.products)
    d0 = int(day.min())
    n_cc = 1 + int(max(cs.max(), cm.max()))
    order = _canonical_order(
        [
            (ent, len(sales.enterprises)),
            (cat, n_cat),
            *([(counter_of_country[cs], n_counters)] if n_counters > 1 else []),
            (lic, n_lic),
            (prod, n_prod),
            (day - d0, int(day.max()) - d0 + 1),
            (cs, n_cc),
            (cm, n_cc),
        ],
        (units, np.nan_to_num(price, nan=-1.0)),
    )
    pos = idx[order]  # positions in the sales table, canonical order
    lic = sales.licensee[pos]
    ent = sales.enterprise[pos].astype(np.int64)
    prod = sales.product[pos]
    day = sales.date[pos]
    cs = sales.country_of_sale[pos]
    cm = sales.country_of_manufacture[pos]
    units = sales.units[pos].astype(np.int64)
    price = sales.net_price[pos]
    cat = cat_of_prod[prod]
    counter = counter_of_country[cs] if n_counters > 1 else None
    n = units.size

    # 2. royalty-due test
    due, reason = due_test(patents, cs, cm, day, str(schedule.due))
    if schedule.members_only:
        outside = due & ~mem[lic]
        due = due & ~outside
        reason = np.where(outside, np.int8(_NOT_LICENSED), reason).astype(reason.dtype)
    nb = np.where(due, units, 0)

    # cap groups (enterprise, category), tier groups (enterprise, category, tier
    # counter) and enterprises are contiguous in canonical order
    gkey = ent * n_cat + cat
    gnew = np.ones(n, bool)
    gnew[1:] = gkey[1:] != gkey[:-1]
    gstart = np.flatnonzero(gnew)
    g = np.cumsum(gnew) - 1
    if counter is None:  # no separately tiered region: tier groups are the cap groups
        tstart, tg = gstart, g
    else:
        tkey = gkey * n_counters + counter
        tnew = np.ones(n, bool)
        tnew[1:] = tkey[1:] != tkey[:-1]
        tstart = np.flatnonzero(tnew)
        tg = np.cumsum(tnew) - 1
    enew = np.ones(n, bool)
    enew[1:] = ent[1:] != ent[:-1]
    el = np.cumsum(enew) - 1  # local enterprise code per row
    ent_of_g = el[gstart]
    cat_of_g = cat[gstart]
    ent_of_t = el[tstart]
    n_t = np.add.reduceat(nb, tstart)
    n_e = np.bincount(ent_of_t, n_t.astype(np.float64)).astype(np.int64)
    n_ent = n_e.size

    # 3. free units shared among an enterprise's tier counters
    free = np.minimum(int(schedule.free_units), n_e)
    f_t = apportion(free, ent_of_t, n_t.astype(np.float64))
    k_t = n_t - f_t

    # 4. tiers and regions
    region = _region_multipliers(schedule)
    share = np.divide(nb, n_t[tg], out=np.zeros(n, np.float64), where=n_t[tg] > 0) * region[cs]
    s0 = np.zeros(n, np.float64)
    s1 = np.zeros(n, np.float64)
    if schedule.rate_changes:  # effective-dated rates (step 4b); else the plain loop
        _dated_amounts(
            schedule, sales.products, rates, prod, day, price, nb, tg, n_t, f_t, k_t,
            share, region[cs], scale, year, s0, s1,
        )
    for p, rate in (() if schedule.rate_changes else rates.items()):
        r = np.flatnonzero(prod == p)
        starts = np.array([t.start for t in rate.tiers], np.int64)
        tr = np.array([t.rate for t in rate.tiers], np.float64)
        if str(rate.basis) == "price":
            per_unit = np.clip(tr[None, :] * price[r, None], rate.min_per_unit, rate.max_per_unit)
            values = snap(per_unit * scale)
        else:
            values = snap(tr * scale)
        mode = str(rate.tier_mode)
        s0[r] = share[r] * tier_amount(n_t[tg[r]], starts, values, mode)
        if f_t.any():
            s1[r] = share[r] * tier_amount(k_t[tg[r]], starts, values, mode)
        else:
            s1[r] = s0[r]
    s1 = np.minimum(s1, s0)  # volume tiers: fewer chargeable units never cost more

    # 5. status and chain-level discounts
    d = discount_fractions(schedule, gs, sd, chain)
    s2 = s1 * (1.0 - d[lic])

    # 6. category caps, then the enterprise cap
    catcap = np.array(
        [_money_cents(schedule.category_caps.get(c, math.inf), minor_units) for c in categories]
    )
    x_g = np.bincount(g, s2)
    cap_g = catcap[cat_of_g]
    sig_g = np.divide(cap_g, x_g, out=np.ones_like(x_g), where=x_g > cap_g)
    s3 = s2 * sig_g[g]
    ent_cap = _money_cents(schedule.enterprise_cap, minor_units)
    y_e = np.bincount(el, s3, minlength=n_ent)
    sig_e = np.divide(ent_cap, y_e, out=np.ones_like(y_e), where=y_e > ent_cap)
    s3 = s3 * sig_e[el]

    # 7. money waiver
    waiver = _money_cents(schedule.free_amount, minor_units)
    z_e = np.bincount(el, s3, minlength=n_ent)
    keep = np.divide(np.maximum(z_e - waiver, 0.0), z_e, out=np.zeros_like(z_e), where=z_e > 0)
    s4 = s3 * keep[el]

    # 8. member cross-licence factor, last: a member owes member_rate times what it
    # would owe as a non-member, applied per member licensee in whole cents below
    scaled = bool(mem.any()) and float(schedule.member_rate) != 1.0

    # 9. exact cents: enterprise stage totals, then groups, then rows
    stages = [s0, s1, s2, s3, s4]
    e_tot = [round_half_up(np.bincount(el, s, minlength=n_ent)) for s in stages[:4]]
    for k in (1, 2, 3):
        e_tot[k] = np.minimum(e_tot[k], e_tot[k - 1])
    if math.isfinite(ent_cap):
        e_tot[3] = np.minimum(e_tot[3], int(ent_cap))
    e_tot.append(np.maximum(e_tot[3] - int(waiver if math.isfinite(waiver) else 0), 0))
    # what each row would owe as a non-member (E4): enterprise -> (enterprise, category)
    # groups -> rows; independent of member_rate
    g_tot = apportion(e_tot[4], ent_of_g, np.bincount(g, s4), fallback=np.bincount(g, s3))
    c4 = apportion(g_tot, g, s4, fallback=s3)
    lic_s = [np.bincount(lic, s, minlength=n_lic) for s in stages]
    pre_l = np.rint(np.bincount(lic, c4.astype(np.float64), minlength=n_lic)).astype(np.int64)
    # member factor (step 8) per member licensee on its own cents, spread over its rows
    if scaled:
        owed_l = np.where(mem, round_half_up(pre_l * float(schedule.member_rate)), pre_l)
        owed_l = np.minimum(owed_l, pre_l)
        c5 = c4.copy()
        on = np.flatnonzero(mem[lic] & (c4 > 0))  # members' rows that carry cents
        c5[on] = apportion(owed_l, lic[on], c4[on].astype(np.float64))
    else:
        owed_l, c5 = pre_l, c4
    # per licensee: gross = its pre-member amount + its share of the enterprise's
    # reduction E0 - E4 (weights: its sum(s0 - s4)), split into allowance, discount and
    # cap; the member relief is its own pre_l - owed_l
    lic_parent = np.full(n_lic, n_ent, np.int64)  # licensees without rows: a parent owing 0
    lic_parent[lic] = el
    red_e = np.append(e_tot[0] - e_tot[4], 0)
    gross_l = pre_l + apportion(
        red_e, lic_parent, np.maximum(lic_s[0] - lic_s[4], 0.0), fallback=lic_s[0]
    )
    lic_w = np.stack(
        [
            (lic_s[0] - lic_s[1]) + (lic_s[3] - lic_s[4]),  # allowance: free units, waiver
            lic_s[1] - lic_s[2],  # status and chain-level discounts
            lic_s[2] - lic_s[3],  # caps
        ],
        axis=1,
    ).clip(min=0.0)
    parts = apportion(
        gross_l - pre_l, np.repeat(np.arange(n_lic), 3), lic_w.ravel(), fallback=np.ones(3 * n_lic)
    ).reshape(n_lic, 3)
    member_l = pre_l - owed_l

    out = np.empty_like(order)
    out[order] = np.arange(n)  # out[j] = canonical position of year-row j

    def back(a: np.ndarray) -> np.ndarray:
        return a[out]

    return RowRoyalties(
        year=year,
        index=idx.astype(np.int64),
        line=sales.line[idx].astype(np.int64),
        licensees=tuple(sales.licensees),
        licensee=sales.licensee[idx].astype(np.int32),
        enterprises=tuple(sales.enterprises),
        enterprise=sales.enterprise[idx].astype(np.int32),
        categories=categories,
        category=back(cat).astype(np.int32),
        units=sales.units[idx].astype(np.int64),
        due=back(due),
        reason=back(reason),
        cents=back(c5),
        licensee_gross_cents=gross_l,
        licensee_allowance_cents=parts[:, 0],
        licensee_discount_cents=parts[:, 1],
        licensee_cap_cents=parts[:, 2],
        licensee_member_cents=member_l,
    )


def _dated_amounts(
    schedule: Schedule,
    labels: tuple[str, ...] | list[str],
    rates: dict,
    prod: np.ndarray,
    day: np.ndarray,
    price: np.ndarray,
    nb: np.ndarray,
    tg: np.ndarray,
    n_t: np.ndarray,
    f_t: np.ndarray,
    k_t: np.ndarray,
    share: np.ndarray,
    mreg: np.ndarray,
    scale: int,
    year: int,
    s0: np.ndarray,
    s1: np.ndarray,
) -> None:
    """Step 4b: standard and chargeable amounts under effective-dated rates (in place).

    Rows in canonical order.  Each row is charged at the terms of its product in
    force on its sale date.  The year is cut into periods q at the distinct
    effective dates inside it (all products); ``P_tq`` are tier group t's
    royalty-bearing units with sale dates in period q, ``L_tq = sum_{q' < q} P_tq'``.
    Marginal: period q's units occupy positions ``(L_tq, L_tq + P_tq]`` of the year's
    counter, the first ``f_t`` positions free, so with ``a_i(x) = A_i(max(x - f_t, 0))``
    row i pays ``m_i n_i / P_tq * (a_i(L_tq + P_tq) - a_i(L_tq))``.  Volume: as without
    changes, ``m_i n_i / n_t * A_i(k_t)`` with the row's own terms.
    """
    y0 = (_dt.date(year, 1, 1) - _EPOCH).days
    y1 = (_dt.date(year, 12, 31) - _EPOCH).days
    cuts = sorted(
        {
            (ch.effective - _EPOCH).days
            for ch in schedule.rate_changes
            if y0 < (ch.effective - _EPOCH).days <= y1
        }
    )
    day64 = day.astype(np.int64)
    n_tg = n_t.size
    n_q = len(cuts) + 1
    q = np.searchsorted(np.array(cuts, np.int64), day64, side="right")
    p_tq = np.bincount(tg * n_q + q, nb.astype(np.float64), minlength=n_tg * n_q)
    p_tq = np.rint(p_tq).astype(np.int64).reshape(n_tg, n_q)
    l_tq = np.cumsum(p_tq, axis=1) - p_tq
    lo = l_tq[tg, q]
    width = p_tq[tg, q]
    hi = lo + width
    free = f_t[tg]
    for p in rates:
        periods = schedule.rate_periods(labels[p])
        r = np.flatnonzero(prod == p)
        starts_days = np.array(
            [(e - _EPOCH).days for e, _ in periods[1:]], np.int64
        )
        which = np.searchsorted(starts_days, day64[r], side="right")
        for j in np.unique(which).tolist():
            rate = periods[j][1]
            rr = r[which == j]
            starts = np.array([t.start for t in rate.tiers], np.int64)
            tr = np.array([t.rate for t in rate.tiers], np.float64)
            if str(rate.basis) == "price":
                per_unit = np.clip(
                    tr[None, :] * price[rr, None], rate.min_per_unit, rate.max_per_unit
                )
                values = snap(per_unit * scale)
            else:
                values = snap(tr * scale)
            mode = str(rate.tier_mode)
            if mode == "volume":
                s0[rr] = share[rr] * tier_amount(n_t[tg[rr]], starts, values, mode)
                s1[rr] = share[rr] * tier_amount(k_t[tg[rr]], starts, values, mode)
                continue
            w = width[rr]
            sh = np.divide(nb[rr], w, out=np.zeros(rr.size), where=w > 0) * mreg[rr]
            a_hi = tier_amount(hi[rr], starts, values, mode)
            a_lo = tier_amount(lo[rr], starts, values, mode)
            s0[rr] = snap(sh * (a_hi - a_lo))  # equal amounts stay equal across periods
            c_hi = tier_amount(np.maximum(hi[rr] - free[rr], 0), starts, values, mode)
            c_lo = tier_amount(np.maximum(lo[rr] - free[rr], 0), starts, values, mode)
            s1[rr] = snap(sh * (c_hi - c_lo))


def _n_countries() -> int:
    from poolcalc.tables import COUNTRIES  # the shared country code table

    return len(COUNTRIES)


def _tier_counters(schedule: Schedule) -> tuple[np.ndarray, int]:
    """Tier counter per country code, and the number of counters.

    Counter 0 is the enterprise's pooled counter; the k-th region (in schedule
    order) with ``separate_tiers`` gets counter k + 1 for its countries of sale.
    """
    from poolcalc.tables import COUNTRIES, country_code  # the shared country code table

    counter = np.zeros(max(len(COUNTRIES), 256), np.int64)
    k = 0
    for reg in schedule.regions:
        if reg.separate_tiers:
            k += 1
            for c in reg.countries:
                counter[country_code(c)] = k
    return counter, k + 1


def _region_multipliers(schedule: Schedule) -> np.ndarray:
    """Rate multiplier per country code of :data:`poolcalc.tables.COUNTRIES` (1 outside regions)."""
    from poolcalc.tables import COUNTRIES, country_code  # the shared country code table

    region = np.ones(max(len(COUNTRIES), 256), np.float64)
    for reg in schedule.regions:
        for c in reg.countries:
            region[country_code(c)] = reg.multiplier
    return region


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise InvalidInputError(f"year must be an integer calendar year, got {year!r}")
    return int(year)

r"""The royalty engine: what each licensee owes for a calendar year.

:func:`compute_royalties` checks its inputs, takes the sales rows of the year and
runs the stages of :data:`poolcalc.royalties.stages.PIPELINE` in order; each stage
is a module of :mod:`poolcalc.royalties.stages` whose docstring gives its formula:

1. **classify** -- each row's terms (``ProductRate``), category and tier counter;
   rows sorted into a canonical order by content; cap groups g = (enterprise,
   category) and tier groups t = (enterprise, category, counter);
2. **royalty-due test** -- ``n_i = units_i * due_i`` (a pooled essential patent in
   force where and when the unit sold; members-only licences);
3. **free units** -- ``f_t``, the enterprise's annual free units shared among its
   tier groups; chargeable ``k_t = n_t - f_t``;
4. **base rate with tiers and regions** -- standard ``s0_i = m_i n_i / n_t A_i(n_t)``
   and chargeable ``s1_i = m_i n_i / n_t A_i(k_t)``; 4b, **dated rates**: the
   year's periods share their positions on the year's counter;
5. **discounts** -- ``s2_i = (1 - d_l) s1_i``;
6. **caps** -- ``s3_i = s2_i min(1, C_c / X_g) min(1, C_e / Y_e)``;
7. **waiver** -- ``s4_i = s3_i max(0, S3_e - W) / S3_e``;
8. **exact cents** -- whole-cent enterprise totals per level, attributed to groups
   and rows by largest remainder;
9. **member factor** -- a pool member owes ``round_half_up(member_rate * P_l)``;
10. **invoice breakdown** -- gross, allowance, discount, cap and member relief with
    ``owed = gross - member - discount - allowance - cap`` exactly.

Every counter, allowance and cap is per enterprise (affiliated group,
``Licensee.enterprise``) per calendar year.  Money is computed in float64 minor
units ("cents") and made whole once per enterprise per level (stage 8).
Year-dated schedules (``royalties_owed(pool, year, schedule={year: Schedule})``)
and back royalties (:func:`~poolcalc.royalties.back_royalties`) are built on top.

Adding a royalty term
---------------------
A term is one stage plus one schema row.  Write a module in
``poolcalc/royalties/stages/`` with the term's kernel (its formula, units and
source pool in the docstring) and ``STAGE = Stage(name, apply)``, where
``apply(run, schedule)`` reads the term's parameter and returns the run with an
exempt count, royalty-bearing units or a new money :class:`~.stages.Level`; list
it in :data:`~poolcalc.royalties.stages.PIPELINE` at its place; add the
parameter to :class:`~poolcalc.model.Schedule` and one row to the pool.toml schema
table (:mod:`poolcalc.io._schema`), from which the reader, the writer and
``docs/pool-toml.md`` follow.  This module never changes.  The free units
(:mod:`~poolcalc.royalties.stages.free_units`) are written that way; see also
``docs/royalty-engine.md``.

References
----------
MPEG LA, AVC/H.264 licence terms (2003/2004), marginal brackets 0 / 0.20 / 0.10 and
Enterprise caps, cdrinfo.com/d7/node/7208 (19 May 2004).  Via LA, "HEVC License
Fees", via-la.com/licensing-2/hevc/hevc-license-fees/.  Access Advance, "Where and
when is a royalty due?", accessadvance.com.  DVD6C Licensing Agency, royalty rates,
dvd6cla.com/news/008.html.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.royalties._result import RowRoyalties
from poolcalc.royalties.stages import PIPELINE, Run
from poolcalc.royalties.stages.discounts import discount_fractions
from poolcalc.tables import COUNTRIES

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.tables import PatentTable, SalesTable

__all__ = ["compute_royalties", "discount_fractions"]

_NO_DATE = np.iinfo(np.int32).min
_EPOCH = _dt.date(1970, 1, 1)


def compute_royalties(
    schedule: Any,
    patents: PatentTable,
    sales: SalesTable,
    *,
    year: int,
    good_standing: np.ndarray | None = None,
    signed_day: np.ndarray | None = None,
    member: np.ndarray | None = None,
    chain_level: np.ndarray | None = None,
    minor_units: int = 2,
    eligible: Mapping[Any, np.ndarray] | None = None,
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
    eligible : mapping of Eligibility to ndarray of bool, shape (len(sales.licensees),), optional
        Per eligibility condition of the schedule (``schedule.conditions()``), the
        licensee codes that meet it (:func:`~poolcalc.royalties.eligibility_arrays`);
        required when the schedule has conditions.

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
    Runs the stages of :data:`poolcalc.royalties.stages.PIPELINE` in order; each
    stage's module gives its formula.  Cost: one sort of the rows, one in-force
    lookup per distinct (country, day), a loop over products and tiers.

    References
    ----------
    MPEG LA, AVC/H.264 Patent Portfolio License terms, cdrinfo.com/d7/node/7208, 19 May
    2004.  Access Advance, "Where and when is a royalty due?" and FAQ, accessadvance.com.
    Via LA, "HEVC License Fees", via-la.com/licensing-2/hevc/hevc-license-fees/.

    Examples
    --------
    >>> import poolcalc
    >>> pool = poolcalc.load_example()
    >>> rows = compute_royalties(pool.schedule, pool.patents, pool.sales, year=2024)
    >>> len(rows) == len(pool.sales), int(rows.cents.min()) >= 0
    (True, True)
    """
    run, idx = _start(schedule, patents, sales, year, good_standing, signed_day, member,
                      chain_level, minor_units, eligible)
    for stage in PIPELINE:
        run = stage.apply(run, schedule)
    return _row_royalties(run, sales, idx)


def _start(schedule: Any, patents: PatentTable, sales: SalesTable, year: int,
           good_standing: np.ndarray | None, signed_day: np.ndarray | None,
           member: np.ndarray | None, chain_level: np.ndarray | None, minor_units: int,
           eligible: Mapping[Any, np.ndarray] | None) -> tuple[Run, np.ndarray]:
    """Check the arguments of :func:`compute_royalties`; the run before its first stage.

    Returns the run and the sales-table index of each of the year's rows.
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
    elig = {k: np.asarray(v, bool) for k, v in (eligible or {}).items()}
    for k, v in elig.items():
        if v.shape != (n_lic,):
            raise InvalidInputError(
                f"eligible[{k!r}] must have shape ({n_lic},) (one per licensee), got {v.shape}"
            )
    if not 0 <= int(minor_units) <= 4:
        raise InvalidInputError(f"minor_units must be in 0..4, got {minor_units}")

    years = sales.year
    in_year = years == year
    everything = bool(in_year.all())
    idx = np.arange(len(sales), dtype=np.int64) if everything else np.flatnonzero(in_year)
    if idx.size == 0:
        have = ", ".join(str(y) for y in np.unique(years)) or "none"
        raise InvalidInputError(f"year {year} has no sales rows (years with sales: {have})")

    def take(a: np.ndarray) -> np.ndarray:
        return a if everything else a[idx]

    # columns of the year's rows, in the table's dtypes (classify sorts them and widens
    # enterprise and units to int64, where arithmetic needs it)
    run = Run(
        year=year,
        minor_units=int(minor_units),
        scale=10 ** int(minor_units),
        patents=patents,
        products=tuple(sales.products),
        good_standing=gs,
        signed_day=sd,
        member=mem,
        chain_level=chain,
        lic=take(sales.licensee),
        ent=take(sales.enterprise),
        prod=take(sales.product),
        day=take(sales.date),
        cs=take(sales.country_of_sale),
        cm=take(sales.country_of_manufacture),
        units=take(sales.units),
        price=take(sales.net_price),
        line=take(sales.line),
        n_enterprises=len(sales.enterprises),
        eligible=elig,
    )
    for name, codes in (("country_of_sale", run.cs), ("country_of_manufacture", run.cm)):
        bad_code = (codes < 0) | (codes >= len(COUNTRIES))
        if bad_code.any():
            i = int(np.argmax(bad_code))
            raise InvalidInputError(
                f"sales line {run.line[i]}: {name} code must be in 0..{len(COUNTRIES) - 1} "
                f"(poolcalc.tables.COUNTRIES), got {codes[i]}"
            )
    return run, idx


def _row_royalties(run: Run, sales: SalesTable, idx: np.ndarray) -> RowRoyalties:
    """Return the run's results in sales-table order."""
    assert run.order is not None and run.cents is not None and run.due is not None
    out = np.empty_like(run.order)
    out[run.order] = np.arange(run.n)  # out[j] = canonical position of year-row j
    parts = run.breakdown
    return RowRoyalties(
        year=run.year,
        index=idx.astype(np.int64),
        line=sales.line[idx].astype(np.int64),
        licensees=tuple(sales.licensees),
        licensee=sales.licensee[idx].astype(np.int32),
        enterprises=tuple(sales.enterprises),
        enterprise=sales.enterprise[idx].astype(np.int32),
        categories=run.categories,
        category=run.cat[out].astype(np.int32),
        units=sales.units[idx].astype(np.int64),
        due=run.due[out],
        reason=run.reason[out],
        cents=run.cents[out],
        licensee_gross_cents=parts["gross"],
        licensee_allowance_cents=parts["allowance"],
        licensee_discount_cents=parts["discount"],
        licensee_cap_cents=parts["cap"],
        licensee_member_cents=parts["member"],
    )


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise InvalidInputError(f"year must be an integer calendar year, got {year!r}")
    if not 1 <= int(year) <= 9999:
        raise InvalidInputError(f"year must be a calendar year in 1..9999, got {year!r}")
    return int(year)

r"""Stage 1, classify: each row's terms, category and tier counter; canonical order; groups.

Each row's product gives its terms (a ``ProductRate``: basis, tier mode, tiers,
min/max per unit) and its category ``c_i = Schedule.category_of(product)``.  Every
counter, allowance and cap is per enterprise e (affiliated group,
``Licensee.enterprise``) per calendar year; caps apply per cap group
g = (enterprise, category) and tiers count per tier group t = (enterprise,
category, counter): the counter is the enterprise's pooled one (0), except for
sales in the k-th region with ``separate_tiers = true``, which count on the
region's own counter k (Via LA AAC: Region 1 and Region 2 volumes are "tiered
separately and may not be aggregated").  Without such regions t = g.  A region's
price exclusion and own tier tables decide each row's counter, multiplier and terms
(:mod:`poolcalc.royalties.stages.regions`).

Rows are then sorted into a canonical order by content (enterprise, category,
counter, licensee, product, date, countries, units, price), so that every later
tie (largest remainder) is broken by row content, never by input position, and
the groups are contiguous runs of rows.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
Via Licensing Alliance, AAC FAQ, "Alternative Rate Structure" (Region 1 and Region 2
volumes "tiered separately and may not be aggregated"),
via-la.com/acc-faq-alternative-rate-structure/.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import numpy as np

from poolcalc._blocksort import stable_argsort
from poolcalc.errors import InvalidInputError
from poolcalc.royalties.stages._run import Groups, Run, Stage
from poolcalc.royalties.stages.regions import regional_rows
from poolcalc.tables import COUNTRIES, country_code

__all__ = ["STAGE", "canonical_order", "classify", "group_rows", "sorted_fields", "tier_counters"]


class ClassifyTerms(Protocol):
    """What the classify stage reads from the schedule."""

    regions: Iterable[Any]

    def rate_for(self, product: str) -> Any: ...  # pragma: no cover

    def category_of(self, product: str) -> str: ...  # pragma: no cover

    def regional_rate(self, region: Any, product: str) -> Any: ...  # pragma: no cover


def tier_counters(regions: Iterable[Any]) -> tuple[np.ndarray, int]:
    """Tier counter per country code, and the number of counters.

    Parameters
    ----------
    regions : iterable of Region
        In schedule order; each has ``countries`` and ``separate_tiers``.

    Returns
    -------
    counter : ndarray of int64, shape (>= len(COUNTRIES),)
        0 (the enterprise's pooled counter) for a country in no separately tiered
        region, k for the countries of the k-th region with ``separate_tiers``.
    n_counters : int
        ``1 +`` the number of separately tiered regions.
    """
    counter = np.zeros(max(len(COUNTRIES), 256), np.int64)
    k = 0
    for reg in regions:
        if reg.separate_tiers:
            k += 1
            for c in reg.countries:
                counter[country_code(c)] = k
    return counter, k + 1


def _needs_price(rate: Any) -> bool:
    return str(rate.basis) == "price" or bool(
        np.isfinite(getattr(rate, "max_fraction_of_price", np.inf)))


def price_needed(terms: Any, product: str, rate: Any, day: np.ndarray | None) -> np.ndarray | bool:
    """Whether rows of ``product`` on sale days ``day`` may be charged on the net price.

    Without rate changes: the base terms decide.  With them (the basis may change on
    a date: DVD 3C 3.5 % of the price, then a flat US$5 from 1 July 2002) a row
    dated d may be charged at the last change applying to everyone with
    ``effective <= d`` (the base when none) or at any later change with
    ``effective <= d`` that applies to some licensees only (``eligible`` or
    ``from_signing``); it needs a price when one of those does.
    """
    changes = tuple(getattr(terms, "changes_for", lambda _p: ())(product))
    if not changes or day is None:
        return _needs_price(rate)
    epoch = np.datetime64("1970-01-01")
    eff = np.array([(np.datetime64(ch.effective) - epoch).astype(np.int64) for ch in changes])
    needs = np.array([_needs_price(rate)] + [_needs_price(ch.rate) for ch in changes])
    cum = np.concatenate([[0], np.cumsum(needs)])
    uncond = np.array([ch.eligible is None and not ch.from_signing for ch in changes])
    d = np.asarray(day, np.int64)
    m = np.searchsorted(eff, d, side="right")  # periods 0..m may be in force
    last_u = np.zeros(len(changes) + 1, np.int64)  # last unconditional period <= k
    for k in range(1, len(changes) + 1):
        last_u[k] = k if uncond[k - 1] else last_u[k - 1]
    u = last_u[m]
    return (cum[m + 1] - cum[u]) > 0


def classify(
    terms: ClassifyTerms, products: tuple[str, ...], prod: np.ndarray, price: np.ndarray,
    line: np.ndarray, day: np.ndarray | None = None,
) -> tuple[dict[int, Any], tuple[str, ...], np.ndarray]:
    """Terms and category of each product present, and the price checks.

    Parameters
    ----------
    terms : Schedule
        ``rate_for(product)`` and ``category_of(product)``.
    products : tuple of str
        Product labels of the codes in ``prod``.
    prod : ndarray of int64, shape (n,)
    price : ndarray of float64, shape (n,)
        Net price per unit (NaN when absent).
    line : ndarray of int64, shape (n,)
        Source line per row (for messages).
    day : ndarray of int64, shape (n,), optional
        Sale day per row (days since 1970-01-01), for a basis that changes on a
        date (:func:`price_needed`); ``None``: the base terms decide.

    Returns
    -------
    rates : dict of int to ProductRate
        Base terms of each product code present.
    categories : tuple of str
        Sorted category labels.
    cat_of_prod : ndarray of int64, shape (len(products),)
        Category code of each product code (-1 when absent).

    Raises
    ------
    InvalidInputError
        A product with no terms; a ``price``-basis row without a finite net price;
        a negative net price (the message names the row's line).
    """
    present = np.flatnonzero(np.bincount(prod, minlength=len(products)))
    rates = {}
    for p in present.tolist():
        try:
            rates[p] = terms.rate_for(products[p])
        except InvalidInputError as exc:
            first = int(line[np.argmax(prod == p)])
            raise InvalidInputError(f"sales line {first}: {exc}") from None
    cat_label = {p: terms.category_of(products[p]) for p in rates}
    categories = tuple(sorted(set(cat_label.values())))
    cat_index = {c: i for i, c in enumerate(categories)}
    cat_of_prod = np.full(len(products), -1, np.int64)
    for p, c in cat_label.items():
        cat_of_prod[p] = cat_index[c]
    finite = np.isfinite(price)
    missing = None if finite.all() else _missing_prices(terms, products, rates, prod, day,
                                                        ~finite)
    if missing is not None and missing.any():
        # the first product code (in the order of ``rates``) with a missing price, its
        # first row: the row a check product by product would stop at
        p = int(prod[missing].min())
        i = int(np.argmax(missing & (prod == p)))
        got = "none" if np.isnan(price[i]) else repr(float(price[i]))
        raise InvalidInputError(
            f"sales line {line[i]}: net_price is required for product "
            f"{products[p]!r} ({_why_price(rates[p])}), got {got}"
        )
    bad = finite & (price < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise InvalidInputError(f"sales line {line[i]}: net_price must be >= 0, got {price[i]}")
    return rates, categories, cat_of_prod


def _missing_prices(
    terms: Any, products: tuple[str, ...], rates: dict[int, Any], prod: np.ndarray,
    day: np.ndarray | None, not_finite: np.ndarray,
) -> np.ndarray:
    """Rows that need a net price (:func:`price_needed`) and have no finite one.

    ``missing_i = need(prod_i, day_i) and not isfinite(price_i)``: for a product whose
    basis does not change on a date, ``need`` is one flag per product code, looked up
    by code (one pass over the rows for all such products); only the products with
    rate changes are evaluated row by row on their own rows.
    """
    need = np.zeros(len(products), bool)
    by_day: list[int] = []
    for p, rate in rates.items():
        changes = tuple(getattr(terms, "changes_for", lambda _p: ())(products[p]))
        if changes and day is not None:
            by_day.append(p)
        else:
            need[p] = bool(price_needed(terms, products[p], rate, None))
    missing = need[prod]
    missing &= not_finite
    for p in by_day:
        mine = prod == p
        needed = price_needed(terms, products[p], rates[p], day[mine])
        if np.any(needed):
            missing[mine] |= needed & not_finite[mine]
    return missing


def _why_price(rate: Any) -> str:
    if str(rate.basis) == "price":
        return "basis 'price'"
    if np.isfinite(getattr(rate, "max_fraction_of_price", np.inf)):
        return "max_fraction_of_price"
    return "a rate on the net price in force on its sale date"


def canonical_order(
    packed: list[tuple[np.ndarray, int]], tail: tuple[np.ndarray, ...]
) -> np.ndarray:
    """Row order sorted by content, independent of the input order.

    Parameters
    ----------
    packed : list of (ndarray of int, int)
        (codes in ``0..size-1``, size) from most to least significant; they are
        packed into as few int64 keys as fit (usually one, so one argsort).
    tail : tuple of ndarray
        Keys (most significant first) ordering runs of rows equal on every packed
        field.  Rows equal on everything are interchangeable.

    Returns
    -------
    ndarray of int64, shape (n,)
        Positions of the rows in canonical order.

    See Also
    --------
    sorted_fields : the same order and the packed fields in it.
    """
    keys, _shifts = _keys(packed)
    return _order(keys, tail)[0]


def sorted_fields(
    packed: list[tuple[np.ndarray, int]], tail: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, list[np.ndarray] | None]:
    """:func:`canonical_order`, and the packed fields in that order when they fit one key.

    With field widths ``b_j = bitlength(s_j - 1)`` and ``sum b_j <= 62`` (and every
    code in ``0..s_j - 1``) the fields are one key, their bits side by side,
    ``K = sum_j a_j 2**(B_j)`` with ``B_j = b_{j+1} + .. + b_{F-1}``: the same order
    as the fields' lexicographic one.  The key in canonical order ``K[order]`` is
    gathered anyway (to find runs of equal keys), and each field comes back from it
    as ``a_j = (K >> B_j) & (2**b_j - 1)``: two streaming integer operations
    instead of one gather per field by a random permutation, which costs a cache
    miss per row once the columns outgrow the cache (a superlinear part of the
    kernel from 10^6 to 10^7 rows).

    Returns
    -------
    order : ndarray of int64, shape (n,)
        As :func:`canonical_order`.
    fields : list of ndarray of int64, or None
        ``a_j[order]`` for every packed field; ``None`` when the fields do not fit
        one key of bit fields (then ``order`` alone, from :func:`canonical_order`'s
        keys).
    """
    keys, shifts = _keys(packed)
    order, ks = _order(keys, tail)
    if shifts is None or ks is None:
        return order, None
    fields: list[np.ndarray] = []
    top = 63
    for sh in shifts:
        width = top - sh
        if width == 0:
            fields.append(np.zeros(ks.size, np.int64))
        else:
            f = ks >> sh
            if top < 63:
                f &= (1 << width) - 1
            fields.append(f)
        top = sh
    return order, fields


def _keys(
    packed: list[tuple[np.ndarray, int]],
) -> tuple[list[np.ndarray], list[int] | None]:
    """int64 keys of the packed fields, most significant first, and the bit shifts.

    Bit fields (one key, ``shifts[j] = B_j``) when the codes are in range and fit 62
    bits; otherwise products ``(a_0 s_1 + a_1) s_2 + ..`` in as few keys as fit
    ``2**62`` (``shifts`` None).  Both give the lexicographic order of the fields.
    """
    widths = [(max(int(size), 1) - 1).bit_length() for _a, size in packed]
    if sum(widths) <= 62 and all(
        a.size == 0 or (int(a.min()) >= 0 and int(a.max()) < max(int(size), 1))
        for a, size in packed
    ):
        shifts: list[int] = []
        below = sum(widths)
        key: np.ndarray | None = None
        for (a, _size), w in zip(packed, widths, strict=True):
            below -= w
            shifts.append(below)
            if key is None:
                key = a.astype(np.int64)
            elif w:
                key <<= w
                key |= a
        assert key is not None
        return [key], shifts
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
    return keys, None


def _order(
    keys: list[np.ndarray], tail: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Canonical order of rows by ``keys`` then ``tail``; for one key, the key in it."""
    if len(keys) == 1:  # in cache-sized blocks, exactly np.argsort(kind="stable")
        order, ks = stable_argsort(keys[0])
    else:
        order, ks = np.lexsort(keys[::-1]), None
    n = order.size
    if n < 2:
        return order, (keys[0][order] if len(keys) == 1 else None)
    if ks is not None:
        same = ks[1:] == ks[:-1]
    else:
        same = np.ones(n - 1, dtype=bool)
        for k in keys:
            ks = k[order]
            same &= ks[1:] == ks[:-1]
    if same.any():
        in_run = np.zeros(n, dtype=bool)
        in_run[1:] |= same
        in_run[:-1] |= same
        pos = np.flatnonzero(in_run)
        rows = order[pos]
        # the runs in order: with one key its sorted value (equal within a run, rising
        # from run to run), else the run number
        run_key = ks[pos] if len(keys) == 1 else (
            np.cumsum(np.concatenate([[True], ~same])) - 1)[pos]
        sub = np.lexsort(tuple(t[rows] for t in tail[::-1]) + (run_key,))
        order[pos] = rows[sub]  # within runs of equal keys: ks stays K[order]
    return order, (ks if len(keys) == 1 else None)


def _starts(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First position of each run of equal keys, and each row's run number."""
    new = np.ones(key.size, bool)
    new[1:] = key[1:] != key[:-1]
    start = np.flatnonzero(new)
    return start, _run_numbers(start, key.size)


def _run_numbers(start: np.ndarray, n: int) -> np.ndarray:
    """Run number of each of ``n`` rows from the runs' first positions (``start[0] = 0``).

    ``r_i = #{j : start_j <= i} - 1``, the running count of run starts: each run's
    number repeated over its length ``start_{j+1} - start_j`` (one write per row,
    where a cumulative sum of the start flags reads them and writes a temporary too).
    """
    return np.repeat(np.arange(start.size, dtype=np.int64), np.diff(start, append=n))


def group_rows(
    ent: np.ndarray, cat: np.ndarray, n_cat: int, counter: np.ndarray | None, n_counters: int
) -> Groups:
    """Cap groups (enterprise, category), tier groups and enterprises of sorted rows.

    Rows must be in canonical order (sorted by enterprise, category, counter), so
    that every group is a contiguous run of rows.
    """
    gkey = ent * n_cat + cat
    gstart, g = _starts(gkey)
    if counter is None:  # no separately tiered region: tier groups are the cap groups
        tstart, tg = gstart, g
    else:
        tstart, tg = _starts(gkey * n_counters + counter)
    enew = np.ones(ent.size, bool)
    enew[1:] = ent[1:] != ent[:-1]
    el = _run_numbers(np.flatnonzero(enew), ent.size)
    del enew
    return Groups(
        g=g,
        gstart=gstart,
        tg=tg,
        tstart=tstart,
        el=el,
        ent_of_g=el[gstart],
        cat_of_g=cat[gstart],
        ent_of_t=el[tstart],
        n_ent=int(el[-1]) + 1 if el.size else 0,
    )


def _apply(run: Run, terms: ClassifyTerms) -> Run:
    rates, categories, cat_of_prod = classify(terms, run.products, run.prod, run.price, run.line,
                                              run.day)
    cat = cat_of_prod[run.prod]
    regional = regional_rows(terms, run.products, run.prod, run.cs, run.price, run.line, cat,
                             categories)
    n_counters = 1 if regional is None else regional.n_counters
    row_counter = None if regional is None else regional.counter
    n_cat, n_prod = len(categories), len(run.products)
    day, cs, cm = run.day, run.cs, run.cm
    d0 = int(day.min())
    n_cc = 1 + int(max(cs.max(), cm.max()))
    order, fields = sorted_fields(
        [
            (run.ent, run.n_enterprises),
            (cat, n_cat),
            *([(row_counter, n_counters)] if row_counter is not None else []),
            (run.lic, run.n_lic),
            (run.prod, n_prod),
            (day - d0, int(day.max()) - d0 + 1),
            (cs, n_cc),
            (cm, n_cc),
        ],
        (run.units, np.nan_to_num(run.price, nan=-1.0)),
    )
    if fields is None:  # more than one key: gather every column
        rows = {k: getattr(run, k)[order] for k in ("lic", "prod", "day", "cs", "cm")}
        rows["ent"] = run.ent[order].astype(np.int64)
        cat = cat_of_prod[rows["prod"]]
        counter = None if row_counter is None else row_counter[order]
    else:  # the codes come out of the sorted key; only the values are gathered
        ent_s, cat, *rest = fields
        counter = (None if row_counter is None
                   else rest.pop(0).astype(row_counter.dtype, copy=False))
        lic_s, prod_s, day_s, cs_s, cm_s = rest
        day_s += d0
        rows = {"lic": lic_s.astype(run.lic.dtype, copy=False),
                "prod": prod_s.astype(run.prod.dtype, copy=False),
                "day": day_s.astype(run.day.dtype, copy=False),
                "cs": cs_s.astype(run.cs.dtype, copy=False),
                "cm": cm_s.astype(run.cm.dtype, copy=False), "ent": ent_s}
    for k in ("price", "line"):
        rows[k] = getattr(run, k)[order]
    rows["units"] = run.units[order].astype(np.int64, copy=False)  # no second copy
    extra: dict[str, Any] = {}
    if regional is not None:
        extra["mult"] = regional.mult[order]
        if regional.rkey is not None:
            extra["rkey"] = regional.rkey[order]
            rates = {**rates, **regional.rates}
    return run.evolve(
        order=order,
        rates=rates,
        **extra,
        categories=categories,
        cat=cat,
        counter=counter,
        groups=group_rows(rows["ent"], cat, n_cat, counter, n_counters),
        **rows,
    )


#: Stage 1 of the engine.
STAGE = Stage("classify", _apply, parts=("poolcalc.royalties.stages.regions",))

r"""Certified float64 splits of the members' invoice cents over countries, many at once.

:func:`poolcalc.periods._countries.country_shares` splits each member's cents ``e_Xi``
of a paid invoice over the count countries of the invoice's rows.  For an invoice
paid by its own weights (no credit note folded in) whose rows all have cents >= 0,
every country weight is >= 0 and the exact split is the largest remainder of

    x_Xci = e_Xi * v_lci / w_li,     v_lci = sum_{g in c} C_lg n_gi / N_g,
                                     w_li = sum_c v_lci

(``C_lg`` the licensee's cents in (country, day) group ``g`` of the view difference the
invoice is, ``n_gi`` member i's count there, ``N_g`` their sum; ties to the smaller
country code).  Here the weights ``v_lci`` of every (licensee, country) are computed in
float64 by :meth:`poolcalc.periods._wtable.WeightTable.from_pairs` (one ``bincount`` per
member over the view's (licensee, group) pairs keyed by (licensee, country)), with its
error bound, and the splits of all (invoice, member) rows at once by
:func:`poolcalc.periods._wtable.certified_rows`: a split is kept only where the float
quotas certify it equal to the exact one (fractional parts away from 0 and 1 and from
each other by more than the bound: Higham, *Accuracy and Stability of Numerical
Algorithms*, 2nd ed., 2002, sec. 3.1 and 4.2).  A row not certified is
left to the exact integer split of the caller (that member's row only), so the result is
always the exact one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from poolcalc.periods._views import DiffWeights
from poolcalc.periods._wtable import WeightTable, certified_rows
from poolcalc.tables import COUNTRIES

__all__ = ["Batch", "fast_country_splits"]

#: Largest (rows x countries) float block split at once (32 MB of float64).
_BLOCK = 1 << 22


#: (invoice -> members split (None: all), (member, country) -> cents, country -> licensees)
Splits = tuple[dict[str, set[str] | None], dict[tuple[str, str], int], dict[str, set[str]]]
#: Certified member splits of one view difference: (its weights, invoice numbers, their
#: licensees, cents (invoices x members, int64), the members of the columns)
Batch = tuple[DiffWeights, list[str], list[str], np.ndarray, tuple[str, ...]]


def fast_country_splits(batches: Sequence[Batch]) -> Splits:
    """Certified country splits of the members' certified invoice cents (module docstring).

    Parameters
    ----------
    batches : sequence of Batch
        The member splits of :func:`poolcalc.periods._compute._fast_splits`: invoices
        paid by their own weights, split by the certified float path, as arrays.

    Returns
    -------
    done : dict of str to set of str or None
        Invoice -> the members whose ``e_Xi`` is split here (certified; None: all of
        them); the caller splits the others exactly.
    cents : dict of (str, str) to int
        (member, country) -> the certified rows' cents summed [minor units]; every
        cell with a non-zero weight is a key, even at 0 cents.
    licensees : dict of str to set of str
        Country -> the licensees of the invoices handled here with rows counted there.
    """
    done: dict[str, set[str] | None] = {}
    cents: dict[tuple[str, str], int] = {}
    who: dict[str, set[str]] = {}
    for diff, numbers, lics, alloc, keys in batches:
        table = diff.table()
        if table is None or table.lic_start is None or table.group_country is None:
            continue
        ix = {m: i for i, m in enumerate(table.members)}
        column = np.array([ix.get(k, -1) for k in keys], np.int64)
        rr, cc = np.nonzero(alloc)
        d, c, w = _split_group(table, numbers, lics, rr, column[cc], alloc[rr, cc])
        done.update(d)
        for mc, v in c.items():
            cents[mc] = cents.get(mc, 0) + v
        for country, x in w.items():
            who.setdefault(country, set()).update(x)
    return done, cents, who


def _split_group(table: WeightTable, numbers: list[str], lics: list[str], rj: np.ndarray,
                 ri: np.ndarray, rs: np.ndarray) -> Splits:
    """Certified splits of the invoices ``numbers`` (licensees ``lics``) of one table.

    Row r is member ``table.members[ri[r]]``'s ``rs[r]`` cents (int64, non-zero) of
    invoice ``numbers[rj[r]]``.
    """
    lic_start, pair_g = table.lic_start, table.pair_g
    cents, counts, totals = table.pair_cents, table.counts, table.totals
    assert lic_start is not None and pair_g is not None and cents is not None
    assert counts is not None and totals is not None and table.group_country is not None
    n_l = len(lic_start) - 1
    pair_lic = np.repeat(np.arange(n_l), np.diff(lic_start))
    codes = table.group_country[pair_g]
    ucodes, cidx = np.unique(codes, return_inverse=True)  # ISO order: COUNTRIES is sorted
    n_c = ucodes.size
    key = pair_lic * n_c + cidx
    order = np.argsort(key, kind="stable")
    uk, kinv = np.unique(key[order], return_inverse=True)
    ct = WeightTable.from_pairs(dict.fromkeys(range(uk.size), 0), table.members,  # type: ignore
                                kinv, pair_g[order], cents[order], totals, counts)
    assert ct.floats is not None and ct.err is not None and ct.some is not None
    k_start = np.searchsorted(uk // n_c, np.arange(n_l + 1))
    negative = np.bincount(pair_lic, (cents < 0).astype(np.float64), n_l) > 0
    lic_ix = np.array([table.index.get(x, -1) for x in lics], np.int64)
    n_all = np.bincount(rj, minlength=len(numbers))  # rows of each invoice
    rl = lic_ix[rj]
    # kept: licensees in the table whose cents are all >= 0, known members, |e| < 2^50
    valid = (rl >= 0) & (ri >= 0) & (np.abs(rs) < 1 << 50)
    valid[valid] &= ~negative[rl[valid]]
    rj, rl, ri, rs = rj[valid], rl[valid], ri[valid], rs[valid]
    if rj.size == 0:
        return {}, {}, {}
    # each row's columns: its licensee's countries in code order (the tie order), padded
    # with exact zeros to the widest licensee
    n_k_all = k_start[rl + 1] - k_start[rl]
    width = int(n_k_all.max(initial=1))
    ok_all = np.zeros(rj.size, bool)
    flat_r, flat_c, flat_v = [], [], []  # (row, country, cents) of every weighted cell
    step = max(1, _BLOCK // width)
    for lo in range(0, rj.size, step):
        hi = min(rj.size, lo + step)
        n_k = n_k_all[lo:hi]
        rr = np.repeat(np.arange(hi - lo), n_k)
        pos = np.arange(rr.size) - np.repeat(np.cumsum(n_k) - n_k, n_k)
        kk = np.repeat(k_start[rl[lo:hi]], n_k) + pos
        ii = ri[lo:hi][rr]
        f = np.zeros((hi - lo, width))
        f[rr, pos] = ct.floats[kk, ii]
        zero = np.ones((hi - lo, width), bool)
        zero[rr, pos] = ~ct.some[kk, ii]
        err = np.zeros(hi - lo)
        np.maximum.at(err, rr, ct.err[kk])
        ok, alloc = certified_rows(f, err, rs[lo:hi], zero)
        ok_all[lo:hi] = ok
        w = ~zero[rr, pos]
        flat_r.append(lo + rr[w])
        flat_c.append((uk[kk] % n_c)[w])
        flat_v.append(alloc[rr, pos][w])
    fr_, c = np.concatenate(flat_r), np.concatenate(flat_c)
    keep = ok_all[fr_]  # the cells of the certified rows
    fr_, c, vals = fr_[keep], c[keep], np.concatenate(flat_v)[keep]
    mem = ri[fr_]
    names = [COUNTRIES[int(x)] for x in ucodes]
    members = table.members
    sums = np.zeros((len(members), n_c), object if float(np.abs(vals).sum()) >= 2.0 ** 62
                    else np.int64)
    np.add.at(sums, (mem, c), vals)
    cents_mc: dict[tuple[str, str], int] = {}
    hit_m, hit_c = np.nonzero(_touched(mem, c, sums.shape))
    for i, cc in zip(hit_m.tolist(), hit_c.tolist(), strict=True):
        cents_mc[(members[i], names[cc])] = int(sums[i, cc])
    n_ok = np.bincount(rj[ok_all], minlength=len(numbers))
    full = (n_ok == n_all) & (n_all > 0)  # every member's row of the invoice certified
    done: dict[str, set[str] | None] = {numbers[j]: None for j in np.flatnonzero(full).tolist()}
    part = ok_all & ~full[rj]
    for j, i in zip(rj[part].tolist(), ri[part].tolist(), strict=True):
        done.setdefault(numbers[j], set()).add(members[i])  # type: ignore[union-attr]
    # the licensees behind each country: every country of the handled invoices' rows
    # (cents >= 0: a country has a weight iff some member's count there is > 0)
    labels = [""] * n_l
    for x, i in table.index.items():
        labels[i] = x
    counted = np.asarray(ct.some.any(axis=1))  # (licensee, country) keys with a weight
    who: dict[str, set[str]] = {}
    for li in np.unique(rl).tolist():
        for k in range(int(k_start[li]), int(k_start[li + 1])):
            if counted[k]:
                who.setdefault(names[int(uk[k] % n_c)], set()).add(labels[li])
    return done, cents_mc, who


def _touched(mem: np.ndarray, col: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Boolean (member, country) matrix of the cells some certified row has a weight in."""
    out = np.zeros(shape, bool)
    out[mem, col] = True
    return out

r"""Member weights of every licensee of a view, and their largest-remainder splits.

The exact weight of member i in licensee l's rows is the rational

    w_li = sum_g C_lg n_gi / N_g = sum_d a_ldi / d     (a_ldi = sum_{g: N_g = d} C_lg n_gi)

over the (country, day) groups g of the licensee's rows (``C_lg`` its cents there
[cents, int64], ``n_gi`` member i's in-force count, ``N_g`` their sum) or, grouped,
over the distinct denominators ``d`` (MPEG-2 business review letter, US DOJ 26 June
1997).  :class:`WeightTable` keeps the (licensee, group) pairs and gives

- the float64 weights ``sum_g fl(C_lg / N_g) n_gi`` of every licensee at once (one
  ``bincount`` per member) with a bound of their error;
- :meth:`WeightTable.exact`: one licensee's weights as integers over its own
  denominator ``D_l = lcm(d)`` (the int64 sums ``a_ldi`` of its pairs, scaled in
  Python integers, on demand);
- :meth:`WeightTable.split_many`: the largest-remainder split of ``S_X`` cents by the
  weights of many licensees at once in float64, *certified*: with ``q_i = S w_i / W``
  computed to within ``tol`` (a bound of the float64 rounding, Higham, *Accuracy and
  Stability of Numerical Algorithms*, 2nd ed., 2002, sec. 3.1 and 4.2), the floors
  are exact when every fractional part lies in ``(tol, 1 - tol)`` and the cents of
  the remainder go to the same members when the fractional parts either side of the
  cut differ by more than ``2 tol``.  A split that cannot be certified (near ties,
  near-integer quotas, cancellation in ``W``) is left to the exact integer split
  (None), so the result is always the exact one.

So the exact integers are built only for the licensees whose float split is not
certified (and wherever exact weights are asked for: tax shares, credit-note mixes).
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from poolcalc.tables import COUNTRIES

__all__ = ["WeightTable", "certified_rows"]

#: Unit roundoff of float64, doubled (a safety margin on every bound below).
_U = 2.0 ** -52


@attrs.define(eq=False)
class WeightTable:
    """The (licensee, group) pairs of a view's rows and their float weights.

    Pairs ``lic_start[l]:lic_start[l + 1]`` are licensee l's, each with its group
    ``pair_g`` and cents ``pair_cents`` (int64 sums ``C_lg``); ``totals[g]`` is
    ``N_g`` and ``counts[g]`` the members' counts ``n_gi``.  ``floats[l]`` is the
    float64 ``sum_g fl(C_lg / N_g) n_gi`` and ``err[l]`` a bound of its absolute error
    per member.  ``fixed`` replaces all of it when the weights are fixed-point
    integers (beyond the exact limit).
    """

    index: dict[str, int]
    members: tuple[str, ...]
    lic_start: np.ndarray | None = None
    pair_g: np.ndarray | None = None
    pair_cents: np.ndarray | None = None
    totals: np.ndarray | None = None
    counts: np.ndarray | None = None
    floats: np.ndarray | None = None
    err: np.ndarray | None = None
    #: False where every term C_lg n_gi of (licensee, member) is 0 (the weight is 0)
    some: np.ndarray | None = None
    fixed: tuple[np.ndarray, int] | None = None
    #: Count country code of each group (into :data:`poolcalc.tables.COUNTRIES`;
    #: None: not known, no breakdown by country)
    group_country: np.ndarray | None = None

    @classmethod
    def from_pairs(cls, index: dict[str, int], members: tuple[str, ...],
                   pair_lic: np.ndarray, pair_g: np.ndarray, pair_cents: np.ndarray,
                   totals: np.ndarray, counts: np.ndarray,
                   group_country: np.ndarray | None = None) -> WeightTable:
        """Build from the (licensee, group) pairs, sorted by licensee.

        Parameters
        ----------
        index : dict
            Licensee id -> row of the table (its code in ``pair_lic``).
        members : tuple of str
            Member ids, the columns of ``counts``.
        pair_lic, pair_g : ndarray of int64, shape (P,)
            Licensee code (non-decreasing) and group of each pair.
        pair_cents : ndarray of int64, shape (P,)
            The licensee's cents in the group ``C_lg`` [cents] (signed; 0 allowed).
        totals : ndarray of int64, shape (G,)
            ``N_g`` (the group's counts summed, > 0).
        counts : ndarray of int64, shape (G, M)
            ``n_gi`` (>= 0).
        group_country : ndarray of int64, shape (G,), optional
            Count country code of each group (for :meth:`exact_by_country`).

        Notes
        -----
        Each float term ``fl(fl(fl(C) / fl(N)) n)`` is within ``4u`` (relative) of
        ``C n / N`` (the conversions of C and N, one division, one product; ``n`` is
        exact), and the sum of a licensee's ``k`` terms (``bincount``, in order) adds
        ``(k - 1) u`` of their absolute sum (Higham 2002, eq. 4.4), so
        ``|floats[l, i] - w_li| <= (k + 3) u sum_g |C_lg| n_gi / N_g``, below
        ``err[l] = (k + 4) 2u sum_g |C_lg| (sum_i n_gi) / N_g`` (a margin of 2 for the
        float sum of the absolute terms).  A weight is exactly 0 where every term
        ``C_lg n_gi`` is 0 (``some`` False).
        """
        n_l, n_m = len(index), len(members)
        lic_start = np.searchsorted(pair_lic, np.arange(n_l + 1))
        nz = pair_cents != 0
        if not nz.all():
            pair_lic, pair_g_nz, cents_nz = pair_lic[nz], pair_g[nz], pair_cents[nz]
        else:
            pair_g_nz, cents_nz = pair_g, pair_cents
        v = cents_nz.astype(np.float64) / totals.astype(np.float64)[pair_g_nz]
        counts_t = np.ascontiguousarray(counts.T, dtype=np.float64)
        floats = np.empty((n_l, n_m))
        for i in range(n_m):  # one bincount per member (50 for a large pool)
            col = counts_t[i][pair_g_nz]
            col *= v
            floats[:, i] = np.bincount(pair_lic, col, n_l)
        some = _any_count(pair_lic, pair_g_nz, counts, n_l)
        row_sum = counts_t.sum(axis=0)  # sum_i n_gi (= N_g for a per-country split)
        absum = np.bincount(pair_lic, np.abs(v) * row_sum[pair_g_nz], n_l)
        k = np.bincount(pair_lic, minlength=n_l).astype(np.float64)
        err = (k + 4.0) * _U * absum
        return cls(index, members, lic_start, pair_g, pair_cents, totals, counts, floats,
                   err, some, group_country=group_country)

    def exact(self, licensee: str) -> tuple[dict[str, int], int]:
        """Member -> integer numerator over ``D_l`` (zeros dropped), and ``D_l``.

        ``D_l = lcm`` of the denominators ``N_g`` of the licensee's pairs and
        ``num_i = sum_d a_ldi D_l / d`` with the int64 sums ``a_ldi`` (Python integers
        for the scaling).
        """
        j = self.index.get(licensee)
        if j is None:
            return {}, 1
        if self.fixed is not None:
            num, denom = self.fixed
            return {m: int(v) for m, v in zip(self.members, num[j], strict=True) if v}, denom
        if self.lic_start is None:
            return {}, 1
        lo, hi = int(self.lic_start[j]), int(self.lic_start[j + 1])
        if lo == hi:
            return {}, 1
        g = self.pair_g[lo:hi]  # type: ignore[index]
        d = self.totals[g]  # type: ignore[index]
        order = np.argsort(d, kind="stable")
        d = d[order]
        starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
        terms = self.counts[g[order]] * self.pair_cents[lo:hi][order][:, None]  # type: ignore
        acc = np.add.reduceat(terms, starts, axis=0)  # a_ldi, int64
        ds = [int(x) for x in d[starts]]
        common = math.lcm(*ds)
        scale = np.array([common // x for x in ds], dtype=object)
        num = (acc.astype(object) * scale[:, None]).sum(axis=0)
        return {m: int(v) for m, v in zip(self.members, num, strict=True) if v}, common

    def exact_by_country(self, licensee: str) -> tuple[dict[tuple[str, str], int], int] | None:
        """(count country, member) -> integer numerator over ``D_l``, and ``D_l``.

        ``num_ci = sum_{g in c} C_lg n_gi D_l / N_g`` over the licensee's groups counted
        in country ``c``: the same denominator ``D_l`` as :meth:`exact`, so
        ``sum_c num_ci = num_i`` exactly (zeros dropped).  None where the groups'
        countries are not known or the weights are fixed-point (beyond the exact limit).
        """
        j = self.index.get(licensee)
        if j is None:
            return {}, 1
        if self.fixed is not None:
            return None
        if self.lic_start is None:  # no rows at all
            return {}, 1
        if self.group_country is None:
            return None
        lo, hi = int(self.lic_start[j]), int(self.lic_start[j + 1])
        if lo == hi:
            return {}, 1
        g = self.pair_g[lo:hi]  # type: ignore[index]
        d = self.totals[g]  # type: ignore[index]
        common = math.lcm(*(int(x) for x in np.unique(d)))
        country = self.group_country[g]
        order = np.lexsort((d, country))  # by country, then denominator
        d, country, g = d[order], country[order], g[order]
        starts = np.flatnonzero(np.r_[True, (d[1:] != d[:-1]) | (country[1:] != country[:-1])])
        terms = self.counts[g] * self.pair_cents[lo:hi][order][:, None]  # type: ignore
        acc = np.add.reduceat(terms, starts, axis=0)  # a_lcdi, int64 sums
        out: dict[tuple[str, str], int] = {}
        members = self.members
        for row, s0 in enumerate(starts.tolist()):
            c, scale = COUNTRIES[int(country[s0])], common // int(d[s0])
            vals = acc[row]
            for i in np.flatnonzero(vals).tolist():
                key = (c, members[i])
                out[key] = out.get(key, 0) + int(vals[i]) * scale
        return {k: v for k, v in out.items() if v}, common

    def split_many(self, licensees: list[str], cents: list[int]) -> list[dict[str, int] | None]:
        """Largest-remainder split of ``cents[k]`` by ``licensees[k]``'s weights.

        Same result as ``signed_largest_remainder(cents, exact weights)`` (ties to the
        smaller member id) wherever the float64 quotas certify it; None elsewhere
        (the dict form of :meth:`split_batch`).
        """
        out: list[dict[str, int] | None] = [None] * len(licensees)
        done, alloc, keys = self.split_batch(licensees, cents)
        for k, row in zip(done.tolist(), alloc.tolist(), strict=True):
            out[k] = {keys[i]: c for i, c in enumerate(row) if c}
        return out

    def split_batch(self, licensees: list[str], cents: list[int]) -> tuple[
        np.ndarray, np.ndarray, tuple[str, ...]
    ]:
        """Certified largest-remainder splits as arrays: ``(done, alloc, keys)``.

        ``alloc[j]`` (int64, columns ``keys``: the members sorted by id) is the split
        of ``cents[done[j]]`` by ``licensees[done[j]]``'s weights, equal to
        ``signed_largest_remainder(cents, exact weights)``; the requests not in
        ``done`` (ascending) are not certified (split them exactly).
        """
        keys = tuple(sorted(self.members))
        none = (np.zeros(0, np.int64), np.zeros((0, len(keys)), np.int64), keys)
        if self.floats is None or not licensees:
            return none
        rows = np.array([self.index.get(x, -1) for x in licensees], np.int64)
        s_int = np.array(cents, np.int64)
        keep = (rows >= 0) & (np.abs(s_int) < 1 << 50)
        idx = np.flatnonzero(keep)
        if idx.size == 0:
            return none
        perm = np.argsort(np.array(self.members, dtype=object))  # ties: smaller member id
        keys = tuple(self.members[i] for i in perm)
        f = self.floats[rows[idx]][:, perm]
        e = self.err[rows[idx]]  # type: ignore[index]
        zero = ~self.some[rows[idx]][:, perm]  # type: ignore[index]  # exactly 0
        ok, alloc = certified_rows(f, e, s_int[idx], zero)
        return idx[ok], alloc[ok], keys


def certified_rows(f: np.ndarray, e: np.ndarray, s_int: np.ndarray, zero: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Certified largest-remainder split of ``s_int[r]`` by the float weights ``f[r]``.

    Parameters
    ----------
    f : ndarray of float64, shape (R, m)
        Float weights, columns in tie-break order (the smaller key first).
    e : ndarray of float64, shape (R,)
        Bound of every weight's absolute error in the row.
    s_int : ndarray of int64, shape (R,)
        Cents to split (``|s| < 2^50``).
    zero : ndarray of bool, shape (R, m)
        Weights known to be exactly 0.

    Returns
    -------
    ok : ndarray of bool, shape (R,)
        Rows whose split is certified equal to the exact one
        (``signed_largest_remainder(s, exact weights)``, module docstring).
    alloc : ndarray of int64, shape (R, m)
        The splits (meaningful where ``ok``).
    """
    s = s_int.astype(np.float64)
    n, m = f.shape
    tot = f.sum(axis=1)
    atot = np.abs(tot)
    ok = atot > 64.0 * m * (e + _U * np.abs(f).sum(axis=1))
    atot = np.where(ok, atot, 1.0)
    fmax = np.abs(f).max(axis=1, initial=0.0)
    fsum = np.abs(f).sum(axis=1)
    # |q_i - S w_i / W| <= tol: the weights' error e, W's error m e + m u sum|f|,
    # the products and the quotient (a few u of |q|)
    tol = 8.0 * (np.abs(s) / atot * (e + m * (e + _U * fsum) * fmax / atot)
                 + 4.0 * _U * np.abs(s) * fmax / atot + _U)
    q = s[:, None] * f / np.where(ok, tot, 1.0)[:, None]
    fl = np.floor(q)
    fr = q - fl
    sure = zero | ((fr > tol[:, None]) & (fr < 1.0 - tol[:, None]))
    ok &= sure.all(axis=1)
    floors = np.where(zero, 0, fl).astype(np.int64)
    fr = np.where(zero, 0.0, fr)
    left = s_int - floors.sum(axis=1)
    ok &= (left >= 0) & (left < m)
    order = np.argsort(-fr, axis=1, kind="stable")
    sfr = np.take_along_axis(fr, order, axis=1)
    lc = np.clip(left, 1, m - 1)
    gap = sfr[np.arange(n), lc - 1] - sfr[np.arange(n), lc]
    ok &= (left == 0) | (gap > 2.0 * tol)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(m)[None, :].repeat(n, 0), axis=1)
    alloc = floors + (rank < left[:, None])
    return ok, alloc


def _any_count(pair_lic: np.ndarray, pair_g: np.ndarray, counts: np.ndarray,
               n_l: int) -> np.ndarray:
    """``out[l, i]``: some pair of licensee l has ``counts[g, i] > 0`` (bit-packed OR).

    The members' "count > 0" flags of each group are packed into 64-bit words, OR-ed
    per licensee by one ``reduceat`` per word and unpacked.

    Returns
    -------
    ndarray of bool, shape (n_l, M)
    """
    n_m = counts.shape[1]
    out = np.zeros((n_l, n_m), bool)
    if pair_lic.size == 0:
        return out
    start = np.searchsorted(pair_lic, np.arange(n_l + 1))
    has = start[:-1] < start[1:]
    pos = counts > 0
    for w in range(0, n_m, 64):
        width = min(64, n_m - w)
        shifts = np.arange(width, dtype=np.uint64)
        bits = (pos[:, w:w + width].astype(np.uint64) << shifts).sum(axis=1, dtype=np.uint64)
        acc = np.bitwise_or.reduceat(bits[pair_g], start[:-1][has])
        out[has, w:w + width] = ((acc[:, None] >> shifts) & np.uint64(1)).astype(bool)
    return out

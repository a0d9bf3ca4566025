r"""Member weights of every licensee of a view, and their largest-remainder splits.

The exact weight of member i in licensee l's rows is the rational

    w_li = sum_d a_ldi / d          (a_ldi = sum_{g: N_g = d} C_lg n_gi, int64)

over the distinct per-country denominators ``d`` (``C_lg`` the licensee's cents in
(country, day) group g, ``n_gi`` member i's in-force count there, ``N_g`` their sum;
MPEG-2 business review letter, US DOJ 26 June 1997).  :class:`WeightTable` keeps the
int64 sums ``a_ldi`` and gives

- :meth:`WeightTable.exact`: one licensee's weights as integers over its own
  denominator ``D_l = lcm(d)`` (Python integers, on demand);
- :meth:`WeightTable.split_many`: the largest-remainder split of ``S_X`` cents by the
  weights of many licensees at once in float64, *certified*: with ``q_i = S w_i / W``
  computed to within ``tol`` (a bound of the float64 rounding, Higham, *Accuracy and
  Stability of Numerical Algorithms*, 2nd ed., 2002, sec. 3.1 and 4.2), the floors
  are exact when every fractional part lies in ``(tol, 1 - tol)`` and the cents of
  the remainder go to the same members when the fractional parts either side of the
  cut differ by more than ``2 tol``.  A split that cannot be certified (near ties,
  near-integer quotas, cancellation in ``W``) is left to the exact integer split
  (None), so the result is always the exact one.
"""

from __future__ import annotations

import math

import attrs
import numpy as np

__all__ = ["WeightTable"]

#: Unit roundoff of float64, doubled (a safety margin on every bound below).
_U = 2.0 ** -52


@attrs.define(eq=False)
class WeightTable:
    """Per-licensee int64 sums ``a_ldi`` (runs sorted by licensee) and their float weights.

    ``acc[r]`` is the row of ``a_ldi`` of run r (licensee ``lic_start``-delimited, its
    denominator ``denoms[run_d[r]]``); ``floats[l]`` the float64 ``sum_d a_ldi / d``
    and ``err[l]`` a bound of its absolute error per member.  ``fixed`` replaces all
    of it when the weights are fixed-point integers (beyond the exact limit).
    """

    index: dict[str, int]
    members: tuple[str, ...]
    acc: np.ndarray | None = None
    run_d: np.ndarray | None = None
    denoms: np.ndarray | None = None
    lic_start: np.ndarray | None = None
    floats: np.ndarray | None = None
    err: np.ndarray | None = None
    #: False where every a_ldi of (licensee, member) is 0 (the weight is exactly 0)
    some: np.ndarray | None = None
    fixed: tuple[np.ndarray, int] | None = None

    @classmethod
    def from_runs(cls, index: dict[str, int], members: tuple[str, ...], acc: np.ndarray,
                  run_l: np.ndarray, run_d: np.ndarray, denoms: np.ndarray) -> WeightTable:
        """Build from the int64 run sums (runs sorted by licensee, then denominator)."""
        n_l = len(index)
        lic_start = np.searchsorted(run_l, np.arange(n_l + 1))
        floats = np.zeros((n_l, len(members)))
        mag = np.zeros((n_l, len(members)))  # sum_d |a_ldi| / d
        has = lic_start[:-1] < lic_start[1:]
        if acc.shape[0]:
            # members x runs (``acc.T`` is contiguous as _run_sums builds it): the terms
            # a_ldi / d, then their sums and absolute sums per licensee, in place
            terms = acc.T / denoms[run_d].astype(np.float64)[None, :]
            floats[has] = np.add.reduceat(terms, lic_start[:-1][has], axis=1).T
            np.abs(terms, out=terms)
            mag[has] = np.add.reduceat(terms, lic_start[:-1][has], axis=1).T
        # a nonzero int64 a_ldi gives a nonzero term (|a| >= 1, d < 2^63), so the weight
        # is exactly 0 iff its absolute sum is 0
        some = mag > 0
        absum = mag.sum(axis=1)
        runs = np.diff(lic_start).astype(np.float64)
        # each term: int64 -> float64 and one division (2u); the sum of `runs` terms
        # adds runs*u of the absolute sum (Higham 2002, eq. 4.4); the float sum of
        # the absolute terms is within (runs + m) u of the true one, inside the margin
        err = (runs + 2.0) * _U * absum
        return cls(index, members, acc, run_d, denoms, lic_start, floats, err, some)

    def exact(self, licensee: str) -> tuple[dict[str, int], int]:
        """Member -> integer numerator over ``D_l`` (zeros dropped), and ``D_l``."""
        j = self.index.get(licensee)
        if j is None:
            return {}, 1
        if self.fixed is not None:
            num, denom = self.fixed
            return {m: int(v) for m, v in zip(self.members, num[j], strict=True) if v}, denom
        if self.acc is None:
            return {}, 1
        lo, hi = int(self.lic_start[j]), int(self.lic_start[j + 1])  # type: ignore[index]
        if lo == hi:
            return {}, 1
        ds = [int(d) for d in self.denoms[self.run_d[lo:hi]]]  # type: ignore[index]
        common = math.lcm(*ds)
        scale = np.array([common // d for d in ds], dtype=object)
        num = (self.acc[lo:hi].astype(object) * scale[:, None]).sum(axis=0)
        return {m: int(v) for m, v in zip(self.members, num, strict=True) if v}, common

    def split_many(self, licensees: list[str], cents: list[int]) -> list[dict[str, int] | None]:
        """Largest-remainder split of ``cents[k]`` by ``licensees[k]``'s weights.

        Same result as ``signed_largest_remainder(cents, exact weights)`` (ties to the
        smaller member id) wherever the float64 quotas certify it; None elsewhere.
        """
        out: list[dict[str, int] | None] = [None] * len(licensees)
        if self.floats is None or not licensees:
            return out
        rows = np.array([self.index.get(x, -1) for x in licensees], np.int64)
        s_int = np.array(cents, np.int64)
        keep = (rows >= 0) & (np.abs(s_int) < 1 << 50)
        idx = np.flatnonzero(keep)
        if idx.size == 0:
            return out
        perm = np.argsort(np.array(self.members, dtype=object))  # ties: smaller member id
        keys = [self.members[i] for i in perm]
        f = self.floats[rows[idx]][:, perm]
        e = self.err[rows[idx]]  # type: ignore[index]
        s = s_int[idx].astype(np.float64)
        m = f.shape[1]
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
        zero = ~self.some[rows[idx]][:, perm]  # type: ignore[index]  # exactly 0
        sure = zero | ((fr > tol[:, None]) & (fr < 1.0 - tol[:, None]))
        ok &= sure.all(axis=1)
        floors = np.where(zero, 0, fl).astype(np.int64)
        fr = np.where(zero, 0.0, fr)
        left = s_int[idx] - floors.sum(axis=1)
        ok &= (left >= 0) & (left < m)
        order = np.argsort(-fr, axis=1, kind="stable")
        sfr = np.take_along_axis(fr, order, axis=1)
        lc = np.clip(left, 1, m - 1)
        gap = sfr[np.arange(idx.size), lc - 1] - sfr[np.arange(idx.size), lc]
        ok &= (left == 0) | (gap > 2.0 * tol)
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(m)[None, :].repeat(idx.size, 0), axis=1)
        alloc = floors + (rank < left[:, None])
        for k in np.flatnonzero(ok).tolist():
            row = alloc[k].tolist()
            out[int(idx[k])] = {keys[i]: c for i, c in enumerate(row) if c}
        return out

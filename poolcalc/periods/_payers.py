r"""Payers other than the licensee per reporting period (Via LA HEVC chip vendors).

Via LA's HEVC licence lets a chip vendor "pay royalties on behalf of their customer
who is a Licensee (and has responsibility for assuring payment) subject to that
Licensee's annual cap" (via-la.com/licensing-2/hevc/hevc-license-fees/).  The annual
run computes the licensee's royalty on all its units (free units, tiers and caps
count them whoever pays) and bills each payer the whole cents of its rows
(:mod:`poolcalc.royalties._payers`).  Per period, with ``c_r(t)`` the cents of row r
in the year-to-date view through t (:mod:`poolcalc.periods._views`; whole cents that
add up to the licensee's royalty ``V_l(t)``):

    B_{p,l}(t) = sum_{rows r of l paid by p} c_r(t),     sum_p B_{p,l}(t) = V_l(t)
    invoice to p for l in k = B_{p,l}(k) - B_{p,l}(k-1)       (p != l)
    invoice to l in k       = [V_l(k) - V_l(k-1)] - sum_{p != l} (B_{p,l}(k) - B_{p,l}(k-1))

(the licensee's invoice keeps its entry-fee credit, which "stays with the licensee"
as in the annual run).  So the cap is the customer's: once its year-to-date royalty
is capped, the capped cents of the later rows are what the payer is billed, and the
invoices of a year to the payer add up to its annual bill ``B_{p,l}`` exactly.  The
payer's invoice ``<period>-<licensee>-P-<payer>`` is addressed to the payer
(``PeriodInvoice.licensee`` is the payer); payments.csv rows of the payer are applied
to its invoices.  Its member weights are the per-country split of its own rows'
cent differences (the same counting as the licensee's invoice), so the cash it pays
goes to the members by the rows it paid for.

Amended reports and audits of a pool with payers are refused
(:mod:`poolcalc.periods._support`): which corrected rows a payer pays for is not
stated anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np

from poolcalc.model import Pool
from poolcalc.periods._views import View, _split_rows, sub_weights
from poolcalc.periods._wtable import WeightTable

__all__ = ["PayerPart", "PayerWeights", "other_payers", "payer_parts"]

#: (payer, cents, units, ytd cents, previous cents, weights())
PayerPart = tuple[str, int, int, int, int, Callable[[], dict[str, int]]]


def other_payers(pool: Pool) -> dict[int, tuple[str, str]]:
    """Sales line -> (licensee, payer) of the rows paid by another party than the licensee."""
    if not pool.payers:
        return {}
    sales = pool.sales
    lines = np.asarray(sales.line, np.int64).tolist()
    lic = [sales.licensees[c] for c in np.asarray(sales.licensee).tolist()]
    at = dict(zip(lines, lic, strict=True))
    return {line: (at[line], who) for line, who in pool.payers.items()
            if line in at and at[line] != who}


def _ytd(view: View, paid: dict[int, tuple[str, str]]) -> dict[tuple[str, str], tuple[
        int, int, np.ndarray]]:
    """(licensee, payer) -> (cents, units, positions in ``view.rows``).

    For every licensee with rows paid by others, all its rows: payer ``p`` for the rows
    it pays for, the licensee itself for the others.
    """
    rows = view.rows
    if rows is None or view.pool is None or len(rows) == 0:  # type: ignore[arg-type]
        return {}
    table = view.pool.sales
    lines = np.asarray(table.line, np.int64)[rows.index]  # type: ignore[attr-defined]
    labels = rows.licensees  # type: ignore[attr-defined]
    codes = [i for i, x in enumerate(labels) if x in {lic for lic, _ in paid.values()}]
    hit = np.isin(rows.licensee, np.asarray(codes, np.int64))  # type: ignore[attr-defined]
    out: dict[tuple[str, str], list] = {}
    for j in np.flatnonzero(hit).tolist():
        lic = labels[int(rows.licensee[j])]  # type: ignore[attr-defined]
        by = paid.get(int(lines[j]))
        who = by[1] if by is not None and by[0] == lic else lic  # else: its own row
        acc = out.setdefault((lic, who), [0, 0, []])
        acc[0] += int(rows.cents[j])  # type: ignore[attr-defined]
        acc[1] += int(rows.units[j])  # type: ignore[attr-defined]
        acc[2].append(j)
    return {k: (c, u, np.asarray(pos, np.int64)) for k, (c, u, pos) in out.items()}


def _table(view: View, pos: np.ndarray) -> WeightTable | None:
    """Weight table of the rows ``pos`` of ``view`` (None: no rows)."""
    if view.pool is None or pos.size == 0:
        return None
    rows = view.rows
    sel = pos[(rows.due[pos]) & (rows.cents[pos] != 0)]  # type: ignore[attr-defined]
    return _split_rows(view.pool, rows.licensees, rows.licensee[sel],  # type: ignore
                       rows.cents[sel].astype(np.int64), view.pool.sales,  # type: ignore
                       rows.index[sel])  # type: ignore[attr-defined]


@attrs.define(eq=False)
class PayerWeights:
    """Member weights of a payer's rows' cent differences ``now[pa] - before[pb]``.

    Called: the exact integers (:func:`~poolcalc.periods._views.sub_weights` of the two
    row sets' weights); :meth:`by_country`: the same by (count country, member).
    Both computed once.
    """

    now: View
    before: View
    lic: str
    pa: np.ndarray
    pb: np.ndarray
    _tables: tuple[WeightTable | None, WeightTable | None] | None = None
    _w: dict[str, int] | None = None

    def _both(self) -> tuple[WeightTable | None, WeightTable | None]:
        if self._tables is None:
            self._tables = (_table(self.now, self.pa), _table(self.before, self.pb))
        return self._tables

    def __call__(self) -> dict[str, int]:
        if self._w is None:
            ta, tb = self._both()
            self._w = sub_weights(ta.exact(self.lic) if ta else ({}, 1),
                                  tb.exact(self.lic) if tb else ({}, 1))
        return self._w

    def by_country(self) -> dict[tuple[str, str], int] | None:
        """(count country, member) weights on the scale of ``self()`` (None: none)."""
        ta, tb = self._both()
        wa = ta.exact_by_country(self.lic) if ta else ({}, 1)
        wb = tb.exact_by_country(self.lic) if tb else ({}, 1)
        if wa is None or wb is None:
            return None
        return sub_weights(wa, wb)


def payer_parts(pool: Pool, now: View, before: View) -> dict[str, list[PayerPart]]:
    """Per licensee with rows paid by others, the period's part of each payer.

    Returns
    -------
    dict of str to list of PayerPart
        ``(payer, cents, units, ytd, previous, weights)`` sorted by payer, the
        licensee's own rows as payer = licensee, parts with neither cents nor units
        left out; ``weights()`` gives the member weights of
        the payer's rows' cent differences (integers, proportional).
    """
    paid = other_payers(pool)
    if not paid:
        return {}
    a, b = _ytd(now, paid), _ytd(before, paid)
    out: dict[str, list[PayerPart]] = {}
    for lic, who in sorted(set(a) | set(b), key=lambda x: (x[0], x[1])):
        ca, ua, pa = a.get((lic, who), (0, 0, np.zeros(0, np.int64)))
        cb, ub, pb = b.get((lic, who), (0, 0, np.zeros(0, np.int64)))
        if ca == cb and ua == ub:
            continue
        out.setdefault(lic, []).append(
            (who, ca - cb, ua - ub, ca, cb, PayerWeights(now, before, lic, pa, pb)))
    return out

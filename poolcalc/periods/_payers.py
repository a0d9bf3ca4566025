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

Amended reports and audits (amendments.csv, audits.csv) carry sales.csv's ``payer``
column (empty: the licensee, who "has responsibility for assuring payment"), so each
row of a view -- reported, amended or found by an audit -- has its payer
(``View.payers``) and ``c_r(t)`` is the row's cents in the view through t with the
corrections known by then.  A correction filed in k, with ``V_k(t)`` and
``V_{k-1}(t)`` the views through t with and without it, gives per (payer, licensee)

    note to p for l in k = B_{p,l}(V_k(t)) - B_{p,l}(V_{k-1}(t))     (debit or credit)
    note to l in k       = [V_l(V_k(t)) - V_l(V_{k-1}(t))] - sum_{p != l} (note to p)

numbered ``<period>-<licensee>-P-<payer>-{D,C,A}<n>`` (addressed to the payer), so the
year's invoices and notes to p for l add up to ``B_{p,l}`` of the final rows.  An
audit's back royalties bear interest on each party's own note; a loss of good
standing (DVD6C rule) re-prices the licensee's rows and the payers' notes follow.
The member weights of a payer's note are the per-country split of its own rows'
cent differences, by the original period's counts (the rows' own dates), as the
licensee's notes.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import numpy as np

from poolcalc.periods._views import View, _split_rows, sub_weights
from poolcalc.periods._wtable import WeightTable

__all__ = ["PayerPart", "PayerWeights", "payer_parts"]

#: (payer, cents, units, ytd cents, previous cents, weights())
PayerPart = tuple[str, int, int, int, int, Callable[[], dict[str, int]]]


def _others(view: View) -> set[str]:
    """Licensees of ``view`` with a row paid by another party than themselves."""
    who = view.payers
    if who is None:  # nobody but the licensees pays: the rows are not needed
        return set()
    rows = view.rows
    if rows is None or len(rows) == 0:  # type: ignore[arg-type]
        return set()
    named = who[rows.index]  # type: ignore[attr-defined]
    hit = np.flatnonzero(named != "")
    labels = rows.licensees  # type: ignore[attr-defined]
    codes = np.asarray(rows.licensee, np.int64)[hit].tolist()  # type: ignore[attr-defined]
    return {labels[c] for c, p in zip(codes, named[hit].tolist(), strict=True)
            if p != labels[c]}


def _ytd(view: View, lics: set[str]) -> dict[tuple[str, str], tuple[int, int, np.ndarray]]:
    """(licensee, payer) -> (cents, units, positions in ``view.rows``).

    For every licensee of ``lics``, all its rows: payer ``p`` for the rows it pays
    for, the licensee itself for the others (``payer`` empty or the licensee).
    """
    if view.payers is None:
        return {}
    rows = view.rows
    if rows is None or len(rows) == 0:  # type: ignore[arg-type]
        return {}
    labels = rows.licensees  # type: ignore[attr-defined]
    codes = [i for i, x in enumerate(labels) if x in lics]
    hit = np.isin(rows.licensee, np.asarray(codes, np.int64))  # type: ignore[attr-defined]
    named = view.payers[rows.index]  # type: ignore[attr-defined]
    out: dict[tuple[str, str], list] = {}
    for j in np.flatnonzero(hit).tolist():
        lic = labels[int(rows.licensee[j])]  # type: ignore[attr-defined]
        who = named[j] or lic
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


def payer_parts(now: View, before: View) -> dict[str, list[PayerPart]]:
    """Each payer's part of ``now - before`` per licensee with rows paid by others.

    ``now, before`` are ``V_k(k), V_k(k-1)`` for a royalty invoice and
    ``V_k(t), V_{k-1}(t)`` for a correction note (:mod:`poolcalc.periods._views`).

    Returns
    -------
    dict of str to list of PayerPart
        ``(payer, cents, units, ytd, previous, weights)`` sorted by payer, the
        licensee's own rows as payer = licensee, parts with neither cents nor units
        left out; ``weights()`` gives the member weights of
        the payer's rows' cent differences (integers, proportional).
    """
    lics = _others(now) | _others(before)
    if not lics:
        return {}
    a, b = _ytd(now, lics), _ytd(before, lics)
    out: dict[str, list[PayerPart]] = {}
    for lic, who in sorted(set(a) | set(b), key=lambda x: (x[0], x[1])):
        ca, ua, pa = a.get((lic, who), (0, 0, np.zeros(0, np.int64)))
        cb, ub, pb = b.get((lic, who), (0, 0, np.zeros(0, np.int64)))
        if ca == cb and ua == ub:
            continue
        out.setdefault(lic, []).append(
            (who, ca - cb, ua - ub, ca, cb, PayerWeights(now, before, lic, pa, pb)))
    return out

r"""What each licensee owes for a year, without the invoice table: the lean entry point.

:func:`licensee_totals` returns the numbers of
:func:`~poolcalc.royalties.royalties_owed`'s invoices that a caller summing or
differencing years (the year-to-date views of :mod:`poolcalc.periods`) needs, the
owed cents ``O_l`` and units ``u_l`` of each licensee, and the per-row royalties on
demand.  The rows' whole cents are what most of a run's time past the money stages
goes to (two largest-remainder passes over the rows, stage 8 of
:mod:`poolcalc.royalties._engine`); when every enterprise with rows in the year is one
licensee, ``O_l`` follows from the enterprise totals alone:

    P_l = E_K(e(l))                       (the rows of e sum exactly to E_K, stage 8)
    O_l = min(P_l, round_half_up(r P_l))  for a pool member (member rate r), else P_l

so the rows are attributed only when :meth:`LicenseeTotals.rows` is first called, by
the same stages on the same run: the same numbers as the full run by construction.
An enterprise of several licensees (whose split between them is the rows'), a
settlement stage added after the member stage, totals from 2**53 cents on (where
the full run's float sums round) and years without sales rows take the full run.

References
----------
M. L. Balinski and H. P. Young, *Fair Representation*, Yale University Press, 1982
(largest remainder).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

from poolcalc.errors import PoolcalcWarning
from poolcalc.model import Pool, check_pool
from poolcalc.royalties._engine import _check_year, _row_royalties, _start
from poolcalc.royalties._owed import _report, _terms, degenerate_notes, kernel_arguments
from poolcalc.royalties._result import RowRoyalties
from poolcalc.royalties.stages import PIPELINE, Run, breakdown, cents, member
from poolcalc.royalties.stages.breakdown import invoice_breakdown
from poolcalc.royalties.stages.cents import enterprise_cents
from poolcalc.royalties.stages.member import member_owed

__all__ = ["LicenseeTotals", "licensee_totals"]

#: The settlement stages the lean path stands in for, in the order they run.
_SETTLE = (cents.STAGE, member.STAGE, breakdown.STAGE)
#: Totals from here on take the full run (its per-licensee sums are float64).
_EXACT = 1 << 53


@attrs.define(eq=False)
class LicenseeTotals:
    """Owed cents and units of each licensee code of a sales table for one year.

    Attributes
    ----------
    year : int
    licensees : tuple of str
        Labels of the sales table's licensee codes (``owed[j]`` is ``licensees[j]``'s).
    owed : ndarray of int64, shape (L,)
        ``owed_cents`` of each licensee's invoice [minor units], entry fees excluded.
    units : ndarray of int64, shape (L,)
        Units of its sales rows in the year.
    """

    year: int
    licensees: tuple[str, ...]
    owed: np.ndarray
    units: np.ndarray
    _rows: RowRoyalties | None = None
    _make_rows: Callable[[], RowRoyalties] | None = None

    def rows(self) -> RowRoyalties:
        """Per-row royalties (:class:`RowRoyalties`), computed on the first call."""
        if self._rows is None:
            assert self._make_rows is not None
            self._rows = self._make_rows()
            self._make_rows = None
        return self._rows


def licensee_totals(pool: Pool, year: int) -> LicenseeTotals:
    """Return what each licensee of ``pool`` owes for ``year``: cents, units, rows on demand.

    Parameters
    ----------
    pool : Pool
    year : int
        Calendar year.

    Returns
    -------
    LicenseeTotals
        ``owed`` and ``units`` equal to the ``owed_cents`` and ``units`` of
        ``royalties_owed(pool, year).invoices`` (entry fees are not included), row by
        row the same :class:`RowRoyalties`; the same warnings (licensees without rows,
        caps that never bind, regions without sales).

    Raises
    ------
    InvalidInputError
        As :func:`~poolcalc.royalties.royalties_owed`.

    Notes
    -----
    Module docstring: the rows' cents are attributed only when asked for.

    Examples
    --------
    >>> import poolcalc
    >>> pool = poolcalc.load_example()
    >>> lean, full = licensee_totals(pool, 2024), poolcalc.royalties_owed(pool, 2024)
    >>> owed = dict(zip(lean.licensees, lean.owed.tolist()))
    >>> all(owed[i.licensee] == i.owed_cents for i in full.invoices)
    True
    """
    check_pool(pool, "licensee_totals: pool")
    year = _check_year(year)
    table = pool.sales
    if len(table) == 0 or not bool((table.year == year).any()):
        return _of_report(pool, year)
    terms = _terms(pool, year, None)
    run, idx = _start(terms, pool.patents, table, year, **kernel_arguments(pool, terms, table))
    if tuple(PIPELINE[-len(_SETTLE):]) != _SETTLE:  # a settlement stage was added
        return _of_report(pool, year)
    for stage in PIPELINE[:-len(_SETTLE)]:
        run = stage.apply(run, terms)
    assert run.groups is not None
    groups = run.groups
    e_tot = enterprise_cents(run.levels, groups.el, groups.n_ent)
    pre = _pre_member(e_tot[-1], groups.el, run.lic, run.n_lic)
    if pre is None:  # an enterprise of several licensees: its rows' cents split it
        run = member.STAGE.apply(cents.STAGE.apply(run, terms), terms)
        assert run.pre_member is not None and run.owed is not None
        pre, owed, settle = run.pre_member, run.owed, _SETTLE[2:]
    else:
        owed, settle = member_owed(pre, run.member, terms.member_rate), _SETTLE
    units = np.rint(np.bincount(run.lic, run.units.astype(np.float64), minlength=run.n_lic))
    units = units.astype(np.int64)

    def capped() -> bool:
        parts = invoice_breakdown(run.levels, tuple(e_tot), run.lic, groups.el, run.n_lic,
                                  groups.n_ent, pre, owed)
        return bool(parts["cap"].any())

    labels = tuple(table.licensees)
    billed = {labels[j] for j in np.flatnonzero(units).tolist()}
    for note in degenerate_notes(pool, terms, year, billed, capped,
                                 lambda: table.country_of_sale[idx]):
        warnings.warn(note, PoolcalcWarning, stacklevel=2)
    run, settle = _kept(run, settle, terms)
    return LicenseeTotals(year, labels, owed, units,
                          make_rows=_settle(run, settle, terms, table, idx))


#: Per-row inputs of the pricing stages that no settlement stage and no row result read.
_INPUTS = ("ent", "prod", "day", "cs", "cm", "price", "line")


def _kept(run: Run, settle: tuple[Any, ...], terms: Any) -> tuple[Run, tuple[Any, ...]]:
    """Return the run as kept for its rows: what the settlement stages and rows read.

    A caller holding many runs (the year-to-date views of a period: 2.5 x 10^6 rows for
    the four quarters of a year of 10^6) keeps only the row codes, cents, due flags and
    groups: the pricing stages' inputs (``_INPUTS``, region multipliers, rate keys,
    royalty-bearing units) are dropped, and where only the breakdown is left it is
    computed now (a few bincounts per licensee) so the money levels (a float64 array
    per stage) go too.
    The rows are the same: nothing dropped is read after the member stage.
    """
    if settle == _SETTLE[2:]:  # the breakdown: per-licensee sums of the levels
        run, settle = breakdown.STAGE.apply(run, terms), ()
        run = run.evolve(levels=())
    empty = {k: np.empty(0, getattr(run, k).dtype) for k in _INPUTS}  # not views: freed
    return run.evolve(counter=None, mult=None, rkey=None, bearing=None, **empty), settle


def _settle(run: Run, stages: tuple[Any, ...], terms: Any, table: Any, idx: np.ndarray
            ) -> Callable[[], RowRoyalties]:
    """Return the rows of ``run``: its remaining settlement ``stages`` run when asked for."""

    def rows() -> RowRoyalties:
        done = run
        for stage in stages:
            done = stage.apply(done, terms)
        return _row_royalties(done, table, idx)

    return rows


def _pre_member(total: np.ndarray, el: np.ndarray, lic: np.ndarray, n_lic: int
                ) -> np.ndarray | None:
    """``P_l = E_K(e(l))`` when every enterprise with rows is one licensee, else None.

    Parameters
    ----------
    total : ndarray of int64, shape (E,)
        ``E_K`` per enterprise (local codes) [minor units].
    el, lic : ndarray of int64, shape (n,)
        Enterprise and licensee of each row.
    n_lic : int

    Returns
    -------
    ndarray of int64, shape (n_lic,) or None
        None also when a total reaches 2**53 (the full run's sums are float64 there).
    """
    lic_of = np.full(total.size, -1, np.int64)
    lic_of[el] = lic
    ent_of = np.full(n_lic, -1, np.int64)
    ent_of[lic] = el
    if not (np.array_equal(lic_of[el], lic) and np.array_equal(ent_of[lic], el)):
        return None
    if total.size and int(np.abs(total).max()) >= _EXACT:
        return None
    pre = np.zeros(n_lic, np.int64)
    has = lic_of >= 0
    pre[lic_of[has]] = total[has]
    return pre


def _of_report(pool: Pool, year: int) -> LicenseeTotals:
    """Return the totals of the full run (:func:`~poolcalc.royalties.royalties_owed`'s body)."""
    report = _report(pool, year, None)
    rows = report.rows
    owed, units = rows.by_licensee(rows.cents), rows.by_licensee(rows.units)
    return LicenseeTotals(report.year, tuple(rows.licensees), owed, units, rows=rows)

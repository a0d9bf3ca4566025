r"""Entry fees per reporting period: the fee invoiced once, its creditable part credited.

The annual run (:mod:`poolcalc.royalties._fees`) invoices a licensee's entry fee F in
the calendar year s of its signature and credits the creditable part C against its
royalties O_Y of the following years until used:
``credit_Y = min(O_Y, C - sum_{s < y < Y} credit_y)``.  Per period:

- **fee**: one invoice ``<period>-<licensee>-F`` (line item ``entry_fee``) of
  ``round_half_up(F * 10**minor_units)`` in the period containing the signing date,
  when s has sales (the annual run invoices it in the report of year s, which exists
  only then);
- **credit**: year to date, like every other term.  With ``V_l(t)`` the licensee's
  year-to-date royalty through t (:mod:`poolcalc.periods._views`) and
  ``L_Y = C - sum_{s < y < Y} credit_y`` (the earlier years' royalties as known at
  the period computed), the credit through t is ``c_l(t) = min(V_l(t), L_Y)`` and the
  invoices are made of the net ``N_l(t) = V_l(t) - c_l(t)``:

      invoice_k = N_k(k) - N_k(k-1)   (line items: royalty V_k(k) - V_k(k-1) and
                                       entry_fee_credit -(c_k(k) - c_k(k-1)))

  so the period invoices of year Y telescope to ``N(K) = O_Y - credit_Y``, the annual
  invoice less the annual fee credit, to the cent.

The fee is distributed like the annual run's fee income, with no rows to count: by
the members' pooled essential patents (or families, ``[allocation] unit``) in force
anywhere on at least one day of the signing period.  A credit lowers the royalty
invoice; the cash that pays it is split by that invoice's rows as usual.

**A correction of an earlier year** Y (amended report or audit) filed in period k of
a later year changes the licensee's royalty ``O_Y``, so the credit used in Y, and so
``L_y`` of every year y after Y.  The credit is applied in the year the royalty
accrues, so the corrected schedule is re-run from Y forward with the corrected
royalties, ``credit'_y = min(O'_y, C - sum_{s < x < y} credit'_x)``, and only the
difference is billed now, in k, one note per year y (or, in k's own year, through the
period before k) whose credit moved:

    note_{l,y} = (credit_y - credit'_y)       [debit note when the credit shrinks]

numbered ``<k>-<licensee>-D<n>`` / ``-C<n>`` (line item ``entry_fee_credit``,
:func:`credit_notes`); the corrected year Y's own note (gross difference less its
credit difference) is the correction's note (:mod:`poolcalc.periods._book`).  So the
invoices and notes of every year add up to the annual invoice less the annual fee
credit recomputed on the corrected reports, to the cent.  A credit note's cash is
split by the member weights of the licensee's own rows of year y (the rows the
credit was set against; their royalty did not change), those of the corrected year
by its rows' difference as every correction.  The pools' terms say the fee is
"credited ... to royalties for subsequent Reporting Periods payable" (Philips
registration agreements) but none found says what a late correction does to the
credit schedule: re-applying it from the corrected year forward and billing the
difference in the current period is poolcalc's rule.

References
----------
Computer Data Storage Newsletter, "History (1999): Lots of Confusion on DVD Patents",
storagenewsletter.com/2022/07/06/history-1999-lots-of-confusion-on-dvd-patents/ ("an
initial fee of $10,000, of which $5,000 is creditable vs. running royalties").
Law Insider, "Entry Fee" clause (Philips patent registration agreements, wireless
power), lawinsider.com/clause/entry-fee/_9 ("non-refundable but credited first towards
the Past Use Amount and then to royalties for subsequent Reporting Periods payable").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from poolcalc._money import format_money
from poolcalc.allocation._counting import in_force_during, member_counts
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool
from poolcalc.periods._payers import payer_parts
from poolcalc.periods._records import LineItem
from poolcalc.periods._types import Period, PeriodInputs, parse_period, periods_of_year
from poolcalc.periods._views import View, compute_view, sales_years, view_key
from poolcalc.royalties._apportion import round_half_up
from poolcalc.tables import day_number

__all__ = ["FeeViews", "credit_items", "credit_notes", "fee_invoices", "pool_weights"]


def _fees_on(pool: Pool) -> bool:
    return pool.schedule.entry_fee > 0


class FeeViews:
    """``view(asof, through)``: year-to-date views (cached), net of entry-fee credits.

    ``credits(asof, through)`` gives the credits ``c_l(t)`` netted out of ``owed``
    (module docstring); without entry fees the views are those of
    :func:`~poolcalc.periods._views.compute_view` and no credit is taken.
    """

    def __init__(self, pool: Pool, inputs: PeriodInputs) -> None:
        self.pool, self.inputs = pool, inputs
        self._gross: dict[tuple, View] = {}
        self._net: dict[tuple, tuple[View, dict[str, int]]] = {}
        self._on = _fees_on(pool) and pool.schedule.entry_fee_creditable > 0
        self._signed = {lic.id: lic.signed.year for lic in pool.licensees
                        if lic.signed is not None} if self._on else {}
        #: earliest signing year: corrections of the years after it move credits left
        self._first = min(self._signed.values(), default=None)

    @property
    def crediting(self) -> bool:
        """True when some licensee has a creditable entry fee (credits are taken)."""
        return self._on and self._first is not None

    def key(self, asof: Period, through: Period) -> tuple:
        """Cache key of the net view ``V_asof(through)`` less its credits.

        :func:`~poolcalc.periods._views.view_key` (the corrections of ``through``'s
        year), and with creditable fees also the corrections known at ``asof`` of the
        years between the first signing and ``through``'s year: they move ``L_Y``.
        """
        base = view_key(self.inputs, asof, through)
        if not self.crediting:
            return base
        kind = self.inputs.reporting.period
        earlier = tuple(
            i for i, x in enumerate((*self.inputs.amendments, *self.inputs.audits))
            if (getattr(x, "filed", None) or x.closed) <= asof.end
            and self._first < parse_period(x.period, kind).year < through.year
        )
        return (base, earlier)

    def gross(self, asof: Period, through: Period) -> View:
        """Return the view of :func:`~poolcalc.periods._views.compute_view` (cached)."""
        key = view_key(self.inputs, asof, through)
        if key not in self._gross:
            self._gross[key] = compute_view(self.pool, self.inputs, asof, through)
        return self._gross[key]

    def __call__(self, asof: Period, through: Period) -> View:
        return self._view(asof, through)[0]

    def credits(self, asof: Period, through: Period) -> dict[str, int]:
        """Entry-fee credit through ``through`` per licensee [minor units] (0 left out)."""
        return self._view(asof, through)[1]

    def _view(self, asof: Period, through: Period) -> tuple[View, dict[str, int]]:
        key = self.key(asof, through)
        if key in self._net:
            return self._net[key]
        v = self.gross(asof, through)
        credit: dict[str, int] = {}
        if self._on:
            for lic, owed in v.owed.items():
                left = self._left(lic, through.year, asof)
                c = min(owed, left) if left else 0
                if c:
                    credit[lic] = c
        if credit:
            v = attrs.evolve(v, owed={k: o - credit.get(k, 0) for k, o in v.owed.items()})
        self._net[key] = (v, credit)
        return self._net[key]

    def _left(self, lic: str, year: int, asof: Period) -> int:
        """``L_Y``: creditable cents left at the start of ``year`` (known at ``asof``)."""
        s = self._signed.get(lic)
        if s is None or s >= year:
            return 0
        left = int(round_half_up(self.pool.schedule.entry_fee_creditable
                                 * 10 ** self.pool.minor_units))
        have = set(sales_years(self.pool.sales))
        for y in range(s + 1, year):
            if left == 0:
                break
            if y in have:
                last = periods_of_year(y, asof.kind)[-1]
                left -= min(self.gross(asof, last).owed.get(lic, 0), left)
        return left


def credit_items(views: Callable, now: Period, before: Period | None, asof: Period,
                 label: str, minor_units: int) -> Callable[[str], list[LineItem]]:
    """``items(licensee)``: the ``entry_fee_credit`` line item of a royalty invoice (or none).

    Its cents are ``-(c(now) - c(before))`` as known at ``asof``.
    """
    get = getattr(views, "credits", None)
    if get is None:
        return lambda lic: []
    c_now = get(asof, now)
    c_before = get(asof, before) if before is not None else {}

    def items(lic: str) -> list[LineItem]:
        a, b = c_now.get(lic, 0), c_before.get(lic, 0)
        if a == b:
            return []
        return [LineItem("entry_fee_credit", f"entry fee credit {label}: year to date "
                         f"{format_money(a, minor_units)} less {format_money(b, minor_units)}"
                         " credited", label, b - a)]

    return items


def credit_notes(book: Any, pool: Pool, inputs: PeriodInputs, k: Period, prev_k: Period,
                 views: FeeViews, issue: Callable[..., None]) -> None:
    r"""Issue the notes of ``k`` for entry-fee credits moved by corrections of earlier years.

    For each year y with sales before ``k``'s year (through its last period) and
    ``k``'s own year (through the period before ``k``) whose own corrections did not
    change in ``k`` (those are the correction's notes) but whose ``L_y`` did, each
    licensee whose credit moved gets the note ``c_{k-1}(t) - c_k(t)`` (credits through
    t as known at the end of ``k - 1`` and of ``k``), numbered
    ``<k>-<licensee>-D<n>`` (debit: less credit) or ``-C<n>``, one line item
    ``entry_fee_credit``.  Its member weights are those of the licensee's own rows of
    the year to date through t (module docstring).

    ``issue`` is :func:`poolcalc.periods._book.run_book`'s invoice entry (as for
    :func:`poolcalc.periods._royalty.royalty_invoices`).
    """
    if not views.crediting:
        return
    kind = inputs.reporting.period
    targets = [periods_of_year(y, kind)[-1] for y in sales_years(pool.sales) if y < k.year]
    if k.previous() is not None and k.year in set(sales_years(pool.sales)):
        targets.append(k.previous())
    m = pool.minor_units
    for t in targets:
        if view_key(inputs, k, t) != view_key(inputs, prev_k, t) or \
                views.key(k, t) == views.key(prev_k, t):
            continue
        new, old = views.credits(k, t), views.credits(prev_k, t)
        why = sorted({f"{a.licensee} {a.period}" for a in (*inputs.amendments, *inputs.audits)
                      if prev_k.end < (getattr(a, "filed", None) or a.closed) <= k.end
                      and parse_period(a.period, kind).year < t.year})
        year = [p.label for p in periods_of_year(t.year, kind) if p <= t]
        for lic in sorted(set(new) | set(old)):
            a, b = new.get(lic, 0), old.get(lic, 0)
            if a == b:
                continue
            text = (f"entry fee credit {t.year} re-applied after the correction of "
                    f"{', '.join(why)}: {format_money(a, m)} credited through {t.label}, "
                    f"{format_money(b, m)} before")
            tag = "D" if b > a else "C"
            stem = f"{k.label}-{lic}-{tag}"
            n = 1 + sum(1 for x in book.entries if x.startswith(stem))
            issue(book, pool, inputs, k, f"{stem}{n}", lic, b - a, "note",
                  [LineItem("entry_fee_credit", text, t.label, b - a)],
                  _own_weights(views.gross(k, t), lic), amends=", ".join(year))


def _own_weights(v: View, lic: str) -> Callable[[], dict[str, int]]:
    """``weights()``: member weights of ``lic``'s own rows in ``v`` (rows others pay left out)."""
    def weights() -> dict[str, int]:
        for who, _, _, _, _, w in payer_parts(v, View.empty()).get(lic, ()):
            if who == lic:
                got = w()
                if got:
                    return got
        return v.weights_of(lic)[0]

    return weights


def fee_invoices(pool: Pool, k: Period) -> list[
    tuple[str, int, list[LineItem], Callable[[], dict[str, int]]]
]:
    """Entry-fee invoices of period ``k``: (licensee, cents, line items, weights).

    Licensees whose signing date falls in ``k``, in a year with sales; ``weights()``
    counts each member's pooled essential patents (``[allocation] unit``) in force
    anywhere on at least one day of ``k`` (:func:`pool_weights`).
    """
    if not _fees_on(pool) or k.year not in set(sales_years(pool.sales)):
        return []
    scale = 10 ** pool.minor_units
    cents = int(round_half_up(pool.schedule.entry_fee * scale))
    credit = format_money(int(round_half_up(pool.schedule.entry_fee_creditable * scale)),
                          pool.minor_units)
    out = []
    for lic in sorted(pool.licensees, key=lambda x: x.id):
        if lic.signed is None or not k.contains(lic.signed):
            continue
        text = (f"entry fee on signing the licence ({lic.signed.isoformat()}): "
                f"{format_money(cents, pool.minor_units)}, of which {credit} creditable "
                "against the royalties of later years")
        out.append((lic.id, cents, [LineItem("entry_fee", text, k.label, cents)],
                    lambda: pool_weights(pool, k)))
    return out


def pool_weights(pool: Pool, k: Period) -> dict[str, int]:
    """Member weights of an amount without rows (entry fee, metric royalty) of period ``k``.

    Each member's pooled essential patents (or families, ``[allocation] unit``) in
    force anywhere on at least one day of ``k``.

    Raises
    ------
    InvalidInputError
        None in force anywhere in ``k`` (nobody to pay the amount to).
    """
    unit = pool.allocation.unit.value
    mask = in_force_during(pool.patents, day_number(k.start),
                           day_number(k.end + dt.timedelta(days=1)))
    counts = member_counts(pool.patents, mask, unit=unit)
    out = {m: int(n) for m, n in zip(pool.patents.members, counts.tolist(), strict=True)
           if int(n)}
    if not out:
        raise InvalidInputError(
            f"an entry fee or metric royalty invoiced for {k.label} but no pooled essential "
            f"{unit} in force anywhere in {k.label}; cannot attribute it to members")
    return out

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

A correction of an earlier year filed after that year, for a licensee with a
creditable fee, would change ``L_Y`` of a year already invoiced in part: refused.

References
----------
Computer Data Storage Newsletter, "History (1999): Lots of Confusion on DVD Patents",
storagenewsletter.com/2022/07/06/history-1999-lots-of-confusion-on-dvd-patents/ ("an
initial fee of $10,000, of which $5,000 is creditable vs. running royalties").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from poolcalc._money import format_money
from poolcalc.allocation._counting import in_force_during, member_counts
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool
from poolcalc.periods._records import LineItem
from poolcalc.periods._types import Period, PeriodInputs, parse_period, periods_of_year
from poolcalc.periods._views import View, compute_view, sales_years, view_key
from poolcalc.royalties._apportion import round_half_up
from poolcalc.tables import day_number

__all__ = ["FeeViews", "credit_items", "fee_invoices", "pool_weights"]


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
        if self._on:
            _check_corrections(pool, inputs, self._signed)

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
        key = view_key(self.inputs, asof, through)
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


def _check_corrections(pool: Pool, inputs: PeriodInputs, signed: dict[str, int]) -> None:
    """Refuse a correction filed after its year in an enterprise with a creditable fee.

    A correction re-prices the enterprise's tiers and caps, so its affiliates' earlier
    royalties, and thus their credit left, can change too.
    """
    kind = inputs.reporting.period
    ent = {x.id: x.enterprise or x.id for x in pool.licensees}
    first: dict[str, int] = {}  # enterprise -> earliest signing year of its licensees
    for lic, s in signed.items():
        first[ent.get(lic, lic)] = min(s, first.get(ent.get(lic, lic), s))
    for name, items, when in (("amendments.csv", inputs.amendments, "filed"),
                              ("audits.csv", inputs.audits, "closed")):
        for a in items:
            y = parse_period(a.period, kind).year
            date = getattr(a, when)
            s = first.get(ent.get(a.licensee, a.licensee))  # affiliates re-priced too
            if s is not None and s <= y < date.year:
                rows = getattr(a.sales, "line", ())
                line = int(min(rows)) if len(rows) else None
                where = f"{name}:{line}" if line else name
                raise InvalidInputError(
                    f"{where}: field {when}: a correction of {y} filed in a later year "
                    f"would change the entry-fee credit left for the years after {y} "
                    f"(not supported per period), got '{date.isoformat()}'")


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

"""The entries of a period, computed from a pool.

A calendar year (``--period 2024``) is computed by the annual engines: one invoice per
licensee (:func:`poolcalc.royalties_owed`), the administrator's fee and one
distribution line per member (:func:`poolcalc.allocate`), on the accrual basis
(what was invoiced is what is split).  Quarters and halves come from the reporting
periods computation (cash basis: payments, withholding tax, corrections).

Accounts (debit minus credit is an account's balance):

======================  =============================================================
invoice                 Dr ``licensee:L``   Cr ``pool:distributable``
fee                     Dr ``pool:distributable``   Cr ``pool:fee``
distribution            Dr ``pool:distributable``   Cr ``member:M``
======================  =============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from poolcalc.allocation import allocate
from poolcalc.errors import InvalidInputError
from poolcalc.ledger._entries import CLEARING, Entry
from poolcalc.ledger._read import period_bounds
from poolcalc.model import Pool
from poolcalc.royalties import royalties_owed

__all__ = ["PeriodEntries", "period_entries"]


@attrs.frozen
class PeriodEntries:
    """The entries of one period with what produced them (scheme and its options)."""

    period: str
    currency: str
    minor_units: int
    entries: tuple[Entry, ...]
    scheme: str | None
    options: Mapping[str, Any]


def _annual(pool: Pool, year: int, scheme: str | None,
            options: Mapping[str, Any] | None) -> PeriodEntries:
    report = royalties_owed(pool, year)
    dist = allocate(pool, year=year, scheme=scheme, options=options, royalties=report)
    cur, label = pool.currency, str(year)
    out = [Entry("invoice", f"licensee:{inv.licensee}", CLEARING, int(inv.owed_cents), cur,
                 licensee=inv.licensee, document=f"INV-{label}-{inv.licensee}")
           for inv in report.invoices]
    usage = int(dist.collected_cents) - sum(e.amount_cents for e in out)
    if usage:  # content royalties collected beside the unit rows (RoyaltyReport.usage)
        raise InvalidInputError(
            f"period {label}: the ledger does not post content (usage) royalties yet "
            f"({usage} minor units beside the invoices); close the year without usage.csv")
    out.append(Entry("fee", CLEARING, "pool:fee", int(dist.administrator_fee_cents), cur,
                     document=f"FEE-{label}"))
    out += [Entry("distribution", CLEARING, f"member:{m}", int(c), cur, member=m,
                  document=f"DIST-{label}-{m}") for m, c in dist.amounts.items()]
    return PeriodEntries(label, cur, pool.minor_units, tuple(out), dist.scheme,
                         dict(dist.options))


def period_entries(pool: Pool, period: str, *, scheme: str | None = None,
                   options: Mapping[str, Any] | None = None) -> PeriodEntries:
    """Compute the entries of ``period`` from ``pool``.

    Parameters
    ----------
    pool : Pool
    period : str
        ``YYYY`` (the annual engines), ``YYYYQn`` or ``YYYYHn`` (reporting periods).
    scheme : str, optional
        Allocation scheme (default the pool's).
    options : mapping, optional
        Scheme options.

    Returns
    -------
    PeriodEntries
    """
    start, end = period_bounds(period)
    if start.month == 1 and end.month == 12:
        return _annual(pool, start.year, scheme, options)
    raise InvalidInputError(
        f"--period {period}: quarters and halves need the reporting-periods computation, "
        "which is not part of this build; close the calendar year (--period YYYY)")

"""Back royalties: royalties on sales made before a licensee signed, with interest.

Access Advance asks a new licensee to report past sales and pay royalties on them
"to promote a level playing field"; DVD6C counts unpaid back royalties against good
standing, and an arbitration award charged interest of 2 % per month until paid.

References
----------
Access Advance, HEVC Advance FAQ (past sales reported and paid on signing),
accessadvance.com/faq/.  DVD6C Licensing Agency, news 058 (good standing includes back
royalties), dvd6cla.com/news/058.html.  DVD and Beyond, report 1682 (arbitration
award: unpaid royalties plus interest of 2 % per month), dvd-and-beyond.com.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.royalties._apportion import round_half_up
from poolcalc.royalties._owed import royalties_owed

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Pool
    from poolcalc.royalties._result import RoyaltyReport

__all__ = ["BackRoyalties", "BackRoyalty", "back_royalties"]


@attrs.frozen
class BackRoyalty:
    """One licensee's royalty for one pre-signature year, with interest.

    Attributes
    ----------
    licensee : str
    year : int
    owed_cents : int
        The year's invoice (:func:`royalties_owed` for that year) [minor units].
    due : datetime.date
        Date the year's royalty fell due (1 January of the next year plus the grace).
    months : int
        Complete calendar months from ``due`` to the settlement date.
    interest_cents : int
        ``round(owed_cents * monthly_interest * months)`` (simple interest, half up).
    """

    licensee: str
    year: int
    owed_cents: int
    due: dt.date
    months: int
    interest_cents: int

    @property
    def total_cents(self) -> int:
        """Royalty plus interest [minor units]."""
        return self.owed_cents + self.interest_cents


@attrs.frozen
class BackRoyalties:
    """Back royalties of a pool's licensees at a settlement date.

    Attributes
    ----------
    currency : str
    minor_units : int
    settle : datetime.date
    monthly_interest : float
    items : tuple of BackRoyalty
        Sorted by licensee id then year; years owing nothing are left out.
    notes : tuple of str
        Licensees left out (no signature date) and similar remarks.
    """

    currency: str
    minor_units: int
    settle: dt.date
    monthly_interest: float
    items: tuple[BackRoyalty, ...]
    notes: tuple[str, ...] = ()

    @property
    def owed_cents(self) -> int:
        """Sum of the back royalties [minor units]."""
        return sum(i.owed_cents for i in self.items)

    @property
    def interest_cents(self) -> int:
        """Sum of the interest [minor units]."""
        return sum(i.interest_cents for i in self.items)

    @property
    def total_cents(self) -> int:
        """Back royalties plus interest [minor units]."""
        return self.owed_cents + self.interest_cents

    def for_licensee(self, licensee: str) -> tuple[BackRoyalty, ...]:
        """Return the items of one licensee."""
        return tuple(i for i in self.items if i.licensee == licensee)


def _months(start: dt.date, end: dt.date) -> int:
    """Complete calendar months from ``start`` to ``end`` (0 when ``end <= start``)."""
    m = (end.year - start.year) * 12 + (end.month - start.month) - (end.day < start.day)
    return max(m, 0)


def back_royalties(
    pool: Pool,
    *,
    settle: dt.date | str,
    monthly_interest: float = 0.0,
    grace_days: int = 0,
    licensee: str | None = None,
) -> BackRoyalties:
    """Royalties on sales of the calendar years before each licensee signed, with interest.

    Parameters
    ----------
    pool : Pool
    settle : datetime.date or str
        Settlement (payment) date; interest runs until then.
    monthly_interest : float
        Simple interest per complete month, in [0, 1) (DVD6C award: 0.02).
    grace_days : int
        Days after 1 January of the following year before a year's royalty is due.
    licensee : str, optional
        Only this licensee (default: every licensee with a signature date).

    Returns
    -------
    BackRoyalties

    Raises
    ------
    InvalidInputError
        Bad ``settle``, ``monthly_interest`` or ``grace_days``; unknown licensee; a
        requested licensee without a signature date.

    Notes
    -----
    The back period of a licensee that signed on date S is every calendar year
    Y < year(S) with sales.  Year Y's royalty is that licensee's invoice of
    :func:`royalties_owed` for Y (tiers, allowances and caps per enterprise, so
    affiliates are counted together as in any other year), due on
    ``D_Y = 1 Jan (Y+1) + grace_days``; interest is simple:
    ``I_Y = round(owed_Y * r * m_Y)`` with m_Y the complete months from D_Y to the
    settlement date.

    References
    ----------
    Access Advance, HEVC Advance FAQ ("past sales" reported and paid on signing),
    accessadvance.com/faq/.  DVD6C Licensing Agency, news 058 (good standing includes
    back royalties), dvd6cla.com/news/058.html.

    Examples
    --------
    >>> import poolcalc
    >>> back = back_royalties(poolcalc.load_example(), settle="2024-03-31")
    >>> back.total_cents >= 0
    True
    """
    if isinstance(settle, str):
        try:
            settle = dt.date.fromisoformat(settle)
        except ValueError:
            raise InvalidInputError(
                f"settle must be an ISO date YYYY-MM-DD, got {settle!r}"
            ) from None
    if not isinstance(settle, dt.date):
        raise InvalidInputError(f"settle must be a date, got {settle!r}")
    rate = float(monthly_interest)
    if not 0.0 <= rate < 1.0:
        raise InvalidInputError(f"monthly_interest must be in [0, 1), got {monthly_interest!r}")
    if isinstance(grace_days, bool) or not isinstance(grace_days, int) or grace_days < 0:
        raise InvalidInputError(f"grace_days must be a non-negative integer, got {grace_days!r}")
    if licensee is not None:
        chosen = [pool.licensee(licensee)]
        if chosen[0].signed is None:
            raise InvalidInputError(f"licensee {licensee!r} has no signature date: no back period")
    else:
        chosen = sorted(pool.licensees, key=lambda x: x.id)
    years = pool.years()
    reports: dict[int, RoyaltyReport] = {}
    items, notes = [], []
    unsigned = [x.id for x in chosen if x.signed is None]
    if unsigned:
        notes.append(f"{len(unsigned)} licensees without a signature date have no back period")
    for lic in chosen:
        if lic.signed is None:
            continue
        for y in years:
            if y >= lic.signed.year:
                break
            if y not in reports:
                reports[y] = royalties_owed(pool, y)
            owed = reports[y].invoice(lic.id).owed_cents
            if owed == 0:
                continue
            due = dt.date(y + 1, 1, 1) + dt.timedelta(days=grace_days)
            months = _months(due, settle)
            interest = int(round_half_up(owed * rate * months))
            items.append(BackRoyalty(lic.id, y, owed, due, months, interest))
    return BackRoyalties(
        currency=pool.currency,
        minor_units=pool.minor_units,
        settle=settle,
        monthly_interest=rate,
        items=tuple(items),
        notes=tuple(notes),
    )

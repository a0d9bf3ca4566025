"""Entry fees invoiced on signing, part creditable against later royalties (issue 12 item 8a).

The Philips / Sony / Pioneer ("DVD 3C") licences of 1999 charged a DVD player or disc
licensee "an initial fee of $10,000, of which $5,000 is creditable vs. running
royalties" (Computer Data Storage Newsletter, August 1999, storagenewsletter.com/2022/
07/06/history-1999-lots-of-confusion-on-dvd-patents/; "the licensing fee for the DVD
player will be US$10,000.  Of the amount, however, US$5,000 will be a royalty",
asiabiztech.com, 25 February 1999).

Model: ``Schedule.entry_fee`` F [currency] is invoiced to a licensee in the calendar
year of its signature (licensees.csv ``signed``); the creditable part
``Schedule.entry_fee_creditable`` C <= F is offset against that licensee's royalties
of the following years until used: in year Y > signing year,

    credit_Y = min(O_Y, C - sum_{signing year < y < Y} credit_y),

where O_Y >= 0 is the licensee's royalty owed in Y, so what it pays, O_Y - credit_Y,
is never below 0.  A licensee without a signature date is invoiced no fee.
"""

from __future__ import annotations

from typing import Any

from poolcalc.errors import InvalidInputError

__all__ = ["check_entry_fee"]


def check_entry_fee(schedule: Any) -> None:
    """Refuse a creditable part larger than the fee.

    Raises
    ------
    InvalidInputError
        ``entry_fee_creditable > entry_fee``.
    """
    if schedule.entry_fee_creditable > schedule.entry_fee:
        raise InvalidInputError(
            f"entry_fee_creditable ({schedule.entry_fee_creditable:g}) must not exceed "
            f"entry_fee ({schedule.entry_fee:g}): only part of the fee is creditable")

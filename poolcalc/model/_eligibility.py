"""Eligibility conditions: terms that apply only to some licensees.

Real pools limit reduced rates, caps and discounts to some licensees, often from a
licensee-specific date:

- DVD6C, 2016: players US$2.00 -> US$1.75 "for licensees in good standing"; "only
  those licensees who enter into a revised agreement will be eligible for the
  reduced royalty rates" (offer letter, 29 November 2016,
  dvd6cla.com/offer/004_existing.html);
- Philips DVD (3C), 2002: an alternative US$3.50 per player for licensees "in full
  compliance" under the Compliance Reward Program, "retroactively with effect from
  July 1, 2002" (cdrinfo.com/d7/content/philips-announces-new-dvd-video-player-
  royalty-rates);
- MPEG-2, 2010: US$2.00 "from the later of January 1, 2010 or the execution date of
  the new License" (MPEG LA, 6 July 2009, digitaltvnews.net/?p=9369);
- Avanci 5G vehicle, 2023: US$32 per vehicle, US$29 for licensees that sign before
  the later of 16 February 2024 or the first sale of a 5G vehicle (FOSS Patents,
  fosspatents.com/2023/08/avanci-announces-5g-patent-pool-with-58.html);
- HEVC Advance, December 2015: licensees signing after the first 12 months pay
  standard rates and get no caps (Rethink Technology Research, rethinkresearch.biz,
  7 January 2016).

A :class:`Deadline` is "the later of" fixed dates and the licensee's first sale of
some products; an :class:`Eligibility` is a conjunction of conditions on one
licensee (good standing, signed by / before a deadline, signed a named agreement).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from poolcalc._args import checked_fields
from poolcalc.errors import InvalidInputError
from poolcalc.model._validators import check_id, to_bool, to_date

__all__ = ["Deadline", "Eligibility", "NEVER"]

#: A deadline that has not passed (a product of ``first_sale_of`` not sold yet).
NEVER = dt.date.max


def _dates(value: Any) -> tuple[dt.date, ...]:
    if isinstance(value, dt.date | str):
        value = [value]
    out = tuple(to_date(v, "deadline date") for v in value)
    return out


def _names(value: Any, field: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(check_id(v, field) for v in value)


@attrs.frozen(field_transformer=checked_fields)
class Deadline:
    """A date written as "the later of" fixed dates and first sales.

    Attributes
    ----------
    later_of : tuple of datetime.date
        Fixed dates (the deadline is at least the latest of them).
    first_sale_of : tuple of str
        Products: the licensee's first sale (earliest sales row, any year) of each
        also counts; a product it has not sold yet makes the deadline :data:`NEVER`
        (not passed).  Avanci 5G: "before the later of 16 February 2024 or the first
        sale of a 5G vehicle" is ``Deadline(["2024-02-16"], ["vehicle_5g"])``.

    Examples
    --------
    >>> d = Deadline(["2024-02-16"], ["vehicle_5g"])
    >>> d.resolve({"vehicle_5g": dt.date(2024, 5, 1)})
    datetime.date(2024, 5, 1)
    >>> d.resolve({}) == NEVER
    True
    """

    later_of: tuple[dt.date, ...] = attrs.field(converter=_dates)
    first_sale_of: tuple[str, ...] = attrs.field(
        default=(), converter=lambda v: _names(v, "first_sale_of product")
    )

    def __attrs_post_init__(self) -> None:
        if not self.later_of and not self.first_sale_of:
            raise InvalidInputError("a deadline needs at least one date or first_sale_of product")

    def resolve(self, first_sales: Mapping[str, dt.date]) -> dt.date:
        """Return the deadline of a licensee with these first sales (product -> date)."""
        dates = list(self.later_of)
        for p in self.first_sale_of:
            if p not in first_sales:
                return NEVER
            dates.append(first_sales[p])
        return max(dates)

    @classmethod
    def of(cls, value: Any, field: str = "deadline") -> Deadline | None:
        """Build from a date, ``"YYYY-MM-DD"``, a Deadline or ``{later_of, first_sale_of}``."""
        if value is None or isinstance(value, Deadline):
            return value
        if isinstance(value, Mapping):
            unknown = set(value) - {"later_of", "first_sale_of"}
            if unknown:
                raise InvalidInputError(
                    f"{field}: unknown key {sorted(unknown)[0]!r} "
                    "(allowed: later_of, first_sale_of)"
                )
            return cls(value.get("later_of", ()), value.get("first_sale_of", ()))
        if isinstance(value, dt.date | str):
            return cls([value])
        raise InvalidInputError(
            f"{field} must be a date or a table {{ later_of = [...], first_sale_of = [...] }}, "
            f"got {value!r}"
        )


def _deadline(field: str) -> Any:
    return lambda v: Deadline.of(v, field)


@attrs.frozen
class Eligibility:
    """Who a term applies to: every condition set must hold for the licensee.

    Attributes
    ----------
    good_standing : bool
        Require ``Licensee.good_standing`` (DVD6C 2016; Philips DVD "full compliance").
    signed_by : Deadline or None
        Require the licence signed on or before the deadline (DVD6C DVD-R: "on or
        before 31 May 2006").
    signed_before : Deadline or None
        Require the licence signed strictly before the deadline (Avanci 5G).
    signed_after : Deadline or None
        Require the licence signed strictly after the deadline (the licensees an
        early-signing offer leaves out: DVD6C DVD-R 2006, those signing after 31 May
        2006 keep the standard rates for past sales).
    agreement : str or None
        Require the licensee to have signed this named agreement
        (``Licensee.agreements``; DVD6C 2016: the revised agreement).

    A licensee without a signature date meets no ``signed_*`` condition.
    """

    good_standing: bool = attrs.field(
        default=False, converter=lambda v: to_bool(v, "good_standing")
    )
    signed_by: Deadline | None = attrs.field(default=None, converter=_deadline("signed_by"))
    signed_before: Deadline | None = attrs.field(
        default=None, converter=_deadline("signed_before")
    )
    signed_after: Deadline | None = attrs.field(default=None, converter=_deadline("signed_after"))
    agreement: str | None = attrs.field(
        default=None, converter=lambda v: None if v is None else check_id(v, "agreement")
    )

    def products(self) -> tuple[str, ...]:
        """Products whose first sale dates the conditions need."""
        out: list[str] = []
        for d in (self.signed_by, self.signed_before, self.signed_after):
            if d is not None:
                out += [p for p in d.first_sale_of if p not in out]
        return tuple(out)

    def holds(
        self,
        *,
        good_standing: bool,
        signed: dt.date | None,
        agreements: Iterable[str] = (),
        first_sales: Mapping[str, dt.date] | None = None,
    ) -> bool:
        """Tell whether a licensee with these attributes meets every condition.

        Examples
        --------
        >>> e = Eligibility(good_standing=True, agreement="dvd6c-2016")
        >>> e.holds(good_standing=True, signed=None, agreements={"dvd6c-2016"})
        True
        >>> e.holds(good_standing=True, signed=None)
        False
        """
        first = first_sales or {}
        if self.good_standing and not good_standing:
            return False
        if self.agreement is not None and self.agreement not in set(agreements):
            return False
        if self.signed_by is not None and (
            signed is None or signed > self.signed_by.resolve(first)
        ):
            return False
        if self.signed_before is not None and (
            signed is None or signed >= self.signed_before.resolve(first)
        ):
            return False
        if self.signed_after is not None and (
            signed is None or signed <= self.signed_after.resolve(first)
        ):
            return False
        return True

    @classmethod
    def of(cls, value: Any, field: str = "eligible") -> Eligibility | None:
        """Build from None, an Eligibility or a table of its keys."""
        if value is None or isinstance(value, Eligibility):
            return value
        if not isinstance(value, Mapping):
            raise InvalidInputError(
                f"{field} must be a table like {{ good_standing = true, signed_by = 2006-05-31 }}, "
                f"got {value!r}"
            )
        allowed = ("good_standing", "signed_by", "signed_before", "signed_after", "agreement")
        unknown = set(value) - set(allowed)
        if unknown:
            raise InvalidInputError(
                f"{field}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(allowed)})"
            )
        return cls(**dict(value))


def eligibility(field: str) -> Any:
    """Return the attrs converter of an optional eligibility field."""
    return lambda v: Eligibility.of(v, field)

"""National patents and pool members."""

from __future__ import annotations

import datetime as dt
from functools import partial

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import PatentStatus
from poolcalc.model._validators import (
    check_country,
    check_finite,
    check_id,
    choice,
    to_date,
    to_optional_date,
)

__all__ = ["Member", "Patent"]


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


@attrs.frozen
class Patent:
    """One national patent (a patent number is national).

    In force in ``country`` on date d when ``granted <= d < expires`` and the status is
    not ``invalid`` (an unknown grant date counts as granted since the beginning).

    Attributes
    ----------
    id : str
        Patent number, unique in the pool.
    owner : str
        Member id of the licensor.
    country : str
        ISO 3166-1 alpha-2 code of the granting state.
    expires : datetime.date
        First day the patent is no longer in force.
    status : PatentStatus
        ``essential`` (evaluated essential: pooled), ``declared``, ``non_essential``,
        ``invalid``.
    family : str
        Patent family (e.g. INPADOC); defaults to the patent id.
    granted, disclosed : datetime.date or None
        Grant date; date disclosed to the standards body (disclosure-order splits).
    feature, alternative : str or None
        Part of the standard the patent reads on and which option of that part; two
        pooled patents on one feature but different alternatives are substitutes.
    evaluator : str or None
        Who evaluated essentiality.
    weight : float
        Value weight (>= 0) for value-weighted splits; 1 by default.
    """

    id: str = attrs.field(converter=partial(check_id, field="patent"))
    owner: str = attrs.field(converter=partial(check_id, field="owner"))
    country: str = attrs.field(converter=partial(check_country, field="country"))
    expires: dt.date = attrs.field(converter=partial(to_date, field="expires"))
    status: PatentStatus = attrs.field(
        default=PatentStatus.ESSENTIAL,
        converter=lambda v: choice(v, PatentStatus, "status"),
    )
    family: str = attrs.field(default=None, converter=_opt_str)
    granted: dt.date | None = attrs.field(
        default=None, converter=partial(to_optional_date, field="granted")
    )
    disclosed: dt.date | None = attrs.field(
        default=None, converter=partial(to_optional_date, field="disclosed")
    )
    feature: str | None = attrs.field(default=None, converter=_opt_str)
    alternative: str | None = attrs.field(default=None, converter=_opt_str)
    evaluator: str | None = attrs.field(default=None, converter=_opt_str)
    weight: float = attrs.field(
        default=1.0,
        converter=lambda v: check_finite(1.0 if v in (None, "") else v, "weight", low=0.0),
    )

    def __attrs_post_init__(self) -> None:
        if self.family is None:
            object.__setattr__(self, "family", self.id)
        if self.granted is not None and self.granted >= self.expires:
            raise InvalidInputError(
                f"patent {self.id}: granted ({self.granted}) must be before expires "
                f"({self.expires})"
            )

    @property
    def pooled(self) -> bool:
        """True when the patent is evaluated essential (only those are pooled)."""
        return self.status is PatentStatus.ESSENTIAL

    def in_force(self, on: dt.date) -> bool:
        """Tell whether the patent is in force on date ``on`` (status not invalid)."""
        if self.status is PatentStatus.INVALID:
            return False
        return (self.granted is None or self.granted <= on) and on < self.expires


@attrs.frozen
class Member:
    """A licensor: a holder of pooled patents that receives a share of royalties.

    Attributes
    ----------
    id, name : str
    joined : datetime.date or None
        Date the member joined the pool.
    """

    id: str = attrs.field(converter=partial(check_id, field="member id"))
    name: str = attrs.field(default="", converter=lambda v: "" if v is None else str(v))
    joined: dt.date | None = attrs.field(
        default=None, converter=partial(to_optional_date, field="joined")
    )

    def __attrs_post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.id)

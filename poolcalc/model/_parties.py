"""Licensees and their sales reports."""

from __future__ import annotations

import datetime as dt
import math
from functools import partial

import attrs

from poolcalc.model._enums import ChainLevel
from poolcalc.model._validators import (
    check_country,
    check_finite,
    check_id,
    check_units,
    choice,
    to_bool,
    to_date,
    to_optional_date,
)

__all__ = ["Licensee", "SalesRecord"]


def _opt_chain_level(value: object) -> ChainLevel | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return choice(value.strip() if isinstance(value, str) else value, ChainLevel, "chain_level")


def _opt_id(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _opt_text(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _agreements(value: object) -> frozenset[str]:
    """``"a;b"`` (licensees.csv), an iterable of names, or None/"" for none."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [x for x in value.split(";") if x.strip()]
    return frozenset(check_id(str(x).strip(), "agreements") for x in value)  # type: ignore[union-attr]


def _opt_country(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_country(value, "country")


@attrs.frozen
class Licensee:
    """A party licensed under the pool licence.

    Attributes
    ----------
    id, name : str
    enterprise : str
        Affiliated group (company plus >50%-owned subsidiaries) whose volumes, free
        allowance and caps are counted together; defaults to the licensee itself.
    member : str or None
        Member id when the licensee is also a licensor (it pays like every licensee;
        netting is done on the allocation side).
    signed : datetime.date or None
        Date the licence was signed (early-signing discounts).
    good_standing : bool
        No overdue or incorrect reports or payments (good-standing discounts).
    chain_level : ChainLevel or None
        Where the licensee sits on the standard's industry chain (``technology``,
        ``equipment``, ``terminal``, ``operator``, ``service``; seed paper section
        3.1(2)); selects its chain-level discount
        (:attr:`Discounts.chain_level <poolcalc.model.Discounts.chain_level>`).
    address : str or None
        Postal address printed on its invoices.
    country : str or None
        ISO 3166-1 alpha-2 code of its seat (invoices).
    email : str or None
        Where its invoices go.
    agreements : frozenset of str
        Named agreements or amendments the licensee has signed besides the licence
        (DVD6C 2016: only licensees "who enter into a revised agreement" get the
        reduced rates); selects terms with ``Eligibility(agreement=...)``.
    """

    id: str = attrs.field(converter=partial(check_id, field="licensee"))
    name: str = attrs.field(default="", converter=lambda v: "" if v is None else str(v))
    enterprise: str = attrs.field(default=None, converter=_opt_id)
    member: str | None = attrs.field(default=None, converter=_opt_id)
    signed: dt.date | None = attrs.field(
        default=None, converter=partial(to_optional_date, field="signed")
    )
    good_standing: bool = attrs.field(
        default=True,
        converter=lambda v: True if v in (None, "") else to_bool(v, "good_standing"),
    )
    chain_level: ChainLevel | None = attrs.field(default=None, converter=_opt_chain_level)
    address: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    country: str | None = attrs.field(default=None, converter=_opt_country, kw_only=True)
    email: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    agreements: frozenset[str] = attrs.field(factory=frozenset, converter=lambda v: _agreements(v),
                                             kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.enterprise is None:
            object.__setattr__(self, "enterprise", self.id)
        if not self.name:
            object.__setattr__(self, "name", self.id)


def _opt_price(value: object) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return check_finite(value, "net_price", low=0.0)


@attrs.frozen
class SalesRecord:
    """One row of a licensee's report: units of a product sold on a date.

    Attributes
    ----------
    licensee : str
    date : datetime.date
        Date of sale (or of manufacture when nothing else is known).
    product : str
        Product (category) name; selects the schedule.
    country_of_sale, country_of_manufacture : str
        ISO 3166-1 alpha-2 codes.
    units : int
        Non-negative whole units.
    net_price : float or None
        Net selling price per unit [currency], needed for price-based schedules.
    """

    licensee: str = attrs.field(converter=partial(check_id, field="licensee"))
    date: dt.date = attrs.field(converter=partial(to_date, field="date"))
    product: str = attrs.field(converter=partial(check_id, field="product"))
    country_of_sale: str = attrs.field(converter=partial(check_country, field="country_of_sale"))
    country_of_manufacture: str = attrs.field(
        converter=partial(check_country, field="country_of_manufacture")
    )
    units: int = attrs.field(converter=partial(check_units, field="units"))
    net_price: float | None = attrs.field(default=None, converter=_opt_price)

    @property
    def has_price(self) -> bool:
        """True when a net price was reported."""
        return self.net_price is not None and not math.isnan(self.net_price)

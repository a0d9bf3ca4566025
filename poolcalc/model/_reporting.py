"""Reporting terms of a pool (``[reporting]`` in pool.toml): periods, due days, interest.

Used by :mod:`poolcalc.periods` (administration over reporting periods).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Literal

import attrs

from poolcalc.errors import InvalidInputError

__all__ = ["PERIOD_KINDS", "ReportingTerms"]

#: Reporting period kinds and the number of periods in a year.
PERIOD_KINDS: Mapping[str, int] = MappingProxyType({"quarter": 4, "half": 2, "year": 1})


def _rates(value: Mapping[str, float] | None) -> Mapping[str, float]:
    out = {}
    for k, v in dict(value or {}).items():
        r = float(v)
        if not 0.0 <= r < 1.0:
            raise InvalidInputError(f"reporting.withholding.{k}: rate must be in [0, 1), got {v}")
        out[str(k)] = r
    return MappingProxyType(out)


def _amount(value: object) -> Decimal:
    """Return an amount in the pool's currency (decimal string or number, finite, >= 0)."""
    text = repr(value) if isinstance(value, float) else str(value)
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        amount = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise InvalidInputError(
            f"fx_write_off must be a decimal amount >= 0 (pool currency), "
            f"got {value!r}")
    return amount


@attrs.frozen
class ReportingTerms:
    """The ``[reporting]`` table of pool.toml.

    Attributes
    ----------
    period : {"quarter", "half", "year"}
        Reporting period (default quarterly).
    report_due_days : int
        Days after the period's last day by which the licensee reports (and the
        invoice is issued) [days].
    payment_due_days : int
        Days after the period's last day by which the invoice is due [days].
    interest_rate : float
        Late-payment interest, simple, per year (actual/365) on the amount paid late
        from the day after the due date to the payment date [fraction per year].
    reserve : float
        Fraction of each period's receipts held back for disputes [0, 1).
    withholding : mapping of str to float
        Withholding-tax rate per country (ISO code) used when a payment names a
        certificate and country but no withheld amount [fraction of the gross].
    underpayment_threshold : float or None
        Audit rule: an underpayment above this fraction of what was reported removes
        good standing for the audited period (DVD6C: 0.03); None = no such rule.
    netting : bool
        Settle a member-licensee's open invoice of each period by offset against the
        member's share of that period's distribution (no cash moves for the offset;
        :mod:`poolcalc.periods._netting`).  Default False: netting is only reported.
    fx_write_off : decimal.Decimal
        Tolerance of conversion differences [pool currency]: a payment in another
        currency that leaves the invoice it names open by ``0 < o <= fx_write_off``
        (``o`` in minor units, :meth:`write_off_cents`) has ``o`` written off
        (:mod:`poolcalc.periods._book`).  Default 0: never.
    """

    period: Literal["quarter", "half", "year"] = "quarter"
    report_due_days: int = 30
    payment_due_days: int = 45
    interest_rate: float = 0.0
    reserve: float = 0.0
    withholding: Mapping[str, float] = attrs.field(factory=dict, converter=_rates)
    underpayment_threshold: float | None = None
    netting: bool = False
    fx_write_off: Decimal = attrs.field(default=Decimal(0), converter=_amount)

    def write_off_cents(self, minor_units: int) -> int:
        """Return :attr:`fx_write_off` in minor units, rounded down.

        ``floor(fx_write_off * 10**minor_units)``: ``"5.00"`` is 500 cents, ``"0.005"``
        is 0 (a tolerance below one cent writes nothing off).
        """
        return int((self.fx_write_off * 10 ** minor_units).to_integral_value(rounding=ROUND_FLOOR))

    def __attrs_post_init__(self) -> None:
        if self.period not in PERIOD_KINDS:
            raise InvalidInputError(
                f"reporting.period must be one of {', '.join(PERIOD_KINDS)}, got {self.period!r}"
            )
        for name in ("report_due_days", "payment_due_days"):
            if int(getattr(self, name)) < 0:
                raise InvalidInputError(f"reporting.{name} must be >= 0, got {getattr(self, name)}")
        if not 0.0 <= self.interest_rate < 1.0:
            raise InvalidInputError(
                f"reporting.interest_rate must be in [0, 1), got {self.interest_rate}"
            )
        if not 0.0 <= self.reserve < 1.0:
            raise InvalidInputError(f"reporting.reserve must be in [0, 1), got {self.reserve}")

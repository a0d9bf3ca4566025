"""The pool's administrator and its disclosure policy.

pool.toml ``[administrator]`` and ``[administration]``.
Neither enters a computation: they are what the documents an administrator sends
(:mod:`poolcalc.documents`) print and how they protect licensees' figures.
"""

from __future__ import annotations

import attrs

from poolcalc.errors import InvalidInputError

__all__ = ["AdministrationPolicy", "Administrator"]


def _opt_text(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(f"invoice_due_days must be an integer >= 0, got {value!r}")
    return value


def _cell(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"min_licensees_per_cell must be an integer >= 1, got {value!r}")
    return value


@attrs.frozen
class Administrator:
    """Who sends the invoices and statements (``[administrator]`` in pool.toml).

    Attributes
    ----------
    name : str or None
        Legal name printed on every document; None = the pool's name.
    address : str or None
        Postal address (newlines kept).
    email : str or None
    tax_id : str or None
        VAT / tax registration number printed on invoices.
    payment_instructions : str or None
        Free text printed at the foot of every invoice (bank, reference to quote).
    invoice_prefix : str
        Start of every invoice number (``INV-2024-L001``).
    invoice_due_days : int
        Days from the invoice date to its due date (default 30).
    """

    name: str | None = attrs.field(default=None, converter=_opt_text)
    address: str | None = attrs.field(default=None, converter=_opt_text)
    email: str | None = attrs.field(default=None, converter=_opt_text)
    tax_id: str | None = attrs.field(default=None, converter=_opt_text)
    payment_instructions: str | None = attrs.field(default=None, converter=_opt_text)
    invoice_prefix: str = attrs.field(default="INV", converter=str)
    invoice_due_days: int = attrs.field(default=30, converter=_days)


@attrs.frozen
class AdministrationPolicy:
    """How the administrator keeps licensees' figures from licensors (``[administration]``).

    Attributes
    ----------
    min_licensees_per_cell : int
        A licensor statement shows a country's royalty only when it comes from at
        least this many licensees; smaller countries are merged into "other
        countries" (default 3).

    References
    ----------
    US DOJ business review letters on the MPEG-2 pool (26 June 1997,
    justice.gov/atr/public/busreview/215742.htm) and the DVD 3C and 6C pools (16
    December 1998, .../2121.htm; 10 June 1999, .../2485.htm): no exchange of
    licensees' competitively sensitive data through the administrator.
    """

    min_licensees_per_cell: int = attrs.field(default=3, converter=_cell)

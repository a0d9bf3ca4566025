"""Input records and the calendar of administration over periods.

A pool is administered in reporting periods (``[reporting] period = "quarter" |
"half" | "year"`` in pool.toml): licensees report the sales of a period, are
invoiced after it and pay (late, partly, net of tax withheld at source).  This
module holds what :func:`poolcalc.periods.period` reads besides the pool:

- :class:`Period` -- one reporting period (``2024Q3``, ``2024H2``, ``2024``) with
  its first and last day;
- :class:`ReportingTerms` -- the ``[reporting]`` table (period kind, days to report
  and to pay, late-payment interest, reserve, withholding rates per country);
- :class:`PaymentRecord` (one line of ``payments.csv``), :class:`Amendment` (an
  amended report), :class:`AuditFinding`, :class:`MetricAmendment` (an amended
  metric report), :class:`FxRate` (one line of ``fx.csv``) and :class:`SourceFile`
  (file name + sha256 of its bytes, for the journal);
- :class:`PeriodInputs` -- all of them together (read by
  :func:`poolcalc.io.read_period_inputs`).

Money is integer minor units of the currency it is stated in; dates are
:class:`datetime.date`.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from poolcalc._args import checked_fields
from poolcalc.errors import InvalidInputError
from poolcalc.model._reporting import PERIOD_KINDS, ReportingTerms

__all__ = [
    "PERIOD_KINDS",
    "Amendment",
    "AuditFinding",
    "FxRate",
    "PaymentRecord",
    "Period",
    "PeriodInputs",
    "ReportingTerms",
    "SourceFile",
    "parse_period",
    "periods_of_year",
]

_LETTER = {"quarter": "Q", "half": "H", "year": ""}
_RE = re.compile(r"^(\d{4})(?:([QH])(\d))?$")


@attrs.frozen(order=True, field_transformer=checked_fields)
class Period:
    """One reporting period.

    Attributes
    ----------
    year : int
    index : int
        1-based position in the year (1..4 for quarters, 1..2 halves, 1 for a year).
    kind : {"quarter", "half", "year"}
    """

    year: int
    index: int
    kind: str = "quarter"

    def __attrs_post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise InvalidInputError(
                f"period kind must be one of {', '.join(PERIOD_KINDS)}, got {self.kind!r}"
            )
        if not 1 <= self.index <= PERIOD_KINDS[self.kind]:
            raise InvalidInputError(f"period index {self.index} out of range for {self.kind}")

    @property
    def label(self) -> str:
        """``2024Q3``, ``2024H2`` or ``2024``."""
        letter = _LETTER[self.kind]
        return f"{self.year}{letter}{self.index}" if letter else str(self.year)

    @property
    def months(self) -> int:
        """Length in months (3, 6 or 12)."""
        return 12 // PERIOD_KINDS[self.kind]

    @property
    def start(self) -> dt.date:
        """First day."""
        return dt.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day."""
        month = self.index * self.months
        if month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, month + 1, 1) - dt.timedelta(days=1)

    def previous(self) -> Period | None:
        """Return the period before, in the same year (None for the year's first)."""
        return None if self.index == 1 else Period(self.year, self.index - 1, self.kind)

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period."""
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def parse_period(text: str, kind: str = "quarter") -> Period:
    """Parse ``2024Q3`` / ``2024H2`` / ``2024`` for a pool that reports by ``kind``.

    Parameters
    ----------
    text : str
        Period label.
    kind : {"quarter", "half", "year"}
        The pool's reporting period (``[reporting] period``).

    Returns
    -------
    Period

    Raises
    ------
    InvalidInputError
        Malformed label, or a label of another kind than the pool's (``2024H1`` in a
        quarterly pool), naming the value.

    Examples
    --------
    >>> p = parse_period("2024Q3")
    >>> p.start.isoformat(), p.end.isoformat()
    ('2024-07-01', '2024-09-30')
    """
    m = _RE.match(str(text).strip())
    if not m:
        raise InvalidInputError(
            f"period: expected YYYYQn, YYYYHn or YYYY, got {text!r}"
        )
    year, letter, index = int(m.group(1)), m.group(2) or "", int(m.group(3) or 1)
    if letter != _LETTER.get(kind, "?"):
        want = {"quarter": "YYYYQ1..YYYYQ4", "half": "YYYYH1..YYYYH2", "year": "YYYY"}[kind]
        raise InvalidInputError(
            f"period: the pool reports by {kind} ({want}), got {text!r}"
        )
    if not 1 <= index <= PERIOD_KINDS[kind]:
        raise InvalidInputError(f"period: no {kind} {index} in a year, got {text!r}")
    return Period(year, index, kind)


def periods_of_year(year: int, kind: str) -> tuple[Period, ...]:
    """Return every period of ``year`` in order.

    Parameters
    ----------
    year : int
    kind : {"quarter", "half", "year"}

    Returns
    -------
    tuple of Period

    Examples
    --------
    >>> [p.label for p in periods_of_year(2024, "half")]
    ['2024H1', '2024H2']
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise InvalidInputError(
            f"periods_of_year: year must be an integer in 1..9999, got {year!r:.60}")
    if not isinstance(kind, str) or kind not in PERIOD_KINDS:
        kinds = ", ".join(map(repr, PERIOD_KINDS))
        raise InvalidInputError(f"periods_of_year: kind must be one of {kinds}, got {kind!r:.60}")
    return tuple(Period(year, i, kind) for i in range(1, PERIOD_KINDS[kind] + 1))


@attrs.frozen
class SourceFile:
    """An input file a result came from: its name and the sha256 of its bytes."""

    name: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.name, "sha256": self.sha256}


@attrs.frozen
class PaymentRecord:
    """One line of ``payments.csv``.

    Attributes
    ----------
    licensee : str
    date : datetime.date
        Value date of the payment.
    amount_cents : int
        Cash received, in ``currency``'s minor units, > 0.
    currency : str
        ISO 4217 code (the pool's currency unless converted via ``fx.csv``).
    invoice : str or None
        Invoice number the payment is for; None = oldest open invoice first.
    withheld_tax_cents : int or None
        Tax withheld at source [minor units of ``currency``]; None = not stated
        (then ``[reporting.withholding]`` gives it when a certificate is named).
    tax_country : str or None
    certificate : str or None
        Reference of the withholding-tax certificate.
    source : SourceFile or None
    line : int
        Line in the file (1 = header).
    """

    licensee: str
    date: dt.date
    amount_cents: int
    currency: str = "USD"
    invoice: str | None = None
    withheld_tax_cents: int | None = None
    tax_country: str | None = None
    certificate: str | None = None
    source: SourceFile | None = None
    line: int = 0

    @property
    def id(self) -> str:
        """``payments.csv:<line>`` (or ``payment:<line>`` without a source)."""
        return f"{self.source.name if self.source else 'payment'}:{self.line}"


@attrs.frozen
class Amendment:
    """An amended report: replaces a licensee's sales rows of a closed period.

    Attributes
    ----------
    licensee : str
    period : str
        Label of the period amended (``2024Q1``).
    filed : datetime.date
        Day the amended report was filed; the debit/credit note falls in the period
        containing it.
    sales : SalesTable
        The licensee's corrected rows of that period (all of them).
    source : SourceFile or None
    payers : tuple of str
        Who pays for each row of ``sales`` (its ``payer`` column; ``""``: the licensee);
        empty: the licensee pays for all of them.
    """

    licensee: str
    period: str
    filed: dt.date
    sales: object
    source: SourceFile | None = None
    payers: tuple[str, ...] = attrs.field(default=(), converter=tuple)


@attrs.frozen
class AuditFinding:
    """An audit of one licensee's period: the units it under-reported.

    Attributes
    ----------
    licensee : str
    period : str
        Period audited.
    closed : datetime.date
        Day the audit closed; the back-royalty invoice falls in that period.
    sales : SalesTable
        The rows the audit found missing (added to the period's report).
    source : SourceFile or None
    payers : tuple of str
        Who pays for each row of ``sales`` (its ``payer`` column; ``""``: the licensee);
        empty: the licensee pays for all of them.
    """

    licensee: str
    period: str
    closed: dt.date
    sales: object
    source: SourceFile | None = None
    payers: tuple[str, ...] = attrs.field(default=(), converter=tuple)


def _records(value: object) -> tuple:
    """``MetricAmendment.records`` as a tuple (a list or tuple of rows)."""
    if isinstance(value, list | tuple):
        return tuple(value)
    raise InvalidInputError(f"MetricAmendment: records must be a list of MetricRecord, "
                            f"got {value!r}")


@attrs.frozen
class MetricAmendment:
    """An amended metric report: replaces a licensee's metric of a closed half year.

    Attributes
    ----------
    licensee : str
    period : str
        Half year amended (``2025H1``, the metric's own period).
    metric : str
    filed : datetime.date
        Day filed (after the half year's end); the debit/credit note falls in the
        reporting period containing it.
    records : tuple of MetricRecord
        The corrected rows of (licensee, period, metric), every region of it: they
        replace all of metrics.csv's rows of that (licensee, period, metric).
    source : SourceFile or None
    line : int
        File line of the group's first row (0: not read from a file).
    """

    licensee: str
    period: str
    metric: str
    filed: dt.date
    records: tuple = attrs.field(converter=_records)
    source: SourceFile | None = None
    line: int = 0


@attrs.frozen
class FxRate:
    """One line of ``fx.csv``: 1 unit of ``currency`` = ``rate`` units of the pool's."""

    date: dt.date
    currency: str
    rate: float
    source: SourceFile | None = None
    line: int = 0


@attrs.frozen
class PeriodInputs:
    """Everything read besides the pool (:func:`poolcalc.io.read_period_inputs`).

    Attributes
    ----------
    reporting : ReportingTerms or None
        None: the pool's ``[reporting]`` (``pool.reporting``) or the defaults.
    payments : tuple of PaymentRecord
    amendments : tuple of Amendment
    audits : tuple of AuditFinding
    fx : tuple of FxRate
    sources : tuple of SourceFile
        Every file read (sales.csv included), for the journal.
    metric_amendments : tuple of MetricAmendment
        Amended metric reports (``metric_amendments.csv``).
    """

    reporting: ReportingTerms | None = None
    payments: tuple[PaymentRecord, ...] = attrs.field(factory=tuple, converter=tuple)
    amendments: tuple[Amendment, ...] = attrs.field(factory=tuple, converter=tuple)
    audits: tuple[AuditFinding, ...] = attrs.field(factory=tuple, converter=tuple)
    fx: tuple[FxRate, ...] = attrs.field(factory=tuple, converter=tuple)
    sources: tuple[SourceFile, ...] = attrs.field(factory=tuple, converter=tuple)
    metric_amendments: tuple[MetricAmendment, ...] = attrs.field(factory=tuple,
                                                                 converter=tuple)

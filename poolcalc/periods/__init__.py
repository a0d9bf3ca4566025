"""Administration over reporting periods: invoices, payments, withholding, distribution.

:func:`period` computes one reporting period of a pool (``"2024Q3"``) from the pool
and its administration inputs (:class:`PeriodInputs`: payments, amended reports,
audits, exchange rates, read by :func:`poolcalc.io.read_period_inputs`) and returns a
frozen :class:`PeriodResult`: the period's invoices (year-to-date royalty minus what
the year's earlier periods invoiced), the payments received and applied, the tax
withheld at source passed to licensors as credits, the cash distributed per member
and the reconciliation.  Nothing of a closed period changes when a later one is
computed: a period reads only what is dated up to its last day.
"""

from poolcalc.periods._compute import period
from poolcalc.periods._records import (
    KINDS,
    Application,
    LineItem,
    MemberShare,
    Payment,
    PeriodInvoice,
    TaxCredit,
)
from poolcalc.periods._result import (
    Balance,
    Check,
    CountryShare,
    NettingLine,
    PeriodCountries,
    PeriodDistribution,
    PeriodResult,
    Reconciliation,
)
from poolcalc.periods._types import (
    PERIOD_KINDS,
    Amendment,
    AuditFinding,
    FxRate,
    MetricAmendment,
    PaymentRecord,
    Period,
    PeriodInputs,
    ReportingTerms,
    SourceFile,
    parse_period,
    periods_of_year,
)

__all__ = [
    "KINDS",
    "PERIOD_KINDS",
    "Amendment",
    "Application",
    "AuditFinding",
    "Balance",
    "Check",
    "CountryShare",
    "FxRate",
    "LineItem",
    "MemberShare",
    "MetricAmendment",
    "NettingLine",
    "Payment",
    "PaymentRecord",
    "Period",
    "PeriodCountries",
    "PeriodDistribution",
    "PeriodInputs",
    "PeriodInvoice",
    "PeriodResult",
    "Reconciliation",
    "ReportingTerms",
    "SourceFile",
    "TaxCredit",
    "parse_period",
    "period",
    "periods_of_year",
]

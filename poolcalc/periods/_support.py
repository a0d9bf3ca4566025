"""Terms that period administration cannot invoice as given: refused, never dropped.

:func:`poolcalc.periods.period` invoices year-to-date royalties by differences
(:mod:`poolcalc.periods._views`).  Where the terms leave a period's invoice undefined,
computing one anyway would issue a silently wrong number, so :func:`check_supported`
refuses the input with one line naming the file, line, field and value:

- royalties by metric tiers (``[royalty.metric_tiers]``, Access Advance VDP) in a
  quarterly pool: they are "calculated and paid on a semi-annual basis"
  (accessadvance.com/zh/vdp-pool-royalty/), a quarter's tier is not defined.

Amended reports and audits in a pool with payers other than the licensee (Via LA
HEVC chip vendors) are invoiced: amendments.csv and audits.csv carry sales.csv's
``payer`` column, so which corrected rows a payer pays for is stated
(:mod:`poolcalc.periods._payers`).  A correction of an earlier year for a licensee
with a creditable entry fee re-applies the fee credit from the corrected year forward
and bills the difference in the current period (:mod:`poolcalc.periods._fees`).
"""

from __future__ import annotations

from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool
from poolcalc.periods._types import PeriodInputs, parse_period

__all__ = ["check_supported"]


def check_supported(pool: Pool, inputs: PeriodInputs) -> None:
    """Refuse a pool with terms the period invoices would silently leave out.

    Raises
    ------
    InvalidInputError
        ``pool.toml: [reporting] field period: ...`` for metric royalties (or
        amended metric reports) in a quarterly pool; ``metric_amendments.csv:LINE:
        field F: ...`` for an amended metric report the pool cannot price (no metric
        tiers, not a half year, filed before the half year's end).
    """
    _check_metric_amendments(pool, inputs)
    if pool.metric_terms is not None and (pool.metrics or inputs.metric_amendments) \
            and inputs.reporting.period == "quarter":
        raise InvalidInputError(
            "pool.toml: [reporting] field period: royalties by metric tiers are measured "
            "and paid semi-annually (Access Advance VDP), a quarter's tier is not defined; "
            "use \"half\" or \"year\", got 'quarter'")


def _check_metric_amendments(pool: Pool, inputs: PeriodInputs) -> None:
    """Refuse amended metric reports that would be left out (given through the API)."""
    for a in inputs.metric_amendments:
        where = f"{a.source.name if a.source else 'metric_amendments.csv'}:{a.line}"
        if pool.metric_terms is None:
            raise InvalidInputError(
                f"{where}: field metric: the pool has no [royalty.metric_tiers] to price a "
                f"metric report, got {a.metric!r}")
        try:
            half = parse_period(a.period, "half")
        except InvalidInputError:
            raise InvalidInputError(
                f"{where}: field period: expected a half year like 2025H1 or 2025H2, "
                f"got {a.period!r}") from None
        if a.filed <= half.end:
            raise InvalidInputError(
                f"{where}: field filed: must be after the end of {half.label} ({half.end}), "
                f"got '{a.filed.isoformat()}'")

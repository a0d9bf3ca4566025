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
from poolcalc.periods._types import PeriodInputs

__all__ = ["check_supported"]


def check_supported(pool: Pool, inputs: PeriodInputs) -> None:
    """Refuse a pool with terms the period invoices would silently leave out.

    Raises
    ------
    InvalidInputError
        ``pool.toml: [reporting] field period: ...`` for metric royalties in a
        quarterly pool.
    """
    if pool.metric_terms is not None and pool.metrics and inputs.reporting.period == "quarter":
        raise InvalidInputError(
            "pool.toml: [reporting] field period: royalties by metric tiers are measured "
            "and paid semi-annually (Access Advance VDP), a quarter's tier is not defined; "
            "use \"half\" or \"year\", got 'quarter'")

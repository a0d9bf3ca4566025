"""Terms that period administration cannot invoice as given: refused, never dropped.

:func:`poolcalc.periods.period` invoices year-to-date royalties by differences
(:mod:`poolcalc.periods._views`).  Where the terms leave a period's invoice undefined,
computing one anyway would issue a silently wrong number, so :func:`check_supported`
refuses the input with one line naming the file, line, field and value:

- amended reports and audits in a pool with sales rows paid by a party other than
  the licensee (sales.csv ``payer``; Via LA HEVC chip vendors,
  via-la.com/licensing-2/hevc/hevc-license-fees/): which corrected rows the payer
  pays for is not stated anywhere;
- royalties by metric tiers (``[royalty.metric_tiers]``, Access Advance VDP) in a
  quarterly pool: they are "calculated and paid on a semi-annual basis"
  (accessadvance.com/zh/vdp-pool-royalty/), a quarter's tier is not defined.
"""

from __future__ import annotations

from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool
from poolcalc.periods._payers import other_payers
from poolcalc.periods._types import PeriodInputs

__all__ = ["check_supported"]


def check_supported(pool: Pool, inputs: PeriodInputs) -> None:
    """Refuse a pool with terms the period invoices would silently leave out.

    Raises
    ------
    InvalidInputError
        ``pool.toml: [reporting] field period: ...`` for metric royalties in a
        quarterly pool; ``amendments.csv:LINE: field licensee: ...`` (or audits.csv)
        for a correction in a pool with payers.
    """
    if pool.metric_terms is not None and pool.metrics and inputs.reporting.period == "quarter":
        raise InvalidInputError(
            "pool.toml: [reporting] field period: royalties by metric tiers are measured "
            "and paid semi-annually (Access Advance VDP), a quarter's tier is not defined; "
            "use \"half\" or \"year\", got 'quarter'")
    paid = other_payers(pool)
    for name, items in (("amendments.csv", inputs.amendments), ("audits.csv", inputs.audits)):
        for x in items if paid else ():
            rows = getattr(x.sales, "line", ())
            where = f"{x.source.name if x.source else name}" + (
                f":{int(min(rows))}" if len(rows) else "")
            raise InvalidInputError(
                f"{where}: field licensee: corrections in a pool with payers other than the "
                f"licensee (sales.csv payer) are not supported per period (which corrected "
                f"rows a payer pays for is not stated), got {x.licensee!r}")

"""Licence terms that period administration does not invoice yet: refused, never dropped.

:func:`poolcalc.periods.period` invoices year-to-date royalties by differences
(:mod:`poolcalc.periods._views`).  Some terms of the annual run are billed outside the
royalty rows; computing a period while ignoring them would issue a silently wrong
invoice (to the wrong party, or without an amount the annual run charges).  Until
each is invoiced per period, :func:`check_supported` refuses the pool with one line
naming the file, line, field and value:

- sales rows paid by a party other than the licensee (sales.csv ``payer``; Via LA
  HEVC: chip vendors "may pay royalties on behalf of their customer who is a
  Licensee ... subject to that Licensee's annual cap", via-la.com/licensing-2/hevc/
  hevc-license-fees/): the annual run bills the payer, a period would bill the
  licensee;
- royalties by metric tiers (``[royalty.metric_tiers]``, Access Advance VDP) in a
  quarterly pool: they are "calculated and paid on a semi-annual basis"
  (accessadvance.com/zh/vdp-pool-royalty/), a quarter's tier is not defined.
"""

from __future__ import annotations

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool

__all__ = ["check_supported"]


def check_supported(pool: Pool, kind: str) -> None:
    """Refuse a pool with terms the period invoices would silently leave out.

    Raises
    ------
    InvalidInputError
        ``sales.csv:LINE: field payer: ...`` for the first sales row paid by another
        party than its licensee; ``pool.toml: [reporting] field period: ...`` for
        metric royalties in a quarterly pool (``kind``: the pool's reporting period).
    """
    if pool.metric_terms is not None and pool.metrics and kind == "quarter":
        raise InvalidInputError(
            "pool.toml: [reporting] field period: royalties by metric tiers are measured "
            "and paid semi-annually (Access Advance VDP), a quarter's tier is not defined; "
            "use \"half\" or \"year\", got 'quarter'")
    if pool.payers:
        sales = pool.sales
        lines = np.asarray(sales.line, np.int64)
        for line, who in pool.payers.items():
            at = np.flatnonzero(lines == line)
            lic = sales.licensees[int(sales.licensee[at[0]])] if at.size else None
            if who != lic:
                raise InvalidInputError(
                    f"sales.csv:{line}: field payer: payers other than the licensee are "
                    f"not invoiced per period yet (the annual run, poolcalc royalties, "
                    f"bills them), got {who!r}")

"""poolcalc: patent-pool licensing and royalty calculation.

What licensees owe (:mod:`poolcalc.royalties`), how licensors split it
(:mod:`poolcalc.allocation`, :mod:`poolcalc.games`), what a patent is worth
(:mod:`poolcalc.pricing`), which licence terms a competition authority would
object to (:mod:`poolcalc.compliance`), how allocation schemes compare
(:mod:`poolcalc.compare`) and the alliance stage model of the seed paper
(:mod:`poolcalc.alliance`).  Pools are read and written by :mod:`poolcalc.io`
into one :class:`~poolcalc.model.Pool`: terms and parties as objects, patents and sales
as the columns of :mod:`poolcalc.tables` (fast at 10^6 rows).

Examples
--------
>>> import poolcalc
>>> pool = poolcalc.load_example()
>>> report = poolcalc.royalties_owed(pool, 2024)
>>> dist = poolcalc.allocate(pool, year=2024)
>>> dist.collected_cents == dist.administrator_fee_cents + sum(dist.amounts.values())
True
>>> cmp = poolcalc.compare_schemes(pool, ["per-country-count", "equal"], metrics=False)
>>> cmp.schemes
('per-country-count', 'equal')
"""

from poolcalc import (
    _version,
    alliance,
    allocation,
    compare,
    compliance,
    games,
    io,
    model,
    pricing,
    royalties,
    tables,
)
from poolcalc.allocation import Distribution, allocate
from poolcalc.compare import Comparison, compare_schemes
from poolcalc.compliance import check as check_terms
from poolcalc.data import example_pool_path, load_example, synthetic_pool
from poolcalc.errors import InvalidInputError, PoolcalcError, PoolcalcWarning, SolverError
from poolcalc.io import read_pool, read_terms, write_pool
from poolcalc.model import (
    AllocationConfig,
    Discounts,
    LicenseTerms,
    Licensee,
    Member,
    Patent,
    PatentStatus,
    Pool,
    ProductRate,
    RateChange,
    Region,
    SalesRecord,
    Schedule,
    Tier,
)
from poolcalc.royalties import Invoice, RoyaltyReport, royalties_owed
from poolcalc.tables import PatentTable, SalesTable

__version__ = _version.__version__  # one place for the version: poolcalc/_version.py

__all__ = [
    "AllocationConfig",
    "Comparison",
    "Discounts",
    "Distribution",
    "InvalidInputError",
    "Invoice",
    "LicenseTerms",
    "Licensee",
    "Member",
    "Patent",
    "PatentStatus",
    "PatentTable",
    "Pool",
    "PoolcalcError",
    "PoolcalcWarning",
    "ProductRate",
    "RateChange",
    "Region",
    "RoyaltyReport",
    "SalesRecord",
    "SalesTable",
    "Schedule",
    "SolverError",
    "Tier",
    "__version__",
    "alliance",
    "allocate",
    "allocation",
    "check_terms",
    "compare",
    "compare_schemes",
    "compliance",
    "example_pool_path",
    "games",
    "io",
    "load_example",
    "model",
    "pricing",
    "read_pool",
    "read_terms",
    "royalties",
    "royalties_owed",
    "synthetic_pool",
    "tables",
    "write_pool",
]

"""poolcalc: patent-pool licensing and royalty calculation.

What licensees owe (:mod:`poolcalc.royalties`), how licensors split it
(:mod:`poolcalc.allocation`, :mod:`poolcalc.games`), what a patent is worth
(:mod:`poolcalc.pricing`), which licence terms a competition authority would
object to (:mod:`poolcalc.compliance`), how allocation schemes compare
(:mod:`poolcalc.compare`; over many pools on Dask: :mod:`poolcalc.sweep`) and the
alliance stage model of the seed paper
(:mod:`poolcalc.alliance`); the invoices, licensor statements and reconciliation an
administrator sends are :mod:`poolcalc.documents`.  Pools are read and written by :mod:`poolcalc.io`
into one :class:`~poolcalc.model.Pool`: terms and parties as objects, patents and sales
as the columns of :mod:`poolcalc.tables` (fast at 10^6 rows).

Subpackages and the names below are loaded on first use (PEP 562 module
``__getattr__``), so ``import poolcalc`` costs little; ``poolcalc.allocate`` and
``from poolcalc import allocate`` import :mod:`poolcalc.allocation` then.

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

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from poolcalc import _version
from poolcalc.errors import InvalidInputError, PoolcalcError, PoolcalcWarning, SolverError

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ loads these
    from poolcalc import (
        alliance,
        allocation,
        compare,
        compliance,
        games,
        io,
        model,
        periods,
        pricing,
        royalties,
        sweep,
        tables,
    )
    from poolcalc.allocation import Distribution, allocate
    from poolcalc.compare import Comparison, compare_schemes
    from poolcalc.compliance import check as check_terms
    from poolcalc.data import example_pool_path, load_example, synthetic_pool
    from poolcalc.io import read_pool, read_terms, write_pool
    from poolcalc.model import (
        AllocationConfig,
        Discounts,
        Licensee,
        LicenseTerms,
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
    from poolcalc.periods import PeriodResult, period
    from poolcalc.royalties import Invoice, RoyaltyReport, royalties_owed
    from poolcalc.sweep import run_sweep
    from poolcalc.tables import PatentTable, SalesTable

__version__ = _version.__version__  # one place for the version: poolcalc/_version.py

#: Subpackages (and the modules a caller may reach as ``poolcalc.X``) loaded on first access.
_SUBPACKAGES = frozenset(
    {"alliance", "allocation", "compare", "compliance", "data", "documents", "games", "io",
     "ledger", "model", "periods", "pricing", "royalties", "sweep", "tables", "cli", "demo",
     "_codes", "_format", "_money", "_result"}
)
#: Public name -> (module, attribute) loaded on first access.
_LAZY: dict[str, tuple[str, str]] = {
    "Distribution": ("poolcalc.allocation", "Distribution"),
    "allocate": ("poolcalc.allocation", "allocate"),
    "Comparison": ("poolcalc.compare", "Comparison"),
    "compare_schemes": ("poolcalc.compare", "compare_schemes"),
    "check_terms": ("poolcalc.compliance", "check"),
    "example_pool_path": ("poolcalc.data", "example_pool_path"),
    "load_example": ("poolcalc.data", "load_example"),
    "synthetic_pool": ("poolcalc.data", "synthetic_pool"),
    "read_pool": ("poolcalc.io", "read_pool"),
    "read_terms": ("poolcalc.io", "read_terms"),
    "write_pool": ("poolcalc.io", "write_pool"),
    **{
        n: ("poolcalc.model", n)
        for n in (
            "AllocationConfig", "Discounts", "LicenseTerms", "Licensee", "Member", "Patent",
            "PatentStatus", "Pool", "ProductRate", "RateChange", "Region", "SalesRecord",
            "Schedule", "Tier",
        )
    },
    "PeriodResult": ("poolcalc.periods", "PeriodResult"),
    "period": ("poolcalc.periods", "period"),
    "Invoice": ("poolcalc.royalties", "Invoice"),
    "RoyaltyReport": ("poolcalc.royalties", "RoyaltyReport"),
    "royalties_owed": ("poolcalc.royalties", "royalties_owed"),
    "run_sweep": ("poolcalc.sweep", "run_sweep"),
    "PatentTable": ("poolcalc.tables", "PatentTable"),
    "SalesTable": ("poolcalc.tables", "SalesTable"),
}


def __getattr__(name: str) -> Any:
    """Import a subpackage or public name on first access (PEP 562)."""
    if name in _SUBPACKAGES:
        value: Any = importlib.import_module(f"poolcalc.{name}")
    elif name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
    else:
        raise AttributeError(f"module 'poolcalc' has no attribute {name!r}")
    globals()[name] = value  # later accesses are plain attribute lookups
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBPACKAGES | set(_LAZY))


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
    "PeriodResult",
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
    "documents",
    "example_pool_path",
    "games",
    "io",
    "ledger",
    "load_example",
    "model",
    "period",
    "periods",
    "pricing",
    "read_pool",
    "read_terms",
    "royalties",
    "royalties_owed",
    "run_sweep",
    "sweep",
    "synthetic_pool",
    "tables",
    "write_pool",
]

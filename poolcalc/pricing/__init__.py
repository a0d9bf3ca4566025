"""Real-options pricing of patents.

Black-Scholes-Merton with leakage, binomial lattices (European and American),
Monte Carlo with Longstaff-Schwartz, Geske compound options, and patent /
standard-alliance valuation on top of them.

Every function broadcasts over its array arguments like a numpy ufunc.
"""

from poolcalc.pricing._binomial import binomial
from poolcalc.pricing._black_scholes import Greeks, black_scholes, greeks, implied_volatility
from poolcalc.pricing._compound import CompoundResult, bivariate_normal_cdf, compound
from poolcalc.pricing._monte_carlo import MonteCarloResult, monte_carlo
from poolcalc.pricing._patent import (
    AllianceEntry,
    PatentOption,
    PatentValuation,
    alliance_entry,
    pool_share,
    royalty_annuity,
    value_patents,
)
from poolcalc.pricing._schwartz import RDProjectResult, rd_project

__all__ = [
    "AllianceEntry",
    "CompoundResult",
    "Greeks",
    "MonteCarloResult",
    "PatentOption",
    "PatentValuation",
    "RDProjectResult",
    "alliance_entry",
    "binomial",
    "bivariate_normal_cdf",
    "black_scholes",
    "compound",
    "greeks",
    "implied_volatility",
    "monte_carlo",
    "pool_share",
    "rd_project",
    "royalty_annuity",
    "value_patents",
]

"""Real-options pricing of patents.

Black-Scholes-Merton with leakage, binomial lattices (European and American),
Monte Carlo with Longstaff-Schwartz, Geske compound options, and patent /
standard-alliance valuation on top of them.

Every function broadcasts over its array arguments like a numpy ufunc.  Every
result object (:class:`PatentValuation`, :class:`AllianceEntry`,
:class:`MonteCarloResult`, :class:`CompoundResult`, :class:`RDProjectResult`,
:class:`Greeks`) implements :class:`poolcalc._result.Result`: ``str()`` is a table
with one row per option, ``to_dict()`` its numbers, ``to_frame()`` a DataFrame.
A pandas Series or DataFrame given as an argument comes back as a Series or
DataFrame with the same index (:func:`~poolcalc.pricing._pandas.keeps_index`).
:func:`plot_value_surface` draws an option's value over spot and maturity.
"""

from poolcalc.pricing._alliance_entry import (
    AllianceEntry,
    alliance_entry,
    pool_share,
    royalty_annuity,
)
from poolcalc.pricing._binomial import binomial
from poolcalc.pricing._black_scholes import Greeks, black_scholes, greeks, implied_volatility
from poolcalc.pricing._compound import CompoundResult, bivariate_normal_cdf, compound
from poolcalc.pricing._monte_carlo import MonteCarloResult, monte_carlo
from poolcalc.pricing._pandas import keeps_index as _keeps_index
from poolcalc.pricing._patent import PatentOption, PatentValuation, value_patents
from poolcalc.pricing._plot import plot_value_surface, value_surface
from poolcalc.pricing._schwartz import RDProjectResult, rd_project

# pandas in, the same index out (numpy arrays and scalars pass through unchanged)
alliance_entry = _keeps_index(alliance_entry)
binomial = _keeps_index(binomial)
bivariate_normal_cdf = _keeps_index(bivariate_normal_cdf)
black_scholes = _keeps_index(black_scholes)
compound = _keeps_index(compound)
greeks = _keeps_index(greeks)
implied_volatility = _keeps_index(implied_volatility)
monte_carlo = _keeps_index(monte_carlo)
pool_share = _keeps_index(pool_share)
rd_project = _keeps_index(rd_project)
royalty_annuity = _keeps_index(royalty_annuity)
value_patents = _keeps_index(value_patents)

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
    "plot_value_surface",
    "pool_share",
    "rd_project",
    "royalty_annuity",
    "value_patents",
    "value_surface",
]

"""Real-options pricing of patents: Black-Scholes-Merton with leakage, binomial
lattices (European and American), Monte Carlo with Longstaff-Schwartz, Geske
compound options, and patent / standard-alliance valuation on top of them.

Every function broadcasts over its array arguments like a numpy ufunc.
"""

from poolcalc.pricing._binomial import binomial
from poolcalc.pricing._black_scholes import Greeks, black_scholes, greeks, implied_volatility

__all__ = [
    "Greeks",
    "binomial",
    "black_scholes",
    "greeks",
    "implied_volatility",
]

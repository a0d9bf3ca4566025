"""poolcalc: patent-pool licensing and royalty calculation.

What licensees owe (:mod:`poolcalc.royalties`), how licensors split it
(:mod:`poolcalc.allocation`, :mod:`poolcalc.games`), what a patent is worth
(:mod:`poolcalc.pricing`), which licence terms a competition authority would
object to (:mod:`poolcalc.compliance`), how allocation schemes compare
(:mod:`poolcalc.compare`) and the alliance stage model of the seed paper
(:mod:`poolcalc.alliance`).
"""

from poolcalc.errors import InvalidInputError, PoolcalcError, PoolcalcWarning, SolverError

__version__ = "0.1.0"

__all__ = [
    "InvalidInputError",
    "PoolcalcError",
    "PoolcalcWarning",
    "SolverError",
    "__version__",
]

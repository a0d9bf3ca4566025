"""TU cooperative games: the :class:`Game` type, constructors and solution concepts.

Games use the bitmask convention of DESIGN.md: ``values[mask]`` is the worth of the
coalition whose members are the set bits of ``mask`` (player ``i`` <-> bit ``i``).
"""

from poolcalc.games._constructors import (
    airport,
    bankruptcy,
    from_function,
    glove,
    harsanyi_dividends,
    unanimity,
    unanimity_sum,
    weighted_voting,
)
from poolcalc.games._core import core_excess, in_core, is_convex, is_superadditive, max_excess
from poolcalc.games._game import Game
from poolcalc.games._nucleolus import LeastCore, least_core, nucleolus
from poolcalc.games._shapley import (
    ShapleyEstimate,
    airport_shapley,
    banzhaf,
    shapley,
    shapley_sample,
    shapley_shubik,
    shapley_unanimity,
)

__all__ = [
    "Game",
    "LeastCore",
    "ShapleyEstimate",
    "airport",
    "airport_shapley",
    "bankruptcy",
    "banzhaf",
    "core_excess",
    "from_function",
    "glove",
    "harsanyi_dividends",
    "in_core",
    "is_convex",
    "is_superadditive",
    "least_core",
    "max_excess",
    "nucleolus",
    "shapley",
    "shapley_sample",
    "shapley_shubik",
    "shapley_unanimity",
    "unanimity",
    "unanimity_sum",
    "weighted_voting",
]

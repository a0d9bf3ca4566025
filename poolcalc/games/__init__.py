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
from poolcalc.games._game import Game
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
    "ShapleyEstimate",
    "airport",
    "airport_shapley",
    "bankruptcy",
    "banzhaf",
    "from_function",
    "glove",
    "harsanyi_dividends",
    "shapley",
    "shapley_sample",
    "shapley_shubik",
    "shapley_unanimity",
    "unanimity",
    "unanimity_sum",
    "weighted_voting",
]

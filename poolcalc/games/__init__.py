"""TU cooperative games: the :class:`Game` type, constructors and solution concepts.

Games use the bitmask convention of DESIGN.md: ``values[mask]`` is the worth of the
coalition whose members are the set bits of ``mask`` (player ``i`` <-> bit ``i``).

- Games: :class:`Game`; constructors :func:`weighted_voting`, :func:`bankruptcy`,
  :func:`airport`, :func:`unanimity`, :func:`unanimity_sum`, :func:`glove`,
  :func:`from_function`; :func:`harsanyi_dividends`.
- Values: :func:`shapley` (exact O(2**n), closed forms where the constructor has
  one), :func:`shapley_sample` (permutation sampling with standard errors),
  :func:`banzhaf`, :func:`shapley_shubik`, :func:`airport_shapley`,
  :func:`shapley_unanimity` (sums of unanimity games, any number of players).
- Core: :func:`nucleolus`, :func:`least_core` (sequential LPs with constraint
  generation), :func:`core_excess`, :func:`max_excess`, :func:`in_core`,
  :func:`is_superadditive`, :func:`is_convex`.

Examples
--------
>>> from poolcalc import games
>>> g = games.bankruptcy(200, [100, 200, 300])
>>> games.nucleolus(g).round(6).tolist()
[50.0, 75.0, 75.0]
>>> games.shapley(g).round(4).tolist()
[33.3333, 83.3333, 83.3333]
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
from poolcalc.games._game import Game, subset_sums
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
    "subset_sums",
    "unanimity",
    "unanimity_sum",
    "weighted_voting",
]

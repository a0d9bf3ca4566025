"""TU cooperative games: the :class:`Game` type, constructors and solution concepts.

Dense games use the bitmask convention: ``values[mask]`` is the worth of the
coalition whose members are the set bits of ``mask`` (player ``i`` <-> bit ``i``),
``values[0] == 0``.

- Games: :class:`Game` (dense, n <= 26); :class:`UnanimityGame` (a non-negative sum
  of unanimity games, v(S) = sum_c w_c [T_c subset of S], any n, exact worths: the
  pool game) with ``values``, ``shapley`` (closed form), ``nucleolus``,
  ``standalone`` and ``to_game``; constructors :func:`weighted_voting`,
  :func:`bankruptcy`, :func:`airport`, :func:`unanimity`, :func:`unanimity_sum`
  (signed dividends), :func:`glove`, :func:`from_function`; :func:`harsanyi_dividends`.
- Values: :func:`shapley` (exact O(2**n), closed forms where the constructor has
  one), :func:`shapley_sample` (permutation sampling with standard errors),
  :func:`banzhaf`, :func:`shapley_shubik`, :func:`airport_shapley`,
  :func:`shapley_unanimity` (sums of unanimity games, any number of players).
- Core: :func:`nucleolus`, :func:`least_core` (sequential LPs with constraint
  generation), :func:`core_excess`, :func:`max_excess`, :func:`in_core`,
  :func:`is_superadditive`, :func:`is_convex`.
- Stability of a given allocation: :func:`core_stability` /
  :func:`core_stability_batch` (largest excess and blocking coalitions, exact up to
  :data:`EXACT_LIMIT` players, sampled beyond), :func:`individual_rationality`,
  :func:`standalone_values`.

Examples
--------
>>> from poolcalc import games
>>> g = games.bankruptcy(200, [100, 200, 300])
>>> games.nucleolus(g).round(6).tolist()
[50.0, 75.0, 75.0]
>>> games.shapley(g).round(4).tolist()
[33.3333, 83.3333, 83.3333]
>>> pool = games.UnanimityGame([{0, 1}, {1}], [250, 125])  # US needs 0 and 1; DE only 1
>>> pool.shapley().tolist(), pool.standalone().tolist()
([125.0, 250.0], [0.0, 125.0])
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
from poolcalc.games._stability import (
    EXACT_LIMIT,
    CoreStability,
    IndividualRationality,
    core_stability,
    core_stability_batch,
    individual_rationality,
    standalone_values,
)
from poolcalc.games._unanimity import NUCLEOLUS_MAX_PLAYERS, UnanimityGame

__all__ = [
    "EXACT_LIMIT",
    "NUCLEOLUS_MAX_PLAYERS",
    "CoreStability",
    "Game",
    "IndividualRationality",
    "LeastCore",
    "ShapleyEstimate",
    "UnanimityGame",
    "airport",
    "airport_shapley",
    "bankruptcy",
    "banzhaf",
    "core_excess",
    "core_stability",
    "core_stability_batch",
    "from_function",
    "glove",
    "harsanyi_dividends",
    "in_core",
    "individual_rationality",
    "is_convex",
    "is_superadditive",
    "least_core",
    "max_excess",
    "nucleolus",
    "shapley",
    "shapley_sample",
    "shapley_shubik",
    "shapley_unanimity",
    "standalone_values",
    "subset_sums",
    "unanimity",
    "unanimity_sum",
    "weighted_voting",
]

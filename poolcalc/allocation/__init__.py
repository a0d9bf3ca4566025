"""Licensor side: split what a pool collected among its members, to the cent.

:func:`allocate` runs a scheme on a :class:`~poolcalc.model.Pool` for a year and
returns a :class:`Distribution` (amounts in exact cents, shares, netting for members
that are also licensees, and an audit trail via :meth:`Distribution.explain`).
The array kernels behind it are public too: :func:`per_country_split`,
:func:`owner_counts`, :func:`member_counts`, :func:`disclosure_shares`,
:func:`rank_weights`, :func:`top_down_shares`, the pool-game functions and
:func:`largest_remainder`.

Schemes (DESIGN.md): ``per-country-count`` (default), ``patent-count``,
``family-count``, ``value-weighted``, ``equal``, ``disclosure-order``, ``top-down``,
``shapley``, ``nucleolus``.
"""

from poolcalc.allocation._counting import in_force_during, member_counts
from poolcalc.allocation._disclosure import (
    DisclosureShares,
    disclosure_shares,
    rank_weights,
    tied_weights,
)
from poolcalc.allocation._options import OPTION_SPECS, parse_options
from poolcalc.allocation._per_country import PerCountrySplit, owner_counts, per_country_split
from poolcalc.allocation._pool_game import (
    add_value_added,
    pool_game_carriers,
    pool_game_nucleolus,
    pool_game_shapley,
    pool_game_values,
)
from poolcalc.allocation._result import Distribution, Explanation, Netting
from poolcalc.allocation._rounding import administrator_fee_cents, largest_remainder
from poolcalc.allocation._schemes import SCHEMES, allocate
from poolcalc.allocation._top_down import TopDown, top_down_shares

__all__ = [
    "OPTION_SPECS",
    "SCHEMES",
    "DisclosureShares",
    "Distribution",
    "Explanation",
    "Netting",
    "PerCountrySplit",
    "TopDown",
    "add_value_added",
    "administrator_fee_cents",
    "allocate",
    "disclosure_shares",
    "in_force_during",
    "largest_remainder",
    "member_counts",
    "owner_counts",
    "parse_options",
    "per_country_split",
    "pool_game_carriers",
    "pool_game_nucleolus",
    "pool_game_shapley",
    "pool_game_values",
    "rank_weights",
    "tied_weights",
    "top_down_shares",
]

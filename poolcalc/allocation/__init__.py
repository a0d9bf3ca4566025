"""Licensor side: split what a pool collected among its members, to the cent.

:func:`allocate` runs a scheme on a :class:`~poolcalc.model.Pool` for a year and
returns a :class:`Distribution`: amounts in exact cents for every member, shares,
netting for members that are also licensees, and an audit trail via
:meth:`Distribution.explain`.  Money: the administrator's fee
``floor(collected * fee)`` first, then the distributable total D is split as
``D w_i / sum_j w_j`` with exact rational weights and rounded once per member by
largest remainder (ties by member id); ``collected == fee + sum(amounts)`` always.

``collected`` is the per-unit row royalties plus the content ("usage") royalties of
``RoyaltyReport.usage`` (``Distribution.usage_cents``).  Usage records carry a year,
not a date, so where a scheme counts per country (``per-country-count``, and the
carriers of ``shapley`` / ``nucleolus``) each usage country's cents (``by_country``)
are counted by the members' essential patents (or families) in force *on at least
one day of the year* in that country -- the period convention of ``patent-count`` --
and, with none in force there, over all countries (fallback, reported in ``notes``).
The other schemes split the year's total at once, usage included.
``Distribution.explain`` lists usage as separate ``kind = usage`` lines.

Schemes are plug-ins: each is a :class:`Scheme` (name, options with types and
defaults, kernel, explain function, references) in a registry that ``allocate``,
option parsing, :func:`poolcalc.compare.compare`, the command line and the generated
``docs/allocation-schemes.md`` all read.  The built-ins, one module each in
:mod:`poolcalc.allocation.schemes`, are registered at import:

==================  ==============================================================
per-country-count   each royalty-bearing row's royalty split by the members' counts
                    of in-force essential patents (``unit=family``: families) in the
                    row's country (``country=sale|manufacture|sale_else_manufacture``)
                    on the row's date (MPEG-2-style pools)
patent-count        essential patents in force on some day of the year
family-count        essential families in force on some day of the year
equal               equal split among holders (``among=all``: all members)
value-weighted      sum of the ``weight`` column of those patents
disclosure-order    decreasing by order of disclosure (``decay``, ``q``, ``alpha``,
                    ``step``, ``floor``, ``unit``, ``blend``)
top-down            essential families + ``essentiality_rate`` x declared-only
                    families; implied rates under an aggregate cap
shapley             Shapley value of the pool game (closed form)
nucleolus           nucleolus of the pool game (sequential LPs, up to 24 members)
==================  ==============================================================

:func:`register_scheme` adds a user's scheme (then usable by name everywhere);
:func:`load_plugins` imports plug-in modules the way the command line does
(``--plugin``, ``POOLCALC_PLUGINS``, entry points ``poolcalc.schemes``).

The array kernels behind it are public too: :func:`per_country_split`,
:func:`owner_counts`, :func:`member_counts`, :func:`disclosure_shares`,
:func:`rank_weights`, :func:`top_down_shares`, :func:`pool_game_carriers`,
:func:`add_value_added` and :func:`largest_remainder`; :func:`pool_game` gives the
game the ``shapley`` and ``nucleolus`` schemes solve, for a pool and year, as a
:class:`poolcalc.games.UnanimityGame`.
"""

from poolcalc.allocation import schemes as schemes  # the built-ins register at import
from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._counting import in_force_during, member_counts
from poolcalc.allocation._disclosure import (
    DisclosureShares,
    disclosure_shares,
    rank_weights,
    tied_weights,
)
from poolcalc.allocation._driver import allocate, pool_game
from poolcalc.allocation._options import parse_options
from poolcalc.allocation._per_country import PerCountrySplit, owner_counts, per_country_split
from poolcalc.allocation._plot import member_shares, plot_member_shares
from poolcalc.allocation._plugins import PLUGIN_ENV, PLUGIN_GROUP, load_plugins
from poolcalc.allocation._pool_game import add_value_added, pool_game_carriers
from poolcalc.allocation._registry import (
    COUNTRY_OPTION,
    SCHEMES,
    UNIT_OPTION,
    Option,
    Scheme,
    get_scheme,
    register_scheme,
    scheme_names,
    unregister_scheme,
)
from poolcalc.allocation._result import Distribution, Explanation, Netting
from poolcalc.allocation._rounding import administrator_fee_cents, largest_remainder
from poolcalc.allocation._top_down import TopDown, top_down_shares

__all__ = [
    "COUNTRY_OPTION",
    "PLUGIN_ENV",
    "PLUGIN_GROUP",
    "SCHEMES",
    "UNIT_OPTION",
    "DisclosureShares",
    "Distribution",
    "Explanation",
    "Netting",
    "Option",
    "PerCountrySplit",
    "Scheme",
    "SchemeContext",
    "SchemeOutput",
    "TopDown",
    "add_value_added",
    "administrator_fee_cents",
    "allocate",
    "disclosure_shares",
    "get_scheme",
    "in_force_during",
    "largest_remainder",
    "load_plugins",
    "member_counts",
    "owner_counts",
    "parse_options",
    "per_country_split",
    "pool_game",
    "pool_game_carriers",
    "rank_weights",
    "register_scheme",
    "scheme_names",
    "tied_weights",
    "top_down_shares",
    "unregister_scheme",
    "member_shares",
    "plot_member_shares",
]

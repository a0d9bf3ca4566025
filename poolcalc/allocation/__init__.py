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

Schemes (DESIGN.md names; options via ``options=`` or ``--option key=value``):

==================  ==============================================================
per-country-count   each royalty-bearing row's royalty split by the members' counts
                    of in-force essential patents (``unit=family``: families) in the
                    row's country (``country=sale|manufacture|sale_else_manufacture``)
                    on the row's date; a row with none in force there is counted in
                    the other country (reported).  MPEG LA practice.
patent-count        essential patents in force on some day of the year
family-count        essential families in force on some day of the year
value-weighted      sum of the ``weight`` column of those patents
equal               equal split among holders (``among=all``: all members)
disclosure-order    decreasing by order of disclosure: ``decay=geometric`` (``q``),
                    ``linear``, ``harmonic`` (``alpha``), ``arithmetic`` (``step``,
                    ``floor``); ``unit=patent|member``; ties share the average weight
                    of their ranks; ``blend`` mixes in patent counting (DOMAIN.md 2.8)
top-down            essential families + ``essentiality_rate`` x declared-only
                    families; implied rates T s_i (``rate``) or rho F_i
                    (``rate_per_family``) with the aggregate-cap scale-down
                    (DOMAIN.md 2.5); splits D in proportion to the families
shapley             Shapley value of the pool game v(S) = sum_g C_g [T_g subset of S]
                    (C_g: royalty of the rows of (country, date) group g, T_g: members
                    holding an in-force essential patent there then) by the closed
                    form phi_i = sum_{T ni i} R_T / |T|; ``value_added`` adds weak
                    (non_essential) patents as in DOMAIN.md 2.2
nucleolus           nucleolus of the same game by sequential LPs (up to 24 members
                    holding patents)
==================  ==============================================================

The array kernels behind it are public too: :func:`per_country_split`,
:func:`owner_counts`, :func:`member_counts`, :func:`disclosure_shares`,
:func:`rank_weights`, :func:`top_down_shares`, :func:`pool_game_carriers`,
:func:`add_value_added` and :func:`largest_remainder`; :func:`pool_game` gives the
game the ``shapley`` and ``nucleolus`` schemes solve, for a pool and year, as a
:class:`poolcalc.games.UnanimityGame`.
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
from poolcalc.allocation._pool_game import add_value_added, pool_game_carriers
from poolcalc.allocation._result import Distribution, Explanation, Netting
from poolcalc.allocation._rounding import administrator_fee_cents, largest_remainder
from poolcalc.allocation._schemes import SCHEMES, allocate, pool_game
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
    "pool_game",
    "pool_game_carriers",
    "rank_weights",
    "tied_weights",
    "top_down_shares",
]

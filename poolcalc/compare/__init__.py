"""Benchmark allocation schemes on a pool: side-by-side amounts, metrics, plots.

:func:`compare` runs schemes of :mod:`poolcalc.allocation` on one pool and year
and measures each distribution: inequality (Gini, HHI, max/min payout), distance to
the Shapley value of the pool game, core stability (largest coalition excess,
blocking coalitions; exact up to 20 members, sampled beyond), individual
rationality, dilution by an entrant and monotonicity in essential patents.  The
pool game is :func:`pool_game` (the one of :mod:`poolcalc.allocation`, a
:class:`poolcalc.games.UnanimityGame`); the game-theoretic metrics are those of
:mod:`poolcalc.games` (:func:`~poolcalc.games.core_stability`,
:func:`~poolcalc.games.individual_rationality`).
:func:`compare` is also ``poolcalc.compare_schemes`` (``poolcalc.compare`` is this
module).  :func:`compare_amounts` measures distributions given as arrays;
:func:`plot_comparison` draws bars and Lorenz curves (``pip install poolcalc[plot]``).
Scheme names come from the allocation registry (:data:`SCHEMES`, a live view;
:func:`default_schemes`, what ``compare`` runs when no schemes are named).
"""

from poolcalc.allocation import pool_game
from poolcalc.compare._compare import (
    DEFAULT_SCHEMES,
    DILUTION_LIMIT,
    SCHEMES,
    check_schemes,
    compare,
    compare_amounts,
    default_schemes,
    parse_scheme_options,
)
from poolcalc.compare._metrics import (
    MonotonicityReport,
    dilution,
    gini,
    hhi,
    l1_distance,
    lorenz_curve,
    max_min_ratio,
    monotonicity_violations,
)
from poolcalc.compare._plot import plot_amounts, plot_comparison, plot_lorenz
from poolcalc.compare._result import METRIC_NAMES, Comparison, SchemeMetrics
from poolcalc.compare._transform import with_entrant, with_extra_patent

#: :func:`compare` under a name that says what it compares (``poolcalc.compare_schemes``:
#: ``poolcalc.compare`` is this module).
compare_schemes = compare

__all__ = [
    "DEFAULT_SCHEMES",
    "DILUTION_LIMIT",
    "METRIC_NAMES",
    "SCHEMES",
    "Comparison",
    "MonotonicityReport",
    "SchemeMetrics",
    "compare",
    "check_schemes",
    "compare_schemes",
    "compare_amounts",
    "default_schemes",
    "dilution",
    "gini",
    "hhi",
    "l1_distance",
    "lorenz_curve",
    "max_min_ratio",
    "monotonicity_violations",
    "parse_scheme_options",
    "plot_amounts",
    "plot_comparison",
    "plot_lorenz",
    "pool_game",
    "with_entrant",
    "with_extra_patent",
]


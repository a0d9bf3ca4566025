"""Run several allocation schemes on one pool and year, and measure each distribution.

:func:`compare` runs each scheme through :func:`poolcalc.allocation.allocate` and
measures the distributions against the pool game (:mod:`poolcalc.compare._measure`,
which also gives :func:`compare_amounts` for distributions the caller already has).
Both return a :class:`~poolcalc.compare.Comparison`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from poolcalc._args import check_int_arg, check_mapping_arg, check_seed_arg, checked_args
from poolcalc._log import timed
from poolcalc.allocation import SCHEMES as ALLOCATION_SCHEMES
from poolcalc.allocation import Distribution, allocate, parse_options, pool_game, scheme_names
from poolcalc.allocation._shared_split import shared_splits
from poolcalc.compare._measure import compare_amounts, game_view, measure
from poolcalc.compare._result import Comparison
from poolcalc.compare._transform import with_entrant, with_extra_patent, year_of
from poolcalc.errors import InvalidInputError
from poolcalc.games import EXACT_LIMIT
from poolcalc.model import Pool, check_pool
from poolcalc.royalties import RoyaltyReport, royalties_owed

__all__ = [
    "DEFAULT_SCHEMES",
    "DILUTION_LIMIT",
    "SCHEMES",
    "check_schemes",
    "compare",
    "compare_amounts",
    "default_schemes",
    "parse_scheme_options",
]

_log = logging.getLogger(__name__)

#: Read-only live view of the allocation scheme registry (name -> Scheme).
SCHEMES = ALLOCATION_SCHEMES
#: Largest pool (members) for which :func:`compare` computes dilution by default.
DILUTION_LIMIT = 200


def default_schemes() -> tuple[str, ...]:
    """Return the schemes :func:`compare` runs when none are named.

    The registered schemes marked ``compare_default`` (every built-in but the
    nucleolus, which needs an LP over 2^n coalitions) and any plug-in scheme registered
    with ``compare_default=True``, in registration order.

    Returns
    -------
    tuple of str
        Scheme names in registration order.

    Examples
    --------
    >>> "nucleolus" in default_schemes(), "shapley" in default_schemes()
    (False, True)
    """
    return scheme_names(compare_default=True)


#: The built-in default set, as registered at import (:func:`default_schemes` is live).
DEFAULT_SCHEMES = default_schemes()


def check_schemes(schemes: Sequence[str] | str | None) -> tuple[str, ...]:
    """Return the named schemes (a sequence or a comma-separated string), checked.

    ``None``: :func:`default_schemes`.

    Parameters
    ----------
    schemes : sequence of str, comma-separated str or None
        Registered scheme names.

    Returns
    -------
    tuple of str
        The names, in the order given.

    Raises
    ------
    InvalidInputError
        No name, an unregistered name (the message lists the registered ones) or a
        name given twice.

    Examples
    --------
    >>> check_schemes("equal, shapley")
    ('equal', 'shapley')
    """
    if schemes is None:
        return default_schemes()
    if isinstance(schemes, str):
        schemes = [s for s in (p.strip() for p in schemes.split(",")) if s]
    elif not isinstance(schemes, Iterable):
        raise InvalidInputError(
            f"schemes must be scheme names (a list or a comma-separated string), got {schemes!r}")
    out = tuple(str(s) for s in schemes)
    if not out:
        raise InvalidInputError("schemes must name at least one scheme")
    known = scheme_names()
    for s in out:
        if s not in known:
            raise InvalidInputError(f"unknown scheme {s!r} (allowed: {', '.join(known)})")
    if len(set(out)) != len(out):
        dup = next(s for s in out if out.count(s) > 1)
        raise InvalidInputError(f"schemes must be distinct, got {dup!r} twice")
    return out


@checked_args
def parse_scheme_options(
    items: Sequence[str], schemes: Sequence[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Parse ``scheme.key=value`` strings (``--option`` of ``poolcalc compare``).

    Parameters
    ----------
    items : sequence of str
        E.g. ``["disclosure-order.q=0.7", "top-down.aggregate_rate=0.1"]``.
    schemes : sequence of str, optional
        Schemes being compared; an option for any other scheme is an error.

    Returns
    -------
    dict
        Scheme -> {key: value}, each key an option of that scheme and each value
        converted and checked by the registry
        (:func:`poolcalc.allocation.parse_options` with ``scheme=``).

    Raises
    ------
    InvalidInputError
        An item without ``.`` or ``=``, for an unknown scheme or one not compared, or
        an option the scheme does not take or a bad value.

    Examples
    --------
    >>> parse_scheme_options(["disclosure-order.q=0.7", "disclosure-order.decay=linear"])
    {'disclosure-order': {'q': 0.7, 'decay': 'linear'}}
    """
    raw: dict[str, list[str]] = {}
    for item in items:
        head, eq, value = item.partition("=")
        scheme, dot, key = head.partition(".")
        if not eq or not dot or not scheme.strip() or not key.strip():
            raise InvalidInputError(f"--option must look like scheme.key=value, got {item!r}")
        scheme = scheme.strip()
        if schemes is not None and scheme not in schemes:
            raise InvalidInputError(
                f"--option {item!r}: scheme {scheme!r} is not compared "
                f"(schemes: {', '.join(schemes)})"
            )
        raw.setdefault(scheme, []).append(f"{key.strip()}={value}")
    return {scheme: parse_options(kvs, scheme=scheme) for scheme, kvs in raw.items()}


# --------------------------------------------------------------------------------------
# compare on a pool
# --------------------------------------------------------------------------------------
def _as_pool(pool: object) -> Pool:
    """Return ``pool`` when it is a Pool (engines accept nothing else)."""
    return check_pool(pool, "compare: pool")


def _royalties(pool: Pool, year: int) -> RoyaltyReport:
    return royalties_owed(pool, year=year)


def _run(
    pool: Pool, scheme: str, options: Mapping[str, Any], year: int, royalties: RoyaltyReport
) -> Distribution:
    return allocate(
        pool,
        year=year,
        scheme=scheme,
        options=dict(options) if options else None,
        royalties=royalties,
    )


def _amount_vector(dist: Any, members: Sequence[str]) -> NDArray[np.int64]:
    amounts = dist.amounts
    return np.array([int(amounts.get(m, 0)) for m in members], dtype=np.int64)


@timed(_log, lambda pool, schemes=None, **_: f"compare {schemes or 'the default schemes'}",
       lambda c: f"{len(c.schemes)} schemes x {len(c.members)} members")
@shared_splits()  # per-country-count and the pool game split the same rows once
def compare(
    pool: Pool | Any,
    schemes: Sequence[str] | str | None = None,
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    year: int | None = None,
    metrics: bool = True,
    dilution: bool | None = None,
    monotonicity_limit: int = 12,
    exact_limit: int = EXACT_LIMIT,
    n_samples: int = 20_000,
    rng: np.random.Generator | int | None = 0,
) -> Comparison:
    """Run allocation schemes on one pool and year, side by side, with metrics.

    Parameters
    ----------
    pool : Pool
        A pool (:func:`poolcalc.io.read_pool`, :func:`poolcalc.data.synthetic_pool`);
        every engine reads its columns, so pools of 10^6 patents are fine.
    schemes : sequence of str or comma-separated str, optional
        Registered scheme names (:func:`poolcalc.allocation.scheme_names`, including
        schemes added with :func:`poolcalc.allocation.register_scheme`); default
        :func:`default_schemes` (every built-in but the nucleolus: the non-LP schemes
        plus Shapley, which has a closed form on the pool game).
    options : mapping, optional
        Scheme -> options for :func:`poolcalc.allocation.allocate`, e.g.
        ``{"disclosure-order": {"decay": "geometric", "q": 0.7}}``.
    year : int, optional
        Calendar year (default: the latest year with sales).
    metrics : bool
        Compute the game metrics (Shapley distance, core, individual rationality)
        on the pool game (:func:`poolcalc.allocation.pool_game`, essential carriers).
        Inequality metrics are always computed.
    dilution : bool, optional
        Re-run every scheme on the pool joined by a synthetic entrant (a copy of the
        median member's portfolio, disclosed last; see :func:`with_entrant`) and
        report how the incumbents' shares change.  Default: only for pools of at
        most :data:`DILUTION_LIMIT` members (it doubles the run time).
    monotonicity_limit : int
        Test monotonicity (each member in turn adds one essential patent, see
        :func:`with_extra_patent`; n extra runs per scheme) when the pool has at
        most this many members; skipped (noted) beyond.
    exact_limit, n_samples, rng
        Core stability: exact enumeration of all coalitions up to ``exact_limit``
        members, else ``n_samples`` sampled coalitions (plus every singleton,
        every N minus one and every carrier of the pool game) drawn with ``rng``;
        reported as sampled.

    Returns
    -------
    Comparison

    Raises
    ------
    InvalidInputError
        Unknown scheme (the message lists the allowed ones), options for a scheme
        not compared, and whatever :func:`~poolcalc.allocation.allocate` rejects.

    Notes
    -----
    The royalties of each pool variant are computed once
    (:func:`poolcalc.royalties.royalties_owed`) and shared by every scheme.  Game
    metrics measure each scheme's shares of the pool game's worth v(N); excesses and
    shortfalls within rounding (one minor unit per member) are not violations.

    Examples
    --------
    >>> import poolcalc
    >>> cmp = compare(poolcalc.load_example(), ["patent-count", "equal"], metrics=False)
    >>> cmp.schemes, len(cmp.members)
    (('patent-count', 'equal'), 25)
    >>> sum(cmp.amounts["equal"].values()) == int(cmp.collected[1] - cmp.administrator_fee[1])
    True
    """
    names = check_schemes(schemes)
    monotonicity_limit = check_int_arg(monotonicity_limit, "compare: monotonicity_limit", low=0)
    exact_limit = check_int_arg(exact_limit, "compare: exact_limit", low=0)
    n_samples = check_int_arg(n_samples, "compare: n_samples", low=0)
    rng = check_seed_arg(rng, "compare: rng")
    options = check_mapping_arg(options, "compare: options")
    for s, v in options.items():
        check_mapping_arg(v, f"compare: options[{s!r}]")
    opts = {str(k): dict(v) for k, v in options.items()}
    for s in opts:
        if s not in names:
            raise InvalidInputError(
                f"options given for scheme {s!r}, which is not compared "
                f"(schemes: {', '.join(names)})"
            )
    base = _as_pool(pool)
    yr = year_of(base, year)
    members = tuple(m.id for m in base.members)
    n = len(members)
    roy = _royalties(base, yr)
    dists = {s: _run(base, s, opts.get(s, {}), yr, roy) for s in names}
    mat = np.vstack([_amount_vector(dists[s], members) for s in names])
    collected = np.array([int(dists[s].collected_cents) for s in names], np.int64)
    fee = np.array([int(dists[s].administrator_fee_cents) for s in names], np.int64)
    notes: list[str] = []
    gv = None
    if metrics:
        # the essential pool game (no value-added carriers), counted as the shapley scheme
        sh = opts.get("shapley", {})
        game_opts: dict[str, Any] = {"value_added": 0.0}
        game_opts.update({k: sh[k] for k in ("country", "unit") if sh.get(k)})
        # the shapley scheme solved the same essential game (value_added only adds carriers)
        solved = dists["shapley"].pool_game if "shapley" in dists else None
        game = (pool_game(base, year=yr, options=game_opts, royalties=roy)
                if solved is None else solved)
        gv = game_view(game, n, shapley=None)
        if n > exact_limit:
            notes.append(
                f"core stability sampled (n = {n} members > {exact_limit}): {n_samples} random "
                "coalitions plus every singleton, every N minus one member and every holder set "
                "of the pool game; core_max_excess is a lower bound"
            )
    after_entrant = None
    if dilution is None:
        dilution = n <= DILUTION_LIMIT
        if not dilution:
            notes.append(
                f"dilution not computed: {n} members > {DILUTION_LIMIT} (pass dilution=True)"
            )
    if dilution:
        entered, eid = with_entrant(base)
        roy_e = _royalties(entered, yr)
        after_entrant = {
            s: _amount_vector(_run(entered, s, opts.get(s, {}), yr, roy_e), (*members, eid))
            for s in names
        }
        notes.append(
            "dilution: an entrant holding a copy of the median member's portfolio, disclosed last"
        )
    after_patent = None
    monotone_members = None
    if n <= monotonicity_limit:
        monotone_members = np.arange(n)
        after = np.zeros((len(names), n), np.int64)
        for i, m in enumerate(members):
            plus = with_extra_patent(base, m, year=yr)
            roy_p = _royalties(plus, yr)
            for k, s in enumerate(names):
                after[k, i] = int(_run(plus, s, opts.get(s, {}), yr, roy_p).amounts.get(m, 0))
        after_patent = {s: after[k] for k, s in enumerate(names)}
    else:
        notes.append(
            f"monotonicity not tested: {n} members > monotonicity_limit = {monotonicity_limit}"
        )
    results = measure(
        names,
        mat,
        gv,
        exact_limit=exact_limit,
        n_samples=n_samples,
        rng=rng,
        after_entrant=after_entrant,
        after_patent=after_patent,
        monotone_members=monotone_members,
    )
    return Comparison(
        schemes=names,
        members=members,
        amount_matrix=mat,
        collected=collected,
        administrator_fee=fee,
        metrics=results,
        shapley=None if gv is None else gv.shapley,
        standalone=None if gv is None else gv.standalone,
        options=opts,
        currency=base.currency,
        minor_units=base.minor_units,
        year=yr,
        notes=tuple(notes),
        distributions=dists,
    )

"""Run several allocation schemes on one pool and year, and measure each distribution.

:func:`compare` runs each scheme through :func:`poolcalc.allocation.allocate`,
:func:`compare_amounts` measures distributions the caller already has (arrays).
Both return a :class:`~poolcalc.compare.Comparison`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.allocation import SCHEMES as ALLOCATION_SCHEMES
from poolcalc.allocation import Distribution, allocate, parse_options, scheme_names
from poolcalc.allocation import pool_game as allocation_pool_game
from poolcalc.compare import _metrics as M
from poolcalc.compare._result import Comparison, SchemeMetrics
from poolcalc.compare._transform import with_entrant, with_extra_patent, year_of
from poolcalc.errors import InvalidInputError
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
    "pool_game",
]

#: Read-only live view of the allocation scheme registry (name -> Scheme).
SCHEMES = ALLOCATION_SCHEMES
#: Largest pool (members) for which :func:`compare` computes dilution by default.
DILUTION_LIMIT = 200


def default_schemes() -> tuple[str, ...]:
    """Return the schemes :func:`compare` runs when none are named.

    The registered schemes marked ``compare_default`` (every built-in but the
    nucleolus, which needs an LP over 2^n coalitions) and any plug-in scheme registered
    with ``compare_default=True``, in registration order.
    """
    return scheme_names(compare_default=True)


#: The built-in default set, as registered at import (:func:`default_schemes` is live).
DEFAULT_SCHEMES = default_schemes()


def check_schemes(schemes: Sequence[str] | str | None) -> tuple[str, ...]:
    """Return the named schemes (a sequence or a comma-separated string), checked.

    ``None``: :func:`default_schemes`.

    Raises
    ------
    InvalidInputError
        No name, an unregistered name (the message lists the registered ones) or a
        name given twice.
    """
    if schemes is None:
        return default_schemes()
    if isinstance(schemes, str):
        schemes = [s for s in (p.strip() for p in schemes.split(",")) if s]
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
# characteristic function handling
# --------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class _GameView:
    """What the metrics need from a characteristic function."""

    n: int
    values: NDArray[np.float64] | None  # full 2**n array when small enough
    worth: Callable[[NDArray[np.bool_]], NDArray[np.float64]] | None  # callable for sampling
    candidates: NDArray[np.bool_] | None  # coalitions likely to block (carriers)
    shapley: NDArray[np.float64] | None
    grand: float
    standalone: NDArray[np.float64] = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.standalone is None:
            game = self.values if self.values is not None else self.worth
            object.__setattr__(self, "standalone", M.standalone_values(game, self.n))


def _game_view(game: Any, n: int, *, exact_limit: int, shapley: ArrayLike | None) -> _GameView:
    """Normalise a Game, values array, unanimity-sum object or callable."""
    carriers = getattr(game, "carriers", None)
    weights = getattr(game, "weights", None)
    if carriers is None and isinstance(game, tuple) and len(game) == 2:
        carriers, weights = game
    if carriers is not None:
        c = np.asarray(carriers)
        if c.ndim == 1:  # integer bitmasks
            c = ((c.astype(np.int64)[:, None] >> np.arange(n)) & 1).astype(bool)
        c = c.astype(bool)
        w = np.asarray(weights, dtype=np.float64)
        if c.shape[1:] != (n,):
            raise InvalidInputError(
                f"game carriers must have {n} columns (one per member), got shape {c.shape}"
            )
        keep = c.any(axis=1) & (w != 0)
        c, w = c[keep], w[keep]
        phi = M.unanimity_shapley(c, w) if shapley is None and c.size else shapley
        vals = M.unanimity_values(c, w) if n <= min(exact_limit, 26) and c.size else None
        if vals is None and not c.size:
            vals = np.zeros(1 << n) if n <= min(exact_limit, 26) else None
        worth = M.unanimity_worth(c, w) if c.size else (lambda S: np.zeros(np.asarray(S).shape[0]))
        return _GameView(
            n, vals, worth, c, None if phi is None else np.asarray(phi, np.float64), float(w.sum())
        )
    if callable(game) and not hasattr(game, "values"):
        S = np.ones((1, n), dtype=bool)
        grand = float(np.asarray(game(S), dtype=np.float64)[0])
        return _GameView(
            n, None, game, None, None if shapley is None else np.asarray(shapley, np.float64), grand
        )
    vals, _, gn = M._as_game(game)
    if gn != n:
        raise InvalidInputError(f"game has {gn} players but the pool has {n} members")
    if shapley is None:
        from poolcalc.games import shapley as _shapley

        phi = _shapley(game if hasattr(game, "values") else vals)
    else:
        phi = shapley
    return _GameView(n, vals, None, None, np.asarray(phi, np.float64), float(vals[-1]))


# --------------------------------------------------------------------------------------
# metrics of one scheme
# --------------------------------------------------------------------------------------
def _all_metrics(
    schemes: tuple[str, ...],
    mat: NDArray[np.int64],
    gv: _GameView | None,
    *,
    exact_limit: int,
    n_samples: int,
    rng: np.random.Generator | int | None,
    after_entrant: Mapping[str, ArrayLike] | None,
    after_patent: Mapping[str, ArrayLike] | None,
    monotone_members: NDArray[np.intp] | None,
) -> dict[str, SchemeMetrics]:
    """Metrics of every scheme; the game is evaluated once for all of them."""
    amounts = mat.astype(np.float64)
    totals = amounts.sum(axis=1)
    kw: list[dict[str, Any]] = []
    for k, s in enumerate(schemes):
        if totals[k] <= 0:
            raise InvalidInputError(f"scheme {s!r} distributed nothing: nothing to compare")
        ratio, n_zero = M.max_min_ratio(amounts[k])
        kw.append(
            {
                "gini": M.gini(amounts[k]),
                "hhi": M.hhi(amounts[k]),
                "max_min_ratio": ratio,
                "zero_payees": n_zero,
            }
        )
    n = mat.shape[1]
    if gv is not None and gv.grand > 0:
        X = amounts / totals[:, None] * gv.grand  # payoffs in game units
        unit = gv.grand / totals  # one minor unit in game units, per scheme
        if gv.shapley is not None and gv.shapley.sum() > 0:
            ref = np.maximum(gv.shapley, 0.0)
            for k in range(len(schemes)):
                kw[k]["l1_to_shapley"] = M.l1_distance(amounts[k], ref)
        if n >= 2:
            game = gv.values if gv.values is not None and n <= exact_limit else gv.worth
            if game is None:
                game = gv.values
            cores = M.core_stability_batch(
                X,
                game,
                tol=n * unit + 1e-9 * gv.grand,
                exact_limit=exact_limit,
                n_samples=n_samples,
                candidates=gv.candidates,
                rng=rng,
            )
            for k, cs in enumerate(cores):
                kw[k].update(
                    core_max_excess=cs.max_excess_share,
                    core_blocking=cs.n_blocking,
                    core_checked=cs.n_checked,
                    core_sampled=cs.sampled,
                )
        sa = gv.standalone
        for k in range(len(schemes)):
            ir = M.individual_rationality(X[k], sa, tol=unit[k] + 1e-9 * gv.grand)
            kw[k].update(
                ir_violations=int(ir.violators.size),
                ir_worst_shortfall=ir.worst_shortfall / gv.grand,
            )
    for k, s in enumerate(schemes):
        if after_entrant is not None and s in after_entrant:
            d = M.dilution(amounts[k], np.asarray(after_entrant[s], np.float64))
            kw[k].update(dilution_mean=float(d.mean()), dilution_worst=float(d.min()))
        if after_patent is not None and s in after_patent:
            ap = np.asarray(after_patent[s], np.float64)
            members = monotone_members if monotone_members is not None else np.arange(ap.size)
            rep = M.monotonicity_violations(amounts[k], ap, members, tol=1.0)
            kw[k].update(
                monotonicity_violations=int(rep.violators.size),
                monotonicity_checked=int(rep.checked.size),
            )
    return {s: SchemeMetrics(**kw[k]) for k, s in enumerate(schemes)}


def compare_amounts(
    amounts: Mapping[str, ArrayLike],
    members: Sequence[str] | None = None,
    *,
    game: Any = None,
    shapley: ArrayLike | None = None,
    after_entrant: Mapping[str, ArrayLike] | None = None,
    after_patent: Mapping[str, ArrayLike] | None = None,
    monotone_members: ArrayLike | None = None,
    exact_limit: int = M.EXACT_LIMIT,
    n_samples: int = 20_000,
    rng: np.random.Generator | int | None = 0,
    currency: str = "USD",
    minor_units: int = 2,
    year: int | None = None,
) -> Comparison:
    """Measure distributions given as arrays (no pool needed).

    Parameters
    ----------
    amounts : mapping of str to array_like of shape (n,)
        Scheme name -> what each member receives [minor units]; non-negative
        integers (cents) with a positive total.
    members : sequence of str, optional
        Member ids (default ``"0"``, ``"1"``...).
    game : optional
        The pool's characteristic function, for the Shapley distance, core stability
        and individual rationality: a :class:`poolcalc.games.Game` or values array
        of length ``2**n``; an object with ``carriers`` (bool (K, n) or bitmasks)
        and ``weights`` (K,) — a sum of unanimity games like the pool game — or the
        tuple ``(carriers, weights)``; or a callable on boolean coalition matrices
        (k, n) -> (k,) worths (then pass ``shapley`` for the L1 metric).
    shapley : array_like of shape (n,), optional
        Shapley value of ``game`` when known (closed form); computed otherwise.
    after_entrant : mapping of str to array_like, optional
        Scheme -> amounts of the n incumbents (then the entrant) when a member joins.
    after_patent : mapping of str to array_like, optional
        Scheme -> ``after[j]`` = amount of member ``monotone_members[j]`` after it
        alone adds one essential patent.
    monotone_members : array_like of int, optional
        Members tested for monotonicity (default all).
    exact_limit, n_samples, rng
        Core stability: enumerate all coalitions up to ``exact_limit`` members,
        sample ``n_samples`` coalitions beyond (see :func:`core_stability`).
    currency, minor_units, year
        Carried into the result for reports.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> cmp = compare_amounts({"equal": [50, 50, 50], "skewed": [100, 40, 10]},
    ...                       game=([[True, True, True]], [150.0]))
    >>> cmp.metrics["equal"].gini, cmp.metrics["equal"].l1_to_shapley
    (0.0, 0.0)
    """
    if not amounts:
        raise InvalidInputError("amounts must name at least one scheme")
    schemes = tuple(str(s) for s in amounts)
    rows = []
    for s in schemes:
        a = np.asarray(amounts[s])
        if a.ndim != 1:
            raise InvalidInputError(f"amounts[{s!r}] must be one-dimensional, got shape {a.shape}")
        rows.append(M._amounts(a, f"amounts[{s!r}]"))
    n = rows[0].size
    for s, r in zip(schemes, rows, strict=True):
        if r.size != n:
            raise InvalidInputError(
                f"amounts[{s!r}] must have {n} entries (one per member), got {r.size}"
            )
    members_t = (
        tuple(str(i) for i in range(n)) if members is None else tuple(str(m) for m in members)
    )
    if len(members_t) != n:
        raise InvalidInputError(f"members must have {n} entries, got {len(members_t)}")
    mat = np.vstack(rows)
    if not np.all(mat == np.round(mat)):
        raise InvalidInputError("amounts must be whole minor units (integers)")
    mat = mat.astype(np.int64)
    gv = None if game is None else _game_view(game, n, exact_limit=exact_limit, shapley=shapley)
    notes = []
    if gv is not None:
        if gv.grand <= 0:
            notes.append("the pool game is worth nothing (v(N) = 0): game metrics not computed")
        if n > exact_limit:
            notes.append(
                f"core stability sampled: n = {n} members > {exact_limit}; "
                f"{n_samples} random coalitions "
                "plus every singleton, every N\\{i}"
                + (" and every carrier of the pool game" if gv.candidates is not None else "")
                + " were checked (a lower bound on the largest excess)"
            )
        if gv.shapley is None:
            notes.append(
                "l1_to_shapley not computed: no Shapley value for a callable game (pass shapley=)"
            )
    mm = None if monotone_members is None else np.asarray(monotone_members, dtype=np.intp)
    metrics = _all_metrics(
        schemes,
        mat,
        gv,
        exact_limit=exact_limit,
        n_samples=n_samples,
        rng=rng,
        after_entrant=after_entrant,
        after_patent=after_patent,
        monotone_members=mm,
    )
    total = mat.sum(axis=1)
    return Comparison(
        schemes=schemes,
        members=members_t,
        amounts=mat,
        collected=total,
        administrator_fee=np.zeros(len(schemes), np.int64),
        metrics=metrics,
        shapley=None if gv is None else gv.shapley,
        standalone=None if gv is None else gv.standalone,
        currency=currency,
        minor_units=minor_units,
        year=year,
        notes=tuple(notes),
    )


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


def pool_game(
    pool: Pool,
    *,
    year: int | None = None,
    country: str | None = None,
    unit: str | None = None,
    royalties: Any = None,
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    r"""Return the pool game of a year as a sum of unanimity games: ``(carriers, worth)``.

    Parameters
    ----------
    pool : Pool
    year : int, optional
        Default: the latest year with sales.
    country, unit : str, optional
        Count country rule and count unit (default: the pool's ``[allocation]``).
    royalties : RoyaltyReport, optional
        ``royalties_owed(pool, year)`` when already computed.

    Returns
    -------
    carriers : ndarray of bool, shape (K, n_members)
        Distinct holder sets T: the members holding an in-force essential patent in
        the count country of some royalty-bearing row on its date.
    worth : ndarray of float, shape (K,)
        R_T: the royalties [minor units, before the administrator fee] of the rows
        whose holder set is T.

    Notes
    -----
    :math:`v(S) = \sum_T R_T [T \subseteq S]`: :func:`poolcalc.allocation.pool_game`
    (the game the ``shapley`` and ``nucleolus`` schemes solve) without value-added
    carriers.
    """
    pool = _as_pool(pool)
    yr = year_of(pool, year)
    report = _royalties(pool, yr) if royalties is None else royalties
    options: dict[str, Any] = {"value_added": 0.0}
    if country:
        options["country"] = country
    if unit:
        options["unit"] = unit
    return allocation_pool_game(pool, year=yr, options=options, royalties=report)


def compare(
    pool: Pool | Any,
    schemes: Sequence[str] | str | None = None,
    *,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    year: int | None = None,
    metrics: bool = True,
    dilution: bool | None = None,
    monotonicity_limit: int = 12,
    exact_limit: int = M.EXACT_LIMIT,
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
        on the pool game (:func:`pool_game`).  Inequality metrics are always computed.
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
    """
    names = check_schemes(schemes)
    opts = {str(k): dict(v) for k, v in (options or {}).items()}
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
        sh = opts.get("shapley", {})
        game = pool_game(
            base, year=yr, royalties=roy, country=sh.get("country"), unit=sh.get("unit")
        )
        gv = _game_view(game, n, exact_limit=exact_limit, shapley=None)
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
    results = _all_metrics(
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
        amounts=mat,
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

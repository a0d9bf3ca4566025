"""Run several allocation schemes on one pool and year, and measure each distribution.

:func:`compare` runs each scheme through :func:`poolcalc.allocation.allocate`,
:func:`compare_amounts` measures distributions the caller already has (arrays).
Both return a :class:`~poolcalc.compare.Comparison`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.allocation import pool_game
from poolcalc.compare import _metrics as M
from poolcalc.compare._result import Comparison, SchemeMetrics
from poolcalc.compare._transform import with_entrant, with_extra_patent, year_of
from poolcalc.errors import InvalidInputError
from poolcalc.games import (
    EXACT_LIMIT,
    Game,
    UnanimityGame,
    core_stability_batch,
    individual_rationality,
    standalone_values,
)
from poolcalc.games import shapley as game_shapley
from poolcalc.tables import PatentTable, SalesTable

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Pool

__all__ = [
    "DEFAULT_SCHEMES",
    "DILUTION_LIMIT",
    "SCHEMES",
    "compare",
    "compare_amounts",
    "parse_scheme_options",
]

#: Every allocation scheme name (the allocation package's own list wins when it has one).
SCHEMES = (
    "per-country-count",
    "patent-count",
    "family-count",
    "equal",
    "value-weighted",
    "disclosure-order",
    "shapley",
    "nucleolus",
    "top-down",
)
#: Largest pool (members) for which :func:`compare` computes dilution by default.
DILUTION_LIMIT = 200
#: Schemes run when none are named: the non-LP ones (nucleolus needs an LP over 2^n
#: coalitions and is only practical for small pools).
DEFAULT_SCHEMES = (
    "per-country-count",
    "patent-count",
    "family-count",
    "equal",
    "value-weighted",
    "disclosure-order",
    "top-down",
    "shapley",
)


def _known_schemes() -> tuple[str, ...]:
    try:
        from poolcalc import allocation
    except ImportError:  # pragma: no cover
        return SCHEMES
    names = getattr(allocation, "SCHEMES", None) or getattr(allocation, "SCHEME_NAMES", None)
    return tuple(names) if names else SCHEMES


def _check_schemes(schemes: Sequence[str] | str | None) -> tuple[str, ...]:
    if schemes is None:
        return DEFAULT_SCHEMES
    if isinstance(schemes, str):
        schemes = [s for s in (p.strip() for p in schemes.split(",")) if s]
    out = tuple(str(s) for s in schemes)
    if not out:
        raise InvalidInputError("schemes must name at least one scheme")
    known = _known_schemes()
    for s in out:
        if s not in known:
            raise InvalidInputError(f"unknown scheme {s!r} (allowed: {', '.join(known)})")
    if len(set(out)) != len(out):
        dup = next(s for s in out if out.count(s) > 1)
        raise InvalidInputError(f"schemes must be distinct, got {dup!r} twice")
    return out


def _coerce(value: str) -> Any:
    low = value.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    for conv in (int, float):
        try:
            return conv(value)
        except ValueError:
            pass
    return value.strip()


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
        Scheme -> {key: value}; values are converted by
        :func:`poolcalc.allocation.parse_options` when available (else: int, float,
        true/false, or the string).

    Raises
    ------
    InvalidInputError
        An item without ``.`` or ``=``, or for a scheme not compared.

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
    parse = None
    try:
        from poolcalc.allocation import parse_options as parse
    except ImportError:
        parse = None
    out: dict[str, dict[str, Any]] = {}
    for scheme, kvs in raw.items():
        if parse is not None:
            out[scheme] = dict(parse(kvs))
        else:
            out[scheme] = {k: _coerce(v) for k, _, v in (kv.partition("=") for kv in kvs)}
    return out


# --------------------------------------------------------------------------------------
# the game the metrics measure against
# --------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class _GameView:
    """What the metrics need from the game, computed once for every scheme."""

    game: Game | UnanimityGame
    shapley: NDArray[np.float64]
    grand: float
    standalone: NDArray[np.float64]
    carriers: bool  # a unanimity game: its carriers are checked when sampling


def _game_view(game: Any, n: int, *, shapley: ArrayLike | None) -> _GameView:
    """Validate the game (a Game, a values array or a UnanimityGame) for n members."""
    if callable(game) or (isinstance(game, tuple) and len(game) == 2):
        raise InvalidInputError(
            "game must be a poolcalc.games.Game, a values array of length 2**n or a "
            "poolcalc.games.UnanimityGame (for carriers and worths: "
            f"UnanimityGame(carriers, worths)), got {type(game).__name__}"
        )
    g = game if isinstance(game, (Game, UnanimityGame)) else Game(game)
    if g.n != n:
        raise InvalidInputError(f"game has {g.n} players but the pool has {n} members")
    if shapley is not None:
        phi = np.asarray(shapley, np.float64)
    else:
        phi = g.shapley() if isinstance(g, UnanimityGame) else game_shapley(g)
    return _GameView(g, phi, g.grand, standalone_values(g), isinstance(g, UnanimityGame))


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
        if gv.shapley.sum() > 0:
            ref = np.maximum(gv.shapley, 0.0)
            for k in range(len(schemes)):
                kw[k]["l1_to_shapley"] = M.l1_distance(amounts[k], ref)
        if n >= 2:
            cores = core_stability_batch(
                X,
                gv.game,
                tol=n * unit + 1e-9 * gv.grand,
                exact_limit=exact_limit,
                n_samples=n_samples,
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
            ir = individual_rationality(X[k], sa, tol=unit[k] + 1e-9 * gv.grand)
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
    game: Game | UnanimityGame | ArrayLike | None = None,
    shapley: ArrayLike | None = None,
    after_entrant: Mapping[str, ArrayLike] | None = None,
    after_patent: Mapping[str, ArrayLike] | None = None,
    monotone_members: ArrayLike | None = None,
    exact_limit: int = EXACT_LIMIT,
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
    game : Game, values array, or UnanimityGame, optional
        The pool's game, for the Shapley distance, core stability and individual
        rationality: a :class:`poolcalc.games.Game` or values array of length
        ``2**n`` (n <= 26), or a :class:`poolcalc.games.UnanimityGame` (any n; the
        pool game of :func:`poolcalc.allocation.pool_game` is one).
    shapley : array_like of shape (n,), optional
        Shapley value of ``game`` when already known; computed otherwise (closed
        form for a unanimity game, exact enumeration for a dense one).
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
    >>> from poolcalc.games import UnanimityGame
    >>> cmp = compare_amounts({"equal": [50, 50, 50], "skewed": [100, 40, 10]},
    ...                       game=UnanimityGame([{0, 1, 2}], [150]))
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
    gv = None if game is None else _game_view(game, n, shapley=shapley)
    notes = []
    if gv is not None:
        if gv.grand <= 0:
            notes.append("the pool game is worth nothing (v(N) = 0): game metrics not computed")
        if n > exact_limit:
            notes.append(
                f"core stability sampled: n = {n} members > {exact_limit}; "
                f"{n_samples} random coalitions "
                "plus every singleton, every N\\{i}"
                + (" and every carrier of the pool game" if gv.carriers else "")
                + " were checked (a lower bound on the largest excess)"
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
        amount_matrix=mat,
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
def _as_pool(pool: Any) -> Pool:
    """Return a Pool from a Pool, a PoolTables (``read_tables``) or a SyntheticPool."""
    from poolcalc.model import Pool

    if isinstance(pool, Pool):
        return pool
    if hasattr(pool, "to_table_pool"):
        return pool.to_table_pool()
    inner, patents, sales = (getattr(pool, k, None) for k in ("pool", "patents", "sales"))
    if (
        isinstance(inner, Pool)
        and isinstance(patents, PatentTable)
        and isinstance(sales, SalesTable)
    ):
        return inner.with_tables(patents, sales)
    raise InvalidInputError(
        "pool must be a Pool, the result of read_tables or a SyntheticPool, "
        f"got {type(pool).__name__}"
    )


def _royalties(pool: Pool, year: int) -> Any:
    from poolcalc.royalties import royalties_owed

    return royalties_owed(pool, year=year)


def _run(pool: Pool, scheme: str, options: Mapping[str, Any], year: int, royalties: Any) -> Any:
    from poolcalc.allocation import allocate

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
    pool : Pool, PoolTables or SyntheticPool
        A pool of model objects (:func:`poolcalc.io.read_pool`,
        :func:`synthetic_pool`), or columnar tables for large pools
        (:func:`poolcalc.io.read_tables`, :func:`synthetic_tables`): no
        ``Patent`` object is built on that path.
    schemes : sequence of str or comma-separated str, optional
        Scheme names (see :mod:`poolcalc.allocation`); default :data:`DEFAULT_SCHEMES`
        (every non-LP scheme plus Shapley, which has a closed form on the pool game).
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
    """
    names = _check_schemes(schemes)
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
        # the essential pool game (no value-added carriers), counted as the shapley scheme
        sh = opts.get("shapley", {})
        game_opts: dict[str, Any] = {"value_added": 0.0}
        game_opts.update({k: sh[k] for k in ("country", "unit") if sh.get(k)})
        game = pool_game(base, year=yr, options=game_opts, royalties=roy)
        gv = _game_view(game, n, shapley=None)
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

"""The pool-level driver: :func:`allocate` and :func:`pool_game`.

A scheme (looked up in the registry, :mod:`poolcalc.allocation._registry`) turns the
year's arrays into exact, non-negative member weights w_i; the driver takes the
administrator's fee ``floor(collected * fee)``, splits the distributable total D as
``quota_i = D w_i / sum_j w_j`` (exact rationals) and rounds once per member by
largest remainder, ties broken by member id.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc._args import check_mapping_arg
from poolcalc._log import timed
from poolcalc._money import format_money
from poolcalc.allocation._context import (
    SchemeContext,
    SchemeOutput,
    build_context,
    pool_arrays,
)
from poolcalc.allocation._game_build import PoolGame, build_pool_game
from poolcalc.allocation._netting import netting
from poolcalc.allocation._registry import ExplainParts, Scheme, get_scheme
from poolcalc.allocation._report import report_arrays, usage_arrays
from poolcalc.allocation._result import Distribution, Explanation, Netting
from poolcalc.allocation._rounding import exact_fraction, largest_remainder
from poolcalc.allocation._usage import usage_distribution_notes, with_usage_lines
from poolcalc.errors import InvalidInputError, PoolcalcWarning
from poolcalc.games import UnanimityGame
from poolcalc.model import Pool
from poolcalc.royalties import RoyaltyReport, royalties_owed
from poolcalc.tables import PatentTable, SalesTable

__all__ = ["allocate", "pool_game"]

_log = logging.getLogger(__name__)


def _dist_text(d: Distribution) -> str:
    return (f"{d.year}: {format_money(d.distributable_cents, d.minor_units, grouping=True)} "
            f"{d.currency} to {len(d.amounts)} members")


@timed(_log, lambda pool, **kw: f"allocate ({kw.get('scheme') or 'the pool scheme'})",
       _dist_text)
def allocate(
    pool: Pool,
    *,
    year: int | None = None,
    scheme: str | None = None,
    options: Mapping[str, Any] | None = None,
    royalties: RoyaltyReport | None = None,
) -> Distribution:
    """Split a year's collected royalties among the pool's members, to the cent.

    Parameters
    ----------
    pool : Pool
    year : int, optional
        Calendar year (default: the royalty engine's default, the latest year with sales).
    scheme : str, optional
        A registered scheme (:func:`schemes`; default ``pool.allocation.scheme``): the
        built-ins ``per-country-count``, ``patent-count``, ``family-count``, ``equal``,
        ``value-weighted``, ``disclosure-order``, ``top-down``, ``shapley``,
        ``nucleolus`` (``docs/allocation-schemes.md``), or one added with
        :func:`register_scheme`.
    options : mapping, optional
        Scheme options (see :func:`parse_options` for ``key=value`` strings), merged
        over the pool's ``[allocation]`` table; unknown keys raise.
    royalties : RoyaltyReport, optional
        The year's royalties (``royalties_owed(pool, year)`` by default): ``.rows``
        with ``index``, ``due``, ``cents`` arrays, ``.year``, ``.invoices`` and
        ``.usage`` (content royalties: ``licensee``, ``owed_cents``, ``by_country``).

    Returns
    -------
    Distribution
        ``collected == administrator_fee + sum(amounts)`` exactly; ``explain(member)``
        gives the audit trail.

    Raises
    ------
    InvalidInputError
        Unknown scheme or option (the message lists the allowed ones), a year with
        nothing collected, a scheme with nobody to pay, or a malformed usage invoice.

    Notes
    -----
    Money: ``fee = floor(collected * administrator_fee)`` (the administrator never keeps
    more than its fraction), ``D = collected - fee``, ``quota_i = D w_i / sum_j w_j``
    with the scheme's exact weights w_i (per-country counting: w_i = sum_u R(u)
    share_i(u), summed row by row in exact fractions), then one largest-remainder
    rounding per member with ties broken by member id.  Schemes and their rules:
    ``docs/allocation-schemes.md`` (generated from the registry).

    Per-country counting: a row whose count country has no pooled patent in force on
    its date (it was due through the other country) is counted in the other country
    and reported in ``notes`` and the audit trail; a row with none in either country
    raises.  Schemes that are not per country (``patent-count``, ``family-count``,
    ``value-weighted``, ``equal``, ``disclosure-order``, ``top-down``) count pooled
    patents in force on at least one day of the year and split the year's
    distributable total at once.

    Content ("usage") royalties (``royalties.usage``: ``UsageInvoice`` with
    ``owed_cents`` and ``by_country``) are part of ``collected`` and of D.  Usage
    records carry a year but no date, so per-country counting attributes the usage
    cents U_c of country c by the members' counts of essential patents (or families)
    in force in c on *at least one day of the year* -- the same period convention as
    ``patent-count``, so a patent that expires mid-year still shares in the year's
    usage, as it shares in the unit rows dated before its expiry.  A fixed reference
    date (e.g. 31 December) was rejected: it would give nothing to a patent in force
    for most of the year.  A usage country with no such patent is counted over all
    countries (fallback, reported in ``notes``; nothing is dropped); with none in force
    anywhere in the year it raises.  In the pool game (``shapley``, ``nucleolus``)
    U_c joins R_T for the carrier T = the holders in c over the year.  The netting
    payable of a member includes its licensees' usage royalties.  ``explain`` lists
    them as ``kind = usage`` lines: the scheme's own attribution for per-country
    counting and Shapley, else the member's entitlement pro rata to the cents.

    References
    ----------
    US DOJ, MPEG-2 business review letter, 26 June 1997, and DVD 6C letter, 10 June 1999
    (per-country patent counting).  Layne-Farrar, A., Padilla, J. and Schmalensee, R.,
    "Pricing patents for licensing in standard-setting organizations: making sense of
    FRAND commitments", Antitrust Law Journal 74, 2007.  Shapley, L. S., "A value for
    n-person games", Annals of Mathematics Studies 28, 1953.  Schmeidler, D., "The
    nucleolus of a characteristic function game", SIAM J. Applied Mathematics 17(6), 1969.
    TCL v. Ericsson, C.D. Cal., 21 Dec 2017 (top-down).  Lemley, M. A., "Intellectual
    property rights and standard-setting organizations", California Law Review 90, 2002
    (motivation for rewarding early disclosure; the disclosure-order decay family is
    poolcalc's own).

    Examples
    --------
    >>> import poolcalc.model as m
    >>> pool = m.Pool(
    ...     "demo", [m.Member("A"), m.Member("B")],
    ...     [m.Patent("P1", "A", "US", "2030-01-01"), m.Patent("P2", "A", "US", "2030-01-01"),
    ...      m.Patent("P3", "B", "US", "2030-01-01"), m.Patent("P4", "B", "DE", "2030-01-01")],
    ...     licensees=[m.Licensee("L1")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "tv", "US", "CN", 1000),
    ...            m.SalesRecord("L1", "2024-06-01", "tv", "DE", "CN", 500)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.25)])),
    ...     administrator_fee=0.1)
    >>> d = allocate(pool, year=2024)
    >>> d.collected_cents, d.administrator_fee_cents, dict(d.amounts)
    (37500, 3750, {'A': 15000, 'B': 18750})
    >>> dict(allocate(pool, year=2024, scheme="patent-count").amounts)
    {'A': 16875, 'B': 16875}
    """
    pool, table, sales = pool_arrays(pool, "allocate: pool")
    options = check_mapping_arg(options, "allocate: options")
    if scheme is not None and not isinstance(scheme, str):
        raise InvalidInputError(f"allocate: scheme must be a scheme name, got {scheme!r}")
    if scheme is None:
        try:
            sch = get_scheme(pool.allocation.scheme)
        except InvalidInputError as exc:
            where = pool.allocation.source or "pool.allocation"
            raise InvalidInputError(f"{where}: allocation.scheme: {exc}") from None
    else:
        sch = get_scheme(str(scheme))
    opts = _resolve(pool, sch, options)
    run = _prepare(pool, table, sales, year, royalties)
    ctx = run.ctx
    if ctx.collected == 0:
        years = ", ".join(str(y) for y in pool.years()) or "none"
        raise InvalidInputError(
            f"nothing collected in {ctx.year}: {run.index.size} sales row(s), none "
            f"royalty-bearing (years with sales: {years})"
        )
    out = _as_output(sch, sch.weights(ctx, opts), ctx)
    dist = _finish(
        ctx,
        sch,
        opts,
        out,
        pool.currency,
        lambda amounts: netting(pool, run.report, sales, run.index, run.cents, amounts),
    )
    return _degenerate(dist, ctx)


def _degenerate(dist: Distribution, ctx: SchemeContext) -> Distribution:
    """Note (and warn about) members with no pooled essential patent in force in the year.

    Valid input, but under a counting scheme such a member receives nothing: a
    :class:`~poolcalc.errors.PoolcalcWarning` and a note in the result say so.
    """
    table = ctx.table
    held = np.bincount(table.owner[ctx.in_force()], minlength=len(table.members))
    owns = {table.members[k] for k in range(len(table.members)) if held[k]}
    idle = [m for m in ctx.members if m not in owns]
    if not idle:
        return dist
    shown = ", ".join(idle[:20]) + (f" and {len(idle) - 20} more" if len(idle) > 20 else "")
    note = (f"{len(idle)} member(s) with no pooled essential patent in force in {ctx.year}: "
            f"{shown}")
    warnings.warn(note, PoolcalcWarning, stacklevel=3)
    return attrs.evolve(dist, notes=(*dist.notes, note))


@attrs.frozen(eq=False)
class _Run:
    """The validated report of a run and the context built from it."""

    report: RoyaltyReport
    ctx: SchemeContext
    index: np.ndarray  # the report's row index into the sales and its cents
    cents: np.ndarray


def _resolve(pool: Pool, sch: Scheme, options: Mapping[str, Any] | None) -> dict[str, Any]:
    """Validate ``options`` for ``sch`` over the pool's ``[allocation]`` table."""
    return sch.resolve(
        options,
        pool_level={"unit": pool.allocation.unit.value, "country": pool.allocation.country.value},
        pool_extra=pool.allocation.options,
        strict_pool_extra=(sch.name == pool.allocation.scheme),
    )


def _prepare(
    pool: Pool,
    table: PatentTable,
    sales: SalesTable,
    year: int | None,
    royalties: RoyaltyReport | None,
) -> _Run:
    """Compute (or check) the year's royalty report and build the schemes' context."""
    report = royalties_owed(pool, year=year) if royalties is None else royalties
    yr = int(getattr(report, "year", year if year is not None else 0))
    if year is not None and yr != year:
        raise InvalidInputError(f"year={year} but the royalties report is for {yr}")
    index, _due, cents = report_arrays(report, len(sales))
    ctx = build_context(
        tuple(m.id for m in pool.members),
        table,
        sales,
        year=yr,
        rows=index,
        cents=cents,
        administrator_fee=pool.administrator_fee,
        minor_units=pool.minor_units,
        usage=usage_arrays(report, yr),
        other_cents=int(getattr(report, "other_cents", 0)),
    )
    return _Run(report, ctx, index, cents)


def pool_game(
    pool: Pool,
    *,
    year: int | None = None,
    options: Mapping[str, Any] | None = None,
    royalties: RoyaltyReport | None = None,
) -> UnanimityGame:
    r"""Return the pool game of a year: v(S) = sum_T R_T [T subset of S] on the members.

    The game the ``shapley`` and ``nucleolus`` schemes solve (they split the
    distributable total, i.e. these worths scaled by ``1 - administrator_fee``), and
    the one :func:`poolcalc.compare.compare` measures stability against.

    Parameters
    ----------
    pool : Pool
    year : int, optional
        Calendar year (default: the latest year with sales).
    options : mapping, optional
        Options of the ``shapley`` scheme: ``country``, ``unit`` (default the pool's
        ``[allocation]``) and ``value_added`` (default 0: essential carriers only).
    royalties : RoyaltyReport, optional
        ``royalties_owed(pool, year)`` when already computed.

    Returns
    -------
    poolcalc.games.UnanimityGame
        ``carriers`` (bool, shape (K, n_members), columns in ``pool.members``
        order, ``names`` the member ids): the distinct holder sets T, i.e. the
        members holding an in-force essential patent (or family) in the count
        country of some royalty-bearing row on its date; with ``value_added > 0``,
        then one carrier per in-force non-essential patent (every essential holder
        plus its owner).  ``worths``: R_T, exact [minor units, before the
        administrator fee]; they add up to the year's collected royalties (usage
        royalties of country c join the carrier of the members holding an
        essential patent in force in c during the year).

    Raises
    ------
    InvalidInputError
        Unknown option, a royalties report for another year, ``value_added > 0``
        with no weighted non-essential patent in force.

    Notes
    -----
    See :mod:`poolcalc.allocation._pool_game` for the construction (Shapley 1953;
    Dehez and Poukens 2014 for value-added patents).

    Examples
    --------
    >>> import poolcalc.model as m
    >>> pool = m.Pool(
    ...     "demo", [m.Member("A"), m.Member("B")],
    ...     [m.Patent("P1", "A", "US", "2030-01-01"), m.Patent("P3", "B", "US", "2030-01-01"),
    ...      m.Patent("P4", "B", "DE", "2030-01-01")],
    ...     licensees=[m.Licensee("L1")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "tv", "US", "CN", 1000),
    ...            m.SalesRecord("L1", "2024-06-01", "tv", "DE", "CN", 500)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.25)])))
    >>> game = pool_game(pool, year=2024)
    >>> game.carriers.astype(int).tolist(), game.worths.tolist(), game.names
    ([[0, 1], [1, 1]], [12500, 25000], ('A', 'B'))
    >>> game.shapley().tolist()
    [12500.0, 25000.0]
    """
    pool, table, sales = pool_arrays(pool, "pool_game: pool")
    opts = _resolve(pool, get_scheme("shapley"), options)
    ctx = _prepare(pool, table, sales, year, royalties).ctx
    return build_pool_game(ctx, opts, ctx.collected).game


def _fraction(name: str, member: str, v: Any) -> Fraction:
    """Return an exact non-negative weight (floats at their decimal value), or raise."""
    if isinstance(v, Fraction):
        x = v
    elif isinstance(v, (int, np.integer)):
        x = Fraction(int(v))
    elif isinstance(v, (float, np.floating)) and math.isfinite(float(v)):
        x = exact_fraction(float(v))
    else:
        raise InvalidInputError(
            f"scheme {name}: weight of member {member} must be a finite number, got {v!r}"
        )
    if x < 0:
        raise InvalidInputError(f"scheme {name}: weight of member {member} must be >= 0, got {v!r}")
    return x


def _as_output(
    sch: Scheme, result: SchemeOutput | Sequence[Any], ctx: SchemeContext
) -> SchemeOutput:
    """Normalise a kernel's result: exact non-negative weights, one per member."""
    out = result if isinstance(result, SchemeOutput) else SchemeOutput(list(result))
    w = list(out.weights)
    if len(w) != len(ctx.members):
        raise InvalidInputError(
            f"scheme {sch.name}: {len(w)} weights for {len(ctx.members)} members"
        )
    return attrs.evolve(
        out, weights=[_fraction(sch.name, m, v) for m, v in zip(ctx.members, w, strict=True)]
    )


def _default_explain(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> ExplainParts:
    total = sum(out.weights, Fraction(0))
    basis = (
        f"share = w_i / sum_j w_j = {out.weights[i]} / {total} of the distributable "
        f"{ctx.money(ctx.distributable)}."
    )
    return basis, (), [], list(out.notes)


def _finish(
    ctx: SchemeContext,
    sch: Scheme,
    opts: Mapping[str, Any],
    out: SchemeOutput,
    currency: str,
    netting: Callable[[Mapping[str, int]], dict[str, Netting]],
) -> Distribution:
    """Quotas, largest-remainder rounding, netting and the audit trail."""
    total_w = sum(out.weights, Fraction(0))
    if total_w <= 0:
        raise InvalidInputError(
            f"scheme {sch.name}: no member has anything to count in {ctx.year} "
            f"(no pooled essential patent in force)"
        )
    d = ctx.distributable
    quotas = [d * w / total_w for w in out.weights]
    amounts_l, residue = largest_remainder(quotas, d, ctx.members)
    amounts = dict(zip(ctx.members, amounts_l, strict=True))
    shares = {m: float(w / total_w) for m, w in zip(ctx.members, out.weights, strict=True)}
    index = {m: i for i, m in enumerate(ctx.members)}
    usage_notes = usage_distribution_notes(ctx, out.usage_note)
    explain_fn = sch.explain or _default_explain
    usage_fn = sch.usage

    def usage(i: int, ent: Fraction) -> list[dict[str, Any]]:
        assert usage_fn is not None
        return usage_fn(ctx, opts, out, i, ent)

    def explain(member: str) -> Explanation:
        i = index[member]
        basis, cols, lines, notes = explain_fn(ctx, opts, out, i, quotas[i])
        if ctx.usage_country.size:
            lines, cols = with_usage_lines(
                ctx, None if usage_fn is None else usage, i, quotas[i], lines, cols
            )
            notes = [*usage_notes, *notes]
        return Explanation(
            member=member,
            scheme=sch.name,
            amount_cents=amounts[member],
            entitlement=quotas[i],
            basis=basis,
            columns=cols,
            lines=lines,
            notes=tuple(notes),
            minor_units=ctx.minor_units,
        )

    return Distribution(
        scheme=sch.name,
        options=opts,
        currency=currency,
        minor_units=ctx.minor_units,
        year=ctx.year,
        collected_cents=ctx.collected,
        administrator_fee_cents=ctx.collected - ctx.distributable,
        amounts=amounts,
        shares=shares,
        netting=netting(amounts),
        rounding_residue_cents=residue,
        notes=(*usage_notes, *out.notes),
        explain=explain,
        usage_cents=ctx.usage_total,
        pool_game=out.detail.collected_game if isinstance(out.detail, PoolGame) else None,
    )

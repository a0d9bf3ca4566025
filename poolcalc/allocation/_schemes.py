"""Scheme registry and the pool-level driver :func:`allocate`.

Each scheme turns the year's data into exact, non-negative member *weights*; the
driver takes the administrator's fee, splits the distributable total D as
``quota_i = D w_i / sum_j w_j`` (exact rationals) and rounds once per member by
largest remainder, ties broken by member id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from poolcalc._money import format_money
from poolcalc.allocation._counting import in_force_during, member_counts
from poolcalc.allocation._disclosure import disclosure_shares
from poolcalc.allocation._options import OPTION_SPECS, resolve_options
from poolcalc.allocation._per_country import PerCountrySplit, per_country_split
from poolcalc.allocation._pool_game import add_value_added, pool_game_carriers
from poolcalc.allocation._result import Distribution, Explanation, Netting, format_fraction
from poolcalc.allocation._rounding import administrator_fee_cents, exact_fraction, largest_remainder
from poolcalc.allocation._top_down import top_down_shares
from poolcalc.errors import InvalidInputError
from poolcalc.games import NUCLEOLUS_MAX_PLAYERS, UnanimityGame
from poolcalc.tables import (
    COUNTRIES,
    NO_DATE,
    STATUSES,
    PatentTable,
    SalesTable,
    country_code,
    day_number,
    from_day_number,
)

if TYPE_CHECKING:  # pragma: no cover
    from typing import Protocol

    from poolcalc.model import Pool

    class PoolTablesLike(Protocol):  # poolcalc.io.PoolTables
        def to_pool(self) -> Pool: ...

__all__ = ["SCHEMES", "allocate", "pool_game"]

_DECLARED_CODE = [s.value for s in STATUSES].index("declared")
_NON_ESSENTIAL_CODE = [s.value for s in STATUSES].index("non_essential")
_MAX_LISTED = 10  # patents listed per audit line before "+N more"


@attrs.frozen(eq=False)
class _Context:
    """Everything a scheme needs, as arrays (M members, R royalty-bearing rows)."""

    members: tuple[str, ...]
    table: PatentTable
    sales: SalesTable
    rows: np.ndarray  # indices into sales
    cents: np.ndarray  # int64, > 0
    year: int
    start: int  # day numbers, [start, end)
    end: int
    collected: int
    distributable: int
    minor_units: int
    # content ("usage") royalties, one entry per usage country (U countries, sorted by code)
    usage_country: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    usage_cents: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    usage_licensees: tuple[tuple[str, ...], ...] = ()

    @property
    def usage_total(self) -> int:
        return int(self.usage_cents.sum())

    def money(self, cents: int | Fraction, extra: int = 0) -> str:
        if isinstance(cents, Fraction) or extra:
            return format_fraction(Fraction(cents), self.minor_units, extra)
        return format_money(int(cents), self.minor_units)

    def to_entitlement(self, part: Fraction, total_weight: Fraction) -> Fraction:
        return self.distributable * part / total_weight


@attrs.frozen(eq=False)
class _SchemeOutput:
    weights: list[Fraction]
    explain: Callable[[int, Fraction], tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]]
    notes: tuple[str, ...] = ()
    #: usage(i, entitlement) -> one dict per usage country (the scheme's own attribution of
    #: the usage cents); None: the usage lines are the entitlement pro rata to the cents
    usage: Callable[[int, Fraction], list[dict[str, Any]]] | None = None


def _patent_list(ctx: _Context, mask: np.ndarray) -> str:
    ids = [str(x) for x in ctx.table.ids[mask]]
    if len(ids) > _MAX_LISTED:
        return ", ".join(ids[:_MAX_LISTED]) + f" (+{len(ids) - _MAX_LISTED} more)"
    return ", ".join(ids)


def _lines_list(lines: np.ndarray) -> str:
    s = [str(int(x)) for x in np.sort(lines)]
    if len(s) > _MAX_LISTED:
        return ", ".join(s[:_MAX_LISTED]) + f" (+{len(s) - _MAX_LISTED} more)"
    return ", ".join(s)


def _span(a: np.ndarray) -> str:
    if a.size == 0:
        return "0"
    lo, hi = int(a.min()), int(a.max())
    return str(lo) if lo == hi else f"{lo}-{hi}"


# --- content (usage) royalties --------------------------------------------------------------
@attrs.frozen(eq=False)
class _UsageCounts:
    """Per usage country: members' in-force essential counts over the year.

    Pooled essential patents (or families) in force on at least one day of the year in
    that country (U countries, M members).
    """

    counts: np.ndarray  # int64 (U, M)
    totals: np.ndarray  # int64 (U,)
    fallback: np.ndarray  # bool (U,): nothing in force there, counted pool-wide instead


def _usage_counts(ctx: _Context, unit: str) -> _UsageCounts:
    """Count each usage country's in-force essential patents over the year (see allocate).

    Usage records carry a year, not a date, so the per-country count uses the period
    convention of the period schemes: a pooled patent counts when it is in force on at
    least one day of ``[start, end)`` in that country.  A country with none counts the
    pooled patents in force anywhere in the year instead (fallback, reported).
    """
    t = ctx.table
    period = in_force_during(t, ctx.start, ctx.end)
    u = ctx.usage_country.size
    counts = np.zeros((u, len(ctx.members)), np.int64)
    fallback = np.zeros(u, bool)
    for k, c in enumerate(ctx.usage_country.tolist()):
        counts[k] = member_counts(t, period & (t.country == c), unit=unit)  # type: ignore[arg-type]
        if counts[k].sum() == 0:
            counts[k] = member_counts(t, period, unit=unit)  # type: ignore[arg-type]
            fallback[k] = True
            if counts[k].sum() == 0:
                raise InvalidInputError(
                    f"usage royalties {ctx.money(int(ctx.usage_cents[k]))} in "
                    f"{COUNTRIES[c]} but no pooled essential {unit} in force anywhere in "
                    f"{ctx.year}; cannot attribute them to members"
                )
    return _UsageCounts(counts, counts.sum(axis=1), fallback)


def _usage_notes(ctx: _Context, uc: _UsageCounts, unit: str) -> list[str]:
    if not uc.fallback.any():
        return []
    where = ", ".join(COUNTRIES[c] for c in ctx.usage_country[uc.fallback].tolist())
    return [
        f"usage royalties {ctx.money(int(ctx.usage_cents[uc.fallback].sum()))} in {where} "
        f"had no pooled essential {unit} in force there in {ctx.year} and were counted over "
        "all countries (fallback)"
    ]


def _usage_line(ctx: _Context, k: int) -> dict[str, Any]:
    return {
        "kind": "usage",
        "country": COUNTRIES[int(ctx.usage_country[k])],
        "licensees": ", ".join(ctx.usage_licensees[k]),
        "royalty": ctx.money(int(ctx.usage_cents[k])),
    }


def _counted_usage_lines(
    ctx: _Context, uc: _UsageCounts, unit: str, i: int, part: Callable[[int], Fraction]
) -> list[dict[str, Any]]:
    out = []
    for k in range(ctx.usage_country.size):
        out.append(
            {
                **_usage_line(ctx, k),
                "fallback rows": "all countries" if uc.fallback[k] else 0,
                f"member {unit}s": int(uc.counts[k, i]),
                f"total {unit}s": int(uc.totals[k]),
                "entitlement": ctx.money(part(k), 2),
            }
        )
    return out


# --- per-country counting ---------------------------------------------------------------
def _split(ctx: _Context, opts: Mapping[str, Any]) -> PerCountrySplit:
    s = ctx.sales
    r = ctx.rows
    return per_country_split(
        ctx.cents,
        s.country_of_sale[r],
        s.country_of_manufacture[r],
        s.date[r],
        ctx.table,
        country=opts["country"],
        unit=opts["unit"],
        exact=opts.get("exact"),
    )


def _split_notes(ctx: _Context, sp: PerCountrySplit, opts: Mapping[str, Any]) -> list[str]:
    notes = []
    if sp.fallback.any():
        other = "sale" if opts["country"] == "manufacture" else "manufacture"
        notes.append(
            f"{int(sp.fallback.sum())} row(s) ({ctx.money(int(ctx.cents[sp.fallback].sum()))}) "
            "had no pooled "
            f"essential {opts['unit']} in force in their "
            f"{'manufacture' if other == 'sale' else 'sale'} country "
            f"on their date and were counted in the country of {other} (fallback)"
        )
    if not sp.exact:
        notes.append(
            "fractional cents summed in float64 (error < 1e-9 cent per member); pass exact=true "
            "to force exact"
        )
    return notes


def _per_country(ctx: _Context, opts: Mapping[str, Any]) -> _SchemeOutput:
    sp = _split(ctx, opts)
    uc = _usage_counts(ctx, opts["unit"])
    usage_parts = [
        [
            Fraction(int(ctx.usage_cents[k]) * int(uc.counts[k, i]), int(uc.totals[k]))
            for k in range(ctx.usage_country.size)
        ]
        for i in range(len(ctx.members))
    ]
    gross = [g + sum(usage_parts[i], Fraction(0)) for i, g in enumerate(sp.gross)]
    total_w = sum(gross, Fraction(0))
    notes = tuple(_split_notes(ctx, sp, opts) + _usage_notes(ctx, uc, opts["unit"]))

    def usage(i: int, ent: Fraction) -> list[dict[str, Any]]:
        return _counted_usage_lines(
            ctx, uc, opts["unit"], i, lambda k: ctx.to_entitlement(usage_parts[i][k], total_w)
        )

    def explain(
        i: int, ent: Fraction
    ) -> tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]:
        t = ctx.table
        row_country = sp.group_country[sp.row_group]
        fb_rows = np.bincount(sp.row_group[sp.fallback], minlength=sp.group_cents.size)
        lines = []
        for c in np.unique(sp.group_country):
            g = np.flatnonzero(sp.group_country == c)
            part = sum(
                (
                    Fraction(int(sp.group_cents[k]) * int(sp.counts[k, i]), int(sp.totals[k]))
                    for k in g
                    if sp.counts[k, i]
                ),
                Fraction(0),
            )
            d_lo, d_hi = int(sp.group_day[g].min()), int(sp.group_day[g].max())
            pm = (
                (t.owner == i)
                & (t.country == c)
                & t.pooled
                & (t.granted <= d_hi)
                & (t.expires > d_lo)
            )
            lines.append(
                {
                    "country": COUNTRIES[c],
                    "rows": int(sp.group_rows[g].sum()),
                    "fallback rows": int(fb_rows[g].sum()),
                    "royalty": ctx.money(int(sp.group_cents[g].sum())),
                    f"member {opts['unit']}s": _span(sp.counts[g, i]),
                    f"total {opts['unit']}s": _span(sp.totals[g]),
                    "entitlement": ctx.money(ctx.to_entitlement(part, total_w), 2),
                    "patents": _patent_list(ctx, pm),
                    "sales lines": _lines_list(ctx.sales.line[ctx.rows[row_country == c]]),
                }
            )
        cols = (
            "country",
            "rows",
            "fallback rows",
            "royalty",
            f"member {opts['unit']}s",
            f"total {opts['unit']}s",
            "entitlement",
            "patents",
            "sales lines",
        )
        basis = (
            f"Each royalty-bearing row of {ctx.year} was split by the members' counts of in-force "
            "essential "
            f"{opts['unit']}s in the country of {opts['country'].replace('_', ' ')} on the row's "
            "date "
            "(counts given as min-max over the year's row dates); entitlement = share of the "
            "distributable "
            f"{ctx.money(ctx.distributable)} after the administrator's fee."
        )
        return basis, cols, lines, list(notes)

    return _SchemeOutput(gross, explain, notes, usage if ctx.usage_country.size else None)


# --- period counting ---------------------------------------------------------------------
def _count_scheme(unit: str) -> Callable[[_Context, Mapping[str, Any]], _SchemeOutput]:
    def scheme(ctx: _Context, opts: Mapping[str, Any]) -> _SchemeOutput:
        mask = in_force_during(ctx.table, ctx.start, ctx.end)
        counts = member_counts(ctx.table, mask, unit=unit)  # type: ignore[arg-type]
        weights = [Fraction(float(c)) if unit == "weight" else Fraction(int(c)) for c in counts]
        total_w = sum(weights, Fraction(0))
        what = {
            "patent": "essential patents",
            "family": "essential families",
            "weight": "value weights of in-force essential patents",
        }[unit]

        def explain(
            i: int, ent: Fraction
        ) -> tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]:
            t = ctx.table
            lines = []
            pm = mask & (t.owner == i)
            for c in np.unique(t.country[pm]):
                sel = pm & (t.country == c)
                lines.append(
                    {
                        "country": COUNTRIES[c],
                        "patents": int(sel.sum()),
                        "families": int(np.unique(t.family[sel]).size),
                        "weight": f"{float(t.weight[sel].sum()):g}",
                        "ids": _patent_list(ctx, sel),
                    }
                )
            basis = (
                f"share = member's {what} in force at some time in {ctx.year} / all members' = "
                f"{weights[i]} / {total_w} of the distributable {ctx.money(ctx.distributable)}."
            )
            return basis, ("country", "patents", "families", "weight", "ids"), lines, []

        return _SchemeOutput(weights, explain)

    return scheme


def _equal(ctx: _Context, opts: Mapping[str, Any]) -> _SchemeOutput:
    counts = member_counts(ctx.table, in_force_during(ctx.table, ctx.start, ctx.end))
    take = np.ones(len(ctx.members), bool) if opts["among"] == "all" else counts > 0
    weights = [Fraction(int(x)) for x in take]
    k = int(take.sum())

    def explain(
        i: int, ent: Fraction
    ) -> tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]:
        who = (
            "members"
            if opts["among"] == "all"
            else f"members holding an essential patent in force in {ctx.year}"
        )
        basis = (
            f"equal split among the {k} {who}; this member is "
            f"{'one of them' if take[i] else 'not one of them (no in-force essential patent)'}."
        )
        return basis, (), [], []

    return _SchemeOutput(weights, explain)


# --- disclosure order --------------------------------------------------------------------
def _disclosure(ctx: _Context, opts: Mapping[str, Any]) -> _SchemeOutput:
    t = ctx.table
    mask = in_force_during(t, ctx.start, ctx.end)
    idx = np.flatnonzero(mask)
    m = len(ctx.members)
    res = disclosure_shares(
        t.owner[idx],
        t.disclosed[idx],
        m,
        decay=opts["decay"],
        unit=opts["unit"],
        blend=opts["blend"],
        q=opts["q"],
        alpha=opts["alpha"],
        step=opts["step"],
        floor=opts["floor"],
        missing=NO_DATE,
    )
    lam = exact_fraction(opts["blend"], "blend")
    n_tot = int(res.counts.sum())
    mw = [Fraction(float(x)) for x in res.member_weight]
    mw_tot = sum(mw, Fraction(0))
    weights = [
        lam * Fraction(int(res.counts[i]), n_tot) + (1 - lam) * mw[i] / mw_tot for i in range(m)
    ]
    n_missing = int(np.sum(t.disclosed[idx] == NO_DATE))
    notes = (
        [f"{n_missing} ranked patent(s) without a disclosure date ranked last (tied)"]
        if n_missing
        else []
    )

    def explain(
        i: int, ent: Fraction
    ) -> tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]:
        sel = np.flatnonzero(res.item_owner == i)
        lines = []
        for k in sel[np.argsort(res.item_rank[sel], kind="stable")]:
            if opts["unit"] == "patent":
                p = idx[res.item_index[k]]
                d = int(t.disclosed[p])
                lines.append(
                    {
                        "item": str(t.ids[p]),
                        "disclosed": "-" if d == NO_DATE else str(from_day_number(d)),
                        "rank": f"{res.item_rank[k]:g}",
                        "weight": f"{res.item_weight[k]:.6g}",
                        "order share": f"{res.item_weight[k] / float(mw_tot):.6f}",
                    }
                )
            else:
                own = t.disclosed[idx[t.owner[idx] == i]]
                own = own[own != NO_DATE]
                lines.append(
                    {
                        "item": ctx.members[i],
                        "disclosed": str(from_day_number(int(own.min()))) if own.size else "-",
                        "rank": f"{res.item_rank[k]:g}",
                        "weight": f"{res.item_weight[k]:.6g}",
                        "order share": f"{res.item_weight[k] / float(mw_tot):.6f}",
                    }
                )
        decay = (
            opts["decay"]
            + {
                "geometric": f"(q={opts['q']:g})",
                "harmonic": f"(alpha={opts['alpha']:g})",
                "arithmetic": f"(step={opts['step']:g}, floor={opts['floor']:g})",
                "linear": "",
            }[opts["decay"]]
        )
        basis = (
            f"disclosure order, decay {decay}, ranking {opts['unit']}s by disclosure date (ties "
            "share the "
            f"average weight of their ranks), blend {opts['blend']:g} with patent counting: share "
            "= "
            f"{opts['blend']:g} x {int(res.counts[i])}/{n_tot} + {1 - opts['blend']:g} x order "
            "share "
            f"{float(mw[i] / mw_tot):.6f}."
        )
        return basis, ("item", "disclosed", "rank", "weight", "order share"), lines, notes

    return _SchemeOutput(weights, explain, tuple(notes))


# --- top-down ------------------------------------------------------------------------------
def _top_down(ctx: _Context, opts: Mapping[str, Any]) -> _SchemeOutput:
    t = ctx.table
    m = len(ctx.members)
    nf = max(len(t.families), 1)
    ess = in_force_during(t, ctx.start, ctx.end)
    dec = in_force_during(t, ctx.start, ctx.end, status=_DECLARED_CODE)
    ess_keys = np.unique(t.owner[ess].astype(np.int64) * nf + t.family[ess])
    dec_keys = np.setdiff1d(np.unique(t.owner[dec].astype(np.int64) * nf + t.family[dec]), ess_keys)
    e_i = np.bincount(ess_keys // nf, minlength=m)
    d_i = np.bincount(dec_keys // nf, minlength=m)
    td = top_down_shares(
        e_i,
        d_i,
        essentiality_rate=opts["essentiality_rate"],
        rate=opts["rate"],
        rate_per_family=opts["rate_per_family"],
        outside_families=opts["outside_families"],
    )
    er = exact_fraction(opts["essentiality_rate"], "essentiality_rate")
    weights = [int(e_i[i]) + er * int(d_i[i]) for i in range(m)]

    def explain(
        i: int, ent: Fraction
    ) -> tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]:
        lines = []
        for key, status, w in (
            (ess_keys, "essential", "1"),
            (dec_keys, "declared only", f"{opts['essentiality_rate']:g}"),
        ):
            for f in key[key // nf == i] % nf:
                sel = (t.family == f) & (t.owner == i) & (ess if status == "essential" else dec)
                lines.append(
                    {
                        "family": t.families[f],
                        "status": status,
                        "counts as": w,
                        "patents": _patent_list(ctx, sel),
                    }
                )
        rate = "" if td.rates is None else f"; implied rate r_i = {td.rates[i]:.6g}"
        cap = (
            f" after the aggregate-cap scale-down x{td.cap_factor:.6g}"
            if td.cap_factor != 1.0
            else ""
        )
        basis = (
            f"top-down: F_i = {int(e_i[i])} essential + {opts['essentiality_rate']:g} x "
            f"{int(d_i[i])} declared "
            f"families = {td.effective_families[i]:g}; share of the standard s_i = "
            f"{td.share_of_standard[i]:.6g}"
            f"{rate}{cap}; the distributable {ctx.money(ctx.distributable)} is split in "
            "proportion to F_i."
        )
        return basis, ("family", "status", "counts as", "patents"), lines, []

    return _SchemeOutput(weights, explain)


# --- pool game -----------------------------------------------------------------------------
@attrs.frozen(eq=False)
class _PoolGame:
    """The pool game of a year: carriers, exact worths and where they came from."""

    carriers: np.ndarray  # bool (K, M): essential carriers first, then value-added ones
    worth: list[Fraction]  # R_T for each carrier
    n_essential: int  # carriers[:n_essential] are the essential holder sets
    value_added: np.ndarray  # patent-table rows of the value-added patents (carriers after)
    split: PerCountrySplit
    usage: _UsageCounts  # usage countries' holder counts (their R_c joined the carriers)
    game: UnanimityGame  # v(S) = sum_T R_T [T subset of S] on the members


def _build_pool_game(ctx: _Context, opts: Mapping[str, Any], total: int | Fraction) -> _PoolGame:
    """Pool game whose worths add up to ``total`` (distributable or collected cents).

    Essential carriers T (per-country groups, :func:`pool_game_carriers`) are worth
    ``R_T (1 - value_added) total / collected``; with ``value_added > 0`` each in-force
    non-essential patent j adds a carrier (all essential holders plus its owner)
    worth ``value_added * total * w_j / sum w`` (DOMAIN.md 2.2).
    """
    sp = _split(ctx, {**opts, "exact": False})
    uc = _usage_counts(ctx, opts["unit"])
    if ctx.usage_country.size:  # usage royalty R_c of country c: holders over the year there
        carriers, worth_c = pool_game_carriers(
            np.concatenate([sp.counts, uc.counts]),
            np.concatenate([sp.group_cents, ctx.usage_cents]),
        )
    else:
        carriers, worth_c = pool_game_carriers(sp.counts, sp.group_cents)
    va = exact_fraction(opts["value_added"], "value_added")
    worth: list[Fraction] = [Fraction(int(w)) * (1 - va) * total / ctx.collected for w in worth_c]
    n_ess = carriers.shape[0]
    va_idx = np.zeros(0, np.int64)
    if va > 0:
        t = ctx.table
        va_idx = np.flatnonzero(in_force_during(t, ctx.start, ctx.end, status=_NON_ESSENTIAL_CODE))
        wts = [Fraction(float(x)) for x in t.weight[va_idx]]
        if not va_idx.size or sum(wts, Fraction(0)) == 0:
            raise InvalidInputError(
                f"value_added={opts['value_added']} but no non_essential (value-added) patent "
                "with weight > 0 "
                f"is in force in {ctx.year}"
            )
        tw = sum(wts, Fraction(0))
        carriers, worth = add_value_added(
            carriers, worth, t.owner[va_idx], [va * total * w / tw for w in wts]
        )
    game = UnanimityGame(carriers, worth, names=ctx.members)
    return _PoolGame(carriers, worth, n_ess, va_idx, sp, uc, game)


def _game(solution: str) -> Callable[[_Context, Mapping[str, Any]], _SchemeOutput]:
    def scheme(ctx: _Context, opts: Mapping[str, Any]) -> _SchemeOutput:
        game = _build_pool_game(ctx, opts, ctx.distributable)
        carriers, worth, n_ess, va_idx, sp = (
            game.carriers,
            game.worth,
            game.n_essential,
            game.value_added,
            game.split,
        )
        if solution == "shapley":
            weights = game.game.shapley(exact=True)
        else:
            holders = game.game.active_players().size
            if holders > NUCLEOLUS_MAX_PLAYERS:
                raise InvalidInputError(
                    f"nucleolus enumerates 2**n coalitions: {holders} members hold in-force "
                    f"patents, at most {NUCLEOLUS_MAX_PLAYERS} supported; use scheme shapley "
                    "instead"
                )
            weights = [Fraction(float(max(v, 0.0))) for v in game.game.nucleolus()]
        notes = [n for n in _split_notes(ctx, sp, opts) if "fallback" in n]
        notes += _usage_notes(ctx, game.usage, opts["unit"])
        uc = game.usage
        va = exact_fraction(opts["value_added"], "value_added")

        def usage(i: int, ent: Fraction) -> list[dict[str, Any]]:
            # Shapley: the usage carrier T_c pays R_c / |T_c| to each holder; the nucleolus
            # has no per-carrier split, so its lines show the entitlement pro rata to cents
            def part(k: int) -> Fraction:
                if solution != "shapley":
                    return ent * int(ctx.usage_cents[k]) / ctx.collected
                size = int((uc.counts[k] > 0).sum())
                if not uc.counts[k, i]:
                    return Fraction(0)
                return (
                    Fraction(int(ctx.usage_cents[k]))
                    * (1 - va)
                    * ctx.distributable
                    / ctx.collected
                    / size
                )

            return _counted_usage_lines(ctx, uc, opts["unit"], i, part)

        def explain(
            i: int, ent: Fraction
        ) -> tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]:
            lines = []
            for k in np.flatnonzero(carriers[:, i]):
                holders = [ctx.members[j] for j in np.flatnonzero(carriers[k])]
                kind = (
                    "essential" if k < n_ess else f"value-added {ctx.table.ids[va_idx[k - n_ess]]}"
                )
                lines.append(
                    {
                        "carrier": kind,
                        "holders": ", ".join(holders[:12]) + (" ..." if len(holders) > 12 else ""),
                        "size": len(holders),
                        "worth R_T": ctx.money(worth[k], 2),
                        "R_T/|T|": ctx.money(worth[k] / len(holders), 2),
                    }
                )
            game = (
                "v(S) = sum_T R_T [T subset of S], T = members holding an in-force essential "
                "patent in the "
                f"count country ({opts['country']}) on a row's date, R_T the (post-fee) royalty "
                "of those rows"
            )
            if solution == "shapley":
                basis = (
                    f"Shapley value of the pool game {game}: "
                    "phi_i = sum over carriers T containing i of R_T/|T|."
                )
            else:
                basis = (
                    f"nucleolus (Schmeidler) of the pool game {game}, by sequential LPs; the "
                    "carriers containing "
                    f"this member are listed, its nucleolus payoff is {ctx.money(ent, 2)}."
                )
            return basis, ("carrier", "holders", "size", "worth R_T", "R_T/|T|"), lines, notes

        return _SchemeOutput(
            list(weights), explain, tuple(notes), usage if ctx.usage_country.size else None
        )

    return scheme


#: Scheme name -> implementation (see DESIGN.md for the names).
SCHEMES: dict[str, Callable[[_Context, Mapping[str, Any]], _SchemeOutput]] = {
    "per-country-count": _per_country,
    "patent-count": _count_scheme("patent"),
    "family-count": _count_scheme("family"),
    "value-weighted": _count_scheme("weight"),
    "equal": _equal,
    "disclosure-order": _disclosure,
    "top-down": _top_down,
    "shapley": _game("shapley"),
    "nucleolus": _game("nucleolus"),
}
assert set(SCHEMES) == set(OPTION_SPECS)


# --- driver ----------------------------------------------------------------------------------
def _report_arrays(report: Any, n_sales: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = getattr(report, "rows", None)
    if rows is None:
        raise InvalidInputError("royalties report has no rows (need index, due, cents arrays)")
    index = np.asarray(rows.index)
    due = np.asarray(rows.due, bool)
    cents = np.asarray(rows.cents)
    if not (index.shape == due.shape == cents.shape) or index.ndim != 1:
        raise InvalidInputError(
            f"royalties rows: index, due and cents must be 1-d of one shape, got "
            f"{index.shape}, {due.shape}, {cents.shape}"
        )
    if index.size and not (
        np.issubdtype(index.dtype, np.integer) and np.issubdtype(cents.dtype, np.integer)
    ):
        raise InvalidInputError("royalties rows: index and cents must be integer arrays")
    if index.size and (index.min() < 0 or index.max() >= n_sales):
        raise InvalidInputError(f"royalties rows: index must be in 0..{n_sales - 1}")
    if index.size and cents.min() < 0:
        i = int(np.argmin(cents))
        raise InvalidInputError(
            f"royalties rows: cents must be >= 0, got {int(cents[i])} at index {i}"
        )
    bad = (~due) & (cents > 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"royalties rows: royalty {int(cents[i])} cents on a row not due, at index {i}"
        )
    return index.astype(np.int64), due, cents.astype(np.int64)


def _usage_invoices(report: Any) -> tuple[Any, ...]:
    """Return the report's content (usage) invoices (``report.usage``; none when absent)."""
    return tuple(getattr(report, "usage", None) or ())


def _usage_arrays(
    report: Any, year: int
) -> tuple[np.ndarray, np.ndarray, tuple[tuple[str, ...], ...]]:
    """Usage cents per country (codes ascending) and the licensees behind each, validated."""
    per: dict[int, int] = {}
    who: dict[int, set[str]] = {}
    for j, u in enumerate(_usage_invoices(report)):
        lic = str(getattr(u, "licensee", f"#{j}"))
        uy = getattr(u, "year", year)
        if int(uy) != year:
            raise InvalidInputError(
                f"royalties usage[{j}] ({lic}): year must be {year} like the report, got {uy}"
            )
        owed = u.owed_cents
        by = dict(u.by_country)
        if not isinstance(owed, int | np.integer) or owed < 0:
            raise InvalidInputError(
                f"royalties usage[{j}] ({lic}): owed_cents must be an integer >= 0, got {owed!r}"
            )
        if sum(int(v) for v in by.values()) != int(owed):
            raise InvalidInputError(
                f"royalties usage[{j}] ({lic}): by_country must add up to owed_cents "
                f"{int(owed)}, got {sum(int(v) for v in by.values())}"
            )
        for c, v in by.items():
            if not isinstance(v, int | np.integer) or v < 0:
                raise InvalidInputError(
                    f"royalties usage[{j}] ({lic}): by_country cents must be integers >= 0, "
                    f"got {v!r} for {c}"
                )
            try:
                code = country_code(str(c))
            except InvalidInputError:
                raise InvalidInputError(
                    f"royalties usage[{j}] ({lic}): by_country has an unknown country {c!r}"
                ) from None
            if int(v):
                per[code] = per.get(code, 0) + int(v)
                who.setdefault(code, set()).add(lic)
    codes = sorted(per)
    return (
        np.array(codes, np.int64),
        np.array([per[c] for c in codes], np.int64),
        tuple(tuple(sorted(who[c])) for c in codes),
    )


def _netting(
    pool: Pool,
    report: Any,
    sales: SalesTable,
    index: np.ndarray,
    cents: np.ndarray,
    amounts: Mapping[str, int],
) -> dict[str, Netting]:
    owed: dict[str, int] = {}
    invoices = getattr(report, "invoices", None)
    if invoices is not None:
        for inv in invoices:
            owed[str(inv.licensee)] = owed.get(str(inv.licensee), 0) + int(inv.owed_cents)
    else:
        per = np.bincount(sales.licensee[index], weights=cents, minlength=len(sales.licensees))
        owed = {lic: int(round(per[k])) for k, lic in enumerate(sales.licensees)}
    for u in _usage_invoices(report):  # content royalties are payable too
        owed[str(u.licensee)] = owed.get(str(u.licensee), 0) + int(u.owed_cents)
    out: dict[str, Netting] = {}
    by_member: dict[str, list[str]] = {}  # one pass over licensees, not one per member
    for lic in pool.licensees:
        if lic.member is not None:
            by_member.setdefault(lic.member, []).append(lic.id)
    for m in pool.members:
        lics = tuple(by_member.get(m.id, ()))
        if lics:
            out[m.id] = Netting(
                member=m.id,
                licensees=lics,
                receivable_cents=amounts[m.id],
                payable_cents=sum(owed.get(x, 0) for x in lics),
            )
    return out


def allocate(
    pool: Pool | PoolTablesLike,
    *,
    year: int | None = None,
    scheme: str | None = None,
    options: Mapping[str, Any] | None = None,
    royalties: Any | None = None,
) -> Distribution:
    """Split a year's collected royalties among the pool's members, to the cent.

    Parameters
    ----------
    pool : Pool or PoolTables
        A pool, or a pool directory read into columnar tables
        (:func:`poolcalc.io.read_tables`, taken as its ``to_pool()``).
    year : int, optional
        Calendar year (default: the royalty engine's default, the latest year with sales).
    scheme : str, optional
        One of :data:`SCHEMES` (default ``pool.allocation.scheme``): ``per-country-count``,
        ``patent-count``, ``family-count``, ``value-weighted``, ``equal``,
        ``disclosure-order``, ``top-down``, ``shapley``, ``nucleolus``.
    options : mapping, optional
        Scheme options (see :func:`parse_options` for ``key=value`` strings), merged
        over the pool's ``[allocation]`` table; unknown keys raise.
    royalties : RoyaltyReport, optional
        The year's royalties (``royalties_owed(pool, year)`` by default): ``.rows``
        with ``index``, ``due``, ``cents`` arrays, ``.year``, optionally ``.invoices``
        and ``.usage`` (content royalties: ``licensee``, ``owed_cents``, ``by_country``).

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
    see the module docstrings of :mod:`poolcalc.allocation`.

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
    (disclosure order; attribution unverified, see DOMAIN.md 2.8).

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
    pool = _table_pool(pool)
    name = pool.allocation.scheme if scheme is None else str(scheme)
    if name not in SCHEMES:
        raise InvalidInputError(
            f"unknown allocation scheme {name!r}; allowed: {', '.join(SCHEMES)}"
        )
    opts = resolve_options(
        name,
        options,
        pool_level={"unit": pool.allocation.unit.value, "country": pool.allocation.country.value},
        pool_extra=pool.allocation.options,
        strict_pool_extra=(name == pool.allocation.scheme),
    )
    royalties = _royalties_for(pool, year, royalties)
    ctx, index, cents = _context(pool, year, royalties)
    if ctx.collected == 0:
        years = ", ".join(str(y) for y in pool.years()) or "none"
        raise InvalidInputError(
            f"nothing collected in {ctx.year}: {index.size} sales row(s), none royalty-bearing "
            f"(years with sales: {years})"
        )
    out = SCHEMES[name](ctx, opts)
    sales = ctx.sales
    return _finish(
        ctx,
        name,
        opts,
        out,
        ctx.collected - ctx.distributable,
        pool.currency,
        netting=lambda amounts: _netting(pool, royalties, sales, index, cents, amounts),
    )


def _table_pool(pool: Any) -> Pool:
    """Return ``pool``, or the table pool of a :func:`poolcalc.io.read_tables` result."""
    to_pool = getattr(pool, "to_pool", None)
    return to_pool() if callable(to_pool) else pool


def _royalties_for(pool: Pool, year: int | None, royalties: Any | None) -> Any:
    """Return ``royalties``, or the year's :func:`~poolcalc.royalties.royalties_owed` report."""
    if royalties is not None:
        return royalties
    try:
        from poolcalc.royalties import royalties_owed  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - until the royalty engine lands
        raise InvalidInputError(
            "the royalty engine (poolcalc.royalties.royalties_owed) is not available; "
            "pass royalties="
        ) from None
    return royalties_owed(pool, year=year)


def _context(
    pool: Pool, year: int | None, royalties: Any
) -> tuple[_Context, np.ndarray, np.ndarray]:
    """Gather the year's arrays for the schemes, plus the report's row index and cents."""
    yr = int(getattr(royalties, "year", year if year is not None else 0))
    if year is not None and yr != year:
        raise InvalidInputError(f"year={year} but the royalties report is for {yr}")
    sales = pool.sales_table
    index, _due, cents = _report_arrays(royalties, len(sales))
    bearing = cents > 0
    u_country, u_cents, u_lics = _usage_arrays(royalties, yr)
    collected = int(cents.sum()) + int(u_cents.sum())
    fee = administrator_fee_cents(collected, pool.administrator_fee)
    ctx = _Context(
        members=tuple(m.id for m in pool.members),
        table=pool.patent_table,
        sales=sales,
        rows=index[bearing],
        cents=cents[bearing],
        year=yr,
        start=day_number(dt.date(yr, 1, 1)),
        end=day_number(dt.date(yr + 1, 1, 1)),
        collected=collected,
        distributable=collected - fee,
        minor_units=pool.minor_units,
        usage_country=u_country,
        usage_cents=u_cents,
        usage_licensees=u_lics,
    )
    return ctx, index, cents


def pool_game(
    pool: Pool | PoolTablesLike,
    *,
    year: int | None = None,
    options: Mapping[str, Any] | None = None,
    royalties: Any | None = None,
) -> UnanimityGame:
    r"""Return the pool game of a year: v(S) = sum_T R_T [T subset of S] on the members.

    The game the ``shapley`` and ``nucleolus`` schemes solve (they split the
    distributable total, i.e. these worths scaled by ``1 - administrator_fee``), and
    the one :func:`poolcalc.compare.compare` measures stability against.

    Parameters
    ----------
    pool : Pool or PoolTables
        As for :func:`allocate`.
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
    pool = _table_pool(pool)
    opts = resolve_options(
        "shapley",
        options,
        pool_level={"unit": pool.allocation.unit.value, "country": pool.allocation.country.value},
        pool_extra=pool.allocation.options,
        strict_pool_extra=(pool.allocation.scheme == "shapley"),
    )
    ctx, _index, _cents = _context(pool, year, _royalties_for(pool, year, royalties))
    return _build_pool_game(ctx, opts, ctx.collected).game


def _finish(
    ctx: _Context,
    name: str,
    opts: Mapping[str, Any],
    out: _SchemeOutput,
    fee: int,
    currency: str,
    netting: Callable[[Mapping[str, int]], dict[str, Netting]],
) -> Distribution:
    total_w = sum(out.weights, Fraction(0))
    if total_w <= 0:
        raise InvalidInputError(
            f"scheme {name}: no member has anything to count in {ctx.year} "
            f"(no pooled essential patent in force)"
        )
    d = ctx.distributable
    quotas = [d * w / total_w for w in out.weights]
    amounts_l, residue = largest_remainder(quotas, d, ctx.members)
    amounts = dict(zip(ctx.members, amounts_l, strict=True))
    shares = {m: float(w / total_w) for m, w in zip(ctx.members, out.weights, strict=True)}
    index = {m: i for i, m in enumerate(ctx.members)}

    usage_notes = _usage_distribution_notes(ctx, name, opts)

    def explain(member: str) -> Explanation:
        i = index[member]
        basis, cols, lines, notes = out.explain(i, quotas[i])
        if ctx.usage_country.size:
            lines, cols = _with_usage_lines(ctx, out, i, quotas[i], lines, cols)
            notes = [*usage_notes, *notes]
        return Explanation(
            member=member,
            scheme=name,
            amount_cents=amounts[member],
            entitlement=quotas[i],
            basis=basis,
            columns=cols,
            lines=lines,
            notes=tuple(notes),
            minor_units=ctx.minor_units,
        )

    return Distribution(
        scheme=name,
        options=opts,
        currency=currency,
        minor_units=ctx.minor_units,
        year=ctx.year,
        collected_cents=ctx.collected,
        administrator_fee_cents=fee,
        amounts=amounts,
        shares=shares,
        netting=netting(amounts),
        rounding_residue_cents=residue,
        notes=(*usage_notes, *out.notes),
        explain=explain,
        usage_cents=ctx.usage_total,
    )


def _usage_distribution_notes(ctx: _Context, name: str, opts: Mapping[str, Any]) -> list[str]:
    """One note saying how the year's content (usage) royalties were split (none: [])."""
    if not ctx.usage_country.size:
        return []
    n_lic = len({x for lics in ctx.usage_licensees for x in lics})
    head = (
        f"collected includes content (usage) royalties {ctx.money(ctx.usage_total)} from "
        f"{n_lic} licensee(s) in {ctx.usage_country.size} country(ies); "
    )
    unit = opts.get("unit", "patent")
    if name == "per-country-count":
        how = (
            f"each country's usage royalty is split by the members' essential {unit}s in force "
            f"there on at least one day of {ctx.year} (usage is reported per year, not per date)"
        )
    elif name in ("shapley", "nucleolus"):
        how = (
            f"each country's usage royalty R_c joins the pool game as a carrier: the members "
            f"holding an essential {unit} in force there on at least one day of {ctx.year}"
        )
    else:
        how = "they are part of the distributable total split by this scheme's shares"
    return [head + how]


def _with_usage_lines(
    ctx: _Context,
    out: _SchemeOutput,
    i: int,
    ent: Fraction,
    lines: list[dict[str, Any]],
    cols: tuple[str, ...],
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Tag the scheme's lines ``kind=unit`` and append one ``kind=usage`` line per country."""
    if out.usage is not None:
        u_lines = out.usage(i, ent)
    else:  # the member's entitlement pro rata to where the collected cents came from
        u_lines = [
            {
                **_usage_line(ctx, k),
                "entitlement": ctx.money(ent * int(ctx.usage_cents[k]) / ctx.collected, 2),
            }
            for k in range(ctx.usage_country.size)
        ]
    extra = tuple(dict.fromkeys(c for ln in u_lines for c in ln if c != "kind" and c not in cols))
    return (
        [{"kind": "unit", **ln} for ln in lines] + u_lines,
        ("kind", *cols, *extra),
    )

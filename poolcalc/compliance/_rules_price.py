"""Royalty-level rules: renewal increases (F20), stacking (F19), double charging (F21).

Renewal and stacking read the terms (``[renewal]``, ``[stack]``) and, with ``--pool``, the
pool's royalty schedule (its ``[[royalty.rate_changes]]`` and headline rate); double
charging compares the pooled patents and licensees of ``--pool`` and ``--second-pool``.
None is a restraint of competition assessed under the rule of reason, so no safe
harbour lowers them.
"""

from __future__ import annotations

from poolcalc.compliance import _sources as S
from poolcalc.compliance._base import Context, Evidence, Hit, Rule, flag, unknown
from poolcalc.compliance._patent_set import pooled_only
from poolcalc.compliance._rules_pool import _ids, package_set

__all__ = ["PRICE_RULES", "pool_headline_rate"]


# --- renewal ----------------------------------------------------------------------------------
def _schedule_increases(ctx: Context, max_increase: float) -> tuple[list[Hit], bool]:
    """Rate changes in the pool's schedule (``[[royalty.rate_changes]]``) above the promise.

    Each change is compared tier by tier with the terms in force the day before it takes
    effect (same tier starts; otherwise the highest tier rates are compared), and so are
    ``min_per_unit`` / ``max_per_unit``.  Returns the hits and whether any change was read.
    """
    pool = ctx.pool
    if pool is None or not getattr(pool.schedule, "rate_changes", ()):
        return [], False
    sched = pool.schedule
    hits: list[Hit] = []
    for ch in sched.rate_changes:
        product = ch.product
        label = product or "default rate"
        periods = sched.rate_periods(product) if product else (
            ((None, sched.default),)
            + tuple((c.effective, c.rate) for c in sched.rate_changes if c.product is None))
        before = periods[0][1]
        for eff, rate in periods[1:]:
            if eff is not None and eff < ch.effective:
                before = rate
        old_t, new_t = before.tiers, ch.rate.tiers
        if [t.start for t in old_t] == [t.start for t in new_t]:
            pairs = [(f"tier from {a.start}", a.rate, b.rate)
                     for a, b in zip(old_t, new_t, strict=True)]
        else:
            pairs = [("highest tier rate", max(t.rate for t in old_t), max(t.rate for t in new_t))]
        pairs += [("min_per_unit", before.min_per_unit, ch.rate.min_per_unit)]
        if before.max_per_unit != float("inf") and ch.rate.max_per_unit != float("inf"):
            pairs.append(("max_per_unit", before.max_per_unit, ch.rate.max_per_unit))
        for what, old, new in pairs:
            if old > 0 and new / old - 1.0 > max_increase + 1e-12:
                inc = new / old - 1.0
                hits.append(flag(
                    "a rate change in the pool's schedule above the increase promised to licensees",
                    f"{label} {what}: {old:g} -> {new:g} from {ch.effective} is +{inc:.1%}, "
                    f"promised at most +{max_increase:.1%}",
                    [Evidence("royalty.rate_changes.effective", str(ch.effective)),
                     Evidence("royalty.rate_changes.product", label),
                     Evidence(f"previous {what}", old), Evidence(f"new {what}", new),
                     Evidence("renewal.max_increase", max_increase)],
                ))
    return hits, True


def _renewal(ctx: Context) -> list[Hit]:
    r = ctx.terms.renewal
    pairs = [("rate", r.previous_rate, r.new_rate), ("cap", r.previous_cap, r.new_cap)]
    known = [(n, a, b) for n, a, b in pairs if a is not None and b is not None]
    pool_hits, pool_read = ([], False) if r.max_increase is None else _schedule_increases(
        ctx, r.max_increase)
    if r.max_increase is None or not (known or pool_read):
        missing = ["renewal.max_increase"] if r.max_increase is None else []
        if not known:
            missing += ["renewal.previous_rate", "renewal.new_rate"]
        return [unknown("the renewal increase against the promised cap", missing)]
    hits: list[Hit] = list(pool_hits)
    for name, old, new in known:
        if old == 0:
            if new > 0:
                hits.append(flag(f"a renewal that starts charging a {name} that was zero",
                                 f"previous {name} 0, new {new:g}",
                                 [Evidence(f"renewal.previous_{name}", old),
                                  Evidence(f"renewal.new_{name}", new)]))
            continue
        inc = new / old - 1.0
        if inc > r.max_increase + 1e-12:
            hits.append(flag(
                f"a renewal {name} increase above the cap promised to licensees",
                f"{name} {old:g} -> {new:g} is +{inc:.1%}, promised at most +{r.max_increase:.1%}",
                [Evidence(f"renewal.previous_{name}", old), Evidence(f"renewal.new_{name}", new),
                 Evidence("renewal.increase", round(inc, 6)),
                 Evidence("renewal.max_increase", r.max_increase)],
            ))
    return hits


RENEWAL = Rule(
    "renewal-increase", "Renewal increase above the promised cap",
    "renewal.previous_rate/new_rate (and caps), and with --pool the schedule's "
    "[[royalty.rate_changes]], against renewal.max_increase (F20)",
    {"general": "error"},
    (S.RENEWAL_CAPS,),
    _renewal,
)


# --- stacking ---------------------------------------------------------------------------------
def pool_headline_rate(ctx: Context) -> tuple[float | None, str]:
    """Return the highest standard per-unit rate of the pool's schedule and how it was found."""
    pool = ctx.pool
    price = ctx.terms.stack.product_price
    if pool is None:
        return None, ""
    sched = pool.schedule
    rates = ([sched.default] if sched.default is not None else []) + list(sched.products.values())
    best = 0.0
    for pr in rates:
        top = max(t.rate for t in pr.tiers)
        if pr.basis.value == "price":
            if price is None:
                return None, ""
            top = min(max(top * price, pr.min_per_unit), pr.max_per_unit)
        best = max(best, top)
    return best, "highest tier rate of the pool's schedule (before discounts)"


def _stacking(ctx: Context) -> list[Hit]:
    st = ctx.terms.stack
    pool_rate, how = (st.pool_royalty_per_unit, "stack.pool_royalty_per_unit")
    if pool_rate is None:
        pool_rate, how = pool_headline_rate(ctx)
    missing = [f"stack.{k}" for k in ("product_price", "other_royalties_per_unit", "aggregate_cap")
               if getattr(st, k) is None]
    if pool_rate is None:
        missing.append("stack.pool_royalty_per_unit (or --pool)")
    if missing:
        return [unknown("the aggregate royalty on one product", missing)]
    assert st.product_price is not None and st.other_royalties_per_unit is not None
    assert st.aggregate_cap is not None
    if st.product_price <= 0:
        return [unknown("the aggregate royalty on one product", ["stack.product_price > 0"])]
    total = pool_rate + st.other_royalties_per_unit
    share = total / st.product_price
    if share <= st.aggregate_cap + 1e-12:
        return []
    return [flag(
        "a royalty stack above the aggregate cap",
        f"pool {pool_rate:g} + other {st.other_royalties_per_unit:g} = {total:g} per unit is "
        f"{share:.1%} of the product price {st.product_price:g}, above {st.aggregate_cap:.1%}",
        [Evidence("stack.pool_royalty_per_unit", pool_rate), Evidence("pool rate from", how),
         Evidence("stack.other_royalties_per_unit", st.other_royalties_per_unit),
         Evidence("stack.product_price", st.product_price),
         Evidence("stack.share", round(share, 6)),
         Evidence("stack.aggregate_cap", st.aggregate_cap)],
    )]


STACKING = Rule(
    "royalty-stacking", "Royalty stacking above the aggregate cap",
    "stack.{product_price, pool_royalty_per_unit (or the pool's schedule), "
    "other_royalties_per_unit, aggregate_cap} (F19)",
    {"general": "warning", "cn": "warning"},
    (S.LEMLEY_SHAPIRO, S.AMC_15, S.O79_9),
    _stacking,
)


# --- double charging ------------------------------------------------------------------------
def _double(ctx: Context) -> list[Hit]:
    if ctx.pool is None or ctx.second_pool is None:
        return [unknown("whether a patent is charged twice through two pools",
                        ["--pool", "--second-pool"] if ctx.pool is None else ["--second-pool"])]
    first = package_set(ctx)
    if first is None:
        first = pooled_only(ctx.pool)
    second = set(pooled_only(ctx.second_pool).ids())
    overlap = sorted(set(first.ids(first.valid)) & second)
    if not overlap:
        return []
    common = sorted({lic.id for lic in ctx.pool.licensees}
                    & {lic.id for lic in ctx.second_pool.licensees})
    ev = [Evidence("patents in both pools", _ids(overlap)),
          Evidence("second pool", ctx.second_pool.name)]
    if common:
        ev.append(Evidence("licensees of both pools", _ids(common)))
        return [flag(
            "the same patents charged through two pools to the same licensees",
            f"{len(overlap)} patent(s) are in both {ctx.pool.name!r} and "
            f"{ctx.second_pool.name!r}, and {len(common)} licensee(s) hold both licences",
            ev,
        )]
    return [flag(
        "the same patents offered through two pools",
        f"{len(overlap)} patent(s) are in both pools; no licensee holds both licences yet",
        ev, level="note",
    )]


DOUBLE = Rule(
    "double-charging", "Double charging through two pools",
    "pooled patents in both --pool and --second-pool, offered to common licensees (F21); an "
    "error under the EU 2026 Guidelines, whose pool safe harbour makes no double charging a "
    "condition",
    {"general": "warning", "eu-2026": "error"},
    (S.HEVC_OVERLAP, S.TTG26_C8, S.AMC_15, S.O79_9),
    _double,
)


PRICE_RULES: tuple[Rule, ...] = (RENEWAL, STACKING, DOUBLE)

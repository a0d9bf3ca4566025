"""Rules that read the pool's sales rows: royalties on expired patents and discrimination.

Flags F10 (royalties charged where no pooled patent is in force, after the last patent
expires, or an unchanged rate while the package shrinks) and F11 (different effective
rates for similarly situated licensees).  Pool access goes through the helpers of
:mod:`poolcalc.compliance._rules_pool`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from poolcalc.compliance import _sources as S
from poolcalc.compliance._base import Context, Evidence, Hit, Rule, flag, unknown
from poolcalc.compliance._patent_set import PatentSet, every_patent, pooled_only
from poolcalc.compliance._rules_pool import (
    _SHOW,
    _has_sales,
    _ids,
    _in_force_counts,
    _sales,
    package_set,
)
from poolcalc.model._terms import MemberCrossLicense, RoyaltyBase
from poolcalc.royalties import royalties_owed
from poolcalc.tables import COUNTRIES

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import LicenseTerms, Pool

__all__ = ["RATE_RULES", "charged_rows", "class_rates"]


# --- expired patents ------------------------------------------------------------------------
def charged_rows(pool: Pool, year: int | None,
                 royalty_base: RoyaltyBase | None) -> tuple[np.ndarray, str]:
    """Boolean mask of sales rows that are charged, and how it was obtained.

    With a ``total_sales`` royalty base every row with units is charged.  Otherwise the
    royalty engine's rows (:func:`poolcalc.royalties.royalties_owed`, rows with
    ``cents > 0``) are the charged ones.
    """
    sales = _sales(pool)
    n = len(sales)
    if royalty_base is RoyaltyBase.TOTAL_SALES:
        return sales.units > 0, "royalty base total_sales charges every unit"
    mask = np.zeros(n, bool)
    years = [year] if year is not None else list(pool.years())
    for y in years:
        rows = royalties_owed(pool, y).rows
        mask[np.asarray(rows.index)[np.asarray(rows.cents) > 0]] = True
    return mask, "royalty engine (rows with cents > 0)"


def _in_force(pool: Pool, country: np.ndarray) -> np.ndarray:
    return _in_force_counts(pool, country, _sales(pool).date) > 0


def _expired(ctx: Context) -> list[Hit]:
    lic = ctx.terms.license
    hits: list[Hit] = []
    pkg = package_set(ctx)
    if pkg is None and ctx.pool is not None:
        pkg = pooled_only(ctx.pool)
    last: dt.date | None = None
    last_from = ""
    if pkg is not None:
        live = pkg.subset(pkg.pooled)  # pooled: evaluated essential, so not invalid
        if len(live):
            last = live.last_expiry()
            last_from = "pool patents.csv (first day the last pooled patent is no longer in force)"
    elif lic.last_patent_expiry is not None:
        last, last_from = lic.last_patent_expiry, "license.last_patent_expiry"
    if lic.royalties_until is None or last is None:
        missing = []
        if lic.royalties_until is None:
            missing.append("license.royalties_until")
        if last is None:
            missing.append("--pool (patent expiries) or license.last_patent_expiry")
        hits.append(unknown("whether royalties run past the last patent's expiry", missing))
    elif lic.royalties_until >= last:
        hits.append(flag(
            "royalties charged after the last pooled patent has expired",
            f"royalties run until {lic.royalties_until.isoformat()}, the last pooled patent is in "
            f"force until {(last - dt.timedelta(days=1)).isoformat()}",
            [Evidence("license.royalties_until", lic.royalties_until),
             Evidence("last pooled patent expires", last), Evidence("expiry from", last_from)],
        ))
    pool = ctx.pool
    if pool is None:
        hits.append(unknown("whether sales rows are charged where no pooled patent is in force, "
                            "and whether the pool rate stayed unchanged while pooled patents "
                            "expired", ["--pool"]))
        return hits
    if not _has_sales(pool):
        hits.append(unknown("whether sales rows are charged where no pooled patent is in force, "
                            "and whether the pool rate stayed unchanged while pooled patents "
                            "expired", ["sales.csv rows"]))
        return hits
    hits.extend(_rate_vs_in_force(ctx, pkg))
    sales = _sales(pool)
    charged, how = charged_rows(pool, ctx.year, lic.royalty_base)
    if ctx.year is not None:
        charged &= sales.year == ctx.year
    nothing = ~(_in_force(pool, sales.country_of_sale)
                | _in_force(pool, sales.country_of_manufacture))
    bad = np.flatnonzero(charged & nothing)
    if bad.size:
        lines = [f"sales row {int(sales.line[i])}" for i in bad]
        units = int(sales.units[bad].sum())
        hits.append(flag(
            "royalties on units where no pooled patent is in force in the country of sale or "
            "manufacture on the sale date",
            f"{bad.size} sales row(s), {units:,} units, charged ({how})",
            [Evidence("charged rows with nothing in force", _ids(lines)),
             Evidence("units", units), Evidence("charged per", how)],
        ))
    return hits


def _rate_vs_in_force(ctx: Context, pkg: PatentSet | None) -> list[Hit]:
    """F10, last part: pool rate unchanged while the in-force count fell by > threshold.

    The rate was set at ``renewal.previous_renewal`` (else ``license.term_start``); the
    pooled patents of the package in force (any country) on that date are compared with
    those in force on 31 December of the year checked (``--year``, else the latest year
    with sales).  The rate counts as unchanged when ``renewal.new_rate >=
    renewal.previous_rate``, or, without them, because the pool has one schedule for the
    whole period.
    """
    pool = ctx.pool
    assert pool is not None
    lic, ren = ctx.terms.license, ctx.terms.renewal
    what = "whether the pool rate stayed unchanged while pooled patents expired"
    if ren.previous_renewal is not None:
        d0, d0_from = ren.previous_renewal, "renewal.previous_renewal"
    elif lic.term_start is not None:
        d0, d0_from = lic.term_start, "license.term_start"
    else:
        return [unknown(what, ["license.term_start or renewal.previous_renewal"])]
    if ctx.year is not None:
        year = ctx.year
    elif _has_sales(pool):
        year = max(pool.years())
    else:
        return [unknown(what, ["sales.csv rows (or --year)"])]
    d1 = dt.date(year, 12, 31)
    if d1 <= d0:
        return []
    every = pkg if pkg is not None else every_patent(pool)
    live = every.subset(every.pooled)
    n0 = live.count_in_force(d0)
    n1 = live.count_in_force(d1)
    if n0 == 0:
        return []
    drop = 1.0 - n1 / n0
    if drop <= ctx.in_force_drop + 1e-12:
        return []
    ev = [Evidence(f"pooled patents in force on {d0.isoformat()} ({d0_from})", n0),
          Evidence(f"pooled patents in force on {d1.isoformat()}", n1),
          Evidence("in-force drop", round(drop, 6)),
          Evidence("threshold (in_force_drop)", ctx.in_force_drop)]
    if ren.previous_rate is not None and ren.new_rate is not None:
        if ren.new_rate < ren.previous_rate:
            return []  # the rate was cut
        rate = f"the renewal keeps the rate at {ren.new_rate:g} (was {ren.previous_rate:g})"
        ev += [Evidence("renewal.previous_rate", ren.previous_rate),
               Evidence("renewal.new_rate", ren.new_rate)]
    else:
        rate = "the pool's schedule charges one rate for the whole period"
    return [flag(
        "an unchanged pool rate while the pooled patents in force fell by "
        f"{drop:.0%}",
        f"{n0} pooled patents were in force when the rate was set ({d0.isoformat()}), {n1} on "
        f"{d1.isoformat()} (more than the {ctx.in_force_drop:.0%} threshold); {rate}; charging "
        "the same for a shrinking package moves towards royalties on expired patents",
        ev, level="note", cites=(S.AMC_15, S.O79_9, S.SAIC_COND, S.TTG_44),
    )]


EXPIRED = Rule(
    "expired-patent-royalty", "Royalties on expired or invalid patents",
    "license.royalties_until against the last pooled patent's expiry (pool or "
    "license.last_patent_expiry), charged sales rows where nothing is in force, and (info) an "
    "unchanged rate while the pooled patents in force fell by more than in_force_drop since "
    "license.term_start / renewal.previous_renewal (F10)",
    {"us": "error", "cn": "error"},
    (S.BRULOTTE, S.SAIC_COND, S.AMC_15, S.AMC_18, S.O79_9),
    _expired,
)



# --- discrimination -------------------------------------------------------------------------
def _licensee_factors(pool: Pool, terms: LicenseTerms) -> list[tuple[float, list[str]]]:
    """Rate factor from closed discounts and cross-licences, and why, per licensee."""
    st = terms.stage
    open_stage = st.open_to_all_similarly_situated
    if open_stage is None:
        open_stage = terms.membership.open_to_all_essential_holders
    closed = [d for d in (terms.discounts or ()) if d.open_to_all is not True]
    es = pool.schedule.discounts.early_signing_by
    out = []
    for lic in pool.licensees:
        why: list[str] = []
        factor = 1.0
        early = lic.signed is not None and es is not None and lic.signed <= es
        for d in closed:
            if d.applies_to(lic.id, member=lic.member is not None,
                            good_standing=lic.good_standing, early=early):
                factor *= 1.0 - d.fraction
                why.append(f"discount {d.name} ({d.fraction:.0%})")
        if (st.member_cross_license is MemberCrossLicense.ROYALTY_FREE and lic.member is not None
                and open_stage is not True):
            factor = 0.0
            why.append("royalty-free member cross-licence")
        out.append((factor, why))
    return out


def class_rates(pool: Pool, terms: LicenseTerms,
                year: int) -> dict[tuple[str, str, int], dict[str, tuple[float, list[str]]]]:
    """Per licensee class, each licensee's per-unit rate after closed discounts.

    A class is (product, region of sale, volume band): the band is the tier the
    licensee's enterprise reached with its units of the product's category in the
    year.  The rate is the band's tier rate times the region multiplier times the
    factor of discounts and cross-licences *not* open to every licensee (published,
    open discounts such as good standing or early signing are left out: they are not
    discrimination).

    Returns
    -------
    dict
        ``{(product, region, band): {licensee: (rate, reasons)}}``, band 0-based.

    Notes
    -----
    Vectorised over sales rows (numpy); loops only over products, regions,
    licensees and the (class, licensee) pairs found.
    """
    sched = pool.schedule
    sales = _sales(pool)
    sel = sales.year == year
    lic = sales.licensee[sel]
    prod = sales.product[sel]
    units = sales.units[sel]
    csale = sales.country_of_sale[sel]
    # licensee code (sales table labels) -> factor
    order = {x.id: i for i, x in enumerate(pool.licensees)}
    factors = _licensee_factors(pool, terms)
    lic_factor = np.array([factors[order[x]][0] for x in sales.licensees], np.float64)
    # enterprise of each row, category of each product
    ent = sales.enterprise[sel].astype(np.int64)
    cats = [sched.category_of(p) for p in sales.products]
    cat_labels = sorted(set(cats))
    cat_of_prod = np.array([cat_labels.index(c) for c in cats], np.int64)
    cat = cat_of_prod[prod] if prod.size else np.zeros(0, np.int64)
    key = ent * len(cat_labels) + cat
    ent_units = np.bincount(key, weights=units.astype(np.float64),
                            minlength=len(sales.enterprises) * len(cat_labels))
    row_units = np.rint(ent_units[key]).astype(np.int64)
    # band and headline rate per row: loop over products
    band = np.zeros(prod.size, np.int64)
    tier_rate = np.zeros(prod.size, np.float64)
    for code, name in enumerate(sales.products):
        m = prod == code
        if not m.any():
            continue
        tiers = sched.rate_for(name).tiers
        starts = np.array([t.start for t in tiers], np.int64)
        rates = np.array([t.rate for t in tiers], np.float64)
        b = np.maximum(np.searchsorted(starts, row_units[m], side="left") - 1, 0)
        band[m] = b
        tier_rate[m] = rates[b]
    # region per country of sale
    region_names = ["-", *[r.name for r in sched.regions]]
    region_of_country = np.zeros(len(COUNTRIES), np.int64)
    mult_of_country = np.ones(len(COUNTRIES), np.float64)
    for i, r in enumerate(sched.regions, start=1):
        for c in r.countries:
            region_of_country[COUNTRIES.index(c)] = i
            mult_of_country[COUNTRIES.index(c)] = r.multiplier
    region = region_of_country[csale]
    rate_row = tier_rate * mult_of_country[csale] * lic_factor[lic]
    # one integer key per (product, region, band, licensee); np.unique on it
    n_r, n_b, n_l = len(region_names), int(band.max(initial=0)) + 1, len(sales.licensees)
    key = ((prod.astype(np.int64) * n_r + region) * n_b + band) * n_l + lic.astype(np.int64)
    uniq, first = np.unique(key, return_index=True)
    li_u, rest = uniq % n_l, uniq // n_l
    b_u, rest = rest % n_b, rest // n_b
    r_u, p_u = rest % n_r, rest // n_r
    out: dict[tuple[str, str, int], dict[str, tuple[float, list[str]]]] = defaultdict(dict)
    for p, r, b, li, i in zip(p_u.tolist(), r_u.tolist(), b_u.tolist(), li_u.tolist(),
                              first.tolist(), strict=True):
        lid = sales.licensees[li]
        out[(sales.products[p], region_names[r], b)][lid] = (
            float(rate_row[i]), list(factors[order[lid]][1]))
    return dict(out)


def _pool_classes(ctx: Context) -> tuple[list[Hit], bool]:
    """Effective rates per licensee class from the pool's licensees and sales."""
    pool = ctx.pool
    assert pool is not None
    terms = ctx.terms
    if not _has_sales(pool):
        return [unknown("effective rates of licensees in the same class",
                        ["sales.csv rows"])], False
    year = ctx.year if ctx.year is not None else max(pool.years())
    if year not in pool.years():
        return [unknown(f"effective rates of licensees in the same class in {year}",
                        [f"sales.csv rows in {year}"])], False
    rate = class_rates(pool, terms, year)
    classes: list[tuple[str, float, float, list[Evidence]]] = []
    for key in sorted(rate):
        per = rate[key]
        if len(per) < 2:
            continue
        vals = [v for v, _ in per.values()]
        lo, hi = min(vals), max(vals)
        if hi <= 0 or (lo > 0 and hi / lo - 1.0 <= ctx.tolerance):
            continue
        product, region, band = key
        name = f"product {product}, region {region}, volume band {band + 1}"
        groups: dict[tuple[float, str], list[str]] = defaultdict(list)
        for lid, (v, w) in per.items():
            groups[(v, "; ".join(w))].append(lid)
        ev = [Evidence(f"{name}: {v:g} per unit" + (f" ({why})" if why else ""), _ids(ids))
              for (v, why), ids in sorted(groups.items())]
        classes.append((name, lo, hi, ev))
    if not classes:
        return [], True
    worst = max(classes, key=lambda c: (c[2] - c[1], c[0]))
    spread = "inf" if worst[1] == 0 else f"{worst[2] / worst[1] - 1.0:.1%}"
    evidence = [e for c in classes[:_SHOW] for e in c[3]]
    if len(classes) > _SHOW:
        evidence.append(Evidence("further classes", len(classes) - _SHOW))
    return [flag(
        "different effective rates for licensees in the same class",
        f"{len(classes)} class(es) of the {year} sales (same product, region and volume band) "
        f"have rates differing by more than {ctx.tolerance:.1%}, e.g. {worst[0]}: {worst[1]:g} "
        f"to {worst[2]:g} per unit (spread {spread}), from discounts or cross-licences not open "
        "to every similarly situated licensee",
        evidence,
    )], True


def _discrimination(ctx: Context) -> list[Hit]:
    terms = ctx.terms
    hits: list[Hit] = []
    checked = False
    # terms: offers to classes
    if terms.offers is not None:
        checked = True
        by_class: dict[str, list] = defaultdict(list)
        for o in terms.offers:
            by_class[o.licensee_class].append(o)
        for cls in sorted(by_class):
            offers = by_class[cls]
            rates = [o.rate for o in offers]
            lo, hi = min(rates), max(rates)
            if len(offers) > 1 and hi > 0 and (lo == 0 or hi / lo - 1.0 > ctx.tolerance):
                hits.append(flag(
                    f"different effective rates offered to licensees of class {cls!r}",
                    f"effective rates from {lo:g} to {hi:g} per unit (tolerance "
                    f"{ctx.tolerance:.1%})",
                    [Evidence(f"offer to {o.licensee}", o.rate)
                     for o in sorted(offers, key=lambda o: (o.licensee, o.rate))],
                ))
    # terms: discounts beyond the schedule
    if terms.discounts is not None:
        checked = True
        for d in terms.discounts:
            if d.open_to_all is False:
                who = ("pool members only" if d.eligible == "members" else
                       "named licensees " + ", ".join(d.eligible) if isinstance(d.eligible, tuple)
                       else "criteria that are not published")
                hits.append(flag(
                    f"a discount ({d.name}, {d.fraction:.0%}) given to {who}",
                    "discounts that are published and open to all (good standing, early signing) "
                    "are not discrimination; this one is not open to every similarly situated "
                    "licensee",
                    [Evidence(f"discount {d.name}.eligible", d.eligible),
                     Evidence(f"discount {d.name}.published", d.published)],
                ))
            elif d.open_to_all is None:
                hits.append(unknown(f"whether discount {d.name!r} is published",
                                    [f"discounts[{d.name}].published"]))
    # stage: formation cross-licences, industrialization preferential terms
    st = terms.stage
    open_ = st.open_to_all_similarly_situated
    if st.member_cross_license is MemberCrossLicense.ROYALTY_FREE or st.preferential_licensing:
        checked = True
        what = ("royalty-free cross-licences among members"
                if st.member_cross_license is MemberCrossLicense.ROYALTY_FREE
                else "preferential licences along the industry chain")
        if open_ is False:
            hits.append(flag(
                f"{what} not open to all similarly situated parties",
                f"stage {st.phase.value if st.phase else 'unknown'}: the seed paper's {what} are "
                "acceptable when any similarly situated party can obtain them on published "
                "criteria; here they are reserved to some",
                [Evidence("stage.phase", st.phase), Evidence("stage.member_cross_license",
                                                             st.member_cross_license),
                 Evidence("stage.preferential_licensing", st.preferential_licensing),
                 Evidence("stage.open_to_all_similarly_situated", False)],
            ))
        elif open_ is None:
            hits.append(unknown(f"whether {what} are open to all similarly situated parties",
                                ["stage.open_to_all_similarly_situated"]))
    elif st.member_cross_license is not None or st.preferential_licensing is not None:
        checked = True
    # pool: effective rates per class
    if ctx.pool is not None:
        pool_hits, pool_checked = _pool_classes(ctx)
        hits.extend(pool_hits)
        checked = checked or pool_checked
    if not checked:
        hits.append(unknown("whether similarly situated licensees pay the same effective rate",
                            ["offers", "discounts", "stage.member_cross_license", "--pool"]))
    if terms.license.rates_published is False:  # EU 2026 pool safe harbour, condition 5
        hits.append(flag(
            "royalty rates and licence terms that are not published",
            "the 2026 Guidelines' pool safe harbour asks for transparency of the rates, so "
            "without it the pool is outside the safe harbour and assessed individually",
            [Evidence("license.rates_published", False)],
            cites=(S.TTG26_C5,), severity={"eu": "warning"}, regimes=("eu-2026",)))
    return hits


DISCRIMINATION = Rule(
    "discrimination", "Discrimination among similarly situated licensees",
    "[[offers]] effective rates per class; [[discounts]] given to members or named licensees or "
    "unpublished; stage cross-licences/preferential terms not open to all similarly situated "
    "parties; with --pool, effective per-unit rates of licensees in the same product/region/"
    "volume class (F11); under the EU 2026 rules, license.rates_published = false (warning)",
    {"us": "warning", "eu": "warning", "uk": "warning", "cn": "warning", "jp": "warning"},
    (S.DOJ_MPEG2, S.TCL_ERICSSON, S.TTG_261E, S.UK_CMA_DRAFT, S.SAIC_12_5, S.AMC_19, S.JFTC_2005,
     S.TTG26_C5),
    _discrimination,
    harbour=True,
)



RATE_RULES: tuple[Rule, ...] = (EXPIRED, DISCRIMINATION)

"""Rules that read the pool as well as the terms: package, substitutes, evaluator.

Flags F1 (non-essential patents), F2 (substitutes), F3 (mandatory package) and F14
(evaluator independence).  They use the pool's patents (status, owner,
feature/alternative, evaluator, expiry).
Without a pool they fall back on what the terms file states and report the rest as
unknown.  Royalties on expired patents (F10) and discrimination (F11), which read the
sales rows, are in :mod:`poolcalc.compliance._rules_rates`; double charging through two
pools (F21) in :mod:`poolcalc.compliance._rules_price`.

Every access to the pool's patents and sales goes through the helpers at the top of
this module and :mod:`poolcalc.compliance._patent_set` (``package_set``, ``every_patent``,
``pooled_only``, ``_sales``, ``_has_sales``,
``_in_force_counts``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from poolcalc.compliance import _sources as S
from poolcalc.compliance._base import Context, Evidence, Hit, Rule, flag, unknown
from poolcalc.compliance._patent_set import (
    PatentSet,
    by_feature,
    every_patent,
    pooled_only,
    select_ids,
    status_code,
)
from poolcalc.errors import InvalidInputError
from poolcalc.model._enums import PatentStatus

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Pool
    from poolcalc.tables import SalesTable

__all__ = ["POOL_RULES", "package_set"]

# --- pool access ----------------------------------------------------------------------------
# Every read of the pool's patents and sales in the compliance rules goes through these
# helpers (here and in :mod:`poolcalc.compliance._rules_rates`), so that a change of the
# Pool's containers is adapted in one place.
def _sales(pool: Pool) -> SalesTable:
    """Return the pool's sales rows as columnar arrays."""
    return pool.sales


def _has_sales(pool: Pool) -> bool:
    """Return whether the pool has any sales row."""
    return len(_sales(pool)) > 0


def _in_force_counts(pool: Pool, country: np.ndarray, date: np.ndarray) -> np.ndarray:
    """Return the number of pooled patents in force per (country, date) pair."""
    return pool.patents.count_in_force(country, date)


_SHOW = 8  # evidence items listed before "... and N more"


def _ids(items: Sequence[str]) -> list[str]:
    items = sorted(items)
    if len(items) <= _SHOW:
        return items
    return [*items[:_SHOW], f"... and {len(items) - _SHOW} more"]


def package_set(ctx: Context) -> PatentSet | None:
    """Return the package's patents as a columnar :class:`PatentSet` (None when unknown).

    ``package = "all"`` is every row of patents.csv (whatever its status),
    ``"essential"`` the evaluated-essential ones, a list the named patents (in its
    order).  Columnar: no row object is built per patent.

    Raises
    ------
    InvalidInputError
        A listed patent id is not in the pool.
    """
    pool, pkg = ctx.pool, ctx.terms.license.package
    if pool is None or pkg is None:
        return None
    if pkg == "all":
        return every_patent(pool)
    if pkg == "essential":
        return pooled_only(pool)
    index, missing = select_ids(pool.patents, pkg)
    if missing:
        src = ctx.terms.source or "terms"
        raise InvalidInputError(
            f"{src}: license.package lists patent {missing[0]!r}, "
            "which is not in the pool's patents.csv"
        )
    return PatentSet(pool.patents, index)


def _stated_non_essential(ctx: Context) -> bool | None:
    """Without a pool: the terms' own statement, or False for ``package = "essential"``."""
    lic = ctx.terms.license
    if lic.non_essential_included is not None:
        return lic.non_essential_included
    return False if lic.package == "essential" else None


# --- non-essential patents ------------------------------------------------------------------
def _non_essential(ctx: Context) -> list[Hit]:
    return [*_package_statuses(ctx), *_essentiality_published(ctx)]


def _essentiality_published(ctx: Context) -> list[Hit]:
    """EU 2026 pool safe harbour, condition 2: transparency of essentiality."""
    if ctx.terms.administration.essentiality_list_published is not False:
        return []  # absent: reported as unknown by the safe-harbour rule's condition 2
    return [flag(
        "a pool that does not publish its list of pooled patents and the essentiality results",
        "the 2026 Guidelines' pool safe harbour asks for transparency of essentiality, so "
        "without it the pool is outside the safe harbour and assessed individually",
        [Evidence("administration.essentiality_list_published", False)],
        cites=(S.TTG26_C2,), severity={"eu": "warning"}, regimes=("eu-2026",))]


def _package_statuses(ctx: Context) -> list[Hit]:
    pkg = package_set(ctx)
    if pkg is None:
        stated = _stated_non_essential(ctx)
        if stated is None:
            missing = ["license.package" if ctx.terms.license.package is None else "--pool",
                       "license.non_essential_included"]
            return [unknown("whether the package holds non-essential, declared-only or invalid "
                            "patents", missing)]
        if stated:
            return [flag("non-essential patents in the pool package",
                         "the terms state the package includes non-essential patents",
                         [Evidence("license.non_essential_included", True)])]
        return []
    hits: list[Hit] = []
    status = pkg.status
    by_status = {s: pkg.ids(status == status_code(s))
                 for s in (PatentStatus.NON_ESSENTIAL, PatentStatus.DECLARED, PatentStatus.INVALID)}
    if by_status[PatentStatus.NON_ESSENTIAL]:
        ids = by_status[PatentStatus.NON_ESSENTIAL]
        hits.append(flag(
            "non-essential patents in the pool package",
            f"{len(ids)} patent(s) evaluated non-essential are licensed in the package",
            [Evidence("non_essential patents", _ids(ids))],
        ))
    if by_status[PatentStatus.DECLARED]:
        ids = by_status[PatentStatus.DECLARED]
        hits.append(flag(
            "patents in the pool package whose essentiality was never evaluated",
            f"{len(ids)} patent(s) are only declared essential",
            [Evidence("declared patents", _ids(ids))],
        ))
    if by_status[PatentStatus.INVALID]:
        ids = by_status[PatentStatus.INVALID]
        hits.append(flag(
            "patents held invalid still licensed in the pool package",
            f"{len(ids)} invalid patent(s) remain in the package; the cleared pools remove them",
            [Evidence("invalid patents", _ids(ids))],
            cites=(S.DOJ_RFID, S.TTG_261B, S.UK_CMA_DRAFT, S.SAIC_COND, S.AMC_15, S.O79_9,
                   S.JFTC_2005),
            severity={"us": "error", "eu": "warning", "uk": "warning", "cn": "error",
                      "jp": "warning"},
            hardcore=True,  # charging for invalid patents is not a market-power question
        ))
    return hits


NON_ESSENTIAL = Rule(
    "non-essential-patent", "Non-essential, declared-only or invalid patents in the pool",
    "patents in license.package with status non_essential or declared (warning) or invalid "
    "(error in the US and China profiles) (F1); without --pool, license.non_essential_included; "
    "under the EU 2026 rules, administration.essentiality_list_published = false (warning)",
    {"us": "warning", "eu": "warning", "uk": "warning", "cn": "warning", "jp": "warning"},
    (S.DOJ_MPEG2, S.DOJ_RFID, S.TTG_261B, S.TTG_2004_220, S.UK_CMA_DRAFT, S.AMC_26, S.JFTC_2005,
     S.TTG26_C2),
    _non_essential,
    harbour=True,
)



# --- mandatory package ----------------------------------------------------------------------
def _mandatory(ctx: Context) -> list[Hit]:
    included, hits = _bundled(ctx)
    hits.extend(_flat_price(ctx, included))
    return hits


def _bundled(ctx: Context) -> tuple[bool | None, list[Hit]]:
    """Mandatory package with non-essential patents and no essential-only option."""
    lic = ctx.terms.license
    pkg = package_set(ctx)
    ev: list[Evidence] = []
    if pkg is not None:
        extra = pkg.ids(~pkg.pooled)
        included: bool | None = bool(extra)
        if extra:
            ev.append(Evidence("patents in package not evaluated essential", _ids(extra)))
    else:
        included = _stated_non_essential(ctx)
        if included is not None:
            ev.append(Evidence("license.non_essential_included", included))
    if included is None:
        return None, [unknown("whether a mandatory package bundles non-essential patents",
                              ["license.non_essential_included (or license.package with --pool)"])]
    if not included:
        return False, []
    eo = lic.essential_only_package_offered
    if eo is None:
        return True, [unknown("whether an essential-only package is offered",
                              ["license.essential_only_package_offered"])]
    if eo:
        return True, []
    ev.append(Evidence("license.essential_only_package_offered", False))
    return True, [flag(
        "a mandatory package that bundles non-essential patents with no essential-only option",
        "licensees must take patents they do not need to implement the standard",
        ev,
    )]


def _product_counts(ctx: Context) -> tuple[list[tuple[str, object, str, int]], list[str]]:
    """Per ``[[products]]`` entry: (name, rate key, rate text, pooled patents practised).

    Returns the rows that could be evaluated and the missing data of the others.

    Raises
    ------
    InvalidInputError
        A listed patent is not in the pool, or a product has no rate in the pool's schedule.
    """
    pool = ctx.pool
    src = ctx.terms.source or "terms"
    pooled: set[str] | None = None
    if pool is not None:
        pkg = package_set(ctx)
        if pkg is None:
            pkg = every_patent(pool)
        pooled = set(pkg.ids(pkg.pooled))
        known = set(every_patent(pool).ids())
    rows: list[tuple[str, object, str, int]] = []
    missing: list[str] = []
    for i, prod in enumerate(ctx.terms.products or ()):
        if prod.patents == "all":
            if pooled is None:
                missing.append(f"products[{i}] patents = 'all' needs --pool to count")
                continue
            n = len(pooled)
        elif pooled is None:
            n = len(set(prod.patents))
        else:
            bad = [x for x in prod.patents if x not in known]
            if bad:
                raise InvalidInputError(f"{src}: products[{i}].patents lists patent {bad[0]!r}, "
                                        "which is not in the pool's patents.csv")
            n = len(set(prod.patents) & pooled)
        if prod.rate is not None:
            key: object = ("unit", prod.rate)
            text = f"{prod.rate:g} per unit"
        elif pool is not None:
            if prod.name not in pool.schedule.products and pool.schedule.default is None:
                raise InvalidInputError(f"{src}: products[{i}].name {prod.name!r} has no rate "
                                        "in the pool's schedule; give products.rate")
            pr = pool.schedule.rate_for(prod.name)
            if pr.basis.value == "unit" and len(pr.tiers) == 1:
                key = ("unit", pr.tiers[0].rate)
                text = f"{pr.tiers[0].rate:g} per unit (pool schedule)"
            else:
                key = ("schedule", pr)
                text = "pool schedule " + ", ".join(f"from {t.start}: {t.rate:g}" for t in pr.tiers)
        else:
            missing.append(f"products[{i}].rate (or --pool)")
            continue
        rows.append((prod.name, key, text, n))
    return rows, missing


def _flat_price(ctx: Context, included: bool | None) -> list[Hit]:
    """F3, second part: one price however many pooled patents a product practises."""
    lic = ctx.terms.license
    hits: list[Hit] = []
    cites = (S.PHILIPS_ITC, S.DOJ_DVD3C, S.TTG_44, S.AMC_17)
    if ctx.terms.products:
        rows, missing = _product_counts(ctx)
        groups: dict[object, list[tuple[str, str, int]]] = defaultdict(list)
        for name, key, text, n in rows:
            groups[key].append((name, text, n))
        for key in sorted(groups, key=repr):
            g = sorted(groups[key])
            counts = {n for _, _, n in g}
            if len(counts) > 1:
                hits.append(flag(
                    "the same package price for products that practise different numbers of "
                    "pooled patents",
                    f"{', '.join(n for n, _, _ in g)} pay {g[0][1]} but practise from "
                    f"{min(counts)} to {max(counts)} pooled patents; a flat price is what the DOJ "
                    "accepted for essential patents every product needs (DVD 3C), and what the ITC "
                    "ALJ held against Philips where products used only some of the package",
                    [Evidence(f"product {name}", f"{text}, {n} pooled patent(s) practised")
                     for name, text, n in g],
                    level="note", cites=cites,
                ))
        if missing:
            hits.append(unknown("whether the price depends on the pooled patents a product "
                                "practises", missing))
        return hits
    flat = lic.price_independent_of_patents_used
    if included is not True:
        # an essential-only package: every compliant product practises the pooled patents,
        # so a flat price charges for nothing unused (the DVD 3C pattern); unknown inclusion
        # is already reported by the bundling check
        return []
    if flat is None:
        return [unknown("whether the package price depends on the pooled patents a product "
                        "practises", ["license.price_independent_of_patents_used or [[products]]"])]
    if flat:
        return [flag(
            "the same package price whatever pooled patents a product practises, in a package "
            "that includes non-essential patents",
            "licensees that use only some of the package pay for all of it; the ITC ALJ held this "
            "against Philips' CD-R/RW package (reversed as not per se misuse, Fed. Cir. 2005)",
            [Evidence("license.price_independent_of_patents_used", True),
             Evidence("package includes non-essential patents", True)],
            level="note", cites=cites,
        )]
    return []


MANDATORY = Rule(
    "mandatory-package", "Mandatory package with non-essential patents",
    "package contents (pool statuses or license.non_essential_included) and "
    "license.essential_only_package_offered (F3; the seed paper's own example); info when one "
    "price is charged whatever pooled patents a product practises ([[products]] map, or "
    "license.price_independent_of_patents_used with non-essential patents in the package)",
    {"us": "warning", "eu": "warning", "cn": "warning", "jp": "warning"},
    (S.USG_53, S.PHILIPS_ITC, S.DOJ_DVD3C, S.TTG_44, S.AMC_17, S.SAIC_TYING, S.JFTC_2005,
     S.SEED_PAPER),
    _mandatory,
    harbour=True,
)



# --- substitutes ----------------------------------------------------------------------------
def _substitutes(ctx: Context) -> list[Hit]:
    pkg = package_set(ctx)
    if pkg is None:
        if ctx.pool is None:
            return [unknown("whether substitute patents are pooled", ["--pool"])]
        pkg = pooled_only(ctx.pool)  # the pooled set when no package
    live = pkg.subset(pkg.valid)
    f_code, f_lab = live.label_codes("feature")
    a_code, a_lab = live.label_codes("alternative")
    o_code, o_lab = live.label_codes("owner")
    f_none = np.array([v is None for v in f_lab], bool)[f_code]
    hits: list[Hit] = []
    if f_none.all():
        return [unknown("whether substitute patents are pooled",
                        ["patents.csv feature and alternative columns"])]
    # a patent with a feature but no alternative reads on a part without options: no
    # substitute; only a missing feature leaves the question open
    unmapped = live.ids(f_none)
    if unmapped:
        hits.append(unknown(f"{len(unmapped)} patent(s) for substitutes",
                            [f"feature/alternative of {', '.join(_ids(unmapped))}"]))
    feats, pats = by_feature(live, f_code, f_lab, a_code, a_lab, o_code, o_lab, f_none)
    for feat in sorted(feats):
        alts = feats[feat]
        if len(alts) < 2:
            continue
        owners = set().union(*alts.values())
        desc = "; ".join(
            f"{a}: {', '.join(_ids(pats[(feat, a)]))} (owners {', '.join(sorted(alts[a]))})"
            for a in sorted(alts))
        ev = [Evidence(f"feature {feat}", sorted(alts))] + [
            Evidence(f"feature {feat} alternative {a}", _ids(pats[(feat, a)]))
            for a in sorted(alts)]
        if len(owners) >= 2:
            hits.append(flag(
                f"substitute patents pooled: feature {feat!r} has patents on different "
                "alternatives from different owners",
                f"{desc}; pooling substitutes removes competition between them",
                ev,
            ))
        else:
            hits.append(flag(
                f"substitute patents of one owner pooled on feature {feat!r}", desc, ev,
                level="note",
            ))
    return hits


SUBSTITUTES = Rule(
    "substitute-patents", "Substitute patents pooled",
    "pooled patents on the same feature but different alternatives, of different owners (F2)",
    {"us": "error", "eu": "error", "uk": "warning", "cn": "error", "jp": "error"},
    (S.NEW_WRINKLE, S.USG_55, S.TTG_44, S.UK_CMA_DRAFT, S.AMC_26, S.JFTC_2005, S.LERNER_TIROLE),
    _substitutes,
)



# --- evaluator ------------------------------------------------------------------------------
def _evaluator_terms(ctx: Context) -> list[Hit]:
    ev = ctx.terms.administration.evaluator
    if ev is None:
        return [unknown("who evaluates essentiality", ["administration.evaluator"])]
    hits: list[Hit] = []
    if ev.independent is False or ev.affiliated_with is not None:
        what = [Evidence("administration.evaluator.name", ev.name or "unnamed"),
                Evidence("administration.evaluator.independent", ev.independent)]
        detail = "the terms say the evaluator is not independent"
        if ev.affiliated_with is not None:
            what.append(Evidence("administration.evaluator.affiliated_with", ev.affiliated_with))
            detail = f"the evaluator is affiliated with {ev.affiliated_with}"
        hits.append(flag("an essentiality evaluator that is not independent of the licensors",
                         detail, what))
    elif ev.independent is None:
        hits.append(unknown("whether the evaluator is independent",
                            ["administration.evaluator.independent"]))
    return hits


def _evaluator(ctx: Context) -> list[Hit]:
    hits = _evaluator_terms(ctx)
    pool = ctx.pool
    if pool is None:
        return hits
    members = {m.id for m in pool.members} | {m.name for m in pool.members}
    pkg = package_set(ctx)
    if pkg is None or not len(pkg):  # an empty package reads as the whole pool
        pkg = every_patent(pool)
    pooled = pkg.subset(pkg.pooled)
    ev = ctx.terms.administration.evaluator
    named = ev.name if ev is not None else None
    known = {named, *(ev.also if ev is not None else ())}
    e_code, e_lab = pooled.label_codes("evaluator")

    def where(test: Callable[[str | None], bool]) -> list[str]:
        return sorted(pooled.ids(np.array([test(v) for v in e_lab], bool)[e_code]))

    by_member = where(lambda e: e in members)
    none = where(lambda e: e is None)
    other = where(lambda e: e is not None and e not in members and named is not None
                  and e not in known)
    if by_member:
        hits.append(flag(
            "essentiality findings made by a pool member",
            f"{len(by_member)} pooled patent(s) were evaluated by a licensor",
            [Evidence("patents evaluated by a member", _ids(by_member))],
        ))
    if other:
        hits.append(flag(
            "essentiality findings by someone other than the named independent evaluator",
            f"{len(other)} pooled patent(s) were evaluated by another party than "
            f"{', '.join(sorted(x for x in known if x))}",
            [Evidence("patents with another evaluator", _ids(other))], level="minor",
        ))
    if none:
        hits.append(unknown(f"who evaluated {len(none)} pooled patent(s)",
                            [f"patents.csv evaluator of {', '.join(_ids(none))}"]))
    return hits


EVALUATOR = Rule(
    "evaluator-independence", "Essentiality evaluator not independent",
    "administration.evaluator {independent, affiliated_with} and, with --pool, each pooled "
    "patent's evaluator (a member, or not the named evaluator) (F14)",
    {"us": "warning", "eu": "warning", "uk": "warning", "jp": "warning"},
    (S.DOJ_MPEG2, S.DOJ_3G, S.DOJ_RFID, S.TTG_261B, S.TTG_44, S.UK_CMA_DRAFT, S.JFTC_2005),
    _evaluator,
    harbour=True,
)



POOL_RULES: tuple[Rule, ...] = (NON_ESSENTIAL, MANDATORY, SUBSTITUTES, EVALUATOR)

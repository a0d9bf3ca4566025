"""Market-share safe harbours and market power, evaluated on the terms, per regime.

``safe_harbours(ctx)`` works out, from the ``[market]`` table (and, for the EU pool
harbours, from other rules' results), every harbour that one of the regimes a date can
apply defines; the engine and the ``safe-harbour`` rule keep those of the regime applied:

* **US**, DOJ/FTC Antitrust Guidelines for the Licensing of IP (2017) §4.3 safety zone:
  licensors and licensees together <= 20 % of each relevant market
  (``market.combined_share``) and the restraint not facially anticompetitive.  Since the
  agencies withdrew the Competitor Collaboration Guidelines and their safety zones on 11
  Dec 2024, the message says the zone carries less weight (it still lowers warnings).
* **China**, SAIC Order 74 (2015) Art. 5, and from 1 Aug 2023 SAMR Order 79 (whose
  harbour article was not read; Order 74's thresholds are applied): competitors'
  combined share <= 20 %, or non-competitors each <= 30 % (``market.largest_party_share``),
  or >= 4 (competitors) / >= 2 (non-competitors) independently controlled substitutable
  technologies (``market.substitute_technologies``).
* **EU pool safe harbour**: TTG 2014 para 261, seven conditions (a)-(g); TTG 2026, eight
  conditions (the seven, with essentiality and rate transparency
  ``administration.essentiality_list_published`` / ``license.rates_published``, plus no
  double charging, fed by the ``double-charging`` rule with ``--second-pool``).
* **EU / UK block exemption for bilateral licences** (info only: it does not cover the
  pool itself): 20 % / 30 % shares; a grace period of two years (Reg. 316/2014) or three
  (Reg. (EU) 2026/877) after the shares first exceed the threshold
  (``market.shares_exceeded_in``); under Reg. 2026/877 a technology without sales of
  contract products yet (``market.pre_commercial``) has a zero market share.  The UK
  Order 2026 replaces the threshold for technology markets by at least three
  independently controlled substitute technologies besides the parties'.

A pool stated to be dominant (``market.dominant = true``) is outside the US and Chinese
harbours.  Only the US and Chinese harbours lower rule-of-reason warnings
(:attr:`Harbour.lowers`).

References
----------
U.S. DOJ and FTC, Antitrust Guidelines for the Licensing of Intellectual Property, 12 Jan
2017, §4.3; FTC/DOJ withdrawal of the Competitor Collaboration Guidelines, 11 Dec 2024.
SAIC Order No. 74 (2015), Art. 5; SAMR Order No. 79 (2023).  European Commission,
Guidelines on technology transfer agreements, OJ C 89, 28.3.2014, para 261; Reg. (EU) No
316/2014; Reg. (EU) 2026/877 and the 2026 Guidelines.  Competition Act 1998 (Technology
Transfer Agreements Block Exemption) Order 2026.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from poolcalc.compliance import _sources as S
from poolcalc.compliance._base import Context, Evidence, hits_of
from poolcalc.compliance._sources import Source
from poolcalc.model._terms import Market

__all__ = ["Harbour", "harbours_of", "safe_harbours"]

#: DOJ/FTC 2017 §4.3: licensor and licensees <= 20 % of each relevant market.
US_SHARE = 0.20
#: Competitors' combined share / non-competitors' share each (China; EU and UK block exemption).
COMPETITOR_SHARE = 0.20
NON_COMPETITOR_SHARE = 0.30
#: SAIC 2015 Art. 5 (count part not read in the primary text): substitutable technologies.
CN_COMPETITOR_COUNT = 4
CN_NON_COMPETITOR_COUNT = 2
#: UK Order 2026, technology markets: independently controlled substitutes besides the parties'.
UK_SUBSTITUTES = 3
#: Years the block exemption continues after the shares first exceed the threshold.
GRACE_YEARS = {"eu-2014": 2, "uk-2021": 2, "eu-2026": 3}


@attrs.frozen
class Harbour:
    """A safe harbour evaluated on the terms.

    Attributes
    ----------
    jurisdiction : str
    name : str
        ``"the DOJ/FTC 2017 §4.3 antitrust safety zone"``, ...
    status : {"inside", "outside", "unknown"}
    reason : str
        Why (shares, counts, conditions).
    evidence : tuple of Evidence
    sources : tuple of Source
    missing : tuple of str
        Terms keys (or conditions) whose absence left the status unknown.
    can_lower : bool
        Whether this harbour lowers rule-of-reason warnings (US and China; not the EU
        pool harbour, which covers the pool's creation and operation, nor the block
        exemptions for bilateral licences).
    regime : str or None
        The regime that defines it (``"eu-2026"``); None for one that does not depend on
        the regime.
    effect : str
        What being inside means, for the message.
    """

    jurisdiction: str
    name: str
    status: str
    reason: str
    evidence: tuple[Evidence, ...]
    sources: tuple[Source, ...]
    missing: tuple[str, ...] = ()
    can_lower: bool = True
    regime: str | None = None
    effect: str = ""

    @property
    def lowers(self) -> bool:
        """True when warnings are lowered to info in this jurisdiction."""
        return self.can_lower and self.status == "inside"


def _pct(x: float) -> str:
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x:.1%}"


def _verdict(results: Sequence[bool | None]) -> str:
    if any(r is True for r in results):
        return "inside"
    if all(r is False for r in results):
        return "outside"
    return "unknown"


def _combine(verdicts: Sequence[str]) -> str:
    if all(v == "inside" for v in verdicts):
        return "inside"
    if all(v == "outside" for v in verdicts):
        return "outside"
    return "unknown"


# --- US: DOJ/FTC 2017 §4.3 ---------------------------------------------------------------------
def _us(ctx: Context) -> Harbour:
    m = ctx.terms.market
    ev = (Evidence("market.combined_share", m.combined_share),
          Evidence("market.dominant", m.dominant))
    name = "the DOJ/FTC 2017 §4.3 antitrust safety zone"
    weak = ctx.as_of >= S.US_CCG_2024.in_force_from  # type: ignore[operator]
    src = (S.USG_43, S.US_CCG_2024) if weak else (S.USG_43,)
    caveat = ("; since the agencies withdrew the Competitor Collaboration Guidelines and their "
              "safety zones on 11 Dec 2024, reliance on this zone carries less weight"
              if weak else "")
    if m.dominant:
        status, reason = "outside", "the terms state that the pool holds market power " \
                                    "(market.dominant)"
    elif m.combined_share is None:
        return Harbour("us", name, "unknown", "the combined market share is not given", ev, src,
                       ("market.combined_share",))
    elif m.combined_share <= US_SHARE + 1e-12:
        status = "inside"
        reason = (f"licensors and licensees together hold {_pct(m.combined_share)} <= 20% of "
                  "each relevant market" + caveat)
    else:
        status = "outside"
        reason = (f"licensors and licensees together hold {_pct(m.combined_share)} > 20% of a "
                  "relevant market")
    return Harbour("us", name, status, reason, ev, src)


# --- shares (China; block exemptions) -----------------------------------------------------------
def _share_test(m: Market, competitors: bool, *, count: int | None) -> tuple[
        list[bool | None], list[str], list[str]]:
    """Share test (and, with ``count``, the substitute-count limb) for (non-)competitors."""
    if competitors:
        share, cap, key, who = m.combined_share, COMPETITOR_SHARE, "market.combined_share", \
            "competitors"
    else:
        share, cap = m.largest_party_share, NON_COMPETITOR_SHARE
        key, who = "market.largest_party_share", "non-competitors"
        if share is None and m.combined_share is not None:
            share = m.combined_share  # every party's share is at most the combined share
            key = "market.combined_share"
    results: list[bool | None] = []
    said: list[str] = []
    missing: list[str] = []
    if share is None:
        results.append(None)
        missing.append(key)
    else:
        ok = share <= cap + 1e-12
        results.append(ok)
        said.append(f"{who}: {key.split('.')[1].replace('_', ' ')} {_pct(share)} "
                    f"{'<=' if ok else '>'} {_pct(cap)}")
    if count is not None:
        n = m.substitute_technologies
        if n is None:
            results.append(None)
            missing.append("market.substitute_technologies")
        else:
            ok = n >= count
            results.append(ok)
            said.append(f"{n} independently controlled substitute technologies "
                        f"{'>=' if ok else '<'} {count} (count limb not read in the primary "
                        "text)")
    return results, said, missing


def _shares(m: Market, counts: tuple[int, int] | None) -> tuple[str, str, list[str]]:
    """Status, reason and missing keys of the share tests, whether or not the parties compete."""
    cases = [m.parties_compete] if m.parties_compete is not None else [True, False]
    verdicts, said, missing = [], [], []
    for comp in cases:
        count = None if counts is None else counts[0 if comp else 1]
        res, s, miss = _share_test(m, bool(comp), count=count)
        verdicts.append(_verdict(res))
        said += s
        missing += miss
    status = _combine(verdicts)
    if status == "unknown" and m.parties_compete is None:
        missing.insert(0, "market.parties_compete")
    reason = "; ".join(dict.fromkeys(said)) or "no share or count given"
    if m.parties_compete is None and status != "unknown":
        reason += " (holds whether or not the parties compete)"
    return status, reason, list(dict.fromkeys(missing)) if status == "unknown" else []


def _share_evidence(m: Market) -> tuple[Evidence, ...]:
    return (Evidence("market.parties_compete", m.parties_compete),
            Evidence("market.combined_share", m.combined_share),
            Evidence("market.largest_party_share", m.largest_party_share),
            Evidence("market.substitute_technologies", m.substitute_technologies),
            Evidence("market.dominant", m.dominant))


# --- China: SAIC 2015 Art. 5 / SAMR Order 79 ----------------------------------------------------
def _cn(ctx: Context, regime: str) -> Harbour:
    m = ctx.terms.market
    if regime == "cn-2015":
        name, src, note = "the SAIC 2015 Art. 5 safe harbour", (S.SAIC_5,), ""
    else:
        name, src = "the SAMR Order 79 safe harbour", (S.O79_HARBOUR,)
        note = " (Order 79's harbour article was not read; Order 74 Art. 5's thresholds applied)"
    if m.dominant:
        return Harbour("cn", name, "outside", "the terms state that the pool holds a dominant "
                       "position (market.dominant)", _share_evidence(m), src, regime=regime)
    status, reason, missing = _shares(m, (CN_COMPETITOR_COUNT, CN_NON_COMPETITOR_COUNT))
    return Harbour("cn", name, status, reason + note, _share_evidence(m), src, tuple(missing),
                   regime=regime)


# --- EU and UK block exemptions (bilateral licences) -------------------------------------------
_BILATERAL = ("the block exemption covers bilateral technology transfer agreements (e.g. the "
              "members' own licences outside the pool); the pool and its licensing out are "
              "assessed under the Guidelines' pool section, so no severity is lowered")


def _ttber(ctx: Context, regime: str) -> Harbour:
    """EU Reg. 316/2014 or 2026/877, or the UK assimilated Reg. 316/2014: shares and grace."""
    m = ctx.terms.market
    j = regime.split("-")[0]
    src = {"eu-2014": (S.TTBER_SHARES,), "eu-2026": (S.TTBER26_SHARES,),
           "uk-2021": (S.UK_ASSIM_SHARES,)}[regime]
    name = {"eu-2014": "the TTBER 316/2014 market-share safe harbour",
            "eu-2026": "the TTBER 2026/877 market-share safe harbour",
            "uk-2021": "the UK assimilated TTBER market-share safe harbour"}[regime]
    ev = (*_share_evidence(m)[:3], Evidence("market.pre_commercial", m.pre_commercial),
          Evidence("market.shares_exceeded_in", m.shares_exceeded_in))
    if regime == "eu-2026" and m.pre_commercial:
        return Harbour(j, name, "inside", "the licensed technology has not yet generated sales "
                       "of contract products, so its market share counts as zero",
                       ev, src, can_lower=False, regime=regime, effect=_BILATERAL)
    status, reason, missing = _shares(m, None)
    grace = GRACE_YEARS[regime]
    if status == "outside" and m.shares_exceeded_in is not None:
        last = m.shares_exceeded_in + grace
        if ctx.as_of.year <= last:
            status = "inside"
            reason += (f"; but the shares first exceeded the threshold in "
                       f"{m.shares_exceeded_in}, and the exemption continues for {grace} "
                       f"years, to the end of {last}")
        else:
            reason += f"; the {grace}-year grace period after {m.shares_exceeded_in} has ended"
    return Harbour(j, name, status, reason, ev, src, tuple(missing), can_lower=False,
                   regime=regime, effect=_BILATERAL)


def _uk26(ctx: Context) -> Harbour:
    """UK Order 2026: substitutes for technology markets, shares for product markets."""
    m = ctx.terms.market
    name = "the UK TTBE Order 2026 safe harbour"
    ev = (*_share_evidence(m)[:4],)
    status, reason, missing = _shares(m, None)
    n = m.substitute_technologies
    if n is None:
        tech: bool | None = None
        missing.append("market.substitute_technologies")
    else:
        tech = n >= UK_SUBSTITUTES
        reason += (f"; technology market: {n} independently controlled substitute technologies "
                   f"besides the parties' {'>=' if tech else '<'} {UK_SUBSTITUTES}")
    verdicts = [status, {True: "inside", False: "outside", None: "unknown"}[tech]]
    final = "outside" if "outside" in verdicts else _combine(verdicts)
    reason += ("; unlike the EU, the UK replaced the share threshold for technology markets "
               "by the substitute-count condition (product-market thresholds assumed 20%/30%, "
               "not read; no zero share for pre-commercial technologies or grace period read)")
    return Harbour("uk", name, final, reason, ev, (S.UK_TTBEO_SAFE,),
                   tuple(dict.fromkeys(missing)) if final == "unknown" else (),
                   can_lower=False, regime="uk-2026", effect=_BILATERAL)


# --- EU pool safe harbour: TTG 2014 para 261 (7 conditions), TTG 2026 (8) ----------------------
#: label -> (what it asks, rules whose results decide it, terms keys shown, keys that must be
#: true (2026 transparency conditions))
_Cond = tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_SHARED = (
    ("participation in the pool open to all interested technology owners",
     ("closed-membership",), ("membership.open_to_all_essential_holders",)),
    ("safeguards so that only essential (complementary) technologies are pooled",
     ("non-essential-patent", "evaluator-independence", "substitute-patents"),
     ("license.package", "license.non_essential_included",
      "administration.evaluator.independent")),
    ("sensitive information (prices, output) exchanged only as necessary",
     ("information-exchange",),
     ("administration.licensee_data_shared_with_members",
      "administration.members_exchange_market_data",
      "membership.members_coordinate_prices_or_output")),
    ("technologies licensed into the pool non-exclusively",
     ("exclusive-license-in",),
     ("membership.exclusive_license_in", "membership.independent_licensing_allowed")),
    ("licensed out to all potential licensees on FRAND (non-discriminatory) terms",
     ("discrimination", "refusal-to-license"),
     ("license.licensed_levels", "license.refused_licensees")),
    ("contributors and licensees free to challenge validity and essentiality",
     ("no-challenge",), ("license.no_challenge", "license.terminate_on_challenge")),
    ("contributors and licensees free to develop competing products and technology",
     ("competing-technology",),
     ("license.competing_technology_restricted", "membership.competing_technology_restricted")),
)
_EU14: tuple[_Cond, ...] = tuple(
    (f"EU TTG 2014 para 261({letter}) {what}", what, rules, keys, ())
    for letter, (what, rules, keys) in zip("abcdefg", _SHARED, strict=True))
_MUST = {1: ("administration.essentiality_list_published",), 4: ("license.rates_published",)}
_EU26: tuple[_Cond, ...] = (*(
    (f"EU TTG 2026 pool safe harbour, condition {i + 1}: {what}", what, rules, keys,
     _MUST.get(i, ())) for i, (what, rules, keys) in enumerate(_SHARED)),
    ("EU TTG 2026 pool safe harbour, condition 8: no double charging of the same technology",
     "no double charging", ("double-charging",), (), ()),
)


def _terms_value(ctx: Context, key: str) -> object:
    obj: object = ctx.terms
    for part in key.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _eu_pool(ctx: Context, regime: str) -> Harbour:
    conditions = _EU14 if regime == "eu-2014" else _EU26
    met: list[str] = []
    failed: list[str] = []
    unknowns: list[str] = []
    evidence: list[Evidence] = []
    missing: list[str] = []
    for n, (label, _what, rule_ids, keys, must) in enumerate(conditions):
        tag = "abcdefg"[n] if regime == "eu-2014" else str(n + 1)
        flags: list[str] = []
        gaps: list[str] = []
        for rid in rule_ids:
            for h in hits_of(ctx, ctx.rule(rid)):
                if (h.regimes is not None and regime not in h.regimes) or (
                        h.only is not None and "eu" not in h.only):
                    continue  # a hit of another regime or jurisdiction
                if h.kind == "flag" and h.level != "note":
                    flags.append(f"{rid}: {h.text}")
                elif h.kind == "unknown":
                    # without a pool, substitutes cannot be seen; (b) then rests on the
                    # safeguards the terms state (essential-only package, independent evaluator)
                    if rid == "substitute-patents" and ctx.pool is None:
                        continue
                    gaps.extend(e.what for e in h.evidence)
        for key in must:  # false is flagged by the rule itself (a hit of this regime)
            if _terms_value(ctx, key) is None:
                gaps.append(key)
        if flags:
            failed.append(tag)
            evidence.append(Evidence(label, "not met: " + "; ".join(flags)))
        elif gaps:
            unknowns.append(tag)
            missing.extend(gaps)
            evidence.append(Evidence(label, "unknown: missing " + ", ".join(dict.fromkeys(gaps))))
        else:
            met.append(tag)
            shown = ", ".join(str(Evidence(k, _terms_value(ctx, k))) for k in (*keys, *must)
                              if _terms_value(ctx, k) is not None)
            if ctx.pool is not None and n == 1:
                shown += "; pool statuses, evaluators and features checked"
            evidence.append(Evidence(label, "met" + (f" ({shown})" if shown else "")))
    if regime == "eu-2014":
        name = "the EU TTG 2014 para 261 safe harbour"
        src = (S.TTG_261, S.TTG_261A, S.TTG_261B, S.TTG_261C, S.TTG_261D, S.TTG_261E,
               S.TTG_261F, S.TTG_261G)
        every = "all seven conditions (a)-(g) are met"
    else:
        name = "the EU TTG 2026 technology-pool safe harbour"
        src = (S.TTG26_POOL, S.TTG26_C1, S.TTG26_C2, S.TTG26_C3, S.TTG26_C4, S.TTG26_C5,
               S.TTG26_C6, S.TTG26_C7, S.TTG26_C8)
        every = "all eight conditions 1-8 are met"
    show = (lambda xs: ", ".join(f"({x})" for x in xs))  # noqa: E731
    if failed:
        status, reason = "outside", f"condition(s) {show(failed)} not met"
    elif unknowns:
        status, reason = "unknown", f"condition(s) {show(unknowns)} could not be checked"
    else:
        status, reason = "inside", every
    effect = ("the creation and operation of the pool fall outside Art. 101(1) irrespective of "
              "market position; restraints in the licences are still assessed individually "
              "(the Guidelines' pool section), so no severity is lowered")
    return Harbour("eu", name, status, reason, tuple(evidence), src,
                   tuple(dict.fromkeys(missing)), can_lower=False, regime=regime, effect=effect)


def safe_harbours(ctx: Context) -> dict[str, tuple[Harbour, ...]]:
    """Evaluate every harbour a regime defines, per jurisdiction.

    Returns
    -------
    dict
        ``{jurisdiction: (Harbour, ...)}``; each harbour's ``regime`` says which regime
        defines it (the engine keeps those of the regime applied).  No Japanese
        market-share harbour is recorded among poolcalc's sources.
    """
    return {
        "us": (_us(ctx),),
        "cn": (_cn(ctx, "cn-2015"), _cn(ctx, "cn-2023")),
        "eu": (_eu_pool(ctx, "eu-2014"), _eu_pool(ctx, "eu-2026"), _ttber(ctx, "eu-2014"),
               _ttber(ctx, "eu-2026")),
        "uk": (_ttber(ctx, "uk-2021"), _uk26(ctx)),
        "jp": (),
    }


def harbours_of(ctx: Context) -> Mapping[str, tuple[Harbour, ...]]:
    """Return the safe harbours of ``ctx`` by jurisdiction (computed once, cached)."""
    if "harbours" not in ctx.cache:
        ctx.cache["harbours"] = safe_harbours(ctx)
    return ctx.cache["harbours"]

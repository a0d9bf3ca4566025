"""Market-share safe harbours and market power, evaluated on the terms.

``safe_harbours(ctx)`` works out, from the ``[market]`` table (and, for the EU, from
other rules' results):

* **US**, DOJ/FTC Antitrust Guidelines for the Licensing of IP (2017) §4.3 safety
  zone: licensors and licensees together hold <= 20 % of each relevant market
  (``market.combined_share``) and the restraint is not facially anticompetitive.
* **China**, SAIC Order No. 74 (2015) Art. 5: competitors' combined share <= 20 %, or
  non-competitors each <= 30 % (``market.largest_party_share``), or >= 4 (competitors) /
  >= 2 (non-competitors) independently controlled substitutable technologies
  (``market.substitute_technologies``; the count part was not read in the primary text).
* **EU**, Technology Transfer Guidelines 2014 para 261: all seven conditions (a)-(g),
  each decided by the results of the rules named in ``_EU_CONDITIONS``.

A pool stated to be dominant (``market.dominant = true``) is outside every harbour.  The
engine (:mod:`poolcalc.compliance._core`) lowers rule-of-reason warnings inside the US
and Chinese harbours (:attr:`Harbour.lowers`); the ``safe-harbour`` rule
(:mod:`poolcalc.compliance._rules_market`) reports each harbour as an ``info`` finding.

References
----------
U.S. Department of Justice and Federal Trade Commission, Antitrust Guidelines for the
Licensing of Intellectual Property, 12 Jan 2017, §4.3.  SAIC Order No. 74 (2015), Art. 5.
European Commission, Guidelines on the application of Article 101 TFEU to technology
transfer agreements, OJ C 89, 28.3.2014, para 261.
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
#: SAIC 2015 Art. 5: competitors' combined share <= 20 %, non-competitors each <= 30 %.
CN_COMPETITOR_SHARE = 0.20
CN_NON_COMPETITOR_SHARE = 0.30
#: SAIC 2015 Art. 5 (count part not read in the primary text): substitutable technologies.
CN_COMPETITOR_COUNT = 4
CN_NON_COMPETITOR_COUNT = 2


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
        Whether this harbour lowers rule-of-reason warnings (US and China; not the EU's
        para 261, which covers the pool's creation and operation).
    """

    jurisdiction: str
    name: str
    status: str
    reason: str
    evidence: tuple[Evidence, ...]
    sources: tuple[Source, ...]
    missing: tuple[str, ...] = ()
    can_lower: bool = True

    @property
    def lowers(self) -> bool:
        """True when warnings are lowered to info in this jurisdiction."""
        return self.can_lower and self.status == "inside"


def _pct(x: float) -> str:
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x:.1%}"


# --- US: DOJ/FTC 2017 §4.3 ---------------------------------------------------------------------
def _us(ctx: Context) -> Harbour:
    m = ctx.terms.market
    ev = (Evidence("market.combined_share", m.combined_share),
          Evidence("market.dominant", m.dominant))
    name = "the DOJ/FTC 2017 §4.3 antitrust safety zone"
    src = (S.USG_43,)
    if m.dominant:
        return Harbour("us", name, "outside",
                       "the terms state that the pool holds market power (market.dominant)",
                       ev, src)
    if m.combined_share is None:
        return Harbour("us", name, "unknown", "the combined market share is not given", ev, src,
                       ("market.combined_share",))
    share = m.combined_share
    if share <= US_SHARE + 1e-12:
        return Harbour("us", name, "inside",
                       f"licensors and licensees together hold {_pct(share)} <= 20% of each "
                       "relevant market", ev, src)
    return Harbour("us", name, "outside",
                   f"licensors and licensees together hold {_pct(share)} > 20% of a relevant "
                   "market", ev, src)


# --- China: SAIC 2015 Art. 5 --------------------------------------------------------------------
def _cn_tests(m: Market, competitors: bool) -> tuple[list[bool | None], list[str], list[str]]:
    """Results of the share and count tests for competitors or non-competitors."""
    if competitors:
        share, cap, key = m.combined_share, CN_COMPETITOR_SHARE, "market.combined_share"
        need, who = CN_COMPETITOR_COUNT, "competitors"
    else:
        share, cap = m.largest_party_share, CN_NON_COMPETITOR_SHARE
        key = "market.largest_party_share"
        need, who = CN_NON_COMPETITOR_COUNT, "non-competitors"
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
    n = m.substitute_technologies
    if n is None:
        results.append(None)
        missing.append("market.substitute_technologies")
    else:
        ok = n >= need
        results.append(ok)
        said.append(f"{n} independently controlled substitute technologies "
                    f"{'>=' if ok else '<'} {need} [R]")
    return results, said, missing


def _verdict(results: Sequence[bool | None]) -> str:
    if any(r is True for r in results):
        return "inside"
    if all(r is False for r in results):
        return "outside"
    return "unknown"


def _cn(ctx: Context) -> Harbour:
    m = ctx.terms.market
    ev = (Evidence("market.parties_compete", m.parties_compete),
          Evidence("market.combined_share", m.combined_share),
          Evidence("market.largest_party_share", m.largest_party_share),
          Evidence("market.substitute_technologies", m.substitute_technologies),
          Evidence("market.dominant", m.dominant))
    name = "the SAIC 2015 Art. 5 safe harbour"
    src = (S.SAIC_5,)
    if m.dominant:
        return Harbour("cn", name, "outside",
                       "the terms state that the pool holds a dominant position (market.dominant)",
                       ev, src)
    cases = [m.parties_compete] if m.parties_compete is not None else [True, False]
    verdicts, said, missing = [], [], []
    for comp in cases:
        res, s, miss = _cn_tests(m, comp)
        verdicts.append(_verdict(res))
        said += s
        missing += miss
    if all(v == "inside" for v in verdicts):
        status = "inside"
    elif all(v == "outside" for v in verdicts):
        status = "outside"
    else:
        status = "unknown"
        if m.parties_compete is None:
            missing.insert(0, "market.parties_compete")
    reason = "; ".join(dict.fromkeys(said)) or "no share or count given"
    if m.parties_compete is None and status != "unknown":
        reason += " (holds whether or not the parties compete)"
    return Harbour("cn", name, status, reason, ev, src,
                   tuple(dict.fromkeys(missing)) if status == "unknown" else ())


# --- EU: TTG 2014 para 261 ----------------------------------------------------------------------
#: condition letter -> (what it asks, rules whose results decide it, terms keys shown)
_EU_CONDITIONS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("a", "participation in the pool open to all interested technology owners",
     ("closed-membership",), ("membership.open_to_all_essential_holders",)),
    ("b", "safeguards so that only essential (complementary) technologies are pooled",
     ("non-essential-patent", "evaluator-independence", "substitute-patents"),
     ("license.package", "license.non_essential_included",
      "administration.evaluator.independent")),
    ("c", "sensitive information (prices, output) exchanged only as necessary",
     ("information-exchange",),
     ("administration.licensee_data_shared_with_members",
      "administration.members_exchange_market_data",
      "membership.members_coordinate_prices_or_output")),
    ("d", "technologies licensed into the pool non-exclusively",
     ("exclusive-license-in",),
     ("membership.exclusive_license_in", "membership.independent_licensing_allowed")),
    ("e", "licensed out to all potential licensees on FRAND (non-discriminatory) terms",
     ("discrimination", "refusal-to-license"),
     ("license.licensed_levels", "license.refused_licensees")),
    ("f", "contributors and licensees free to challenge validity and essentiality",
     ("no-challenge",), ("license.no_challenge", "license.terminate_on_challenge")),
    ("g", "contributors and licensees free to develop competing products and technology",
     ("competing-technology",),
     ("license.competing_technology_restricted", "membership.competing_technology_restricted")),
)


def _terms_value(ctx: Context, key: str) -> object:
    obj: object = ctx.terms
    for part in key.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _eu(ctx: Context) -> Harbour:
    met: list[str] = []
    failed: list[str] = []
    unknowns: list[str] = []
    evidence: list[Evidence] = []
    missing: list[str] = []
    for letter, what, rule_ids, keys in _EU_CONDITIONS:
        flags: list[str] = []
        gaps: list[str] = []
        for rid in rule_ids:
            for h in hits_of(ctx, ctx.rule(rid)):
                if h.kind == "flag" and h.level != "note":
                    flags.append(f"{rid}: {h.text}")
                elif h.kind == "unknown":
                    # without a pool, substitutes cannot be seen; (b) then rests on the
                    # safeguards the terms state (essential-only package, independent evaluator)
                    if rid == "substitute-patents" and ctx.pool is None:
                        continue
                    gaps.extend(e.what for e in h.evidence)
        label = f"EU TTG 2014 para 261({letter}) {what}"
        if flags:
            failed.append(letter)
            evidence.append(Evidence(label, "not met: " + "; ".join(flags)))
        elif gaps:
            unknowns.append(letter)
            missing.extend(gaps)
            evidence.append(Evidence(label, "unknown: missing " + ", ".join(dict.fromkeys(gaps))))
        else:
            met.append(letter)
            shown = ", ".join(str(Evidence(k, _terms_value(ctx, k))) for k in keys
                              if _terms_value(ctx, k) is not None)
            if ctx.pool is not None and letter == "b":
                shown += "; pool statuses, evaluators and features checked"
            evidence.append(Evidence(label, "met" + (f" ({shown})" if shown else "")))
    name = "the EU TTG 2014 para 261 safe harbour"
    letters = lambda xs: ", ".join(f"({x})" for x in xs)  # noqa: E731
    if failed:
        status = "outside"
        reason = f"condition(s) {letters(failed)} not met"
    elif unknowns:
        status = "unknown"
        reason = f"condition(s) {letters(unknowns)} could not be checked"
    else:
        status = "inside"
        reason = "all seven conditions (a)-(g) are met"
    src = (S.TTG_261, S.TTG_261A, S.TTG_261B, S.TTG_261C, S.TTG_261D, S.TTG_261E, S.TTG_261F,
           S.TTG_261G)
    return Harbour("eu", name, status, reason, tuple(evidence), src,
                   tuple(dict.fromkeys(missing)), can_lower=False)


def safe_harbours(ctx: Context) -> dict[str, Harbour]:
    """Evaluate the US, Chinese and EU safe harbours on ``ctx``.

    Returns
    -------
    dict
        ``{"us": Harbour, "cn": Harbour, "eu": Harbour}``.  No Japanese market-share
        harbour is recorded among poolcalc's sources (the JFTC guidelines it cites set
        none out in a form the rules read).
    """
    return {"us": _us(ctx), "cn": _cn(ctx), "eu": _eu(ctx)}



def harbours_of(ctx: Context) -> Mapping[str, Harbour]:
    """Return the safe harbours of ``ctx`` by jurisdiction (computed once, cached)."""
    if "harbours" not in ctx.cache:
        ctx.cache["harbours"] = safe_harbours(ctx)
    return ctx.cache["harbours"]


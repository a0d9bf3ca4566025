"""The rule registry: every rule, in DESIGN.md's order (results do not depend on it).

DESIGN.md's 21 ids come first; ``refusal-to-license`` (F18) and ``safe-harbour``
(market-share safe harbours and market power) were added after it.
"""

from __future__ import annotations

from poolcalc.compliance._core import Rule
from poolcalc.compliance._rules_market import MARKET_RULES
from poolcalc.compliance._rules_pool import POOL_RULES
from poolcalc.compliance._rules_terms import TERMS_RULES

__all__ = ["RULE_IDS", "RULES", "rule"]

_ORDER = (
    "non-essential-patent", "substitute-patents", "mandatory-package", "tying",
    "output-restriction", "channel-restriction", "territory-restriction", "price-fixing",
    "grant-back", "no-challenge", "expired-patent-royalty", "discrimination",
    "exclusive-license-in", "royalty-base", "evaluator-independence", "information-exchange",
    "competing-technology", "closed-membership", "royalty-stacking", "renewal-increase",
    "double-charging",
    # added after DESIGN.md's list
    "refusal-to-license", "safe-harbour",
)
_BY_ID = {r.id: r for r in (*TERMS_RULES, *POOL_RULES, *MARKET_RULES)}
assert set(_BY_ID) == set(_ORDER), sorted(set(_BY_ID) ^ set(_ORDER))

#: Every rule, in DESIGN.md order.
RULES: tuple[Rule, ...] = tuple(_BY_ID[i] for i in _ORDER)
#: Rule ids (stable).
RULE_IDS: tuple[str, ...] = _ORDER


def rule(rule_id: str) -> Rule:
    """Return the rule with id ``rule_id``."""
    from poolcalc.errors import InvalidInputError

    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise InvalidInputError(
            f"unknown rule id {rule_id!r} (known: {', '.join(sorted(_BY_ID))})"
        ) from None

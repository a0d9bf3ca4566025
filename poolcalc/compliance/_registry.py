"""The rule registry: every rule, in a fixed order (results do not depend on it).

The original 21 rule ids come first; ``refusal-to-license`` (F18) and ``safe-harbour``
(market-share safe harbours and market power) were added after them.  The registry
imports the rule modules; the engine (:mod:`poolcalc.compliance._core`) imports the
registry and hands it to each check's :class:`~poolcalc.compliance.Context`, so a rule
that reads another rule's hits looks it up there instead of importing this module.
"""

from __future__ import annotations

from collections.abc import Mapping

from poolcalc.compliance._base import Rule
from poolcalc.compliance._rules_market import MARKET_RULES
from poolcalc.compliance._rules_pool import POOL_RULES
from poolcalc.compliance._rules_price import PRICE_RULES
from poolcalc.compliance._rules_rates import RATE_RULES
from poolcalc.compliance._rules_terms import TERMS_RULES
from poolcalc.errors import InvalidInputError

__all__ = ["BY_ID", "RULES", "RULE_IDS", "rule"]

_ORDER = (
    "non-essential-patent", "substitute-patents", "mandatory-package", "tying",
    "output-restriction", "channel-restriction", "territory-restriction", "price-fixing",
    "grant-back", "no-challenge", "expired-patent-royalty", "discrimination",
    "exclusive-license-in", "royalty-base", "evaluator-independence", "information-exchange",
    "competing-technology", "closed-membership", "royalty-stacking", "renewal-increase",
    "double-charging",
    # added after the original list
    "refusal-to-license", "safe-harbour",
)
_BY_ID = {r.id: r for r in (*TERMS_RULES, *PRICE_RULES, *POOL_RULES, *RATE_RULES,
                            *MARKET_RULES)}
assert set(_BY_ID) == set(_ORDER), sorted(set(_BY_ID) ^ set(_ORDER))

#: Every rule, in registry order.
RULES: tuple[Rule, ...] = tuple(_BY_ID[i] for i in _ORDER)
#: Rule ids (stable).
RULE_IDS: tuple[str, ...] = _ORDER
#: Every rule by id (what the engine puts in each check's context).
BY_ID: Mapping[str, Rule] = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """Return the rule with id ``rule_id``.

    Parameters
    ----------
    rule_id : str
        A stable rule id (:data:`RULE_IDS`).

    Returns
    -------
    Rule
        Its title, what it checks, severities per jurisdiction and sources.

    Raises
    ------
    InvalidInputError
        No rule has that id.

    Examples
    --------
    >>> rule("no-challenge").title  # doctest: +ELLIPSIS
    'No-challenge...'
    """
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise InvalidInputError(
            f"unknown rule id {rule_id!r} (known: {', '.join(sorted(_BY_ID))})"
        ) from None

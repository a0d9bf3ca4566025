"""Antitrust compliance flags for patent-pool licence terms.

``check(terms, pool)`` runs one small rule per abuse pattern (DESIGN.md rule ids) and
returns a :class:`Report` of :class:`Finding` objects, each with a severity
(``error`` / ``warning`` / ``info``), a message saying what a reviewer would object
to and why, the evidence that triggered it and the legal sources it rests on
(:class:`Source`, DOMAIN.md section 4).  Absent data is reported as ``info``
("could not check"), never as compliant.  Jurisdiction profiles (``us``, ``eu``,
``cn``, ``jp``, ``all``) set severities and the sources cited.

Besides DESIGN.md's 21 rule ids, ``refusal-to-license`` (whole levels of the value
chain or named firms refused a licence) and ``safe-harbour`` (DOJ/FTC 2017 §4.3,
SAIC 2015 Art. 5, EU TTG 2014 para 261 evaluated on the ``[market]`` table) were
added.  Inside the US or Chinese market-share harbour, rule-of-reason warnings are
lowered to info in that profile (never errors or hardcore restraints); the message
says so.  See :mod:`poolcalc.compliance._core` for the policy.

References
----------
US DOJ business review letters (MPEG-2 1997, DVD 3C 1998, DVD 6C 1999, 3G 2002,
RFID 2008, Avanci 2020); DOJ/FTC Antitrust Guidelines for the Licensing of IP (2017)
§§4.3, 5.3, 5.5, 5.6; EU Technology Transfer Guidelines (OJ C 89, 2014) para 261;
SAIC Order No. 74 (2015) Arts. 5 and 12; Anti-Monopoly Commission IP Guidelines (2019);
JFTC Guidelines on Standardization and Patent Pool Arrangements (2005); Lerner and
Tirole, "Efficient Patent Pools", American Economic Review 94(3), 2004.
"""

from poolcalc.compliance._core import (
    SEVERITIES,
    Context,
    Evidence,
    Finding,
    Hit,
    Report,
    Rule,
    check,
)
from poolcalc.compliance._examples import EXAMPLE_TERMS, example_terms
from poolcalc.compliance._registry import RULE_IDS, RULES, rule
from poolcalc.compliance._sources import JURISDICTIONS, Source

__all__ = [
    "EXAMPLE_TERMS",
    "JURISDICTIONS",
    "RULES",
    "RULE_IDS",
    "SEVERITIES",
    "Context",
    "Evidence",
    "Finding",
    "Hit",
    "Report",
    "Rule",
    "Source",
    "check",
    "example_terms",
    "rule",
]

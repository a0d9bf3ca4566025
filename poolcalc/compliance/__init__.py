"""Antitrust compliance flags for patent-pool licence terms.

``check(terms, pool)`` runs one small rule per abuse pattern (stable rule ids, listed in
``docs/compliance-rules.md``) and returns a :class:`Report` of :class:`Finding` objects,
each with a severity (``error`` / ``warning`` / ``info``), a message saying what a
reviewer would object to and why, the evidence that triggered it and the legal sources
it rests on (:class:`Source`).  Absent data is reported as ``info`` ("could not check"),
never as compliant.  Jurisdiction profiles (``us``, ``eu``, ``cn``, ``jp``, ``all``) set
severities and the sources cited.

Besides the original 21 rule ids, ``refusal-to-license`` (whole levels of the value
chain or named firms refused a licence) and ``safe-harbour`` (DOJ/FTC 2017 §4.3,
SAIC 2015 Art. 5, EU TTG 2014 para 261 evaluated on the ``[market]`` table) were
added.  Inside the US or Chinese market-share harbour, rule-of-reason warnings are
lowered to info in that profile (never errors or hardcore restraints); the message
says so.  See :mod:`poolcalc.compliance._core` for the policy.

Modules, bottom to top: ``_sources`` (the texts) -> ``_base`` (Evidence, Hit, Context,
Rule) -> ``_rules_*`` and ``_harbours`` (one function per abuse pattern) -> ``_registry``
-> ``_report`` (Finding, Report) -> ``_core`` (profiles and :func:`check`).  The example
terms files are in :mod:`poolcalc.data` (:func:`poolcalc.data.example_terms`).

References
----------
US DOJ business review letters (MPEG-2 1997, DVD 3C 1998, DVD 6C 1999, 3G 2002,
RFID 2008, Avanci 2020); DOJ/FTC Antitrust Guidelines for the Licensing of IP (2017)
§§4.3, 5.3, 5.5, 5.6; EU Technology Transfer Guidelines (OJ C 89, 2014) para 261;
SAIC Order No. 74 (2015) Arts. 5 and 12; Anti-Monopoly Commission IP Guidelines (2019);
JFTC Guidelines on Standardization and Patent Pool Arrangements (2005); Lerner and
Tirole, "Efficient Patent Pools", American Economic Review 94(3), 2004.
"""

from poolcalc.compliance._base import SEVERITIES, Context, Evidence, Hit, Rule
from poolcalc.compliance._core import check, make_context
from poolcalc.compliance._registry import RULE_IDS, RULES, rule
from poolcalc.compliance._report import Finding, Report
from poolcalc.compliance._sources import JURISDICTIONS, Source

__all__ = [
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
    "make_context",
    "rule",
]

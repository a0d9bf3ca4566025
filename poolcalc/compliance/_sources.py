"""The legal and economic texts the rules rest on, with their in-force periods.

Each :class:`Source` says

* **when it applies**: ``in_force_from`` / ``in_force_to`` (last day in force),
  ``superseded_by`` (the key of the text that replaced it), ``regime`` (the set of
  instruments it belongs to, e.g. ``"eu-2014"``; see :mod:`poolcalc.compliance._regimes`)
  and ``transition_to`` (last day an expired text still applies to agreements covered
  by a transitional provision);
* **how it was verified**: ``verification`` is ``"primary"`` when the pinpoint was read
  in the primary text or a verbatim copy of it (``url`` is that copy, ``quote`` a short
  quotation of at most 25 words), ``"secondary"`` when it rests on law-firm briefings or
  other commentary, and ``"unverified"`` when neither was read (a reconstruction, a
  number from the literature).  :meth:`Source.cite` prints ``(unverified)`` after every
  pinpoint that is not ``primary``; ``checked`` says what was read where.

The engine resolves each source a rule cites to the text in force on the check's date
(following ``superseded_by`` forwards or backwards within the regime that applies) and
marks texts it cites outside their period ``historical``.  ``summary`` paraphrases.

References
----------
The texts are listed in ``docs/legal-sources.md`` (generated from :data:`ALL_SOURCES`).
"""

from __future__ import annotations

from poolcalc.compliance import _sources_asia_general, _sources_eu_uk, _sources_us
from poolcalc.compliance._source import JURISDICTIONS, VERIFICATIONS, Source, _day
from poolcalc.compliance._sources_asia_general import *  # noqa: F403
from poolcalc.compliance._sources_eu_uk import *  # noqa: F403
from poolcalc.compliance._sources_us import *  # noqa: F403

__all__ = ["ALL_SOURCES", "BY_KEY", "JURISDICTIONS", "VERIFICATIONS", "Source", "_day"]

_MODULES = (_sources_us, _sources_eu_uk, _sources_asia_general)

#: Every source, for listing and tests (sorted by jurisdiction, then key).
ALL_SOURCES: tuple[Source, ...] = tuple(sorted(
    {v.key: v for m in _MODULES for k, v in vars(m).items()
     if isinstance(v, Source) and k.isupper()}.values(),
    key=lambda s: ((*JURISDICTIONS, "general").index(s.jurisdiction), s.key)))
#: Every source by key.
BY_KEY: dict[str, Source] = {s.key: s for s in ALL_SOURCES}
assert all(s.superseded_by in BY_KEY for s in ALL_SOURCES if s.superseded_by), "dangling"

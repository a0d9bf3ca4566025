"""Which law applies on a date: regimes, transitions, and resolving a cited source.

A *regime* is the set of instruments a jurisdiction applies over a period (EU: Reg.
316/2014 with the 2014 Guidelines, then Reg. (EU) 2026/877 with the 2026 Guidelines;
China: SAIC Order 74, then SAMR Order 79; ...).  :func:`choose` picks, for a check
date and the licence's start (``license.term_start``), the regime each jurisdiction
applies and says why, including the EU and UK transitions: an agreement in force on
30 Apr 2026 that complied with the 2014 rules is judged under them until 30 Apr 2027.
Whether it complied is decided by the engine (no error-level finding in that
jurisdiction under the 2014 rules); :func:`choose` returns the transitional candidate
and the regime to fall back on.

:func:`resolve` maps a source a rule cites to the text in force under the applied
regime on the date: its successor (``superseded_by``) or predecessor within the regime,
the source itself, marked ``historical`` when it expired without a successor, or
nothing when it was not yet in force.

References
----------
Commission Regulation (EU) 2026/877, transitional period (as reported by Hogan Lovells,
Ashurst and Norton Rose Fulbright, Apr 2026); Competition Act 1998 (Technology
Transfer Agreements Block Exemption) Order 2026 (transition per Ashurst).
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from poolcalc.compliance._sources import BY_KEY, Source, _day

__all__ = ["REGIMES", "Applied", "Regime", "choose", "resolve"]

D = dt.date


@attrs.frozen(cache_hash=True)
class Regime:
    """The instruments a jurisdiction applies over a period.

    Attributes
    ----------
    id : str
        ``"eu-2014"``, ``"eu-2026"``, ``"uk-2026"``, ``"cn-2023"``, ...
    jurisdiction : str
    name : str
        The instruments, e.g. ``"Reg. (EU) No 316/2014 and the 2014 Guidelines"``.
    label : str
        Short name printed in findings (``"EU 2014 rules"``).
    start, end : datetime.date or None
        First and last day of application (None: open).
    transition_to : datetime.date or None
        Last day the regime still applies, after ``end``, to agreements in force on
        ``end`` that complied with it.
    successor : str or None
        Id of the regime that follows.
    """

    id: str
    jurisdiction: str
    name: str
    label: str
    start: dt.date | None
    end: dt.date | None = None
    transition_to: dt.date | None = None
    successor: str | None = None

    def covers(self, day: dt.date) -> bool:
        """Whether the regime applies (outside any transition) on ``day``."""
        return ((self.start is None or self.start <= day)
                and (self.end is None or day <= self.end))


#: Every regime, per jurisdiction in date order.
REGIMES: tuple[Regime, ...] = (
    Regime("us-2017", "us", "DOJ/FTC Antitrust Guidelines for the Licensing of IP (2017) and "
           "the DOJ business review letters", "US 2017 Guidelines", D(2017, 1, 12)),
    Regime("eu-2004", "eu", "Reg. (EC) No 772/2004 and the 2004 Guidelines", "EU 2004 rules",
           D(2004, 5, 1), D(2014, 4, 30), D(2015, 4, 30), "eu-2014"),
    Regime("eu-2014", "eu", "Reg. (EU) No 316/2014 and the 2014 Guidelines", "EU 2014 rules",
           D(2014, 5, 1), D(2026, 4, 30), D(2027, 4, 30), "eu-2026"),
    Regime("eu-2026", "eu", "Reg. (EU) 2026/877 and the 2026 Guidelines", "EU 2026 rules",
           D(2026, 5, 1), D(2038, 4, 30)),
    Regime("uk-2021", "uk", "the assimilated Reg. (EU) No 316/2014 (UK law)",
           "UK assimilated TTBER", D(2021, 1, 1), D(2026, 4, 30), D(2027, 4, 30), "uk-2026"),
    Regime("uk-2026", "uk", "the Competition Act 1998 (Technology Transfer Agreements Block "
           "Exemption) Order 2026", "UK TTBE Order 2026", D(2026, 5, 1)),
    Regime("cn-2015", "cn", "SAIC Order No. 74 (2015) and the 2019 IP Guidelines",
           "CN SAIC Order 74", D(2015, 8, 1), D(2023, 7, 31), None, "cn-2023"),
    Regime("cn-2023", "cn", "SAMR Order No. 79 (2023), the 2019 IP Guidelines and the 2024 SEP "
           "Guidelines", "CN SAMR Order 79", D(2023, 8, 1)),
    Regime("jp-2007", "jp", "the JFTC Guidelines of 2005 (pools) and 2007 (IP, amended 2016)",
           "JP JFTC 2005/2007 Guidelines", D(2007, 9, 28)),
)
_BY_ID = {r.id: r for r in REGIMES}


@attrs.frozen(cache_hash=True)
class Applied:
    """The regime a jurisdiction applies in one check, and why.

    Attributes
    ----------
    jurisdiction : str
    regime : Regime or None
        None when no regime is recorded for the date.
    transitional : bool
        An expired regime applied under its transition.
    reason : str
        Why this regime (printed once per report).
    why : str
        A few words of the reason, printed with the label in every finding.
    """

    jurisdiction: str
    regime: Regime | None
    transitional: bool = False
    reason: str = ""
    why: str = ""

    @property
    def id(self) -> str:
        """The regime id, or ``"<jurisdiction>-none"``."""
        return self.regime.id if self.regime is not None else f"{self.jurisdiction}-none"

    @property
    def label(self) -> str:
        """Short text for findings: ``"EU 2014 rules under the transition"``."""
        if self.regime is None:
            return f"{self.jurisdiction.upper()}: no regime recorded for the date"
        if self.transitional:
            return f"{self.regime.label} under the transition to {_day(self.regime.transition_to)}"  # type: ignore[arg-type]
        return f"{self.regime.label} ({self.why})" if self.why else self.regime.label

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the ``summary.law`` entries of the check JSON)."""
        return {"jurisdiction": self.jurisdiction, "regime": self.id,
                "name": self.regime.name if self.regime else None,
                "label": self.label, "transitional": self.transitional, "reason": self.reason}


def _on(jurisdiction: str, day: dt.date) -> Regime | None:
    for r in REGIMES:
        if r.jurisdiction == jurisdiction and r.covers(day):
            return r
    return None


def choose(jurisdiction: str, day: dt.date,
           term_start: dt.date | None) -> tuple[Applied, Applied | None]:
    """Return the regime ``jurisdiction`` applies on ``day`` and, for a transition, the fallback.

    Parameters
    ----------
    jurisdiction : str
    day : datetime.date
        The check date.
    term_start : datetime.date or None
        ``license.term_start``: the licence was in force from then.

    Returns
    -------
    (Applied, Applied or None)
        The regime to apply and, when it is a transitional one, the regime to apply
        instead if the licence did not comply with the expiring rules.
    """
    current = _on(jurisdiction, day)
    when = f"on {day.isoformat()}"
    if current is None:
        return Applied(jurisdiction, None, False,
                       f"no {jurisdiction.upper()} regime is recorded for {day.isoformat()}; "
                       "texts in force on that date are cited where recorded"), None
    previous = next((r for r in REGIMES if r.successor == current.id), None)
    in_window = (previous is not None and previous.transition_to is not None
                 and previous.end is not None and day <= previous.transition_to)
    base = f"{current.name}, in force {when} (since {_day(current.start)})"  # type: ignore[arg-type]
    if not in_window:
        if previous is not None and previous.transition_to is not None:
            base += (f"; the transition for licences in force on {_day(previous.end)} "  # type: ignore[arg-type]
                     f"ended on {_day(previous.transition_to)}")
        return Applied(jurisdiction, current, False, base), None
    assert previous is not None and previous.end is not None
    end, until = _day(previous.end), _day(previous.transition_to)  # type: ignore[arg-type]
    if term_start is None:
        return Applied(jurisdiction, current, False,
                       f"{base}; license.term_start is absent, so the transition is not "
                       f"assumed (a licence in force on {end} that complied with "
                       f"{previous.name} would be judged under them until {until})",
                       "licence start unknown, transition not assumed"), None
    if term_start > previous.end:
        return Applied(jurisdiction, current, False,
                       f"{base}; the licence started on {term_start.isoformat()} "
                       f"(license.term_start), after {end}, so it must comply at once",
                       f"licence started after {end}"), None
    transitional = Applied(
        jurisdiction, previous, True,
        f"the licence was in force on {end} (license.term_start {term_start.isoformat()}) and "
        f"the rules checked give no {jurisdiction.upper()} error under {previous.name}, so the "
        f"transitional period keeps it under them until {until} (poolcalc applies the "
        "Regulation's transition to the Guidelines' pool section too)")
    fallback = Applied(
        jurisdiction, current, False,
        f"{base}; the licence was in force on {end} (license.term_start "
        f"{term_start.isoformat()}) but has error-level findings under {previous.name}, so it "
        f"did not comply with them and the transition to {until} does not cover it",
        f"no transition: errors under the {previous.label}")
    return transitional, fallback


#: key -> the source it superseded
_PREVIOUS = {s.superseded_by: s for s in BY_KEY.values() if s.superseded_by is not None}


def _chain(src: Source, forward: bool) -> list[Source]:
    out: list[Source] = []
    cur: Source | None = src
    while cur is not None:
        cur = (BY_KEY.get(cur.superseded_by) if cur.superseded_by else None) if forward \
            else _PREVIOUS.get(cur.key)
        if cur is not None:
            out.append(cur)
    return out


@functools.lru_cache(maxsize=4096)
def resolve(src: Source, applied: Applied, day: dt.date) -> Source | None:
    """Return ``src`` as it applies on ``day`` under ``applied`` (with ``status`` set), or None.

    A text tied to a regime resolves to its version in the applied regime (following
    ``superseded_by`` forwards or backwards); a text that expired with no version in
    force is returned marked ``historical``; a text not yet in force is dropped.
    Texts not tied to a regime apply from ``in_force_from`` to ``in_force_to``.
    """
    if src.regime is not None:
        candidates = [src, *_chain(src, True), *_chain(src, False)]
        for c in candidates:
            if c.regime == applied.id:
                return attrs.evolve(c, status="transition" if applied.transitional else "in force")
        own = _BY_ID.get(src.regime)
        if own is not None and own.end is not None and own.end < day:
            return attrs.evolve(src, status="historical")
        return None
    if src.in_force_on(day):
        return attrs.evolve(src, status="in force")
    if src.in_force_from is not None and day < src.in_force_from:
        for c in _chain(src, False):
            if c.in_force_on(day):
                return attrs.evolve(c, status="in force")
        return None
    for c in _chain(src, True):
        if c.in_force_on(day):
            return attrs.evolve(c, status="in force")
    return attrs.evolve(src, status="historical")


"""The :class:`Source` record: one legal or economic text with its in-force period.

The texts themselves are in ``_sources_*.py``, indexed by :mod:`poolcalc.compliance._sources`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

__all__ = ["JURISDICTIONS", "VERIFICATIONS", "Source"]

#: Jurisdiction codes of the profiles; ``"general"`` sources (economics, industry
#: practice) are cited in every profile as supporting material.
JURISDICTIONS: tuple[str, ...] = ("us", "eu", "uk", "cn", "jp")
#: Verification statuses, strongest first.
VERIFICATIONS: tuple[str, ...] = ("primary", "secondary", "unverified")
Verification = Literal["primary", "secondary", "unverified"]

D = dt.date


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%b} {d.year}"


@attrs.frozen(cache_hash=True)
class Source:
    """A legal or economic text a finding rests on.

    Attributes
    ----------
    key : str
        Stable identifier (``"EU-TTG-2014-261F"``), used by ``superseded_by``.
    jurisdiction : str
        ``us``, ``eu``, ``uk``, ``cn``, ``jp`` or ``general`` (economics, practice).
    title : str
        The instrument, letter or case.
    pinpoint : str
        Paragraph, article, section or letter date; says "not read" where the number is
        unknown.
    url : str or None
        Where the text (or the copy that was read) is.
    verification : {"primary", "secondary", "unverified"}
    summary : str
        What the text says that matters here (a paraphrase).
    short : str
        Short citation.
    in_force_from, in_force_to : datetime.date or None
        First and last day in force (a decision: its date; None: not recorded / open).
    superseded_by : str or None
        Key of the source that replaced this one.
    regime : str or None
        Regime id (``"eu-2014"``, ``"cn-2023"``, ...) for texts that belong to one.
    transition_to : datetime.date or None
        Last day the text still applies, after ``in_force_to``, to agreements covered by
        a transitional provision.
    quote : str
        A quotation (at most 25 words) from the primary text, when read.
    checked : str
        What was read, where, and what was not.
    kind : str
        ``regulation``, ``guidelines``, ``letter``, ``case``, ``statement``, ``draft``,
        ``practice`` or ``economics``.
    status : str
        Set by the engine for a finding: ``"in force"``, ``"transition"`` (an expired text
        applied under a transition) or ``"historical"`` (cited outside its period);
        empty in the registry.
    """

    key: str
    jurisdiction: str
    title: str
    pinpoint: str
    url: str | None = None
    verification: Verification = "unverified"
    summary: str = ""
    short: str = ""
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None
    superseded_by: str | None = None
    regime: str | None = None
    transition_to: dt.date | None = None
    quote: str = ""
    checked: str = ""
    kind: str = "guidelines"
    status: str = ""

    def __attrs_post_init__(self) -> None:
        if self.verification not in VERIFICATIONS:
            raise ValueError(f"{self.key}: verification {self.verification!r}")
        if self.quote and len(self.quote.split()) > 25:
            raise ValueError(f"{self.key}: quotation longer than 25 words")

    @property
    def verified(self) -> bool:
        """True when the pinpoint was read in the primary text (``verification == "primary"``)."""
        return self.verification == "primary"

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the text is in force on ``day`` (transitions aside)."""
        return ((self.in_force_from is None or self.in_force_from <= day)
                and (self.in_force_to is None or day <= self.in_force_to))

    def period(self) -> str:
        """Return the in-force period as text, e.g. ``"1 May 2014 - 30 Apr 2026"``."""
        a, b = self.in_force_from, self.in_force_to
        if a is None and b is None:
            return "no period recorded"
        if b is None:
            return f"since {_day(a)}"  # type: ignore[arg-type]
        if a is None:
            return f"until {_day(b)}"
        return f"{_day(a)} - {_day(b)}"

    def cite(self) -> str:
        """Short citation with its markers, e.g. ``EU TTG 2014 para 261(f) (unverified)``.

        ``(unverified)`` follows a pinpoint not read in the primary text; ``(draft, not
        final)`` a draft; a text applied outside its period says ``historical``.
        """
        text = self.short or f"{self.title}, {self.pinpoint}"
        if self.kind == "draft":
            text += " (draft, not final)"
        if not self.verified:
            text += " (unverified)"
        if self.status == "transition" and self.in_force_to and self.transition_to:
            text += (f" (historical: expired {_day(self.in_force_to)}, applied under the "
                     f"transition to {_day(self.transition_to)})")
        elif self.status == "historical":
            end = f"in force until {_day(self.in_force_to)}" if self.in_force_to else "not in force"
            text += f" (historical: {end})"
        return text

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the ``sources`` entries of the check JSON)."""
        iso = (lambda d: None if d is None else d.isoformat())  # noqa: E731
        return {
            "jurisdiction": self.jurisdiction,
            "title": self.title,
            "pinpoint": self.pinpoint,
            "url": self.url,
            "verified": self.verified,
            "summary": self.summary,
            "cite": self.cite(),
            "key": self.key,
            "verification": self.verification,
            "quote": self.quote or None,
            "in_force_from": iso(self.in_force_from),
            "in_force_to": iso(self.in_force_to),
            "superseded_by": self.superseded_by,
            "status": self.status or None,
        }

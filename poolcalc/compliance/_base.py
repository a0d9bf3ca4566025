"""The types every compliance rule uses: evidence, hits, the context and the rule itself.

This is the bottom of :mod:`poolcalc.compliance`: it imports only the sources table.  A
rule module imports from here, the registry imports the rule modules, and the engine
(:mod:`poolcalc.compliance._core`) imports the registry, so there is no import circle.

A rule reads :class:`~poolcalc.model.LicenseTerms` (and, when given, the pool) from a
:class:`Context` and returns *hits*: a flag (a clause, patent, row or number a reviewer
would object to), a note (a statement, always ``info``) or an *unknown* (the data the
rule needs is absent).  The engine turns hits into findings under a jurisdiction profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from poolcalc.compliance._sources import Source
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import LicenseTerms, Pool

__all__ = [
    "SEVERITIES",
    "Context",
    "Evidence",
    "Hit",
    "Level",
    "Rule",
    "Severity",
    "flag",
    "hits_of",
    "note",
    "unknown",
]

Severity = Literal["error", "warning", "info"]
#: Severities from most to least serious.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
Level = Literal["major", "minor", "note"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, frozenset | set) else items
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


@attrs.frozen(order=True)
class Evidence:
    """What triggered a finding: a terms key, patent, sales row or number, and its value.

    Attributes
    ----------
    what : str
        ``"license.max_units"``, ``"patent US123"``, ``"sales row 14"``, ...
    value : JSON-ready value (str, number, bool, list)
    """

    what: str
    value: Any = attrs.field(converter=_jsonable, order=lambda v: repr(v))

    def __str__(self) -> str:
        def show(x: Any) -> str:
            if isinstance(x, bool):
                return "true" if x else "false"
            return "unknown" if x is None else str(x)

        v = self.value
        text = ", ".join(show(x) for x in v) if isinstance(v, list) else show(v)
        return f"{self.what} = {text}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping ``{"what", "value"}``."""
        return {"what": self.what, "value": self.value}


@attrs.frozen
class Hit:
    """What a rule returns: a flag, a note or an unknown (before the profile is applied).

    Attributes
    ----------
    kind : {"flag", "unknown", "note"}
        ``note`` is a statement (e.g. "inside the safety zone"): always ``info``, worded
        "a reviewer ... would note that <text>".
    text : str
        For a flag, what a reviewer would object to ("an exclusive grant-back of ...");
        for an unknown, what could not be checked.
    detail : str
        Why (numbers, clause values), or for an unknown the missing keys.
    evidence : tuple of Evidence
    level : {"major", "minor", "note"}
        ``major`` takes the rule's severity in the profile, ``minor`` one step less,
        ``note`` is ``info``.
    cites : tuple of Source or None
        The sources this flag rests on (default: the rule's).
    severity : mapping of jurisdiction to severity, or None
        Per-hit severity table overriding the rule's (e.g. channel limits between
        competitors).
    hardcore : bool
        A hardcore restraint (price fixing, output limits, market allocation between
        competitors): never lowered inside a safe harbour.
    only : tuple of str or None
        Jurisdictions the hit concerns; it is dropped from profiles outside them and
        cites only its own sources (safe-harbour findings).
    regimes : tuple of str or None
        Regime ids (``"eu-2026"``) the hit belongs to: it is reported only for the
        jurisdictions that apply one of them on the check date (a condition the 2026
        Guidelines added, a harbour of one regime).
    """

    kind: Literal["flag", "unknown", "note"]
    text: str
    detail: str = ""
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=tuple)
    level: Level = "major"
    cites: tuple[Source, ...] | None = None
    severity: Mapping[str, Severity] | None = None
    hardcore: bool = False
    only: tuple[str, ...] | None = None
    regimes: tuple[str, ...] | None = None


def flag(text: str, detail: str = "", evidence: Iterable[Evidence] = (), *, level: Level = "major",
         cites: Sequence[Source] | None = None,
         severity: Mapping[str, Severity] | None = None, hardcore: bool = False,
         regimes: Sequence[str] | None = None) -> Hit:
    """Make a flag hit (see :class:`Hit`)."""
    return Hit("flag", text, detail, tuple(evidence), level,
               None if cites is None else tuple(cites), severity, hardcore, None,
               None if regimes is None else tuple(regimes))


def note(text: str, detail: str, evidence: Iterable[Evidence], cites: Sequence[Source],
         only: Sequence[str], regimes: Sequence[str] | None = None) -> Hit:
    """Make a note hit: an ``info`` statement for the jurisdictions ``only``."""
    return Hit("note", text, detail, tuple(evidence), "note", tuple(cites), None, False,
               tuple(only), None if regimes is None else tuple(regimes))


def unknown(text: str, missing: Sequence[str], *, only: Sequence[str] | None = None,
            cites: Sequence[Source] | None = None,
            regimes: Sequence[str] | None = None) -> Hit:
    """Make an unknown hit: ``text`` could not be checked, ``missing`` keys are absent."""
    ev = tuple(Evidence(m, "absent") for m in missing)
    return Hit("unknown", text, "missing: " + ", ".join(missing), ev, "note",
               None if cites is None else tuple(cites), None, False,
               None if only is None else tuple(only), None if regimes is None else tuple(regimes))


@attrs.frozen
class Context:
    """Everything a rule may read.

    Attributes
    ----------
    terms : LicenseTerms
    pool, second_pool : Pool or None
    year : int or None
        Year of the pool's sales to examine (default: the latest with sales).
    tolerance : float
        Relative spread of effective rates within a licensee class tolerated before
        ``discrimination`` flags (0.01 = 1 %).
    in_force_drop : float
        Fall in the number of pooled patents in force (fraction) since the rate was set
        above which an unchanged rate is noted (``expired-patent-royalty``).
    as_of : datetime.date
        The check date: rules that depend on a text's date (the 2021 DOJ university pool
        letter, the 2024 withdrawal of the collaboration guidelines) read it.
    rules : mapping of str to Rule
        Every registered rule by id (the engine passes the registry), so that a rule can
        read another rule's hits (the EU pool safe harbour reads seven of them) without
        importing the registry.
    cache : dict
        Hits of rules already run on this context (see :func:`hits_of`).
    """

    terms: LicenseTerms
    pool: Pool | None = None
    second_pool: Pool | None = None
    year: int | None = None
    tolerance: float = 0.01
    in_force_drop: float = 0.25
    as_of: dt.date = attrs.field(factory=dt.date.today)
    rules: Mapping[str, Rule] = attrs.field(factory=dict, eq=False, repr=False)
    cache: dict[Any, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def rule(self, rule_id: str) -> Rule:
        """Return the registered rule ``rule_id``.

        Raises
        ------
        InvalidInputError
            No rule of that id was registered in this context.
        """
        try:
            return self.rules[rule_id]
        except KeyError:
            raise InvalidInputError(
                f"rule {rule_id!r} is not registered in this context (registered: "
                f"{', '.join(sorted(self.rules)) or 'none'}); build the context with "
                "poolcalc.compliance._core.make_context"
            ) from None


@attrs.frozen
class Rule:
    """One abuse pattern.

    Attributes
    ----------
    id : str
        Stable id (the rule ids of the terms-file documentation).
    title : str
    checks : str
        What it checks and which data it needs.
    severity : mapping of str to Severity
        Severity of a ``major`` flag per regime id (``"eu-2026"``), else per jurisdiction
        (``us``, ``eu``, ``uk``, ``cn``, ``jp``); ``general`` applies where neither entry
        exists.  A jurisdiction without a source in force on the date gets ``info``.
    sources : tuple of Source
    func : callable(Context) -> list of Hit
    harbour : bool
        A rule-of-reason rule: its warnings are lowered to info inside a market-share
        safe harbour (see :mod:`poolcalc.compliance._core`).
    also_cites : tuple of Source
        Texts some of its hits cite in particular cases (not by default), listed in the
        rules documentation.
    """

    id: str
    title: str
    checks: str
    severity: Mapping[str, Severity]
    sources: tuple[Source, ...]
    func: Callable[[Context], list[Hit]] = attrs.field(repr=False)
    harbour: bool = False
    also_cites: tuple[Source, ...] = ()

    def __call__(self, ctx: Context) -> list[Hit]:
        return self.func(ctx)


def hits_of(ctx: Context, rule: Rule) -> list[Hit]:
    """Run ``rule`` on ``ctx`` once; later calls return the cached hits."""
    key = (rule.id, rule.func)
    if key not in ctx.cache:
        ctx.cache[key] = list(rule(ctx))
    return ctx.cache[key]

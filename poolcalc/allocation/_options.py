"""Scheme options: parsing ``key=value`` strings and validating them per scheme."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from poolcalc.errors import InvalidInputError

__all__ = ["OPTION_SPECS", "OptionSpec", "parse_options", "resolve_options"]

_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


def _typed(text: str) -> Any:
    s = text.strip()
    low = s.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    try:
        return int(s)
    except ValueError:
        pass
    try:
        return float(s)
    except ValueError:
        return s


def parse_options(items: Iterable[str] | None) -> dict[str, Any]:
    """Parse ``key=value`` strings (``--option`` on the command line) into a dict.

    Values are typed: integers, floats, booleans (``true/false/yes/no/on/off``),
    otherwise strings.  Which keys a scheme accepts is checked by :func:`allocate`.

    Raises
    ------
    InvalidInputError
        For an item without ``=`` or with an empty key, or a key given twice.

    Examples
    --------
    >>> parse_options(["decay=geometric", "q=0.25", "blend=0", "exact=yes"])
    {'decay': 'geometric', 'q': 0.25, 'blend': 0, 'exact': True}
    """
    out: dict[str, Any] = {}
    for i, item in enumerate(items or ()):
        key, sep, value = str(item).partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidInputError(f"option must be key=value, got {item!r} at index {i}")
        if key in out:
            raise InvalidInputError(f"option {key!r} given twice")
        out[key] = _typed(value)
    return out


@attrs.frozen
class OptionSpec:
    """One option of a scheme: default and a checker that coerces or raises."""

    default: Any
    check: Callable[[str, Any], Any]
    doc: str = ""


def _choice(*allowed: str) -> Callable[[str, Any], str]:
    def check(name: str, v: Any) -> str:
        s = str(getattr(v, "value", v))
        if s not in allowed:
            raise InvalidInputError(f"option {name} must be one of {', '.join(allowed)}; got {v!r}")
        return s

    return check


def _number(
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    optional: bool = False,
) -> Callable[[str, Any], float | None]:
    def check(name: str, v: Any) -> float | None:
        if v is None and optional:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            try:
                v = float(v)
            except (TypeError, ValueError):
                raise InvalidInputError(f"option {name} must be a number, got {v!r}") from None
        x = float(v)
        bad = not math.isfinite(x)
        if low is not None:
            bad |= x <= low if low_open else x < low
        if high is not None:
            bad |= x >= high if high_open else x > high
        if bad:
            lo = "" if low is None else ("(" if low_open else "[") + f"{low:g}"
            hi = "" if high is None else f"{high:g}" + (")" if high_open else "]")
            rng = f"in {lo or '(-inf'}, {hi or 'inf)'}"
            raise InvalidInputError(f"option {name} must be {rng}, got {v!r}")
        return x

    return check


def _bool(name: str, v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise InvalidInputError(f"option {name} must be true or false, got {v!r}")


_COUNTRY = OptionSpec(
    "sale", _choice("sale", "manufacture", "sale_else_manufacture"), "whose patents count for a row"
)
_UNIT = OptionSpec("patent", _choice("patent", "family"), "count national patents or families")

#: Options each scheme accepts (name -> spec).  ``unit``/``country`` default to the
#: pool's ``[allocation]`` table where the scheme takes them.
OPTION_SPECS: dict[str, dict[str, OptionSpec]] = {
    "per-country-count": {
        "unit": _UNIT,
        "country": _COUNTRY,
        "exact": OptionSpec(
            None,
            lambda n, v: None if v is None else _bool(n, v),
            "force exact rational arithmetic (default: when small enough)",
        ),
    },
    "patent-count": {},
    "family-count": {},
    "value-weighted": {},
    "equal": {
        "among": OptionSpec(
            "holders",
            _choice("holders", "all"),
            "members holding an in-force essential patent, or all members",
        )
    },
    "disclosure-order": {
        "decay": OptionSpec("geometric", _choice("geometric", "linear", "harmonic", "arithmetic")),
        "q": OptionSpec(0.5, _number(0, 1, low_open=True, high_open=True)),
        "alpha": OptionSpec(1.0, _number(0, None, low_open=True)),
        "step": OptionSpec(0.1, _number(0, None, low_open=True)),
        "floor": OptionSpec(0.1, _number(0, 1, low_open=True)),
        "unit": OptionSpec("patent", _choice("patent", "member")),
        "blend": OptionSpec(0.0, _number(0, 1)),
    },
    "top-down": {
        "essentiality_rate": OptionSpec(0.0, _number(0, 1)),
        "rate": OptionSpec(None, _number(0, None, low_open=True, optional=True)),
        "rate_per_family": OptionSpec(None, _number(0, None, low_open=True, optional=True)),
        "outside_families": OptionSpec(0.0, _number(0, None)),
    },
    "shapley": {
        "unit": _UNIT,
        "country": _COUNTRY,
        "value_added": OptionSpec(0.0, _number(0, 1, high_open=True)),
    },
    "nucleolus": {
        "unit": _UNIT,
        "country": _COUNTRY,
        "value_added": OptionSpec(0.0, _number(0, 1, high_open=True)),
    },
}


def resolve_options(
    scheme: str,
    user: Mapping[str, Any] | None,
    pool_level: Mapping[str, Any] | None = None,
    pool_extra: Mapping[str, Any] | None = None,
    *,
    strict_pool_extra: bool = True,
) -> dict[str, Any]:
    """Merge options (user over pool over defaults) and validate them for ``scheme``.

    Parameters
    ----------
    scheme : str
        A key of :data:`OPTION_SPECS`.
    user : mapping
        Options given by the caller; every key must be one the scheme accepts.
    pool_level : mapping
        The pool's ``unit``/``country`` (used only by schemes that take them).
    pool_extra : mapping
        The pool's ``[allocation]`` extra options; checked strictly when they were
        written for this scheme (``strict_pool_extra``), else keys the scheme does not
        take are ignored (they belong to the pool's default scheme).
    """
    specs = OPTION_SPECS[scheme]
    allowed = ", ".join(sorted(specs)) or "(none)"
    merged: dict[str, Any] = {}
    for k, v in (pool_level or {}).items():
        if specs.get(k) in (_UNIT, _COUNTRY):  # same meaning as the pool's [allocation] key
            merged[k] = v
    for k, v in (pool_extra or {}).items():
        if k in specs:
            merged[k] = v
        elif strict_pool_extra:
            raise InvalidInputError(
                f"pool.toml [allocation] option {k!r} is not an option of scheme {scheme}; "
                f"allowed: {allowed}"
            )
    for k, v in (user or {}).items():
        if k not in specs:
            raise InvalidInputError(f"unknown option {k!r} for scheme {scheme}; allowed: {allowed}")
        merged[k] = v
    out = {}
    for k, spec in specs.items():
        out[k] = spec.check(k, merged[k]) if k in merged else spec.default
    return out

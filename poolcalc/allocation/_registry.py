"""The scheme registry: one :class:`Scheme` per allocation scheme, looked up by name.

Every consumer of scheme names reads this registry: :func:`poolcalc.allocation.allocate`,
option parsing (:func:`poolcalc.allocation.parse_options`, the pool's ``[allocation]``
table), :func:`poolcalc.compare.compare`, the command line (``--scheme``, ``--schemes``,
``--option``) and the generated reference ``docs/allocation-schemes.md``.  The
built-in schemes register themselves from :mod:`poolcalc.allocation.schemes`, one module
each; user code registers its own with :func:`register_scheme` (see that module's
docstring for the command line's plug-in path).

A scheme is a *kernel*: ``weights(ctx, options)`` turns the year's arrays (a
:class:`~poolcalc.allocation.SchemeContext`) into exact, non-negative member weights
w_i; the driver takes the administrator's fee, splits the distributable total D as
``D w_i / sum_j w_j`` and rounds once per member by largest remainder.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from poolcalc._args import checked_fields, one_of
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.allocation._context import SchemeContext, SchemeOutput

__all__ = [
    "COUNTRY_OPTION",
    "SCHEMES",
    "UNIT_OPTION",
    "ExplainParts",
    "Option",
    "Scheme",
    "get_scheme",
    "register_scheme",
    "scheme_names",
    "unregister_scheme",
]

_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_TYPES = ("str", "float", "bool")

#: What an explain function returns: (basis paragraph, column names, one dict per line,
#: notes).
ExplainParts = tuple[str, tuple[str, ...], list[dict[str, Any]], list[str]]


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    lo = "" if low is None else ("(" if low_open else "[") + f"{low:g}"
    hi = "" if high is None else f"{high:g}" + (")" if high_open else "]")
    return f"{lo or '(-inf'}, {hi or 'inf)'}"


@attrs.frozen(field_transformer=checked_fields)
class Option:
    """One option of a scheme: its name, type, default, allowed values and meaning.

    Attributes
    ----------
    name : str
        The key of ``options=`` / ``--option key=value`` / the pool's ``[allocation]``.
    type : {"str", "float", "bool"}
        ``str`` options take one of ``choices``; ``float`` options a finite number in
        the range ``low``..``high`` (open ends where ``low_open`` / ``high_open``);
        ``bool`` options true/false (also yes/no, on/off).
    default : object
        Value used when the option is not given (``None``: "not set").
    doc : str
        One line for the docs and the ``--help`` listing.
    choices : tuple of str
        Allowed values of a ``str`` option.
    low, high : float, optional
        Range of a ``float`` option.
    low_open, high_open : bool
        Whether the range excludes ``low`` / ``high``.
    nullable : bool
        ``None`` is a valid value (an optional number, a tri-state flag).
    from_pool : bool
        The option has the same meaning as the pool's ``[allocation]`` key of the same
        name (``unit``, ``country``) and defaults to it.
    """

    name: str
    type: str = attrs.field(validator=one_of(*_TYPES))
    default: Any
    doc: str = ""
    choices: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    nullable: bool = False
    from_pool: bool = False

    def __attrs_post_init__(self) -> None:
        if self.type == "str" and not self.choices:
            raise InvalidInputError(f"option {self.name}: a str option needs choices")
        if self.default is not None:
            self.check(self.default)

    def check(self, value: Any) -> Any:
        """Return ``value`` converted to the option's type, or raise InvalidInputError."""
        name = self.name
        if value is None and self.nullable:
            return None
        if self.type == "str":
            s = str(getattr(value, "value", value))  # enum members give their value
            if s not in self.choices:
                allowed = ", ".join(self.choices)
                raise InvalidInputError(
                    f"option {name} must be one of {allowed}; got {value!r}"
                )
            return s
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            low = str(value).lower()
            if low in _TRUE or low in _FALSE:
                return low in _TRUE
            raise InvalidInputError(f"option {name} must be true or false, got {value!r}")
        v = value
        if isinstance(v, bool) or not isinstance(v, (int, float, Fraction)):
            try:
                v = float(v)
            except (TypeError, ValueError):
                raise InvalidInputError(f"option {name} must be a number, got {value!r}") from None
        x = float(v)
        bad = not math.isfinite(x)
        if self.low is not None:
            bad |= x <= self.low if self.low_open else x < self.low
        if self.high is not None:
            bad |= x >= self.high if self.high_open else x > self.high
        if bad:
            rng = _range_text(self.low, self.high, self.low_open, self.high_open)
            raise InvalidInputError(f"option {name} must be in {rng}, got {value!r}")
        return x

    def allowed_text(self) -> str:
        """Return the allowed values in words (for docs and messages)."""
        if self.type == "str":
            return ", ".join(self.choices)
        if self.type == "bool":
            return "true, false" + (" or unset" if self.nullable else "")
        if self.low is None and self.high is None:
            return "any number"
        rng = "number in " + _range_text(self.low, self.high, self.low_open, self.high_open)
        return rng + (" or unset" if self.nullable else "")


#: Count unit shared by the schemes that count per country (defaults to the pool's).
UNIT_OPTION = Option(
    "unit",
    "str",
    "patent",
    "count national patents or patent families",
    choices=("patent", "family"),
    from_pool=True,
)
#: Count country rule shared by the schemes that count per country (defaults to the pool's).
COUNTRY_OPTION = Option(
    "country",
    "str",
    "sale",
    "whose patents count for a sales row: its country of sale, of manufacture, or of "
    "sale unless none is in force there",
    choices=("sale", "manufacture", "sale_else_manufacture"),
    from_pool=True,
)


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name or name != name.strip() or "," in name:
        raise InvalidInputError(
            f"scheme name must be a non-empty string without commas or surrounding spaces, "
            f"got {name!r}"
        )
    return name


def _check_options(options: Sequence[Option]) -> tuple[Option, ...]:
    out = tuple(options)
    names = [o.name for o in out]
    for o in out:
        if not isinstance(o, Option):
            raise InvalidInputError(f"scheme options must be Option objects, got {o!r}")
        if names.count(o.name) > 1:
            raise InvalidInputError(f"scheme option {o.name!r} given twice")
    return out


@attrs.frozen
class Scheme:
    """An allocation scheme: what the registry holds for each name.

    Attributes
    ----------
    name : str
        Registry key (``--scheme NAME``), e.g. ``"patent-count"``.
    summary : str
        One line: what the scheme rewards.
    weights : callable
        ``weights(ctx, options) -> SchemeOutput`` (or a sequence of M non-negative
        numbers, one per member in ``ctx.members`` order): the kernel.  ``ctx`` is a
        :class:`~poolcalc.allocation.SchemeContext`, ``options`` the validated options
        (every one of :attr:`options`, defaults filled in).
    options : tuple of Option
        The options the scheme accepts; any other key is refused.
    explain : callable, optional
        ``explain(ctx, options, output, i, entitlement) -> ExplainParts``: the audit
        trail of member ``i`` (basis, columns, lines, notes).  Default: one paragraph
        stating w_i / sum w.
    usage : callable, optional
        ``usage(ctx, options, output, i, entitlement) -> list of dict``: the scheme's
        own attribution of each usage country's content royalties to member ``i``
        (one ``kind = usage`` line per country).  Default: the member's entitlement
        pro rata to where the collected cents came from.
    formula : str
        The rule in formulas (plain text, for the docs).
    per_country : bool
        The scheme splits each sales row's royalty by who holds patents in that row's
        country on its date (rather than the year's total at once).
    compare_default : bool
        Run by :func:`poolcalc.compare.compare` when no schemes are named.
    references : tuple of str
        Primary sources (author, title, venue, year).
    """

    name: str = attrs.field(converter=_check_name)
    summary: str
    weights: Callable[[SchemeContext, Mapping[str, Any]], SchemeOutput | Sequence[Any]]
    options: tuple[Option, ...] = attrs.field(default=(), converter=_check_options)
    explain: Callable[[SchemeContext, Mapping[str, Any], SchemeOutput, int, Fraction],
                      ExplainParts] | None = None
    usage: Callable[[SchemeContext, Mapping[str, Any], SchemeOutput, int, Fraction],
                    list[dict[str, Any]]] | None = None
    formula: str = ""
    per_country: bool = False
    compare_default: bool = False
    references: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    def option(self, name: str) -> Option | None:
        """Return the option called ``name`` (None when the scheme has none of that name)."""
        return next((o for o in self.options if o.name == name), None)

    def resolve(
        self,
        user: Mapping[str, Any] | None,
        pool_level: Mapping[str, Any] | None = None,
        pool_extra: Mapping[str, Any] | None = None,
        *,
        strict_pool_extra: bool = True,
    ) -> dict[str, Any]:
        """Merge options (user over pool over defaults) and validate them.

        Parameters
        ----------
        user : mapping
            Options given by the caller; every key must be one the scheme accepts.
        pool_level : mapping
            The pool's ``unit`` / ``country``: used only for options marked
            ``from_pool``.
        pool_extra : mapping
            The pool's further ``[allocation]`` options; checked strictly when they
            were written for this scheme (``strict_pool_extra``), else keys the scheme
            does not take are ignored (they belong to the pool's default scheme).

        Returns
        -------
        dict
            Every option of the scheme, in declaration order, converted.
        """
        by_name = {o.name: o for o in self.options}
        allowed = ", ".join(sorted(by_name)) or "(none)"
        merged: dict[str, Any] = {}
        for k, v in (pool_level or {}).items():
            if k in by_name and by_name[k].from_pool:
                merged[k] = v
        for k, v in (pool_extra or {}).items():
            if k in by_name:
                merged[k] = v
            elif strict_pool_extra:
                raise InvalidInputError(
                    f"pool.toml [allocation] option {k!r} is not an option of scheme "
                    f"{self.name}; allowed: {allowed}"
                )
        for k, v in (user or {}).items():
            if k not in by_name:
                raise InvalidInputError(
                    f"unknown option {k!r} for scheme {self.name}; allowed: {allowed}"
                )
            merged[k] = v
        return {
            o.name: o.check(merged[o.name]) if o.name in merged else o.default
            for o in self.options
        }


_REGISTRY: dict[str, Scheme] = {}
#: Read-only live view of the registry: name -> Scheme, in registration order.
SCHEMES: Mapping[str, Scheme] = MappingProxyType(_REGISTRY)


def register_scheme(scheme: Scheme, *, replace: bool = False) -> Scheme:
    """Add ``scheme`` to the registry under ``scheme.name`` and return it.

    After this, the name works wherever a scheme name does: ``allocate(pool,
    scheme=name)``, ``compare(pool, [..., name])``, ``--scheme name``.

    Parameters
    ----------
    scheme : Scheme
    replace : bool
        Replace a scheme registered under the same name (default: refuse).

    Returns
    -------
    Scheme
        ``scheme`` itself (registered).

    Raises
    ------
    InvalidInputError
        ``scheme`` is not a Scheme, or the name is taken and ``replace`` is false.

    Examples
    --------
    >>> from poolcalc.allocation import Scheme, register_scheme, unregister_scheme
    >>> s = register_scheme(Scheme("one-each", "every member the same",
    ...                            lambda ctx, opts: [1] * len(ctx.members)))
    >>> unregister_scheme("one-each").name
    'one-each'
    """
    if not isinstance(scheme, Scheme):
        raise InvalidInputError(f"register_scheme needs a Scheme, got {type(scheme).__name__}")
    if scheme.name in _REGISTRY and not replace:
        raise InvalidInputError(
            f"scheme {scheme.name!r} is already registered (pass replace=True to replace it)"
        )
    _REGISTRY[scheme.name] = scheme
    return scheme


def unregister_scheme(name: str) -> Scheme:
    """Remove the scheme called ``name`` from the registry and return it.

    Parameters
    ----------
    name : str
        A registered scheme name.

    Returns
    -------
    Scheme
        The scheme removed.

    Raises
    ------
    InvalidInputError
        No scheme of that name is registered.

    Examples
    --------
    >>> s = register_scheme(Scheme("all-alike", "every member the same",
    ...                            lambda ctx, opts: [1] * len(ctx.members)))
    >>> unregister_scheme("all-alike").name, "all-alike" in scheme_names()
    ('all-alike', False)
    """
    scheme = get_scheme(name)
    del _REGISTRY[name]
    return scheme


def get_scheme(name: str) -> Scheme:
    """Return the registered scheme called ``name``.

    Parameters
    ----------
    name : str
        A registered scheme name (:func:`scheme_names`).

    Returns
    -------
    Scheme
        The registered scheme: its weights function, options, formula and references.

    Raises
    ------
    InvalidInputError
        Unknown name; the message lists the registered ones.

    Examples
    --------
    >>> get_scheme("patent-count").name
    'patent-count'
    """
    try:
        return _REGISTRY[str(name)]
    except KeyError:
        raise InvalidInputError(
            f"unknown allocation scheme {name!r}; allowed: {', '.join(_REGISTRY)}"
        ) from None


def scheme_names(*, compare_default: bool | None = None) -> tuple[str, ...]:
    """Return the registered names in registration order (built-ins first).

    ``compare_default=True``: only the schemes :func:`poolcalc.compare.compare` runs when
    none are named; ``False``: only the others.

    Parameters
    ----------
    compare_default : bool, optional
        True: only the schemes :func:`poolcalc.compare.compare` runs by default;
        False: only the others; None (default): all.

    Returns
    -------
    tuple of str
        Scheme names, built-ins first, then plug-ins in registration order.

    Examples
    --------
    >>> names = scheme_names()
    >>> names[0], "shapley" in names
    ('per-country-count', True)
    >>> scheme_names(compare_default=False)
    ('nucleolus',)
    """
    return tuple(
        n for n, s in _REGISTRY.items()
        if compare_default is None or s.compare_default == compare_default
    )

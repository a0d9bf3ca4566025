"""Checks of public functions' arguments at the boundary (one line naming the argument).

Every public function checks what it is given before computing, so a wrong type is
an :class:`~poolcalc.errors.InvalidInputError` naming the function, the argument and
the value, never a ``TypeError`` from deep inside (which the CLI would report as an
internal error, exit 3).

Two entry points apply the same annotation-driven checks everywhere, so each check
lives in one place: :func:`checked_fields` (an attrs ``field_transformer`` for the
result and model classes) and :func:`checked_args` (a decorator for functions).
"""

from __future__ import annotations

import functools
import inspect
import math
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc.errors import InvalidInputError

__all__ = [
    "check_array_arg",
    "check_instance_arg",
    "check_int_arg",
    "check_mapping_arg",
    "check_number_arg",
    "check_seed_arg",
    "checked_args",
    "checked_fields",
    "one_of",
]


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def check_int_arg(value: Any, where: str, *, low: int | None = None) -> int:
    """Return ``value`` as an int, refusing bools, floats, strings and values below ``low``.

    Examples
    --------
    >>> check_int_arg(12, "compare: exact_limit", low=0)
    12
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"{where} must be an integer, got {_short(value)}")
    if low is not None and value < low:
        raise InvalidInputError(f"{where} must be an integer >= {low}, got {_short(value)}")
    return int(value)


def check_number_arg(value: Any, where: str, *, low: float | None = None,
                     high: float | None = None) -> float:
    """Return ``value`` as a finite float in ``[low, high]``; refuse bools and strings.

    Examples
    --------
    >>> check_number_arg(0.25, "check: in_force_drop", low=0.0, high=1.0)
    0.25
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InvalidInputError(f"{where} must be a number, got {_short(value)}")
    x = float(value)
    if not math.isfinite(x) or (low is not None and x < low) or (high is not None and x > high):
        rng = ("a finite number" if low is None and high is None else
               f"a number >= {low:g}" if high is None else
               f"a number <= {high:g}" if low is None else f"a number in [{low:g}, {high:g}]")
        raise InvalidInputError(f"{where} must be {rng}, got {_short(value)}")
    return x


def check_mapping_arg(value: Any, where: str) -> Mapping[str, Any]:
    """Return ``value`` if it is a mapping (``None`` gives ``{}``).

    Examples
    --------
    >>> check_mapping_arg(None, "allocate: options")
    {}
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInputError(f"{where} must be a mapping (a dict), got {_short(value)}")
    return value


def check_seed_arg(value: Any, where: str) -> np.random.Generator | int | None:
    """Return ``value`` if it is a Generator, a seed (an integer >= 0) or None.

    Examples
    --------
    >>> check_seed_arg(0, "compare: rng")
    0
    """
    if value is None or isinstance(value, np.random.Generator | np.random.SeedSequence):
        return value
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise InvalidInputError(
            f"{where} must be a numpy.random.Generator, a seed (an integer >= 0) or None, "
            f"got {_short(value)}")
    return int(value)


def check_instance_arg(value: Any, cls: type | tuple[type, ...], where: str, hint: str = ""
                       ) -> Any:
    """Return ``value`` if it is an instance of ``cls``, else raise naming ``where``.

    Examples
    --------
    >>> check_instance_arg(3, int, "f: n")
    3
    """
    if not isinstance(value, cls):
        names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
        raise InvalidInputError(
            f"{where} must be a {names}{f' ({hint})' if hint else ''}, got "
            f"{type(value).__name__}")
    return value


_KINDS = {"i": "integers", "f": "numbers"}


def check_array_arg(value: Any, where: str, kind: str = "f", *, low: float | None = None
                    ) -> np.ndarray:
    """Return ``value`` as an array of integers (``kind="i"``) or numbers (``"f"``).

    Refuses ``None``, strings, objects and (for ``"i"``) non-integral numbers such as
    ``1.5``, which ``np.asarray(..., dtype=np.int64)`` would truncate without a word;
    ``low`` refuses any element below it.

    Examples
    --------
    >>> check_array_arg([0, 5], "tier_amount: starts", "i").tolist()
    [0, 5]
    >>> check_array_arg(1.5, "tier_amount: units", "i")
    Traceback (most recent call last):
    ...
    poolcalc.errors.InvalidInputError: tier_amount: units must be integers, got 1.5
    """
    try:
        a = np.asarray(value)
    except (TypeError, ValueError):
        a = np.asarray(None)
    ok = a.dtype.kind in ("iu" if kind == "i" else "iuf")
    if not ok and kind == "i" and a.dtype.kind == "f":
        ok = bool(np.all(np.isfinite(a)) and np.all(a == np.round(a)))
    if ok and low is not None and a.size and a.min() < low:
        raise InvalidInputError(f"{where} must be {_KINDS[kind]} >= {low:g}, got "
                                f"{_short(a.min().item())}")
    if not ok:
        raise InvalidInputError(f"{where} must be {_KINDS[kind]}, got {_short(value)}")
    return a.astype(np.int64 if kind == "i" else np.float64, copy=False)


# -- attrs fields checked from their annotations ----------------------------------------
#: Annotation (as written, ``from __future__ import annotations``) -> (accepted types,
#: what the message says).  Bools are refused where an int or a number is meant.
_SIMPLE: dict[str, tuple[tuple[type, ...], str]] = {
    "int": ((int, np.integer), "an integer"),
    "float": ((int, float, np.integer, np.floating), "a number"),
    "str": ((str,), "a string"),
    "bool": ((bool, np.bool_), "a bool"),
    "Fraction": ((Fraction, int, np.integer), "a Fraction"),
    "date": ((date,), "a date"),
    "np.ndarray": ((np.ndarray,), "a numpy array"),
}
_BOOLS = (bool, np.bool_)
_TEXT_OR_MAP = (str, bytes, Mapping)
_CONTAINERS = ("tuple[", "Sequence[", "list[", "frozenset[", "Mapping[", "dict[")


def _got(value: Any) -> str:
    """Show ``value`` in a message: its repr when it is plain data, else its type's name."""
    plain = (str, bytes, int, float, complex, list, tuple, dict, np.generic, type(None))
    return _short(value) if isinstance(value, plain) else type(value).__name__


def _type_error(inst: Any, a: attrs.Attribute, what: str, value: Any) -> InvalidInputError:
    return InvalidInputError(
        f"{type(inst).__name__}: {a.alias or a.name} must be {what}, got {_got(value)}")


def _split_union(ann: str) -> list[str]:
    """Top-level ``|`` parts of an annotation (brackets respected)."""
    parts, depth, cur = [], 0, ""
    for ch in ann:
        depth += (ch in "[(") - (ch in "])")
        if ch == "|" and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [*parts, cur.strip()]


def _array_like(v: Any) -> bool:
    """Tell whether ``v`` is an array with at least one dimension (O(1) for an ndarray).

    A list or tuple counts (its content is the function's to check, with its own
    message); anything else counts when numpy makes a regular array of it.
    """
    if isinstance(v, np.ndarray):
        return v.ndim >= 1
    if isinstance(v, list | tuple):
        return True
    if v is None or isinstance(v, _TEXT_OR_MAP):
        return False
    try:
        a = np.asarray(v)
    except (TypeError, ValueError):
        return False
    return a.ndim >= 1 and a.dtype.kind != "O"


def _is_path(v: Any) -> bool:
    return isinstance(v, str | os.PathLike)


@functools.cache
def _accepts(module: str, ann: str, like: bool = False
             ) -> tuple[Callable[[Any], bool], str] | None:
    """Return (test, description) for annotation ``ann`` written in ``module``.

    None when the annotation is not checked (``Any``, a callable, a type variable).
    ``like``: an ``np.ndarray`` annotation accepts any array-like of numbers (the
    arguments of a function) rather than only an ndarray (a stored field).
    """
    ann = ann.strip().strip("'\"")
    parts = _split_union(ann)
    if len(parts) > 1:
        if "str" in parts and any(p.startswith(("Path", "os.PathLike")) for p in parts):
            rest = [p for p in parts if p not in ("str", "None")
                    and not p.startswith(("Path", "os.PathLike"))]
            if rest:
                return None
            test = _is_path
            return ((lambda v: v is None or test(v)) if "None" in parts else test), "a path"
        got = [_accepts(module, p, like) for p in parts if p != "None"]
        if any(g is None for g in got):
            return None
        tests = [g[0] for g in got]
        what = " or ".join([g[1] for g in got] + (["None"] if "None" in parts else []))
        return (lambda v: ("None" in parts and v is None) or any(t(v) for t in tests)), what
    if ann.startswith("Literal["):
        choices = tuple(c.strip().strip("'\"") for c in ann[8:-1].split(","))
        return (lambda v: v in choices), "one of " + ", ".join(map(repr, choices))
    if like and (ann == "np.ndarray" or ann.startswith(("NDArray", "ArrayLike"))):
        return _array_like, "an array"
    if ann in _SIMPLE:
        types, what = _SIMPLE[ann]
        if ann in ("int", "float", "Fraction"):
            return (lambda v: isinstance(v, types) and not isinstance(v, _BOOLS)), what
        return (lambda v: isinstance(v, types)), what
    if ann.startswith(("Mapping[", "dict[")):
        return (lambda v: isinstance(v, Mapping)), "a mapping"
    if ann.startswith(_CONTAINERS + ("Iterable[",)):
        return (lambda v: isinstance(v, Iterable) and not isinstance(v, _TEXT_OR_MAP)
                ), "a sequence"
    found = getattr(sys.modules.get(module), ann, None)
    # a class named in the defining module (Pool, Netting...)
    if (isinstance(found, type) and found.__module__ != "typing"
            and not getattr(found, "_is_protocol", False)):
        return (lambda v: isinstance(v, found)), f"a {ann}"
    return None


def _field_check(a: attrs.Attribute, module: str, *, converted: bool) -> Callable[..., None]:
    """Check one annotated field (after its converter when ``converted``).

    The annotation is resolved in ``module`` (the defining class's) at the first
    call, when every class the module defines exists, and kept.
    """
    ann = a.type if isinstance(a.type, str) else getattr(a.type, "__name__", "")
    skip = converted and ann.startswith(_CONTAINERS)  # the converter made it a container
    resolved: list[tuple[Callable[[Any], bool], str] | None] = []

    def check(inst: Any, _attribute: Any, value: Any) -> None:
        if value is a.default or skip:  # a default (None) that __attrs_post_init__ fills
            return
        if not resolved:
            resolved.append(_accepts(module, ann))
        got = resolved[0]
        if got is not None and not got[0](value):
            raise _type_error(inst, a, got[1], value)

    return check


def _converter(a: attrs.Attribute, module: str) -> attrs.Converter:
    """Wrap ``a``'s converter: refuse junk before converting, name the field after."""
    inner = a.converter
    before = _field_check(a, module, converted=False)

    def convert(value: Any, inst: Any, field: attrs.Attribute) -> Any:
        ann = a.type if isinstance(a.type, str) else ""
        if ann.startswith(_CONTAINERS):
            before(inst, field, value)
        try:
            if isinstance(inner, attrs.Converter):
                extra = ((inst,) if inner.takes_self else ()) + (
                    (field,) if inner.takes_field else ())
                return inner.converter(value, *extra)
            return inner(value)
        except InvalidInputError:
            raise
        except (TypeError, ValueError, AttributeError) as exc:
            raise _type_error(inst, a, f"convertible ({exc})", value) from None

    return attrs.Converter(convert, takes_self=True, takes_field=True)


def checked_fields(cls: type, fields: list[attrs.Attribute]) -> list[attrs.Attribute]:
    """``field_transformer`` checking every field's type from its annotation.

    Given as ``@attrs.frozen(field_transformer=checked_fields)``: a field annotated
    ``int``, ``float``, ``str``, ``bool``, ``Fraction``, ``date``, ``np.ndarray``, a
    container (``tuple[...]``, ``Mapping[...]``...) or a class of the defining module
    refuses a value of another type with an :class:`InvalidInputError` naming the
    class, the field and the value (``Invoice: units must be an integer, got None``);
    a converter's own failure is reported the same way.  The checks are O(1) per field
    (an array field is checked for its type, not element by element), so columnar
    tables stay vectorised.

    Examples
    --------
    >>> @attrs.frozen(field_transformer=checked_fields)
    ... class Row:
    ...     units: int
    >>> Row("3")
    Traceback (most recent call last):
    ...
    poolcalc.errors.InvalidInputError: Row: units must be an integer, got '3'
    """
    out = []
    for a in fields:
        if not a.type:
            out.append(a)
            continue
        check = _field_check(a, cls.__module__, converted=a.converter is not None)
        validator: Callable[..., None] = check
        if a.validator is not None:
            validator = attrs.validators.and_(check, a.validator)
        conv = _converter(a, cls.__module__) if a.converter is not None else None
        out.append(a.evolve(validator=validator, converter=conv))
    return out


def one_of(*choices: str) -> Callable[[Any, attrs.Attribute, Any], None]:
    """Attrs validator: the value is one of ``choices`` (InvalidInputError listing them).

    Examples
    --------
    >>> @attrs.frozen
    ... class Opt:
    ...     type: str = attrs.field(validator=one_of("str", "bool"))
    >>> Opt("x")
    Traceback (most recent call last):
    ...
    poolcalc.errors.InvalidInputError: Opt: type must be one of 'str', 'bool', got 'x'
    """

    def check(inst: Any, a: attrs.Attribute, value: Any) -> None:
        if value not in choices:
            raise _type_error(inst, a, "one of " + ", ".join(map(repr, choices)), value)

    return check


def checked_args(func: Callable[..., Any]) -> Callable[..., Any]:
    """Check a public function's arguments against its annotations (a decorator).

    The same checks as :func:`checked_fields` (one place for both), except that an
    ``np.ndarray`` parameter accepts any array-like with at least one dimension;
    unions (``int | None``), ``Literal[...]`` choices and paths (``str | Path``) are
    understood, and annotations it cannot check (``Any``, callables, protocols) are
    left alone.  A refused argument raises :class:`InvalidInputError` naming the
    function, the argument and the value.  An argument equal to its default (``None``)
    is not checked.

    Examples
    --------
    >>> @checked_args
    ... def owed(units: int, rates: np.ndarray) -> int:
    ...     return units
    >>> owed(3, None)
    Traceback (most recent call last):
    ...
    poolcalc.errors.InvalidInputError: owed: rates must be an array, got None
    """
    sig = inspect.signature(func)
    names = list(sig.parameters)
    params = sig.parameters
    module = func.__module__
    where = func.__qualname__.removesuffix(".__init__")
    anns = {n: p.annotation for n, p in params.items()
            if isinstance(p.annotation, str) and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}

    def check(name: str, value: Any) -> None:
        if value is params[name].default:
            return
        got = _accepts(module, anns[name], True)
        if got is not None and not got[0](value):
            raise InvalidInputError(
                f"{where}: {name} must be {got[1]}, got {_got(value)}")

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for name, value in zip(names, args, strict=False):
            if name in anns:
                check(name, value)
        for name, value in kwargs.items():
            if name in anns:
                check(name, value)
        return func(*args, **kwargs)

    return wrapper

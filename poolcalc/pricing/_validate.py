"""Input validation shared by the pricing kernels.

Every public pricing function validates and broadcasts its inputs here, so the
messages are uniform: they name the argument, the constraint and the value, with
the index inside the argument's own array ("volatility must be > 0, got -0.2 at
index 3"), and never let NaN or inf reach a kernel.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError

__all__ = [
    "KINDS",
    "as_float_array",
    "broadcast_named",
    "check_bool",
    "check_choice",
    "check_kind",
    "check_optional_bool",
    "check_positive_int",
    "check_real",
    "check_rng",
    "option_inputs",
    "output",
]

KINDS = ("call", "put")

Constraint = Literal["positive", "nonnegative", "finite", "probability"]

_RULES: dict[str, tuple[str, Any]] = {
    "positive": ("must be > 0", lambda a: a > 0),
    "nonnegative": ("must be >= 0", lambda a: a >= 0),
    "finite": ("must be finite", lambda a: np.ones(a.shape, dtype=bool)),
    "probability": ("must be in [0, 1]", lambda a: (a >= 0) & (a <= 1)),
}


def _where(arr: NDArray[Any], flat: int) -> str:
    if arr.ndim == 0:
        return ""
    idx = np.unravel_index(flat, arr.shape)
    return f" at index {idx[0] if arr.ndim == 1 else tuple(int(i) for i in idx)}"


def as_float_array(
    name: str,
    value: ArrayLike,
    constraint: Constraint = "finite",
    what: str = "a number or an array of numbers",
) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array after checking ``constraint``.

    Raises
    ------
    InvalidInputError
        If the value is not numeric, is NaN or infinite, or breaks the constraint;
        the message names ``name``, the constraint, the value and its index.
    """
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        arr = value
    else:
        try:
            raw = None if isinstance(value, str | bytes) else np.asarray(value)
        except (TypeError, ValueError) as exc:  # ragged nested sequences
            raise InvalidInputError(f"{name} must be {what}, got {_short(value)}") from exc
        # booleans, text and complex numbers are not silently read as numbers
        if raw is None or raw.dtype.kind in "bcUSVM" or (
            raw.dtype.kind == "O"
            and any(x is None or isinstance(x, bool | str | bytes) for x in raw.flat)
        ):
            raise InvalidInputError(f"{name} must be {what}, got {_short(value)}")
        try:
            arr = np.asarray(raw, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(f"{name} must be {what}, got {_short(value)}") from exc
    text, rule = _RULES[constraint]
    if arr.size == 0:
        return arr
    # fast path: two reductions, no temporaries (NaN propagates through min and max)
    lo, hi = float(arr.min()), float(arr.max())
    lo_ok = {"positive": lo > 0, "nonnegative": lo >= 0, "probability": lo >= 0}.get(
        constraint, lo > -np.inf
    )
    hi_ok = hi <= 1 if constraint == "probability" else hi < np.inf
    if lo_ok and hi_ok:
        return arr
    bad = ~np.isfinite(arr)
    if bad.any():
        flat = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"{name} must be finite, got {float(arr.flat[flat])!r}{_where(arr, flat)}"
        )
    ok = rule(arr)
    if not np.all(ok):
        flat = int(np.flatnonzero(~ok)[0])
        raise InvalidInputError(f"{name} {text}, got {float(arr.flat[flat])!r}{_where(arr, flat)}")
    return arr


def broadcast_named(arrays: Mapping[str, NDArray[np.float64]]) -> tuple[NDArray[np.float64], ...]:
    """Broadcast named arrays against each other, naming the shapes when they do not fit."""
    try:
        return tuple(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise InvalidInputError(f"arguments do not broadcast together: {shapes}") from None


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:76] + "...)"


def check_real(name: str, value: object, constraint: Constraint = "finite") -> float:
    """Return a single real number as a float after checking ``constraint``.

    Raises
    ------
    InvalidInputError
        For an array, a bool, text, NaN or inf, or a value breaking the constraint.
    """
    arr = as_float_array(name, value, constraint, what="a number")
    if arr.ndim:
        raise InvalidInputError(
            f"{name} must be a single number, got an array of shape {arr.shape}"
        )
    return float(arr)


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is True or False (numpy bools too); never read truthiness."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise InvalidInputError(f"{name} must be True or False, got {_short(value)}")


def check_optional_bool(name: str, value: object) -> bool | None:
    """Return None, True or False; raise for anything else."""
    return None if value is None else check_bool(name, value)


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of the strings ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise InvalidInputError(
            f"{name} must be one of {', '.join(map(repr, choices))}, got {_short(value)}"
        )
    return value


def check_rng(rng: object) -> np.random.Generator:
    """Return a random generator for ``rng``: a Generator, a seed, a SeedSequence or None.

    A seed is an integer >= 0 (the same seed gives the same numbers); None draws a
    fresh seed from the operating system.

    Raises
    ------
    InvalidInputError
        For anything else (a negative or non-integer seed, a string, a legacy
        ``numpy.random.RandomState``).
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or rng < 0:
        raise InvalidInputError(
            "rng must be a numpy.random.Generator, a seed (an integer >= 0) or None, "
            f"got {_short(rng)}"
        )
    return np.random.default_rng(int(rng))


def check_kind(kind: object) -> bool:
    """Return True for a call, False for a put; raise for anything else."""
    return check_choice("kind", kind, KINDS) == "call"


def check_positive_int(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int, raising unless it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise InvalidInputError(f"{name} must be an integer >= {minimum}, got {_short(value)}")
    return int(value)


def output(arr: NDArray[np.float64], scalar: bool) -> Any:
    """Return a Python float for scalar input, the array otherwise."""
    return float(arr) if scalar else arr


def option_inputs(
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    dividend: ArrayLike,
) -> tuple[tuple[NDArray[np.float64], ...], bool]:
    """Validate and broadcast the six standard option inputs.

    Returns the broadcast arrays (spot, strike, maturity, rate, volatility, dividend)
    and whether every input was a scalar.
    """
    named = {
        "spot": as_float_array("spot", spot, "positive"),
        "strike": as_float_array("strike", strike, "positive"),
        "maturity": as_float_array("maturity", maturity, "nonnegative"),
        "rate": as_float_array("rate", rate),
        "volatility": as_float_array("volatility", volatility, "positive"),
        "dividend": as_float_array("dividend", dividend),
    }
    scalar = all(a.ndim == 0 for a in named.values())
    return broadcast_named(named), scalar

"""Checks of public functions' arguments at the boundary (one line naming the argument).

Every public function checks what it is given before computing, so a wrong type is
an :class:`~poolcalc.errors.InvalidInputError` naming the function, the argument and
the value, never a ``TypeError`` from deep inside (which the CLI would report as an
internal error, exit 3).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from poolcalc.errors import InvalidInputError

__all__ = [
    "check_array_arg",
    "check_instance_arg",
    "check_int_arg",
    "check_mapping_arg",
    "check_number_arg",
    "check_seed_arg",
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

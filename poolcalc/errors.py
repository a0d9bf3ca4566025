"""Exception and warning hierarchy of poolcalc.

Every error poolcalc raises on purpose derives from :class:`PoolcalcError`, so a
caller can catch the library's errors in one clause.  Errors about bad values also
derive from :class:`ValueError` and solver failures from :class:`RuntimeError`, so
generic handlers keep working.  Messages name the file, line and field (or the
argument and index) and the value received, e.g.
``sales.csv:14: units must be a non-negative integer, got '-3'``.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "InvalidInputError",
    "PoolcalcError",
    "PoolcalcWarning",
    "SolverError",
    "location",
]


class PoolcalcError(Exception):
    """Base class of every error poolcalc raises on purpose."""


class InvalidInputError(PoolcalcError, ValueError):
    """Bad values, shapes or files.

    The message names where the value came from (file, line and field, or the
    argument and array index), the constraint it breaks and the value received.
    """


class SolverError(PoolcalcError, RuntimeError):
    """A linear program (nucleolus, least core) could not be solved."""


class PoolcalcWarning(UserWarning):
    """Degenerate but valid input (e.g. a year with a zero-royalty row)."""


def location(file: str | None = None, line: int | None = None, field: str | None = None) -> str:
    """Format ``file:line: field`` for error messages, leaving out what is unknown.

    Parameters
    ----------
    file : str, optional
    line : int, optional
    field : str, optional

    Returns
    -------
    str
        The known parts joined by ``": "`` (file and line as ``file:line``).

    Examples
    --------
    >>> location("sales.csv", 14, "units")
    'sales.csv:14: units'
    >>> location(field="spot")
    'spot'
    """
    head = ""
    if file is not None:
        head = file if line is None else f"{file}:{line}"
    if field is None:
        return head
    return f"{head}: {field}" if head else field


class ChoiceEnum(StrEnum):
    """A :class:`~enum.StrEnum` whose unknown values raise :class:`InvalidInputError`.

    The message names the enum and lists the accepted values, so ``Basis("x")`` is a
    bad-input error (exit 2 in the CLI) rather than a bare ``ValueError``.

    Examples
    --------
    >>> class Colour(ChoiceEnum):
    ...     RED = "red"
    >>> Colour("blue")
    Traceback (most recent call last):
    ...
    poolcalc.errors.InvalidInputError: Colour must be one of 'red', got 'blue'
    """

    @classmethod
    def _missing_(cls, value: object) -> None:
        choices = ", ".join(repr(m.value) for m in cls)
        text = repr(value)
        raise InvalidInputError(
            f"{cls.__name__} must be one of {choices}, got "
            f"{text if len(text) <= 60 else text[:57] + '...'}")

"""Scheme options from text: ``key=value`` strings (``--option``), checked by the registry.

Which options a scheme takes, their types, defaults and ranges are declared on its
:class:`~poolcalc.allocation.Scheme` (``Scheme.options``); :func:`resolve_options`
merges the caller's options over the pool's ``[allocation]`` table and the defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from poolcalc._args import checked_args
from poolcalc.allocation._registry import get_scheme
from poolcalc.errors import InvalidInputError

__all__ = ["parse_options", "resolve_options"]

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


@checked_args
def parse_options(items: Iterable[str] | None, scheme: str | None = None) -> dict[str, Any]:
    """Parse ``key=value`` strings (``--option`` on the command line) into a dict.

    Parameters
    ----------
    items : iterable of str, optional
        E.g. ``["decay=geometric", "q=0.25"]``.
    scheme : str, optional
        A registered scheme: each key must be one of its options and each value is
        converted and checked by that option (see ``docs/allocation-schemes.md``).
        Without it, values are typed generically: integers, floats, booleans
        (``true/false/yes/no/on/off``), otherwise strings, and :func:`allocate` checks
        them.

    Returns
    -------
    dict of str to object
        Option name -> typed value, in the order given.

    Raises
    ------
    InvalidInputError
        For an item without ``=`` or with an empty key, a key given twice, or (with
        ``scheme``) an unknown scheme, key or value.

    Examples
    --------
    >>> parse_options(["decay=geometric", "q=0.25", "blend=0", "exact=yes"])
    {'decay': 'geometric', 'q': 0.25, 'blend': 0, 'exact': True}
    >>> parse_options(["alpha=2", "decay=harmonic"], scheme="disclosure-order")
    {'alpha': 2.0, 'decay': 'harmonic'}
    """
    sch = None if scheme is None else get_scheme(scheme)
    out: dict[str, Any] = {}
    for i, item in enumerate(items or ()):
        key, sep, value = str(item).partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidInputError(f"option must be key=value, got {item!r} at index {i}")
        if key in out:
            raise InvalidInputError(f"option {key!r} given twice")
        out[key] = _typed(value)
    if sch is not None:
        checked = sch.resolve(out)  # raises on an unknown key or a bad value
        out = {k: checked[k] for k in out}
    return out


def resolve_options(
    scheme: str,
    user: Mapping[str, Any] | None,
    pool_level: Mapping[str, Any] | None = None,
    pool_extra: Mapping[str, Any] | None = None,
    *,
    strict_pool_extra: bool = True,
) -> dict[str, Any]:
    """Merge options (user over pool over defaults) and validate them for ``scheme``.

    See :meth:`poolcalc.allocation.Scheme.resolve`; ``scheme`` is a registered name.
    """
    return get_scheme(scheme).resolve(
        user, pool_level, pool_extra, strict_pool_extra=strict_pool_extra
    )

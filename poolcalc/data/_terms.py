"""The two bundled example terms files (``poolcalc/data/terms/*.toml``) and their loader.

``clean.toml`` is a pool licence modelled on the safeguards of the DOJ's MPEG-2
business review letter (26 Jun 1997) and the EU technology-pool safe harbour;
``problematic.toml`` holds the abuse patterns the compliance rules flag (bundling
non-essential patents, output and channel limits, exclusive grant-back, no-challenge,
total-sales royalty base, royalties after expiry, members barred from independent
licensing, ...).  ``examples/terms_clean.toml`` and ``examples/terms_problematic.toml``
in the source tree are the same text (a test keeps them identical).

The files are read through :func:`poolcalc.io.parse_terms`, like any terms file.
"""

from __future__ import annotations

import importlib.resources
import pathlib
import tomllib
from collections.abc import Mapping
from types import MappingProxyType

from poolcalc.errors import InvalidInputError
from poolcalc.io import parse_terms
from poolcalc.model import LicenseTerms

__all__ = ["EXAMPLE_TERMS", "example_terms", "example_terms_path"]

_KINDS = ("clean", "problematic")


def example_terms_path(kind: str = "problematic") -> pathlib.Path:
    """Path of a bundled example terms file: ``"clean"`` or ``"problematic"``.

    Parameters
    ----------
    kind : {"clean", "problematic"}

    Returns
    -------
    pathlib.Path
        The TOML file (pass it to :func:`poolcalc.io.read_terms` or ``poolcalc check``).

    Raises
    ------
    InvalidInputError
        ``kind`` is neither.

    Examples
    --------
    >>> example_terms_path("clean").suffix
    '.toml'
    """
    if kind not in _KINDS:
        raise InvalidInputError(f"kind must be 'clean' or 'problematic', got {kind!r}")
    return pathlib.Path(str(importlib.resources.files("poolcalc.data") / "terms" / f"{kind}.toml"))


def _read(kind: str) -> str:
    return example_terms_path(kind).read_text(encoding="utf-8")


#: The example terms files' text by name (``"clean"``, ``"problematic"``).
EXAMPLE_TERMS: Mapping[str, str] = MappingProxyType({k: _read(k) for k in _KINDS})


def example_terms(kind: str = "problematic") -> LicenseTerms:
    """Return the parsed example terms: ``"clean"`` or ``"problematic"``.

    Parameters
    ----------
    kind : {"clean", "problematic"}
        ``clean``: the MPEG-2 letter's safeguards; ``problematic``: one abuse per rule.

    Returns
    -------
    LicenseTerms

    Raises
    ------
    InvalidInputError
        ``kind`` is neither.

    Examples
    --------
    >>> from poolcalc.compliance import check
    >>> check(example_terms("clean")).exit_code
    0
    >>> check(example_terms("problematic")).exit_code
    1
    """
    if kind not in _KINDS:
        raise InvalidInputError(f"kind must be 'clean' or 'problematic', got {kind!r}")
    return parse_terms(tomllib.loads(EXAMPLE_TERMS[kind]), source=f"terms_{kind}.toml")

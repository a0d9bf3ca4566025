"""Provenance: the files a period was computed from, by name, SHA-256 and size."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import attrs

from poolcalc.errors import InvalidInputError
from poolcalc.ledger._db import check_path

__all__ = ["POOL_FILES", "InputFile", "hash_inputs", "inputs_digest"]

#: Files of a pool directory that a period may be computed from.
POOL_FILES = ("pool.toml", "patents.csv", "licensees.csv", "sales.csv", "usage.csv",
              "metrics.csv", "payments.csv", "fx.csv", "reports.csv", "audits.csv")

_CHUNK = 1 << 20


@attrs.frozen
class InputFile:
    """One input file: ``name`` (relative to the pool), ``sha256`` (hex), ``size`` [bytes]."""

    name: str
    sha256: str
    size: int


def _hash(path: Path) -> InputFile:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return InputFile(path.name, h.hexdigest(), path.stat().st_size)


def hash_inputs(pool: str | os.PathLike[str]) -> tuple[InputFile, ...]:
    """Hash the input files of a pool directory (or the one ``.xlsx`` workbook).

    Every file of :data:`POOL_FILES` present, and every other ``.csv``/``.parquet``/``.toml``
    file of the directory, in name order.

    Parameters
    ----------
    pool : path
        Pool directory or workbook.

    Returns
    -------
    tuple of InputFile

    Examples
    --------
    >>> import poolcalc
    >>> from poolcalc.ledger import hash_inputs
    >>> [f.name for f in hash_inputs(poolcalc.example_pool_path())][:3]
    ['amendments.csv', 'audits.csv', 'fx.csv']
    """
    check_path(pool, "hash_inputs: pool")
    path = Path(pool)
    if path.is_file():
        return (_hash(path),)
    if not path.is_dir():
        raise InvalidInputError(f"hash_inputs: pool: no such directory or workbook: {str(pool)!r}")
    names: Iterable[Path] = sorted(
        p for p in path.iterdir()
        if p.is_file() and (p.name in POOL_FILES or p.suffix in (".csv", ".parquet", ".toml")))
    return tuple(_hash(p) for p in names)


def inputs_digest(inputs: Iterable[InputFile]) -> str:
    """Return one SHA-256 over the inputs' names and hashes (order independent)."""
    h = hashlib.sha256()
    for f in sorted(inputs, key=lambda f: f.name):
        h.update(f"{f.name}\0{f.sha256}\n".encode())
    return h.hexdigest()

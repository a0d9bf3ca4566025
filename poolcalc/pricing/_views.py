"""Helpers for the pricing results' tables and dicts (one row per option).

A pricing result holds floats (all-scalar input) or arrays of one broadcast shape;
its table has one row per option, in C order, labelled by the option's index.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["fmt", "labels", "per_option", "tolist"]


def tolist(x: Any) -> Any:
    """Return a float for a scalar, nested lists for an array, None for None (JSON-ready)."""
    if x is None:
        return None
    if isinstance(x, np.ndarray):
        return x.tolist()
    return float(x)


def fmt(x: Any, digits: int = 4) -> str:
    """Return a number with thousands separators and ``digits`` decimals ("" for None)."""
    if x is None:
        return ""
    if isinstance(x, float | np.floating | int | np.integer):
        return f"{float(x):,.{digits}f}"
    return str(x)


def per_option(columns: Mapping[str, Any]) -> tuple[int, dict[str, np.ndarray], tuple[int, ...]]:
    """Flatten the columns that are not None to equal length: (n, columns, shape)."""
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in columns.items() if v is not None}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    flat = {k: np.broadcast_to(a, shape).reshape(-1) for k, a in arrays.items()}
    n = int(np.prod(shape, dtype=np.int64)) if shape else 1
    return n, flat, shape


def labels(shape: tuple[int, ...]) -> list[str]:
    """Row labels: '-' for a single scalar option, the index otherwise."""
    if not shape:
        return ["-"]
    if len(shape) == 1:
        return [str(i) for i in range(shape[0])]
    return [str(idx) for idx in np.ndindex(shape)]

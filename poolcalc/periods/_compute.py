"""Placeholder: the computation lands in the next commit."""

from __future__ import annotations

from typing import Any

__all__ = ["period"]


def period(pool: Any, label: str, inputs: Any = None) -> Any:
    """Compute one reporting period (not implemented yet)."""
    raise NotImplementedError("poolcalc.periods.period")

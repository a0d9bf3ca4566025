"""pandas in, pandas out: the pricing functions keep a Series' or DataFrame's index.

The kernels work on numpy arrays.  :func:`keeps_index` wraps a pricing function so
that when any argument is a :class:`pandas.Series` or :class:`pandas.DataFrame`, the
arguments go in as arrays and an array result of the same shape comes back as a
Series (or DataFrame) with that index (and columns); a :class:`PatentValuation`
without ``patents=`` takes the index labels as patent ids.  pandas is never imported
here: an argument is recognised by its type's module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from poolcalc._result import require_pandas
from poolcalc.errors import InvalidInputError

__all__ = ["keeps_index"]

F = TypeVar("F", bound=Callable[..., Any])


def _is_pandas(x: object) -> bool:
    mod = type(x).__module__ or ""
    return mod.startswith("pandas") and hasattr(x, "index") and hasattr(x, "to_numpy")


def _frame_of(args: tuple[Any, ...], kwargs: dict[str, Any], name: str) -> Any:
    """Return the first pandas argument; every other one must have the same index."""
    found = [x for x in (*args, *kwargs.values()) if _is_pandas(x)]
    if not found:
        return None
    first = found[0]
    for other in found[1:]:
        if not first.index.equals(other.index):
            raise InvalidInputError(
                f"{name}: pandas arguments must share one index, got {list(first.index[:5])}"
                f" and {list(other.index[:5])}"
            )
    return first


def _plain(x: Any) -> Any:
    return x.to_numpy() if _is_pandas(x) else x


def keeps_index(func: F) -> F:
    """Wrap a pricing function so that pandas arguments give pandas results.

    Parameters
    ----------
    func : callable
        A pricing function broadcasting over array arguments.

    Returns
    -------
    callable
        The same function (same signature and docstring): pandas arguments are
        passed as arrays; an ndarray result with the pandas argument's shape is
        returned as a Series (1-D, named after the function) or DataFrame (2-D) with
        its index (and columns).  Other results are returned as they are.

    Examples
    --------
    >>> import pandas as pd
    >>> from poolcalc import pricing
    >>> spots = pd.Series([90.0, 110.0], index=pd.Index(["US-1", "US-2"], name="patent"))
    >>> pricing.black_scholes(spots, 100, 1, 0.05, 0.2).round(4)
    patent
    US-1     5.0912
    US-2    17.6630
    Name: black_scholes, dtype: float64
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        like = _frame_of(args, kwargs, func.__name__)
        if like is None:
            return func(*args, **kwargs)
        if func.__name__ == "value_patents" and kwargs.get("patents") is None:
            kwargs["patents"] = [str(i) for i in like.index]
        out = func(*(_plain(a) for a in args), **{k: _plain(v) for k, v in kwargs.items()})
        if not isinstance(out, np.ndarray) or out.shape != like.shape:
            return out
        pd = require_pandas()
        if out.ndim == 1:
            return pd.Series(out, index=like.index, name=func.__name__)
        return pd.DataFrame(out, index=like.index, columns=like.columns)

    return wrapper  # type: ignore[return-value]

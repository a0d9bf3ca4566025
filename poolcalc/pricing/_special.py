"""The standard normal distribution function, with scipy.special loaded on first use.

``import scipy.special`` costs about 0.3 s (its array-API layer), paid by every
``poolcalc`` command that imports the pricing modules (the CLI does, for ``price``)
even when it prices nothing.  :func:`ndtr` is :func:`scipy.special.ndtr` itself,
looked up the first time it is called: the same ufunc, the same numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["ndtr"]

_LOADED: list[Any] = []


def ndtr(x: Any, /, out: np.ndarray | None = None) -> Any:
    """Return the standard normal CDF ``N(x) = (1 + erf(x / sqrt 2)) / 2`` (scipy.special.ndtr).

    Parameters
    ----------
    x : array_like
    out : ndarray, optional
        Written in place, as for the ufunc.

    Returns
    -------
    ndarray or float
    """
    if not _LOADED:
        from scipy.special import ndtr as f  # scipy is a runtime dependency: loaded when used

        _LOADED.append(f)
    f = _LOADED[0]
    return f(x) if out is None else f(x, out=out)

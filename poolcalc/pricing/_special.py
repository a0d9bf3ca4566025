r"""The standard normal distribution function, with scipy.special loaded on first use.

``import scipy.special`` costs about 0.3 s (its array-API layer), paid by every
``poolcalc`` command that imports the pricing modules (the CLI does, for ``price``)
even when it prices nothing.  :func:`ndtr` is :func:`scipy.special.ndtr` itself,
looked up the first time it is called: the same ufunc, the same numbers.

:func:`gauss_tail_ratio` is the Black-Scholes kernel's tail form:
:math:`g(z) = \Phi(-z) e^{z^2/2} = \tfrac12 \operatorname{erfcx}(z/\sqrt2)` for
:math:`z \ge 0`, by :func:`scipy.special.erfcx` (the scaled complementary error
function), loaded the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["gauss_tail_ratio", "ndtr"]

_LOADED: list[Any] = []
_RSQRT2 = 0.7071067811865476  # 1 / sqrt(2)

def _scipy() -> list[Any]:
    """Return ``[scipy.special.ndtr, scipy.special.erfcx]``, imported on first use."""
    if not _LOADED:
        from scipy.special import erfcx, ndtr  # scipy is a runtime dependency

        _LOADED[:] = [ndtr, erfcx]
    return _LOADED


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
    f = _scipy()[0]
    return f(x) if out is None else f(x, out=out)


def gauss_tail_ratio(x: NDArray[np.float64], out: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Return :math:`g(|x|) = \Phi(-|x|)\, e^{x^2/2}` for a 1-D array, written into ``out``.

    Parameters
    ----------
    x : ndarray of shape (m,)
        Arguments (any real; ``g`` decreases from 1/2 at 0 like
        :math:`1/(|x|\sqrt{2\pi})`).
    out : ndarray of shape (m,)
        Receives the result (may not be ``x``).

    Returns
    -------
    ndarray of shape (m,)
        ``out``.

    Notes
    -----
    :math:`g(z) = \tfrac12 \operatorname{erfcx}(z/\sqrt 2)` with
    :math:`\operatorname{erfcx}(u) = e^{u^2}\operatorname{erfc}(u)`
    (:func:`scipy.special.erfcx`, relative accuracy near 1e-15 for every argument).
    With :math:`\Phi(x) = H(x) - \operatorname{sign}(x)\, e^{-x^2/2} g(|x|)` (H the
    unit step) the normal CDF keeps full relative accuracy in both tails, which the
    Black-Scholes kernel uses to avoid cancellation for deep out-of-the-money options.

    References
    ----------
    S. G. Johnson, "Faddeeva Package", MIT (2012), http://ab-initio.mit.edu/Faddeeva
    (the implementation behind :func:`scipy.special.erfcx`).  M. Abramowitz and I. A.
    Stegun, *Handbook of Mathematical Functions* (1964), 7.1.2 and 26.2.29
    (:math:`\Phi(-z) = \tfrac12 \operatorname{erfc}(z/\sqrt2)`).

    Examples
    --------
    >>> import numpy as np
    >>> from poolcalc.pricing._special import gauss_tail_ratio
    >>> float(gauss_tail_ratio(np.array([0.0]), np.empty(1))[0])
    0.5
    """
    np.abs(x, out=out)
    np.multiply(out, _RSQRT2, out=out)
    _scipy()[1](out, out=out)
    return np.multiply(out, 0.5, out=out)

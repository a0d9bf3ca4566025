r"""The standard normal distribution function, with scipy.special loaded on first use.

``import scipy.special`` costs about 0.3 s (its array-API layer), paid by every
``poolcalc`` command that imports the pricing modules (the CLI does, for ``price``)
even when it prices nothing.  :func:`ndtr` is :func:`scipy.special.ndtr` itself,
looked up the first time it is called: the same ufunc, the same numbers.

:func:`gauss_tail_ratio` is the Black-Scholes kernel's fast path:
:math:`g(z) = \Phi(-z) e^{z^2/2}` for :math:`0 \le z \le 8` as one rational function
evaluated with a matrix product, about twice as fast as ``scipy.special.ndtr``
(benchmarks/README.md, issue 11).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["GAUSS_RATIO_MAX", "gauss_tail_ratio", "ndtr"]

_LOADED: list[Any] = []

#: :func:`gauss_tail_ratio` is accurate for ``|x| <= GAUSS_RATIO_MAX``.
GAUSS_RATIO_MAX = 8.0

#: Rows P and Q of :math:`g(z) \approx P(z) / Q(z)`, coefficients of z^0 .. z^8 (all
#: positive, so the sums have no cancellation for z >= 0).  A near-minimax fit of the
#: relative error on [0, 8] (linearised least squares with Lawson reweighting, 200
#: Chebyshev points, 50-digit arithmetic): approximation error 1.8e-16; the float64
#: evaluation is within 9e-16 of the true value on a grid of 3,001 points.
_GAUSS_RATIO = np.array(
    [
        [
            0.4999999999999999,
            0.5866718578011905,
            0.34463831034257464,
            0.1248492313190421,
            0.029691699857933452,
            0.004608559682118391,
            0.0004328011512968024,
            1.911629567315274e-05,
            4.2585474488083987e-13,
        ],
        [
            1.0,
            1.9712282764052125,
            1.7620892282479386,
            0.9359896346668868,
            0.32442133342888124,
            0.07550977436218383,
            0.011599932701633382,
            0.0010848686227856682,
            4.7917528927252666e-05,
        ],
    ]
)


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


def gauss_tail_ratio(
    x: NDArray[np.float64], powers: NDArray[np.float64], pq: NDArray[np.float64]
) -> NDArray[np.float64]:
    r"""Return :math:`g(|x|) = \Phi(-|x|)\, e^{x^2/2}` for a 1-D array, in ``pq[0]``.

    Parameters
    ----------
    x : ndarray of shape (m,)
        Arguments; the result is accurate (relative error below 1e-15) where
        ``|x| <= GAUSS_RATIO_MAX`` and meaningless beyond (the caller falls back to
        :func:`ndtr` there).
    powers : ndarray of shape (9, m)
        Scratch whose row 0 holds ones; rows 1..8 receive :math:`|x|^1 .. |x|^8`
        (row 1 is :math:`|x|`, row 2 :math:`x^2` on return).
    pq : ndarray of shape (2, m)
        Scratch receiving P and Q; row 0 is the result on return.

    Returns
    -------
    ndarray of shape (m,)
        The view ``pq[0]``.

    Notes
    -----
    With :math:`\Phi(x) = H(x) - \operatorname{sign}(x)\, e^{-x^2/2} g(|x|)`
    (H the unit step) the normal CDF keeps full relative accuracy in both tails.
    ``P`` and ``Q`` are one (2 x 9) by (9 x m) matrix product on the power rows.

    References
    ----------
    W. J. Cody, "Rational Chebyshev approximations for the error function",
    Mathematics of Computation 23(107), 1969 (the form exp(-x^2) P(x)/Q(x) with
    positive coefficients).  C. L. Lawson, "Contributions to the theory of linear
    least maximum approximation", PhD thesis, UCLA, 1961 (the reweighting).
    """
    z = powers[1]
    np.abs(x, out=z)
    np.square(z, out=powers[2])
    np.multiply(powers[2], z, out=powers[3])
    np.square(powers[2], out=powers[4])
    np.multiply(powers[4], z, out=powers[5])
    np.square(powers[3], out=powers[6])
    np.multiply(powers[6], z, out=powers[7])
    np.square(powers[4], out=powers[8])
    np.matmul(_GAUSS_RATIO, powers, out=pq)
    return np.divide(pq[0], pq[1], out=pq[0])

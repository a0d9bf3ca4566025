r"""The standard normal distribution function, with scipy.special loaded on first use.

``import scipy.special`` costs about 0.3 s (its array-API layer), paid by every
``poolcalc`` command that imports the pricing modules (the CLI does, for ``price``)
even when it prices nothing.  :func:`ndtr` is :func:`scipy.special.ndtr` itself,
looked up the first time it is called: the same ufunc, the same numbers.

:func:`gauss_tail_ratio` is the Black-Scholes kernel's fast path:
:math:`g(z) = \Phi(-z) e^{z^2/2}` for :math:`z \ge 0` as one rational function
evaluated with a matrix product, about twice as fast as ``scipy.special.ndtr``
(benchmarks/README.md, issue 11).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["GAUSS_RATIO_MAX", "gauss_tail_ratio", "ndtr"]

_LOADED: list[Any] = []

#: The rational function of :func:`gauss_tail_ratio` was fitted on [0, GAUSS_RATIO_MAX];
#: beyond, it keeps the asymptote :math:`g(z) \sim 1/(z\sqrt{2\pi})` within 3.3e-12
#: relative (4e-16 at z = 40, 2.5e-13 at 100, 3.3e-12 at 10^6), where
#: :math:`\Phi(-z) < 10^{-347}`.
GAUSS_RATIO_MAX = 38.0
#: |x| is capped here so that the tenth power cannot overflow.
_Z_CAP = np.array(1e30)

#: Rows P and Q of :math:`g(z) \approx P(z) / Q(z)` (degrees 9 and 10), coefficients of
#: z^0 .. z^10 (all positive, so the sums have no cancellation for z >= 0; P's z^10
#: coefficient is 0).  A near-minimax fit of the relative error on [0, 38] (linearised
#: least squares with Lawson reweighting on 300 Chebyshev points, 50-digit arithmetic):
#: approximation error 5.7e-17; the float64 evaluation is within 9e-16 of the true value
#: on a grid of 3,001 points.
_GAUSS_RATIO = np.array(
    [
        [
            0.5,
            0.7739428713591665,
            0.5926832913590662,
            0.28834997441425986,
            0.09725409043621427,
            0.023485003946388153,
            0.004059795539248711,
            0.00048609336864736773,
            3.685536064593005e-05,
            1.3675843646895632e-06,
            0.0,
        ],
        [
            1.0,
            2.3457703035211903,
            2.55702049108781,
            1.709983488827658,
            0.7792519964378172,
            0.25377147359696284,
            0.06007977469919189,
            0.010268780965140143,
            0.0012218834078109502,
            9.238268906451644e-05,
            3.428025636485322e-06,
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
        Arguments; the relative error is below 1e-15 where ``|x| <= GAUSS_RATIO_MAX``
        and below 3.3e-12 beyond (|x| is capped at 1e30, where :math:`g` is 4e-31 and
        :math:`e^{-x^2/2}` is 0).
    powers : ndarray of shape (11, m)
        Scratch whose row 0 holds ones; rows 1..10 receive :math:`|x|^1 .. |x|^{10}`
        (row 1 is :math:`\min(|x|, 10^{30})`, row 2 its square on return).
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
    ``P`` and ``Q`` are one (2 x 11) by (11 x m) matrix product on the power rows.

    References
    ----------
    W. J. Cody, "Rational Chebyshev approximations for the error function",
    Mathematics of Computation 23(107), 1969 (the form exp(-x^2) P(x)/Q(x) with
    positive coefficients).  C. L. Lawson, "Contributions to the theory of linear
    least maximum approximation", PhD thesis, UCLA, 1961 (the reweighting).
    """
    z = powers[1]
    np.abs(x, out=z)
    np.minimum(z, _Z_CAP, out=z)
    np.square(z, out=powers[2])
    np.multiply(powers[2], z, out=powers[3])
    np.square(powers[2], out=powers[4])
    np.multiply(powers[4], z, out=powers[5])
    np.square(powers[3], out=powers[6])
    np.multiply(powers[6], z, out=powers[7])
    np.square(powers[4], out=powers[8])
    np.multiply(powers[8], z, out=powers[9])
    np.square(powers[5], out=powers[10])
    np.matmul(_GAUSS_RATIO, powers, out=pq)
    return np.divide(pq[0], pq[1], out=pq[0])

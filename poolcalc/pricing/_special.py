r"""The standard normal distribution function, with scipy.special loaded on first use.

``import scipy.special`` costs about 0.3 s (its array-API layer), paid by every
``poolcalc`` command that imports the pricing modules (the CLI does, for ``price``)
even when it prices nothing.  :func:`ndtr` is :func:`scipy.special.ndtr` itself,
looked up the first time it is called: the same ufunc, the same numbers.

:func:`gauss_tail_ratio` is the Black-Scholes kernel's tail form:
:math:`g(z) = \Phi(-z) e^{z^2/2}` (:math:`= \tfrac12 \operatorname{erfcx}(z/\sqrt2)`) for
:math:`z \ge 0` as one rational function of degrees 9/10, evaluated with numpy's
vectorised arithmetic and one small matrix product: about 5 ns per value against
23 ns for ``scipy.special.erfcx``, whose loop is scalar (benchmarks/README_pricing.md,
bs round).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["GAUSS_RATIO_ROWS", "gauss_tail_ratio", "ndtr"]

_LOADED: list[Any] = []


def _scipy() -> list[Any]:
    """Return ``[scipy.special.ndtr]``, imported on first use."""
    if not _LOADED:
        from scipy.special import ndtr  # scipy is a runtime dependency

        _LOADED[:] = [ndtr]
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



#: Rows P and Q of :math:`g(z) \approx P(z) / Q(z)` (degrees 9 and 10), coefficients of
#: z^0 .. z^10 (all positive, so the sums have no cancellation for z >= 0; P's z^10
#: coefficient is 0).  A near-minimax fit of the relative error on [0, 38] (linearised
#: least squares with Lawson reweighting on 300 Chebyshev points, 50-digit arithmetic;
#: poolcalc 3f0652c): approximation error 5.7e-17.  Beyond 38, where
#: :math:`\Phi(-z) < 10^{-314}`, the ratio of the leading coefficients is
#: :math:`1/\sqrt{2\pi}` to 8e-16, so P/Q keeps the asymptote :math:`g(z) \sim
#: 1/(z\sqrt{2\pi})` (2.5e-13 relative at z = 100, 3.3e-12 at 10^6).
_GAUSS_RATIO = (
    (
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
    ),
    (
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
    ),
)
#: Power rows of :func:`gauss_tail_ratio`'s scratch: 1, z, ..., z^5.
GAUSS_RATIO_ROWS = 6
_Z_CAP = np.array(1e30)  # |x| is capped here: z^5 * (z^5 q10) cannot overflow


def _split() -> NDArray[np.float64]:
    """Return the (4, 6) matrix giving P0, Q0, P1, Q1 from the rows 1, z, ..., z^5.

    ``P = P0 + z^5 P1`` and ``Q = Q0 + z^5 Q1`` with ``P0 = p0 + ... + p4 z^4``,
    ``P1 = p5 + ... + p9 z^4``, ``Q0 = q0 + ... + q4 z^4``, ``Q1 = q5 + ... + q10 z^5``.
    """
    p, q = _GAUSS_RATIO
    m = np.zeros((4, GAUSS_RATIO_ROWS))
    m[0, :5], m[1, :5], m[2, :5], m[3, :6] = p[:5], q[:5], p[5:10], q[5:]
    return m


_SPLIT = _split()


def gauss_tail_ratio(
    x: NDArray[np.float64], rows: NDArray[np.float64], acc: NDArray[np.float64]
) -> NDArray[np.float64]:
    r"""Return :math:`g(|x|) = \Phi(-|x|)\, e^{x^2/2}` for a 1-D array (a view of ``acc``).

    Parameters
    ----------
    x : ndarray of shape (m,)
        Arguments (any real; ``g`` decreases from 1/2 at 0 like
        :math:`1/(|x|\sqrt{2\pi})`).  :math:`|x|` is capped at 1e30 (where g is
        4e-31 and :math:`e^{-x^2/2}` is 0), so infinities give 4e-31, not nan.
        Keep ``m`` to a few thousand (the kernel passes 8,192): the matrix product
        of a much longer array may run on OpenBLAS's threads.
    rows : ndarray of shape (GAUSS_RATIO_ROWS, m), C-contiguous
        Scratch whose row 0 holds ones (the caller fills it once); rows 1..5 receive
        :math:`z, z^2, \ldots, z^5` with :math:`z = \min(|x|, 10^{30})`, so row 2 is
        :math:`x^2` (capped) on return.
    acc : ndarray of shape (4, m), C-contiguous
        Scratch; row 0 is the result on return.

    Returns
    -------
    ndarray of shape (m,)
        The view ``acc[0]``.

    Notes
    -----
    :math:`g(z) = P(z)/Q(z)`, degrees 9 and 10 (``_GAUSS_RATIO``): relative
    error below about 1e-15 (a few ulps of evaluation on a 5.7e-17 fit) on [0, 38].
    With :math:`\Phi(x) = H(x) - \operatorname{sign}(x)\, e^{-x^2/2} g(|x|)` (H the
    unit step) the normal CDF keeps full relative accuracy in both tails, which the
    Black-Scholes kernel uses to avoid cancellation for deep out-of-the-money options.

    Evaluation: five vectorised passes for the powers, one (4 x 6) by (6 x m) matrix
    product for the four half-polynomials of ``_split``, four passes (two calls) to
    combine them and one division -- instead of 19 Horner steps per polynomial (each a numpy pass)
    or :func:`scipy.special.erfcx` (a scalar loop, 4-5x slower per value here).

    References
    ----------
    W. J. Cody, "Rational Chebyshev approximations for the error function",
    Mathematics of Computation 23(107), 1969 (the form exp(-x^2) P(x)/Q(x) with
    positive coefficients).  C. L. Lawson, "Contributions to the theory of linear
    least maximum approximation", PhD thesis, UCLA, 1961 (the reweighting).  M.
    Abramowitz and I. A. Stegun, *Handbook of Mathematical Functions* (1964), 7.1.2
    and 26.2.29 (:math:`\Phi(-z) = \tfrac12 \operatorname{erfc}(z/\sqrt2)`), 26.2.12
    (the asymptotic series).  G. Estrin, "Organization of computer systems", Proc.
    Western Joint Computer Conference (1960) (splitting a polynomial at z^5).

    Examples
    --------
    >>> import numpy as np
    >>> from poolcalc.pricing._special import GAUSS_RATIO_ROWS, gauss_tail_ratio
    >>> rows = np.ones((GAUSS_RATIO_ROWS, 1))
    >>> float(gauss_tail_ratio(np.array([0.0]), rows, np.empty((4, 1)))[0])
    0.5
    """
    z = rows[1]
    np.abs(x, out=z)
    np.minimum(z, _Z_CAP, out=z)
    np.square(z, out=rows[2])
    np.multiply(rows[2], z, out=rows[3])
    np.square(rows[2], out=rows[4])
    np.multiply(rows[4], z, out=rows[5])  # (rows 2, 4 -> 3, 5 in one call would copy: overlap)
    np.matmul(_SPLIT, rows, out=acc)  # P0, Q0, P1, Q1
    np.multiply(acc[2:], rows[5], out=acc[2:])
    np.add(acc[:2], acc[2:], out=acc[:2])  # P, Q
    return np.divide(acc[0], acc[1], out=acc[0])

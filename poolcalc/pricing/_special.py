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

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["GAUSS_RATIO_ROWS", "TailViews", "gauss_tail_ratio", "ndtr", "tail_ratio"]

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
_Z_CAP_F = 1e30
_max = np.maximum.reduce


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
#: Columns per matrix product: longer products (4 x 6 x 2^16 here) cross the size at which
#: OpenBLAS splits a product over its own threads, 2-3x slower beside a second pricing
#: thread (benchmarks/README_pricing.md, round 24).
_MATMUL_COLS = 1 << 15
_abs, _sq, _mul, _add, _div, _matmul = np.abs, np.square, np.multiply, np.add, np.divide, np.matmul


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
        Any length: the matrix product runs on column blocks of at most
        ``_MATMUL_COLS`` (longer products may run on OpenBLAS's threads).
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
    return tail_ratio(x, TailViews.of(rows, acc))


@attrs.frozen
class TailViews:
    """The row views of :func:`gauss_tail_ratio`'s scratch, made once per length.

    On this machine every ``rows[i]`` costs about 0.3 us and a 2-D call about 1.5 us more
    than a 1-D one; the Black-Scholes kernel keeps one of these per chunk length so a
    chunk's numpy calls are all 1-D on ready views (its Python side is what two threads
    serialise on: the GIL).
    """

    rows: NDArray[np.float64]  # (GAUSS_RATIO_ROWS, m): 1, z, ..., z^5
    acc: NDArray[np.float64]  # (4, m): P0, Q0, P1, Q1, then P, Q, and g in row 0
    z: NDArray[np.float64]
    z2: NDArray[np.float64]
    z3: NDArray[np.float64]
    z4: NDArray[np.float64]
    z5: NDArray[np.float64]
    p0: NDArray[np.float64]
    q0: NDArray[np.float64]
    p1: NDArray[np.float64]
    q1: NDArray[np.float64]
    blocks: tuple[tuple[NDArray[np.float64], NDArray[np.float64]], ...]  # matmul (in, out)

    @classmethod
    def of(cls, rows: NDArray[np.float64], acc: NDArray[np.float64]) -> TailViews:
        """Return the views of ``rows`` (GAUSS_RATIO_ROWS, m) and ``acc`` (4, m)."""
        m = rows.shape[1]
        step = _MATMUL_COLS
        blocks = tuple((rows[:, i : i + step], acc[:, i : i + step]) for i in range(0, m, step))
        return cls(rows, acc, *rows[1:], *acc, blocks)


def tail_ratio(x: NDArray[np.float64], t: TailViews) -> NDArray[np.float64]:
    r""":func:`gauss_tail_ratio` on prepared views: :math:`g(|x|)` as the view ``t.acc[0]``.

    Positional outputs throughout (``out=`` costs about 0.4 us more per call here).
    """
    z = t.z
    _abs(x, z)
    if z.size and not _max(z) <= _Z_CAP_F:  # a reduction: about 6x cheaper than the pass
        np.minimum(z, _Z_CAP, out=z)  # (rarely needed; nan also lands here and stays)
    _sq(z, t.z2)
    _mul(t.z2, z, t.z3)
    _sq(t.z2, t.z4)
    _mul(t.z4, z, t.z5)
    if len(t.blocks) == 1:
        _matmul(_SPLIT, t.rows, t.acc)  # P0, Q0, P1, Q1
    else:  # column blocks: each column is the same 6-term dot product
        for rows, acc in t.blocks:
            _matmul(_SPLIT, rows, acc)
    _mul(t.p1, t.z5, t.p1)
    _mul(t.q1, t.z5, t.q1)
    _add(t.p0, t.p1, t.p0)  # P
    _add(t.q0, t.q1, t.q0)  # Q
    return _div(t.p0, t.q0, t.p0)

"""Option value over spot and maturity: the grid and its plot (the ``plot`` extra).

How much a patent's option to commercialise is worth as the value of its cash flows
(spot S) and the remaining window (maturity T) vary, the other inputs fixed:
:func:`value_surface` computes the grid (Black-Scholes-Merton for European
options, the binomial lattice when ``american=True``), :func:`plot_value_surface`
draws it as filled contours, or as a 3-D surface on a 3-D axes.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc._plot import check_path, figure_and_axes, finish
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._binomial import binomial
from poolcalc.pricing._black_scholes import black_scholes

__all__ = ["plot_value_surface", "value_surface"]


def _grid(name: str, x: ArrayLike) -> NDArray[np.float64]:
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"{name} must be a 1-D grid of at least 2 finite numbers, got {x!r}") from None
    if a.ndim != 1 or a.size < 2 or not np.all(np.isfinite(a)):
        raise InvalidInputError(f"{name} must be a 1-D grid of at least 2 finite numbers")
    return a


def value_surface(
    spot: ArrayLike, maturity: ArrayLike, strike: float, rate: float, volatility: float, *,
    dividend: float = 0.0, kind: str = "call", american: bool = False,
    steps: int | None = 200,
) -> NDArray[np.float64]:
    r"""Option values on a grid of spots and maturities.

    .. math:: V_{ij} = V(S_j, K, T_i, r, \sigma, \delta)

    with V the Black-Scholes-Merton value (European) or the CRR binomial value
    (``american=True``).

    Parameters
    ----------
    spot : array_like, shape (m,)
        Grid of underlying values S [currency], > 0.
    maturity : array_like, shape (n,)
        Grid of times to expiry T [years], >= 0.
    strike, rate, volatility : float
        K [currency], r [1/year], sigma [1/sqrt(year)] as in
        :func:`~poolcalc.pricing.black_scholes`.
    dividend : float
        Leakage delta [1/year].
    kind : {"call", "put"}
    american : bool
        Allow early exercise (binomial lattice).
    steps : int, optional
        Lattice steps for ``american=True`` (default 200: a grid stays fast).

    Returns
    -------
    ndarray of float, shape (n, m)
        Row i is maturity ``maturity[i]``, column j spot ``spot[j]`` [currency].

    Raises
    ------
    InvalidInputError
        A grid that is not 1-D with at least 2 finite values, or a bad pricing input.

    References
    ----------
    F. Black, M. Scholes, "The Pricing of Options and Corporate Liabilities",
    Journal of Political Economy 81(3), 1973; J. C. Cox, S. A. Ross, M. Rubinstein,
    "Option Pricing: A Simplified Approach", Journal of Financial Economics 7(3), 1979.

    Examples
    --------
    >>> v = value_surface([80, 100, 120], [0.5, 1.0], 100, 0.05, 0.2)
    >>> v.shape, round(float(v[1, 1]), 4)  # S = K = 100, T = 1: the textbook 10.4506
    ((2, 3), 10.4506)
    """
    s = _grid("spot", spot)
    t = _grid("maturity", maturity)
    S, T = s[None, :], t[:, None]
    if american:
        return np.asarray(binomial(S, strike, T, rate, volatility, dividend=dividend, kind=kind,
                                   american=True, steps=steps), dtype=np.float64)
    return np.asarray(black_scholes(S, strike, T, rate, volatility, dividend=dividend,
                                    kind=kind), dtype=np.float64)


def plot_value_surface(
    spot: ArrayLike, maturity: ArrayLike, strike: float, rate: float, volatility: float,
    path: str | os.PathLike[str] | None = None, *, ax: Any = None, dividend: float = 0.0,
    kind: str = "call", american: bool = False, steps: int | None = 200, levels: int = 12,
    mark: tuple[ArrayLike, ArrayLike] | None = None, dpi: int = 120,
) -> Any:
    """Draw an option's value over spot (x) and maturity (y).

    Filled contours with a colour bar, the strike marked as a vertical line; on a
    3-D axes (``projection="3d"``) a surface instead.

    Parameters
    ----------
    spot, maturity, strike, rate, volatility, dividend, kind, american, steps
        As in :func:`value_surface`.
    path : str or path-like, optional
        Also write the figure there (any format matplotlib supports).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes (2-D or 3-D); default a new figure.
    levels : int
        Contour levels.
    mark : (array_like, array_like), optional
        Spots and maturities of options to mark on the map (e.g. a portfolio's
        patents: values and remaining lives).
    dpi : int
        Resolution of raster formats.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ImportError
        matplotlib is not installed (``pip install poolcalc[plot]``).
    InvalidInputError
        Bad grids, pricing inputs or ``path``.

    Examples
    --------
    >>> import numpy as np
    >>> ax = plot_value_surface(np.linspace(50, 150, 21), np.linspace(0.5, 10, 20),
    ...                         100, 0.05, 0.35, dividend=0.1, mark=([100, 60], [9, 5]))
    >>> ax.get_xlabel()
    'value of the cash flows S (strike K = 100)'
    """
    p = None if path is None else check_path(path)
    s, t = _grid("spot", spot), _grid("maturity", maturity)
    v = value_surface(s, t, strike, rate, volatility, dividend=dividend, kind=kind,
                      american=american, steps=steps)
    fig, (axis,) = figure_and_axes(ax, p, (7.0, 5.0))
    style = "American" if american else "European"
    if hasattr(axis, "plot_surface"):
        S, T = np.meshgrid(s, t)
        axis.plot_surface(S, T, v, cmap="viridis", linewidth=0)
        axis.set_zlabel("option value")
    else:
        filled = axis.contourf(s, t, v, levels=levels, cmap="viridis")
        lines = axis.contour(s, t, v, levels=filled.levels, colors="white", linewidths=0.5)
        axis.clabel(lines, fontsize="x-small", fmt="%.3g")
        fig.colorbar(filled, ax=axis, label="option value")
        axis.axvline(strike, color="white", linestyle="--", linewidth=1)
        if mark is not None:
            ms, mt = np.asarray(mark[0], float), np.asarray(mark[1], float)
            axis.scatter(ms, mt, color="red", edgecolor="white", zorder=3, label="options")
            axis.legend(fontsize="small", loc="upper left")
        axis.set_xlim(s.min(), s.max())
        axis.set_ylim(t.min(), t.max())
    axis.set_xlabel(f"value of the cash flows S (strike K = {strike:g})")
    axis.set_ylabel("time to expiry T (years)")
    axis.set_title(f"{style} {kind} value (r = {rate:g}, sigma = {volatility:g}, "
                   f"leakage = {dividend:g})", fontsize="medium")
    finish(fig, ax is None, p, dpi)
    return axis

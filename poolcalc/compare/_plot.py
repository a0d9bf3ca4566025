"""Plots of a comparison: grouped bars per member and Lorenz curves (the ``plot`` extra).

Every function takes ``ax=`` or makes its own figure, returns what it drew on, never
touches matplotlib's backend and writes ``path`` in any format matplotlib supports
(:mod:`poolcalc._plot`).  Each scheme keeps its colour across plots
(:func:`poolcalc._plot.scheme_colour`).  At many members the bars show the top N
members plus one "others" group (the mean of the rest), the ordering is written on
the axis, ``log=True`` gives a logarithmic amount axis, and Lorenz curves that
coincide are drawn once and labelled with every scheme they stand for.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from poolcalc._args import check_instance_arg
from poolcalc._plot import OTHERS_COLOUR, check_path, figure_and_axes, finish, scheme_colour
from poolcalc.compare._metrics import lorenz_curve
from poolcalc.compare._result import Comparison

__all__ = ["plot_amounts", "plot_comparison", "plot_lorenz"]

#: Lorenz curves closer than this (in cumulative share) are drawn as one.
COINCIDE = 1e-9


def _path(path: str | os.PathLike[str] | None) -> str | None:
    return None if path is None else check_path(path)


def _money_scale(peak: float) -> tuple[float, str]:
    for div, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if peak >= div:
            return div, suffix
    return 1.0, ""


def _draw_amounts(ax: Any, cmp: Comparison, top_k: int, others: bool, log: bool) -> None:
    top = cmp.top_members(top_k)
    n_members = len(cmp.members)
    rest = np.setdiff1d(np.arange(n_members), top)
    show_others = bool(others and rest.size)
    unit = 10.0**cmp.minor_units
    cols = [cmp.amount_matrix[:, top] / unit]
    labels = [cmp.members[i] for i in top]
    if show_others:
        cols.append(cmp.amount_matrix[:, rest].mean(axis=1, keepdims=True) / unit)
        labels.append(f"others\n(mean of {rest.size})")
    vals = np.concatenate(cols, axis=1) if cols else np.zeros((len(cmp.schemes), 0))
    div, suffix = _money_scale(float(vals.max()) if vals.size else 0.0)
    n_s = len(cmp.schemes)
    width = 0.8 / max(n_s, 1)
    xs = np.arange(len(labels))
    for k, s in enumerate(cmp.schemes):
        bars = ax.bar(xs - 0.4 + width * (k + 0.5), vals[k] / div, width, label=s,
                      color=scheme_colour(s))
        if show_others:
            bars[-1].set_hatch("//")
            bars[-1].set_edgecolor(OTHERS_COLOUR)
    ax.set_xticks(xs)
    crowded = len(labels) > 8
    ax.set_xticklabels(labels, rotation=45 if crowded else 0, ha="right" if crowded else "center")
    if top.size < n_members:
        who = f"top {top.size} of {n_members} members"
        order = "ordered by largest amount under any scheme, largest first"
        if show_others:
            order += f"; others: mean of the remaining {rest.size}"
        ax.set_xlabel(f"{who}\n({order})")
    else:
        ax.set_xlabel("member\n(ordered by largest amount under any scheme, largest first)")
    ax.set_ylabel(f"amount ({cmp.currency}{suffix}{', log scale' if log else ''})")
    if log:
        ax.set_yscale("log")
    year = f" {cmp.year}" if cmp.year is not None else ""
    ax.set_title(f"Distribution per member and scheme{year}")
    ax.legend(fontsize="small", ncol=2 if n_s > 4 else 1)
    ax.grid(axis="y", alpha=0.3)


def _lorenz_groups(cmp: Comparison) -> list[tuple[list[str], np.ndarray, np.ndarray]]:
    """Schemes whose Lorenz curves coincide, grouped (first appearance order)."""
    groups: list[tuple[list[str], np.ndarray, np.ndarray]] = []
    for k, s in enumerate(cmp.schemes):
        if cmp.amount_matrix[k].sum() <= 0:
            continue
        pop, cum = lorenz_curve(cmp.amount_matrix[k])
        for names, p, c in groups:
            if p.shape == pop.shape and np.allclose(c, cum, rtol=0.0, atol=COINCIDE):
                names.append(s)
                break
        else:
            groups.append(([s], pop, cum))
    return groups


def _draw_lorenz(ax: Any, cmp: Comparison) -> None:
    ax.plot([0, 1], [0, 1], color=OTHERS_COLOUR, linestyle="--", linewidth=1,
            label="equal split")
    for names, pop, cum in _lorenz_groups(cmp):
        g = cmp.metrics[names[0]].gini if names[0] in cmp.metrics else None
        gini = f"Gini {g:.2f}" if g is not None else ""
        if len(names) > 1:
            label = " = ".join(names) + f" (coincide{'; ' + gini if gini else ''})"
        else:
            label = f"{names[0]} ({gini})" if gini else names[0]
        ax.plot(pop, cum, marker="o" if pop.size <= 30 else None, markersize=3, label=label,
                color=scheme_colour(names[0]))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("share of members\n(ordered by payout under each scheme, smallest first)")
    ax.set_ylabel("cumulative share of the distribution")
    ax.set_title("Lorenz curves")
    ax.legend(fontsize="small", loc="upper left")
    ax.grid(alpha=0.3)


def plot_amounts(
    cmp: Comparison, path: str | os.PathLike[str] | None = None, *, ax: Any = None,
    top_k: int = 15, others: bool = True, log: bool = False, dpi: int = 120,
) -> Any:
    """Draw grouped bars of each member's amount under each scheme.

    Members are ordered by their largest amount under any scheme (largest first);
    beyond the ``top_k`` largest one hatched "others" group shows the mean of the
    rest, so a pool of 1,000 members stays readable.  The axis label states the
    ordering.

    Parameters
    ----------
    cmp : Comparison
    path : str or path-like, optional
        Also write the figure there (format from the suffix: ``.png``, ``.svg``,
        ``.pdf``, ...).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes; default a new figure.
    top_k : int
        Members shown individually.
    others : bool
        Add the "others" group when members are left out.
    log : bool
        Logarithmic amount axis (for schemes that pay one member nearly everything).
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
        ``path`` has a suffix matplotlib does not write, or its directory is missing.

    Examples
    --------
    >>> from poolcalc.compare import compare_amounts
    >>> cmp = compare_amounts({"equal": [5, 5], "first": [9, 1]}, ["A", "B"])
    >>> ax = plot_amounts(cmp)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['A', 'B']
    """
    check_instance_arg(cmp, Comparison, "plot_amounts: cmp", "from poolcalc.compare_schemes")
    p = _path(path)
    n_show = min(top_k, len(cmp.members)) + (1 if others and top_k < len(cmp.members) else 0)
    width = min(14.0, max(7.0, 4.0 + 0.08 * n_show * max(1, len(cmp.schemes))))
    fig, (axis,) = figure_and_axes(ax, p, (width, 5.5))
    _draw_amounts(axis, cmp, top_k, others, log)
    finish(fig, ax is None, p, dpi)
    return axis


def plot_lorenz(
    cmp: Comparison, path: str | os.PathLike[str] | None = None, *, ax: Any = None,
    dpi: int = 120,
) -> Any:
    """Draw the Lorenz curve of every scheme's distribution, with its Gini coefficient.

    The curve of a scheme plots the cumulative share of the distribution against the
    share of members, members ordered by payout (smallest first); the diagonal is an
    equal split.  Schemes whose curves coincide are drawn once, labelled
    ``a = b (coincide)``.  Schemes that pay nothing have no curve.

    Parameters
    ----------
    cmp : Comparison
    path : str or path-like, optional
        Also write the figure there (any format matplotlib supports).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes; default a new figure.
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
        ``path`` has a suffix matplotlib does not write, or its directory is missing.

    Examples
    --------
    >>> from poolcalc.compare import compare_amounts
    >>> cmp = compare_amounts({"equal": [5, 5], "even": [5, 5], "first": [9, 1]}, ["A", "B"])
    >>> ax = plot_lorenz(cmp)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['equal split', 'equal = even (coincide; Gini 0.00)', 'first (Gini 0.40)']
    """
    check_instance_arg(cmp, Comparison, "plot_lorenz: cmp", "from poolcalc.compare_schemes")
    p = _path(path)
    fig, (axis,) = figure_and_axes(ax, p, (6.0, 6.0))
    _draw_lorenz(axis, cmp)
    finish(fig, ax is None, p, dpi)
    return axis


def plot_comparison(
    cmp: Comparison, path: str | os.PathLike[str] | None = None, *, ax: Any = None,
    top_k: int = 15, others: bool = True, log: bool = False, dpi: int = 120,
) -> Any:
    """Draw both panels: grouped bars (left, :func:`plot_amounts`) and Lorenz curves (right).

    This is what ``poolcalc compare DIR --plot FILE`` writes.

    Parameters
    ----------
    cmp : Comparison
    path : str or path-like, optional
        Also write the figure there (``.png``, ``.svg``, ``.pdf``, ... any format
        matplotlib supports).
    ax : pair of matplotlib.axes.Axes, optional
        The two axes to draw on (bars, Lorenz); default a new figure.
    top_k, others, log : see :func:`plot_amounts`
    dpi : int
        Resolution of raster formats.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Raises
    ------
    ImportError
        matplotlib is not installed (``pip install poolcalc[plot]``).
    InvalidInputError
        ``path`` has a suffix matplotlib does not write, its directory is missing, or
        ``ax`` is not two Axes.

    Examples
    --------
    >>> from poolcalc.compare import compare_amounts
    >>> cmp = compare_amounts({"equal": [5, 5], "first": [9, 1]}, ["A", "B"])
    >>> fig = plot_comparison(cmp)
    >>> [a.get_title() for a in fig.axes]
    ['Distribution per member and scheme', 'Lorenz curves']
    """
    check_instance_arg(cmp, Comparison, "plot_comparison: cmp", "from poolcalc.compare_schemes")
    p = _path(path)
    n_show = min(top_k, len(cmp.members))
    width = min(18.0, max(12.0, 9.0 + 0.08 * n_show * max(1, len(cmp.schemes))))
    fig, (ax1, ax2) = figure_and_axes(ax, p, (width, 6.5), ncols=2,
                                      width_ratios=(width - 6.5, 5.5))
    _draw_amounts(ax1, cmp, top_k, others, log)
    _draw_lorenz(ax2, cmp)
    finish(fig, ax is None, p, dpi)
    return fig

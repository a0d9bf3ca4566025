"""Plots of a sweep: the distribution of each metric over the pools, per scheme.

:func:`plot_sweep` draws one panel per metric with a box plot per scheme (median,
quartiles, whiskers at 1.5 IQR, outliers), the colours of :mod:`poolcalc._plot`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from poolcalc._args import checked_args
from poolcalc._plot import check_path, figure_and_axes, finish, scheme_colours
from poolcalc.errors import InvalidInputError
from poolcalc.sweep._result import SUMMARY_METRICS, SweepResult

__all__ = ["plot_sweep"]


@checked_args
def plot_sweep(
    result: SweepResult,
    path: str | os.PathLike[str] | None = None,
    *,
    metrics: Sequence[str] = SUMMARY_METRICS,
    ax: Any = None,
    dpi: int = 120,
) -> Any:
    """Draw the distribution of each metric over the sweep's pools, one box per scheme.

    Parameters
    ----------
    result : SweepResult
    path : str or path-like, optional
        Also write the figure there (any format matplotlib writes).
    metrics : sequence of str
        Metric columns, one panel each (default :data:`SUMMARY_METRICS`).
    ax : sequence of matplotlib Axes, optional
        One per metric; default a new figure.
    dpi : int
        Resolution of raster formats.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ImportError
        matplotlib is not installed (``pip install poolcalc[plot]``).
    InvalidInputError
        A metric that is not a column, or a bad ``path``.

    Examples
    --------
    >>> from poolcalc.sweep import sweep
    >>> res = sweep({"pools": {"members": [3, 4], "patents": 40, "countries": 2},
    ...              "schemes": {"names": ["equal", "patent-count"]}}, scheduler="serial")
    >>> [a.get_title() for a in plot_sweep(res, metrics=["gini", "hhi"]).axes]
    ['gini', 'hhi']
    """
    p = None if path is None else check_path(path)
    frame = result.frame
    for m in metrics:
        if m not in frame.columns:
            raise InvalidInputError(f"metric {m!r} is not a sweep column")
    schemes = list(result.schemes) or list(dict.fromkeys(frame["scheme"]))
    colours = scheme_colours(schemes)
    fig, axes = figure_and_axes(ax, p, (3.6 * len(metrics) + 1.0, 4.5), ncols=len(metrics))
    for axis, m in zip(axes, metrics, strict=True):
        data = []
        for s in schemes:
            v = frame.loc[frame["scheme"] == s, m].astype(float).to_numpy()
            data.append(v[np.isfinite(v)])
        boxes = axis.boxplot(data, patch_artist=True, showfliers=True)
        for patch, s in zip(boxes["boxes"], schemes, strict=True):
            patch.set_facecolor(colours[s])
            patch.set_alpha(0.7)
        axis.set_xticks(range(1, len(schemes) + 1), schemes, rotation=30, ha="right")
        axis.set_title(m)
        axis.grid(axis="y", alpha=0.3)
    finish(fig, ax is None, p, dpi)
    return fig

"""What every plot of poolcalc shares: matplotlib on demand, axes, colours, saving.

Plots behave like matplotlib's own (and pandas'):

- each plot function takes ``ax=`` (an existing :class:`~matplotlib.axes.Axes`) or
  creates its figure, and returns what it drew on (Axes, or the Figure of a
  multi-panel plot);
- nothing here calls :func:`matplotlib.use` or touches the backend: without a
  ``path`` the figure is made by :mod:`matplotlib.pyplot`, so ``plt.show()`` and a
  notebook's inline display work; with a ``path`` and no ``ax`` it is a bare
  :class:`~matplotlib.figure.Figure` (no pyplot state, nothing left open), written
  to any format matplotlib supports (``.png``, ``.svg``, ``.pdf``, ``.eps``, ...);
- every allocation scheme has one colour wherever it is drawn (:func:`scheme_colour`,
  a fixed mapping by name, not by position in a list).

matplotlib is the ``plot`` extra (``pip install 'poolcalc[plot]'``), imported only
when a plot is drawn.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from poolcalc.errors import InvalidInputError

__all__ = [
    "OTHERS_COLOUR",
    "SCHEME_COLOURS",
    "check_path",
    "figure_and_axes",
    "finish",
    "pyplot",
    "scheme_colour",
    "scheme_colours",
]

_NO_MATPLOTLIB = "plotting needs matplotlib: pip install poolcalc[plot]"

#: Colour of each built-in allocation scheme (matplotlib's "tab10" colours, fixed by name).
SCHEME_COLOURS: Mapping[str, str] = {
    "per-country-count": "#1f77b4",
    "patent-count": "#ff7f0e",
    "family-count": "#2ca02c",
    "equal": "#d62728",
    "value-weighted": "#9467bd",
    "disclosure-order": "#8c564b",
    "top-down": "#e377c2",
    "shapley": "#bcbd22",
    "nucleolus": "#17becf",
}

#: Colour of the "others" group (members beyond the top N) and of reference lines.
OTHERS_COLOUR = "#7f7f7f"

#: Colours for schemes without a fixed one (plug-ins), picked by a hash of the name.
_EXTRA = (
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
    "#dbdb8d", "#9edae5", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173",
)

#: Formats matplotlib writes when it cannot be asked (it is not installed).
_FORMATS = ("eps", "jpeg", "jpg", "pdf", "pgf", "png", "ps", "raw", "rgba", "svg", "svgz",
            "tif", "tiff", "webp")


def scheme_colour(name: str) -> str:
    """Return the colour of allocation scheme ``name`` (the same in every plot).

    Parameters
    ----------
    name : str
        Scheme name as registered (``"shapley"``, a plug-in's name, ...).

    Returns
    -------
    str
        A hex colour: the fixed one of a built-in scheme (:data:`SCHEME_COLOURS`),
        otherwise one chosen by a CRC-32 of the name (stable across runs and
        processes, whatever other schemes are drawn).

    Examples
    --------
    >>> scheme_colour("shapley")
    '#bcbd22'
    >>> scheme_colour("my-scheme") == scheme_colour("my-scheme")
    True
    """
    fixed = SCHEME_COLOURS.get(name)
    if fixed is not None:
        return fixed
    return _EXTRA[zlib.crc32(name.encode("utf-8")) % len(_EXTRA)]


def scheme_colours(names: Sequence[str]) -> dict[str, str]:
    """Return ``{name: scheme_colour(name)}`` for several schemes.

    Parameters
    ----------
    names : sequence of str

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> scheme_colours(["equal", "shapley"])
    {'equal': '#d62728', 'shapley': '#bcbd22'}
    """
    return {n: scheme_colour(n) for n in names}


def pyplot() -> Any:
    """Import and return :mod:`matplotlib.pyplot` without choosing a backend.

    Returns
    -------
    module
        :mod:`matplotlib.pyplot`.

    Raises
    ------
    ImportError
        matplotlib is not installed (``pip install poolcalc[plot]``).

    Examples
    --------
    >>> pyplot().__name__
    'matplotlib.pyplot'
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(_NO_MATPLOTLIB) from None
    return plt


def _formats() -> tuple[str, ...]:
    try:
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:
        return _FORMATS
    return tuple(sorted(FigureCanvasBase.get_supported_filetypes()))


def check_path(path: str | os.PathLike[str]) -> str:
    """Check that a plot can be written to ``path`` (before any work is done).

    Parameters
    ----------
    path : str or path-like
        Output file; its suffix picks the format (any format matplotlib writes).

    Returns
    -------
    str
        ``path`` as a string.

    Raises
    ------
    InvalidInputError
        The suffix is not a format matplotlib writes, or the directory does not exist.

    Examples
    --------
    >>> check_path("plot.svg")
    'plot.svg'
    """
    p = os.fspath(path)
    ext = os.path.splitext(p)[1].lower().lstrip(".")
    formats = _formats()
    if ext not in formats:
        raise InvalidInputError(
            f"plot file must end in a format matplotlib writes (.{', .'.join(formats)}), "
            f"got {p!r}"
        )
    parent = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(parent):
        raise InvalidInputError(f"plot file {p!r}: directory {parent!r} does not exist")
    return p


def figure_and_axes(
    ax: Any, path: str | os.PathLike[str] | None, figsize: tuple[float, float],
    *, ncols: int = 1, width_ratios: Sequence[float] | None = None,
) -> tuple[Any, list[Any]]:
    """Return ``(figure, axes)`` to draw on: the given ones, or new ones.

    Parameters
    ----------
    ax : Axes, sequence of Axes or None
        Axes to draw on (``ncols`` of them); None makes a figure.
    path : str, path-like or None
        With a path and no ``ax`` the figure is a bare
        :class:`~matplotlib.figure.Figure` (not registered with pyplot, so nothing is
        shown or left open); without one it comes from :func:`matplotlib.pyplot.subplots`
        (shown by ``plt.show()`` and in notebooks).
    figsize : (float, float)
        Size of a new figure [inches].
    ncols : int
        Panels side by side.
    width_ratios : sequence of float, optional
        Relative panel widths of a new figure.

    Returns
    -------
    tuple
        The figure and a list of ``ncols`` Axes.

    Raises
    ------
    InvalidInputError
        ``ax`` is not ``ncols`` Axes.

    Examples
    --------
    >>> fig, (ax,) = figure_and_axes(None, "x.png", (4, 3))
    >>> type(fig).__name__, ax.figure is fig
    ('Figure', True)
    """
    if ax is not None:
        if hasattr(ax, "flat"):  # an array of Axes from plt.subplots
            axes = list(ax.flat)
        elif isinstance(ax, list | tuple):
            axes = list(ax)
        else:
            axes = [ax]
        if len(axes) != ncols or not all(hasattr(a, "figure") for a in axes):
            raise InvalidInputError(f"ax must be {ncols} matplotlib Axes, got {ax!r}")
        return axes[0].figure, axes
    gridspec = {"width_ratios": list(width_ratios)} if width_ratios else None
    if path is not None:
        try:
            from matplotlib.figure import Figure
        except ImportError:
            raise ImportError(_NO_MATPLOTLIB) from None
        fig = Figure(figsize=figsize)
        made = fig.subplots(1, ncols, gridspec_kw=gridspec, squeeze=False)
    else:
        fig, made = pyplot().subplots(1, ncols, figsize=figsize, gridspec_kw=gridspec,
                                      squeeze=False)
    return fig, list(made[0])


def finish(fig: Any, made: bool, path: str | None, dpi: int) -> None:
    """Lay out a figure this module made and write it to ``path`` when given.

    Parameters
    ----------
    fig : Figure
    made : bool
        The plot function created ``fig`` (it is laid out; a caller's figure is not).
    path : str or None
        Output file (format from its suffix); None writes nothing.
    dpi : int
        Resolution of raster formats [dots per inch].

    Returns
    -------
    None

    Examples
    --------
    >>> import pathlib, tempfile
    >>> fig, (ax,) = figure_and_axes(None, "plot.svg", (4, 3))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plot.svg"
    >>> finish(fig, True, str(path), 120)
    >>> path.read_text(encoding="utf-8")[:5]
    '<?xml'
    """
    if made:
        fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=dpi)

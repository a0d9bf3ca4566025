"""Plots of a comparison (the ``plot`` extra: matplotlib, imported lazily, Agg backend)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np

from poolcalc.compare._metrics import lorenz_curve
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.compare._result import Comparison

__all__ = ["plot_amounts", "plot_comparison", "plot_lorenz"]


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ImportError("plotting needs matplotlib: pip install poolcalc[plot]") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _check_path(path: str | os.PathLike[str]) -> str:
    p = os.fspath(path)
    if not p.lower().endswith(".png"):
        raise InvalidInputError(f"plot file must end in .png, got {p!r}")
    parent = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(parent):
        raise InvalidInputError(f"plot file {p!r}: directory {parent!r} does not exist")
    return p


def _money_scale(cmp: Comparison, top: np.ndarray) -> tuple[float, str]:
    peak = float(cmp.amount_matrix[:, top].max()) / 10**cmp.minor_units if top.size else 0.0
    for div, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if peak >= div:
            return div, suffix
    return 1.0, ""


def _draw_amounts(ax: Any, cmp: Comparison, top_k: int) -> None:
    top = cmp.top_members(top_k)
    div, suffix = _money_scale(cmp, top)
    n_s = len(cmp.schemes)
    width = 0.8 / max(n_s, 1)
    xs = np.arange(top.size)
    for k, s in enumerate(cmp.schemes):
        vals = cmp.amount_matrix[k, top] / 10**cmp.minor_units / div
        ax.bar(xs - 0.4 + width * (k + 0.5), vals, width, label=s)
    ax.set_xticks(xs)
    ax.set_xticklabels(
        [cmp.members[i] for i in top],
        rotation=45 if top.size > 8 else 0,
        ha="right" if top.size > 8 else "center",
    )
    more = len(cmp.members) - top.size
    who = f"top {top.size} of {len(cmp.members)} members" if more > 0 else "member"
    ax.set_xlabel(who)
    ax.set_ylabel(f"amount ({cmp.currency}{suffix})")
    year = f" {cmp.year}" if cmp.year is not None else ""
    ax.set_title(f"Distribution per member and scheme{year}")
    ax.legend(fontsize="small", ncol=2 if n_s > 4 else 1)
    ax.grid(axis="y", alpha=0.3)


def _draw_lorenz(ax: Any, cmp: Comparison) -> None:
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="equal split")
    for k, s in enumerate(cmp.schemes):
        if cmp.amount_matrix[k].sum() <= 0:
            continue
        pop, cum = lorenz_curve(cmp.amount_matrix[k])
        g = cmp.metrics[s].gini if s in cmp.metrics else None
        label = f"{s} (Gini {g:.2f})" if g is not None else s
        ax.plot(pop, cum, marker="o" if pop.size <= 30 else None, markersize=3, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("share of members (smallest payout first)")
    ax.set_ylabel("cumulative share of the distribution")
    ax.set_title("Lorenz curves")
    ax.legend(fontsize="small", loc="upper left")
    ax.grid(alpha=0.3)


def plot_amounts(
    cmp: Comparison, path: str | os.PathLike[str], *, top_k: int = 15, dpi: int = 120
) -> str:
    """Draw grouped bars of each member's amount under each scheme, saved as PNG.

    Parameters
    ----------
    cmp : Comparison
    path : str or path
        Output file (``.png``).
    top_k : int
        Members shown: the ``top_k`` with the largest amount under any scheme.
    dpi : int

    Returns
    -------
    str
        The path written.

    Raises
    ------
    ImportError
        matplotlib is not installed ("pip install poolcalc[plot]").
    """
    p = _check_path(path)
    plt = _pyplot()
    n_show = min(top_k, len(cmp.members))
    width = min(14.0, max(7.0, 4.0 + 0.08 * n_show * max(1, len(cmp.schemes))))
    fig, ax = plt.subplots(figsize=(width, 5.5))
    try:
        _draw_amounts(ax, cmp, top_k)
        fig.tight_layout()
        fig.savefig(p, dpi=dpi)
    finally:
        plt.close(fig)
    return p


def plot_lorenz(cmp: Comparison, path: str | os.PathLike[str], *, dpi: int = 120) -> str:
    """Lorenz curves of every scheme's distribution (with Gini in the legend), saved as PNG."""
    p = _check_path(path)
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 6))
    try:
        _draw_lorenz(ax, cmp)
        fig.tight_layout()
        fig.savefig(p, dpi=dpi)
    finally:
        plt.close(fig)
    return p


def plot_comparison(
    cmp: Comparison, path: str | os.PathLike[str], *, top_k: int = 15, dpi: int = 120
) -> str:
    """Both panels in one PNG: grouped bars (left) and Lorenz curves (right).

    This is what ``poolcalc compare DIR --plot FILE.png`` writes.

    Examples
    --------
    >>> from poolcalc.compare import compare_amounts
    >>> cmp = compare_amounts({"equal": [5, 5], "first": [9, 1]}, ["A", "B"])
    >>> plot_comparison(cmp, "cmp.png")  # doctest: +SKIP
    'cmp.png'
    """
    p = _check_path(path)
    plt = _pyplot()
    n_show = min(top_k, len(cmp.members))
    width = min(18.0, max(12.0, 9.0 + 0.08 * n_show * max(1, len(cmp.schemes))))
    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=(width, 6.0), gridspec_kw={"width_ratios": [width - 6.5, 5.5]}
    )
    try:
        _draw_amounts(ax1, cmp, top_k)
        _draw_lorenz(ax2, cmp)
        fig.tight_layout()
        fig.savefig(p, dpi=dpi)
    finally:
        plt.close(fig)
    return p

"""Licensors' shares over several years (the ``plot`` extra).

From one :class:`~poolcalc.allocation.Distribution` per year (``allocate(pool,
year=y)`` for each ``y``), :func:`member_shares` tabulates each licensor's share of
what was distributed and :func:`plot_member_shares` draws it over the years.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from poolcalc._args import check_instance_arg
from poolcalc._plot import check_path, figure_and_axes, finish
from poolcalc.allocation._result import Distribution
from poolcalc.errors import InvalidInputError

__all__ = ["member_shares", "plot_member_shares"]


def member_shares(
    distributions: Iterable[Distribution],
) -> tuple[tuple[int, ...], dict[str, np.ndarray]]:
    """Tabulate each member's share of the distributed amount, year by year.

    Parameters
    ----------
    distributions : iterable of Distribution
        One per year (any order; years must differ).

    Returns
    -------
    years : tuple of int
        Ascending.
    shares : dict of str to ndarray of float
        Member id -> share of ``distributable_cents`` in each year (0 where the member
        is absent or nothing was distributed), members in order of first appearance.

    Raises
    ------
    InvalidInputError
        No distributions, or two for the same year.

    Examples
    --------
    >>> import poolcalc
    >>> pool = poolcalc.load_example()
    >>> years, shares = member_shares([poolcalc.allocate(pool, year=2024)])
    >>> years, round(float(sum(s[0] for s in shares.values())), 9)
    ((2024,), 1.0)
    """
    if isinstance(distributions, Distribution) or not isinstance(distributions, Iterable):
        raise InvalidInputError(
            "member_shares: distributions must be a list of Distribution (one per year), got "
            f"{type(distributions).__name__}")
    dists = list(distributions)
    for d in dists:
        check_instance_arg(d, Distribution, "member_shares: each distribution", "from allocate")
    dists = sorted(dists, key=lambda d: d.year)
    if not dists:
        raise InvalidInputError("member_shares needs at least one distribution")
    years = tuple(d.year for d in dists)
    if len(set(years)) != len(years):
        raise InvalidInputError(f"one distribution per year, got years {list(years)}")
    members: dict[str, None] = {}
    for d in dists:
        members.update(dict.fromkeys(d.amounts))
    out = {m: np.zeros(len(dists)) for m in members}
    for k, d in enumerate(dists):
        total = d.distributable_cents
        if total > 0:
            for m, cents in d.amounts.items():
                out[m][k] = cents / total
    return years, out


def plot_member_shares(
    distributions: Iterable[Distribution], members: Sequence[str] | str | None = None,
    path: str | os.PathLike[str] | None = None, *, ax: Any = None, top_n: int = 8,
    dpi: int = 120,
) -> Any:
    """Draw licensors' shares of the distributed royalties over the years.

    Parameters
    ----------
    distributions : iterable of Distribution
        One per year (see :func:`member_shares`).
    members : str or sequence of str, optional
        The licensor(s) to draw; default the ``top_n`` with the largest total share.
    path : str or path-like, optional
        Also write the figure there (any format matplotlib supports).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes; default a new figure.
    top_n : int
        Licensors drawn when ``members`` is not given.
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
        An unknown member, a bad ``path``, or distributions as in :func:`member_shares`.

    Examples
    --------
    >>> import poolcalc
    >>> pools = {y: poolcalc.synthetic_pool(6, 60, 3, year=y, rng=1) for y in (2016, 2020, 2024)}
    >>> dists = [poolcalc.allocate(pool, year=y) for y, pool in pools.items()]
    >>> ax = plot_member_shares(dists, "M0001")
    >>> [round(float(v), 1) for v in ax.get_lines()[0].get_ydata()]  # % of each year
    [29.7, 26.8, 22.1]
    """
    p = None if path is None else check_path(path)
    if isinstance(distributions, Iterable) and not isinstance(distributions, Distribution):
        distributions = list(distributions)  # read twice below
    years, shares = member_shares(distributions)
    dists = sorted(distributions, key=lambda d: d.year)
    if members is None:
        total = {m: float(s.sum()) for m, s in shares.items()}
        chosen = sorted(total, key=lambda m: (-total[m], m))[: max(1, int(top_n))]
        how = f"top {len(chosen)} of {len(shares)} licensors by total share"
    else:
        chosen = [members] if isinstance(members, str) else list(members)
        unknown = [m for m in chosen if m not in shares]
        if unknown:
            raise InvalidInputError(
                f"unknown member {unknown[0]!r}; members: {', '.join(shares)}"
            )
        how = "licensor" if len(chosen) == 1 else f"{len(chosen)} licensors"
    fig, (axis,) = figure_and_axes(ax, p, (7.5, 4.5))
    for m in chosen:
        axis.plot(years, 100.0 * shares[m], marker="o", label=m)
    axis.set_xticks(list(years))
    axis.set_xticklabels([str(y) for y in years])
    axis.set_xlabel("year")
    axis.set_ylabel("share of the distributed royalties (%)")
    schemes = sorted({d.scheme for d in dists})
    axis.set_title(f"Licensors' shares over the years\n({how}; scheme {', '.join(schemes)})",
                   fontsize="medium")
    axis.legend(fontsize="small", ncol=2 if len(chosen) > 6 else 1)
    axis.grid(alpha=0.3)
    finish(fig, ax is None, p, dpi)
    return axis

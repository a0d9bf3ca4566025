"""Royalties per country: the sums behind a report and their bar chart (``plot`` extra).

A :class:`~poolcalc.royalties.RoyaltyReport` holds what every sales row owes
(``report.rows.cents``, rows given as positions ``report.rows.index`` into the pool's
:class:`~poolcalc.tables.SalesTable`); the pool's sales table says where each row was
sold and made.  :func:`royalties_by_country` adds the rows up per country;
:func:`plot_royalties_by_country` draws them (top N countries plus "others").
Content ("usage") royalties are not per sales row and are not included.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np

from poolcalc._args import check_instance_arg
from poolcalc._money import format_money
from poolcalc._plot import OTHERS_COLOUR, check_path, figure_and_axes, finish
from poolcalc.errors import InvalidInputError
from poolcalc.model import check_pool
from poolcalc.royalties._result import RoyaltyReport
from poolcalc.tables import COUNTRIES

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Pool

__all__ = ["plot_royalties_by_country", "royalties_by_country"]

_WHERE = {"sale": "country_of_sale", "manufacture": "country_of_manufacture"}


def royalties_by_country(
    report: RoyaltyReport, pool: Pool, *, country: str = "sale"
) -> dict[str, int]:
    """Add up what the sales rows of a report owe, per country.

    Parameters
    ----------
    report : RoyaltyReport
        From :func:`~poolcalc.royalties.royalties_owed` on ``pool``.
    pool : Pool
        The pool the report was computed on (its sales table gives the countries).
    country : {"sale", "manufacture"}
        Count each row in its country of sale or of manufacture.

    Returns
    -------
    dict of str to int
        ISO 3166-1 alpha-2 code -> owed [minor units], largest first (ties by code);
        countries whose rows owe nothing are left out.  The values add up to
        ``report.rows.cents.sum()`` (the report total less content royalties).

    Raises
    ------
    InvalidInputError
        ``country`` is not "sale" or "manufacture", or the report's rows do not fit
        the pool's sales table.

    Examples
    --------
    >>> import poolcalc
    >>> pool = poolcalc.load_example()
    >>> report = poolcalc.royalties_owed(pool, 2024)
    >>> per = royalties_by_country(report, pool)
    >>> sum(per.values()) == int(report.rows.cents.sum())
    True
    """
    check_instance_arg(report, RoyaltyReport, "royalties_by_country: report",
                       "from royalties_owed")
    check_pool(pool, "royalties_by_country: pool")
    if country not in _WHERE:
        raise InvalidInputError(f"country must be 'sale' or 'manufacture', got {country!r}")
    sales = pool.sales
    index = np.asarray(report.rows.index, dtype=np.int64)
    if index.size and (index.min() < 0 or index.max() >= len(sales)):
        raise InvalidInputError(
            f"report rows do not fit the pool's sales table ({len(sales)} rows): "
            "pass the pool the report was computed on"
        )
    codes = np.asarray(getattr(sales, _WHERE[country]))[index].astype(np.int64)
    cents = np.asarray(report.rows.cents, dtype=np.int64)
    sums = np.zeros(len(COUNTRIES), dtype=np.int64)
    np.add.at(sums, codes, cents)
    owed = [(COUNTRIES[c], int(sums[c])) for c in np.flatnonzero(sums)]
    owed.sort(key=lambda kv: (-kv[1], kv[0]))
    return dict(owed)


def plot_royalties_by_country(
    report: RoyaltyReport, pool: Pool, path: str | os.PathLike[str] | None = None, *,
    ax: Any = None, country: str = "sale", top_n: int = 15, others: bool = True,
    log: bool = False, dpi: int = 120,
) -> Any:
    """Draw a bar chart of the royalties owed per country (largest first).

    Parameters
    ----------
    report : RoyaltyReport
    pool : Pool
        The pool the report was computed on.
    path : str or path-like, optional
        Also write the figure there (``.png``, ``.svg``, ``.pdf``, ... any format
        matplotlib supports).
    ax : matplotlib.axes.Axes, optional
        Draw on these axes; default a new figure.
    country : {"sale", "manufacture"}
        Where each row counts (see :func:`royalties_by_country`).
    top_n : int
        Countries shown individually; the rest are one "others" bar (their total).
    others : bool
        Add the "others" bar when countries are left out.
    log : bool
        Logarithmic amount axis.
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
        Bad ``country`` or ``path``, or a report that does not fit the pool.

    Examples
    --------
    >>> import poolcalc
    >>> pool = poolcalc.load_example()
    >>> ax = plot_royalties_by_country(poolcalc.royalties_owed(pool, 2024), pool, top_n=5)
    >>> len(ax.patches)  # five countries and "others"
    6
    """
    p = None if path is None else check_path(path)
    per = royalties_by_country(report, pool, country=country)
    names = list(per)[: max(0, int(top_n))]
    values = [per[c] for c in names]
    rest = len(per) - len(names)
    if others and rest:
        names.append(f"others ({rest})")
        values.append(sum(list(per.values())[len(values):]))
    unit = 10.0**report.minor_units
    peak = max(values, default=0) / unit
    div, suffix = next(((d, s) for d, s in ((1e9, " bn"), (1e6, " m"), (1e3, " k"))
                        if peak >= d), (1.0, ""))
    fig, (axis,) = figure_and_axes(ax, p, (max(6.0, 0.45 * len(names) + 2.5), 4.5))
    xs = np.arange(len(names))
    bars = axis.bar(xs, np.asarray(values, dtype=float) / unit / div, color="#1f77b4")
    if others and rest:
        bars[-1].set_color(OTHERS_COLOUR)
    axis.set_xticks(xs)
    axis.set_xticklabels(names, rotation=45 if len(names) > 10 else 0,
                         ha="right" if len(names) > 10 else "center")
    total = format_money(sum(per.values()), report.minor_units, grouping=True)
    axis.set_xlabel(f"country of {country} (largest first"
                    f"{'; others: their total' if others and rest else ''})")
    axis.set_ylabel(f"owed ({report.currency}{suffix}{', log scale' if log else ''})")
    if log:
        axis.set_yscale("log")
    axis.set_title(f"Royalties per country {report.year} (total {total} {report.currency})")
    axis.grid(axis="y", alpha=0.3)
    finish(fig, ax is None, p, dpi)
    return axis

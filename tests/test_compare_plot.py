"""Plots behave like matplotlib's own: ax= honoured, backend untouched, any format, fixed colours.

Covers every plot function of the package: the comparison (bars, Lorenz, both), the
royalties per country, licensors' shares over years and the option-value surface.
"""

from __future__ import annotations

import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import poolcalc
from poolcalc import pricing
from poolcalc._plot import SCHEME_COLOURS, scheme_colour
from poolcalc.allocation import plot_member_shares
from poolcalc.compare import compare_amounts, plot_amounts, plot_comparison, plot_lorenz
from poolcalc.errors import InvalidInputError
from poolcalc.games import UnanimityGame
from poolcalc.royalties import plot_royalties_by_country, royalties_by_country

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _cmp(n=4, schemes=("equal", "patent-count")):
    members = [f"M{i:02d}" for i in range(n)]
    amounts = {"equal": [1000] * n, "patent-count": [1000 * (i + 1) for i in range(n)],
               "shapley": [1000 * (i + 1) for i in range(n)],  # coincides with patent-count
               "first": [1000 * n] + [0] * (n - 1)}
    return compare_amounts({s: amounts[s] for s in schemes}, members,
                           game=UnanimityGame([[True] * n], [1000 * n]))


@pytest.fixture(scope="module")
def pool():
    return poolcalc.load_example()


@pytest.fixture(scope="module")
def report(pool):
    return poolcalc.royalties_owed(pool, 2024)


@pytest.fixture(scope="module")
def dists():
    return [poolcalc.allocate(poolcalc.synthetic_pool(6, 60, 3, year=y, rng=1), year=y)
            for y in (2016, 2020, 2024)]


def _single(pool, report, dists):
    """Every one-panel plot, as (name, call(path=..., ax=...))."""
    grid = (np.linspace(50, 150, 6), np.linspace(0.5, 5, 5))
    return {
        "plot_amounts": lambda **kw: plot_amounts(_cmp(), **kw),
        "plot_lorenz": lambda **kw: plot_lorenz(_cmp(), **kw),
        "plot_royalties_by_country": lambda **kw: plot_royalties_by_country(report, pool, **kw),
        "plot_member_shares": lambda **kw: plot_member_shares(dists, **kw),
        "plot_value_surface": lambda **kw: pricing.plot_value_surface(*grid, 100, 0.05, 0.3,
                                                                      **kw),
    }


NAMES = ["plot_amounts", "plot_lorenz", "plot_royalties_by_country", "plot_member_shares",
         "plot_value_surface"]


@pytest.mark.parametrize("name", NAMES)
def test_ax_is_honoured(name, pool, report, dists):
    fig, ax = plt.subplots()
    n_figs = len(plt.get_fignums())
    out = _single(pool, report, dists)[name](ax=ax)
    assert out is ax and ax.has_data()
    assert len(plt.get_fignums()) == n_figs  # drew on the given axes, made no figure


def test_plot_comparison_takes_two_axes():
    fig, (a1, a2) = plt.subplots(1, 2)
    out = plot_comparison(_cmp(), ax=(a1, a2))
    assert out is fig and a1.patches and a2.get_lines()
    with pytest.raises(InvalidInputError, match="ax must be 2 matplotlib Axes"):
        plot_comparison(_cmp(), ax=a1)


@pytest.mark.parametrize("name", NAMES)
def test_without_ax_a_pyplot_figure_is_returned_open(name, pool, report, dists):
    ax = _single(pool, report, dists)[name]()
    assert isinstance(ax, Axes) and ax.figure.number in plt.get_fignums()  # plt.show() shows it


def test_plot_comparison_returns_an_open_figure():
    fig = plot_comparison(_cmp())
    assert isinstance(fig, Figure) and fig.number in plt.get_fignums() and len(fig.axes) == 2


@pytest.mark.parametrize("name", NAMES + ["plot_comparison"])
def test_backend_is_never_touched(name, pool, report, dists, monkeypatch, tmp_path):
    before = matplotlib.rcParams._get("backend")

    def forbidden(*args, **kwargs):
        raise AssertionError("plot functions must not choose the backend")

    monkeypatch.setattr(matplotlib, "use", forbidden)
    monkeypatch.setattr(plt, "switch_backend", forbidden)
    calls = dict(_single(pool, report, dists), plot_comparison=lambda **kw: plot_comparison(
        _cmp(), **kw))
    calls[name]()
    calls[name](path=tmp_path / "x.png")
    assert matplotlib.rcParams._get("backend") == before


@pytest.mark.parametrize("name", NAMES + ["plot_comparison"])
def test_svg_pdf_png_written_and_nothing_left_open(name, pool, report, dists, tmp_path):
    calls = dict(_single(pool, report, dists), plot_comparison=lambda **kw: plot_comparison(
        _cmp(), **kw))
    open_before = plt.get_fignums()
    for ext, magic in (("svg", b"<?xml"), ("pdf", b"%PDF-"), ("png", PNG_MAGIC)):
        path = tmp_path / f"plot.{ext}"
        out = calls[name](path=path)
        data = path.read_bytes()
        assert data.startswith(magic) and len(data) > 2_000, ext
        assert isinstance(out, Figure if name == "plot_comparison" else Axes)
    # a figure written to a file is not registered with pyplot (nothing to close)
    assert plt.get_fignums() == open_before


def test_unknown_format_and_missing_directory(tmp_path):
    with pytest.raises(InvalidInputError, match=r"matplotlib writes .*\.svg.*got '.*x\.txt'"):
        plot_comparison(_cmp(), tmp_path / "x.txt")
    with pytest.raises(InvalidInputError, match="does not exist"):
        plot_lorenz(_cmp(), tmp_path / "nowhere" / "cmp.png")


def _bar_colours(ax):
    return {c.get_label(): to_hex(c.patches[0].get_facecolor()) for c in ax.containers}


def test_scheme_colours_fixed_across_calls_with_different_scheme_lists():
    a = _bar_colours(plot_amounts(_cmp(schemes=("equal", "patent-count"))))
    b = _bar_colours(plot_amounts(_cmp(schemes=("first", "patent-count", "equal"))))
    assert a["equal"] == b["equal"] == SCHEME_COLOURS["equal"]
    assert a["patent-count"] == b["patent-count"] == SCHEME_COLOURS["patent-count"]
    assert b["first"] == scheme_colour("first")  # not built in: fixed by a hash of its name
    # the Lorenz panel uses the same colour for the same scheme
    lor = plot_lorenz(_cmp(schemes=("first", "equal")))
    by_label = {ln.get_label().split(" ")[0]: to_hex(ln.get_color()) for ln in lor.get_lines()}
    assert by_label["equal"] == SCHEME_COLOURS["equal"]
    assert by_label["first"] == scheme_colour("first")
    assert len(set(SCHEME_COLOURS.values())) == len(SCHEME_COLOURS)


def test_many_members_top_k_plus_others_and_ordering_stated():
    cmp = _cmp(60)  # patent-count pays M59 most, then M58, ...; equal pays 1000 each
    ax = plot_amounts(cmp, top_k=10)
    # 10 members + "others", two schemes each
    assert len(ax.patches) == 11 * 2
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == [f"M{i:02d}" for i in range(59, 49, -1)] + ["others\n(mean of 50)"]
    assert ax.get_xlabel().startswith("top 10 of 60 members\n(ordered by largest amount")
    assert "others: mean of the remaining 50" in ax.get_xlabel()
    heights = {c.get_label(): [round(p.get_height(), 6) for p in c.patches]
               for c in ax.containers}
    # cents -> USD: equal 1000 = 10.00 each; patent-count M59 60000 = 600.00, ...
    assert heights["equal"] == [10.0] * 11
    assert heights["patent-count"][:2] == [600.0, 590.0]
    # others: M00..M49 get 1000*(i+1) cents, mean 1000*25.5 = 25500 cents = 255.00
    assert heights["patent-count"][-1] == 255.0
    assert ax.get_ylabel() == "amount (USD)"
    ax = plot_amounts(cmp, top_k=3, others=False)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["M59", "M58", "M57"]
    ax = plot_amounts(_cmp(4), top_k=10)  # fewer members than top_k: no others group
    assert len(ax.patches) == 4 * 2 and ax.get_xlabel().startswith("member\n(ordered by")


def test_log_scale():
    ax = plot_amounts(_cmp(schemes=("equal", "first")), log=True)
    assert ax.get_yscale() == "log" and "log scale" in ax.get_ylabel()
    assert plot_amounts(_cmp()).get_yscale() == "linear"


def test_coinciding_lorenz_curves_drawn_once_and_labelled():
    ax = plot_lorenz(_cmp(schemes=("patent-count", "equal", "shapley")))
    labels = [ln.get_label() for ln in ax.get_lines()]
    assert labels[0] == "equal split" and len(labels) == 3
    assert labels[1].startswith("patent-count = shapley (coincide; Gini ")
    assert labels[2] == "equal (Gini 0.00)"
    assert "smallest first" in ax.get_xlabel()


def test_royalties_by_country_sums_and_plot(pool, report):
    per = royalties_by_country(report, pool)
    assert sum(per.values()) == int(report.rows.cents.sum())
    assert list(per.values()) == sorted(per.values(), reverse=True)
    # independent reckoning: US rows of the report, added up from the sales table
    codes = pool.sales.country_of_sale[report.rows.index]
    us = poolcalc.tables.country_code("US")
    assert per["US"] == int(report.rows.cents[codes == us].sum())
    ax = plot_royalties_by_country(report, pool, top_n=5)
    assert [t.get_text() for t in ax.get_xticklabels()][:5] == list(per)[:5]
    assert ax.get_xticklabels()[-1].get_text() == f"others ({len(per) - 5})"
    unit = 100 * 1e6  # USD m
    assert round(ax.patches[-1].get_height(), 9) == round(sum(list(per.values())[5:]) / unit, 9)
    with pytest.raises(InvalidInputError, match="country must be 'sale' or 'manufacture'"):
        royalties_by_country(report, pool, country="buyer")


def test_member_shares_over_years(dists):
    ax = plot_member_shares(dists, ["M0001", "M0002"])
    assert [ln.get_label() for ln in ax.get_lines()] == ["M0001", "M0002"]
    for line, m in zip(ax.get_lines(), ["M0001", "M0002"], strict=True):
        want = [100 * d.amounts[m] / d.distributable_cents for d in dists]
        assert np.allclose(line.get_ydata(), want)
    assert list(ax.get_lines()[0].get_xdata()) == [2016, 2020, 2024]
    with pytest.raises(InvalidInputError, match="unknown member 'M9'"):
        plot_member_shares(dists, "M9")
    with pytest.raises(InvalidInputError, match="one distribution per year"):
        plot_member_shares([dists[0], dists[0]])


def test_value_surface_matches_black_scholes_and_3d():
    s, t = np.array([80.0, 100.0, 120.0]), np.array([0.5, 1.0])
    v = pricing.value_surface(s, t, 100, 0.05, 0.2)
    assert v.shape == (2, 3)
    assert v[1, 1] == pytest.approx(10.4506, abs=5e-5)  # Hull's textbook value
    am = pricing.value_surface(s, t, 100, 0.05, 0.2, kind="put", american=True)
    eu = pricing.value_surface(s, t, 100, 0.05, 0.2, kind="put")
    assert np.all(am >= eu - 1e-9)  # early exercise has value for puts
    fig = plt.figure()
    ax3 = fig.add_subplot(projection="3d")
    assert pricing.plot_value_surface(s, t, 100, 0.05, 0.2, ax=ax3) is ax3
    with pytest.raises(InvalidInputError, match="spot must be a 1-D grid"):
        pricing.value_surface([100.0], t, 100, 0.05, 0.2)


def test_missing_matplotlib_message(tmp_path, monkeypatch):
    for mod in ("matplotlib", "matplotlib.pyplot", "matplotlib.figure",
                "matplotlib.backend_bases"):
        monkeypatch.setitem(sys.modules, mod, None)
    with pytest.raises(ImportError, match=r"pip install poolcalc\[plot\]"):
        plot_comparison(_cmp())
    with pytest.raises(ImportError, match=r"pip install poolcalc\[plot\]"):
        plot_comparison(_cmp(), tmp_path / "cmp.png")

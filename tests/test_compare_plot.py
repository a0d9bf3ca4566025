"""PNG plots of a comparison (needs the plot extra)."""

from __future__ import annotations

import sys

import pytest

from poolcalc.compare import compare_amounts, plot_amounts, plot_comparison, plot_lorenz
from poolcalc.errors import InvalidInputError
from poolcalc.games import UnanimityGame

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _cmp(n=4):
    members = [f"M{i:02d}" for i in range(n)]
    return compare_amounts(
        {"equal": [1000] * n, "patent-count": [1000 * (i + 1) for i in range(n)]},
        members,
        game=UnanimityGame([[True] * n], [1000 * n]),
    )


@pytest.mark.parametrize("func", [plot_comparison, plot_amounts, plot_lorenz])
def test_png_written_and_not_empty(tmp_path, func):
    pytest.importorskip("matplotlib")
    path = tmp_path / "cmp.png"
    assert func(_cmp(), path) == str(path)
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 5_000


def _saved_figures(monkeypatch):
    """Keep every figure the plot functions save, to inspect its axes afterwards."""
    from matplotlib.figure import Figure

    saved = []
    original = Figure.savefig

    def keep(fig, *args, **kwargs):
        saved.append(fig)
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    return saved


def test_many_members_shows_top_k(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    saved = _saved_figures(monkeypatch)
    cmp = _cmp(60)  # patent-count pays M59 most, then M58, ...; equal pays 1000 each
    path = tmp_path / "many.png"
    plot_comparison(cmp, path, top_k=10)
    assert path.read_bytes().startswith(PNG_MAGIC)
    bars, lorenz = saved[0].axes
    # one bar per shown member and scheme, the 10 largest members, largest first
    assert len(bars.patches) == 10 * 2
    labels = [t.get_text() for t in bars.get_xticklabels()]
    assert labels == [f"M{i:02d}" for i in range(59, 49, -1)]
    assert bars.get_xlabel() == "top 10 of 60 members"
    heights = sorted({round(p.get_height(), 6) for p in bars.patches})
    # amounts in cents: equal pays 1000 = 10.00 USD each, patent-count M59 60000 = 600.00
    assert heights[0] == 10.0 and heights[-1] == 600.0
    assert bars.get_ylabel() == "amount (USD)"
    # the Lorenz panel: the equal-split diagonal plus one curve per scheme
    assert len(lorenz.get_lines()) == 1 + 2
    saved.clear()
    plot_amounts(cmp, tmp_path / "few.png", top_k=3)
    (ax,) = saved[0].axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["M59", "M58", "M57"]
    assert len(ax.patches) == 3 * 2
    saved.clear()
    plot_amounts(_cmp(4), tmp_path / "all.png", top_k=10)  # fewer members than top_k
    (ax,) = saved[0].axes
    assert len(ax.patches) == 4 * 2 and ax.get_xlabel() == "member"


def test_plot_path_must_be_png(tmp_path):
    with pytest.raises(InvalidInputError, match=r"plot file must end in \.png"):
        plot_comparison(_cmp(), tmp_path / "cmp.jpg")
    with pytest.raises(InvalidInputError, match="does not exist"):
        plot_comparison(_cmp(), tmp_path / "nowhere" / "cmp.png")


def test_missing_matplotlib_message(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install poolcalc\[plot\]"):
        plot_comparison(_cmp(), tmp_path / "cmp.png")

"""PNG plots of a comparison (needs the plot extra)."""

from __future__ import annotations

import sys

import pytest

from poolcalc.compare import compare_amounts, plot_amounts, plot_comparison, plot_lorenz
from poolcalc.errors import InvalidInputError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _cmp(n=4):
    members = [f"M{i:02d}" for i in range(n)]
    return compare_amounts(
        {"equal": [1000] * n, "patent-count": [1000 * (i + 1) for i in range(n)]},
        members,
        game=([[True] * n], [1000.0 * n]),
    )


@pytest.mark.parametrize("func", [plot_comparison, plot_amounts, plot_lorenz])
def test_png_written_and_not_empty(tmp_path, func):
    pytest.importorskip("matplotlib")
    path = tmp_path / "cmp.png"
    assert func(_cmp(), path) == str(path)
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 5_000


def test_many_members_shows_top_k(tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "many.png"
    plot_comparison(_cmp(60), path, top_k=10)
    assert path.stat().st_size > 5_000


def test_plot_path_must_be_png(tmp_path):
    with pytest.raises(InvalidInputError, match=r"plot file must end in \.png"):
        plot_comparison(_cmp(), tmp_path / "cmp.jpg")
    with pytest.raises(InvalidInputError, match="does not exist"):
        plot_comparison(_cmp(), tmp_path / "nowhere" / "cmp.png")


def test_missing_matplotlib_message(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install poolcalc\[plot\]"):
        plot_comparison(_cmp(), tmp_path / "cmp.png")

"""A real notebook (nbclient + ipykernel): results show as HTML, plt.show() shows the plot.

The notebook loads the example pool, leaves each result as a cell's last expression
(Jupyter displays its ``_repr_html_``), draws ``plot_comparison`` under the inline
backend and calls ``plt.show()``; the executed notebook must hold an HTML table per
result, a PNG for the figure, and the inline backend must still be the backend.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CELLS = [
    "%matplotlib inline\nimport matplotlib\nimport matplotlib.pyplot as plt\nimport poolcalc\n"
    "from poolcalc import pricing\nfrom poolcalc.compare import plot_comparison\n"
    "pool = poolcalc.load_example()\nbackend = matplotlib.get_backend()\nbackend",
    "poolcalc.royalties_owed(pool, 2024)",
    "poolcalc.allocate(pool, year=2024)",
    "cmp = poolcalc.compare_schemes(pool, ['per-country-count', 'equal', 'shapley'],"
    " metrics=False)\ncmp",
    "poolcalc.check_terms(poolcalc.data.example_terms('problematic'), pool)",
    "pricing.value_patents([100, 40], [80, 50], [10, 5], [0.35, 0.40], 0.05,"
    " patents=['US-1', 'US-2'])",
    "fig = plot_comparison(cmp, top_k=10)\nplt.show()",
    "print(matplotlib.get_backend() == backend, len(plt.get_fignums()))",
]
RESULT_CELLS = {1: "RoyaltyReport", 2: "Distribution", 3: "Comparison", 4: "Report",
                5: "PatentValuation"}


@pytest.fixture(scope="module")
def executed():
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")  # no path-migration warning
    import ipykernel  # noqa: F401  (the test extra: the kernel the notebook runs on)
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return nb


def _outputs(cell, kind):
    return [o for o in cell.outputs if o.output_type == kind]


def test_inline_backend(executed):
    (out,) = _outputs(executed.cells[0], "execute_result")
    assert "inline" in out.data["text/plain"]


@pytest.mark.parametrize("index", sorted(RESULT_CELLS))
def test_each_result_shows_its_html_table(executed, index):
    (out,) = _outputs(executed.cells[index], "execute_result")
    html = out.data["text/html"]
    assert "<table" in html and "<script" not in html
    assert out.data["text/plain"].startswith(RESULT_CELLS[index] + "(")  # the short repr
    assert len(out.data["text/plain"]) <= 300


def test_plt_show_displays_the_comparison(executed):
    shown = _outputs(executed.cells[6], "display_data")
    assert len(shown) == 1 and "image/png" in shown[0].data
    assert "Figure size" in shown[0].data["text/plain"]
    (printed,) = _outputs(executed.cells[7], "stream")
    # the backend is unchanged and plt.show() released the figure
    assert printed.text.split() == ["True", "0"]

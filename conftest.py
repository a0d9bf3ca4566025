"""Test configuration shared by the doctests of poolcalc/ and the tests of tests/."""

import sys

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the pyplot figures a test or doctest opened (plots return open figures)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")

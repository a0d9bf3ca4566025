"""The public API: ``__all__`` lists exactly the public names, and they import."""

import importlib
import types

import pytest

import poolcalc

SUBPACKAGES = ["alliance", "allocation", "compare", "compliance", "documents", "games", "io",
               "model",
               "pricing", "royalties", "sweep"]


def _public(mod: types.ModuleType) -> set[str]:
    return {n for n in dir(mod) if not n.startswith("_")}


def test_top_level_all_is_importable_and_sorted():
    for name in poolcalc.__all__:
        assert hasattr(poolcalc, name), name
    assert len(set(poolcalc.__all__)) == len(poolcalc.__all__)


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_subpackage_all_matches_public_names(name):
    mod = importlib.import_module(f"poolcalc.{name}")
    declared = set(mod.__all__)
    for n in declared:
        assert hasattr(mod, n), f"poolcalc.{name}.__all__ names missing {n!r}"
    # every public non-module attribute is declared
    extra = {n for n in _public(mod) - declared
             if not isinstance(getattr(mod, n), types.ModuleType) and n != "annotations"}
    assert not extra, f"poolcalc.{name} has public names outside __all__: {sorted(extra)}"


def test_design_api_contract():
    from poolcalc import games, pricing

    g = games.Game([0.0, 1.0, 1.0, 3.0])
    assert list(games.shapley(g)) == [1.5, 1.5]
    assert games.nucleolus(g).shape == (2,)
    games.least_core(g)
    assert round(pricing.black_scholes(100, 100, 1, 0.05, 0.2), 4) == 10.4506
    assert round(pricing.binomial(100, 100, 1, 0.05, 0.2, steps=1000, method="crr"), 4) == 10.4486


def test_import_is_lazy():
    """``import poolcalc`` loads no subpackage; names load on first access (PEP 562)."""
    import subprocess
    import sys

    code = (
        "import sys, poolcalc\n"
        "heavy = [m for m in ('poolcalc.allocation', 'poolcalc.alliance', 'poolcalc.games',"
        " 'poolcalc.pricing', 'poolcalc.compare', 'scipy.linalg', 'scipy.special')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
        "from poolcalc import allocate, Pool\n"
        "print(poolcalc.allocate is allocate, 'poolcalc.allocation' in sys.modules,"
        " 'scipy.linalg' in sys.modules, 'poolcalc.alliance' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["[]", "True True False False"]


def test_lazy_getattr_unknown_name():
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        poolcalc.no_such_name  # noqa: B018
    assert {"allocate", "games", "Pool"} <= set(dir(poolcalc))

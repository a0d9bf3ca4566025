"""Every public function documents its Parameters, Returns and an Example (numpydoc).

Walks the ``__all__`` of ``poolcalc`` and of every public subpackage (a new part of the
package is picked up), unwraps decorators, and checks the numpydoc section headings;
every public class has a docstring.  The examples themselves run as doctests
(``--doctest-modules``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types

import pytest

import poolcalc


def _packages() -> list[str]:
    names = ["poolcalc"]
    for info in pkgutil.iter_modules(poolcalc.__path__):
        if not info.name.startswith("_"):
            mod = importlib.import_module(f"poolcalc.{info.name}")
            if getattr(mod, "__all__", None):
                names.append(mod.__name__)
    return names


def _public() -> tuple[dict[str, object], dict[str, object]]:
    funcs: dict[str, object] = {}
    classes: dict[str, object] = {}
    seen: set[int] = set()
    for full in _packages():
        mod = importlib.import_module(full)
        for name in mod.__all__:
            obj = getattr(mod, name)
            if isinstance(obj, types.ModuleType) or name.startswith("__") or id(obj) in seen:
                continue
            seen.add(id(obj))
            if inspect.isclass(obj):
                classes[f"{full}.{name}"] = obj
            elif inspect.isroutine(obj) or callable(obj) and hasattr(obj, "__wrapped__"):
                funcs[f"{full}.{name}"] = obj
    return funcs, classes


FUNCS, CLASSES = _public()


def _has(doc: str, section: str) -> bool:
    return re.search(rf"^{section}\n-{{{len(section)}}}\s*$", doc, re.MULTILINE) is not None


def test_the_walk_finds_the_api():
    assert len(FUNCS) > 100 and len(CLASSES) > 50
    for name in ("poolcalc.allocate", "poolcalc.compare_schemes", "poolcalc.royalties_owed",
                 "poolcalc.pricing.black_scholes", "poolcalc.compare.plot_comparison"):
        assert any(k == name or FUNCS[k] is _resolve(name) for k in FUNCS), name


def _resolve(name: str) -> object:
    mod, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(mod), attr)


@pytest.mark.parametrize("name", sorted(FUNCS))
def test_function_has_parameters_returns_and_an_example(name):
    func = inspect.unwrap(FUNCS[name])
    doc = inspect.getdoc(func) or ""
    assert doc, f"{name}: no docstring"
    try:
        params = [p for p in inspect.signature(func).parameters.values()
                  if p.name not in ("self", "cls")]
    except (TypeError, ValueError):  # pragma: no cover - builtins
        params = []
    missing = [s for s, needed in (("Parameters", bool(params)),
                                   ("Returns", not _has(doc, "Yields")),
                                   ("Examples", True)) if needed and not _has(doc, s)]
    assert not missing, f"{name}: no {', '.join(missing)} section"
    assert re.search(r"^>>> ", doc.split("Examples\n--------", 1)[-1], re.MULTILINE), name


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_class_has_a_docstring(name):
    doc = CLASSES[name].__doc__
    assert doc and doc.strip(), f"{name}: no docstring"

"""Imports of the compliance package and its I/O: top-level only, no circles, one direction.

compliance -> (model, royalties, tables, _result, errors); io reads terms files and
prints reports without importing compliance; the example terms live in data (above io).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "poolcalc"
AREA = [*sorted((PKG / "compliance").glob("*.py")), PKG / "io" / "_check_io.py",
        PKG / "io" / "_terms.py", PKG / "io" / "_terms_schema.py", PKG / "data" / "_terms.py"]


def _imports(path: Path) -> tuple[list[str], list[tuple[int, str]]]:
    """(top-level poolcalc imports, function-local poolcalc imports with line numbers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_nodes = set()
    for node in tree.body:
        top_nodes.add(node)
        if isinstance(node, ast.If):  # if TYPE_CHECKING:
            top_nodes.update(node.body)
    top, local = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name.startswith("poolcalc"):
                (top.append(name) if node in top_nodes else local.append((node.lineno, name)))
    return top, local


@pytest.mark.parametrize("path", AREA, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_function_local_imports(path):
    _, local = _imports(path)
    assert not local, f"{path.name}: function-local imports of poolcalc modules {local}"


def _module(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def test_compliance_modules_have_no_circle():
    files = sorted((PKG / "compliance").glob("*.py"))
    graph = {_module(p): {m for m in _imports(p)[0] if m.startswith("poolcalc.compliance.")}
             for p in files}
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " -> ".join([*stack, node, nxt]))
            if nxt in graph and state.get(nxt) is None:
                visit(nxt, [*stack, node])
        state[node] = 2

    for node in graph:
        if state.get(node) is None:
            visit(node, [])


def test_layers_between_compliance_io_and_data():
    for p in (PKG / "compliance").glob("*.py"):
        for m in _imports(p)[0]:
            assert not m.startswith(("poolcalc.io", "poolcalc.data", "poolcalc.cli")), (p.name, m)
    for p in (PKG / "io").glob("*.py"):
        for m in _imports(p)[0]:
            assert not m.startswith(("poolcalc.compliance", "poolcalc.data")), (p.name, m)

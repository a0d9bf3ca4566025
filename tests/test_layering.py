"""The package's layers, read from the source with ``ast`` (nothing is imported).

Rules:
- no import circles between poolcalc modules (module-level imports, ``TYPE_CHECKING``
  blocks aside);
- imports at module level only: no function-local import of a poolcalc module (an
  optional extra such as pandas or matplotlib may be imported lazily);
- each module imports only modules of its own layer or of a lower one (``LAYERS``);
- kernels (games, pricing, the royalty stages, the allocation kernels) never import
  ``model``, ``io``, ``cli``, ``demo`` or ``documents``;
- results never import ``io``;
- no code module over 500 lines (declarative data tables are listed in ``DATA_MODULES``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "poolcalc"

#: Layer of each top-level part of the package, lowest first.  A module may import
#: modules of its own layer (same package) or of lower layers only.
LAYERS: dict[str, int] = {
    "errors": 0,
    "_codes": 0,
    "_log": 0,
    "_version": 0,
    "_alloc": 0,
    "_gc": 0,
    "_args": 1,
    "_money": 1,
    "_blocksort": 1,
    "_unique": 1,
    "_json": 0,
    "_format": 2,
    "_result": 3,
    "_plot": 3,
    "tables": 4,
    "model": 5,
    "games": 6,
    "pricing": 6,
    "royalties": 7,
    "allocation": 8,
    "periods": 9,
    "compliance": 10,
    "alliance": 10,
    "compare": 10,
    "ledger": 11,
    "io": 12,
    "data": 13,
    "documents": 14,
    "sweep": 14,
    "_progress": 14,
    "cli": 16,
    "demo": 15,
    "__main__": 16,
    "__init__": 16,
}

#: Modules that compute on arrays only.
KERNEL_PREFIXES = (
    "poolcalc.games",
    "poolcalc.pricing",
    "poolcalc.royalties._engine",
    "poolcalc.royalties._tiers",
    "poolcalc.royalties._due",
    "poolcalc.royalties._apportion",
    "poolcalc.royalties.stages",
)
KERNEL_FORBIDDEN = ("poolcalc.model", "poolcalc.io", "poolcalc.cli", "poolcalc.demo",
                    "poolcalc.documents")

#: Declarative data modules allowed over 500 lines.
DATA_MODULES: set[str] = set()  # none today: every module is under the limit
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PKG.rglob("*.py")):
        rel = f.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


MODULES = _modules()


def _resolve(mod: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = mod.split(".")
    is_pkg = MODULES.get(mod, Path()).name == "__init__.py"
    base = base if is_pkg else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(mod: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """poolcalc modules an import statement loads."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = _resolve(mod, node)
        subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
        # ``from pkg import submodule`` is an arrow to the submodule; any other name
        # imported from a package is an arrow to the package's ``__init__``
        names = subs if len(subs) == len(node.names) else [base, *subs]
    out = []
    for n in names:
        if not (n == "poolcalc" or n.startswith("poolcalc.")):
            continue
        while n not in MODULES and "." in n:
            n = n.rsplit(".", 1)[0]
        if n in MODULES:
            out.append(n)
    return out


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _scan(mod: str) -> tuple[set[str], list[tuple[int, str]]]:
    """(module-level poolcalc imports, function-local poolcalc imports with line)."""
    tree = ast.parse(MODULES[mod].read_text(encoding="utf-8"))
    top: set[str] = set()
    local: list[tuple[int, str]] = []

    def visit(body: list[ast.stmt], in_function: bool) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for t in _targets(mod, node):
                    (local.append((node.lineno, t)) if in_function else top.add(t))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                continue
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(node.body, True)
            elif isinstance(node, ast.ClassDef):
                visit(node.body, in_function)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    sub = getattr(node, field, None)
                    stmt_like = ast.stmt | ast.excepthandler
                    if isinstance(sub, list) and sub and isinstance(sub[0], stmt_like):
                        visit([s for s in sub if isinstance(s, ast.stmt)] +
                              [b for h in sub if isinstance(h, ast.excepthandler) for b in h.body],
                              in_function)

    visit(tree.body, False)
    top.discard(mod)
    return top, local


GRAPH = {m: _scan(m)[0] for m in MODULES}


def _layer(mod: str) -> int:
    parts = mod.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    if head not in LAYERS:
        raise AssertionError(f"{mod}: add its part {head!r} to LAYERS in tests/test_layering.py")
    return LAYERS[head]


def test_no_import_circles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:  # Tarjan
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            strong(v)
    assert not circles, "import circles:\n" + "\n".join(" <-> ".join(c) for c in circles)


def test_no_function_local_imports_of_poolcalc_modules():
    found = [f"{MODULES[m].relative_to(ROOT)}:{line}: imports {t}"
             for m in MODULES for line, t in _scan(m)[1]]
    assert not found, "function-local imports:\n" + "\n".join(found)


def test_layers_point_down():
    bad = []
    for m, targets in GRAPH.items():
        for t in targets:
            same_part = m.split(".")[:2] == t.split(".")[:2]
            if not same_part and _layer(t) >= _layer(m) and _layer(m) < LAYERS["__init__"]:
                bad.append(f"{m} (layer {_layer(m)}) imports {t} (layer {_layer(t)})")
    assert not bad, "imports that point up or sideways:\n" + "\n".join(sorted(bad))


def test_kernels_import_no_model_io_or_cli():
    bad = [f"{m} imports {t}" for m, targets in GRAPH.items()
           if m.startswith(KERNEL_PREFIXES)
           for t in targets if t.startswith(KERNEL_FORBIDDEN)]
    assert not bad, "\n".join(sorted(bad))


def test_results_import_no_io():
    bad = [f"{m} imports {t}" for m, targets in GRAPH.items()
           if m.rsplit(".", 1)[-1] in ("_result", "_results") or ".results" in m
           for t in targets if t.startswith("poolcalc.io")]
    assert not bad, "\n".join(sorted(bad))


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_modules_are_small(mod):
    n = len(MODULES[mod].read_text(encoding="utf-8").splitlines())
    assert mod in DATA_MODULES or n <= MAX_LINES, f"{mod}: {n} lines > {MAX_LINES}"

"""The pool-directory schema table: docs generated from it, readers and writer agree with it.

The schema (poolcalc/io/_schema.py) describes every pool.toml key and every CSV column
once; these tests fail when the committed docs, the CSV readers' column lists, the
model's defaults or its fields drift from it, and when a pool does not survive
``read_pool(write_pool(pool))``.
"""

from __future__ import annotations

import ast
import math
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from test_royalties_properties import pools

import poolcalc
import poolcalc.model as m
from poolcalc.io import read_pool, write_pool
from poolcalc.io._csv import LICENSEE_COLUMNS, PATENT_COLUMNS
from poolcalc.io._docs import main as docs_main
from poolcalc.io._docs import schema_docs
from poolcalc.io._payers_io import WITH_PAYER
from poolcalc.io._schema import COLUMNS, KEYS, column_names, keys_of
from poolcalc.io._schema_types import has_value, plain
from poolcalc.io._usage_io import USAGE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MODEL = {
    "Pool": m.Pool,
    "Member": m.Member,
    "Schedule": m.Schedule,
    "ProductRate": m.ProductRate,
    "Region": m.Region,
    "Discounts": m.Discounts,
    "RateChange": m.RateChange,
    "UsageTerms": m.UsageTerms,
    "AllocationConfig": m.AllocationConfig,
}


# --- docs ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(schema_docs()))
def test_committed_docs_are_the_generated_text(name):
    # regenerate with: python -m poolcalc.io._docs --write-docs docs
    assert (DOCS / name).read_text(encoding="utf-8") == schema_docs()[name]


def test_docs_check_flags_a_stale_file(tmp_path, capsys):
    assert docs_main(["--write-docs", str(tmp_path)]) == 0
    assert docs_main(["--check", str(tmp_path)]) == 0
    (tmp_path / "pool-toml.md").write_text("# edited by hand\n", encoding="utf-8")
    assert docs_main(["--check", str(tmp_path)]) == 1
    assert "pool-toml.md: differs from the generated text" in capsys.readouterr().err


def test_pool_toml_doc_lists_every_key_with_type_and_default():
    text = schema_docs()["pool-toml.md"]
    for k in KEYS:
        assert f"| `{k.name}` | {k.toml} |" in text, k.path
    # the free allowance: type, unit, default and source pool on its row
    row = next(line for line in text.splitlines() if line.startswith("| `free_units` |"))
    assert "| integer | units per enterprise per year | `0` |" in row
    assert "Via LA HEVC" in row and "via-la.com/licensing-2/hevc/hevc-license-fees/" in row


def test_pool_directory_doc_lists_every_column():
    text = schema_docs()["pool-directory.md"]
    for c in COLUMNS:
        need = "required" if c.required else "optional"
        assert f"| `{c.name}` | {c.type} | {need} |" in text, (c.file, c.name)


# --- the schema against the readers and the model --------------------------------------
@pytest.mark.parametrize(
    ("file", "columns"),
    [
        ("patents.csv", PATENT_COLUMNS),
        ("licensees.csv", LICENSEE_COLUMNS),
        ("sales.csv", WITH_PAYER),  # SALES_COLUMNS and the optional payer column
        ("usage.csv", USAGE_COLUMNS),
    ],
)
def test_columns_are_the_readers_columns(file, columns):
    assert column_names(file) == columns


def _model_default(cls, attr):
    field = attrs.fields_dict(cls)[attr]
    d = field.default
    return d.factory() if isinstance(d, attrs.Factory) else d  # type: ignore[attr-defined]


def test_schema_defaults_are_the_model_defaults():
    checked = 0
    for k in KEYS:
        if not k.field or k.owner not in MODEL or not k.attr:
            continue
        cls, attr = MODEL[k.owner], k.attr.split(".")[-1]
        if k.attr.startswith("default.") or k.attr.startswith("rate."):
            cls = m.ProductRate
        if not has_value(k.default):
            continue
        want = plain(_model_default(cls, attr))
        assert want == k.default or (math.isinf(want) and math.isinf(k.default)), k.path
        checked += 1
    assert checked >= 25


@pytest.mark.parametrize(
    ("cls", "skip"),
    [
        (m.Schedule, {"default"}),  # the default rate is the [royalty] rate keys
        (m.ProductRate, set()),
        (m.Region, set()),
        (m.Discounts, set()),
        (m.RateChange, {"rate"}),  # its tiers, min and max are keys of the change
        (m.UsageTerms, set()),
        (m.Member, set()),
        (m.AllocationConfig, {"options", "source"}),  # other keys; where scheme was read
        (m.Pool, {"patents", "licensees", "sales", "usage", "payers", "metrics"}),  # the CSV files
    ],
)
def test_every_model_field_has_a_schema_row(cls, skip):
    mapped = {k.attr.split(".")[0] for k in KEYS if k.owner == cls.__name__}
    if cls is m.ProductRate:
        mapped = {k.attr.split(".")[-1] for k in KEYS if k.attr.startswith("default.")}
    missing = {f.name for f in attrs.fields(cls)} - skip - mapped
    assert not missing, f"{cls.__name__} fields without a pool.toml key: {sorted(missing)}"


def test_every_key_is_documented():
    for k in KEYS:
        assert k.doc and k.toml, k.path
    assert {k.table for k in KEYS if k.sub} <= {k.table for k in KEYS}
    assert all(keys_of(k.sub) for k in KEYS if k.sub and k.sub != "royalty.category_caps")


# --- a royalty term is one stage plus one schema row ----------------------------------
_OWN = {"royalties/stages/free_units.py", "royalties/stages/__init__.py", "io/_schema.py",
        "model/_schedule.py"}


def _names_in_code(path: Path) -> set[str]:
    """Identifiers, attributes and string constants outside docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            out.add(node.attr)
        elif isinstance(node, ast.alias):
            out.add(node.name.rpartition(".")[2])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                out.update(node.value.replace(".", " ").split())
    return out


def test_free_units_live_in_their_stage_and_schema_row_only():
    # the engine, the other stages, the reader and the writer never name the term; only
    # its stage module (and its line in the PIPELINE), its schema row and the model field
    pkg = Path(poolcalc.__file__).parent
    naming = {
        str(p.relative_to(pkg))
        for p in pkg.rglob("*.py")
        if "free_units" in _names_in_code(p)
    }
    assert naming <= _OWN, sorted(naming - _OWN)
    assert {"royalties/stages/free_units.py", "io/_schema.py"} <= naming


# --- round trip ------------------------------------------------------------------------
@settings(max_examples=25)
@given(pools(max_rows=4))
def test_write_then_read_gives_the_same_terms(p):
    p = p.evolve(usage_terms=m.UsageTerms.avc(), standard="H.264/AVC", administrator_fee=0.1)
    with tempfile.TemporaryDirectory() as d:
        back = read_pool(write_pool(p, Path(d) / "pool"))
    assert back.schedule == p.schedule
    assert back.usage_terms == p.usage_terms
    assert back.members == p.members and back.allocation == p.allocation
    assert (back.name, back.standard, back.currency, back.administrator_fee, back.minor_units) == (
        p.name, p.standard, p.currency, p.administrator_fee, p.minor_units
    )

"""The documentation site's generated pages follow the registries and the schema tables.

``docs/build.sh`` builds the site with ``-W`` and checks the built HTML with
``docs/check_pages.py``; these tests check, without Sphinx, that the generator writes a
page for every registered scheme (a scheme registered now included), every compliance
rule and every public package, that every pool.toml key, CSV column and terms-file key
is on its reference page, and that every Markdown page of docs/ is in the toctree.
"""

from __future__ import annotations

import importlib
import sys
import tomllib
import types
from pathlib import Path

import numpy as np
import pytest

from poolcalc.allocation import Scheme, register_scheme, scheme_names, unregister_scheme
from poolcalc.compliance import RULES
from poolcalc.io._schema import COLUMNS, KEYS
from poolcalc.io._terms_schema import TERMS_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS))

import check_pages  # noqa: E402
import poolcalc_pages  # noqa: E402


@pytest.fixture
def extra_scheme():
    s = register_scheme(Scheme("docs-test-sqrt", "square root of the patent count",
                               weights=lambda ctx, options: np.sqrt(
                                   ctx.member_counts("patent")),
                               formula="w_i = sqrt(n_i)"))
    yield s.name
    unregister_scheme(s.name)


def test_a_page_per_registered_scheme(tmp_path, extra_scheme):
    written = poolcalc_pages.write_all(DOCS, tmp_path)
    assert written["schemes"] == list(scheme_names()) and extra_scheme in written["schemes"]
    for name in scheme_names():
        page = (tmp_path / "schemes" / f"{name}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# `{name}`\n")
    mine = (tmp_path / "schemes" / f"{extra_scheme}.md").read_text(encoding="utf-8")
    assert "w_i = sqrt(n_i)" in mine and "Square root of the patent count." in mine
    index = (tmp_path / "schemes" / "index.md").read_text(encoding="utf-8")
    assert all(f"\n{n}\n" in index for n in scheme_names())  # in the hidden toctree


def test_a_page_per_compliance_rule_with_its_sources(tmp_path):
    written = poolcalc_pages.write_all(DOCS, tmp_path)
    assert written["rules"] == [r.id for r in RULES] and len(RULES) >= 23
    for r in RULES:
        page = (tmp_path / "rules" / f"{r.id}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# `{r.id}`\n") and r.title in page
        for s in r.sources:
            assert s.cite() in page
        for jur, sev in r.severity.items():
            assert f"| {jur} | {sev} |" in page


def test_api_pages_list_every_public_name(tmp_path):
    import poolcalc

    written = poolcalc_pages.write_all(DOCS, tmp_path)
    text = "\n".join((tmp_path / "api" / f"{p}.rst").read_text(encoding="utf-8")
                     for p in written["api"])
    for full in written["api"]:
        mod = importlib.import_module(full)
        for name in mod.__all__:
            if isinstance(getattr(mod, name), types.ModuleType) or name.startswith("__"):
                continue
            # documented on this page, or linked to the page that documents it
            assert f"   {name}\n" in text or f"`{full}.{name} <" in text, f"{full}.{name}"
    subpackages = {f"poolcalc.{n}" for n in ("model", "io", "royalties", "allocation", "games",
                                             "compare", "compliance", "pricing", "alliance")}
    assert subpackages <= set(written["api"]) and written["api"][0] == "poolcalc"
    assert hasattr(poolcalc, "compare_schemes")


@pytest.mark.parametrize("page, rows, name", [
    ("pool-toml", KEYS, lambda k: k.name),
    ("pool-directory", COLUMNS, lambda c: c.name),
    ("terms-file", TERMS_SCHEMA, lambda k: k.path.partition(".")[2]),
])
def test_every_schema_key_is_on_its_reference_page(page, rows, name):
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    missing = [name(r) for r in rows if f"`{name(r)}`" not in text]
    assert not missing
    assert sorted({name(r) for r in rows}) == poolcalc_pages.expected_pages()[page]


def test_expected_pages_cover_schemes_rules_and_keys():
    pages = poolcalc_pages.expected_pages()
    assert {p for p in pages if p.startswith("_generated/schemes/")} == {
        f"_generated/schemes/{n}" for n in scheme_names()}
    assert {p for p in pages if p.startswith("_generated/rules/")} == {
        f"_generated/rules/{r.id}" for r in RULES}
    assert {"pool-toml", "pool-directory", "terms-file"} <= set(pages)


def test_check_pages_reports_a_missing_page_and_key(tmp_path):
    problems = check_pages.missing(tmp_path)  # an empty "site"
    assert "_generated/schemes/shapley.html: no such page" in problems
    (tmp_path / "pool-toml.html").write_text('<span class="pre">name</span>', encoding="utf-8")
    problems = check_pages.missing(tmp_path)
    assert "pool-toml.html: 'currency' not shown" in problems
    assert "pool-toml.html: 'name' not shown" not in problems


def test_every_markdown_page_is_in_the_toctree(tmp_path):
    pages = poolcalc_pages.reference_index(DOCS, tmp_path)
    on_disk = {p.stem for p in DOCS.glob("*.md")} - {"index"}
    assert set(pages) == on_disk
    assert {"allocation-schemes", "pool-toml", "pool-directory", "terms-file",
            "compliance-rules", "legal-sources"} <= on_disk
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in ("getting-started/administrator", "getting-started/analyst",
                 "getting-started/researcher", "_generated/reference", "gallery/index",
                 "_generated/api/index"):
        assert f"\n{page}\n" in index


def test_docs_extra_and_build_script():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = meta["project"]["optional-dependencies"]
    names = {d.split(">")[0].split("[")[0] for d in extras["docs"]}
    assert {"sphinx", "numpydoc", "pydata-sphinx-theme", "sphinx-gallery",
            "myst-parser"} <= names
    test = {d.split(">")[0] for d in extras["test"]}
    assert {"nbclient", "nbformat", "ipykernel", "tqdm"} <= test
    script = (DOCS / "build.sh").read_text(encoding="utf-8")
    assert "python3 -m sphinx -W --keep-going -b html" in script
    assert "docs/check_pages.py" in script


def test_examples_follow_the_gallery_conventions():
    for f in sorted((ROOT / "examples").glob("[0-9][0-9]_*.py")):
        text = f.read_text(encoding="utf-8")
        head = text.split('"""')[1].strip("\n").splitlines()
        assert len(head) >= 2 and set(head[1]) == {"="} and len(head[1]) >= len(head[0]), f
        assert "# %%" in text, f


def test_readme_top_changelog_and_license():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    # the two set-up commands stay the first lines of the first code block (.ci/run runs
    # the second one)
    assert block[0].startswith("python -m pip install . && poolcalc demo")
    assert block[1].startswith("python -m pip install '.[test,plot,pandas]' && "
                               "python -m pytest -q -p no:cacheprovider")
    for name in ("DESIGN.md", "DOMAIN.md", "DOMAIN_LAW", "STYLE.md", "../shared"):
        assert name not in readme
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "keepachangelog.com" in changelog
    assert "\n## [Unreleased]\n" in changelog and "\n## [0.1.0]\n" in changelog
    assert changelog.index("[Unreleased]") < changelog.index("## [0.1.0]")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert any(r.startswith("setuptools>=7") and int(r.split(">=")[1]) >= 77
               for r in meta["build-system"]["requires"])
    # no project URLs until the project has a public home (none is invented)
    assert "urls" not in project
    assert any(c.startswith("Programming Language :: Python :: 3.11")
               for c in project["classifiers"])

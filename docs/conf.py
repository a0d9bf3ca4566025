"""Sphinx configuration of the poolcalc documentation (build: ``docs/build.sh``).

The pages per scheme, per compliance rule and the API reference are generated from the
package before the build (``docs/_ext/poolcalc_pages.py``); the gallery executes a copy
of ``examples/`` (sphinx-gallery), so the scripts' output files stay out of the tree.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # document the checkout, not an installed copy
sys.path.insert(0, str(DOCS / "_ext"))

import poolcalc_pages  # noqa: E402

import poolcalc  # noqa: E402

GENERATED = poolcalc_pages.write_all(DOCS)

# the gallery runs a copy of examples/ (they write files into their directory)
GALLERY_SRC = DOCS / "_build" / "gallery-src"
if GALLERY_SRC.exists():
    shutil.rmtree(GALLERY_SRC)
# examples/documents holds rendered documents (HTML, PDF, XLSX), not scripts
shutil.copytree(ROOT / "examples", GALLERY_SRC,
                ignore=shutil.ignore_patterns("__pycache__", "documents"))
(GALLERY_SRC / "GALLERY_HEADER.rst").write_text(
    "Gallery\n=======\n\n"
    "The scripts of ``examples/``, executed when the documentation is built: what each "
    "prints and the figures it draws.  Each one runs as it is with "
    "``python examples/NAME.py`` after ``pip install 'poolcalc[plot]'``.\n",
    encoding="utf-8",
)

project = "poolcalc"
author = "poolcalc contributors"
copyright = "2026, poolcalc contributors"  # noqa: A001
release = poolcalc.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "_ext"]
templates_path = ["_templates"]

# -- API reference -------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"  # numpydoc's Parameters section says the types
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_attributes_as_param_list = True

# -- Markdown ------------------------------------------------------------------------
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
suppress_warnings = ["myst.header"]  # generated pages may start at a level-2 heading

# -- gallery -------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": str(GALLERY_SRC),
    "gallery_dirs": "gallery",
    "filename_pattern": r"/\d\d_",  # execute every example
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "abort_on_example_error": True,
    "image_scrapers": ("matplotlib",),
    "capture_repr": (),
    "show_memory": False,
    "min_reported_time": 1,
    "remove_config_comments": True,
}

# -- HTML ----------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"poolcalc {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_static_path: list[str] = []
html_show_sourcelink = False

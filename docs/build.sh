#!/usr/bin/env bash
# Build the documentation with warnings as errors, then check that the built site has a
# page for every allocation scheme, every compliance rule and every pool.toml and
# terms-file key.  Needs the docs extra: python -m pip install '.[docs]'
# (or run with --install to install it first).  Output: docs/_build/html.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--install" ]]; then
    python3 -m pip install --quiet '.[docs]'
fi
rm -rf docs/_build/html docs/_build/doctrees docs/gallery docs/_generated
python3 -m sphinx -W --keep-going -b html -j 1 docs docs/_build/html
python3 docs/check_pages.py docs/_build/html

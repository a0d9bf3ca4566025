"""What every sub-command module shares: output formats and common options.

A sub-command lives in its own module of :mod:`poolcalc.cli` with a
``setup(sub)`` function that adds its parser and sets ``func``; it is listed
once in ``poolcalc.cli._main._SETUPS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from poolcalc.allocation import PLUGIN_ENV, PLUGIN_GROUP

__all__ = ["FORMATS", "add_format", "add_plugin"]

FORMATS = ("table", "json", "csv")


def add_format(p: argparse.ArgumentParser, choices: Sequence[str] = FORMATS) -> None:
    p.add_argument("--format", choices=list(choices), default="table", help="output format")


def add_plugin(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--plugin",
        action="append",
        default=[],
        metavar="MODULE",
        help="import a module (dotted name or .py file) that registers allocation schemes; "
        f"also read from ${PLUGIN_ENV} (comma separated) and the entry-point group "
        f"{PLUGIN_GROUP!r}",
    )

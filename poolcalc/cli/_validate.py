"""``poolcalc validate DIR [--terms FILE]``: every read-time problem, not just the first.

Prints one line per problem (file, line, field, value) and exits 2 when there is any,
else prints ``ok: ...`` and exits 0 (:func:`poolcalc.io.validate_pool`).
"""

from __future__ import annotations

import argparse
import sys

from poolcalc.io import validate_pool

__all__ = ["setup"]


def setup(sub: argparse._SubParsersAction) -> None:
    """Add the ``validate`` sub-command."""
    p = sub.add_parser(
        "validate", help="report every problem of a pool directory (and a terms file)",
        description="Run every read-time check on a pool directory (and a terms file) and "
        "print all problems found, one per line; exit 0 when there is none, 2 otherwise.")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--terms", default=None, metavar="FILE", help="a terms file to check too")
    p.set_defaults(func=_cmd_validate)


def _cmd_validate(args: argparse.Namespace) -> int:
    problems = validate_pool(args.pool, terms=args.terms)
    for line in problems:
        print(line)
    what = args.pool + (f" and {args.terms}" if args.terms else "")
    if problems:
        print(f"poolcalc validate: {len(problems)} problem(s) in {what}", file=sys.stderr)
        return 2
    print(f"ok: {what}: no problems found")
    return 0

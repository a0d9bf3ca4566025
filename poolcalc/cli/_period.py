"""``poolcalc period DIR --period 2024Q3``: one reporting period of administration.

Reads the pool directory and its administration files (``payments.csv``,
``fx.csv``, ``amendments.csv``, ``audits.csv``, ``metric_amendments.csv``;
:mod:`poolcalc.io._periods_io`),
computes the period (:func:`poolcalc.periods.period`) and prints the invoices,
payments applied, distribution and reconciliation as a table, JSON or CSV.
"""

from __future__ import annotations

import argparse
import sys

from poolcalc._gc import gc_paused
from poolcalc.cli._common import add_format
from poolcalc.io import read_period_inputs, read_pool
from poolcalc.periods import period

__all__ = ["setup"]


def setup(sub: argparse._SubParsersAction) -> None:
    """Add the ``period`` sub-command."""
    p = sub.add_parser("period", help="one reporting period: invoices, payments, distribution")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--period", required=True, metavar="PERIOD",
                   help="reporting period: 2024Q3 (quarterly pool), 2024H2, 2024")
    p.add_argument("--by-country", action="store_true",
                   help="also split each member's entitlement by country "
                        "(distribution.members[].countries; slower on large pools)")
    add_format(p)
    p.set_defaults(func=_cmd_period)


def _cmd_period(args: argparse.Namespace) -> int:
    with gc_paused():  # acyclic records, freed before the collector resumes (poolcalc._gc)
        _print_period(args)
    return 0


def _print_period(args: argparse.Namespace) -> None:
    pool = read_pool(args.pool)
    inputs = read_period_inputs(args.pool, pool)
    result = period(pool, args.period, inputs, by_country=args.by_country)
    if args.format == "json":
        result.write_json(sys.stdout)  # == render_json(result.to_dict()), in parts
    elif args.format == "csv":
        sys.stdout.write(result.to_csv())
    else:
        sys.stdout.write(str(result))

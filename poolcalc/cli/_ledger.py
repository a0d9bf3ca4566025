"""``poolcalc ledger init|close|status|statement|invoice|reconcile|export``.

The pool's ledger in a database (:mod:`poolcalc.ledger`): ``--db URL`` (default
``sqlite:///DIR/pool.db``).  Exit 0 on success, including a re-close that changes
nothing; 1 when ``reconcile`` finds a broken invariant; 2 on bad input or a refused
close (one line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import poolcalc
from poolcalc._format import render_json
from poolcalc.allocation import load_plugins, parse_options
from poolcalc.cli._common import add_format, add_plugin
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_period_inputs, read_pool

__all__ = ["setup"]


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("pool", metavar="DIR", help="pool directory (or .xlsx workbook)")
    p.add_argument("--db", default=None, metavar="URL",
                   help="database URL: sqlite:///FILE or postgresql://USER@HOST:PORT/DB "
                        "(default sqlite:///DIR/pool.db)")


def setup(sub: argparse._SubParsersAction) -> None:
    """Add ``poolcalc ledger`` and its sub-commands."""
    p = sub.add_parser("ledger", help="the pool's ledger in a database (SQLite or PostgreSQL)",
                       description="Close reporting periods into an append-only journal and "
                       "read statements, invoices, balances and exports back from it.")
    lsub = p.add_subparsers(dest="ledger_command", required=True)

    q = lsub.add_parser("init", help="create the schema (PostgreSQL: the roles too)")
    _db(q)
    q.add_argument("--closer", action="append", default=[], metavar="ROLE",
                   help="login role that may close periods (PostgreSQL; repeatable)")
    q.add_argument("--reader", action="append", default=[], metavar="ROLE",
                   help="login role that may only read (PostgreSQL; repeatable)")
    q.set_defaults(func=_init)

    q = lsub.add_parser("close", help="compute a period and close it in one transaction")
    _db(q)
    q.add_argument("--period", required=True, metavar="P", help="2024, 2024H1 or 2024Q3")
    q.add_argument("--scheme", default=None, help="allocation scheme (default: the pool's)")
    q.add_argument("--option", action="append", default=[], metavar="KEY=VALUE")
    add_plugin(q)
    add_format(q, ("table", "json"))
    q.set_defaults(func=_close)

    q = lsub.add_parser("status", help="periods, open balances, last close")
    _db(q)
    add_format(q, ("table", "json"))
    q.set_defaults(func=_status)

    for name, party, what in (("statement", "MEMBER", "a licensor's statement"),
                              ("invoice", "LICENSEE", "a licensee's invoice account")):
        q = lsub.add_parser(name, help=f"{what} for a closed period")
        _db(q)
        q.add_argument("party", metavar=party)
        q.add_argument("--period", required=True, metavar="P")
        add_format(q, ("table", "json"))
        q.set_defaults(func=_account, kind=name)

    q = lsub.add_parser("reconcile", help="re-derive every balance and check the invariants")
    _db(q)
    add_format(q, ("table", "json"))
    q.set_defaults(func=_reconcile)

    q = lsub.add_parser("export", help="every journal entry as CSV, JSON or Parquet")
    _db(q)
    q.add_argument("--format", choices=["csv", "json", "parquet"], default="csv")
    q.add_argument("--out", default=None, metavar="FILE",
                   help="file to write (required for parquet; default standard output)")
    q.set_defaults(func=_export)


@contextlib.contextmanager
def _open(args: argparse.Namespace, *, create: bool = False) -> Iterator[tuple[Any, Any]]:
    """Yield the :mod:`poolcalc.ledger` module and an open ledger.

    The ledger extra (SQLAlchemy, Alembic, psycopg: about 0.4 s of imports) is optional
    and loaded only here, when a ``ledger`` sub-command runs, not by every command.
    """
    try:
        ledger = poolcalc.ledger  # imported on first access (PEP 562, poolcalc/__init__.py)
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        raise InvalidInputError(str(exc)) from None
    with ledger.open_ledger(args.db, pool_dir=args.pool, create=create) as db, \
            ledger.database_errors(f"ledger {args.ledger_command}"):
        yield ledger, db


def _print(result: Any, fmt: str) -> None:
    sys.stdout.write(render_json(result.to_dict()) if fmt == "json" else str(result))


def _init(args: argparse.Namespace) -> int:
    with _open(args, create=True) as (ledger, db):
        print(ledger.init(db, closers=args.closer, readers=args.reader))
    return 0


def _close(args: argparse.Namespace) -> int:
    load_plugins(args.plugin)
    pool = read_pool(args.pool)
    extra = read_period_inputs(args.pool, pool)
    options = parse_options(args.option, args.scheme) if args.option else None
    with _open(args, create=True) as (ledger, db):
        res = ledger.close(db, pool, args.period, inputs=args.pool, period_inputs=extra,
                           scheme=args.scheme, options=options)
    if args.format == "json":
        _print(res, "json")
    else:
        print(res.message)
    return 0


def _status(args: argparse.Namespace) -> int:
    with _open(args) as (ledger, db):
        _print(ledger.status(db), args.format)
    return 0


def _account(args: argparse.Namespace) -> int:
    with _open(args) as (ledger, db):
        fn = ledger.statement if args.kind == "statement" else ledger.invoice
        _print(fn(db, args.party, args.period), args.format)
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    with _open(args) as (ledger, db):
        rec = ledger.reconcile(db)
    _print(rec, args.format)
    return 0 if rec.ok else 1


def _export(args: argparse.Namespace) -> int:
    with _open(args) as (ledger, db):
        out = ledger.export(db, args.format, args.out)
    if args.out is None:
        sys.stdout.write(str(out))
    else:
        print(f"wrote {out}", file=sys.stderr)
    return 0




"""Thin command line: parse -> io -> library -> io.

Exit codes: 0 success, 1 when ``check`` finds an error-level finding, 2 on bad
input (one line on stderr naming file, line, field and value; never a traceback).
No computation lives here: each command reads its inputs through :mod:`poolcalc.io`,
calls the library and writes the result through :mod:`poolcalc.io`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from poolcalc.errors import PoolcalcError

__all__ = ["main"]

FORMATS = ("table", "json", "csv")


def _add_format(p: argparse.ArgumentParser, choices: Sequence[str] = FORMATS) -> None:
    p.add_argument("--format", choices=list(choices), default="table", help="output format")


# --- demo ---------------------------------------------------------------------------------
def _setup_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the bundled example pool end to end")
    p.set_defaults(func=_cmd_demo)


def _cmd_demo(args: argparse.Namespace) -> int:
    from poolcalc.demo import run_demo

    return run_demo(out=sys.stdout)


# --- royalties ----------------------------------------------------------------------------
def _setup_royalties(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("royalties", help="what each licensee owes for a year")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--year", type=int, default=None, help="calendar year (default: latest in sales)")
    _add_format(p)
    p.set_defaults(func=_cmd_royalties)


def _cmd_royalties(args: argparse.Namespace) -> int:
    from poolcalc.io import read_pool

    pool = read_pool(args.pool)
    from poolcalc.io import write_royalties
    from poolcalc.royalties import royalties_owed

    report = royalties_owed(pool, year=args.year)
    sys.stdout.write(write_royalties(report, args.format))
    return 0


# --- allocate -----------------------------------------------------------------------------
def _setup_allocate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("allocate", help="what each member receives for a year")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--scheme", default=None, help="allocation scheme (default: the pool's)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE")
    _add_format(p)
    p.set_defaults(func=_cmd_allocate)


def _cmd_allocate(args: argparse.Namespace) -> int:
    from poolcalc.io import read_pool

    pool = read_pool(args.pool)
    from poolcalc.allocation import allocate, parse_options
    from poolcalc.io import write_distribution

    dist = allocate(pool, year=args.year, scheme=args.scheme, options=parse_options(args.option))
    sys.stdout.write(write_distribution(dist, args.format))
    return 0


# --- compare ------------------------------------------------------------------------------
def _setup_compare(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="allocation schemes side by side with metrics")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--schemes", default=None, help="comma-separated scheme names")
    p.add_argument("--option", action="append", default=[], metavar="SCHEME.KEY=VALUE")
    p.add_argument("--plot", default=None, metavar="FILE.png")
    _add_format(p)
    p.set_defaults(func=_cmd_compare)


def _cmd_compare(args: argparse.Namespace) -> int:
    from poolcalc.compare import DEFAULT_SCHEMES, compare, parse_scheme_options
    from poolcalc.compare._compare import _check_schemes

    schemes = _check_schemes(args.schemes) if args.schemes is not None else DEFAULT_SCHEMES
    options = parse_scheme_options(args.option, schemes)
    if args.plot is not None:
        from poolcalc.compare._plot import _check_path

        _check_path(args.plot)
    from poolcalc.io import read_tables, write_comparison

    pool = read_tables(args.pool)  # columnar: no Python object per patent or sales row
    cmp = compare(pool, schemes, options=options, year=args.year)
    sys.stdout.write(write_comparison(cmp, args.format))
    if args.plot is not None:
        from poolcalc.compare import plot_comparison

        try:
            plot_comparison(cmp, args.plot)
        except ImportError as exc:
            print(f"poolcalc compare: {exc}", file=sys.stderr)
            return 2
        print(f"plot written to {args.plot}", file=sys.stderr)
    return 0


# --- check --------------------------------------------------------------------------------
def _setup_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="flag abuse patterns in licence terms")
    p.add_argument("terms", metavar="TERMS.toml")
    p.add_argument("--pool", default=None, metavar="DIR")
    p.add_argument("--second-pool", default=None, metavar="DIR",
                   help="another pool offered to the same licensees (double charging)")
    p.add_argument("--jurisdiction", default="all", choices=["us", "eu", "cn", "jp", "all"])
    p.add_argument("--in-force-drop", type=float, default=0.25, metavar="FRACTION",
                   help="note an unchanged pool rate when the pooled patents in force fell by "
                        "more than this since the rate was set (default 0.25)")
    _add_format(p, ("table", "json"))
    p.set_defaults(func=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    from poolcalc.compliance import check
    from poolcalc.io import read_terms, write_check

    terms = read_terms(args.terms)
    pool = second = None
    if args.pool is not None or args.second_pool is not None:
        from poolcalc.io import read_pool

        pool = read_pool(args.pool) if args.pool is not None else None
        second = read_pool(args.second_pool) if args.second_pool is not None else None
    report = check(terms, pool, second_pool=second, jurisdiction=args.jurisdiction,
                   in_force_drop=args.in_force_drop)
    sys.stdout.write(write_check(report, args.format))
    return report.exit_code


# --- price --------------------------------------------------------------------------------
def _setup_price(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("price", help="real-options value of patents")
    p.set_defaults(func=_cmd_price)


def _cmd_price(args: argparse.Namespace) -> int:
    raise NotImplementedError("price: filled in by the pricing issue")


# ------------------------------------------------------------------------------------------
_SETUPS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _setup_demo,
    _setup_royalties,
    _setup_allocate,
    _setup_compare,
    _setup_check,
    _setup_price,
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="poolcalc", description="Patent-pool royalties, splits, valuation and compliance."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for setup in _SETUPS:
        setup(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 error finding, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except PoolcalcError as exc:
        print(f"poolcalc {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. `poolcalc demo | head`
        return 0

"""The command line's parser and commands: parse -> io -> library -> io.

:mod:`poolcalc.cli` loads this module on first use (``poolcalc --version`` does not).
Exit codes: 0 success, 1 when ``check`` finds an error-level finding, 2 on bad
input (one line on stderr naming file, line, field and value, or the flag; never a
traceback), 3 on an internal error (a bug: one line, ``--debug`` shows the traceback).
No computation lives here: each command reads its inputs through :mod:`poolcalc.io`,
calls the library and writes the result through :mod:`poolcalc.io`.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import NoReturn

from poolcalc._gc import gc_paused
from poolcalc._plot import check_path
from poolcalc._progress import cli_session
from poolcalc._version import __version__
from poolcalc.allocation import allocate, load_plugins, parse_options
from poolcalc.allocation import scheme_names as _scheme_names
from poolcalc.cli._common import add_format as _add_format
from poolcalc.cli._common import add_plugin as _add_plugin
from poolcalc.cli._ledger import setup as _setup_ledger
from poolcalc.cli._period import setup as _setup_period
from poolcalc.cli._sweep import setup as _setup_sweep
from poolcalc.cli._validate import setup as _setup_validate
from poolcalc.compare import (
    check_schemes,
    compare,
    default_schemes,
    parse_scheme_options,
    plot_comparison,
)
from poolcalc.compliance import check
from poolcalc.demo import run_demo
from poolcalc.documents import FORMATS as DOCUMENT_FORMATS
from poolcalc.documents import write_documents, write_period_documents
from poolcalc.errors import InvalidInputError, PoolcalcError, PoolcalcWarning
from poolcalc.io import (
    convert_pool,
    format_price,
    format_valuation,
    print_royalties,
    read_period_inputs,
    read_pool,
    read_terms,
    read_valuation_csv,
    value_csv_patents,
    write_check,
    write_comparison,
    write_distribution,
)
from poolcalc.periods import period
from poolcalc.pricing import binomial, black_scholes, greeks, monte_carlo
from poolcalc.royalties import royalties_owed

__all__ = ["main"]

# --- demo ---------------------------------------------------------------------------------
def _setup_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the bundled example pool end to end")
    p.set_defaults(func=_cmd_demo)


def _cmd_demo(args: argparse.Namespace) -> int:
    return run_demo(out=sys.stdout)


# --- royalties ----------------------------------------------------------------------------
def _setup_royalties(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("royalties", help="what each licensee owes for a year")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--year", type=int, default=None,
                   help="calendar year (default: latest in sales)")
    _add_format(p)
    p.set_defaults(func=_cmd_royalties)


def _cmd_royalties(args: argparse.Namespace) -> int:
    with gc_paused():  # acyclic records, freed before the collector resumes (poolcalc._gc)
        _print_royalties(args)
    return 0


def _print_royalties(args: argparse.Namespace) -> None:
    report = royalties_owed(read_pool(args.pool), year=args.year)
    print_royalties(report, args.format, sys.stdout)  # write_royalties's text, in parts


# --- allocate -----------------------------------------------------------------------------
def _setup_allocate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("allocate", help="what each member receives for a year")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--year", type=int, default=None)
    p.add_argument(
        "--scheme",
        default=None,
        help="allocation scheme (default: the pool's); built-in: " + ", ".join(_scheme_names()),
    )
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option of the scheme (see docs/allocation-schemes.md)",
    )
    _add_plugin(p)
    _add_format(p)
    p.set_defaults(func=_cmd_allocate)


def _cmd_allocate(args: argparse.Namespace) -> int:
    load_plugins(args.plugin)
    with gc_paused():  # acyclic records, freed before the collector resumes (poolcalc._gc)
        _print_allocation(args)
    return 0


def _print_allocation(args: argparse.Namespace) -> None:
    dist = allocate(read_pool(args.pool), year=args.year, scheme=args.scheme,
                    options=parse_options(args.option))
    sys.stdout.write(write_distribution(dist, args.format))


# --- compare ------------------------------------------------------------------------------
def _setup_compare(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="allocation schemes side by side with metrics")
    p.add_argument("pool", metavar="DIR", help="pool directory")
    p.add_argument("--year", type=int, default=None)
    p.add_argument(
        "--schemes",
        default=None,
        help="comma-separated scheme names (default: " + ",".join(default_schemes()) + ")",
    )
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="SCHEME.KEY=VALUE",
        help="an option of one compared scheme (see docs/allocation-schemes.md)",
    )
    p.add_argument("--plot", default=None, metavar="FILE",
                   help="also draw the comparison (.png, .svg, .pdf, ...: any format "
                        "matplotlib writes; needs pip install 'poolcalc[plot]')")
    _add_plugin(p)
    _add_format(p)
    p.set_defaults(func=_cmd_compare)


def _cmd_compare(args: argparse.Namespace) -> int:
    load_plugins(args.plugin)
    schemes = check_schemes(args.schemes)
    options = parse_scheme_options(args.option, schemes)
    if args.plot is not None:
        check_path(args.plot)
    pool = read_pool(args.pool)
    cmp = compare(pool, schemes, options=options, year=args.year)
    sys.stdout.write(write_comparison(cmp, args.format))
    if args.plot is not None:
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
    p.add_argument("--jurisdiction", default="all", choices=["us", "eu", "uk", "cn", "jp", "all"])
    p.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                   help="apply the law in force on this date (default: today); a licence in "
                        "force on 30 Apr 2026 that complied with the EU/UK 2014 rules is judged "
                        "under them until 30 Apr 2027")
    p.add_argument("--in-force-drop", type=float, default=0.25, metavar="FRACTION",
                   help="note an unchanged pool rate when the pooled patents in force fell by "
                        "more than this since the rate was set (default 0.25)")
    _add_format(p, ("table", "json"))
    p.set_defaults(func=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    terms = read_terms(args.terms)
    pool = second = None
    if args.pool is not None or args.second_pool is not None:
        pool = read_pool(args.pool) if args.pool is not None else None
        second = read_pool(args.second_pool) if args.second_pool is not None else None
    report = check(terms, pool, second_pool=second, jurisdiction=args.jurisdiction,
                   in_force_drop=args.in_force_drop, as_of=args.as_of)
    sys.stdout.write(write_check(report, args.format))
    return report.exit_code


# --- price --------------------------------------------------------------------------------
def _setup_price(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "price",
        help="real-options value of patents",
        description="Price one option from flags, or value every patent of a CSV file "
        "(columns patent, value, cost, life, volatility, rate[, leakage, window]).",
    )
    p.add_argument("--patents", metavar="FILE.csv", default=None,
                   help="value one patent per row instead of one set of numbers")
    p.add_argument("--spot", type=float, default=None, help="S: underlying value")
    p.add_argument("--strike", type=float, default=None, help="K: exercise cost")
    p.add_argument("--maturity", type=float, default=None, help="T in years")
    p.add_argument("--rate", type=float, default=None, help="risk-free rate r (e.g. 0.05)")
    p.add_argument("--volatility", type=float, default=None, help="sigma (e.g. 0.35)")
    p.add_argument("--dividend", type=float, default=0.0, help="leakage / dividend yield delta")
    p.add_argument("--kind", choices=["call", "put"], default="call")
    p.add_argument("--american", action="store_true", help="allow early exercise")
    p.add_argument("--method", choices=["bs", "binomial", "mc"], default=None,
                   help="bs (European only), binomial (default with --american) or mc")
    p.add_argument("--lattice", choices=["crr", "lr", "bbsr"], default="crr",
                   help="binomial variant (default crr)")
    p.add_argument("--steps", type=int, default=None, help="binomial time steps")
    p.add_argument("--paths", type=int, default=100_000, help="Monte Carlo paths")
    p.add_argument("--exercise-dates", type=float, default=50.0,
                   help="Monte Carlo exercise dates per year for --american")
    p.add_argument("--seed", type=int, default=None, help="Monte Carlo random seed")
    _add_format(p)
    p.set_defaults(func=_cmd_price)


def _cmd_price(args: argparse.Namespace) -> int:
    numbers = ("spot", "strike", "maturity", "rate", "volatility")
    if args.patents is not None:
        given = [f"--{n}" for n in numbers if getattr(args, n) is not None]
        if given or args.method is not None:
            raise InvalidInputError(
                f"--patents cannot be combined with {', '.join(given) or '--method'}"
            )
        inputs = read_valuation_csv(args.patents)
        val = value_csv_patents(inputs, american=args.american, steps=args.steps,
                                method=args.lattice)
        sys.stdout.write(format_valuation(val, args.format))
        return 0
    missing = [f"--{n}" for n in numbers if getattr(args, n) is None]
    if missing:
        raise InvalidInputError(f"missing {', '.join(missing)} (or give --patents FILE.csv)")
    method = args.method or ("binomial" if args.american else "bs")
    if method == "bs" and args.american:
        raise InvalidInputError(
            "--method bs values European options only; use --method binomial or mc with --american"
        )
    inp = {n: getattr(args, n) for n in numbers}
    inp["dividend"] = args.dividend
    stderr = None
    sens = None
    if method == "bs":
        price = black_scholes(**inp, kind=args.kind)
        sens = greeks(**inp, kind=args.kind).to_dict()
    elif method == "binomial":
        price = binomial(**inp, kind=args.kind, american=args.american, steps=args.steps,
                         method=args.lattice)
    else:
        res = monte_carlo(**inp, kind=args.kind, american=args.american, paths=args.paths,
                          exercise_dates=args.exercise_dates, rng=args.seed)
        price, stderr = res.price, res.stderr
    result = {"method": method, "kind": args.kind, "american": bool(args.american),
              "inputs": inp, "price": price, "stderr": stderr, "greeks": sens}
    if method == "binomial":
        result["lattice"] = args.lattice
    sys.stdout.write(format_price(result, args.format))
    return 0


# --- statements (documents to send) -------------------------------------------------------
def _setup_statements(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "statements", help="invoices, licensor statements and the reconciliation as files",
        description="Write one invoice per licensee, one statement per licensor and the "
        "administrator's reconciliation for a year, or with --period a reporting "
        "period's invoices, debit and credit notes and licensor statements (docs/documents.md).")
    p.add_argument("pool", metavar="DIR", help="pool directory or .xlsx workbook")
    p.add_argument("--year", type=int, default=None, help="calendar year (default: latest)")
    p.add_argument("--period", default=None, metavar="P",
                   help="reporting period such as 2024Q3: its invoices, debit and credit notes and "
                        "the statements of the cash distributed (with payments.csv, ...)")
    p.add_argument("--out", required=True, metavar="DIR", help="directory to write into")
    p.add_argument("--format", choices=list(DOCUMENT_FORMATS), default="html")
    p.add_argument("--scheme", default=None, help="allocation scheme (default: the pool's)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="an option of the scheme")
    _add_plugin(p)
    p.set_defaults(func=_cmd_statements)


def _cmd_statements(args: argparse.Namespace) -> int:
    if args.period is not None:
        given = [f for f, v in (("--year", args.year), ("--scheme", args.scheme),
                                ("--option", args.option)) if v]
        if given:
            raise InvalidInputError(
                f"--period {args.period} cannot be combined with {', '.join(given)}: the "
                "period names its year and splits cash by the paid invoices' own periods")
    load_plugins(args.plugin)
    pool = read_pool(args.pool)
    if args.period is not None:
        result = period(pool, args.period, read_period_inputs(args.pool, pool), by_country=True)
        written = write_period_documents(result, pool, args.out, fmt=args.format)
    else:
        written = write_documents(pool, args.out, year=args.year, fmt=args.format,
                                  scheme=args.scheme, options=parse_options(args.option))
    kinds = [f.name.split("-", 1)[0] for f in written]
    if args.period is not None:  # invoices, then debit and credit notes, by their kind
        notes = [i.kind for i in result.invoices if i.owed_cents != 0]
        rest = ", ".join(f"{notes.count(k)} {w}{'' if notes.count(k) == 1 else 's'}"
                         for k, w in (("invoice", "invoice"), ("debit_note", "debit note"),
                                      ("credit_note", "credit note")))
    else:
        rest = f"{kinds.count('invoice')} invoices"
    rec = "" if args.period is not None else \
        f", {kinds.count('reconciliation')} reconciliation"
    print(f"wrote {len(written)} {args.format} files to {args.out}: "
          f"{rest}, {kinds.count('statement')} statements{rec}")
    return 0


# --- convert ------------------------------------------------------------------------------
def _setup_convert(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("convert", help="pool directory <-> .xlsx workbook",
                       description="Convert a pool directory to an Excel workbook (DST ending "
                       "in .xlsx) or a workbook to a directory; the pool is validated on the way.")
    p.add_argument("source", metavar="SRC", help="pool directory or .xlsx workbook")
    p.add_argument("target", metavar="DST", help="pool directory or .xlsx workbook")
    p.add_argument("--overwrite", action="store_true", help="replace existing files")
    p.set_defaults(func=_cmd_convert)


def _cmd_convert(args: argparse.Namespace) -> int:
    out = convert_pool(args.source, args.target, overwrite=args.overwrite)
    print(f"wrote {out}")
    return 0


# ------------------------------------------------------------------------------------------
_SETUPS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _setup_demo,
    _setup_royalties,
    _setup_allocate,
    _setup_compare,
    _setup_check,
    _setup_price,
    _setup_statements,
    _setup_convert,
    _setup_period,
    _setup_sweep,
    _setup_validate,
    _setup_ledger,
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other error (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command."""
    parser = _Parser(
        prog="poolcalc", description="Patent-pool royalties, splits, valuation and compliance."
    )
    parser.add_argument("--version", action="version", version=f"poolcalc {__version__}")
    _add_comfort(parser, 0, False)
    sub = parser.add_subparsers(dest="command", required=True)
    for setup in _SETUPS:
        setup(sub)
    for p in sub.choices.values():  # also after the command: poolcalc royalties DIR -v
        _add_comfort(p, argparse.SUPPRESS, argparse.SUPPRESS)
    return parser


def _add_comfort(p: argparse.ArgumentParser, verbose: object, quiet: object) -> None:
    p.add_argument("-v", "--verbose", action="count", default=verbose,
                   help="log what is read and computed on stderr (-vv: more detail)")
    p.add_argument("-q", "--quiet", action="store_true", default=quiet,
                   help="no progress bar (it is shown on a terminal for runs over a second)")
    p.add_argument("--debug", action="store_true", default=quiet,
                   help="show the traceback of an internal error (a bug: please report it)")


def _one_line_warnings(command: str) -> Callable[..., None]:
    """Show each distinct warning once, as one line (they are notes in the output too)."""
    seen: set[str] = set()

    def show(message: Warning | str, *_args: object, **_kwargs: object) -> None:
        text = str(message)
        if text not in seen:
            seen.add(text)
            print(f"poolcalc {command}: warning: {text}", file=sys.stderr)

    return show


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run one command: :func:`poolcalc.cli.main` after ``--version``.

    Parameters and exit codes are those of :func:`poolcalc.cli.main`, which imports
    this module on first use.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    with cli_session(args.command, verbose=args.verbose, quiet=args.quiet), \
            warnings.catch_warnings():
        warnings.simplefilter("always", PoolcalcWarning)
        warnings.showwarning = _one_line_warnings(args.command)
        try:
            return int(args.func(args))
        except PoolcalcError as exc:
            print(f"poolcalc {args.command}: {exc}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # pragma: no cover - e.g. `poolcalc demo | head`
            return 0
        except Exception as exc:  # a bug: one line, the traceback with --debug
            if args.debug:
                raise
            text = " ".join(str(exc).split()) or "(no message)"
            print(f"poolcalc {args.command}: internal error: {type(exc).__name__}: {text} "
                  "(run with --debug for the traceback)", file=sys.stderr)
            return 3

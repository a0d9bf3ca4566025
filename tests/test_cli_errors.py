"""CLI error channel (issue 10): bad flags are one line (exit 2), internal errors one
line plus a hint (exit 3, ``--debug`` shows the traceback), and public functions check
their arguments at the boundary (InvalidInputError, never a TypeError from inside)."""

from __future__ import annotations

import shutil

import pytest

import poolcalc
import poolcalc.cli._main as cli  # the parser and commands (patched below)
from poolcalc.cli import main
from poolcalc.data import example_pool_path, example_terms
from poolcalc.errors import InvalidInputError

POOL = str(example_pool_path())


@pytest.mark.parametrize(
    ("argv", "msg"),
    [
        (["royalties", POOL, "--year", "abc"],
         "poolcalc royalties: argument --year: invalid int value: 'abc' "
         "(see poolcalc royalties --help)"),
        (["royalties", POOL, "--format", "xml"],
         "poolcalc royalties: argument --format: invalid choice: 'xml' (choose from 'table', "
         "'json', 'csv') (see poolcalc royalties --help)"),
        (["price", "--seed", "x"],
         "poolcalc price: argument --seed: invalid int value: 'x' (see poolcalc price --help)"),
        (["frobnicate"], None),
        ([], "poolcalc: the following arguments are required: command (see poolcalc --help)"),
    ],
)
def test_bad_flag_value_is_one_line_exit_2(capsys, argv, msg):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "usage:" not in err
    if msg is not None:
        assert err == msg + "\n"


def _boom(args):
    raise ZeroDivisionError("division by zero\nsecond line")


def test_internal_error_is_one_line_exit_3(monkeypatch, capsys):
    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: _rebind(parser, "royalties", _boom))
    assert main(["royalties", POOL]) == 3
    err = capsys.readouterr().err
    assert err == ("poolcalc royalties: internal error: ZeroDivisionError: division by zero "
                   "second line (run with --debug for the traceback)\n")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(monkeypatch, where):
    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: _rebind(parser, "royalties", _boom))
    argv = ["--debug", "royalties", POOL] if where == "before" else ["royalties", POOL, "--debug"]
    with pytest.raises(ZeroDivisionError):
        main(argv)


def _rebind(parser, command, func):
    sub = next(a for a in parser._actions if a.dest == "command")
    sub.choices[command].set_defaults(func=func)
    return parser


def test_library_errors_stay_exit_2(capsys):
    assert main(["royalties", "/nonexistent/pool"]) == 2
    assert capsys.readouterr().err.startswith("poolcalc royalties: pool directory")


# -- tracebacks named in the issue -----------------------------------------------------
def test_sale_dated_9999_12_31_is_no_traceback(tmp_path, capsys):
    d = tmp_path / "p"
    shutil.copytree(example_pool_path(), d)
    with (d / "sales.csv").open("a") as f:
        f.write("L002,9999-12-31,decoder_device,KR,MX,5,181.79\n")
    for cmd in ("allocate", "compare"):
        # the year 9999 has a sale but none royalty-bearing (every patent expired)
        assert main([cmd, str(d)]) == 2
        assert "nothing collected in 9999" in capsys.readouterr().err
    assert main(["allocate", str(d), "--year", "2024", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["royalties", str(d), "--year", "10000"]) == 2
    assert "year must be a calendar year in 1..9999, got 10000" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("call", "msg"),
    [
        (lambda: poolcalc.check_terms(None, None),
         "check: terms must be a LicenseTerms (from poolcalc.read_terms), got NoneType"),
        (lambda: poolcalc.check_terms(example_terms("clean"), "pool-dir"),
         "check: pool"),
        (lambda: poolcalc.check_terms(example_terms("clean"), tolerance="x"),
         "check: tolerance must be a number, got 'x'"),
        (lambda: poolcalc.check_terms(example_terms("clean"), in_force_drop=None),
         "check: in_force_drop must be a number, got None"),
        (lambda: poolcalc.check_terms(example_terms("clean"), rules=3),
         "check: rules must be a list of rule ids, got 3"),
        (lambda: poolcalc.read_pool(None),
         "pool path must be a path to a pool directory, got None"),
        (lambda: poolcalc.read_terms(None),
         "read_terms: path must be a path to a TOML file, got None"),
        (lambda: poolcalc.allocate(poolcalc.load_example(), options="x"),
         "allocate: options must be a mapping (a dict), got 'x'"),
        (lambda: poolcalc.allocate(poolcalc.load_example(), scheme=3),
         "allocate: scheme must be a scheme name, got 3"),
        (lambda: poolcalc.royalties_owed(poolcalc.load_example(), schedule="x"),
         "royalties_owed: schedule must be a Schedule or a mapping of first year to Schedule, "
         "got str"),
        (lambda: poolcalc.royalties_owed(poolcalc.load_example(), schedule={"a": None}),
         "schedules: first year must be an integer, got 'a'"),
        (lambda: poolcalc.compare_schemes(poolcalc.load_example(), exact_limit=None),
         "compare: exact_limit must be an integer, got None"),
        (lambda: poolcalc.compare_schemes(poolcalc.load_example(), n_samples=1.5),
         "compare: n_samples must be an integer, got 1.5"),
        (lambda: poolcalc.compare_schemes(poolcalc.load_example(), rng="seed"),
         "compare: rng must be a numpy.random.Generator, a seed (an integer >= 0) or None, "
         "got 'seed'"),
        (lambda: poolcalc.compare_schemes(poolcalc.load_example(), schemes=3),
         "schemes must be scheme names (a list or a comma-separated string), got 3"),
        (lambda: poolcalc.compare_schemes(poolcalc.load_example(), year="x"),
         "year must be an integer, got 'x'"),
        (lambda: poolcalc.pricing.monte_carlo(100, 100, 1, 0.05, 0.3, paths=10, rng="seed"),
         "rng must be a numpy.random.Generator, a seed (an integer >= 0) or None, got 'seed'"),
        (lambda: poolcalc.royalties.royalties_by_country(None, None),
         "royalties_by_country: report must be a RoyaltyReport (from royalties_owed), got "
         "NoneType"),
        (lambda: poolcalc.allocation.member_shares(None),
         "member_shares: distributions must be a list of Distribution"),
        (lambda: poolcalc.allocation.member_shares(["x"]),
         "member_shares: each distribution must be a Distribution (from allocate), got str"),
        (lambda: poolcalc.compare.plot_amounts("x"),
         "plot_amounts: cmp must be a Comparison (from poolcalc.compare_schemes), got str"),
        (lambda: poolcalc.pricing.value_surface("x", [1, 2], 100, 0.05, 0.2),
         "spot must be a 1-D grid of at least 2 finite numbers, got 'x'"),
    ],
)
def test_public_functions_check_their_arguments(call, msg):
    with pytest.raises(InvalidInputError) as exc:
        call()
    assert msg in str(exc.value)


def test_every_top_level_function_refuses_junk_with_invalid_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a function given "x" as a path must not write into the checkout
    """Each function of ``poolcalc.__all__`` given None/str/int/object for every required
    argument raises InvalidInputError (or succeeds), never another exception."""
    import inspect

    checked = 0
    for name in poolcalc.__all__:
        obj = getattr(poolcalc, name)
        if not inspect.isfunction(obj):
            continue
        req = [p for p in inspect.signature(obj).parameters.values()
               if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
        if not req:
            continue
        for junk in (None, "x", -1, 1.5, object()):
            try:
                obj(*[junk] * len(req))
            except InvalidInputError:
                checked += 1
    assert checked >= 40


def test_price_seed_minus_one_and_latin1_csv(tmp_path, capsys):
    assert main(["price", "--spot", "100", "--strike", "100", "--maturity", "1", "--rate",
                 "0.05", "--volatility", "0.3", "--method", "mc", "--seed", "-1"]) == 2
    assert "a seed (an integer >= 0)" in capsys.readouterr().err
    f = tmp_path / "lat.csv"
    f.write_bytes(b"patent,value,cost,life,volatility,rate\nP\xe91,100,80,5,0.3,0.05\n")
    assert main(["price", "--patents", str(f)]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err


_SUBPACKAGES = ("alliance", "allocation", "compare", "compliance", "data", "documents", "games",
                "io", "ledger", "model", "periods", "pricing", "royalties", "sweep", "tables")



def _junk_offenders() -> tuple[dict[str, str], int]:
    """Call every function and class of each subpackage's ``__all__`` with junk
    (None, "x", -1, 1.5, object()) for every required argument, positional and
    keyword-only; return the names ending in another exception than InvalidInputError."""
    import importlib
    import inspect
    import warnings

    bad: dict[str, str] = {}
    refused = 0
    for sub in _SUBPACKAGES:
        mod = importlib.import_module(f"poolcalc.{sub}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            try:
                params = inspect.signature(obj).parameters.values()
            except (TypeError, ValueError):
                continue
            pos = [p for p in params if p.default is p.empty
                   and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            kw = [p.name for p in params if p.default is p.empty and p.kind is p.KEYWORD_ONLY]
            if not pos and not kw:
                continue
            for junk in (None, "x", -1, 1.5, object()):
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        obj(*[junk] * len(pos), **dict.fromkeys(kw, junk))
                except InvalidInputError:
                    refused += 1
                except Exception as exc:  # noqa: BLE001 - the probe records any other
                    bad.setdefault(f"{sub}.{name}", f"{junk!r:.20}: {type(exc).__name__}: {exc}")
    return bad, refused


def test_every_subpackage_function_refuses_junk_with_invalid_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a function given "x" as a path must not write into the checkout
    """Every public function of the subpackages (tables, documents, royalties, ledger...)
    refuses junk with InvalidInputError or succeeds (no known gaps left)."""
    bad, refused = _junk_offenders()
    assert not bad, "\n".join(f"{k}: {v}" for k, v in sorted(bad.items()))
    assert refused >= 1100


@pytest.mark.parametrize(
    ("call", "msg"),
    [
        (lambda: poolcalc.royalties.Invoice("L1", "E1", None, 0, 0, {}),
         "Invoice: units must be an integer, got None"),
        (lambda: poolcalc.royalties.Invoice("L1", "E1", 3, True, 0, {}),
         "Invoice: royalty_bearing_units must be an integer, got True"),
        (lambda: poolcalc.allocation.Netting("M", None, 0, 0),
         "Netting: licensees must be a sequence, got None"),
        (lambda: poolcalc.allocation.Netting("M", "L1", 0, 0),
         "Netting: licensees must be a sequence, got 'L1'"),
        (lambda: poolcalc.allocation.Option("unit", "x", None),
         "Option: type must be one of 'str', 'float', 'bool', got 'x'"),
        (lambda: poolcalc.model.PatentStatus("granted"),
         "PatentStatus must be one of 'essential', 'declared', 'non_essential', 'invalid', "
         "got 'granted'"),
        (lambda: poolcalc.io.render_json({"a": object()}),
         "render_json: obj must be JSON-ready data, Object of type object is not JSON"),
        (lambda: poolcalc.io.format_money(1.5),
         "format_money: cents must be an integer, got 1.5"),
        (lambda: poolcalc.io.format_money(100, 19),
         "format_money: minor_units must be an integer in 0..18, got 19"),
        (lambda: poolcalc.allocation.pool_game_carriers([1, 2], "x"),
         "pool_game_carriers: cents must be an array, got 'x'"),
        (lambda: poolcalc.allocation.rank_weights(3, "linear-ish"),
         "decay must be one of geometric, linear"),
        (lambda: poolcalc.sweep.ParquetStore(None),
         "ParquetStore: out must be a path, got None"),
        (lambda: poolcalc.tables.SalesTable(*[None] * 12),
         "SalesTable: licensees must be a sequence, got None"),
    ],
)
def test_constructors_and_helpers_name_the_argument(call, msg):
    """The annotation-driven checks (``poolcalc._args.checked_fields`` / ``checked_args``)
    name the class or function, the argument and the value."""
    with pytest.raises(InvalidInputError) as exc:
        call()
    assert msg in str(exc.value)


def test_array_fields_are_checked_without_a_per_row_pass():
    """A columnar table's array fields are checked for their type only (O(1)), so a
    valid table of 10**6 rows is built in well under the time of one pass per row."""
    import time

    import numpy as np

    from poolcalc.tables import SalesTable

    n = 10**6
    z = np.zeros(n, np.int32)
    args = (("L",), z, ("E",), z, z, ("p",), z, z.astype(np.int16), z.astype(np.int16),
            np.ones(n, np.int64), np.full(n, np.nan), np.arange(2, n + 2, dtype=np.int64))
    t0 = time.process_time()
    table = SalesTable(*args)
    assert len(table) == n
    assert time.process_time() - t0 < 0.5  # a Python pass over 10**6 rows takes longer

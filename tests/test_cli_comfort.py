"""Command-line comfort: --version, -v/-vv logging, the progress bar (TTY only, --quiet)."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import poolcalc
import poolcalc._progress as progress
from poolcalc.cli import main

ROOT = Path(__file__).resolve().parents[1]
POOL = str(ROOT / "poolcalc" / "data" / "example_pool")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(argv, monkeypatch, stderr):
    monkeypatch.setattr(sys, "stderr", stderr)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    rc = main(argv)
    return rc, out.getvalue(), stderr.getvalue()


def test_version_is_the_package_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"poolcalc {poolcalc.__version__}\n"
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    # one place for the version: pyproject reads it from poolcalc/_version.py
    assert meta["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "poolcalc._version.__version__"}
    assert "version" in meta["project"]["dynamic"]


def test_verbose_logs_on_stderr_and_stdout_is_unchanged(monkeypatch):
    rc, out, err = _run(["royalties", POOL, "--format", "json", "-v"], monkeypatch,
                        io.StringIO())
    assert rc == 0
    # 9,870 sales rows, 3,496 patents (README: the bundled pool)
    assert "poolcalc.io._pool_dir: read pool" in err and "9870 sales rows" in err
    assert "3496 patents" in err and "100 invoices" in err and " s)" in err
    assert "pool.toml:" not in err  # per-file lines are DEBUG (-vv)
    _, out_quiet, err_quiet = _run(["royalties", POOL, "--format", "json"], monkeypatch,
                                   io.StringIO())
    assert out_quiet == out and err_quiet == ""


def test_vv_logs_every_file_read(monkeypatch):
    rc, _, err = _run(["-vv", "allocate", POOL], monkeypatch, io.StringIO())
    assert rc == 0
    for name in ("pool.toml", "patents.csv", "licensees.csv", "sales.csv"):
        assert f"{name}: " in err and "characters" in err
    assert "poolcalc.allocation._driver: allocate (the pool scheme)" in err


def test_bar_appears_after_a_second_and_is_removed():
    bar = progress.make_bar("poolcalc royalties", FakeTTY())
    assert bar.delay == progress.DELAY == 1.0 and bar.leave is False and bar.total is None
    bar.close()


def test_progress_bar_on_a_terminal_only(monkeypatch):
    from tqdm import tqdm

    # show it at once and redraw on every step (normally: after 1 s, at most 10 draws/s)
    monkeypatch.setattr(progress, "make_bar", lambda desc, stream: tqdm(
        desc=desc, total=None, unit="step", file=stream, delay=0, mininterval=0, leave=False))
    rc, out, err = _run(["compare", POOL, "--schemes", "equal,patent-count"], monkeypatch,
                        FakeTTY())
    assert rc == 0 and out
    assert "poolcalc compare:" in err and "step" in err
    assert "read pool" in err and "allocate (patent-count)" in err  # the steps are shown
    # not a terminal (pipe, file, CI): nothing
    _, out2, err2 = _run(["compare", POOL, "--schemes", "equal,patent-count"], monkeypatch,
                         io.StringIO())
    assert _no_warnings(err2) == "" and out2 == out
    # --quiet: nothing (but the pool's one-line warnings), before or after the command
    for argv in (["--quiet", "compare", POOL, "--schemes", "equal"],
                 ["compare", POOL, "--schemes", "equal", "-q"]):
        assert _no_warnings(_run(argv, monkeypatch, FakeTTY())[2]) == ""


def _no_warnings(err):
    """Stderr without the PoolcalcWarning lines (the example pool has a member M25 with
    no patent in force: ``poolcalc compare: warning: ...``), which are not progress."""
    return "".join(line for line in err.splitlines(keepends=True) if ": warning: " not in line)


def test_no_tqdm_no_bar(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setitem(sys.modules, "tqdm", None)
    rc, _, err = _run(["royalties", POOL], monkeypatch, FakeTTY())
    assert rc == 0 and err == ""


def test_session_restores_logging(monkeypatch):
    logger = logging.getLogger("poolcalc")
    before = (logger.level, list(logger.handlers))
    _run(["-v", "royalties", POOL], monkeypatch, io.StringIO())
    _run(["royalties", POOL], monkeypatch, FakeTTY())
    assert (logger.level, list(logger.handlers)) == before


def test_bad_input_still_one_line_with_verbose(monkeypatch, tmp_path):
    rc, _, err = _run(["-v", "royalties", str(tmp_path / "missing")], monkeypatch,
                      io.StringIO())
    assert rc == 2 and err.count("\n") == 1 and err.startswith("poolcalc royalties: ")


def test_console_script_version():
    proc = subprocess.run([sys.executable, "-m", "poolcalc", "--version"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == f"poolcalc {poolcalc.__version__}"

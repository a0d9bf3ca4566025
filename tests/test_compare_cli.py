"""poolcalc compare: argument errors exit 2 with one line on stderr."""

from __future__ import annotations

import pytest

from poolcalc.cli import main
from poolcalc.compare import parse_scheme_options
from poolcalc.errors import InvalidInputError


def test_unknown_scheme_exits_2(tmp_path, capsys):
    assert main(["compare", str(tmp_path), "--schemes", "equal,bogus"]) == 2
    err = capsys.readouterr().err
    assert "unknown scheme 'bogus'" in err and "per-country-count" in err
    assert err.count("\n") == 1


def test_option_for_scheme_not_compared_exits_2(tmp_path, capsys):
    assert (
        main(["compare", str(tmp_path), "--schemes", "equal", "--option", "disclosure-order.q=0.7"])
        == 2
    )
    assert "is not compared" in capsys.readouterr().err


def test_malformed_option_exits_2(tmp_path, capsys):
    assert main(["compare", str(tmp_path), "--schemes", "equal", "--option", "q=0.7"]) == 2
    assert "scheme.key=value" in capsys.readouterr().err


def test_plot_file_must_be_png_exits_2(tmp_path, capsys):
    assert (
        main(["compare", str(tmp_path), "--schemes", "equal", "--plot", str(tmp_path / "x.svg")])
        == 2
    )
    assert ".png" in capsys.readouterr().err


def test_parse_scheme_options():
    opts = parse_scheme_options(
        ["disclosure-order.q=0.7", "disclosure-order.decay=linear", "top-down.aggregate_rate=0.1"]
    )
    assert opts["disclosure-order"]["q"] == pytest.approx(0.7)
    assert opts["disclosure-order"]["decay"] == "linear"
    assert opts["top-down"]["aggregate_rate"] == pytest.approx(0.1)
    with pytest.raises(InvalidInputError, match="scheme.key=value"):
        parse_scheme_options(["disclosure-order"])

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


def test_plot_file_must_be_a_matplotlib_format_exits_2(tmp_path, capsys):
    # checked before the pool is read (tmp_path is no pool): the message is about the plot
    assert (
        main(["compare", str(tmp_path), "--schemes", "equal", "--plot", str(tmp_path / "x.txt")])
        == 2
    )
    err = capsys.readouterr().err
    assert "format matplotlib writes" in err and ".svg" in err and "x.txt" in err


def test_compare_example_pool_plot_svg(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    svg = tmp_path / "cmp.svg"
    rc = main(["compare", str(EXAMPLE_POOL), "--schemes", "patent-count,equal", "--plot", str(svg)])
    assert rc == 0
    assert svg.read_text(encoding="utf-8").startswith("<?xml") and "<svg" in svg.read_text()


def test_parse_scheme_options():
    opts = parse_scheme_options(
        ["disclosure-order.q=0.7", "disclosure-order.decay=linear", "top-down.rate=0.1"]
    )
    assert opts["disclosure-order"]["q"] == pytest.approx(0.7)
    assert opts["disclosure-order"]["decay"] == "linear"
    assert opts["top-down"]["rate"] == pytest.approx(0.1)
    with pytest.raises(InvalidInputError, match="scheme.key=value"):
        parse_scheme_options(["disclosure-order"])


EXAMPLE_POOL = (
    __import__("pathlib").Path(__file__).resolve().parents[1] / "poolcalc" / "data" / "example_pool"
)


def test_compare_example_pool_json(capsys):
    import json

    rc = main(
        [
            "compare",
            str(EXAMPLE_POOL),
            "--schemes",
            "per-country-count,equal,shapley",
            "--format",
            "json",
        ]
    )
    assert rc == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schemes"] == ["per-country-count", "equal", "shapley"]
    from poolcalc.io import parse_money

    for s in doc["schemes"]:
        # every scheme distributes the same total, to the cent
        total = sum(parse_money(v) for v in doc["amounts"][s].values())
        assert total + parse_money(doc["administrator_fee"][s]) == parse_money(doc["collected"][s])
        assert set(doc["metrics"][s]) >= {"gini", "hhi", "l1_to_shapley", "core_blocking"}
    assert doc["metrics"]["shapley"]["l1_to_shapley"] == pytest.approx(0.0, abs=1e-6)  # cents
    assert doc["metrics"]["shapley"]["core_sampled"] is True  # 25 members > 20


def test_compare_example_pool_plot(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    png = tmp_path / "cmp.png"
    rc = main(
        [
            "compare",
            str(EXAMPLE_POOL),
            "--schemes",
            "patent-count,disclosure-order",
            "--option",
            "disclosure-order.q=0.9",
            "--plot",
            str(png),
            "--format",
            "csv",
        ]
    )
    assert rc == 0
    assert png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 10_000
    assert capsys.readouterr().out.startswith("scheme,kind,key,value")

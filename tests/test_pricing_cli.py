import csv
import io
import json

import pytest

from poolcalc.cli import main
from poolcalc.data import load_example
from poolcalc.errors import InvalidInputError
from poolcalc.io import (
    format_valuation,
    read_pool,
    read_valuation_csv,
    value_csv_patents,
    write_pool,
)

CSV = """patent,owner,value,cost,life,volatility,rate,leakage,window
US1,M01,100,80,10,0.35,0.05,0.10,
US2,M02,50,60,4,0.40,0.03,,2
"""


@pytest.fixture
def patents(tmp_path):
    p = tmp_path / "val.csv"
    p.write_text(CSV, encoding="utf-8")
    return p


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_read_defaults(patents):
    inp = read_valuation_csv(patents)
    assert inp.patent == ("US1", "US2")
    assert list(inp.leakage) == [0.10, 0.25]  # empty leakage -> 1 / life
    assert list(inp.window) == [10.0, 2.0]  # empty window -> life


def test_price_patents_json(patents, capsys):
    code, out, err = run(
        capsys,
        "price",
        "--patents",
        str(patents),
        "--american",
        "--steps",
        "1000",
        "--format",
        "json",
    )
    assert code == 0 and err == ""
    doc = json.loads(out)
    us1 = doc["patents"][0]
    assert us1["patent"] == "US1"
    assert us1["european"] == pytest.approx(12.547, abs=5e-4)
    assert us1["american"] == pytest.approx(28.018, abs=5e-4)
    assert doc["patents"][1]["leakage"] == 0.25


def test_price_patents_table_and_csv(patents, capsys):
    code, out, _ = run(capsys, "price", "--patents", str(patents))
    assert code == 0 and "US1" in out and "12.5473" in out and "american" not in out
    code, out, _ = run(capsys, "price", "--patents", str(patents), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["patent"] for r in rows] == ["US1", "US2"]
    assert float(rows[0]["european"]) == pytest.approx(12.547, abs=5e-4)


def test_price_one_set_of_numbers(capsys):
    base = [
        "price",
        "--spot",
        "42",
        "--strike",
        "40",
        "--maturity",
        "0.5",
        "--rate",
        "0.1",
        "--volatility",
        "0.2",
    ]
    code, out, _ = run(capsys, *base, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and round(doc["price"], 2) == 4.76 and doc["method"] == "bs"
    assert doc["greeks"]["delta"] == pytest.approx(0.7791, abs=1e-4)
    code, out, _ = run(capsys, *base, "--kind", "put", "--american", "--format", "json")
    doc = json.loads(out)
    assert doc["method"] == "binomial" and round(doc["price"], 2) == 0.91
    code, out, _ = run(
        capsys, *base, "--method", "mc", "--paths", "20000", "--seed", "3", "--format", "csv"
    )
    row = next(csv.DictReader(io.StringIO(out)))
    assert abs(float(row["price"]) - 4.7594) < 3 * float(row["stderr"])
    code, out, _ = run(capsys, *base)
    assert "price" in out and "4.759422" in out


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (
            "patent,value,cost,life,volatility,rate\nUS1,100,80,10,-0.3,0.05\n",
            r"val\.csv:2: volatility must be > 0, got '-0\.3'",
        ),
        (
            "patent,value,cost,life,volatility,rate\nUS1,100,80,10,0.3,0.05\nUS2,abc,80,10,0.3,0.05\n",
            r"val\.csv:3: value must be a number, got 'abc'",
        ),
        (
            "patent,value,cost,life,volatility\nUS1,100,80,10,0.3\n",
            r"val\.csv:1: missing column\(s\) rate",
        ),
        ("patent,value,cost,life,volatility,rate\n", r"no patent rows"),
        ("", r"empty file"),
        (
            "patent,value,cost,life,volatility,rate,window\nUS1,100,80,10,0.3,0.05,12\n",
            r"val\.csv:2: window must not exceed life 10\.0, got '12'",
        ),
        (
            "patent,value,cost,life,volatility,rate\nUS1,100,80,10,0.3,0.05\nUS1,1,1,1,1,0\n",
            r"val\.csv:3: patent duplicates line 2, got 'US1'",
        ),
        (
            "patent,value,cost,life,volatility,rate\nUS1,100,80,10,0.3\n",
            r"val\.csv:2: expected 6 fields, got 5",
        ),
        (
            "patent,value,cost,life,volatility,rate\nUS1,100,80,10,0.3,nan\n",
            r"val\.csv:2: rate must be finite",
        ),
    ],
)
def test_bad_csv(tmp_path, capsys, content, pattern):
    p = tmp_path / "val.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=pattern):
        read_valuation_csv(p)
    code, out, err = run(capsys, "price", "--patents", str(p))
    assert code == 2 and out == ""
    assert err.startswith("poolcalc price: ") and err.count("\n") == 1


def test_cli_bad_combinations(patents, capsys):
    code, _, err = run(capsys, "price", "--patents", str(patents), "--spot", "1")
    assert code == 2 and "cannot be combined with --spot" in err
    code, _, err = run(capsys, "price", "--spot", "1")
    assert code == 2 and "missing --strike, --maturity, --rate, --volatility" in err
    code, _, err = run(
        capsys,
        "price",
        "--spot",
        "1",
        "--strike",
        "1",
        "--maturity",
        "1",
        "--rate",
        "0",
        "--volatility",
        "0.2",
        "--american",
        "--method",
        "bs",
    )
    assert code == 2 and "European options only" in err
    code, _, err = run(
        capsys,
        "price",
        "--spot",
        "1",
        "--strike",
        "1",
        "--maturity",
        "-1",
        "--rate",
        "0",
        "--volatility",
        "0.2",
    )
    assert code == 2 and "maturity must be >= 0, got -1.0" in err
    code, _, err = run(capsys, "price", "--patents", "/nonexistent/x.csv")
    assert code == 2 and "/nonexistent/x.csv: cannot read" in err


def test_seed_must_be_a_non_negative_integer(capsys):
    # issue 10: `poolcalc price ... --method mc --seed -1` ended in a numpy traceback
    base = ["price", "--spot", "42", "--strike", "40", "--maturity", "0.5", "--rate", "0.1",
            "--volatility", "0.2", "--method", "mc", "--paths", "100"]
    code, out, err = run(capsys, *base, "--seed", "-1")
    assert code == 2 and out == ""
    assert err == ("poolcalc price: rng must be a numpy.random.Generator, a seed (an integer "
                   ">= 0) or None, got -1\n")
    code, _, err = run(capsys, *base, "--seed", "0")
    assert code == 0 and err == ""


def test_latin1_csv_is_refused_like_the_pool_reader(tmp_path, capsys):
    # issue 10: a latin-1 byte (0xe9, "e" acute) raised UnicodeDecodeError; the pool
    # reader names the file and the byte, and so does the valuation reader
    p = tmp_path / "val.csv"
    p.write_bytes("patent,value,cost,life,volatility,rate\nBR-caf\xe9,100,80,10,0.3,0.05\n"
                  .encode("latin-1"))
    # the header is 39 bytes with its newline, "BR-caf" 6 more: the bad byte is byte 45
    with pytest.raises(InvalidInputError, match=r"val\.csv: not UTF-8 text \(byte 45: b'\\xe9'\)"):
        read_valuation_csv(p)
    code, out, err = run(capsys, "price", "--patents", str(p))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.endswith("val.csv: not UTF-8 text (byte 45: b'\\xe9')\n")
    # the pool reader's message for the same byte in sales.csv has the same shape
    pool_dir = write_pool(load_example(), tmp_path / "pool")
    sales = (pool_dir / "sales.csv").read_bytes()
    (pool_dir / "sales.csv").write_bytes(sales[:47] + b"\xe9" + sales[48:])
    pattern = r"sales\.csv: not UTF-8 text \(byte 47: b'\\xe9'\)"
    with pytest.raises(InvalidInputError, match=pattern):
        read_pool(pool_dir)
    with pytest.raises(InvalidInputError, match=r"path must be a file path, got 3"):
        read_valuation_csv(3)


def test_format_valuation_is_the_result_itself(patents):
    val = value_csv_patents(read_valuation_csv(patents), american=True, steps=200)
    assert format_valuation(val, "table") == str(val)
    assert json.loads(format_valuation(val, "json")) == val.to_dict()
    assert [r["patent"] for r in val.to_dict()["patents"]] == ["US1", "US2"]
    with pytest.raises(InvalidInputError, match="valuation must be a PatentValuation, got list"):
        format_valuation([], "table")
    with pytest.raises(InvalidInputError, match="format must be one of"):
        format_valuation(val, "xml")

"""Comparison and SchemeMetrics as results (to_dict, str, repr, HTML, to_frame) and
write_comparison: the JSON contract, CSV and text table."""

from __future__ import annotations

import csv
import io
import json

import pytest

from poolcalc._result import Result
from poolcalc.compare import METRIC_NAMES, compare_amounts
from poolcalc.errors import InvalidInputError
from poolcalc.games import UnanimityGame
from poolcalc.io import parse_money, write_comparison


@pytest.fixture
def cmp():
    return compare_amounts(
        {"equal": [10000, 10000, 10000], "patent-count": [15000, 10000, 5000]},
        ["A", "B", "C"],
        game=UnanimityGame([[1, 0, 0], [1, 1, 1]], [60, 240]),
        year=2024,
    )


def test_json_contract(cmp):
    doc = json.loads(write_comparison(cmp, "json"))
    assert doc["schemes"] == ["equal", "patent-count"]
    assert doc["amounts"]["patent-count"] == {"A": "150.00", "B": "100.00", "C": "50.00"}
    assert set(doc["metrics"]) == {"equal", "patent-count"}
    assert list(doc["metrics"]["equal"]) == list(METRIC_NAMES)
    assert doc["metrics"]["equal"]["gini"] == 0.0
    assert doc["metrics"]["equal"]["dilution_mean"] is None
    assert doc["year"] == 2024 and doc["currency"] == "USD"
    # money is exact: amounts add up to the distributed total
    assert sum(parse_money(v) for v in doc["amounts"]["equal"].values()) == 30000


def test_csv_is_tidy(cmp):
    rows = list(csv.DictReader(io.StringIO(write_comparison(cmp, "csv"))))
    assert set(rows[0]) == {"scheme", "kind", "key", "value"}
    amounts = {(r["scheme"], r["key"]): r["value"] for r in rows if r["kind"] == "amount"}
    assert amounts[("patent-count", "A")] == "150.00"
    metrics = {(r["scheme"], r["key"]): r["value"] for r in rows if r["kind"] == "metric"}
    assert float(metrics[("patent-count", "hhi")]) == pytest.approx(
        (0.5**2) + (1 / 3) ** 2 + (1 / 6) ** 2
    )
    assert len([r for r in rows if r["kind"] == "metric"]) == 2 * len(METRIC_NAMES)


def test_table_lists_members_metrics(cmp):
    text = write_comparison(cmp, "table")
    assert "patent-count" in text and "150.00" in text and "gini" in text
    many = compare_amounts({"equal": [100] * 40}, [f"M{i:02d}" for i in range(40)])
    text = write_comparison(many, "table", max_members=5)
    assert "(35 more)" in text


def test_comparison_is_a_result(cmp):
    assert isinstance(cmp, Result) and isinstance(cmp.metrics["equal"], Result)
    assert json.loads(write_comparison(cmp, "json")) == cmp.to_dict()
    assert str(cmp) == write_comparison(cmp, "table")
    assert repr(cmp) == "Comparison(2 schemes (equal, patent-count), 3 members, USD 2024)"
    html = cmp._repr_html_()
    assert html.count("<table") == 2 and "patent-count" in html and "gini" in html
    m = cmp.metrics["patent-count"]
    assert m.to_dict() == cmp.to_dict()["metrics"]["patent-count"]
    assert repr(m).startswith("SchemeMetrics(gini=0.2222, hhi=0.3889") and len(repr(m)) < 300
    assert "hhi" in str(m) and "0.3889" in str(m)


def test_amounts_have_labels(cmp):
    assert cmp.amounts["patent-count"] == {"A": 15000, "B": 10000, "C": 5000}
    assert cmp.amounts_of("equal") == {"A": 10000, "B": 10000, "C": 10000}
    assert cmp.amount_matrix.tolist() == [[10000, 10000, 10000], [15000, 10000, 5000]]
    with pytest.raises(TypeError):
        cmp.amounts["equal"]["A"] = 0  # read-only
    with pytest.raises(InvalidInputError, match="unknown scheme 'x' in this comparison"):
        cmp.amounts_of("x")


def test_to_frame(cmp):
    pytest.importorskip("pandas")
    df = cmp.to_frame()
    assert list(df.index.names) == ["scheme", "member"]
    assert list(df.columns) == ["amount_cents", "amount", "share"]
    assert len(df) == 6
    row = df.loc[("patent-count", "A")]
    assert (row.amount_cents, row.amount, row.share) == (15000, "150.00", 0.5)
    pivot = df["amount_cents"].unstack("scheme")
    assert pivot.loc["C", "patent-count"] == 5000
    m = cmp.metrics["equal"].to_frame()
    assert list(m.columns) == list(METRIC_NAMES) and m.loc[0, "gini"] == 0.0
    assert m.index.name == "row"


def test_short_repr_of_a_large_comparison():
    n = 2000
    big = compare_amounts(
        {f"scheme-{k}": [k + 1] * n for k in range(40)}, [f"member-{i}" for i in range(n)]
    )
    assert len(repr(big)) <= 300 and repr(big).endswith("...)")
    assert str(big).count("\n") < 80  # 25 members, the rest on one line, metrics, notes


def test_unknown_format(cmp):
    with pytest.raises(
        InvalidInputError, match="format must be one of table, json, csv, got 'xml'"
    ):
        write_comparison(cmp, "xml")


def test_all_matches_public_names():
    import types

    import poolcalc.compare as pkg

    public = {
        n
        for n, v in vars(pkg).items()
        if not n.startswith("_") and not isinstance(v, types.ModuleType)
    }
    assert set(pkg.__all__) == public
    assert sorted(pkg.__all__) == sorted(set(pkg.__all__))

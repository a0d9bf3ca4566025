"""write_comparison: the JSON contract, CSV and text table."""

from __future__ import annotations

import csv
import io
import json

import pytest

from poolcalc.compare import METRIC_NAMES, compare_amounts
from poolcalc.errors import InvalidInputError
from poolcalc.io import parse_money, write_comparison


@pytest.fixture
def cmp():
    return compare_amounts(
        {"equal": [10000, 10000, 10000], "patent-count": [15000, 10000, 5000]},
        ["A", "B", "C"],
        game=([[1, 0, 0], [1, 1, 1]], [60.0, 240.0]),
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

"""Every result shows itself in a notebook: an HTML table (paged when large) and a named frame.

For each result type the package returns: ``_repr_html_`` is one escaped table (two for
a comparison: amounts and metrics), at most 50 rows with a line saying how many are
left out; ``to_frame()`` has a named index; money columns come in pairs, integer minor
units (``x_cents``) next to the formatted decimal string (``x``).  Pricing functions
keep a pandas index; ``poolcalc.compare_schemes`` is the compare function.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import poolcalc
from poolcalc import alliance as al
from poolcalc import compare, pricing
from poolcalc._money import format_money
from poolcalc._result import Result
from poolcalc.compliance import Report as CheckReport
from poolcalc.royalties import Invoice, RoyaltyReport


@pytest.fixture(scope="module")
def pool():
    return poolcalc.load_example()


def _results(pool):
    dist = poolcalc.allocate(pool, year=2024)
    cmp = poolcalc.compare_schemes(pool, ["per-country-count", "equal"], metrics=False)
    return {
        "Distribution": dist,
        "Netting": next(iter(dist.netting.values())),
        "Explanation": dist.explain("M01"),
        "Comparison": cmp,
        "SchemeMetrics": cmp.metrics["equal"],
        "PatentValuation": pricing.value_patents([100, 40], [80, 50], [10, 5], [0.35, 0.4],
                                                 0.05, patents=["US-1", "US-2"]),
        "Greeks": pricing.greeks(100, 100, 1, 0.05, 0.2),
        "CompoundResult": pricing.compound(100, 10, 100, 1, 3, 0.05, 0.30),
        "AllianceEntry": pricing.alliance_entry(0.05, 2000, 80, 10, 0.35, 0.05),
        "MonteCarloResult": pricing.monte_carlo(36, 40, 1, 0.06, 0.2, kind="put", rng=1,
                                                paths=2000),
        "Diagnosis": al.diagnose(al.TD_SCDMA),
        "FormationClassification": al.classify_formation(
            {"patent_stock": "few", "sequence": "iterative"}),
        "PoolPreset": al.stage_preset("industrialization"),
        "SubsidyAllocation": al.government_subsidy(5_000_000, {"M1": 40, "M2": 25}),
        "StageComparison": al.compare_stages(pool),
    }


NAMES = [
    "Distribution", "Netting", "Explanation", "Comparison", "SchemeMetrics", "PatentValuation",
    "Greeks", "CompoundResult", "AllianceEntry", "MonteCarloResult", "Diagnosis",
    "FormationClassification", "PoolPreset", "SubsidyAllocation", "StageComparison"]


@pytest.fixture(scope="module")
def results(pool):
    return _results(pool)


def _check_frame(frame):
    assert all(n is not None for n in frame.index.names), frame.index.names
    for col in frame.columns:
        if str(col).endswith("_cents"):
            assert pd.api.types.is_integer_dtype(frame[col]), col
            text = str(col)[: -len("_cents")]
            # the formatted twin, where the result has one, is the exact decimal string
            if text in frame.columns:
                assert all(isinstance(v, str) for v in frame[text]), text


@pytest.mark.parametrize("name", NAMES)
def test_result_has_html_and_a_named_frame(results, name):
    obj = results[name]
    assert type(obj).__name__ == name and isinstance(obj, Result)
    html = obj._repr_html_()
    assert html.count("<table") == (2 if name == "Comparison" else 1)
    assert "<script" not in html
    frame = obj.to_frame()
    assert len(frame) == len(list(obj._records()))
    _check_frame(frame)


def test_frame_indexes_are_the_labels(results):
    assert results["Distribution"].to_frame().index.name == "member"
    assert list(results["Comparison"].to_frame().index.names) == ["scheme", "member"]
    assert results["PatentValuation"].to_frame().index.tolist() == ["US-1", "US-2"]
    assert list(results["FormationClassification"].to_frame().index.names) == ["mode", "id"]
    assert results["SchemeMetrics"].to_frame().index.name == "row"


def test_money_in_minor_units_and_formatted(results):
    dist = results["Distribution"]
    df = dist.to_frame()
    assert df["amount_cents"].sum() == dist.distributable_cents
    m01 = dist.amounts["M01"]
    assert df.loc["M01", "amount"] == format_money(m01, dist.minor_units)
    cmp = results["Comparison"]
    assert cmp.to_frame().loc[("equal", "M01"), "amount_cents"] == cmp.amounts["equal"]["M01"]
    trail = results["Explanation"].to_frame()
    # per-country trail: royalty as text and in cents, e.g. '449380.94' -> 44938094
    for text, cents in zip(trail["royalty"], trail["royalty_cents"], strict=True):
        whole, frac = text.split(".")
        assert cents == int(whole) * 100 + int(frac)


def test_large_results_are_paged():
    big = poolcalc.synthetic_pool(1000, 5000, 5, rng=1)
    dist = poolcalc.allocate(big, scheme="patent-count")
    html = dist._repr_html_()
    assert html.count("<tr>") == 1 + 50  # header + 50 rows
    assert "950 more rows (of 1,000)" in html and len(html) < 20_000
    cmp = compare.compare_amounts({"equal": np.full(1000, 10)},
                                  [f"M{i:04d}" for i in range(1000)])
    assert len(cmp._repr_html_()) < 20_000
    assert len(dist.to_frame()) == 1000  # the frame has everything


# results that other parts of the package turn into Result objects (the royalty
# stages and the compliance report); until then these cases are expected to fail.
@pytest.mark.parametrize("cls, make", [
    (RoyaltyReport, lambda p: poolcalc.royalties_owed(p, 2024)),
    (Invoice, lambda p: poolcalc.royalties_owed(p, 2024).invoices[0]),
    (CheckReport, lambda p: poolcalc.check_terms(
        poolcalc.read_terms("examples/terms_problematic.toml"), p)),
], ids=["RoyaltyReport", "Invoice", "CheckReport"])
def test_royalty_and_check_results(pool, cls, make, request):
    if not issubclass(cls, Result):
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"{cls.__name__} is not a "
                                              "Result yet"))
    obj = make(pool)
    assert isinstance(obj, Result)
    assert obj._repr_html_().count("<table") >= 1
    _check_frame(obj.to_frame())


def test_compare_schemes_is_the_compare_function(pool):
    assert poolcalc.compare_schemes is compare.compare
    assert isinstance(poolcalc.compare, type(np))  # the module stays a module
    cmp = poolcalc.compare_schemes(pool, ["equal"], metrics=False)
    assert cmp.schemes == ("equal",)


def test_pricing_keeps_a_pandas_index():
    idx = pd.Index(["US-1", "US-2", "JP-1"], name="patent")
    spots = pd.Series([90.0, 100.0, 110.0], index=idx)
    out = pricing.black_scholes(spots, 100, 1, 0.05, 0.2)
    assert isinstance(out, pd.Series) and out.index.equals(idx)
    # S = K = 100, T = 1, r = 5 %, sigma = 20 %: 10.4506 (Hull, Options, Futures and Other
    # Derivatives, the standard example)
    assert out["US-2"] == pytest.approx(10.4506, abs=5e-5)
    assert np.allclose(out.to_numpy(), pricing.black_scholes(spots.to_numpy(), 100, 1, 0.05, 0.2))
    frame = pd.DataFrame({"a": [90.0, 100.0], "b": [110.0, 120.0]}, index=[3, 7])
    lat = pricing.binomial(frame, 100, 1, 0.05, 0.2, steps=200)
    assert isinstance(lat, pd.DataFrame) and lat.index.tolist() == [3, 7]
    assert lat.columns.tolist() == ["a", "b"]
    vol = pricing.implied_volatility(out, spots, 100, 1, 0.05)
    assert isinstance(vol, pd.Series) and np.allclose(vol.to_numpy(), 0.2)
    val = pricing.value_patents(pd.Series([100.0, 40.0], index=["US-1", "US-2"]), [80, 50],
                                [10, 5], [0.35, 0.4], 0.05)
    assert val.to_frame().index.tolist() == ["US-1", "US-2"]  # the index gave the patent ids
    # numpy in, numpy out
    assert isinstance(pricing.black_scholes(np.array([100.0]), 100, 1, 0.05, 0.2), np.ndarray)
    with pytest.raises(poolcalc.InvalidInputError, match="share one index"):
        pricing.black_scholes(spots, pd.Series([100.0] * 3, index=[0, 1, 2]), 1, 0.05, 0.2)

"""Issue 14 gap: amended metric reports (metric_amendments.csv) per reporting period.

A later filing of a licensee's metric for a closed half year gives a debit or credit
note in the period it is filed, the difference only; the latest filing of the same
(licensee, half, metric) replaces the earlier ones (:mod:`poolcalc.periods._metric`).
Access Advance VDP mechanism on the bundled illustrative pool (tiers 20,000 / 60,000,
semi-annual waiver 25,000; Region 2 users and subscribers x0.5).  Hand-computed values
are in the comments (never produced by poolcalc).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.cli import main
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_period_inputs, read_pool
from poolcalc.periods import MetricAmendment, PeriodInputs, ReportingTerms, period
from poolcalc.royalties import royalties_owed

REAL = Path(__file__).resolve().parents[1] / "examples" / "real_pools"
HEADER = "licensee,period,metric,value,region,filed\n"


def _vdp(tmp_path, kind, amendments, payments=""):
    d = tmp_path / "vdp"
    shutil.copytree(REAL / "access_advance_vdp", d)
    with open(d / "pool.toml", "a") as f:
        f.write(f'\n[reporting]\nperiod = "{kind}"\n')
    (d / "metric_amendments.csv").write_text(HEADER + amendments)
    if payments:
        (d / "payments.csv").write_text(
            "licensee,date,amount,currency,invoice,withheld_tax,tax_country,certificate\n"
            + payments)
    return d


def _run(capsys, *args):
    code = main([*map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _invoices(capsys, d, label):
    code, out, _ = _run(capsys, "period", d, "--period", label, "--format", "json")
    assert code == 0
    res = json.loads(out)
    assert res["reconciliation"]["balanced"] is True
    return {i["invoice"]: (i["kind"], i["owed"], i["amends"],
                           [(x["kind"], x["period"], x["amount"]) for x in i["line_items"]])
            for i in res["invoices"]}


def test_an_amended_revenue_lifts_a_closed_half_to_tier_2(capsys, tmp_path):
    # SMALLVOD 2025H1 as filed: subscribers 0.5 x 120,000 = 60,000 -> tier 1, 20,000 -
    # 25,000 waiver -> 0 (no invoice).  Its revenue amended to 12,000,000 on 1 Aug 2025
    # (2025H2): tier 2, 60,000 - 25,000 = 35,000.00, a debit note in 2025H2
    d = _vdp(tmp_path, "half", "SMALLVOD,2025H1,streaming_revenue,12000000,,2025-08-01\n")
    assert _invoices(capsys, d, "2025H1") == {
        "2025H1-STREAMA-M": ("invoice", "35000.00", None, [("metric", "2025H1", "35000.00")])}
    assert _invoices(capsys, d, "2025H2") == {
        "2025H2-STREAMA-M": ("invoice", "35000.00", None, [("metric", "2025H2", "35000.00")]),
        "2025H2-SMALLVOD-M-D1": ("debit_note", "35000.00", "2025H1",
                                 [("metric", "2025H1", "35000.00")])}


def test_the_latest_filing_replaces_the_earlier_and_bills_only_the_difference(capsys,
                                                                              tmp_path):
    # STREAMA 2025H1 subscribers as filed: 450,000 + 0.5 x 100,000 = 500,000 -> tier 2
    # (35,000.00 invoiced).  Filing 1 (1 Aug 2025): 400,000 in region 1 only (the
    # region-2 row is replaced too) -> 400,000; users 700,000 + 250,000 = 950,000 and
    # revenue 8M reach tier 1 only: 20,000 - 25,000 -> 0: credit note -35,000.00 in
    # 2025H2.  Filing 2 (1 Feb 2026) of the same metric: 600,000 -> tier 2 again:
    # debit note +35,000.00 in 2026H1 (a year without sales, administered because
    # the filing is dated in it)
    d = _vdp(tmp_path, "half", "STREAMA,2025H1,subscribers,400000,1,2025-08-01\n"
                               "STREAMA,2025H1,subscribers,600000,1,2026-02-01\n")
    got = _invoices(capsys, d, "2025H2")
    assert got["2025H2-STREAMA-M-C1"] == ("credit_note", "-35000.00", "2025H1",
                                          [("metric", "2025H1", "-35000.00")])
    assert _invoices(capsys, d, "2026H1") == {
        "2026H1-STREAMA-M-D1": ("debit_note", "35000.00", "2025H1",
                                [("metric", "2025H1", "35000.00")])}


def test_two_filings_in_one_period_give_one_note_of_the_latest(capsys, tmp_path):
    # 400,000 filed on 1 Aug and 600,000 on 1 Sep 2025 (both 2025H2): the latest
    # replaces the first; tier 2 as first invoiced -> no note
    d = _vdp(tmp_path, "half", "STREAMA,2025H1,subscribers,400000,1,2025-08-01\n"
                               "STREAMA,2025H1,subscribers,600000,1,2025-09-01\n")
    assert _invoices(capsys, d, "2025H2") == {
        "2025H2-STREAMA-M": ("invoice", "35000.00", None, [("metric", "2025H2", "35000.00")])}


def test_a_yearly_pool_bills_an_amendment_filed_within_the_year_as_a_note(capsys, tmp_path):
    # yearly reporting: the 2025 invoice holds both halves as first filed (STREAMA
    # 35,000 + 35,000); SMALLVOD's H1 revenue amended on 1 Sep 2025 is a 2025 note of
    # 35,000.00; the year then adds up to 105,000.00 = the annual run on the final
    # reports (STREAMA 70,000 + SMALLVOD 35,000)
    d = _vdp(tmp_path, "year", "SMALLVOD,2025H1,streaming_revenue,12000000,,2025-09-01\n")
    got = _invoices(capsys, d, "2025")
    assert got == {
        "2025-STREAMA-M": ("invoice", "70000.00", None, [("metric", "2025H1", "35000.00"),
                                                         ("metric", "2025H2", "35000.00")]),
        "2025-SMALLVOD-M-D1": ("debit_note", "35000.00", "2025",
                               [("metric", "2025H1", "35000.00")])}


def test_a_metric_note_paid_is_distributed_and_balanced(capsys, tmp_path):
    # SMALLVOD pays its 35,000.00 note on 10 Jan 2026: all of it to the one licensor
    d = _vdp(tmp_path, "half", "SMALLVOD,2025H1,streaming_revenue,12000000,,2025-08-01\n",
             "SMALLVOD,2026-01-10,35000.00,USD,2025H2-SMALLVOD-M-D1,,,\n")
    code, out, _ = _run(capsys, "period", d, "--period", "2026H1", "--format", "json")
    res = json.loads(out)
    assert code == 0 and res["distribution"]["received"] == "35000.00"
    assert [(x["member"], x["gross"]) for x in res["distribution"]["members"]] == [
        ("LICENSOR", "35000.00")]
    assert res["reconciliation"]["balanced"] is True


def test_metric_amendments_are_read_with_their_source(tmp_path):
    d = _vdp(tmp_path, "half", "STREAMA,2025H1,subscribers,400000,1,2025-08-01\n"
                               "STREAMA,2025H1,subscribers,50000,2,2025-08-01\n")
    pool = read_pool(d)
    inputs = read_period_inputs(d, pool)
    (a,) = inputs.metric_amendments
    assert (a.licensee, a.period, a.metric, a.filed, a.line) == (
        "STREAMA", "2025H1", "subscribers", dt.date(2025, 8, 1), 2)
    assert [(r.value, r.region) for r in a.records] == [(400000.0, "1"), (50000.0, "2")]
    assert "metric_amendments.csv" in [s.name for s in inputs.sources]


@pytest.mark.parametrize(("row", "message"), [
    ("NOBODY,2025H1,subscribers,1,1,2025-08-01",
     "metric_amendments.csv:2: field licensee: unknown licensee (not in licensees.csv), "
     "got 'NOBODY'"),
    ("STREAMA,2025Q1,subscribers,1,1,2025-08-01",
     "metric_amendments.csv:2: field period: expected a half year like 2025H1 or 2025H2, "
     "got '2025Q1'"),
    ("STREAMA,2025H1,downloads,1,1,2025-08-01",
     "metric_amendments.csv:2: field metric: not one of [royalty.metric_tiers] metrics "
     "['active_users', 'subscribers', 'streaming_revenue'], got 'downloads'"),
    ("STREAMA,2025H1,subscribers,-5,1,2025-08-01",
     "metric_amendments.csv:2: field value: must be a number >= 0, got '-5'"),
    ("STREAMA,2025H1,subscribers,1,1,2025-06-30",
     "metric_amendments.csv:2: field filed: must be after the end of 2025H1 (2025-06-30), "
     "got '2025-06-30'"),
    ("STREAMA,2025H1,subscribers,1,1,2025-13-01",
     "metric_amendments.csv:2: field filed: expected a date YYYY-MM-DD, got '2025-13-01'"),
])
def test_a_bad_metric_amendment_is_one_line_naming_file_line_field_value(capsys, tmp_path,
                                                                         row, message):
    d = _vdp(tmp_path, "half", row + "\n")
    code, out, err = _run(capsys, "period", d, "--period", "2025H2")
    assert (code, out) == (2, "")
    assert err.strip() == f"poolcalc period: {message}"


def test_a_metric_amendment_without_metric_tiers_is_refused(capsys, tmp_path):
    d = tmp_path / "dvd3c"
    shutil.copytree(REAL / "dvd3c_entry_fee_1999", d)
    (d / "metric_amendments.csv").write_text(HEADER + "PLAYERCO,1999H1,users,1,,1999-08-01\n")
    code, out, err = _run(capsys, "period", d, "--period", "1999Q3")
    assert (code, out) == (2, "")
    assert err.strip() == (
        "poolcalc period: metric_amendments.csv:2: field metric: the pool has no "
        "[royalty.metric_tiers] to price a metric report, got 'users'")


# --- property: a year's invoices and notes add up to the annual run on the final reports -
_ROW = st.tuples(st.sampled_from(["S1", "S2"]), st.sampled_from(["2025H1", "2025H2"]),
                 st.sampled_from(["users", "revenue"]), st.integers(0, 3_000_000),
                 st.sampled_from(["1", "2"]))
_FIX = st.tuples(_ROW, st.sampled_from([(2025, 7, 15), (2025, 12, 1), (2026, 3, 1),
                                        (2026, 9, 1)]))


def _terms(waiver):
    return m.MetricTerms(
        metrics=["users", "revenue"], weighted=["users"], region_weights={"2": 0.5},
        waiver=waiver, tiers=[m.MetricTier("1", 10_000.0, {"users": 100_000, "revenue": 1e6}),
                              m.MetricTier("2", 30_000.5, {"users": 1e6, "revenue": 2e6})])


def _pool(rows, waiver):
    return m.Pool(
        "vdp", [m.Member("A"), m.Member("B")],
        [m.Patent("US1", "A", "US", "2030-01-01"), m.Patent("US2", "B", "US", "2030-01-01"),
         m.Patent("DE1", "B", "DE", "2030-01-01")],
        licensees=[m.Licensee("S1"), m.Licensee("S2")], sales=[],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.0)])),
        metric_terms=_terms(waiver), metrics=[m.MetricRecord(*r) for r in rows],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ROW, min_size=1, max_size=8), st.lists(_FIX, min_size=1, max_size=4),
       st.sampled_from(["half", "year"]), st.sampled_from([0.0, 5000.0]))
# S1's 2025H1 users 50,000 (no tier) amended to 3,000,000 on 15 Jul 2025 (tier 2,
# 30,000.50) and to 200,000 on 1 Mar 2026 (tier 1, 10,000.00): +30,000.50, -20,000.50
@example([("S1", "2025H1", "users", 50_000, "1")],
         [(("S1", "2025H1", "users", 3_000_000, "1"), (2025, 7, 15)),
          (("S1", "2025H1", "users", 200_000, "1"), (2026, 3, 1))], "half", 0.0)
def test_invoices_and_notes_add_up_to_the_annual_metric_royalties_of_the_final_reports(
        rows, fixes, kind, waiver):
    # the final reports: per (licensee, half, metric) the latest filing (a filing dated
    # after its half year) in place of metrics.csv's rows; 2025's invoices and every note
    # through 2026 add up to the annual metric royalties of 2025 on them; every
    # period balances, and a closed period never changes when a later one is computed
    amendments, latest = [], {}
    for (lic, half, metric, value, region), day in fixes:
        filed = dt.date(*day)
        end = dt.date(2025, 6, 30) if half == "2025H1" else dt.date(2025, 12, 31)
        if filed <= end:
            continue
        rec = m.MetricRecord(lic, half, metric, value, region)
        amendments.append(MetricAmendment(lic, half, metric, filed, [rec]))
        key = (lic, half, metric)
        if key not in latest or filed >= latest[key][0]:
            latest[key] = (filed, rec)
    final = [r for r in rows if (r[0], r[1], r[2]) not in latest]
    final += [(x.licensee, x.period, x.metric, x.value, x.region) for _, x in latest.values()]
    annual: dict[str, int] = {}
    if final:
        for x in royalties_owed(_pool(final, waiver), 2025).metric:
            annual[x.licensee] = annual.get(x.licensee, 0) + x.cents
    pool = _pool(rows, waiver)
    inputs = PeriodInputs(reporting=ReportingTerms(period=kind), metric_amendments=amendments)
    labels = (["2025H1", "2025H2", "2026H1", "2026H2"] if kind == "half" else ["2025", "2026"])
    if not any(a.filed.year == 2026 for a in amendments):
        labels = [x for x in labels if x.startswith("2025")]
    got: dict[str, int] = {}
    results = {}
    for q in labels:
        res = results[q] = period(pool, q, inputs)
        assert res.reconciliation.balanced
        for inv in res.invoices:
            got[inv.licensee] = got.get(inv.licensee, 0) + inv.owed_cents
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in annual.items() if v}
    for i, q in enumerate(labels):
        mine = {(x.number, x.licensee, x.owed_cents) for x in results[q].invoices}
        for later in labels[i + 1:]:
            assert {(b.invoice, b.licensee, b.owed_cents) for b in results[later].balances
                    if b.period == q} == mine


@pytest.mark.parametrize(("pool_kw", "amendment", "message"), [
    ({"metric_terms": None}, MetricAmendment("S1", "2025H1", "users", dt.date(2025, 8, 1), []),
     "metric_amendments.csv:0: field metric: the pool has no [royalty.metric_tiers] to "
     "price a metric report, got 'users'"),
    ({}, MetricAmendment("S1", "2025Q1", "users", dt.date(2025, 8, 1), []),
     "metric_amendments.csv:0: field period: expected a half year like 2025H1 or 2025H2, "
     "got '2025Q1'"),
    ({}, MetricAmendment("S1", "2025H2", "users", dt.date(2025, 8, 1), []),
     "metric_amendments.csv:0: field filed: must be after the end of 2025H2 (2025-12-31), "
     "got '2025-08-01'"),
])
def test_an_amended_metric_report_the_pool_cannot_price_is_refused_not_dropped(
        pool_kw, amendment, message):
    # given through the API (the reader refuses the same rows with their lines)
    pool = _pool([("S1", "2025H1", "users", 50_000, "1")], 0.0)
    if pool_kw:
        pool = pool.evolve(**pool_kw, metrics=[])
    with pytest.raises(InvalidInputError, match="^" + re.escape(message) + "$"):
        period(pool, "2025H2", PeriodInputs(reporting=ReportingTerms(period="half"),
                                            metric_amendments=[amendment]))


def test_amended_metric_reports_in_a_quarterly_pool_are_refused():
    # a quarter is not a measuring period of the VDP text (as metrics.csv itself)
    pool = _pool([], 0.0)
    am = MetricAmendment("S1", "2025H1", "users", dt.date(2025, 8, 1),
                         [m.MetricRecord("S1", "2025H1", "users", 1, "1")])
    with pytest.raises(InvalidInputError, match=r"^pool.toml: \[reporting\] field period: "):
        period(pool, "2025Q3", PeriodInputs(reporting=ReportingTerms(period="quarter"),
                                            metric_amendments=[am]))

"""Issue 14: amended reports and audits in a pool with payers (Via LA HEVC chip vendors).

amendments.csv and audits.csv carry sales.csv's ``payer`` column, so the corrected rows
a payer pays for are stated; each payer's correction note is the difference of its
rows' year-to-date cents, ``B_{p,l}(V_k(t)) - B_{p,l}(V_{k-1}(t))``, the licensee's
note the rest.  Hand-computed values are in the comments (never produced by poolcalc).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from datetime import date as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc import ledger
from poolcalc.cli import main
from poolcalc.documents import period_invoices
from poolcalc.io import read_period_inputs, read_pool
from poolcalc.ledger._compute import period_entries
from poolcalc.periods import (
    Amendment,
    AuditFinding,
    PaymentRecord,
    PeriodInputs,
    ReportingTerms,
    period,
)
from poolcalc.royalties import royalties_owed

REAL = Path(__file__).resolve().parents[1] / "examples" / "real_pools"
HEAD = "licensee,date,product,country_of_sale,country_of_manufacture,units,payer"
QUARTERS = ("2016Q1", "2016Q2", "2016Q3", "2016Q4")


def _run(capsys, *args):
    code = main([*map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def _hevc(tmp_path, *, amendments="", audits="", interest=0.0):
    # the real pool (sales.csv: CHIPCO pays BIGTV's 65,050,000 units of 1 Mar 2016 and
    # SMALLTV's 50,000 of 1 May; BIGTV its 65,050,000 of 1 Sep, SMALLTV its 150,000 of
    # 1 Jun), quarterly, payment due 45 days after the quarter
    d = tmp_path / "hevc"
    shutil.copytree(REAL / "via_la_hevc_chip_payer", d)
    with open(d / "pool.toml", "a") as f:
        f.write(f'\n[reporting]\nperiod = "quarter"\npayment_due_days = 45\n'
                f"interest_rate = {interest}\n")
    if amendments:
        (d / "amendments.csv").write_text(f"{HEAD},period,filed\n{amendments}")
    if audits:
        (d / "audits.csv").write_text(f"{HEAD},period,closed\n{audits}")
    return d


def _invoices(capsys, d, label):
    code, out, err = _run(capsys, "period", d, "--period", label, "--format", "json")
    assert code == 0, err
    res = json.loads(out)
    assert res["reconciliation"]["balanced"] is True
    return {i["invoice"]: (i["licensee"], i["owed"],
                           [(x["kind"], x["amount"]) for x in i["line_items"]])
            for i in res["invoices"]}


# Amended 2016Q1 report of BIGTV, filed 1 Aug 2016 (2016Q3): the 65,050,000 units of
# 1 Mar were 52,040,000 paid by CHIPCO and 13,010,000 of 15 Mar paid by BIGTV itself.
AMENDED = ("BIGTV,2016-03-01,hevc_tv,US,CN,52040000,CHIPCO,2016Q1,2016-08-01\n"
           "BIGTV,2016-03-15,hevc_tv,US,CN,13010000,,2016Q1,2016-08-01\n")


def test_an_amended_report_moves_units_from_the_chip_vendor_to_its_customer(capsys, tmp_path):
    # Via LA HEVC: 100,000 free units a year per Enterprise, US$0.20 a unit above, cap
    # US$25,000,000; free units shared by units, a cap by the rows' royalties.
    # 2016Q1 (as reported): BIGTV (65,050,000 - 100,000) x 0.20 = 12,990,000.00, all
    #   CHIPCO's row.  2016Q2: SMALLTV CHIPCO 5,000.00, SMALLTV 15,000.00 (unchanged).
    # 2016Q3 note (YTD through 2016Q2 with the amendment less without it): 65,050,000
    #   units, 12,990,000.00 as before, now split 52,040,000 : 13,010,000 = 0.8 : 0.2:
    #   CHIPCO (52,040,000 - 80,000) x 0.20 = 10,392,000.00
    #   BIGTV  (13,010,000 - 20,000) x 0.20 =  2,598,000.00
    #   CHIPCO credit note 10,392,000 - 12,990,000 = -2,598,000.00, BIGTV debit note
    #   2,598,000 - 0 = 2,598,000.00 (BIGTV's year-to-date royalty is unchanged).
    # 2016Q3 invoices: YTD 130,100,000 units, (130,100,000 - 100,000) x 0.20 =
    #   26,000,000 -> cap 25,000,000 (x 25/26 on every row; free 100,000 by units):
    #   CHIPCO 52,040,000: (52,040,000 - 40,000) x 0.20 = 10,400,000 x 25/26 = 10,000,000
    #   BIGTV  13,010,000: (13,010,000 - 10,000) x 0.20 =  2,600,000 x 25/26 =  2,500,000
    #   BIGTV  65,050,000: (65,050,000 - 50,000) x 0.20 = 13,000,000 x 25/26 = 12,500,000
    #   CHIPCO 10,000,000 - 10,392,000 = -392,000.00
    #   BIGTV  (2,500,000 + 12,500,000) - 2,598,000 = 12,402,000.00
    d = _hevc(tmp_path, amendments=AMENDED)
    got = {q: _invoices(capsys, d, q) for q in QUARTERS}
    assert got["2016Q1"] == {"2016Q1-BIGTV-P-CHIPCO": (
        "CHIPCO", "12990000.00", [("royalty", "12990000.00")])}
    assert got["2016Q2"] == {
        "2016Q2-SMALLTV-P-CHIPCO": ("CHIPCO", "5000.00", [("royalty", "5000.00")]),
        "2016Q2-SMALLTV": ("SMALLTV", "15000.00", [("royalty", "15000.00")])}
    assert got["2016Q3"] == {
        "2016Q3-BIGTV-P-CHIPCO": ("CHIPCO", "-392000.00", [("royalty", "-392000.00")]),
        "2016Q3-BIGTV": ("BIGTV", "12402000.00", [("royalty", "12402000.00")]),
        "2016Q3-BIGTV-D1": ("BIGTV", "2598000.00", [("correction", "2598000.00")]),
        "2016Q3-BIGTV-P-CHIPCO-C1": ("CHIPCO", "-2598000.00",
                                     [("correction", "-2598000.00")])}
    assert got["2016Q4"] == {}
    # CHIPCO's year: 12,990,000 + 5,000 - 2,598,000 - 392,000 = 10,005,000.00, its annual
    # bill for the corrected rows (10,000,000.00 for BIGTV + 5,000.00 for SMALLTV);
    # BIGTV's: 2,598,000 + 12,402,000 = 15,000,000.00 (2,500,000 + 12,500,000)
    year: dict[str, int] = {}
    for q in got.values():
        for who, owed, _ in q.values():
            year[who] = year.get(who, 0) + round(float(owed) * 100)
    assert year == {"CHIPCO": 1_000_500_000, "BIGTV": 1_500_000_000, "SMALLTV": 1_500_000}


def test_an_amendment_without_payer_column_is_paid_by_the_licensee(capsys, tmp_path):
    # BIGTV's 2016Q1 amended to 65,000,000 units with no payer column, filed 1 Aug:
    # the licensee pays for them.  2016Q3 notes (YTD through 2016Q2):
    #   BIGTV (65,000,000 - 100,000) x 0.20 = 12,980,000.00 (was 0 of its own)
    #   CHIPCO 0 - 12,990,000 = -12,990,000.00
    d = _hevc(tmp_path)
    (d / "amendments.csv").write_text(
        "licensee,date,product,country_of_sale,country_of_manufacture,units,period,filed\n"
        "BIGTV,2016-03-01,hevc_tv,US,CN,65000000,2016Q1,2016-08-01\n")
    got = _invoices(capsys, d, "2016Q3")
    assert got["2016Q3-BIGTV-D1"] == ("BIGTV", "12980000.00", [("correction", "12980000.00")])
    assert got["2016Q3-BIGTV-P-CHIPCO-C1"] == ("CHIPCO", "-12990000.00",
                                               [("correction", "-12990000.00")])


def test_an_audit_bills_the_named_payer_with_interest(capsys, tmp_path):
    # Audit of BIGTV's 2016Q1, closed 23 Aug 2016 (2016Q3): 13,010,000 units of 1 Feb
    # paid by CHIPCO and 3,252,500 of 15 Feb (payer blank: BIGTV) unreported.
    # YTD through 2016Q2: 65,050,000 + 13,010,000 + 3,252,500 = 81,312,500 units,
    #   (81,312,500 - 100,000) x 0.20 = 16,242,500.00 (below the cap); by units the
    #   rows are 0.8, 0.16 and 0.04 of 81,312,500, so 80,000, 16,000, 4,000 free:
    #   CHIPCO (65,050,000 - 80,000) x 0.20 = 12,994,000.00 (its reported row re-priced)
    #   CHIPCO (13,010,000 - 16,000) x 0.20 =  2,598,800.00
    #   BIGTV  ( 3,252,500 -  4,000) x 0.20 =    649,700.00
    #   back royalties: CHIPCO 12,994,000 + 2,598,800 - 12,990,000 = 2,602,800.00,
    #   BIGTV 649,700.00 (sum 3,252,500 = 16,242,500 - 12,990,000)
    # interest 3.65 % a year from the due date 2016-03-31 + 45 = 15 May to 23 Aug,
    #   100 days: x 0.0365 x 100 / 365 = x 1 %: CHIPCO 26,028.00, BIGTV 6,497.00
    audits = ("BIGTV,2016-02-01,hevc_tv,US,CN,13010000,CHIPCO,2016Q1,2016-08-23\n"
              "BIGTV,2016-02-15,hevc_tv,US,CN,3252500,,2016Q1,2016-08-23\n")
    d = _hevc(tmp_path, audits=audits, interest=0.0365)
    got = _invoices(capsys, d, "2016Q3")
    assert got["2016Q3-BIGTV-P-CHIPCO-A1"] == (
        "CHIPCO", "2628828.00", [("audit", "2602800.00"), ("interest", "26028.00")])
    assert got["2016Q3-BIGTV-A1"] == (
        "BIGTV", "656197.00", [("audit", "649700.00"), ("interest", "6497.00")])
    assert _invoices(capsys, d, "2016Q2") == {
        "2016Q2-SMALLTV-P-CHIPCO": ("CHIPCO", "5000.00", [("royalty", "5000.00")]),
        "2016Q2-SMALLTV": ("SMALLTV", "15000.00", [("royalty", "15000.00")])}


def test_the_ledger_posts_a_payers_correction_note_to_its_account(tmp_path):
    # the amended report above: 2016Q3's CHIPCO credit note of 2,598,000.00 posts Dr
    # pool:royalties Cr licensee:CHIPCO; after closing 2016Q1..Q3 in SQLite, CHIPCO owes
    # 12,990,000 + 5,000 - 392,000 - 2,598,000 = 10,005,000.00, BIGTV 15,000,000.00,
    # SMALLTV 15,000.00
    d = _hevc(tmp_path, amendments=AMENDED)
    pool = read_pool(d)
    inputs = read_period_inputs(d, pool)
    pe = period_entries(pool, "2016Q3", inputs=inputs)
    (note,) = [e for e in pe.entries if e.document == "2016Q3-BIGTV-P-CHIPCO-C1"]
    assert (note.debit, note.credit, note.amount_cents, note.licensee) == (
        "pool:royalties", "licensee:CHIPCO", 259_800_000, "CHIPCO")
    with ledger.open_ledger(f"sqlite:///{tmp_path}/pool.db") as db:
        for q in QUARTERS[:3]:
            assert ledger.close(db, pool, q, period_inputs=inputs).message.startswith(
                f"closed {q}")
        bal = ledger.balances(db)
        assert {k: v for k, v in bal.items() if k.startswith("licensee:")} == {
            "licensee:CHIPCO": 1_000_500_000, "licensee:BIGTV": 1_500_000_000,
            "licensee:SMALLTV": 1_500_000}
        assert ledger.reconcile(db).ok


def test_a_payers_correction_note_is_a_document_addressed_to_the_payer(tmp_path):
    # the amended report above: 2016Q3-BIGTV-P-CHIPCO-C1 is a credit note of
    # -2,598,000.00 to CHIPCO for BIGTV's units (the number parsed before ended at -P-<payer>)
    d = _hevc(tmp_path, amendments=AMENDED)
    pool = read_pool(d)
    res = period(pool, "2016Q3", read_period_inputs(d, pool))
    docs = {x.number: x for x in period_invoices(res, pool)}
    note = docs["2016Q3-BIGTV-P-CHIPCO-C1"]
    assert (note.licensee.id, note.title, note.total_cents) == (
        "CHIPCO", "Credit note", -259_800_000)
    assert "royalties for units of BIGTV, paid by CHIPCO on its behalf" in note.notes[1]
    assert docs["2016Q3-BIGTV-D1"].licensee.id == "BIGTV"


@pytest.mark.parametrize(("file", "line", "value"), [
    ("amendments.csv", "BIGTV,2016-03-15,hevc_tv,US,CN,13010000,NOBODY,2016Q1,2016-08-01",
     "NOBODY"),
    ("audits.csv", "BIGTV,2016-02-01,hevc_tv,US,CN,10,NOBODY,2016Q1,2016-08-23", "NOBODY"),
])
def test_an_unknown_payer_in_a_correction_is_one_line_naming_file_line_field_value(
        capsys, tmp_path, file, line, value):
    d = _hevc(tmp_path)
    col = "filed" if file == "amendments.csv" else "closed"
    (d / file).write_text(
        f"{HEAD},period,{col}\nBIGTV,2016-03-01,hevc_tv,US,CN,5,CHIPCO,2016Q1,2016-08-01\n"
        f"{line}\n".replace("2016-08-01", "2016-08-23" if col == "closed" else "2016-08-01"))
    code, out, err = _run(capsys, "period", d, "--period", "2016Q3")
    assert (code, out) == (2, "")
    (msg,) = [x for x in err.splitlines() if x]
    assert msg.endswith(f"{file}:3: field payer: unknown payer (neither a licensee in "
                        f"licensees.csv nor a payer in sales.csv), got '{value}'")


def test_a_payer_that_is_another_licensee_or_a_sales_payer_is_accepted(capsys, tmp_path):
    # SMALLTV pays for 100,000 of BIGTV's amended 2016Q1 units (a licensee as payer)
    d = _hevc(tmp_path, amendments=(
        "BIGTV,2016-03-01,hevc_tv,US,CN,64950000,CHIPCO,2016Q1,2016-08-01\n"
        "BIGTV,2016-03-02,hevc_tv,US,CN,100000,SMALLTV,2016Q1,2016-08-01\n"))
    got = _invoices(capsys, d, "2016Q3")
    # YTD through 2016Q2: 65,050,000 units, 12,990,000.00; SMALLTV's row 100,000 units of
    #   65,050,000: free 100,000 x 100,000 / 65,050,000 is not whole, so only its sign
    #   and the total are hand-checked: SMALLTV's debit note plus CHIPCO's credit note
    #   is 0 (BIGTV's year-to-date royalty unchanged, no note to BIGTV)
    notes = {k: v for k, v in got.items() if v[2][0][0] == "correction"}
    assert set(notes) == {"2016Q3-BIGTV-P-SMALLTV-D1", "2016Q3-BIGTV-P-CHIPCO-C1"}
    assert notes["2016Q3-BIGTV-P-SMALLTV-D1"][0] == "SMALLTV"
    cents = [round(float(v[1]) * 100) for v in notes.values()]
    assert sum(cents) == 0 and min(cents) < 0 < max(cents)


def test_an_amended_report_of_a_payer_pool_is_stable_over_later_periods(capsys, tmp_path):
    # a closed period's invoices are the same in every later period's balances
    d = _hevc(tmp_path, amendments=AMENDED)
    first = _invoices(capsys, d, "2016Q1")
    for q in QUARTERS[1:]:
        code, out, _ = _run(capsys, "period", d, "--period", q, "--format", "json")
        bal = {b["invoice"]: (b["licensee"], b["owed"]) for b in json.loads(out)["balances"]
               if b["period"] == "2016Q1"}
        assert bal == {k: v[:2] for k, v in first.items()}


def _small(sales, payers, *, discounts=None, us_expiry="2030-01-01"):
    # member A: one US patent (expiring on us_expiry), B: one CN patent; US$1.00 a unit
    return m.Pool(
        "payer notes", [m.Member("A"), m.Member("B")],
        [m.Patent("US1", "A", "US", us_expiry), m.Patent("CN1", "B", "CN", "2030-01-01")],
        licensees=[m.Licensee("L1")],
        sales=[m.SalesRecord("L1", day, "codec", c, c, u) for day, c, u in sales],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]),
                            discounts=discounts or m.Discounts()),
        payers={i + 2: p for i, p in enumerate(payers) if p})


def test_loss_of_good_standing_reprices_the_payers_rows_too():
    # Good-standing discount 10 %: L1's 1,000 units of 1 Feb paid by CHIP, 1,000 x 1.00 x
    # 0.9 = 900.00 invoiced to CHIP in 2024Q1.  Audit closed 15 July (Q3) finds 100
    # units of 1 Mar (payer blank: L1): 100 > 3 % of 1,000, good standing lost for 2024,
    # Q1 re-priced without the discount:
    #   CHIP  1,000 x 1.00 = 1,000.00, back royalties 1,000 - 900 = 100.00
    #   L1      100 x 1.00 =   100.00
    # interest 5 % from the Q1 due date 15 May to 15 July, 61 days, on each note:
    #   10,000 cents x 0.05 x 61 / 365 = 83.56 -> 84 cents, twice
    pool = _small([("2024-02-01", "CN", 1000)], ["CHIP"], discounts=m.Discounts(good_standing=0.1))
    found = _small([("2024-03-01", "CN", 100)], []).sales
    inputs = PeriodInputs(
        reporting=ReportingTerms(interest_rate=0.05, underpayment_threshold=0.03),
        audits=[AuditFinding("L1", "2024Q1", D(2024, 7, 15), found)])
    assert {i.number: i.owed_cents for i in period(pool, "2024Q1", inputs).invoices} == {
        "2024Q1-L1-P-CHIP": 90_000}
    q3 = period(pool, "2024Q3", inputs)
    notes = {i.number: (i.licensee, i.owed_cents, [li.cents for li in i.line_items])
             for i in q3.invoices}
    assert notes == {"2024Q3-L1-P-CHIP-A1": ("CHIP", 10_084, [10_000, 84]),
                     "2024Q3-L1-A1": ("L1", 10_084, [10_000, 84])}


def test_a_payers_note_is_distributed_by_the_counts_of_the_period_it_corrects():
    # A's US patent expires 30 June 2024.  L1's 1,000 US units of 1 Feb paid by CHIP
    # (1,000.00 to CHIP in Q1), 3,000 CN units of 1 May its own.  Amended Q1 report filed
    # 1 Aug (Q3): CHIP's row is 1,500 units: note 2024Q3-L1-P-CHIP-D1 = 500.00 to CHIP.
    # CHIP pays it on 10 Oct (Q4): the row is dated 1 Feb, when only A's US patent was
    # in force in the US, so all 500.00 go to A although A's patent has expired.
    pool = _small([("2024-02-01", "US", 1000), ("2024-05-01", "CN", 3000)], ["CHIP", ""],
                  us_expiry="2024-06-30")
    new = _small([("2024-02-01", "US", 1500)], []).sales
    am = Amendment("L1", "2024Q1", D(2024, 8, 1), new, payers=["CHIP"])
    pay = PaymentRecord("CHIP", D(2024, 10, 10), 50_000, invoice="2024Q3-L1-P-CHIP-D1",
                        line=2)
    inputs = PeriodInputs(reporting=ReportingTerms(), amendments=[am], payments=[pay])
    q3 = period(pool, "2024Q3", inputs)
    assert {(i.number, i.licensee): i.owed_cents for i in q3.invoices} == {
        ("2024Q3-L1-P-CHIP-D1", "CHIP"): 50_000}
    q4 = period(pool, "2024Q4", inputs)
    assert [(x.member, x.gross_cents) for x in q4.distribution.members] == [("A", 50_000)]
    assert q4.payments[0].licensee == pay.licensee
    # by country: the payer's note is counted in the row's country (US), all of it A's
    by = period(pool, "2024Q4", inputs, by_country=True).distribution.countries
    assert [(c.member, c.country, c.entitled_cents) for c in by] == [("A", "US", 50_000)]


# --- property: the period invoices of a year add up to the annual bills ---------------
_LIC = ("L1", "L2")
_PAYER = st.sampled_from(["", "CHIP", "BOARD", "L2"])
_ROW = st.tuples(st.sampled_from(_LIC), st.integers(1, 4), st.integers(0, 80),
                 st.sampled_from(["CN", "US"]), st.integers(0, 3000), _PAYER)
_FIX = st.tuples(st.sampled_from(_LIC), st.integers(1, 3), st.integers(1, 3),
                 st.lists(st.tuples(st.integers(0, 80), st.sampled_from(["CN", "US"]),
                                    st.integers(0, 3000), _PAYER), min_size=1, max_size=3))


def _day(q: int, offset: int) -> dt.date:
    return D(2024, 3 * q - 2, 1) + dt.timedelta(days=offset)


def _pool(rows, payers, fee=0.0):
    patents = [m.Patent(f"{c}{i}", f"M{i % 2 + 1}", c, "2030-01-01")
               for c in ("CN", "US") for i in range(1, 4)]
    return m.Pool(
        "payers", [m.Member("M1"), m.Member("M2")], patents,
        licensees=[m.Licensee("L1", enterprise="E", signed="2023-05-01"),
                   m.Licensee("L2", enterprise="E", signed="2024-02-01")],
        sales=[m.SalesRecord(lic, day, "codec", c, c, u) for lic, day, c, u in rows],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.0), (300, 0.25), (3000, 0.1)]),
                            enterprise_cap=600.0, free_units=100, entry_fee=fee,
                            entry_fee_creditable=fee / 2),
        payers={i + 2: p for i, p in enumerate(payers) if p})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ROW, min_size=1, max_size=10), st.lists(_FIX, max_size=3),
       st.lists(_FIX, max_size=1), st.sampled_from([0.0, 300.0]))
# two amended reports of L1's 2024Q1 filed in Q2 and Q3: the later one replaces the first
# (1,000 units, then 1,600, then 2,000: 150.00, 300.00, 400.00; added up, 3,600 units
# would be capped at 600.00)
@example([("L1", 1, 0, "US", 1000, "CHIP")],
         [("L1", 1, 1, [(0, "US", 1600, "CHIP")]), ("L1", 1, 2, [(0, "US", 2000, "")])],
         [], 0.0)
def test_period_invoices_with_corrections_sum_to_the_annual_bills_of_the_final_rows(
        sales, fixes, found, fee):
    # per (addressee, licensee): sum over 2024Q1..Q4 of the invoices and notes equals the
    # annual bill of the final rows (sales less the amended (licensee, quarter) groups,
    # plus the amended rows, plus the audit's rows; each paid by its payer), with the
    # enterprise cap re-pricing earlier rows and affiliates; the licensee's own part with
    # its entry fee (L2 signs in 2024) and fee credit (L1 signed in 2023)
    rows = [(lic, _day(q, o), c, u) for lic, q, o, c, u, _ in sales]
    payers = [p for *_, p in sales]
    seen, amendments, audits = set(), [], []
    for lic, q, later, new in fixes:
        got = [(lic, _day(q, o), c, u) for o, c, u, _ in new]
        filed = _day(min(q + later, 4), 5)
        if (lic, q, filed) in seen:  # one amended report per (licensee, quarter, day)
            continue
        seen.add((lic, q, filed))
        amendments.append((Amendment(lic, f"2024Q{q}", filed, _pool(got, []).sales,
                                     payers=[p for *_, p in new]), q, got, new))
    for lic, q, later, new in found:
        got = [(lic, _day(q, o), c, u) for o, c, u, _ in new]
        audits.append((AuditFinding(lic, f"2024Q{q}", _day(min(q + later, 4), 7),
                                    _pool(got, []).sales, payers=[p for *_, p in new]),
                       got, new))
    # the final rows in the order the year-to-date view holds them: the kept sales, the
    # amended rows, the audit's rows
    # a later-filed amended report of the same (licensee, quarter) replaces the earlier
    last: dict[tuple[str, int], Amendment] = {}
    for a, q, _, _ in amendments:
        if (a.licensee, q) not in last or a.filed > last[(a.licensee, q)].filed:
            last[(a.licensee, q)] = a
    kept = [x for x in amendments if x[0] is last[(x[0].licensee, x[1])]]
    final = [(r, p) for r, p, s in zip(rows, payers, sales, strict=True)
             if (s[0], s[1]) not in last]
    for _, _, got, new in kept:
        final += list(zip(got, [p for *_, p in new], strict=True))
    for _, got, new in audits:
        final += list(zip(got, [p for *_, p in new], strict=True))
    oracle = royalties_owed(_pool([r for r, _ in final], [p for _, p in final], fee), 2024)
    annual: dict[tuple[str, str], int] = {}
    for b in oracle.payers:
        annual[(b.payer, b.licensee)] = b.cents
    if not oracle.payers:
        for i in oracle.invoices:
            annual[(i.licensee, i.licensee)] = i.owed_cents
    for f in oracle.fees:
        key = (f.licensee, f.licensee)
        annual[key] = annual.get(key, 0) + f.net_cents
    pool = _pool(rows, payers, fee)
    inputs = PeriodInputs(reporting=ReportingTerms(), amendments=[a for a, *_ in amendments],
                          audits=[a for a, *_ in audits])
    total: dict[tuple[str, str], int] = {}
    results = {}
    for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
        res = results[q] = period(pool, q, inputs)
        assert res.reconciliation.balanced
        for inv in res.invoices:
            key = (inv.licensee, inv.number.split("-")[1])
            total[key] = total.get(key, 0) + inv.owed_cents
    assert {k: v for k, v in total.items() if v} == {k: v for k, v in annual.items() if v}
    # nothing changes in a closed period when a later one is computed
    for i, q in enumerate(results):
        mine = {(x.number, x.licensee, x.owed_cents) for x in results[q].invoices}
        for later in list(results)[i + 1:]:
            assert {(b.invoice, b.licensee, b.owed_cents) for b in results[later].balances
                    if b.period == q} == mine

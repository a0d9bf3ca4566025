"""Issue 14 gap: a correction of an earlier year for a licensee with a creditable entry fee.

The creditable part of the fee is credited against the royalty of the year it accrues;
a correction of year Y filed in a later year re-runs the credit schedule from Y forward
and bills only the difference, in the period the correction is filed
(:mod:`poolcalc.periods._fees`, "A correction of an earlier year").  Hand-computed
values are in the comments (never produced by poolcalc).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.cli import main
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
D = dt.date
HEADER = ("licensee,date,product,country_of_sale,country_of_manufacture,units,net_price,"
          "period,filed\n")


def _dvd3c(tmp_path, amendments):
    # DVD 3C (fee 10,000.00, 5,000.00 creditable; 3.5 %, minimum 5.00 a player),
    # quarterly, with an amended report
    d = tmp_path / "dvd3c"
    shutil.copytree(REAL / "dvd3c_entry_fee_1999", d)
    with open(d / "pool.toml", "a") as f:
        f.write('\n[reporting]\nperiod = "quarter"\npayment_due_days = 45\n')
    (d / "amendments.csv").write_text(HEADER + amendments)
    return d


def _invoices(capsys, d, label):
    code = main(["period", str(d), "--period", label, "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0
    res = json.loads(out)
    assert res["reconciliation"]["balanced"] is True
    return {i["invoice"]: (i["kind"], i["owed"], i["amends"],
                           [(x["kind"], x["amount"]) for x in i["line_items"]])
            for i in res["invoices"]}


def test_a_later_correction_of_2000_moves_the_2001_credit_and_bills_the_difference(
        capsys, tmp_path):
    # PLAYERCO (signed 1999) reported 600 players in 2000Q2 and amends it to 800 on
    # 1 Aug 2001 (2001Q3).
    #   2000 as reported:  600 x 5.00 = 3,000, credit min(3,000, 5,000) = 3,000, net 0
    #   2000 corrected:    800 x 5.00 = 4,000, credit min(4,000, 5,000) = 4,000, net 0
    #     -> no note for 2000 (the correction's net difference is 0)
    #   2001 (1,000 x 0.035 x 200 = 7,000): credit min(7,000, 5,000 - 3,000) = 2,000 was
    #     invoiced in 2001Q2 (5,000.00); corrected min(7,000, 5,000 - 4,000) = 1,000
    #     -> debit note 2001Q3-PLAYERCO-D1 of 2,000 - 1,000 = 1,000.00
    d = _dvd3c(tmp_path, "PLAYERCO,2000-05-10,dvd_player,NL,CN,800,100.00,2000Q2,2001-08-01\n")
    assert _invoices(capsys, d, "2001Q2")["2001Q2-PLAYERCO"][1] == "5000.00"
    assert _invoices(capsys, d, "2001Q3") == {
        "2001Q3-PLAYERCO-D1": ("debit_note", "1000.00", "2001Q1, 2001Q2",
                               [("entry_fee_credit", "1000.00")])}
    assert _invoices(capsys, d, "2001Q4") == {}
    # 2001 billed 5,000 + 1,000 = 6,000 = PLAYERCO 7,000 - 1,000 + LATECO 1,000 - 1,000


def test_a_correction_filed_two_years_later_bills_the_credit_difference_then(capsys, tmp_path):
    # the same amended report filed on 1 Feb 2002 (a year without sales, administered
    # because the filing is dated in it): 2001's credit 2,000 -> 1,000, note of
    # 1,000.00 in 2002Q1 against 2001's invoices
    d = _dvd3c(tmp_path, "PLAYERCO,2000-05-10,dvd_player,NL,CN,800,100.00,2000Q2,2002-02-01\n")
    assert _invoices(capsys, d, "2001Q4") == {}
    assert _invoices(capsys, d, "2002Q1") == {
        "2002Q1-PLAYERCO-D1": ("debit_note", "1000.00", "2001Q1, 2001Q2, 2001Q3, 2001Q4",
                               [("entry_fee_credit", "1000.00")])}


def test_a_later_correction_down_gives_back_credit_as_a_credit_note(capsys, tmp_path):
    # 2000Q2 amended down to 200 players on 1 Aug 2001:
    #   2000: 200 x 5.00 = 1,000, credit 1,000, net 0 (as before: no note)
    #   2001: credit min(7,000, 5,000 - 1,000) = 4,000 instead of 2,000
    #     -> credit note 2001Q3-PLAYERCO-C1 of -2,000.00
    d = _dvd3c(tmp_path, "PLAYERCO,2000-05-10,dvd_player,NL,CN,200,100.00,2000Q2,2001-08-01\n")
    assert _invoices(capsys, d, "2001Q3") == {
        "2001Q3-PLAYERCO-C1": ("credit_note", "-2000.00", "2001Q1, 2001Q2",
                               [("entry_fee_credit", "-2000.00")])}


def test_a_later_correction_of_the_signing_year_is_a_plain_debit_note(capsys, tmp_path):
    # (refused before) 1999Q2 amended from 400 to 500 players on 1 Aug 2000: 1999 is the
    # signing year, its royalty is not credited: 500 x 5.00 - 400 x 5.00 = 500.00 debit;
    # the credit left for 2000 (5,000) does not move
    d = _dvd3c(tmp_path, "PLAYERCO,1999-06-15,dvd_player,NL,CN,500,100.00,1999Q2,2000-08-01\n")
    assert _invoices(capsys, d, "2000Q3") == {
        "2000Q3-PLAYERCO-D1": ("debit_note", "500.00", "1999Q2", [("correction", "500.00")])}


def _two_members(sales=None):
    # A's patent counted in NL, B's in DE; 1.00 a unit; fee 1,000, 500 creditable
    return m.Pool(
        "credit split", [m.Member("A"), m.Member("B")],
        [m.Patent("NL1", "A", "NL", "2030-01-01"), m.Patent("DE1", "B", "DE", "2030-01-01")],
        licensees=[m.Licensee("L", signed="2022-06-01")],
        sales=sales or [m.SalesRecord("L", "2023-05-10", "codec", "NL", "NL", 300),
                        m.SalesRecord("L", "2024-02-10", "codec", "DE", "DE", 400)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]), entry_fee=1000.0,
                            entry_fee_creditable=500.0),
    )


def test_the_credit_notes_cash_goes_to_the_members_of_the_later_years_rows():
    # 2023: 300 units (NL) = 300.00, credit 300, net 0; 2024Q1: 400 units (DE) = 400.00,
    # credit 500 - 300 = 200, invoiced 200.00.  2023Q2 amended to 400 units on 1 Aug
    # 2024: 2023 credit 400, net 0 (no note); 2024 credit 100 -> debit note 100.00 in
    # 2024Q3, paid on 10 Oct 2024.  The credit it replaces was set against 2024's rows (DE,
    # all B's): B receives the 100.00 (no administrator fee, no reserve)
    pool = _two_members()
    fixed = _two_members([m.SalesRecord("L", "2023-05-10", "codec", "NL", "NL", 400)]).sales
    inputs = PeriodInputs(
        reporting=ReportingTerms(),
        amendments=[Amendment("L", "2023Q2", D(2024, 8, 1), fixed)],
        payments=[PaymentRecord("L", D(2024, 10, 10), 10_000, "USD", "2024Q3-L-D1", line=2)])
    assert {i.number: i.owed_cents for i in period(pool, "2024Q1", inputs).invoices} == {
        "2024Q1-L": 20_000}
    assert {i.number: i.owed_cents for i in period(pool, "2024Q3", inputs).invoices} == {
        "2024Q3-L-D1": 10_000}
    res = period(pool, "2024Q4", inputs)
    assert [(s.member, s.gross_cents) for s in res.distribution.members] == [("B", 10_000)]
    assert res.reconciliation.balanced


# --- property: corrections of earlier years, billed by differences -----------------------
_Q = st.integers(1, 8)  # quarters 2023Q1 .. 2024Q4
_ROW = st.tuples(st.sampled_from(["L1", "L2", "L3"]), _Q, st.integers(0, 80),
                 st.integers(0, 900))
_FIX = st.tuples(st.sampled_from(["L1", "L2", "L3"]), _Q, st.integers(1, 6),
                 st.lists(st.tuples(st.integers(0, 80), st.integers(0, 900)),
                          min_size=1, max_size=2))


def _day(q: int, offset: int) -> dt.date:
    y, k = 2023 + (q - 1) // 4, (q - 1) % 4 + 1
    return D(y, 3 * k - 2, 1) + dt.timedelta(days=offset)


def _label(q: int) -> str:
    return f"{2023 + (q - 1) // 4}Q{(q - 1) % 4 + 1}"


def _pool(rows, fee):
    patents = [m.Patent(f"{c}{i}", f"M{i % 2 + 1}", c, "2030-01-01")
               for c in ("CN", "US") for i in range(1, 4)]
    return m.Pool(
        "fees", [m.Member("M1"), m.Member("M2")], patents,
        licensees=[m.Licensee("L1", signed="2022-05-01", enterprise="E"),
                   m.Licensee("L2", signed="2023-02-01", enterprise="E"),
                   m.Licensee("L3", signed="2022-11-30")],
        sales=[m.SalesRecord(lic, day, "codec", "CN", "US", u) for lic, day, u in rows],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.0), (100, 0.5), (1000, 0.2)]),
                            enterprise_cap=900.0, entry_fee=fee[0],
                            entry_fee_creditable=fee[1]),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ROW, min_size=1, max_size=10), st.lists(_FIX, max_size=3),
       st.lists(_FIX, max_size=1), st.sampled_from([(500.0, 400.0), (300.0, 300.0)]))
def test_billed_through_2024_is_the_annual_invoices_of_the_final_reports(sales, fixes, found,
                                                                          fee):
    # per licensee: every invoice and note of 2023Q1..2024Q4 adds up to the annual invoices
    # of 2023 and 2024 (royalty + fee - fee credit) on the final reports (amended rows in
    # place of the reported ones, the audits' rows added), whatever year the corrections
    # are filed in; and a closed period never changes when a later one is computed
    sales = [("L3", 1, 3, 50), ("L3", 5, 3, 50), *sales]  # both years have sales
    rows = [(lic, _day(q, o), u) for lic, q, o, u in sales]
    last: dict[tuple[str, int], tuple[int, list]] = {}
    amendments, audits, extra = [], [], []
    for lic, q, later, new in fixes:
        got = [(lic, _day(q, o), u) for o, u in new]
        f = min(q + later, 8)
        if f == q or (lic, q) in last and last[(lic, q)][0] >= f:
            continue  # filed after its period; a later filing replaces the earlier one
        last[(lic, q)] = (f, got)
        amendments.append(Amendment(lic, _label(q), _day(f, 5), _pool(got, fee).sales))
    for lic, q, later, new in found:
        got = [(lic, _day(q, o), u) for o, u in new]
        if q + later <= 8:
            audits.append(AuditFinding(lic, _label(q), _day(q + later, 7), _pool(got, fee).sales))
            extra += got
    final = [r for r, s in zip(rows, sales, strict=True) if (s[0], s[1]) not in last]
    for _, got in last.values():
        final += got
    oracle = _pool(final + extra, fee)
    annual: dict[str, int] = {}
    for year in (2023, 2024):
        rep = royalties_owed(oracle, year)
        for i in rep.invoices:
            annual[i.licensee] = annual.get(i.licensee, 0) + i.owed_cents
        for f in rep.fees:
            annual[f.licensee] = annual.get(f.licensee, 0) + f.net_cents
    pool = _pool(rows, fee)
    inputs = PeriodInputs(reporting=ReportingTerms(), amendments=amendments, audits=audits)
    total: dict[str, int] = {}
    results = {}
    for q in range(1, 9):
        res = results[_label(q)] = period(pool, _label(q), inputs)
        assert res.reconciliation.balanced
        for inv in res.invoices:
            total[inv.licensee] = total.get(inv.licensee, 0) + inv.owed_cents
    assert {k: v for k, v in total.items() if v} == {k: v for k, v in annual.items() if v}
    labels = list(results)
    for i, q in enumerate(labels):
        mine = {(x.number, x.licensee, x.owed_cents) for x in results[q].invoices}
        for later in labels[i + 1:]:
            assert {(b.invoice, b.licensee, b.owed_cents) for b in results[later].balances
                    if b.period == q} == mine

"""Administration over periods (issue 14): hand-computed cases.

Every reference value is computed by hand in the comments from the terms of the
small pools built here; none comes from the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

import poolcalc
import poolcalc.model as m
from poolcalc.periods import (
    Amendment,
    AuditFinding,
    PaymentRecord,
    PeriodInputs,
    ReportingTerms,
    parse_period,
    period,
)

D = dt.date


def _pool(sales, *, tiers=((0, 1.0),), cap=float("inf"), expire_m3="2030-01-01",
          discounts=None, good_standing=True, fee=0.0):
    """Three licensors with 1, 2 and 3 CN patents (M3's expire on ``expire_m3``)."""
    patents = [
        m.Patent("CN1", "M1", "CN", "2030-01-01"),
        m.Patent("CN2", "M2", "CN", "2030-01-01"),
        m.Patent("CN3", "M2", "CN", "2030-01-01"),
        m.Patent("CN4", "M3", "CN", expire_m3),
        m.Patent("CN5", "M3", "CN", expire_m3),
        m.Patent("CN6", "M3", "CN", expire_m3),
    ]
    return m.Pool(
        "test", [m.Member("M1"), m.Member("M2"), m.Member("M3")], patents,
        licensees=[m.Licensee("L1", signed="2020-01-01", good_standing=good_standing),
                   m.Licensee("L2", signed="2020-01-01", good_standing=good_standing)],
        sales=[m.SalesRecord(lic, day, "codec", "CN", "CN", units)
               for lic, day, units in sales],
        schedule=m.Schedule(
            default=m.ProductRate(tiers=list(tiers), tier_mode="marginal"),
            enterprise_cap=cap, discounts=discounts or m.Discounts(),
        ),
        administrator_fee=fee, currency="USD",
    )


def _owed(pool, label, inputs=None):
    res = period(pool, label, inputs)
    return {i.number: i.owed_cents for i in res.invoices}


def test_parse_period_and_unknown_period():
    p = parse_period("2024Q3")
    assert (p.start, p.end) == (D(2024, 7, 1), D(2024, 9, 30))
    assert parse_period("2024H2", "half").start == D(2024, 7, 1)
    with pytest.raises(poolcalc.InvalidInputError, match="2024Q5"):
        parse_period("2024Q5")
    with pytest.raises(poolcalc.InvalidInputError, match="reports by half"):
        parse_period("2024Q1", "half")


def test_annual_cap_binds_in_q3():
    # US$1.00 per unit, Enterprise cap US$250 a year; 100 units each quarter.
    # YTD: Q1 100, Q2 200, Q3 min(300, 250) = 250, Q4 min(400, 250) = 250.
    # Invoices: Q1 100.00, Q2 100.00, Q3 250 - 200 = 50.00 (partly), Q4 0.00.
    sales = [("L1", d, 100) for d in ("2024-02-01", "2024-05-01", "2024-08-01", "2024-11-01")]
    pool = _pool(sales, cap=250.0)
    assert _owed(pool, "2024Q1") == {"2024Q1-L1": 10000}
    assert _owed(pool, "2024Q2") == {"2024Q2-L1": 10000}
    assert _owed(pool, "2024Q3") == {"2024Q3-L1": 5000}
    assert _owed(pool, "2024Q4") == {"2024Q4-L1": 0}
    inv = period(pool, "2024Q3").invoice("2024Q3-L1")
    assert (inv.ytd_cents, inv.previously_invoiced_cents) == (25000, 20000)
    assert inv.due == D(2024, 11, 14)  # 30 September + 45 days


def test_marginal_tiers_cross_a_bracket_mid_year():
    # Marginal: units 0-100 free, 100-500 at US$0.20, above 500 at US$0.10.
    # Q1 80 units: YTD 0.  Q2 +80 = 160: 60 x 0.20 = 12.00.
    # Q3 +400 = 560: 400 x 0.20 + 60 x 0.10 = 86.00 -> Q3 invoice 86 - 12 = 74.00.
    sales = [("L1", "2024-01-15", 80), ("L1", "2024-04-15", 80), ("L1", "2024-07-15", 400)]
    pool = _pool(sales, tiers=((0, 0.0), (100, 0.20), (500, 0.10)))
    assert _owed(pool, "2024Q1") == {"2024Q1-L1": 0}
    assert _owed(pool, "2024Q2") == {"2024Q2-L1": 1200}
    assert _owed(pool, "2024Q3") == {"2024Q3-L1": 7400}


def test_cn_withholding_split_among_three_licensors():
    # Q1: 1000 units sold in CN at US$1.00 -> invoice 2024Q1-L1 = 1000.00, due 15 May.
    # Counts in CN: M1 1, M2 2, M3 3 (of 6).  Payment 900.00 cash + 100.00 withheld
    # (10 % CN, certificate CN-WHT-1) on 10 May (Q2, on time).  Fee 10 %.
    # T = 1000.00 = 100000 cents.  Entitled = 100000 x (1, 2, 3)/6 = 16666.67, 33333.33,
    # 50000 -> floors 16666, 33333, 50000 (99999), 1 cent to the largest remainder (M1):
    # 16667, 33333, 50000.  Fee floor(100000 x 0.1) = 10000 split by entitled:
    # 1666.7, 3333.3, 5000 -> 1667, 3333, 5000.  Gross = 15000, 30000, 45000.
    # Tax 10000 by the payment's shares 1/6, 2/6, 3/6: 1666.67, 3333.33, 5000 ->
    # 1667, 3333, 5000.  Net = 13333, 26667, 40000 (sum 80000 = 900.00 - 100.00 fee).
    pool = _pool([("L1", "2024-02-01", 1000)], fee=0.1)
    pay = PaymentRecord("L1", D(2024, 5, 10), 90000, "USD", "2024Q1-L1", 10000, "CN",
                        "CN-WHT-1", line=2)
    res = period(pool, "2024Q2", PeriodInputs(payments=[pay]))
    d = res.distribution
    assert (d.received_cents, d.withheld_tax_cents, d.administrator_fee_cents) == (
        90000, 10000, 10000)
    got = {s.member: (s.entitled_cents, s.fee_cents, s.gross_cents, s.tax_credit_cents,
                      s.net_cents) for s in d.members}
    assert got == {"M1": (16667, 1667, 15000, 1667, 13333),
                   "M2": (33333, 3333, 30000, 3333, 26667),
                   "M3": (50000, 5000, 45000, 5000, 40000)}
    assert {(t.member, t.certificate, t.country, t.cents) for t in d.tax_credits} == {
        ("M1", "CN-WHT-1", "CN", 1667), ("M2", "CN-WHT-1", "CN", 3333),
        ("M3", "CN-WHT-1", "CN", 5000)}
    assert res.reconciliation.balanced
    js = res.to_dict()["distribution"]
    assert js["received"] == "900.00" and js["withheld_tax"] == "100.00"
    # the invoice is settled in full: nothing outstanding
    bal = {b.invoice: b.outstanding_cents for b in res.balances}
    assert bal["2024Q1-L1"] == 0


def test_late_payment_with_interest():
    # Invoice 2024Q1-L1 = 1000.00 due 2024-05-15; paid in full on 2024-06-14: 30 days
    # late at 7.3 % a year simple: 100000 x 0.073 x 30 / 365 = 600 cents = 6.00,
    # invoiced at once as debit note 2024Q2-L1-I1 (due 14 June + 45 days).
    pool = _pool([("L1", "2024-02-01", 1000)])
    terms = ReportingTerms(interest_rate=0.073)
    pay = PaymentRecord("L1", D(2024, 6, 14), 100000, line=2)
    res = period(pool, "2024Q2", PeriodInputs(reporting=terms, payments=[pay]))
    (p,) = res.payments
    assert (p.interest_cents, p.days_late) == (600, 30)
    note = res.invoice("2024Q2-L1-I1")
    assert (note.owed_cents, note.kind, note.due) == (600, "debit_note", D(2024, 7, 29))
    # the interest is owed until paid; partial payment: half of an invoice paid late
    half = PaymentRecord("L1", D(2024, 6, 14), 50000, line=2)
    res = period(pool, "2024Q2", PeriodInputs(reporting=terms, payments=[half]))
    # 50000 x 0.073 x 30 / 365 = 300 cents; 500.00 still outstanding
    assert res.invoice("2024Q2-L1-I1").owed_cents == 300
    bal = {b.invoice: b.outstanding_cents for b in res.balances}
    assert bal == {"2024Q1-L1": 50000, "2024Q2-L1-I1": 300}


def test_amended_q1_report_closed_in_q3_redistributes_by_q1_counts():
    # Q1 report: 100 units (US$1.00) -> 100.00.  M3's patents expire 30 June, so in Q3
    # only M1 (1) and M2 (2) count.  On 10 August (Q3) L1 files an amended Q1 report
    # of 150 units: debit note 2024Q3-L1-D1 = +50.00, amending 2024Q1, issued with Q3's
    # invoices.  Paid on 20 October (Q4), it is split by Q1's counts 1:2:3:
    # 5000 x (1, 2, 3)/6 = 833.33, 1666.67, 2500 -> 833, 1667, 2500 (M3 shares
    # although its patents have expired since).
    pool = _pool([("L1", "2024-02-01", 100)], expire_m3="2024-06-30")
    amended = poolcalc.model.sales_table(
        [m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 150)], pool.licensees)
    am = Amendment("L1", "2024Q1", D(2024, 8, 10), amended)
    pay = PaymentRecord("L1", D(2024, 10, 20), 5000, invoice="2024Q3-L1-D1", line=2)
    inputs = PeriodInputs(payments=[pay], amendments=[am])
    q3 = period(pool, "2024Q3", inputs)
    note = q3.invoice("2024Q3-L1-D1")
    assert (note.owed_cents, note.kind, note.amends) == (5000, "debit_note", "2024Q1")
    assert period(pool, "2024Q1", inputs).invoice("2024Q1-L1").owed_cents == 10000
    q4 = period(pool, "2024Q4", inputs)
    by = {(i, mm): c for i, mm, c in q4.distribution.by_invoice}
    assert by == {("2024Q3-L1-D1", "M1"): 833, ("2024Q3-L1-D1", "M2"): 1667,
                  ("2024Q3-L1-D1", "M3"): 2500}
    assert q4.reconciliation.balanced


def test_amended_report_lower_gives_credit_note():
    # Q1 100 units -> 100.00; amended to 60 units on 5 May (Q2): credit note -40.00.
    pool = _pool([("L1", "2024-02-01", 100)])
    amended = poolcalc.model.sales_table(
        [m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 60)], pool.licensees)
    inputs = PeriodInputs(amendments=[Amendment("L1", "2024Q1", D(2024, 5, 5), amended)])
    res = period(pool, "2024Q2", inputs)
    note = res.invoice("2024Q2-L1-C1")
    assert (note.owed_cents, note.kind) == (-4000, "credit_note")
    # the credit note is set against the open Q1 invoice: 100.00 - 40.00 = 60.00 open
    bal = {b.invoice: b.outstanding_cents for b in res.balances}
    assert bal["2024Q1-L1"] == 6000
    assert res.reconciliation.balanced


def test_a_second_amended_report_of_the_same_period_replaces_the_first():
    # Q1 100 units x US$1.00 -> 100.00.  Amended on 5 May (Q2) to 60 units: credit note
    # 2024Q2-L1-C1 = -40.00.  Amended again on 10 August (Q3) to 130 units: the second
    # report replaces the first (not added to it), so Q1 is now 130.00 and the Q3 note
    # is 130.00 - 60.00 = +70.00 (2024Q3-L1-D1); added up, the notes would have made it
    # 60 + 130 = 190 units.
    pool = _pool([("L1", "2024-02-01", 100)])
    rows = [poolcalc.model.sales_table(
        [m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", u)], pool.licensees)
        for u in (60, 130)]
    inputs = PeriodInputs(amendments=[Amendment("L1", "2024Q1", D(2024, 5, 5), rows[0]),
                                      Amendment("L1", "2024Q1", D(2024, 8, 10), rows[1])])
    assert period(pool, "2024Q2", inputs).invoice("2024Q2-L1-C1").owed_cents == -4000
    q3 = period(pool, "2024Q3", inputs)
    assert q3.invoice("2024Q3-L1-D1").owed_cents == 7000
    # the year's invoices and notes: 100.00 - 40.00 + 70.00 = 130.00, the final report
    q4 = period(pool, "2024Q4", inputs)
    assert sum(b.owed_cents for b in q4.balances) == 13000
    assert q3.reconciliation.balanced and q4.reconciliation.balanced


def test_audit_over_three_percent_removes_good_standing():
    # Good-standing discount 10 %: Q1 1000 units x US$1.00 x 0.9 = 900.00 invoiced.
    # Audit closed 15 July (Q3) finds 100 more units in Q1: 100 > 3 % of 1000, so
    # good standing is lost for 2024 and Q1 is re-priced without the discount:
    # 1100 x 1.00 = 1100.00; back royalties 1100 - 900 = 200.00 plus interest at 5 %
    # from the Q1 due date 15 May to 15 July (61 days): 20000 x 0.05 x 61/365 =
    # 167.12 -> 167 cents.  Audit note 2024Q3-L2-A1 = 201.67.
    pool = _pool([("L2", "2024-02-01", 1000)], discounts=m.Discounts(good_standing=0.1))
    found = poolcalc.model.sales_table(
        [m.SalesRecord("L2", "2024-03-01", "codec", "CN", "CN", 100)], pool.licensees)
    terms = ReportingTerms(interest_rate=0.05, underpayment_threshold=0.03)
    inputs = PeriodInputs(reporting=terms,
                          audits=[AuditFinding("L2", "2024Q1", D(2024, 7, 15), found)])
    assert _owed(pool, "2024Q1", inputs) == {"2024Q1-L2": 90000}
    note = period(pool, "2024Q3", inputs).invoice("2024Q3-L2-A1")
    assert note.owed_cents == 20000 + 167
    assert [li.kind for li in note.line_items] == ["audit", "interest"]
    # under the threshold (20 units = 2 %): discount kept, 20 x 0.9 = 18.00, no loss
    small = poolcalc.model.sales_table(
        [m.SalesRecord("L2", "2024-03-01", "codec", "CN", "CN", 20)], pool.licensees)
    inputs = PeriodInputs(reporting=ReportingTerms(underpayment_threshold=0.03),
                          audits=[AuditFinding("L2", "2024Q1", D(2024, 7, 15), small)])
    assert period(pool, "2024Q3", inputs).invoice("2024Q3-L2-A1").owed_cents == 1800


def test_overpayment_held_as_credit_and_used_next_period():
    # Q1 100.00 paid 150.00 on 1 May: 50.00 held.  Q2 invoice 100.00 issued at Q2's end
    # takes the 50.00 credit: 50.00 outstanding.
    pool = _pool([("L1", "2024-02-01", 100), ("L1", "2024-05-01", 100)])
    pay = PaymentRecord("L1", D(2024, 5, 1), 15000, line=2)
    res = period(pool, "2024Q2", PeriodInputs(payments=[pay]))
    assert res.payments[0].credit_cents == 5000
    bal = {b.invoice: b.outstanding_cents for b in res.balances}
    assert bal == {"2024Q1-L1": 0, "2024Q2-L1": 5000}
    assert res.reconciliation.balanced
    assert res.distribution.received_cents == 15000  # 100.00 cash + 50.00 credit used


def test_unknown_invoice_raises():
    pool = _pool([("L1", "2024-02-01", 100)])
    pay = PaymentRecord("L1", D(2024, 5, 1), 100, invoice="2024Q1-L9", line=7)
    with pytest.raises(poolcalc.InvalidInputError, match=r":7: field invoice.*2024Q1-L9"):
        period(pool, "2024Q2", PeriodInputs(payments=[pay]))


def test_example_pool_quarter_is_balanced_and_json_contract():
    res = poolcalc.period(poolcalc.load_example(), "2024Q3")
    d = res.to_dict()
    assert d["period"] == "2024Q3" and d["currency"] == "USD"
    assert {"invoice", "licensee", "period", "due", "owed"} <= set(d["invoices"][0])
    assert d["reconciliation"]["balanced"] is True
    assert len(repr(res)) < 300


def test_payment_in_another_currency_at_the_fx_rate_of_its_date():
    # Invoice 2024Q1-L1 = 1000.00 USD.  EUR 921.65 on 10 May at 1.085 USD/EUR:
    # 92165 x 1.085 = 99999.025 cents -> 99999 (half up): 0.01 USD left open, the
    # conversion difference is -0.01.
    from poolcalc.periods import FxRate

    pool = _pool([("L1", "2024-02-01", 1000)])
    pay = PaymentRecord("L1", D(2024, 5, 10), 92165, "EUR", "2024Q1-L1", line=2)
    inputs = PeriodInputs(payments=[pay], fx=[FxRate(D(2024, 5, 10), "EUR", 1.085)])
    res = period(pool, "2024Q2", inputs)
    (p,) = res.payments
    assert (p.amount_cents, p.original_cents, p.fx_difference_cents) == (99999, 92165, -1)
    assert {b.invoice: b.outstanding_cents for b in res.balances} == {"2024Q1-L1": 1}
    with pytest.raises(poolcalc.InvalidInputError, match="no fx.csv rate for EUR on 2024-05-10"):
        period(pool, "2024Q2", PeriodInputs(payments=[pay]))


def test_payment_before_the_first_period_is_refused():
    pool = _pool([("L1", "2024-02-01", 100)])
    pay = PaymentRecord("L1", D(2023, 12, 1), 100, line=3)
    with pytest.raises(poolcalc.InvalidInputError,
                       match=r"payments:3: field date: payment before the first reporting "
                             r"period \(2024Q1"):
        period(pool, "2024Q1", PeriodInputs(payments=[pay]))


def test_credit_note_against_an_unpaid_invoice_distributes_nothing():
    # L1 reports for Q1 100 units in CN (M1:M2:M3 hold 1:2:3 patents) and 100 units in
    # the US (M1 alone) at US$1.00: invoice 2024Q1-L1 = 200.00, member weights
    # M1 1/6 x 100 + 100 = 116.67, M2 33.33, M3 50.00.  On 5 May (Q2) it amends Q1 to
    # CN only: credit note 2024Q2-L1-C1 = -100.00 (all M1's US share), set against the
    # open Q1 invoice.  Nothing was ever paid, so Q2 received 0 and distributes 0;
    # today the offset is split as +100.00 by the Q1 weights (M1 58.33, M2 16.67,
    # M3 25.00) and -100.00 to M1: gross M1 -41.67, M2 +16.67, M3 +25.00.
    patents = [m.Patent(f"CN{i}", owner, "CN", "2030-01-01")
               for i, owner in enumerate(("M1", "M2", "M2", "M3", "M3", "M3"), 1)]
    pool = m.Pool(
        "test", [m.Member("M1"), m.Member("M2"), m.Member("M3")],
        [*patents, m.Patent("US1", "M1", "US", "2030-01-01")],
        licensees=[m.Licensee("L1", signed="2020-01-01")],
        sales=[m.SalesRecord("L1", "2024-02-01", "codec", c, c, 100) for c in ("CN", "US")],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])), currency="USD")
    amended = poolcalc.model.sales_table(
        [m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 100)], pool.licensees)
    inputs = PeriodInputs(amendments=[Amendment("L1", "2024Q1", D(2024, 5, 5), amended)])
    q2 = period(pool, "2024Q2", inputs)
    assert q2.invoice("2024Q2-L1-C1").owed_cents == -10000
    d = q2.distribution
    assert (d.received_cents, d.withheld_tax_cents) == (0, 0)
    assert {s.member: s.gross_cents for s in d.members if s.gross_cents} == {}

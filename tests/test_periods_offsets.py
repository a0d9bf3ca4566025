"""Credit and debit notes set against open invoices (issue 14, cash basis).

Pool of every case: L1 sells at US$1.00 a unit; in CN the members M1:M2:M3 hold
1:2:3 patents, in the US M1 holds the only one.  So a CN unit's dollar is split
1/6, 2/6, 3/6 and a US unit's goes to M1.  No fee, no reserve, no interest.
Every reference value is computed by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import pytest

import poolcalc
import poolcalc.model as m
from poolcalc.periods import Amendment, PaymentRecord, PeriodInputs, period

D = dt.date


def _pool(sales):
    patents = [m.Patent(f"CN{i}", owner, "CN", "2030-01-01")
               for i, owner in enumerate(("M1", "M2", "M2", "M3", "M3", "M3"), 1)]
    return m.Pool(
        "test", [m.Member("M1"), m.Member("M2"), m.Member("M3")],
        [*patents, m.Patent("US1", "M1", "US", "2030-01-01")],
        licensees=[m.Licensee("L1", signed="2020-01-01")],
        sales=[m.SalesRecord("L1", day, "codec", c, c, n) for day, c, n in sales],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])), currency="USD")


def _cn_only(pool, day="2024-02-01", units=100):
    return poolcalc.model.sales_table(
        [m.SalesRecord("L1", day, "codec", "CN", "CN", units)], pool.licensees)


def _gross(res):
    return {s.member: s.gross_cents for s in res.distribution.members if s.gross_cents}


Q1_CN_US = [("2024-02-01", "CN", 100), ("2024-02-01", "US", 100)]


def test_credit_against_an_unpaid_invoice_is_split_when_the_cash_arrives():
    # Invoice 2024Q1-L1 = 200.00 (M1 16.67 + 100, M2 33.33, M3 50.00), unpaid.  Amended
    # on 5 May (Q2) to its CN row only: credit note 2024Q2-L1-C1 = -100.00 (M1's US
    # dollar), set against the Q1 invoice: open 100.00, now made of M1 16.67, M2 33.33,
    # M3 50.00.  Q2: no cash, nothing distributed.  Paid 100.00 on 10 July (Q3):
    # 10000 x (1, 2, 3)/6 = 1666.67, 3333.33, 5000 -> floors 1666, 3333, 5000 (9999),
    # the cent to the largest remainder (M1): 1667, 3333, 5000.
    pool = _pool(Q1_CN_US)
    am = Amendment("L1", "2024Q1", D(2024, 5, 5), _cn_only(pool))
    pay = PaymentRecord("L1", D(2024, 7, 10), 10000, invoice="2024Q1-L1", line=2)
    inputs = PeriodInputs(payments=[pay], amendments=[am])
    q2 = period(pool, "2024Q2", inputs)
    assert q2.invoice("2024Q2-L1-C1").owed_cents == -10000
    assert _gross(q2) == {} and q2.reconciliation.balanced
    assert {b.invoice: b.outstanding_cents for b in q2.balances}["2024Q1-L1"] == 10000
    q3 = period(pool, "2024Q3", inputs)
    assert q3.distribution.received_cents == 10000
    assert _gross(q3) == {"M1": 1667, "M2": 3333, "M3": 5000}
    assert q3.reconciliation.balanced


def test_credit_against_a_partly_paid_invoice():
    # Invoice 2024Q1-L1 = 200.00 as above; 50.00 paid on 10 May (Q2, on time): Q2
    # distributes 50/200 of it: 2916.67, 833.33, 1250 -> 2917, 833, 1250.
    # Amended on 5 August (Q3): credit note -100.00 (M1) set against the open 150.00,
    # which was 3/4 of the invoice (M1 87.50, M2 25.00, M3 37.50), now less M1's
    # 100.00: M1 -12.50, M2 25.00, M3 37.50 (50.00 open).  Q3: no cash, nothing.
    # The last 50.00 paid on 10 October (Q4): M1 -12.50, M2 25.00, M3 37.50 --
    # a claw-back of M1's over-payment in Q2.  Over the year M1 29.17 - 12.50 = 16.67,
    # M2 8.33 + 25.00 = 33.33, M3 12.50 + 37.50 = 50.00: the corrected report's split.
    pool = _pool(Q1_CN_US)
    am = Amendment("L1", "2024Q1", D(2024, 8, 5), _cn_only(pool))
    pays = [PaymentRecord("L1", D(2024, 5, 10), 5000, invoice="2024Q1-L1", line=2),
            PaymentRecord("L1", D(2024, 10, 10), 5000, invoice="2024Q1-L1", line=3)]
    inputs = PeriodInputs(payments=pays, amendments=[am])
    assert _gross(period(pool, "2024Q2", inputs)) == {"M1": 2917, "M2": 833, "M3": 1250}
    q3 = period(pool, "2024Q3", inputs)
    assert q3.invoice("2024Q3-L1-C1").owed_cents == -10000
    assert _gross(q3) == {} and q3.distribution.received_cents == 0
    q4 = period(pool, "2024Q4", inputs)
    assert _gross(q4) == {"M1": -1250, "M2": 2500, "M3": 3750}
    assert q4.reconciliation.balanced
    assert {b.invoice: b.outstanding_cents for b in q4.balances}["2024Q1-L1"] == 0


def test_credit_against_a_paid_invoice_is_clawed_back_with_the_next_cash():
    # Invoice 2024Q1-L1 = 200.00 paid in full on 10 May (Q2): M1 116.67, M2 33.33,
    # M3 50.00.  Q3: L1 reports 100 CN units (invoice 2024Q3-L1 = 100.00: 16.67,
    # 33.33, 50.00) and amends Q1 to CN only on 5 August: credit note -100.00 (M1),
    # set against the Q3 invoice, which it settles in full.  What the Q3 invoice was
    # made of less the credit: M1 16.67 - 100 = -83.33, M2 33.33, M3 50.00 (sum 0), a
    # transfer (M1 was paid the 100.00 in cash in Q2) that waits for cash: Q3 moves
    # nothing.  Q4: 100 CN units; 100.00 paid on 1 December (no invoice named: held,
    # then set against the invoice 2024Q4-L1 = 100.00 issued after the quarter): its
    # split 1667, 3333, 5000 plus the transfer -8333.33, 3333.33, 5000 -> floors
    # -8334, 3333, 5000 (sum -1), the cent to the largest remainder (M1, 0.67):
    # -8333, 3333, 5000.  Q4 gross: M1 -6666, M2 6666, M3 10000 (sum 100.00 received).
    pool = _pool([*Q1_CN_US, ("2024-08-01", "CN", 100), ("2024-11-01", "CN", 100)])
    am = Amendment("L1", "2024Q1", D(2024, 8, 5), _cn_only(pool))
    pays = [PaymentRecord("L1", D(2024, 5, 10), 20000, invoice="2024Q1-L1", line=2),
            PaymentRecord("L1", D(2024, 12, 1), 10000, line=3)]
    inputs = PeriodInputs(payments=pays, amendments=[am])
    q3 = period(pool, "2024Q3", inputs)
    assert q3.distribution.received_cents == 0 and _gross(q3) == {}
    assert q3.reconciliation.balanced
    assert {b.invoice: b.outstanding_cents for b in q3.balances}["2024Q3-L1"] == 0
    q4 = period(pool, "2024Q4", inputs)
    by = {(i, mm): c for i, mm, c in q4.distribution.by_invoice}
    assert by == {("2024Q3-L1", "M1"): -8333, ("2024Q3-L1", "M2"): 3333,
                  ("2024Q3-L1", "M3"): 5000, ("2024Q4-L1", "M1"): 1667,
                  ("2024Q4-L1", "M2"): 3333, ("2024Q4-L1", "M3"): 5000}
    assert _gross(q4) == {"M1": -6666, "M2": 6666, "M3": 10000}
    assert q4.reconciliation.balanced


def test_debit_note_is_distributed_when_paid_by_its_own_counts():
    # Q1: 100 CN units, invoice 100.00 paid on 10 May (Q2): 1667, 3333, 5000.  On 5
    # August (Q3) L1 adds 100 US units to its Q1 report: debit note 2024Q3-L1-D1 =
    # +100.00, all M1's (the US row).  Q3: unpaid, nothing distributed.  Paid on 20
    # October (Q4, due 14 November): M1 100.00, M2 and M3 nothing.
    pool = _pool([("2024-02-01", "CN", 100)])
    amended = poolcalc.model.sales_table(
        [m.SalesRecord("L1", "2024-02-01", "codec", c, c, 100) for c in ("CN", "US")],
        pool.licensees)
    am = Amendment("L1", "2024Q1", D(2024, 8, 5), amended)
    pays = [PaymentRecord("L1", D(2024, 5, 10), 10000, invoice="2024Q1-L1", line=2),
            PaymentRecord("L1", D(2024, 10, 20), 10000, invoice="2024Q3-L1-D1", line=3)]
    inputs = PeriodInputs(payments=pays, amendments=[am])
    assert _gross(period(pool, "2024Q2", inputs)) == {"M1": 1667, "M2": 3333, "M3": 5000}
    q3 = period(pool, "2024Q3", inputs)
    assert q3.invoice("2024Q3-L1-D1").owed_cents == 10000
    assert _gross(q3) == {}
    q4 = period(pool, "2024Q4", inputs)
    assert _gross(q4) == {"M1": 10000}
    assert q4.reconciliation.balanced


def test_payment_dated_after_the_last_year_with_sales_is_applied():
    # Q4 2024: 100 CN units, invoice 2024Q4-L1 = 100.00 due 14 February 2025, paid on
    # 10 February 2025.  2025 has no sales, but a payment is dated in it: 2025Q1 issues
    # no invoice and distributes the payment by Q4 2024's counts 1:2:3: 1667, 3333,
    # 5000 (10000 x (1, 2, 3)/6, the remainder cent to M1).  2026Q1 (no sales, nothing
    # dated in 2026) is still refused.
    pool = _pool([("2024-11-01", "CN", 100)])
    pay = PaymentRecord("L1", D(2025, 2, 10), 10000, invoice="2024Q4-L1", line=2)
    inputs = PeriodInputs(payments=[pay])
    q = period(pool, "2025Q1", inputs)
    assert q.invoices == ()
    assert q.distribution.received_cents == 10000
    assert _gross(q) == {"M1": 1667, "M2": 3333, "M3": 5000}
    assert {b.invoice: b.outstanding_cents for b in q.balances} == {"2024Q4-L1": 0}
    assert q.reconciliation.balanced
    with pytest.raises(poolcalc.InvalidInputError, match="no sales in 2026"):
        period(pool, "2026Q1", inputs)

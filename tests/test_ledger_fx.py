"""FX conversion differences posted to the ledger (kind ``fx_difference``, ``pool:fx``).

Pool: M1 and M2 hold one CN patent each (every dollar split 1/2, 1/2), fee 10 %, no
reserve, no interest, quarterly, US$1.00 a unit.  Q1: L1 sells 1000 units (invoice
2024Q1-L1 = 1000.00), L2 500 units (2024Q1-L2 = 500.00).  On 10 May (Q2) both pay in
EUR at the fx.csv rate of that day, 1 EUR = 1.085 USD, converted half up to the cent:

- L1 pays EUR 921.65: 92165 x 1.085 = 99999.025 cents -> 99999 (.025 rounds down);
  conversion difference d = 99999 - 100000 = -1: one cent of 2024Q1-L1 stays open.
- L2 pays EUR 461.00: 46100 x 1.085 = 50018.5 cents -> 50019 (half up; half to even
  would give 50018); d = 50019 - 50000 = +19: L2 has no other open invoice, so 0.19
  is held as its credit.

Entries of each payment (Dr <- Cr): cash ``pool:cash <- pool:fx`` C, what it settled
``pool:fx <- licensee`` C - d, and the difference ``pool:fx <- licensee`` d (reversed
when d < 0).  L1: 99999, 100000, 1 (Dr licensee:L1); L2: 50019, 50000, 19.  So pool:fx
nets to 99999 - 100000 + 1 = 0 and 50019 - 50000 - 19 = 0, L1 owes 100000 - 100000
+ 1 = 1 cent, L2 holds 50000 - 50000 - 19 = -19 (credit), the pool's cash is 99999 +
50019 = 150018.  Q2 distributes the cash that settled invoices: 99999 + 50000 = 149999
(the 19 held is not distributed), fee floor(149999 x 0.10) = 14999.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import poolcalc.model as m
from poolcalc.ledger import (
    CloseRefusedError,
    Entry,
    balances,
    close,
    close_entries,
    entries,
    export,
    open_ledger,
    reconcile,
)
from poolcalc.periods import FxRate, PaymentRecord, PeriodInputs, period

D = dt.date
RATE = FxRate(D(2024, 5, 10), "EUR", 1.085)
PAY_L1 = PaymentRecord("L1", D(2024, 5, 10), 92165, "EUR", "2024Q1-L1", line=2)
PAY_L2 = PaymentRecord("L2", D(2024, 5, 10), 46100, "EUR", "2024Q1-L2", line=3)


def _pool() -> m.Pool:
    return m.Pool(
        "fx", [m.Member("M1"), m.Member("M2")],
        [m.Patent("CN1", "M1", "CN", "2030-01-01"), m.Patent("CN2", "M2", "CN", "2030-01-01")],
        licensees=[m.Licensee("L1", signed="2020-01-01"),
                   m.Licensee("L2", signed="2020-01-01")],
        sales=[m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 1000),
               m.SalesRecord("L2", "2024-02-01", "codec", "CN", "CN", 500)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])), currency="USD",
        administrator_fee=0.10)


def _inputs() -> PeriodInputs:
    return PeriodInputs(payments=[PAY_L1, PAY_L2], fx=[RATE])


def test_period_result_reports_the_hand_computed_differences():
    res = period(_pool(), "2024Q2", _inputs())
    got = {p.licensee: (p.amount_cents, p.fx_difference_cents, p.credit_cents)
           for p in res.payments}
    assert got == {"L1": (99999, -1, 0), "L2": (50019, 19, 19)}
    assert res.distribution.received_cents == 149999
    assert res.distribution.administrator_fee_cents == 14999


def test_fx_differences_are_posted_and_the_ledger_balances(ledger_url):
    pool, inputs = _pool(), _inputs()
    with open_ledger(ledger_url) as db:
        for q in ("2024Q1", "2024Q2"):
            assert close(db, pool, q, period_inputs=inputs).written
        fx = [(e.debit, e.credit, e.amount_cents, e.licensee)
              for e in entries(db, "2024Q2") if "pool:fx" in (e.debit, e.credit)]
        assert fx == [
            ("pool:cash", "pool:fx", 99999, "L1"), ("pool:fx", "licensee:L1", 100000, "L1"),
            ("licensee:L1", "pool:fx", 1, "L1"),
            ("pool:cash", "pool:fx", 50019, "L2"), ("pool:fx", "licensee:L2", 50000, "L2"),
            ("pool:fx", "licensee:L2", 19, "L2"),
        ]
        kinds = [e.kind for e in entries(db, "2024Q2") if "pool:fx" in (e.debit, e.credit)]
        assert kinds == ["payment", "payment", "fx_difference"] * 2
        bal = balances(db)
        assert bal["pool:fx"] == 0 and bal["pool:cash"] == 150018
        assert bal["licensee:L1"] == 1 and bal["licensee:L2"] == -19
        assert sum(bal.values()) == 0
        rec = reconcile(db)
        assert rec.ok
        (clearing,) = [c for c in rec.checks if c.name == "clearing"]
        assert "pool:fx" in clearing.detail
        # the export carries the differences the period result reports, signed
        rows = json.loads(export(db, "json"))["entries"]
        diff = {r["licensee"]: r["amount_cents"] * (1 if r["debit"] == "pool:fx" else -1)
                for r in rows if r["kind"] == "fx_difference"}
        res = period(pool, "2024Q2", inputs)
        assert diff == {p.licensee: p.fx_difference_cents for p in res.payments} == {
            "L1": -1, "L2": 19}
        # re-closing the same period changes nothing
        assert not close(db, pool, "2024Q2", period_inputs=inputs).written


def test_close_refuses_a_conversion_account_that_does_not_net_to_zero(ledger_url):
    # 1000 cents converted into pool:fx, only 999 settled: its balance (debit minus
    # credit) is 999 - 1000 = -1 cent, unaccounted.
    es = [Entry("invoice", "licensee:L1", "pool:royalties", 1000, "USD", licensee="L1"),
          Entry("payment", "pool:cash", "pool:fx", 1000, "USD", licensee="L1"),
          Entry("payment", "pool:fx", "licensee:L1", 999, "USD", licensee="L1")]
    with open_ledger(ledger_url) as db:
        with pytest.raises(CloseRefusedError, match=r"pool:fx nets to -0\.01 instead of 0"):
            close_entries(db, "2024Q1", es, currency="USD")
        assert entries(db) == []

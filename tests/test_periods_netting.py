"""Member-licensee netting settled per period (``[reporting] netting = true``, issue 14).

Pool of every case: L1 (not a member) and L2 (the licensee of member M2) sell at
US$1.00 a unit in CN, where M1 and M2 hold one patent each: every dollar is split
1/2, 1/2.  Administrator fee 10 %, no reserve, no interest, quarterly.  Every
reference value is computed by hand in the comments.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from netting_helpers import netting_pool

import poolcalc
import poolcalc.model as m
from poolcalc.model import ReportingTerms
from poolcalc.periods import PaymentRecord, PeriodInputs, period

D = dt.date


def _pool(l2_units: int) -> m.Pool:
    return netting_pool(l2_units, name="test")


# L1's Q1 invoice 1000.00 is paid on 10 May (Q2, on time).
PAY_L1 = PaymentRecord("L1", D(2024, 5, 10), 100000, invoice="2024Q1-L1", line=2)


def _inputs(*pays, netting=True):
    return PeriodInputs(reporting=ReportingTerms(netting=netting), payments=list(pays))


def _check(res, name):
    return next(c for c in res.reconciliation.checks if c.name == name)


def test_invoice_smaller_than_the_share_is_settled_in_full():
    # Q2 without netting: received 1000.00, fee floor(100000 x 0.10) = 10000, entitled
    # M1 50000, M2 50000, fee 5000 each, gross 45000 each: M2's cash payable 450.00.
    # L2's Q2 invoice 2024Q2-L2 = 300 x 1.00 = 300.00 (open): offset min(30000, 45000)
    # = 30000, distributed by 2024Q2-L2's weights 15000 / 15000.  Then T = 100000 +
    # 30000 = 130000, fee 13000 (6500 each), entitled 65000 each, gross 58500 each;
    # M2's cash 58500 - 30000 = 28500, M1's 58500.
    res = period(_pool(300), "2024Q2", _inputs(PAY_L1))
    d = res.distribution
    assert d.received_cents == 100000 and d.netting_offsets_cents == 30000
    assert d.administrator_fee_cents == 13000
    assert {s.member: s.gross_cents for s in d.members} == {"M1": 58500, "M2": 58500}
    (line,) = res.netting
    assert (line.member, line.licensee, line.owed_cents) == ("M2", "L2", 30000)
    assert (line.offset_cents, line.cash_cents) == (30000, 28500)
    bal = {b.invoice: b for b in res.balances}
    assert bal["2024Q2-L2"].paid_cents == 30000 and bal["2024Q2-L2"].outstanding_cents == 0
    # 100000 + 0 + 30000 = 13000 + 0 + (58500 + 58500)
    c = _check(res, "received + tax withheld + netting offsets = fee + reserve + "
                    "distributed (gross)")
    assert (c.left_cents, c.right_cents) == (130000, 130000)
    assert res.reconciliation.balanced
    js = res.to_dict()
    assert js["distribution"]["netting_offsets"] == "300.00"
    assert js["netting"][0]["settlement"] == {"kind": "netting", "offset": "300.00",
                                              "cash": "285.00"}


def test_invoice_larger_than_the_share_is_settled_to_the_share_and_paid_later():
    # L2's Q2 invoice 600.00 > M2's cash payable 450.00: offset 45000, distributed
    # 22500 / 22500; T = 145000, fee 14500 (7250 each), entitled 72500 each, gross
    # 65250 each; M2's cash 65250 - 45000 = 20250.  150.00 stays open.
    pay_l2 = PaymentRecord("L2", D(2024, 7, 20), 15000, line=3)
    inputs = _inputs(PAY_L1, pay_l2)
    q2 = period(_pool(600), "2024Q2", inputs)
    (line,) = q2.netting
    assert (line.offset_cents, line.cash_cents) == (45000, 20250)
    assert {s.member: s.gross_cents for s in q2.distribution.members} == {
        "M1": 65250, "M2": 65250}
    assert {b.invoice: b.outstanding_cents for b in q2.balances}["2024Q2-L2"] == 15000
    assert q2.reconciliation.balanced
    # Q3: L2 pays the open 150.00 (20 July, on time); no Q3 invoice of L2 to net and
    # the Q2 offset is not repeated: received 15000, fee 1500 (750 each), entitled
    # 7500 each, gross 6750 each, offsets 0.
    q3 = period(_pool(600), "2024Q3", inputs)
    assert q3.distribution.received_cents == 15000
    assert q3.distribution.netting_offsets_cents == 0
    assert {s.member: s.gross_cents for s in q3.distribution.members} == {
        "M1": 6750, "M2": 6750}
    assert {b.invoice: b.outstanding_cents for b in q3.balances}["2024Q2-L2"] == 0
    assert q3.reconciliation.balanced


def test_no_share_no_offset():
    # Nothing received in Q2 (L1 does not pay): M2's cash payable is 0, so L2's Q2
    # invoice 300.00 stays open and nothing is netted.
    res = period(_pool(300), "2024Q2", _inputs())
    assert res.distribution.netting_offsets_cents == 0
    assert [(n.offset_cents, n.cash_cents) for n in res.netting] == [(0, 0)]
    assert {b.invoice: b.outstanding_cents for b in res.balances}["2024Q2-L2"] == 30000


def test_off_by_default_reports_only():
    # Default (netting off): Q2 distributes the cash only (gross 45000 each), L2's
    # invoice stays open and the JSON has no netting settlement keys.
    res = period(_pool(300), "2024Q2", _inputs(PAY_L1, netting=False))
    assert {s.member: s.gross_cents for s in res.distribution.members} == {
        "M1": 45000, "M2": 45000}
    js = res.to_dict()
    assert "netting_offsets" not in js["distribution"]
    assert all("settlement" not in n for n in js["netting"])
    assert js["netting"] == [{"member": "M2", "licensee": "L2", "owed": "300.00",
                              "receivable": "450.00", "net": "150.00"}]
    assert not ReportingTerms().netting


def test_example_pool_balances_with_netting():
    pool = poolcalc.load_example()
    inputs = poolcalc.io.read_period_inputs(poolcalc.data.example_pool_path(), pool)
    inputs = attrs.evolve(inputs, reporting=attrs.evolve(inputs.reporting, netting=True))
    res = period(pool, "2024Q3", inputs)
    assert res.reconciliation.balanced
    assert all(n.cash_cents >= 0 for n in res.netting)


def test_pool_toml_key_round_trip_and_bad_value(tmp_path):
    from poolcalc.errors import InvalidInputError
    from poolcalc.io import read_pool, write_pool

    pool = attrs.evolve(_pool(300), reporting=ReportingTerms(netting=True))
    write_pool(pool, tmp_path / "on")
    assert "netting = true" in (tmp_path / "on" / "pool.toml").read_text()
    assert read_pool(tmp_path / "on").reporting.netting is True
    # read_pool of a pool with netting gives the settled Q2 of the first test
    res = period(read_pool(tmp_path / "on"), "2024Q2", PeriodInputs(payments=[PAY_L1]))
    assert [(n.offset_cents, n.cash_cents) for n in res.netting] == [(30000, 28500)]
    write_pool(_pool(300), tmp_path / "off")
    assert "netting" not in (tmp_path / "off" / "pool.toml").read_text()
    text = (tmp_path / "on" / "pool.toml").read_text().replace("netting = true",
                                                                 'netting = "yes"')
    (tmp_path / "on" / "pool.toml").write_text(text)
    with pytest.raises(InvalidInputError, match=r"pool\.toml.*netting.*yes"):
        read_pool(tmp_path / "on")


def test_member_statement_shows_offset_and_cash():
    # The first test's Q2: M2's gross 585.00, offset 300.00 (L2's invoice), no tax
    # credit: cash 585.00 - 300.00 = 285.00; M1 gross and cash 585.00, no offset.
    from poolcalc.documents import period_statements

    pool = _pool(300)
    res = period(pool, "2024Q2", _inputs(PAY_L1))
    st = {s.member.id: s for s in period_statements(res, pool)}
    assert st["M2"].own_licensees == ("L2",)
    assert (st["M2"].amount_cents, st["M2"].payable_cents, st["M2"].net_cents) == (
        58500, 30000, 28500)
    assert (st["M1"].amount_cents, st["M1"].net_cents) == (58500, 58500)
    # collected 1000.00 cash + 300.00 offset
    assert st["M1"].collected_cents == 130000


def test_ledger_entries_post_the_offset():
    # The first test's Q2 as journal entries: netting debits member:M2 and credits
    # licensee:L2 30000; to distribute 100000 + 30000 = 130000 = fee 13000 + 58500 +
    # 58500, so the clearing account is 0, L2 owes 30000 - 30000 = 0 and the pool owes
    # M2 58500 - 30000 = 28500 (its cash), M1 58500.
    from collections import defaultdict

    from poolcalc.ledger._compute import CLEARING, result_entries

    res = period(_pool(300), "2024Q2", _inputs(PAY_L1))
    entries = result_entries(res)
    (net,) = [e for e in entries if e.kind == "netting"]
    assert (net.debit, net.credit, net.amount_cents) == ("member:M2", "licensee:L2", 30000)
    bal: dict[str, int] = defaultdict(int)
    for e in entries:
        bal[e.debit] += e.amount_cents
        bal[e.credit] -= e.amount_cents
    assert bal[CLEARING] == 0 and bal["licensee:L2"] == 0
    assert (bal["member:M2"], bal["member:M1"]) == (-28500, -58500)

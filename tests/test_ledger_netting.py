"""Member-licensee netting closed into a real ledger: SQLite and PostgreSQL.

Pool (as tests/test_periods_netting.py): L1 (not a member) and L2 (the licensee of
member M2) sell at US$1.00 a unit in CN, where M1 and M2 hold one patent each: every
dollar is split 1/2, 1/2.  Administrator fee 10 %, no reserve, no interest, quarterly,
``[reporting] netting = true``.  L1 sells 1000 units in Q1 (invoice 2024Q1-L1 =
1000.00), L2 600 units on 1 May (2024Q2-L2 = 600.00).  L1 pays 1000.00 on 10 May (Q2),
L2 pays 150.00 on 20 July (Q3).

Q1: nothing received; the invoice 1000.00 (Dr licensee:L1, Cr pool:royalties).
Q2: before netting, 1000.00 received, fee 100.00, gross 450.00 each: M2's cash payable
45000 cents < 2024Q2-L2 60000, so the offset is 45000 (Dr member:M2, Cr licensee:L2),
distributed 22500 / 22500 by the invoice's weights; T = 100000 + 45000 = 145000,
fee floor(145000 x 0.10) = 14500, gross 65250 each; M2's cash 65250 - 45000 = 20250.
Q3: L2 pays the 15000 still open; fee 1500, gross 6750 each, nothing netted.

Balances (debit minus credit) after Q2: L1 100000 - 100000 = 0, L2 60000 - 45000 =
15000, M1 -65250, M2 -65250 + 45000 = -20250, fee -14500, cash 100000, royalties
-100000 - 60000 + 145000 = -15000 (sum 0).  After Q3: L2 0, M1 -72000, M2 -27000, fee
-16000, cash 115000, royalties 0 (sum 0).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_helpers import fresh_database
from netting_helpers import netting_pool

import poolcalc.model as m
from poolcalc.ledger import (
    CloseRefusedError,
    balances,
    close,
    entries,
    export,
    open_ledger,
    reconcile,
    statement,
)
from poolcalc.model import ReportingTerms
from poolcalc.periods import FxRate, PaymentRecord, PeriodInputs, period

D = dt.date
QUARTERS = ("2024Q1", "2024Q2", "2024Q3", "2024Q4")
PAYS = (PaymentRecord("L1", D(2024, 5, 10), 100000, invoice="2024Q1-L1", line=2),
        PaymentRecord("L2", D(2024, 7, 20), 15000, line=3))


def _pool(l2_units: int = 600) -> m.Pool:
    return netting_pool(l2_units, name="netting")


def _inputs(*pays: PaymentRecord, netting: bool = True) -> PeriodInputs:
    return PeriodInputs(reporting=ReportingTerms(netting=netting), payments=list(pays))


def _signed(row: dict, account: str) -> int:
    """The row's amount on ``account`` (debit positive), 0 when it does not touch it."""
    return row["amount_cents"] * ((row["debit"] == account) - (row["credit"] == account))


def _from_export(rows: list[dict], label: str) -> dict:
    """Rebuild a period's figures from the exported journal alone."""
    rows = [r for r in rows if r["period"] == label]
    out: dict = {"in": 0, "fee": 0, "reserve": 0, "gross": defaultdict(int),
                 "netting": {}, "invoiced": {}, "cash": 0, "member_cash": defaultdict(int)}
    for r in rows:
        k = r["kind"]
        if k == "payment" and r["credit"] == "pool:distributable":
            out["in"] += r["amount_cents"]
        elif k in ("fee", "reserve"):
            out[k] += r["amount_cents"]
        elif k == "distribution":
            out["gross"][r["member"]] += r["amount_cents"]
        elif k == "netting":
            out["netting"][(r["member"], r["licensee"])] = r["amount_cents"]
        elif k in ("invoice", "interest", "adjustment") and r["licensee"]:
            out["invoiced"][r["document"]] = _signed(r, f"licensee:{r['licensee']}")
        out["cash"] += _signed(r, "pool:cash")
        for acc in (r["debit"], r["credit"]):
            if acc.startswith("member:"):
                out["member_cash"][acc[7:]] -= _signed(r, acc)
    return out


def _from_result(res) -> dict:
    d = res.distribution
    cash = defaultdict(int)
    for s in d.members:
        cash[s.member] += s.net_cents
    for n in res.netting:
        cash[n.member] -= n.offset_cents or 0
    return {
        "in": d.received_cents + d.withheld_tax_cents + (d.netting_offsets_cents or 0),
        "fee": d.administrator_fee_cents, "reserve": d.reserve_cents,
        "gross": {s.member: s.gross_cents for s in d.members if s.gross_cents},
        "netting": {(n.member, n.licensee): n.offset_cents for n in res.netting
                    if n.offset_cents},
        "invoiced": {i.number: i.owed_cents for i in res.invoices},
        "cash": sum(p.amount_cents for p in res.payments if not p.id.startswith("credit:")),
        "member_cash": {k: v for k, v in cash.items() if v},
    }


def _same(a: dict, b: dict) -> None:
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, dict):
            x, y = {k: v for k, v in x.items() if v}, {k: v for k, v in y.items() if v}
        assert x == y, key


def test_netting_entries_balances_and_export_hand_numbers(ledger_url):
    pool, inputs = _pool(), _inputs(*PAYS)
    with open_ledger(ledger_url) as db:
        for q in QUARTERS[:3]:
            assert close(db, pool, q, period_inputs=inputs).written
        net = [(p, e.debit, e.credit, e.amount_cents) for p in QUARTERS[:3]
               for e in entries(db, p) if e.kind == "netting"]
        assert net == [("2024Q2", "member:M2", "licensee:L2", 45000)]
        after_q2 = {"licensee:L1": 0, "licensee:L2": 15000, "member:M1": -65250,
                    "member:M2": -20250, "pool:fee": -14500, "pool:cash": 100000,
                    "pool:royalties": -15000}
        bal = balances(db, through="2024Q2")
        assert {k: bal.get(k, 0) for k in after_q2} == after_q2
        assert sum(bal.values()) == 0
        after_q3 = {"licensee:L1": 0, "licensee:L2": 0, "member:M1": -72000,
                    "member:M2": -27000, "pool:fee": -16000, "pool:cash": 115000,
                    "pool:royalties": 0}
        bal = balances(db)
        assert {k: bal.get(k, 0) for k in after_q3} == after_q3
        assert sum(bal.values()) == 0
        assert all(bal.get(a, 0) == 0 for a in ("pool:distributable", "pool:fx",
                                                "pool:tax_withheld"))
        # M2's statement: gross 652.50 less the 450.00 offset = 202.50 owed to it
        st2 = statement(db, "M2", "2024Q2")
        assert (st2.opening_cents, st2.closing_cents) == (0, 20250)
        assert reconcile(db).ok
        # the exported journal alone reproduces each period's result
        rows = json.loads(export(db, "json"))["entries"]
        for q in QUARTERS[:3]:
            _same(_from_result(period(pool, q, inputs)), _from_export(rows, q))


def test_reclose_is_idempotent_and_a_changed_period_is_refused(ledger_url):
    pool = _pool()
    with open_ledger(ledger_url) as db:
        for q in QUARTERS[:2]:
            assert close(db, pool, q, period_inputs=_inputs(*PAYS)).written
        again = close(db, pool, "2024Q2", period_inputs=_inputs(*PAYS))
        assert not again.written and "already closed" in again.message
        # the same Q2 without netting: the offset 450.00 would vanish and the fee fall
        # to floor(100000 x 0.10) = 100.00, so the close is refused with the
        # differences and nothing is written
        n = len(entries(db))
        with pytest.raises(CloseRefusedError,
                           match=r"fee .*closed 145\.00, now 100\.00.*netting L2: closed "
                                 r"450\.00, now -.*never rewritten"):
            close(db, pool, "2024Q2", period_inputs=_inputs(*PAYS, netting=False))
        assert len(entries(db)) == n and reconcile(db).ok


def test_example_pool_year_with_netting(ledger_url):
    # The bundled example pool (member-licensees, tax withheld, a late payment, an
    # amended report, an audit, a payment in EUR) with netting on, four quarters: each
    # quarter's netting entries are its offsets, the journal reproduces each result,
    # and every licensee's account is what its invoices leave open less its credit.
    import poolcalc

    pool = poolcalc.load_example()
    inputs = poolcalc.io.read_period_inputs(poolcalc.data.example_pool_path(), pool)
    inputs = attrs.evolve(inputs, reporting=attrs.evolve(inputs.reporting, netting=True))
    with open_ledger(ledger_url) as db:
        for q in QUARTERS:
            assert close(db, pool, q, period_inputs=inputs).written
        rows = json.loads(export(db, "json"))["entries"]
        offsets = 0
        for q in QUARTERS:
            res = period(pool, q, inputs)
            _same(_from_result(res), _from_export(rows, q))
            offsets += res.distribution.netting_offsets_cents
        assert offsets > 0
        assert sum(r["amount_cents"] for r in rows if r["kind"] == "netting") == offsets
        bal = balances(db)
        assert sum(bal.values()) == 0 and bal["pool:fx"] == 0
        owed = sum(b.outstanding_cents for b in res.balances)
        assert sum(v for k, v in bal.items() if k.startswith("licensee:")) == (
            owed - res.reconciliation.credit_held_cents)
        assert reconcile(db).ok


# --- property: random small pools with member-licensees -----------------------------------
_units = st.lists(st.integers(0, 400), min_size=4, max_size=4)  # per quarter


@st.composite
def _cases(draw):
    n_lic = draw(st.integers(2, 4))
    members = [m.Member(f"M{i}") for i in (1, 2, 3)]
    patents = [m.Patent(f"CN{i}", f"M{1 + i % 3}", "CN", "2030-01-01")
               for i in range(draw(st.integers(3, 6)))]
    owners = [draw(st.sampled_from([None, "M1", "M2", "M3"])) for _ in range(n_lic)]
    owners[0] = owners[0] or "M2"  # at least one member-licensee
    licensees = [m.Licensee(f"L{i}", signed="2020-01-01", member=owners[i])
                 for i in range(n_lic)]
    sales, pays = [], []
    for i in range(n_lic):
        quarters = draw(_units)
        quarters[0] = max(quarters[0], 1) if i == 0 else quarters[0]  # the year has sales
        for q, units in enumerate(quarters):
            if units:
                sales.append(m.SalesRecord(f"L{i}", D(2024, 3 * q + 2, 1), "codec", "CN",
                                           "CN", units))
                # paid a fraction (0: not at all) of the quarter's invoice after it, in
                # USD or in EUR at 1.085 (the conversion differs from the invoice by a
                # few cents either way)
                frac = draw(st.sampled_from([0, 0.5, 1.0]))
                if frac and q < 3:
                    cents, eur = int(units * 100 * frac), draw(st.booleans())
                    if eur:
                        cents = round(cents / 1.085) + draw(st.integers(-2, 2))
                    pays.append(PaymentRecord(
                        f"L{i}", D(2024, 3 * q + 5, 10), max(cents, 1),
                        "EUR" if eur else "USD", f"2024Q{q + 1}-L{i}" if eur else None,
                        line=len(pays) + 2))
    fee = draw(st.sampled_from([0.0, 0.1, 0.15]))
    pool = m.Pool("prop", members, patents, licensees=licensees, sales=sales,
                  schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])),
                  currency="USD", administrator_fee=fee)
    fx = [FxRate(D(2024, month, 10), "EUR", 1.085) for month in (5, 8, 11)]
    return pool, attrs.evolve(_inputs(*pays), fx=fx)


@settings(max_examples=25, deadline=None)
@given(_cases())
def test_netting_entries_equal_the_offsets_and_trial_balance_is_zero(tmp_path_factory, case):
    _check_property(f"sqlite:///{tmp_path_factory.mktemp('n') / 'pool.db'}", *case)


@settings(max_examples=6, deadline=None)
@given(_cases())
def test_netting_property_on_postgresql(postgres_admin_url, case):
    gen = fresh_database(postgres_admin_url)
    try:
        _check_property(next(gen), *case)
    finally:
        gen.close()  # drops the database


def _check_property(url: str, pool: m.Pool, inputs: PeriodInputs) -> None:
    with open_ledger(url) as db:
        for q in QUARTERS:
            close(db, pool, q, period_inputs=inputs)
            res = period(pool, q, inputs)
            posted = sum(e.amount_cents for e in entries(db, q) if e.kind == "netting")
            assert posted == sum(n.offset_cents or 0 for n in res.netting) == (
                res.distribution.netting_offsets_cents)
            fx = sum(e.amount_cents * (1 if e.debit == "pool:fx" else -1)
                     for e in entries(db, q) if e.kind == "fx_difference")
            assert fx == sum(p.fx_difference_cents for p in res.payments)
            assert res.reconciliation.balanced
            assert balances(db, through=q).get("pool:fx", 0) == 0
        bal = balances(db)
        assert sum(bal.values()) == 0  # the trial balance
        assert bal.get("pool:distributable", 0) == 0
        owed = sum(b.outstanding_cents for b in res.balances)
        assert sum(v for k, v in bal.items() if k.startswith("licensee:")) == (
            owed - res.reconciliation.credit_held_cents)
        assert reconcile(db).ok

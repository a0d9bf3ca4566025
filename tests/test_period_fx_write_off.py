"""Conversion differences written off below ``[reporting] fx_write_off`` (issue 14).

Pool: M1 and M2 hold one CN patent each (every dollar split 1/2, 1/2), fee 10 %, no
reserve, no interest, quarterly, US$1.00 a unit, pool currency USD.  Q1: L1 sells
1000 units, invoice 2024Q1-L1 = 1,000.00.  On 10 May (Q2) L1 pays EUR 925.00 naming
that invoice at the fx.csv rate 1 EUR = 1.0807 USD, converted half up to the cent:

    92500 x 1.0807 = 99964.75 cents -> 99965 (half up)        C = 999.65
    d = C - O = 99965 - 100000 = -35                           fx_difference -0.35

- ``fx_write_off = 1.00`` (100 cents): 0 < 35 <= 100, the 0.35 is written off: the
  invoice's balance is 100000 - 99965 - 35 = 0 (closed).
- ``fx_write_off = 0.20`` (20 cents): 35 > 20, it stays open: outstanding 0.35.

Either way Q2 distributes the cash only, 99965 cents:

    fee     = floor(99965 x 0.10) = floor(9996.5) = 9996
    entitled: 99965 / 2 = 49982.5 -> M1 49983, M2 49982 (tie: smaller id gets the cent)
    fee_i   : 9996 x 49983/99965 = 4998.05, 9996 x 49982/99965 = 4997.95
              floors 4998 + 4997 = 9995, the cent left to the larger remainder (M2)
              -> M1 4998, M2 4998
    gross   : M1 49983 - 4998 = 44985, M2 49982 - 4998 = 44984
    check   : 9996 + 44985 + 44984 = 99965

Reconciliation at Q2 with the write-off: invoiced 100000 = paid 99965 + outstanding 0
+ credited 0 + written off 35.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc import documents
from poolcalc._format import render_json
from poolcalc.cli import main
from poolcalc.data import example_pool_path
from poolcalc.io import read_pool, write_pool
from poolcalc.ledger import balances, close, entries, open_ledger, reconcile
from poolcalc.periods import FxRate, PaymentRecord, PeriodInputs, period
from tests.documents_helpers import visible_text

D = dt.date
PAY_DAY = D(2024, 5, 10)
RATE = FxRate(PAY_DAY, "EUR", 1.0807)
PAY_EUR = PaymentRecord("L1", PAY_DAY, 92500, "EUR", "2024Q1-L1", line=2)


def _pool(tolerance: str | float = 0, *, reserve: float = 0.0) -> m.Pool:
    return m.Pool(
        "fx", [m.Member("M1"), m.Member("M2")],
        [m.Patent("CN1", "M1", "CN", "2030-01-01"), m.Patent("CN2", "M2", "CN", "2030-01-01")],
        licensees=[m.Licensee("L1", signed="2020-01-01"),
                   m.Licensee("L2", signed="2020-01-01")],
        sales=[m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 1000)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])), currency="USD",
        administrator_fee=0.10,
        reporting=m.ReportingTerms(fx_write_off=tolerance, reserve=reserve))


def _q2(tolerance, *payments: PaymentRecord):
    return period(_pool(tolerance), "2024Q2",
                  PeriodInputs(payments=list(payments or (PAY_EUR,)), fx=[RATE]))


def _outstanding(res, number: str) -> int:
    (b,) = [b for b in res.balances if b.invoice == number]
    return b.outstanding_cents


def test_a_residue_within_the_tolerance_is_written_off_and_not_distributed():
    res = _q2("1.00")
    (p,) = res.payments
    assert (p.amount_cents, p.fx_difference_cents, p.written_off_cents) == (99965, -35, 35)
    assert _outstanding(res, "2024Q1-L1") == 0  # 100000 - 99965 - 35
    d = res.distribution
    assert (d.received_cents, d.administrator_fee_cents) == (99965, 9996)
    assert {s.member: s.gross_cents for s in d.members} == {"M1": 44985, "M2": 44984}
    r = res.reconciliation
    assert r.balanced
    assert (r.invoiced_cents, r.paid_cents, r.outstanding_cents, r.written_off_cents) == (
        100000, 99965, 0, 35)
    (first,) = [c for c in r.checks if c.name.startswith("invoiced = ")]
    assert first.name == "invoiced = paid + outstanding + credited + written off"
    assert (first.left_cents, first.right_cents) == (100000, 99965 + 0 + 0 + 35)
    js = res.to_dict()
    assert res.to_json() == render_json(js)  # the column writer shows it too
    assert js["payments"][0]["written_off"] == "0.35"
    assert js["reconciliation"]["written_off"] == "0.35"
    assert js["balances"][0]["outstanding"] == "0.00"
    lines = res.to_csv().splitlines()
    assert lines[0] == "record,id,party,kind,date,amount USD,written_off"
    assert lines[1] == f"payment,{p.id},L1,2024Q1-L1,2024-05-10,999.65,0.35"


def test_a_residue_above_the_tolerance_stays_open():
    res = _q2("0.20")  # 35 cents > 20 cents
    (p,) = res.payments
    assert (p.fx_difference_cents, p.written_off_cents) == (-35, 0)
    assert _outstanding(res, "2024Q1-L1") == 35
    assert res.reconciliation.balanced
    assert (res.reconciliation.outstanding_cents, res.reconciliation.written_off_cents) == (35, 0)
    # the same distribution as with the write-off: only the cash is distributed
    assert {s.member: s.gross_cents for s in res.distribution.members} == {
        "M1": 44985, "M2": 44984}


def test_a_short_payment_in_the_pool_currency_is_not_written_off():
    # USD 999.65 on the 1,000.00 invoice: short by 0.35, but no conversion happened
    usd = PaymentRecord("L1", PAY_DAY, 99965, "USD", "2024Q1-L1", line=2)
    res = _q2("1.00", usd)
    (p,) = res.payments
    assert (p.fx_difference_cents, p.written_off_cents) == (0, 0)
    assert _outstanding(res, "2024Q1-L1") == 35
    assert res.reconciliation.balanced and res.reconciliation.written_off_cents == 0


def test_without_a_tolerance_nothing_is_shown():
    res = _q2(0)
    (p,) = res.payments
    assert p.written_off_cents is None and res.reconciliation.written_off_cents is None
    js = res.to_dict()
    assert res.to_json() == render_json(js)
    assert "written_off" not in js["payments"][0]
    assert "written_off" not in js["reconciliation"]
    assert "written_off" not in js["balances"][0]
    assert res.to_csv().splitlines()[0] == "record,id,party,kind,date,amount USD"
    assert _outstanding(res, "2024Q1-L1") == 35


def test_the_tax_credit_is_unchanged_by_the_write_off():
    # EUR 832.50 paid with EUR 92.50 withheld in CN, both converted at 1.0807:
    #   cash 83250 x 1.0807 = 89968.275 -> 89968; tax 9250 x 1.0807 = 9996.475 -> 9996
    #   d = 89968 + 9996 - 100000 = -36: written off with 1.00, open with 0.20
    # tax credit 9996 split 1/2, 1/2 by the invoice's weights: M1 4998, M2 4998
    pay = PaymentRecord("L1", PAY_DAY, 83250, "EUR", "2024Q1-L1", 9250, "CN", "CN-1",
                        line=2)
    off, kept = _q2("1.00", pay), _q2("0.20", pay)
    assert (off.payments[0].written_off_cents, kept.payments[0].written_off_cents) == (36, 0)
    assert off.payments[0].fx_difference_cents == -36
    assert (_outstanding(off, "2024Q1-L1"), _outstanding(kept, "2024Q1-L1")) == (0, 36)
    for res in (off, kept):
        d = res.distribution
        assert (d.received_cents, d.withheld_tax_cents) == (89968, 9996)
        assert {t.member: t.cents for t in d.tax_credits} == {"M1": 4998, "M2": 4998}
        assert res.reconciliation.balanced
    assert off.distribution == kept.distribution


def test_the_ledger_posts_the_write_off_and_balances(ledger_url):
    # entries of the payment (Dr <- Cr): cash pool:cash <- pool:fx 99965, settled
    # pool:fx <- licensee:L1 C - d = 99965 + 35 = 100000, difference licensee:L1 <-
    # pool:fx 35, write-off pool:write_off <- licensee:L1 35.  Balances: licensee:L1
    # 100000 (invoice) - 100000 + 35 - 35 = 0; pool:fx -99965 + 100000 - 35 = 0;
    # pool:write_off 35; pool:cash 99965.
    pool = _pool("1.00")
    inputs = PeriodInputs(payments=[PAY_EUR], fx=[RATE])
    with open_ledger(ledger_url) as db:
        for q in ("2024Q1", "2024Q2"):
            assert close(db, pool, q, period_inputs=inputs).written
        moved = [(e.kind, e.debit, e.credit, e.amount_cents) for e in entries(db, "2024Q2")
                 if "licensee:L1" in (e.debit, e.credit)]
        assert moved == [
            ("payment", "pool:fx", "licensee:L1", 100000),
            ("fx_difference", "licensee:L1", "pool:fx", 35),
            ("fx_difference", "pool:write_off", "licensee:L1", 35),
        ]
        bal = balances(db)
        assert bal["licensee:L1"] == 0 and bal["pool:fx"] == 0
        assert bal["pool:write_off"] == 35 and bal["pool:cash"] == 99965
        assert sum(bal.values()) == 0
        assert reconcile(db).ok


TOLERANCES = ("0", "0.01", "0.50", "5.00")
CURRENCIES = ("USD", "EUR", "JPY")
RATES = {"EUR": 1.0807, "JPY": 0.00671}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TOLERANCES),
       st.lists(st.tuples(st.integers(0, 99), st.integers(1, 3),
                          st.sampled_from(CURRENCIES), st.integers(1, 200_000),
                          st.sampled_from([0, 10]), st.booleans(),
                          st.integers(-300, 700)), min_size=1, max_size=8),
       st.lists(st.tuples(st.sampled_from(["L1", "L2"]), st.integers(1, 4),
                          st.integers(0, 3_000)), min_size=1, max_size=6))
def test_every_period_reconciles_and_write_offs_stay_within_the_tolerance(
        tolerance, pays, sales):
    pool = m.Pool(
        "fxprop", [m.Member("M1"), m.Member("M2"), m.Member("M3")],
        [m.Patent("CN1", "M1", "CN", "2030-01-01"), m.Patent("CN2", "M2", "CN", "2030-01-01"),
         m.Patent("CN3", "M3", "CN", "2030-01-01")],
        licensees=[m.Licensee("L1", signed="2020-01-01"),
                   m.Licensee("L2", signed="2020-01-01")],
        sales=[m.SalesRecord(lic, D(2024, 3 * q - 1, 15), "codec", "CN", "CN", u)
               for lic, q, u in sales],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.37)])), currency="USD",
        administrator_fee=0.10,
        reporting=m.ReportingTerms(fx_write_off=tolerance, reserve=0.02))
    tol_cents = int(tolerance.replace(".", "")) if tolerance != "0" else 0  # "5.00" -> 500
    known = {i.number: i.owed_cents for q in ("2024Q1", "2024Q2", "2024Q3")
             for i in period(pool, q).invoices}
    recs, fx = [], []
    numbers = sorted(known)
    for i, (pick, q, cur, amount, tax_pct, named, short) in enumerate(pays):
        lic, inv = ("L1", "L2")[pick % 2], None
        if named and numbers:  # one of the invoices issued, paid in the next quarter
            inv = numbers[pick % len(numbers)]
            lic, q = inv.split("-")[1], int(inv[5])
        day = D(2024, 3 * q + 2, 10 + i)  # in quarter q + 1
        tax = 0
        if inv is not None and cur != "USD":
            # aim at the invoice: cash + tax short by about `short` cents once converted
            # (below zero: over-paid), so residues near the tolerance occur
            gross = max(1, round((known[inv] - short) / RATES[cur]))
            tax = gross * tax_pct // 100
            amount = max(1, gross - tax)
        recs.append(PaymentRecord(lic, day, amount, cur, inv, tax or None,
                                  "CN" if tax else None, f"C{i}" if tax else None,
                                  line=i + 2))
        if cur != "USD":
            fx.append(FxRate(day, cur, RATES[cur]))
    inputs = PeriodInputs(payments=recs, fx=fx)
    written_total = 0
    for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
        try:
            res = period(pool, q, inputs)
        except Exception as exc:  # tax larger than what was owed is refused, by design
            assert "withheld_tax" in str(exc)
            return
        assert res.reconciliation.balanced, res.reconciliation
        for p in res.payments:
            if tol_cents == 0:
                assert p.written_off_cents is None
                continue
            assert 0 <= p.written_off_cents <= tol_cents
            if p.written_off_cents:
                assert p.currency != "USD" and p.invoice is not None
                assert p.fx_difference_cents == -p.written_off_cents
            written_total += p.written_off_cents
        if tol_cents:
            assert res.reconciliation.written_off_cents == written_total
            assert written_total == sum(b.written_off_cents for b in res.balances)


@pytest.fixture
def pool_dir(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    return d


@pytest.mark.parametrize(("value", "shown"), [("-1", "-1"), ('"abc"', "'abc'"),
                                              ('"1.005"', None)])
def test_a_bad_tolerance_exits_2_with_one_line(capsys, pool_dir, value, shown):
    toml = pool_dir / "pool.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    at = lines.index("[reporting]") + 1
    lines.insert(at, f"fx_write_off = {value}")
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["period", str(pool_dir), "--period", "2024Q2"])
    err = capsys.readouterr().err
    errors = [ln for ln in err.splitlines() if ": warning: " not in ln]
    want = (f"fx_write_off must be a decimal amount >= 0 (pool currency), got {shown}"
            if shown else "fx_write_off must have at most 2 decimals (pool minor_units), got "
            "'1.005'")
    # the key is inserted at 0-based index `at`: its line is at + 1 (1-based)
    assert code == 2
    assert errors == [f"poolcalc period: pool.toml:{at + 1}: reporting: {want}"]


def test_a_tolerance_from_pool_toml_reaches_the_period(capsys, pool_dir):
    toml = pool_dir / "pool.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[reporting]\n", '[reporting]\nfx_write_off = "5.00"\n'), encoding="utf-8")
    assert main(["period", str(pool_dir), "--period", "2024Q2", "--format", "json"]) == 0
    js = json.loads(capsys.readouterr().out)
    assert js["reconciliation"]["balanced"] is True
    assert "written_off" in js["reconciliation"]
    assert all("written_off" in p for p in js["payments"])


def test_the_tolerance_is_written_back_to_pool_toml(tmp_path):
    pool = read_pool(example_pool_path())
    terms = attrs.evolve(pool.reporting, fx_write_off="5.00")
    out = write_pool(attrs.evolve(pool, reporting=terms), tmp_path / "p")
    assert 'fx_write_off = "5.00"' in (out / "pool.toml").read_text(encoding="utf-8")
    back = read_pool(out).reporting
    assert back.fx_write_off == terms.fx_write_off and back.write_off_cents(2) == 500


# --- licensor statements show the write-off -----------------------------------------------
def test_a_licensor_statement_shows_the_residue_written_off_and_its_part(tmp_path):
    # Q2 writes off 0.35 on 2024Q1-L1 (module docstring).  The invoice's cash in Q2 went
    # M1 49983, M2 49982 (before the fee): M1's part of the 35 cents is
    # 35 x 49983 / 99965 = 17.5005..., M2's 35 x 49982 / 99965 = 17.4995...: floors 17 + 17,
    # the cent left to the larger remainder -> M1 18, M2 17 (18 + 17 = 35).  Not in the
    # cash collected (999.65) nor in any amount.
    pool = _pool("1.00")
    st_ = {s.member.id: s for s in documents.period_statements(_q2("1.00"), pool)}
    assert {k: (s.written_off_cents, s.written_off_share_cents) for k, s in st_.items()} == {
        "M1": (35, 18), "M2": (35, 17)}
    m1 = st_["M1"]
    assert m1.collected_cents == 99965 and m1.amount_cents == 44985
    assert m1.to_dict()["written_off"] == {"total": "0.35", "yours": "0.18"}
    text = " ".join(visible_text(m1.to_html()).split())
    assert ("memo, not collected and not included above: conversion residues written off "
            "(within the pool's write-off tolerance) 0.35, of which your part 0.18") in text
    assert any("0.35 not received and not distributed; your part of it, by the counts of "
               "the invoices they paid: 0.18" in n for n in m1.notes)
    assert "L1" not in text  # no licensee named (the statements' confidentiality rule)
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(m1.to_xlsx(tmp_path / "s.xlsx"))
    rows = {r[0]: r[1] for r in wb["Statement"].iter_rows(values_only=True)}
    assert rows["written off (not collected)"] == 0.35
    assert rows["your part written off"] == 0.18


def test_a_statement_without_a_write_off_has_no_such_line():
    # tolerance 0.20 < 0.35: nothing written off: no key, no memo, no note
    pool = _pool("0.20")
    for s in documents.period_statements(_q2("0.20"), pool):
        assert s.written_off_cents is None and "written_off" not in s.to_dict()
        assert "written off" not in s.to_html() and not any("written off" in n for n in s.notes)

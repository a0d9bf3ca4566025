"""Period documents: the reserve on the statement, debit and credit notes, HTML and PDF.

Hand-computed references on a three-licensor pool (1, 2 and 3 CN patents, US$1.00 a
unit), then the bundled pool's third quarter (its amended 2024Q1 report of L009 gives
a debit note, and re-pricing its enterprise a credit note for L008) written by
``poolcalc statements --period 2024Q3`` as HTML and, through the real headless
Chromium, as PDF (read back with ``pdftotext``; no skips).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pytest

import poolcalc
import poolcalc.model as m
from poolcalc import documents as D
from poolcalc.cli import main
from poolcalc.data import example_pool_path
from poolcalc.errors import InvalidInputError
from poolcalc.periods import Amendment, PaymentRecord, PeriodInputs, ReportingTerms, period
from tests.documents_helpers import cents, grouped, visible_text


def _pool(sales, *, fee=0.0):
    """Members M1, M2, M3 with 1, 2, 3 CN patents; US$1.00 a unit; licensees L1, L2."""
    owners = ["M1", "M2", "M2", "M3", "M3", "M3"]
    return m.Pool(
        "test", [m.Member("M1"), m.Member("M2"), m.Member("M3")],
        [m.Patent(f"CN{i}", o, "CN", "2030-01-01") for i, o in enumerate(owners, 1)],
        licensees=[m.Licensee("L1", signed="2020-01-01"), m.Licensee("L2", signed="2020-01-01")],
        sales=[m.SalesRecord(lic, day, "codec", "CN", "CN", n) for lic, day, n in sales],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])),
        administrator_fee=fee, currency="USD")


def test_statement_distributable_is_received_plus_withheld_less_fee_and_reserve():
    # Q1: 1000 units -> invoice 2024Q1-L1 = 1,000.00.  Paid on 10 May: 900.00 cash +
    # 100.00 withheld in CN.  Fee 10 % = 100.00, reserve 5 % = 50.00, so
    # distributable = 900.00 + 100.00 - 100.00 - 50.00 = 850.00.
    # Entitled by counts 1/6, 2/6, 3/6 of 100000 cents: 16667, 33333, 50000.
    # Reserve 5000 by entitled: 833.35, 1666.65, 2500 -> 833, 1666, 2500 + the last
    # cent to M2 (.65): 833, 1667, 2500.  Fee 10000: 1666.7, 3333.3, 5000 -> 1667,
    # 3333, 5000.  M2: gross 33333 - 3333 - 1667 = 28333; tax credit 10000 x 2/6 =
    # 3333; net 25000.  Exact entitlement of M2: 33333 x 85000 / 100000 = 28333.05
    # cents = 283.3305.
    pool = _pool([("L1", "2024-02-01", 1000)], fee=0.1)
    pay = PaymentRecord("L1", dt.date(2024, 5, 10), 90000, "USD", "2024Q1-L1", 10000, "CN",
                        "CN-WHT-1", line=2)
    res = period(pool, "2024Q2", PeriodInputs(reporting=ReportingTerms(reserve=0.05),
                                              payments=[pay]), by_country=True)
    s = {x.member.id: x for x in D.period_statements(res, pool)}["M2"]
    assert (s.collected_cents, s.administrator_fee_cents, s.reserve_cents) == (
        100000, 10000, 5000)
    assert s.distributable_cents == 85000
    assert (s.amount_cents, s.tax_credit_cents, s.net_cents) == (28333, 3333, 25000)
    assert s.entitlement == "283.3305"
    assert s.to_dict()["distributable"] == "850.00" and s.to_dict()["reserve"] == "50.00"
    text = " ".join(visible_text(s.to_html()).split())
    assert "less reserve held back for disputes -50.00" in text
    assert "Distributable among licensors 850.00" in text
    # share by country (issue 14): all of M2's 333.33 in CN, from one licensee (< 3), so
    # the cell is merged into "other countries" (1,000.00 collected there in all)
    assert "No breakdown by country" not in text
    assert "other countries CN 1,000.00 333.33" in text
    # the statements together: distributable = sum of the amounts
    assert sum(x.amount_cents for x in D.period_statements(res, pool)) == 85000


def test_credit_note_for_an_amended_report_is_a_document():
    # Q1 100 units -> 2024Q1-L1 = 100.00; amended to 60 units on 5 May (Q2): credit
    # note 2024Q2-L1-C1 = 60.00 - 100.00 = -40.00, correcting invoice 2024Q1-L1.
    pool = _pool([("L1", "2024-02-01", 100)])
    amended = m.sales_table([m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 60)],
                            pool.licensees)
    res = period(pool, "2024Q2", PeriodInputs(
        amendments=[Amendment("L1", "2024Q1", dt.date(2024, 5, 5), amended)]), by_country=True)
    docs = {d.number: d for d in D.period_invoices(res, pool)}
    note = docs["2024Q2-L1-C1"]
    assert (note.title, note.references, note.total_cents) == ("Credit note", ("2024Q1-L1",),
                                                               -4000)
    assert note.is_credit and sum(ln.royalty_cents for ln in note.lines) == -4000
    d = note.to_dict()
    assert (d["title"], d["references"], d["total"]) == ("Credit note", ["2024Q1-L1"], "-40.00")
    text = " ".join(visible_text(note.to_html()).split())
    assert "CREDIT NOTE" in text and "Credit note number 2024Q2-L1-C1" in text
    assert "Correcting invoice 2024Q1-L1" in text and "Credit to" in text
    assert "Credited to your account (USD)" in text and "-40.00" in text
    assert "Due date" not in text and "INVOICE" not in text


def test_a_credit_note_must_credit_only_a_negative_royalty():
    pool = _pool([("L1", "2024-02-01", 100)])
    line = D.InvoiceLine("correction", "2024Q1", 0, 0, {}, "amended report", -4000)
    kw = dict(period="2024Q2", start=dt.date(2024, 4, 1), end=dt.date(2024, 6, 30),
              lines=[line], tiers=[], units=0, bearing=0, member=0, discount=0,
              allowance=0, cap=0, title="Credit note")
    assert D.build_invoice(pool, "L1", gross=-4000, **kw).total_cents == -4000
    with pytest.raises(InvalidInputError, match="money terms must be >= 0"):
        D.build_invoice(pool, "L1", gross=-4000, **{**kw, "title": "Invoice"})
    with pytest.raises(InvalidInputError, match="credits a negative royalty and nothing else"):
        D.build_invoice(pool, "L1", gross=-4000, tax_withheld=100, **kw)
    with pytest.raises(InvalidInputError, match="title must be one of Invoice, Debit note"):
        D.build_invoice(pool, "L1", gross=-4000, **{**kw, "title": "Receipt"})


def _q3_json(capsys) -> dict:
    assert main(["period", str(example_pool_path()), "--period", "2024Q3",
                 "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_bundled_quarter_html_notes_of_the_amended_report(tmp_path, capsys):
    d = _q3_json(capsys)
    out = tmp_path / "q3"
    assert main(["statements", str(example_pool_path()), "--period", "2024Q3",
                 "--out", str(out)]) == 0
    assert capsys.readouterr().out.endswith(
        "61 invoices, 4 debit notes, 1 credit note, 24 statements\n")
    inv = {i["invoice"]: i for i in d["invoices"]}
    # L009's amended 2024Q1 report (filed 2024-08-20): a debit note on 2024Q1-L009
    text = " ".join(visible_text((out / "invoice-2024Q3-L009-D1.html").read_text()).split())
    assert "DEBIT NOTE" in text and "Correcting invoice 2024Q1-L009" in text
    assert grouped(cents(inv["2024Q3-L009-D1"]["owed"])) in text
    # re-pricing L009's enterprise lowers L008's 2024Q1 and 2024Q2: a credit note
    text = " ".join(visible_text((out / "invoice-2024Q3-L008-C1.html").read_text()).split())
    owed = cents(inv["2024Q3-L008-C1"]["owed"])
    assert owed < 0 and inv["2024Q3-L008-C1"]["kind"] == "credit_note"
    assert "CREDIT NOTE" in text and "Correcting invoices 2024Q1-L008, 2024Q2-L008" in text
    assert f"then held as credit {grouped(owed)}" in text
    # the statement's distributable: 3,991,376.58 received + 207,743.08 withheld
    # - 419,911.96 fee - 83,982.39 reserve = 3,695,225.31 (by hand)
    dist = d["distribution"]
    assert (dist["received"], dist["withheld_tax"], dist["administrator_fee"],
            dist["reserve"]) == ("3991376.58", "207743.08", "419911.96", "83982.39")
    text = " ".join(visible_text((out / "statement-2024Q3-M01.html").read_text()).split())
    assert "Royalties collected by the pool 4,199,119.66" in text
    assert "less reserve held back for disputes -83,982.39" in text
    assert "Distributable among licensors 3,695,225.31" in text


def _pdf_text(path) -> str:
    assert path.read_bytes()[:5] == b"%PDF-"
    out = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_bundled_quarter_as_pdf_through_chromium(tmp_path, capsys):
    d = _q3_json(capsys)
    out = tmp_path / "q3pdf"
    assert main(["statements", str(example_pool_path()), "--period", "2024Q3",
                 "--out", str(out), "--format", "pdf"]) == 0
    capsys.readouterr()
    nonzero = [i for i in d["invoices"] if cents(i["owed"]) != 0]
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(nonzero) + len(d["distribution"]["members"]) == 90
    text = _pdf_text(out / "invoice-2024Q3-L008-C1.pdf")
    owed = [i for i in nonzero if i["invoice"] == "2024Q3-L008-C1"][0]["owed"]
    assert "CREDIT NOTE" in text and "2024Q1-L008, 2024Q2-L008" in text
    assert grouped(cents(owed)) in text
    text = _pdf_text(out / "invoice-2024Q3-L009-D1.pdf")
    assert "DEBIT NOTE" in text and "2024Q1-L009" in text
    text = _pdf_text(out / "statement-2024Q3-M01.pdf")
    m01 = {x["member"]: x for x in d["distribution"]["members"]}["M01"]
    assert "3,695,225.31" in text and "-83,982.39" in text
    assert re.search(rf"Net payable to you \(USD\) {re.escape(grouped(cents(m01['net'])))}",
                     text)
    assert "No breakdown by country" not in text and "other countries" in text


def test_yearly_invoice_is_still_titled_invoice():
    pool = poolcalc.load_example()
    doc = D.invoice(poolcalc.royalties_owed(pool, 2024), "L001", pool)
    assert (doc.title, doc.references, doc.is_credit) == ("Invoice", (), False)
    assert "<h1>INVOICE</h1>" in doc.to_html()

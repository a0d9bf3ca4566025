"""``poolcalc period``: the bundled example, the JSON contract and bad input (exit 2)."""

from __future__ import annotations

import json
import shutil

import pytest

from poolcalc.cli import main
from poolcalc.data import example_pool_path

HEADER = "licensee,date,amount,currency,invoice,withheld_tax,tax_country,certificate\n"


def _run(capsys, *args):
    code = main(["period", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_example_quarter_json_contract(capsys):
    code, out, _ = _run(capsys, example_pool_path(), "--period", "2024Q3", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert d["period"] == "2024Q3" and d["currency"] == "USD"
    cents = lambda s: int(s.replace(".", ""))  # noqa: E731 - money as decimal strings
    dist = d["distribution"]
    assert cents(dist["received"]) + cents(dist["withheld_tax"]) == (
        cents(dist["administrator_fee"]) + cents(dist["reserve"])
        + sum(cents(x["gross"]) for x in dist["members"]))
    assert sum(cents(x["tax_credit"]) for x in dist["members"]) == cents(dist["withheld_tax"])
    assert all(cents(x["net"]) == cents(x["gross"]) - cents(x["tax_credit"])
               for x in dist["members"])
    assert d["reconciliation"]["balanced"] is True
    kinds = {i["kind"] for i in d["invoices"]}
    assert {"invoice", "debit_note", "credit_note"} <= kinds  # amendment, audit, interest
    assert {t["country"] for t in dist["tax_credits"]} == {"CN", "IN", "KR", "TW"}
    assert any(p["days_late"] > 0 for p in d["payments"])
    files = {s["file"] for s in d["sources"]}
    assert {"sales.csv", "payments.csv", "amendments.csv", "audits.csv", "fx.csv"} <= files
    assert all(len(s["sha256"]) == 64 for s in d["sources"])


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_example_quarter_table_and_csv(capsys, fmt):
    code, out, _ = _run(capsys, example_pool_path(), "--period", "2024Q2", "--format", fmt)
    assert code == 0
    assert "2024Q2-L001" in out
    if fmt == "table":
        assert "reconciliation: balanced" in out


@pytest.fixture
def pool_dir(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    for f in ("payments.csv", "amendments.csv", "audits.csv", "fx.csv"):
        (d / f).unlink()
    return d


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("L002,2024-05-10,100.00,USD,2024Q1-L999,,,",
         "payments.csv:2: field invoice: no invoice of L002 with that number issued by "
         "2024-05-10, got '2024Q1-L999'"),
        ("L002,2024-05-10,-5.00,USD,,,,",
         "payments.csv:2: field amount: must be > 0, got '-5.00'"),
        ("L001,2024-01-10,5.00,USD,,,,",
         "payments.csv:2: field date: payment before the licence of L001 (signed 2024-02-26), "
         "got '2024-01-10'"),
        ("L002,2024-05-10,5.00,USD,,,JP,JP-1",
         "payments.csv:2: field withheld_tax: certificate JP-1 without a tax amount (and no "
         "[reporting.withholding] rate for JP), got ''"),
        ("L777,2024-05-10,5.00,USD,,,,",
         "payments.csv:2: field licensee: unknown licensee (not in licensees.csv), got 'L777'"),
        ("L002,2024-13-10,5.00,USD,,,,",
         "payments.csv:2: field date: expected a date YYYY-MM-DD, got '2024-13-10'"),
    ],
)
def test_bad_payments_exit_2_with_one_line(capsys, pool_dir, row, message):
    (pool_dir / "payments.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    code, out, err = _run(capsys, pool_dir, "--period", "2024Q2")
    assert code == 2 and out == ""
    # warnings about the pool itself (PoolcalcWarning, "poolcalc period: warning: ...")
    # may precede the error; the error is one line
    errors = [ln for ln in err.splitlines(keepends=True) if ": warning: " not in ln]
    assert errors == [f"poolcalc period: {message}\n"]


@pytest.mark.parametrize(
    ("label", "message"),
    [("2024Q5", "period: no quarter 5 in a year, got '2024Q5'"),
     ("2031Q1", "period: no sales in 2031 (years with sales: 2024), got '2031Q1'"),
     ("2024H1", "period: the pool reports by quarter (YYYYQ1..YYYYQ4), got '2024H1'")],
)
def test_unknown_period_exit_2(capsys, pool_dir, label, message):
    code, _, err = _run(capsys, pool_dir, "--period", label)
    assert code == 2
    assert err == f"poolcalc period: {message}\n"


def test_period_documents_render_invoices_notes_and_statements():
    import poolcalc
    from poolcalc.documents import period_invoices, period_statements
    from poolcalc.io import read_period_inputs

    pool = poolcalc.load_example()
    res = poolcalc.period(pool, "2024Q3", read_period_inputs(example_pool_path(), pool))
    docs = {d.number: d for d in period_invoices(res, pool)}
    nonzero = {i.number: i.owed_cents for i in res.invoices if i.owed_cents != 0}
    assert {n: d.total_cents for n, d in docs.items()} == nonzero
    audit = docs["2024Q3-L011-A1"]
    assert audit.due == res.invoice("2024Q3-L011-A1").due
    assert "2024Q3-L011-A1" in audit.to_html()
    st = {s.member.id: s for s in period_statements(res, pool)}
    for share in res.distribution.members:
        s = st[share.member]
        assert (s.amount_cents, s.tax_credit_cents, s.net_cents) == (
            share.gross_cents, share.tax_credit_cents, share.net_cents)
    assert any(t.certificate.startswith("KR-WHT") for s in st.values() for t in s.tax_credits)


def test_period_result_keeps_the_result_contract():
    from result_contract import check_result

    import poolcalc
    from poolcalc.io import read_period_inputs

    pool = poolcalc.load_example()
    res = poolcalc.period(pool, "2024Q3", read_period_inputs(example_pool_path(), pool))
    d = check_result(res)
    assert d["reconciliation"]["balanced"] is True


def test_to_json_is_the_text_of_to_dict():
    """The fast JSON (shares by invoice as columns) is the text of ``to_dict()``."""
    import datetime as dt

    import poolcalc
    from poolcalc._format import render_json
    from poolcalc.data import synthetic_pool
    from poolcalc.io import read_period_inputs
    from poolcalc.periods import PaymentRecord, PeriodInputs, ReportingTerms

    ex = poolcalc.load_example()
    ex_in = read_period_inputs(example_pool_path(), ex)
    syn = synthetic_pool(6, 60, 8, n_licensees=30, n_sales=600, rng=5)
    q2 = poolcalc.period(syn, "2024Q2", PeriodInputs(reporting=ReportingTerms()))
    pays = [PaymentRecord(i.licensee, dt.date(2024, 8, 10), i.owed_cents - n % 2,
                          invoice=i.number, line=n + 2)
            for n, i in enumerate(i for i in q2.invoices if i.owed_cents > 0)]
    assert pays
    syn_in = PeriodInputs(reporting=ReportingTerms(), payments=pays)
    shares = 0
    for pool, inputs in ((ex, ex_in), (syn, syn_in)):
        for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
            res = poolcalc.period(pool, q, inputs)
            shares += len(res.distribution.by_invoice)
            assert res.to_json() == render_json(res.to_dict())
            assert json.loads(res.to_json()) == res.to_dict()
    assert shares > 100  # the columns were exercised, not only the empty case

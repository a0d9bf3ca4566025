"""Documents: amounts equal the JSON reports to the cent, statements keep licensees' figures
confidential, every user string is escaped.  (Browser, PDF and XLSX checks:
test_documents_render.py.)
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import poolcalc
import poolcalc.model as m
from poolcalc import documents as D
from poolcalc.cli import main
from poolcalc.errors import InvalidInputError
from tests.documents_helpers import (
    bundled,
    bundled_documents,
    cents,
    grouped,
    tokens,
    visible_text,
)

MONEY = ("gross", "member", "discount", "allowance", "cap", "owed")


# --- every amount equals the JSON report's ---------------------------------------------------
def test_every_invoice_amount_equals_the_royalties_json():
    pool, report, _, rj, _ = bundled()
    invs, _, _ = bundled_documents()
    by_id = {x["licensee"]: x for x in rj["licensees"]}
    usage = {u["licensee"]: cents(u["owed"]) for u in rj["usage"]}
    assert [d.licensee.id for d in invs] == [x["licensee"] for x in rj["licensees"]]
    for doc in invs:
        j, d = by_id[doc.licensee.id], doc.to_dict()
        for k in MONEY:
            assert cents(d[k]) == cents(j[k]), (doc.number, k)
        assert cents(d["total"]) == cents(j["owed"]) + usage.get(doc.licensee.id, 0)
        assert sum(cents(ln["royalty"]) for ln in d["lines"]) == cents(d["total"])
        assert (d["units"], d["royalty_bearing_units"]) == (j["units"], j["royalty_bearing_units"])
        not_due: dict[str, int] = {}
        for ln in d["lines"]:
            for reason, n in ln["not_due"].items():
                not_due[reason] = not_due.get(reason, 0) + n
        assert not_due == j["not_due"]
        text = visible_text(doc.to_html())
        for k in MONEY:
            assert grouped(cents(j[k])) in text, (doc.number, k)
        for ln in doc.lines:
            assert grouped(ln.royalty_cents) in text and f"{ln.units:,}" in text
    assert sum(cents(d.to_dict()["total"]) for d in invs) == cents(rj["total"])


def test_every_statement_amount_equals_the_allocate_json():
    _, _, dist, _, aj = bundled()
    _, sts, _ = bundled_documents()
    by_id = {x["member"]: x for x in aj["members"]}
    assert [s.member.id for s in sts] == list(by_id)
    for s in sts:
        d, j = s.to_dict(), by_id[s.member.id]
        assert cents(d["amount"]) == cents(j["amount"])
        assert d["share"] == j["share"]
        for k in ("collected", "administrator_fee", "distributable"):
            assert cents(d[k]) == cents(aj[k]), k
        if "netting" in j:
            assert cents(d["payable"]) == cents(j["netting"]["payable"])
            assert cents(d["net"]) == cents(j["netting"]["net"])
            assert d["own_licensees"] == j["netting"]["licensees"]
        else:
            assert d["payable"] is None and cents(d["net"]) == cents(j["amount"])
        # the share by country adds up to what was collected (no usage in the bundled pool)
        assert sum(c.royalty_cents for c in s.cells) == dist.collected_cents
        # the cells' exact entitlements add up to the member's (each printed to 1e-4)
        ent = sum(Decimal(c.entitlement) for c in s.cells if c.entitlement)
        assert abs(ent - Decimal(d["entitlement"])) <= Decimal("0.00005") * len(s.cells)
        text = visible_text(s.to_html())
        for k in ("amount", "net"):
            assert grouped(cents(d[k])) in text, (s.member.id, k)
        for k in ("collected", "administrator_fee", "distributable"):
            assert grouped(cents(aj[k])) in text


def test_reconciliation_equals_both_json_reports_and_balances():
    _, _, _, rj, aj = bundled()
    _, _, rec = bundled_documents()
    d = rec.to_dict()
    assert d["balanced"] is True and all(c["ok"] for c in d["checks"])
    assert cents(d["collected"]) == cents(aj["collected"]) == cents(rj["total"])
    assert cents(d["administrator_fee"]) == cents(aj["administrator_fee"])
    assert cents(d["distributed"]) == sum(cents(x["amount"]) for x in aj["members"])
    for x, j in zip(d["licensees"], rj["licensees"], strict=True):
        assert x["licensee"] == j["licensee"]
        for k in MONEY:
            assert cents(x[k]) == cents(j[k])
    for x, j in zip(d["members"], aj["members"], strict=True):
        assert x["member"] == j["member"] and cents(x["amount"]) == cents(j["amount"])
        if "netting" in j:
            assert cents(x["net"]) == cents(j["netting"]["net"])
    text = visible_text(rec.to_html())
    assert "balanced to the cent" in text and grouped(cents(aj["collected"])) in text


def test_a_broken_reconciliation_says_so():
    _, _, rec = bundled_documents()
    bad = attrs.evolve(rec, checks=(*rec.checks, D.Check("collected = banked", 100, 99)))
    assert rec.balanced and not bad.balanced and bad.to_dict()["balanced"] is False
    text = visible_text(bad.to_html())
    assert "NOT BALANCED" in text and "mismatch" in text
    assert "NOT BALANCED" not in visible_text(rec.to_html())


# --- confidentiality ---------------------------------------------------------------------
def _forbidden(pool, report, own: set[str]) -> tuple[set[str], set[str]]:
    """Tokens (ids, per-row and per-licensee figures) and names no statement may show."""
    rows = report.rows
    lab = rows.licensees
    toks: set[str] = set()
    for j in range(len(rows)):
        if lab[int(rows.licensee[j])] in own:
            continue
        c = int(rows.cents[j])
        if c >= 10_000:  # row royalties of 100.00 and more
            toks |= {grouped(c), f"{c / 100:.2f}"}
        u = int(rows.units[j])
        if u >= 10_000:
            toks |= {f"{u:,}", str(u)}
    for inv in report.invoices:
        if inv.licensee in own:
            continue
        toks.add(inv.licensee)
        for k in ("gross_cents", "owed_cents", "discount_cents", "cap_cents"):
            c = getattr(inv, k)
            if c >= 10_000:
                toks |= {grouped(c), f"{c / 100:.2f}"}
    names = {lic.name for lic in pool.licensees if lic.id not in own}
    return toks, names


def test_no_licensee_id_name_or_row_figure_in_any_statement():
    pool, report, _, _, _ = bundled()
    _, sts, rec = bundled_documents()
    member_names = {mm.id: mm.name for mm in pool.members}
    checked = 0
    for s in sts:
        own = set(s.own_licensees)
        toks, names = _forbidden(pool, report, own)
        names -= {member_names[s.member.id]}  # a member-licensee shares its own name
        for text in (visible_text(s.to_html()), json.dumps(s.to_dict(), ensure_ascii=False)):
            leaked = tokens(text) & toks
            assert not leaked, (s.member.id, sorted(leaked)[:5])
            assert not [n for n in names if n in text], s.member.id
        checked += len(toks)
    assert checked > 100_000  # thousands of row figures scanned per statement
    # the scan finds what the administrator's own reconciliation shows
    toks, names = _forbidden(pool, report, set())
    rec_text = visible_text(rec.to_html())
    assert len(tokens(rec_text) & toks) > 100 and any(n in rec_text for n in names)


def test_statement_shows_its_own_licensees_netting():
    _, _, dist, _, _ = bundled()
    _, sts, _ = bundled_documents()
    s = {x.member.id: x for x in sts}["M04"]
    assert s.own_licensees == ("L018",)
    assert s.payable_cents == dist.netting["M04"].payable_cents == 650_000_000
    # 2,653,143.76 - 6,500,000.00 = -3,846,856.24: the member owes the pool
    assert s.net_cents == 265_314_376 - 650_000_000 == -384_685_624
    assert "Net owed by you to the pool" in visible_text(s.to_html())


def test_merge_cells_threshold_and_complementary_suppression():
    c = lambda label, lic, r: {"label": label, "licensees": set(lic), "royalty": r,  # noqa: E731
                               "rows": 1, "entitlement": "1.25", "patents": label}
    kept, merged = D.merge_cells([c("US", "abc", 9), c("DE", "abd", 5)], 3)
    assert [x["label"] for x in kept] == ["US", "DE"] and merged == []
    # FR (1 licensee) merged; alone it would isolate licensee a, so DE (3, smaller) joins
    kept, merged = D.merge_cells([c("US", "abc", 9), c("FR", "a", 1), c("DE", "abd", 5)], 3)
    assert merged == ["FR", "DE"]
    other = kept[-1]
    assert other["label"] == D.OTHER and other["royalty"] == 6 and other["entitlement"] == "2.50"
    assert other["licensees"] == set("abd")
    # two small cells with 3 distinct licensees between them need no third
    kept, merged = D.merge_cells([c("US", "abc", 9), c("FR", "a", 1), c("IT", "xy", 2)], 3)
    assert merged == ["FR", "IT"] and [x["label"] for x in kept] == ["US", D.OTHER]
    # fewer licensees than k in the whole pool: everything merged
    kept, merged = D.merge_cells([c("US", "ab", 9), c("FR", "a", 1)], 3)
    assert merged == ["US", "FR"] and len(kept) == 1
    assert D.merge_cells([c("FR", "a", 1)], 1) == ([c("FR", "a", 1)], [])


def small_pool(k: int = 3, **names) -> m.Pool:
    """Two members, four licensees; US sold by L1-L3, FR by L1, L2, L4, DE by L4 only.

    Rate 1.00 per unit, no fee: a row's royalty is its units in currency units.
    """
    lic = [m.Licensee(f"L{i}", names.get(f"L{i}", f"Licensee {i}")) for i in range(1, 5)]
    sales = [("L1", "US", 10), ("L2", "US", 20), ("L3", "US", 30), ("L1", "FR", 5),
             ("L2", "FR", 5), ("L4", "FR", 7), ("L4", "DE", 1000)]
    pats = [m.Patent(f"{c}{o}", o, c, "2030-01-01") for c in ("US", "FR", "DE")
            for o in ("A", "B")]
    return m.Pool(
        "Small pool", [m.Member("A", names.get("A", "Alpha")), m.Member("B", "Beta")], pats,
        licensees=lic,
        sales=[m.SalesRecord(x, "2024-03-01", names.get("product", "box"), c, c, u)
               for x, c, u in sales],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])),
        administration=m.AdministrationPolicy(min_licensees_per_cell=k),
    )


def test_small_country_merged_and_its_figure_hidden():
    pool = small_pool()
    report = poolcalc.royalties_owed(pool, 2024)
    dist = poolcalc.allocate(pool, year=2024)
    s = D.statement(dist, "A", pool, report)
    # US 10+20+30 = 60.00 from 3 licensees is shown; DE 1,000.00 (L4 alone) is merged with
    # the smaller 3-licensee cell FR (5+5+7 = 17.00): other countries = 1,017.00
    assert [(c.label, c.royalty_cents) for c in s.cells] == [("US", 6000), (D.OTHER, 101_700)]
    assert s.merged == ("DE", "FR")
    text = visible_text(s.to_html())
    assert "1,017.00" in text and "60.00" in text
    assert "1,000.00" not in text and "17.00" not in text.replace("1,017.00", "")
    # each member holds one of the two patents in every country: half of 1,077.00
    assert s.amount_cents == 53_850 and dist.amounts["A"] == 53_850
    # with a threshold of 1 nothing is merged and DE's figure appears
    s1 = D.statement(dist, "A", small_pool(k=1), report)
    assert [c.label for c in s1.cells] == ["DE", "FR", "US"] and s1.merged == ()


def test_user_strings_are_escaped_in_html_and_formula_safe_in_xlsx_and_csv(tmp_path):
    pool = small_pool(L1="<script>alert('x')</script>", A="<img src=x onerror=alert(1)>",
                      product='=HYPERLINK("http://x","y")')
    pool = pool.evolve(administrator=m.Administrator(name="Admin & <Co>",
                                                     payment_instructions="@SUM(A1)\n<b>"))
    report = poolcalc.royalties_owed(pool, 2024)
    dist = poolcalc.allocate(pool, year=2024)
    inv = D.invoice(report, "L1", pool)
    page = inv.to_html()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Admin &amp; &lt;Co&gt;" in page and "@SUM(A1)\n&lt;b&gt;" in page
    assert "<script>alert('x')</script>" in visible_text(page)  # shown as text
    st = D.statement(dist, "A", pool, report).to_html()
    assert "<img src=x" not in st and "&lt;img src=x onerror=alert(1)&gt;" in st
    openpyxl = pytest.importorskip("openpyxl")  # the documents extra is a test dependency
    wb = openpyxl.load_workbook(inv.to_xlsx(tmp_path / "inv.xlsx"))
    line = next(wb["Line items"].iter_rows(min_row=2, values_only=True))
    assert line[0] == "'=HYPERLINK(\"http://x\",\"y\")"
    kv = dict(wb["Invoice"].iter_rows(min_row=2, values_only=True))
    assert kv["payment instructions"] == "'@SUM(A1)\n<b>"
    for row in wb["Line items"].iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)
    # CSV reports: a licensee id that starts like a formula is quoted
    rows = list(csv.reader(io.StringIO(
        poolcalc.royalties_owed(small_pool().evolve(
            licensees=[m.Licensee("=L1+1" if x.id == "L1" else x.id) for x in small_pool()
                       .licensees],
            sales=[m.SalesRecord("=L1+1" if r.licensee == "L1" else r.licensee, r.date,
                                 r.product, r.country_of_sale, r.country_of_manufacture,
                                 r.units) for r in small_pool().sales_rows]), 2024).to_csv())))
    assert rows[1][0] == "'=L1+1"


def test_invoice_header_names_administrator_licensee_dates_and_payment():
    pool = small_pool().evolve(administrator=m.Administrator(
        name="Pool Admin LLC", address="1 Main St\nDenver CO", email="billing@example.org",
        tax_id="US-12-345", payment_instructions="Pay to IBAN XX00 quoting the invoice number",
        invoice_prefix="PA", invoice_due_days=45))
    pool = pool.evolve(licensees=[m.Licensee("L1", "One", address="2 Side St", country="DE",
                                             email="ap@one.example"),
                                  *pool.licensees[1:]])
    inv = D.invoice(poolcalc.royalties_owed(pool, 2024), "L1", pool)
    assert inv.number == "PA-2024-L1" and str(inv.issued) == "2025-01-01"
    assert str(inv.due) == "2025-02-15"  # 1 January + 45 days
    text = visible_text(inv.to_html())
    for s in ("Pool Admin LLC", "Denver CO", "billing@example.org", "US-12-345", "2 Side St",
              "ap@one.example", "IBAN XX00", "PA-2024-L1", "2025-02-15"):
        assert s in text, s
    # L1 sold 10 units in the US and 5 in FR at 1.00: 15.00
    assert [(ln.country, ln.royalty_cents) for ln in inv.lines] == [("FR", 500), ("US", 1000)]
    assert inv.total_cents == 1500 and "15.00" in text


def test_document_errors():
    pool, report, dist, _, _ = bundled()
    with pytest.raises(InvalidInputError, match="no invoice for licensee 'L999'"):
        D.invoice(report, "L999", pool)
    with pytest.raises(InvalidInputError, match="unknown member 'M99'"):
        D.statement(dist, "M99", pool, report)
    other_year = attrs.evolve(report, year=2023)
    with pytest.raises(InvalidInputError, match="report is for 2023, distribution for 2024"):
        D.statement(dist, "M01", pool, other_year)
    with pytest.raises(InvalidInputError, match="report is for 2023, distribution for 2024"):
        D.reconciliation(other_year, dist, pool)
    with pytest.raises(InvalidInputError, match=r"must be \.html, \.pdf or \.xlsx, got x\.doc"):
        D.invoice(report, "L001", pool).save("x.doc")
    with pytest.raises(InvalidInputError, match="format must be one of html, pdf, xlsx"):
        D.write_documents(pool, "out", fmt="docx")
    with pytest.raises(InvalidInputError, match="invoice: pool must be a poolcalc Pool"):
        D.invoice(report, "L001", object())


def test_cli_statements_writes_one_file_per_document(tmp_path, capsys):
    out = tmp_path / "docs"
    assert main(["statements", str(poolcalc.example_pool_path()), "--year", "2024",
                 "--out", str(out), "--format", "html"]) == 0
    assert "wrote 126 html files" in capsys.readouterr().out
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 126 and "reconciliation-2024.html" in files
    assert "invoice-2024-L001.html" in files and "statement-2024-M25.html" in files


def test_committed_html_examples_are_current():
    pool, report, dist, _, _ = bundled()
    root = Path(__file__).resolve().parents[1] / "examples" / "documents"
    docs = {"invoice-2024-L001": D.invoice(report, "L001", pool),
            "statement-2024-M04": D.statement(dist, "M04", pool, report),
            "reconciliation-2024": D.reconciliation(report, dist, pool)}
    for name, doc in docs.items():
        assert (root / f"{name}.html").read_text(encoding="utf-8") == doc.to_html(), name
        for ext in ("pdf", "xlsx"):
            assert (root / f"{name}.{ext}").stat().st_size > 1000


def test_content_royalties_on_invoice_statement_and_reconciliation():
    pool = small_pool().evolve(
        usage_terms=m.UsageTerms.avc(),
        usage=[m.UsageRecord("L1", 2024, "subscription", 300_000, "US")])
    report = poolcalc.royalties_owed(pool, 2024)
    dist = poolcalc.allocate(pool, year=2024)
    assert report.usage_cents > 0
    inv = D.invoice(report, "L1", pool)
    usage = [ln for ln in inv.lines if ln.kind == "usage"]
    assert [(ln.country, ln.royalty_cents) for ln in usage] == [("US", report.usage_cents)]
    assert inv.total_cents == report.invoice("L1").owed_cents + report.usage_cents
    s = D.statement(dist, "A", pool, report)
    # the content royalty of the US comes from L1 alone: merged, never shown on its own
    assert "US (content)" in s.merged and sum(c.royalty_cents for c in s.cells) == \
        dist.collected_cents
    assert grouped(report.usage_cents) not in visible_text(s.to_html()).replace(
        grouped(dist.collected_cents), "")
    rec = D.reconciliation(report, dist, pool)
    assert rec.balanced and rec.collected_cents == report.total_cents


def test_invoice_of_a_licensee_without_sales():
    pool = small_pool()
    pool = pool.evolve(licensees=[*pool.licensees, m.Licensee("L5", "Five")])
    inv = D.invoice(poolcalc.royalties_owed(pool, 2024), "L5", pool)
    assert inv.lines == () and inv.total_cents == 0 and inv.tiers == ()
    assert "No sales reported in the period." in visible_text(inv.to_html())

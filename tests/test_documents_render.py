"""Documents rendered for real: headless Chromium screenshots, PDF text, XLSX numbers.

No skips: without Debian's ``chromium`` and ``poppler-utils`` (``pdftotext``) these
tests fail, as the documents could not be produced.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from poolcalc import documents as D
from tests.documents_helpers import (
    bundled,
    bundled_documents,
    cents,
    grouped,
    ink_fraction,
    png_rows,
)


@pytest.fixture(scope="module")
def browser():
    with D.Browser() as b:
        yield b


def _all_documents():
    invs, sts, rec = bundled_documents()
    return [*invs, *sts, rec]


def test_every_html_document_renders_non_blank_in_chromium(browser, tmp_path):
    docs = _all_documents()
    assert len(docs) == 126  # 100 invoices, 25 statements, 1 reconciliation
    for doc in docs:
        png = browser.screenshot(doc.to_html(), tmp_path / "page.png", width=1000, height=1200)
        data = png.read_bytes()
        width, height, _, _ = png_rows(data)
        assert (width, height) == (1000, 1200)
        ink = ink_fraction(data)
        # text and table rules change a few percent of the pixels, never all of them
        assert 0.005 < ink < 0.6, (doc._summary(), ink)


def test_a_blank_page_is_detected_as_blank(browser, tmp_path):
    # the non-blank check can fail: an empty page has no ink
    png = browser.screenshot("<html><body></body></html>", tmp_path / "blank.png",
                             width=400, height=300)
    assert ink_fraction(png.read_bytes()) == 0.0


def _pdf_text(browser, doc, path):
    browser.pdf(doc.to_html(), path)
    assert path.read_bytes()[:5] == b"%PDF-"
    out = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \t]+", " ", out)


@pytest.mark.parametrize("licensee", ["L001", "L009", "L018"])
def test_pdf_text_has_every_line_item_and_total(browser, tmp_path, licensee):
    # L001: capped, discounted; L009: units not due; L018: a member that is also a licensee
    pool, report, _, rj, _ = bundled()
    doc = D.invoice(report, licensee, pool)
    text = _pdf_text(browser, doc, tmp_path / f"{licensee}.pdf")
    words = set(text.split()) | set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))
    j = {x["licensee"]: x for x in rj["licensees"]}[licensee]
    for k in ("gross", "discount", "cap", "owed"):
        assert grouped(cents(j[k])) in words, k
    assert grouped(doc.total_cents) in words and doc.number in words
    assert str(doc.due) in words and str(doc.issued) in words
    assert len(doc.lines) > 3
    flat = " ".join(text.split())
    for ln in doc.lines:
        assert grouped(ln.royalty_cents) in words, ln
        assert f"{ln.units:,}" in words and f"{ln.royalty_bearing_units:,}" in words
        assert re.search(rf"{ln.product} {ln.country}\b", flat), ln
        for reason, n in ln.not_due.items():
            assert f"{n:,}" in words and reason.split()[0] in words


def test_pdf_of_statement_and_reconciliation(browser, tmp_path):
    _, _, _, _, aj = bundled()
    _, sts, rec = bundled_documents()
    s = {x.member.id: x for x in sts}["M04"]
    text = _pdf_text(browser, s, tmp_path / "s.pdf")
    words = set(re.findall(r"-?\d[\d,]*\.\d+", text)) | set(re.findall(r"\d[\d,]*\.\d+", text))
    assert {grouped(s.amount_cents), grouped(s.net_cents), grouped(s.payable_cents)} <= words
    text = _pdf_text(browser, rec, tmp_path / "r.pdf")
    words = set(text.split()) | set(re.findall(r"\d[\d,]*\.\d+", text))
    assert grouped(cents(aj["collected"])) in words and "L100" in words


def _decimal_cents(v) -> int:
    """A workbook money cell (float or int of currency units) as exact cents."""
    return int((Decimal(repr(v)) * 100).to_integral_value())


def test_xlsx_numbers_equal_the_json_reports(tmp_path):
    _, _, _, rj, aj = bundled()
    invs, sts, rec = bundled_documents()
    lic = {x["licensee"]: x for x in rj["licensees"]}
    for doc in invs:
        wb = openpyxl.load_workbook(doc.to_xlsx(tmp_path / "i.xlsx"))
        ws = wb["Invoice"]
        assert ws.freeze_panes == "A2" and ws["A1"].font.bold
        cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=2)}
        j = lic[doc.licensee.id]
        for k in ("gross", "discount", "allowance", "cap", "owed"):
            c = cells[k]
            assert isinstance(c.value, int | float) and '"USD"' in c.number_format, k
            assert _decimal_cents(c.value) == cents(j[k]), (doc.number, k)
        items = list(wb["Line items"].iter_rows(min_row=2, values_only=True))
        assert [(r[0], r[1], r[2]) for r in items] == [(ln.product, ln.country, ln.units)
                                                     for ln in doc.lines]
        assert sum(_decimal_cents(r[7]) for r in items) == cents(j["owed"])
    members = {x["member"]: x for x in aj["members"]}
    for s in sts:
        wb = openpyxl.load_workbook(s.to_xlsx(tmp_path / "s.xlsx"))
        cells = {r[0]: r[1] for r in wb["Statement"].iter_rows(min_row=2, values_only=True)}
        assert _decimal_cents(cells["amount"]) == cents(members[s.member.id]["amount"])
        assert _decimal_cents(cells["collected"]) == cents(aj["collected"])
        assert _decimal_cents(cells["administrator fee"]) == cents(aj["administrator_fee"])
        by_country = list(wb["By country"].iter_rows(min_row=2, values_only=True))
        assert sum(_decimal_cents(r[3]) for r in by_country) == cents(aj["collected"])
    wb = openpyxl.load_workbook(rec.to_xlsx(tmp_path / "r.xlsx"))
    for r in wb["Licensees"].iter_rows(min_row=2, values_only=True):
        assert _decimal_cents(r[9]) == cents(lic[r[0]]["owed"])
        assert _decimal_cents(r[4]) == cents(lic[r[0]]["gross"])
    for r in wb["Licensors"].iter_rows(min_row=2, values_only=True):
        assert _decimal_cents(r[3]) == cents(members[r[0]]["amount"])
    assert all(r[3] is True for r in wb["Checks"].iter_rows(min_row=2, values_only=True))


def test_write_documents_pdf_for_a_small_pool(tmp_path):
    from tests.test_documents import small_pool

    files = D.write_documents(small_pool(), tmp_path, fmt="pdf")
    assert [f.name for f in files] == [
        "invoice-2024-L1.pdf", "invoice-2024-L2.pdf", "invoice-2024-L3.pdf",
        "invoice-2024-L4.pdf", "statement-2024-A.pdf", "statement-2024-B.pdf",
        "reconciliation-2024.pdf"]
    assert all(f.read_bytes()[:5] == b"%PDF-" for f in files)


def test_missing_browser_is_a_clear_error(monkeypatch):
    with pytest.raises(D.BrowserError, match="cannot start /nonexistent/chromium"):
        D.Browser("/nonexistent/chromium").start()
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("POOLCALC_CHROMIUM", raising=False)
    with pytest.raises(D.BrowserError, match="apt-get install chromium"):
        D.find_chromium()

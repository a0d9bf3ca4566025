"""Invoices show the entry fee, its creditable part and the payers (issue 12), via HTML.

Hand numbers from the real pools' published terms:

- DVD 3C (1999): "an initial fee of $10,000, of which $5,000 is creditable vs. running
  royalties of 3.5% for each player, with a minimum of $5 per device" (Computer Data
  Storage Newsletter, August 1999).  ``examples/real_pools/dvd3c_entry_fee_1999``:
  PLAYERCO signs in 1999 and owes US$2,000 of royalties that year, so its 1999
  invoice is 2,000 + 10,000 = US$12,000; in 2001 it owes US$7,000 (1,000 players at
  US$7, 3.5 % of US$200) and the last US$2,000 of the creditable US$5,000 (3,000 were
  credited in 2000) is offset: 7,000 - 2,000 = US$5,000.
- Via LA HEVC: chip vendors "may pay royalties on behalf of their customer who is a
  Licensee ... subject to that Licensee's annual cap" (via-la.com/licensing-2/hevc/
  hevc-license-fees/).  ``examples/real_pools/via_la_hevc_chip_payer``: BIGTV's
  130,100,000 units at US$0.20 above the first 100,000 cost 26,000,000, capped at
  US$25,000,000; CHIPCO pays for half the units, 65,050,000 / 130,100,000 x
  25,000,000 = US$12,500,000, BIGTV the other US$12,500,000.  SMALLTV: 200,000 units,
  100,000 free, 100,000 x 0.20 = US$20,000; CHIPCO's 50,000 units carry 50,000 /
  200,000 of it = US$5,000, SMALLTV pays US$15,000.
"""

from __future__ import annotations

from pathlib import Path

from documents_helpers import visible_text

from poolcalc import documents
from poolcalc.io import read_pool
from poolcalc.royalties import royalties_owed

REAL = Path(__file__).resolve().parent.parent / "examples" / "real_pools"


def _text(doc) -> str:
    """The invoice's HTML as the words a reader sees, single-spaced."""
    return " ".join(visible_text(doc.to_html()).split())


def _invoice(name: str, licensee: str, year: int | None = None):
    pool = read_pool(REAL / name)
    rep = royalties_owed(pool, year) if year else royalties_owed(pool)
    return documents.invoice(rep, licensee, pool)


def test_signing_year_invoice_shows_the_entry_fee_and_its_creditable_part():
    doc = _invoice("dvd3c_entry_fee_1999", "PLAYERCO", 1999)
    assert (doc.royalty_cents, doc.fee_cents, doc.fee_credit_cents) == (200_000, 1_000_000, 0)
    assert doc.total_cents == 1_200_000  # 2,000 + 10,000
    text = _text(doc)
    assert "Entry fee (entry fee on signing in 1999: 10,000, of which 5,000 creditable " \
           "against later royalties; credited this period 0.00, left 5,000.00) 10,000.00" in text
    assert "entry fee 0 0 10,000 on signing, of which 5,000 creditable 10,000.00" in text
    assert "Total (USD) 12,000.00" in text
    assert doc.to_dict()["entry_fee"] == "10000.00"


def test_later_invoice_offsets_the_rest_of_the_creditable_part():
    doc = _invoice("dvd3c_entry_fee_1999", "PLAYERCO", 2001)
    assert (doc.royalty_cents, doc.fee_cents, doc.fee_credit_cents) == (700_000, 0, 200_000)
    assert doc.total_cents == 500_000  # 7,000 - 2,000
    text = _text(doc)
    assert "less entry fee credit (creditable part) (entry fee on signing in 1999: 10,000, " \
           "of which 5,000 creditable against later royalties; credited this period " \
           "2,000.00, left 0.00) -2,000.00" in text
    assert "Total (USD) 5,000.00" in text


def test_invoice_total_is_the_report_total_with_fees():
    pool = read_pool(REAL / "dvd3c_entry_fee_1999")
    for year in (1999, 2000, 2001):
        rep = royalties_owed(pool, year)
        assert sum(d.total_cents for d in documents.invoices(rep, pool)) == rep.total_cents


def test_invoice_shows_what_the_chip_vendor_pays_for_the_licensee():
    doc = _invoice("via_la_hevc_chip_payer", "BIGTV")
    assert doc.total_cents == 2_500_000_000
    assert [(p.payer, p.units, p.cents) for p in doc.payers] == [
        ("CHIPCO", 65_050_000, 1_250_000_000)]
    assert doc.licensee_pays_cents == 1_250_000_000
    text = _text(doc)
    assert "Paid by others on the licensee's behalf" in text
    assert "CHIPCO 65,050,000 12,500,000.00" in text
    assert "Payable by the licensee (USD) 12,500,000.00" in text


def test_small_licensee_pays_the_rest_after_its_free_units():
    doc = _invoice("via_la_hevc_chip_payer", "SMALLTV")
    assert [(p.payer, p.cents) for p in doc.payers] == [("CHIPCO", 500_000)]
    text = _text(doc)
    assert "CHIPCO 50,000 5,000.00" in text and "Payable by the licensee (USD) 15,000.00" in text
    assert doc.to_dict()["licensee_pays"] == "15000.00"


def test_invoice_without_fee_or_payer_shows_neither():
    doc = _invoice("hevc_advance_region2_80", "BOXCO")
    text = _text(doc)
    assert "Entry fee" not in text and "Paid by others" not in text
    assert doc.licensee_pays_cents == doc.total_cents == 26_000_000

"""Issue 14 x 12: entry fees, payers and metric tiers in period administration.

A pool with terms the period invoices do not carry yet is refused (exit 2, one line
naming file, line, field and value), never invoiced without them.  Hand-computed
values are in the comments (never produced by poolcalc).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from poolcalc.cli import main

REAL = Path(__file__).resolve().parents[1] / "examples" / "real_pools"


def _run(capsys, *args):
    code = main([*map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("name", "label", "message"), [
    ("via_la_hevc_chip_payer", "2016Q3",
     "sales.csv:2: field payer: payers other than the licensee are not invoiced per "
     "period yet (the annual run, poolcalc royalties, bills them), got 'CHIPCO'"),
    ("dvd3c_entry_fee_1999", "2000Q2",
     "pool.toml: [royalty] field entry_fee: entry fees are not invoiced per period yet "
     "(the annual run, poolcalc royalties, invoices them), got 10000"),
    ("access_advance_vdp", "2025Q1",
     "metrics.csv:2: field value: royalties by metric tiers are not invoiced per period "
     "yet (the annual run, poolcalc royalties, invoices them), got 700000 (STREAMA 2025H1 "
     "active_users)"),
])
def test_terms_not_invoiced_per_period_are_refused_in_one_line(capsys, name, label, message):
    # Via LA HEVC: CHIPCO pays for BIGTV's 65,050,000 units of sales.csv line 2; a
    # period invoice addressed to BIGTV for them would bill the wrong party
    code, out, err = _run(capsys, "period", REAL / name, "--period", label)
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [f"poolcalc period: {message}"]


@pytest.mark.parametrize(("name", "year", "title"), [
    ("dvd3c_entry_fee_1999", 2000, "Entry fees and fee credits"),
    ("via_la_hevc_chip_payer", 2016, "Billed to payers (royalties paid on behalf of licensees)"),
    ("access_advance_vdp", 2025, "Royalties by metric tier (half years)"),
])
def test_annual_tables_of_fees_payers_and_metrics_print(capsys, name, year, title):
    # the text tables of `poolcalc royalties` (they failed on a str `align`)
    code, out, _ = _run(capsys, "royalties", REAL / name, "--year", year)
    assert code == 0 and title in out.splitlines()

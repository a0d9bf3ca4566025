"""Royalty results implement the result interface; the CLI's outputs come from them.

Amounts are worked by hand from the published terms in the comments.
"""

from __future__ import annotations

import json

import pytest
from royalties_helpers import AVC_TIERS, flat, pool, sale

import poolcalc.model as m
from poolcalc._result import REPR_LIMIT, Result
from poolcalc.io import write_royalties
from poolcalc.royalties import Invoice, RoyaltyReport, UsageInvoice, royalties_owed


def _avc_report(**kw) -> RoyaltyReport:
    # AVC/H.264 (MPEG LA terms, cdrinfo.com, 19 May 2004): 6,000,000 units in a year cost
    # 0 x 100,000 + 0.20 x 4,900,000 + 0.10 x 1,000,000 = US$1,080,000.00
    sched = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS))
    return royalties_owed(pool(sched, [sale(units=6_000_000)], **kw))


def _usage_report() -> RoyaltyReport:
    # AVC content royalties (TV Technology, 1 Dec 2003): a free-TV market of more than
    # 100,000 households owes US$10,000 a year
    p = pool(
        flat(0.0),
        [sale(units=1)],
        usage_terms=m.UsageTerms.avc(),
        usage=[m.UsageRecord("L1", 2024, "broadcast", 150_000, "US", market="NYC")],
    )
    return royalties_owed(p)


def test_results_derive_from_result():
    rep = _usage_report()
    for obj in (rep, rep.invoices[0], rep.usage[0]):
        assert isinstance(obj, Result)
        assert len(repr(obj)) < REPR_LIMIT


def test_invoice_to_dict_and_table():
    inv = _avc_report().invoice("L1")
    d = inv.to_dict()
    assert (d["gross"], d["owed"], d["member"]) == ("1080000.00", "1080000.00", "0.00")
    assert d["units"] == 6_000_000 and d["not_due"] == {}
    assert "1,080,000.00" in str(inv)
    assert repr(inv) == "Invoice(L1: owed 1080000.00 of gross 1080000.00 on 6,000,000 units)"


def test_invoice_money_in_the_currency_minor_units():
    # yen have no minor units: 1,000 units at JPY 20 = JPY 20,000, written "20000"
    rep = royalties_owed(pool(flat(20.0), [sale(units=1000)], currency="JPY", minor_units=0))
    inv = rep.invoice("L1")
    assert inv.minor_units == 0 and inv.owed_cents == 20_000
    assert inv.to_dict()["owed"] == "20000"
    assert rep.to_dict()["total"] == "20000"


def test_report_outputs_are_the_cli_outputs():
    rep = _usage_report()
    assert json.loads(write_royalties(rep, "json")) == rep.to_dict()
    assert write_royalties(rep, "table") == str(rep)
    assert write_royalties(rep, "csv") == rep.to_csv()
    # the grand total: US$10,000.00 of content royalties, nothing per unit
    assert rep.to_dict()["total"] == "10000.00"
    assert rep.to_dict()["usage"][0]["broadcast"] == "10000.00"
    text = str(rep)
    assert "Content (usage) royalties" in text
    assert "Total owed incl. content royalties: 10,000.00" in text
    assert rep.to_csv().splitlines()[1].endswith(",10000.00")


def test_usage_invoice_result():
    u = _usage_report().usage[0]
    assert isinstance(u, UsageInvoice)
    assert u.to_dict()["by_country"] == {"US": "10000.00"}
    assert "10,000.00" in str(u)
    assert repr(u) == "UsageInvoice(L1 2024: owed 10000.00)"


def test_report_repr_is_short_and_html_escaped():
    lic = [m.Licensee(f"<L{i}>") for i in range(300)]
    rows = [sale(f"<L{i}>", units=10) for i in range(300)]
    rep = royalties_owed(pool(flat(1.0), rows, licensees=lic))
    # 300 licensees x 10 units x US$1.00 = US$3,000.00
    assert repr(rep) == "RoyaltyReport(2024, 300 licensees, total 3000.00 USD)"
    html = rep._repr_html_()
    assert "&lt;L0&gt;" in html and "<L0>" not in html


def test_to_frame_has_cents_and_formatted_owed():
    pd = pytest.importorskip("pandas")
    rep = _avc_report()
    df = rep.to_frame()
    assert isinstance(df, pd.DataFrame)
    assert df["owed_cents"].tolist() == [108_000_000] and df["owed"].tolist() == ["1080000.00"]
    assert rep.invoice("L1").to_frame()["owed_cents"].tolist() == [108_000_000]


def test_invoice_equality_keeps_working():
    a = Invoice("L", "L", 1, 1, 0, {}, gross_cents=10, owed_cents=10)
    assert a == Invoice("L", "L", 1, 1, 0, {}, gross_cents=10, owed_cents=10)
    assert a != Invoice("L", "L", 1, 1, 0, {}, gross_cents=10, owed_cents=10, minor_units=0)

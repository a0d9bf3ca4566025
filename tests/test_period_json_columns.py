"""The period report's columns for the JSON writer: the same text as ``to_dict()``."""

from __future__ import annotations

import datetime as dt

from poolcalc._format import render_json
from poolcalc.periods._json_columns import money_column, payments_records, shares_records
from poolcalc.periods._records import Application, Payment


def _payment(n: int, written_off: int | None) -> Payment:
    return Payment(f"payments.csv:{n}", "L\u00e91\n", dt.date(2024, 8, n), 12345 * n, "EUR",
                   12000 * n, fx_rate=1.0287, withheld_tax_cents=n, tax_country="CN",
                   certificate=None, invoice="2024Q2-L1",
                   applications=(Application("2024Q2-L1", 100, 1), Application(None, 5)),
                   interest_cents=-3, days_late=n, written_off_cents=written_off)


def test_payments_as_columns_are_their_dicts():
    ps = [_payment(1, None), _payment(2, None)]
    rec = payments_records(ps, 2)
    assert render_json(rec) == render_json([p.to_dict(2) for p in ps])
    ps = [_payment(1, 7), _payment(2, 0)]
    assert render_json(payments_records(ps, 2)) == render_json([p.to_dict(2) for p in ps])


def test_payments_with_and_without_a_write_off_stay_dicts():
    ps = [_payment(1, None), _payment(2, 7)]
    got = payments_records(ps, 2)
    assert got == [p.to_dict(2) for p in ps]
    assert "written_off" not in got[0] and got[1]["written_off"] == "0.07"


def test_amounts_beyond_int64_are_written_exactly():
    assert money_column([2**70, -(2**70) - 1, 5], 2) == [
        "11805916207174113034.24", "-11805916207174113034.25", "0.05"]
    shares = [("I-1", "M01", 2**64), ("I-1", "M02", -1)]
    assert render_json(shares_records(shares, 0)) == render_json(
        [{"invoice": "I-1", "member": "M01", "amount": str(2**64)},
         {"invoice": "I-1", "member": "M02", "amount": "-1"}])

"""``poolcalc statements DIR --period 2024Q3``: the period's documents, to the cent.

Every written invoice, debit note and licensor statement carries exactly the money that
``poolcalc period DIR --period 2024Q3 --format json`` prints for it: the reference is
the JSON contract of issue 14 (decimal strings), read back from the files written.
"""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from poolcalc.cli import main
from poolcalc.data import example_pool_path
from tests.documents_helpers import grouped, visible_text


def _cents(text: str) -> int:
    return int(Decimal(text).scaleb(2))


def _cell_cents(v) -> int:
    """A workbook money cell (float or int of currency units) as exact cents."""
    return int((Decimal(repr(v)) * 100).to_integral_value())


def _period_json(capsys, label: str) -> dict:
    assert main(["period", str(example_pool_path()), "--period", label,
                 "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_period_xlsx_documents_equal_the_period_json(tmp_path, capsys):
    d = _period_json(capsys, "2024Q3")
    out = tmp_path / "q3"
    assert main(["statements", str(example_pool_path()), "--period", "2024Q3",
                 "--out", str(out), "--format", "xlsx"]) == 0
    owed = {i["invoice"]: _cents(i["owed"]) for i in d["invoices"] if _cents(i["owed"]) != 0}
    members = {m["member"]: m for m in d["distribution"]["members"]}
    assert len(owed) == 66 and len(members) == 24  # the bundled year's third quarter
    msg = capsys.readouterr().out
    assert msg.startswith(f"wrote {len(owed) + len(members)} xlsx files to {out}: "
                          f"61 invoices, 4 debit notes, 1 credit note, {len(members)} statements")
    files = {p.name for p in out.iterdir()}
    assert files == ({f"invoice-{n}.xlsx" for n in owed}
                     | {f"statement-2024Q3-{m}.xlsx" for m in members})
    for number, cents in owed.items():  # invoices, debit notes, the credit note (< 0)
        wb = openpyxl.load_workbook(out / f"invoice-{number}.xlsx")
        cells = {r[0]: r[1] for r in wb["Invoice"].iter_rows(min_row=2, values_only=True)}
        assert cells["invoice"] == number and cells["period"] == "2024Q3"
        assert _cell_cents(cells["owed"]) == cents, number
        assert _cell_cents(cells["total"]) == cents, number
        items = list(wb["Line items"].iter_rows(min_row=2, values_only=True))
        assert sum(_cell_cents(r[7]) for r in items) == cents, number
    dist = d["distribution"]
    for member, m in members.items():
        wb = openpyxl.load_workbook(out / f"statement-2024Q3-{member}.xlsx")
        cells = {r[0]: r[1] for r in wb["Statement"].iter_rows(min_row=2, values_only=True)}
        assert _cell_cents(cells["amount"]) == _cents(m["gross"]), member
        assert _cell_cents(cells["tax credits"]) == _cents(m["tax_credit"]), member
        assert _cell_cents(cells["net"]) == _cents(m["net"]), member
        assert _cell_cents(cells["collected"]) == (_cents(dist["received"])
                                                   + _cents(dist["withheld_tax"]))
        assert _cell_cents(cells["administrator fee"]) == _cents(dist["administrator_fee"])
    # the statements together pass on every cent of tax withheld, as the JSON says
    assert sum(_cents(m["tax_credit"]) for m in members.values()) == _cents(dist["withheld_tax"])


def test_period_html_documents_show_the_period_json_amounts(tmp_path, capsys):
    d = _period_json(capsys, "2024Q2")
    out = tmp_path / "q2"
    assert main(["statements", str(example_pool_path()), "--period", "2024Q2",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    for inv in d["invoices"]:
        if _cents(inv["owed"]) == 0:
            continue
        text = visible_text((out / f"invoice-{inv['invoice']}.html").read_text("utf-8"))
        assert inv["invoice"] in text and grouped(_cents(inv["owed"])) in text
    for m in d["distribution"]["members"]:
        text = visible_text((out / f"statement-2024Q2-{m['member']}.html").read_text("utf-8"))
        for k in ("gross", "net"):
            assert grouped(_cents(m[k])) in text, (m["member"], k)


@pytest.mark.parametrize("extra", [["--year", "2024"], ["--scheme", "per-patent"],
                                   ["--option", "x=1"]])
def test_period_with_year_or_scheme_is_exit_2(tmp_path, capsys, extra):
    code = main(["statements", str(example_pool_path()), "--period", "2024Q3",
                 "--out", str(tmp_path), *extra])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"--period 2024Q3 cannot be combined with {extra[0]}" in err


def test_unknown_period_is_exit_2(tmp_path, capsys):
    code = main(["statements", str(example_pool_path()), "--period", "2024Q5",
                 "--out", str(tmp_path)])
    assert code == 2
    assert capsys.readouterr().err == (
        "poolcalc statements: period: no quarter 5 in a year, got '2024Q5'\n")

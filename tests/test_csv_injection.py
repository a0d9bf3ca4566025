"""CSV / spreadsheet formula injection (issue 10, "silent wrong answers" bullet 4).

OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
by Excel, LibreOffice and Google Sheets; prefix such cells with a single quote.  Every
writer does so (reports, pool directories, workbooks, documents); a plain decimal
number (``-12.50``) in a numeric column stays a number; the readers remove the quote
again, so a pool round-trips exactly.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

import poolcalc.model as m
from poolcalc._format import escape_formula, unescape_formula
from poolcalc.cli import main
from poolcalc.io import read_pool, write_pool
from tests.test_io_pool_dir import read_pool_builtin

EVIL_MEMBER = "@SUM(1)"
EVIL_LICENSEE = "=1+2"
EVIL_PRODUCT = "+cmd|' /C calc'!A0"
EVIL_NAME = "-2+3"


def _evil_pool() -> m.Pool:
    members = [m.Member(EVIL_MEMBER, "\tTab Ltd"), m.Member("B", "Beta")]
    pats = [m.Patent(f"US{k}", owner, "US", "2035-01-01") for k, owner in
            enumerate([EVIL_MEMBER, "B", EVIL_MEMBER])]
    lic = [m.Licensee(EVIL_LICENSEE, EVIL_NAME, member=EVIL_MEMBER), m.Licensee("L2", "Plain")]
    sales = [m.SalesRecord(EVIL_LICENSEE, "2024-03-01", EVIL_PRODUCT, "US", "US", 140),
             m.SalesRecord("L2", "2024-04-01", EVIL_PRODUCT, "US", "US", 10)]
    return m.Pool("evil", members, pats, licensees=lic, sales=sales,
                  schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _dangerous(cells: list[str]) -> list[str]:
    return [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
            and escape_formula(c) != c]


@pytest.fixture()
def evil_dir(tmp_path):
    return write_pool(_evil_pool(), tmp_path / "evil")


@pytest.mark.parametrize("argv", [["royalties", "--year", "2024"], ["allocate", "--year", "2024"],
                                  ["compare", "--year", "2024"]])
def test_cli_csv_reports_escape_formulas(evil_dir, capsys, argv):
    assert main([argv[0], str(evil_dir), *argv[1:], "--format", "csv"]) == 0
    cells = _cells(capsys.readouterr().out)
    assert not _dangerous(cells), _dangerous(cells)
    if argv[0] == "royalties":
        assert "'=1+2" in cells
    else:
        assert "'@SUM(1)" in cells


def test_allocate_csv_keeps_negative_numbers_numeric(evil_dir, capsys):
    # 140 + 10 units at 1.00 = 150.00 collected; the member owns 2 of the 3 US patents:
    # it receives 2/3 x 150.00 = 100.00, its licensee owes 140.00, so it nets -40.00 --
    # a number, written as "-40.00" (not escaped), while its id is escaped
    assert main(["allocate", str(evil_dir), "--year", "2024", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["member", "amount", "share", "payable", "net"]
    evil = next(r for r in rows if r[0] == "'@SUM(1)")
    assert evil[1] == "100.00" and evil[3] == "140.00" and evil[4] == "-40.00"


def test_pool_directory_files_are_escaped_and_round_trip(evil_dir):
    for name in ("patents.csv", "licensees.csv", "sales.csv"):
        cells = _cells((evil_dir / name).read_text(encoding="utf-8"))
        assert not _dangerous(cells), (name, _dangerous(cells))
    assert "'=1+2" in _cells((evil_dir / "licensees.csv").read_text(encoding="utf-8"))
    assert "'@SUM(1)" in _cells((evil_dir / "patents.csv").read_text(encoding="utf-8"))
    assert "'+cmd|' /C calc'!A0" in _cells((evil_dir / "sales.csv").read_text(encoding="utf-8"))
    for reader in (read_pool, read_pool_builtin):
        back = reader(evil_dir)
        assert back == _evil_pool()
        assert [x.id for x in back.licensees] == [EVIL_LICENSEE, "L2"]


def test_workbook_cells_are_escaped_once_and_round_trip(tmp_path):
    book = write_pool(_evil_pool(), tmp_path / "evil.xlsx")
    wb = openpyxl.load_workbook(book)
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row
              if isinstance(c.value, str)]
    assert "'=1+2" in values and "'@SUM(1)" in values and "''=1+2" not in values
    assert all(escape_formula(v) == v or v[:1] == "'" for v in values)
    assert read_pool(book) == _evil_pool()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("=1+2", "'=1+2"), ("@SUM(1)", "'@SUM(1)"), ("+1+2", "'+1+2"), ("-1+2", "'-1+2"),
     ("\t-1", "'\t-1"), ("\r=1", "'\r=1"), ("-inf", "'-inf"), ("-1_0", "'-1_0"),
     ("'quoted", "''quoted"), ("-12.50", "-12.50"), ("+3", "+3"), ("-1e-5", "-1e-5"),
     ("L001", "L001"), ("", "")],
)
def test_escape_formula_cases(text, escaped):
    # ``float()`` accepts "-inf", "-1_0" and "\t-1"; a spreadsheet does not read them as
    # numbers, so they are escaped (on main they were left as they are)
    assert escape_formula(text) == escaped
    assert unescape_formula(escaped) == text

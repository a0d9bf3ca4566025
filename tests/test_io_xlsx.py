"""Pools as Excel workbooks, ``poolcalc convert``, and hints for spreadsheet habits."""

from __future__ import annotations

import datetime as dt
import filecmp
import shutil
import warnings
from pathlib import Path

import openpyxl
import pytest

import poolcalc
from poolcalc.cli import main
from poolcalc.errors import InvalidInputError, PoolcalcWarning
from poolcalc.io import convert_pool, read_pool, write_pool
from poolcalc.io._hints import hint
from tests.test_documents import small_pool

EXAMPLE = Path(poolcalc.example_pool_path())


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """The bundled pool as one workbook (pool.toml as a sheet)."""
    return convert_pool(EXAMPLE, tmp_path_factory.mktemp("xlsx") / "pool.xlsx")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A pool of 6 patents and 7 sales rows as a workbook (fast to edit)."""
    return write_pool(small_pool(), tmp_path_factory.mktemp("small") / "small.xlsx")


def _edit(src: Path, dst: Path, fn) -> Path:
    wb = openpyxl.load_workbook(src)
    fn(wb)
    wb.save(dst)
    return dst


@pytest.mark.parametrize("argv", [["royalties", "--year", "2024"], ["allocate"],
                                  ["allocate", "--scheme", "shapley"]])
def test_workbook_gives_byte_identical_json_reports(book, capsys, argv):
    assert main([argv[0], str(EXAMPLE), *argv[1:], "--format", "json"]) == 0
    from_dir = capsys.readouterr().out
    assert main([argv[0], str(book), *argv[1:], "--format", "json"]) == 0
    assert capsys.readouterr().out == from_dir and len(from_dir) > 1000


def test_workbook_sheets_are_typed_frozen_and_round_trip(book, tmp_path):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["patents", "licensees", "sales", "pool.toml"]
    ws = wb["sales"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    head = [c.value for c in ws[1]]
    row = [c.value for c in ws[2]]
    # sales.csv line 2: L002,2024-01-01,decoder_device,KR,MX,233924,181.79
    assert dict(zip(head, row, strict=True)) == {
        "licensee": "L002", "date": dt.datetime(2024, 1, 1), "product": "decoder_device",
        "country_of_sale": "KR", "country_of_manufacture": "MX", "units": 233924,
        "net_price": 181.79}
    back = tmp_path / "back"
    assert main(["convert", str(book), str(back)]) == 0
    for name in ("pool.toml", "patents.csv", "licensees.csv", "sales.csv"):
        assert filecmp.cmp(EXAMPLE / name, back / name, shallow=False), name
    assert read_pool(book) == read_pool(EXAMPLE)


def test_round_trip_keeps_formula_like_text_and_new_columns(tmp_path):
    pool = small_pool()
    lic = list(pool.licensees)
    lic[0] = poolcalc.model.Licensee(lic[0].id, "=SUM(A1:A3)", address="'quoted\n2nd line",
                                     country="KR", email="+ap@example.org")
    pool = pool.evolve(licensees=lic, administrator=poolcalc.model.Administrator(
        name="Pool Admin", payment_instructions="- pay within 30 days"))
    f = write_pool(pool, tmp_path / "p.xlsx")
    cell = openpyxl.load_workbook(f)["licensees"]["B2"]
    assert cell.value == "'=SUM(A1:A3)" and cell.data_type == "s"
    assert read_pool(f) == pool
    # content (usage) reports travel as the sheet "usage"
    pool = pool.evolve(usage_terms=poolcalc.model.UsageTerms.avc(),
                       usage=[poolcalc.model.UsageRecord("L1", 2024, "subscription", 300_000,
                                                         "US")])
    f = write_pool(pool, tmp_path / "u.xlsx")
    assert "usage" in openpyxl.load_workbook(f).sheetnames
    back = read_pool(f)
    assert back == pool and back.usage == pool.usage


def test_pool_toml_beside_the_workbook(small, tmp_path):
    f = _edit(small, tmp_path / "pool_only_data.xlsx", lambda wb: wb.remove(wb["pool.toml"]))
    with pytest.raises(InvalidInputError, match=r"pool_only_data\.xlsx: no pool\.toml \(a sheet "
                                                r"'pool\.toml', or pool_only_data\.toml or "
                                                r"pool\.toml beside the workbook\)"):
        read_pool(f)
    write_pool(small_pool(), tmp_path / "dir")
    shutil.copy(tmp_path / "dir" / "pool.toml", tmp_path / "pool_only_data.toml")
    assert read_pool(f) == small_pool()


def test_workbook_errors_name_sheet_row_and_column(small, tmp_path):
    def bad_units(wb):
        wb["sales"]["F5"] = "-3"

    with pytest.raises(InvalidInputError, match=r"^bad\.xlsx: sheet 'sales', row 5, column F "
                                                r"\(units\): units must be a non-negative integer, "
                                                r"got '-3'$"):
        read_pool(_edit(small, tmp_path / "bad.xlsx", bad_units))

    def thousands(wb):
        wb["sales"]["F7"] = "1,234"

    with pytest.raises(InvalidInputError,
                       match=r"row 7, column F \(units\): .*got '1,234' "
                             r"\(looks like a thousands separator: write 1234\)"):
        read_pool(_edit(small, tmp_path / "bad.xlsx", thousands))

    def owner(wb):
        wb["patents"]["B3"] = "M99"  # the owner column

    with pytest.raises(InvalidInputError, match=r"sheet 'patents', row 3, column B \(owner\): "
                                                r"owner 'M99' is not a member"):
        read_pool(_edit(small, tmp_path / "bad.xlsx", owner))

    def date(wb):
        wb["sales"]["B4"] = "01/02/2024"

    with pytest.raises(InvalidInputError, match=r"row 4, column B \(date\).*could be 2024-02-01 "
                                                r"\(day first\) or 2024-01-02 \(month first\)"):
        read_pool(_edit(small, tmp_path / "bad.xlsx", date))

    with pytest.raises(InvalidInputError, match=r"bad\.xlsx: missing sheet 'sales'"):
        read_pool(_edit(small, tmp_path / "bad.xlsx", lambda wb: wb.remove(wb["sales"])))
    with pytest.raises(InvalidInputError, match=r"bad\.xlsx: unknown sheet 'Sheet1' \(sheets: "
                       r"patents, licensees, sales, usage, metrics, pool\.toml"):
        read_pool(_edit(small, tmp_path / "bad.xlsx", lambda wb: wb.create_sheet("Sheet1")))
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a zip")
    with pytest.raises(InvalidInputError, match=r"junk\.xlsx: not a readable \.xlsx workbook"):
        read_pool(junk)
    with pytest.raises(InvalidInputError, match=r"pool workbook '.*nowhere\.xlsx' does not exist"):
        read_pool(tmp_path / "nowhere.xlsx")


def test_workbook_spreadsheet_habits(small, tmp_path):
    def habits(wb):
        ws = wb["sales"]
        ws["A3"] = "  L2  "  # spaces around an id
        ws["B3"] = "2024-03-01"  # a date typed as text
        ws["F3"] = 20.0  # a count stored as a float
        for _ in range(3):
            ws.append([None] * 7)  # trailing rows of empty cells

    f = _edit(small, tmp_path / "habits.xlsx", habits)
    with pytest.warns(PoolcalcWarning, match=r"habits\.xlsx: sheet 'sales': ignored 3 empty "
                                             r"row\(s\) \(row 9, 10, 11\)"):
        pool = read_pool(f)
    assert pool == small_pool()


def test_cli_convert_both_ways_and_refuses_to_overwrite(tmp_path, capsys):
    src = write_pool(small_pool(), tmp_path / "src")
    x = tmp_path / "p.xlsx"
    assert main(["convert", str(src), str(x)]) == 0
    assert main(["convert", str(src), str(x)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["convert", str(x), str(tmp_path / "d")]) == 0
    assert main(["royalties", str(x), "--format", "json"]) == 0


# --- hints in CSV files too ----------------------------------------------------------------
def _copy(tmp_path: Path) -> Path:
    d = tmp_path / "pool"
    shutil.copytree(EXAMPLE, d)
    return d


def _set_sales_cell(d: Path, line: int, col: int, value: str) -> None:
    f = d / "sales.csv"
    lines = f.read_text().splitlines()
    cells = lines[line - 1].split(",")
    cells[col] = value
    lines[line - 1] = ",".join(cells)
    f.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(("col", "value", "message"), [
    (5, '"1,234"', r"sales\.csv:3: units must be a non-negative integer, got '1,234' \(looks "
                   r"like a thousands separator: write 1234\)"),
    (1, "2024/01/31", r"sales\.csv:3: date must be an ISO date YYYY-MM-DD, got '2024/01/31' "
                      r"\(the format expected is YYYY-MM-DD: write 2024-01-31\)"),
    (1, "31/01/2024", r"got '31/01/2024' \(the format expected is YYYY-MM-DD: write 2024-01-31 "
                      r"\(day 31, month 1\)\)"),
    (1, "45292", r"got '45292' \(looks like a spreadsheet date serial number"),
    (6, '"1,234.50"', r"net_price must be a number, got '1,234.50' \(looks like a thousands "
                      r"separator: write 1234.50\)"),
])
def test_csv_hints(tmp_path, col, value, message):
    d = _copy(tmp_path)
    _set_sales_cell(d, 3, col, value)
    with pytest.raises(InvalidInputError, match=message):
        read_pool(d)


def test_csv_rows_of_empty_cells_are_ignored_and_reported(tmp_path):
    d = _copy(tmp_path)
    with (d / "sales.csv").open("a") as fh:
        fh.write(",,,,,,\n , ,,,,,\n")
    with pytest.warns(PoolcalcWarning, match=r"sales\.csv: ignored 2 row\(s\) whose cells are "
                                             r"all empty \(line 9872, 9873\)"):
        pool = read_pool(d)
    assert pool == read_pool(EXAMPLE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_pool(EXAMPLE)  # nothing to report on a clean pool


def test_hint_never_guesses_day_and_month():
    msg = "date must be an ISO date YYYY-MM-DD, got '{}'"
    assert "not guessed" in hint("03/04/2024", msg.format("03/04/2024"))
    assert hint("13/04/2024", msg) == ("the format expected is YYYY-MM-DD: write 2024-04-13 "
                                       "(day 13, month 4)")
    assert hint("04/13/2024", msg) == ("the format expected is YYYY-MM-DD: write 2024-04-13 "
                                       "(month 4, day 13)")
    assert hint("2024-13-01", msg) == ""  # right format, wrong date: no hint
    assert hint("12", "units must be a non-negative integer") == ""
    assert hint(" 1,000 ", "units must be a non-negative integer").endswith(
        "(the cell also has leading or trailing spaces)")

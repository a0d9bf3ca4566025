"""Exact money at every size (issue 10, "silent wrong answers" bullets 1 and 2).

The exact range is 2**53 = 9,007,199,254,740,992 (:data:`poolcalc._money.EXACT_BOUND`):
units per row and over all rows, and a year's standard royalty in minor units.  Each
case below was a silent wrong answer on main before this change (an invoice of 0, a
count off by one, a total off by two cents); each is now the exact answer or a refusal
naming file, line, field and value, with all three readers (pyarrow CSV, built-in CSV,
Excel workbook) and the API.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

import poolcalc.model as m
from poolcalc._money import EXACT_BOUND, check_count, clip_limit
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.royalties import royalties_owed
from poolcalc.tables import units_beyond_bound
from tests.royalties_helpers import AVC_TIERS, flat, pool, sale
from tests.test_io_pool_dir import read_pool_builtin

B = 2**53
assert EXACT_BOUND == B == 9_007_199_254_740_992


def _xlsx(d: Path) -> m.Pool:
    book = d.parent / f"{d.name}.xlsx"
    if not book.exists():
        write_pool(read_pool(d), book)
    return read_pool(book)


READERS = [
    pytest.param(read_pool, id="arrow"),
    pytest.param(read_pool_builtin, id="builtin"),
    pytest.param(_xlsx, id="xlsx"),
]


def _owed(p: m.Pool, year: int = 2024) -> list[int]:
    return [inv.owed_cents for inv in royalties_owed(p, year).invoices]


def _two_licensees(schedule: m.Schedule, units=(1000, 1000)) -> m.Pool:
    lic = [m.Licensee("L1", enterprise="E"), m.Licensee("L2", enterprise="E")]
    return pool(schedule, [sale("L1", units[0]), sale("L2", units[1], date="2024-07-01")],
                licensees=lic)


# ------------------------------------------------------------------------------------------
# money limits beyond the exact range never bind (a user writes 1e20 for "no cap")
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cap", [9.3e16, 1e20, 1e300])
@pytest.mark.parametrize("reader", READERS)
def test_huge_enterprise_cap_does_not_bind(tmp_path, reader, cap):
    # 2 x 1,000 units at US$0.20 = US$400.00 = 40,000 cents; on main every cap from
    # ~9.3e16 cents wrapped in int64 and the invoices owed 0.00
    d = write_pool(_two_licensees(flat(0.20, enterprise_cap=cap)), tmp_path / "p")
    assert _owed(reader(d)) == [20_000, 20_000]


@pytest.mark.parametrize("reader", READERS)
def test_huge_category_cap_does_not_bind(tmp_path, reader):
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 0.20)], category="software"),
                       category_caps={"software": 1e300})
    d = write_pool(_two_licensees(sched), tmp_path / "p")
    assert _owed(reader(d)) == [20_000, 20_000]


def test_cap_just_below_gross_still_binds():
    # the other side: an enterprise cap of US$399.99 on US$400.00 binds (39,999 cents,
    # split 20,000 / 19,999 by largest remainder, the tie to the earlier row)
    assert sum(_owed(_two_licensees(flat(0.20, enterprise_cap=399.99)))) == 39_999


@pytest.mark.parametrize("waiver", [1e20, 1e300])
def test_huge_waiver_waives_everything(waiver):
    # a waiver larger than anything owed leaves 0 (on main: 1e20 wrapped to a negative
    # waiver, so the full 40,000 cents stayed owed)
    assert _owed(_two_licensees(flat(0.20, free_amount=waiver))) == [0, 0]


def test_clip_limit_and_check_count():
    assert clip_limit(1e22) == B and clip_limit(6.5e8) == 6.5e8 and clip_limit(math.inf) == math.inf
    assert check_count(B, "units") == B
    with pytest.raises(InvalidInputError, match=r"units must be at most 2\*\*53"):
        check_count(B + 1, "units")


# ------------------------------------------------------------------------------------------
# counts: exact up to 2**53 per row and over all rows, refused above (both sides)
# ------------------------------------------------------------------------------------------
def _set_units(d: Path, values: list[str]) -> None:
    lines = (d / "sales.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    k = head.index("units")
    out = [lines[0]]
    for line, v in zip(lines[1:], values, strict=True):
        cells = line.split(",")
        cells[k] = v
        out.append(",".join(cells))
    (d / "sales.csv").write_text("\n".join(out) + "\n", encoding="utf-8")


def _xlsx_units(d: Path, values: list[object]) -> Path:
    """The pool as a workbook with the sales sheet's units cells replaced (typed ints)."""
    book = d.parent / "edited.xlsx"
    write_pool(read_pool(d), book, overwrite=True)
    wb = openpyxl.load_workbook(book)
    ws = wb["sales"]
    col = [c.value for c in ws[1]].index("units") + 1
    for r, v in enumerate(values, start=2):
        ws.cell(row=r, column=col, value=v)
    wb.save(book)
    return book


@pytest.mark.parametrize("reader", [read_pool, read_pool_builtin])
@pytest.mark.parametrize(
    ("values", "message"),
    [
        # one row of 2**63-1 units: on main reported as -9223372036854775808 units owing 0
        (["9223372036854775807", "1"],
         "sales.csv:2: units must be at most 2**53 = 9007199254740992 to be computed exactly, "
         "got '9223372036854775807'"),
        # two rows of 2**62+1: each fits int64, their sum does not (main: owed 0)
        ([str(2**62 + 1), str(2**62 + 1)],
         "sales.csv:2: units must be at most 2**53 = 9007199254740992 to be computed exactly, "
         "got '4611686018427387905'"),
        # 10**16+3: main read it through a float as 10**16+4
        (["10000000000000003", "1"],
         "sales.csv:2: units must be at most 2**53 = 9007199254740992 to be computed exactly, "
         "got '10000000000000003'"),
        (["10000000000000003.0", "1"],
         "sales.csv:2: units must be at most 2**53 = 9007199254740992 to be computed exactly, "
         "got '10000000000000003.0'"),
        # both rows within the bound, their total one above it
        ([str(2**52), str(2**52 + 1)],
         "sales.csv:3: units of all rows up to this line must be at most 2**53 = "
         "9007199254740992 to be computed exactly, got 9007199254740993"),
    ],
)
def test_counts_beyond_the_bound_refused_at_read_time(tmp_path, reader, values, message):
    d = write_pool(_two_licensees(flat(0.0)), tmp_path / "p")
    _set_units(d, values)
    with pytest.raises(InvalidInputError) as info:
        reader(d)
    assert str(info.value) == message


@pytest.mark.parametrize("reader", [read_pool, read_pool_builtin])
def test_counts_at_the_bound_exact(tmp_path, reader):
    # rows of 2**52 and 2**52 units: total exactly 2**53, accepted and counted exactly;
    # at 0.01 per unit the enterprise owes 2**53 cents = US$90,071,992,547,409.92
    d = write_pool(_two_licensees(flat(0.01)), tmp_path / "p")
    _set_units(d, [str(2**52), str(2**52)])
    p = reader(d)
    assert p.sales.units.tolist() == [2**52, 2**52]
    rep = royalties_owed(p, 2024)
    assert [i.owed_cents for i in rep.invoices] == [2**52, 2**52]
    assert sum(i.units for i in rep.invoices) == B


def test_xlsx_counts_beyond_the_bound_refused(tmp_path):
    d = write_pool(_two_licensees(flat(0.0)), tmp_path / "p")
    # a workbook number is a float64 (Excel's only number type): 2**63-1 is stored as
    # 9.223372036854776e+18 and refused as beyond the bound, never wrapped or rounded
    # (openpyxl itself stores 2**53+1 as 2**53, and 2**54 with 16 digits); a text cell
    # keeps every digit
    for big, text in ((2**63 - 1, "9.223372036854776e+18"), (2**54, "1.801439850948198e+16"),
                      ("9007199254740993", "9007199254740993")):
        book = _xlsx_units(d, [big, 1])
        with pytest.raises(InvalidInputError) as info:
            read_pool(book)
        assert str(info.value) == (
            "edited.xlsx: sheet 'sales', row 2, column F (units): units must be at most "
            f"2**53 = 9007199254740992 to be computed exactly, got '{text}'")
    book = _xlsx_units(d, [2**52, 2**52])
    assert read_pool(book).sales.units.tolist() == [2**52, 2**52]


def test_api_tables_refuse_counts_beyond_the_bound():
    with pytest.raises(InvalidInputError, match=r"units must be at most 2\*\*53"):
        sale(units=2**63 - 1)
    with pytest.raises(InvalidInputError, match=r"sales row 3: units of all rows up to this one"):
        _two_licensees(flat(0.2), units=(2**52, 2**52 + 1))
    assert units_beyond_bound(__import__("numpy").array([B, 0])) is None


# ------------------------------------------------------------------------------------------
# amounts: exact up to 2**53 minor units, refused above (both sides)
# ------------------------------------------------------------------------------------------
def test_amount_at_the_bound_exact_and_one_step_above_refused():
    # 2**52 units at 2 cents = 2**53 cents exactly: accepted, exact
    assert _owed(pool(flat(0.02), [sale(units=2**52)])) == [B]
    # 2**52 + 1 units at 2 cents = 2**53 + 2 cents: refused, naming the row
    with pytest.raises(InvalidInputError) as info:
        _owed(pool(flat(0.02), [sale(units=2**52 + 1)]))
    assert str(info.value) == (
        "sales line 2: the standard royalty of 2024 passes 2**53 = 9007199254740992 minor "
        "units, the largest amount computed exactly, at this row (the year's total is "
        "9007199254740994)")


def test_issue_example_beyond_the_bound_refused_not_rounded():
    # 10**15+3 units on the AVC tiers cost 0 x 100,000 + 20 x 4,900,000 + 10 x (10**15 + 3
    # - 5,000,000) = 10,000,000,048,000,030 cents > 2**53; main reported ...028
    avc = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS))
    with pytest.raises(InvalidInputError, match="standard royalty of 2024 passes 2"):
        _owed(pool(avc, [sale(units=10**15 + 3)]))


@pytest.mark.parametrize("units", [724_697_628_447_096, 727_338_769_973_107, 9 * 10**14 + 3])
def test_large_amounts_below_the_bound_exact_to_the_cent(units):
    # AVC tiers: 0 x 100,000 + 20 c x 4,900,000 + 10 c x (u - 5,000,000)
    #          = 98,000,000 + 10 u - 50,000,000 = 10 u + 48,000,000 cents.
    # u = 724,697,628,447,096: 7,246,976,332,470,960 cents; main's np.round(x, 6) snap
    # moved the float to ...962 (two cents too much).
    avc = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS))
    assert _owed(pool(avc, [sale(units=units)])) == [10 * units + 48_000_000]


def test_large_amounts_split_over_rows_reconcile_exactly():
    # three licensees of one enterprise on one AVC counter: n = 6*10**14 + 31 units,
    # 10 n + 48,000,000 = 6,000,000,048,000,310 cents in all, split pro rata to units
    avc = m.Schedule(default=m.ProductRate(tiers=AVC_TIERS))
    us = [10**14 + 7, 2 * 10**14 + 11, 3 * 10**14 + 13]
    p = pool(avc, [sale(f"L{i}", u, date=f"2024-0{i + 1}-01") for i, u in enumerate(us)],
             licensees=[m.Licensee(f"L{i}", enterprise="E") for i in range(3)])
    owed = _owed(p)
    assert sum(owed) == 10 * sum(us) + 48_000_000 == 6_000_000_048_000_310
    # each licensee's share is within one cent of its exact quota owed * u_i / n
    for o, u in zip(owed, us, strict=True):
        assert abs(o * sum(us) - 6_000_000_048_000_310 * u) <= sum(us)


def test_usage_title_royalties_within_the_bound_exact_beyond_refused():
    # AVC title terms: 2 % of US$3.99 = 7.98 cents, at most US$0.02 = 2 cents a title.
    # 2**52 titles owe 2**53 cents exactly; 2**53 titles (2**54 cents) wrapped in int64
    # on main (owed 0) and are now refused.
    def usage(q):
        return pool(flat(0.2), [sale(units=10)], usage_terms=m.UsageTerms.avc(),
                    usage=[m.UsageRecord("L1", 2024, "title", q, "US", length_minutes=90,
                                         price=3.99)])

    assert [u.owed_cents for u in royalties_owed(usage(2**52), 2024).usage] == [B]
    with pytest.raises(InvalidInputError, match=r"title royalties stay within 2\*\*53"):
        royalties_owed(usage(2**53), 2024)

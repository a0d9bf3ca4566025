"""Pool directories: the bundled example, every bad-input path, round trips, the fast path."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.cli import main
from poolcalc.data import example_pool_path, load_example
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, to_frame, write_pool
from poolcalc.io._toml import dumps as toml_dumps
from poolcalc.model import patent_table, sales_table


def read_pool_builtin(path):
    """read_pool with pyarrow turned off (the built-in splitter and csv fallback)."""
    old = os.environ.get("POOLCALC_ARROW")
    os.environ["POOLCALC_ARROW"] = "0"
    try:
        return read_pool(path)
    finally:
        if old is None:
            del os.environ["POOLCALC_ARROW"]
        else:
            os.environ["POOLCALC_ARROW"] = old


# every error path through both readers: pyarrow's (the `arrow` extra, a test dependency)
# and the built-in one; the messages must be the same
READERS = [pytest.param(read_pool, id="arrow"), pytest.param(read_pool_builtin, id="builtin")]


# ------------------------------------------------------------------------------------------
# fixtures: a small copy of the bundled pool, with helpers that corrupt one cell
# ------------------------------------------------------------------------------------------
def _head(src: Path, dst: Path, n: int) -> None:
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    dst.write_text("".join(lines[: n + 1]), encoding="utf-8")


@pytest.fixture
def pool_dir(tmp_path: Path) -> Path:
    """The example pool with patents.csv and sales.csv cut to their first rows."""
    src = example_pool_path()
    d = tmp_path / "pool"
    d.mkdir()
    shutil.copy(src / "pool.toml", d / "pool.toml")
    shutil.copy(src / "licensees.csv", d / "licensees.csv")
    _head(src / "patents.csv", d / "patents.csv", 60)
    _head(src / "sales.csv", d / "sales.csv", 40)
    return d


def set_cell(d: Path, file: str, line: int, column: str, value: str) -> None:
    """Replace one value of a CSV file (``line`` is the 1-based file line)."""
    rows = list(csv.reader(io.StringIO((d / file).read_text(encoding="utf-8"))))
    rows[line - 1][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (d / file).write_text(buf.getvalue(), encoding="utf-8")


def get_cell(d: Path, file: str, line: int, column: str) -> str:
    rows = list(csv.reader(io.StringIO((d / file).read_text(encoding="utf-8"))))
    return rows[line - 1][rows[0].index(column)]


def drop_column(d: Path, file: str, column: str) -> None:
    rows = list(csv.reader(io.StringIO((d / file).read_text(encoding="utf-8"))))
    k = rows[0].index(column)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:k] + r[k + 1 :] for r in rows])
    (d / file).write_text(buf.getvalue(), encoding="utf-8")


def edit_toml(d: Path, old: str, new: str) -> None:
    text = (d / "pool.toml").read_text(encoding="utf-8")
    assert old in text, old
    (d / "pool.toml").write_text(text.replace(old, new, 1), encoding="utf-8")


def toml_line(d: Path, start: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th pool.toml line starting with ``start``."""
    k = 0
    for no, line in enumerate((d / "pool.toml").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(start):
            k += 1
            if k == occurrence:
                return no
    raise AssertionError(f"no line starting with {start!r}")


def at(d: Path, start: str, message: str, occurrence: int = 1) -> str:
    """``message`` with the pool.toml line of ``start`` inserted after the file name."""
    line = toml_line(d, start, occurrence)
    return message.replace("pool.toml: ", f"pool.toml:{line}: ", 1)


def raises(reader, d: Path, message: str) -> str:
    """Assert that ``reader(d)`` raises with exactly ``message`` (a one-line message)."""
    with pytest.raises(InvalidInputError) as info:
        reader(d)
    text = str(info.value)
    assert text == message
    assert "\n" not in text
    return text


# ------------------------------------------------------------------------------------------
# the bundled pool
# ------------------------------------------------------------------------------------------
def test_bundled_pool_contents():
    pool = load_example()
    assert pool is load_example()  # cached
    assert (pool.name, pool.standard, pool.currency) == (
        "Example AVC-like pool (synthetic)",
        "H.264/AVC",
        "USD",
    )
    assert pool.administrator_fee == 0.10
    assert len(pool.members) == 25
    assert 2000 <= len(pool.patents) <= 6000
    assert 90 <= len(pool.licensees) <= 110
    assert 5000 <= len(pool.sales) <= 20000
    assert {s.date.year for s in pool.sales_rows} == {2024}
    assert len({p.country for p in pool.patent_rows}) == 30
    assert {p.status.value for p in pool.patent_rows} == {
        "essential",
        "declared",
        "non_essential",
        "invalid",
    }
    s = pool.schedule
    assert [(t.start, t.rate) for t in s.default.tiers] == [
        (0, 0.0),
        (100000, 0.20),
        (5000000, 0.10),
    ]
    assert s.enterprise_cap == 6_500_000.0 and s.due is m.DueRule.SALE_OR_MANUFACTURE
    assert s.region_multiplier("BR") == 0.5 and s.region_multiplier("US") == 1.0
    assert s.discounts.combine is m.DiscountCombination.MAX
    assert s.rate_for("software_codec").basis is m.Basis.PRICE
    assert s.category_caps["software"] == 200_000.0
    assert pool.allocation.scheme == "per-country-count"
    # affiliated enterprises, members that license, signing around the early-signing date
    ents: dict[str, int] = {}
    for lic in pool.licensees:
        ents[lic.enterprise] = ents.get(lic.enterprise, 0) + 1
    assert sum(1 for n in ents.values() if n >= 2) >= 4
    assert 3 <= sum(lic.member is not None for lic in pool.licensees) <= 4
    by = s.discounts.early_signing_by
    assert any(lic.signed <= by for lic in pool.licensees) and any(
        lic.signed > by for lic in pool.licensees
    )
    assert any(not lic.good_standing for lic in pool.licensees)
    # disclosure ties, a substitute group, pooled patents expiring inside the sales year
    pooled = [p for p in pool.patent_rows if p.pooled]
    assert len({p.disclosed for p in pooled}) < len({p.family for p in pooled})
    alts = {(p.feature, p.alternative) for p in pooled if p.alternative}
    assert len({f for f, _ in alts}) == 1 and len(alts) == 2
    assert any(p.expires.year == 2024 for p in pooled)


def test_bundled_pool_has_sales_where_nothing_is_in_force():
    pool = load_example()
    tab, sales = pool.patents, pool.sales
    n_sale = tab.count_in_force(sales.country_of_sale, sales.date)
    n_made = tab.count_in_force(sales.country_of_manufacture, sales.date)
    not_due = (n_sale == 0) & (n_made == 0)
    assert 0 < not_due.sum() < len(sales) // 4
    # the last pooled patents of MY end on 2024-06-30: a MY sale made in MY is due before, not after
    my = {p.expires for p in pool.patent_rows if p.pooled and p.country == "MY"}
    assert max(my) == dt.date(2024, 6, 30)


def test_bundled_pool_enterprise_volumes_pass_the_cap_threshold():
    # AVC: 0.20 x 4.9M + 0.10 x (u - 5M) >= 6.5M  <=>  u >= 60.2M units per enterprise
    pool = load_example()
    ent_of = {lic.id: lic.enterprise for lic in pool.licensees}
    units: dict[str, int] = {}
    for s in pool.sales_rows:
        if s.product in ("decoder_device", "encoder_device"):
            units[ent_of[s.licensee]] = units.get(ent_of[s.licensee], 0) + s.units
    assert sum(u > 60_200_000 for u in units.values()) >= 3
    assert any(100_000 < u < 5_000_000 for u in units.values())
    assert any(u <= 100_000 for u in units.values())


def test_read_pool_is_fast_enough():
    t0 = time.perf_counter()
    read_pool(example_pool_path())
    assert time.perf_counter() - t0 < 5.0  # ~0.2 s on the dev machine; generous for CI noise


def test_generator_reproduces_the_committed_pool(tmp_path):
    from poolcalc.data._generate import GENERATED_WITH_NUMPY
    from poolcalc.data._generate import main as generate

    assert generate([str(tmp_path / "out")]) == 0
    names = ("pool.toml", "patents.csv", "licensees.csv", "sales.csv")
    same = [
        (tmp_path / "out" / f).read_bytes() == (example_pool_path() / f).read_bytes() for f in names
    ]
    if np.__version__.startswith(GENERATED_WITH_NUMPY + "."):
        assert all(same), dict(zip(names, same, strict=True))
    else:  # another numpy may draw other numbers from the seed (NEP 19): same shape
        assert same[0]  # pool.toml holds no random draws
        pool = read_pool(tmp_path / "out")
        assert len(pool.members) == 25 and len(pool.licensees) == 100
        assert 2000 <= len(pool.patents) <= 6000 and 5000 <= len(pool.sales) <= 20000


def test_bundled_data_size():
    total = sum(f.stat().st_size for f in example_pool_path().iterdir())
    assert total < 2_000_000


# ------------------------------------------------------------------------------------------
# bad input: one line naming file, line, field and value (both readers)
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name", ["pool.toml", "patents.csv", "licensees.csv", "sales.csv"])
def test_missing_file(pool_dir, reader, name):
    (pool_dir / name).unlink()
    raises(
        reader, pool_dir, f"{name}: missing file (pool directory {str(pool_dir)!r} has no {name})"
    )


@pytest.mark.parametrize("reader", READERS)
def test_missing_directory(tmp_path, reader):
    raises(reader, tmp_path / "nope", f"pool directory {str(tmp_path / 'nope')!r} does not exist")


@pytest.mark.parametrize("reader", READERS)
def test_missing_column(pool_dir, reader):
    drop_column(pool_dir, "patents.csv", "expires")
    raises(
        reader,
        pool_dir,
        "patents.csv: missing column 'expires' (have: patent, owner, country, status, "
        "family, granted, disclosed, feature, alternative, evaluator, weight)",
    )


@pytest.mark.parametrize("reader", READERS)
def test_unknown_column(pool_dir, reader):
    text = (pool_dir / "sales.csv").read_text()
    (pool_dir / "sales.csv").write_text(text.replace("net_price", "net_prize", 1))
    raises(
        reader,
        pool_dir,
        "sales.csv: unknown column 'net_prize' (required: licensee, date, product, "
        "country_of_sale, country_of_manufacture, units; optional: net_price)",
    )


@pytest.mark.parametrize("reader", READERS)
def test_empty_csv(pool_dir, reader):
    (pool_dir / "licensees.csv").write_text("")
    raises(reader, pool_dir, "licensees.csv: empty file (expected a header row: licensee, name)")


@pytest.mark.parametrize("reader", READERS)
def test_unknown_licensee_in_sales_row(pool_dir, reader):
    set_cell(pool_dir, "sales.csv", 9, "licensee", "L999")
    raises(reader, pool_dir, "sales.csv:9: unknown licensee 'L999' (not in licensees.csv)")


@pytest.mark.parametrize("reader", READERS)
def test_unknown_member_in_licensee_row(pool_dir, reader):
    set_cell(pool_dir, "licensees.csv", 5, "member", "M99")
    raises(
        reader,
        pool_dir,
        "licensees.csv:5: unknown member 'M99' (member ids come from pool.toml; "
        "known: M01, M02, M03, M04, M05, M06, M07, M08, ... (25 in all))",
    )


@pytest.mark.parametrize("reader", READERS)
def test_unknown_owner_in_patent_row(pool_dir, reader):
    set_cell(pool_dir, "patents.csv", 4, "owner", "M99")
    raises(
        reader,
        pool_dir,
        "patents.csv:4: owner 'M99' is not a member in pool.toml "
        "(known: M01, M02, M03, M04, M05, M06, M07, M08, ... (25 in all))",
    )


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", ""])
def test_bad_sales_date(pool_dir, reader, value):
    set_cell(pool_dir, "sales.csv", 6, "date", value)
    raises(reader, pool_dir, f"sales.csv:6: date must be an ISO date YYYY-MM-DD, got {value!r}")


@pytest.mark.parametrize("reader", READERS)
def test_ambiguous_sales_date_is_not_guessed(pool_dir, reader):
    # 01/02/2024 is 1 February (day first) or 2 January (month first): both are named
    set_cell(pool_dir, "sales.csv", 6, "date", "01/02/2024")
    raises(reader, pool_dir, "sales.csv:6: date must be an ISO date YYYY-MM-DD, got "
           "'01/02/2024' (the format expected is YYYY-MM-DD; 01/02/2024 could be 2024-02-01 "
           "(day first) or 2024-01-02 (month first), so it is not guessed)")


@pytest.mark.parametrize("reader", READERS)
def test_bad_patent_dates(pool_dir, reader):
    set_cell(pool_dir, "patents.csv", 11, "granted", "2031-02-30")
    raises(
        reader, pool_dir, "patents.csv:11: granted must be an ISO date YYYY-MM-DD, got '2031-02-30'"
    )


@pytest.mark.parametrize("reader", READERS)
def test_granted_after_expiry(pool_dir, reader):
    pid = get_cell(pool_dir, "patents.csv", 3, "patent")
    expires = get_cell(pool_dir, "patents.csv", 3, "expires")
    set_cell(pool_dir, "patents.csv", 3, "granted", "2040-01-01")
    raises(
        reader,
        pool_dir,
        f"patents.csv:3: patent {pid}: granted (2040-01-01) must be before expires ({expires})",
    )


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("column", "value"), [("country_of_sale", "XX"), ("country_of_manufacture", "USA")]
)
def test_unknown_country_in_sales(pool_dir, reader, column, value):
    set_cell(pool_dir, "sales.csv", 7, column, value)
    raises(
        reader,
        pool_dir,
        f"sales.csv:7: {column} must be an ISO 3166-1 alpha-2 country code, got {value!r}",
    )


@pytest.mark.parametrize("reader", READERS)
def test_unknown_country_in_patents(pool_dir, reader):
    set_cell(pool_dir, "patents.csv", 20, "country", "UK")
    raises(
        reader,
        pool_dir,
        "patents.csv:20: country must be an ISO 3166-1 alpha-2 country code, got 'UK'",
    )


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("value", ["-3", "2.5", "ten", "", "nan", "inf"])
def test_bad_units(pool_dir, reader, value):
    set_cell(pool_dir, "sales.csv", 14, "units", value)
    raises(reader, pool_dir, f"sales.csv:14: units must be a non-negative integer, got {value!r}")


@pytest.mark.parametrize("reader", READERS)
def test_units_beyond_the_exact_range_refused(pool_dir, reader):
    # 1e400 is a whole number, but far beyond 2**53 (issue 10: no float detour, no wrap)
    set_cell(pool_dir, "sales.csv", 14, "units", "1e400")
    raises(reader, pool_dir, "sales.csv:14: units must be at most 2**53 = 9007199254740992 "
                             "to be computed exactly, got '1e400'")


@pytest.mark.parametrize("reader", READERS)
def test_whole_float_units_accepted(pool_dir, reader):
    set_cell(pool_dir, "sales.csv", 14, "units", "12.0")
    pool = reader(pool_dir)
    units = pool.sales_rows[12].units if isinstance(pool, m.Pool) else int(pool.sales.units[12])
    assert units == 12


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("value", "why"),
    [("-1.5", "must be >= 0"), ("nan", "must be a finite number"), ("cheap", "must be a number")],
)
def test_bad_net_price(pool_dir, reader, value, why):
    set_cell(pool_dir, "sales.csv", 3, "net_price", value)
    raises(reader, pool_dir, f"sales.csv:3: net_price {why}, got {value!r}")


@pytest.mark.parametrize("reader", READERS)
def test_duplicate_patent_id(pool_dir, reader):
    pid = get_cell(pool_dir, "patents.csv", 3, "patent")
    set_cell(pool_dir, "patents.csv", 7, "patent", pid)
    raises(reader, pool_dir, f"patents.csv:7: duplicate patent id {pid!r} (first on line 3)")


@pytest.mark.parametrize("reader", READERS)
def test_duplicate_licensee_id(pool_dir, reader):
    set_cell(pool_dir, "licensees.csv", 8, "licensee", "L002")
    raises(reader, pool_dir, "licensees.csv:8: duplicate licensee id 'L002' (first on line 3)")


@pytest.mark.parametrize("reader", READERS)
def test_bad_status_and_bool(pool_dir, reader):
    set_cell(pool_dir, "patents.csv", 5, "status", "pending")
    raises(
        reader,
        pool_dir,
        "patents.csv:5: status must be one of 'essential', 'declared', 'non_essential', "
        "'invalid', got 'pending'",
    )


def test_bad_good_standing(pool_dir):
    set_cell(pool_dir, "licensees.csv", 4, "good_standing", "maybe")
    raises(read_pool, pool_dir, "licensees.csv:4: good_standing must be true or false, got 'maybe'")


@pytest.mark.parametrize("reader", READERS)
def test_ragged_row(pool_dir, reader):
    text = (pool_dir / "sales.csv").read_text().splitlines()
    text[10] = ",".join(text[10].split(",")[:5])
    (pool_dir / "sales.csv").write_text("\n".join(text) + "\n")
    raises(
        reader,
        pool_dir,
        "sales.csv:11: expected 7 values (columns: licensee, date, product, country_of_sale, "
        "country_of_manufacture, units, net_price), got 5",
    )


@pytest.mark.parametrize("reader", READERS)
def test_blank_lines_keep_line_numbers(pool_dir, reader):
    lines = (pool_dir / "sales.csv").read_text().splitlines()
    lines.insert(3, "")  # a blank line 4: the old line 9 is now line 10
    (pool_dir / "sales.csv").write_text("\n".join(lines) + "\n")
    set_cell(pool_dir, "sales.csv", 10, "units", "-3")
    raises(reader, pool_dir, "sales.csv:10: units must be a non-negative integer, got '-3'")


@pytest.mark.parametrize("reader", READERS)
def test_quoted_fields_take_the_csv_path(pool_dir, reader):
    # a quoted value with a newline inside spans two lines: later rows keep their file line
    lines = (pool_dir / "sales.csv").read_text().splitlines()
    lines[1] = lines[1].replace("decoder_device", '"decoder_\ndevice"', 1)
    cells = lines[5].split(",")
    cells[5] = "-3"
    lines[5] = ",".join(cells)
    (pool_dir / "sales.csv").write_text("\n".join(lines) + "\n")
    raises(reader, pool_dir, "sales.csv:7: units must be a non-negative integer, got '-3'")


@pytest.mark.parametrize("reader", READERS)
def test_product_with_no_schedule(pool_dir, reader):
    # without default tiers in [royalty], only the listed products have a schedule
    edit_toml(
        pool_dir,
        "tiers = [{ from = 0, rate = 0.0 }, { from = 100000, rate = 0.2 }, "
        "{ from = 5000000, rate = 0.1 }]\n",
        "",
    )
    first = get_cell(pool_dir, "sales.csv", 2, "product")
    raises(
        reader,
        pool_dir,
        f"sales.csv:2: product {first!r} has no schedule "
        "(listed products: professional_encoder, software_codec; no default tiers)",
    )


@pytest.mark.parametrize("reader", READERS)
def test_tiers_not_increasing(pool_dir, reader):
    edit_toml(pool_dir, "{ from = 5000000, rate = 0.1 }", "{ from = 100000, rate = 0.1 }")
    raises(
        reader,
        pool_dir,
        at(
            pool_dir,
            "tiers = [{ from = 0, rate = 0.0 }",
            "pool.toml: royalty.tiers: tiers must be strictly increasing in 'from', "
            "got 100000 then 100000",
        ),
    )


def test_product_tiers_errors_name_the_product(pool_dir):
    edit_toml(
        pool_dir, "tiers = [{ from = 0, rate = 0.02 }]", "tiers = [{ from = 10, rate = 0.02 }]"
    )
    raises(
        read_pool,
        pool_dir,
        at(
            pool_dir,
            "tiers = [{ from = 10",
            "pool.toml: royalty.products.software_codec.tiers: tiers must start from 0, "
            "got first from = 10",
        ),
    )


def test_price_rate_above_one(pool_dir):
    edit_toml(pool_dir, "tiers = [{ from = 0, rate = 0.02 }]", "tiers = [{ from = 0, rate = 2 }]")
    raises(
        read_pool,
        pool_dir,
        at(
            pool_dir,
            "tiers = [{ from = 0, rate = 2 }",
            "pool.toml: royalty.products.software_codec.tiers: tier rate for basis 'price' "
            "is a fraction of net price and must be <= 1, got 2.0",
        ),
    )


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1.0", "must be < 1, got 1.0"),
        ("-0.1", "must be >= 0, got -0.1"),
        ('"ten"', "must be a number, got 'ten'"),
    ],
)
def test_administrator_fee_outside_unit_interval(pool_dir, reader, value, why):
    edit_toml(pool_dir, "administrator_fee = 0.1", f"administrator_fee = {value}")
    raises(reader, pool_dir, f"pool.toml:5: pool: administrator_fee {why}")
    assert toml_line(pool_dir, "administrator_fee") == 5


@pytest.mark.parametrize("reader", READERS)
def test_unknown_toml_key(pool_dir, reader):
    edit_toml(
        pool_dir, "enterprise_cap = 6500000.0", "enterprise_cap = 6500000.0\nenterprise_capp = 1"
    )
    raises(
        reader,
        pool_dir,
        at(
            pool_dir,
            "enterprise_capp",
            # the keys of [royalty] in the order of the schema table (poolcalc.io._schema)
            "pool.toml: unknown key royalty.enterprise_capp (allowed in [royalty]: due, basis, "
            "tier_mode, tiers, min_per_unit, max_per_unit, category, max_fraction_of_price, "
            "unit_weight, enterprise_cap, free_units, free_amount, free_amount_rule, entry_fee, "
            "entry_fee_creditable, member_rate, members_only, strict_products, discounts, "
            "regions, products, category_caps, "
            "licensee_caps, caps_eligible, enterprise_cap_by_year, category_caps_by_year, "
            "past_caps_factor, past_caps_eligible, generations, rate_changes, usage, metric_tiers)",
        ),
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "[pool]",
            "[royalties]\nx = 1\n\n[pool]",
            "pool.toml: unknown key royalties (allowed in the top level: pool, members, royalty, "
            "allocation, administrator, administration, reporting)",
        ),
        (
            'standard = "H.264/AVC"',
            'standrd = "H.264/AVC"',
            "pool.toml: unknown key pool.standrd (allowed in [pool]: name, standard, currency, "
            "administrator_fee, "
            "minor_units)",
        ),
        (
            'combine = "max"',
            'combine = "max"\nlogo = 0.1',
            "pool.toml: unknown key royalty.discounts.logo (allowed in [royalty.discounts]: "
            "good_standing, "
            "early_signing, early_signing_by, combine, chain_level, eligible, named)",
        ),
        (
            'category = "software"',
            'category = "software"\ncap = 1',
            "pool.toml: unknown key royalty.products.software_codec.cap (allowed in "
            "[royalty.products.software_codec]: basis, tier_mode, tiers, min_per_unit, "
            "max_per_unit, category, max_fraction_of_price, unit_weight)",
        ),
        (
            "multiplier = 0.5",
            "multiplier = 0.5\nrate = 1",
            "pool.toml: unknown key royalty.regions[0].rate (allowed in [royalty.regions[0]]: "
            "name, countries, multiplier, separate_tiers, tiers, exclude_price_at_most, "
            "exclude_categories)",
        ),
        (
            'id = "M03"',
            'id = "M03"\nwebsite = "x"',
            "pool.toml: unknown key members[2].website (allowed in [members[2]]: id, name, joined)",
        ),
        (
            'id = "M03"',
            'id = "M02"',
            "pool.toml: members[2]: duplicate member id 'M02' (first at members[1])",
        ),
        (
            'combine = "max"',
            'combine = "sum"',
            "pool.toml: royalty.discounts: discounts combine must be one of 'max', 'additive', "
            "'multiplicative', "
            "got 'sum'",
        ),
        (
            'due = "sale_or_manufacture"',
            'due = "anywhere"',
            "pool.toml: royalty: due must be one of 'sale', 'manufacture', 'sale_or_manufacture', "
            "got 'anywhere'",
        ),
        (
            '"AR", "BD"',
            '"AR", "XX"',
            "pool.toml: royalty.regions[0]: region country must be an ISO 3166-1 alpha-2 country "
            "code, got 'XX'",
        ),
        (
            "early_signing_by = 2022-12-31\n",
            "",
            "pool.toml: royalty.discounts: early_signing discount needs early_signing_by (a date)",
        ),
        (
            'unit = "patent"',
            'unit = "claim"',
            "pool.toml: allocation: unit must be one of 'patent', 'family', got 'claim'",
        ),
        (
            "joined = 2004-06-01",
            "joined = 2004-06-31",
            "pool.toml: invalid TOML: Invalid date or datetime (at line 10, column 10)",
        ),
        (
            "max_per_unit = 0.25",
            "max_per_unit = 0.01",
            "pool.toml: royalty.products.software_codec: min_per_unit (0.05) must not exceed "
            "max_per_unit (0.01)",
        ),
        ('name = "Example AVC-like pool (synthetic)"\n', "", "pool.toml: pool: missing key 'name'"),
    ],
)
def test_pool_toml_errors(pool_dir, old, new, message):
    edit_toml(pool_dir, old, new)
    if (old, new) in _TOML_LINE_OF:  # the message points at the line of the offending key
        start, *occurrence = _TOML_LINE_OF[old, new]
        message = at(pool_dir, start, message, *occurrence)
    raises(read_pool, pool_dir, message)


_TOML_LINE_OF = {  # (old, new) -> where the offending key sits in the edited pool.toml
    ("[pool]", "[royalties]\nx = 1\n\n[pool]"): ("[royalties]",),
    ('standard = "H.264/AVC"', 'standrd = "H.264/AVC"'): ("standrd",),
    ('combine = "max"', 'combine = "max"\nlogo = 0.1'): ("logo",),
    ('category = "software"', 'category = "software"\ncap = 1'): ("cap = 1",),
    ("multiplier = 0.5", "multiplier = 0.5\nrate = 1"): ("rate = 1",),
    ('id = "M03"', 'id = "M03"\nwebsite = "x"'): ("website",),
    ('id = "M03"', 'id = "M02"'): ("[[members]]", 3),
    ('combine = "max"', 'combine = "sum"'): ("[royalty.discounts]",),
    ('due = "sale_or_manufacture"', 'due = "anywhere"'): ("due =",),
    ('"AR", "BD"', '"AR", "XX"'): ("[[royalty.regions]]",),
    ("early_signing_by = 2022-12-31\n", ""): ("early_signing =",),
    ('unit = "patent"', 'unit = "claim"'): ("unit =",),
    ("max_per_unit = 0.25", "max_per_unit = 0.01"): ("min_per_unit = 0.05",),
    ('name = "Example AVC-like pool (synthetic)"\n', ""): ("[pool]",),
}


def test_allocation_options_are_kept(pool_dir):
    edit_toml(
        pool_dir,
        'scheme = "per-country-count"',
        'scheme = "disclosure-order"\ndecay = "geometric"\nq = 0.5',
    )
    pool = read_pool(pool_dir)
    assert pool.allocation.scheme == "disclosure-order"
    assert dict(pool.allocation.options) == {"decay": "geometric", "q": 0.5}


def test_spaces_and_case_are_normalised(pool_dir):
    set_cell(pool_dir, "sales.csv", 2, "country_of_sale", " kr ")
    set_cell(pool_dir, "sales.csv", 2, "licensee", " L002")
    pool = read_pool(pool_dir)
    assert pool.sales_rows[0].country_of_sale == "KR" and pool.sales_rows[0].licensee == "L002"
    tabs = read_pool(pool_dir)
    assert np.array_equal(tabs.sales.country_of_sale, pool.sales.country_of_sale)


# ------------------------------------------------------------------------------------------
# command line: exit code 2 and one line on stderr
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        (lambda d: (d / "sales.csv").unlink(), "sales.csv: missing file"),
        (
            lambda d: set_cell(d, "sales.csv", 14, "units", "-3"),
            "sales.csv:14: units must be a non-negative integer, got '-3'",
        ),
        (
            lambda d: set_cell(d, "sales.csv", 9, "licensee", "L999"),
            "sales.csv:9: unknown licensee 'L999'",
        ),
        (
            lambda d: set_cell(d, "sales.csv", 6, "date", "2024-13-01"),
            "sales.csv:6: date must be an ISO date YYYY-MM-DD, got '2024-13-01'",
        ),
        (
            lambda d: edit_toml(d, "administrator_fee = 0.1", "administrator_fee = 1.5"),
            "pool.toml:5: pool: administrator_fee must be < 1, got 1.5",
        ),
        (lambda d: drop_column(d, "patents.csv", "owner"), "patents.csv: missing column 'owner'"),
    ],
)
def test_cli_bad_input_exit_code_2(pool_dir, capsys, corrupt, expected):
    corrupt(pool_dir)
    assert main(["royalties", str(pool_dir)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"poolcalc royalties: {expected}")


def test_cli_allocate_bad_input(pool_dir, capsys):
    set_cell(pool_dir, "patents.csv", 7, "country", "ZZ")
    assert main(["allocate", str(pool_dir)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == "poolcalc allocate: patents.csv:7: country must be an ISO 3166-1 alpha-2 country code, "
        "got 'ZZ'\n"
    )


# ------------------------------------------------------------------------------------------
# round trips
# ------------------------------------------------------------------------------------------
def test_round_trip_bundled_pool(tmp_path):
    pool = load_example()
    write_pool(pool, tmp_path / "copy")
    assert read_pool(tmp_path / "copy") == pool
    for name in ("pool.toml", "patents.csv", "licensees.csv", "sales.csv"):
        assert (tmp_path / "copy" / name).read_bytes() == (example_pool_path() / name).read_bytes()


def test_write_pool_refuses_to_overwrite(tmp_path):
    pool = load_example()
    write_pool(pool, tmp_path)
    with pytest.raises(InvalidInputError, match="exists .pass overwrite=True"):
        write_pool(pool, tmp_path)
    write_pool(pool, tmp_path, overwrite=True)


_ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-_", min_size=1, max_size=6)
_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(',"\n;'),
    max_size=12,
).map(str.strip)
_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
_countries = st.sampled_from(["US", "DE", "JP", "CN", "BR", "IN", "KR", "FR"])
_money = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@st.composite
def pools(draw) -> m.Pool:
    member_ids = draw(st.lists(_ids, min_size=1, max_size=4, unique=True))
    members = [m.Member(i, draw(_names), draw(st.none() | _dates)) for i in member_ids]
    patents = []
    for pid in draw(st.lists(_ids, max_size=8, unique=True)):
        expires = draw(_dates)
        granted = draw(st.none() | st.dates(max_value=expires - dt.timedelta(days=1)))
        patents.append(
            m.Patent(
                id=pid,
                owner=draw(st.sampled_from(member_ids)),
                country=draw(_countries),
                expires=expires,
                status=draw(st.sampled_from(list(m.PatentStatus))),
                family=draw(st.none() | _ids),
                granted=granted,
                disclosed=draw(st.none() | _dates),
                feature=draw(st.none() | _ids),
                alternative=draw(st.none() | _ids),
                evaluator=draw(st.none() | _names.filter(bool)),
                weight=draw(st.floats(0, 10, allow_nan=False)),
            )
        )
    lic_ids = draw(st.lists(_ids, min_size=1, max_size=5, unique=True))
    licensees = [
        m.Licensee(
            id=i,
            name=draw(_names),
            enterprise=draw(st.none() | st.sampled_from(lic_ids)),
            member=draw(st.none() | st.sampled_from(member_ids)),
            signed=draw(st.none() | _dates),
            good_standing=draw(st.booleans()),
        )
        for i in lic_ids
    ]
    with_default = draw(st.booleans())
    rates = st.builds(
        m.ProductRate,
        basis=st.just("unit"),
        tier_mode=st.sampled_from(["marginal", "volume"]),
        tiers=st.lists(st.integers(1, 10**7), max_size=3, unique=True).flatmap(
            lambda starts: st.tuples(*[st.tuples(st.just(s), _money) for s in [0, *sorted(starts)]])
        ),
        min_per_unit=st.just(0.0),
        max_per_unit=st.just(float("inf")) | st.floats(1, 100),
        category=st.none() | st.sampled_from(["a", "b"]),
    )
    products = draw(
        st.dictionaries(
            st.sampled_from(["tv", "phone", "pc"]), rates, min_size=0 if with_default else 1
        )
    )
    default = draw(rates) if with_default else None
    cats = sorted({r.category or p for p, r in products.items()}
                  | ({default.category or "default"} if default else set()))
    schedule = m.Schedule(
        due=draw(st.sampled_from(list(m.DueRule))),
        default=default,
        products=products,
        regions=[m.Region("r2", draw(st.sets(_countries, min_size=1)), draw(st.floats(0, 1)))],
        discounts=m.Discounts(
            good_standing=draw(st.floats(0, 1)),
            early_signing=draw(st.floats(0, 1)),
            early_signing_by=draw(_dates),
            combine=draw(st.sampled_from(list(m.DiscountCombination))),
        ),
        enterprise_cap=draw(_money | st.just(float("inf"))),
        category_caps=draw(st.dictionaries(st.sampled_from(cats), _money)),
        free_units=draw(st.integers(0, 10**6)),
        free_amount=draw(_money),
    )
    sellable = list(products) if not with_default else [*products, "other"]
    sales = [
        m.SalesRecord(
            licensee=draw(st.sampled_from(lic_ids)),
            date=draw(_dates),
            product=draw(st.sampled_from(sellable)),
            country_of_sale=draw(_countries),
            country_of_manufacture=draw(_countries),
            units=draw(st.integers(0, 10**9)),
            net_price=draw(st.none() | _money),
        )
        for _ in range(draw(st.integers(0, 6)))
    ]
    return m.Pool(
        name=draw(_names),
        members=members,
        patents=patents,
        licensees=licensees,
        sales=sales,
        schedule=schedule,
        allocation=m.AllocationConfig(
            scheme=draw(st.sampled_from(["per-country-count", "disclosure-order"])),
            unit=draw(st.sampled_from(list(m.CountUnit))),
            country=draw(st.sampled_from(list(m.CountRule))),
            options=draw(
                st.dictionaries(
                    st.sampled_from(["q", "decay", "alpha", "blend"]),
                    st.floats(0, 1) | st.sampled_from(["geometric", "linear"]) | st.booleans(),
                )
            ),
        ),
        standard=draw(_names),
        currency=draw(st.sampled_from(["USD", "EUR", "JPY"])),
        administrator_fee=draw(st.floats(0, 0.99)),
        minor_units=draw(st.sampled_from([0, 2, 3])),
    )


_TABLE_FIELDS = {
    "patents": (
        "owner",
        "country",
        "granted",
        "expires",
        "status",
        "family",
        "disclosed",
        "weight",
        "feature",
        "alternative",
    ),
    "sales": (
        "licensee",
        "enterprise",
        "date",
        "product",
        "country_of_sale",
        "country_of_manufacture",
        "units",
    ),
}


@settings(max_examples=30)
@given(pools())
def test_round_trip_random_pools(tmp_path_factory, pool):
    d = tmp_path_factory.mktemp("rt")
    write_pool(pool, d)
    back = read_pool(d)
    assert back == pool
    # the columns read from the files are the columns built from the row objects
    tabs = back
    for a, b, fields in (
        (tabs.patents, pool.patents, _TABLE_FIELDS["patents"]),
        (tabs.sales, pool.sales, _TABLE_FIELDS["sales"]),
    ):
        for f in fields:
            assert np.array_equal(getattr(a, f), getattr(b, f)), f
    assert list(tabs.patents.ids) == list(pool.patents.ids)
    assert np.array_equal(tabs.sales.net_price, pool.sales.net_price, equal_nan=True)
    assert tabs.sales.products == pool.sales.products


def test_reader_columns_match_columns_built_from_row_objects_on_the_bundled_pool():
    tabs = load_example()
    pt = patent_table(tabs.patent_rows, [mem.id for mem in tabs.members])
    st_ = sales_table(tabs.sales_rows, tabs.licensees)
    for f in _TABLE_FIELDS["patents"]:
        assert np.array_equal(getattr(tabs.patents, f), getattr(pt, f)), f
    for f in _TABLE_FIELDS["sales"]:
        assert np.array_equal(getattr(tabs.sales, f), getattr(st_, f)), f
    assert (tabs.patents.members, tabs.patents.families, tabs.patents.features) == (
        pt.members,
        pt.families,
        pt.features,
    )
    assert (tabs.sales.licensees, tabs.sales.enterprises, tabs.sales.products) == (
        st_.licensees,
        st_.enterprises,
        st_.products,
    )
    assert list(tabs.sales.line[:3]) == [2, 3, 4]
    assert pt.equals(tabs.patents) and st_.equals(tabs.sales)


# ------------------------------------------------------------------------------------------
# TOML writer and pandas bridge
# ------------------------------------------------------------------------------------------
def test_toml_writer_round_trips_special_values():
    import tomllib

    doc = {
        "a": {
            "s": 'q"uote\\ é\n',
            "inf": float("inf"),
            "f": 1e-20,
            "big": 1e300,
            "i": 3,
            "b": False,
            "d": dt.date(2024, 2, 29),
            "l": [1, 2],
            "t": {"x y": 1},
        }
    }
    assert tomllib.loads(toml_dumps(doc)) == doc
    with pytest.raises(ValueError, match="NaN"):
        toml_dumps({"x": float("nan")})


def test_to_frame_without_pandas(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=re.escape("pip install 'poolcalc[pandas]'")):
        to_frame(load_example().members)


def test_to_frame_with_pandas():
    pytest.importorskip("pandas")
    df = to_frame(load_example().patent_rows[:5])
    assert list(df.columns)[:4] == ["id", "owner", "country", "expires"]
    assert df["status"].iloc[0] == "essential"


@pytest.mark.parametrize("reader", READERS)
def test_header_only_sales_is_a_pool_without_sales(pool_dir, reader):
    header = (pool_dir / "sales.csv").read_text().splitlines()[0]
    (pool_dir / "sales.csv").write_text(header + "\n")
    pool = reader(pool_dir)
    assert len(pool.sales) == 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{ from = 100000, rate = 0.2 }",
            "{ from = 100000, rat = 0.2 }",
            "pool.toml: royalty.tiers: tiers[1]: unknown key 'rat' (allowed: from, rate)",
        ),
        (
            "tiers = [{ from = 0, rate = 0.0 }, { from = 100000, rate = 0.2 }, "
            "{ from = 5000000, rate = 0.1 }]",
            'tiers = "flat"',
            "pool.toml: royalty.tiers: tiers must be an array of tables like "
            "[{ from = 0, rate = 0.2 }], got 'flat'",
        ),
        (
            'name = "Aldermoor Electronics Co., Ltd."',
            'name = "Aldermoor Electronics Co., Ltd."\n[pool.extra]\nx = 1',
            "pool.toml: unknown key pool.extra (allowed in [pool]: name, standard, currency, "
            "administrator_fee, minor_units)",
        ),
    ],
)
def test_pool_toml_shape_errors(pool_dir, old, new, message):
    edit_toml(pool_dir, old, new)
    start = "[pool.extra]" if "[pool.extra]" in new else "tiers = "
    raises(read_pool, pool_dir, at(pool_dir, start, message))


def test_members_must_be_an_array_of_tables(pool_dir):
    (pool_dir / "pool.toml").write_text('[pool]\nname = "x"\n\n[members]\nid = "M01"\n')
    raises(
        read_pool,
        pool_dir,
        "pool.toml: members must be an array of tables ([[members]]), got {'id': 'M01'}",
    )


@pytest.mark.parametrize("reader", READERS)
def test_first_bad_line_is_reported(pool_dir, reader):
    # two different bad values: the earlier line wins, whatever the values sort like
    set_cell(pool_dir, "sales.csv", 20, "country_of_sale", "AA")
    set_cell(pool_dir, "sales.csv", 9, "country_of_sale", "ZZ")
    raises(
        reader,
        pool_dir,
        "sales.csv:9: country_of_sale must be an ISO 3166-1 alpha-2 country code, got 'ZZ'",
    )


def test_fast_path_non_ascii_and_spaces_match_read_pool(pool_dir):
    set_cell(pool_dir, "patents.csv", 4, "feature", "prédiction intra")
    set_cell(pool_dir, "patents.csv", 5, "feature", " cabac ")
    set_cell(pool_dir, "patents.csv", 6, "family", "famille-é")
    set_cell(pool_dir, "sales.csv", 3, "units", " 17")
    assert '"' not in (pool_dir / "patents.csv").read_text()  # the byte-offset path
    pool, tabs = read_pool(pool_dir), read_pool(pool_dir)
    for f in _TABLE_FIELDS["patents"]:
        assert np.array_equal(getattr(tabs.patents, f), getattr(pool.patents, f)), f
    assert tabs.patents.features == pool.patents.features
    assert "prédiction intra" in tabs.patents.features and "cabac" in tabs.patents.features
    assert tabs.patents.families == pool.patents.families
    assert int(tabs.sales.units[1]) == pool.sales_rows[1].units == 17


@pytest.mark.parametrize("reader", READERS)
def test_huge_units_exact_or_rejected(pool_dir, reader):
    # issue 10: every count up to 2**53 is exact (no float detour), one more is refused
    # (the other rows' units count toward the bound on the total, 2**53 as well)
    set_cell(pool_dir, "sales.csv", 4, "units", "9006199254740993")
    pool = reader(pool_dir)
    units = pool.sales_rows[2].units if isinstance(pool, m.Pool) else int(pool.sales.units[2])
    assert units == 2**53 - 10**12 + 1
    for text in ("9007199254740993", "9007199254740993.0", "1111111111111111111",
                 "99999999999999999999", "9223372036854775807"):
        set_cell(pool_dir, "sales.csv", 4, "units", text)
        raises(
            reader,
            pool_dir,
            f"sales.csv:4: units must be at most 2**53 = 9007199254740992 to be computed "
            f"exactly, got {text!r}",
        )


def test_fast_path_wide_values(pool_dir):
    wide = "deblocking_filter_boundary_strength_derivation_for_field_macroblocks"
    set_cell(pool_dir, "patents.csv", 8, "feature", wide)
    set_cell(pool_dir, "sales.csv", 5, "net_price", "0" * 60 + "12.5")
    pool, tabs = read_pool(pool_dir), read_pool(pool_dir)
    assert tabs.patents.features == pool.patents.features and wide in tabs.patents.features
    assert np.array_equal(tabs.patents.feature, pool.patents.feature)
    assert tabs.sales.net_price[3] == pool.sales_rows[3].net_price == 12.5


def test_write_pool_rejects_unwritable_option(tmp_path):
    pool = load_example()
    bad = pool.evolve(allocation=m.AllocationConfig(options={"q": object()}))
    with pytest.raises(InvalidInputError, match=r"^pool\.toml: TOML output: cannot write a value"):
        write_pool(bad, tmp_path / "x")

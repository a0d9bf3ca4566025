"""Every input is honoured or refused (issue 10, "inputs silently ignored or misread").

Each case was a silent wrong answer on main: a value read as something else, a key
or a file ignored.  Each is now refused with one line naming the file, the line, the
field and the value, or reported in the result.
"""

from __future__ import annotations

import re
import shutil

import pytest

import poolcalc.model as m
from poolcalc.cli import main
from poolcalc.data import example_pool_path
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, read_terms
from poolcalc.royalties import royalties_owed


@pytest.fixture
def pool_dir(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    return d


def _edit(d, old, new):
    f = d / "pool.toml"
    text = f.read_text()
    assert old in text
    f.write_text(text.replace(old, new, 1))


def _line_of(d, needle):
    return next(i for i, s in enumerate((d / "pool.toml").read_text().splitlines(), 1)
                if needle in s)


# -- a value of another TOML type is refused, never coerced (false is not 0) ---------------
@pytest.mark.parametrize(
    ("old", "new", "msg"),
    [
        ("administrator_fee = 0.1", "administrator_fee = false",
         r"pool: administrator_fee must be a number, got False"),
        ("administrator_fee = 0.1", "administrator_fee = true",
         r"pool: administrator_fee must be a number, got True"),
        ("enterprise_cap = 6500000.0", "enterprise_cap = true",
         r"royalty: enterprise_cap must be a number, got True"),
        ("enterprise_cap = 6500000.0", "enterprise_cap = 6500000.0\nfree_units = false",
         r"royalty: free_units must be an integer, got False"),
        ("min_per_unit = 0.05", "min_per_unit = false",
         r"royalty.products.software_codec: min_per_unit must be a number, got False"),
        ("good_standing = 0.1", "good_standing = true",
         r"royalty.discounts: good_standing must be a number, got True"),
        ("multiplier = 0.5", "multiplier = false",
         r"royalty.regions\[0\]: multiplier must be a number, got False"),
        ('name = "Aldermoor Electronics Co., Ltd."', "name = 7",
         r"members\[0\]: name must be a string, got 7"),
        ('scheme = "per-country-count"', "scheme = 1",
         r"allocation: scheme must be a string, got 1"),
    ],
)
def test_wrong_toml_type_is_refused_with_its_line(pool_dir, old, new, msg):
    _edit(pool_dir, old, new)
    key = new.splitlines()[-1].split("=")[0].strip()
    line = _line_of(pool_dir, new.splitlines()[-1])
    with pytest.raises(InvalidInputError, match=rf"^pool\.toml:{line}: {msg}$") as exc:
        read_pool(pool_dir)
    assert key in str(exc.value)


# -- a category cap of no category is refused (it capped nothing) --------------------------
def test_cap_of_unknown_category_is_refused_at_its_line(pool_dir):
    _edit(pool_dir, "software = 200000.0", "hardwear = 5.0")
    line = _line_of(pool_dir, "hardwear = 5.0")
    with pytest.raises(InvalidInputError) as exc:
        read_pool(pool_dir)
    assert str(exc.value) == (
        f"pool.toml:{line}: royalty.category_caps: hardwear: no product has category "
        "'hardwear', so this cap would cap nothing (categories: default, professional, software)"
    )


def test_cap_of_unknown_category_is_refused_by_the_model():
    rate = m.ProductRate(tiers=[(0, 1.0)], category="hardware")
    with pytest.raises(InvalidInputError, match=r"category_caps: hardwear: no product has"):
        m.Schedule(products={"tv": rate}, category_caps={"hardwear": 5.0})
    # the real category, a product's own name and the default rate's "default" are fine
    assert m.Schedule(products={"tv": rate}, category_caps={"hardware": 5.0}).category_caps
    assert m.Schedule(products={"tv": m.ProductRate(tiers=[(0, 1.0)])},
                      category_caps={"tv": 5.0}).category_caps
    assert m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]),
                      category_caps={"default": 5.0}).category_caps


def test_category_cap_must_be_a_number(pool_dir):
    _edit(pool_dir, "software = 200000.0", "software = true")
    with pytest.raises(InvalidInputError,
                       match=r"^pool\.toml:\d+: royalty\.category_caps: software: must be a "
                             r"number, got True$"):
        read_pool(pool_dir)


# -- a pool file named with the wrong case is refused, not ignored -------------------------
@pytest.mark.parametrize("name", ["Usage.csv", "USAGE.CSV", "usage.CSV"])
def test_usage_file_with_wrong_case_is_refused(pool_dir, name):
    (pool_dir / name).write_text("licensee,year,title,subscribers\n")
    with pytest.raises(InvalidInputError) as exc:
        read_pool(pool_dir)
    assert str(exc.value) == (f"{name}: file name must be usage.csv (lower case); as named "
                              "it would be ignored, so rename it")


def test_sales_file_with_wrong_case_is_refused_not_reported_missing(pool_dir):
    (pool_dir / "sales.csv").rename(pool_dir / "Sales.csv")
    with pytest.raises(InvalidInputError, match=r"^Sales\.csv: file name must be sales\.csv"):
        read_pool(pool_dir)


def test_unrelated_files_are_left_alone(pool_dir):
    (pool_dir / "README.txt").write_text("notes")
    (pool_dir / "usage-2023.csv").write_text("old")
    assert len(read_pool(pool_dir).sales) == 9870


# -- one date parser for pool and terms files ----------------------------------------------
@pytest.mark.parametrize("value", ['"20180101"', '"2018-W01-1"', '"2018-1-1"'])
def test_terms_date_takes_only_iso_like_the_pool_files(tmp_path, value):
    f = tmp_path / "terms.toml"
    f.write_text(f"[license]\nterm_start = {value}\n")
    with pytest.raises(InvalidInputError,
                       match=r"terms\.toml:2: license\.term_start must be an ISO date YYYY-MM-DD"):
        read_terms(f)
    # the pool files' parser refuses the same strings
    with pytest.raises(InvalidInputError, match="must be an ISO date YYYY-MM-DD"):
        m.Member("A", joined=value.strip('"'))


def test_terms_iso_date_still_read(tmp_path):
    f = tmp_path / "terms.toml"
    f.write_text('[license]\nterm_start = "2018-01-01"\n')
    assert str(read_terms(f).license.term_start) == "2018-01-01"


# -- products charged the default rate are named; strict_products refuses them ------------
def _typo_pool(strict=False):
    codec = m.ProductRate(basis="unit", tiers=[(0, 1.0)])
    sched = m.Schedule(default=m.ProductRate(tiers=[(0, 0.25)]),
                       products={"software_codec": codec}, strict_products=strict)
    pats = [m.Patent("P1", "A", "US", "2030-01-01")]
    sales = [m.SalesRecord("L1", "2024-03-01", "software_codec", "US", "US", 10),
             m.SalesRecord("L1", "2024-03-01", "sofware_codec", "US", "US", 4),
             m.SalesRecord("L1", "2024-04-01", "sofware_codec", "US", "US", 3)]
    return m.Pool("P", [m.Member("A")], pats, licensees=[m.Licensee("L1")], sales=sales,
                  schedule=sched)


def test_products_at_the_default_rate_are_named_in_the_notes():
    rep = royalties_owed(_typo_pool())
    # 10 units x $1.00 + 7 units x $0.25 = $11.75: the default rate is kept ...
    assert rep.total_cents == 1175
    # ... and the product that fell back to it is named with its units
    assert ("charged the default rate (not listed in [royalty.products]): sofware_codec "
            "(7 units); set strict_products = true to refuse unlisted products") in rep.notes


def test_no_default_rate_note_when_every_product_is_listed():
    pool = _typo_pool()
    pool = pool.evolve(sales=[s for s in pool.sales_rows if s.product == "software_codec"])
    assert not any("default rate" in n for n in royalties_owed(pool).notes)


def test_strict_products_refuses_an_unlisted_product():
    with pytest.raises(InvalidInputError,
                       match=r"product 'sofware_codec' is not listed in \[royalty\.products\] "
                             r"\(software_codec\) and strict_products = true"):
        royalties_owed(_typo_pool(strict=True))


def test_strict_products_in_pool_toml_refuses_the_sales_line(pool_dir):
    _edit(pool_dir, "[royalty]\n", "[royalty]\nstrict_products = true\n")
    sales = (pool_dir / "sales.csv").read_text().splitlines()
    line = next(i for i, s in enumerate(sales, 1) if ",decoder_device," in s)
    with pytest.raises(InvalidInputError,
                       match=rf"^sales\.csv:{line}: product 'decoder_device' is not listed"):
        read_pool(pool_dir)


def test_strict_products_must_be_a_boolean(pool_dir):
    _edit(pool_dir, "[royalty]\n", '[royalty]\nstrict_products = "yes"\n')
    with pytest.raises(InvalidInputError,
                       match=r"^pool\.toml:\d+: royalty: strict_products must be true or false"):
        read_pool(pool_dir)


# -- an unknown [allocation] scheme names pool.toml and its line ---------------------------
def test_unknown_scheme_names_pool_toml_and_line(pool_dir, capsys):
    _edit(pool_dir, 'scheme = "per-country-count"', 'scheme = "fair"')
    line = _line_of(pool_dir, 'scheme = "fair"')
    assert main(["allocate", str(pool_dir)]) == 2
    err = capsys.readouterr().err
    assert re.fullmatch(
        rf"poolcalc allocate: pool\.toml:{line}: allocation\.scheme: unknown allocation scheme "
        r"'fair'; allowed: per-country-count, .*\n", err)


# -- price-basis rows are checked at read time, naming sales.csv and the file line ----------
def _first_line(d, product):
    rows = (d / "sales.csv").read_text().splitlines()
    return next(i for i, s in enumerate(rows, 1) if f",{product}," in s)


def test_price_basis_row_without_net_price_names_sales_csv_and_file_line(pool_dir):
    f = pool_dir / "sales.csv"
    rows = f.read_text().splitlines()
    line = _first_line(pool_dir, "software_codec")  # header = line 1
    rows[line - 1] = rows[line - 1].rsplit(",", 1)[0] + ","
    f.write_text("\n".join(rows) + "\n")
    with pytest.raises(InvalidInputError) as exc:
        read_pool(pool_dir)  # read time: no royalty computed
    assert str(exc.value) == (f"sales.csv:{line}: net_price is required for product "
                              "'software_codec' (basis 'price' in pool.toml), got empty")


def test_price_basis_without_net_price_column_is_refused_at_read_time(pool_dir):
    f = pool_dir / "sales.csv"
    rows = [r.rsplit(",", 1)[0] for r in f.read_text().splitlines()]
    f.write_text("\n".join(rows) + "\n")
    line = _first_line(pool_dir, "software_codec")
    with pytest.raises(InvalidInputError) as exc:
        read_pool(pool_dir)
    assert str(exc.value) == (
        "sales.csv: missing column net_price, required for product 'software_codec' (basis "
        f"'price' in pool.toml; first such row on line {line})")


def test_row_lines_are_file_lines(pool_dir):
    """rows.line (and so explain()) is the file line, the header being line 1."""
    pool = read_pool(pool_dir)
    rep = royalties_owed(pool)
    text = (pool_dir / "sales.csv").read_text().splitlines()
    for k in (0, 1, len(rep.rows) - 1):
        line = int(rep.rows.line[k])
        lic = pool.sales.licensees[int(pool.sales.licensee[int(rep.rows.index[k])])]
        assert text[line - 1].startswith(lic + ",")
    assert int(pool.sales.line.min()) == 2

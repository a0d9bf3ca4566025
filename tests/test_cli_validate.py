"""``poolcalc validate DIR [--terms FILE]`` reports every problem, not just the first."""

from __future__ import annotations

import shutil

import pytest

from poolcalc.cli import main
from poolcalc.data import example_pool_path
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, read_terms, validate_pool


def _edit(f, line, col, val):
    rows = f.read_text().split("\n")
    cells = rows[line - 1].split(",")
    cells[col] = val
    rows[line - 1] = ",".join(cells)
    f.write_text("\n".join(rows))


@pytest.fixture
def broken(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    _edit(d / "sales.csv", 3, 5, "-3")
    _edit(d / "sales.csv", 7, 3, "XX")
    _edit(d / "sales.csv", 12, 1, "2024-13-01")
    _edit(d / "patents.csv", 3, 2, "ZZ")
    _edit(d / "licensees.csv", 4, 5, "maybe")
    t = (d / "pool.toml").read_text()
    t = t.replace("administrator_fee = 0.1", "administrator_fee = false")
    t = t.replace("enterprise_cap = 6500000.0", "enterprise_cap = -1")
    (d / "pool.toml").write_text(t)
    return d


EXPECTED = [
    "pool.toml:5: pool: administrator_fee must be a number, got False",
    "royalty: enterprise_cap must be >= 0, got -1",
    "patents.csv:3: country must be an ISO 3166-1 alpha-2 country code, got 'ZZ'",
    "licensees.csv:4: signed must be an ISO date YYYY-MM-DD, got 'maybe'",
    "sales.csv:3: units must be a non-negative integer, got '-3'",
    "sales.csv:7: country_of_sale must be an ISO 3166-1 alpha-2 country code, got 'XX'",
    "sales.csv:12: date must be an ISO date YYYY-MM-DD, got '2024-13-01'",
]


def test_validate_reports_every_problem_in_file_order(broken):
    problems = validate_pool(broken)
    assert len(problems) == len(EXPECTED)
    for got, want in zip(problems, EXPECTED, strict=True):
        assert got.endswith(want), (got, want)
    # read_pool stops at the first of them
    with pytest.raises(InvalidInputError, match=r"^pool\.toml:5: pool: administrator_fee"):
        read_pool(broken)


def test_validate_cli_exit_2_one_line_each(broken, tmp_path, capsys):
    terms = tmp_path / "terms.toml"
    terms.write_text('[license]\nterm_start = "20180101"\n')
    assert main(["validate", str(broken), "--terms", str(terms)]) == 2
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == len(EXPECTED) + 1
    assert lines[-1].endswith("terms.toml:2: license.term_start must be an ISO date "
                              "YYYY-MM-DD, got '20180101'")
    assert err == f"poolcalc validate: 8 problem(s) in {broken} and {terms}\n"


def test_validate_clean_pool_exit_0(capsys):
    assert main(["validate", str(example_pool_path())]) == 0
    assert capsys.readouterr().out == f"ok: {example_pool_path()}: no problems found\n"


def test_validate_missing_files_and_wrong_case(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    (d / "patents.csv").unlink()
    (d / "sales.csv").rename(d / "Sales.csv")
    problems = validate_pool(d)
    assert problems[0].startswith("Sales.csv: file name must be sales.csv")
    assert any(p.startswith("patents.csv: missing file") for p in problems)
    assert any(p.startswith("sales.csv: missing file") for p in problems)


def test_validate_unknown_scheme_and_cross_file_checks(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(example_pool_path(), d)
    t = (d / "pool.toml").read_text().replace('scheme = "per-country-count"', 'scheme = "fair"')
    (d / "pool.toml").write_text(t)
    (problem,) = validate_pool(d)
    assert problem.startswith("pool.toml:") and "unknown allocation scheme 'fair'" in problem


def test_validate_refuses_a_non_path():
    with pytest.raises(InvalidInputError, match="validate: path must be a pool directory"):
        validate_pool(None)


_TERMS_BAD = """\
[license]
licensed_levels = ["end_product"]
royalty_base = "revenue"
tied = 5

[market]
value_chain_levels = ["end_product"]
combined_share = 0.4
largest_party_share = 0.6

[[offers]]
licensee = "L1"
class = "a"
rate = -1.0

[[products]]
name = "tv"
fraction = 2
"""


def test_validate_lists_every_problem_of_a_terms_file(tmp_path):
    terms = tmp_path / "terms.toml"
    terms.write_text(_TERMS_BAD)
    got = validate_pool(example_pool_path(), terms)
    t = str(terms)
    assert got == (
        f"{t}:3: license.royalty_base must be one of 'unit', 'product_price', "
        f"'total_sales', got 'revenue'",
        f"{t}:4: license.tied must be a list of strings, got 5",
        f"{t}:9: market.largest_party_share must be <= market.combined_share (0.4), got 0.6",
        f"{t}:14: offers[0].rate must be >= 0, got -1.0",
        f"{t}:18: unknown key products[0].fraction (allowed in [products[0]]: name, patents, "
        f"rate), got 2",
        f"{t}:16: products[0] is missing the key 'patents'",
    )
    # read_terms (poolcalc check) still stops at the first, with the same text
    with pytest.raises(InvalidInputError) as exc:
        read_terms(terms)
    assert str(exc.value) == got[0]


def test_terms_cross_key_problems_name_their_line(tmp_path):
    terms = tmp_path / "terms.toml"
    terms.write_text('[license]\nlicensed_levels = ["end_product", "chip", "module"]\n\n'
                     '[market]\nvalue_chain_levels = ["end_product"]\n\n'
                     '[[products]]\nname = "tv"\npatents = ["P1"]\n\n'
                     '[[products]]\nname = "tv"\npatents = ["P2"]\n'
                     '\n[[offers]]\nlicensee = "L1"\nclass = "a"\nrate = 0.5\n')
    t = str(terms)
    assert validate_pool(example_pool_path(), terms) == (
        f"{t}:2: license.licensed_levels lists 'chip', which is not in "
        f"market.value_chain_levels (end_product)",
        f"{t}:2: license.licensed_levels lists 'module', which is not in "
        f"market.value_chain_levels (end_product)",
        f"{t}:12: products[1].name 'tv' is listed twice",
    )

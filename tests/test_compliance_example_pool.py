"""The check on the bundled example pool, the royalty engine path, CLI --pool/--second-pool."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from compliance_helpers import D, make_pool

from poolcalc.cli import main
from poolcalc.compliance import check
from poolcalc.compliance._rules_rates import charged_rows
from poolcalc.data import EXAMPLE_TERMS, example_pool_path, example_terms
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool
from poolcalc.model import RoyaltyBase, SalesRecord

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def pool():
    return read_pool(example_pool_path())


@pytest.mark.parametrize("kind", ["clean", "problematic"])
def test_embedded_examples_match_files(kind):
    assert EXAMPLE_TERMS[kind] == (EXAMPLES / f"terms_{kind}.toml").read_text(encoding="utf-8")


def test_example_terms_bad_kind():
    with pytest.raises(InvalidInputError, match="kind must be 'clean' or 'problematic', got 'x'"):
        example_terms("x")


def test_clean_terms_on_example_pool(pool):
    report = check(example_terms("clean"), pool)
    # the only objections come from the pool's own data: the substitutes on one feature
    serious = [f for f in report.findings if f.severity != "info"]
    assert {f.rule for f in serious} <= {"substitute-patents"}
    for f in serious:
        assert f.severity == "error" and "different owners" in f.message
    assert "non-essential-patent" in report.passed  # package = "essential"
    assert "expired-patent-royalty" in report.passed  # the engine charges only in-force rows
    assert "discrimination" in report.passed


def test_problematic_terms_on_example_pool(pool):
    report = check(example_terms("problematic"), pool)
    ne = report.by_rule("non-essential-patent")
    assert {f.severity for f in ne} == {"error", "warning"}  # invalid; non-essential/declared
    exp = [f for f in report.by_rule("expired-patent-royalty") if "sales row" in f.message]
    assert exp and exp[0].severity == "error"  # total_sales base charges rows with nothing in force
    disc = [f for f in report.by_rule("discrimination") if "same class" in f.message]
    assert disc and "royalty-free member cross-licence" in str(disc[0].evidence)
    assert report.exit_code == 1


def test_charged_rows_use_the_royalty_engine(pool):
    mask, how = charged_rows(pool, None, RoyaltyBase.UNIT)
    assert how.startswith("royalty engine")
    assert mask.shape == (len(pool.sales),) and mask.any()
    mask2, how2 = charged_rows(pool, None, RoyaltyBase.TOTAL_SALES)
    assert "total_sales" in how2 and mask2.sum() >= mask.sum()


def test_engine_rows_never_charged_where_nothing_in_force():
    # a sale after every patent expired: the engine does not charge it, so no flag
    p = make_pool(sales=[SalesRecord("L1", D(2032, 1, 1), "tv", "US", "US", 10),
                         SalesRecord("L2", D(2024, 1, 1), "tv", "US", "US", 10)])
    mask, _ = charged_rows(p, None, RoyaltyBase.UNIT)
    assert np.array_equal(mask, [False, True])


def test_cli_check_with_pool_and_second_pool(capsys):
    d = str(example_pool_path())
    code = main(["check", str(EXAMPLES / "terms_clean.toml"), "--pool", d, "--second-pool", d,
                 "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    dc = [f for f in data["findings"] if f["rule"] == "double-charging"]
    # as of today the pool's substitutes (an EU error under the 2014 rules) keep the clean
    # licence out of the EU transition: the 2026 Guidelines make double charging an error
    assert dc and dc[0]["severity"] == "error" and "EU 2026 rules" in dc[0]["message"]
    assert code == 1  # the example pool's substitutes are an error-level finding
    code = main(["check", str(EXAMPLES / "terms_clean.toml"), "--pool", d, "--second-pool", d,
                 "--format", "json", "--as-of", "2025-06-01"])
    data = json.loads(capsys.readouterr().out)
    dc = [f for f in data["findings"] if f["rule"] == "double-charging"]
    # as of 2025 the 2014 rules apply: no EU text makes double charging a condition, so the
    # finding rests on pool practice (warning) and cites no EU text
    assert dc and dc[0]["severity"] == "warning"
    assert not any(s["jurisdiction"] == "eu" for s in dc[0]["sources"])


def test_cli_bad_pool_dir_exit_2(tmp_path, capsys):
    assert main(["check", str(EXAMPLES / "terms_clean.toml"), "--pool", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("poolcalc check: ") and err.count("\n") == 1


def test_example_script_runs():
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, str(root / "examples" / "05_compliance_check.py")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(root)},
        check=False, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "error rules: substitute-patents" in out.stdout  # the clean offer on this pool
    assert "EU TTG 2026 pool safe harbour, condition 6 (unverified)" in out.stdout
    assert "evidence: license.no_challenge = true" in out.stdout

"""Terms files: strict reading, one-line errors naming key and value, CLI exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from poolcalc.cli import main
from poolcalc.errors import InvalidInputError
from poolcalc.io import parse_terms, read_terms
from poolcalc.model import (
    ChallengeTermination,
    GrantBackScope,
    LicenseTerms,
    RoyaltyBase,
    Stage,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _write(tmp_path, text):
    p = tmp_path / "terms.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_read_problematic_example():
    t = read_terms(EXAMPLES / "terms_problematic.toml")
    lic = t.license
    assert lic.package == "all" and lic.max_units == 1_000_000
    assert lic.channels == ("retail",) and lic.territories == ("CN",)
    assert lic.royalty_base is RoyaltyBase.TOTAL_SALES
    assert lic.royalties_until == dt.date(2040, 12, 31)
    assert lic.terminate_on_challenge is ChallengeTermination.WHOLE_LICENSE
    assert lic.grant_back.scope is GrantBackScope.ALL_IMPROVEMENTS and lic.grant_back.exclusive
    assert t.stage.phase is Stage.INDUSTRIALIZATION
    assert t.discounts[0].eligible == "members" and t.discounts[0].open_to_all is False
    assert [o.rate for o in t.offers] == [0.20, 0.10]


def test_absent_means_unknown():
    t = parse_terms({})
    assert t == LicenseTerms(source="terms")
    assert t.license.tied is None and t.membership.open_to_all_essential_holders is None
    assert t.offers is None and t.discounts is None


def test_explicit_no_restriction_spellings():
    t = parse_terms({"license": {"tied": [], "max_units": "none", "channels": "any",
                                 "territories": "any", "resale_price_min": "none"}})
    assert t.license.tied == () and t.license.max_units == "none" and t.license.channels == "any"


def test_dates_as_strings_and_countries_upper_cased():
    t = parse_terms({"license": {"royalties_until": "2030-01-31", "territories": ["cn", "de"]}})
    assert t.license.royalties_until == dt.date(2030, 1, 31)
    assert t.license.territories == ("CN", "DE")


BAD = [
    # (file text, pattern the one-line message must match)
    ('[license]\nroyalty_base = "revenue"\n',
     r"terms\.toml:2: license\.royalty_base must be one of 'unit', 'product_price', 'total_sales', "
     r"got 'revenue'$"),
    ('[license]\nno_chalenge = true\n',
     r"terms\.toml:2: unknown key license\.no_chalenge \(allowed in \[license\]: .*no_challenge"
     r".*\), got True$"),
    ('[licence]\nno_challenge = true\n', r"terms\.toml:1: unknown section \[licence\] \(allowed: "),
    ('[license]\nmax_units = "1000"\n',
     r"terms\.toml:2: license\.max_units must be a non-negative integer or 'none', got '1000'$"),
    ('[license]\nno_challenge = "no"\n', r"license\.no_challenge must be true or false, got 'no'$"),
    ('[license]\nroyalties_until = "2040-02-30"\n',
     r"license\.royalties_until must be an ISO date YYYY-MM-DD, got '2040-02-30'$"),
    ('[license]\nroyalties_until = 2040-13-01\n',
     r"terms\.toml:2: license\.royalties_until must be an ISO date YYYY-MM-DD, got 2040-13-01$"),
    ('[license]\nterminate_on_challenge = "all"\n',
     r"license\.terminate_on_challenge must be one of 'none', 'challenged_patent', "
     r"'whole_license', got 'all'$"),
    ('[license]\ngrant_back = { scope = "everything" }\n',
     r"license\.grant_back\.scope must be one of 'none', 'essential', 'all_improvements', "
     r"got 'everything'$"),
    ('[license]\ngrant_back = { scope = "essential", exclusiv = true }\n',
     r"unknown key license\.grant_back\.exclusiv \(allowed in \[license\.grant_back\]: .*\), "
     r"got True$"),
    ('[license]\nchannels = []\n', r"license\.channels must be 'any' or a non-empty list"),
    ('[license]\nterritories = ["XX"]\n', r"license\.territories must list ISO 3166-1 .* got 'XX'"),
    ('[stack]\naggregate_cap = 1.5\n', r"stack\.aggregate_cap must be in \[0, 1\], got 1\.5$"),
    ('[stack]\nproduct_price = true\n', r"stack\.product_price must be a number, got True$"),
    ('[stage]\nphase = "growth"\n',
     r"stage\.phase must be one of 'formation', 'industrialization', 'marketization', "
     r"got 'growth'$"),
    ('[[discounts]]\nname = "x"\nfraction = 0.1\neligible = "friends"\n',
     r"discounts\[0\]\.eligible must be one of .* got 'friends'$"),
    ('[[offers]]\nlicensee = "A"\nrate = 0.1\n', r"offers\[0\] is missing the key 'class'$"),
    ('[license]\nx = = 1\n', r"terms\.toml:2: invalid TOML in 'x = = 1'"),
    # one date parser for pool and terms files: 20180101 is no ISO date in either
    ('[license]\n\nterm_start = "20180101"\n',
     r"terms\.toml:3: license\.term_start must be an ISO date YYYY-MM-DD, got '20180101'$"),
    ('[renewal]\nprevious_renewal = "2018-W01-1"\n',
     r"terms\.toml:2: renewal\.previous_renewal must be an ISO date YYYY-MM-DD"),
]


@pytest.mark.parametrize("text, pattern", BAD)
def test_bad_terms_raise_one_line(tmp_path, text, pattern):
    p = _write(tmp_path, text)
    with pytest.raises(InvalidInputError, match=pattern) as exc:
        read_terms(p)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("text, pattern", BAD)
def test_bad_terms_cli_exit_2(tmp_path, capsys, text, pattern):
    p = _write(tmp_path, text)
    assert main(["check", str(p)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("poolcalc check: ")
    assert "Traceback" not in err


def test_missing_file(tmp_path):
    with pytest.raises(InvalidInputError, match="terms file not found"):
        read_terms(tmp_path / "nope.toml")


def test_cli_exit_codes(capsys):
    assert main(["check", str(EXAMPLES / "terms_clean.toml")]) == 0
    out = capsys.readouterr().out
    assert "0 error" in out
    assert main(["check", str(EXAMPLES / "terms_problematic.toml"), "--format", "json",
                 "--jurisdiction", "jp"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["jurisdiction"] == "jp" and data["summary"]["error"] > 0

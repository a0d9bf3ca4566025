"""Every script in examples/ runs, and prints numbers that an independent reckoning confirms.

Each example is run once (module-scoped cache); its test checks printed figures against
values computed here by hand from the example's own inputs (tiers, rates, counts), read
straight from the bundled pool's CSV and TOML files, or from closed forms, never against
what the library returns.
"""

import csv
import math
import os
import pathlib
import re
import subprocess
import sys
import tomllib
from collections import Counter

import pytest

from poolcalc.alliance import TABLE3, Stage

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "examples").glob("[0-9][0-9]_*.py"))
POOL = ROOT / "poolcalc" / "data" / "example_pool"
_OUT: dict[str, str] = {}


def run(name: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Run examples/<name> once (cwd: a fresh directory) and return its stdout."""
    if name not in _OUT:
        env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
        proc = subprocess.run([sys.executable, str(ROOT / "examples" / name)],
                              cwd=tmp_path_factory.mktemp("example"), env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        _OUT[name] = proc.stdout
    return _OUT[name]


def money(text: str) -> int:
    """'1,234.56' -> 123456 cents."""
    whole, _, frac = text.replace(",", "").partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int((frac + "00")[:2]))


def find(pattern: str, text: str) -> re.Match:
    m = re.search(pattern, text, re.MULTILINE)
    assert m, f"{pattern!r} not in the output"
    return m


def norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def bs_call(S, K, T, r, sigma, q):
    """Black and Scholes (1973) / Merton (1973) with continuous leakage q."""
    d1 = (math.log(S / K) + (r - q + sigma**2 / 2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    return S * math.exp(-q * T) * norm_cdf(d1) - K * math.exp(-r * T) * norm_cdf(d2)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(POOL / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_runs(script, tmp_path_factory):
    assert run(script.name, tmp_path_factory).strip(), "an example should print what it computed"


def test_00_yearly_run(tmp_path_factory):
    out = run("00_administrator_yearly_run.py", tmp_path_factory)
    n, total = find(r"^(\d+) invoices, total ([\d,.]+) USD", out).groups()
    assert int(n) == len(read_csv("licensees.csv"))  # one invoice per licensee of the file
    collected, fee, members = find(
        r"^collected ([\d,.]+), administrator fee ([\d,.]+), distributed to (\d+)", out).groups()
    assert money(collected) == money(total)  # everything invoiced is collected and split
    # pool.toml: administrator_fee = 0.1 of what is collected, rounded down to the cent
    toml = tomllib.loads((POOL / "pool.toml").read_text(encoding="utf-8"))
    rate = toml["pool"]["administrator_fee"]
    assert money(fee) == math.floor(money(collected) * rate)
    assert int(members) == len(toml["members"])
    netting = re.findall(r"^  M\d+ receives .*$", out, re.MULTILINE)
    members_licensing = {r["member"] for r in read_csv("licensees.csv") if r["member"]}
    assert len(netting) == len(members_licensing)  # one statement per member that licenses
    for line in netting:
        got, owes, net = map(money, re.findall(r"-?[\d,]+\.\d\d", line))
        assert net == got - owes, line


def test_01_invoices_by_hand(tmp_path_factory):
    out = run("01_royalty_invoices.py", tmp_path_factory)
    owed = {m[0]: money(m[1]) for m in re.findall(r"^(\S+)\s.*\s([\d,]+\.\d\d)$", out, re.M)}
    # TV Group (TVCO 70M + TVCO-DE 30M units, one enterprise): AVC brackets
    # 100,000 free, 4,900,000 x 0.20 = 980,000, 95,000,000 x 0.10 = 9,500,000 -> 10,480,000,
    # less 5% good standing = 9,956,000, capped at 6,500,000, split 70:30
    assert (owed["TVCO"], owed["TVCO-DE"]) == (455_000_000, 195_000_000)
    # PHONE (not in good standing): 7,000,000 bearing units in 2024 -> 980,000 + 2,000,000
    # x 0.10 = 1,180,000; its 1,000,000 units sold in IN (Region 2) pay half:
    # 1,180,000 x (6/7 + 1/7 x 0.5) = 1,180,000 x 13/14 = 1,095,714.2857
    assert owed["PHONE"] == round(1_180_000 * 13 / 14 * 100)
    # M1-LIC: 400,000 units: 300,000 x 0.20 = 60,000 less 5% = 57,000
    assert owed["M1-LIC"] == 5_700_000
    assert owed["TOTAL"] == 650_000_000 + 109_571_429 + 5_700_000
    # PHONE's 2023 sales before signing: 1,900,000 x 0.20 = 380,000; 2 months at 2%: 15,200
    assert find(r"back royalties PHONE 2023: ([\d.]+) \+ interest ([\d.]+) \((\d+) months",
                out).groups() == ("380000.00", "15200.00", "2")


def test_02_compare_synthetic(tmp_path_factory):
    out = run("02_compare_schemes_synthetic.py", tmp_path_factory)
    rows = {m.group(1): [money(x) for x in m.group(2).split()]
            for m in re.finditer(r"^(distributed|admin fee|collected)\s+([\d,.\s]+?)$", out, re.M)}
    # every scheme splits the same money, exactly: distributed + fee = collected
    assert len(set(rows["collected"])) == 1
    for d, f, c in zip(rows["distributed"], rows["admin fee"], rows["collected"], strict=True):
        assert d + f == c
    # the pool game's grand coalition is worth everything collected
    v_n = money(find(r"pool game: \d+ distinct holder sets; v\(N\) = ([\d,.]+)", out).group(1))
    assert v_n == rows["collected"][0]
    assert find(r"closest to Shapley \(L1 on shares\): (\S+) \(([\d.]+)\)", out).groups() == (
        "shapley", "0.0000")


def test_03_allocation_by_hand(tmp_path_factory):
    out = run("03_allocation_schemes.py", tmp_path_factory)
    # 310,000 units x 0.20 = 62,000.00 collected, 10% fee 6,200.00
    assert "collected          62000.00" in out and "administrator fee  6200.00" in out
    # per-country-count, row by row (royalty x in-force counts in the sale country):
    # US March 20,000 over A 2, B 1, C 1; US September (US3 expired in July) 16,000 over
    # A 2, C 1; DE 12,000 over A 1, B 1; FR (no patent) -> DE 6,000 over A 1, B 1;
    # CN 8,000 to C.  A 10,000 + 10,666.67 + 6,000 + 3,000 = 29,666.67, B 14,000,
    # C 18,333.33; after the 10% fee: 26,700.00, 12,600.00, 16,500.00
    table = {m[0]: m[1:]
             for m in re.findall(r"^(\S+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", out, re.M)}
    assert table["per-country-count"] == ("26700.00", "12600.00", "16500.00")
    # Shapley of the pool game: each holder set shares its rows' royalty equally:
    # A 20,000/3 + 16,000/2 + 18,000/2 = 23,666.67, B 20,000/3 + 9,000 = 15,666.67,
    # C 20,000/3 + 8,000 + 8,000 = 22,666.67; x 0.9
    assert table["shapley"] == ("21300.00", "14100.00", "20400.00")
    # C also licenses (L2: 60,000 units x 0.20 = 12,000.00): net 16,500 - 12,000
    assert re.search(r"^C\s+16500\.00\s+\S+\s+12000\.00\s+4500\.00$", out, re.M)


def test_04_alliance(tmp_path_factory):
    out = run("04_alliance_stage_diagnosis.py", tmp_path_factory)
    # the paper puts TD-SCDMA in marketization at the time of writing; IGRS had only a
    # concept standard until its industry standard of 2005
    assert "TD-SCDMA industry alliance (TD－SCDMA产业联盟): stage = marketization" in out
    assert "as of 2004: formation" in out and "as of 2005: industrialization" in out
    # table 3: marketization strategy 1 (procurement), and the industrialization
    # strategies in Chinese as the example prints them
    assert "use government procurement" in out
    assert all(s.text.zh in out for s in TABLE3[Stage.INDUSTRIALIZATION].strategies)
    # 5,000,000 cents over 40:25:10 essential patents: quotas 2,666,666.67, 1,666,666.67,
    # 666,666.67; floors leave 2 cents, equal remainders -> to the smaller ids M1, M2
    rows = {m[0]: m[1:] for m in re.findall(
        r"^(M\d)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", out, re.M)}
    assert [rows[m][1] for m in ("M1", "M2", "M3", "M4")] == [
        "26666.67", "16666.67", "6666.66", "0.00"]
    assert re.search(r"^total\s+237456\.00\s+50000\.00\s+287456\.00\s+17\.4$", out, re.M)


def test_05_compliance(tmp_path_factory):
    out = run("05_compliance_check.py", tmp_path_factory)
    for kind in ("clean", "problematic"):
        e, w, i, code = map(int, find(
            rf"^{kind}\s+(\d+) error\s+(\d+) warning\s+(\d+) info\s+exit code (\d)", out).groups())
        assert code == (1 if e else 0)  # the check's exit-code contract
    # terms_problematic.toml says no_challenge = true and terminate_on_challenge =
    # "whole_license": one error and one warning of the no-challenge rule, and the table
    # lists exactly those two findings
    terms = tomllib.loads((ROOT / "examples" / "terms_problematic.toml").read_text("utf-8"))
    assert terms["license"]["no_challenge"] is True
    assert re.search(r"Compliance check \(eu\) as of \d{4}-\d{2}-\d{2}: 1 error, 1 warning, 0 info",
                     out)
    assert re.findall(r"^\d\s+(\w+)\s+no-challenge\s", out, re.M) == ["error", "warning"]


def test_06_pool_directory(tmp_path_factory):
    out = run("06_pool_directory_io.py", tmp_path_factory)
    patents = read_csv("patents.csv")
    owners = {r["owner"] for r in patents}
    pooled = sum(r["status"] == "essential" for r in patents)  # only essential ones are pooled
    expected = (f"{len(owners)} members, {len(patents)} national patents ({pooled} pooled), "
                f"{len(read_csv('licensees.csv'))} licensees, {len(read_csv('sales.csv'))} "
                "sales rows")
    assert expected in out
    toml = tomllib.loads((POOL / "pool.toml").read_text(encoding="utf-8"))["royalty"]
    tiers = ", ".join(f"{t['rate']:g} from {t['from']:,}" for t in toml["tiers"])
    assert f"default schedule: {tiers} per unit; enterprise cap " \
           f"{toml['enterprise_cap']:,.0f}" in out
    # the example breaks units on file line 14 (header = line 1)
    assert "sales.csv:14: units must be a non-negative integer, got '-3'" in out


def test_07_stage_presets(tmp_path_factory):
    out = run("07_alliance_stage_presets.py", tmp_path_factory)
    licensees = read_csv("licensees.csv")
    members = [r["licensee"] for r in licensees if r["member"]]
    assert f"{len(licensees)} licensees, {len(members)} of them pool members " \
           f"({', '.join(members)})" in out
    # the example's rule, applied to sales.csv here: encoders -> equipment, software
    # codecs -> technology, anything else -> terminal
    sold: dict[str, set[str]] = {}
    for r in read_csv("sales.csv"):
        sold.setdefault(r["licensee"], set()).add(r["product"])
    levels = Counter(
        "equipment" if "professional_encoder" in sold.get(r["licensee"], ())
        else "technology" if "software_codec" in sold.get(r["licensee"], ()) else "terminal"
        for r in licensees
    )
    assert "chain levels: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())) in out
    line = {m[0].strip(): m[1].split()
            for m in re.findall(r"^([a-z' ()-]+?)\s{2,}(.*)$", out, re.M)}
    # formation: members owe each other nothing and nobody else is licensed
    assert line["total owed by licensees"][0] == "0.00"
    assert line["distributed to members (after fee)"][0] == "0.00"
    # the other stages distribute what is owed less pool.toml's 10% fee (rounded down)
    fee = tomllib.loads((POOL / "pool.toml").read_text(encoding="utf-8"))["pool"][
        "administrator_fee"]
    owed_i, owed_m = (money(x) for x in line["total owed by licensees"][1:])
    for owed, dist in zip((owed_i, owed_m), line["distributed to members (after fee)"][1:],
                          strict=True):
        assert money(dist) == owed - math.floor(owed * fee)
    assert f"({owed_m / owed_i:.2f}x industrialization)" in out
    # the member's invoice adds up: gross - member relief - discounts - allowance - caps
    parts = [money(x) for x in re.findall(r"[\d,]+\.\d\d",
                                         find(r"^L\d+ \(member\) in industrialization.*$",
                                              out).group(0))]
    assert parts[0] - sum(parts[1:5]) == parts[5]


def test_08_patent_valuation(tmp_path_factory):
    out = run("08_patent_valuation.py", tmp_path_factory)
    rows = {m[0]: tuple(map(float, m[1:])) for m in re.findall(
        r"^(\S+-\d+)\s+(-?[\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", out, re.M)}
    # European values by hand, leakage 1 / life: US-001 S 100, K 80, 10 years, 35%;
    # US-002 S 40, K 50, 5 years, 40%; CN-003 S 250, K 260, 12 years, 30%; r = 5%
    for pid, (S, K, T, sigma) in {"US-001": (100, 80, 10, 0.35), "US-002": (40, 50, 5, 0.40),
                                  "CN-003": (250, 260, 12, 0.30)}.items():
        npv, european, american, waiting = rows[pid]
        assert npv == S - K
        assert european == round(bs_call(S, K, T, 0.05, sigma, 1 / T), 2)
        assert american >= european and waiting == pytest.approx(american - max(npv, 0), abs=0.011)
    s, v, royalty, share = find(
        r"alliance entry: S = ([\d.]+), option value = ([\d.]+), royalty = USD ([\d.]+) per "
        r"unit, pool share = ([\d.]+)%", out).groups()
    assert float(s) == 0.05 * 2000  # expected share x pool value
    # royalty = V r / (1 - e^{-rT}) / Q with Q = 2 (million units a year), T = 10
    assert float(royalty) == pytest.approx(float(v) * 0.05 / (1 - math.exp(-0.5)) / 2, abs=0.006)
    assert float(share) == pytest.approx(float(v) / 2000 * 100, abs=0.006)
    # Geske (1979): 18.276 with S* = 80.70 (S* solves C_BS(S*, 100, 2 years) = 10)
    assert bs_call(80.70, 100, 2, 0.05, 0.30, 0.0) == pytest.approx(10.0, abs=0.01)
    assert "staged option = 18.276 (commit at T1 only if S > 80.70)" in out

"""Adding a scheme is one new file: ``tests/sqrt_scheme_plugin.py``, outside the package,
registers ``sqrt-patent-count`` and it works by name in ``allocate``, ``compare`` and the
command line (``--plugin``, ``POOLCALC_PLUGINS``, entry point ``poolcalc.schemes``).

Hand-computed pool (year 2024, flat US$1.00 per unit, administrator fee 10 %):
one sales row of 1,000 units sold in the US -> collected 1,000.00, fee floor(100,000 c x
0.1) = 10,000 c, distributable D = 90,000 c.  Essential patents in force during 2024:
A 1, B 4 (one of them expires 2024-01-02, in force on 1 January only), C 9; not counted:
A's declared patent, B's patent expired on 2024-01-01 (in force iff granted <= d <
expires) and C's invalid one.
  sqrt-patent-count: w = 1, 2, 3 (sum 6) -> 15,000 / 30,000 / 45,000 c, no remainder.
  patent-count:      w = 1, 4, 9 (sum 14) -> 6,428.57 / 25,714.29 / 57,857.14 c;
                     floors 6,428 + 25,714 + 57,857 = 89,999, the last cent to the
                     largest fraction (A, .571) -> 6,429 / 25,714 / 57,857.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import poolcalc
import poolcalc.model as m
from poolcalc.allocation import get_scheme, load_plugins, scheme_names, unregister_scheme
from poolcalc.compare import compare
from poolcalc.errors import InvalidInputError
from poolcalc.io import write_pool
from tests import sqrt_scheme_plugin
from tests._allocation_fakes import flat_report

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "tests" / "sqrt_scheme_plugin.py"
SQRT = {"A": 15000, "B": 30000, "C": 45000}
COUNT = {"A": 6429, "B": 25714, "C": 57857}


@pytest.fixture
def sqrt_scheme():
    """The plug-in scheme registered for one test (the module registers at first import)."""
    poolcalc.allocation.register_scheme(sqrt_scheme_plugin.SCHEME, replace=True)
    yield sqrt_scheme_plugin.SCHEME
    unregister_scheme("sqrt-patent-count")


def sqrt_pool() -> m.Pool:
    pats = [m.Patent("A1", "A", "US", "2030-01-01"),
            m.Patent("A2", "A", "US", "2030-01-01", status="declared"),
            m.Patent("B0", "B", "US", "2024-01-01"),  # expired on its expiry day: not counted
            m.Patent("B1", "B", "US", "2024-01-02"),  # in force on 2024-01-01 only: counted
            *(m.Patent(f"B{k}", "B", "DE", "2030-01-01") for k in (2, 3, 4)),
            *(m.Patent(f"C{k}", "C", "FR", "2030-01-01") for k in range(1, 10)),
            m.Patent("C0", "C", "US", "2030-01-01", status="invalid")]
    return m.Pool(
        name="sqrt",
        members=[m.Member("A"), m.Member("B"), m.Member("C")],
        patents=pats,
        licensees=[m.Licensee("L1")],
        sales=[m.SalesRecord("L1", "2024-03-01", "tv", "US", "CN", 1000)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])),
        administrator_fee=0.1,
    )


def test_allocate_by_name(sqrt_scheme):
    d = poolcalc.allocate(sqrt_pool(), scheme="sqrt-patent-count")
    assert (d.collected_cents, d.administrator_fee_cents) == (100000, 10000)
    assert dict(d.amounts) == SQRT and d.rounding_residue_cents == 0
    assert dict(poolcalc.allocate(sqrt_pool(), scheme="patent-count").amounts) == COUNT
    ex = d.explain("B")  # the default audit trail: w_i / sum w
    assert ex.entitlement == 30000 and "share = w_i / sum_j w_j = 2 / 6" in ex.basis


def test_irrational_weights_round_by_largest_remainder(sqrt_scheme):
    # A holds 1 patent, B 2: D = 90,000 c x 1/(1 + sqrt 2) = 37,279.22 (A), 52,720.78 (B);
    # floors 37,279 + 52,720 = 89,999, the cent to the larger fraction (B, .78).
    pool = m.Pool(name="two", members=[m.Member("A"), m.Member("B")],
                  patents=[m.Patent("A1", "A", "US", "2030-01-01"),
                           m.Patent("B1", "B", "US", "2030-01-01"),
                           m.Patent("B2", "B", "US", "2030-01-01")],
                  licensees=[m.Licensee("L1")],
                  sales=[m.SalesRecord("L1", "2024-03-01", "tv", "US", "CN", 1000)],
                  administrator_fee=0.1)
    d = poolcalc.allocate(pool, scheme="sqrt-patent-count", royalties=flat_report(pool, 2024))
    assert dict(d.amounts) == {"A": 37279, "B": 52721} and d.rounding_residue_cents == 1


def test_compare_by_name(sqrt_scheme):
    cmp = compare(sqrt_pool(), schemes=["patent-count", "sqrt-patent-count"])
    assert cmp.schemes == ("patent-count", "sqrt-patent-count")
    assert cmp.amount_matrix.tolist() == [list(COUNT.values()), list(SQRT.values())]
    assert cmp.metrics["sqrt-patent-count"].gini < cmp.metrics["patent-count"].gini


def test_scheme_is_gone_after_unregistering(sqrt_scheme):
    unregister_scheme("sqrt-patent-count")
    assert "sqrt-patent-count" not in scheme_names()
    with pytest.raises(InvalidInputError, match="unknown allocation scheme 'sqrt-patent-count'"):
        poolcalc.allocate(sqrt_pool(), scheme="sqrt-patent-count")
    poolcalc.allocation.register_scheme(sqrt_scheme_plugin.SCHEME)  # for the fixture


def _cli(args, env_extra=None, tmp=None):
    env = {k: v for k, v in os.environ.items() if k != "POOLCALC_PLUGINS"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *(env_extra or {}).pop("_path", [])])
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "poolcalc", *args], cwd=tmp or ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def pool_dir(tmp_path):
    write_pool(sqrt_pool(), tmp_path / "pool")
    return str(tmp_path / "pool")


def _amounts(stdout):
    return {x["member"]: round(float(x["amount"]) * 100) for x in json.loads(stdout)["members"]}


def test_cli_without_the_plugin_refuses_the_name(pool_dir):
    r = _cli(["allocate", pool_dir, "--scheme", "sqrt-patent-count"])
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("poolcalc allocate: unknown allocation scheme 'sqrt-patent-count'")


def test_cli_plugin_flag_file_path(pool_dir):
    r = _cli(["allocate", pool_dir, "--scheme", "sqrt-patent-count", "--plugin", str(PLUGIN),
              "--format", "json"])
    assert r.returncode == 0, r.stderr
    assert _amounts(r.stdout) == SQRT
    assert json.loads(r.stdout)["scheme"] == "sqrt-patent-count"


def test_cli_plugin_env_module_name(pool_dir):
    r = _cli(["compare", pool_dir, "--schemes", "patent-count,sqrt-patent-count",
              "--format", "json"], {"POOLCALC_PLUGINS": "tests.sqrt_scheme_plugin"})
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["schemes"] == ["patent-count", "sqrt-patent-count"]
    got = {s: {k: round(float(v) * 100) for k, v in a.items()} for s, a in out["amounts"].items()}
    assert got == {"patent-count": COUNT, "sqrt-patent-count": SQRT}
    table = _cli(["compare", pool_dir, "--schemes", "sqrt-patent-count,patent-count"],
                 {"POOLCALC_PLUGINS": "tests.sqrt_scheme_plugin"})
    assert table.returncode == 0 and "150.00" in table.stdout and "64.29" in table.stdout


def test_cli_entry_point(pool_dir, tmp_path):
    # an installed distribution declaring the plug-in in the poolcalc.schemes group
    dist = tmp_path / "site" / "sqrt_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: sqrt-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[poolcalc.schemes]\nsqrt-patent-count = tests.sqrt_scheme_plugin\n"
    )
    r = _cli(["allocate", pool_dir, "--scheme", "sqrt-patent-count", "--format", "json"],
             {"_path": [str(tmp_path / "site")]})
    assert r.returncode == 0, r.stderr
    assert _amounts(r.stdout) == SQRT


def test_cli_bad_plugin_is_one_line(pool_dir, tmp_path):
    bad = tmp_path / "bad_plugin.py"
    bad.write_text("raise RuntimeError('boom')\n")
    r = _cli(["allocate", pool_dir, "--plugin", str(bad)])
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert "failed to import: RuntimeError: boom" in r.stderr
    r = _cli(["allocate", pool_dir, "--plugin", "no_such_module_xyz"])
    assert r.returncode == 2 and "No module named 'no_such_module_xyz'" in r.stderr


def test_load_plugins_in_process(tmp_path):
    mod = tmp_path / "one_each_plugin.py"
    mod.write_text(
        "from poolcalc.allocation import Scheme, register_scheme\n"
        "register_scheme(Scheme('one-each', 'one each', lambda ctx, o: [1] * len(ctx.members)))\n"
    )
    try:
        assert load_plugins([str(mod)], env=False, entry_points=False) == ("one-each",)
        assert get_scheme("one-each").summary == "one each"
        # loading the same file again is a no-op
        assert load_plugins([str(mod)], env=False, entry_points=False) == ()
    finally:
        unregister_scheme("one-each")
    with pytest.raises(InvalidInputError, match=r"plug-in '.*missing\.py' \(--plugin\): no such"):
        load_plugins([str(tmp_path / "missing.py")], env=False, entry_points=False)
    with pytest.raises(InvalidInputError, match=r"\(POOLCALC_PLUGINS\) failed to import"):
        load_plugins([], environ={"POOLCALC_PLUGINS": "no_such_module_xyz"}, entry_points=False)

"""Byte-compare the JSON reports of two poolcalc checkouts (results must not change).

Run ``python benchmarks/check_identical.py [--base /tmp/base] [--pool DIR ...] [--big]``.

The *base* checkout is another work tree of the same repository, e.g. main's code::

    git worktree add --detach /tmp/base main

For each pool it runs, once with ``PYTHONPATH`` at the base checkout and once at this
checkout (each a fresh ``python -m poolcalc`` process):

* ``royalties DIR --format json`` and ``--format csv``;
* ``allocate DIR --format json`` (the pool's scheme) and ``--scheme shapley``;
* ``compare DIR --format json``;
* ``check examples/terms_problematic.toml --pool DIR --format json``;

and compares stdout, stderr's last line and the exit code byte for byte.  Pools: the
bundled example pool, a 10^5-row synthetic pool
(``synthetic_pool(60, 20_000, 30, rng=7, n_sales=10**5, n_licensees=2_000)``, written to
``/tmp/poolcalc_identical/s100000``), any ``--pool DIR`` given, and with ``--big`` the
10^6-row benchmark pools of ``bench_commands.py`` (if already written).  Exit status 1
when any output differs (the first differing line is printed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))

from poolcalc.data import example_pool_path, synthetic_pool  # noqa: E402
from poolcalc.io import write_pool  # noqa: E402

TERMS = HERE / "examples" / "terms_problematic.toml"
SYNTH = Path("/tmp/poolcalc_identical/s100000")
BIG = [Path("/tmp/poolcalc_bench_one_pool/p1000000_s1000000"),
       Path("/tmp/poolcalc_bench_one_pool/lic1e6")]


def commands(d: Path) -> list[list[str]]:
    """The commands run on pool directory ``d`` (argv after ``python -m poolcalc``)."""
    return [
        ["royalties", str(d), "--format", "json"],
        ["royalties", str(d), "--format", "csv"],
        ["allocate", str(d), "--format", "json"],
        ["allocate", str(d), "--scheme", "shapley", "--format", "json"],
        ["compare", str(d), "--format", "json"],
        ["check", str(TERMS), "--pool", str(d), "--format", "json"],
    ]


def run(checkout: Path, argv: list[str]) -> tuple[int, bytes, bytes]:
    """Exit code, stdout and the last stderr line of ``python -m poolcalc ARGV``."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    p = subprocess.run([sys.executable, "-m", "poolcalc", "-q", *argv], cwd=checkout,
                       capture_output=True, env=env)
    err = p.stderr.strip().splitlines()
    return p.returncode, p.stdout, err[-1] if err else b""


def first_difference(a: bytes, b: bytes) -> str:
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False)):
        if x != y:
            return f"line {i + 1}: base {x[:200]!r} vs new {y[:200]!r}"
    return f"lengths differ: base {len(la)} lines, new {len(lb)} lines"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, default=Path("/tmp/base"))
    ap.add_argument("--pool", type=Path, action="append", default=[])
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated commands (default all)")
    args = ap.parse_args()
    if not (args.base / "poolcalc" / "__init__.py").exists():
        sys.exit(f"no poolcalc checkout at {args.base} (git worktree add --detach {args.base} "
                 "main)")
    if not (SYNTH / "sales.csv").exists():
        write_pool(synthetic_pool(60, 20_000, 30, rng=7, n_sales=10**5, n_licensees=2_000),
                   SYNTH, overwrite=True)
    pools = [Path(example_pool_path()), SYNTH, *args.pool]
    if args.big:
        pools += [d for d in BIG if (d / "sales.csv").exists()]
    only = {c for c in args.only.split(",") if c}
    bad = 0
    for d in pools:
        for argv in commands(d):
            if only and argv[0] not in only:
                continue
            base, new = run(args.base, argv), run(HERE, argv)
            same = base == new
            label = " ".join(a if a != str(d) else d.name for a in argv)
            print(f"{'same' if same else 'DIFF'}  {label}  ({len(new[1]):,} bytes, exit "
                  f"{new[0]})", flush=True)
            if not same:
                bad += 1
                if base[0] != new[0] or base[2] != new[2]:
                    print(f"    exit {base[0]} vs {new[0]}; stderr {base[2]!r} vs {new[2]!r}")
                if base[1] != new[1]:
                    print("    " + first_difference(base[1], new[1]))
    print(f"{bad} difference(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""poolcalc.sweep without a cluster: the spec reader, the tasks, the serial run, the CLI.

The Dask runs (LocalCluster with 2 worker processes) are in test_sweep_dask.py.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import poolcalc
from poolcalc.cli import main
from poolcalc.compare import METRIC_NAMES, compare
from poolcalc.data import example_pool_path, synthetic_pool
from poolcalc.errors import InvalidInputError
from poolcalc.sweep import (
    COLUMNS,
    read_spec,
    run_sweep,
    spec_from_dict,
    sweep,
)

SPEC = textwrap.dedent("""\
    [pools]
    members = [3, 5]
    patents = [60]
    countries = [3]
    holdings = ["zipf", "uniform"]
    seeds = [1, 2]
    [schemes]
    names = ["per-country-count", "shapley", "equal"]
    [run]
    out = "sweep_out"
    """)


def _write(tmp_path, text, name="spec.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_public_names():
    assert poolcalc.run_sweep is sweep is run_sweep
    assert poolcalc.sweep.sweep is sweep  # poolcalc.sweep is the module


def test_grid_is_every_combination_in_order(tmp_path):
    spec = read_spec(_write(tmp_path, SPEC))
    tasks = spec.tasks()
    # 2 members x 1 patents x 1 countries x 2 holdings x 2 seeds = 8 pools
    assert len(tasks) == 2 * 1 * 1 * 2 * 2
    want = list(itertools.product([3, 5], ["zipf", "uniform"], [1, 2]))
    assert [(t.params["members"], t.params["holdings"], t.seed) for t in tasks] == want
    assert spec.out == str(tmp_path / "sweep_out")  # relative to the spec file
    assert len({t.key for t in tasks}) == len(tasks)
    # the key depends on the task only: the same spec read twice gives the same keys
    assert [t.key for t in read_spec(_write(tmp_path, SPEC)).tasks()] == [t.key for t in tasks]


def test_random_design_draws_from_the_lists():
    spec = spec_from_dict({
        "pools": {"members": [3, 4, 5], "patents": 50, "countries": [2, 3], "seeds": [7, 8],
                  "design": "random", "samples": 5, "design_seed": 3},
        "schemes": {"names": ["equal"]},
    })
    tasks = spec.tasks()
    assert len(tasks) == 5
    for t in tasks:
        assert t.params["members"] in (3, 4, 5) and t.params["countries"] in (2, 3)
        assert t.seed in (7, 8)
    assert [t.key for t in spec.tasks()] == [t.key for t in tasks]  # reproducible
    assert len({t.key for t in tasks}) == 5  # distinct grid points
    # more samples than grid points (3 x 2 x 2 = 12): every point once
    spec = spec_from_dict({
        "pools": {"members": [3, 4, 5], "patents": 50, "countries": [2, 3], "seeds": [7, 8],
                  "design": "random", "samples": 50},
        "schemes": {"names": ["equal"]},
    })
    points = {(t.params["members"], t.params["countries"], t.seed) for t in spec.tasks()}
    assert points == set(itertools.product([3, 4, 5], [2, 3], [7, 8]))


@pytest.mark.parametrize(
    ("line", "replacement", "lineno", "needle"),
    [
        ("members = [3, 5]", "members = [3, 0]", 2, "pools.members: must be >= 1, got [3, 0]"),
        ('holdings = ["zipf", "uniform"]', 'holdings = ["zipf", "pareto"]', 5,
         'pools.holdings: must be one of zipf, lognormal, uniform, got ["zipf", "pareto"]'),
        ("seeds = [1, 2]", 'seeds = ["one"]', 6, 'pools.seeds: must be an integer, got "one"'),
        ('names = ["per-country-count", "shapley", "equal"]', 'names = ["fair"]', 8,
         "schemes.names: unknown scheme 'fair'"),
        ('out = "sweep_out"', "outdir = 1", 10, "run.outdir: unknown key"),
    ],
)
def test_bad_spec_names_file_line_field_value(tmp_path, line, replacement, lineno, needle):
    p = _write(tmp_path, SPEC.replace(line, replacement))
    with pytest.raises(InvalidInputError) as exc:
        read_spec(p)
    assert str(exc.value).startswith(f"{p}:{lineno}: ")
    assert needle in str(exc.value)


def test_bad_spec_other_errors(tmp_path):
    with pytest.raises(InvalidInputError, match="invalid TOML"):
        read_spec(_write(tmp_path, "[pools\n"))
    with pytest.raises(InvalidInputError, match="sweep spec not found"):
        read_spec(tmp_path / "nope.toml")
    with pytest.raises(InvalidInputError, match="synthetic pools need countries"):
        spec_from_dict({"pools": {"members": 3, "patents": 9}, "schemes": {"names": ["equal"]}})
    with pytest.raises(InvalidInputError, match="is not a pool directory"):
        spec_from_dict({"pools": {"dirs": [str(tmp_path)]}, "schemes": {"names": ["equal"]}})
    with pytest.raises(InvalidInputError, match="scheme 'shapley' is not in schemes.names"):
        spec_from_dict({"pools": {"members": 3, "patents": 9, "countries": 1},
                        "schemes": {"names": ["equal"], "options": {"shapley": {}}}})


def test_serial_rows_are_compare_on_the_seeded_pool(tmp_path):
    res = sweep(read_spec(_write(tmp_path, SPEC)), scheduler="serial")
    frame = res.frame
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 8 * 3 and res.ran == 8 and res.skipped == 0 and not res.errors
    # one pool by hand: the row is compare() on synthetic_pool(..., rng=seed)
    pool = synthetic_pool(5, 60, 3, skew="uniform", rng=2)
    cmp = compare(pool, ["per-country-count", "shapley", "equal"], rng=2)
    got = frame[(frame.members == 5) & (frame.holdings == "uniform") & (frame.seed == 2)]
    assert list(got.scheme) == ["per-country-count", "shapley", "equal"]
    for (_, row), s in zip(got.iterrows(), cmp.schemes, strict=True):
        want = cmp.metrics[s].to_dict()
        for m in METRIC_NAMES:
            if want[m] is None:
                assert row[m] != row[m] or row[m] is None, m
            else:
                assert row[m] == want[m], m
    # equal split of 5 members: Gini 0, HHI = 5 * (1/5)^2 = 0.2 (to the cent remainder)
    eq = frame[(frame.scheme == "equal") & (frame.members == 5)]
    assert np.allclose(eq.gini, 0.0, atol=1e-6) and np.allclose(eq.hhi, 0.2, atol=1e-6)
    assert "sweep summary" in str(res) and "per-country-count" in str(res)
    assert res.summary().loc["equal", "pools"] == 4 * 2


def test_failing_task_is_reported_with_its_row_and_others_run(tmp_path):
    res = sweep({"pools": {"members": [3, 50], "patents": 40, "countries": 2},
                 "schemes": {"names": ["equal"]}}, scheduler="serial", out=tmp_path / "o")
    assert len(res.frame) == 1 and res.frame.members.tolist() == [3]
    (err,) = res.errors
    assert err.row["members"] == 50 and err.row["patents"] == 40 and err.row["seed"] == 0
    assert err.error.startswith("InvalidInputError: n_patents must be >= n_members (50)")
    on_disk = json.loads((tmp_path / "o" / "errors.json").read_text())
    assert on_disk[0]["members"] == 50 and on_disk[0]["error"] == err.error
    # a rerun skips the finished task and tries the failed one again
    again = sweep({"pools": {"members": [3, 50], "patents": 40, "countries": 2},
                   "schemes": {"names": ["equal"]}}, scheduler="serial", out=tmp_path / "o")
    assert (again.skipped, again.ran, len(again.errors)) == (1, 1, 1)
    assert again.frame.equals(res.frame)


def test_serial_resume_reads_finished_tasks(tmp_path):
    spec = read_spec(_write(tmp_path, SPEC))
    seen = []

    def stop_after_three(done, total, task, error):
        seen.append(task.key)
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweep(spec, scheduler="serial", progress=stop_after_three)
    assert len(list((tmp_path / "sweep_out").glob("part-*.parquet"))) == 3
    res = sweep(spec, scheduler="serial")
    assert (res.skipped, res.ran) == (3, 5)
    full = sweep(spec, scheduler="serial", out=tmp_path / "fresh")
    assert res.frame.equals(full.frame)
    assert sorted(set(res.frame.task)) == sorted(t.key for t in spec.tasks())


def test_real_pool_directory(tmp_path):
    res = sweep({"pools": {"dirs": [str(example_pool_path())]},
                 "schemes": {"names": ["equal", "patent-count"]},
                 "compare": {"dilution": False, "monotonicity_limit": 0}}, scheduler="serial")
    assert res.frame.pool.tolist() == [str(example_pool_path())] * 2
    assert res.frame.members.tolist() == [25, 25]  # the example pool has 25 licensors
    assert res.frame.holdings.isna().all()


def test_cli_serial_table_json_csv(tmp_path, capsys):
    p = _write(tmp_path, SPEC.replace("members = [3, 5]", "members = [3]")
               .replace("seeds = [1, 2]", "seeds = [1]"))
    assert main(["sweep", str(p), "--scheduler", "serial", "-q"]) == 0
    out = capsys.readouterr().out
    assert "sweep summary" in out and "2 tasks run, 0 already done, 0 failed" in out
    assert main(["sweep", str(p), "--scheduler", "serial", "--format", "json", "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["ran"], doc["skipped"], len(doc["rows"])) == (0, 2, 6)
    assert main(["sweep", str(p), "--scheduler", "serial", "--format", "csv", "-q",
                 "--out", str(tmp_path / "other")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 1 + 6


def test_cli_bad_spec_exits_2_with_one_line(tmp_path, capsys):
    p = _write(tmp_path, SPEC.replace("countries = [3]", "countries = [3.5]"))
    assert main(["sweep", str(p), "--scheduler", "serial"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"poolcalc sweep: {p}:4: pools.countries: must be an integer, got 3.5"


def test_cli_failed_task_exits_1(tmp_path, capsys):
    p = _write(tmp_path, SPEC.replace("patents = [60]", "patents = [4]"))
    assert main(["sweep", str(p), "--scheduler", "serial", "-q"]) == 1
    out = capsys.readouterr().out
    assert "failed: InvalidInputError: n_patents must be >= n_members (5)" in out


def test_missing_dask_gives_the_install_hint(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        sys.modules["dask.distributed"] = None  # as if dask were not installed
        from poolcalc.cli import main
        sys.exit(main(["sweep", {str(_write(tmp_path, SPEC))!r}, "-q"]))
        """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 2
    assert "pip install 'poolcalc[distributed]'" in run.stderr
    assert "Traceback" not in run.stderr

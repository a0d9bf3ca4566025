"""poolcalc.sweep on a real dask.distributed LocalCluster with 2 worker processes.

One cluster for the module (threads_per_worker=1: the machine is small and shared).
A sweep on the cluster equals the serial one row for row and byte for byte; a worker
killed mid-sweep is replaced and an interrupted sweep resumes with every task exactly
once; a task that raises is reported with its spec row while the others complete.
"""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

pytest.importorskip("dask.distributed")  # the distributed extra (in the test extra)
import dask.array as da  # noqa: E402
from dask.distributed import Client, LocalCluster, get_task_stream  # noqa: E402

from poolcalc import pricing  # noqa: E402
from poolcalc.cli import main  # noqa: E402
from poolcalc.sweep import sweep  # noqa: E402

SPEC = {
    "pools": {"members": [4, 6], "patents": [400], "countries": [3],
              "holdings": ["zipf", "uniform"], "seeds": [1, 2, 3]},
    "schemes": {"names": ["per-country-count", "shapley", "equal"]},
    "compare": {"monotonicity_limit": 4},
}
N_TASKS = 2 * 2 * 3


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as c, Client(c) as client:
        yield c, client


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    return sweep(SPEC, scheduler="serial", out=out), out


def _files(out):
    return {p.name: p.read_bytes() for p in sorted(out.glob("part-*.parquet"))}


def test_cluster_sweep_equals_serial_row_for_row(cluster, serial, tmp_path):
    c, client = cluster
    ser, ser_out = serial
    res = sweep(SPEC, client=client, out=tmp_path / "two")
    assert res.dashboard == client.dashboard_link
    assert res.ran == N_TASKS and not res.errors
    assert res.frame.equals(ser.frame)
    assert len(ser.frame) == N_TASKS * 3
    # the Parquet dataset is the same, file for file and byte for byte
    assert _files(tmp_path / "two") == _files(ser_out)


def test_one_worker_and_two_workers_write_identical_parquet(cluster, serial, tmp_path):
    _, ser_out = serial
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as one, Client(one) as client1:
        sweep(SPEC, client=client1, out=tmp_path / "one")
    assert _files(tmp_path / "one") == _files(ser_out)
    assert len(_files(ser_out)) == N_TASKS


def test_existing_scheduler_address(cluster, serial, tmp_path, capsys):
    """``scheduler="tcp://..."`` / ``--scheduler`` connect to a running cluster."""
    c, _ = cluster
    ser, _ = serial
    res = sweep(SPEC, scheduler=c.scheduler_address, out=tmp_path / "addr")
    assert res.frame.equals(ser.frame)
    spec = tmp_path / "spec.toml"
    spec.write_text('[pools]\nmembers = [3]\npatents = [40]\ncountries = [2]\n'
                    '[schemes]\nnames = ["equal", "shapley"]\n[run]\nout = "cli_out"\n',
                    encoding="utf-8")
    assert main(["sweep", str(spec), "--scheduler", c.scheduler_address]) == 0
    captured = capsys.readouterr()
    assert "Dask dashboard http" in captured.err
    assert "poolcalc sweep: 1/1 tasks, 0 failed" in captured.err
    assert "1 tasks run, 0 already done, 0 failed" in captured.out
    assert len(list((tmp_path / "cli_out").glob("part-*.parquet"))) == 1


def test_failing_task_reported_with_its_spec_row(cluster, tmp_path):
    _, client = cluster
    spec = {"pools": {"members": [3, 30, 4], "patents": [20], "countries": [2]},
            "schemes": {"names": ["equal", "shapley"]}}
    res = sweep(spec, client=client, out=tmp_path / "err")
    assert res.frame.members.drop_duplicates().tolist() == [3, 4]  # the others completed
    (err,) = res.errors
    assert (err.row["members"], err.row["patents"], err.row["countries"]) == (30, 20, 2)
    assert "n_patents must be >= n_members (30), got 20" in err.error
    assert (tmp_path / "err" / "errors.json").exists()


def test_killed_worker_then_resume_every_task_exactly_once(cluster, serial, tmp_path):
    _, client = cluster
    ser, ser_out = serial
    out = tmp_path / "killed"
    pids = client.run(os.getpid)  # worker address -> process id
    victim = sorted(pids.values())[0]
    events = []

    def kill_then_interrupt(done, total, task, error):
        events.append(done)
        if done == 2:  # a worker dies while the others' tasks are in flight
            os.kill(victim, signal.SIGKILL)
        if done == 8:  # then the sweep itself is interrupted (Ctrl-C, a lost client)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sweep(SPEC, client=client, out=out, progress=kill_then_interrupt)
    assert len(_files(out)) == 8
    assert not list(out.glob(".*.tmp"))  # only whole files
    # the nanny restarts the killed worker; the rerun resumes from the dataset
    deadline = time.monotonic() + 60
    while len(client.scheduler_info()["workers"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    res = sweep(SPEC, client=client, out=out)
    assert (res.skipped, res.ran) == (8, N_TASKS - 8)
    assert res.frame.task.value_counts().eq(3).all()  # 3 schemes per task, once each
    assert res.frame.task.nunique() == N_TASKS
    assert res.frame.equals(ser.frame)
    assert _files(out) == _files(ser_out)
    assert victim not in client.run(os.getpid).values()  # it really died


def test_pricing_on_the_cluster_equals_in_memory_chunks(cluster):
    """value_patents and monte_carlo on Dask arrays run as tasks on the cluster's workers
    and give the numbers of the in-memory call with the same chunks."""
    _, client = cluster
    rng = np.random.default_rng(5)
    S, K = rng.uniform(50, 150, 60), rng.uniform(50, 150, 60)
    life, vol = rng.uniform(2, 20, 60), rng.uniform(0.2, 0.6, 60)
    with get_task_stream(client) as ts:
        lazy = pricing.value_patents(da.from_array(S, chunks=16), K, life, vol, 0.05,
                                     american=True, steps=100)
        mc = pricing.monte_carlo(da.from_array(S[:12], chunks=4), K[:12], 1.0, 0.05,
                                 vol[:12], paths=1_000, rng=8)
    assert {t["worker"] for t in ts.data} <= set(client.scheduler_info()["workers"])
    assert len(ts.data) >= 4 + 3  # at least one task per chunk ran on the workers
    whole = pricing.value_patents(S, K, life, vol, 0.05, american=True, steps=100)
    for f in ("value", "european", "american"):
        assert np.array_equal(getattr(lazy, f), getattr(whole, f))
    mem = pricing.monte_carlo(S[:12], K[:12], 1.0, 0.05, vol[:12], paths=1_000, rng=8,
                              chunks=4)
    assert np.array_equal(mc.price, mem.price) and np.array_equal(mc.stderr, mem.stderr)

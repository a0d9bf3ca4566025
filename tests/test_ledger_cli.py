"""`poolcalc ledger` as processes, on SQLite and a real PostgreSQL: crashes, races, roles.

The bundled example pool (quarterly by default) is closed by child processes.  A
quarter of it has 102 entries; with ``POOLCALC_LEDGER_BATCH=40`` they are written in
three batches, so a close passes the stages locked, period, inputs, entries-1..3,
closed and committed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
import uuid

import pytest
import sqlalchemy as sa
from ledger_helpers import run_cli

import poolcalc
from poolcalc import ledger

STAGES = ["locked", "period", "inputs", "entries-1", "entries-2", "entries-3", "closed"]


@pytest.fixture
def pool_dir(tmp_path):
    d = tmp_path / "pool"
    shutil.copytree(poolcalc.example_pool_path(), d)
    return d


def _db_args(url):
    return ["--db", url]


def _wait_alone(url, timeout=20.0):
    """Wait until no other session is connected to a PostgreSQL database (a killed
    client's server process ends when it sees the socket closed)."""
    if not url.startswith("postgresql"):
        return
    eng = sa.create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with eng.connect() as c:
                n = c.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                      "current_database() AND pid <> pg_backend_pid()")).scalar()
            if n == 0:
                return
            time.sleep(0.05)
        pytest.fail("a killed close's session is still connected")
    finally:
        eng.dispose()


def _state(url):
    with ledger.open_ledger(url) as db:
        rec = ledger.reconcile(db)
        st = ledger.status(db)
        n = len(ledger.entries(db))
    return rec, st, n


def _close(pool_dir, url, period="2024Q1", env=None, wait=True):
    return run_cli("ledger", "close", str(pool_dir), "--period", period, *_db_args(url),
                   env={"POOLCALC_LEDGER_BATCH": "40", **(env or {})}, wait=wait)


def test_crash_at_every_stage_leaves_all_or_nothing(pool_dir, ledger_url):
    for stage in STAGES:
        r = _close(pool_dir, ledger_url, env={"POOLCALC_LEDGER_HOOK": f"kill:{stage}"})
        assert r.returncode == -signal.SIGKILL, (stage, r.stderr)
        _wait_alone(ledger_url)
        rec, st, n = _state(ledger_url)
        assert rec.ok, (stage, rec.to_dict())
        assert (st.periods, n) == ((), 0), stage  # none of it
    r = _close(pool_dir, ledger_url, env={"POOLCALC_LEDGER_HOOK": "kill:committed"})
    assert r.returncode == -signal.SIGKILL
    _wait_alone(ledger_url)
    rec, st, n = _state(ledger_url)
    assert rec.ok and [p.period for p in st.periods] == ["2024Q1"] and n == 102  # all of it
    again = _close(pool_dir, ledger_url)
    assert again.returncode == 0 and "nothing changed" in again.stdout, again.stderr
    # every cent once: the journal's Q1 invoices are the periods computation's, exactly
    res = poolcalc.period(poolcalc.load_example(), "2024Q1")
    with ledger.open_ledger(ledger_url) as db:
        inv = sum(e.amount_cents for e in ledger.entries(db) if e.kind == "invoice")
    assert inv == sum(i.owed_cents for i in res.invoices) == 977122530


def test_killed_from_outside_while_paused_then_rerun(pool_dir, ledger_url, tmp_path):
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    proc = _close(pool_dir, ledger_url, wait=False, env={
        "POOLCALC_LEDGER_HOOK": "pause:entries-2", "POOLCALC_LEDGER_HOOK_DIR": str(hook_dir)})
    marker = hook_dir / "entries-2.paused"
    deadline = time.monotonic() + 120
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if not marker.exists():
        pytest.fail(f"the close never paused: {proc.communicate()}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    _wait_alone(ledger_url)
    rec, st, n = _state(ledger_url)
    assert rec.ok and st.periods == () and n == 0
    r = _close(pool_dir, ledger_url)
    assert r.returncode == 0 and "102 entries written" in r.stdout, r.stderr
    assert _state(ledger_url)[0].ok


def test_two_concurrent_closes_exactly_one_succeeds(pool_dir, ledger_url, tmp_path):
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    first = _close(pool_dir, ledger_url, wait=False, env={
        "POOLCALC_LEDGER_HOOK": "pause:locked", "POOLCALC_LEDGER_HOOK_DIR": str(hook_dir)})
    deadline = time.monotonic() + 120
    while not (hook_dir / "locked.paused").exists() and time.monotonic() < deadline:
        if first.poll() is not None:
            pytest.fail(f"the first close ended before pausing: {first.communicate()}")
        time.sleep(0.02)
    second = _close(pool_dir, ledger_url)  # while the first holds the lock
    (hook_dir / "locked.go").write_text("")
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0 and "102 entries written" in out, err
    assert second.returncode == 2, second.stderr
    # warnings about the pool itself ("poolcalc ledger: warning: ...") may precede it
    errors = [ln for ln in second.stderr.splitlines() if ": warning: " not in ln]
    assert len(errors) == 1 and "another close of this ledger is in progress" in errors[0]
    assert "Traceback" not in second.stderr
    rec, st, n = _state(ledger_url)
    assert rec.ok and n == 102


def test_two_closes_racing_write_once(pool_dir, ledger_url):
    with ledger.open_ledger(ledger_url):
        pass  # schema created, so both race on the close itself
    procs = [_close(pool_dir, ledger_url, wait=False) for _ in range(2)]
    outs = [(p.wait(120), *p.communicate()) for p in procs]
    written = [o for o in outs if o[0] == 0 and "entries written" in o[1]]
    others = [o for o in outs if o not in written]
    assert len(written) == 1, outs
    assert others[0][0] == 2 and "in progress" in others[0][2] or \
        others[0][0] == 0 and "nothing changed" in others[0][1], outs
    assert _state(ledger_url)[0].ok and _state(ledger_url)[2] == 102


def test_cli_contract(pool_dir, ledger_url, tmp_path):
    db = _db_args(ledger_url)
    for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
        r = run_cli("ledger", "close", str(pool_dir), "--period", q, *db)
        assert r.returncode == 0, r.stderr
    r = run_cli("ledger", "close", str(pool_dir), "--period", "2024", *db)
    assert r.returncode == 2 and "overlaps closed period 2024Q1" in r.stderr
    r = run_cli("ledger", "close", str(pool_dir), "--period", "2024Q9", *db)
    assert r.returncode == 2 and "2024Q9" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("ledger", "status", str(pool_dir), *db, "--format", "json")
    st = json.loads(r.stdout)
    assert [p["period"] for p in st["periods"]] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    assert st["last_close"]["period"] == "2024Q4"
    r = run_cli("ledger", "reconcile", str(pool_dir), *db, "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["balanced"] is True
    r = run_cli("ledger", "statement", str(pool_dir), "M01", "--period", "2024Q4", *db,
                "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["member"] == "M01"
    r = run_cli("ledger", "invoice", str(pool_dir), "L001", "--period", "2024Q1", *db,
                "--format", "json")
    # L001's Q1 invoice: the periods computation's year-to-date royalty at the end of Q1
    q1 = next(i for i in poolcalc.period(poolcalc.load_example(), "2024Q1").invoices
              if i.licensee == "L001")
    assert json.loads(r.stdout)["totals"]["invoice"] == poolcalc._money.format_money(
        q1.owed_cents)
    r = run_cli("ledger", "invoice", str(pool_dir), "L001", "--period", "2023Q1", *db)
    assert r.returncode == 2 and "'2023Q1' is not in the ledger" in r.stderr
    r = run_cli("ledger", "export", str(pool_dir), "--format", "csv", *db)
    assert r.returncode == 0
    assert len(r.stdout.splitlines()) == 1 + sum(p["entries"] for p in st["periods"])
    r = run_cli("ledger", "export", str(pool_dir), "--format", "parquet", *db)
    assert r.returncode == 2 and "--out" in r.stderr


def test_four_quarters_equal_the_annual_run_to_the_cent(pool_dir, ledger_url, tmp_path):
    pool = poolcalc.load_example()
    with ledger.open_ledger(ledger_url) as db:
        for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
            ledger.close(db, pool, q)
        owed: dict[str, int] = {}
        for e in ledger.entries(db):
            if e.licensee and e.kind in ("invoice", "adjustment", "interest"):
                sign = 1 if e.debit == f"licensee:{e.licensee}" else -1
                owed[e.licensee] = owed.get(e.licensee, 0) + sign * e.amount_cents
        assert ledger.reconcile(db).ok
    annual = poolcalc.royalties_owed(pool, 2024)
    assert owed == {i.licensee: i.owed_cents for i in annual.invoices if i.owed_cents or
                    i.licensee in owed}
    assert sum(owed.values()) == annual.total_cents == 3098527788
    # and the annual close of a ledger of yearly periods invoices the same
    with ledger.open_ledger(f"sqlite:///{tmp_path / 'year.db'}") as ydb:
        ledger.close(ydb, pool, "2024")
        year = ledger.balances(ydb)
    assert {k.split(":")[1]: v for k, v in year.items() if k.startswith("licensee:") and v} == \
        {k: v for k, v in owed.items() if v}


def test_sqlite_and_postgresql_give_identical_ledgers(pool_dir, tmp_path, postgres_admin_url):
    from ledger_helpers import fresh_database

    pool = poolcalc.load_example()
    # the example's payments, so that members receive cash (without them nothing is
    # distributed: a credit note set against an unpaid invoice moves no cash)
    admin = poolcalc.io.read_period_inputs(pool_dir, pool)
    exports = []
    gen = fresh_database(postgres_admin_url)
    pg = next(gen)
    try:
        for url in (f"sqlite:///{tmp_path / 'a.db'}", pg):
            with ledger.open_ledger(url) as db:
                for q in ("2024Q1", "2024Q2", "2024Q3", "2024Q4"):
                    ledger.close(db, pool, q, inputs=pool_dir, period_inputs=admin)
                st = ledger.status(db).to_dict()
                for p in st["periods"]:
                    p.pop("closed_at")
                st.pop("last_close")
                exports.append((ledger.export(db, "json"), st, ledger.reconcile(db).to_dict(),
                                ledger.statement(db, "M01", "2024Q4").to_dict(),
                                ledger.invoice(db, "L002", "2024Q3").to_dict()))
    finally:
        next(gen, None)
    assert exports[0] == exports[1]


def test_roles_reader_cannot_write_closer_cannot_alter(pool_dir, pg_ledger_url):
    # roles are PostgreSQL's; SQLite has none (its triggers still hold: tested above)
    ledger_url = pg_ledger_url
    tag = uuid.uuid4().hex[:8]
    reader, closer = f"rd_{tag}", f"cl_{tag}"
    r = run_cli("ledger", "init", str(pool_dir), "--db", ledger_url, "--reader", reader,
                "--closer", closer)
    assert r.returncode == 0 and "read only" in r.stdout, r.stderr
    as_closer = ledger_url.replace("postgres@", f"{closer}@")
    as_reader = ledger_url.replace("postgres@", f"{reader}@")
    r = run_cli("ledger", "close", str(pool_dir), "--period", "2024Q1", "--db", as_closer)
    assert r.returncode == 0, r.stderr
    r = run_cli("ledger", "status", str(pool_dir), "--db", as_reader, "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["periods"][0]["period"] == "2024Q1"
    r = run_cli("ledger", "close", str(pool_dir), "--period", "2024Q2", "--db", as_reader)
    assert r.returncode == 2 and "permission denied" in r.stderr, r.stderr
    eng = sa.create_engine(as_reader)
    try:
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            with eng.begin() as c:
                c.execute(sa.text(
                    "INSERT INTO journal_entries (period, seq, kind, debit, credit, "
                    "amount_cents, currency) VALUES ('2024Q1', 999, 'fee', 'pool:fee', "
                    "'pool:cash', 1, 'USD')"))
    finally:
        eng.dispose()
    eng = sa.create_engine(as_closer)
    try:
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            with eng.begin() as c:
                c.execute(sa.text("UPDATE journal_entries SET amount_cents = 0"))
    finally:
        eng.dispose()
    assert _state(ledger_url)[0].ok


def test_correction_closed_later_leaves_the_original_untouched(pool_dir, ledger_url):
    """The example pool's amended Q1 report of L009 (filed 2024-08-20) and the audit of
    L011's Q2 (closed 2024-09-25) are posted in 2024Q3 as adjustments; Q1 and Q2 stay as
    they were closed, and re-closing them with the amended files changes nothing."""
    db = _db_args(ledger_url)
    assert _close(pool_dir, ledger_url, "2024Q1").returncode == 0
    q1 = run_cli("ledger", "export", str(pool_dir), "--format", "json", *db).stdout
    for q in ("2024Q2", "2024Q3"):
        r = _close(pool_dir, ledger_url, q)
        assert r.returncode == 0, r.stderr
    rows = json.loads(run_cli("ledger", "export", str(pool_dir), "--format", "json",
                              *db).stdout)["entries"]
    assert [r for r in rows if r["period"] == "2024Q1"] == json.loads(q1)["entries"]
    notes = {r["document"]: r for r in rows if r["kind"] == "adjustment"}
    res = poolcalc.period(poolcalc.read_pool(pool_dir), "2024Q3",
                          poolcalc.io.read_period_inputs(pool_dir, poolcalc.read_pool(pool_dir)))
    amended = next(i for i in res.invoices if i.licensee == "L009" and i.amends == "2024Q1")
    audit = next(i for i in res.invoices if i.licensee == "L011" and i.amends == "2024Q2")
    for inv in (amended, audit):
        row = notes[inv.number]
        assert row["period"] == "2024Q3" and row["ref_period"] == inv.amends
        assert row["amount_cents"] == abs(inv.owed_cents) > 0
    for q in ("2024Q1", "2024Q2"):
        r = _close(pool_dir, ledger_url, q)
        assert r.returncode == 0 and "nothing changed" in r.stdout, r.stderr
    r = run_cli("ledger", "reconcile", str(pool_dir), *db)
    assert r.returncode == 0 and "adjustments" in r.stdout

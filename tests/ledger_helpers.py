"""PostgreSQL for the ledger tests: CI's server, or a private one started here.

``POOLCALC_TEST_POSTGRES`` set (CI, ``.ci/run``): that server is used, and a test that
needs it FAILS when it cannot be reached.  Unset: a private server is started with
Debian's ``initdb``/``pg_ctl`` (as user ``postgres`` when run as root) in a temporary
directory on a free port, stopped at the end of the session; FAIL if it cannot start.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ENV = "POOLCALC_TEST_POSTGRES"
ROOT = Path(__file__).resolve().parents[1]


def _pgbin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        pytest.fail("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/pg_ctl): "
                    "apt-get install postgresql, or set POOLCALC_TEST_POSTGRES")
    return found[-1].parent


def _free_port(preferred: int = 54331) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


def _as_postgres(args: list[str]) -> list[str]:
    return (["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args)


def _check(url: str) -> None:
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    try:
        with eng.connect() as c:
            c.execute(sa.text("select 1"))
    except Exception as exc:  # noqa: BLE001 - reported as a failure, never a skip
        pytest.fail(f"PostgreSQL at {url} is unreachable: {exc}")
    finally:
        eng.dispose()


def postgres_server() -> Iterator[str]:
    """Yield an admin URL (``postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``)."""
    url = os.environ.get(ENV)
    if url:
        _check(url)
        yield url
        return
    pgbin = _pgbin()
    data = Path(tempfile.mkdtemp(prefix="poolcalc-test-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = _free_port()
    log = data / "server.log"
    try:
        subprocess.run(_as_postgres([str(pgbin / "initdb"), "-D", str(data / "db"), "-U",
                                     "postgres", "-A", "trust", "--no-sync"]),
                       check=True, capture_output=True)
        subprocess.run(_as_postgres([str(pgbin / "pg_ctl"), "-D", str(data / "db"), "-l",
                                     str(log), "-w", "-o",
                                     f"-p {port} -k {data} -c listen_addresses=127.0.0.1 "
                                     "-c fsync=off", "start"]),
                       check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        text = log.read_text() if log.exists() else ""
        shutil.rmtree(data, ignore_errors=True)
        pytest.fail(f"could not start a private PostgreSQL: {exc} {detail!r} {text}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    try:
        _check(url)
        yield url
    finally:
        subprocess.run(_as_postgres([str(pgbin / "pg_ctl"), "-D", str(data / "db"), "-m",
                                     "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


def fresh_database(admin_url: str) -> Iterator[str]:
    """Create an empty database on the server, yield its URL, drop it afterwards."""
    import sqlalchemy as sa

    name = f"poolcalc_t_{uuid.uuid4().hex[:12]}"
    eng = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with eng.connect() as c:
            c.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        eng.dispose()


def run_cli(*args: str, env: dict[str, str] | None = None, wait: bool = True,
            ) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """Run ``python -m poolcalc ARGS`` in a child process with this checkout on the path."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    cmd = [sys.executable, "-m", "poolcalc", *args]
    if wait:
        return subprocess.run(cmd, env=full, capture_output=True, text=True, timeout=300)
    return subprocess.Popen(cmd, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)

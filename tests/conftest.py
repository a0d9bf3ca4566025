"""Shared test configuration: a deterministic Hypothesis profile for CI."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# --- the ledger's databases: SQLite files and a real PostgreSQL server -----------------------
import pytest  # noqa: E402
from ledger_helpers import fresh_database, postgres_server  # noqa: E402


@pytest.fixture(scope="session")
def postgres_admin_url():
    """CI's PostgreSQL (POOLCALC_TEST_POSTGRES) or a private server for this session."""
    yield from postgres_server()


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    """An empty ledger database: a SQLite file, or a new database on the server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pool.db'}"
        return
    yield from fresh_database(request.getfixturevalue("postgres_admin_url"))

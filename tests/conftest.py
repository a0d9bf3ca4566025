"""Shared test configuration: the deterministic Hypothesis profile is the default.

Every run of ``python -m pytest`` (the README's test command, CI, a developer's
shell) draws the same examples (``derandomize``, no example database), so a result
is reproducible and a red run is red for everyone.  ``HYPOTHESIS_PROFILE=explore``
draws fresh random examples (more of them) to look for new failures; ``ci`` is kept
as another name of the default.
"""

import os

from hypothesis import HealthCheck, settings

_DETERMINISTIC = dict(
    derandomize=True, database=None, deadline=None, max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("deterministic", **_DETERMINISTIC)
settings.register_profile("ci", **_DETERMINISTIC)
settings.register_profile("explore", deadline=None, max_examples=100)
settings.register_profile("dev", deadline=None, max_examples=100)  # old name of explore
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


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


@pytest.fixture
def pg_ledger_url(postgres_admin_url):
    """An empty ledger database on the PostgreSQL server (roles exist only there)."""
    yield from fresh_database(postgres_admin_url)


# --- the allocation scheme registry: every test starts and ends with the built-ins ------------
from poolcalc.allocation import SCHEMES, register_scheme, unregister_scheme  # noqa: E402
from poolcalc.allocation.schemes import BUILTIN_SCHEMES  # noqa: E402


def _reset_schemes() -> None:
    """Put the registry back to the built-in schemes, in their order (plug-ins removed,
    a built-in a test replaced or unregistered restored)."""
    if list(SCHEMES.values()) == list(BUILTIN_SCHEMES):
        return
    for name in list(SCHEMES):
        unregister_scheme(name)
    for s in BUILTIN_SCHEMES:
        register_scheme(s)


@pytest.fixture(autouse=True)
def _builtin_schemes_only():
    """Plug-in schemes registered by a test (or by a test module at import, e.g.
    ``tests/sqrt_scheme_plugin.py``) are unregistered around every test, so no test
    depends on the order the files run in (``test_schemes_registry_complete``)."""
    _reset_schemes()
    yield
    _reset_schemes()

"""Run the shipped Alembic migrations programmatically (no ``alembic.ini``, no ``env.py``).

:func:`upgrade` brings a database to the latest revision inside the caller's
connection; :func:`current_revision` reads ``alembic_version``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

__all__ = ["MIGRATIONS", "current_revision", "upgrade"]

#: Directory of the migration scripts inside the package.
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _script() -> tuple[Config, ScriptDirectory]:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg, ScriptDirectory.from_config(cfg)


def current_revision(conn: sa.Connection) -> str | None:
    """Return the schema revision of the database behind ``conn`` (None: empty)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: sa.Connection, target: str = "head") -> str | None:
    """Apply every migration up to ``target`` on ``conn``; return the new revision.

    Parameters
    ----------
    conn : sqlalchemy.Connection
        A connection; the migrations run in its transaction (the caller commits).
    target : str
        Revision to reach (default the latest, ``"head"``).
    """
    cfg, script = _script()

    def _upgrade(rev: Any, context: Any) -> Any:
        return script._upgrade_revs(target, rev)

    with EnvironmentContext(cfg, script, fn=_upgrade) as env:
        env.configure(connection=conn, transactional_ddl=True)
        env.run_migrations()
    return current_revision(conn)

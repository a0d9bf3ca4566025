"""Who may do what (PostgreSQL): a role that closes periods and a read-only role.

:func:`init` brings the schema to the latest revision and, on PostgreSQL, creates two
group roles (``NOLOGIN``) and grants:

- ``poolcalc_ledger_closer``: ``SELECT`` and ``INSERT`` on the three tables and
  ``UPDATE`` on ``ledger_periods`` (an open period's row is turned closed); no
  ``UPDATE``/``DELETE`` on entries or inputs, and the triggers refuse them to everyone;
- ``poolcalc_ledger_reader``: ``SELECT`` only (statements, exports, reconcile).

Login roles named by the caller are created if missing and made members.  SQLite has
no roles: whoever can write the file can write the ledger, and the triggers still keep
closed periods as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from poolcalc.errors import InvalidInputError
from poolcalc.ledger._db import Ledger, check_ledger
from poolcalc.ledger._migrate import current_revision

__all__ = ["CLOSER", "READER", "init"]

CLOSER = "poolcalc_ledger_closer"
READER = "poolcalc_ledger_reader"
_TABLES = ("journal_entries", "ledger_inputs", "ledger_periods", "alembic_version")
_NAME_OK = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def _ident(name: str) -> str:
    if not name or not set(name) <= _NAME_OK or name[0].isdigit():
        raise InvalidInputError(f"role name must be lower-case letters, digits and _, "
                                f"got {name!r}")
    return name


def _ensure_role(conn: sa.Connection, name: str, login: bool) -> None:
    conn.execute(sa.text(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN "
        f"CREATE ROLE {name} {'LOGIN' if login else 'NOLOGIN'}; END IF; END $$"))


def init(ledger: Ledger, *, closers: Sequence[str] = (), readers: Sequence[str] = ()) -> str:
    """Create the schema (and on PostgreSQL the roles); return a one-line summary.

    Parameters
    ----------
    ledger : Ledger
        An open ledger (opening it already ran the migrations).
    closers, readers : sequence of str
        Login roles to create if missing and to make members of the closer or the
        read-only role (PostgreSQL only).

    Returns
    -------
    str
        One line: the schema revision and the roles.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> with ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db") as db:
    ...     print(ledger.init(db))
    ledger ready at schema revision 0001 (SQLite: no roles)
    """
    check_ledger(ledger, "init: ledger")
    with ledger.engine.connect() as conn:
        rev = current_revision(conn)
    if ledger.dialect != "postgresql":
        if closers or readers:
            raise InvalidInputError("--closer/--reader: roles exist on PostgreSQL only; "
                                    "this ledger is SQLite")
        return f"ledger ready at schema revision {rev} (SQLite: no roles)"
    closers = [_ident(c) for c in closers]
    readers = [_ident(r) for r in readers]
    with ledger.engine.begin() as conn:
        for role in (CLOSER, READER):
            _ensure_role(conn, role, login=False)
        tables = ", ".join(_TABLES)
        conn.execute(sa.text(f"REVOKE ALL ON {tables} FROM PUBLIC"))
        conn.execute(sa.text(f"REVOKE ALL ON {tables} FROM {CLOSER}, {READER}"))
        conn.execute(sa.text(f"GRANT SELECT ON {tables} TO {CLOSER}, {READER}"))
        conn.execute(sa.text(
            f"GRANT INSERT ON journal_entries, ledger_inputs, ledger_periods TO {CLOSER}"))
        conn.execute(sa.text(f"GRANT UPDATE (state, closed_at) ON ledger_periods TO {CLOSER}"))
        db = conn.execute(sa.text("SELECT current_database()")).scalar()
        schema = conn.execute(sa.text("SELECT current_schema()")).scalar()
        conn.execute(sa.text(f'GRANT CONNECT ON DATABASE "{db}" TO {CLOSER}, {READER}'))
        conn.execute(sa.text(f"GRANT USAGE ON SCHEMA {schema} TO {CLOSER}, {READER}"))
        for name in closers:
            _ensure_role(conn, name, login=True)
            conn.execute(sa.text(f"GRANT {CLOSER} TO {name}"))
        for name in readers:
            _ensure_role(conn, name, login=True)
            conn.execute(sa.text(f"GRANT {READER} TO {name}"))
    who = "".join(f", closer {c}" for c in closers) + "".join(f", reader {r}" for r in readers)
    return (f"ledger ready at schema revision {rev}; roles {CLOSER} (close) and "
            f"{READER} (read only){who}")

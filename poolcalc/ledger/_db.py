"""Opening a ledger: the database URL, the engine, the schema brought up to date.

SQLite is the embedded default (``sqlite:///DIR/pool.db``, created on first use; WAL
journal, foreign keys on, transactions begun by poolcalc itself so a close can take the
write lock at its start with ``BEGIN IMMEDIATE``).  PostgreSQL is reached by URL;
``postgresql://`` URLs use the psycopg (version 3) driver.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa

from poolcalc.errors import InvalidInputError, PoolcalcError
from poolcalc.ledger._migrate import current_revision, upgrade
from poolcalc.ledger._schema import HEAD

__all__ = ["DB_FILE", "LedgerDatabaseError", "Ledger", "database_errors", "default_url",
           "open_ledger"]

#: File name of the embedded SQLite ledger next to the pool.
DB_FILE = "pool.db"

#: Key of the PostgreSQL advisory locks taken by a close and by a migration.
PG_LOCK_CLOSE = 0x706F6F6C_6C656467 & 0x7FFFFFFFFFFFFFFF  # "poolledg"
PG_LOCK_MIGRATE = PG_LOCK_CLOSE - 1

#: How long an ordinary SQLite transaction waits for another writer [ms].
SQLITE_BUSY_MS = 10_000


class LedgerDatabaseError(PoolcalcError):
    """The database refused an operation (a permission, a trigger, a constraint)."""


def _first_line(exc: sa.exc.DBAPIError) -> str:
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextlib.contextmanager
def database_errors(what: str) -> Iterator[None]:
    """Turn a database's refusal inside the block into one :class:`LedgerDatabaseError`.

    The message names ``what`` was being done and the database's first line, e.g.
    ``closing 2024Q2: the database refused it: permission denied for table ...``.

    Parameters
    ----------
    what : str
        What the block does, for the message.

    Returns
    -------
    contextlib.AbstractContextManager

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> db = ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db")
    >>> es = [ledger.Entry("invoice", "licensee:L1", "pool:distributable", 1000, "USD"),
    ...       ledger.Entry("distribution", "pool:distributable", "member:M1", 1000, "USD")]
    >>> _ = ledger.close_entries(db, "2024Q1", es, currency="USD")
    >>> import sqlalchemy as sa
    >>> try:
    ...     with ledger.database_errors("tampering"), db.engine.begin() as c:
    ...         _ = c.execute(sa.text("DELETE FROM journal_entries"))
    ... except ledger.LedgerDatabaseError as exc:
    ...     print(str(exc)[:60])
    tampering: the database refused it: poolcalc ledger: the jou
    """
    try:
        yield
    except sa.exc.DBAPIError as exc:
        raise LedgerDatabaseError(f"{what}: the database refused it: {_first_line(exc)}; "
                                  "nothing written") from None


def default_url(pool_dir: str | os.PathLike[str]) -> str:
    """Return ``sqlite:///DIR/pool.db`` (absolute) for a pool directory.

    Parameters
    ----------
    pool_dir : path
        Pool directory (for a workbook ``X.xlsx``: its directory).

    Returns
    -------
    str

    Examples
    --------
    >>> from poolcalc.ledger import default_url
    >>> default_url("/srv/pool")
    'sqlite:////srv/pool/pool.db'
    """
    check_path(pool_dir, "default_url: pool_dir")
    path = Path(pool_dir)
    if path.suffix.lower() == ".xlsx":
        path = path.parent
    return f"sqlite:///{(path / DB_FILE).resolve()}"


def _normalise(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_setup(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # poolcalc emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        opts = conn.get_execution_options()
        conn.exec_driver_sql(f"PRAGMA busy_timeout={opts.get('sqlite_busy_ms', SQLITE_BUSY_MS)}")
        conn.exec_driver_sql(opts.get("sqlite_begin", "BEGIN"))


@attrs.frozen
class Ledger:
    """An open ledger: the URL and the SQLAlchemy engine behind it.

    Use as a context manager (or call :meth:`dispose`) to release the connections.

    Attributes
    ----------
    url : str
        Database URL (password hidden in ``repr``).
    engine : sqlalchemy.Engine
    """

    url: str = attrs.field(repr=False)
    engine: sa.Engine = attrs.field(repr=False)

    @property
    def dialect(self) -> str:
        """Return ``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def write(self) -> sa.Connection:
        """Return a connection whose next ``begin()`` takes the write lock at once.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE`` and does not wait for
        another writer (busy timeout 0), so a concurrent close fails at its start.
        """
        conn = self.engine.connect()
        if self.dialect == "sqlite":
            conn.execution_options(sqlite_begin="BEGIN IMMEDIATE", sqlite_busy_ms=0)
        return conn

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    def __repr__(self) -> str:
        return f"Ledger({self.engine.url.render_as_string(hide_password=True)!r})"


def open_ledger(db: str | None = None, *, pool_dir: str | os.PathLike[str] | None = None,
                migrate: bool = True, create: bool = True) -> Ledger:
    """Open (and on first use create) a ledger.

    Parameters
    ----------
    db : str, optional
        SQLAlchemy URL: ``sqlite:///path/pool.db`` or ``postgresql://user@host:port/db``.
        Default: ``sqlite:///POOL_DIR/pool.db``.
    pool_dir : path, optional
        The pool directory (for the default URL).
    migrate : bool
        Bring the schema to the latest revision (the Alembic migrations shipped in
        :mod:`poolcalc.ledger.migrations`); otherwise refuse a database that is not at it.
    create : bool
        Create a missing SQLite file (False: refuse, for the commands that only read).

    Returns
    -------
    Ledger

    Raises
    ------
    InvalidInputError
        No URL and no pool directory, an unknown URL scheme, a database that cannot be
        reached, or a schema at another revision with ``migrate=False``.

    Examples
    --------
    >>> import tempfile
    >>> from poolcalc import ledger
    >>> with ledger.open_ledger(f"sqlite:///{tempfile.mkdtemp()}/pool.db") as db:
    ...     print(db.dialect, ledger.reconcile(db).checks[0].detail)
    sqlite revision 0001 (latest 0001)
    """
    if db is None:
        if pool_dir is None:
            raise InvalidInputError("--db: give a database URL or a pool directory")
        db = default_url(pool_dir)
    url = _normalise(db)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise InvalidInputError(f"--db: not a usable database URL, got {db!r} ({exc})") from None
    if engine.dialect.name not in ("sqlite", "postgresql"):
        raise InvalidInputError(f"--db: the ledger runs on sqlite or postgresql, got {db!r}")
    if engine.dialect.name == "sqlite":
        dbfile = engine.url.database
        if dbfile and dbfile != ":memory:" and not Path(dbfile).parent.is_dir():
            raise InvalidInputError(f"--db: directory of {dbfile!r} does not exist")
        if dbfile and dbfile != ":memory:" and not create and not Path(dbfile).exists():
            raise InvalidInputError(f"--db: no ledger at {dbfile} yet (it is created by "
                                    "`poolcalc ledger init` or the first `ledger close`)")
        _sqlite_setup(engine)
    ledger = Ledger(url, engine)
    try:
        with ledger.engine.connect() as conn:  # a read first: no lock when up to date
            rev = current_revision(conn)
        if rev != HEAD:
            if not migrate:
                engine.dispose()
                raise InvalidInputError(
                    f"--db {ledger!r}: schema revision {rev}, this poolcalc needs "
                    f"{HEAD}; run `poolcalc ledger init`")
            with ledger.engine.connect() as conn:
                if engine.dialect.name == "sqlite":
                    conn.execution_options(sqlite_begin="BEGIN IMMEDIATE")
                with conn.begin():
                    if engine.dialect.name == "postgresql":
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"),
                                     {"k": PG_LOCK_MIGRATE})
                    if current_revision(conn) != HEAD:  # another process may have done it
                        upgrade(conn)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
        engine.dispose()
        raise InvalidInputError(f"--db {ledger!r}: cannot open the ledger: "
                                f"{_first_line(exc)}") from None
    return ledger


def check_ledger(ledger: object, where: str) -> Ledger:
    """Return ``ledger`` if it is a :class:`Ledger`, else raise naming ``where``."""
    if not isinstance(ledger, Ledger):
        raise InvalidInputError(
            f"{where} must be a Ledger (from poolcalc.ledger.open_ledger), got "
            f"{type(ledger).__name__}")
    return ledger


def check_text(value: object, where: str) -> str:
    """Return ``value`` if it is a string (a period label, a party id), else raise."""
    if not isinstance(value, str):
        raise InvalidInputError(f"{where} must be a string, got {value!r:.60}")
    return value


def check_path(value: object, where: str) -> str | os.PathLike[str]:
    """Return ``value`` if it is a path (a string or an ``os.PathLike``), else raise."""
    if not isinstance(value, str | os.PathLike):
        raise InvalidInputError(f"{where} must be a path, got {value!r:.60}")
    return value

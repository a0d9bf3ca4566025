"""The pool's ledger in a database: an append-only journal, closed periods immutable.

Every invoice, payment, withholding-tax credit, fee, reserve, distribution, netting,
FX difference and adjustment is a journal :class:`Entry` (integer minor units, two
accounts, its period, parties and document); balances and statements are derived from
the entries, never stored.  The database is SQLite by default
(``sqlite:///DIR/pool.db``, created on first use) or PostgreSQL by URL, through one
SQLAlchemy Core code path; the schema is versioned by Alembic migrations shipped in
the package and run on first use.  Closed periods are immutable by the database's own
triggers.

- :func:`open_ledger` -- the database (migrated to the latest revision);
- :func:`close` -- compute a period from a pool and close it in one transaction
  (:func:`close_entries` for entries computed elsewhere);
- :func:`status`, :func:`statement`, :func:`invoice`, :func:`reconcile`,
  :func:`export`, :func:`balances`, :func:`entries` -- reading it back;
- :func:`init` -- the schema and, on PostgreSQL, the closer and read-only roles.

Needs the ``ledger`` extra (``pip install 'poolcalc[ledger]'``: SQLAlchemy, Alembic,
psycopg).

Examples
--------
>>> import tempfile, poolcalc
>>> from poolcalc import ledger
>>> tmp = tempfile.mkdtemp()
>>> with ledger.open_ledger(f"sqlite:///{tmp}/pool.db") as db:
...     done = ledger.close(db, poolcalc.load_example(), "2024")
...     again = ledger.close(db, poolcalc.load_example(), "2024")
...     ok = ledger.reconcile(db).ok
>>> done.written, again.written, ok
(True, False, True)
"""

from __future__ import annotations

import importlib.util

_MISSING = [m for m in ("sqlalchemy", "alembic") if importlib.util.find_spec(m) is None]
if _MISSING:  # pragma: no cover - the ledger extra is part of the test extra
    raise ImportError(f"poolcalc.ledger needs {', '.join(_MISSING)}: "
                      "pip install 'poolcalc[ledger]'")

from poolcalc.ledger._api import close  # noqa: E402
from poolcalc.ledger._close import CloseRefusedError, close_entries  # noqa: E402
from poolcalc.ledger._compute import PeriodEntries, period_entries  # noqa: E402
from poolcalc.ledger._db import (  # noqa: E402
    DB_FILE,
    Ledger,
    LedgerDatabaseError,
    database_errors,
    default_url,
    open_ledger,
)
from poolcalc.ledger._entries import KINDS, Entry, digest  # noqa: E402
from poolcalc.ledger._export import EXPORT_FORMATS, export  # noqa: E402
from poolcalc.ledger._inputs import InputFile, hash_inputs  # noqa: E402
from poolcalc.ledger._read import (  # noqa: E402
    balances,
    entries,
    invoice,
    period_bounds,
    reconcile,
    statement,
    status,
)
from poolcalc.ledger._results import (  # noqa: E402
    Check,
    CloseResult,
    LedgerStatus,
    PartyAccount,
    Reconciliation,
)
from poolcalc.ledger._roles import CLOSER, READER, init  # noqa: E402

__all__ = [
    "CLOSER", "DB_FILE", "EXPORT_FORMATS", "KINDS", "READER", "Check", "CloseRefusedError",
    "CloseResult", "Entry", "InputFile", "Ledger", "LedgerDatabaseError", "LedgerStatus",
    "PartyAccount", "PeriodEntries", "Reconciliation", "balances", "close", "close_entries",
    "database_errors", "default_url", "digest", "entries", "export", "hash_inputs", "init",
    "invoice", "open_ledger", "period_bounds", "period_entries", "reconcile", "statement",
    "status",
]

"""The ledger's tables as SQLAlchemy Core objects (what the queries use).

The schema itself is created and versioned by the Alembic migrations in
:mod:`poolcalc.ledger.migrations` (version 1: ``v0001_initial``); these table
objects mirror the latest revision and are checked against the database by the
tests.

- ``ledger_periods``: one row per period, inserted ``open`` and turned ``closed`` in
  the same transaction as its entries; holds the digests of its inputs and entries,
  the poolcalc version, allocation scheme and options of the close.
- ``ledger_inputs``: the files a period was computed from (name, SHA-256, size).
- ``journal_entries``: the append-only journal; one row moves ``amount_cents`` (integer
  minor units, never negative) from the ``credit`` account to the ``debit`` account.
  Balances are sums over these rows; no total is ever stored.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["ENTRIES", "HEAD", "INPUTS", "METADATA", "PERIODS"]

#: The schema revision this code reads and writes (the latest migration).
HEAD = "0001"

METADATA = sa.MetaData()

PERIODS = sa.Table(
    "ledger_periods",
    METADATA,
    sa.Column("period", sa.String(16), primary_key=True),
    sa.Column("state", sa.String(8), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("minor_units", sa.Integer, nullable=False),
    sa.Column("opened_at", sa.String(32), nullable=False),
    sa.Column("closed_at", sa.String(32)),
    sa.Column("closed_by", sa.String(128)),
    sa.Column("poolcalc_version", sa.String(32), nullable=False),
    sa.Column("scheme", sa.String(64)),
    sa.Column("options", sa.Text, nullable=False),
    sa.Column("inputs_digest", sa.String(64), nullable=False),
    sa.Column("entries_digest", sa.String(64), nullable=False),
    sa.Column("n_entries", sa.Integer, nullable=False),
)

INPUTS = sa.Table(
    "ledger_inputs",
    METADATA,
    sa.Column("period", sa.String(16), sa.ForeignKey("ledger_periods.period"),
              primary_key=True),
    sa.Column("name", sa.String(255), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
)

ENTRIES = sa.Table(
    "journal_entries",
    METADATA,
    sa.Column("period", sa.String(16), sa.ForeignKey("ledger_periods.period"),
              primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("debit", sa.String(96), nullable=False),
    sa.Column("credit", sa.String(96), nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("licensee", sa.String(64)),
    sa.Column("member", sa.String(64)),
    sa.Column("document", sa.String(96)),
    sa.Column("ref_period", sa.String(128)),
    sa.Column("memo", sa.Text),
)

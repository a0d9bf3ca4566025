"""Ledger schema version 1: periods, inputs (provenance) and the journal of entries.

Closed periods are immutable in the database itself: triggers on SQLite and on
PostgreSQL refuse every UPDATE and DELETE of a journal entry or an input row, every
INSERT into a closed period, and any change to a closed period's row (PostgreSQL also
refuses TRUNCATE).  The code of poolcalc never relies on being the only writer.

Revision ID: 0001
Revises: None
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: Kinds of journal entry (the periods computation produces each of them).
KINDS = ("invoice", "payment", "withholding", "interest", "credit", "fee", "reserve",
         "distribution", "tax_credit", "netting", "adjustment", "fx_difference")

_REFUSED = "poolcalc ledger: the journal is append-only and closed periods are immutable"

_SQLITE = [
    # entries and inputs: never updated, never deleted, nothing added to a closed period
    """CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t}
       BEGIN SELECT RAISE(ABORT, '{msg}: UPDATE on {t} refused'); END""",
    """CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t}
       BEGIN SELECT RAISE(ABORT, '{msg}: DELETE on {t} refused'); END""",
    """CREATE TRIGGER {t}_closed_insert BEFORE INSERT ON {t}
       WHEN (SELECT state FROM ledger_periods WHERE period = NEW.period) = 'closed'
       BEGIN SELECT RAISE(ABORT, '{msg}: INSERT into a closed period refused'); END""",
]
_SQLITE_PERIODS = [
    """CREATE TRIGGER ledger_periods_closed_update BEFORE UPDATE ON ledger_periods
       WHEN OLD.state = 'closed'
       BEGIN SELECT RAISE(ABORT, '{msg}: UPDATE of a closed period refused'); END""",
    """CREATE TRIGGER ledger_periods_closed_delete BEFORE DELETE ON ledger_periods
       WHEN OLD.state = 'closed'
       BEGIN SELECT RAISE(ABORT, '{msg}: DELETE of a closed period refused'); END""",
    """CREATE TRIGGER ledger_periods_born_closed BEFORE INSERT ON ledger_periods
       WHEN NEW.state = 'closed'
       BEGIN SELECT RAISE(ABORT, '{msg}: a period is inserted open, then closed'); END""",
]

_PG_FUNCTIONS = [
    f"""CREATE FUNCTION poolcalc_ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '{_REFUSED}: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    f"""CREATE FUNCTION poolcalc_ledger_refuse_closed_insert() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT state FROM ledger_periods WHERE period = NEW.period) = 'closed' THEN
        RAISE EXCEPTION '{_REFUSED}: INSERT into closed period % refused', NEW.period
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$""",
    f"""CREATE FUNCTION poolcalc_ledger_guard_period() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.state = 'closed' THEN
          RAISE EXCEPTION '{_REFUSED}: a period is inserted open, then closed'
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END IF;
      IF OLD.state = 'closed' THEN
        RAISE EXCEPTION '{_REFUSED}: % of closed period % refused', TG_OP, OLD.period
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
]
_PG_TRIGGERS = [
    """CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t}
       FOR EACH ROW EXECUTE FUNCTION poolcalc_ledger_refuse()""",
    """CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t}
       FOR EACH STATEMENT EXECUTE FUNCTION poolcalc_ledger_refuse()""",
    """CREATE TRIGGER {t}_closed_insert BEFORE INSERT ON {t}
       FOR EACH ROW EXECUTE FUNCTION poolcalc_ledger_refuse_closed_insert()""",
]
_PG_PERIODS = [
    """CREATE TRIGGER ledger_periods_guard BEFORE INSERT OR UPDATE OR DELETE ON ledger_periods
       FOR EACH ROW EXECUTE FUNCTION poolcalc_ledger_guard_period()""",
    """CREATE TRIGGER ledger_periods_no_truncate BEFORE TRUNCATE ON ledger_periods
       FOR EACH STATEMENT EXECUTE FUNCTION poolcalc_ledger_refuse()""",
]


def upgrade() -> None:
    """Create the three tables and the triggers that make closed periods immutable."""
    op.create_table(
        "ledger_periods",
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
        sa.CheckConstraint("state IN ('open', 'closed')", name="ck_ledger_periods_state"),
        sa.CheckConstraint("n_entries >= 0", name="ck_ledger_periods_n"),
    )
    op.create_table(
        "ledger_inputs",
        sa.Column("period", sa.String(16), sa.ForeignKey("ledger_periods.period"),
                  primary_key=True),
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "journal_entries",
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
        sa.CheckConstraint("amount_cents >= 0", name="ck_journal_amount"),
        sa.CheckConstraint("debit <> credit", name="ck_journal_accounts"),
        sa.CheckConstraint("seq >= 0", name="ck_journal_seq"),
        sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")",
                           name="ck_journal_kind"),
    )
    op.create_index("ix_journal_entries_licensee", "journal_entries", ["licensee"])
    op.create_index("ix_journal_entries_member", "journal_entries", ["member"])
    if op.get_bind().dialect.name == "postgresql":
        for sql in _PG_FUNCTIONS:
            op.execute(sql)
        for t in ("journal_entries", "ledger_inputs"):
            for sql in _PG_TRIGGERS:
                op.execute(sql.format(t=t))
        for sql in _PG_PERIODS:
            op.execute(sql)
    else:
        for t in ("journal_entries", "ledger_inputs"):
            for sql in _SQLITE:
                op.execute(sql.format(t=t, msg=_REFUSED))
        for sql in _SQLITE_PERIODS:
            op.execute(sql.format(msg=_REFUSED))


def downgrade() -> None:
    """Drop everything version 1 created (only an empty ledger should be downgraded)."""
    for t in ("journal_entries", "ledger_inputs", "ledger_periods"):
        op.drop_table(t)
    if op.get_bind().dialect.name == "postgresql":
        for f in ("poolcalc_ledger_refuse", "poolcalc_ledger_refuse_closed_insert",
                  "poolcalc_ledger_guard_period"):
            op.execute(f"DROP FUNCTION IF EXISTS {f}()")

"""The ledger on SQLite and on a real PostgreSQL server (every test runs on both).

Hand numbers (USD, cents): period 2024Q1 invoices L1 1000.00 and L2 333.33, collected
1333.33; fee 10 % = floor(133333 * 0.10) = 13333 cents = 133.33; distributable
133333 - 13333 = 120000 split 2:1 -> M1 800.00, M2 400.00 (13333 + 80000 + 40000 =
133333).  2024Q2: L1 pays 900.00 net of 100.00 withheld in CN (certificate CN-1).
2024Q3: L2's Q1 report was 33.33 too high: a credit note of 33.33 for 2024Q1, fee
3.33 (floor 3333 * 0.10 = 333) and 30.00 split 2:1 (M1 20.00, M2 10.00) taken back.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from result_contract import check_result

from poolcalc.errors import InvalidInputError
from poolcalc.ledger import (
    CloseRefusedError,
    Entry,
    balances,
    close_entries,
    entries,
    export,
    invoice,
    open_ledger,
    reconcile,
    statement,
    status,
)
from poolcalc.ledger._schema import METADATA

D = "pool:distributable"


def q1() -> list[Entry]:
    return [
        Entry("invoice", "licensee:L1", D, 100000, "USD", licensee="L1", document="INV-Q1-L1"),
        Entry("invoice", "licensee:L2", D, 33333, "USD", licensee="L2", document="INV-Q1-L2"),
        Entry("fee", D, "pool:fee", 13333, "USD"),
        Entry("distribution", D, "member:M1", 80000, "USD", member="M1"),
        Entry("distribution", D, "member:M2", 40000, "USD", member="M2"),
    ]


def q2() -> list[Entry]:
    return [
        Entry("payment", "pool:cash", "licensee:L1", 90000, "USD", licensee="L1",
              document="INV-Q1-L1"),
        Entry("withholding", "pool:tax_withheld", "licensee:L1", 10000, "USD", licensee="L1",
              document="CN-1", memo="CN 10 %"),
    ]


def q3() -> list[Entry]:
    return [
        Entry("adjustment", D, "licensee:L2", 3333, "USD", licensee="L2", document="CN-Q3-L2",
              ref_period="2024Q1"),
        Entry("adjustment", "pool:fee", D, 333, "USD", ref_period="2024Q1"),
        Entry("adjustment", "member:M1", D, 2000, "USD", member="M1", ref_period="2024Q1"),
        Entry("adjustment", "member:M2", D, 1000, "USD", member="M2", ref_period="2024Q1"),
    ]


@pytest.fixture
def db(ledger_url):
    with open_ledger(ledger_url) as ledger:
        yield ledger


def _close(db, period, es):
    return close_entries(db, period, es, currency="USD")


def test_schema_is_the_migration(db):
    insp = sa.inspect(db.engine)
    assert set(METADATA.tables) <= set(insp.get_table_names())
    assert "journal_entries" in insp.get_table_names()
    for name, table in METADATA.tables.items():
        assert [c["name"] for c in insp.get_columns(name)] == [c.name for c in table.columns]
    with db.engine.connect() as c:
        assert c.execute(sa.text("select version_num from alembic_version")).scalar() == "0001"


def test_close_and_read_back_hand_numbers(db):
    res = _close(db, "2024Q1", q1())
    assert res.written and res.n_entries == 5
    check_result(res)
    bal = balances(db)
    assert bal == {"licensee:L1": 100000, "licensee:L2": 33333, "member:M1": -80000,
                   "member:M2": -40000, "pool:fee": -13333, D: 0}
    st = statement(db, "M1", "2024Q1")
    assert st.closing_cents == 80000 and st.to_dict()["closing"] == "800.00"
    check_result(st)
    _close(db, "2024Q2", q2())
    inv = invoice(db, "L1", "2024Q2")
    # opening 1000.00 owed; paid 900.00 cash + 100.00 withheld tax -> 0.00 outstanding
    assert (inv.opening_cents, inv.closing_cents) == (100000, 0)
    assert inv.totals == {"payment": -90000, "withholding": -10000}
    rec = reconcile(db)
    assert rec.ok, rec.to_dict()
    check_result(rec)
    stat = status(db)
    check_result(stat)
    assert [p.period for p in stat.periods] == ["2024Q1", "2024Q2"]
    assert stat.last_close.period == "2024Q2"
    assert stat.to_dict()["balances"]["licensee:L2"] == "333.33"


def test_reclose_same_entries_changes_nothing(db):
    _close(db, "2024Q1", q1())
    again = _close(db, "2024Q1", q1())
    assert not again.written and "nothing changed" in again.message
    assert len(entries(db)) == 5


def test_reclose_changed_entries_is_refused_with_the_difference(db):
    _close(db, "2024Q1", q1())
    changed = q1()
    changed[1] = Entry("invoice", "licensee:L2", D, 43333, "USD", licensee="L2",
                       document="INV-Q1-L2")
    changed[3] = Entry("distribution", D, "member:M1", 90000, "USD", member="M1")
    with pytest.raises(CloseRefusedError, match=r"invoice L2 \(INV-Q1-L2\): closed 333.33, "
                       r"now 433.33.*adjustment"):
        _close(db, "2024Q1", changed)
    assert entries(db, "2024Q1") == q1()


def test_correction_later_leaves_the_original_untouched(db):
    _close(db, "2024Q1", q1())
    before = export(db, "json")
    _close(db, "2024Q2", q2())
    _close(db, "2024Q3", q3())
    assert json.loads(export(db, "json"))["entries"][:5] == json.loads(before)["entries"]
    assert statement(db, "M1", "2024Q1").closing_cents == 80000
    st3 = statement(db, "M1", "2024Q3")
    assert (st3.opening_cents, st3.closing_cents) == (80000, 78000)
    assert [e.kind for e in st3.lines] == ["adjustment"] and st3.lines[0].ref_period == "2024Q1"
    assert balances(db)["licensee:L2"] == 30000  # 333.33 - 33.33
    assert reconcile(db).ok


@pytest.mark.parametrize("sql", [
    "UPDATE journal_entries SET amount_cents = 1 WHERE period = '2024Q1'",
    "DELETE FROM journal_entries WHERE period = '2024Q1'",
    "UPDATE ledger_periods SET n_entries = 4 WHERE period = '2024Q1'",
    "DELETE FROM ledger_periods WHERE period = '2024Q1'",
    "UPDATE ledger_inputs SET sha256 = 'x'",
    "INSERT INTO journal_entries (period, seq, kind, debit, credit, amount_cents, currency) "
    "VALUES ('2024Q1', 5, 'fee', 'pool:fee', 'pool:cash', 1, 'USD')",
    "TRUNCATE journal_entries",
])
def test_database_rejects_changes_to_a_closed_period(db, sql):
    from poolcalc.ledger import InputFile

    close_entries(db, "2024Q1", q1(), currency="USD", inputs=[InputFile("sales.csv", "a" * 64, 1)])
    if sql.startswith("TRUNCATE") and db.dialect == "sqlite":
        sql = "DELETE FROM journal_entries"  # SQLite's TRUNCATE is an unqualified DELETE
    with pytest.raises(sa.exc.DBAPIError, match="append-only|immutable|closed"):
        with db.engine.begin() as c:
            c.execute(sa.text(sql))
    assert entries(db, "2024Q1") == q1()
    assert reconcile(db).ok


def test_not_reconciling_is_refused_and_nothing_written(db):
    bad = q1()[:-1]
    with pytest.raises(CloseRefusedError, match=r"pool:distributable nets to -400.00"):
        _close(db, "2024Q1", bad)
    assert entries(db) == [] and status(db).periods == ()


@pytest.mark.parametrize("entry, match", [
    (Entry("gift", "pool:cash", "member:M1", 1, "USD"), "kind must be one of"),
    (Entry("fee", "pool:cash", "pool:fee", -1, "USD"), "non-negative integer, got -1"),
    (Entry("fee", "pool:cash", "pool:fee", 1.5, "USD"), "non-negative integer, got 1.5"),
    (Entry("fee", "cash", "pool:fee", 1, "USD"), "debit must be an account"),
    (Entry("fee", "pool:fee", "pool:fee", 1, "USD"), "same account"),
    (Entry("fee", "pool:cash", "pool:fee", 1, "EUR"), "currency must be the ledger's USD"),
])
def test_bad_entries_name_the_entry(db, entry, match):
    with pytest.raises(InvalidInputError, match=r"period 2024Q2: entry 0 .*" + match):
        _close(db, "2024Q2", [entry])


def test_reads_of_unknown_things(db):
    _close(db, "2024Q1", q1())
    with pytest.raises(InvalidInputError, match="'2024Q4' is not in the ledger"):
        statement(db, "M1", "2024Q4")
    with pytest.raises(InvalidInputError, match="member 'M9': no entry"):
        statement(db, "M9", "2024Q1")
    with pytest.raises(InvalidInputError, match="expected YYYY"):
        invoice(db, "L1", "2024Q5")


def test_exports_agree(db, tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    _close(db, "2024Q1", q1())
    rows = json.loads(export(db, "json"))["entries"]
    csv_lines = export(db, "csv").splitlines()
    table = pq.read_table(export(db, "parquet", tmp_path / "j.parquet")).to_pylist()
    assert len(rows) == len(csv_lines) - 1 == len(table) == 5
    assert [r["amount_cents"] for r in table] == [r["amount_cents"] for r in rows] == \
        [100000, 33333, 13333, 80000, 40000]
    assert rows[1]["amount"] == "333.33" and ",333.33,33333," in csv_lines[2]


# --- properties: random balanced journals against a plain-Python oracle (SQLite) ----------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ACCOUNTS = ["licensee:L1", "licensee:L2", "member:M1", "member:M2", "pool:cash", "pool:fee", D]
_entry = st.builds(
    lambda kind, pair, cents: Entry(kind, pair[0], pair[1], cents, "USD"),
    st.sampled_from(["invoice", "payment", "fee", "distribution", "adjustment"]),
    st.lists(st.sampled_from(ACCOUNTS), min_size=2, max_size=2, unique=True),
    st.integers(0, 10**12),
)


def _balanced(es):
    """Append one entry so the clearing account nets to zero (the close's rule)."""
    net = sum(e.amount_cents * ((e.debit == D) - (e.credit == D)) for e in es)
    if net > 0:
        es = [*es, Entry("distribution", "member:M1", D, net, "USD")]
    elif net < 0:
        es = [*es, Entry("invoice", D, "licensee:L1", -net, "USD")]
    return es


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_entry, max_size=12), min_size=1, max_size=3))
def test_balances_are_the_sums_of_the_entries(tmp_path_factory, periods):
    url = f"sqlite:///{tmp_path_factory.mktemp('h') / 'pool.db'}"
    oracle: dict[str, int] = {}
    with open_ledger(url) as db:
        for q, es in enumerate(periods, start=1):
            es = _balanced(es)
            assert close_entries(db, f"2024Q{q}", es, currency="USD").written
            assert not close_entries(db, f"2024Q{q}", es, currency="USD").written
            for e in es:
                oracle[e.debit] = oracle.get(e.debit, 0) + e.amount_cents
                oracle[e.credit] = oracle.get(e.credit, 0) - e.amount_cents
        assert balances(db) == dict(sorted(oracle.items()))
        assert sum(balances(db).values()) == 0
        assert reconcile(db).ok
        last = f"2024Q{len(periods)}"
        if "member:M1" in oracle:
            assert statement(db, "M1", last).closing_cents == -oracle["member:M1"]

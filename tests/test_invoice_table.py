"""InvoiceTable (columnar invoices) behaves as the tuple of Invoice objects it replaces."""

import pickle

import numpy as np
import pytest

import poolcalc.model as m
from poolcalc.errors import InvalidInputError
from poolcalc.royalties import Invoice, royalties_owed
from poolcalc.royalties._invoices import InvoiceTable
from poolcalc.royalties._result import invoice_dict
from poolcalc.royalties.stages.due import REASONS


def _table(owed=(900, 0)) -> InvoiceTable:
    # L1: 10 units, 8 bearing, 2 not due (REASONS[1]); gross 1000 - discount 100 = 900.
    # L2: 5 units, none bearing (5 not due, REASONS[2]), nothing owed.
    nd = np.zeros((len(REASONS) - 1, 2), np.int64)
    nd[0, 0] = 2
    nd[1, 1] = 5
    cols = {"units": [10, 5], "royalty_bearing_units": [8, 0], "units_not_due": [2, 5],
            "gross_cents": [1000, 0], "member_cents": [0, 0], "discount_cents": [100, 0],
            "allowance_cents": [0, 0], "cap_cents": [0, 0], "owed_cents": list(owed)}
    return InvoiceTable(["L1", "L2"], ["E1", "L2"], {k: np.array(v) for k, v in cols.items()},
                        nd, 2)


def _by_hand() -> tuple[Invoice, ...]:
    return (
        Invoice("L1", "E1", 10, 8, 2, {REASONS[1]: 2}, gross_cents=1000, discount_cents=100,
                owed_cents=900),
        Invoice("L2", "L2", 5, 0, 5, {REASONS[2]: 5}),
    )


def test_sequence_behaviour_matches_the_tuple():
    t, ref = _table(), _by_hand()
    assert len(t) == 2 and t[0] == ref[0] and t[-1] == ref[1]
    assert t == ref and tuple(t) == ref and list(t) == list(ref)
    assert t[0:1] == ref[:1] and t + () == ref and () + t == ref
    with pytest.raises(IndexError):
        t[2]
    assert pickle.loads(pickle.dumps(t)) == ref
    assert t.dicts(2) == [invoice_dict(inv, 2) for inv in ref]
    assert t.position("L2") == 1 and t.position("nobody") is None
    assert t.not_due_totals() == {REASONS[1]: 2, REASONS[2]: 5}


def test_columns_are_checked_like_an_invoice():
    with pytest.raises(InvalidInputError, match="invoice L1: owed must equal"):
        _table(owed=(901, 0))


def test_report_reads_the_columns():
    pool = m.Pool(
        "AVC", [m.Member("A")], [m.Patent("P1", "A", "US", "2030-01-01")],
        licensees=[m.Licensee("L1"), m.Licensee("L2")],
        sales=[m.SalesRecord("L1", "2012-05-01", "codec", "US", "CN", 6_000_000),
               m.SalesRecord("L2", "2012-06-01", "codec", "US", "CN", 50_000)],
        schedule=m.Schedule(default=m.ProductRate(
            tiers=[(0, 0.0), (100_000, 0.20), (5_000_000, 0.10)])),
    )
    r = royalties_owed(pool)
    assert isinstance(r.invoices, InvoiceTable)
    # L1: 100,000 free, 4,900,000 x $0.20 + 1,000,000 x $0.10 = $1,080,000; L2 under 100,000.
    assert r.invoice("L1").owed_cents == 108_000_000 and r.invoice("L2").owed_cents == 0
    assert r.total_cents == 108_000_000 and r.units == 6_050_000
    assert r.totals()["owed_cents"] == 108_000_000
    with pytest.raises(InvalidInputError, match="no invoice for licensee 'L9'"):
        r.invoice("L9")

"""Shares of paid invoices as columns (poolcalc.periods._shares): the tuple they stand for."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc._format import render_json
from poolcalc.periods._json_columns import shares_records
from poolcalc.periods._shares import Shares, SharesBuilder

INVOICES = ["2024Q3-L001", "2024Q2-L002", "2024Q1-\"L3\"", "2024Q3-L\u00e9"]
MEMBERS = ["M01", "M02", "M\\03"]

triples = st.lists(st.tuples(st.sampled_from(INVOICES), st.sampled_from(MEMBERS),
                             st.integers(-(2**70), 2**70) | st.integers(-500, 500)),
                   max_size=30)


@given(triples)
@settings(max_examples=200, deadline=None)
def test_shares_are_the_tuple_of_their_triples(rows):
    s = Shares.of(rows)
    ref = tuple(rows)
    assert tuple(s) == ref and len(s) == len(ref)
    assert s == ref and s == list(ref) and s == Shares.of(ref)
    assert hash(s) == hash(ref)
    for i in range(-len(ref), len(ref)):
        assert s[i] == ref[i] and type(s[i][2]) is int
    assert s[1:4] == ref[1:4] and s[::-1] == ref[::-1]
    with pytest.raises(IndexError):
        s[len(ref)]
    assert (s == ref[:-1]) == (len(ref) == 0)


@given(st.lists(st.tuples(st.sampled_from(INVOICES), st.lists(
    st.tuples(st.sampled_from(MEMBERS), st.integers(-10**6, 10**6)), min_size=1, max_size=4),
    st.booleans()), unique_by=lambda t: t[0]))
@settings(max_examples=200, deadline=None)
def test_builder_orders_by_invoice_and_keeps_each_invoices_order(invoices):
    """Batches and single shares in any order: by ``order``, each invoice as added."""
    b = SharesBuilder()
    batch = [(n, parts) for n, parts, in_batch in invoices if in_batch]
    for n, parts, in_batch in invoices:
        if not in_batch:
            for m, c in parts:
                b.add(n, m, c)
    if batch:  # one batch: invoice rows, member columns (as the certified splits give)
        nums = [n for n, _ in batch]
        inv = np.array([j for j, (_, parts) in enumerate(batch) for _ in parts])
        mem = np.array([MEMBERS.index(m) for _, parts in batch for m, _ in parts])
        cents = np.array([c for _, parts in batch for _, c in parts], dtype=np.int64)
        b.add_batch(nums, inv, MEMBERS, mem, cents)
    order = sorted(n for n, _, _ in invoices)
    got = b.build(order)
    by = {n: parts for n, parts, _ in invoices}
    assert tuple(got) == tuple((n, m, c) for n in order for m, c in by[n])


def test_shares_json_is_that_of_the_dicts():
    """Escaped labels (quote, backslash, non-ASCII) and amounts beyond int64."""
    rows = [("2024Q1-\"L3\"", "M\\03", 2**65 + 7), ("2024Q3-L\u00e9", "M01", -1),
            ("2024Q3-L\u00e9", "M02", 12345)]
    want = render_json([{"invoice": i, "member": m, "amount": a}
                        for i, m, a in [(rows[0][0], rows[0][1], "368934881474191032.39"),
                                        (rows[1][0], rows[1][1], "-0.01"),
                                        (rows[2][0], rows[2][1], "123.45")]])
    assert render_json(shares_records(Shares.of(rows), 2)) == want
    assert render_json(shares_records(Shares.of(rows[1:]), 2)) == render_json(
        [{"invoice": "2024Q3-L\u00e9", "member": "M01", "amount": "-0.01"},
         {"invoice": "2024Q3-L\u00e9", "member": "M02", "amount": "123.45"}])


def test_empty_shares():
    s = Shares.of(())
    assert s == () and len(s) == 0 and list(s) == [] and hash(s) == hash(())
    assert render_json({"by_invoice": shares_records(s, 2)}) == '{\n  "by_invoice": []\n}\n'

"""A member's period share by country (issue 14): API, JSON, corrections, statements.

Hand-computed references on a three-licensor pool in two countries (US$1.00 a unit):

    DE: A 1 patent, B 2, C 1   (N_DE = 4)
    FR: A 2,        C 3        (N_FR = 5)

2024Q1 sales (all on 1 February): L1 400 units in DE and 500 in FR (invoice 2024Q1-L1 =
900.00), L2 201 in DE and 100 in FR (2024Q1-L2 = 301.00).  Then a Hypothesis property on
small synthetic pools, the bundled pool's JSON and a non-per-country pool.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from netting_helpers import netting_pool

import poolcalc
import poolcalc.model as m
from poolcalc import documents as D
from poolcalc._format import render_json
from poolcalc.data import example_pool_path, synthetic_pool
from poolcalc.io import read_period_inputs
from poolcalc.periods import Amendment, PaymentRecord, PeriodInputs, ReportingTerms, period
from poolcalc.periods._wtable import WeightTable
from poolcalc.tables import country_codes
from tests.documents_helpers import visible_text

_Q1 = [("L1", "DE", 400), ("L1", "FR", 500), ("L2", "DE", 201), ("L2", "FR", 100)]


def _pool(sales=_Q1, licensees=("L1", "L2"), scheme="per-country-count", extra=(), k=3,
          signed="2020-01-01", entry_fee=0.0):
    owners = [("DE", "A"), ("DE", "B"), ("DE", "B"), ("DE", "C"),
              ("FR", "A"), ("FR", "A"), ("FR", "C"), ("FR", "C"), ("FR", "C"), *extra]
    return m.Pool(
        "two countries", [m.Member("A"), m.Member("B"), m.Member("C")],
        [m.Patent(f"{c}{i}", o, c, "2030-01-01") for i, (c, o) in enumerate(owners, 1)],
        licensees=[m.Licensee(x, signed=signed) for x in licensees],
        sales=[m.SalesRecord(lic, "2024-02-01", "codec", c, c, n) for lic, c, n in sales],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)]), entry_fee=entry_fee),
        allocation=m.AllocationConfig(scheme=scheme), currency="USD",
        administration=m.AdministrationPolicy(min_licensees_per_cell=k))


def _lines(res, member):
    return {c.country: c.entitled_cents for c in res.distribution.countries_of(member)}


def _q2_payments():
    # L1 pays 2024Q1-L1 in full, 10 % withheld in DE: 810.00 cash + 90.00 tax;
    # L2 pays half of 2024Q1-L2: 150.50.  Both on 10 May, before the 15 May due date.
    return [PaymentRecord("L1", dt.date(2024, 5, 10), 81000, "USD", "2024Q1-L1", 9000, "DE",
                          "DE-WHT-1", line=2),
            PaymentRecord("L2", dt.date(2024, 5, 10), 15050, "USD", "2024Q1-L2", line=3)]


def test_hand_computed_countries_full_half_and_withheld():
    # 2024Q1-L1 (S = 900.00 settled: cash + tax), weights by country [cents]:
    #   DE 40000 x (1, 2, 1)/4 = A 10000, B 20000, C 10000
    #   FR 50000 x (2, 0, 3)/5 = A 20000,          C 30000
    #   e = A 30000, B 20000, C 40000 (the whole invoice: no rounding).
    # 2024Q1-L2 (S = 150.50, half of 301.00):
    #   DE 20100 -> A 5025, B 10050, C 5025;  FR 10000 -> A 4000, C 6000;  W = 30100
    #   e = 15050 x (9025, 10050, 11025)/30100 = 4512.5, 5025, 5512.5 -> floors 15049,
    #   the cent to the tie's smaller id A: e = A 4513, B 5025, C 5512.
    #   A by country: 4513 x 5025/9025 = 907113/361 = 2512.778, 4513 x 4000/9025 =
    #   722080/361 = 2000.222 -> DE 2513, FR 2000.
    #   C: 5512 x 5025/11025 = 1107912/441 = 2512.272, 5512 x 6000/11025 =
    #   1322880/441 = 2999.728 -> DE 2512, FR 3000.
    # Period: A DE 10000 + 2513 = 12513, FR 20000 + 2000 = 22000 (entitled 34513);
    #         B DE 20000 + 5025 = 25025;  C DE 12512, FR 33000 (entitled 45512);
    #         total 105050 = 81000 + 15050 received + 9000 withheld.
    pool = _pool()
    res = period(pool, "2024Q2", PeriodInputs(reporting=ReportingTerms(),
                                              payments=_q2_payments()), by_country=True)
    assert _lines(res, "A") == {"DE": 12513, "FR": 22000}
    assert _lines(res, "B") == {"DE": 25025}
    assert _lines(res, "C") == {"DE": 12512, "FR": 33000}
    for s in res.distribution.members:
        assert sum(_lines(res, s.member).values()) == s.entitled_cents
    assert {s.member: s.entitled_cents for s in res.distribution.members} == {
        "A": 34513, "B": 25025, "C": 45512}
    assert all(len(c.licensees) == 2 for c in res.distribution.countries)  # L1 and L2
    assert res.by_country().totals() == {"DE": 50050, "FR": 55000}
    doc = json.loads(render_json(res.to_dict()))
    a = {x["member"]: x for x in doc["distribution"]["members"]}["A"]
    assert a["countries"] == [{"country": "DE", "entitled": "125.13", "licensees": 2},
                              {"country": "FR", "entitled": "220.00", "licensees": 2}]
    assert {"member", "entitled", "fee", "reserve", "gross", "tax_credit", "net"} < set(a)
    assert res.notes == ()
    csv = res.by_country().to_csv().splitlines()
    assert csv[0] == "member,country,licensees,entitled USD" and "A,DE,2,125.13" in csv


def test_debit_note_distributed_by_the_original_period_counts():
    # L2's amended 2024Q1 report (filed 20 May): DE 301 units instead of 201 -> debit
    # note 2024Q2-L2-D1 = +100.00, all DE rows of Q1: A 2500, B 5000, C 2500 (1/4, 2/4,
    # 1/4).  L2 pays exactly that note on 10 August (Q3): the Q3 lines are DE only.
    pool = _pool()
    amended = m.sales_table([m.SalesRecord("L2", "2024-02-01", "codec", "DE", "DE", 301),
                             m.SalesRecord("L2", "2024-02-01", "codec", "FR", "FR", 100)],
                            pool.licensees)
    pay = PaymentRecord("L2", dt.date(2024, 8, 10), 10000, "USD", "2024Q2-L2-D1", line=2)
    res = period(pool, "2024Q3", PeriodInputs(
        reporting=ReportingTerms(), payments=[pay],
        amendments=[Amendment("L2", "2024Q1", dt.date(2024, 5, 20), amended)]), by_country=True)
    assert [(c.member, c.country, c.entitled_cents) for c in res.distribution.countries] == [
        ("A", "DE", 2500), ("B", "DE", 5000), ("C", "DE", 2500)]


def test_credit_note_folded_into_an_open_invoice_gives_a_negative_country():
    # Q2 (10 May): L2 pays half of 2024Q1-L2, 150.50 (previous test's split).  Its
    # amended Q1 report (20 May): FR 40 units instead of 100 -> credit note
    # 2024Q2-L2-C1 = -60.00, FR only: A -2400, C -3600 (2/5, 3/5), set against the
    # open 150.50 of 2024Q1-L2: open 90.50, made of 150.50 of the Q1 weights less the note.
    # Q3 (10 August): L2 pays the 90.50.  Exact shares (Q1 part: 15050/30100 of its
    # weights): A DE 2512.5, FR 2000 - 2400 = -400; B DE 5025; C DE 2512.5, FR 3000 -
    # 3600 = -600; members A 2112.5, B 5025, C 1912.5 -> floors 9049, the cent to A:
    # A 2113, B 5025, C 1912.
    # A: gap 0.5 over |q| = 2912.5: DE 2512.5 + 0.5 x 2512.5/2912.5 = 2512.931, FR -400 +
    #    0.5 x 400/2912.5 = -399.931 -> floors 2512 - 400 = 2112, the cent to DE:
    #    DE 2513, FR -400.
    # C: gap -0.5 over 3112.5: DE 2512.5 - 0.403 = 2512.096, FR -600 - 0.096 = -600.096
    #    -> floors 2512 - 601 = 1911, the cent to FR (.904): DE 2512, FR -600.
    pool = _pool()
    amended = m.sales_table([m.SalesRecord("L2", "2024-02-01", "codec", "DE", "DE", 201),
                             m.SalesRecord("L2", "2024-02-01", "codec", "FR", "FR", 40)],
                            pool.licensees)
    pays = [_q2_payments()[1],
            PaymentRecord("L2", dt.date(2024, 8, 10), 9050, "USD", "2024Q1-L2", line=4)]
    res = period(pool, "2024Q3", PeriodInputs(
        reporting=ReportingTerms(), payments=pays,
        amendments=[Amendment("L2", "2024Q1", dt.date(2024, 5, 20), amended)]), by_country=True)
    assert {s.member: s.entitled_cents for s in res.distribution.members} == {
        "A": 2113, "B": 5025, "C": 1912}
    assert _lines(res, "A") == {"DE": 2513, "FR": -400}
    assert _lines(res, "B") == {"DE": 5025}
    assert _lines(res, "C") == {"DE": 2512, "FR": -600}


def test_entry_fee_has_no_country():
    # L1 and L2 sign on 15 January 2024: entry fees 2024Q1-Lk-F = 1,000.00 each, split by
    # the members' patents in force anywhere in Q1 (A 3, B 2, C 4 of 9).  L1 pays its fee
    # on 10 May (Q2): 100000 x 3/9 = 33333.33, x 2/9 = 22222.22, x 4/9 = 44444.44 ->
    # floors 99999, the cent to C (.44): A 33333, B 22222, C 44445, all "not by country".
    pool = _pool(signed="2024-01-15", entry_fee=1000.0)
    pay = PaymentRecord("L1", dt.date(2024, 5, 10), 100000, "USD", "2024Q1-L1-F", line=2)
    res = period(pool, "2024Q2", PeriodInputs(reporting=ReportingTerms(), payments=[pay]),
                 by_country=True)
    assert [(c.member, c.country, c.entitled_cents, c.licensees)
            for c in res.distribution.countries] == [
        ("A", None, 33333, ("L1",)), ("B", None, 22222, ("L1",)), ("C", None, 44445, ("L1",))]
    members = res.to_dict()["distribution"]["members"]
    assert members[0]["countries"] == [{"country": None, "entitled": "333.33", "licensees": 1}]
    st_a = {s.member.id: s for s in D.period_statements(res, pool)}["A"]
    assert [(c.label, c.countries) for c in st_a.cells] == [
        ("other countries", ("not by country",))]  # 1 licensee < 3: merged


def test_netting_offsets_are_in_the_country_lines():
    # tests/test_periods_netting.py's first case: L1 pays 1000.00 in Q2, M2's licensee L2
    # owes 300.00 (2024Q2-L2), settled by offset; all rows in CN, M1 and M2 one patent
    # each: entitled (100000 + 30000) / 2 = 65000 each, all of it in CN (the offset split
    # 15000 / 15000 by 2024Q2-L2's CN rows).
    pay = PaymentRecord("L1", dt.date(2024, 5, 10), 100000, invoice="2024Q1-L1", line=2)
    res = period(netting_pool(300, name="test"), "2024Q2", PeriodInputs(
        reporting=ReportingTerms(netting=True), payments=[pay]), by_country=True)
    assert res.distribution.netting_offsets_cents == 30000
    assert [(c.member, c.country, c.entitled_cents, c.licensees)
            for c in res.distribution.countries] == [("M1", "CN", 65000, ("L1", "L2")),
                                                     ("M2", "CN", 65000, ("L1", "L2"))]


def test_statement_country_cell_and_merged_other_countries():
    # 2024Q1 (US$1.00 a unit): DE 100 units each of L1, L2, L3; FR 50 each of L1, L2; IT
    # 20 of L3 (one IT patent, A's).  Invoices L1 150.00, L2 150.00, L3 120.00, all paid
    # on 10 May.  Cash by country: DE 300.00, FR 100.00, IT 20.00.  A's share: DE 300.00
    # x 1/4 = 75.00, FR 100.00 x 2/5 = 40.00, IT 20.00 x 1/1 = 20.00.
    # Licensees behind each cell: DE {L1, L2, L3}, FR {L1, L2}, IT {L3}.
    # min_licensees_per_cell = 2 (merge_cells, the yearly statement's rule): IT (1) is
    # merged; the merged cell has 1 < 2 licensees, so the kept cell with the fewest
    # licensees joins: FR (2, before DE's 3).  "other countries" = IT + FR: 120.00 in
    # all, A's 20.00 + 40.00 = 60.00; DE stays: 300.00, A's 75.00.
    sales = [("L1", "DE", 100), ("L2", "DE", 100), ("L3", "DE", 100), ("L1", "FR", 50),
             ("L2", "FR", 50), ("L3", "IT", 20)]
    pays = [PaymentRecord(x, dt.date(2024, 5, 10), c, "USD", f"2024Q1-{x}", line=n)
            for n, (x, c) in enumerate((("L1", 15000), ("L2", 15000), ("L3", 12000)), 2)]
    inputs = PeriodInputs(reporting=ReportingTerms(), payments=pays)
    for k, cells in ((1, [("DE", ("DE",), 30000, "75.00"), ("FR", ("FR",), 10000, "40.00"),
                          ("IT", ("IT",), 2000, "20.00")]),
                     (2, [("DE", ("DE",), 30000, "75.00"),
                          ("other countries", ("IT", "FR"), 12000, "60.00")])):
        pool = _pool(sales, licensees=("L1", "L2", "L3"), extra=[("IT", "A")], k=k)
        res = period(pool, "2024Q2", inputs, by_country=True)
        st_a = {s.member.id: s for s in D.period_statements(res, pool)}["A"]
        assert [(c.label, c.countries, c.royalty_cents, c.entitlement)
                for c in st_a.cells] == cells
    text = " ".join(visible_text(st_a.to_html()).split())
    assert "DE 300.00 75.00" in text
    assert "other countries IT, FR 120.00 60.00" in text
    assert "No breakdown by country" not in text
    assert "IT, FR: merged into other countries" in " ".join(st_a.notes)


@settings(max_examples=50, deadline=None)
@given(st.integers(2, 5), st.integers(1, 4), st.integers(3, 8), st.integers(0, 10_000),
       st.lists(st.sampled_from(["full", "half", "tax", "none"]), min_size=1, max_size=12))
def test_property_country_cents_add_up(n_members, n_countries, n_lic, seed, how):
    pool = synthetic_pool(n_members, 6 * n_members * n_countries, n_countries,
                          n_licensees=n_lic, n_sales=20 * n_lic, rng=seed,
                          administrator_fee=0.1)
    # Q1 and Q2 invoices paid in Q3: a Q2 invoice's weights are the difference of two
    # year-to-date views (the certified float path), a Q1 invoice's are one view's (exact)
    bare = PeriodInputs(reporting=ReportingTerms())
    invoices = [i for q in ("2024Q1", "2024Q2") for i in period(pool, q, bare).invoices
                if i.owed_cents > 0]
    pays = []
    for n, inv in enumerate(invoices):
        kind = how[n % len(how)]
        if kind == "none":
            continue
        amount = inv.owed_cents if kind != "half" else inv.owed_cents // 2
        tax = {}
        if kind == "tax":
            tax = dict(withheld_tax_cents=amount // 10, tax_country="CN", certificate=f"C{n}")
            amount -= amount // 10
        pays.append(PaymentRecord(inv.licensee, dt.date(2024, 8, 2), amount,
                                  invoice=inv.number, line=n + 2, **tax))
    res = period(pool, "2024Q3", PeriodInputs(reporting=ReportingTerms(), payments=pays),
                 by_country=True)
    d = res.distribution
    assert d.countries is not None and bool(d.countries) == bool(pays)
    for s in d.members:
        assert sum(c.entitled_cents for c in d.countries_of(s.member)) == s.entitled_cents
    assert sum(c.entitled_cents for c in d.countries) == sum(
        s.entitled_cents for s in d.members) == d.received_cents + d.withheld_tax_cents
    assert all(c.entitled_cents > 0 for c in d.countries)  # no credit note distributed
    assert all(c.country is not None and c.licensees for c in d.countries)
    # the certified float64 path (poolcalc.periods._country_fast) gives the exact cents
    with mock.patch("poolcalc.periods._countries.fast_country_splits",
                    lambda batches: ({}, {}, {})):
        exact = period(pool, "2024Q3", PeriodInputs(reporting=ReportingTerms(),
                                                    payments=pays), by_country=True)
    assert exact.distribution.countries == d.countries


def test_bundled_pool_json_only_adds_countries():
    pool = poolcalc.read_pool(example_pool_path())
    res = period(pool, "2024Q3", read_period_inputs(example_pool_path(), pool), by_country=True)
    doc = json.loads(render_json(res.to_dict()))
    for x in doc["distribution"]["members"]:
        assert list(x) == ["member", "entitled", "fee", "reserve", "gross", "tax_credit",
                           "net", "countries"]
        assert sum(Decimal(c["entitled"]) for c in x["countries"]) == Decimal(x["entitled"])
    assert set(doc) == {"period", "start", "end", "currency", "invoices", "payments",
                        "distribution", "netting", "balances", "reconciliation", "sources",
                        "notes"}


def test_not_per_country_scheme_has_no_breakdown_and_says_so():
    pool = _pool(scheme="patent-count")
    res = period(pool, "2024Q2", PeriodInputs(reporting=ReportingTerms(),
                                              payments=_q2_payments()), by_country=True)
    assert res.distribution.countries is None
    assert any("no breakdown by country" in n and "patent-count" in n for n in res.notes)
    doc = res.to_dict()
    assert all(x["countries"] is None for x in doc["distribution"]["members"])
    assert res.by_country().shares == () and res.by_country().notes == res.notes
    s = D.period_statements(res, pool)[0]
    assert s.cells == () and "No breakdown by country" in s.country_note


def test_weight_table_by_country_has_the_denominator_of_exact():
    # Licensee L1: 300 cents in DE (counts A 1, B 2; N = 3) and 500 cents in FR (A 5,
    # B 0; N = 5).  D = lcm(3, 5) = 15: DE A 300 x 1 x 5 = 1500, DE B 300 x 2 x 5 =
    # 3000, FR A 500 x 5 x 3 = 7500; over 15: A 100 + 500 = 600 cents, B 200 cents.
    table = WeightTable.from_pairs(
        {"L1": 0}, ("A", "B"), np.array([0, 0]), np.array([0, 1]), np.array([300, 500]),
        np.array([3, 5]), np.array([[1, 2], [5, 0]]), np.array(country_codes(["DE", "FR"])))
    assert table.exact("L1") == ({"A": 9000, "B": 3000}, 15)
    assert table.exact_by_country("L1") == (
        {("DE", "A"): 1500, ("DE", "B"): 3000, ("FR", "A"): 7500}, 15)
    assert table.exact_by_country("L9") == ({}, 1)  # not in the table
    assert WeightTable({"L1": 0}, ("A",)).exact_by_country("L1") == ({}, 1)  # no rows
    fixed = WeightTable({"L1": 0}, ("A",), fixed=(np.array([[7]]), 1 << 20))
    assert fixed.exact_by_country("L1") is None  # fixed point: not by country


def test_breakdown_is_asked_for():
    """Without ``by_country`` the members carry no ``countries`` key, and the result says why."""
    pool = _pool()
    inputs = PeriodInputs(reporting=ReportingTerms(), payments=_q2_payments())
    plain = period(pool, "2024Q2", inputs)
    asked = period(pool, "2024Q2", inputs, by_country=True)
    assert plain.distribution.countries is None and not plain.distribution.by_country
    assert all("countries" not in m for m in plain.to_dict()["distribution"]["members"])
    assert all("countries" in m for m in asked.to_dict()["distribution"]["members"])
    # the rest of the report is the same with and without the breakdown
    strip = asked.to_dict()
    for member in strip["distribution"]["members"]:
        del member["countries"]
    assert strip == plain.to_dict()
    assert plain.by_country().shares == () and "by_country=True" in plain.by_country().notes[0]

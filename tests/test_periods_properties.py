"""Hypothesis properties of administration over periods (issue 14).

- the period invoices of a year (royalty invoices and correction notes) add up
  exactly to the annual invoice of the royalty engine, licensee by licensee;
- every cent received is distributed, kept as fee or reserve, passed on as a tax
  credit, or held as the licensee's credit; tax credits equal the tax withheld;
- nothing of a closed period changes when later payments and corrections arrive.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.periods import Amendment, PaymentRecord, PeriodInputs, ReportingTerms, period
from poolcalc.royalties import royalties_owed

D = dt.date
QUARTERS = ("2024Q1", "2024Q2", "2024Q3", "2024Q4")
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

day = st.dates(D(2024, 1, 1), D(2024, 12, 31))
sale = st.tuples(st.sampled_from(["L1", "L2", "L3"]), day, st.sampled_from(["CN", "US", "IN"]),
                 st.integers(0, 5000))


def _pool(sales, cap, free, fee=0.1):
    patents = [m.Patent(f"{c}{i}", f"M{i % 3 + 1}", c, "2030-01-01" if i % 4 else "2024-07-01")
               for c in ("CN", "US", "IN") for i in range(1, 7)]
    return m.Pool(
        "prop", [m.Member("M1"), m.Member("M2"), m.Member("M3")], patents,
        licensees=[m.Licensee("L1", enterprise="E1", signed="2020-01-01"),
                   m.Licensee("L2", enterprise="E1", signed="2020-01-01"),
                   m.Licensee("L3", signed="2020-01-01", good_standing=False)],
        sales=[m.SalesRecord(lic, d, "codec", c, c, u) for lic, d, c, u in sales],
        schedule=m.Schedule(
            default=m.ProductRate(tiers=[(0, 0.0), (500, 0.25), (4000, 0.10)]),
            enterprise_cap=cap, free_amount=free,
            discounts=m.Discounts(good_standing=0.1),
        ),
        administrator_fee=fee,
    )


@SETTINGS
@given(st.lists(sale, min_size=1, max_size=25), st.sampled_from([float("inf"), 300.0, 900.0]),
       st.sampled_from([0.0, 50.0]))
def test_period_invoices_sum_to_the_annual_invoice(sales, cap, free):
    pool = _pool(sales, cap, free)
    annual = {i.licensee: i.owed_cents for i in royalties_owed(pool, 2024).invoices}
    total: dict[str, int] = {}
    for q in QUARTERS:
        for inv in period(pool, q).invoices:
            total[inv.licensee] = total.get(inv.licensee, 0) + inv.owed_cents
    assert {k: v for k, v in total.items() if v} == {k: v for k, v in annual.items() if v}


payment = st.tuples(st.sampled_from(["L1", "L2", "L3"]), day, st.integers(1, 60_000),
                    st.integers(0, 3_000), st.booleans())


def _inputs(payments, *, reserve=0.05):
    recs = []
    for i, (lic, d, amount, tax, named) in enumerate(payments):
        q = (d.month - 1) // 3
        inv = f"2024Q{q}-{lic}" if named and q >= 1 else None
        recs.append(PaymentRecord(lic, d, amount, "USD", inv, tax or None,
                                  "CN" if tax else None, f"C{i}" if tax else None, line=i + 2))
    return recs, ReportingTerms(reserve=reserve, interest_rate=0.08)


@SETTINGS
@given(st.lists(sale, min_size=1, max_size=15), st.lists(payment, max_size=10))
def test_every_cent_received_is_accounted_for(sales, payments):
    pool = _pool(sales, 900.0, 0.0)
    recs, terms = _inputs(payments)
    # a payment naming an invoice that does not exist is bad input: drop the name then
    known = {i.number for q in QUARTERS for i in period(pool, q).invoices}
    recs = [r if r.invoice in known or r.invoice is None else
            PaymentRecord(r.licensee, r.date, r.amount_cents, "USD", None, r.withheld_tax_cents,
                          r.tax_country, r.certificate, line=r.line) for r in recs]
    inputs = PeriodInputs(reporting=terms, payments=recs)
    cash_in = held = 0
    for q in QUARTERS:
        try:
            res = period(pool, q, inputs)
        except Exception as exc:  # tax larger than what was owed is refused, by design
            assert "withheld_tax" in str(exc)
            return
        d = res.distribution
        gross = sum(s.gross_cents for s in d.members)
        assert d.received_cents + d.withheld_tax_cents == (
            d.administrator_fee_cents + d.reserve_cents + gross)
        assert sum(t.cents for t in d.tax_credits) == d.withheld_tax_cents
        assert all(s.net_cents == s.gross_cents - s.tax_credit_cents for s in d.members)
        assert res.reconciliation.balanced, res.reconciliation
        cash_in += sum(p.amount_cents for p in res.payments)
        held = res.reconciliation.credit_held_cents
    assert cash_in == sum(r.amount_cents for r in recs)
    assert held >= 0


@SETTINGS
@given(st.lists(sale, min_size=1, max_size=15), st.lists(payment, max_size=8),
       st.integers(0, 3000))
def test_a_closed_period_never_changes(sales, payments, extra_units):
    pool = _pool(sales, 900.0, 0.0)
    recs, terms = _inputs(payments)
    early = [r for r in recs if r.date <= D(2024, 6, 30) and r.invoice is None]
    late = [PaymentRecord("L1", D(2024, 8, 1), 5000, line=99),
            PaymentRecord("L2", D(2024, 12, 1), 700, "USD", None, 70, "CN", "X", line=98)]
    amended = m.sales_table([m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN",
                                           extra_units)], pool.licensees)
    later = [Amendment("L1", "2024Q1", D(2024, 9, 1), amended)]
    a = PeriodInputs(reporting=terms, payments=early)
    b = PeriodInputs(reporting=terms, payments=early + late, amendments=later)
    for q in ("2024Q1", "2024Q2"):
        try:
            ra = period(pool, q, a)
        except Exception as exc:
            assert "withheld_tax" in str(exc)
            return
        assert ra.to_dict() == period(pool, q, b).to_dict()


@SETTINGS
@given(st.lists(sale, min_size=1, max_size=20), st.sampled_from([float("inf"), 600.0]),
       st.integers(0, 4000), st.sampled_from(["L1", "L2", "L3"]))
def test_invoices_and_notes_sum_to_the_corrected_annual_invoice(sales, cap, units, who):
    # an amended Q1 report filed in Q3: the year's invoices and notes add up to the
    # annual invoice of the corrected sales, licensee by licensee
    pool = _pool(sales, cap, 0.0)
    fixed = [m.SalesRecord(who, "2024-02-10", "codec", "CN", "CN", units)]
    am = Amendment(who, "2024Q1", D(2024, 8, 1), m.sales_table(fixed, pool.licensees))
    inputs = PeriodInputs(reporting=ReportingTerms(), amendments=[am])
    kept = [s for s in sales if not (s[0] == who and s[1] <= D(2024, 3, 31))]
    corrected = _pool(kept + [(who, D(2024, 2, 10), "CN", units)], cap, 0.0)
    annual = {i.licensee: i.owed_cents for i in royalties_owed(corrected, 2024).invoices}
    total: dict[str, int] = {}
    for q in QUARTERS:
        for inv in period(pool, q, inputs).invoices:
            total[inv.licensee] = total.get(inv.licensee, 0) + inv.owed_cents
    assert {k: v for k, v in total.items() if v} == {k: v for k, v in annual.items() if v}


def test_half_yearly_pool():
    # half-yearly reporting (MPEG LA AVC practice): 2024H1 and 2024H2 add up to the year
    pool = _pool([("L1", D(2024, 3, 1), "CN", 3000), ("L1", D(2024, 9, 1), "CN", 3000)],
                 float("inf"), 0.0)
    terms = PeriodInputs(reporting=ReportingTerms(period="half"))
    h1 = period(pool, "2024H1", terms).invoice("2024H1-L1")
    h2 = period(pool, "2024H2", terms).invoice("2024H2-L1")
    # marginal tiers: 3000 units -> (3000 - 500) x 0.25 = 625.00; 6000 units ->
    # 3500 x 0.25 + 2000 x 0.10 = 1075.00, so H2 = 450.00 (good standing 10 % off both)
    assert (h1.owed_cents, h2.owed_cents) == (56250, 40500)
    assert h1.due == D(2024, 8, 14)  # 30 June + 45 days


@SETTINGS
@given(st.lists(sale, min_size=1, max_size=20), st.integers(0, 4000),
       st.sampled_from(["L1", "L2", "L3"]), st.sampled_from(["2024Q1", "2024Q2"]))
def test_no_cash_distributes_nothing(sales, units, who, amended_period):
    # amended reports (credit or debit notes) set against unpaid invoices move no cash:
    # with no payment at all, no member is credited or debited in any period
    pool = _pool(sales, 900.0, 0.0)
    day_ = "2024-02-10" if amended_period == "2024Q1" else "2024-05-10"
    fixed = [m.SalesRecord(who, day_, "codec", "US", "US", units)]
    am = Amendment(who, amended_period, D(2024, 8, 1), m.sales_table(fixed, pool.licensees))
    inputs = PeriodInputs(reporting=ReportingTerms(), amendments=[am])
    for q in QUARTERS:
        res = period(pool, q, inputs)
        assert res.distribution.received_cents == 0
        assert [s for s in res.distribution.members if s.gross_cents] == []
        assert res.reconciliation.balanced

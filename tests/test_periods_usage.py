"""Content (usage) royalties per reporting period (issue 14, round 3).

Reference values are computed by hand in the comments from the AVC/H.264 content
terms (TV Technology, 1 Dec 2003: subscriptions <= 100,000 free, 100,001-250,000
US$25,000, 250,001-500,000 US$50,000, 500,001-1,000,000 US$75,000, more
US$100,000 a year; titles over 12 minutes 2 % of the price, at most US$0.02) and
the small pools built here; none comes from the code under test.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import poolcalc
import poolcalc.model as m
from poolcalc.cli import main
from poolcalc.io import read_pool, write_pool
from poolcalc.periods import PaymentRecord, PeriodInputs, period
from poolcalc.royalties import royalties_owed, usage_invoices

D = dt.date
AVC = m.UsageTerms.avc()


def _pool(usage, *, signed="2020-01-01"):
    """CN: M1 1, M2 2, M3 3 patents; US: M1 1, M2 1 (M3 none); one sale of US$1.00."""
    patents = [
        m.Patent("CN1", "M1", "CN", "2030-01-01"),
        m.Patent("CN2", "M2", "CN", "2030-01-01"),
        m.Patent("CN3", "M2", "CN", "2030-01-01"),
        m.Patent("CN4", "M3", "CN", "2030-01-01"),
        m.Patent("CN5", "M3", "CN", "2030-01-01"),
        m.Patent("CN6", "M3", "CN", "2030-01-01"),
        m.Patent("US1", "M1", "US", "2030-01-01"),
        m.Patent("US2", "M2", "US", "2030-01-01"),
    ]
    return m.Pool(
        "test", [m.Member("M1"), m.Member("M2"), m.Member("M3")], patents,
        licensees=[m.Licensee("L1", signed=signed), m.Licensee("L2", signed=signed)],
        sales=[m.SalesRecord("L1", "2024-02-01", "codec", "CN", "CN", 100)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)], tier_mode="marginal")),
        currency="USD", usage_terms=AVC, usage=usage,
    )


def _sub(q, date, lic="L1", country="US"):
    return m.UsageRecord(lic, 2024, "subscription", q, country, date=date)


SUBS = [_sub(80_000, "2024-02-15"), _sub(50_000, "2024-05-10"),
        _sub(200_000, "2024-08-01"), _sub(700_000, None)]


def _usage_owed(pool, label, inputs=None):
    res = period(pool, label, inputs)
    return {i.number: i.owed_cents for i in res.invoices if i.number.endswith("-U")}


def test_subscription_brackets_cross_year_to_date():
    # YTD subscribers: Q1 80,000 -> free; Q2 130,000 -> US$25,000; Q3 330,000 ->
    # US$50,000; Q4 (the undated 700,000 counts in the last quarter) 1,030,000 ->
    # US$100,000.  Invoices: Q1 none, Q2 25,000.00, Q3 25,000.00, Q4 50,000.00;
    # sum 100,000.00 = the annual subscription fee on 1,030,000 subscribers.
    pool = _pool(SUBS)
    assert _usage_owed(pool, "2024Q1") == {}
    assert _usage_owed(pool, "2024Q2") == {"2024Q2-L1-U": 2_500_000}
    assert _usage_owed(pool, "2024Q3") == {"2024Q3-L1-U": 2_500_000}
    assert _usage_owed(pool, "2024Q4") == {"2024Q4-L1-U": 5_000_000}
    inv = period(pool, "2024Q3").invoice("2024Q3-L1-U")
    assert (inv.ytd_cents, inv.previously_invoiced_cents) == (5_000_000, 2_500_000)
    assert inv.kind == "invoice" and inv.line_items[0].kind == "usage"
    assert inv.due == D(2024, 11, 14)  # 30 September + 45 days
    assert royalties_owed(pool, 2024).usage[0].owed_cents == 10_000_000
    # the per-unit invoice is unchanged: 100 units x US$1.00 in Q1
    assert {i.number: i.owed_cents for i in period(pool, "2024Q1").invoices} == {
        "2024Q1-L1": 10_000}
    assert not any("usage" in n for n in period(pool, "2024Q3").notes)


def test_usage_cash_is_split_by_the_usage_countries_counts():
    # Q2: L1 owes US$25,000 of US subscriptions, L2 1,000 CN titles of 90 min at
    # US$3.99 -> min(2 % x 3.99, 0.02) = 2 cents each = 20.00.  Both paid in Q3.
    # US counts M1 1, M2 1: 2,500,000 -> 1,250,000 each.
    # CN counts 1:2:3: 2000 x (1, 2, 3) / 6 = 333.33, 666.67, 1000 -> floors 333,
    # 666, 1000 (1999); the cent left goes to the largest remainder (M2, 2/3).
    usage = [*SUBS, m.UsageRecord("L2", 2024, "title", 1000, "CN", length_minutes=90,
                                  price=3.99, date="2024-04-15")]
    pool = _pool(usage)
    inputs = PeriodInputs(payments=(
        PaymentRecord("L1", D(2024, 8, 10), 2_500_000, invoice="2024Q2-L1-U", line=2),
        PaymentRecord("L2", D(2024, 8, 11), 2_000, invoice="2024Q2-L2-U", line=3),
    ))
    res = period(pool, "2024Q3", inputs)
    assert res.distribution.received_cents == 2_502_000
    gross = {s.member: s.gross_cents for s in res.distribution.members}
    assert gross == {"M1": 1_250_333, "M2": 1_250_667, "M3": 1_000}
    assert res.reconciliation.balanced


def test_title_rows_without_date_are_invoiced_in_the_last_period():
    # 500 titles of 90 min at US$0.50: min(2 % x 0.50 = 1 cent, 2 cents) = 1 cent each
    # = 5.00, undated: nothing in Q1-Q3, all in Q4.
    pool = _pool([m.UsageRecord("L2", 2024, "title", 500, "CN", length_minutes=90,
                                price=0.5)])
    assert [_usage_owed(pool, f"2024Q{q}") for q in (1, 2, 3)] == [{}, {}, {}]
    assert _usage_owed(pool, "2024Q4") == {"2024Q4-L2-U": 500}


def test_half_yearly_usage():
    # H1: 130,000 -> 25,000.00; H2: 1,030,000 -> 100,000 - 25,000 = 75,000.00
    pool = _pool(SUBS)
    inputs = PeriodInputs(reporting=m.ReportingTerms(period="half"))
    assert _usage_owed(pool, "2024H1", inputs) == {"2024H1-L1-U": 2_500_000}
    assert _usage_owed(pool, "2024H2", inputs) == {"2024H2-L1-U": 7_500_000}


day = st.dates(D(2024, 1, 1), D(2024, 12, 31))
row = st.tuples(
    st.sampled_from(["L1", "L2"]),
    st.sampled_from(["subscription", "title", "broadcast"]),
    st.integers(0, 400_000),
    st.sampled_from(["US", "CN", "DE"]),
    st.one_of(st.none(), day),
)


def _record(lic, kind, q, country, date):
    extra = {"title": {"length_minutes": 90, "price": 3.99},
             "broadcast": {"market": f"mk{q % 3}"}}.get(kind, {})
    return m.UsageRecord(lic, 2024, kind, q, country, date=date, **extra)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=12), st.sampled_from(["quarter", "half"]))
def test_period_usage_sums_to_the_annual_usage_royalty(rows, kind):
    pool = _pool([_record(*r) for r in rows])
    inputs = PeriodInputs(reporting=m.ReportingTerms(period=kind))
    n = 4 if kind == "quarter" else 2
    labels = [f"2024{'Q' if n == 4 else 'H'}{i}" for i in range(1, n + 1)]
    total: dict[str, int] = {}
    for label in labels:
        for number, cents in _usage_owed(pool, label, inputs).items():
            assert cents > 0
            lic = number.split("-")[1]
            total[lic] = total.get(lic, 0) + cents
    annual = {u.licensee: u.owed_cents for u in royalties_owed(pool, 2024).usage}
    assert total == {k: v for k, v in annual.items() if v}
    # paying every usage invoice in full distributes every cent, by members
    pays = tuple(PaymentRecord(number.split("-")[1], D(2025, 1, 5), cents, invoice=number,
                               line=i + 2)
                 for i, (number, cents) in enumerate(sorted(
                     (n_, c) for label in labels
                     for n_, c in _usage_owed(pool, label, inputs).items())))
    if not pays:  # no usage royalty in the year: nothing to pay
        assert sum(annual.values()) == 0
        return
    res = period(pool, "2025Q1" if n == 4 else "2025H1",
                 PeriodInputs(reporting=inputs.reporting, payments=pays))
    got = sum(s.gross_cents for s in res.distribution.members)
    assert got == sum(annual.values()) == res.distribution.received_cents
    assert res.reconciliation.balanced
    # plain-Python oracle: per licensee, the usage cents by country of the year to date
    # at its last usage invoice (the annual engine on the rows dated up to then), split
    # by the in-force counts (CN 1:2:3, US 1:1:0, DE none -> pool-wide 2:3:3); each
    # invoice rounds to the cent, so a member is within one cent per invoice of it
    counts = {"CN": (1, 2, 3), "US": (1, 1, 0), "DE": (2, 3, 3)}
    ends = [D(2024, 3 * i, 30 if i in (2, 3) else 31) for i in range(1, 5)] if n == 4 \
        else [D(2024, 6, 30), D(2024, 12, 31)]
    last: dict[str, dict[str, int]] = {}
    prev: dict[str, int] = {}
    for end in ends:
        rs = [r for r in pool.usage
              if (r.date is not None and r.date <= end) or end == D(2024, 12, 31)]
        for u in usage_invoices(AVC, rs, 2024) if rs else ():
            if u.owed_cents != prev.get(u.licensee, 0):
                last[u.licensee] = dict(u.by_country)
            prev[u.licensee] = u.owed_cents
    exact = [Fraction(0)] * 3
    for by_country in last.values():
        for c, cents in by_country.items():
            for i, n_ in enumerate(counts[c]):
                exact[i] += Fraction(cents * n_, sum(counts[c]))
    gross = {s.member: s.gross_cents for s in res.distribution.members}
    for i, member in enumerate(("M1", "M2", "M3")):
        assert abs(gross.get(member, 0) - exact[i]) <= len(pays)


def test_a_country_shift_without_invoice_goes_with_the_next_invoice():
    # Q1: 200,000 US subscribers -> US$25,000, all US.  Q2: +10,000 CN -> 210,000,
    # still US$25,000: no invoice.  Q3: +100,000 US -> 310,000 -> US$50,000, invoice
    # 25,000.00.  Annual split of 5,000,000 cents by quantity (largest remainder, ties
    # earlier row): 3,225,806.45 / 161,290.32 / 1,612,903.23 -> 3,225,807, 161,290,
    # 1,612,903: US 4,838,710, CN 161,290.  Q3 invoice by country = that less the Q1
    # invoice's (US 2,500,000): US 2,338,710, CN 161,290.  Members: US 1:1 ->
    # 1,169,355 each; CN 1:2:3 -> 26,881.67, 53,763.33, 80,645.  M1 1,196,236.67,
    # M2 1,223,118.33, M3 80,645; paid in full: floors 1,196,236 + 1,223,118 + 80,645
    # = 2,499,999, the cent to M1 (remainder 2/3): 1,196,237, 1,223,118, 80,645.
    pool = _pool([_sub(200_000, "2024-02-01"), _sub(10_000, "2024-05-01", country="CN"),
                  _sub(100_000, "2024-08-01")])
    assert _usage_owed(pool, "2024Q2") == {}
    assert _usage_owed(pool, "2024Q3") == {"2024Q3-L1-U": 2_500_000}
    inputs = PeriodInputs(payments=(
        PaymentRecord("L1", D(2024, 10, 5), 2_500_000, invoice="2024Q3-L1-U", line=2),))
    res = period(pool, "2024Q4", inputs)
    gross = {s.member: s.gross_cents for s in res.distribution.members}
    assert gross == {"M1": 1_196_237, "M2": 1_223_118, "M3": 80_645}


# -- usage.csv date column ------------------------------------------------------------

def test_usage_csv_date_round_trip(tmp_path: Path):
    pool = _pool(SUBS)
    write_pool(pool, tmp_path)
    text = (tmp_path / "usage.csv").read_text()
    assert text.splitlines()[0].endswith(",market,date")
    assert "2024-02-15" in text
    back = read_pool(tmp_path)
    assert back.usage == pool.usage
    assert back.usage[0].date == D(2024, 2, 15) and back.usage[3].date is None


@pytest.mark.parametrize(
    ("cell", "message"),
    [("2024-13-01", "usage.csv:2: field date: expected a date YYYY-MM-DD, got '2024-13-01'"),
     ("15/02/2024", "usage.csv:2: field date: expected a date YYYY-MM-DD, got '15/02/2024'"),
     ("2023-12-31", "usage.csv:2: field date: not in the row's year 2024, got '2023-12-31'"),
     ("2024-01-31", "usage.csv:2: field date: use before the licence of L1 (signed "
                    "2024-02-01), got '2024-01-31'")],
)
def test_bad_usage_date_exit_2_one_line(tmp_path: Path, capsys, cell, message):
    write_pool(_pool(SUBS, signed="2024-02-01"), tmp_path)
    (tmp_path / "usage.csv").write_text(
        "licensee,year,kind,quantity,country,date\n"
        f"L1,2024,subscription,1000,US,{cell}\n", encoding="utf-8")
    with pytest.raises(poolcalc.InvalidInputError) as exc:
        read_pool(tmp_path)
    assert str(exc.value) == message
    code = main(["period", str(tmp_path), "--period", "2024Q1"])
    err = capsys.readouterr().err
    assert code == 2
    errors = [ln for ln in err.splitlines(keepends=True) if ": warning: " not in ln]
    assert errors == [f"poolcalc period: {message}\n"]


def test_model_refuses_a_date_outside_the_year():
    with pytest.raises(poolcalc.InvalidInputError, match="year 2024, got '2025-01-01'"):
        m.UsageRecord("L1", 2024, "subscription", 1, "US", date="2025-01-01")

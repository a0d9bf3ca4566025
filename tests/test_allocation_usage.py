"""Content ("usage") royalties in the allocation: a hand-computed example and properties.

Pool (year 2024, flat rate 1.00 per unit via the fake engine, administrator fee 5 %):

======  ========  =======  ===========================================
member  patent    country  in force
======  ========  =======  ===========================================
A       US1       US       all year
A       DE1       DE       until 2024-03-01 (part of the year)
B       US2 US3   US       all year
B       DE2       DE       all year
======  ========  =======  ===========================================

Unit rows (country = sale):

1. L1 2024-06-01 US, 10 units -> 1000 c; US on that date A1 B2: A 1000/3, B 2000/3.
2. L1 2024-02-01 DE, 6 units -> 600 c; DE on that date A1 (DE1) B1: A 300, B 300.

Usage invoices: L1 US 900 c, DE 400 c; L2 (= member A) FR 200 c.

per-country-count, usage counted over the year (in force on at least one day of 2024):
US A1 B2 -> A 300, B 600; DE A1 (DE1 counts: in force in Jan-Feb) B1 -> A 200, B 200;
FR has no pooled patent -> fallback to all countries, A2 (US1 DE1) B3 -> A 80, B 120.
collected = 1000 + 600 + 900 + 400 + 200 = 3100; fee = floor(155) = 155; D = 2945.
gross A = 1000/3 + 300 + 300 + 200 + 80 = 3640/3, B = 5660/3 (sum 3100).
quota = D gross / 3100: A = 3458/3 = 1152.67, B = 5377/3 = 1792.33; floors 2944, the
remaining cent goes to A: A 1153, B 1792.  A's licensee L2 owes 200 (usage only):
net 1153 - 200 = 953.

patent-count: in force some day of 2024: A 2, B 3 -> A = 2945 * 2/5 = 1178, B = 1767.
"""

import json
from decimal import Decimal
from fractions import Fraction

import attrs
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.allocation import allocate, pool_game
from poolcalc.errors import InvalidInputError
from poolcalc.io import write_distribution
from poolcalc.royalties import UsageInvoice, royalties_owed
from tests._allocation_fakes import Report, flat_report
from tests.test_allocation_properties import COUNTING, SCHEME_OPTIONS, YEAR, pools


@attrs.frozen
class UsageReport:
    """The fake engine's report plus content invoices (``RoyaltyReport.usage``)."""

    year: int
    rows: object
    invoices: tuple
    usage: tuple = ()


def with_usage(rep: Report, usage) -> UsageReport:
    return UsageReport(rep.year, rep.rows, rep.invoices, tuple(usage))


def inv(lic, by_country, year=2024):
    total = sum(by_country.values())
    return UsageInvoice(lic, year, title_cents=total, owed_cents=total, by_country=by_country)


def hand_pool(**changes) -> m.Pool:
    base = dict(
        name="usage",
        members=[m.Member("A"), m.Member("B")],
        patents=[
            m.Patent("US1", "A", "US", "2030-01-01"),
            m.Patent("DE1", "A", "DE", "2024-03-01"),
            m.Patent("US2", "B", "US", "2030-01-01"),
            m.Patent("US3", "B", "US", "2030-01-01"),
            m.Patent("DE2", "B", "DE", "2030-01-01"),
        ],
        licensees=[m.Licensee("L1"), m.Licensee("L2", member="A")],
        sales=[
            m.SalesRecord("L1", "2024-06-01", "tv", "US", "US", 10),
            m.SalesRecord("L1", "2024-02-01", "tv", "DE", "DE", 6),
        ],
        administrator_fee=0.05,
    )
    return m.Pool(**(base | changes))


HAND_USAGE = (inv("L1", {"US": 900, "DE": 400}), inv("L2", {"FR": 200}))


@pytest.fixture
def hand():
    pool = hand_pool()
    return pool, with_usage(flat_report(pool, 2024), HAND_USAGE)


def _dec(s: str) -> Decimal:
    return Decimal(s)


def test_per_country_with_usage_by_hand(hand):
    pool, rep = hand
    d = allocate(pool, scheme="per-country-count", royalties=rep)
    assert (d.collected_cents, d.usage_cents, d.administrator_fee_cents) == (3100, 1500, 155)
    assert dict(d.amounts) == {"A": 1153, "B": 1792}
    assert d.rounding_residue_cents == 1
    assert d.explain("A").entitlement == Fraction(3458, 3)
    assert d.explain("B").entitlement == Fraction(5377, 3)
    assert d.shares["A"] == pytest.approx(3640 / 3 / 3100)
    net = d.netting["A"]
    assert (net.licensees, net.payable_cents, net.net_cents) == (("L2",), 200, 953)
    assert any("usage royalties 2.00 in FR" in n and "fallback" in n for n in d.notes)
    assert any("at least one day of 2024" in n for n in d.notes)


def test_per_country_usage_explain_lines(hand):
    pool, rep = hand
    e = allocate(pool, scheme="per-country-count", royalties=rep).explain("A")
    assert e.columns[0] == "kind" and "licensees" in e.columns
    unit = [ln for ln in e.lines if ln["kind"] == "unit"]
    usage = {ln["country"]: ln for ln in e.lines if ln["kind"] == "usage"}
    assert [ln["country"] for ln in unit] == ["DE", "US"]
    # usage entitlement = D * part / collected: US 300 -> 285, DE 200 -> 190, FR 80 -> 76
    assert {c: ln["entitlement"] for c, ln in usage.items()} == {
        "DE": "1.9000",
        "FR": "0.7600",
        "US": "2.8500",
    }
    assert (usage["DE"]["member patents"], usage["DE"]["total patents"]) == (1, 2)
    assert usage["FR"]["fallback rows"] == "all countries"
    assert (usage["FR"]["licensees"], usage["FR"]["royalty"]) == ("L2", "2.00")
    total = sum(_dec(ln["entitlement"]) for ln in e.lines)
    assert total == pytest.approx(Decimal("11.5267"), abs=Decimal("0.0002"))
    assert "usage" in e.to_text()


def test_patent_count_with_usage_by_hand(hand):
    pool, rep = hand
    d = allocate(pool, scheme="patent-count", royalties=rep)
    assert d.collected_cents == 3100 and dict(d.amounts) == {"A": 1178, "B": 1767}
    e = d.explain("B")
    usage = {ln["country"]: ln["entitlement"] for ln in e.lines if ln["kind"] == "usage"}
    # pro rata: B's 1767 x (usage cents / 3100): US 900 -> 513, DE 400 -> 228, FR 200 -> 114
    assert usage == {"DE": "2.2800", "FR": "1.1400", "US": "5.1300"}


def test_shapley_usage_joins_carriers(hand):
    pool, rep = hand
    game = pool_game(pool, royalties=rep)
    # every group and usage country is held by {A, B}: one carrier worth all 3100
    assert game.carriers.astype(int).tolist() == [[1, 1]] and game.worths.tolist() == [3100]
    # a usage country held by B alone (CN patent of B) is its own carrier
    pool2 = hand_pool(patents=[*hand_pool().patent_rows, m.Patent("CN1", "B", "CN", "2030-01-01")])
    rep2 = with_usage(flat_report(pool2, 2024), (*HAND_USAGE, inv("L1", {"CN": 620})))
    game = pool_game(pool2, royalties=rep2)
    assert sorted(zip(game.carriers.astype(int).tolist(), game.worths.tolist(), strict=True)) == [
        ([0, 1], 620),
        ([1, 1], 3100),
    ]
    d = allocate(pool2, scheme="shapley", royalties=rep2)
    # collected 3720, fee floor(186) = 186, D = 3534; phi_A = 3100/2 * 3534/3720 = 1472.5
    assert d.collected_cents == 3720 and d.administrator_fee_cents == 186
    assert d.explain("A").entitlement == Fraction(2945, 2)
    assert d.explain("B").entitlement == Fraction(2945, 2) + 589
    cn = [ln for ln in d.explain("B").lines if ln.get("country") == "CN"]
    assert cn[0]["kind"] == "usage" and cn[0]["entitlement"] == "5.8900"


def test_usage_json_and_table(hand):
    pool, rep = hand
    d = allocate(pool, scheme="per-country-count", royalties=rep)
    obj = json.loads(write_distribution(d, "json"))
    assert obj["collected"] == "31.00" and obj["usage"] == "15.00"
    assert obj["administrator_fee"] == "1.55"
    assert [x["amount"] for x in obj["members"]] == ["11.53", "17.92"]
    assert "of which usage 15.00" in write_distribution(d, "table")


def test_no_usage_is_unchanged(hand):
    pool, _ = hand
    rep = flat_report(pool, 2024)
    for scheme in COUNTING:
        a = allocate(pool, scheme=scheme, royalties=rep)
        b = allocate(pool, scheme=scheme, royalties=with_usage(rep, ()))
        assert dict(a.amounts) == dict(b.amounts) and a.notes == b.notes
        assert a.usage_cents == 0 and "usage" not in write_distribution(a, "json")
        assert all("kind" not in ln for ln in a.explain("A").lines)


def test_usage_only_year():
    pool = hand_pool(sales=[])
    rep = UsageReport(
        2024,
        attrs.evolve(
            flat_report(hand_pool(), 2024).rows,
            index=np.zeros(0, np.int64),
            due=np.zeros(0, bool),
            cents=np.zeros(0, np.int64),
        ),
        (),
        (inv("L1", {"US": 900}),),
    )
    d = allocate(pool, scheme="per-country-count", royalties=rep)
    # US over 2024: A1 B2; D = 900 - 45 = 855: A 285, B 570
    assert dict(d.amounts) == {"A": 285, "B": 570}


def test_end_to_end_with_engine():
    pool = hand_pool(
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])),
        usage_terms=m.UsageTerms.avc(),
        usage=[m.UsageRecord("L1", 2024, "subscription", 300_000, "US")],
    )
    rep = royalties_owed(pool, year=2024)
    assert rep.usage_cents > 0
    d = allocate(pool, year=2024)
    assert d.collected_cents == rep.total_cents
    assert d.usage_cents == rep.usage_cents
    assert d.collected_cents == d.administrator_fee_cents + sum(d.amounts.values())


def test_bad_usage_invoices(hand):
    pool, _ = hand
    rep = flat_report(pool, 2024)

    @attrs.frozen
    class Bad:
        licensee: str
        owed_cents: object
        by_country: dict
        year: int = 2024

    with pytest.raises(InvalidInputError, match=r"usage\[0\] \(L1\): owed_cents must be"):
        allocate(pool, royalties=with_usage(rep, [Bad("L1", -5, {"US": -5})]))
    with pytest.raises(InvalidInputError, match="by_country must add up to owed_cents 10, got 9"):
        allocate(pool, royalties=with_usage(rep, [Bad("L1", 10, {"US": 9})]))
    with pytest.raises(InvalidInputError, match="unknown country 'XX'"):
        allocate(pool, royalties=with_usage(rep, [Bad("L1", 10, {"XX": 10})]))
    with pytest.raises(InvalidInputError, match="year must be 2024 like the report, got 2023"):
        allocate(pool, royalties=with_usage(rep, [Bad("L1", 10, {"US": 10}, 2023)]))
    with pytest.raises(InvalidInputError, match="by_country cents must be integers >= 0"):
        allocate(pool, royalties=with_usage(rep, [Bad("L1", 10, {"US": 11, "DE": -1})]))


def test_usage_with_nothing_in_force_raises():
    pool = hand_pool(patents=[m.Patent("US1", "A", "US", "2020-01-01")], sales=[])
    rep = UsageReport(
        2024,
        attrs.evolve(
            flat_report(hand_pool(), 2024).rows,
            index=np.zeros(0, np.int64),
            due=np.zeros(0, bool),
            cents=np.zeros(0, np.int64),
        ),
        (),
        (inv("L1", {"US": 900}),),
    )
    with pytest.raises(InvalidInputError, match="no pooled essential patent in force anywhere"):
        allocate(pool, scheme="per-country-count", royalties=rep)


# --- properties ------------------------------------------------------------------------------
USAGE_COUNTRIES = ["US", "DE", "CN", "FR", "JP"]  # JP: no pooled patent -> fallback


@st.composite
def usage_invoices(draw):
    out = []
    for lic in draw(st.lists(st.sampled_from(["L1", "L2"]), min_size=1, max_size=2, unique=True)):
        cs = draw(st.lists(st.sampled_from(USAGE_COUNTRIES), min_size=1, max_size=3, unique=True))
        out.append(inv(lic, {c: draw(st.integers(0, 99_999)) for c in cs}, YEAR))
    return out


@settings(max_examples=25)
@given(pools(), usage_invoices(), st.sampled_from(COUNTING), st.booleans())
def test_efficiency_exact_with_usage(pool, usage, scheme, alt):
    units = sum(s.units for s in pool.sales_rows)
    u = sum(x.owed_cents for x in usage)
    assume(units + u > 0)
    pool = pool.evolve(licensees=[*pool.licensees, m.Licensee("L2")])
    rep = with_usage(flat_report(pool, YEAR, rate_cents=37), usage)
    d = allocate(
        pool, scheme=scheme, options=SCHEME_OPTIONS.get(scheme) if alt else None, royalties=rep
    )
    assert d.collected_cents == 37 * units + u and d.usage_cents == u
    assert d.collected_cents == d.administrator_fee_cents + sum(d.amounts.values())
    assert all(v >= 0 for v in d.amounts.values())
    quotas = {k: d.explain(k).entitlement for k in d.amounts}
    assert sum(quotas.values()) == d.distributable_cents
    assert all(abs(d.amounts[k] - quotas[k]) < 1 for k in d.amounts)
    owed_l1 = 37 * units + sum(x.owed_cents for x in usage if x.licensee == "L1")
    for net in d.netting.values():
        assert net.payable_cents == owed_l1
    if u:
        for k in d.amounts:
            lines = d.explain(k).lines
            assert {ln["country"] for ln in lines if ln["kind"] == "usage"} == {
                c for x in usage for c, v in x.by_country.items() if v
            }

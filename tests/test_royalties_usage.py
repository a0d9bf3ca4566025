"""Content ("usage") royalties: AVC/H.264 numbers, properties, I/O.

AVC content terms: TV Technology, "AVC standard license fees set", 1 December 2003
(tvtechnology.com/news/0086/avc-standard-license-fees-set/252850).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import poolcalc.model as m
from poolcalc.allocation import allocate
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool, write_royalties
from poolcalc.royalties import royalties_owed, usage_cents, usage_invoices

AVC = m.UsageTerms.avc()


def _one(*records: m.UsageRecord, terms: m.UsageTerms = AVC, year: int = 2012):
    invs = usage_invoices(terms, list(records), year)
    assert len(invs) == 1
    return invs[0]


def _sub(n: int, lic: str = "S", country: str = "US") -> m.UsageRecord:
    return m.UsageRecord(lic, 2012, "subscription", n, country)


# --- AVC/H.264 reference values (by hand) ----------------------------------------------
def test_short_title_is_free():
    inv = _one(m.UsageRecord("S", 2012, "title", 1, "US", length_minutes=10, price=3.99))
    assert inv.title_cents == 0 and inv.owed_cents == 0


def test_twelve_minute_title_is_free_boundary():
    inv = _one(m.UsageRecord("S", 2012, "title", 5, "US", length_minutes=12, price=3.99))
    assert inv.title_cents == 0


def test_vod_title_capped_at_two_cents():
    # min(2% x 3.99 = 0.0798, 0.02) = US$0.02 per title
    inv = _one(m.UsageRecord("S", 2012, "title", 1, "US", length_minutes=90, price=3.99))
    assert inv.title_cents == 2
    inv = _one(m.UsageRecord("S", 2012, "title", 1000, "US", length_minutes=90, price=3.99))
    assert inv.title_cents == 2000  # 1000 titles x US$0.02


def test_cheap_title_pays_two_percent():
    # 2% of US$0.50 = US$0.01 < US$0.02
    inv = _one(m.UsageRecord("S", 2012, "title", 100, "US", length_minutes=30, price=0.50))
    assert inv.title_cents == 100


@pytest.mark.parametrize(
    ("subscribers", "fee_usd"),
    [
        (0, 0),
        (100_000, 0),
        (100_001, 25_000),
        (250_000, 25_000),
        (250_001, 50_000),
        (300_000, 50_000),
        (500_001, 75_000),
        (1_000_000, 75_000),
        (1_000_001, 100_000),
        (50_000_000, 100_000),
    ],
)
def test_subscription_brackets(subscribers, fee_usd):
    assert _one(_sub(subscribers)).subscription_cents == fee_usd * 100


def test_subscription_is_whole_volume_per_licensee_year():
    # 200,000 + 100,000 subscribers in two countries: one licensee, 300,000 -> US$50,000
    inv = _one(_sub(200_000, country="US"), _sub(100_000, country="CA"))
    assert inv.subscribers == 300_000
    assert inv.subscription_cents == 5_000_000
    # split by subscribers: 2/3 and 1/3 of US$50,000, exact cents
    assert dict(inv.by_country) == {"CA": 1_666_667, "US": 3_333_333}


def test_broadcast_market_over_threshold():
    inv = _one(m.UsageRecord("B", 2012, "broadcast", 150_000, "US", market="NYC"))
    assert inv.broadcast_cents == 1_000_000 and inv.markets == 1
    inv = _one(m.UsageRecord("B", 2012, "broadcast", 100_000, "US", market="Small"))
    assert inv.broadcast_cents == 0 and inv.markets == 0


def test_broadcast_per_market():
    inv = _one(
        m.UsageRecord("B", 2012, "broadcast", 150_000, "US", market="NYC"),
        m.UsageRecord("B", 2012, "broadcast", 2_000_000, "US", market="LA"),
        m.UsageRecord("B", 2012, "broadcast", 90_000, "US", market="Tiny"),
    )
    assert inv.broadcast_cents == 2_000_000 and inv.markets == 2


def test_internet_broadcast_free_in_first_term():
    inv = _one(m.UsageRecord("I", 2012, "internet_broadcast", 10**7, "US"))
    assert inv.owed_cents == 0
    paid = m.UsageTerms(internet_broadcast_fee=1234.56)
    assert _one(m.UsageRecord("I", 2012, "internet_broadcast", 5, "US"),
                terms=paid).internet_broadcast_cents == 123_456


def test_other_years_left_out():
    assert usage_invoices(AVC, [_sub(300_000)], 2013) == ()


# --- Hypothesis ---------------------------------------------------------------------------
@settings(max_examples=40)
@given(a=st.integers(0, 3_000_000), b=st.integers(0, 3_000_000))
def test_subscription_monotone(a, b):
    lo, hi = sorted((a, b))
    assert _one(_sub(lo)).subscription_cents <= _one(_sub(hi)).subscription_cents


_kinds = st.sampled_from(["title", "subscription", "broadcast", "internet_broadcast"])


@st.composite
def _records(draw):
    n = draw(st.integers(1, 12))
    out = []
    for _ in range(n):
        kind = draw(_kinds)
        out.append(
            m.UsageRecord(
                draw(st.sampled_from(["A", "B", "C"])),
                2012,
                kind,
                draw(st.integers(0, 2_000_000)),
                draw(st.sampled_from(["US", "DE", "JP"])),
                length_minutes=draw(st.floats(0, 300)) if kind == "title" else None,
                price=draw(st.floats(0, 50)) if kind == "title" else None,
                market=draw(st.sampled_from(["m1", "m2"])) if kind == "broadcast" else None,
            )
        )
    return out


def _oracle(terms: m.UsageTerms, recs: list[m.UsageRecord]) -> dict[str, int]:
    """Plain-Python per-licensee totals (the AVC/H.264 content rules)."""
    out: dict[str, int] = {}
    subs: dict[str, int] = {}
    hh: dict[tuple[str, str], int] = {}
    for r in recs:
        out.setdefault(r.licensee, 0)
        if r.kind is m.UsageKind.TITLE and r.length_minutes > terms.title_free_minutes:
            by_rate = int(terms.title_rate_fraction * round(r.price * 100) + 0.5 + 1e-9)
            out[r.licensee] += r.quantity * min(by_rate, round(terms.title_max_per_title * 100))
        elif r.kind is m.UsageKind.SUBSCRIPTION:
            subs[r.licensee] = subs.get(r.licensee, 0) + r.quantity
        elif r.kind is m.UsageKind.BROADCAST:
            hh[r.licensee, r.market] = hh.get((r.licensee, r.market), 0) + r.quantity
        elif r.kind is m.UsageKind.INTERNET_BROADCAST and r.quantity > 0:
            out[r.licensee] += round(terms.internet_broadcast_fee * 100) if r.quantity else 0
    for lic, s in subs.items():
        fee = 0
        for t in terms.subscription_tiers:
            if s > t.start:
                fee = round(t.fee * 100)
        out[lic] += fee
    for (lic, _), h in hh.items():
        if h > terms.broadcast_min_households:
            out[lic] += round(terms.broadcast_fee * 100)
    return out


@settings(max_examples=40)
@given(recs=_records())
def test_exact_cents_and_oracle(recs):
    terms = m.UsageTerms(**{**{a.name: getattr(AVC, a.name) for a in AVC.__attrs_attrs__},
                            "internet_broadcast_fee": 0.0})
    invs = usage_invoices(terms, recs, 2012)
    expect = _oracle(terms, recs)
    # the oracle counts internet fees once per row; with a zero fee that does not matter
    assert {u.licensee: u.owed_cents for u in invs} == expect
    for u in invs:
        assert u.owed_cents == sum(u.kinds.values()) == sum(u.by_country.values())


@settings(max_examples=30)
@given(recs=_records(), fee=st.floats(0.01, 50_000))
def test_flat_fees_split_exactly(recs, fee):
    terms = m.UsageTerms(broadcast_fee=fee, internet_broadcast_fee=fee,
                         subscription_tiers=[(0, fee)])
    invs = usage_invoices(terms, recs, 2012)
    c = round(fee * 100)
    for u in invs:
        mine = [r for r in recs if r.licensee == u.licensee]
        n_int = 1 if any(r.kind.value == "internet_broadcast" and r.quantity for r in mine) else 0
        n_sub = 1 if sum(r.quantity for r in mine if r.kind.value == "subscription") else 0
        assert u.internet_broadcast_cents == n_int * c
        assert u.subscription_cents == n_sub * c
        assert u.broadcast_cents == u.markets * c
        assert sum(u.by_country.values()) == u.owed_cents


# --- kernel bad input -----------------------------------------------------------------------
def _kernel(**over):
    args = dict(
        kind=np.array([0]), licensee=np.array([0]), quantity=np.array([1]),
        length_minutes=np.array([90.0]), price=np.array([3.99]), market=np.array([0]),
    )
    args.update(over)
    return usage_cents(
        **args, title_free_minutes=12.0, title_rate_fraction=0.02, title_max_per_title=0.02,
        tier_starts=np.array([100_000]), tier_fees=np.array([25_000.0]), broadcast_fee=10_000.0,
        broadcast_min_households=100_000, internet_broadcast_fee=0.0,
    )


def test_kernel_reference_and_errors():
    assert _kernel().tolist() == [2]
    with pytest.raises(InvalidInputError, match="quantity must be >= 0, got -3 at index 0"):
        _kernel(quantity=np.array([-3]))
    with pytest.raises(InvalidInputError, match="kind must be a code in 0..3, got 7 at index 0"):
        _kernel(kind=np.array([7]))
    with pytest.raises(InvalidInputError, match="price must be finite"):
        _kernel(price=np.array([np.nan]))
    with pytest.raises(InvalidInputError, match="licensee must be 1-d of length 1"):
        _kernel(licensee=np.array([0, 1]))


# --- model validation -----------------------------------------------------------------------
def test_model_validation():
    with pytest.raises(InvalidInputError, match="kind must be one of .*got 'stream'"):
        m.UsageRecord("S", 2012, "stream", 1, "US")
    with pytest.raises(InvalidInputError, match="quantity must be a non-negative integer"):
        m.UsageRecord("S", 2012, "subscription", -1, "US")
    with pytest.raises(InvalidInputError, match="length_minutes is required for kind 'title'"):
        m.UsageRecord("S", 2012, "title", 1, "US", price=1.0)
    with pytest.raises(InvalidInputError, match="market is required for kind 'broadcast'"):
        m.UsageRecord("S", 2012, "broadcast", 1, "US")
    with pytest.raises(InvalidInputError, match="strictly increasing in 'from'"):
        m.UsageTerms(subscription_tiers=[(10, 1.0), (10, 2.0)])
    with pytest.raises(InvalidInputError, match="fees must not decrease"):
        m.UsageTerms(subscription_tiers=[(10, 2.0), (20, 1.0)])
    with pytest.raises(InvalidInputError, match="title_rate_fraction must be <= 1"):
        m.UsageTerms(title_rate_fraction=2.0)
    with pytest.raises(InvalidInputError, match="usage row 1: unknown licensee 'X'"):
        _pool(usage=[_sub(1, lic="X")])


# --- report, allocation, writers, pool directory --------------------------------------------
def _pool(**over) -> m.Pool:
    kw = dict(
        licensees=[m.Licensee("L1"), m.Licensee("S")],
        sales=[m.SalesRecord("L1", "2012-05-01", "codec", "US", "CN", 200_000)],
        schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 0.0), (100_000, 0.20)])),
        usage_terms=AVC,
        usage=[
            _sub(300_000),
            m.UsageRecord("S", 2012, "title", 1000, "DE", length_minutes=90, price=3.99),
            m.UsageRecord("L1", 2012, "broadcast", 150_000, "US", market="NYC"),
            m.UsageRecord("L1", 2011, "broadcast", 150_000, "US", market="NYC"),
        ],
        administrator_fee=0.1,
    )
    kw.update(over)
    patents = [m.Patent("P1", "A", "US", "2030-01-01"), m.Patent("P2", "B", "US", "2030-01-01")]
    return m.Pool("AVC", [m.Member("A"), m.Member("B")], patents, **kw)


def test_report_total_includes_usage_and_allocation_reconciles():
    pool = _pool()
    r = royalties_owed(pool, 2012)
    unit = 100_000 * 20  # 100,000 units above the free 100,000 at US$0.20
    assert int(r.rows.cents.sum()) == unit
    assert r.usage_cents == 5_000_000 + 2_000 + 1_000_000
    assert r.total_cents == unit + r.usage_cents
    assert any("usage rows of other years" in n for n in r.notes)
    d = allocate(pool, year=2012)
    assert d.collected_cents == r.total_cents  # unit rows + usage, both distributed
    assert d.usage_cents == r.usage_cents
    assert d.collected_cents == d.administrator_fee_cents + sum(d.amounts.values())


def test_usage_without_terms_is_noted_not_charged():
    r = royalties_owed(_pool(usage_terms=None), 2012)
    assert r.usage == () and r.total_cents == int(r.rows.cents.sum())
    assert any("no [royalty.usage]" in n for n in r.notes)


def test_writers_show_usage():
    r = royalties_owed(_pool(), 2012)
    doc = json.loads(write_royalties(r, "json"))
    assert {"currency", "year", "total", "licensees", "not_due", "notes", "usage"} <= set(doc)
    assert doc["total"] == "80020.00"
    s = {u["licensee"]: u for u in doc["usage"]}["S"]
    assert s["subscription"] == "50000.00" and s["title"] == "20.00"
    assert s["by_country"] == {"DE": "20.00", "US": "50000.00"}
    csv_text = write_royalties(r, "csv")
    assert csv_text.splitlines()[0].endswith(",owed,usage")
    assert "S,S,0,0,0,0.00,0.00,0.00,0.00,0.00,0.00,50020.00" in csv_text
    table = write_royalties(r, "table")
    assert "Content (usage) royalties" in table and "80,020.00" in table
    plain = royalties_owed(_pool(usage=[], usage_terms=None), 2012)
    assert json.loads(write_royalties(plain, "json"))["usage"] == []
    assert write_royalties(plain, "csv").splitlines()[0].endswith(",owed")


def test_pool_directory_round_trip(tmp_path: Path):
    pool = _pool()
    write_pool(pool, tmp_path)
    assert (tmp_path / "usage.csv").is_file()
    back = read_pool(tmp_path)
    assert back == pool
    tables = read_pool(tmp_path)
    assert tables.usage == pool.usage and tables.usage_terms == AVC
    assert royalties_owed(tables, 2012).total_cents == royalties_owed(pool, 2012).total_cents
    # no usage: no usage.csv, no [royalty.usage]
    plain = _pool(usage=[], usage_terms=None)
    write_pool(plain, tmp_path / "p")
    assert not (tmp_path / "p" / "usage.csv").exists()
    assert "usage" not in (tmp_path / "p" / "pool.toml").read_text()
    assert read_pool(tmp_path / "p") == plain


def _dir(tmp_path: Path, usage_csv: str | None = None, toml_extra: str = "") -> Path:
    write_pool(_pool(usage=[], usage_terms=None), tmp_path)
    if usage_csv is not None:
        (tmp_path / "usage.csv").write_text(usage_csv, encoding="utf-8")
    if toml_extra:
        text = (tmp_path / "pool.toml").read_text()
        text = text.replace("[allocation]", toml_extra + "\n[allocation]")
        (tmp_path / "pool.toml").write_text(text)
    return tmp_path


_HEAD = "licensee,year,kind,quantity,country,length_minutes,price,market\n"


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("S,2012,subscription,-5,US,,,\n",
         r"usage\.csv:2: quantity must be a non-negative integer, got '-5'"),
        ("S,2012,subscription,5,US,,,\nS,2012,stream,5,US,,,\n",
         r"usage\.csv:3: kind must be one of .*got 'stream'"),
        ("X,2012,subscription,5,US,,,\n", r"usage\.csv:2: unknown licensee 'X'"),
        ("S,2012,title,5,US,,3.99,\n",
         r"usage\.csv:2: length_minutes is required for kind 'title'"),
        ("S,20x2,subscription,5,US,,,\n", r"usage\.csv:2: year must be a non-negative integer"),
        ("S,2012,title,5,US,90,-1,\n", r"usage\.csv:2: price must be >= 0, got '-1'"),
    ],
)
def test_usage_csv_errors(tmp_path: Path, body: str, match: str):
    d = _dir(tmp_path, _HEAD + body)
    with pytest.raises(InvalidInputError, match=match):
        read_pool(d)
    with pytest.raises(InvalidInputError, match=match):
        read_pool(d)


def test_usage_csv_unknown_and_missing_columns(tmp_path: Path):
    d = _dir(tmp_path, "licensee,year,kind,quantity,country,minutes\n")
    with pytest.raises(InvalidInputError, match=r"usage\.csv: unknown column 'minutes'"):
        read_pool(d)
    (d / "usage.csv").write_text("licensee,year,kind,quantity\n")
    with pytest.raises(InvalidInputError, match=r"usage\.csv: missing column 'country'"):
        read_pool(d)


def test_pool_toml_usage_table(tmp_path: Path):
    d = _dir(
        tmp_path,
        _HEAD + "S,2012,subscription,300000,US,,,\n",
        "[royalty.usage]\nsubscription_tiers = [{ from = 100000, fee = 25000.0 }, "
        "{ from = 250000, fee = 50000.0 }]\n",
    )
    pool = read_pool(d)
    assert pool.usage_terms.subscription_tiers[1] == m.SubscriptionTier(250_000, 50_000.0)
    assert royalties_owed(pool, 2012).usage_cents == 5_000_000


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        ("[royalty.usage]\nbroadcast_fees = 1.0\n",
         r"pool\.toml:\d+: unknown key royalty\.usage\.broadcast_fees"),
        ("[royalty.usage]\nbroadcast_fee = -1.0\n",
         r"pool\.toml:\d+: royalty\.usage: broadcast_fee must be >= 0"),
        ("[royalty.usage]\nbroadcast_fee = 'x'\n",
         r"royalty\.usage: broadcast_fee must be a number, got 'x'"),
        ("[royalty.usage]\nsubscription_tiers = [{ from = 5, fee = 1.0 }, "
         "{ from = 5, fee = 2.0 }]\n",
         r"royalty\.usage: subscription_tiers must be strictly increasing"),
        ("[royalty.usage]\nsubscription_tiers = 3\n",
         r"royalty\.usage: subscription_tiers must be an array of tables"),
    ],
)
def test_pool_toml_usage_errors(tmp_path: Path, extra: str, match: str):
    d = _dir(tmp_path, None, extra)
    with pytest.raises(InvalidInputError, match=match):
        read_pool(d)


def test_report_total_must_include_usage():
    from poolcalc.royalties import RoyaltyReport

    r = royalties_owed(_pool(), 2012)
    with pytest.raises(InvalidInputError, match="sum of the invoices and usage royalties"):
        RoyaltyReport(r.currency, r.minor_units, r.year, r.invoices,
                      int(r.rows.cents.sum()), r.rows, usage=r.usage)


def test_region2_subscribers_count_half(tmp_path: Path):
    # Access Advance VDP (accessadvance.com/zh/vdp-pool-royalty/): Region 2 subscribers x0.5.
    terms = m.UsageTerms(subscription_tiers=AVC.subscription_tiers,
                         subscriber_weights={"IN": 0.5})
    # 300,000 in IN count as 150,000 -> the US$25,000 bracket instead of US$50,000
    assert _one(_sub(300_000, country="IN"), terms=terms).subscription_cents == 2_500_000
    # 200,000 US + 200,000 IN -> 300,000 counted -> US$50,000, split 1:1 by reported subs
    inv = _one(_sub(200_000, country="US"), _sub(200_000, country="IN"), terms=terms)
    assert inv.subscription_cents == 5_000_000
    assert dict(inv.by_country) == {"IN": 2_500_000, "US": 2_500_000}
    with pytest.raises(InvalidInputError, match="subscriber_weights.IN must be >= 0"):
        m.UsageTerms(subscriber_weights={"IN": -1})
    with pytest.raises(InvalidInputError, match="subscriber_weights country must be an ISO"):
        m.UsageTerms(subscriber_weights={"XX": 0.5})
    pool = _pool(usage_terms=terms)
    write_pool(pool, tmp_path)
    assert read_pool(tmp_path) == pool
    with pytest.raises(InvalidInputError, match="subscriber_weight must be finite and >= 0"):
        _kernel(subscriber_weight=np.array([-1.0]))


def test_pool_toml_subscriber_weights(tmp_path: Path):
    d = _dir(tmp_path, _HEAD + "S,2012,subscription,300000,IN,,,\n",
             "[royalty.usage]\nsubscription_tiers = [{ from = 100000, fee = 25000.0 }, "
             "{ from = 250000, fee = 50000.0 }]\nsubscriber_weights = { IN = 0.5 }\n")
    assert royalties_owed(read_pool(d), 2012).usage_cents == 2_500_000
    d2 = _dir(tmp_path / "bad", None, "[royalty.usage]\nsubscriber_weights = 0.5\n")
    with pytest.raises(InvalidInputError, match=r"usage: subscriber_weights must be a table"):
        read_pool(d2)

"""Synthetic pool generator: determinism, invariants, pools written and read back."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from poolcalc.data import synthetic_pool
from poolcalc.errors import InvalidInputError
from poolcalc.io import read_pool, write_pool
from poolcalc.tables import COUNTRIES, ESSENTIAL_CODE, day_number


def _columns(sp):
    pt, st = sp.patents, sp.sales
    return [
        pt.owner,
        pt.country,
        pt.granted,
        pt.expires,
        pt.status,
        pt.family,
        pt.disclosed,
        pt.weight,
        st.licensee,
        st.date,
        st.country_of_sale,
        st.country_of_manufacture,
        st.units,
    ]


def test_same_seed_same_pool():
    a = synthetic_pool(20, 500, 8, rng=42)
    b = synthetic_pool(20, 500, 8, rng=42)
    for x, y in zip(_columns(a), _columns(b), strict=True):
        np.testing.assert_array_equal(x, y)
    assert a.patents.ids.tolist() == b.patents.ids.tolist()


def test_different_seed_different_pool():
    a = synthetic_pool(20, 500, 8, rng=1)
    b = synthetic_pool(20, 500, 8, rng=2)
    assert not np.array_equal(a.patents.owner, b.patents.owner)


def test_generator_object_is_accepted():
    a = synthetic_pool(5, 50, 3, rng=np.random.default_rng(9))
    b = synthetic_pool(5, 50, 3, rng=9)
    np.testing.assert_array_equal(a.patents.owner, b.patents.owner)


def test_every_member_holds_an_essential_patent_in_force_in_the_year():
    sp = synthetic_pool(30, 300, 10, year=2020, rng=5, disclosure_years=(1990, 2010))
    pt = sp.patents
    start, end = day_number(dt.date(2020, 1, 1)), day_number(dt.date(2021, 1, 1))
    ok = (pt.status == ESSENTIAL_CODE) & (pt.granted <= start) & (pt.expires >= end)
    assert set(pt.owner[ok].tolist()) == set(range(30))
    assert len(pt) == 300 and len(sp.sales) == 2000
    # ten countries, the largest markets first
    used = {COUNTRIES[c] for c in np.unique(pt.country)}
    top10 = {"US", "CN", "JP", "DE", "KR", "GB", "FR", "IN", "BR", "IT"}
    assert {"US", "CN", "JP"} <= used <= top10
    assert np.all(pt.granted < pt.expires)
    sale_years = sp.sales.year
    assert np.all(sale_years == 2020)


def test_zipf_skew_orders_holdings():
    sp = synthetic_pool(10, 20_000, 5, skew="zipf", skew_param=1.2, rng=0)
    counts = np.bincount(sp.patents.owner, minlength=10)
    assert counts[0] > 2 * counts[4] > 0
    flat = synthetic_pool(10, 20_000, 5, skew="uniform", rng=0)
    c2 = np.bincount(flat.patents.owner, minlength=10)
    assert c2.max() < 1.3 * c2.min()
    logn = synthetic_pool(10, 20_000, 5, skew="lognormal", skew_param=1.0, rng=0)
    c3 = np.bincount(logn.patents.owner, minlength=10)
    assert c3[0] > c3[9]


def test_pool_attributes():
    pool = synthetic_pool(6, 80, 4, rng=11, n_sales=50, n_licensees=5)
    assert [m.id for m in pool.members] == ["M0001", "M0002", "M0003", "M0004", "M0005", "M0006"]
    assert len(pool.patents) == 80 and len(pool.sales) == 50
    assert [lic.enterprise for lic in pool.licensees] == ["E001", "E001", "E002", "E002", "E003"]
    assert pool.administrator_fee == pytest.approx(0.10)
    assert pool.sales.products == ("device",)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_members": 0}, r"n_members must be an integer >= 1, got 0"),
        ({"n_patents": 3}, r"n_patents must be >= n_members \(5\), got 3"),
        ({"n_countries": 400}, r"n_countries must be <= 252, got 400"),
        ({"skew": "pareto"}, r"skew must be one of 'zipf', 'lognormal', 'uniform', got 'pareto'"),
        ({"skew_param": -1.0}, r"skew_param must be a finite number >= 0"),
        ({"family_size": 0.5}, r"family_size must be >= 1"),
        ({"declared_fraction": 1.0}, r"declared_fraction must be in \[0, 1\)"),
        ({"administrator_fee": 1.5}, r"administrator_fee must be in \[0, 1\)"),
        ({"rate_per_unit": 0.0}, r"rate_per_unit must be > 0"),
        ({"disclosure_years": (2010, 2030)}, r"disclosure_years must satisfy"),
        ({"n_sales": -1}, r"n_sales must be an integer >= 0"),
        ({"n_members": 2.5}, r"n_members must be an integer >= 1, got 2.5"),
    ],
)
def test_bad_arguments(kwargs, match):
    args = {"n_members": 5, "n_patents": 50, "n_countries": 3}
    args.update(kwargs)
    n_m, n_p, n_c = args.pop("n_members"), args.pop("n_patents"), args.pop("n_countries")
    with pytest.raises(InvalidInputError, match=match):
        synthetic_pool(n_m, n_p, n_c, **args)


def test_coverage_narrows_small_members_filings():
    sp = synthetic_pool(20, 4_000, 12, coverage=0.2, rng=3)
    pt = sp.patents
    n_countries = [np.unique(pt.country[pt.owner == k]).size for k in range(20)]
    assert n_countries[0] == 12  # the largest holder files everywhere
    assert min(n_countries[10:]) < 12
    assert all(
        COUNTRIES[pt.country[k]] == "US" for k in range(20)
    )  # first patents in the largest market
    with pytest.raises(InvalidInputError, match=r"coverage must be in \(0, 1\], got 0.0"):
        synthetic_pool(5, 50, 3, coverage=0.0)


def test_write_round_trip(tmp_path):
    sp = synthetic_pool(4, 60, 3, rng=8, n_sales=40, n_licensees=4, coverage=0.5)
    d = write_pool(sp, tmp_path / "pool")
    pool = read_pool(d)
    assert pool == sp
    np.testing.assert_array_equal(pool.patents.owner, sp.patents.owner)
    np.testing.assert_array_equal(pool.patents.disclosed, sp.patents.disclosed)
    np.testing.assert_array_equal(pool.sales.units, sp.sales.units)
    with pytest.raises(InvalidInputError, match=r"pool\.toml exists \(pass overwrite=True"):
        write_pool(sp, d)  # pool files exist and overwrite is false

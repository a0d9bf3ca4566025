"""Government subsidy split by essential patents: exact cents, ties by id."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from result_contract import check_result

from poolcalc._money import split_by_weights as _largest_remainder
from poolcalc.alliance import government_subsidy, side_by_side
from poolcalc.errors import InvalidInputError


def _oracle(total, counts, ids, floor=0):
    """Plain-Python Hamilton method with exact fractions."""
    holders = [i for i, c in enumerate(counts) if c > 0]
    rest = total - floor * len(holders)
    csum = sum(counts)
    quotas = [Fraction(rest * c, csum) if csum else Fraction(0) for c in counts]
    base = [int(q) for q in quotas]
    left = rest - sum(base)
    order = sorted(range(len(counts)), key=lambda i: (-(quotas[i] - base[i]), ids[i]))
    for i in order[:left]:
        base[i] += 1
    return [b + (floor if c > 0 else 0) for b, c in zip(base, counts, strict=True)]


def test_hand_computed_proportional():
    # 100000 cents over 5:3:2 patents -> 50000, 30000, 20000 exactly
    r = government_subsidy(100_000, {"M1": 5, "M2": 3, "M3": 2})
    assert r.by_holder() == {"M1": 50_000, "M2": 30_000, "M3": 20_000}
    assert r.amounts.sum() == 100_000
    assert np.allclose(r.shares, [0.5, 0.3, 0.2])


def test_hand_computed_remainders():
    # 1000 over 1:2:4 (sum 7): quotas 142.857, 285.714, 571.428 -> floors 142, 285, 571 = 998;
    # two leftover cents to the largest remainders .857 (A) and .714 (B)
    r = government_subsidy(1000, {"A": 1, "B": 2, "C": 4})
    assert r.by_holder() == {"A": 143, "B": 286, "C": 571}


def test_ties_broken_by_id():
    r = government_subsidy(100, {"zeta": 1, "alpha": 1, "mid": 1})
    assert r.by_holder() == {"zeta": 33, "alpha": 34, "mid": 33}
    r = government_subsidy(101, {"b": 1, "a": 1, "d": 1, "c": 1})
    assert r.by_holder() == {"b": 25, "a": 26, "d": 25, "c": 25}


def test_zero_count_holders_are_kept_with_zero():
    r = government_subsidy(999, {"A": 0, "B": 3})
    assert r.by_holder() == {"A": 0, "B": 999}


def test_floor_then_proportional():
    # floor 100 each for A and B (C has none); remaining 800 split 1:3 -> 200, 600
    r = government_subsidy(1000, {"A": 1, "B": 3, "C": 0}, floor=100)
    assert r.by_holder() == {"A": 300, "B": 700, "C": 0}
    assert r.floor == 100


def test_floor_equal_to_total_share():
    assert government_subsidy(300, {"A": 1, "B": 9, "C": 5}, floor=100).by_holder() == {
        "A": 100, "B": 100, "C": 100}


def test_array_input_with_and_without_ids():
    r = government_subsidy(10, np.array([1, 1, 1], dtype=np.int32))
    assert r.ids == (0, 1, 2) and r.by_holder() == {0: 4, 1: 3, 2: 3}
    r = government_subsidy(10, [1, 1, 1], ids=["c", "b", "a"])
    assert r.by_holder() == {"c": 3, "b": 3, "a": 4}


def test_zero_total_and_empty():
    assert government_subsidy(0, {"A": 0}).by_holder() == {"A": 0}
    assert government_subsidy(0, {}).by_holder() == {}
    assert government_subsidy(0, {"A": 2}).shares.tolist() == [0.0]


def test_big_amounts_use_exact_integers():
    total = 10**17 + 7  # beyond int64 products with large counts
    counts = {"A": 10**6 + 1, "B": 3 * 10**6, "C": 7}
    r = government_subsidy(total, counts)
    assert int(r.amounts.sum()) == total
    assert r.amounts.tolist() == _oracle(total, list(counts.values()), list(counts))


@settings(max_examples=80)
@given(
    total=st.integers(0, 10**9),
    counts=st.lists(st.integers(0, 50), min_size=1, max_size=12),
    floor=st.integers(0, 1000),
)
def test_matches_fraction_oracle_and_sums_exactly(total, counts, floor):
    ids = [f"M{i:02d}" for i in range(len(counts))][::-1]  # ids not in index order
    holders = sum(c > 0 for c in counts)
    if holders == 0 and total > 0:
        msg = rf"no essential patent to allocate a total of {total} cents"
        with pytest.raises(InvalidInputError, match=msg):
            government_subsidy(total, dict(zip(ids, counts, strict=True)))
        return
    if floor * holders > total:
        with pytest.raises(InvalidInputError, match="floor"):
            government_subsidy(total, dict(zip(ids, counts, strict=True)), floor=floor)
        return
    r = government_subsidy(total, dict(zip(ids, counts, strict=True)), floor=floor)
    assert int(r.amounts.sum()) == total
    assert r.amounts.tolist() == _oracle(total, counts, ids, floor)
    # more essential patents never means less (same floor)
    for i in range(len(counts)):
        for j in range(len(counts)):
            if counts[i] > counts[j]:
                assert r.amounts[i] >= r.amounts[j]


@settings(max_examples=40)
@given(amount=st.integers(0, 10**6), weights=st.lists(st.integers(1, 10**4), min_size=1,
                                                       max_size=20))
def test_numpy_and_python_paths_agree(amount, weights):
    key = list(range(len(weights)))
    fast = _largest_remainder(amount, weights, key)
    big = _largest_remainder(amount * 2**40, weights, key)  # forces the Python-int path
    slow = _oracle(amount, weights, key)
    assert fast == slow
    assert sum(big) == amount * 2**40


def test_side_by_side_table():
    sub = government_subsidy(3000, {"M1": 2, "M2": 1})
    both = side_by_side({"M1": 125_000, "M3": 50}, sub, currency="CNY")
    lines = str(both).splitlines()
    assert lines[0].split() == ["member", "pool", "[CNY]", "subsidy", "[CNY]", "combined",
                                "subsidy", "%"]
    assert lines[2].split() == ["M1", "1250.00", "20.00", "1270.00", "1.6"]
    assert lines[3].split() == ["M2", "0.00", "10.00", "10.00", "100.0"]
    assert lines[4].split() == ["M3", "0.50", "0.00", "0.50", "0.0"]
    assert lines[-1].split() == ["total", "1250.50", "30.00", "1280.50", "2.3"]
    # 3000 cents over 2:1 -> 2000 and 1000
    assert [ln.split() for ln in str(sub).splitlines()[2:]] == [
        ["M1", "2", "20.00"], ["M2", "1", "10.00"], ["total", "3", "30.00"]]
    doc = check_result(sub)
    assert doc == {"total": "30.00", "floor": None, "holders": [
        {"holder": "M1", "essential": 2, "subsidy": "20.00"},
        {"holder": "M2", "essential": 1, "subsidy": "10.00"}]}
    assert repr(sub) == "SubsidyAllocation(total=30.00, 2 holders)"
    doc = check_result(both)
    # 2.3 % = 3000 / 128050 cents
    assert doc["total"] == {"pool": "1250.50", "subsidy": "30.00", "combined": "1280.50",
                            "subsidy_share": 3000 / 128050}
    assert doc["members"][1] == {"member": "M2", "pool": "0.00", "subsidy": "10.00",
                                 "combined": "10.00", "subsidy_share": 1.0}
    assert list(both.to_frame()["subsidy_cents"]) == [2000, 1000, 0]


def test_minor_units():
    # yen: no decimals; 1001 yen over 1:1 -> 501 (tie to the smaller id) and 500
    sub = government_subsidy(1001, {"B": 1, "A": 1}, minor_units=0)
    assert sub.to_dict()["holders"] == [{"holder": "B", "essential": 1, "subsidy": "500"},
                                        {"holder": "A", "essential": 1, "subsidy": "501"}]
    assert side_by_side({}, sub, minor_units=0).to_dict()["total"]["subsidy"] == "1001"


@pytest.mark.parametrize(
    "args,kwargs,match",
    [
        ((-5, {"A": 1}), {}, r"total must be >= 0 cents, got -5"),
        ((10.5, {"A": 1}), {}, r"total must be an integer number of cents, got 10.5"),
        ((10, {"A": -1}), {}, r"essential_counts\['A'\] must be >= 0, got -1"),
        ((10, {"A": 1.0}), {}, r"essential_counts\['A'\] must be a non-negative integer"),
        ((10, [1, -2, 3]), {}, r"essential_counts must be >= 0, got -2 at index 1"),
        ((10, [1.5, 2.0]), {}, r"essential_counts must hold integers, got dtype float64"),
        ((10, [[1, 2]]), {}, r"must be a mapping or a 1-d array, got shape \(1, 2\)"),
        ((10, {"A": 0, "B": 0}), {}, r"no essential patent to allocate a total of 10 cents"),
        ((10, {"A": 1, "B": 1}), {"floor": 6}, r"floor of 6 cents for 2 holders needs 12"),
        ((10, {"A": 1}), {"floor": -1}, r"floor must be >= 0 cents"),
        ((10, [1, 1]), {"ids": ["a", "a"]}, r"holder ids must be unique, got 'a' twice"),
        ((10, [1, 1]), {"ids": ["a"]}, r"1 ids for 2 counts"),
        ((10, {"A": 1}), {"ids": ["A"]}, r"ids must not be given"),
        ((10, {1: 1}), {}, r"keys must be holder ids \(str\)"),
    ],
)
def test_bad_subsidy_input(args, kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        government_subsidy(*args, **kwargs)


def test_bad_side_by_side_input():
    with pytest.raises(InvalidInputError, match=r"pool\['A'\] must be an integer number of cents"):
        side_by_side({"A": 1.5}, {"A": 1})
    with pytest.raises(InvalidInputError, match="subsidy must be a mapping"):
        side_by_side({"A": 1}, [1])
    with pytest.raises(InvalidInputError, match="labels must be two non-empty strings"):
        side_by_side({"A": 1}, {"A": 1}, labels=("pool",))
    with pytest.raises(InvalidInputError, match="currency must be a string, got 5"):
        side_by_side({"A": 1}, {"A": 1}, currency=5)
    with pytest.raises(InvalidInputError, match=r"minor_units must be an integer in \[0, 8\]"):
        side_by_side({"A": 1}, {"A": 1}, minor_units=2.0)
    with pytest.raises(InvalidInputError, match=r"minor_units must be an integer in \[0, 8\]"):
        government_subsidy(10, {"A": 1}, minor_units=-1)

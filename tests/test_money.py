"""poolcalc._money: one largest-remainder rule behind allocation, alliance and royalties."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc import allocation
from poolcalc._money import format_money, largest_remainder, money_formatter, split_by_weights
from poolcalc.errors import InvalidInputError
from poolcalc.io import format_money as io_format_money
from poolcalc.royalties._apportion import apportion

_SPLITS = st.tuples(
    st.integers(0, 10**6),
    st.lists(st.integers(0, 100), min_size=1, max_size=12).filter(lambda w: sum(w) > 0),
)


def test_public_names_are_the_shared_ones():
    assert allocation.largest_remainder is largest_remainder
    assert io_format_money is format_money


def test_hamilton_worked_example():
    # 10 cents by weights 1:1:1 -> 3.33 each; the leftover cent goes to the smallest id
    assert largest_remainder([Fraction(10, 3)] * 3, 10, ["b", "a", "c"]) == ([3, 4, 3], 1)
    assert split_by_weights(10, [1, 1, 1], ["b", "a", "c"]) == [3, 4, 3]
    # 100 by 1:2:4 = 14.29, 28.57, 57.14 -> floors 14, 28, 57, one cent to 28.57
    assert split_by_weights(100, [1, 2, 4], [0, 1, 2]) == [14, 29, 57]


@settings(max_examples=60)
@given(_SPLITS)
def test_split_by_weights_is_largest_remainder_of_the_exact_quotas(case):
    amount, weights = case
    ids = [f"m{i:02d}" for i in range(len(weights))][::-1]  # ties by id, not by position
    quotas = [Fraction(amount * w, sum(weights)) for w in weights]
    exact, _ = largest_remainder(quotas, amount, ids)
    assert split_by_weights(amount, weights, ids) == exact
    assert split_by_weights(amount * 2**41, weights, ids) == largest_remainder(
        [q * 2**41 for q in quotas], amount * 2**41, ids
    )[0]  # Python-int path


def _hamilton_oracle(quotas, total, ids):
    """Plain Hamilton: floors, then one cent each by (largest remainder, smaller id)."""
    floors = [q.numerator // q.denominator for q in quotas]
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), ids[i]))
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return floors


@settings(max_examples=100)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3)), min_size=2, max_size=10),
       st.integers(60, 400))
def test_remainders_equal_as_floats_are_ordered_exactly(parts, bits):
    # quotas 1/3 + j 2^-bits: remainders apart by far less than a float's resolution
    # (their floats tie), so only the exact comparison can order them
    q = [Fraction(a) + Fraction(1, 3) + Fraction(j, 2**bits) for a, j in parts]
    total = sum(q, Fraction(0))
    q.append(total.__ceil__() - total)  # make the quotas sum to a whole number
    ids = [f"m{len(q) - i:02d}" for i in range(len(q))]
    total = sum(q, Fraction(0))
    assert largest_remainder(q, int(total), ids)[0] == _hamilton_oracle(q, int(total), ids)


@settings(max_examples=60)
@given(_SPLITS)
def test_royalties_apportion_follows_the_same_rule_for_one_parent(case):
    # apportion breaks ties by position: give split_by_weights the positions as keys
    amount, weights = case
    got = apportion(np.array([amount]), np.zeros(len(weights), np.int64),
                    np.array(weights, np.float64))
    assert got.tolist() == split_by_weights(amount, weights, list(range(len(weights))))


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([Fraction(1)], 1, ["a", "b"]), "quotas and ids must have one length, got 1 and 2"),
        (([Fraction(1), Fraction(1)], 3, ["a", "b"]), "quotas must sum exactly to total=3"),
        (([Fraction(-1), Fraction(2)], 1, ["a", "b"]), r"quotas must be >= 0, got -1.0 at index 0"),
    ],
)
def test_largest_remainder_bad_input(args, match):
    with pytest.raises(InvalidInputError, match=match):
        largest_remainder(*args)


def test_format_money():
    assert format_money(108000000) == "1080000.00"
    assert format_money(-5) == "-0.05"
    assert format_money(1234, 0) == "1234"
    assert format_money(-1234567, 3, grouping=True) == "-1,234.567"


@given(st.integers(-(10**15), 10**15), st.integers(0, 4), st.booleans())
def test_parse_money_inverts_format_money(cents, minor_units, grouping):
    from poolcalc.io import parse_money

    assert parse_money(format_money(cents, minor_units, grouping=grouping), minor_units) == cents


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("1.005", r"at most 2 decimals, got '1\.005'"),  # half a cent is never truncated away
        ("12.5", r"at most 0 decimals, got '12\.5'"),
        ("abc", r"must be a decimal number, got 'abc'"),
        ("1e3", r"must be a decimal number, got '1e3'"),
        ("--5", r"must be a decimal number, got '--5'"),
        ("1,0.5", r"must be a decimal number, got '1,0\.5'"),
        ("", r"must be a decimal number, got ''"),
    ],
)
def test_parse_money_rejects_what_it_cannot_read_exactly(text, pattern):
    from poolcalc.io import parse_money

    minor = 0 if text == "12.5" else 2
    with pytest.raises(InvalidInputError, match=pattern):
        parse_money(text, minor)


def test_money_formatter_hand_values() -> None:
    two, none, three = money_formatter(2), money_formatter(0), money_formatter(3)
    assert [two(x) for x in (0, 5, -5, 100, -100, 123456789)] == [
        "0.00", "0.05", "-0.05", "1.00", "-1.00", "1234567.89"]
    assert [none(x) for x in (0, -7, 1234)] == ["0", "-7", "1234"]
    assert three(-1001) == "-1.001"
    with pytest.raises(InvalidInputError, match="minor_units must be an integer in 0..18"):
        money_formatter(19)


@settings(max_examples=400, deadline=None)
@given(st.integers(-(10**30), 10**30), st.integers(0, 18))
def test_money_formatter_is_format_money(cents: int, minor_units: int) -> None:
    assert money_formatter(minor_units)(cents) == format_money(cents, minor_units)


@settings(max_examples=400, deadline=None)
@given(st.integers(-(10**30), 10**30), st.integers(0, 18), st.booleans())
def test_format_money_is_the_exact_decimal(cents: int, minor_units: int, numpy_int: bool) -> None:
    """Against Decimal: ``cents / 10**minor_units`` written with ``minor_units`` places."""
    import decimal

    with decimal.localcontext(decimal.Context(prec=80)):
        want = f"{decimal.Decimal(cents).scaleb(-minor_units):.{minor_units}f}"
    if want.startswith("-") and not cents:
        want = want[1:]
    arg = np.int64(cents) if numpy_int and abs(cents) < 2**63 else cents
    assert format_money(arg, minor_units) == want

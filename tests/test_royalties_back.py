"""Back royalties on pre-signature years, with simple monthly interest.

Access Advance FAQ: a new licensee reports past sales and pays royalties on them.
"""

import datetime as dt

import pytest
from royalties_helpers import flat, pool, sale

import poolcalc.model as m
from poolcalc.errors import InvalidInputError
from poolcalc.royalties import back_royalties


def _pool():
    lic = [
        m.Licensee("L1", signed="2024-03-01"),
        m.Licensee("L2"),
        m.Licensee("L3", signed="2021-05-01"),
    ]
    rows = [
        sale("L1", 100, date="2022-06-01"),
        sale("L1", 100, date="2023-06-01"),
        sale("L1", 100, date="2024-06-01"),
        sale("L2", 50, date="2022-06-01"),
        sale("L3", 70, date="2022-06-01"),
    ]
    return pool(flat(1.0), rows, licensees=lic)


def test_back_royalties_with_interest():
    # L1 signed 2024-03-01: 2022 and 2023 are back years, 100.00 each at 1.00/unit.
    # 2022 due 2023-01-01 -> 14 complete months to 2024-03-15: 2 % x 14 = 28.00;
    # 2023 due 2024-01-01 -> 2 months: 4.00.
    back = back_royalties(_pool(), settle="2024-03-15", monthly_interest=0.02)
    items = back.for_licensee("L1")
    assert [(i.year, i.owed_cents, i.months, i.interest_cents) for i in items] == [
        (2022, 10_000, 14, 2_800),
        (2023, 10_000, 2, 400),
    ]
    assert back.owed_cents == 20_000 and back.total_cents == 23_200
    assert back.for_licensee("L3") == ()  # signed before its sales
    assert back.notes == ("1 licensees without a signature date have no back period",)


def test_grace_and_single_licensee():
    back = back_royalties(
        _pool(), settle=dt.date(2024, 3, 15), monthly_interest=0.02, grace_days=45, licensee="L1"
    )
    # 2022 due 2023-02-15 -> 13 complete months to 2024-03-15; 2023 due 2024-02-15 -> 1
    assert [i.months for i in back.items] == [13, 1]
    assert back.interest_cents == 2_600 + 200


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"settle": "2024-13-01"}, "settle must be an ISO date"),
        (
            {"settle": "2024-01-01", "monthly_interest": 1.5},
            r"monthly_interest must be in \[0, 1\)",
        ),
        ({"settle": "2024-01-01", "grace_days": -1}, "grace_days must be a non-negative integer"),
        ({"settle": "2024-01-01", "licensee": "L2"}, "licensee 'L2' has no signature date"),
        ({"settle": "2024-01-01", "licensee": "L9"}, "unknown licensee 'L9'"),
    ],
)
def test_back_royalties_bad_input(kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        back_royalties(_pool(), **kwargs)

"""Calendar years of day numbers: the look-up table against numpy's datetime64 conversion."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.tables._sales import years_of_days


def test_hand_values() -> None:
    """1970-01-01 is day 0; 2024-01-01 day 19,723; 2024-12-31 (leap year) day 20,088."""
    days = [0, -1, 19_723, 20_088, 20_089, (dt.date(1900, 3, 1) - dt.date(1970, 1, 1)).days]
    assert years_of_days(np.array(days)).tolist() == [1970, 1969, 2024, 2024, 2025, 1900]
    assert years_of_days(np.array([], np.int32)).tolist() == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-800_000, 2_900_000), min_size=1, max_size=50),
       st.sampled_from([np.int32, np.int64]), st.booleans())
def test_years_equal_the_datetime64_conversion(days: list[int], dtype: type, narrow: bool) -> None:
    arr = np.array(days, dtype)
    if narrow:  # a realistic span (the look-up table path)
        arr = (arr % 5000 + 19_000).astype(dtype)
    want = arr.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    got = years_of_days(arr)
    assert got.dtype == np.int64 and got.tolist() == want.tolist()

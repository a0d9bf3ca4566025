"""poolcalc._unique.unique_ints == np.unique (values, dtype, order) without the hash table."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc._unique import unique_ints


def test_by_hand():
    assert unique_ints([3, 1, 3, 2, 1]).tolist() == [1, 2, 3]
    assert unique_ints(np.array([], np.int32)).dtype == np.int32
    assert unique_ints(np.array([[2, 2], [-1, 5]], np.int16)).tolist() == [-1, 2, 5]
    assert unique_ints([0.5, 0.5, -1.0]).tolist() == [-1.0, 0.5]  # not integers: np.unique


@settings(max_examples=100)
@given(st.lists(st.integers(-(2**63), 2**63 - 1), max_size=60),
       st.sampled_from([np.int64, np.int32, np.uint8]))
def test_equals_numpy_unique(xs, dtype):
    info = np.iinfo(dtype)
    a = np.array([x % (int(info.max) - int(info.min) + 1) + int(info.min) for x in xs], dtype)
    got, want = unique_ints(a), np.unique(a)
    assert got.dtype == want.dtype and got.tolist() == want.tolist()
    assert got.tolist() == sorted(set(a.tolist()))

"""tables.merge_intervals against a plain-Python union of intervals, large group codes too."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.tables import NO_DATE, merge_intervals


def _days(g, s, e):
    out = {}
    for gi, si, ei in zip(g, s, e, strict=True):
        out.setdefault(int(gi), set()).update(range(int(si), int(ei)))
    return out


def _oracle(g, s, e):
    """Sort by (group, start) and merge overlapping runs, one interval at a time."""
    out = []
    for gi, si, ei in sorted(zip(g.tolist(), s.tolist(), e.tolist(), strict=True)):
        if out and out[-1][0] == gi and si < out[-1][2]:
            out[-1][2] = max(out[-1][2], ei)
        else:
            out.append([gi, si, ei])
    return [tuple(x) for x in out]


_GROUPS = st.sampled_from([0, 1, 2, 7, 2**29 - 1, 2**29, 2**29 + 1, 3 * 10**11, 2**40])


@settings(max_examples=40)
@given(st.lists(st.tuples(_GROUPS, st.integers(-50, 50), st.integers(1, 40)), max_size=30))
def test_merge_intervals_matches_a_loop(rows):
    g = np.array([r[0] for r in rows], np.int64)
    s = np.array([r[1] for r in rows], np.int64)
    e = s + np.array([r[2] for r in rows], np.int64)
    mg, ms, me = merge_intervals(g, s, e)
    assert list(zip(mg.tolist(), ms.tolist(), me.tolist(), strict=True)) == _oracle(g, s, e)
    assert _days(mg, ms, me) == _days(g, s, e)
    # disjoint within each group: a day is covered at most once
    for gi in set(mg.tolist()):
        k = mg == gi
        assert np.all(ms[k][1:] >= me[k][:-1])


def test_overlaps_merge_in_groups_whose_offset_used_to_overflow():
    # before the rank offset, g * 2**34 wrapped around int64 for g >= 2**29 and the
    # overlapping intervals of group 2**29 were not merged
    g = np.array([2**29 - 1, 2**29, 2**29], np.int64)
    mg, ms, me = merge_intervals(g, np.array([0, 5, 10]), np.array([10, 20, 200]))
    assert (mg.tolist(), ms.tolist(), me.tolist()) == ([2**29 - 1, 2**29], [0, 5], [10, 200])


def test_no_date_start_and_empty_input():
    g, s, e = merge_intervals(np.array([4, 4]), np.array([NO_DATE, 3]), np.array([5, 9]))
    assert (g.tolist(), s.tolist(), e.tolist()) == ([4], [NO_DATE], [9])
    g, s, e = merge_intervals(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert g.size == s.size == e.size == 0

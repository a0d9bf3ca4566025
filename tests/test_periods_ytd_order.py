"""Year-to-date views with the rows in the engine's content order (periods/_ytd_order.py).

The views hand the engine the pool's rows of each cut-off as a subsequence of one
content sort (:func:`~poolcalc.periods._ytd_order.content_order`).  A royalty run
depends on the rows' content only, so each view must equal, cent for cent, the
royalty run on the same rows in the sales table's own order (the code before the
change): owed, units and every licensee's exact member weights.  Checked on the
money-fuzz pools (every engine term: marginal and whole-volume tiers, price basis
with min/max, separately tiered regions, discounts, category and enterprise caps,
free units, money waiver, member rate, minor units 0/2/3), the bundled example pool
and a synthetic pool, at every quarter's cut-off.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import poolcalc
import poolcalc.royalties.stages.classify as classify_mod
from poolcalc.errors import InvalidInputError
from poolcalc.periods import PeriodInputs, ReportingTerms
from poolcalc.periods._types import parse_period
from poolcalc.periods._views import View, compute_view
from poolcalc.periods._ytd_order import content_order
from poolcalc.royalties import royalties_owed
from poolcalc.tables import day_number
from tests.money_fuzz_pools import random_pool

QUARTERS = ("2024Q1", "2024Q2", "2024Q3", "2024Q4")


def _reference(pool, t) -> View | type[InvalidInputError]:
    """The view as computed before: the prefix in the sales table's own order."""
    sales = pool.sales
    keep = (sales.date >= day_number(t.start.replace(month=1, day=1))) & (
        sales.date <= day_number(t.end))
    if not keep.any():
        return View.empty()
    work = pool.evolve(sales=sales.select(keep))
    try:
        rep = royalties_owed(work, t.year)
    except InvalidInputError:
        return InvalidInputError
    owed = {i.licensee: i.owed_cents for i in rep.invoices}
    units = {i.licensee: i.units for i in rep.invoices}
    return View(owed, units, work, rep.rows, orig=np.flatnonzero(keep), base=sales)


def _fractions(view: View, lic: str) -> dict[str, Fraction]:
    num, den = view.weights_of(lic)
    return {k: Fraction(v, den) for k, v in num.items() if v}


def _same_views(pool) -> None:
    inputs = PeriodInputs(reporting=ReportingTerms())
    for label in QUARTERS:
        t = parse_period(label, "quarter")
        ref = _reference(pool, t)
        if ref is InvalidInputError:
            with pytest.raises(InvalidInputError):
                compute_view(pool, inputs, t, t)
            continue
        got = compute_view(pool, inputs, t, t)
        assert got.owed == ref.owed, label
        assert got.units == ref.units, label
        for lic in ref.owed:
            assert _fractions(got, lic) == _fractions(ref, lic), (label, lic)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_views_equal_prefix_runs_on_fuzz_pools(seed: int) -> None:
    _same_views(random_pool(seed))


def test_views_equal_prefix_runs_on_example_and_synthetic_pools() -> None:
    _same_views(poolcalc.load_example())
    _same_views(poolcalc.synthetic_pool(6, 120, 8, n_licensees=40, n_sales=3_000, rng=5))


def test_content_order_is_the_engines_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's own sort of a view's rows moves only rows equal in content.

    The speed gain (an already sorted key) needs the hint to be the engine's order;
    recorded through classify's ``sorted_fields`` on each view of a synthetic pool.
    """
    pool = poolcalc.synthetic_pool(6, 120, 8, n_licensees=40, n_sales=3_000, rng=5)
    seen: list[np.ndarray] = []
    real = classify_mod.sorted_fields

    def spy(packed, tail):
        order, fields = real(packed, tail)
        keys = np.stack([np.asarray(a, float) for a, _ in packed]
                        + [np.asarray(x, float) for x in tail])
        seen.append((keys[:, order] == keys).all(axis=0))
        return order, fields

    monkeypatch.setattr(classify_mod, "sorted_fields", spy)
    assert content_order(pool, 2024) is not None  # the hint itself (not spied on)
    inputs = PeriodInputs(reporting=ReportingTerms())
    for label in QUARTERS:
        t = parse_period(label, "quarter")
        compute_view(pool, inputs, t, t)
    assert len(seen) >= 4
    assert all(s.all() for s in seen)

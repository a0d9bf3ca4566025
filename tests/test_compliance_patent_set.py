"""The columnar PatentSet of the compliance rules answers as the Patent row objects do."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import poolcalc
from poolcalc.compliance._patent_set import PatentSet, every_patent, pooled_only, select_ids
from poolcalc.data import synthetic_pool
from poolcalc.model._enums import PatentStatus


@pytest.fixture(params=["example", "synthetic"])
def pool(request):
    if request.param == "example":
        return poolcalc.load_example()
    return synthetic_pool(7, 400, 12, rng=5, n_sales=50, n_licensees=3)


def test_every_and_pooled_match_rows(pool):
    rows = list(pool.patent_rows)
    every = every_patent(pool)
    assert every.ids() == [p.id for p in rows]
    assert every.pooled.tolist() == [p.pooled for p in rows]
    assert every.valid.tolist() == [p.status is not PatentStatus.INVALID for p in rows]
    assert pooled_only(pool).ids() == [p.id for p in rows if p.pooled]


@pytest.mark.parametrize("name", ["owner", "feature", "alternative", "evaluator"])
def test_labels_match_rows(pool, name):
    codes, labels = every_patent(pool).label_codes(name)
    assert [labels[c] for c in codes.tolist()] == [getattr(p, name) for p in pool.patent_rows]
    assert len(set(labels)) == len(labels)  # one code per distinct label


def test_in_force_and_expiry_match_rows(pool):
    rows = [p for p in pool.patent_rows if p.pooled]
    live = pooled_only(pool)
    for on in (dt.date(2000, 1, 1), dt.date(2020, 6, 30), dt.date(2024, 12, 31),
               dt.date(2040, 1, 1)):
        assert live.count_in_force(on) == sum(p.in_force(on) for p in rows)
    assert live.last_expiry() == max(p.expires for p in rows)
    assert PatentSet(pool.patents, np.zeros(0, np.int64)).last_expiry() is None


def test_select_ids_keeps_order_and_reports_missing(pool):
    ids = every_patent(pool).ids()
    wanted = [ids[3], ids[0], ids[3], "NOT-A-PATENT"]
    index, missing = select_ids(pool.patents, wanted)
    assert index.tolist() == [3, 0, 3]
    assert missing == ["NOT-A-PATENT"]

"""period() pauses the cyclic garbage collector and restores the caller's setting."""

from __future__ import annotations

import gc

import pytest

import poolcalc
from poolcalc._gc import gc_paused
from poolcalc.errors import InvalidInputError


def test_gc_paused_restores_the_callers_setting_also_on_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()


def test_period_computes_with_the_collector_off_and_leaves_it_on(monkeypatch):
    import poolcalc.periods._compute as compute

    pool = poolcalc.load_example()
    expected = poolcalc.period(pool, "2024Q3").to_dict()
    inside = []
    real = compute._period

    def body(*args):
        inside.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(compute, "_period", body)
    assert poolcalc.period(pool, "2024Q3").to_dict() == expected
    assert inside == [False] and gc.isenabled()
    with pytest.raises(InvalidInputError):
        poolcalc.period(pool, "2024Q5")
    assert gc.isenabled()

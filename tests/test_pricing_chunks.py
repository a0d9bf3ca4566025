"""``chunks=`` and Dask arrays in value_patents and monte_carlo (issue 18).

In memory with ``chunks=`` and on Dask with the same chunks give identical numbers;
value_patents is also identical to the call without chunks (each patent is priced on
its own); monte_carlo's chunk k draws from ``SeedSequence(rng).spawn(n_chunks)[k]``.
The Dask runs on a LocalCluster are in test_sweep_dask.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from poolcalc import pricing
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._chunks import chunk_bounds, chunk_seeds

da = pytest.importorskip("dask.array")

RNG = np.random.default_rng(11)
N = 37
S = RNG.uniform(50, 150, N)
K = RNG.uniform(50, 150, N)
LIFE = RNG.uniform(2, 20, N)
VOL = RNG.uniform(0.2, 0.6, N)
FIELDS = ("value", "european", "american", "npv", "waiting_value", "leakage")


def test_chunk_bounds_and_seeds():
    assert chunk_bounds(7, 3) == [(0, 3), (3, 6), (6, 7)]
    assert chunk_bounds(7, (2, 5)) == [(0, 2), (2, 7)]
    with pytest.raises(InvalidInputError, match="adding up to the 7 options"):
        chunk_bounds(7, (2, 4))
    with pytest.raises(InvalidInputError, match="chunks must be >= 1, got 0"):
        chunk_bounds(7, 0)
    seeds = chunk_seeds(3, 4)
    assert [s.spawn_key for s in seeds] == [(0,), (1,), (2,), (3,)]
    assert all(s.entropy == 3 for s in seeds)
    ss = np.random.SeedSequence(9)
    # the same SeedSequence gives the same children on every call
    assert [c.generate_state(2).tolist() for c in chunk_seeds(ss, 2)] == \
        [c.generate_state(2).tolist() for c in chunk_seeds(ss, 2)]
    with pytest.raises(InvalidInputError, match="rng must be"):
        chunk_seeds(-1, 2)


@pytest.mark.parametrize("chunks", [1, 5, 16, N, (10, 27)])
def test_value_patents_chunks_identical_to_whole(chunks):
    whole = pricing.value_patents(S, K, LIFE, VOL, 0.05, american=True, steps=120)
    part = pricing.value_patents(S, K, LIFE, VOL, 0.05, american=True, steps=120, chunks=chunks)
    lazy = pricing.value_patents(da.from_array(S, chunks=chunks if chunks != (10, 27) else
                                               ((10, 27),)), K, LIFE, VOL, 0.05,
                                 american=True, steps=120)
    for f in FIELDS:
        assert np.array_equal(getattr(part, f), getattr(whole, f)), f
        assert np.array_equal(getattr(lazy, f), getattr(whole, f)), f


def test_value_patents_chunks_reference_and_ids():
    # the docstring's option: S=100, K=80, T=10, sigma=0.35, r=0.05, delta=0.10:
    # d1 = [ln(1.25) + (0.05 - 0.10 + 0.06125) * 10] / (0.35 * sqrt(10)) = 0.30326,
    # d2 = d1 - 1.10680 = -0.80354; V = 100 e^-1 N(d1) - 80 e^-0.5 N(d2) = 12.547
    v = pricing.value_patents([100, 100], [80, 80], 10, 0.35, 0.05, leakage=0.10,
                              chunks=1, patents=["US-1", "US-2"])
    assert np.round(v.european, 3).tolist() == [12.547, 12.547]
    assert v.patents == ("US-1", "US-2")
    with pytest.raises(InvalidInputError, match="patents has 1 ids for 2 patents"):
        pricing.value_patents([100, 100], 80, 10, 0.35, 0.05, chunks=1, patents=["US-1"])
    with pytest.raises(InvalidInputError, match=r"in chunk 1: options 2 to 3"):
        pricing.value_patents([100, 100, 100, -1], 80, 10, 0.35, 0.05, chunks=2)


def test_monte_carlo_chunk_k_is_its_own_call_with_the_spawned_seed():
    chunks = (8, 8, 4)
    res = pricing.monte_carlo(S[:20], K[:20], 1.0, 0.05, VOL[:20], paths=800, rng=42,
                              chunks=chunks)
    children = np.random.SeedSequence(42).spawn(3)
    lo = 0
    for k, size in enumerate(chunks):
        alone = pricing.monte_carlo(S[lo:lo + size], K[lo:lo + size], 1.0, 0.05,
                                    VOL[lo:lo + size], paths=800, rng=children[k])
        assert np.array_equal(res.price[lo:lo + size], alone.price)
        assert np.array_equal(res.stderr[lo:lo + size], alone.stderr)
        lo += size
    lazy = pricing.monte_carlo(da.from_array(S[:20], chunks=(chunks,)), K[:20], 1.0, 0.05,
                               VOL[:20], paths=800, rng=42)
    assert np.array_equal(lazy.price, res.price) and np.array_equal(lazy.stderr, res.stderr)
    assert res.paths == lazy.paths == 800


def test_monte_carlo_chunks_still_price_right():
    # Black-Scholes call S=K=100, T=1, r=0.05, sigma=0.2: 10.4506 (Hull, Example 15.6)
    res = pricing.monte_carlo([100.0] * 4, 100, 1, 0.05, 0.2, paths=40_000, rng=3, chunks=2)
    assert np.all(np.abs(res.price - 10.4506) < 4 * res.stderr)
    # scalar in, scalar out
    one = pricing.monte_carlo(100, 100, 1, 0.05, 0.2, paths=2_000, rng=1, chunks=1)
    assert isinstance(one.price, float)

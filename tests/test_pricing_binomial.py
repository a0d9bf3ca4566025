import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poolcalc.pricing import binomial, black_scholes
from tests.strategies_pricing import kinds, options


def slow_crr(S, K, T, r, v, q, kind, american, steps):
    """Plain-Python CRR lattice, node by node (oracle)."""
    dt = T / steps
    u = math.exp(v * math.sqrt(dt))
    d = 1 / u
    p = (math.exp((r - q) * dt) - d) / (u - d)
    disc = math.exp(-r * dt)
    w = 1 if kind == "call" else -1
    vals = [max(w * (S * u**i * d ** (steps - i) - K), 0.0) for i in range(steps + 1)]
    for j in range(steps - 1, -1, -1):
        for i in range(j + 1):
            cont = disc * (p * vals[i + 1] + (1 - p) * vals[i])
            ex = max(w * (S * u**i * d ** (j - i) - K), 0.0)
            vals[i] = max(cont, ex) if american else cont
    return vals[0]


# --- literature values -------------------------------------------------------------------
def test_crr_european_1000_steps():
    # Cox, Ross and Rubinstein (1979) with 1000 steps for S = K = 100, r = 5%, sigma = 20%,
    # T = 1: 10.4486, converging from below to Black and Scholes's (1973) 10.4506
    # (d1 = (0.05 + 0.02) / 0.2 = 0.35, d2 = 0.15: 100 N(0.35) - 100 e^{-0.05} N(0.15)
    #  = 63.6831 - 95.1229 x 0.559618 = 10.4506); the node-by-node oracle below checks
    # the lattice itself
    assert binomial(100, 100, 1, 0.05, 0.2, steps=1000) == pytest.approx(10.4486, abs=5e-5)


def test_hull_american_put():
    # Hull: American put on the 42/40 example is about 0.91 (European 0.81)
    assert round(binomial(42, 40, 0.5, 0.10, 0.20, kind="put", american=True), 2) == 0.91


@pytest.mark.parametrize("method", ["crr", "lr", "bbsr"])
def test_american_put_continuous_exercise(method):
    # 4.4866: American put S=36, K=40, r=6%, sigma=20%, T=1 (continuous exercise limit)
    val = binomial(36, 40, 1, 0.06, 0.2, kind="put", american=True, method=method)
    assert val == pytest.approx(4.4866, rel=1e-3)


def test_american_put_richardson_high_accuracy():
    val = binomial(36, 40, 1, 0.06, 0.2, kind="put", american=True, method="bbsr", steps=2000)
    assert val == pytest.approx(4.4866, abs=2e-4)


def test_patent_case_european_vs_american():
    # S=100, K=80, r=5%, sigma=35%, T=10, delta=10%: European 12.547 by hand
    # (test_pricing_patent) vs CRR(1000) 28.018: with leakage, early exercise pays
    kw = dict(dividend=0.10)
    assert binomial(100, 80, 10, 0.05, 0.35, american=True, steps=1000, **kw) == pytest.approx(
        28.018, abs=5e-4
    )
    assert binomial(100, 80, 10, 0.05, 0.35, steps=1000, **kw) == pytest.approx(12.547, abs=5e-3)
    # the default steps are within 1e-3 relative of the converged value (about 28.028)
    assert binomial(100, 80, 10, 0.05, 0.35, american=True, **kw) == pytest.approx(28.028, rel=1e-3)


def test_maturity_zero_and_shape():
    out = binomial(
        [[90.0], [110.0]], [100.0, 95.0], [0.0, 1.0], 0.05, 0.2, kind="put", american=True
    )
    assert out.shape == (2, 2)
    assert out[0, 0] == 10.0 and out[1, 0] == 0.0
    assert isinstance(binomial(100, 100, 1, 0.05, 0.2, steps=10), float)


# --- fast vs slow oracle -------------------------------------------------------------------
@settings(max_examples=25)
@given(options(), kinds, st.booleans(), st.integers(min_value=1, max_value=40))
def test_vectorised_lattice_matches_node_by_node(o, kind, american, steps):
    args = (o["spot"], o["strike"], o["maturity"], o["rate"], o["volatility"], o["dividend"])
    dt = o["maturity"] / steps
    p = (
        math.exp((o["rate"] - o["dividend"]) * dt) - math.exp(-o["volatility"] * math.sqrt(dt))
    ) / (math.exp(o["volatility"] * math.sqrt(dt)) - math.exp(-o["volatility"] * math.sqrt(dt)))
    if not 0 < p < 1:
        return
    slow = slow_crr(*args, kind, american, steps)
    fast = binomial(*args[:5], dividend=args[5], kind=kind, american=american, steps=steps)
    assert fast == pytest.approx(slow, rel=1e-9, abs=1e-10 * o["spot"])


def test_blocks_and_threads_agree_with_one_by_one():
    rng = np.random.default_rng(3)
    n = 700  # several cache blocks
    S, K = rng.uniform(50, 150, n), rng.uniform(50, 150, n)
    T, v = rng.uniform(0.1, 2, n), rng.uniform(0.1, 0.6, n)
    a = binomial(S, K, T, 0.04, v, kind="put", american=True, steps=200, threads=2)
    b = binomial(S, K, T, 0.04, v, kind="put", american=True, steps=200, threads=1)
    np.testing.assert_array_equal(a, b)
    for i in range(0, n, 97):
        one = binomial(S[i], K[i], T[i], 0.04, v[i], kind="put", american=True, steps=200)
        assert a[i] == pytest.approx(one, rel=1e-13)


# --- properties --------------------------------------------------------------------------
@settings(max_examples=25)
@given(options(), kinds)
def test_american_at_least_european(o, kind):
    eu = binomial(**o, kind=kind, steps=100)
    am = binomial(**o, kind=kind, american=True, steps=100)
    assert am >= eu - 1e-12 * o["spot"]
    intrinsic = (
        max(o["spot"] - o["strike"], 0) if kind == "call" else max(o["strike"] - o["spot"], 0)
    )
    assert am >= intrinsic - 1e-12 * o["spot"]


@settings(max_examples=25)
@given(options())
def test_american_call_without_dividends_is_european(o):
    o = {**o, "dividend": 0.0, "rate": abs(o["rate"])}
    am = binomial(**o, american=True, steps=100)
    eu = binomial(**o, steps=100)
    assert am == pytest.approx(eu, rel=1e-12, abs=1e-12 * o["spot"])


@settings(max_examples=20)
@given(options(moneyness=1.5), kinds, st.sampled_from(["crr", "lr", "bbsr"]))
def test_european_converges_to_black_scholes(o, kind, method):
    bs = black_scholes(**o, kind=kind)
    tol = {"crr": 2e-3, "lr": 1e-5, "bbsr": 1e-4}[method] * o["spot"]
    assert binomial(**o, kind=kind, steps=801, method=method) == pytest.approx(bs, abs=tol)


def test_crr_error_shrinks_with_steps():
    bs = black_scholes(100, 100, 1, 0.05, 0.2)
    errs = [abs(binomial(100, 100, 1, 0.05, 0.2, steps=n) - bs) for n in (50, 200, 800)]
    assert errs[0] > errs[1] > errs[2]
    assert errs[2] < 3e-3


@pytest.mark.parametrize("kind", ["call", "put"])
@pytest.mark.parametrize("method", ["crr", "bbsr"])
def test_truncated_lattice_equals_full_lattice(monkeypatch, kind, method):
    import poolcalc.pricing._binomial as mod

    rng = np.random.default_rng(9)
    n = 60
    S, K = rng.uniform(20, 200, n), rng.uniform(50, 150, n)
    T, v = rng.uniform(0.1, 5, n), rng.uniform(0.03, 1.0, n)
    r, q = rng.uniform(-0.01, 0.15, n), rng.uniform(0, 0.12, n)
    v[:5] = 0.03  # strong drift relative to volatility
    args = (S, K, T, r, v)
    kw = dict(dividend=q, kind=kind, american=True, steps=600, method=method, threads=1)
    cut = binomial(*args, **kw)
    monkeypatch.setattr(mod, "_TRUNCATE_SD", 1e9)
    full = binomial(*args, **kw)
    np.testing.assert_allclose(cut, full, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("method,steps", [("crr", 500), ("crr", 101), ("bbsr", 300)])
def test_put_exercise_skip_is_bit_for_bit_the_general_loop(monkeypatch, method, steps):
    # the American-put kernel (_binomial_put.py) leaves the rows deep in the exercise
    # region at K - S instead of recomputing max(continuation, K - S); the general loop
    # (_SKIP_EXERCISED = False, the code before) must give the same bits, across deep
    # in/out of the money, strong drift (v = 0.03), negative rates and big dividends
    import poolcalc.pricing._binomial as mod

    rng = np.random.default_rng(11)
    n = 700  # several blocks
    S, K = rng.uniform(20, 200, n), rng.uniform(50, 150, n)
    T, v = rng.uniform(0.05, 5, n), rng.uniform(0.03, 1.0, n)
    r, q = rng.uniform(-0.01, 0.15, n), rng.uniform(0, 0.12, n)
    v[:7] = 0.03
    kw = dict(dividend=q, kind="put", american=True, steps=steps, method=method)
    fast = binomial(S, K, T, r, v, **kw)
    monkeypatch.setattr(mod, "_SKIP_EXERCISED", False)
    # the same blocks of options (the put kernel uses blocks twice as wide; a block's
    # truncation window moves values below 1e-30 with its composition)
    monkeypatch.setattr(mod, "_BLOCK_BYTES", 2 * mod._BLOCK_BYTES)
    general = binomial(S, K, T, r, v, **kw)
    np.testing.assert_array_equal(fast, general)


def test_put_exercise_skip_small_lattice_by_hand():
    # 2-step CRR American put S = K = 100, T = 1, r = 5%, sigma = 30%, q = 0:
    # dt = 0.5, u = e^{0.3 sqrt(0.5)} = 1.236311, d = 0.808858, e^{r dt} = 1.025315,
    # p = (1.025315 - 0.808858) / (1.236311 - 0.808858) = 0.506393; disc = 0.975310.
    # Leaves: S d^2 = 65.4251 -> 34.5749, S = 100 -> 0, S u^2 -> 0.
    # disc (1 - p) = 0.975310 x 0.493607 = 0.481420.
    # Down node S d = 80.8858: continuation 0.481420 x 34.5749 = 16.645,
    # exercise 19.1142 -> exercised.  Up node: 0.
    # Root: max(0.481420 x 19.1142, 0) = 9.2020.
    val = binomial(100, 100, 1, 0.05, 0.3, kind="put", american=True, steps=2)
    assert val == pytest.approx(9.2020, abs=2e-4)

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from poolcalc.errors import InvalidInputError
from poolcalc.pricing import black_scholes, greeks, implied_volatility
from tests.strategies_pricing import kinds, options


def slow_bs(S, K, T, r, v, q, kind):
    """Plain-Python Black-Scholes-Merton (math.erf) as an oracle."""
    if T == 0:
        return max(S - K, 0.0) if kind == "call" else max(K - S, 0.0)
    N = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
    d1 = (math.log(S / K) + (r - q + v * v / 2) * T) / (v * math.sqrt(T))
    d2 = d1 - v * math.sqrt(T)
    if kind == "call":
        return S * math.exp(-q * T) * N(d1) - K * math.exp(-r * T) * N(d2)
    return K * math.exp(-r * T) * N(-d2) - S * math.exp(-q * T) * N(-d1)


# --- literature values -------------------------------------------------------------------
def test_hull_example():
    # Hull, Options, Futures and Other Derivatives, Example 15.6: 4.76 and 0.81
    assert round(black_scholes(42, 40, 0.5, 0.10, 0.20), 2) == 4.76
    assert round(black_scholes(42, 40, 0.5, 0.10, 0.20, kind="put"), 2) == 0.81


def test_domain_3_2_vectors():
    assert black_scholes(100, 100, 1, 0.05, 0.20) == pytest.approx(10.4506, abs=5e-5)
    assert black_scholes(100, 100, 1, 0.05, 0.20, dividend=0.05) == pytest.approx(7.5771, abs=5e-5)
    assert black_scholes(100, 80, 10, 0.05, 0.35, dividend=0.10) == pytest.approx(12.547, abs=5e-4)


def test_scalar_in_float_out_and_shapes():
    assert isinstance(black_scholes(100, 100, 1, 0.05, 0.2), float)
    out = black_scholes(np.full((3, 1), 100.0), [90.0, 100.0], 1, 0.05, 0.2)
    assert out.shape == (3, 2)


def test_maturity_zero_is_intrinsic():
    out = black_scholes([90.0, 110.0], 100.0, 0.0, 0.05, 0.2)
    np.testing.assert_array_equal(out, [0.0, 10.0])
    out = black_scholes([90.0, 110.0], 100.0, [0.0, 1.0], 0.05, 0.2, kind="put")
    assert out[0] == 10.0 and out[1] == pytest.approx(slow_bs(110, 100, 1, 0.05, 0.2, 0, "put"))


def test_large_array_matches_slow_oracle_and_threads_agree():
    rng = np.random.default_rng(5)
    n = 70_000  # above the threading threshold
    S = rng.uniform(20, 200, n)
    K = rng.uniform(20, 200, n)
    T = rng.uniform(0.0, 3, n)
    T[::97] = 0.0
    v = rng.uniform(0.05, 0.8, n)
    a = black_scholes(S, K, T, 0.03, v, dividend=0.01, threads=1)
    b = black_scholes(S, K, T, 0.03, v, dividend=0.01, threads=2)
    np.testing.assert_array_equal(a, b)
    for i in range(0, n, 7001):
        assert a[i] == pytest.approx(
            slow_bs(S[i], K[i], T[i], 0.03, v[i], 0.01, "call"), rel=1e-10, abs=1e-10
        )


def test_thread_counts_and_auto_choice_give_identical_arrays():
    # not timed: the slab split must not change a single bit of any price
    from poolcalc.pricing._bs_kernel import _AUTO_MIN, auto_threads

    rng = np.random.default_rng(11)
    n = _AUTO_MIN + 12_345  # above the auto threshold, not a multiple of the chunk
    S = rng.uniform(20, 200, n)
    K = rng.uniform(20, 200, n)
    T = rng.uniform(0.0, 3, n)
    T[::89] = 0.0
    v = rng.uniform(0.05, 0.8, n)
    q = rng.uniform(0.0, 0.05, n)
    for kind in ("call", "put"):
        one = black_scholes(S, K, T, 0.03, v, dividend=q, kind=kind, threads=1)
        for threads in (2, 3, None):
            other = black_scholes(S, K, T, 0.03, v, dividend=q, kind=kind, threads=threads)
            np.testing.assert_array_equal(one, other)
    # scalar strike, maturity, rate and dividend (the benchmark's case)
    one = black_scholes(S, 100.0, 1.0, 0.05, v, dividend=0.02, threads=1)
    np.testing.assert_array_equal(one, black_scholes(S, 100.0, 1.0, 0.05, v, dividend=0.02))
    np.testing.assert_array_equal(
        one, black_scholes(S, 100.0, 1.0, 0.05, v, dividend=0.02, threads=2)
    )
    assert auto_threads(_AUTO_MIN - 1) == 1
    assert 1 <= auto_threads(n) <= 2


@pytest.mark.parametrize("kind", ["call", "put"])
@pytest.mark.parametrize("mask", range(64))
def test_every_scalar_array_mix_matches_slow_oracle(mask, kind):
    # each of the six inputs either a scalar or an array: every branch of the kernel
    rng = np.random.default_rng(mask)
    n = 9
    arrays = {
        "S": rng.uniform(20, 200, n),
        "K": rng.uniform(20, 200, n),
        "T": np.r_[0.0, rng.uniform(0.05, 3, n - 1)],
        "r": rng.uniform(-0.02, 0.1, n),
        "v": rng.uniform(0.05, 0.8, n),
        "q": np.r_[0.0, rng.uniform(0.0, 0.05, n - 1)],
    }
    scalars = {
        "S": 95.0,
        "K": 105.0,
        "T": 0.75,
        "r": 0.04,
        "v": 0.3,
        "q": 0.0 if mask & 1 else 0.02,
    }
    args = [arrays[k] if mask >> i & 1 else scalars[k] for i, k in enumerate("SKTrvq")]
    got = np.broadcast_to(black_scholes(*args[:5], dividend=args[5], kind=kind), (n,))
    el = [np.broadcast_to(a, (n,)) for a in args]
    for i in range(n):
        want = slow_bs(*(float(a[i]) for a in el), kind)
        assert got[i] == pytest.approx(want, rel=1e-12, abs=1e-12 * el[0][i])


@pytest.mark.parametrize("threads", [0, -1, 1.5, True])
def test_bad_thread_count(threads):
    with pytest.raises(InvalidInputError, match="threads must be an integer >= 1"):
        black_scholes(100, 100, 1, 0.05, 0.2, threads=threads)


# --- properties --------------------------------------------------------------------------
@given(options())
def test_put_call_parity(o):
    c = black_scholes(**o)
    p = black_scholes(**o, kind="put")
    S, K, T, r, q = o["spot"], o["strike"], o["maturity"], o["rate"], o["dividend"]
    rhs = S * math.exp(-q * T) - K * math.exp(-r * T)
    assert c - p == pytest.approx(rhs, abs=1e-9 * max(S, K))


@given(options(), kinds)
def test_matches_slow_oracle(o, kind):
    fast = black_scholes(**o, kind=kind)
    slow = slow_bs(
        o["spot"], o["strike"], o["maturity"], o["rate"], o["volatility"], o["dividend"], kind
    )
    assert fast == pytest.approx(slow, rel=1e-9, abs=1e-9 * o["spot"])


@given(options(moneyness=1.5), kinds)
def test_greeks_against_finite_differences(o, kind):
    g = greeks(**o, kind=kind)

    def f(**change):
        return black_scholes(**{**o, **change}, kind=kind)

    S, v, T, r = o["spot"], o["volatility"], o["maturity"], o["rate"]
    hS, hv, hT, hr = 1e-4 * S, 1e-5, 1e-6, 1e-6
    scale = max(S, o["strike"])
    assert g.delta == pytest.approx(
        (f(spot=S + hS) - f(spot=S - hS)) / (2 * hS), rel=1e-5, abs=1e-5
    )
    assert g.gamma == pytest.approx(
        (f(spot=S + hS) - 2 * f() + f(spot=S - hS)) / hS**2, rel=1e-3, abs=1e-4 / S
    )
    assert g.vega == pytest.approx(
        (f(volatility=v + hv) - f(volatility=v - hv)) / (2 * hv), abs=1e-5 * scale
    )
    assert g.theta == pytest.approx(
        -(f(maturity=T + hT) - f(maturity=T - hT)) / (2 * hT), abs=1e-4 * scale
    )
    assert g.rho == pytest.approx((f(rate=r + hr) - f(rate=r - hr)) / (2 * hr), abs=1e-4 * scale)


@given(options(moneyness=1.5), kinds, st.floats(min_value=0.05, max_value=1.5))
def test_implied_volatility_round_trip(o, kind, sigma):
    o = {**o, "volatility": sigma}
    price = black_scholes(**o, kind=kind)
    args = {k: o[k] for k in ("spot", "strike", "maturity", "rate", "dividend")}
    lower = max(
        (
            o["spot"] * math.exp(-o["dividend"] * o["maturity"])
            - o["strike"] * math.exp(-o["rate"] * o["maturity"])
        )
        * (1 if kind == "call" else -1),
        0,
    )
    if price - lower < 1e-6 * o["spot"]:
        return  # time value lost to rounding: no volatility can be recovered
    iv = implied_volatility(price, **args, kind=kind)
    assert black_scholes(**{**args, "volatility": iv}, kind=kind) == pytest.approx(
        price, abs=1e-9 * o["spot"]
    )
    vega = greeks(**o, kind=kind).vega
    if vega > 1e-3 * o["spot"]:
        assert iv == pytest.approx(sigma, rel=1e-6)


def test_implied_volatility_vectorised_and_extreme():
    S, K, T = np.array([100.0, 100, 100, 50]), np.array([100.0, 150, 95, 400]), 1.0
    sig = np.array([0.2, 0.9, 0.05, 3.0])
    p = black_scholes(S, K, T, 0.02, sig)
    np.testing.assert_allclose(implied_volatility(p, S, K, T, 0.02), sig, rtol=1e-8)


@pytest.mark.parametrize("price", [0.0, 100.0, 120.0, 1.0])
def test_implied_volatility_outside_bounds(price):
    # call bounds for S=100, K=50, T=1, r=0: (50, 100)
    with pytest.raises(InvalidInputError, match="no-arbitrage bounds"):
        implied_volatility(price, 100, 50, 1, 0.0)


def test_implied_volatility_bad_index_named():
    with pytest.raises(InvalidInputError, match="at index 1"):
        implied_volatility([10.0, 200.0], 100, 100, 1, 0.0)
    with pytest.raises(InvalidInputError, match="maturity must be > 0"):
        implied_volatility(10.0, 100, 100, 0.0, 0.0)


def test_empty_and_broadcast_scalars():
    from poolcalc.pricing import binomial

    assert black_scholes([], 100, 1, 0.05, 0.2).shape == (0,)
    assert binomial(np.empty((0, 3)), 100, 1, 0.05, 0.2).shape == (0, 3)
    # a broadcast (zero-stride) view prices like the scalar it repeats
    K = np.broadcast_to(100.0, (5,))
    S = np.linspace(80, 120, 5)
    np.testing.assert_array_equal(
        black_scholes(S, K, 1, 0.05, 0.2), black_scholes(S, 100.0, 1, 0.05, 0.2)
    )


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")
def test_threaded_pricing_works_in_a_forked_child():
    # the module-level pool's threads do not survive fork: the child must not hang
    import multiprocessing as mp

    S = np.linspace(50, 150, 300_000)
    want = black_scholes(S, 100, 1, 0.05, 0.2, threads=2)
    ctx = mp.get_context("fork")
    with ctx.Pool(1) as pool:
        got = pool.apply_async(_price_in_child, (S,)).get(timeout=60)
    np.testing.assert_array_equal(got, want)


def _price_in_child(S):
    return black_scholes(S, 100, 1, 0.05, 0.2, threads=2)


@pytest.mark.parametrize("threads", [1, 2])
def test_errstate_of_the_caller_applies_on_every_thread(threads):
    # sigma sqrt(T) underflows only for the last options, which a pool thread prices
    n = 300_000
    S, v, T = np.full(n, 101.0), np.full(n, 0.2), np.full(n, 1.0)
    v[-3:], T[-3:] = 1e-200, 1e-300
    with np.errstate(under="raise"), pytest.raises(FloatingPointError, match="underflow"):
        black_scholes(S, 100.0, T, 0.0, v, threads=threads)


@pytest.mark.parametrize("kind", ["call", "put"])
def test_chunks_taken_by_any_thread_give_the_same_bits(monkeypatch, kind):
    # the threads take chunks from one shared counter, in whatever order they run: with
    # many small chunks (and more threads than cores) no price may change by a bit
    import poolcalc.pricing._bs_kernel as kernel

    monkeypatch.setattr(kernel, "_CHUNK", 1_000)
    rng = np.random.default_rng(17)
    n = 60_017
    S, K = rng.uniform(20, 200, n), rng.uniform(20, 200, n)
    T, v = rng.uniform(0.01, 3, n), rng.uniform(0.05, 0.8, n)
    one = black_scholes(S, K, T, 0.03, v, dividend=0.01, kind=kind, threads=1)
    for threads in (2, 4, 7):
        np.testing.assert_array_equal(
            one, black_scholes(S, K, T, 0.03, v, dividend=0.01, kind=kind, threads=threads)
        )
    for i in range(0, n, 6001):
        assert one[i] == pytest.approx(
            slow_bs(S[i], K[i], T[i], 0.03, v[i], 0.01, kind), rel=1e-10, abs=1e-10
        )

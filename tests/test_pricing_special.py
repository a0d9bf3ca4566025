"""The rational normal tail of the Black-Scholes kernel (issue 11) against scipy and tables.

``gauss_tail_ratio`` gives g(z) = Phi(-z) exp(z^2 / 2); the kernel prices with
Phi(e) = H(e) - sign(e) exp(-e^2/2) g(|e|) and the identity
S e^{-qT} phi(d1) = K e^{-rT} phi(d2).  Checked against the direct formula with
``scipy.special.ndtr`` (the kernel before issue 11) and against printed values.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import erfcx, ndtr

from poolcalc.pricing import black_scholes
from poolcalc.pricing._special import GAUSS_RATIO_ROWS, gauss_tail_ratio


def _g(x):
    x = np.ascontiguousarray(x, dtype=np.float64)
    rows = np.ones((GAUSS_RATIO_ROWS, x.size))
    return gauss_tail_ratio(x, rows, np.empty((4, x.size))).copy()


def _phi(x):
    """Phi(x) from the ratio: H(x) - sign(x) e^{-x^2/2} g(|x|)."""
    x = np.asarray(x, dtype=np.float64)
    t = np.exp(-0.5 * x * x) * _g(x)
    return np.where(np.signbit(x), t, 1.0 - t)


def test_table_values():
    # Abramowitz and Stegun (1964), Table 26.1 (P(x) = Phi(x)), and 26.2.x tail values:
    # Phi(1) = 0.841344746068543, Phi(2) = 0.977249868051821, Phi(3) = 0.998650101968370,
    # Phi(-5) = 2.866515718791939e-07 (Q(5) in Table 26.1's tail column).
    got = _phi([1.0, 2.0, 3.0, -5.0, 0.0])
    ref = [0.841344746068543, 0.977249868051821, 0.998650101968370, 2.866515718791939e-07, 0.5]
    np.testing.assert_allclose(got, ref, rtol=2e-15, atol=0)


def test_ratio_keeps_the_asymptote():
    # g(z) = Phi(-z) e^{z^2/2} ~ (1 - 1/z^2 + 3/z^4 - 15/z^6) / (z sqrt(2 pi)) (A&S 26.2.12),
    # whose truncation error at z >= 100 is below 105/z^8 = 1e-14
    z = np.array([100.0, 1e3, 1e6, 1e30, 1e300, np.inf])
    y = z[:4]
    series = (1 - 1 / y**2 + 3 / y**4 - 15 / y**6) / (y * np.sqrt(2 * np.pi))
    got = _g(z)
    np.testing.assert_allclose(got[:4], series, rtol=4e-12)
    # |x| is capped at 1e30: g(1e300) and g(inf) (true values 4e-301 and 0) are g(1e30)
    assert np.all(np.isfinite(got)) and np.all(got > 0)
    assert got[5] == got[4] == got[3] < 1 / (1e30 * np.sqrt(2 * np.pi))


def test_ratio_matches_scipy_to_a_few_ulps_on_the_whole_range():
    z = np.linspace(0.0, 37.0, 100_001)  # ndtr(-z) is subnormal beyond 37.5
    tail = ndtr(-z)  # relative accuracy in the tail, the quantity g carries
    ours = np.exp(-0.5 * z * z) * _g(z)
    # a few ulps, plus the rounding of z^2 in exp(-z^2/2) on both sides (scipy's own
    # tail error reaches 1.0e-14 at z = 7.6 against a 40-digit mpmath value; ours 2.1e-15)
    err = np.abs(ours / tail - 1)
    assert np.all(err <= 2e-15 + 2.5e-16 * z * z), float(err.max())
    small = z <= 2.0
    assert err[small].max() < 2e-15
    # the sign is read from the argument: g(-z) = g(z), -0.0 as +0.0
    np.testing.assert_array_equal(_g(-z), _g(z))
    assert _g(np.array([-0.0]))[0] == _g(np.array([0.0]))[0]


def _direct(S, K, T, r, v, q, call):
    """The kernel before issue 11: w (S e^{-qT} N(w d1) - K e^{-rT} N(w d2))."""
    w = 1.0 if call else -1.0
    s = v * np.sqrt(T)
    d1 = (np.log(S / K) + (r - q) * T) / s + 0.5 * s
    a, b = S * np.exp(-q * T), K * np.exp(-r * T)
    return np.maximum(w * (a * ndtr(w * d1) - b * ndtr(w * (d1 - s))), 0.0)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(["call", "put"]),
    scalar=st.sampled_from(["none", "KTrq", "all but S"]),
)
def test_kernel_matches_direct_formula(seed, kind, scalar):
    rng = np.random.default_rng(seed)
    n = 3_000
    S = rng.uniform(20, 200, n)
    K = rng.uniform(20, 200, n) if scalar == "none" else np.full(n, 100.0)
    T = rng.uniform(0.05, 5.0, n) if scalar == "none" else np.full(n, 1.5)
    r = rng.uniform(-0.02, 0.15, n) if scalar == "none" else np.full(n, 0.04)
    q = rng.uniform(0.0, 0.1, n) if scalar == "none" else np.full(n, 0.02)
    v = rng.uniform(0.1, 0.8, n) if scalar != "all but S" else np.full(n, 0.3)
    args = (S, K, T, r, v) if scalar == "none" else (S, 100.0, 1.5, 0.04, v)
    got = black_scholes(*args, dividend=q if scalar == "none" else 0.02, kind=kind)
    ref = _direct(S, K, T, r, v, q, kind == "call")
    # relative 1e-12 where the price carries information (above 1e-9 of the spot);
    # below that both are cancellation noise of the same size
    big = ref > 1e-9 * S
    np.testing.assert_allclose(got[big], ref[big], rtol=1e-12, atol=0)
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-12 * S.max())


def test_far_tails_match_the_direct_formula():
    # |d| > 8 and > 38 (where Phi(-|d|) is subnormal or 0): deep in and out
    # of the money, tiny and huge volatility.  At d = -23 (a price of 1e-117) one ulp of
    # d moves the price by 23 * 23 * 2.2e-16 = 1.2e-13 relative and the two formulas
    # round d differently; with sigma = 1e-3 the cancellation adds |d| / sigma sqrt T
    # (d = 10: 1e4 more, so 1e-8 for the put at S = 100, K = 99, a price of 3.5e-201).
    S = np.array([1e-5, 1e5, 1.0, 1000.0, 100.0, 100.0, 100.0, 100.0, 100.0])
    v = np.array([0.2, 0.2, 0.2, 0.2, 1e-3, 1e-3, 5.0, 60.0, 200.0])
    K = np.array([100.0, 100.0, 100.0, 100.0, 101.0, 99.0, 100.0, 1e-3, 50.0])
    for kind in ("call", "put"):
        got = black_scholes(S, K, 1.0, 0.03, v, dividend=0.01, kind=kind)
        ref = _direct(S, K, 1.0, 0.03, v, 0.01, kind == "call")
        big = ref > 1e-290 * S
        np.testing.assert_allclose(got[big], ref[big], rtol=1e-8, atol=0)
        # below 1e-290 of the spot both are rounding noise of subnormal numbers
        assert np.all(np.abs(got - ref)[~big] <= 1e-290 * S[~big])
        assert np.all(got >= 0)


@pytest.mark.parametrize("kind", ["call", "put"])
def test_both_sides_of_the_mixed_band(kind):
    # S e^{-qT} near K e^{-rT}: d2 < 0 <= d1, including d exactly 0 (Phi(0) = 1/2)
    S = np.linspace(95.0, 105.0, 2001)
    got = black_scholes(S, 100.0, 1.0, 0.0, 0.2, kind=kind)
    ref = _direct(S, 100.0, 1.0, 0.0, 0.2, 0.0, kind == "call")
    np.testing.assert_allclose(got, ref, rtol=1e-13)


def _pi(prec):
    """pi to ``prec`` digits (the decimal module documentation's recipe)."""
    with localcontext() as ctx:
        ctx.prec = prec + 2
        three = Decimal(3)
        lasts, t, s, n, na, d, da = 0, three, 3, 1, 0, 0, 24
        while s != lasts:
            lasts = s
            n, na = n + na, na + 8
            d, da = d + da, da + 32
            t = (t * n) / d
            s += t
    return +s


def _g_decimal(z):
    """g(z) = Phi(-z) e^{z^2/2} in decimal arithmetic, to about 30 significant digits.

    With x = z / sqrt 2, 2 g = e^{x^2} erfc(x) = e^{x^2} - e^{x^2} erf(x) and
    e^{x^2} erf(x) = (2 / sqrt pi) sum_n 2^n x^{2n+1} / (2n+1)!! (A&S 7.1.6, all terms
    positive); the difference cancels about x^2 / ln 10 digits, which the working
    precision covers.
    """
    z = Decimal(z)
    x2 = z * z / 2
    prec = 40 + int(x2 / Decimal("2.302585")) + 10
    with localcontext() as ctx:
        ctx.prec = prec
        x = x2.sqrt()
        term, total, n = x, x, 0
        eps = Decimal(10) ** (-prec + 5)
        while term > eps * total:
            n += 1
            term = term * 2 * x2 / (2 * n + 1)
            total += term
        two_g = x2.exp() - 2 / _pi(prec).sqrt() * total
        return float(two_g / 2)


@settings(max_examples=40, deadline=None)
@given(z=st.floats(0.0, 38.0))
def test_ratio_against_a_decimal_oracle(z):
    # the rational's fit error is 5.7e-17 and its evaluation a few ulps
    got = float(_g(np.array([z]))[0])
    assert abs(got / _g_decimal(z) - 1) < 1.5e-15


def test_ratio_against_the_decimal_oracle_on_a_grid():
    z = [0.0, 1e-8, 0.5, 1.0, 2.0, 3.5, 5.0, 7.6, 10.0, 15.0, 21.6296, 27.0, 33.0, 38.0]
    ref = np.array([_g_decimal(t) for t in z])
    np.testing.assert_allclose(_g(np.array(z)), ref, rtol=1.5e-15, atol=0)


def test_ratio_matches_scaled_erfc():
    # scipy.special.erfcx (the Faddeeva package; the kernel's g before the bs round):
    # g(z) = erfcx(z / sqrt 2) / 2; both are within a few ulps of the true value
    z = np.linspace(0.0, 38.0, 50_001)
    np.testing.assert_allclose(_g(z), 0.5 * erfcx(z / np.sqrt(2.0)), rtol=3e-15, atol=0)


def test_ratio_on_matmul_column_blocks_is_the_same(monkeypatch):
    # past _MATMUL_COLS columns the product runs on column blocks (OpenBLAS would split a
    # long product over its own threads): every column is the same 6-term dot product
    import poolcalc.pricing._special as special

    z = np.linspace(-40.0, 40.0, 20_011)
    whole = _g(z)
    monkeypatch.setattr(special, "_MATMUL_COLS", 4_096)  # five blocks, the last short
    blocks = _g(z)
    assert special.TailViews.of(np.ones((GAUSS_RATIO_ROWS, z.size)),
                                np.empty((4, z.size))).blocks[-1][0].shape == (6, 3_627)
    np.testing.assert_array_equal(blocks, whole)
    # and both against scipy's erfcx: g(z) = erfcx(|z| / sqrt 2) / 2
    ref = 0.5 * erfcx(np.abs(z) / np.sqrt(2.0))
    np.testing.assert_allclose(blocks, ref, rtol=1e-14)

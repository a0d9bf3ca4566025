"""Black-Scholes-Merton prices, greeks and implied volatility with continuous leakage.

All functions broadcast over their array arguments like numpy ufuncs and return a
float for all-scalar input, an ndarray otherwise.
"""

from __future__ import annotations

import contextvars
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtr

from poolcalc.errors import InvalidInputError
from poolcalc.pricing._validate import (
    as_float_array,
    broadcast_named,
    check_kind,
    check_positive_int,
    option_inputs,
    output,
)

__all__ = ["Greeks", "black_scholes", "greeks", "implied_volatility"]

_CHUNK = 1 << 14  # elements per chunk: the three 128 KiB work buffers stay in L2
_AUTO_MIN = 200_000  # threads=None: one thread below this many options
_AUTO_MAX_THREADS = 2  # threads=None: at most this many (the reference machine has 2)
_INV_SQRT_2PI = 0.3989422804014327

_pool: ThreadPoolExecutor | None = None
_pool_workers = 0
_pool_lock = threading.Lock()


def _executor(workers: int) -> ThreadPoolExecutor:
    """Module-level pool with at least ``workers`` threads, created once and reused."""
    global _pool, _pool_workers
    with _pool_lock:
        if _pool is None or _pool_workers < workers:
            old = _pool
            _pool = ThreadPoolExecutor(workers, thread_name_prefix="poolcalc-bs")
            _pool_workers = workers
            if old is not None:
                old.shutdown(wait=False)
        return _pool


def _forget_pool() -> None:
    """In a forked child the pool's threads do not exist: start afresh on next use."""
    global _pool, _pool_workers, _pool_lock
    _pool, _pool_workers, _pool_lock = None, 0, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def auto_threads(n: int) -> int:
    """Threads used by ``threads=None`` for ``n`` options.

    One below ``_AUTO_MIN`` options (dispatch and a busy neighbour cost more than a
    second thread saves), else ``min(_AUTO_MAX_THREADS, usable CPUs)``.
    """
    if n < _AUTO_MIN:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(_AUTO_MAX_THREADS, cpus))


def _flatten(arrays: tuple[NDArray[np.float64], ...]) -> tuple[list[Any], tuple[int, ...]]:
    """Broadcast scalars become Python floats, the others contiguous 1-D arrays.

    A broadcast scalar is a size-1 array or a broadcast view whose strides are all
    0: it is never copied out to full size.
    """
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    flat: list[Any] = []
    for a in arrays:
        if a.size == 1 or (a.size > 1 and not any(a.strides)):
            flat.append(float(a.flat[0]))
        else:
            flat.append(np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(-1))
    return flat, shape


def _c(x: float | None) -> NDArray[np.float64] | None:
    # a 0-d array: numpy resolves it faster than a Python float in every ufunc call
    return None if x is None else np.array(x)


@attrs.frozen
class _Plan:
    """Per-call constants of the chunk kernel.

    Every product of scalar inputs is computed once here, not once per chunk or
    per option, and kept as a 0-d array.  ``None`` marks a quantity that varies
    per option (computed in the chunk).
    """

    call: bool
    scalar: tuple[bool, ...]  # which of S, K, T, r, sigma, delta are scalars
    ssq: Any  # w sigma sqrt(T)  (w = +1 call, -1 put)
    wsqT: Any  # w sqrt(T)
    drift: Any  # (r - delta) T
    c: Any  # (r - delta) T - ln K
    seq: Any  # e^{-delta T} (None if it varies; 1 skips the pass)
    ker: Any  # K e^{-rT}
    er: Any  # e^{-rT}
    logS: float | None  # ln S
    logK: Any  # ln K


_HALF = np.array(0.5)
_ZERO = np.array(0.0)


def _plan(S, K, T, r, v, q, call: bool) -> _Plan:  # noqa: ANN001
    sc = tuple(isinstance(a, float) for a in (S, K, T, r, v, q))
    sS, sK, sT, sr, sv, sq = sc
    w = 1.0 if call else -1.0
    wsqT = w * math.sqrt(T) if sT else None
    ssq = v * wsqT if (sT and sv) else None
    drift = (r - q) * T if (sr and sq and sT) else None
    c = drift - math.log(K) if (drift is not None and sK) else None
    if drift == 0.0:
        drift = None  # no pass (the chunk adds a drift only if r, delta or T vary)
    seq = 1.0 if (sq and q == 0.0) else math.exp(-q * T) if (sq and sT) else None
    er = math.exp(-r * T) if (sr and sT) else None
    ker = K * er if (er is not None and sK) else None
    logS = math.log(S) if sS else None
    logK = math.log(K) if sK else None
    return _Plan(
        call,
        sc,
        _c(ssq),
        _c(wsqT),
        _c(drift),
        _c(c),
        _c(seq),
        _c(ker),
        _c(er),
        logS,
        _c(logK),
    )


def _bs_chunk(S, K, T, r, v, q, p: _Plan, out, a, b, c) -> None:  # noqa: ANN001
    r"""Price one chunk in place into ``out`` (all maturities > 0).

    Each argument is a 1-D array slice or a 0-d array (a broadcast scalar, see
    ``p.scalar``); ``a``, ``b`` and ``c`` are scratch buffers of the chunk's length
    (``c`` is used only when r, delta or T vary).  With the sign ``w = +1`` (call)
    or ``-1`` (put) folded into :math:`s = w\sigma\sqrt T`,
    :math:`w d_{1,2} = \ln(F/K)/s \pm s/2` needs no negation pass.  Per option:
    one log, two ``ndtr``, a sqrt and exps only for the inputs that vary, and
    (scalar K, T, r, delta) eight multiply/add passes plus the final clip.
    """
    sS, sK, sT, sr, sv, sq = p.scalar
    # s = w sigma sqrt(T) into a
    if p.ssq is not None:
        s: Any = p.ssq
    elif p.wsqT is not None:
        s = np.multiply(v, p.wsqT, out=a)
    else:
        s = np.sqrt(T, out=a)
        np.multiply(s, v, out=s)
        if not p.call:
            np.negative(s, out=s)
    # x = ln(S/K) + (r - delta) T into b
    if p.c is not None:
        if sS:
            b.fill(p.logS + float(p.c))
        else:
            np.log(S, out=b)
            np.add(b, p.c, out=b)
    else:
        if sK:
            if sS:
                b.fill(p.logS)
            else:
                np.log(S, out=b)
            np.subtract(b, p.logK, out=b)
        else:
            np.divide(S, K, out=b)
            np.log(b, out=b)
        if p.drift is not None:
            np.add(b, p.drift, out=b)
        elif not (sr and sq and sT):
            np.subtract(r, q, out=c)
            np.multiply(c, T, out=c)
            np.add(b, c, out=b)
    x = np.divide(b, s, out=b)  # w ln(F/K) / (sigma sqrt T)
    h = np.multiply(s, _HALF, out=a) if s is a else _HALF * s
    e1 = np.add(x, h, out=out)  # w d1
    e2 = np.subtract(x, h, out=b)  # w d2
    ndtr(e1, out=e1)
    ndtr(e2, out=e2)
    # S e^{-delta T} N(w d1) and K e^{-rT} N(w d2)
    np.multiply(e1, S, out=e1)
    if p.seq is None:
        np.multiply(q, T, out=c)
        np.negative(c, out=c)
        np.multiply(e1, np.exp(c, out=c), out=e1)
    elif float(p.seq) != 1.0:
        np.multiply(e1, p.seq, out=e1)
    if p.ker is not None:
        np.multiply(e2, p.ker, out=e2)
    else:
        np.multiply(e2, K, out=e2)
        if p.er is not None:
            np.multiply(e2, p.er, out=e2)
        else:
            np.multiply(r, T, out=c)
            np.negative(c, out=c)
            np.multiply(e2, np.exp(c, out=c), out=e2)
    if p.call:
        np.subtract(e1, e2, out=out)
    else:
        np.subtract(e2, e1, out=out)
    # rounding can leave a deep out-of-the-money value a hair below zero
    np.maximum(out, _ZERO, out=out)


def _bs_slab(flat: list[Any], lo: int, hi: int, p: _Plan, out: NDArray[np.float64]) -> None:
    """Price options ``lo:hi`` chunk by chunk with scratch buffers of its own."""
    m = min(_CHUNK, hi - lo)
    a, b, c = np.empty(m), np.empty(m), np.empty(m)
    sliced = [isinstance(x, np.ndarray) for x in flat]
    args = [x if s else np.array(x) for x, s in zip(flat, sliced, strict=True)]
    for i in range(lo, hi, _CHUNK):
        j = min(i + _CHUNK, hi)
        k = j - i
        chunk = [x[i:j] if s else x for x, s in zip(args, sliced, strict=True)]
        _bs_chunk(*chunk, p, out[i:j], a[:k], b[:k], c[:k])


def _bs_flat(flat: list[Any], n: int, call: bool, out: NDArray[np.float64], threads: int) -> None:
    """Price ``n`` options (maturities > 0) in cache-sized chunks, on ``threads`` threads.

    The chunks are split into ``threads`` contiguous slabs whose bounds are
    multiples of the chunk size, so every option goes through exactly the same
    chunk arithmetic whatever the thread count (results are bit-identical).  The
    calling thread prices the first slab while pool threads price the others:
    one task per thread, not one per chunk.
    """
    p = _plan(*flat, call)
    chunks = -(-n // _CHUNK)
    threads = max(1, min(threads, chunks))
    if threads == 1:
        _bs_slab(flat, 0, n, p, out)
        return
    bounds = [min(n, (chunks * t // threads) * _CHUNK) for t in range(threads + 1)]
    pool = _executor(threads - 1)
    # each task runs in a copy of the caller's context, so np.errstate applies there too
    futures = [
        pool.submit(
            contextvars.copy_context().run, _bs_slab, flat, bounds[t], bounds[t + 1], p, out
        )
        for t in range(1, threads)
    ]
    try:
        _bs_slab(flat, bounds[0], bounds[1], p, out)
    finally:
        for f in futures:
            f.result()


def _bs_price(
    S: NDArray[np.float64],
    K: NDArray[np.float64],
    T: NDArray[np.float64],
    r: NDArray[np.float64],
    v: NDArray[np.float64],
    q: NDArray[np.float64],
    call: bool,
    threads: int | None = 1,
) -> NDArray[np.float64]:
    """Kernel: broadcast arrays in, price array out (maturity 0 gives intrinsic value).

    ``threads=None`` picks :func:`auto_threads` of the option count.
    """
    zero = T == 0.0
    anyzero = bool(zero.any())
    if anyzero:
        T = np.where(zero, 1.0, T)
    flat, shape = _flatten((S, K, T, r, v, q))
    n = math.prod(shape)
    out = np.empty(n)
    _bs_flat(flat, n, call, out, auto_threads(n) if threads is None else threads)
    out = out.reshape(shape)
    if anyzero:
        zero = np.broadcast_to(zero, shape)
        intrinsic = np.maximum(S - K, 0.0) if call else np.maximum(K - S, 0.0)
        out = np.where(zero, np.broadcast_to(intrinsic, shape), out)
    return out.reshape(shape)


def black_scholes(
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
    threads: int | None = None,
) -> Any:
    r"""Black-Scholes-Merton value of a European option with continuous leakage.

    Parameters
    ----------
    spot : array_like
        Value of the underlying S (for a patent: present value of its expected
        cash flows) [currency], > 0.
    strike : array_like
        Exercise price K (cost of commercialising or standardising) [currency], > 0.
    maturity : array_like
        Time to expiry T [years], >= 0.  T = 0 gives the intrinsic value.
    rate : array_like
        Continuously compounded risk-free rate r [1/year].
    volatility : array_like
        Volatility sigma of the underlying [1/sqrt(year)], > 0.
    dividend : array_like, optional
        Continuous dividend yield or value leakage delta [1/year] (default 0).
    kind : {"call", "put"}
        Option type.
    threads : int, optional
        Threads over contiguous slabs of large arrays.  Default ``None``: one thread
        below 200,000 options, else two (or the number of usable CPUs if smaller;
        see benchmarks/README_pricing.md).  The result is bit-identical whatever
        the thread count.

    Returns
    -------
    float or ndarray
        Option value [currency], broadcast shape of the inputs.

    Raises
    ------
    InvalidInputError
        Non-positive spot, strike or volatility, negative maturity, NaN/inf,
        arrays that do not broadcast, or an unknown ``kind``.

    Notes
    -----
    .. math::

        C = S e^{-\delta T} N(d_1) - K e^{-rT} N(d_2),\quad
        P = K e^{-rT} N(-d_2) - S e^{-\delta T} N(-d_1),

        d_1 = \frac{\ln(S/K) + (r - \delta + \sigma^2/2) T}{\sigma\sqrt T},\quad
        d_2 = d_1 - \sigma\sqrt T.

    References
    ----------
    F. Black and M. Scholes, "The Pricing of Options and Corporate Liabilities",
    Journal of Political Economy 81(3), 1973.
    R. C. Merton, "Theory of Rational Option Pricing", Bell Journal of Economics
    and Management Science 4(1), 1973.

    Examples
    --------
    >>> round(black_scholes(42, 40, 0.5, 0.10, 0.20), 4)
    4.7594
    >>> round(black_scholes(42, 40, 0.5, 0.10, 0.20, kind="put"), 4)
    0.8086
    """
    call = check_kind(kind)
    (S, K, T, r, v, q), scalar = option_inputs(spot, strike, maturity, rate, volatility, dividend)
    nthreads = None if threads is None else check_positive_int("threads", threads)
    return output(_bs_price(S, K, T, r, v, q, call, nthreads), scalar)


@attrs.frozen
class Greeks:
    """Sensitivities of a Black-Scholes-Merton option value.

    Attributes
    ----------
    delta : float or ndarray
        dV/dS [1].
    gamma : float or ndarray
        d2V/dS2 [1/currency].
    vega : float or ndarray
        dV/dsigma per unit of volatility (divide by 100 for "per vol point") [currency].
    theta : float or ndarray
        dV/dt = -dV/dT, per year of calendar time [currency/year].
    rho : float or ndarray
        dV/dr per unit of rate [currency].
    """

    delta: Any
    gamma: Any
    vega: Any
    theta: Any
    rho: Any

    def as_dict(self) -> dict[str, Any]:
        """Return the greeks as a plain dict."""
        return attrs.asdict(self)


def _d1_d2(S, K, T, r, v, q):  # noqa: ANN001, ANN202
    sq = v * np.sqrt(T)
    d1 = (np.log(S / K) + (r - q) * T) / sq + 0.5 * sq
    return d1, d1 - sq, sq


def greeks(
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
) -> Greeks:
    r"""Delta, gamma, vega, theta and rho of a European Black-Scholes-Merton option.

    Parameters are those of :func:`black_scholes`.

    Returns
    -------
    Greeks
        Frozen result with ``delta``, ``gamma``, ``vega``, ``theta``, ``rho`` (floats
        for scalar input, arrays of the broadcast shape otherwise).  At maturity 0
        delta is the exercise indicator and the other greeks are 0.

    Notes
    -----
    With :math:`\phi` the standard normal density and call/put signs
    :math:`\omega = \pm 1`:
    :math:`\Delta = \omega e^{-\delta T} N(\omega d_1)`,
    :math:`\Gamma = e^{-\delta T}\phi(d_1)/(S\sigma\sqrt T)`,
    :math:`\nu = S e^{-\delta T}\phi(d_1)\sqrt T`,
    :math:`\Theta = -S e^{-\delta T}\phi(d_1)\sigma/(2\sqrt T) - \omega r K e^{-rT} N(\omega d_2)
    + \omega \delta S e^{-\delta T} N(\omega d_1)`,
    :math:`\rho = \omega K T e^{-rT} N(\omega d_2)`.

    References
    ----------
    J. C. Hull, "Options, Futures, and Other Derivatives", 10th ed., Pearson, 2018, ch. 19.

    Examples
    --------
    >>> g = greeks(42, 40, 0.5, 0.10, 0.20)
    >>> round(g.delta, 4), round(g.gamma, 5)
    (0.7791, 0.04996)
    """
    call = check_kind(kind)
    (S, K, T, r, v, q), scalar = option_inputs(spot, strike, maturity, rate, volatility, dividend)
    w = 1.0 if call else -1.0
    live = T > 0
    Tl = np.where(live, T, 1.0)
    d1, d2, sq = _d1_d2(S, K, Tl, r, v, q)
    eq, er = np.exp(-q * T), np.exp(-r * T)
    pdf = _INV_SQRT_2PI * np.exp(-0.5 * d1 * d1)
    Nd1, Nd2 = ndtr(w * d1), ndtr(w * d2)
    delta = w * eq * Nd1
    gamma = eq * pdf / (S * sq)
    vega = S * eq * pdf * np.sqrt(Tl)
    theta = -S * eq * pdf * v / (2 * np.sqrt(Tl)) - w * r * K * er * Nd2 + w * q * S * eq * Nd1
    rho = w * K * T * er * Nd2
    itm = (S > K) if call else (S < K)
    delta = np.where(live, delta, np.where(itm, w, 0.0))
    zero = np.zeros_like(delta)
    parts = [delta] + [np.where(live, x, zero) for x in (gamma, vega, theta, rho)]
    return Greeks(*(output(np.asarray(p, dtype=np.float64), scalar) for p in parts))


def implied_volatility(
    price: ArrayLike,
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
    tol: float = 1e-12,
    max_iter: int = 100,
) -> Any:
    r"""Black-Scholes-Merton implied volatility, vectorised.

    Parameters
    ----------
    price : array_like
        Observed option value [currency]; must lie strictly inside the
        no-arbitrage bounds (see Notes).
    spot, strike, maturity, rate, dividend, kind
        As in :func:`black_scholes`; ``maturity`` must be > 0 here.
    tol : float
        Stop when ``|black_scholes(sigma) - price| <= tol * max(price, 1)`` (price of
        the out-of-the-money side after put-call parity).
    max_iter : int
        Iteration cap of the safeguarded Newton method.

    Returns
    -------
    float or ndarray
        Volatility sigma > 0 [1/sqrt(year)] with ``black_scholes(..., sigma) == price``.

    Raises
    ------
    InvalidInputError
        Prices outside the open no-arbitrage interval (named with their index),
        non-positive maturity, or the inputs :func:`black_scholes` rejects.

    Notes
    -----
    Bounds: a call lies in :math:`(\max(S e^{-\delta T} - K e^{-rT}, 0),\ S e^{-\delta T})`,
    a put in :math:`(\max(K e^{-rT} - S e^{-\delta T}, 0),\ K e^{-rT})`.  The price is
    first turned into the out-of-the-money option's price by put-call parity
    (where the time value is computed accurately), then Newton's method on sigma is
    kept inside a shrinking bracket [lo, hi], falling back to bisection when a
    Newton step leaves it or vega vanishes, so every element converges.

    References
    ----------
    S. Manaster and G. Koehler, "The Calculation of Implied Variances from the
    Black-Scholes Model: A Note", Journal of Finance 37(1), 1982 (starting value).

    Examples
    --------
    >>> round(implied_volatility(4.759422, 42, 40, 0.5, 0.10), 6)
    0.2
    """
    call = check_kind(kind)
    P = as_float_array("price", price, "nonnegative")
    named = {
        "price": P,
        "spot": as_float_array("spot", spot, "positive"),
        "strike": as_float_array("strike", strike, "positive"),
        "maturity": as_float_array("maturity", maturity, "positive"),
        "rate": as_float_array("rate", rate),
        "dividend": as_float_array("dividend", dividend),
    }
    scalar = all(a.ndim == 0 for a in named.values())
    P, S, K, T, r, q = (np.array(a, dtype=np.float64) for a in broadcast_named(named))
    fwd = S * np.exp(-q * T)  # S e^{-qT}
    disc = K * np.exp(-r * T)  # K e^{-rT}
    if call:
        lower, upper = np.maximum(fwd - disc, 0.0), fwd
    else:
        lower, upper = np.maximum(disc - fwd, 0.0), disc
    bad = (P <= lower) | (P >= upper)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = "" if scalar else f" at index {np.unravel_index(i, P.shape) if P.ndim > 1 else i}"
        raise InvalidInputError(
            f"price must lie strictly between the no-arbitrage bounds "
            f"({lower.flat[i]:.6g}, {upper.flat[i]:.6g}) for a {kind}, "
            f"got {float(P.flat[i])!r}{where}"
        )
    # out-of-the-money equivalent: call if K e^{-rT} >= S e^{-qT}, else put
    otm_call = disc >= fwd
    if call:
        target = np.where(otm_call, P, P - fwd + disc)
    else:
        target = np.where(otm_call, P + fwd - disc, P)
    target = np.maximum(target, np.finfo(float).tiny)
    shape = P.shape
    S, K, T, r, q, target, otm_call = (a.reshape(-1) for a in (S, K, T, r, q, target, otm_call))
    n = S.size
    sqT = np.sqrt(T)
    lo = np.zeros(n)
    hi = np.full(n, np.inf)
    x = np.abs(np.log(fwd.reshape(-1) / disc.reshape(-1)))
    sig = np.maximum(np.sqrt(2.0 * x / T), 0.2)  # Manaster-Koehler start, at least 20%
    active = np.arange(n)
    scale = np.maximum(target, 1e-300)
    for _ in range(max_iter):
        if active.size == 0:
            break
        s = sig[active]
        Sa, Ka, Ta, ra, qa = S[active], K[active], T[active], r[active], q[active]
        oc = otm_call[active]
        c = _bs_price(Sa, Ka, Ta, ra, s, qa, True)
        p = _bs_price(Sa, Ka, Ta, ra, s, qa, False)
        f = np.where(oc, c, p) - target[active]
        conv = np.abs(f) <= tol * np.maximum(scale[active], 1.0)
        too_high = f > 0
        hi[active] = np.where(too_high, np.minimum(hi[active], s), hi[active])
        lo[active] = np.where(~too_high, np.maximum(lo[active], s), lo[active])
        d1 = (np.log(Sa / Ka) + (ra - qa) * Ta) / (s * sqT[active]) + 0.5 * s * sqT[active]
        vega = Sa * np.exp(-qa * Ta - 0.5 * d1 * d1) * _INV_SQRT_2PI * sqT[active]
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = s - f / vega
        la, ha = lo[active], hi[active]
        mid = np.where(np.isinf(ha), 2.0 * np.maximum(la, s), 0.5 * (la + ha))
        ok = np.isfinite(newton) & (newton > la) & (newton < ha)
        nxt = np.where(ok, newton, mid)
        # bracket collapsed to rounding: accept
        tight = np.isfinite(ha) & (ha - la <= 4 * np.finfo(float).eps * ha)
        sig[active] = np.where(conv | tight, s, nxt)
        active = active[~(conv | tight)]
    if active.size:
        i = int(active[0])
        raise InvalidInputError(
            "implied volatility did not converge for price "
            f"{float(P.reshape(-1)[i])!r} at index {i}"
        )
    return output(sig.reshape(shape), scalar)

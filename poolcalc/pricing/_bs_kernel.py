"""The Black-Scholes-Merton pricing kernel: cache-sized chunks, optional threads.

Arrays in, prices out; no validation (the public functions in
:mod:`poolcalc.pricing._black_scholes` validate and broadcast first).  The other
pricing modules (lattices, Monte Carlo, compound options) call :func:`bs_price` for
European values.

References
----------
F. Black and M. Scholes, "The Pricing of Options and Corporate Liabilities", Journal
of Political Economy 81(3), 1973.  R. C. Merton, "Theory of Rational Option Pricing",
Bell Journal of Economics and Management Science 4(1), 1973.
"""

from __future__ import annotations

import contextvars
import itertools
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from poolcalc.pricing._special import GAUSS_RATIO_ROWS, TailViews, tail_ratio

__all__ = ["INV_SQRT_2PI", "auto_threads", "bs_price"]

#: Options per chunk.  2^15: each thread takes the GIL about 35 times per chunk (once per
#: numpy call, about 13 us of Python per chunk in all), so the fewer and longer the
#: chunks, the less two threads wait for each other (at 2^12 two threads were slower
#: than one; 2^14 -> 2^15 two threads 16.4 -> 13.6 ns per option, one thread 21.3 ->
#: 19.6, AMD EPYC, 2 vCPUs, benchmarks/README_pricing.md, round bs2).  The scratch
#: (about 7 MiB per thread) stays in L3; the tail ratio's matrix product runs on column
#: blocks of at most 2^15 (``_special._MATMUL_COLS``: longer products run on OpenBLAS's
#: threads, 2-3x slower).  Results do not depend on the chunk size (elementwise, and
#: each column of the product is the same 6-term dot product).
_CHUNK = 1 << 15
_AUTO_MIN = 200_000  # threads=None: one thread below this many options
_AUTO_MAX_THREADS = 2  # threads=None: at most this many (the reference machine has 2)
#: 1 / sqrt(2 pi), the standard normal density at 0.
INV_SQRT_2PI = 0.3989422804014327

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
    half: Any  # s / 2 when s = w sigma sqrt(T) is a scalar, else None


_MHALF = np.array(-0.5)
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
        None if ssq is None else np.array(_HALF * ssq),
    )


@attrs.define
class _Work:
    """Scratch buffers of one thread (chunk-sized; see :func:`_bs_chunk`)."""

    a: NDArray[np.float64]
    b: NDArray[np.float64]
    c: NDArray[np.float64]
    d: NDArray[np.float64]
    e: NDArray[np.float64]  # (2 m,): w d1 then w d2
    rows: NDArray[np.float64]  # (GAUSS_RATIO_ROWS, 2 m): 1, |e|, e^2, ...; row 0 ones
    acc: NDArray[np.float64]  # (4, 2 m): row 0 receives g(|w d1|) then g(|w d2|)
    h: NDArray[np.bool_]  # (2 m,): H(w d1) then H(w d2)
    views: dict[int, _Views] = attrs.field(factory=dict)

    @classmethod
    def new(cls, m: int) -> _Work:
        rows = np.empty((GAUSS_RATIO_ROWS, 2 * m))
        rows[0] = 1.0
        return cls(
            *(np.empty(m) for _ in range(4)),
            np.empty(2 * m),
            rows,
            np.empty((4, 2 * m)),
            np.empty(2 * m, dtype=bool),
        )

    def at(self, k: int) -> _Views:
        """Return the views of a ``k``-option chunk (a slice costs about 0.3 us here).

        Kept for the two most recent lengths (a call's full chunks and its last one).
        """
        v = self.views.get(k)
        if v is None:
            if len(self.views) >= 2:
                self.views.pop(next(iter(self.views)))
            v = self.views[k] = _Views.of(self, k)
        return v


@attrs.frozen
class _Views:
    """Views of :class:`_Work` for one chunk length ``k`` (see :func:`_bs_chunk`)."""

    a: NDArray[np.float64]
    b: NDArray[np.float64]
    c: NDArray[np.float64]
    d: NDArray[np.float64]
    e: NDArray[np.float64]  # (2k,)
    e1: NDArray[np.float64]
    e2: NDArray[np.float64]
    ebits: NDArray[np.int64]  # e's bits
    tail: TailViews  # rows (GAUSS_RATIO_ROWS, 2k) and acc (4, 2k)
    gbits: NDArray[np.int64]  # acc[0] (g) as integers
    sbits: NDArray[np.int64]  # acc[1]'s memory as integers (free once g is computed)
    g1: NDArray[np.float64]
    g2: NDArray[np.float64]
    e1sq: NDArray[np.float64]  # rows[2, :k]: e1^2 (capped)
    h: NDArray[np.bool_]  # (2k,)
    h1: NDArray[np.bool_]
    h2: NDArray[np.bool_]

    @classmethod
    def of(cls, w: _Work, k: int) -> _Views:
        e = w.e[: 2 * k]
        rows, acc, h = w.rows[:, : 2 * k], w.acc[:, : 2 * k], w.h[: 2 * k]
        g = acc[0]
        return cls(
            w.a[:k], w.b[:k], w.c[:k], w.d[:k], e, e[:k], e[k:], e.view(np.int64),
            TailViews.of(rows, acc), g.view(np.int64), acc[1].view(np.int64), g[:k], g[k:],
            rows[2, :k], h, h[:k], h[k:],
        )


_mul, _add, _sub, _div = np.multiply, np.add, np.subtract, np.divide
_log, _exp, _sqrt, _neg = np.log, np.exp, np.sqrt, np.negative
_and, _or, _ge = np.bitwise_and, np.bitwise_or, np.greater_equal
_min = np.minimum.reduce
_SIGN = np.array(np.iinfo(np.int64).min)  # the float64 sign bit as an int64
_IZERO = np.array(0, dtype=np.int64)


def _bs_chunk(S, K, T, r, v, q, p: _Plan, out, w: _Views) -> None:  # noqa: ANN001
    r"""Price one chunk in place into ``out`` (all maturities > 0).

    Each argument is a 1-D array slice or a 0-d array (a broadcast scalar, see
    ``p.scalar``); ``w`` holds the chunk-length views of the thread's scratch.  With
    the sign ``w = +1`` (call) or ``-1`` (put) folded into
    :math:`s = w\sigma\sqrt T`, :math:`e_{1,2} = w d_{1,2} = \ln(F/K)/s \pm s/2` and
    the price is :math:`w\,(A\Phi(e_1) - B\Phi(e_2))` with :math:`A = S e^{-\delta T}`,
    :math:`B = K e^{-rT}`.  Writing :math:`\Phi(e) = H(e) - \operatorname{sign}(e)
    e^{-e^2/2} g(|e|)` (:func:`~poolcalc.pricing._special.gauss_tail_ratio`) and using
    :math:`A e^{-e_1^2/2} = B e^{-e_2^2/2}` (both are :math:`\sqrt{2\pi}` times
    :math:`S e^{-\delta T}\varphi(d_1) = K e^{-rT}\varphi(d_2)`):

    .. math::

        A\Phi(e_1) - B\Phi(e_2) = A H(e_1) - B H(e_2)
        - A e^{-e_1^2/2}\,[\operatorname{sign}(e_1) g(|e_1|)
        - \operatorname{sign}(e_2) g(|e_2|)],

    one exponential per option and one rational function per :math:`e`, no
    cancellation between the two terms.  Where :math:`\Phi(-|e_1|)` is below about 1e-297 the
    exponential is subnormal or 0 and the price (below 1e-297 of the spot) is as
    rounded as the direct formula's.

    Every numpy call is 1-D on a view made once per chunk length and passes its
    output positionally (on this machine ``out=`` costs about 0.4 us more per call, a
    slice 0.3 us, a 2-D call 1.5 us): the Python side of a chunk is what two threads
    serialise on (the GIL), so it is kept short.  ``sign(e) g`` is ``g`` with ``e``'s
    sign bit or-ed in (``g > 0``, or +nan from a nan ``e``: its sign bit is clear, as
    ``|e|`` clears it and nothing in the rational function sets it) and ``H(e)`` is
    ``e``'s bits read as an integer ``>= 0``: the same bits as ``copysign`` and
    ``~signbit``, in cheaper passes.
    """
    sS, sK, sT, sr, sv, sq = p.scalar
    a, b, c, d = w.a, w.b, w.c, w.d
    # s = w sigma sqrt(T) into a
    if p.ssq is not None:
        s: Any = p.ssq
    elif p.wsqT is not None:
        s = _mul(v, p.wsqT, a)
    else:
        s = _sqrt(T, a)
        _mul(s, v, s)
        if not p.call:
            _neg(s, s)
    # x = ln(S/K) + (r - delta) T into b
    if p.c is not None:
        if sS:
            b.fill(p.logS + float(p.c))
        else:
            _log(S, b)
            _add(b, p.c, b)
    else:
        if sK:
            if sS:
                b.fill(p.logS)
            else:
                _log(S, b)
            _sub(b, p.logK, b)
        else:
            _div(S, K, b)
            _log(b, b)
        if p.drift is not None:
            _add(b, p.drift, b)
        elif not (sr and sq and sT):
            _sub(r, q, c)
            _mul(c, T, c)
            _add(b, c, b)
    x = _div(b, s, b)  # w ln(F/K) / (sigma sqrt T)
    h = _mul(s, _HALF, a) if s is a else p.half
    _add(x, h, w.e1)  # w d1
    _sub(x, h, w.e2)  # w d2
    e = w.e
    tail_ratio(e, w.tail)  # g(|e|) into acc[0] (gbits, g1, g2)
    # A = S e^{-delta T} (into c unless S itself), B = K e^{-rT} (into a unless a scalar)
    if p.seq is None:
        _mul(q, T, c)
        _neg(c, c)
        A: Any = _mul(_exp(c, c), S, c)
    elif float(p.seq) != 1.0:
        A = _mul(S, p.seq, c) if not sS else S * p.seq
    else:
        A = S
    if p.ker is not None:
        B: Any = p.ker
    else:
        if p.er is not None:
            B = _mul(K, p.er, a)
        else:
            _mul(r, T, a)
            _neg(a, a)
            B = _mul(_exp(a, a), K, a)
    # D = sign(e1) g(|e1|) - sign(e2) g(|e2|); d = A e^{-e1^2/2} D
    _and(w.ebits, _SIGN, w.sbits)
    _or(w.gbits, w.sbits, w.gbits)  # copysign(g, e)
    g1 = _sub(w.g1, w.g2, w.g1)
    _mul(w.e1sq, _MHALF, d)  # -e1^2 / 2 (e1^2 from the power rows)
    _exp(d, d)
    _mul(d, g1, d)
    _mul(d, A, d)
    # H(e) = 1 where e >= +0 (the sign bit clear: e's bits as an integer >= 0)
    _ge(w.ebits, _IZERO, w.h)
    if p.call:
        _mul(w.h1, A, out)
        _sub(out, _mul(w.h2, B, b), out)
        _sub(out, d, out)
    else:
        _mul(w.h2, B, out)
        _sub(out, _mul(w.h1, A, b), out)
        _add(out, d, out)
    # rounding can leave a deep out-of-the-money value a hair below zero (rare: a min
    # reduction is about 4x cheaper than the pass; nan lands in the pass and stays)
    if not _min(out) >= 0.0:
        np.maximum(out, _ZERO, out=out)


_LOCAL = threading.local()


def _work(m: int) -> _Work:
    """Scratch of at least ``m`` options for this thread, kept between calls.

    About 7 MiB per thread at the full chunk size; reusing it spares every call the
    page faults of fresh buffers (a lattice calls the kernel once per block).
    """
    w = getattr(_LOCAL, "work", None)
    if w is None or w.a.shape[0] < m:
        w = _Work.new(m)
        _LOCAL.work = w
    return w


def _bs_chunks(flat: list[Any], n: int, p: _Plan, out: NDArray[np.float64], take: Any) -> None:
    """Price the chunks whose indices ``take()`` hands out (until one is past the end).

    Chunk ``i`` is always options ``i * _CHUNK`` to ``min(n, (i + 1) * _CHUNK)``,
    whichever thread takes it, so the prices do not depend on the thread count.
    """
    w = _work(min(_CHUNK, n))
    sliced = [isinstance(x, np.ndarray) for x in flat]
    args = [x if s else np.array(x) for x, s in zip(flat, sliced, strict=True)]
    arrays = [i for i, s in enumerate(sliced) if s]
    while (i := take() * _CHUNK) < n:
        j = min(i + _CHUNK, n)
        chunk = args[:]
        for t in arrays:
            chunk[t] = args[t][i:j]
        _bs_chunk(*chunk, p, out[i:j], w.at(j - i))


def _bs_flat(flat: list[Any], n: int, call: bool, out: NDArray[np.float64], threads: int) -> None:
    """Price ``n`` options (maturities > 0) in cache-sized chunks, on ``threads`` threads.

    The threads take chunks from one shared counter (``itertools.count``, whose
    ``next`` is atomic under the GIL) until none is left: a thread slowed by another
    process on its core takes fewer chunks instead of holding up the call (a fixed
    split in halves waits for the slower half).  Every option goes through the same
    chunk arithmetic whatever the thread count, so results are bit-identical.  The
    calling thread works too; pool threads are the others.
    """
    p = _plan(*flat, call)
    chunks = -(-n // _CHUNK)
    threads = max(1, min(threads, chunks))
    take = itertools.count().__next__
    if threads == 1:
        _bs_chunks(flat, n, p, out, take)
        return
    pool = _executor(threads - 1)
    # each task runs in a copy of the caller's context, so np.errstate applies there too
    futures = [
        pool.submit(contextvars.copy_context().run, _bs_chunks, flat, n, p, out, take)
        for _ in range(1, threads)
    ]
    try:
        _bs_chunks(flat, n, p, out, take)
    finally:
        for f in futures:
            f.result()


def bs_price(
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
    # any maturity 0?  One element of a broadcast scalar, else a min (no n-element mask)
    if T.size == 0:
        anyzero = False
    elif not any(T.strides):
        anyzero = bool(T.flat[0] == 0.0)
    else:
        anyzero = not float(T.min()) > 0.0 and bool((T == 0.0).any())
    if anyzero:
        zero = T == 0.0
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

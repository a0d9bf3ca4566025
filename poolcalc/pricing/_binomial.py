"""Binomial lattices for European and American options, vectorised across options.

Cox-Ross-Rubinstein, Leisen-Reimer, and binomial Black-Scholes with Richardson
extrapolation.

The lattice is stored as an array of shape (steps + 1, block) whose rows are lattice
nodes and whose columns are options, so every backward step is a handful of
contiguous in-place numpy operations on the whole block; options are processed in
blocks of a few hundred so that the block stays in the CPU cache (a loop over time
steps and blocks, never over options).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.pricing._binomial_put import backward_put
from poolcalc.pricing._bs_kernel import bs_price
from poolcalc.pricing._validate import (
    check_bool,
    check_choice,
    check_kind,
    check_positive_int,
    option_inputs,
    output,
)

__all__ = ["DEFAULT_STEPS", "METHODS", "binomial"]

Method = Literal["crr", "lr", "bbsr"]
METHODS: tuple[str, ...] = ("crr", "lr", "bbsr")
#: default number of time steps per method: each is accurate to better than 1e-3 relative
#: on the American test cases of tests/test_pricing_binomial.py (Longstaff and Schwartz's
#: 2001 American put S=36, K=40, r=6%, sigma=20%, T=1; a patent-like call with leakage)
DEFAULT_STEPS: dict[str, int] = {"crr": 1000, "lr": 501, "bbsr": 400}

_BLOCK_BYTES = 1 << 20  # the rows touched per step by ~4 buffers stay inside a 2 MiB L2


def _block_size(steps: int, nbytes: int = _BLOCK_BYTES) -> int:
    """Options per block: the truncated lattice window of the block fits in L2."""
    rows = min(steps, int(_TRUNCATE_SD * steps**0.5) + 2) + 1
    return int(max(16, min(512, nbytes // (32 * rows))))


def _peizer_pratt(z: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """Peizer-Pratt method 2 inversion used by Leisen and Reimer (n odd)."""
    t = z / (n + 1.0 / 3.0 + 0.1 / (n + 1.0))
    return 0.5 + np.copysign(0.5, z) * np.sqrt(1.0 - np.exp(-t * t * (n + 1.0 / 6.0)))


#: lattice nodes farther than this many standard deviations (plus the drift) from the
#: root are dropped: the walk reaches them with probability below 1e-15
_TRUNCATE_SD = 8.0

#: American puts on recombining lattices skip the rows deep in the exercise region
#: (_binomial_put.py; the same values bit for bit); False runs the general loop
_SKIP_EXERCISED = True


#: grid rows kept beyond the put kernel's window: its edges reach N +- (W + 1)
_GRID_MARGIN = 4


def _window(N: int, p: NDArray[np.float64]) -> int:
    """Return the truncation window W [nodes] of a block.

    ``W = ceil(8 sqrt(N) + max_j N |2 p_j - 1|) + 2``: eight standard deviations of the
    net up-moves of an N-step walk plus the largest drift of the block (see
    :func:`_backward_truncated`).
    """
    return int(np.ceil(_TRUNCATE_SD * np.sqrt(N) + np.max(np.abs(N * (2.0 * p - 1.0))))) + 2


def _backward_truncated(
    V: NDArray[np.float64],
    tmp: NDArray[np.float64],
    ex: NDArray[np.float64],
    ex_par: tuple[NDArray[np.float64], NDArray[np.float64]],
    grid: NDArray[np.float64],
    pu: NDArray[np.float64],
    pd: NDArray[np.float64],
    p: NDArray[np.float64],
    K: NDArray[np.float64],
    r: NDArray[np.float64],
    q: NDArray[np.float64],
    dt: NDArray[np.float64],
    w: float,
    american: bool,
    N: int,
    last: int,
) -> None:
    """Backward induction on a recombining lattice, in place in ``V`` (rows = nodes).

    Node i of step m sits at k = 2i - m up-moves net (grid row N + k).  Only the
    nodes within W = 8 sqrt(N) + max |N (2p - 1)| of the root's expected path are
    kept; a node just outside the window, needed by the edge of the next step, gets
    its deep in-/out-of-the-money value max(exercise, forward intrinsic).  The walk
    reaches the window's edge with probability below 1e-15, so the value does not
    change, while the work drops from N^2/2 to about 8 sqrt(N) N node-steps.
    """
    W = _window(N, p)
    lo_ok, hi_ok = 0, last  # rows holding valid values of the current step
    # exercise values are positive only on grid rows gmin..gmax (in the money for some
    # option of the block); elsewhere max(V, 0) changes nothing and is skipped
    pos = np.flatnonzero((ex > 0.0).any(axis=1)) if american else np.empty(0, dtype=np.intp)
    gmin, gmax = (int(pos[0]), int(pos[-1])) if pos.size else (1, 0)

    def edge(row: int, step: int) -> None:
        tau = (N - step) * dt
        g = grid[N + 2 * row - step]
        fwd = np.maximum(w * (g * np.exp(-q * tau) - K * np.exp(-r * tau)), 0.0)
        V[row] = np.maximum(fwd, ex[N + 2 * row - step]) if american else fwd

    for m in range(last - 1, -1, -1):  # step m has nodes i = 0..m
        lo = max(0, -((W - m) // 2))  # ceil((m - W) / 2)
        hi = min(m, (m + W) // 2)
        if hi + 1 > hi_ok:
            edge(hi + 1, m + 1)
        if lo < lo_ok:
            edge(lo, m + 1)
        a = V[lo : hi + 1]
        t = tmp[lo : hi + 1]
        np.multiply(V[lo + 1 : hi + 2], pu, out=t)
        np.multiply(a, pd, out=a)
        np.add(a, t, out=a)
        if american:
            # node i of step m sits on grid row N - m + 2i
            elo = max(lo, -((N - m - gmin) // 2))
            ehi = min(hi, (gmax - N + m) // 2)
            if ehi >= elo:
                first = N - m + 2 * elo
                e = ex_par[first & 1][first >> 1 : (first >> 1) + ehi - elo + 1]
                np.maximum(V[elo : ehi + 1], e, out=V[elo : ehi + 1])
        lo_ok, hi_ok = lo, hi


def _lattice_block(
    S: NDArray[np.float64],
    K: NDArray[np.float64],
    T: NDArray[np.float64],
    r: NDArray[np.float64],
    v: NDArray[np.float64],
    q: NDArray[np.float64],
    call: bool,
    american: bool,
    steps: int,
    method: str,
) -> NDArray[np.float64]:
    """Price one block of options (1-D arrays of equal length, T > 0) on one lattice."""
    N = steps
    dt = T / N
    growth = np.exp((r - q) * dt)
    disc = np.exp(-r * dt)
    w = 1.0 if call else -1.0
    if method == "lr":
        sq = v * np.sqrt(T)
        d1 = (np.log(S / K) + (r - q) * T) / sq + 0.5 * sq
        p = _peizer_pratt(d1 - sq, N)
        pp = _peizer_pratt(d1, N)
        u = growth * pp / p
        d = (growth - p * u) / (1.0 - p)
    else:
        u = np.exp(v * np.sqrt(dt))
        d = 1.0 / u
        p = (growth - d) / (u - d)
    if np.any((p <= 0.0) | (p >= 1.0)):
        i = int(np.flatnonzero((p <= 0.0) | (p >= 1.0))[0])
        raise InvalidInputError(
            f"steps={N} is too few for volatility {float(v[i])!r}, maturity {float(T[i])!r}, "
            f"rate {float(r[i])!r} and "
            f"dividend {float(q[i])!r}: the risk-neutral probability {p[i]:.4g} is outside (0, 1); "
            "use more steps"
        )
    pu, pd = disc * p, disc * (1.0 - p)
    recombine = method != "lr"  # u d = 1: node values repeat every two steps
    logu, logd = np.log(u), np.log(d)
    j = np.arange(N + 1, dtype=np.float64)[:, None]
    last = N - 1 if method == "bbsr" else N
    skip = recombine and american and not call and _SKIP_EXERCISED
    g0 = 0  # grid row of grid[0] and ex[0]
    if skip and method == "crr":
        # the put kernel reads grid rows N - W - 1 .. N + W + 1 only (window and its
        # edges, backward_put): compute those; the rows outside hold 0 (never read
        # by the induction, and exercise value 0 keeps gmax and the start-up scan of
        # backward_put unchanged).  Same expressions, so the same bits, on the rows kept.
        W = _window(N, p)
        glo, ghi = max(0, N - W - _GRID_MARGIN), min(2 * N, N + W + _GRID_MARGIN)
        # grid and ex hold rows glo..ghi only (row g at g - g0)
        g0 = glo
        k = np.arange(glo - N, ghi - N + 1, dtype=np.float64)[:, None]
        grid = S * np.exp(k * logu)
        ex = np.maximum(w * (grid - K), 0.0)
        ex_par = (np.zeros((N + 1, S.shape[0])), np.zeros((N, S.shape[0])))
        for par in (0, 1):
            first = glo + ((glo & 1) != par)  # first kept row of this parity
            ex_par[par][first >> 1 : (ghi >> 1) + (ghi & 1 >= par)] = ex[first - glo :: 2]
        nodes = None  # not used on this path (V is the exercise value at maturity)
    elif recombine:
        # all log-prices that ever occur: S u^k, k = -N..N, as rows 0..2N
        k = np.arange(-N, N + 1, dtype=np.float64)[:, None]
        grid = S * np.exp(k * logu)
        ex = np.maximum(w * (grid - K), 0.0)
        # node k = N - m + 2i of step m: split by parity so each step reads a contiguous slice
        ex_par = (np.ascontiguousarray(ex[0::2]), np.ascontiguousarray(ex[1::2]))
        nodes = grid[N - last : N + last + 1 : 2]
    else:
        nodes = S * np.exp(last * logd + j[: last + 1] * (logu - logd))
    if method == "bbsr":
        # last step priced by Black-Scholes over one dt (Broadie and Detemple 1996)
        nb = nodes.shape[0]
        V = bs_price(
            nodes,
            np.broadcast_to(K, nodes.shape),
            np.broadcast_to(dt, nodes.shape),
            np.broadcast_to(r, nodes.shape),
            np.broadcast_to(v, nodes.shape),
            np.broadcast_to(q, nodes.shape),
            call,
        ).reshape(nb, -1)
        if american:
            np.maximum(V, ex[N - last : N + last + 1 : 2], out=V)
    elif skip:
        V = ex_par[0].copy()  # crr: step N, all grid rows of parity N - N = 0
    else:
        V = ex[0::2].copy() if recombine else np.maximum(w * (nodes - K), 0.0)
    if skip:
        W = _window(N, p)
        pos = np.flatnonzero((ex > 0.0).any(axis=1))
        gmax = g0 + int(pos[-1]) if pos.size else -2
        return backward_put(V, ex, ex_par, grid, pu, pd, K, r, q, dt, W, gmax, N, last, g0)
    tmp = np.empty_like(V)
    if recombine:
        _backward_truncated(V, tmp, ex, ex_par, grid, pu, pd, p, K, r, q, dt, w, american, N, last)
        return V[0].copy()
    if american:
        Sn = nodes.copy()
        invd = 1.0 / d
        exb = np.empty_like(V)
    for m in range(last - 1, -1, -1):  # step m has m + 1 nodes
        a = V[: m + 1]
        t = tmp[: m + 1]
        np.multiply(V[1 : m + 2], pu, out=t)
        np.multiply(a, pd, out=a)
        np.add(a, t, out=a)
        if american:
            s_ = Sn[: m + 1]
            np.multiply(s_, invd, out=s_)
            e = exb[: m + 1]
            if call:
                np.subtract(s_, K, out=e)
            else:
                np.subtract(K, s_, out=e)
            np.maximum(a, e, out=a)
    return V[0].copy()


def _lattice(
    S: NDArray[np.float64],
    K: NDArray[np.float64],
    T: NDArray[np.float64],
    r: NDArray[np.float64],
    v: NDArray[np.float64],
    q: NDArray[np.float64],
    call: bool,
    american: bool,
    steps: int,
    method: str,
    threads: int = 1,
) -> NDArray[np.float64]:
    """Kernel: broadcast 1-D arrays in, values out; T = 0 gives intrinsic value."""
    n = S.shape[0]
    out = np.empty(n)
    zero = T == 0.0
    if zero.any():
        out[zero] = (
            np.maximum(S[zero] - K[zero], 0.0) if call else np.maximum(K[zero] - S[zero], 0.0)
        )
    live = np.flatnonzero(~zero)
    if method == "bbsr":
        half = max(1, steps // 2)
        b = _lattice(
            S[live],
            K[live],
            T[live],
            r[live],
            v[live],
            q[live],
            call,
            american,
            2 * half,
            "bbsr_raw",
            threads,
        )
        c = _lattice(
            S[live],
            K[live],
            T[live],
            r[live],
            v[live],
            q[live],
            call,
            american,
            half,
            "bbsr_raw",
            threads,
        )
        out[live] = 2.0 * b - c
        return out
    kernel_method = "bbsr" if method == "bbsr_raw" else method
    # the American-put kernel skips the exercise region (about half the window), so
    # twice the options fit the same cache (measured: benchmarks/README_pricing.md)
    skip = american and not call and kernel_method != "lr" and _SKIP_EXERCISED
    B = _block_size(steps, 2 * _BLOCK_BYTES if skip else _BLOCK_BYTES)
    starts = range(0, live.size, B)
    # blocks of similar moneyness (in lattice steps) and drift keep the in-the-money
    # rows and the truncation window of each block narrow
    Sl, Kl, Tl, rl, vl, ql_ = (x[live] for x in (S, K, T, r, v, q))
    step_size = vl * np.sqrt(Tl / steps)
    order = np.lexsort(((rl - ql_) * Tl / steps / step_size, np.log(Kl / Sl) / step_size))
    arrs = [np.ascontiguousarray(x[order]) for x in (Sl, Kl, Tl, rl, vl, ql_)]
    res = np.empty(live.size)

    def work(lo: int) -> None:
        hi = min(lo + B, live.size)
        res[lo:hi] = _lattice_block(*(x[lo:hi] for x in arrs), call, american, steps, kernel_method)

    if threads > 1 and live.size >= 2 * B:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(work, starts))
    else:
        for lo in starts:
            work(lo)
    out[live[order]] = res
    return out


def binomial(
    spot: ArrayLike,
    strike: ArrayLike,
    maturity: ArrayLike,
    rate: ArrayLike,
    volatility: ArrayLike,
    *,
    dividend: ArrayLike = 0.0,
    kind: str = "call",
    american: bool = False,
    steps: int | None = None,
    method: Method = "crr",
    threads: int | None = None,
) -> Any:
    r"""Binomial-lattice value of European or American options, vectorised across options.

    Parameters
    ----------
    spot, strike, maturity, rate, volatility, dividend, kind
        As in :func:`poolcalc.pricing.black_scholes` (broadcast together).
    american : bool
        Allow exercise at every lattice node (default False: European).
    steps : int, optional
        Time steps.  Default :data:`DEFAULT_STEPS` for the method: 1000 (CRR),
        501 (Leisen-Reimer), 400 (BBSR), each accurate to better than 1e-3 relative on
        American test cases such as the put S=36, K=40, r=6%, sigma=20%, T=1 of
        Longstaff and Schwartz (2001), Table 1.  Leisen-Reimer uses the next odd number.
    method : {"crr", "lr", "bbsr"}
        ``"crr"`` Cox-Ross-Rubinstein; ``"lr"`` Leisen-Reimer (Peizer-Pratt
        inversion, second-order convergence for European options, smooth for
        American); ``"bbsr"`` binomial Black-Scholes with Richardson extrapolation
        (last step priced by Black-Scholes, then :math:`2V_N - V_{N/2}`).
    threads : int, optional
        Worker threads over blocks of options, >= 1 (default 1: on the reference
        machine a second thread did not pay, see benchmarks/README_pricing.md).

    Returns
    -------
    float or ndarray
        Option value [currency] of the broadcast shape.

    Raises
    ------
    InvalidInputError
        The inputs :func:`black_scholes` rejects, ``steps`` < 1, an unknown
        ``method``, or too few steps for a valid probability (CRR with large drift).

    Notes
    -----
    CRR: :math:`u = e^{\sigma\sqrt{\Delta t}}`, :math:`d = 1/u`,
    :math:`p = (e^{(r-\delta)\Delta t} - d)/(u - d)`, and backwards
    :math:`V = \max(\text{exercise}, e^{-r\Delta t}[p V_u + (1-p) V_d])`
    (the max only for American options).

    References
    ----------
    J. C. Cox, S. A. Ross and M. Rubinstein, "Option Pricing: A Simplified
    Approach", Journal of Financial Economics 7(3), 1979.
    D. P. J. Leisen and M. Reimer, "Binomial Models for Option Valuation -
    Examining and Improving Convergence", Applied Mathematical Finance 3(4), 1996.
    M. Broadie and J. Detemple, "American Option Valuation: New Bounds,
    Approximations, and a Comparison of Existing Methods", Review of Financial
    Studies 9(4), 1996.
    F. A. Longstaff and E. S. Schwartz, "Valuing American Options by Simulation:
    A Simple Least-Squares Approach", Review of Financial Studies 14(1), 2001.

    Examples
    --------
    >>> round(binomial(100, 100, 1, 0.05, 0.2, steps=1000), 4)
    10.4486
    >>> round(binomial(36, 40, 1, 0.06, 0.2, kind="put", american=True), 3)
    4.487
    """
    call = check_kind(kind)
    is_american = check_bool("american", american)
    check_choice("method", method, METHODS)
    n_steps = DEFAULT_STEPS[method] if steps is None else check_positive_int("steps", steps)
    if method == "lr" and n_steps % 2 == 0:
        n_steps += 1
    if method == "bbsr" and n_steps < 2:
        raise InvalidInputError(f"steps must be >= 2 for method 'bbsr', got {n_steps}")
    (S, K, T, r, v, q), scalar = option_inputs(spot, strike, maturity, rate, volatility, dividend)
    shape = S.shape
    flat = [np.ascontiguousarray(a).reshape(-1) for a in (S, K, T, r, v, q)]
    nthreads = 1 if threads is None else check_positive_int("threads", threads)
    vals = _lattice(*flat, call, is_american, n_steps, method, nthreads)
    return output(vals.reshape(shape), scalar)

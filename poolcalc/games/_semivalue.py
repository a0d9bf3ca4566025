"""The semivalue transform behind exact Shapley and Banzhaf values, O(2**n).

``phi_i = sum_{S not containing i} w(|S|) [v(S u i) - v(S)]`` for all players at once:
one product with a cached (n x 2**n) weight matrix up to :data:`_MATRIX_BITS` players,
else a blocked transform (successive halving) whose BLAS calls run on one thread when
threadpoolctl (optional; the ``bench`` extra) is installed.

References
----------
Shapley, L. S., "A value for n-person games", in Contributions to the Theory of
Games II, Annals of Mathematics Studies 28, Princeton University Press, 1953.
Dubey, P., Neyman, A. and Weber, R. J., "Value theory without efficiency",
Mathematics of Operations Research 6(1), 1981 (semivalues).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
from typing import Any

import numpy as np
from numpy.typing import NDArray

from poolcalc.games._game import popcount

__all__ = ["blas_one_thread"]

#: Coalitions per block in the exact transform (bounds the temporaries' memory).
_BLOCK_BITS = 18

#: Up to this many players the semivalue is one product with a cached (n x 2**n) matrix.
_MATRIX_BITS = 12
#: From this many players on, BLAS runs on one thread inside :func:`_semivalue` when
#: threadpoolctl is installed: the vectors are too short for OpenBLAS's threads to pay,
#: and on a busy machine they wait for a core (exact Shapley at n = 14 took 16 ms with
#: two OpenBLAS threads against 0.6 ms with one).
_ONE_THREAD_BITS = 13
_CONTROLLER: list[Any] = []


def blas_one_thread() -> contextlib.AbstractContextManager[Any]:
    """Limit BLAS to one thread (threadpoolctl, optional) or do nothing.

    OpenBLAS's threads split a product's rows or columns, never a dot product, so the
    results are the same with one thread; on a shared machine the second thread mostly
    spins waiting for a core (CPU time, no speed-up).
    """
    if not _CONTROLLER:
        try:
            tpc = importlib.import_module("threadpoolctl")
            _CONTROLLER.append(tpc.ThreadpoolController())
        except ImportError:
            _CONTROLLER.append(None)
    ctl = _CONTROLLER[0]
    return ctl.limit(limits=1, user_api="blas") if ctl is not None else contextlib.nullcontext()


@functools.lru_cache(maxsize=64)
def _semivalue_matrix(n: int, w_bytes: bytes) -> NDArray[np.float64]:
    """M[i, S] = w(|S| - 1) if i in S else -w(|S|), so that phi = M v (small n)."""
    w = np.frombuffer(w_bytes, np.float64)
    s = np.arange(1 << n)
    size = popcount(n).astype(np.intp)
    wz = np.zeros(n + 2)
    wz[1 : n + 1] = w  # wz[k + 1] = w(k); w(-1) = w(n) = 0
    inside = (s[None, :] >> np.arange(n)[:, None]) & 1
    m = np.where(inside == 1, wz[size][None, :].repeat(n, 0), -wz[size + 1][None, :])
    m.setflags(write=False)
    return m


def _semivalue(vals: NDArray[np.float64], n: int, w: NDArray[np.float64]) -> NDArray[np.float64]:
    """phi_i = sum_{S not containing i} w(|S|) [v(S u i) - v(S)] for all i in O(2**n)."""
    if n <= _MATRIX_BITS:
        return _semivalue_matrix(n, w.tobytes()) @ vals
    if n >= _ONE_THREAD_BITS:
        with blas_one_thread():
            return _semivalue_blocks(vals, n, w)
    return _semivalue_blocks(vals, n, w)


def _semivalue_blocks(
    vals: NDArray[np.float64], n: int, w: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Compute the semivalue in O(2**n) time and O(2**18) extra memory.

    Rewrites phi_i = sum_{T containing i} d(T) - sum_T b(T) with
    ``d(T) = v(T) [w(|T|-1) + w(|T|)]`` and ``b(T) = v(T) w(|T|)`` (w(-1) = w(n) = 0), and
    gets every "sum over T containing i" by successive halving of the array.
    """
    wd = np.zeros(n + 1)
    wd[1:] += w
    wd[:n] += w
    wb = np.zeros(n + 1)
    wb[:n] = w
    m = min(n, _BLOCK_BITS)
    size = 1 << m
    pc_low = popcount(m).astype(np.intp)
    cache: dict[int, tuple[NDArray[np.float64], NDArray[np.float64]]] = {}
    d = np.empty(size)
    s1 = np.zeros(n)
    btot = 0.0
    for h in range(1 << (n - m)):
        blk = vals[h * size : (h + 1) * size]
        c = h.bit_count()
        if c not in cache:  # weights by coalition size, one table per high popcount
            cache[c] = (np.take(wd[c:], pc_low), np.take(wb[c:], pc_low))
        w_d, w_b = cache[c]
        np.multiply(blk, w_d, out=d)
        btot += float(blk @ w_b)
        high = float(d.sum())
        for j in range(n - m):
            if h >> j & 1:
                s1[m + j] += high
        for k in range(m - 1, -1, -1):  # halve in place: d[:half] += d[half:2 half]
            half = 1 << k
            s1[k] += float(d[half : 2 * half].sum())
            np.add(d[:half], d[half : 2 * half], out=d[:half])
    return s1 - btot



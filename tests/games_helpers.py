"""Hypothesis strategies and plain-Python oracles shared by the tests/test_games_*.py files."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import strategies as st


def games(min_n: int = 1, max_n: int = 6, lo: int = -20, hi: int = 50):
    """Random integer-valued games (bitmask order, v(empty) = 0) as float arrays."""

    def build(n: int):
        return st.lists(st.integers(lo, hi), min_size=(1 << n) - 1, max_size=(1 << n) - 1).map(
            lambda xs: np.array([0.0, *xs])
        )

    return st.integers(min_n, max_n).flatmap(build)


def imputable_games(min_n: int = 2, max_n: int = 5, lo: int = -10, hi: int = 30):
    """Random integer games with a non-empty imputation set: v(N) >= sum_i v({i}).

    v(N) is set to the sum of the singletons' worths plus a drawn slack >= 0 (0 gives a
    one-point imputation set), so every example is a game the nucleolus is defined on.
    """

    def build(pair):
        v, slack = pair
        n = n_of(v)
        v = v.copy()
        v[-1] = sum(v[1 << i] for i in range(n)) + slack
        return v

    return st.tuples(games(min_n, max_n, lo, hi), st.integers(0, 3 * hi)).map(build)


def convex_games(min_n: int = 2, max_n: int = 5):
    """Convex games: non-negative sums of unanimity games (integer dividends)."""

    def build(n: int):
        return st.lists(st.integers(0, 10), min_size=(1 << n) - 1, max_size=(1 << n) - 1).map(
            lambda ds: zeta(np.array([0.0, *ds]))
        )

    return st.integers(min_n, max_n).flatmap(build)


def n_of(v) -> int:
    return len(v).bit_length() - 1


def zeta(d):
    """Plain-loop subset sum: v(S) = sum_{T subset of S} d(T)."""
    d = np.asarray(d, dtype=float)
    return np.array([sum(d[t] for t in range(len(d)) if t & s == t) for s in range(len(d))])


def members(mask: int, n: int) -> tuple[int, ...]:
    return tuple(i for i in range(n) if mask >> i & 1)


def shapley_oracle(v) -> np.ndarray:
    """phi_i = sum_{S not containing i} |S|!(n-|S|-1)!/n! (v(S+i) - v(S)), plain loops."""
    n = n_of(v)
    phi = [0.0] * n
    for i in range(n):
        for s in range(1 << n):
            if s >> i & 1:
                continue
            k = bin(s).count("1")
            w = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            phi[i] += w * (v[s | 1 << i] - v[s])
    return np.array(phi)


def shapley_permutation_oracle(v) -> np.ndarray:
    """Average marginal contribution over all n! orderings (n <= 6)."""
    n = n_of(v)
    phi = np.zeros(n)
    perms = list(itertools.permutations(range(n)))
    for perm in perms:
        s = 0
        for i in perm:
            phi[i] += v[s | 1 << i] - v[s]
            s |= 1 << i
    return phi / len(perms)


def banzhaf_oracle(v) -> np.ndarray:
    n = n_of(v)
    return np.array(
        [
            sum(v[s | 1 << i] - v[s] for s in range(1 << n) if not s >> i & 1) / 2 ** (n - 1)
            for i in range(n)
        ]
    )


def permute(v, perm) -> np.ndarray:
    """Game w with w(pi(S)) = v(S): old player i becomes player perm[i]."""
    n = n_of(v)
    w = np.zeros(len(v))
    for s in range(len(v)):
        w[sum(1 << perm[i] for i in members(s, n))] = v[s]
    return w


def excesses_sorted(v, x) -> np.ndarray:
    """Excesses of the proper coalitions, largest first (plain loop)."""
    n = n_of(v)
    e = [v[s] - sum(x[i] for i in members(s, n)) for s in range(1, (1 << n) - 1)]
    return np.sort(e)[::-1]


def lex_leq(a, b, tol: float = 1e-7) -> bool:
    """a <=_lex b with a tolerance."""
    for ai, bi in zip(a, b, strict=True):
        if ai < bi - tol:
            return True
        if ai > bi + tol:
            return False
    return True

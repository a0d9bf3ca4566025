"""The :class:`Game` value object and the bitmask helpers every kernel shares.

Convention: a TU game on players ``0..n-1`` is an array ``values`` of length
``2**n``; ``values[mask]`` is the worth of the coalition whose members are the set
bits of ``mask`` (player ``i`` <-> bit ``i``), and ``values[0] == 0``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError

__all__ = ["Game", "as_values"]

#: Largest number of players for which a full ``2**n`` array is built (512 MB of float64).
MAX_PLAYERS = 26


def _n_from_length(length: int, name: str) -> int:
    if length < 2 or length & (length - 1):
        raise InvalidInputError(
            f"{name} must have length 2**n with n >= 1 (one worth per coalition, "
            f"bitmask order), got length {length}"
        )
    return length.bit_length() - 1


def _check_values(arr: NDArray[np.float64], name: str) -> None:
    if np.isfinite(arr.sum()):  # one pass; an overflowing sum gets the exact check below
        bad = np.zeros(0, np.intp)
    else:
        bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InvalidInputError(
            f"{name} must be finite, got {float(arr[bad[0]])!r} at index {int(bad[0])}"
        )
    if arr[0] != 0.0:
        raise InvalidInputError(
            f"{name}[0] (the worth of the empty coalition) must be 0, got {float(arr[0])!r}"
        )


def as_values(values: ArrayLike, name: str = "values") -> NDArray[np.float64]:
    """Validate a characteristic-function array and return it as float64.

    Parameters
    ----------
    values : array_like of shape (2**n,)
        Worths in bitmask order, ``values[0] == 0``.
    name : str
        Argument name used in error messages.

    Returns
    -------
    ndarray of shape (2**n,)
        A read-only float64 array (a copy unless ``values`` already was one).

    Raises
    ------
    InvalidInputError
        If the array is not one-dimensional, its length is not a power of two
        (>= 2), a worth is NaN or infinite, or ``values[0] != 0``.
    """
    if isinstance(values, Game):
        return values.values
    try:
        arr = np.array(values, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{name} must be an array of numbers: {exc}") from None
    if arr.ndim != 1:
        raise InvalidInputError(f"{name} must be one-dimensional, got shape {arr.shape}")
    n = _n_from_length(arr.size, name)
    if n > MAX_PLAYERS:
        raise InvalidInputError(f"{name} describes n = {n} players; at most {MAX_PLAYERS}")
    _check_values(arr, name)
    arr.flags.writeable = False
    return arr


def _convert_names(names: Iterable[str] | None) -> tuple[str, ...] | None:
    if names is None:
        return None
    return tuple(str(s) for s in names)


@attrs.frozen(eq=False)
class Game:
    """A transferable-utility (TU) game in bitmask form.

    Parameters
    ----------
    values : array_like of shape (2**n,)
        ``values[mask]`` is the worth v(S) of the coalition S whose members are the
        set bits of ``mask`` (player ``i`` <-> bit ``i``); ``values[0]`` must be 0.
        Stored as a read-only float64 array.
    names : sequence of str, optional
        Player names (length n, distinct); players can then be given by name in
        :meth:`v`.

    Raises
    ------
    InvalidInputError
        If the length of ``values`` is not a power of two, n > 26 (a 512 MB
        array; use the closed forms or :func:`shapley_sample` beyond that), a worth
        is not finite, ``values[0] != 0`` or ``names`` has the wrong length or
        repeats a name.

    Notes
    -----
    Games built by the named constructors (:func:`airport`,
    :func:`weighted_voting`, :func:`unanimity`, :func:`unanimity_sum`) remember
    their structure so that :func:`shapley` can use a closed form.  Two games are
    equal when their values and names are equal.

    Examples
    --------
    >>> g = Game([0, 1, 2, 4])
    >>> g.n, g.v([0, 1]), g.v(0b10)
    (2, 4.0, 2.0)
    """

    values: NDArray[np.float64] = attrs.field(converter=as_values)
    names: tuple[str, ...] | None = attrs.field(
        default=None, converter=_convert_names, kw_only=True
    )
    _structure: tuple[Any, ...] | None = attrs.field(default=None, init=False, repr=False)

    @names.validator
    def _check_names(self, _attribute: object, names: tuple[str, ...] | None) -> None:
        if names is None:
            return
        if len(names) != self.n:
            raise InvalidInputError(
                f"names must have one entry per player (n = {self.n}), got {len(names)}"
            )
        if len(set(names)) != len(names):
            raise InvalidInputError(f"names must be distinct, got {list(names)}")

    @property
    def n(self) -> int:
        """Number of players."""
        return self.values.size.bit_length() - 1

    @property
    def grand(self) -> float:
        """Worth of the grand coalition, v(N)."""
        return float(self.values[-1])

    def mask(self, coalition: int | Iterable[int | str]) -> int:
        """Bitmask of a coalition given as a mask, player indices or names."""
        full = (1 << self.n) - 1
        if isinstance(coalition, (int, np.integer)):
            m = int(coalition)
            if m < 0 or m > full:
                raise InvalidInputError(
                    f"coalition mask must be in [0, {full}] for n = {self.n}, got {m}"
                )
            return m
        m = 0
        for p in coalition:
            if isinstance(p, str):
                if self.names is None or p not in self.names:
                    raise InvalidInputError(f"unknown player name {p!r}")
                i = self.names.index(p)
            else:
                i = int(p)
                if not 0 <= i < self.n:
                    raise InvalidInputError(f"player index must be in [0, {self.n - 1}], got {i}")
            m |= 1 << i
        return m

    def v(self, coalition: int | Iterable[int | str]) -> float:
        """Worth of a coalition given as a bitmask or an iterable of players."""
        return float(self.values[self.mask(coalition)])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return self.names == other.names and np.array_equal(self.values, other.values)

    def __hash__(self) -> int:
        return hash((self.values.tobytes(), self.names))


def _with_structure(game: Game, structure: tuple[Any, ...]) -> Game:
    object.__setattr__(game, "_structure", structure)
    return game


def game_values(game: Game | ArrayLike, name: str = "game") -> tuple[NDArray[np.float64], int]:
    """Return ``(values, n)`` from a :class:`Game` or a raw array (validated)."""
    vals = game.values if isinstance(game, Game) else as_values(game, name)
    return vals, vals.size.bit_length() - 1


def popcount(n: int) -> NDArray[np.uint8]:
    """Sizes |S| of all ``2**n`` coalitions in bitmask order (built by doubling)."""
    pc = np.zeros(1 << n, dtype=np.uint8)
    for i in range(n):
        h = 1 << i
        np.add(pc[:h], 1, out=pc[h : 2 * h])
    return pc


@checked_args
def subset_sums(x: NDArray[np.float64] | Sequence[float]) -> NDArray[np.float64]:
    """Return x(S), the sum of ``x[i]`` over i in S, for all ``2**n`` coalitions S.

    Parameters
    ----------
    x : array_like of shape (n,)
        A payoff vector (n <= 26 in practice: the result has ``2**n`` entries).

    Returns
    -------
    ndarray of shape (2**n,)
        ``out[mask]`` = sum of ``x[i]`` for the set bits i of ``mask`` (bitmask
        order, as :class:`Game` values), built by doubling in O(2**n).

    Examples
    --------
    >>> subset_sums([1.0, 2.0, 4.0]).tolist()
    [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    """
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    out = np.zeros(1 << n, dtype=np.float64)
    for i in range(n):
        h = 1 << i
        np.add(out[:h], x[i], out=out[h : 2 * h])
    return out


def player_matrix(masks: NDArray[np.int64], n: int) -> NDArray[np.bool_]:
    """Boolean membership matrix of shape (len(masks), n) from bitmasks."""
    return ((np.asarray(masks, dtype=np.int64)[:, None] >> np.arange(n)) & 1).astype(bool)

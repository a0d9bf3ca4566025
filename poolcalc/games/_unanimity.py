"""Non-negative sums of unanimity games: :class:`UnanimityGame`.

A unanimity game u_T (Shapley 1953) gives a coalition S the worth 1 when S contains
every member of its carrier T and 0 otherwise.  A patent pool is a sum of them: the
royalties R_T of the sales that need every holder in T are earned only by a coalition
that contains all of T (complementary, essential patents), so

    v(S) = sum_c w_c [T_c subset of S],   w_c >= 0.

Such a game is convex (each u_T is), its core is non-empty and contains the Shapley
value and the nucleolus, and its Shapley value has the closed form
``phi_i = sum_{c : i in T_c} w_c / |T_c|`` for any number of players.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Any, Literal, overload

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc.errors import InvalidInputError
from poolcalc.games._constructors import unanimity_sum
from poolcalc.games._containment import contained_worth
from poolcalc.games._exact_shapley import exact_shapley
from poolcalc.games._game import MAX_PLAYERS, Game
from poolcalc.games._nucleolus import nucleolus

__all__ = ["NUCLEOLUS_MAX_PLAYERS", "UnanimityGame", "equal_split"]

#: Largest number of non-null players :meth:`UnanimityGame.nucleolus` accepts: the LPs
#: check all 2**n coalitions (about 2.5 s and 800 MB at n = 24).
NUCLEOLUS_MAX_PLAYERS = 24
#: Coalitions evaluated per block by :meth:`UnanimityGame.values` (bounds temporaries).
_CHUNK = 1 << 16


def equal_split(carriers: NDArray[np.bool_], worths: NDArray[np.float64]) -> NDArray[np.float64]:
    """Closed-form Shapley value ``phi_i = sum_{c : i in T_c} w_c / |T_c|`` (float64).

    Parameters
    ----------
    carriers : ndarray of bool, shape (k, n)
        Non-empty carriers (rows).
    worths : ndarray of float64, shape (k,)
        Their worths (any sign: the formula is linear).

    Returns
    -------
    ndarray of shape (n,)
        Each carrier's worth split equally among its members, summed row by row.
    """
    if carriers.shape[0] == 0:
        return np.zeros(carriers.shape[1])
    size = carriers.sum(axis=1)
    return (carriers.astype(np.float64) * (worths / size)[:, None]).sum(axis=0)


def _names(names: Iterable[str] | None) -> tuple[str, ...] | None:
    if names is None:
        return None
    out = tuple(str(s) for s in names)
    if len(set(out)) != len(out):
        raise InvalidInputError(f"names must be distinct, got {list(out)}")
    return out


def _player(p: Any, n: int | None, names: tuple[str, ...] | None, c: int) -> int:
    if isinstance(p, str):
        if names is None or p not in names:
            raise InvalidInputError(f"carrier {c}: unknown player name {p!r}")
        return names.index(p)
    if isinstance(p, bool) or not isinstance(p, Integral) or p < 0 or (n is not None and p >= n):
        top = "" if n is None else f" in [0, {n - 1}]"
        raise InvalidInputError(f"carrier {c}: player must be an index{top} or a name, got {p!r}")
    return int(p)


def _carrier_matrix(
    carriers: Any, n: int | None, names: tuple[str, ...] | None
) -> NDArray[np.bool_]:
    """Boolean matrix (k, n) from a 0/1 matrix or a sequence of sets of players."""
    if not isinstance(carriers, np.ndarray):
        try:
            carriers = list(carriers)
        except TypeError:
            raise InvalidInputError(
                f"carriers must be a matrix (k, n) or a sequence of sets, got {carriers!r}"
            ) from None
    if isinstance(carriers, np.ndarray) or not all(
        isinstance(t, (set, frozenset)) for t in carriers
    ):
        try:
            c = np.asarray(carriers)
        except ValueError:  # ragged rows
            c = np.empty(0, dtype=object)
        if c.ndim != 2 or (c.size and c.dtype != bool and not np.isin(c, (0, 1)).all()):
            raise InvalidInputError(
                "carriers must be a boolean (or 0/1) matrix of shape (k, n) or a sequence of "
                f"sets of players, got an array of shape {c.shape}"
            )
        mat = c.astype(bool)
        if n is not None and mat.shape[1] != n:
            raise InvalidInputError(f"carriers has {mat.shape[1]} columns but n = {n}")
    else:
        if n is None and names is not None:
            n = len(names)
        rows = [[_player(p, n, names, c) for p in t] for c, t in enumerate(carriers)]
        if n is None:
            n = 1 + max((max(r) for r in rows if r), default=-1)
        mat = np.zeros((len(rows), n), dtype=bool)
        for c, r in enumerate(rows):
            mat[c, r] = True
    if mat.shape[1] == 0:
        raise InvalidInputError("a unanimity game needs at least one player")
    mat.flags.writeable = False
    return mat


def _fraction(w: Any) -> Fraction:
    """Exact value of a stored worth (numpy scalars become Python numbers first)."""
    return Fraction(w.item() if isinstance(w, np.generic) else w)


def _num(w: Any) -> str:
    """Format a worth for a message: 12, 1/3, 2.5."""
    return str(w) if isinstance(w, (Fraction, int, np.integer)) else repr(float(w))


def _worths(worths: Any, k: int) -> NDArray[Any]:
    """int64 (whole numbers), object (Fractions) or float64 array of shape (k,)."""
    if isinstance(worths, np.ndarray):
        if worths.ndim != 1:
            raise InvalidInputError(f"worths must be one-dimensional, got shape {worths.shape}")
        items = list(worths) if worths.dtype == object else worths.tolist()
    else:
        try:
            items = list(worths)
        except TypeError:
            raise InvalidInputError(
                f"worths must be a sequence of numbers, got {worths!r}"
            ) from None
    if len(items) != k:
        raise InvalidInputError(f"worths must have one entry per carrier ({k}), got {len(items)}")
    for c, w in enumerate(items):
        if isinstance(w, bool) or not isinstance(w, (Real, np.number)):
            raise InvalidInputError(f"worth of carrier {c} must be a number, got {w!r}")
    if all(isinstance(w, (Rational, np.integer)) for w in items):
        fr = [_fraction(w) for w in items]
        _check_worths(fr, lambda f: f < 0 or abs(f) >= _FLOAT_MAX)
        if all(f.denominator == 1 and abs(f.numerator) < 2**63 for f in fr):
            out: NDArray[Any] = np.array([f.numerator for f in fr], dtype=np.int64)
        else:
            out = np.empty(k, dtype=object)
            out[:] = fr
    else:
        out = np.array([float(w) for w in items], dtype=np.float64)
        _check_worths(out, lambda f: not (f >= 0 and np.isfinite(f)))
    out.flags.writeable = False
    return out


#: Worths must convert to float64 (for values(), shapley() without exact=True).
_FLOAT_MAX = Fraction(2) ** 1023


def _check_worths(worths: Sequence[Any], bad: Any) -> None:
    for c, w in enumerate(worths):
        if bad(w):
            exact_huge = isinstance(w, Fraction) and abs(w) >= _FLOAT_MAX
            text = "a number beyond float range" if exact_huge else _num(w)
            raise InvalidInputError(f"worths must be finite and >= 0, got {text} for carrier {c}")


@attrs.frozen(init=False, eq=False, repr=False)
class UnanimityGame:
    """A non-negative sum of unanimity games, v(S) = sum_c w_c [T_c subset of S].

    Parameters
    ----------
    carriers : array_like of bool, shape (k, n), or sequence of sets
        Row c marks the members of carrier T_c (a 0/1 or boolean matrix), or a
        sequence of ``set``/``frozenset`` of player indices (or names, with
        ``names``).
    worths : sequence of k numbers >= 0
        w_c, the worth created when every member of T_c is present.  Exact when
        given as integers or :class:`~fractions.Fraction` (stored as int64, or
        as an object array of Fractions); floats are stored as float64.
    n : int, optional
        Number of players (default: from the matrix, ``names``, or the largest
        index in the sets).
    names : sequence of str, optional
        Player labels (distinct), e.g. member ids.

    Raises
    ------
    InvalidInputError
        A matrix entry other than 0/1, a player out of range, a worth that is
        negative or not finite, the wrong number of worths, or an empty carrier
        with a positive worth (that would give the empty coalition a worth, and a
        game needs v(empty) = 0).  Empty carriers of worth 0 are allowed and
        ignored.

    Notes
    -----
    Each u_T is convex, so v is convex: the core is non-empty and contains the
    Shapley value (Shapley 1971) and the nucleolus.  Players in no carrier of
    positive worth are null players.

    References
    ----------
    Shapley, L. S., "A value for n-person games", in Contributions to the Theory of
    Games II, Annals of Mathematics Studies 28, Princeton University Press, 1953.
    Harsanyi, J. C., "A simplified bargaining model for the n-person cooperative
    game", International Economic Review 4(2), 1963.  Shapley, L. S., "Cores of
    convex games", International Journal of Game Theory 1(1), 1971.

    Examples
    --------
    Essential holders A, B share 90; a weak patent of C adds 30 when A and B are in
    (Dehez and Poukens 2014):

    >>> g = UnanimityGame([{"A", "B"}, {"A", "B", "C"}], [90, 30], names=["A", "B", "C"])
    >>> g.values([0b011, 0b111, 0b101]).tolist()
    [90.0, 120.0, 0.0]
    >>> g.shapley().tolist()
    [55.0, 55.0, 10.0]
    >>> [str(x) for x in g.shapley(exact=True)]
    ['55', '55', '10']
    """

    carriers: NDArray[np.bool_]
    worths: NDArray[Any]
    names: tuple[str, ...] | None
    _w: NDArray[np.float64] = attrs.field(repr=False)  # float worths of the active carriers
    _active: NDArray[np.intp] = attrs.field(repr=False)  # carriers with w > 0, in order

    def __init__(
        self,
        carriers: ArrayLike | Sequence[Iterable[int | str]],
        worths: ArrayLike | Sequence[Any],
        *,
        n: int | None = None,
        names: Iterable[str] | None = None,
    ) -> None:
        nm = _names(names)
        if n is not None and (isinstance(n, bool) or not isinstance(n, Integral) or n < 1):
            raise InvalidInputError(f"n must be a positive integer, got {n!r}")
        mat = _carrier_matrix(carriers, n, nm)
        if nm is not None and len(nm) != mat.shape[1]:
            raise InvalidInputError(
                f"names must have one entry per player (n = {mat.shape[1]}), got {len(nm)}"
            )
        w = _worths(worths, mat.shape[0])
        positive = np.array([x > 0 for x in w], dtype=bool)
        empty = np.flatnonzero(positive & ~mat.any(axis=1))
        if empty.size:
            c = int(empty[0])
            raise InvalidInputError(
                f"carrier {c} is empty but has worth {_num(w[c])}: a unanimity game on no player "
                "would give the empty coalition that worth (v(empty) must be 0)"
            )
        active = np.flatnonzero(positive)
        wf = np.array([float(x) for x in w[active]], dtype=np.float64)
        wf.flags.writeable = False
        self.__attrs_init__(mat, w, nm, wf, active)

    # --- shape and worths ----------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of players."""
        return int(self.carriers.shape[1])

    @property
    def exact(self) -> bool:
        """True when the worths are integers or Fractions (exact arithmetic available)."""
        return self.worths.dtype != np.float64

    @property
    def grand(self) -> float:
        """v(N) = sum of the worths (float)."""
        return float(self._w.sum())

    def active_carriers(self) -> NDArray[np.bool_]:
        """Carriers of positive worth (rows of :attr:`carriers`, in order), shape (k', n)."""
        return self.carriers[self._active]

    def active_players(self) -> NDArray[np.intp]:
        """Players in some carrier of positive worth (the others are null players)."""
        return np.flatnonzero(self.active_carriers().any(axis=0))

    # --- worths of coalitions --------------------------------------------------------------
    def values(self, coalitions: ArrayLike) -> NDArray[np.float64]:
        """Worths v(S) of coalitions.

        Parameters
        ----------
        coalitions : array_like
            Integer bitmasks of shape (m,) (player i <-> bit i, n <= 62), or a
            boolean membership matrix of shape (m, n).

        Returns
        -------
        ndarray of float64, shape (m,)
            v(S) = sum_c w_c [T_c subset of S]; a carrier is inside S when none of
            its members is missing from S.  Whole-number worths (total below
            2^53): bitset containment tests (:func:`contained_worth`, exact);
            otherwise one matrix product per block.

        Examples
        --------
        >>> g = UnanimityGame([[1, 1, 0]], [6])
        >>> g.values(np.array([[1, 1, 0], [1, 0, 1]], bool)).tolist()
        [6.0, 0.0]
        """
        c = np.asarray(coalitions)
        n = self.n
        if c.ndim == 1:
            if c.size and not np.issubdtype(c.dtype, np.integer):
                raise InvalidInputError(f"coalition bitmasks must be integers, got {c.dtype}")
            if n > 62:
                raise InvalidInputError(f"bitmask coalitions need n <= 62, got n = {n}")
            bad = np.flatnonzero((c < 0) | (c >= (1 << n)))
            if bad.size:
                raise InvalidInputError(
                    f"coalition mask must be in [0, {(1 << n) - 1}], got {c[bad[0]]}"
                )
            members = ((c.astype(np.int64)[:, None] >> np.arange(n)) & 1).astype(bool)
        elif c.ndim == 2 and c.shape[1] == n:
            members = c.astype(bool)
        else:
            raise InvalidInputError(
                f"coalitions must be bitmasks (m,) or a membership matrix (m, {n}), "
                f"got shape {c.shape}"
            )
        w = self._w
        if np.all(w == np.floor(w)) and float(w.sum()) < 2.0**53:  # exact in any order
            return contained_worth(self.active_carriers(), w, members)
        cf = self.active_carriers().astype(np.float32).T  # (n, k')
        out = np.empty(members.shape[0])
        for start in range(0, members.shape[0], _CHUNK):
            block = members[start : start + _CHUNK]
            missing = (~block).astype(np.float32) @ cf  # members of each carrier absent
            out[start : start + _CHUNK] = (missing == 0).astype(np.float64) @ self._w
        return out

    def standalone(self) -> NDArray[np.float64]:
        """Stand-alone worths v({i}): the worths of the carriers {i}, shape (n,)."""
        act = self.active_carriers()
        out = np.zeros(self.n)
        single = np.flatnonzero(act.sum(axis=1) == 1)
        np.add.at(out, np.argmax(act[single], axis=1), self._w[single])
        return out

    def to_game(self) -> Game:
        """Return the dense :class:`Game` (all 2**n worths; n <= 26).

        Built by a zeta (subset-sum) transform in O(n 2**n); remembers its carriers,
        so :func:`~poolcalc.games.shapley` uses the closed form.

        Raises
        ------
        InvalidInputError
            If n > 26 (the array would exceed 512 MB).
        """
        if self.n > MAX_PLAYERS:
            raise InvalidInputError(
                f"to_game builds all 2**n coalitions: n = {self.n} players, at most "
                f"{MAX_PLAYERS}; use values() on the coalitions you need"
            )
        g = unanimity_sum(self.active_carriers(), self._w)
        return g if self.names is None else _renamed(g, self.names)

    # --- solutions ---------------------------------------------------------------------------
    @overload
    def shapley(self, *, exact: Literal[False] = False) -> NDArray[np.float64]: ...
    @overload
    def shapley(self, *, exact: Literal[True]) -> tuple[Fraction, ...]: ...

    def shapley(self, *, exact: bool = False) -> NDArray[np.float64] | tuple[Fraction, ...]:
        """Shapley value by the closed form ``phi_i = sum_{c : i in T_c} w_c / |T_c|``.

        Parameters
        ----------
        exact : bool
            Return Fractions computed exactly from the worths (a float worth is
            taken at its exact binary value) instead of float64.

        Returns
        -------
        ndarray of float64, shape (n,), or tuple of n Fractions
            Sums to v(N); a null player gets 0.

        Notes
        -----
        By linearity the value of sum_c w_c u_{T_c} is the sum of the values of the
        u_{T_c}, and symmetry plus the null-player axiom give each member of T_c the
        share ``w_c / |T_c|`` of u_{T_c}'s worth (Shapley 1953).  O(k n), any n.

        Examples
        --------
        >>> UnanimityGame([[1, 1, 0], [0, 1, 1]], [90, 30]).shapley().tolist()
        [45.0, 60.0, 15.0]
        """
        act = self.active_carriers()
        if not exact:
            return equal_split(act, self._w)
        return exact_shapley(act, [_fraction(w) for w in self.worths[self._active]], self.n)

    def nucleolus(self) -> NDArray[np.float64]:
        """Nucleolus (Schmeidler 1969), by sequential LPs on the dense game.

        Null players get 0 (in a convex game the nucleolus is in the core, where a
        null player's payoff is 0); the LPs run on the other players, with the game
        scaled to v(N) = 1 and scaled back.

        Returns
        -------
        ndarray of float64, shape (n,)

        Raises
        ------
        InvalidInputError
            If more than :data:`NUCLEOLUS_MAX_PLAYERS` players are in a carrier of
            positive worth.
        SolverError
            If an LP fails.

        References
        ----------
        Schmeidler, D., "The nucleolus of a characteristic function game", SIAM Journal
        on Applied Mathematics 17(6), 1969.  Maschler, M., Peleg, B. and Shapley, L. S.,
        "Geometric properties of the kernel, nucleolus and related solution concepts",
        Mathematics of Operations Research 4(4), 1979.

        Examples
        --------
        >>> UnanimityGame(np.ones((1, 4), bool), [100]).nucleolus().round(9).tolist()
        [25.0, 25.0, 25.0, 25.0]
        """
        active = self.active_players()
        out = np.zeros(self.n)
        if active.size == 0:
            return out
        if active.size > NUCLEOLUS_MAX_PLAYERS:
            raise InvalidInputError(
                f"nucleolus enumerates 2**n coalitions: {active.size} players are in a carrier "
                f"of positive worth, at most {NUCLEOLUS_MAX_PLAYERS} supported (the Shapley "
                "value has a closed form for any n)"
            )
        scale = self._w.sum()
        game = unanimity_sum(self.active_carriers()[:, active], self._w / scale)
        out[active] = nucleolus(game) * scale
        return out

    # --- value object --------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnanimityGame):
            return NotImplemented
        return (
            self.names == other.names
            and np.array_equal(self.carriers, other.carriers)
            and self.worths.tolist() == other.worths.tolist()
        )

    def __hash__(self) -> int:
        return hash((self.carriers.tobytes(), self.carriers.shape, tuple(self.worths.tolist())))

    def __repr__(self) -> str:
        return (
            f"UnanimityGame(n={self.n}, carriers={self.carriers.shape[0]}, "
            f"v(N)={self.grand:.12g}, exact={self.exact})"
        )


def _renamed(game: Game, names: tuple[str, ...]) -> Game:
    out = Game(game.values, names=names)
    object.__setattr__(out, "_structure", game._structure)
    return out

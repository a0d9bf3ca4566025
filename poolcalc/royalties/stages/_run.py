"""Per-run state of the royalty engine, the money levels and the shape of a stage.

A run is one calendar year of sales rows.  :class:`Run` holds plain arrays only
(numpy, per row, per tier group, per cap group, per enterprise, per licensee);
every stage reads some of them and returns a new :class:`Run` with the fields it
computes (``attrs.evolve``), so the order of the stages is the order of
operations and nothing is changed behind a stage's back.

Arrays only; no model, io or cli imports.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc._money import EXACT_BOUND, clip_limit, round_half_up_exact
from poolcalc.errors import InvalidInputError

__all__ = ["BUCKETS", "Groups", "Level", "Run", "Stage", "eligible_licensees", "money_cents"]

#: Invoice columns a money level's reduction can go to (``Invoice.allowance_cents``,
#: ``discount_cents``, ``cap_cents``), in the order the breakdown splits them.
BUCKETS = ("allowance", "discount", "cap")


def money_cents(value: float, minor_units: int) -> float:
    """Convert a money limit [currency] to whole minor units, half up (``inf`` stays).

    The limit is taken as the decimal it was written as (the shortest decimal that
    reads back as the float64, ``repr``), times ``10**minor_units`` exactly, then
    rounded half up: ``39532813657836.09`` is 3,953,281,365,783,609 cents, where the
    float64 product ``value * 100`` is 3,953,281,365,783,609.5 (rounded up to ...610
    before).  Exact for every limit below 2**52 minor units; from 2**52 on
    a float64 of the currency amount holds no unique 2-decimal value, and the limit is
    that float's decimal.  A limit at or above :data:`poolcalc._money.EXACT_BOUND`
    minor units is clipped to the bound (:func:`poolcalc._money.clip_limit`): no
    amount in the exact range reaches it, so ``enterprise_cap = 1e20`` is "no cap"
    (it never wraps in int64).

    ``money_cents(25000.0, 2) == 2500000.0``; ``money_cents(inf, 2) == inf``;
    ``money_cents(1e20, 2) == 2.0**53``.
    """
    if math.isinf(value):
        return math.inf
    x = value * 10**minor_units
    if x >= EXACT_BOUND or math.isnan(x):
        return clip_limit(x)
    return float(round_half_up_exact(Fraction(repr(float(value))) * 10**minor_units))


def keep_below_previous(previous: np.ndarray, rounded: np.ndarray) -> np.ndarray:
    """Default whole-cent rule of a level: ``E_k = min(round(S_k), E_{k-1})``."""
    return np.minimum(rounded, previous)


@attrs.frozen(eq=False)
class Level:
    """One money level: what every row would owe after a stage [float minor units].

    Attributes
    ----------
    amount : ndarray of float64, shape (n,)
        ``s_k`` per row, canonical order.
    bucket : str or None
        Invoice column (one of :data:`BUCKETS`) that the reduction from the previous
        level ``s_{k-1} - s_k`` belongs to; ``None`` for the first (standard) level.
    settle : callable or None
        Whole-cent enterprise total of the level from the previous level's whole
        cents and the level's own rounded sum: ``settle(E_{k-1}, round(S_k)) -> E_k``
        (arrays per enterprise).  ``None``: :func:`keep_below_previous`.
    exact : callable or None
        ``exact(rows) -> list of Fraction``: the exact amounts [minor units] of the
        rows at canonical positions ``rows`` (an int array), or ``None`` where the
        level cannot give them for those rows.  The exact-cents stage calls it only
        for the enterprises whose float total lies within float64 error of a half
        minor unit (:func:`poolcalc._money.near_half`), and rounds their exact sum
        once.  ``None``: the level has no exact path (its float total is used).
    """

    amount: np.ndarray
    bucket: str | None
    settle: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    exact: Callable[[np.ndarray], list[Fraction] | None] | None = None


@attrs.frozen(eq=False)
class Groups:
    """Cap groups, tier groups and enterprises of the rows (contiguous in canonical order).

    Attributes
    ----------
    g : ndarray of int64, shape (n,)
        Cap group (enterprise, category) of each row, ``0..G-1``.
    gstart : ndarray of int64, shape (G,)
        First row of each cap group.
    tg : ndarray of int64, shape (n,)
        Tier group (enterprise, category, tier counter) of each row, ``0..T-1``.
    tstart : ndarray of int64, shape (T,)
    el : ndarray of int64, shape (n,)
        Enterprise of each row, local codes ``0..E-1``.
    ent_of_g, cat_of_g : ndarray of int64, shape (G,)
        Enterprise (local code) and category of each cap group.
    ent_of_t : ndarray of int64, shape (T,)
        Enterprise (local code) of each tier group.
    n_ent : int
        Number of enterprises with rows in the year.
    """

    g: np.ndarray
    gstart: np.ndarray
    tg: np.ndarray
    tstart: np.ndarray
    el: np.ndarray
    ent_of_g: np.ndarray
    cat_of_g: np.ndarray
    ent_of_t: np.ndarray
    n_ent: int


@attrs.frozen(eq=False)
class Run:
    """Everything the stages compute for one year, as arrays.

    Row arrays are in table order until the classify stage sorts them into the
    canonical (content) order; from then on every row array is in canonical order
    and ``order`` maps canonical positions back to the year's rows.

    Attributes
    ----------
    year, minor_units : int
    scale : int
        ``10**minor_units`` (amounts are in minor units, "cents").
    patents : PatentTable
        National patents (``count_in_force(country, day)``) for the due test.
    products : tuple of str
        Labels of the ``prod`` codes.
    good_standing, signed_day, member, chain_level : ndarray, shape (L,)
        Per licensee code (``signed_day``: day numbers, ``NO_DATE`` when unknown).
    lic, ent, prod, day, cs, cm, units, price, line : ndarray, shape (n,)
        The year's rows: licensee, enterprise, product codes, sale day number,
        country of sale / manufacture codes, units, net price (NaN when absent),
        source line; integer codes in the sales table's dtypes, ``ent`` and ``units``
        int64 from classify on.
    order : ndarray of int64, shape (n,) or None
        Year-row position of each canonical position (set by classify).
    rates : mapping of int to ProductRate
        Terms of each product code present, and of each regional own table in use
        (keys ``rkey``; set by classify).
    categories : tuple of str
        Category labels (cap bucket and tier counter), sorted; ``cat`` codes into it.
    cat : ndarray of int64, shape (n,)
    counter : ndarray of int64, shape (n,) or None
        Tier counter of each row (0 pooled, k > 0 the k-th separately tiered
        region); ``None`` when every row counts on the pooled counter.
    mult : ndarray of float64, shape (n,) or None
        Regional multiplier ``m_i`` of each row (1 on a region's own table and
        outside every region); ``None``: no regions (set by classify).
    rkey : ndarray of int64, shape (n,) or None
        Key of each row's terms in ``rates``: the product code, or ``P k + prod``
        for a row on region k's own table (P products); ``None``: the product code.
    groups : Groups or None
    due : ndarray of bool, shape (n,)
    reason : ndarray of int8, shape (n,)
        Codes into :data:`poolcalc.royalties.REASONS` (0 when due).
    bearing : ndarray of int64, shape (n,)
        Royalty-bearing units ``n_i = units_i * due_i``.
    n_t : ndarray of int64, shape (T,)
        Royalty-bearing units per tier group.
    exempt : ndarray of int64, shape (T,) or None
        Positions at the start of each tier group's counter that owe nothing
        (``None``: none); chargeable units ``k_t = n_t - exempt_t``.
    levels : tuple of Level
        Money levels ``s_0, s_1, ...`` in the order the stages produced them.
    enterprise_cents : tuple of ndarray of int64
        Whole-cent enterprise total of every level (``E_k``), set by exact cents.
    cents : ndarray of int64, shape (n,)
        Whole cents per row (after exact cents; after the member factor, owed).
    pre_member : ndarray of int64, shape (L,)
        What each licensee would owe as a non-member (``P_l``).
    owed : ndarray of int64, shape (L,)
        What each licensee owes (``O_l``).
    breakdown : mapping of str to ndarray of int64, shape (L,)
        Per licensee: ``gross`` and the reductions by bucket (:data:`BUCKETS`) and
        ``member``.
    eligible : mapping of Eligibility to ndarray of bool, shape (L,)
        Per eligibility condition of the schedule, the licensee codes meeting it
        (:func:`eligible_licensees`).
    """

    year: int
    minor_units: int
    scale: int
    patents: Any
    products: tuple[str, ...]
    good_standing: np.ndarray
    signed_day: np.ndarray
    member: np.ndarray
    chain_level: np.ndarray
    lic: np.ndarray
    ent: np.ndarray
    prod: np.ndarray
    day: np.ndarray
    cs: np.ndarray
    cm: np.ndarray
    units: np.ndarray
    price: np.ndarray
    line: np.ndarray
    n_enterprises: int
    order: np.ndarray | None = None
    rates: Mapping[int, Any] = attrs.field(factory=dict)
    categories: tuple[str, ...] = ()
    cat: np.ndarray | None = None
    counter: np.ndarray | None = None
    mult: np.ndarray | None = None
    rkey: np.ndarray | None = None
    groups: Groups | None = None
    due: np.ndarray | None = None
    reason: np.ndarray | None = None
    bearing: np.ndarray | None = None
    n_t: np.ndarray | None = None
    exempt: np.ndarray | None = None
    levels: tuple[Level, ...] = ()
    enterprise_cents: tuple[np.ndarray, ...] = ()
    cents: np.ndarray | None = None
    pre_member: np.ndarray | None = None
    owed: np.ndarray | None = None
    breakdown: Mapping[str, np.ndarray] = attrs.field(factory=dict)
    eligible: Mapping[Any, np.ndarray] = attrs.field(factory=dict)

    @property
    def n(self) -> int:
        """Number of rows in the year."""
        return int(self.units.size)

    @property
    def n_lic(self) -> int:
        """Number of licensee codes."""
        return int(self.good_standing.size)

    def evolve(self, **changes: Any) -> Run:
        """Return a copy with ``changes`` (``attrs.evolve``)."""
        return attrs.evolve(self, **changes)

    def with_bearing(self, bearing: np.ndarray) -> Run:
        """Set royalty-bearing units per row and their sums per tier group ``n_t``."""
        assert self.groups is not None
        n_t = np.add.reduceat(bearing, self.groups.tstart)
        return self.evolve(bearing=bearing, n_t=n_t)

    def add_level(self, level: Level) -> Run:
        """Append a money level."""
        return self.evolve(levels=(*self.levels, level))


def eligible_licensees(run: Run, condition: Any) -> np.ndarray:
    """Licensee codes meeting ``condition`` (bool, shape (L,)); all when it is ``None``.

    Raises
    ------
    InvalidInputError
        The run was given no array for the condition (``compute_royalties(...,
        eligible=...)``; :func:`poolcalc.royalties.royalties_owed` computes them).
    """
    if condition is None:
        return np.ones(run.n_lic, bool)
    got = run.eligible.get(condition)
    if got is None:
        raise InvalidInputError(
            f"the schedule has an eligibility condition ({condition!r}) and no licensee array "
            "was given for it: pass compute_royalties(..., eligible={condition: bool array}) "
            "or use royalties_owed"
        )
    return got


@attrs.frozen
class Stage:
    """One step of the royalty engine.

    Attributes
    ----------
    name : str
        Short name (``"free units"``), used in messages and docs.
    apply : callable
        ``apply(run, schedule) -> Run``: reads the schedule's parameters it needs
        (plain numbers, tuples and mappings) and the run's arrays, returns the run
        with what it computes.
    parts : tuple of str
        Modules of kernels the stage uses that are documented with it
        (``docs/royalty-engine.md``).
    """

    name: str
    apply: Callable[[Run, Any], Run]
    parts: tuple[str, ...] = ()

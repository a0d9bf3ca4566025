r"""Stage 2, royalty-due test: is a pooled essential patent in force where and when a unit sold.

A royalty is due on a unit only if at least one pooled essential patent is in force
on the sale date in the country of sale, of manufacture, or either
(``Schedule.due``); otherwise the row owes nothing and its ``reason`` says why.
With ``Schedule.members_only`` (the pool licenses its own members only) rows of
licensees that are not members are not royalty-bearing either: they are outside
the pool licence, reported, never dropped.  Royalty-bearing units::

    n_i = units_i * due_i,        n_t = sum_{i in t} n_i   (per tier group t)

Arrays only; no model, io or cli imports.

References
----------
Access Advance, "Where and when is a royalty due?" (a royalty is due where an HEVC
Advance patent is in force in the country of manufacture or of sale),
accessadvance.com/topic-where-and-when-is-a-royalty-due/.  U.S. Department of
Justice, Antitrust Division, MPEG-2 business review letter, 26 June 1997,
justice.gov/atr/public/busreview/215742.htm.  Wang Shan-shan, Wang
Hong-qi, Deng Jing-fei, "Research on the technology standardization process and
government supporting tactics of industrial alliance", section 3.1(2) (formation:
patents shared only among the pool's members).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError
from poolcalc.royalties.stages._run import Run, Stage

__all__ = ["REASONS", "STAGE", "due_test"]

#: Labels of the ``reason`` codes of :class:`~poolcalc.royalties.RowRoyalties`.
REASONS: tuple[str, ...] = (
    "due",
    "no pooled patent in force in the country of sale",
    "no pooled patent in force in the country of manufacture",
    "no pooled patent in force in either country",
    "licensee is not a pool member (the pool licenses its members only)",
)
_NOT_LICENSED = 4
_OFFSET = np.int64(1) << 31
_SPAN = np.int64(1) << 32


class DueTerms(Protocol):
    """What the due stage reads from the schedule."""

    due: Any
    members_only: bool


def _in_force_any(patents: object, country: np.ndarray, day: np.ndarray) -> np.ndarray:
    """``count_in_force(country, day) > 0`` evaluated once per distinct (country, day)."""
    country = np.asarray(country, dtype=np.int64)
    day = np.asarray(day, dtype=np.int64)
    if country.size == 0:
        return np.zeros(0, dtype=bool)
    d0 = int(day.min())
    span = int(day.max()) - d0 + 1
    n_c = int(country.max()) + 1
    if n_c * span <= 4 * country.size + 1024:
        # dense de-duplication: mark the (country, day) cells that occur, O(n)
        cell = country * span  # country * span + (day - d0), without temporaries
        cell += day
        cell -= d0
        seen = np.zeros(n_c * span, dtype=bool)
        seen[cell] = True
        uniq = np.flatnonzero(seen)
        counts = patents.count_in_force(uniq // span, uniq % span + d0)  # type: ignore[attr-defined]
        table = np.zeros(n_c * span, dtype=bool)
        table[uniq] = counts > 0
        return table[cell]
    keys = country * _SPAN + (day + _OFFSET)
    uniq, inv = np.unique(keys, return_inverse=True)
    counts = patents.count_in_force(uniq // _SPAN, uniq % _SPAN - _OFFSET)  # type: ignore[attr-defined]
    return (counts > 0)[inv.reshape(-1)]


@checked_args
def due_test(
    patents: object,
    country_of_sale: np.ndarray,
    country_of_manufacture: np.ndarray,
    day: np.ndarray,
    rule: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Royalty-due flag and reason code per sales row.

    Parameters
    ----------
    patents : PatentTable
        Anything with ``count_in_force(country, day) -> ndarray`` counting pooled
        essential patents in force (:meth:`poolcalc.tables.PatentTable.count_in_force`).
    country_of_sale, country_of_manufacture : ndarray of int, shape (n,)
        Country codes into :data:`poolcalc.tables.COUNTRIES`.
    day : ndarray of int, shape (n,)
        Sale dates as day numbers.
    rule : {"sale", "manufacture", "sale_or_manufacture"}

    Returns
    -------
    due : ndarray of bool, shape (n,)
    reason : ndarray of int8, shape (n,)
        Codes into :data:`REASONS` (0 when due).

    Notes
    -----
    ``due_i = [N(c_i, t_i) > 0]`` with N(c, t) the number of pooled essential patents
    in force in country c on day t and c_i the country the rule names; for
    ``sale_or_manufacture`` ``due_i = [N(s_i, t_i) > 0] or [N(m_i, t_i) > 0]``.
    Each distinct (country, day) pair is looked up once.

    References
    ----------
    Access Advance, "Where and when is a royalty due?", accessadvance.com (accessed
    2025).  U.S. DOJ, MPEG-2 business review letter, 26 June 1997.

    Examples
    --------
    >>> import numpy as np
    >>> import poolcalc
    >>> from poolcalc.tables import country_codes, day_number
    >>> pool = poolcalc.load_example()
    >>> c = country_codes(["US", "AQ"])
    >>> due, reason = due_test(pool.patents, c, c, np.full(2, day_number("2024-06-01")), "sale")
    >>> due.tolist()
    [True, False]
    """
    cs = np.asarray(country_of_sale)  # int64 in _in_force_any, one column at a time
    cm = np.asarray(country_of_manufacture)
    day = np.asarray(day, dtype=np.int64)
    n = day.size
    if rule == "sale":
        due = _in_force_any(patents, cs, day)
        code = 1
    elif rule == "manufacture":
        due = _in_force_any(patents, cm, day)
        code = 2
    elif rule == "sale_or_manufacture":
        both = _in_force_any(patents, np.concatenate([cs, cm]), np.concatenate([day, day]))
        due = both[:n] | both[n:]
        code = 3
    else:
        raise InvalidInputError(
            f"due must be 'sale', 'manufacture' or 'sale_or_manufacture', got {rule!r}"
        )
    reason = np.where(due, 0, code).astype(np.int8)
    return due, reason


def members_only(
    due: np.ndarray, reason: np.ndarray, member_of_row: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of non-members fall outside a members-only licence (reason code 4).

    ``due'_i = due_i and member_i``; rows that were due but are not a member's get
    reason "licensee is not a pool member".
    """
    outside = due & ~member_of_row
    due = due & ~outside
    reason = np.where(outside, np.int8(_NOT_LICENSED), reason).astype(reason.dtype)
    return due, reason


def _apply(run: Run, terms: DueTerms) -> Run:
    due, reason = due_test(run.patents, run.cs, run.cm, run.day, str(terms.due))
    if terms.members_only:
        due, reason = members_only(due, reason, run.member[run.lic])
    return run.evolve(due=due, reason=reason).with_bearing(np.where(due, run.units, 0))


#: Stage 2 of the engine.
STAGE = Stage("royalty-due test", _apply)

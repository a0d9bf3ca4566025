r"""Stage 9, member cross-licence: a pool member owes ``member_rate`` times its cents.

A licensee that is a pool member (``Licensee.member`` set) owes ``f = member_rate``
times what it would owe as a non-member, in whole cents of its own::

    O_l = min(P_l, round_half_up(f * P_l))    for a member l,     O_l = P_l otherwise

spread over the member's own rows by largest remainder with weights ``c_i`` (so no
row, group or cap total grows); other licensees' rows keep their cents.  In
formation the members license each other free or by cross-licence (f = 0); in
MPEG LA practice licensors sign the same licence and pay like everyone (f = 1,
the default).

**Members' units still count.**  A member's units are royalty-bearing units of the
pool licence: they count toward its enterprise's tier counter, take their share of
the free units, discounts, caps and waiver exactly as at f = 1; only then is the
member's amount scaled, on its own cents.  Nothing else on any invoice depends on
f: what non-members owe (also an affiliate of a member in the same enterprise) and
every licensee's gross, discount, cap and allowance.  The relief ``P_l - O_l`` is on
the invoice (``Invoice.member_cents``), never dropped.  The factor runs on whole
cents, so it comes after exact cents; netting what a member owes against what it
receives belongs to the allocation side.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
Wang Shan-shan, Wang Hong-qi, Deng Jing-fei, "Research on the technology
standardization process and government supporting tactics of industrial alliance",
section 3.1(2) (in formation, members license each other free or by cross-licence).
MPEG LA, "AVC Patent Portfolio License Briefing" (2010: "All Licensees (including
Licensors) sign the same License and are subject to the same terms"),
sambuz.com/doc/avc-patent-portfolio-license-briefing-ppt-presentation-892779.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from poolcalc.royalties._apportion import apportion, round_half_up
from poolcalc.royalties.stages._run import Run, Stage

__all__ = ["STAGE", "member_cents", "member_owed"]


class MemberTerms(Protocol):
    """What the member stage reads from the schedule."""

    member_rate: float


def member_cents(
    pre: np.ndarray, member: np.ndarray, rate: float, cents: np.ndarray, lic: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return what each licensee owes and the owed cents per row.

    Parameters
    ----------
    pre : ndarray of int64, shape (L,)
        ``P_l``, what each licensee would owe as a non-member.
    member : ndarray of bool, shape (L,)
    rate : float
        ``member_rate`` in [0, 1].
    cents : ndarray of int64, shape (n,)
        Row cents ``c_i`` (summing to ``P_l`` per licensee).
    lic : ndarray of int64, shape (n,)
        Licensee of each row.

    Returns
    -------
    owed : ndarray of int64, shape (L,)
    row_cents : ndarray of int64, shape (n,)

    Examples
    --------
    A member owing 10,000 cents as a non-member owes 5,000 at ``member_rate = 0.5``:

    >>> owed, rows = member_cents(np.array([10_000, 5_000]), np.array([True, False]), 0.5,
    ...                           np.array([10_000, 5_000]), np.array([0, 1]))
    >>> owed.tolist(), rows.tolist()
    ([5000, 5000], [5000, 5000])
    """
    if not member.any() or float(rate) == 1.0:
        return pre, cents
    owed = member_owed(pre, member, rate)
    out = cents.copy()
    on = np.flatnonzero(member[lic] & (cents > 0))  # members' rows that carry cents
    out[on] = apportion(owed, lic[on], cents[on].astype(np.float64))
    return owed, out


def member_owed(pre: np.ndarray, member: np.ndarray, rate: float) -> np.ndarray:
    """Return what each licensee owes: ``min(P_l, round_half_up(r P_l))`` for members, else ``P_l``.

    Parameters
    ----------
    pre : ndarray of int64, shape (L,)
        ``P_l`` [minor units].
    member : ndarray of bool, shape (L,)
    rate : float
        ``member_rate`` in [0, 1].

    Returns
    -------
    ndarray of int64, shape (L,)
        ``pre`` itself when no licensee is a member or ``rate == 1``.
    """
    if not member.any() or float(rate) == 1.0:
        return pre
    return np.minimum(np.where(member, round_half_up(pre * float(rate)), pre), pre)


def _apply(run: Run, terms: MemberTerms) -> Run:
    assert run.pre_member is not None and run.cents is not None
    owed, cents = member_cents(run.pre_member, run.member, terms.member_rate, run.cents, run.lic)
    return run.evolve(owed=owed, cents=cents)


#: Stage 9 of the engine.
STAGE = Stage("member cross-licence", _apply)

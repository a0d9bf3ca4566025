r"""What an open invoice is made of once credit notes are set against it.

Cash-based distribution splits only cash (and tax withheld at source) among the
members.  A credit note set against an open invoice moves no cash, so it is not
distributed when it is set off: it is *folded* into the invoice instead.  The
invoice's open amount ``o_X`` is then a signed combination of the member weights of
invoices (its own and the notes folded into it):

    R_X = sum_j beta_j * w_j / W_j,      W_j = sum_i w_ji,      sum_j beta_j = o_X

(``beta_j`` in cents, exact rationals; an invoice nothing was folded into is
``R_X = o_X * w_X / W_X``).  A payment of ``a`` cents settles the part ``a / o_X`` of
every term (the rest keeps its proportions), and that part is what is distributed
when the cash arrives.  Folding a credit of ``c`` cents from note ``C`` adds the term
``-c * w_C / W_C``.  If the set-off closes the invoice (``o_X = 0``), what is left of
``R_X`` sums to zero: a transfer between members (for a credit set against another
invoice than the one it corrects, e.g. a credit for an invoice already paid, whose
cash was distributed by the old counts: a claw-back).  It waits until the licensee
next pays (cash or tax withheld, in a period's book) and is distributed in that
period, so no period without cash moves money; a credit correcting the very invoice
it is set against leaves ``R_X = 0``.

A *mix* is the tuple ``((invoice number, beta), ...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

__all__ = ["Mix", "expand", "round_vector", "scale"]

#: ``((invoice number, cents of that invoice's weights), ...)``.
Mix = tuple[tuple[str, Fraction], ...]


def expand(mix: Mix, weights_of: Callable[[str], dict[str, int]],
           into: dict[str, Fraction]) -> None:
    """Add ``sum_j beta_j * w_j / W_j`` member by member to ``into`` (exact).

    Parameters
    ----------
    mix : Mix
    weights_of : callable
        Invoice number -> member weights (integers proportional to its exact cents).
    into : dict of str to Fraction
        Accumulator, updated in place.
    """
    for number, beta in mix:
        if not beta:
            continue
        w = weights_of(number)
        total = sum(w.values())
        for m, v in w.items():
            into[m] = into.get(m, Fraction(0)) + beta * v / total


def round_vector(vector: dict[str, Fraction], total: int) -> dict[str, int]:
    """Round exact member amounts with an integer sum ``total`` to cents.

    Floors, then one cent to each of the ``total - sum floors`` largest fractional
    parts (ties: smaller member id) -- the largest-remainder rule of
    :func:`poolcalc.periods._compute.signed_largest_remainder`, of which this is the
    case of arbitrary (not proportional) exact amounts.

    Examples
    --------
    >>> round_vector({"a": Fraction(1, 3), "b": Fraction(-4, 3)}, -1)
    {'a': 0, 'b': -1}
    """
    keys = sorted(vector)
    floors = [vector[k].numerator // vector[k].denominator for k in keys]
    rems = [vector[k] - f for k, f in zip(keys, floors, strict=True)]
    order = sorted(range(len(keys)), key=lambda i: (-rems[i], keys[i]))
    for i in order[: total - sum(floors)]:
        floors[i] += 1
    return dict(zip(keys, floors, strict=True))


def scale(mix: Mix | None, cents: int, of: int) -> Mix | None:
    """Return the part ``cents / of`` of a settlement's mix (None stays None)."""
    if mix is None:
        return None
    return tuple((n, b * cents / of) for n, b in mix)

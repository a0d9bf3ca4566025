"""Netting: members that are also licensees receive their amount and owe their royalties.

A member's licensees are the ``licensees.csv`` rows whose ``member`` column names it;
what they owe for the year is their invoices' ``owed_cents`` (or, for a report without
invoices, their rows' cents) plus their content (usage) royalties.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from poolcalc.allocation._report import usage_invoices
from poolcalc.allocation._result import Netting
from poolcalc.royalties import RoyaltyReport
from poolcalc.tables import SalesTable

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Pool

__all__ = ["netting"]


def netting(
    pool: Pool,
    report: RoyaltyReport,
    sales: SalesTable,
    index: np.ndarray,
    cents: np.ndarray,
    amounts: Mapping[str, int],
) -> dict[str, Netting]:
    """Return member id -> :class:`Netting` for the members that are also licensees.

    ``index``/``cents``: the report's rows (used when it has no ``invoices``);
    ``amounts``: the distribution's member amounts [minor units].
    """
    owed: dict[str, int] = {}
    invoices = getattr(report, "invoices", None)
    column = getattr(invoices, "column", None)
    if column is not None:  # columnar invoices (royalties_owed): no Invoice object each
        for lic, c in zip(invoices.licensees, column("owed_cents").tolist(), strict=True):
            owed[lic] = owed.get(lic, 0) + c
    elif invoices is not None:
        for inv in invoices:
            owed[str(inv.licensee)] = owed.get(str(inv.licensee), 0) + int(inv.owed_cents)
    else:
        per = np.bincount(sales.licensee[index], weights=cents, minlength=len(sales.licensees))
        owed = {lic: int(round(per[k])) for k, lic in enumerate(sales.licensees)}
    for u in usage_invoices(report):  # content royalties are payable too
        owed[str(u.licensee)] = owed.get(str(u.licensee), 0) + int(u.owed_cents)
    out: dict[str, Netting] = {}
    by_member: dict[str, list[str]] = {}  # one pass over licensees, not one per member
    lt = pool.licensees  # columns: no Licensee object each
    for lid, m in zip(lt.ids, lt.column("member"), strict=True):
        if m is not None:
            by_member.setdefault(m, []).append(lid)
    for m in pool.members:
        lics = tuple(by_member.get(m.id, ()))
        if lics:
            out[m.id] = Netting(
                member=m.id,
                licensees=lics,
                receivable_cents=amounts[m.id],
                payable_cents=sum(owed.get(x, 0) for x in lics),
                minor_units=pool.minor_units,
            )
    return out


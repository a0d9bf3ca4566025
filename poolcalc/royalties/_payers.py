"""Bills to payers other than the licensee (issue 12 item 8b, Via LA HEVC).

With ``Pool.payers`` (sales.csv ``payer``), the royalty engine runs unchanged: each
licensee's tiers, free units and caps count all of its units, whoever pays for them,
and the engine's exact cents give every row whole cents c_i that add up to the
licensee's ``owed_cents`` (largest remainder within the licensee).  A payer p is then
billed, for licensee l,

    B_{p,l} = sum_{rows i of l paid by p} c_i,   so   sum_p B_{p,l} = owed_l  exactly,

i.e. pro rata to the royalty of the rows it pays for, in whole cents with no new
rounding.  Entry fees (:mod:`poolcalc.royalties._fees`) and fee credits stay with the
licensee; the allocation is unchanged (it splits the rows' cents).

References
----------
Via LA, "HEVC License Fees", via-la.com/licensing-2/hevc/hevc-license-fees/: chip
vendors "may pay royalties on behalf of their customer who is a Licensee (and has
responsibility for assuring payment) subject to that Licensee's annual cap".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from poolcalc._format import format_money, render_table

__all__ = ["PayerLine", "payer_dict", "payer_lines", "payer_text"]


@attrs.frozen
class PayerLine:
    """What one payer is billed for one licensee's rows in the year.

    Attributes
    ----------
    payer, licensee : str
    units : int
        Units of the rows it pays for.
    cents : int
        Royalty of those rows [minor units].
    """

    payer: str
    licensee: str
    units: int
    cents: int


def payer_lines(rows: Any, sales_line: np.ndarray, payers: Mapping[int, str]
                ) -> tuple[PayerLine, ...]:
    """Bills per (payer, licensee) of a year's rows, sorted by payer then licensee.

    Parameters
    ----------
    rows : RowRoyalties
        The year's rows (``index`` into the sales table, ``licensee``, ``units``,
        ``cents``).
    sales_line : ndarray of int64
        Source line of every sales row (``SalesTable.line``).
    payers : mapping of int to str
        ``Pool.payers``: payer by sales line (not listed: the licensee).

    Returns
    -------
    tuple of PayerLine
        Empty when ``payers`` is empty.
    """
    if not payers or len(rows) == 0:
        return ()
    labels = rows.licensees
    got: dict[tuple[str, str], list[int]] = {}
    lines = sales_line[rows.index].tolist()
    for line, lic, units, cents in zip(lines, rows.licensee.tolist(), rows.units.tolist(),
                                       rows.cents.tolist(), strict=True):
        who = labels[lic]
        acc = got.setdefault((payers.get(line, who), who), [0, 0])
        acc[0] += units
        acc[1] += cents
    return tuple(PayerLine(p, lic, u, c) for (p, lic), (u, c) in sorted(got.items()))


def payer_dict(line: PayerLine, minor_units: int) -> dict[str, Any]:
    """One payer bill as JSON-ready data (money as a decimal string)."""
    return {"payer": line.payer, "licensee": line.licensee, "units": line.units,
            "royalty": format_money(line.cents, minor_units)}


def payer_text(lines: tuple[PayerLine, ...], minor_units: int) -> list[str]:
    """Lines of the table of bills to payers."""
    body = [[x.payer, x.licensee, f"{x.units:,}", format_money(x.cents, minor_units,
                                                             grouping=True)] for x in lines]
    return render_table(["payer", "for licensee", "units", "royalty"], body,
                        title="Billed to payers (royalties paid on behalf of licensees)",
                        align=list("llrr")).splitlines()

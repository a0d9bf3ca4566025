"""Validation of the royalty report an allocation splits: row arrays and usage invoices.

The report is what :func:`poolcalc.royalties.royalties_owed` returns (a
:class:`~poolcalc.royalties.RoyaltyReport`), or an object of the same shape: ``.year``,
``.rows`` with ``index`` (into the pool's sales), ``due`` and ``cents`` arrays,
optionally ``.invoices`` (``licensee``, ``owed_cents``) and ``.usage`` (content
royalties: ``licensee``, ``year``, ``owed_cents``, ``by_country``).  Every
inconsistency raises :class:`~poolcalc.errors.InvalidInputError` naming the field.
"""

from __future__ import annotations

import numpy as np

from poolcalc.errors import InvalidInputError
from poolcalc.royalties import RoyaltyReport, UsageInvoice
from poolcalc.tables import country_code

__all__ = ["report_arrays", "usage_arrays", "usage_invoices"]


def report_arrays(
    report: RoyaltyReport, n_sales: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the report's row ``index``, ``due`` and ``cents`` (int64), validated.

    ``index`` in ``0..n_sales-1``, ``cents >= 0`` and zero on rows not due.
    """
    rows = getattr(report, "rows", None)
    if rows is None:
        raise InvalidInputError("royalties report has no rows (need index, due, cents arrays)")
    index = np.asarray(rows.index)
    due = np.asarray(rows.due, bool)
    cents = np.asarray(rows.cents)
    if not (index.shape == due.shape == cents.shape) or index.ndim != 1:
        raise InvalidInputError(
            f"royalties rows: index, due and cents must be 1-d of one shape, got "
            f"{index.shape}, {due.shape}, {cents.shape}"
        )
    if index.size and not (
        np.issubdtype(index.dtype, np.integer) and np.issubdtype(cents.dtype, np.integer)
    ):
        raise InvalidInputError("royalties rows: index and cents must be integer arrays")
    if index.size and (index.min() < 0 or index.max() >= n_sales):
        raise InvalidInputError(f"royalties rows: index must be in 0..{n_sales - 1}")
    if index.size and cents.min() < 0:
        i = int(np.argmin(cents))
        raise InvalidInputError(
            f"royalties rows: cents must be >= 0, got {int(cents[i])} at index {i}"
        )
    bad = (~due) & (cents > 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"royalties rows: royalty {int(cents[i])} cents on a row not due, at index {i}"
        )
    return index.astype(np.int64), due, cents.astype(np.int64)


def usage_invoices(report: RoyaltyReport) -> tuple[UsageInvoice, ...]:
    """Return the report's content (usage) invoices (``report.usage``; none when absent)."""
    return tuple(getattr(report, "usage", None) or ())


def usage_arrays(
    report: RoyaltyReport, year: int
) -> tuple[np.ndarray, np.ndarray, tuple[tuple[str, ...], ...]]:
    """Usage cents per country (codes ascending) and the licensees behind each, validated."""
    per: dict[int, int] = {}
    who: dict[int, set[str]] = {}
    for j, u in enumerate(usage_invoices(report)):
        lic = str(getattr(u, "licensee", f"#{j}"))
        uy = getattr(u, "year", year)
        if int(uy) != year:
            raise InvalidInputError(
                f"royalties usage[{j}] ({lic}): year must be {year} like the report, got {uy}"
            )
        owed = u.owed_cents
        by = dict(u.by_country)
        if not isinstance(owed, int | np.integer) or owed < 0:
            raise InvalidInputError(
                f"royalties usage[{j}] ({lic}): owed_cents must be an integer >= 0, got {owed!r}"
            )
        if sum(int(v) for v in by.values()) != int(owed):
            raise InvalidInputError(
                f"royalties usage[{j}] ({lic}): by_country must add up to owed_cents "
                f"{int(owed)}, got {sum(int(v) for v in by.values())}"
            )
        for c, v in by.items():
            if not isinstance(v, int | np.integer) or v < 0:
                raise InvalidInputError(
                    f"royalties usage[{j}] ({lic}): by_country cents must be integers >= 0, "
                    f"got {v!r} for {c}"
                )
            try:
                code = country_code(str(c))
            except InvalidInputError:
                raise InvalidInputError(
                    f"royalties usage[{j}] ({lic}): by_country has an unknown country {c!r}"
                ) from None
            if int(v):
                per[code] = per.get(code, 0) + int(v)
                who.setdefault(code, set()).add(lic)
    codes = sorted(per)
    return (
        np.array(codes, np.int64),
        np.array([per[c] for c in codes], np.int64),
        tuple(tuple(sorted(who[c])) for c in codes),
    )


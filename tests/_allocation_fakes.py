"""A stand-in for the royalty engine in allocation tests: a flat rate per unit.

Due (the territoriality rule of the MPEG-2 licence and HEVC Advance's published "where and
when is a royalty due"): a pooled essential patent in force in the country of sale or of
manufacture on the row's date.  Written as a plain loop over the model objects so it
is independent of the code under test.
"""

from __future__ import annotations

import attrs
import numpy as np

import poolcalc.model as m


@attrs.frozen
class Rows:
    index: np.ndarray
    due: np.ndarray
    cents: np.ndarray


@attrs.frozen
class Invoice:
    licensee: str
    owed_cents: int


@attrs.frozen
class Report:
    year: int
    rows: Rows
    invoices: tuple
    currency: str = "USD"
    minor_units: int = 2

    @property
    def total_cents(self) -> int:
        return int(self.rows.cents.sum())


def flat_report(pool: m.Pool, year: int, rate_cents: int = 100) -> Report:
    idx, due, cents = [], [], []
    owed: dict[str, int] = {}
    for i, s in enumerate(pool.sales_rows):
        if s.date.year != year:
            continue
        d = any(
            p.pooled
            and p.in_force(s.date)
            and p.country in (s.country_of_sale, s.country_of_manufacture)
            for p in pool.patent_rows
        )
        c = s.units * rate_cents if d else 0
        idx.append(i)
        due.append(d)
        cents.append(c)
        owed[s.licensee] = owed.get(s.licensee, 0) + c
    return Report(
        year=year,
        rows=Rows(np.array(idx, np.int64), np.array(due, bool), np.array(cents, np.int64)),
        invoices=tuple(Invoice(k, v) for k, v in owed.items()),
    )


def rows_report(year: int, cents, index=None) -> Report:
    cents = np.asarray(cents, np.int64)
    index = np.arange(cents.size) if index is None else np.asarray(index, np.int64)
    return Report(year=year, rows=Rows(index, cents > 0, cents), invoices=())


def domain_2_2_pool() -> m.Pool:
    """Dehez and Poukens (2014): A and B hold the essential patents (US), C a value-added one.

    One sales row of 120 units in 2024 (120.00 at the flat rate of :func:`flat_report`).
    """
    pats = [
        m.Patent("A1", "A", "US", "2040-01-01"),
        m.Patent("B1", "B", "US", "2040-01-01"),
        m.Patent("C1", "C", "US", "2040-01-01", status="non_essential"),
    ]
    return m.Pool(
        name="dp",
        members=[m.Member(x) for x in "ABC"],
        patents=pats,
        licensees=[m.Licensee("L")],
        sales=[m.SalesRecord("L", "2024-02-02", "tv", "US", "US", 120)],
    )

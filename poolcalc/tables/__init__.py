"""Columnar (struct-of-arrays) views of patents and sales for large portfolios.

Identifiers become integer codes into label tuples, dates become ``int32`` day
numbers (days since 1970-01-01, as ``numpy.datetime64[D]``), and countries share one
global code table (:data:`COUNTRIES`, sorted ISO 3166-1 alpha-2 codes) so that patent
and sales tables can be compared without a join.  Tables are built from columns
(``from_arrays``); the readers of :mod:`poolcalc.io` fill them straight from the files
and :mod:`poolcalc.model` builds them from row objects.  Kernels read only these
arrays.  This module knows no model object: the domain model sits above it.

The in-force lookup :meth:`PatentTable.count_in_force` answers, for arrays of
(country, date) queries, how many patents (or families) are in force — per owner if
asked — with two binary searches per query over sorted interval endpoints, so it is
``O((P + Q) log P)`` for P patents and Q queries.
"""

from poolcalc.tables._common import (
    COUNTRIES,
    ESSENTIAL_CODE,
    INVALID_CODE,
    NO_DATE,
    STATUSES,
    country_code,
    country_codes,
    day_number,
    from_day_number,
    merge_intervals,
)
from poolcalc.tables._factorize import factorize_hashed, factorize_objects, sorted_codes
from poolcalc.tables._patents import PatentTable
from poolcalc.tables._sales import SalesTable, units_beyond_bound

__all__ = [
    "COUNTRIES",
    "ESSENTIAL_CODE",
    "INVALID_CODE",
    "NO_DATE",
    "STATUSES",
    "PatentTable",
    "SalesTable",
    "country_code",
    "factorize_hashed",
    "factorize_objects",
    "sorted_codes",
    "units_beyond_bound",
    "country_codes",
    "day_number",
    "from_day_number",
    "merge_intervals",
]

"""Licensee side: what each licensee owes for a calendar year.

:func:`royalties_owed` takes a :class:`~poolcalc.model.Pool` and returns a
:class:`RoyaltyReport` (one :class:`Invoice` per licensee, per-row royalties in
:class:`RowRoyalties`); :func:`compute_royalties` is the array-level kernel on a
:class:`~poolcalc.tables.PatentTable` and a :class:`~poolcalc.tables.SalesTable`.
The order of operations (due test, free units, tiers, regions, discounts, caps,
waiver, exact cents) is :data:`poolcalc.royalties.stages.PIPELINE`, one module per
stage with its formula (:mod:`poolcalc.royalties._engine`; ``docs/royalty-engine.md``).
Content ("usage") royalties (AVC/H.264 titles, subscriptions, broadcast) are in
:func:`usage_invoices` / :func:`usage_cents` and ``RoyaltyReport.usage``.
:func:`back_royalties` adds royalties on pre-signature years with simple interest.
"""

from poolcalc.royalties._apportion import apportion, round_half_up
from poolcalc.royalties._back import BackRoyalties, BackRoyalty, back_royalties
from poolcalc.royalties._eligible import eligibility_arrays
from poolcalc.royalties._engine import compute_royalties, discount_fractions
from poolcalc.royalties._owed import royalties_owed, schedule_for_year
from poolcalc.royalties._plot import plot_royalties_by_country, royalties_by_country
from poolcalc.royalties._result import Invoice, RowRoyalties, RoyaltyReport
from poolcalc.royalties._totals import LicenseeTotals, licensee_totals
from poolcalc.royalties._usage import USAGE_KINDS, UsageInvoice, usage_cents, usage_invoices
from poolcalc.royalties.stages.due import REASONS, due_test
from poolcalc.royalties.stages.tiers import tier_amount

__all__ = [
    "REASONS",
    "USAGE_KINDS",
    "BackRoyalties",
    "BackRoyalty",
    "Invoice",
    "LicenseeTotals",
    "RowRoyalties",
    "RoyaltyReport",
    "UsageInvoice",
    "apportion",
    "back_royalties",
    "compute_royalties",
    "discount_fractions",
    "eligibility_arrays",
    "licensee_totals",
    "due_test",
    "plot_royalties_by_country",
    "round_half_up",
    "royalties_by_country",
    "royalties_owed",
    "schedule_for_year",
    "tier_amount",
    "usage_cents",
    "usage_invoices",
]

"""The administrator's reconciliation of a period: every cent collected and where it went.

Identities checked, each to the cent (a document that fails one says so on its face)::

    sum over licensees of invoiced            == collected
    administrator fee + distributed (+ reserve)  == collected  (tax credits are inside
                                                 the members' distributed gross)
    sum over members of amount                == distributed
    amount - payable (netting) - tax credits  == net            (per member)
    rounding residue handed out               <= number of members

For the administrator only: it lists every licensee's invoice and every licensor's
amount (the licensor statements do not, :mod:`poolcalc.documents._statement`).
Reporting periods add tax credits and a reserve; a calendar-year run has neither.
"""

from __future__ import annotations

from poolcalc.allocation import Distribution
from poolcalc.documents._invoice import administrator_party
from poolcalc.documents._model_reconcile import (
    Check,
    ReconciledLicensee,
    ReconciledMember,
    ReconciliationDocument,
)
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool, check_pool
from poolcalc.royalties import RoyaltyReport

__all__ = ["reconciliation"]


def reconciliation(report: RoyaltyReport, dist: Distribution, pool: Pool, *,
                   tax_credit_cents: int = 0, reserve_cents: int = 0) -> ReconciliationDocument:
    """Return the reconciliation of a royalty report and the distribution that split it.

    Parameters
    ----------
    report : RoyaltyReport
    dist : Distribution
        ``poolcalc.allocate(pool, year=report.year)``.
    pool : Pool
    tax_credit_cents, reserve_cents : int
        Tax withheld at source passed on to licensors and the reserve kept back
        (reporting periods; 0 for a calendar year).

    Returns
    -------
    ReconciliationDocument
        With :attr:`~ReconciliationDocument.balanced` true when every identity holds.

    Examples
    --------
    >>> import poolcalc, poolcalc.model as m
    >>> from poolcalc import documents
    >>> pool = m.Pool(
    ...     "Tiny pool", [m.Member("A", "Alpha")], [m.Patent("P1", "A", "US", "2030-01-01")],
    ...     licensees=[m.Licensee("L1", "One")],
    ...     sales=[m.SalesRecord("L1", "2024-05-01", "box", "US", "US", 10)],
    ...     schedule=m.Schedule(default=m.ProductRate(tiers=[(0, 1.0)])))
    >>> report = poolcalc.royalties_owed(pool, 2024)
    >>> rec = documents.reconciliation(report, poolcalc.allocate(pool, year=2024), pool)
    >>> rec.balanced, rec.collected_cents
    (True, 1000)
    """
    check_pool(pool, "reconciliation: pool")
    if report.year != dist.year:
        raise InvalidInputError(
            f"reconciliation: report is for {report.year}, distribution for {dist.year}")
    names = {lic.id: lic.name for lic in pool.licensees}
    usage: dict[str, int] = {}
    for u in report.usage:
        usage[u.licensee] = usage.get(u.licensee, 0) + u.owed_cents
    licensees = [
        ReconciledLicensee(
            id=inv.licensee, name=names.get(inv.licensee, inv.licensee),
            enterprise=inv.enterprise, units=inv.units, gross_cents=inv.gross_cents,
            member_cents=inv.member_cents, discount_cents=inv.discount_cents,
            allowance_cents=inv.allowance_cents, cap_cents=inv.cap_cents,
            owed_cents=inv.owed_cents, usage_cents=usage.pop(inv.licensee, 0))
        for inv in report.invoices
    ]
    licensees += [ReconciledLicensee(id=x, name=names.get(x, x), enterprise=x, units=0,
                                     gross_cents=0, member_cents=0, discount_cents=0,
                                     allowance_cents=0, cap_cents=0, owed_cents=0,
                                     usage_cents=c) for x, c in sorted(usage.items())]
    members = []
    for m in pool.members:
        n = dist.netting.get(m.id)
        members.append(ReconciledMember(
            id=m.id, name=m.name or m.id, amount_cents=dist.amounts[m.id],
            share=float(dist.shares[m.id]), payable_cents=None if n is None else n.payable_cents))
    distributed = sum(dist.amounts.values())
    invoiced = sum(x.invoiced_cents for x in licensees)
    checks = [
        Check("invoiced by licensees = collected", invoiced, dist.collected_cents),
        Check("collected in the report = collected in the distribution", report.total_cents,
              dist.collected_cents),
        Check("administrator fee + distributed + reserve = collected",
              dist.administrator_fee_cents + distributed + reserve_cents, dist.collected_cents),
        Check("sum of member amounts = distributed", sum(x.amount_cents for x in members),
              distributed),
        Check("sum of member nets = distributed - netted payables - tax credits",
              sum(x.net_cents for x in members),
              distributed - sum(x.payable_cents or 0 for x in members) - tax_credit_cents),
    ]
    notes = [f"rounding: {dist.rounding_residue_cents} minor unit(s) handed out by largest "
             "remainder (inside the member amounts)"]
    return ReconciliationDocument(
        period=str(report.year), currency=report.currency, minor_units=report.minor_units,
        pool=pool.name, administrator=administrator_party(pool), scheme=dist.scheme,
        licensees=licensees, members=members, collected_cents=dist.collected_cents,
        administrator_fee_cents=dist.administrator_fee_cents, distributed_cents=distributed,
        rounding_residue_cents=dist.rounding_residue_cents, tax_credit_cents=tax_credit_cents,
        reserve_cents=reserve_cents, checks=checks, notes=notes,
    )

"""``poolcalc demo``: the bundled example pool end to end.

Loads the embedded AVC-like example pool (:func:`poolcalc.data.load_example`), then
prints, section by section:

1. what each licensee owes for the year (largest invoices, totals, units not due);
2. the distribution among licensors under the pool's own scheme (per-country
   patent counting), with netting for members that also license;
3. three allocation schemes side by side with fairness and stability metrics;
4. the compliance check of the bundled licence terms against the pool;
5. a real-options valuation of a few of the pool's patents, and the value of
   joining the alliance converted into a royalty;
6. one quarter of administration (2024Q3): the quarter's invoices and notes, the
   payments received (late, partial, net of tax withheld), the cash distributed
   with the tax credits, and the reconciliation.

Every number comes from the library; this module only chooses what to show.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

import numpy as np

from poolcalc._format import render_table
from poolcalc._money import format_money
from poolcalc.allocation import allocate
from poolcalc.compare import compare
from poolcalc.compliance import check
from poolcalc.data import example_pool_path, example_terms, load_example
from poolcalc.io import read_period_inputs, write_comparison
from poolcalc.periods import period
from poolcalc.pricing import alliance_entry, value_patents
from poolcalc.royalties import royalties_owed

__all__ = ["run_demo"]

_RULE = "=" * 78


def _money(cents: int, mu: int) -> str:
    """Money with thousands separators, as the demo prints it."""
    return format_money(cents, mu, grouping=True)


def _section(out: TextIO, title: str) -> None:
    out.write(f"\n{_RULE}\n{title}\n{_RULE}\n")


def _royalties(out: TextIO, pool, report) -> None:  # noqa: ANN001
    mu = report.minor_units
    invoices = sorted(report.invoices, key=lambda inv: (-inv.owed_cents, inv.licensee))
    top = invoices[:12]
    rows = [
        (inv.licensee, inv.enterprise, f"{inv.units:,}", f"{inv.units_not_due:,}",
         _money(inv.gross_cents, mu),
         _money(inv.discount_cents + inv.allowance_cents + inv.member_cents, mu),
         _money(inv.cap_cents, mu),
         _money(inv.owed_cents, mu))
        for inv in top
    ]
    out.write(render_table(
        ["licensee", "enterprise", "units", "not due", "gross", "discounts", "cap", "owed"], rows,
        title=f"Largest {len(top)} of {len(invoices)} invoices, {report.year} [{report.currency}]",
        align=["l", "l"] + ["r"] * 6,
    ))
    units = sum(inv.units for inv in invoices)
    not_due = sum(inv.units_not_due for inv in invoices)
    gross = sum(inv.gross_cents for inv in invoices)
    cap = sum(inv.cap_cents for inv in invoices)
    disc = sum(inv.discount_cents + inv.allowance_cents + inv.member_cents for inv in invoices)
    out.write(
        f"\nall {len(invoices)} licensees: {units:,} units reported, {not_due:,} not due "
        f"(no pooled patent in force where made or sold)\n"
        f"gross {_money(gross, mu)} - discounts and allowances {_money(disc, mu)}"
        f" - caps {_money(cap, mu)} = owed "
        f"{_money(report.total_cents, mu)} {report.currency}\n"
    )


def _distribution(out: TextIO, pool, dist) -> None:  # noqa: ANN001
    mu = dist.minor_units
    rows = []
    for member in sorted(dist.amounts, key=lambda m: (-dist.amounts[m], m)):
        net = dist.netting.get(member)
        rows.append((
            member, pool.member(member).name, _money(dist.amounts[member], mu),
            f"{100 * dist.shares[member]:.2f}%",
            "" if net is None else _money(net.payable_cents, mu),
            "" if net is None else _money(net.receivable_cents - net.payable_cents, mu),
        ))
    opts = ", ".join(f"{k}={v}" for k, v in dist.options.items() if v is not None)
    out.write(render_table(
        ["member", "name", "receives", "share", "owes as licensee", "net"], rows,
        title=f"Distribution {dist.year} under {dist.scheme} ({opts}) [{dist.currency}]",
        align=["l", "l"] + ["r"] * 4,
    ))
    total = sum(dist.amounts.values())
    out.write(
        f"\ncollected {_money(dist.collected_cents, mu)} = administrator fee "
        f"{_money(dist.administrator_fee_cents, mu)} + distributed "
        f"{_money(total, mu)} (exact to the cent; "
        f"{format_money(dist.rounding_residue_cents, mu)} placed by largest remainder)\n"
    )
    for note in dist.notes:
        out.write(f"note: {note}\n")


def _compliance(out: TextIO, pool) -> None:  # noqa: ANN001
    for which in ("clean", "problematic"):
        report = check(example_terms(which), pool)
        s = report.summary
        out.write(f"\n-- {which} licence terms (examples/terms_{which}.toml) against the pool: "
                  f"{s.get('error', 0)} error, {s.get('warning', 0)} warning, "
                  f"{s.get('info', 0)} info\n")
        text = str(report)
        # the summary table only (details follow the first blank line); the CLI prints all
        out.write(text.split("\n\n", 1)[0] + "\n")
    out.write("\n(full findings with evidence and sources: poolcalc check "
              "examples/terms_problematic.toml --pool DIR)\n")


def _comparison(out: TextIO, pool) -> None:  # noqa: ANN001
    schemes = ["per-country-count", "disclosure-order", "shapley"]
    options = {"disclosure-order": {"unit": "member", "decay": "harmonic", "alpha": 1.0}}
    cmp = compare(pool, schemes, options=options)
    out.write("disclosure-order here ranks members by first disclosure with harmonic weights 1/k;\n"
              "shapley is the pool game's Shapley value (v(S) = royalties of the countries whose\n"
              "in-force holders all belong to S).\n\n")
    out.write(write_comparison(cmp, "table"))


def _valuation(out: TextIO, pool, dist) -> None:  # noqa: ANN001
    """Real-options values of a few pooled patents and of joining the alliance.

    Inputs are derived from the year's distribution, with the assumptions printed:
    a patent's yearly pool income is its owner's receipt divided by the owner's pooled
    patents in force at year end; S is the present value of that income over the
    remaining life at r; K (cost of keeping the patent in the standard) is an
    essentiality evaluation fee plus yearly upkeep; leakage is 1/remaining life.
    """
    r, sigma, fee, upkeep = 0.05, 0.35, 10_500.0, 4_000.0
    year_end = dt.date(dist.year, 12, 31)
    top = max(dist.amounts, key=lambda m: (dist.amounts[m], m))
    live = sorted((p for p in pool.patent_rows
                   if p.owner == top and p.pooled and p.in_force(year_end)),
                  key=lambda p: (p.expires, p.id))
    if not live:
        return
    picks = [live[0], live[len(live) // 2], live[-1]]
    income = dist.amounts[top] / 10**dist.minor_units / len(live)
    life = np.array([max((p.expires - year_end).days / 365.25, 0.25) for p in picks])
    annuity = (1 - np.exp(-r * life)) / r
    value = income * annuity
    cost = fee + upkeep * annuity
    out.write(
        f"Three of {top}'s {len(live)} pooled patents in force at {year_end}: S = PV of "
        f"{income:,.0f} {dist.currency}/yr pool income\n(its {dist.year} receipt / patents) "
        "over the "
        f"remaining life at r = {r:.0%}; K = evaluation fee {fee:,.0f} + upkeep {upkeep:,.0f}/yr; "
        f"sigma = {sigma:.0%};\nleakage = 1/remaining life (Dixit and Pindyck 1994).\n\n"
    )
    valuation = value_patents(value, cost, life, [sigma] * 3, [r] * 3, american=True,
                              patents=[p.id for p in picks])
    out.write(str(valuation))
    # joining: a newcomer expecting the smallest positive share, for 10 years
    paid = sorted(v for v in dist.amounts.values() if v > 0)
    share = paid[0] / sum(dist.amounts.values())
    pool_pv = sum(dist.amounts.values()) / 10**dist.minor_units * (1 - np.exp(-r * 10)) / r
    report = royalties_owed(pool, dist.year)
    units = int(sum(inv.royalty_bearing_units for inv in report.invoices))
    entry = alliance_entry(share, pool_pv, 250_000.0, 10, sigma, r, volume=units, american=True)
    out.write(
        f"\nJoining the alliance (seed paper, section 1.2): a newcomer expecting {share:.2%} "
        f"of a pool worth {pool_pv:,.0f} (PV of 10 years at this year's distribution), "
        "standardisation cost "
        f"250,000:\n  option value {float(entry.value):,.0f} {dist.currency} = a royalty of "
        f"{float(entry.royalty_per_unit):.6f} per unit on {units:,} units a year, or a pool share "
        f"of {float(entry.pool_share):.3%}\n"
    )


def run_demo(out: TextIO) -> int:
    """Run the bundled example pool end to end and write readable tables to ``out``.

    Parameters
    ----------
    out : file-like
        Where the tables go (``sys.stdout`` for ``poolcalc demo``).

    Returns
    -------
    int
        The exit code (0).

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> run_demo(buf), "Royalties" in buf.getvalue() or "royalties" in buf.getvalue()
    (0, True)
    """
    pool = load_example()
    out.write(f"poolcalc demo: {pool.name} ({pool.standard}), {len(pool.members)} members, "
              f"{len(pool.patents):,} national patents, {len(pool.licensees)} licensees, "
              f"{len(pool.sales):,} sales rows\n")

    _section(out, "1. Royalties: what each licensee owes")
    report = royalties_owed(pool)
    _royalties(out, pool, report)

    _section(out, "2. Distribution: what each licensor receives (the pool's scheme)")
    dist = allocate(pool, year=report.year)
    _distribution(out, pool, dist)

    _section(out, "3. Allocation schemes side by side, with fairness and stability metrics")
    _comparison(out, pool)

    _section(out, "4. Compliance: licence terms an antitrust reviewer would flag")
    _compliance(out, pool)

    _section(out, "5. Valuation: patents and joining the alliance as real options")
    _valuation(out, pool, dist)

    _section(out, "6. Administration: one quarter of invoices, payments and distribution")
    _quarter(out, pool)
    return 0


def _quarter(out: TextIO, pool) -> None:  # noqa: ANN001
    res = period(pool, "2024Q3", read_period_inputs(example_pool_path(), pool))
    mu = res.minor_units
    notes = [i for i in res.invoices if i.kind != "invoice"]
    rows = [(i.number, i.kind, i.amends or "", i.line_items[0].description[:52],
             _money(i.owed_cents, mu)) for i in notes]
    total = sum(i.owed_cents for i in res.invoices if i.kind == "invoice")
    out.write(render_table(
        ["note", "kind", "amends", "why", "amount"], rows,
        title=f"{res.period}: {len(res.invoices) - len(notes)} invoices "
              f"({_money(total, mu)} {res.currency}, year to date less "
              f"Q1-Q2) and {len(notes)} notes", align=["l", "l", "l", "l", "r"]))
    d = res.distribution
    late = sum(1 for p in res.payments if p.days_late)
    out.write(f"\n{len(res.payments)} payments received ({late} late, with interest), "
              f"{sum(1 for p in res.payments if p.withheld_tax_cents)} net of tax withheld "
              f"at source\n")
    top = sorted(d.members, key=lambda s: (-s.gross_cents, s.member))[:6]
    out.write(render_table(
        ["member", "gross", "tax credit", "net cash"],
        [(s.member, _money(s.gross_cents, mu),
          _money(s.tax_credit_cents, mu),
          _money(s.net_cents, mu)) for s in top],
        title=f"Largest {len(top)} of {len(d.members)} distributions "
              f"(cash received in {res.period})", align=["l", "r", "r", "r"]))
    out.write(
        f"received {_money(d.received_cents, mu)} + tax withheld "
        f"{_money(d.withheld_tax_cents, mu)} = fee "
        f"{_money(d.administrator_fee_cents, mu)} + reserve "
        f"{_money(d.reserve_cents, mu)} + distributed "
        f"{_money(sum(s.gross_cents for s in d.members), mu)}\n"
        f"reconciliation: {'balanced' if res.reconciliation.balanced else 'NOT BALANCED'} "
        f"({len(res.reconciliation.checks)} identities; poolcalc period DIR --period 2024Q3)\n")

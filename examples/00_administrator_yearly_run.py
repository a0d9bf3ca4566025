"""
A pool administrator's yearly run: reports in, invoices and distribution out
============================================================================

1. read the pool directory (here the bundled example; use your own folder);
2. compute what each licensee owes for the year and write the invoices as CSV;
3. split what was collected among the licensors (the pool's own scheme), with the
   netting statement for licensors that also license, and write it as JSON;
4. print the audit trail of one licensor's amount (which countries, rows, patents);
5. check the licence terms before they are offered again.

Everything written goes to ``yearly_run/`` in the current directory.
"""

import pathlib

from poolcalc.allocation import allocate
from poolcalc.compliance import check
from poolcalc.data import example_pool_path, example_terms
from poolcalc.io import format_money, read_pool, write_distribution, write_royalties
from poolcalc.royalties import plot_royalties_by_country, royalties_owed

# %%
# Read the pool and invoice the year
# ----------------------------------
out = pathlib.Path("yearly_run")
out.mkdir(exist_ok=True)

pool = read_pool(example_pool_path())  # your pool: read_pool("path/to/pool")
report = royalties_owed(pool, 2024)
(out / "invoices_2024.csv").write_text(write_royalties(report, "csv"), encoding="utf-8")
print(f"{len(report.invoices)} invoices, total {format_money(report.total_cents, grouping=True)} "
      f"{report.currency} -> {out / 'invoices_2024.csv'}")

# %%
# Where the royalties come from: the 15 largest countries of sale and the rest.
try:
    ax = plot_royalties_by_country(report, pool, top_n=15)  # needs pip install 'poolcalc[plot]'
    ax.figure.savefig(out / "royalties_by_country_2024.png")
except ImportError as exc:
    print(exc)

# %%
# Split what was collected among the licensors
# --------------------------------------------
dist = allocate(pool, year=2024)
(out / "distribution_2024.json").write_text(write_distribution(dist, "json"), encoding="utf-8")
assert dist.collected_cents == dist.administrator_fee_cents + sum(dist.amounts.values())
print(f"collected {format_money(dist.collected_cents, grouping=True)}, administrator fee "
      f"{format_money(dist.administrator_fee_cents, grouping=True)}, distributed to "
      f"{len(dist.amounts)} licensors -> {out / 'distribution_2024.json'}")
for member, net in sorted(dist.netting.items()):
    print(f"  {member} receives {format_money(net.receivable_cents, grouping=True)}, owes "
          f"{format_money(net.payable_cents, grouping=True)} as a licensee: net "
          f"{format_money(net.receivable_cents - net.payable_cents, grouping=True)}")

# %%
# The audit trail of the largest licensor's amount
# ------------------------------------------------
top = max(dist.amounts, key=lambda m: (dist.amounts[m], m))
print()
trail = dist.explain(top)
(out / f"audit_{top}.txt").write_text(trail.to_text(), encoding="utf-8")
print("\n".join(trail.to_text().splitlines()[:8]))
print(f"... full audit trail of {top} -> {out / f'audit_{top}.txt'}")

# %%
# Check the licence terms before they are offered again
# -----------------------------------------------------
findings = check(example_terms("clean"), pool)
s = findings.summary
print(f"\nlicence terms check: {s['error']} error, {s['warning']} warning, {s['info']} info")
for f in findings.findings:
    print(f"  {f.severity}: {f.rule}")

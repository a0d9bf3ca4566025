"""
One pool, three stages: formation, industrialization, marketization side by side
================================================================================

The seed paper (section 3.1(2)) says how an alliance's pool licenses in each stage:
in formation the members share their patents free or by cross-licence and nobody
else is licensed; in industrialization the pool licenses firms along the industry
chain on preferential terms; in marketization everyone pays market rates.
``poolcalc.alliance.stage_preset`` turns that into schedule terms and
``apply_preset`` puts them into a pool's royalty schedule:

- ``member_rate``: factor on the rate for licensees that are pool members
  (0 = royalty-free cross-licence);
- ``members_only``: the pool licenses its members only (formation);
- ``[royalty.discounts] chain_level``: preferential discount by the licensee's
  industry-chain level, combined with the other discounts under ``combine``.

The bundled pool's licensees.csv has no ``chain_level`` column, so we give each
licensee a level from what it sells (an analyst's assumption, shown below).

Run: ``python examples/07_alliance_stage_presets.py``
"""

from collections import Counter

from poolcalc import alliance as al
from poolcalc.data import load_example
from poolcalc.io import format_money

pool = load_example()

# %%
# 1. chain levels: professional encoders -> equipment, software codecs -> technology,
#    devices -> terminal (our reading of the paper's chain: technology providers,
#    intermediate-equipment makers, terminal makers, operators, service providers)
products: dict[str, set[str]] = {}
for s in pool.sales_rows:
    products.setdefault(s.licensee, set()).add(s.product)


def level(lic):
    sold = products.get(lic.id, set())
    if "professional_encoder" in sold:
        return "equipment"
    if "software_codec" in sold:
        return "technology"
    return "terminal"


pool = al.with_chain_levels(pool, level)
counts = Counter(lic.chain_level.value for lic in pool.licensees)
members = [lic.id for lic in pool.licensees if lic.member]
print(f"{pool.name}: {len(pool.licensees)} licensees, {len(members)} of them pool members "
      f"({', '.join(members)})")
print("chain levels:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
print()

# %%
# 2. the three stage presets, with a smaller terminal discount than the default 0.5
industrialization = al.stage_preset(
    "industrialization",
    chain_discounts={"technology": 0.5, "equipment": 0.4, "terminal": 0.3},
)
cmp = al.compare_stages(pool, stages=["formation", industrialization, "marketization"])
print(cmp)
print()

# %%
# 3. what the numbers say
mu = cmp.minor_units
f, i, m = cmp.outcomes
print("Reading the table:")
print(f"  formation: members owe nothing to each other (relief "
      f"{format_money(f.member_relief_cents, mu, grouping=True)}), and "
      f"{f.not_licensed_units:,} units of non-members are outside the pool licence.")
print(f"  industrialization: licensees along the chain save "
      f"{format_money(i.chain_relief_cents, mu, grouping=True)}; members still cross-license "
      f"free; the pool collects {format_money(i.owed_cents, mu, grouping=True)}.")
print(f"  marketization: everyone pays market rates, members included: "
      f"{format_money(m.owed_cents, mu, grouping=True)} collected "
      f"({m.owed_cents / max(i.owed_cents, 1):.2f}x industrialization).")
print()

# %%
# 4. the invoice of a member-licensee in industrialization: nothing disappears
inv = i.report.invoice(members[0])
print(f"{inv.licensee} (member) in industrialization: gross "
      f"{format_money(inv.gross_cents, mu, grouping=True)} - member cross-licence "
      f"{format_money(inv.member_cents, mu, grouping=True)} - discounts "
      f"{format_money(inv.discount_cents, mu, grouping=True)} - allowance "
      f"{format_money(inv.allowance_cents, mu, grouping=True)} - caps "
      f"{format_money(inv.cap_cents, mu, grouping=True)} = owed "
      f"{format_money(inv.owed_cents, mu, grouping=True)}")

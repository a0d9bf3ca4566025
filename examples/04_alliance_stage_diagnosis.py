"""
Diagnose the standardization stage of the seed paper's alliances (TD-SCDMA, IGRS/闪联)
======================================================================================

A researcher's walk-through of ``poolcalc.alliance``: which stage an alliance is in
(table 2 markers), what the government could do about that stage's problems (table 3),
how its standard was formed (table 1), which pool licensing parameters fit the stage,
and a government subsidy to essential-patent holders shown beside the pool's own
distribution.

Run: ``python examples/04_alliance_stage_diagnosis.py``
"""

from poolcalc import alliance as al

# %%
# 1. TD-SCDMA: international standard first (2000), alliance later (2002)
print("=" * 78)
print("TD-SCDMA through time (paper: international standard 2000, alliance 2002,")
print("industry standard 2006, 'currently in marketization')")
for year in (2000, 2002, 2006):
    d = al.diagnose(al.TD_SCDMA, as_of=year)
    print(f"  as of {year}: {d.stage.value:<18} could also be: "
          f"{', '.join(s.value for s in d.could_also_be) or '-'}")
now = al.diagnose(al.TD_SCDMA)
print()
print(now)  # markers, unknowns, notes, problems and strategies of table 3

# %%
# 2. IGRS / 闪联: concept standard 2003, industry standard 2005, international 2007
print("=" * 78)
print("IGRS (闪联) path")
for year in (2003, 2004, 2005, 2007):
    d = al.diagnose(al.IGRS, as_of=year)
    f1 = next(c for c in d.checks if c.marker.id == "F1")
    print(f"  as of {year}: {d.stage.value:<18} ({d.stage.zh})  F1: {f1.detail}")
d = al.diagnose(al.IGRS, as_of=2005)
print(f"\nGovernment support strategies for the {d.stage.value} stage (table 3):")
for s in d.strategies:
    print(f"  {s.number}. {s.text.zh}")
    print(f"     {s.text.en}")
    print(f"     answers problem {s.addresses}: {d.problems[s.addresses - 1].text.en}")

# %%
# 3. Your own alliance, with partial data
print("=" * 78)
mine = al.diagnose({
    "name": "Example alliance",
    "standard_level": "national",
    "pool_members": 9,
    "licensing": "preferential",
    "licensees": {"chips": 4, "equipment": 3, "terminals": 12},  # operators/services unknown
    "users_growing": True,
})
print(mine)

# %%
# 4. Formation mode (table 1)
print("=" * 78)
print(al.classify_formation(al.TD_SCDMA_FORMATION))

# %%
# 5. Pool parameters for the diagnosed stage, and a government subsidy
print("=" * 78)
preset = al.stage_preset(mine.stage, chain_discounts={"terminal": 0.4, "technology": 0.6})
print(f"[royalty] parameters for {mine.stage.value}: {al.royalty_params(preset)}")
subsidy = al.government_subsidy(5_000_000, {"M1": 40, "M2": 25, "M3": 10, "M4": 0})
pool_distribution = {"M1": 12_345_600, "M2": 8_000_000, "M3": 2_500_000, "M4": 900_000}
print("\nPool distribution beside the government subsidy (cents shown as CNY):")
print(al.side_by_side(pool_distribution, subsidy, currency="CNY"))

"""
Real-options valuation of patents and of joining a standard's patent pool
=========================================================================
"""

import numpy as np

from poolcalc import pricing

# %%
# Three patents (money in USD million): PV of cash flows S, cost to commercialise K,
# remaining life T, volatility.
names = ["US-001", "US-002", "CN-003"]
S = np.array([100.0, 40.0, 250.0])
K = np.array([80.0, 50.0, 260.0])
life = np.array([10.0, 5.0, 12.0])
sigma = np.array([0.35, 0.40, 0.30])
val = pricing.value_patents(S, K, life, sigma, 0.05, american=True)  # leakage = 1 / life
print("patent   npv      european  american  value of waiting")
for i, name in enumerate(names):
    print(f"{name}  {val.npv[i]:8.2f}  {val.european[i]:8.2f}  {val.american[i]:8.2f}"
          f"  {val.waiting_value[i]:8.2f}")

# %%
# Joining a standard alliance: 5% expected share of a pool worth 2,000 (PV), cost 80;
# 2 million licensed units a year.
entry = pricing.alliance_entry(0.05, 2000.0, 80.0, 10, 0.35, 0.05, leakage=0.10, volume=2.0,
                               american=True)
print(f"\nalliance entry: S = {entry.underlying:.1f}, option value = {entry.value:.2f}, "
      f"royalty = USD {entry.royalty_per_unit:.2f} per unit, pool share = {entry.pool_share:.2%}")

# %%
# Staged standardisation (Geske): pay 10 in a year to enter the standard, 100 in 3 years.
stage = pricing.compound(100.0, 10.0, 100.0, 1.0, 3.0, 0.05, 0.30)
print(f"staged option = {stage.price:.3f} (commit at T1 only if S > {stage.critical_spot:.2f})")

# %%
# Competitor entry at 10%/year makes the cash flows vanish (jump to ruin), by simulation.
mc = pricing.monte_carlo(100.0, 80.0, 10.0, 0.05, 0.35, dividend=0.10, american=True,
                         exercise_dates=12, paths=20_000, rng=7, entry_rate=0.10,
                         spot_includes_entry=False)
print(f"with competitor entry: {mc.price:.2f} +/- {mc.stderr:.2f}")

# %%
# How the option's value moves with the cash flows' value S and the remaining life T
# (American, 10 % leakage), with the three patents marked.  Needs
# ``pip install 'poolcalc[plot]'``; the figure is also written to ``value_surface.png``.
try:
    ax = pricing.plot_value_surface(np.linspace(20, 300, 29), np.linspace(0.5, 12, 24), 100.0,
                                    0.05, 0.35, dividend=0.10, american=True, mark=(S, life))
    ax.figure.savefig("value_surface.png")
except ImportError as exc:
    print(exc)

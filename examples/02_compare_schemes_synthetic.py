"""
An economist compares allocation schemes on a synthetic pool
============================================================

Questions: how unequal is each scheme, how far is it from the Shapley value of the
pool game, would any coalition of licensors do better on its own (core), does any
licensor get less than it could earn alone, how much does a newcomer dilute the
incumbents, and does adding an essential patent ever cost its holder money?

Run: ``python examples/02_compare_schemes_synthetic.py`` (writes ``compare_synthetic.png``
when matplotlib is installed: ``pip install poolcalc[plot]``).
"""

from poolcalc.compare import compare, compare_amounts, pool_game
from poolcalc.data import synthetic_pool
from poolcalc.io import write_comparison

# %%
# 1. A seeded synthetic pool: 10 licensors with Zipf-skewed holdings, 2,000 national
#    patents in 8 countries (small licensors file in fewer countries: coverage 0.3),
#    disclosures spread over 2003-2012, 400 sales rows in 2024.
pool = synthetic_pool(
    10,
    2_000,
    8,
    skew="zipf",
    skew_param=1.1,
    coverage=0.3,
    disclosure_years=(2003, 2012),
    n_licensees=20,
    n_sales=400,
    year=2024,
    rng=2024,
)
print(
    f"{pool.name}: {len(pool.members)} members, {len(pool.patents)} patents, "
    f"{len(pool.sales)} sales rows\n"
)

# %%
# 2. Schemes side by side (two disclosure-order variants need two runs; see step 4).
schemes = [
    "per-country-count",
    "patent-count",
    "equal",
    "disclosure-order",
    "top-down",
    "shapley",
    "nucleolus",
]
cmp = compare(pool, schemes, options={"disclosure-order": {"decay": "geometric", "q": 0.9}})
print(write_comparison(cmp, "table", max_members=10))

# %%
# 3. Read the metrics like an economist.
m = cmp.metrics
closest = min(schemes, key=lambda s: m[s].l1_to_shapley)
print(f"closest to Shapley (L1 on shares): {closest} ({m[closest].l1_to_shapley:.4f})")
print(
    "schemes some coalition would leave (positive excess):",
    [s for s in schemes if m[s].core_blocking] or "none",
)
print(
    "schemes paying a member below its stand-alone value:",
    [s for s in schemes if m[s].ir_violations] or "none",
)
least = min(schemes, key=lambda s: m[s].dilution_mean)
print(f"largest mean dilution by an entrant: {least} ({m[least].dilution_mean:+.2%})")
print("monotonicity violations:", {s: m[s].monotonicity_violations for s in schemes}, "\n")

# %%
# 4. Sensitivity of disclosure order to its decay q: Gini and distance to Shapley.
print("disclosure-order: q    gini   L1 to Shapley")
for q in (0.5, 0.8, 0.95, 0.99):
    c = compare(
        pool,
        ["disclosure-order"],
        options={"disclosure-order": {"q": q}},
        dilution=False,
        monotonicity_limit=0,
        n_samples=0,
    )
    d = c.metrics["disclosure-order"]
    print(f"                  {q:<4} {d.gini:.3f}  {d.l1_to_shapley:.3f}")

# %%
# 5. Your own rule, measured with the same yardsticks: a 50/50 blend of the
#    per-country split and the equal split, against the same pool game
#    (v(S) = sum over holder sets T inside S of the royalties R_T; pool_game gives T, R_T).
game = pool_game(pool)  # a poolcalc.games.UnanimityGame: carriers T, worths R_T
print(f"\npool game: {len(game.worths)} distinct holder sets; v(N) = {game.grand / 100:,.2f}")
mat = cmp.amount_matrix
blend = (mat[schemes.index("per-country-count")] + mat[schemes.index("equal")]) // 2
mine = compare_amounts({"blend": blend}, cmp.members, game=game)
b = mine.metrics["blend"]
print(
    f"blend: gini {b.gini:.3f}, L1 to Shapley {b.l1_to_shapley:.3f}, "
    f"blocking coalitions {b.core_blocking}, below stand-alone {b.ir_violations}"
)

# %%
# 6. Plot: bars per member and scheme, Lorenz curves.
try:
    from poolcalc.compare import plot_comparison

    fig = plot_comparison(cmp, top_k=10)  # a matplotlib Figure (shown by plt.show())
    fig.savefig("compare_synthetic.png")  # .svg and .pdf work too
    print("plot: compare_synthetic.png")
except ImportError as exc:
    print(exc)

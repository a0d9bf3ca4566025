"""
Check two licence offers on the bundled example pool, under two jurisdiction profiles
=====================================================================================

Run: ``python examples/05_compliance_check.py``.  The same as
``poolcalc check examples/terms_problematic.toml --pool <example pool> --jurisdiction eu``.
"""

from collections import Counter

from poolcalc.compliance import check
from poolcalc.data import example_pool_path, example_terms
from poolcalc.io import read_pool, write_check

# %%
# Both example offers under every jurisdiction profile
pool = read_pool(example_pool_path())

for kind in ("clean", "problematic"):
    report = check(example_terms(kind), pool)
    worst = Counter(f.rule for f in report.findings if f.severity == "error")
    print(f"{kind:12s} {report.summary['error']:3d} error  {report.summary['warning']:3d} warning  "
          f"{report.summary['info']:3d} info  exit code {report.exit_code}  "
          f"error rules: {', '.join(sorted(worst)) or '-'}")

# %%
# one finding in full, as a reviewer applying the EU texts would see it
report = check(example_terms("problematic"), pool, jurisdiction="eu", rules=["no-challenge"])
print()
print(write_check(report, "table"))

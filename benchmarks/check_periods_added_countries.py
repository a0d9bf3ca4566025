"""Compare ``period`` reports with another checkout, the added ``countries`` key stripped.

Run ``python benchmarks/check_periods_added_countries.py --base /tmp/base`` (issue 14):
the reports of :mod:`check_periods_identical` (bundled example and synthetic pool, every
quarter of 2024, JSON and CSV) of both checkouts, this one computed with
``by_country=True`` and its ``distribution.members[].countries`` removed from the JSON.
Exit status 1 when anything else differs; it also checks that the key is there for
every member and that its cents add up to ``entitled``.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_periods_identical import HERE, _run  # noqa: E402


def _strip(text: str) -> tuple[str, list[str]]:
    """Return the JSON without the members' ``countries`` and the problems found."""
    doc = json.loads(text)
    bad = []
    for m in doc["distribution"]["members"]:
        got = m.pop("countries", "absent")
        if got == "absent":
            bad.append(f"{m['member']}: no countries key")
        elif got is not None and sum(Decimal(c["entitled"]) for c in got) != Decimal(
                m["entitled"]):
            bad.append(f"{m['member']}: countries do not sum to entitled")
    return json.dumps(doc, sort_keys=True), bad


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, default=Path("/tmp/base"))
    args = ap.parse_args()
    mine, base = _run(HERE, by_country=True), _run(args.base)
    bad = 0
    for key in sorted(set(mine) | set(base)):
        a, b = mine.get(key, ""), base.get(key, "")
        problems: list[str] = []
        if key.endswith("json"):
            a, problems = _strip(a)
            b = json.dumps(json.loads(b), sort_keys=True)
        same = a == b and not problems
        bad += not same
        print(f"{'same' if same else 'DIFFERENT'}  {key}" + "".join(f"; {p}" for p in problems))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

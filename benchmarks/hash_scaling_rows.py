"""SHA-256 of every array of the royalty kernel's result on bench_scaling's tables.

Run ``python benchmarks/hash_scaling_rows.py [--sizes 1e6,1e7]`` once with
``PYTHONPATH`` at a base checkout and once at this one, and compare the printed lines:
for each size N (the tables of bench_royalties.py with 10^6 patents and 10^4 licensees,
as bench_scaling.py builds them) one line per attribute of
:class:`~poolcalc.royalties.RowRoyalties`: name, dtype, shape and the SHA-256 of its bytes
(tuples of labels and scalars by their ``repr``).  Equal lines mean row-for-row identical
results.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import attrs
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_royalties as br  # noqa: E402

from poolcalc.royalties import compute_royalties  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1e6")
    args = ap.parse_args()
    sched = br.schedule()
    for n in (int(float(s)) for s in args.sizes.split(",")):
        patents, sales, good, signed = br.build(n, 10**6, 10**4)
        res = compute_royalties(sched, patents, sales, year=br.YEAR, good_standing=good,
                                signed_day=signed)
        for f in attrs.fields(type(res)):
            v = getattr(res, f.name)
            if isinstance(v, np.ndarray):
                h = hashlib.sha256(np.ascontiguousarray(v).tobytes()).hexdigest()
                print(f"{n} {f.name} {v.dtype} {v.shape} {h}")
            else:
                print(f"{n} {f.name} {hashlib.sha256(repr(v).encode()).hexdigest()}")


if __name__ == "__main__":
    main()

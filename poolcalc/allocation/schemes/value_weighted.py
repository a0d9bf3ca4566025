"""``value-weighted``: the year's distributable total in proportion to patent weights.

w_i = sum of the ``weight`` column (``patents.csv``: e.g. citations, claim breadth,
remaining life) over member i's pooled essential patents in force during the year.
"""

from __future__ import annotations

from poolcalc.allocation._registry import Scheme, register_scheme
from poolcalc.allocation.schemes._period import LAYNE_FARRAR_2007, count_explain, count_weights

__all__ = ["SCHEME"]

SCHEME = register_scheme(
    Scheme(
        name="value-weighted",
        summary="the year's total in proportion to the summed value weights of the members' "
        "essential patents in force during the year",
        weights=count_weights("weight"),
        explain=count_explain("weight"),
        formula=(
            "w_i = sum_{p in P_i} w_p over member i's pooled essential patents in force on "
            "some day of the year (w_p: the patent's weight column);\n"
            "payout_i = D w_i / sum_j w_j."
        ),
        compare_default=True,
        references=(LAYNE_FARRAR_2007,),
    )
)

"""``patent-count``: the year's distributable total in proportion to patents in force.

Numeric proportionality: w_i = the number of member i's pooled essential national
patents in force on at least one day of the year.
"""

from __future__ import annotations

from poolcalc.allocation._registry import Scheme, register_scheme
from poolcalc.allocation.schemes._period import (
    LAYNE_FARRAR_2007,
    MPEG2_LETTER_1997,
    count_explain,
    count_weights,
)

__all__ = ["SCHEME"]

SCHEME = register_scheme(
    Scheme(
        name="patent-count",
        summary="the year's total in proportion to the members' essential patents in force "
        "during the year",
        weights=count_weights("patent"),
        explain=count_explain("patent"),
        formula=(
            "w_i = n_i = #{p owned by i : p pooled essential, granted_p < end, "
            "expires_p > start} for the year [start, end);\n"
            "payout_i = D n_i / sum_j n_j."
        ),
        compare_default=True,
        references=(MPEG2_LETTER_1997, LAYNE_FARRAR_2007),
    )
)
